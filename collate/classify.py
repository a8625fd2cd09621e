"""Analysis: find the variant locations of an alignment and judge every divergence.

Vocabulary of ``Variant.type`` and ``Reading.type`` (also written to TEI ``@type``):

- ``substantive``: the wording differs; ``subtype`` is ``lexical``, ``addition``, ``omission``,
  ``grammatical`` or ``transposition``;
- accidentals: ``whitespace``, ``typographic`` (quote glyphs, dashes, ellipses, emphasis),
  ``case``, ``punctuation``, ``orthographic`` (spelling system), ``typo``.

Each reading is judged against the location's first reading by the first rule that accepts the
pair; the location takes the most serious type among its readings.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Sequence

from .model import Alignment, Reading, Token, Variant
from .normalize import standard

#: Classes from least to most serious; a location takes the most serious of its readings.
SEVERITY: tuple[str, ...] = (
    "whitespace",
    "typographic",
    "case",
    "punctuation",
    "orthographic",
    "typo",
    "substantive",
)

#: A rule judges two readings: it returns ``(type, subtype, reason)`` or ``None`` to pass.
Rule = Callable[[str, str], "tuple[str, str | None, str] | None"]

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _fold(text: str) -> str:
    return " ".join(standard(w) if not _PUNCT.fullmatch(w) else standard(w) for w in text.split())


def rule_whitespace(a: str, b: str):
    if _squash(a) == _squash(b):
        return "whitespace", None, "the readings differ only in whitespace"
    return None


def rule_typographic(a: str, b: str):
    fa = unicodedata.normalize("NFC", _squash(a))
    fb = unicodedata.normalize("NFC", _squash(b))
    from .normalize import _FOLD  # the same glyph folding alignment uses

    if fa.translate(_FOLD) == fb.translate(_FOLD):
        return "typographic", None, "the readings differ only in quote, dash or ellipsis glyphs"
    return None


def rule_case(a: str, b: str):
    if _fold(a) == _fold(b):
        return "case", None, "the readings differ only in letter case"
    return None


def _words(text: str) -> list[str]:
    return [standard(w) for w in _PUNCT.sub(" ", text).split()]


def rule_punctuation(a: str, b: str):
    if _words(a) == _words(b):
        return "punctuation", None, "the readings have the same words and differ in punctuation"
    return None


def rule_substantive(a: str, b: str):
    if not _words(a):
        return "substantive", "addition", f"{b.strip()!r} is added"
    if not _words(b):
        return "substantive", "omission", f"{a.strip()!r} is omitted"
    return "substantive", "lexical", f"{a.strip()!r} and {b.strip()!r} are different words"


#: The rules in the order they are tried.
RULES: list[Rule] = [rule_whitespace, rule_typographic, rule_case, rule_punctuation, rule_substantive]


def judge(a: str, b: str) -> tuple[str, str | None, str]:
    """Judge reading ``b`` against reading ``a``: the first rule that accepts the pair decides."""
    for rule in RULES:
        verdict = rule(a, b)
        if verdict is not None:
            return verdict
    raise AssertionError("the last rule accepts every pair")


def classify(alignment: Alignment, tokens: Sequence[Sequence[Token]]) -> tuple[Variant, ...]:
    """Return a judged :class:`Variant` for every segment whose readings differ."""
    variants: list[Variant] = []
    for index, segment in enumerate(alignment.segments):
        texts = ["".join(t.text for t in tokens[w][a:b]) for w, (a, b) in enumerate(segment.spans)]
        if len(set(texts)) < 2:
            continue
        distinct: dict[str, list[str]] = {}
        for siglum, text in zip(alignment.sigla, texts):
            distinct.setdefault(text, []).append(siglum)
        readings = []
        worst = ("whitespace", None, "")
        first = texts[0]
        for text, sigla in distinct.items():
            if text == first:
                readings.append(Reading(text, tuple(sigla)))
                continue
            kind, subtype, reason = judge(first, text)
            readings.append(Reading(text, tuple(sigla), kind, reason))
            if SEVERITY.index(kind) >= SEVERITY.index(worst[0]):
                worst = (kind, subtype, reason)
        groups = _groups(readings)
        variants.append(
            Variant(f"app{len(variants) + 1}", index, worst[0], tuple(readings), worst[1], worst[2], groups)
        )
    return tuple(variants)


def _groups(readings: Sequence[Reading]) -> tuple[tuple[int, ...], ...]:
    """Partition readings into groups whose members differ from each other only by accidentals."""
    groups: list[list[int]] = []
    for i, reading in enumerate(readings):
        for group in groups:
            if judge(readings[group[0]].text, reading.text)[0] != "substantive":
                group.append(i)
                break
        else:
            groups.append([i])
    return tuple(tuple(g) for g in groups)
