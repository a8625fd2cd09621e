"""The rules that judge one reading against another: layers of accidentals peeled off in turn
(whitespace, glyphs, case, punctuation), then rules for whole readings (regularization, word
division, dates, numerals, transpositions) and for single words (spelling, transliteration,
abbreviation, typos, grammar), the first that accepts a pair deciding."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from ..vocabulary import SUBTYPES
from . import lexicon
from .forms import Form, Rules, Verdict, Word, glyph, is_word, quote
from .marks import bare, marks_kind
from .numbers import date_text, parse_date, parse_number, parse_ordinal
from .structure import structural
from .conventions import convention, crasis, same_word
from .wordrules import (
    has_word_list,
    rule_ampersand,
    rule_convention,
    rule_elision_apostrophe,
    rule_ketiv_qere,
    rule_latin,
    rule_marks,
    rule_name_spelling,
    rule_ocr,
    second_opinion,
    shared_lemma,
)
from .wordrules import is_word as is_language_word


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
    structure = structural(a, b)
    if structure is not None:
        return Verdict("structural", structure[0], structure[1])
    ga, gb = tuple(glyph(t) for t in a.tokens), tuple(glyph(t) for t in b.tokens)
    if ga == gb:
        return _typographic(a, b)
    if tuple(g.casefold() for g in ga) == tuple(g.casefold() for g in gb):
        return Verdict("case", None, f"case: {a.text.strip()!r} against {b.text.strip()!r} differ in letter case only")
    wa, wb = [w.fold for w in a.words], [w.fold for w in b.words]
    if wa == wb:
        pa = " ".join(t for t in a.tokens if not is_word(t)) or "none"
        pb = " ".join(t for t in b.tokens if not is_word(t)) or "none"
        if _joiners_only(a, b):
            return Verdict(
                "orthographic",
                "word-division",
                f"word-division: the same words, joined by {pa!r} against {pb!r} (a maqaf or hyphen)",
            )
        return Verdict("punctuation", None, f"punctuation: the same words, punctuation {pa!r} against {pb!r}")
    if [bare(w.text) for w in a.words] == [bare(w.text) for w in b.words]:
        return _marks_only([w.text for w in a.words], [w.text for w in b.words])
    return _judge_words(a, b, rules)


#: Marks that join two words into one (the Hebrew maqaf, the hyphen): present or absent, they
#: divide the words otherwise, not punctuate them.
JOINERS = frozenset({"\u05be", "-"})


def _joiners_only(a: Form, b: Form) -> bool:
    """The readings' punctuation differs only in joiners."""
    pa = [t for t in a.tokens if not is_word(t) and t not in JOINERS]
    pb = [t for t in b.tokens if not is_word(t) and t not in JOINERS]
    return pa == pb


def _marks_only(wa: Sequence[str], wb: Sequence[str]) -> Verdict:
    """The words differ in marks, final forms or ligatures only (punctuation may differ too)."""
    found = [marks_kind(x, y) for x, y in zip(wa, wb) if x.lower() != y.lower()]
    kinds = [f for f in found if f is not None]
    subtype = "diacritics" if any(k[0] == "diacritics" for k in kinds) else kinds[0][0]
    return Verdict("orthographic", subtype, "; ".join(dict.fromkeys(k[1] for k in kinds)))


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
    oa, ob = parse_ordinal(wa), parse_ordinal(wb)
    if oa is not None and oa == ob:
        return Verdict(
            "orthographic",
            "numeral",
            f"numeral: {a.text.strip()!r} and {b.text.strip()!r} write the ordinal {oa} in words and in figures",
        )
    if len(wa) > 1 and sorted(wa) == sorted(wb):
        return Verdict(
            "substantive",
            "transposition",
            f"transposition: the same words in another order, {quote(wa)} against {quote(wb)}",
        )
    return None


def _division(
    sa: Sequence[Word], sb: Sequence[Word], rules: Rules
) -> tuple[tuple[int, int, int, int], Verdict] | None:
    """Two or three words of one run that are one word of the other, divided otherwise (``puis que``
    / ``puisque``, ``dequoy`` / ``de quoi``, by the language's conventions too): ``((i, n, j, m),
    verdict)`` for ``sa[i:i+n]`` against ``sb[j:j+m]``.

    Every run of a replaced passage is tried against every word of the other, so the joined runs
    are made once and filed by their first letter: a word is compared with the runs that begin
    as it does only (the others can be neither the same letters nor a convention's spelling).
    """
    if len(sa) * len(sb) > PAIR_LIMIT or (len(sa), len(sb)) == (1, 1):
        return None
    greek = "grc" in rules.languages or "el" in rules.languages
    for one, other, flip in ((sa, sb, False), (sb, sa, True)):
        runs = _runs_by_initial(one)
        for j, word in enumerate(other):
            target = bare(word.fold).replace("-", "")
            for i, n, joined in runs.get(target[:1], ()) if target else ():
                if greek and n == 2 and crasis(bare(one[i].fold), bare(one[i + 1].fold), word.text):
                    texts = (" ".join(w.text for w in one[i : i + n]), word.text)
                    verdict = Verdict("orthographic", "crasis", f"crasis: {texts[1]!r} is {texts[0]!r} as one word")
                    return ((j, 1, i, n) if flip else (i, n, j, 1)), verdict
                if abs(len(joined) - len(target)) > 2:
                    continue  # cheap tests first: the conventions are regular expressions
                if joined == target or convention(joined, target, rules.languages):
                    texts = (" ".join(w.text for w in one[i : i + n]), word.text)
                    verdict = Verdict(
                        "orthographic",
                        "word-division",
                        f"word-division: {texts[0]!r} and {texts[1]!r} are the same letters divided otherwise",
                    )
                    return ((j, 1, i, n) if flip else (i, n, j, 1)), verdict
    return None


def _runs_by_initial(words: Sequence[Word]) -> dict[str, list[tuple[int, int, str]]]:
    """Every run of two or three neighbouring words, as ``(start, length, letters joined)``, filed
    by the joined letters' first one, in the order :func:`_division` tries them (start, then length)."""
    letters = [bare(w.fold) for w in words]
    runs: dict[str, list[tuple[int, int, str]]] = {}
    for i in range(len(words)):
        for n in (2, 3):
            if i + n > len(words):
                continue
            joined = "".join(letters[i : i + n]).replace("-", "")
            if joined:
                runs.setdefault(joined[0], []).append((i, n, joined))
    return runs


def _joined(words: Sequence[str]) -> str:
    return "".join(words).replace("-", "")


def _replaced(sa: Sequence[Word], sb: Sequence[Word], a: Form, b: Form, rules: Rules) -> list[Verdict]:
    """Judge a run of words replaced by another run: pair the words that resemble each other."""
    fa, fb = [w.fold for w in sa], [w.fold for w in sb]
    block = _whole_reading(fa, fb, a, b, rules) if (len(fa), len(fb)) != (1, 1) else None
    if block is not None:
        return [block]
    split = _division(sa, sb, rules)
    if split is not None:
        (i, n, j, m), verdict = split
        return [
            *(_replaced(sa[:i], sb[:j], a, b, rules) if i or j else []),
            verdict,
            *(_replaced(sa[i + n :], sb[j + m :], a, b, rules) if i + n < len(sa) or j + m < len(sb) else []),
        ]
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


#: Words that English (and French, Latin, Greek, German) never doubles, so that ``the the`` is a
#: slip of the copy.
NEVER_DOUBLED: frozenset[str] = frozenset(
    {"a", "an", "the", "of", "to", "in", "into", "on", "at", "by", "for", "from", "with"}
    | {"and", "or", "but", "nor", "is", "are", "was", "were"}
    | {"et", "de", "des", "du", "le", "les", "un", "une", "que", "ad", "ac", "atque", "καί", "δέ", "und", "der", "die"}
)


def _missing(form: Form, start: int, end: int, subtype: str) -> Verdict:
    """Words present in ``form`` and absent from the other reading: a dittography, or a real addition/omission."""
    words = form.words[start:end]
    texts = [w.text for w in words]
    before = form.words[start - 1].fold if start > 0 else form.before
    after = form.words[end].fold if end < len(form.words) else form.after
    doubled = any(same_word(words[0].fold, n) for n in (before, after)) if len(words) == 1 else False
    if len(words) == 1 and words[0].fold in NEVER_DOUBLED | {"and"} and doubled:
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
    if not rules.english:
        return None
    evidence = lexicon.spelling_variant(x.fold, y.fold)
    if evidence:
        return Verdict("orthographic", "spelling", f"spelling system: {evidence}")
    return None


def rule_transliteration(x: Word, y: Word, rules: Rules) -> Verdict | None:
    names = x.text[:1].isupper() and y.text[:1].isupper()
    unknown = [w.text for w in (x, y) if not is_language_word(w.text, rules)]
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
    no_word = not lexicon.known(short.text.lower()) if rules.english else not is_language_word(short.text.lower(), rules)
    if marked or no_word:
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


#: A short word elided onto the next one by an apostrophe (French ``d’``, ``l’``, ``qu’``; ``o'`` of ``o'er``).
_ELIDED_WORD = re.compile(r"^(\w{1,3})['\u2019\u02bc](?=\w)")


def _elided_word(text: str) -> str:
    found = _ELIDED_WORD.match(text)
    return found.group(1).lower() if found else ""


def rule_typo(x: Word, y: Word, rules: Rules) -> Verdict | None:
    if not has_word_list(rules):
        return None  # no list says which of the two is no word
    if _elided_word(x.text) != _elided_word(y.text):
        return None  # d’Hermionne / Hermione: a word more (de), not one word misspelt
    xw, yw = is_language_word(x.text, rules), is_language_word(y.text, rules)
    if xw == yw or lexicon.is_number(x.text) or lexicon.is_number(y.text):
        return None
    wrong, right = (y, x) if xw else (x, y)
    distance = OSA.distance(wrong.fold, right.fold)
    if distance <= typo_limit(max(len(wrong.fold), len(right.fold))) and not second_opinion(wrong, rules):
        return Verdict(
            "typo",
            "misspelling",
            f"misspelling: {wrong.text!r} is no dictionary word and is {distance} edit{'s' if distance > 1 else ''} "
            f"from the word {right.text!r}",
        )
    return None


def rule_grammatical(x: Word, y: Word, rules: Rules) -> Verdict | None:
    if rules.english and not (lexicon.is_word(x.text) and lexicon.is_word(y.text)):
        return None
    stem = shared_lemma(x, y, rules)
    if stem:
        return Verdict("substantive", "grammatical", f"grammatical: {x.text!r} and {y.text!r} are forms of {stem!r}")
    return None


def rule_lexical(x: Word, y: Word, rules: Rules) -> Verdict:
    unknown = [w.text for w in (x, y) if not is_language_word(w.text, rules)] if has_word_list(rules) else []
    note = f" ({', '.join(map(repr, unknown))} not in the dictionary)" if unknown else ""
    return Verdict("substantive", "lexical", f"lexical: {x.text!r} and {y.text!r} are different words{note}")


#: The word rules in the order they are tried; the last accepts every pair.
WORD_RULES = (
    rule_same,
    rule_ampersand,
    rule_marks,
    rule_regularization,
    rule_ketiv_qere,
    rule_convention,
    rule_latin,
    rule_spelling,
    rule_transliteration,
    rule_name_spelling,
    rule_abbreviation,
    rule_clitic_dittography,
    rule_elision_apostrophe,
    rule_ocr,
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
