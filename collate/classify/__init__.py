"""Analysis: find the variant locations of an alignment and judge every divergence.

A variant location is a segment whose witnesses differ in text or in formatting. Each distinct
reading is judged against the location's first reading (the base witness's reading when a base
is set, which then comes first); the location takes the most serious judgement over every pair
of its readings. Every judgement names the rule that decided it and the evidence.

Vocabulary of ``Variant.type`` / ``Reading.type`` (from least to most serious, :data:`SEVERITY`)
and their subtypes (:data:`SUBTYPES`):

- ``whitespace``: the same tokens with different spacing or line division;
- ``typographic``: the same text in other glyphs or formatting: ``quotes`` (“ ” vs ' '),
  ``apostrophe`` (’ vs '), ``dash``, ``ellipsis`` (… vs ...), ``ampersand``, ``glyph``
  (ligatures and other compatibility forms), ``emphasis`` (italic or bold on one side only);
- ``case``: letter case only (``moscow``/``Moscow``);
- ``punctuation``: the same words, other punctuation;
- ``orthographic``: the same words spelt otherwise: ``spelling`` (British and American systems,
  ``centre``/``center``), ``regularization`` (an equivalence from the user's regularization file),
  ``transliteration`` (``Trotskii``/``Trotsky``), ``abbreviation`` (``Gen.``/``General``),
  ``date`` (one date written in two conventions, ``August 15``/``the 15 August``),
  ``numeral`` (``125``/``one hundred and twenty-five``), ``word-division`` (``to-day``/``today``);
- ``typo``: an error of the copy: ``misspelling`` (a form that is no word, within a small edit
  distance of the other reading, ``noe``/``none``), ``dittography`` (a doubled word,
  ``the the``, or a contraction that repeats the next word, ``that's is``);
- ``substantive``: the wording differs: ``lexical`` (another word), ``addition``, ``omission``,
  ``grammatical`` (another form of the same word, ``received``/``receive``), ``transposition``
  (the same words in another order, or moved to a nearby place, linked by ``Variant.links``).

Which classes count as substantive (highlighted in reports, kept apart in ``groups``) is a
setting (``Settings.substantive``: class names, or ``class:subtype``); by default only
``substantive``. For TEI, :func:`tei_type` maps each class to the ``@type`` values EVT
understands (``lexical``, ``grammatical``, ``transposition``, ``spelling``, ``orthographic``,
``punctuation``), keeping the class in ``@subtype``; see ``docs/classification.md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Indel, Levenshtein

from . import lexicon
from ..align import ends_paragraph
from ..model import Alignment, Collation, Reading, Settings, Token, Variant, Witness
from ..normalize import _FOLD
from ..tokenize import words

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

#: The subtypes each class may carry (``None`` is always allowed).
SUBTYPES: dict[str, tuple[str, ...]] = {
    "whitespace": (),
    "typographic": ("quotes", "apostrophe", "dash", "ellipsis", "ampersand", "glyph", "emphasis"),
    "case": (),
    "punctuation": (),
    "orthographic": (
        "spelling",
        "regularization",
        "transliteration",
        "abbreviation",
        "date",
        "numeral",
        "word-division",
    ),
    "typo": ("misspelling", "dittography"),
    "substantive": ("lexical", "addition", "omission", "grammatical", "transposition"),
}

#: TEI ``@type`` for each class (and substantive subtype), from the values EVT colours or hides.
TEI_TYPES: dict[str, str] = {
    "whitespace": "orthographic",
    "typographic": "orthographic",
    "case": "orthographic",
    "punctuation": "punctuation",
    "orthographic": "orthographic",
    "typo": "spelling",
    "substantive:lexical": "lexical",
    "substantive:addition": "lexical",
    "substantive:omission": "lexical",
    "substantive:grammatical": "grammatical",
    "substantive:transposition": "transposition",
    "substantive": "lexical",
}


def tei_type(kind: str, subtype: str | None = None) -> tuple[str, str]:
    """The TEI ``(@type, @subtype)`` for a class: EVT's name, and ours (``typo-misspelling``)."""
    tei = TEI_TYPES.get(f"{kind}:{subtype}", TEI_TYPES[kind])
    return tei, f"{kind}-{subtype}" if subtype else kind


# -- readings as the rules see them --------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word of a reading: its text, its comparison form, and what follows it in the witness."""

    text: str
    fold: str
    follow: str = ""  # the next token's text, stripped ("." after "Gen")
    next: str = ""  # the next token's comparison form when that token is a word


@dataclass(frozen=True)
class Form:
    """One reading of a location, with the context the rules need."""

    text: str
    sigla: tuple[str, ...]
    tokens: tuple[str, ...]  # each token's text, stripped
    rend: tuple[str, ...]
    words: tuple[Word, ...]
    before: str = ""  # comparison form of the word just before the reading, if a word
    after: str = ""  # comparison form of the word just after the reading, if a word


@dataclass(frozen=True)
class Verdict:
    """A judgement of one reading against another: class, subtype, and the rule and evidence."""

    type: str
    subtype: str | None
    reason: str

    @property
    def rank(self) -> int:
        return SEVERITY.index(self.type)


def _is_word(token: str) -> bool:
    return token == "&" or any(c.isalnum() for c in token)


def glyph(token: str) -> str:
    """A token with glyph differences folded: NFKC, one quote, one dash, one ellipsis."""
    g = unicodedata.normalize("NFKC", token).translate(_FOLD)
    if g and set(g) <= {'"', "'"}:
        return '"'
    if g and set(g) == {"-"}:
        return "-"
    if len(g) >= 2 and set(g) == {"."}:
        return "..."
    return g


def word_fold(token: str) -> str:
    """The comparison form of a word token: glyphs folded, lower case, ``&`` read as ``and``."""
    return "and" if token == "&" else glyph(token).casefold()


def _rend(tokens: Sequence[Token]) -> tuple[str, ...]:
    if not any(t.rend for t in tokens):
        return ()
    return tuple("+".join(t.rend) for t in tokens)


def make_form(tokens: Sequence[Token], start: int, end: int, sigla: Sequence[str]) -> Form:
    """The :class:`Form` of a witness's tokens ``start:end``, with one token of context each side."""
    inside = tokens[start:end]
    words = []
    for k in range(start, end):
        text = tokens[k].word
        if not _is_word(text):
            continue
        follow = tokens[k + 1].word if k + 1 < len(tokens) else ""
        words.append(Word(text, word_fold(text), follow, word_fold(follow) if _is_word(follow) else ""))
    before = tokens[start - 1].word if start > 0 else ""
    after = tokens[end].word if end < len(tokens) else ""
    return Form(
        "".join(t.text for t in inside),
        tuple(sigla),
        tuple(t.word for t in inside),
        _rend(inside),
        tuple(words),
        word_fold(before) if _is_word(before) else "",
        word_fold(after) if _is_word(after) else "",
    )


# -- the rules ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """What the rules need besides the readings: the user's equivalences."""

    equivalences: dict[tuple[str, ...], tuple[str, ...]]

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        for form, canonical in settings.regularizations:
            table[phrase(form)] = phrase(canonical)
        return cls(table)

    def regularize(self, words: Sequence[str]) -> tuple[str, ...]:
        """``words`` with every phrase of the regularization file replaced by its canonical form."""
        if not self.equivalences:
            return tuple(words)
        longest = max(len(k) for k in self.equivalences)
        out: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                hit = self.equivalences.get(tuple(words[i : i + n]))
                if hit is not None:
                    out.extend(hit)
                    i += n
                    break
            else:
                out.append(words[i])
                i += 1
        return tuple(out)


def phrase(text: str) -> tuple[str, ...]:
    """The comparison form of a phrase from the regularization file, cut into words as witnesses are."""
    tokens = words(Witness("regularization", text))
    return tuple(word_fold(t.word) for t in tokens if _is_word(t.word))


def _quote(words: Iterable[str]) -> str:
    return repr(" ".join(words))


def judge(a: Form, b: Form, rules: Rules) -> Verdict:
    """Judge reading ``b`` against reading ``a``: text first, then formatting; the worse decides."""
    verdicts = [v for v in (_judge_text(a, b, rules), _judge_rend(a, b)) if v is not None]
    if not verdicts:
        return Verdict("whitespace", None, "identical: the readings do not differ")
    worst = max(verdicts, key=lambda v: v.rank)
    return Verdict(worst.type, worst.subtype, "; ".join(v.reason for v in verdicts))


def _judge_rend(a: Form, b: Form) -> Verdict | None:
    ea, eb = _emphasis(a), _emphasis(b)
    if ea == eb:
        return None
    return Verdict("typographic", "emphasis", f"emphasis: {_describe(ea)} against {_describe(eb)}")


def _emphasis(form: Form) -> tuple[tuple[str, str], ...]:
    if not form.rend:
        return ()
    return tuple((glyph(t), r) for t, r in zip(form.tokens, form.rend) if r and _is_word(t))


def _describe(emphasis: tuple[tuple[str, str], ...]) -> str:
    if not emphasis:
        return "no emphasis"
    by_rend: dict[str, list[str]] = {}
    for word, rend in emphasis:
        by_rend.setdefault(rend, []).append(word)
    return ", ".join(f"{rend} {_quote(words)}" for rend, words in by_rend.items())


def _judge_text(a: Form, b: Form, rules: Rules) -> Verdict | None:
    """Peel off one layer of accidentals at a time; the first layer at which the readings agree decides."""
    if a.text == b.text:
        return None
    if a.tokens == b.tokens:
        return Verdict("whitespace", None, f"whitespace: the same tokens, spaced {a.text!r} against {b.text!r}")
    ga, gb = tuple(glyph(t) for t in a.tokens), tuple(glyph(t) for t in b.tokens)
    if ga == gb:
        return _typographic(a, b)
    if tuple(g.casefold() for g in ga) == tuple(g.casefold() for g in gb):
        return Verdict("case", None, f"case: {a.text.strip()!r} against {b.text.strip()!r} differ in letter case only")
    wa, wb = [w.fold for w in a.words], [w.fold for w in b.words]
    if wa == wb:
        pa = " ".join(t for t in a.tokens if not _is_word(t)) or "none"
        pb = " ".join(t for t in b.tokens if not _is_word(t)) or "none"
        return Verdict("punctuation", None, f"punctuation: the same words, punctuation {pa!r} against {pb!r}")
    return _judge_words(a, b, rules)


def _typographic(a: Form, b: Form) -> Verdict:
    kinds: list[str] = []
    pairs: list[str] = []
    for x, y in zip(a.tokens, b.tokens):
        if x == y:
            continue
        pairs.append(f"{x!r}/{y!r}")
        kinds.append(_glyph_kind(x, y))
    kind = min(kinds, key=SUBTYPES["typographic"].index)
    return Verdict(
        "typographic", kind, f"typographic ({', '.join(sorted(set(kinds)))}): {', '.join(pairs)} differ in glyph only"
    )


def _glyph_kind(x: str, y: str) -> str:
    both = set(x) | set(y)
    if "&" in both:
        return "ampersand"
    if _is_word(x):
        return "apostrophe" if both & set("'\u2019\u2018\u02bc`") else "glyph"
    if both <= set("'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a`\u00b4"):
        return "quotes"
    if both & set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"):
        return "dash"
    if both & set(".\u2026"):
        return "ellipsis"
    return "glyph"


def _judge_words(a: Form, b: Form, rules: Rules) -> Verdict:
    """The words differ: try the whole-reading rules, then judge each difference of the word diff."""
    wa, wb = [w.fold for w in a.words], [w.fold for w in b.words]
    whole = _whole_reading(wa, wb, a, b, rules)
    if whole is not None:
        return whole
    verdicts: list[Verdict] = []
    for i1, i2, j1, j2 in _blocks(wa, wb):
        if i1 == i2:
            verdicts.append(_missing(b, j1, j2, "addition"))
        elif j1 == j2:
            verdicts.append(_missing(a, i1, i2, "omission"))
        else:
            verdicts.extend(_replaced(a.words[i1:i2], b.words[j1:j2], a, b, rules))
    return _combine(verdicts)


def _blocks(wa: Sequence[str], wb: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """The differing stretches of two word lists: runs of non-equal edit operations, merged."""
    blocks: list[list[int]] = []
    for op in Levenshtein.opcodes(wa, wb):
        if op.tag == "equal":
            continue
        if blocks and blocks[-1][1] == op.src_start and blocks[-1][3] == op.dest_start:
            blocks[-1][1], blocks[-1][3] = op.src_end, op.dest_end
        else:
            blocks.append([op.src_start, op.src_end, op.dest_start, op.dest_end])
    return [(b[0], b[1], b[2], b[3]) for b in blocks]


def _whole_reading(wa: list[str], wb: list[str], a: Form, b: Form, rules: Rules) -> Verdict | None:
    if rules.equivalences and rules.regularize(wa) == rules.regularize(wb):
        return Verdict(
            "orthographic",
            "regularization",
            f"regularization file: {_quote(wa)} and {_quote(wb)} are declared equivalent",
        )
    if wa and wb and _joined(wa) == _joined(wb):
        return Verdict(
            "orthographic",
            "word-division",
            f"word-division: {_quote(wa)} and {_quote(wb)} are the same letters divided otherwise",
        )
    da, db = parse_date(wa), parse_date(wb)
    if da is not None and da == db:
        return Verdict(
            "orthographic",
            "date",
            f"date: {a.text.strip()!r} and {b.text.strip()!r} write the same date ({_date_text(da)}) in two conventions",
        )
    na, nb = parse_number(wa), parse_number(wb)
    if na is not None and na == nb:
        return Verdict(
            "orthographic",
            "numeral",
            f"numeral: {a.text.strip()!r} and {b.text.strip()!r} write the number {na} in words and in figures",
        )
    if len(wa) > 1 and sorted(wa) == sorted(wb):
        return Verdict(
            "substantive",
            "transposition",
            f"transposition: the same words in another order, {_quote(wa)} against {_quote(wb)}",
        )
    return None


def _joined(words: Sequence[str]) -> str:
    return "".join(words).replace("-", "")


def _replaced(sa: Sequence[Word], sb: Sequence[Word], a: Form, b: Form, rules: Rules) -> list[Verdict]:
    """Judge a run of words replaced by another run: pair the words that resemble each other."""
    fa, fb = [w.fold for w in sa], [w.fold for w in sb]
    block = _whole_reading(fa, fb, a, b, rules) if (len(fa), len(fb)) != (1, 1) else None
    if block is not None:
        return [block]
    if len(sa) == len(sb):
        return [judge_word(x, y, rules) for x, y in zip(sa, sb)]
    if len(sa) * len(sb) > PAIR_LIMIT:
        return _unpaired(sa, sb)
    out: list[Verdict] = []
    i0 = j0 = 0
    for i, j in [*pair_words(fa, fb), (len(sa), len(sb))]:
        out.extend(_unpaired(sa[i0:i], sb[j0:j]))
        if i < len(sa):
            out.append(judge_word(sa[i], sb[j], rules))
        i0, j0 = i + 1, j + 1
    return out


#: Two words of a replaced run are paired when rapidfuzz's ratio of their forms reaches this.
PAIR_RATIO = 50.0
#: Runs longer than this (words of one times words of the other) are judged whole, unpaired: a
#: rewritten paragraph is a lexical change, and pairing it word by word would take quadratic time.
PAIR_LIMIT = 2500


def pair_words(fa: Sequence[str], fb: Sequence[str]) -> list[tuple[int, int]]:
    """Pair resembling words of two runs, in order, maximizing total resemblance (``answer``/``answered``)."""
    n, m = len(fa), len(fb)
    sim = [[fuzz.ratio(x, y) if fuzz.ratio(x, y) >= PAIR_RATIO else 0.0 for y in fb] for x in fa]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sim[i][j] if sim[i][j] else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _unpaired(xs: Sequence[Word], ys: Sequence[Word]) -> list[Verdict]:
    ta, tb = " ".join(w.text for w in xs), " ".join(w.text for w in ys)
    if xs and ys:
        return [Verdict("substantive", "lexical", f"lexical: {ta!r} is replaced by {tb!r}")]
    if xs:
        return [Verdict("substantive", "omission", f"omission: {ta!r} is left out")]
    if ys:
        return [Verdict("substantive", "addition", f"addition: {tb!r} is added")]
    return []


#: Words that standard English never doubles, so that ``the the`` is a slip of the copy.
NEVER_DOUBLED: frozenset[str] = frozenset(
    {"a", "an", "the", "of", "to", "in", "into", "on", "at", "by", "for", "from", "with"}
    | {"and", "or", "but", "nor", "is", "are", "was", "were"}
)


def _missing(form: Form, start: int, end: int, subtype: str) -> Verdict:
    """Words present in ``form`` and absent from the other reading: a dittography, or a real addition/omission."""
    words = form.words[start:end]
    texts = [w.text for w in words]
    before = form.words[start - 1].fold if start > 0 else form.before
    after = form.words[end].fold if end < len(form.words) else form.after
    if len(words) == 1 and words[0].fold in NEVER_DOUBLED and words[0].fold in (before, after):
        return Verdict("typo", "dittography", f"dittography: {texts[0]!r} is written twice in a row")
    verb = "is added" if subtype == "addition" else "is left out"
    return Verdict("substantive", subtype, f"{subtype}: {' '.join(texts)!r} {verb}")


#: What each English clitic stands for, to spot ``that's is`` (``that is is``).
CLITICS: dict[str, tuple[str, ...]] = {
    "'s": ("is", "has"),
    "'re": ("are",),
    "'ve": ("have",),
    "'ll": ("will",),
    "'d": ("had", "would"),
    "'m": ("am",),
    "n't": ("not",),
}


def judge_word(x: Word, y: Word, rules: Rules) -> Verdict:
    """Judge word ``y`` against word ``x``: the first rule that accepts the pair decides."""
    for rule in WORD_RULES:
        verdict = rule(x, y, rules)
        if verdict is not None:
            return verdict
    raise AssertionError("the last word rule accepts every pair")


def rule_same(x: Word, y: Word, rules: Rules) -> Verdict | None:
    if x.fold == y.fold:
        return Verdict("case", None, f"case: {x.text!r} against {y.text!r}")
    return None


def rule_regularization(x: Word, y: Word, rules: Rules) -> Verdict | None:
    if rules.equivalences and rules.regularize([x.fold]) == rules.regularize([y.fold]):
        return Verdict(
            "orthographic", "regularization", f"regularization file: {x.text!r} and {y.text!r} are declared equivalent"
        )
    return None


def rule_spelling(x: Word, y: Word, rules: Rules) -> Verdict | None:
    evidence = lexicon.spelling_variant(x.fold, y.fold)
    if evidence:
        return Verdict("orthographic", "spelling", f"spelling system: {evidence}")
    return None


def rule_transliteration(x: Word, y: Word, rules: Rules) -> Verdict | None:
    names = x.text[:1].isupper() and y.text[:1].isupper()
    unknown = [w.text for w in (x, y) if not lexicon.is_word(w.text)]
    if names and unknown and lexicon.transliteration_key(x.text) == lexicon.transliteration_key(y.text):
        return Verdict(
            "orthographic",
            "transliteration",
            f"transliteration: {x.text!r} and {y.text!r} are romanizations of one name "
            f"({' and '.join(map(repr, unknown))} not in the dictionary)",
        )
    return None


def rule_abbreviation(x: Word, y: Word, rules: Rules) -> Verdict | None:
    short, long = sorted((x, y), key=lambda w: len(w.fold))
    if not (short.text[:1].isupper() and long.text[:1].isupper()) or len(long.fold) < len(short.fold) + 2:
        return None
    if not _subsequence(short.fold, long.fold):
        return None
    marked = short.follow == "."
    if marked or not lexicon.known(short.text.lower()):
        how = "is followed by a full stop" if marked else "is no word in lower case"
        return Verdict(
            "orthographic",
            "abbreviation",
            f"abbreviation: {short.text!r} {how} and its letters begin and run through {long.text!r}",
        )
    return None


def _subsequence(short: str, long: str) -> bool:
    if not short or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(c in rest for c in short)


def rule_clitic_dittography(x: Word, y: Word, rules: Rules) -> Verdict | None:
    for plain, contracted in ((x, y), (y, x)):
        for clitic, meanings in CLITICS.items():
            if contracted.fold == plain.fold + clitic and contracted.next in meanings and plain.next == contracted.next:
                return Verdict(
                    "typo",
                    "dittography",
                    f"dittography: {contracted.text!r} {contracted.next!r} says {contracted.next!r} twice "
                    f"({clitic!r} stands for {contracted.next!r})",
                )
    return None


def typo_limit(length: int) -> int:
    """How many edits (insertions, deletions, substitutions, swaps) a typo may be from its word."""
    return 1 if length <= 4 else 2 if length <= 9 else 3


def rule_typo(x: Word, y: Word, rules: Rules) -> Verdict | None:
    xw, yw = lexicon.is_word(x.text), lexicon.is_word(y.text)
    if xw == yw or lexicon.is_number(x.text) or lexicon.is_number(y.text):
        return None
    wrong, right = (y, x) if xw else (x, y)
    distance = OSA.distance(wrong.fold, right.fold)
    if distance <= typo_limit(max(len(wrong.fold), len(right.fold))):
        return Verdict(
            "typo",
            "misspelling",
            f"misspelling: {wrong.text!r} is no dictionary word and is {distance} edit{'s' if distance > 1 else ''} "
            f"from the word {right.text!r}",
        )
    return None


def rule_grammatical(x: Word, y: Word, rules: Rules) -> Verdict | None:
    if not (lexicon.is_word(x.text) and lexicon.is_word(y.text)):
        return None
    stem = lexicon.shared_stem(x.fold, y.fold)
    if stem:
        return Verdict("substantive", "grammatical", f"grammatical: {x.text!r} and {y.text!r} are forms of {stem!r}")
    return None


def rule_lexical(x: Word, y: Word, rules: Rules) -> Verdict:
    unknown = [w.text for w in (x, y) if not lexicon.is_word(w.text)]
    note = f" ({', '.join(map(repr, unknown))} not in the dictionary)" if unknown else ""
    return Verdict("substantive", "lexical", f"lexical: {x.text!r} and {y.text!r} are different words{note}")


#: The word rules in the order they are tried; the last accepts every pair.
WORD_RULES = (
    rule_same,
    rule_regularization,
    rule_spelling,
    rule_transliteration,
    rule_abbreviation,
    rule_clitic_dittography,
    rule_typo,
    rule_grammatical,
    rule_lexical,
)

#: Which substantive subtype names a reading that has several kinds of substantive change: a
#: change of inflection is the mildest, so it names the reading only when it is the only change.
_SUBTYPE_ORDER = ("lexical", "addition", "omission", "transposition", "grammatical")


def _combine(verdicts: Sequence[Verdict]) -> Verdict:
    worst = max(verdicts, key=lambda v: v.rank)
    subtype = worst.subtype
    if worst.type == "substantive":
        subs = {v.subtype for v in verdicts if v.type == "substantive"}
        subtype = next(s for s in _SUBTYPE_ORDER if s in subs)
    reasons = list(dict.fromkeys(v.reason for v in verdicts))
    return Verdict(worst.type, subtype, "; ".join(reasons))


# -- dates --------------------------------------------------------------------------------------

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"\d{3,4}")


def parse_date(words: Sequence[str]) -> tuple[int, int, int | None] | None:
    """``(day, month, year)`` if ``words`` are exactly a date (``15 august``, ``the 15th of august 1918``)."""
    core = [w for w in words if w not in ("the", "of")]
    year = None
    if core and _YEAR.fullmatch(core[-1]) and len(core) == 3:
        year = int(core.pop())
    if len(core) != 2:
        return None
    for day_word, month_word in ((core[0], core[1]), (core[1], core[0])):
        day = _DAY.fullmatch(day_word)
        if day and month_word in _MONTHS and 1 <= int(day.group(1)) <= 31:
            return int(day.group(1)), _MONTHS[month_word], year
    return None


def _date_text(date: tuple[int, int, int | None]) -> str:
    day, month, year = date
    return f"day {day}, month {month}" + (f", year {year}" if year else "")


_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"] + [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
]  # fmt: skip
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if i > 1
}
_NUMBER_WORDS = {**{w: i for i, w in enumerate(_UNITS)}, **_TENS}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def parse_number(words: Sequence[str]) -> int | None:
    """The number ``words`` write, in figures (``125``, ``1,000``) or in words (``one hundred and twenty-five``)."""
    if words and all(w.isdigit() for w in words) and all(len(w) == 3 for w in words[1:]):
        return int("".join(words))  # 1,000 is cut into 1 , 000
    parts = [p for w in words for p in w.split("-") if p]
    if not parts or any(p not in _NUMBER_WORDS and p not in _SCALES and p != "and" for p in parts):
        return None
    if parts[0] == "and" or parts[-1] == "and":
        return None
    total = current = 0
    for part in parts:
        if part in _NUMBER_WORDS:
            current += _NUMBER_WORDS[part]
        elif part == "hundred":
            current = (current or 1) * 100
        elif part in _SCALES:
            total += (current or 1) * _SCALES[part]
            current = 0
    return total + current


# -- locations ----------------------------------------------------------------------------------


def counts_as_substantive(kind: str | None, subtype: str | None, substantive: Iterable[str]) -> bool:
    """True if a class (and subtype) counts as substantive under the setting ``substantive``."""
    chosen = set(substantive)
    return kind is not None and (kind in chosen or f"{kind}:{subtype}" in chosen)


_DEFAULT_SETTINGS = Settings()


def classify(
    alignment: Alignment, tokens: Sequence[Sequence[Token]], settings: Settings = _DEFAULT_SETTINGS
) -> tuple[Variant, ...]:
    """Return a judged :class:`Variant` for every segment whose readings differ in text or formatting."""
    rules = Rules.from_settings(settings)
    reference = alignment.sigla.index(settings.base) if settings.base in alignment.sigla else 0
    located: list[tuple[int, list[Form]]] = []
    for index in range(len(alignment.segments)):
        forms = _forms(alignment, tokens, index, reference)
        if len(forms) > 1:
            located.append((index, forms))
    verdicts = [_pair_verdicts(forms, rules) for _, forms in located]
    for run in _runs(located, alignment, tokens):
        _judge_run(run, located, verdicts, alignment, tokens, rules)
    variants = [
        _variant(f"app{k + 1}", index, forms, verdicts[k], settings) for k, (index, forms) in enumerate(located)
    ]
    return tuple(link_transpositions(variants, [forms for _, forms in located], alignment))


def _forms(alignment: Alignment, tokens: Sequence[Sequence[Token]], index: int, reference: int) -> list[Form]:
    """The distinct readings of segment ``index`` (text and formatting), the reference witness's first."""
    return _forms_of_spans(alignment, tokens, alignment.segments[index].spans, reference)


def _forms_of_spans(
    alignment: Alignment, tokens: Sequence[Sequence[Token]], spans: Sequence[tuple[int, int]], reference: int
) -> list[Form]:
    order = [reference] + [w for w in range(len(alignment.sigla)) if w != reference]
    keys: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for w in order:
        start, end = spans[w]
        seq = tokens[w][start:end]
        keys.setdefault(("".join(t.text for t in seq), _rend(seq)), []).append(w)
    forms = []
    for members in keys.values():
        w = members[0]
        start, end = spans[w]
        sigla = [alignment.sigla[m] for m in sorted(members)]
        forms.append(make_form(tokens[w], start, end, sigla))
    return forms


Pairs = dict[tuple[int, int], Verdict]


def _pair_verdicts(forms: Sequence[Form], rules: Rules) -> Pairs:
    """Every pair of readings judged, the earlier reading as the one judged against."""
    return {(i, j): judge(forms[i], forms[j], rules) for i, j in combinations(range(len(forms)), 2)}


#: Agreement between two variant locations this short (tokens, in every witness) does not
#: separate them: they are judged together as well as alone (see :func:`_judge_run`).
RUN_GAP = 2


def _runs(
    located: Sequence[tuple[int, list[Form]]], alignment: Alignment, tokens: Sequence[Sequence[Token]]
) -> list[list[int]]:
    """Groups of neighbouring variant locations (positions in ``located``), within one paragraph."""
    runs: list[list[int]] = []
    for k, (index, _) in enumerate(located):
        if runs and _joins(located[runs[-1][-1]][0], index, alignment, tokens):
            runs[-1].append(k)
        else:
            runs.append([k])
    return [run for run in runs if len(run) > 1]


def _joins(first: int, second: int, alignment: Alignment, tokens: Sequence[Sequence[Token]]) -> bool:
    segments = alignment.segments
    for w in range(len(alignment.sigla)):
        start, end = segments[first].spans[w][1], segments[second].spans[w][0]
        if end - start > RUN_GAP:
            return False
        if any(ends_paragraph(t.text) for t in tokens[w][segments[first].spans[w][0] : end]):
            return False
    return True


def _judge_run(
    run: list[int],
    located: Sequence[tuple[int, list[Form]]],
    verdicts: list[Pairs],
    alignment: Alignment,
    tokens: Sequence[Sequence[Token]],
    rules: Rules,
) -> None:
    """Judge neighbouring locations as one stretch; where the stretch differs less, that decides.

    The aligner's cut between neighbouring columns of variation is arbitrary: CollateX may align
    ``August 15,`` with ``the 15 August`` as ``August``/``the``, ``15``/``15``, ``,``/``August``. Read
    whole, the stretch is one date in two conventions; read piece by piece, a word is replaced and
    another added. A location takes the whole stretch's judgement when it is less serious than its own.
    """
    first, last = located[run[0]][0], located[run[-1]][0]
    spans = [
        (alignment.segments[first].spans[w][0], alignment.segments[last].spans[w][1])
        for w in range(len(alignment.sigla))
    ]
    whole = {s: f for f in _forms_of_spans(alignment, tokens, spans, 0) for s in f.sigla}
    ids = f"app{run[0] + 1}-app{run[-1] + 1}"
    cache: dict[tuple[str, str], Verdict] = {}
    for k in run:
        forms = located[k][1]
        for (i, j), local in verdicts[k].items():
            a, b = whole[forms[i].sigla[0]], whole[forms[j].sigla[0]]
            key = (a.sigla[0], b.sigla[0])
            if key not in cache:
                cache[key] = judge(a, b, rules)
            joint = cache[key]
            if joint.rank < local.rank:
                reason = (
                    f"read with its neighbours ({ids}: {a.text.strip()!r} against {b.text.strip()!r}), {joint.reason}"
                )
                verdicts[k][(i, j)] = Verdict(joint.type, joint.subtype, reason)


def _variant(vid: str, index: int, forms: list[Form], pairs: Pairs, settings: Settings) -> Variant:
    readings = [Reading(forms[0].text, forms[0].sigla, rend=forms[0].rend)]
    for j, form in enumerate(forms[1:], start=1):
        v = pairs[(0, j)]
        readings.append(Reading(form.text, form.sigla, v.type, _against(forms[0], v), v.subtype, form.rend))
    (wi, wj), worst = max(pairs.items(), key=lambda item: item[1].rank)
    reason = f"{_sigla(forms[wj])} against {_sigla(forms[wi])}: {worst.reason}"
    groups = _groups(len(forms), pairs, settings.substantive)
    return Variant(vid, index, worst.type, tuple(readings), worst.subtype, reason, groups)


def _sigla(form: Form) -> str:
    return ", ".join(form.sigla)


def _against(reference: Form, verdict: Verdict) -> str:
    return f"against {_sigla(reference)}: {verdict.reason}"


def _groups(n: int, pairs: dict[tuple[int, int], Verdict], substantive: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """Partition reading indices into groups linked by differences that are not substantive."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (i, j), verdict in sorted(pairs.items()):
        if not counts_as_substantive(verdict.type, verdict.subtype, substantive):
            parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return tuple(tuple(g) for g in groups.values())


# -- transpositions across locations -------------------------------------------------------------

#: How far apart (in tokens) an omission and an addition of the same words may stand to be read as
#: one moved passage: short single words (``so``, ``the``) recur by chance, so they must be close.
TRANSPOSITION_WINDOW = {"short": 8, "long": 60}


@dataclass(frozen=True)
class _Move:
    """A location where the witnesses fall into two camps by their words."""

    variant: int  # index into the list of variants
    segment: int  # index into the alignment's segments
    camps: dict[frozenset[str], tuple[str, ...]]  # sigla -> the words they read here


def link_transpositions(variants: list[Variant], forms: list[list[Form]], alignment: Alignment) -> list[Variant]:
    """Retype two nearby locations whose readings are the same words exchanged as one transposition.

    Either a passage moved (``at once`` left out here and added a few words on) or two words
    swapped (``workers ... peasants`` against ``peasants ... workers``); both locations are typed
    substantive/transposition and linked to each other through ``Variant.links``.
    """
    moves = [m for i, fs in enumerate(forms) if (m := _move(i, fs, variants[i])) is not None]
    used: set[int] = set()
    out = list(variants)
    for first, second in combinations(moves, 2):
        if used & {first.variant, second.variant} or not _exchanged(first, second):
            continue
        gap = _gap(first, second, alignment)
        words = {w for camp in first.camps.values() for w in camp}
        short = max(len(c) for c in first.camps.values()) == 1 and all(len(w) <= 3 for w in words)
        if gap > TRANSPOSITION_WINDOW["short" if short else "long"]:
            continue
        used.update((first.variant, second.variant))
        for this, other in ((first, second), (second, first)):
            out[this.variant] = _as_transposition(out[this.variant], out[other.variant], this, gap)
    return out


def _move(i: int, forms: list[Form], variant: Variant) -> _Move | None:
    """A substantive location whose readings fall into exactly two camps by their words."""
    if variant.type != "substantive" or variant.subtype not in ("addition", "omission", "lexical"):
        return None
    by_words: dict[tuple[str, ...], set[str]] = {}
    for form in forms:
        by_words.setdefault(tuple(w.fold for w in form.words), set()).update(form.sigla)
    if len(by_words) != 2:
        return None
    return _Move(i, variant.segment, {frozenset(s): words for words, s in by_words.items()})


def _exchanged(a: _Move, b: _Move) -> bool:
    """True if the two camps read at ``b`` what the other camp read at ``a``."""
    if set(a.camps) != set(b.camps):
        return False
    p, q = sorted(a.camps, key=sorted)
    return a.camps[p] == b.camps[q] and a.camps[q] == b.camps[p]


def _gap(a: _Move, b: _Move, alignment: Alignment) -> int:
    """Tokens between the two places, counted in the collation's first witness."""
    sa, ea = alignment.segments[a.segment].spans[0]
    sb, eb = alignment.segments[b.segment].spans[0]
    return max(sb - ea, sa - eb, 0)


def _as_transposition(variant: Variant, other: Variant, move: _Move, gap: int) -> Variant:
    (p, here), (q, there) = sorted(move.camps.items(), key=lambda item: sorted(item[0]))
    names = {camp: ", ".join(sorted(camp)) for camp in (p, q)}
    apart = f"{gap} token{'s' if gap != 1 else ''} apart"
    if not here or not there:
        (has, words), (lacks, _) = ((p, here), (q, there)) if here else ((q, there), (p, here))
        reason = (
            f"transposition, {apart}: {_quote(words)} stands here in {names[has]} and at {other.id} in {names[lacks]}"
        )
    else:
        reason = (
            f"transposition, {apart}: {names[p]} read{'s' if len(p) == 1 else ''} {_quote(here)} here and "
            f"{_quote(there)} at {other.id}; "
            f"{names[q]} the reverse"
        )
    readings = tuple(
        replace(r, subtype="transposition", reason=f"{r.reason}; {reason}") if r.type == "substantive" else r
        for r in variant.readings
    )
    return replace(variant, subtype="transposition", reason=reason, readings=readings, links=(other.id,))


# -- reporting ----------------------------------------------------------------------------------


def counts(collation: Collation) -> dict[str, int]:
    """Variant locations per class, every class present, most serious first."""
    found = Counter(v.type for v in collation.variants)
    return {kind: found.get(kind, 0) for kind in reversed(SEVERITY)}


def subtype_counts(collation: Collation) -> dict[str, dict[str, int]]:
    """Variant locations per class and subtype (``-`` for none), for the classes present."""
    out: dict[str, dict[str, int]] = {}
    for v in collation.variants:
        sub = out.setdefault(v.type, {})
        sub[v.subtype or "-"] = sub.get(v.subtype or "-", 0) + 1
    return {k: dict(sorted(out[k].items())) for k in reversed(SEVERITY) if k in out}


def similarity(collation: Collation, i: int, j: int) -> tuple[float, float]:
    """Two measures of how alike witnesses ``i`` and ``j`` are, in percent.

    The first is rapidfuzz's normalized Indel similarity of their normalized token sequences
    (alignment-free; every spelling or punctuation difference counts against it). The second is
    the share of their tokens that stand outside substantive divergences between the two (from the
    alignment and the classification): how much of the wording agrees.
    """
    ni = [t.norm for t in collation.tokens[i]]
    nj = [t.norm for t in collation.tokens[j]]
    fuzzy = 100.0 * Indel.normalized_similarity(ni, nj)
    si, sj = collation.sigla[i], collation.sigla[j]
    apart = 0
    for v in collation.variants:
        ri = next(k for k, r in enumerate(v.readings) if si in r.sigla)
        rj = next(k for k, r in enumerate(v.readings) if sj in r.sigla)
        if not any(ri in g and rj in g for g in v.groups):
            (a, b), (c, d) = (collation.alignment.segments[v.segment].spans[w] for w in (i, j))
            apart += (b - a) + (d - c)
    total = len(ni) + len(nj)
    return fuzzy, (100.0 * (total - apart) / total if total else 100.0)


def summary(collation: Collation) -> str:
    """A few lines for the terminal: locations per class (with subtypes), similarity per witness pair."""
    settings = collation.settings
    n = len(collation.variants)
    substantive = sum(counts_as_substantive(v.type, v.subtype, settings.substantive) for v in collation.variants)
    head = (
        f"{len(collation.witnesses)} witnesses ({', '.join(collation.sigla)}): {n} variant locations, "
        f"{substantive} counted substantive ({', '.join(settings.substantive)})"
    )
    lines = [head]
    subs = subtype_counts(collation)
    for kind, number in counts(collation).items():
        if number:
            detail = ", ".join(f"{s} {c}" for s, c in subs[kind].items() if s != "-")
            lines.append(f"  {kind:<13}{number:>5}" + (f"  ({detail})" if detail else ""))
    lines.append("similarity per pair: normalized tokens (rapidfuzz Indel); tokens outside substantive divergences:")
    for i, j in combinations(range(len(collation.witnesses)), 2):
        fuzzy, wording = similarity(collation, i, j)
        lines.append(f"  {collation.sigla[i]} ~ {collation.sigla[j]}: {fuzzy:.1f}%; wording {wording:.1f}%")
    return "\n".join(lines)
