"""Hunspell dictionaries from a prebuilt cache: "is this a word" and "what is its stem" without
parsing a dictionary from text in every run.

Why: spylls reads a dictionary in pure Python, half a second for en_US and 18 s to a minute for
Debian's French, German, Greek and Hebrew ones; a two-line collation spent most of its start-up
there. The dictionary is expanded once (:mod:`collate.classify.hunspell_build`) into an sqlite
file (a ``WITHOUT ROWID`` table keyed by the form: it opens in a millisecond and a lookup reads
one row), in the user cache folder (``$COLLATE_CACHE_DIR``, else the platform's, e.g.
``~/.cache/collate``), named by the sha256 of the .aff and .dic and :data:`EXPANDER_VERSION`, so
a changed dictionary or expander gets a new file. It is written under a temporary name and
renamed, so two processes building at once never leave a broken file.

A lookup follows spylls' ``Lookup`` step by step (forbidden words, ICONV, IGNORE, numbers, BREAK
points, Hunspell's capitalization variants, KEEPCASE, the ALL-CAPS ignore-case search, prefixes
stripped at run time), so it gives spylls' answers (tests/test_hunspell_cache.py compares them).
Compounds cannot be listed: a word that could be one under the .aff's own compound settings (its
pieces are all possible compound parts) is passed to spylls, loaded then and only then.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ..cachedir import cache_dir
from .hunspell_build import (
    CROSS_OK, FIELD, HAS_SUFFIX, IGNORECASE, KEEPCASE_ALL, KEEPCASE_ROOT, ONLYINC, RECORD, SFX_CIRCUMFIX,
    SFX_NEEDAFFIX, STANDALONE, SUBFIELD,
)

#: Bumped whenever the expansion or the file layout changes: old cache files are then ignored.
EXPANDER_VERSION = "1"

_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_REGEX_CHARS = frozenset(".^$*+?{}[]\\|()")
_NO, _INIT, _ALL, _HUHINIT, _HUH = 1, 2, 3, 4, 5  # spylls' capitalization.Type values


def source_digest(base: str) -> str:
    """sha256 of the .aff and .dic (and the expander's version): the cache file's key."""
    digest = hashlib.sha256(EXPANDER_VERSION.encode())
    for ext in (".aff", ".dic"):
        digest.update(Path(base + ext).read_bytes())
    return digest.hexdigest()


def cache_path(base: str) -> Path:
    return cache_dir() / f"hunspell-{Path(base).name}-{source_digest(base)[:24]}.sqlite"


def ensure_built(base: str, notice=None) -> Path:
    """The cache file of the dictionary ``base`` (``/path/en_US``), built first if missing."""
    path = cache_path(base)
    if path.exists():
        return path
    if notice:
        notice(f"Building the Hunspell dictionary cache for {Path(base).name} (once): {path}")
    build(base, path)
    return path


def build(base: str, path: Path) -> int:
    """Expand the dictionary ``base`` into ``path`` atomically; return the number of forms."""
    from spylls.hunspell import Dictionary

    from . import hunspell_build

    spylls = Dictionary.from_files(base)
    if spylls.aff.COMPLEXPREFIXES:
        raise NotImplementedError(f"{base}.aff: COMPLEXPREFIXES (two prefixes) is not expanded")
    meta = {"version": EXPANDER_VERSION, "settings": json.dumps(hunspell_build.settings(spylls.aff, spylls.dic))}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        os.unlink(temporary)  # sqlite makes the file itself
        count = hunspell_build.write(temporary, spylls.aff, spylls.dic, meta)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return count


def _parse(form: str, text: str) -> list[tuple]:
    """A row's analyses: (stem, bits, captype, prefix flags, licence, compound mask) each."""
    out = []
    for record in text.split(RECORD):
        stem, bits, cap, pflags, licence, cmask = record.split(FIELD)
        out.append((stem or form, int(bits), int(cap), frozenset(pflags.split(SUBFIELD)) if pflags else frozenset(),
                    licence, int(cmask)))
    return out


class CachedDictionary:
    """One Hunspell dictionary read from its cache file; answers as spylls' ``Dictionary`` would."""

    def __init__(self, base: str, path: Path) -> None:
        self.base = base
        self._db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        meta = dict(self._db.execute("SELECT key, value FROM meta"))
        s = json.loads(meta["settings"])
        self._s = s
        self._german = s["casing"] == "GermanCasing"
        self._turkic = s["casing"] == "TurkicCasing"
        self._iconv = sorted((a.replace("_", ""), a, b.replace("_", " ")) for a, b in s["iconv"])
        # ICONV patterns by their first letter (a pattern that starts with a regular-expression
        # character, as spylls reads them, is tried everywhere)
        self._iconv_by_first: dict[str, list[tuple]] = {}
        self._iconv_any = []
        for row in self._iconv:
            first = row[0][:1]
            if first and first not in _REGEX_CHARS:
                self._iconv_by_first.setdefault(first, []).append(row)
            else:
                self._iconv_any.append(row)
        self._iconv_first = frozenset(self._iconv_by_first)
        self._ignore = str.maketrans("", "", s["ignore"]) if s["ignore"] else None
        self._breaks = [_break_regexp(p) for p in s["break"]]
        self._prefixes: dict[str, list[tuple]] = {}
        for flag, cross, strip, add, cond, flags in s["prefixes"]:
            self._prefixes.setdefault(add, []).append((flag, cross, strip, add, cond, frozenset(flags)))
        self._prefix_lengths = sorted({len(a) for a in self._prefixes})
        self._rule_parts = frozenset(s["rule_parts"])
        self._compound_flags = bool(s["compound_flags"])
        self._rows: dict[str, tuple[list[tuple], bool]] = {}
        self._spylls = None
        self._forbidden_seen: dict[str, int] = {}

    # -- the public answers ---------------------------------------------------------------------

    def lookup(self, word: str) -> bool:
        """spylls' ``Dictionary.lookup``: True if Hunspell accepts ``word``."""
        if self._s["forbiddenword"] and self._forbidden(word) == 2:
            return False
        word = self._convert(word)
        if self._ignore:
            word = word.translate(self._ignore)
        if _NUMBER.fullmatch(word):
            return True
        return any(all(self._correct(p) for p in parts if p) for parts in self._break_word(word))

    def stems(self, word: str) -> list[str]:
        """The stem of every analysis spylls' ``good_forms`` gives ``word`` (compounds: parts joined)."""
        return list(self._good_forms(word))

    # -- spylls' Lookup, step by step -----------------------------------------------------------

    def _correct(self, word: str) -> bool:
        return next(self._good_forms(word), None) is not None

    def _good_forms(self, word: str) -> Iterator[str]:
        captype, variants = self._variants(word)
        for variant in variants:
            yield from self._affix_stems(word, variant, captype)
            if self._may_compound(variant):
                yield from self._compound_stems(variant, captype)

    def _affix_stems(self, word: str, variant: str, captype: int) -> Iterator[str]:
        analyses, poison = self._row(variant)
        exact = [a for a in analyses if a[1] & STANDALONE and not a[1] & IGNORECASE]
        found_stems = set()
        for a in exact:
            if self._case_ok(a, a[1] & KEEPCASE_ALL, word, captype):
                found_stems.add(a[0])
                yield a[0]
        use_ic = captype == _ALL and self._guess(variant) == _NO
        if use_ic:
            for a in analyses:
                if a[1] & STANDALONE and a[1] & IGNORECASE and a[0] not in found_stems:
                    if self._case_ok(a, a[1] & KEEPCASE_ALL, word, captype):
                        yield a[0]
        if poison or not self._prefixes:
            return
        yield from self._prefixed_stems(word, variant, captype, use_ic)

    def _prefixed_stems(self, word: str, variant: str, captype: int, use_ic: bool) -> Iterator[str]:
        s = self._s
        for length in self._prefix_lengths:
            if length > len(variant):
                break
            for flag, cross, strip, add, cond, pflags in self._prefixes.get(variant[:length], ()):
                inner = strip + variant[length:]
                if not _condition(cond).search(inner):
                    continue
                if s["forbiddenword"] and self._forbidden(inner):
                    return
                good = []
                for a in self._row(inner)[0]:
                    keep_all = a[1] & KEEPCASE_ALL or (s["keepcase"] and s["keepcase"] in pflags)
                    if self._prefix_ok(flag, cross, pflags, a) and self._case_ok(a, keep_all, word, captype):
                        good.append(a)
                exact = {a[0] for a in good if not a[1] & IGNORECASE}
                for a in good:
                    if not a[1] & IGNORECASE or (use_ic and a[0] not in exact):
                        yield a[0]

    def _prefix_ok(self, flag: str, cross: bool, pflags: frozenset, a: tuple) -> bool:
        """spylls' ``is_good_form`` for a prefix on a stored analysis."""
        s, bits = self._s, a[1]
        if bits & ONLYINC or (s["onlyincompound"] and s["onlyincompound"] in pflags):
            return False
        if a[4] and a[4] not in pflags:
            return False
        if flag not in a[3] and flag not in pflags:
            return False
        if bits & HAS_SUFFIX and not (cross and bits & CROSS_OK):
            return False
        needaffix = s["needaffix"]
        if needaffix and needaffix in pflags and (not bits & HAS_SUFFIX or bits & SFX_NEEDAFFIX):
            return False
        if s["circumfix"] and (s["circumfix"] in pflags) != bool(bits & SFX_CIRCUMFIX):
            return False
        return True

    def _case_ok(self, a: tuple, keepcase_all: int | bool, word: str, captype: int) -> bool:
        """KEEPCASE, and the German sharp-s clause, as spylls applies them."""
        sharp = self._s["checksharps"] and "ß" in a[0]
        if a[1] & KEEPCASE_ROOT and captype != a[2] and not sharp:
            return False
        if sharp and self._s["keepcase"] and keepcase_all and captype == _ALL and "ß" in word:
            return False
        return True

    # -- compounds: spylls, only for words that could be one ------------------------------------

    def _may_compound(self, word: str) -> bool:
        """True if ``word`` splits into pieces that are all possible compound parts (a necessary
        condition for spylls to find a compound), so that an ordinary unknown word never loads it."""
        if self._rule_parts and _segments(word, self._rule_parts.__contains__):
            return True
        if self._compound_flags and len(word) >= 2 * self._s["compoundmin"]:
            return _segments(word, self._compound_part, self._s["compoundmin"])
        return False

    def _compound_part(self, piece: str) -> bool:
        if any(a[5] for a in self._row(piece)[0]):
            return True
        if self._s["simplifiedtriple"] and any(a[5] for a in self._row(piece + piece[-1:])[0]):
            return True
        compound_flags = self._s["compound_flags"]
        for length in self._prefix_lengths:
            for prefix in self._prefixes.get(piece[:length], ()) if length <= len(piece) else ():
                inner = self._row(prefix[2] + piece[length:])[0]
                if any(a[5] for a in inner) or (inner and any(f in prefix[5] for f in compound_flags)):
                    return True  # the part's own flags, or the prefix's, allow compounding
        return False

    def _compound_stems(self, variant: str, captype: int) -> Iterator[str]:
        from spylls.hunspell.algo.capitalization import Type

        lookuper = self.spylls().lookuper
        for form in lookuper.compound_forms(variant, captype=Type(captype)):
            yield form_stem(form)

    def spylls(self):
        """spylls' own Dictionary, loaded on first need (compounds only)."""
        if self._spylls is None:
            from spylls.hunspell import Dictionary

            self._spylls = Dictionary.from_files(self.base)
        return self._spylls

    # -- small pieces ---------------------------------------------------------------------------

    def _row(self, form: str) -> tuple[list[tuple], bool]:
        row = self._rows.get(form)
        if row is None:
            found = self._db.execute("SELECT analyses, poison FROM forms WHERE form = ?", (form,)).fetchone()
            row = (_parse(form, found[0]), bool(found[1])) if found else ([], False)
            if len(self._rows) > 200_000:
                self._rows.clear()
            self._rows[form] = row
        return row

    def _forbidden(self, stem: str) -> int:
        """0: no entry of ``stem`` is forbidden; 1: some are; 2: all are."""
        known = self._forbidden_seen.get(stem)
        if known is None:
            found = self._db.execute("SELECT every FROM forbidden WHERE stem = ?", (stem,)).fetchone()
            known = self._forbidden_seen[stem] = 0 if not found else 2 if found[0] else 1
        return known

    def _convert(self, word: str) -> str:
        """ICONV, as spylls' ``ConvTable`` applies it: the longest pattern at each position."""
        if not self._iconv or not (self._iconv_any or self._iconv_first.intersection(word)):
            return word
        out, pos = [], 0
        while pos < len(word):
            best = None
            for search, pattern, repl in (*self._iconv_by_first.get(word[pos], ()), *self._iconv_any):
                if _conv_regexp(pattern).match(word, pos) and (best is None or len(search) > len(best[0])):
                    best = (search, repl)
            if best:
                out.append(best[1])
                pos += len(best[0])
            else:
                out.append(word[pos])
                pos += 1
        return "".join(out)

    def _break_word(self, text: str, depth: int = 0) -> Iterator[list[str]]:
        if depth > 10:
            return
        yield [text]
        for regexp in self._breaks:
            for m in regexp.finditer(text):
                start, rest = text[: m.start(1)], text[m.end(1) :]
                for breaking in self._break_word(rest, depth + 1):
                    yield [start, *breaking]

    def _guess(self, word: str) -> int:
        if self._german and "ß" in word and _guess(word.replace("ß", "")) == _ALL:
            return _ALL
        return _guess(word)

    def _lower(self, word: str) -> list[str]:
        if self._turkic:
            word = word.translate(str.maketrans("İI", "iı"))
        if not word or word[0] == "İ":
            return []
        lowered = word.lower().replace("i̇", "i")
        if self._german and "SS" in word:
            return [*_sharp_s(lowered), lowered]
        return [lowered]

    def _upper(self, word: str) -> str:
        return word.translate(str.maketrans("iı", "İI")).upper() if self._turkic else word.upper()

    def _variants(self, word: str) -> tuple[int, list[str]]:
        """spylls' ``Casing.variants``: the spellings a dictionary may list for ``word``."""
        captype = self._guess(word)
        if captype == _INIT:
            return captype, [word, *self._lower(word)]
        if captype == _HUHINIT:
            return captype, [word, *(letter + word[1:] for letter in self._lower(word[0]))]
        if captype == _ALL:
            if len(word) == 1:
                capitalized = list(self._upper(word[0]))
            else:
                capitalized = [self._upper(word[0]) + low for low in self._lower(word[1:])]
            return captype, [word, *self._lower(word), *capitalized]
        return captype, [word]


def _guess(word: str) -> int:
    if word.islower():
        return _NO
    if word.isupper():
        return _ALL
    if word[:1].isupper():
        return _INIT if word[1:].islower() else _HUHINIT
    return _HUH


def _sharp_s(text: str, start: int = 0) -> list[str]:
    pos = text.find("ss", start)
    if pos == -1:
        return []
    replaced = text[:pos] + "ß" + text[pos + 2 :]
    return [replaced, *_sharp_s(replaced, pos + 1), *_sharp_s(text, pos + 2)]


def _segments(word: str, is_part, minimum: int = 1) -> bool:
    """True if ``word`` splits into two or more pieces (each at least ``minimum`` long) that ``is_part`` accepts."""
    n = len(word)
    reach = [True] + [False] * n  # reach[i]: word[:i] is one or more accepted pieces
    for end in range(minimum, n + 1):
        for start in range(0, end - minimum + 1):
            if reach[start] and (start or end < n) and is_part(word[start:end]):
                reach[end] = True
                break
    return reach[n]


def form_stem(form: object) -> str:
    """The stem of one analysis Hunspell gives, whatever its shape.

    spylls returns an ``AffixForm`` (with ``stem``) for a word made of a stem and affixes, and a
    ``CompoundForm`` (with ``parts``, no ``stem``) for a compound such as the ordinal ``19th``;
    a compound's stem is its parts' stems joined. Any other shape gives no stem, never an error,
    so no word of a dictionary can stop a collation.
    """
    stem = getattr(form, "stem", None)
    if isinstance(stem, str):
        return stem
    parts = getattr(form, "parts", None)
    if isinstance(parts, (list, tuple)) and parts:
        inner = [form_stem(part) for part in parts]
        return "".join(inner) if all(inner) else ""
    return ""


@cache
def _condition(condition: str) -> re.Pattern[str]:
    return re.compile("^" + condition.replace("-", "\\-"))


@cache
def _conv_regexp(pattern: str) -> re.Pattern[str]:
    clean = pattern.replace("_", "")
    return re.compile(("^" if pattern.startswith("_") else "") + clean + ("$" if pattern.endswith("_") else ""))


def _break_regexp(pattern: str) -> re.Pattern[str]:
    escaped = re.escape(pattern).replace("\\^", "^").replace("\\$", "$")
    if escaped.startswith("^") or escaped.endswith("$"):
        return re.compile(f"({escaped})")
    return re.compile(f".({escaped}).")


#: Where Debian (and most Linux systems) install Hunspell dictionaries; ``$COLLATE_HUNSPELL_PATH``
#: (folders separated by ``os.pathsep``) is searched first.
SYSTEM_PATHS = ("/usr/share/hunspell", "/usr/share/myspell", "/usr/share/myspell/dicts")


def find(name: str) -> str | None:
    """The base path (without .aff/.dic) of the installed dictionary ``name`` (``fr``, ``de_DE``), or None."""
    extra = [p for p in os.environ.get("COLLATE_HUNSPELL_PATH", "").split(os.pathsep) if p]
    for folder in (*extra, *SYSTEM_PATHS):
        base = os.path.join(folder, name)
        if os.path.isfile(base + ".aff") and os.path.isfile(base + ".dic"):
            return base
    return None


@cache
def bundled_en_us() -> str:
    """The base path of the en_US dictionary that ships inside spylls (found once per process:
    the lexicon asks for it at every lookup, and a module search reads folders each time)."""
    from importlib.util import find_spec

    spec = find_spec("spylls")
    root = Path(next(iter(spec.submodule_search_locations)))  # type: ignore[union-attr]
    return str(root / "hunspell" / "data" / "en" / "en_US")


#: Open dictionaries, per process: an sqlite connection must not cross a fork.
_OPEN: dict[tuple[str, int], CachedDictionary] = {}


def open_dictionary(base: str) -> CachedDictionary:
    """The dictionary ``base`` from its cache, built on first use with a one-line notice on stderr
    (silenced by ``--quiet``: :func:`collate.progress.notice`)."""
    key = (base, os.getpid())
    found = _OPEN.get(key)
    if found is None:
        from ..progress import notice

        found = _OPEN[key] = CachedDictionary(base, ensure_built(base, notice))
    return found


#: The Hunspell dictionary Debian installs for a language the rules know (package in the comment).
LANGUAGE_DICTIONARIES: dict[str, str] = {
    "fr": "fr",  # hunspell-fr (Dicollecte's "classique et réforme 1990")
    "de": "de_DE",  # hunspell-de-de (igerman98)
    "el": "el_GR",  # hunspell-el (modern Greek, monotonic)
    "he": "he_IL",  # hunspell-he (Hspell, unpointed)
}


def for_language(lang: str) -> CachedDictionary | None:
    """The installed Hunspell dictionary of ``lang`` (``fr``, ``de``, ``el``, ``he``), from its cache;
    None when the language has none or it is not installed (the rules then use simplemma's lists)."""
    name = LANGUAGE_DICTIONARIES.get(lang)
    base = find(name) if name else None
    return open_dictionary(base) if base else None
