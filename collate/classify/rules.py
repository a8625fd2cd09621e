"""The rules that judge one reading against another: layers of accidentals peeled off in turn
(whitespace, glyphs, case, punctuation), then rules for whole readings (regularization, word
division, dates, numerals, transpositions) and for single words (spelling, transliteration,
abbreviation, typos, grammar), the first that accepts a pair deciding."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from ..vocabulary import SUBTYPES
from . import lexicon
from .forms import Form, Rules, Verdict, Word, glyph, is_word, quote
from .numbers import date_text, parse_date, parse_number


def judge(a: Form, b: Form, rules: Rules) -> Verdict:
    """Judge reading ``b`` against reading ``a``: text first, then formatting; the worse decides."""
    verdicts = [v for v in (_judge_text(a, b, rules), _judgerend_of(a, b)) if v is not None]
    if not verdicts:
        return Verdict("whitespace", None, "identical: the readings do not differ")
    worst = max(verdicts, key=lambda v: v.rank)
    return Verdict(worst.type, worst.subtype, "; ".join(v.reason for v in verdicts))


def _judgerend_of(a: Form, b: Form) -> Verdict | None:
    ea, eb = _emphasis(a), _emphasis(b)
    if ea == eb:
        return None
    return Verdict("typographic", "emphasis", f"emphasis: {_describe(ea)} against {_describe(eb)}")


def _emphasis(form: Form) -> tuple[tuple[str, str], ...]:
    if not form.rend:
        return ()
    return tuple((glyph(t), r) for t, r in zip(form.tokens, form.rend) if r and is_word(t))


def _describe(emphasis: tuple[tuple[str, str], ...]) -> str:
    if not emphasis:
        return "no emphasis"
    by_rend: dict[str, list[str]] = {}
    for word, rend in emphasis:
        by_rend.setdefault(rend, []).append(word)
    return ", ".join(f"{rend} {quote(words)}" for rend, words in by_rend.items())


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
        pa = " ".join(t for t in a.tokens if not is_word(t)) or "none"
        pb = " ".join(t for t in b.tokens if not is_word(t)) or "none"
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
    if is_word(x):
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
            f"regularization file: {quote(wa)} and {quote(wb)} are declared equivalent",
        )
    if wa and wb and _joined(wa) == _joined(wb):
        return Verdict(
            "orthographic",
            "word-division",
            f"word-division: {quote(wa)} and {quote(wb)} are the same letters divided otherwise",
        )
    da, db = parse_date(wa), parse_date(wb)
    if da is not None and da == db:
        return Verdict(
            "orthographic",
            "date",
            f"date: {a.text.strip()!r} and {b.text.strip()!r} write the same date ({date_text(da)}) in two conventions",
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
            f"transposition: the same words in another order, {quote(wa)} against {quote(wb)}",
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
