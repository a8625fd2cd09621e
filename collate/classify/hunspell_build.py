"""Expands a Hunspell dictionary (.aff/.dic, as parsed by spylls) into the table of every word form
its suffix rules generate, with what a lookup still needs to judge each form: its stem, the
dictionary word's capitalization, and the flags a prefix may bring.

Why: reading a Hunspell dictionary from text is slow in pure Python (half a second for en_US,
18 s for Debian's French, a minute for modern Greek), and it used to happen in every run. The
expansion is done once, written to a cache file (:mod:`collate.classify.hunspell_cache`), and a
lookup afterwards reads one row instead of parsing the dictionary.

What is expanded and what is left to the lookup:

- **Suffixes**, single and twofold (a suffix whose continuation flags allow a second suffix), as
  spylls' ``Lookup.is_good_form`` accepts them: a suffix licensed by the stem's flags, by its own
  flags or (marked, for the lookup to check) by a prefix's continuation flags; ``NEEDAFFIX``,
  ``ONLYINCOMPOUND``, ``CIRCUMFIX`` and ``FORBIDDENWORD`` as spylls applies them.
- **Prefixes** are not multiplied out (Hebrew's dictionary has a thousand prefixes on 470,000
  stems: a quarter of a billion forms). The lookup strips them at run time, from the table of
  prefixes stored beside the forms, and checks the prefix against the inner form's row.
- **Ignore-case forms**: an ALL-CAPS word may match a mixed-case dictionary word through its
  lower-case spelling (``MCDONALD`` -> ``McDonald``); those analyses are stored with a mark.
- **Compounds** are not enumerable. Each analysis records the compound positions its flags allow,
  so the lookup can tell whether a word could be a compound at all before it asks spylls.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

#: Bits of an analysis (one way a form is a dictionary stem plus suffixes).
STANDALONE = 1  # a word by itself, without a prefix
HAS_SUFFIX = 2
CROSS_OK = 4  # every suffix allows a prefix too (crossproduct)
SFX_NEEDAFFIX = 8  # every suffix carries NEEDAFFIX (a prefix alone does not complete the word)
SFX_CIRCUMFIX = 16  # the (inner) suffix carries CIRCUMFIX: a prefix must carry it too
KEEPCASE_ROOT = 64  # the dictionary word has KEEPCASE: only its own capitalization is accepted
KEEPCASE_ALL = 128  # KEEPCASE among the stem's and the suffix's flags (German sharp-s rule)
IGNORECASE = 256  # found only through the lower-case index (ALL-CAPS input)
ONLYINC = 512  # ONLYINCOMPOUND: only a compound part

#: Compound positions an analysis's flags allow.
C_BEGIN, C_MIDDLE, C_END = 1, 2, 4

FIELD, SUBFIELD, RECORD = "\x1f", "\x1d", "\x1e"


@dataclass
class _Rules:
    """The parts of a parsed .aff the expansion consults, indexed once."""

    aff: object
    sfx: dict[str, list] = field(default_factory=dict)
    prefix_flags: frozenset[str] = frozenset()
    prefix_continuation: frozenset[str] = frozenset()
    self_licensed: tuple = ()
    compounding: bool = False

    @classmethod
    def of(cls, aff) -> _Rules:
        sfx = {flag: list(rows) for flag, rows in aff.SFX.items()}
        cont = frozenset(f for rows in aff.PFX.values() for p in rows for f in p.flags)
        own = tuple(s for rows in sfx.values() for s in rows if s.flag in s.flags)
        return cls(aff, sfx, frozenset(aff.PFX), cont, own, bool(aff.COMPOUNDFLAG or aff.COMPOUNDBEGIN))


def _apply(suffix, stem: str) -> str | None:
    """The form ``suffix`` makes of ``stem``, or None if its strip or condition does not fit."""
    if suffix.strip and not stem.endswith(suffix.strip):
        return None
    if not suffix.cond_regexp.search(stem):
        return None
    return stem[: len(stem) - len(suffix.strip)] + suffix.add


def _candidates(rules: _Rules, flags: Iterable[str]) -> Iterator[tuple[object, str | None]]:
    """Suffixes a stem with ``flags`` may take, each with the prefix flag that must license it (or None)."""
    seen = set()
    for flag in flags:
        for suffix in rules.sfx.get(flag, ()):
            seen.add(id(suffix))
            yield suffix, None
    for suffix in rules.self_licensed:
        if id(suffix) not in seen:
            seen.add(id(suffix))
            yield suffix, None
    for flag in rules.prefix_continuation:
        for suffix in rules.sfx.get(flag, ()):
            if id(suffix) not in seen and flag not in flags:
                yield suffix, flag


def _cmask(aff, flags: set[str]) -> int:
    if aff.COMPOUNDFLAG and aff.COMPOUNDFLAG in flags:
        return C_BEGIN | C_MIDDLE | C_END
    mask = 0
    for bit, flag in ((C_BEGIN, aff.COMPOUNDBEGIN), (C_MIDDLE, aff.COMPOUNDMIDDLE), (C_END, aff.COMPOUNDEND)):
        if flag and flag in flags:
            mask |= bit
    return mask


def _analysis(rules: _Rules, word, suffixes: list, licence: str | None, ignorecase: bool) -> tuple | None:
    """The stored analysis of ``word`` + ``suffixes`` (inner first), or None if it can never be good.

    Mirrors spylls' ``is_good_form`` for a form without a prefix, and keeps what a prefix could
    still change (the prefix flags the form allows, NEEDAFFIX, CIRCUMFIX) for the lookup.
    """
    aff = rules.aff
    root = word.flags
    inner = suffixes[0] if suffixes else None
    flags = root | inner.flags if inner else set(root)
    bits = IGNORECASE if ignorecase else 0
    if aff.ONLYINCOMPOUND and aff.ONLYINCOMPOUND in flags:
        if not rules.compounding:
            return None
        bits |= ONLYINC
    if inner:
        bits |= HAS_SUFFIX
        if all(s.crossproduct for s in suffixes):
            bits |= CROSS_OK
        if aff.NEEDAFFIX and all(aff.NEEDAFFIX in s.flags for s in suffixes):
            bits |= SFX_NEEDAFFIX
        if aff.CIRCUMFIX and aff.CIRCUMFIX in inner.flags:
            bits |= SFX_CIRCUMFIX
    if aff.KEEPCASE and aff.KEEPCASE in root:
        bits |= KEEPCASE_ROOT
    if aff.KEEPCASE and aff.KEEPCASE in flags:
        bits |= KEEPCASE_ALL
    needaffix_bare = bool(aff.NEEDAFFIX) and aff.NEEDAFFIX in root and not inner
    alone = not (bits & (ONLYINC | SFX_NEEDAFFIX | SFX_CIRCUMFIX)) and not needaffix_bare and licence is None
    if alone:
        bits |= STANDALONE
    pflags = sorted(f for f in flags if f in rules.prefix_flags)
    cmask = _cmask(aff, flags) if rules.compounding else 0
    if not alone and not cmask and not (rules.prefix_flags and (not inner or bits & CROSS_OK)):
        return None
    return (bits, int(word.captype.value), SUBFIELD.join(pflags), licence or "", cmask)


def word_forms(rules: _Rules, word, stem: str, ignorecase: bool = False) -> Iterator[tuple[str, tuple]]:
    """Every (form, analysis) of one dictionary word: bare, with a suffix, with two suffixes."""
    bare = _analysis(rules, word, [], None, ignorecase)
    if bare:
        yield stem, bare
    for inner, licence in _candidates(rules, word.flags):
        middle = _apply(inner, stem)
        if middle is None:
            continue
        found = _analysis(rules, word, [inner], licence, ignorecase)
        if found:
            yield middle, found
        for flag in inner.flags:
            for outer in rules.sfx.get(flag, ()):
                form = _apply(outer, middle)
                if form is not None and (found2 := _analysis(rules, word, [inner, outer], licence, ignorecase)):
                    yield form, found2


def expand(aff, dic) -> Iterator[tuple[str, str, tuple]]:
    """(form, stem, analysis) for every form of every dictionary word, exact and ignore-case."""
    rules = _Rules.of(aff)
    forbidden = aff.FORBIDDENWORD
    for word in dic.words:
        affixed = not (forbidden and any(forbidden in h.flags for h in dic.homonyms(word.stem)))
        for form, analysis in word_forms(rules, word, word.stem):
            if affixed or form == word.stem and not analysis[0] & HAS_SUFFIX:
                yield form, word.stem, analysis
    for lower, words in dic.lowercase_index.items():
        # spylls indexes a lower-case word under each of its letters too (it iterates the string):
        # those entries take part in its ALL-CAPS search, so they are expanded, once per flag set.
        distinct = {(frozenset(w.flags), w.captype): w for w in words if w.stem != lower}
        for word in distinct.values():
            affixed = not (forbidden and any(forbidden in h.flags for h in dic.homonyms(lower)))
            for form, analysis in word_forms(rules, word, lower, ignorecase=True):
                if affixed or not analysis[0] & HAS_SUFFIX:
                    yield form, lower, analysis


def poisoned(aff, dic) -> Iterator[str]:
    """Forms that spylls stops analysing once a suffix split reaches a stem marked FORBIDDENWORD.

    spylls' ``affix_forms`` returns (ends the analysis of that spelling) when a split with affixes
    leads to a stem one of whose entries is forbidden, whether or not the split's flags fit.
    """
    flag = aff.FORBIDDENWORD
    if not flag:
        return
    stems = {w.stem for w in dic.words if flag in w.flags}
    for stem in stems:
        for rows in aff.SFX.values():
            for suffix in rows:
                form = _apply(suffix, stem)
                if form is not None:
                    yield form


def settings(aff, dic) -> dict:
    """What the lookup needs of the .aff at run time, as JSON-ready values."""
    casing = type(aff.casing).__name__
    rule_flags = set().union(*(r.flags for r in aff.COMPOUNDRULE)) if aff.COMPOUNDRULE else set()
    rule_parts = sorted({w.stem for w in dic.words if w.flags & rule_flags})
    return {
        "casing": casing,
        "iconv": [list(p) for p in aff.ICONV.pairs] if aff.ICONV else [],
        "ignore": aff.IGNORE.chars if aff.IGNORE else "",
        "break": [b.pattern for b in aff.BREAK],
        "forbiddenword": bool(aff.FORBIDDENWORD),
        "checksharps": bool(aff.CHECKSHARPS),
        "needaffix": aff.NEEDAFFIX or "",
        "circumfix": aff.CIRCUMFIX or "",
        "onlyincompound": aff.ONLYINCOMPOUND or "",
        "keepcase": aff.KEEPCASE or "",
        "complexprefixes": bool(aff.COMPLEXPREFIXES),
        "compound_flags": [f for f in (aff.COMPOUNDFLAG, aff.COMPOUNDBEGIN, aff.COMPOUNDMIDDLE, aff.COMPOUNDEND) if f],
        "compoundmin": aff.COMPOUNDMIN,
        "simplifiedtriple": bool(aff.SIMPLIFIEDTRIPLE),
        "rule_parts": rule_parts,
        "prefixes": [
            [p.flag, p.crossproduct, p.strip, p.add, p.condition, sorted(p.flags)]
            for rows in aff.PFX.values()
            for p in rows
        ],
    }


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE forms (form TEXT PRIMARY KEY, analyses TEXT NOT NULL, poison INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE forbidden (stem TEXT PRIMARY KEY, every INTEGER NOT NULL) WITHOUT ROWID;
"""


def write(path: str, aff, dic, meta: dict[str, str]) -> int:
    """Write the expanded dictionary to a new sqlite file at ``path``; return the number of forms.

    Analyses are staged row by row and grouped per form by sqlite itself, so memory stays flat
    however many forms a dictionary generates.
    """
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        db.execute("CREATE TEMP TABLE staged (form TEXT, analysis TEXT)")
        db.executemany("INSERT INTO staged VALUES (?, ?)", _staged_rows(aff, dic))
        db.execute("CREATE TEMP TABLE poisoned (form TEXT PRIMARY KEY) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO poisoned VALUES (?)", ((f,) for f in poisoned(aff, dic)))
        db.execute(
            "INSERT INTO forms SELECT form, group_concat(analysis, char(30)),"
            " form IN (SELECT form FROM poisoned)"
            " FROM (SELECT DISTINCT form, analysis FROM staged ORDER BY form) GROUP BY form ORDER BY form"
        )
        db.executemany("INSERT INTO forbidden VALUES (?, ?)", _forbidden_rows(aff, dic))
        db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        count = db.execute("SELECT count(*) FROM forms").fetchone()[0]
        db.execute("DROP TABLE staged")
        db.commit()
    finally:
        db.close()
    return count


def _staged_rows(aff, dic) -> Iterator[tuple[str, str]]:
    for form, stem, (bits, cap, pflags, licence, cmask) in expand(aff, dic):
        shown = "" if stem == form else stem
        yield form, FIELD.join((shown, str(bits), str(cap), pflags, licence, str(cmask)))


def _forbidden_rows(aff, dic) -> Iterator[tuple[str, int]]:
    flag = aff.FORBIDDENWORD
    if not flag:
        return
    for stem in sorted({w.stem for w in dic.words if flag in w.flags}):
        homonyms = dic.homonyms(stem)
        yield stem, int(all(flag in h.flags for h in homonyms))
