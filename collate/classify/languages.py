"""The language of a collation: which codes name which language, how the witnesses' declared
languages and the user's setting combine, and a guess from the script when nobody says.

Codes are BCP 47 tags or ISO 639-3 codes (``en``, ``en-GB``, ``eng``, ``grc``, ``el``, ``la``,
``lat``, ``fr``, ``fra``, ``de``, ``deu``, ``he``, ``heb``, ``hbo``); a region or script subtag is
ignored. Rules are chosen by the base language. Witnesses of one collation must share a language
unless the user names several (``--language en,la``): mixing is the user's decision, never a guess.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from ..errors import ConfigError
from ..model import Witness

#: ISO 639-3 and other codes to the two- or three-letter code the rules are keyed by.
ALIASES: dict[str, str] = {
    "eng": "en", "enm": "en", "emodeng": "en", "grc": "grc", "ell": "el", "gre": "el", "gr": "el",
    "lat": "la", "fra": "fr", "fre": "fr", "frm": "fr", "fro": "fr", "deu": "de", "ger": "de",
    "heb": "he", "hbo": "he", "iw": "he", "rus": "ru", "ita": "it", "spa": "es", "arc": "he",
}  # fmt: skip

#: The languages whose rules are written here (others get the language-independent layer).
KNOWN: tuple[str, ...] = ("en", "grc", "el", "la", "fr", "de", "he", "ru", "it", "es")


def base_code(tag: str) -> str:
    """The rules' code for a BCP 47 tag or ISO 639-3 code: ``en-GB`` -> ``en``, ``lat`` -> ``la``."""
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return ALIASES.get(primary, primary)


def parse_setting(value: str) -> tuple[str, ...]:
    """The languages a setting names (``"en"``, ``"en,la"``), as rule codes, in order."""
    codes = tuple(dict.fromkeys(base_code(part) for part in value.split(",") if part.strip()))
    for code in codes:
        if not (code.isalpha() and 2 <= len(code) <= 3):
            raise ConfigError(f"language {value!r}: {code!r} is no language code; use a BCP 47 or ISO 639-3 code (en, grc, la)")
    if not codes:
        raise ConfigError("language '': name a BCP 47 or ISO 639-3 code (en, grc, la, fr, de, he)")
    return codes


def resolve(witnesses: Sequence[Witness], setting: str | None) -> str:
    """The collation's language setting: the user's, else the witnesses' declared one, else a guess.

    Witnesses that declare different languages are refused unless the user named the languages.
    """
    if setting:
        return ",".join(parse_setting(setting))
    declared = {w.siglum: base_code(w.get("language")) for w in witnesses if w.get("language").strip()}
    distinct = sorted(set(declared.values()))
    if len(distinct) > 1:
        named = ", ".join(f"{s} {c}" for s, c in sorted(declared.items()))
        raise ConfigError(
            f"the witnesses declare different languages ({named}); set --language to one of them, "
            f"or to all of them ('--language {','.join(distinct)}') to collate them as mixed"
        )
    if distinct:
        return distinct[0]
    return guess(witnesses)


#: The language assumed for each script when no language is declared.
_SCRIPTS: dict[str, str] = {"GREEK": "grc", "HEBREW": "he", "CYRILLIC": "ru", "LATIN": "en"}


def guess(witnesses: Sequence[Witness], sample: int = 20000) -> str:
    """The language of the most common script among the witnesses' letters (Latin: English)."""
    letters: Counter[str] = Counter()
    for w in witnesses:
        letters.update(w.text[:sample])  # counted by character first: a text has few distinct ones
    scripts: Counter[str] = Counter()
    for ch, n in letters.items():
        if ch.isalpha():
            scripts[unicodedata.name(ch, "X").split(" ")[0]] += n
    for script, _ in scripts.most_common():
        if script in _SCRIPTS:
            return _SCRIPTS[script]
    return "en"
