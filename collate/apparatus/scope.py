"""Texts with an inline bracket apparatus: one printed text that encodes two versions.

Printed editions often give one version of a text and put the readings of a second version in
square brackets right after the passage they replace: ``catch up [be equal] to``. The replaced
passage was marked in print (by italics, say), but that mark is often lost (in OCR, in a plain
transcription), so where each replaced passage *begins* has to be inferred. An empty reading is
written as an instruction: ``[omitted]`` ("the second version lacks the passage before this
bracket"), ``[phrase omitted from version 2]``, ``[quotation marks omitted]``.

:func:`expand_apparatus` reads such a text and writes both versions: the *base* text (every
bracket taken out) and the *bracketed* text (every bracket's reading put in place of its scope).
Each bracket becomes one :class:`BracketRecord` saying what it was taken for:

- ``replacement``: the reading replaces the passage before the bracket (its *scope*);
- ``omission``: an instruction bracket; the scope is absent from the bracketed version;
- ``addition``: the reading replaces nothing; it is inserted where the bracket stands
  (a bracketed paragraph or sentence of its own, or words no passage before them answers);
- ``editorial``: a note of the editor (``[sic]``, ``[circa 20 January 1924]``), kept as it
  stands in both versions.

How the scope is inferred (the rules are tried in this order; each record names its rule and a
confidence between 0 and 1):

1. An instruction bracket (``[omitted]``...) takes the smallest syntactic unit that can be
   missing before it: the clause it closes when it follows clause punctuation; the function
   word before it ("and [omitted] on"); a run of modifiers when a noun follows ("the
   uninterrupted [omitted] expansion"); otherwise the phrase back to the nearest preposition
   ("in its current form [omitted]"). ``[quotation marks omitted]`` takes the quotation before it.
2. A reading that opens its paragraph is an addition.
3. A reading that follows the end of a sentence replaces the one to three sentences before it
   if it resembles them (rapidfuzz ratio of at least :data:`SENTENCE_MATCH`), else it is an
   addition.
4. A reading that shares words with the text before it (exactly, or by rapidfuzz similarity
   for longer words) is aligned with that text word by word; the scope runs from the first
   aligned word to the bracket, widened by the reading's unaligned leading words, never across
   a clause boundary. Confidence: rapidfuzz ratio of scope and reading.
5. Otherwise closed-class words decide: a reading after clause punctuation, a reading that
   ends in an article, preposition or conjunction (it leads into what follows), a reading
   after a function word of another class, or a reading opening with "and"/"or", is an
   addition; anything else replaces as many words before it as it has.

The rules use no per-site knowledge; an editor fixes what they get wrong with an override file
(:func:`load_overrides`, format in ``docs/medvedev.md``).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from ..errors import ConfigError, InputError, OutputError
from ..files import write_all

#: The kinds of bracket, in the order reports list them.
KINDS: tuple[str, ...] = ("replacement", "omission", "addition", "editorial")

#: Minimum rapidfuzz ratio (0-100) for a sentence-initial reading to replace the sentences before it.
SENTENCE_MATCH = 60.0

#: Minimum rapidfuzz ratio for two different content words (five letters or more) to count as shared.
WORD_MATCH = 72.0

_INSTRUCTION = re.compile(
    r"^\s*(?:(?P<what>[\w ]+?)\s+)?omitted(?:\s+(?:from|in)\s+(?:version|the|text)\b[^\]]*)?\s*$", re.IGNORECASE
)
_QUOTES = re.compile(r"^\s*(?:quotation marks|quotes|quotation mark|inverted commas)$", re.IGNORECASE)

#: Editorial conventions recognised without an override: [sic], [?], [...], [circa 1924], [c. 1924].
EDITORIAL = re.compile(r"^\s*(?:sic!?|\?|\.\.\.|…|(?:circa|ca?\.)\s+.*\d.*)\s*$", re.IGNORECASE)

# Closed-class English words, by class: what the structural rules know of syntax.
# fmt: off
_CLASSES: dict[str, frozenset[str]] = {
    "det": frozenset({
        "the", "a", "an", "this", "that", "these", "those", "its", "our", "their", "his", "her", "my", "your",
        "all", "each", "every", "some", "any", "no", "such", "another"
    }),
    "prep": frozenset({
        "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "upon", "about", "above",
        "across", "after", "against", "along", "among", "around", "before", "behind", "below", "beneath",
        "beside", "between", "beyond", "during", "except", "inside", "near", "outside", "through", "throughout",
        "toward", "towards", "under", "until", "within", "without", "regarding", "concerning", "per", "via",
        "than", "as"
    }),
    "conj": frozenset({
        "and", "or", "but", "nor", "yet", "if", "because", "although", "though", "while", "whereas", "whether",
        "unless", "since", "that", "when", "where"
    }),
    "pron": frozenset({
        "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "myself", "yourself",
        "himself", "herself", "itself", "ourselves", "themselves", "who", "whom", "which", "what", "whose"
    }),
    "aux": frozenset({
        "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does",
        "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not"
    }),
}
# fmt: on
_FUNCTION = frozenset().union(*_CLASSES.values())
_LINKING = _CLASSES["det"] | _CLASSES["prep"] | _CLASSES["conj"]
_COORDINATING = frozenset({"and", "or", "but", "nor"})
_CLAUSE_END = re.compile(r"[,;:.?!](?:[”’\"')\]]*)$")
_SENTENCE_END = re.compile(r"[.?!](?:[”’\"')\]]*)$")
_DASHES = frozenset({"-", "--", "—", "–", "―"})


@dataclass(frozen=True)
class Override:
    """An editor's decision on one bracket, from an override file.

    ``at`` is a snippet of the source that contains the bracket (and no other) and occurs once;
    ``kind`` forces the kind (``None``: keep the inferred one); ``scope`` is the passage the
    bracket stands for, the text right before it (``""`` for an addition; ``None``: infer it);
    ``reason`` says why, for the report.
    """

    at: str
    reason: str
    kind: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Overrides:
    """The overrides of one file: ``path`` names it in error messages and reports."""

    path: str
    entries: tuple[Override, ...] = ()


@dataclass(frozen=True)
class BracketRecord:
    """What one bracket of the source was taken for.

    ``number`` counts brackets from 1 in source order; ``offset``/``end`` delimit the bracket
    (with its square brackets) in the source and ``line`` is its source line; ``text`` is its
    content. ``kind`` is one of :data:`KINDS`. ``scope`` is the source range of the passage the
    bracket stands for (empty for additions and editorial notes) and ``scope_text`` that passage;
    ``reading`` is what the bracketed version has in its place. ``confidence`` (0-1) says how
    sure the inference is (1 for an override); ``decided`` is ``"inferred"`` or
    ``"overridden"``; ``rule`` names the rule that decided and ``reason`` gives its evidence or the
    editor's reason. ``base_span`` and ``bracketed_span`` are the character ranges of the site in
    the two output texts.
    """

    number: int
    offset: int
    end: int
    line: int
    text: str
    kind: str
    scope: tuple[int, int]
    scope_text: str
    reading: str
    confidence: float
    decided: str
    rule: str
    reason: str
    base_span: tuple[int, int] = (0, 0)
    bracketed_span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class ApparatusResult:
    """Both versions a bracket apparatus encodes, and the record of every bracket."""

    base: str
    bracketed: str
    brackets: tuple[BracketRecord, ...]
    source: str = "<text>"
    overrides: str = ""

    def count(self, kind: str) -> int:
        """How many brackets were taken as ``kind``."""
        return sum(1 for b in self.brackets if b.kind == kind)


@dataclass(frozen=True)
class _Unit:
    """A whitespace-delimited chunk of the source: ``core`` is its lower-cased word, ``""`` if none."""

    start: int
    end: int
    text: str
    core: str

    @property
    def is_word(self) -> bool:
        return bool(self.core)

    @property
    def ends_clause(self) -> bool:
        return self.text in _DASHES or bool(_CLAUSE_END.search(self.text))

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))

    @property
    def function(self) -> bool:
        return self.core in _FUNCTION


@dataclass(frozen=True)
class _Decision:
    kind: str
    scope_start: int
    scope_end: int
    reading: str
    confidence: float
    rule: str
    reason: str
    decided: str = "inferred"


# --------------------------------------------------------------------------------------------
# Reading the source


def find_brackets(text: str, source: str = "<text>") -> list[tuple[int, int]]:
    """The ``(start, end)`` of every ``[...]`` in ``text``; refuse nested or unbalanced brackets."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == "[":
            if opened is not None:
                raise InputError(
                    f"{source}: line {_line(text, index)}: a bracket opens inside the bracket opened on line "
                    f"{_line(text, opened)}; close the first one, or if it is an OCR misreading (of 'I', say) correct it"
                )
            opened = index
        elif char == "]":
            if opened is None:
                raise InputError(
                    f"{source}: line {_line(text, index)}: ']' closes no bracket; remove it or add the '['"
                )
            spans.append((opened, index + 1))
            opened = None
    if opened is not None:
        raise InputError(f"{source}: line {_line(text, opened)}: '[' is never closed; close it or remove it")
    return spans


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _core(chunk: str) -> str:
    word = re.sub(r"^[^\w]+|[^\w]+$", "", chunk)
    return word.replace("’", "'").casefold()


def _units(text: str, start: int, end: int) -> list[_Unit]:
    return [
        _Unit(start + m.start(), start + m.end(), m.group(), _core(m.group()))
        for m in re.finditer(r"\S+", text[start:end])
    ]


def _paragraph_start(text: str, offset: int) -> int:
    found = [m.end() for m in re.finditer(r"\n[ \t]*\n", text[:offset])]
    return found[-1] if found else 0


# --------------------------------------------------------------------------------------------
# Inference


def _classes(word: str) -> set[str]:
    return {name for name, words in _CLASSES.items() if word in words}


def _clause_start(units: Sequence[_Unit], index: int) -> int:
    """Index of the first unit of the clause that unit ``index - 1`` belongs to."""
    i = index
    while i > 0 and not units[i - 1].ends_clause and not units[i - 1].text.startswith("("):
        i -= 1
    if i > 0 and units[i - 1].text.startswith("(") and not units[i - 1].ends_clause:
        i -= 1
    return i


def _sentence_starts(units: Sequence[_Unit]) -> list[int]:
    return [0] + [i + 1 for i, u in enumerate(units[:-1]) if u.ends_sentence]


def _infer_instruction(units: list[_Unit], bracket_start: int, what: str, text: str) -> _Decision:
    """Scope of an ``[omitted]``-like bracket: the smallest unit that can be missing before it."""
    if _QUOTES.match(what or ""):
        return _quotation(units, bracket_start, text)
    if not units:
        return _Decision(
            "omission",
            bracket_start,
            bracket_start,
            "",
            0.0,
            "nothing before",
            "no text before the bracket in its paragraph; nothing is omitted",
        )
    last = units[-1]
    if last.ends_clause:
        start = _clause_start(units, len(units) - 1)
        first = units[start].start
        return _Decision(
            "omission",
            first,
            last.end,
            "",
            0.6,
            "clause",
            "follows clause punctuation: the clause it closes is omitted",
        )
    after = _next_word(text, bracket_start)
    if last.function and last.core not in _CLASSES["pron"]:
        return _Decision(
            "omission",
            last.start,
            last.end,
            "",
            0.5,
            "function word",
            f"follows the function word {last.core!r}, which is omitted",
        )
    if after and after not in _FUNCTION:
        run = _modifier_run(units)
        first = run[0]
        rule = "modifier"
        if first > 0 and units[first - 1].core in _COORDINATING and not units[first - 1].ends_clause:
            first -= 1
            rule = "coordinated modifier"
        return _Decision(
            "omission",
            units[first].start,
            last.end,
            "",
            0.7,
            rule,
            f"a noun follows ({after!r}): the modifier before the bracket is omitted",
        )
    prep = _phrase_start(units)
    if prep is not None:
        return _Decision(
            "omission",
            units[prep].start,
            last.end,
            "",
            0.6,
            "phrase",
            f"the phrase from the preposition {units[prep].core!r} to the bracket is omitted",
        )
    run = _modifier_run(units)
    return _Decision(
        "omission",
        units[run[0]].start,
        last.end,
        "",
        0.4,
        "last words",
        "no preposition before it in its clause: the last content words are omitted",
    )


def _quotation(units: list[_Unit], bracket_start: int, text: str) -> _Decision:
    before = text[:bracket_start].rstrip()
    close = len(before) - 1
    if close >= 0 and before[close] in '”"':
        opening = before.rfind("“" if before[close] == "”" else '"', 0, close)
        if opening != -1 and "\n\n" not in before[opening:close]:
            quoted = before[opening : close + 1]
            bare = quoted[1:-1]
            return _Decision(
                "replacement",
                opening,
                close + 1,
                bare,
                0.9,
                "quotation",
                "the quotation before the bracket, without its quotation marks",
            )
    return _Decision(
        "replacement",
        bracket_start,
        bracket_start,
        "",
        0.0,
        "no quotation",
        "no quotation ends right before the bracket: nothing changed; add an override",
    )


def _next_word(text: str, bracket_start: int) -> str:
    close = text.find("]", bracket_start)
    match = re.match(r"\s*(\S+)", text[close + 1 :])
    if not match or _CLAUSE_END.search(match.group(1)[:1]) or match.group(1)[0] in "—–-([":
        return ""
    return _core(match.group(1))


def _modifier_run(units: Sequence[_Unit]) -> list[int]:
    """Indices of the run of content words (at most three) ending the clause before the bracket."""
    run = [len(units) - 1]
    while len(run) < 3:
        i = run[0] - 1
        if i < 0 or units[i].ends_clause or units[i].function or not units[i].is_word:
            break
        run.insert(0, i)
    return run


def _phrase_start(units: Sequence[_Unit], limit: int = 6) -> int | None:
    """Index of the preposition opening the phrase that ends before the bracket, if one is near."""
    i = len(units) - 1
    for _ in range(limit):
        if i < 0:
            return None
        unit = units[i]
        if i < len(units) - 1 and (unit.ends_clause or not unit.is_word):
            return None
        if unit.core in _CLASSES["prep"]:
            return i
        if (
            i < len(units) - 1
            and unit.core in (_CLASSES["conj"] | _CLASSES["aux"] | _CLASSES["pron"]) - _CLASSES["det"]
        ):
            return None
        i -= 1
    return None


def _similarity(a: str, b: str) -> float:
    """How far word ``a`` stands for word ``b``: 1 if equal, a fraction for close longer words, 0."""
    if a == b:
        return 0.3 if a in _FUNCTION else 1.0
    if a in _FUNCTION or b in _FUNCTION or min(len(a), len(b)) < 5:
        return 0.0
    ratio = fuzz.ratio(a, b)
    return ratio / 100 if ratio >= WORD_MATCH else 0.0


_GAP = 0.05


def _align(window: Sequence[_Unit], reading: Sequence[str]) -> tuple[int, list[tuple[int, int]], float]:
    """Align the reading's words with a suffix of the window (word units), ending at the bracket.

    Returns the window index where the aligned suffix starts, the aligned ``(window, reading)``
    index pairs, and the score: matched words count (function words little), every unmatched
    window word inside the suffix costs a little, so a compact, dense match wins; on a tie the
    later (shorter) start wins.
    """
    score = _suffix_scores(window, reading)
    start, first, total = -1, -1, 0.0
    for i, unit in enumerate(window):
        for j, word in enumerate(reading):
            sim = _similarity(unit.core, word) if unit.is_word else 0.0
            value = sim + score[i + 1][j + 1]
            if sim > 0 and (value > total + 1e-9 or (value >= total - 1e-9 and i > start)):
                start, first, total = i, j, value
    if start < 0:
        return -1, [], 0.0
    return start, _traceback(window, reading, score, start, first), total


def _suffix_scores(window: Sequence[_Unit], reading: Sequence[str]) -> list[list[float]]:
    """``score[i][j]``: the best alignment of ``window[i:]`` (to its end) with ``reading[j:]``."""
    n, m = len(window), len(reading)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        cost = _GAP if window[i].is_word else 0.0
        score[i][m] = score[i + 1][m] - cost
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j] - cost, score[i][j + 1])
            sim = _similarity(window[i].core, reading[j]) if window[i].is_word else 0.0
            if sim > 0:
                best = max(best, sim + score[i + 1][j + 1])
            score[i][j] = best
    return score


def _traceback(window: Sequence[_Unit], reading: Sequence[str], score, start: int, first: int) -> list[tuple[int, int]]:
    """The aligned pairs of the best alignment that starts by pairing ``start`` with ``first``."""
    pairs = [(start, first)]
    i, j = start + 1, first + 1
    while i < len(window) and j < len(reading):
        sim = _similarity(window[i].core, reading[j]) if window[i].is_word else 0.0
        if sim > 0 and abs(score[i][j] - (sim + score[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif abs(score[i][j] - score[i][j + 1]) < 1e-9:
            j += 1
        else:
            i += 1
    return pairs


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("’", "'").casefold()).split())


def _infer_lexical(units: list[_Unit], reading: str, text: str) -> _Decision | None:
    """Rule 4: the reading shares words with the text before it; align them."""
    words = [_core(w) for w in reading.split() if _core(w)]
    content = [w for w in words if w not in _FUNCTION]
    if not content:
        return None
    start, pairs, _ = _align(units, words)
    matched = sum(_similarity(units[i].core, words[j]) for i, j in pairs if words[j] not in _FUNCTION)
    if not pairs or matched < max(0.7, 0.25 * len(content)):
        return None
    while len(pairs) > 1 and words[pairs[0][1]] in _FUNCTION and pairs[1][0] - pairs[0][0] > 2:
        pairs = pairs[1:]  # a function word matched far before the rest anchors nothing
    start = pairs[0][0]
    last_pair = pairs[-1][0]
    tail = sum(1 for u in units[last_pair + 1 :] if u.is_word)
    widen = max(0, pairs[0][1] - tail)
    clause = _clause_start(units, start + 1)
    first = max(clause, start - widen) if widen else start
    while first > clause and widen and not units[first].is_word:
        first -= 1
    scope = text[units[first].start : units[-1].end]
    ratio = fuzz.ratio(_norm(scope), _norm(reading))
    shared = ", ".join(words[j] for _, j in pairs[:6]) + ("..." if len(pairs) > 6 else "")
    return _Decision(
        "replacement",
        units[first].start,
        units[-1].end,
        reading,
        round(ratio / 100, 2),
        "shared words",
        f"aligned on {len(pairs)} word(s) ({shared}); ratio {ratio:.0f}",
    )


def _infer_sentence(units: list[_Unit], reading: str, text: str, at: int) -> _Decision:
    """Rule 3: a reading after a sentence end replaces whole sentences it resembles, or is added."""
    starts = _sentence_starts(units)
    best, best_start = 0.0, len(units)
    for k in range(1, min(3, len(starts)) + 1):
        first = starts[-k]
        ratio = fuzz.ratio(_norm(text[units[first].start : units[-1].end]), _norm(reading))
        if ratio > best:
            best, best_start = ratio, first
    if best >= SENTENCE_MATCH:
        return _Decision(
            "replacement",
            units[best_start].start,
            units[-1].end,
            reading,
            round(best / 100, 2),
            "sentence",
            f"follows a sentence end and resembles the sentence(s) before it (ratio {best:.0f})",
        )
    return _Decision(
        "addition",
        at,
        at,
        reading,
        round(max(0.5, 1 - best / 100), 2),
        "new sentence",
        f"follows a sentence end and resembles no sentence before it (best ratio {best:.0f} < {SENTENCE_MATCH:.0f})",
    )


def _infer_structural(units: list[_Unit], reading: str, at: int) -> _Decision:
    """Rule 5: no shared words; closed-class words decide between addition and replacement."""
    last = units[-1]
    words = [_core(w) for w in reading.split() if _core(w)]
    if last.ends_clause:
        return _Decision(
            "addition",
            at,
            at,
            reading,
            0.7,
            "after punctuation",
            "follows clause punctuation and answers no words before it",
        )
    before, first_word, last_word = last.core, words[0] if words else "", words[-1] if words else ""
    if last_word in _LINKING:
        same = len(words) == 1 and _classes(last_word) & _classes(before) or last_word == before
        if same:
            return _Decision(
                "replacement",
                last.start,
                last.end,
                reading,
                0.5,
                "same function word",
                f"a {'/'.join(sorted(_classes(last_word)))} word for {before!r}",
            )
        return _Decision(
            "addition",
            at,
            at,
            reading,
            0.6,
            "leads on",
            f"ends in {last_word!r}, which leads into the words after the bracket",
        )
    if before in _FUNCTION:
        if _classes(first_word) & _classes(before):
            return _Decision(
                "replacement",
                last.start,
                last.end,
                reading,
                0.6,
                "same function word",
                f"a {'/'.join(sorted(_classes(first_word) & _classes(before)))} word for {before!r}",
            )
        return _Decision(
            "addition",
            at,
            at,
            reading,
            0.6,
            "after function word",
            f"follows the function word {before!r}, which it cannot replace",
        )
    if first_word in _COORDINATING:
        return _Decision(
            "addition",
            at,
            at,
            reading,
            0.5,
            "coordination",
            f"opens with {first_word!r}: coordinated with the words before it",
        )
    clause = _clause_start(units, len(units))
    words_before = [i for i in range(clause, len(units)) if units[i].is_word]
    count = max(1, len(words))
    chosen = words_before[-count:] if words_before else [len(units) - 1]
    first = chosen[0]
    confidence = 0.6 if count == 1 else 0.5
    if len(words_before) < count:
        confidence = 0.3
    return _Decision(
        "replacement",
        units[first].start,
        last.end,
        reading,
        confidence,
        "word for word",
        f"no shared words: replaces the last {len(chosen)} word(s) before it, as many as it has",
    )


def infer(text: str, bracket: tuple[int, int], window_start: int) -> _Decision:
    """Infer what the bracket at ``bracket`` (start, end) of ``text`` stands for.

    ``window_start`` bounds the search: the start of the paragraph, or the end of the previous
    bracket if that is later. The rules are those of the module docstring.
    """
    start, end = bracket
    content = text[start + 1 : end - 1]
    reading = " ".join(content.split())
    units = _units(text, window_start, start)
    instruction = _INSTRUCTION.match(content)
    if instruction:
        return _infer_instruction(units, start, instruction.group("what") or "", text)
    if EDITORIAL.match(content):
        return _Decision(
            "editorial",
            start,
            start,
            content,
            0.9,
            "editorial convention",
            "an editor's note by convention (sic, ?, ..., circa)",
        )
    at = units[-1].end if units else start
    if not units:
        whole = text[end:].startswith("\n") or end == len(text) or text[end:].strip() == ""
        return _Decision(
            "addition",
            start,
            start,
            reading,
            0.95 if whole else 0.8,
            "new paragraph" if whole else "opens paragraph",
            "opens its paragraph: nothing before it to replace",
        )
    if units[-1].ends_sentence:
        return _infer_sentence(units, reading, text, at)
    lexical = _infer_lexical(units, reading, text)
    if lexical is not None:
        return lexical
    return _infer_structural(units, reading, at)


# --------------------------------------------------------------------------------------------
# Overrides


def load_overrides(path: str | Path) -> Overrides:
    """Read an override file (TOML, a list of ``[[bracket]]`` tables; see ``docs/medvedev.md``)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path} does not exist; check the path of the override file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read as UTF-8 text ({exc}); save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the syntax") from exc
    unknown = set(data) - {"bracket"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}; only [[bracket]] tables are read"
        )
    tables = data.get("bracket", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: 'bracket' must be an array of tables ([[bracket]])")
    return Overrides(str(path), tuple(_override(path, n, t) for n, t in enumerate(tables, 1)))


def _override(path: Path, number: int, table: Any) -> Override:
    where = f"{path}: [[bracket]] number {number}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} is not a table")
    unknown = set(table) - {"at", "kind", "scope", "reason"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; use at, kind, scope, reason")
    for key in ("at", "reason"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigError(f"{where}: '{key}' is required and must be a non-empty string")
    kind = table.get("kind")
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    scope = table.get("scope")
    if scope is not None and not isinstance(scope, str):
        raise ConfigError(f"{where}: 'scope' must be a string (\"\" for an addition)")
    if kind is None and scope is None:
        raise ConfigError(f"{where}: give a 'kind', a 'scope' or both; an override with neither changes nothing")
    if kind == "editorial" and scope:
        raise ConfigError(f"{where}: an editorial bracket has no scope; remove 'scope'")
    return Override(table["at"], table["reason"].strip(), kind, scope)


def _match_overrides(text: str, spans: Sequence[tuple[int, int]], overrides: Overrides) -> dict[int, Override]:
    """Map bracket index -> override; every override must name exactly one bracket, once."""
    found: dict[int, Override] = {}
    for number, entry in enumerate(overrides.entries, 1):
        where = f"{overrides.path}: [[bracket]] number {number} (at = {entry.at!r})"
        hits = [m.start() for m in re.finditer(re.escape(entry.at), text)]
        if len(hits) != 1:
            raise ConfigError(
                f"{where}: the snippet occurs {len(hits)} times in the source; quote a longer snippet that occurs once"
            )
        inside = [k for k, (s, e) in enumerate(spans) if s >= hits[0] and e <= hits[0] + len(entry.at)]
        if len(inside) != 1:
            raise ConfigError(
                f"{where}: the snippet contains {len(inside)} whole brackets; quote exactly one bracket in it"
            )
        if inside[0] in found:
            raise ConfigError(f"{where}: another override already names this bracket; keep one")
        found[inside[0]] = entry
    return found


def _apply_override(
    text: str, entry: Override, inferred: _Decision, bracket: tuple[int, int], window_start: int, path: str
) -> _Decision:
    start, end = bracket
    content = text[start + 1 : end - 1]
    kind = entry.kind or inferred.kind
    reading = "" if kind == "omission" else (content if kind == "editorial" else " ".join(content.split()))
    if kind == "replacement" and inferred.rule == "quotation" and entry.scope is None:
        reading = inferred.reading
    if kind == "editorial":
        return _Decision("editorial", start, start, content, 1.0, "override", entry.reason, "overridden")
    if entry.scope is None:
        s0, s1 = inferred.scope_start, inferred.scope_end
    else:
        s0, s1 = _locate_scope(text, entry, start, window_start, path)
    if kind == "addition" and s0 != s1:
        raise ConfigError(f'{path}: override at {entry.at!r}: an addition has no scope; set scope = "" or another kind')
    if kind in ("replacement", "omission") and s0 == s1:
        raise ConfigError(f"{path}: override at {entry.at!r}: a {kind} needs a non-empty scope; give 'scope'")
    return _Decision(kind, s0, s1, reading, 1.0, "override", entry.reason, "overridden")


def _locate_scope(text: str, entry: Override, start: int, window_start: int, path: str) -> tuple[int, int]:
    """Find ``entry.scope`` as the text ending right before the bracket (whitespace-insensitive)."""
    before = _units(text, window_start, start)
    wanted = entry.scope.split() if entry.scope else []
    if not wanted:
        at = before[-1].end if before else start
        return at, at
    if len(wanted) > len(before) or [u.text for u in before[-len(wanted) :]] != wanted:
        raise ConfigError(
            f"{path}: override at {entry.at!r}: the scope {entry.scope!r} is not the text right before the bracket "
            f"(within its paragraph, after any earlier bracket); copy it from the source"
        )
    return before[-len(wanted)].start, before[-1].end


# --------------------------------------------------------------------------------------------
# Building the two versions


@dataclass
class _Builder:
    """Accumulates an output text, tidying whitespace where a piece was cut out or put in."""

    out: str = ""
    pending: str | None = None

    def cut(self, hint: str = "") -> None:
        """Mark a junction: the whitespace around it is decided when the next text comes."""
        stripped = self.out.rstrip(" \t\n")
        self.pending = (self.pending or "") + self.out[len(stripped) :] + hint
        self.out = stripped

    def put(self, text: str) -> None:
        if self.pending is None or not text:
            self.out += text
            return
        right = text.lstrip(" \t\n")
        space = self.pending + text[: len(text) - len(right)]
        self.pending = None
        if not right:
            self.pending = space
            return
        if not self.out:
            sep = ""
        elif "\n\n" in space or space.count("\n") >= 2:
            sep = "\n\n"
        elif "\n" in space:
            sep = "\n"
        elif right[0] in ",.;:?!)]”’" or self.out[-1] in "([“‘":
            sep = ""
        else:
            sep = " "
        self.out += sep + right

    def finish(self) -> str:
        if self.pending is not None:
            tail = self.pending
            self.pending = None
            self.out += "\n" if "\n" in tail else ""
        return self.out


def _build(
    text: str, decisions: Sequence[tuple[tuple[int, int], _Decision]]
) -> tuple[str, str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Write the base and bracketed texts; return them with each site's span in both."""
    base, bracketed = _Builder(), _Builder()
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    pos_base = pos_br = 0
    for (start, end), d in decisions:
        if d.kind == "editorial":
            base.put(text[pos_base:end])
            bracketed.put(text[pos_br:end])
            b0 = len(base.out) - (end - start)
            r0 = len(bracketed.out) - (end - start)
            spans.append(((b0, len(base.out)), (r0, len(bracketed.out))))
            pos_base = pos_br = end
            continue
        # base: keep the scope, drop the bracket
        base.put(text[pos_base : d.scope_end])
        base_end = len(base.out)
        base.cut(text[d.scope_end : start])
        base_start = base_end - (d.scope_end - d.scope_start)
        pos_base = end
        # bracketed: drop the scope, put the reading
        bracketed.put(text[pos_br : d.scope_start])
        bracketed.cut(text[d.scope_end : start] if d.scope_start == d.scope_end else "")
        if d.reading:
            bracketed.put(d.reading)
            r1 = len(bracketed.out)
            r0 = r1 - len(d.reading)
            bracketed.cut()
        else:
            r0 = r1 = len(bracketed.out)
        pos_br = end
        spans.append(((base_start, base_end), (r0, r1)))
    base.put(text[pos_base:])
    bracketed.put(text[pos_br:])
    return base.finish(), bracketed.finish(), spans


def expand_apparatus(text: str, overrides: Overrides | None = None, *, source: str = "<text>") -> ApparatusResult:
    """Read a text with an inline bracket apparatus into its two versions.

    ``source`` names the text in error messages. Every bracket yields one
    :class:`BracketRecord`; an override (see :func:`load_overrides`) replaces the inference for
    the bracket it names. Raises :class:`~collate.errors.InputError` for unbalanced brackets and
    :class:`~collate.errors.ConfigError` for overrides that do not fit the text.
    """
    spans = find_brackets(text, source)
    chosen = _match_overrides(text, spans, overrides) if overrides else {}
    decisions: list[tuple[tuple[int, int], _Decision]] = []
    previous_end = 0
    for index, bracket in enumerate(spans):
        window_start = max(previous_end, _paragraph_start(text, bracket[0]))
        decision = infer(text, bracket, window_start)
        if index in chosen:
            decision = _apply_override(text, chosen[index], decision, bracket, window_start, overrides.path)  # type: ignore[union-attr]
        decisions.append((bracket, decision))
        previous_end = bracket[1]
    base, bracketed, sites = _build(text, decisions)
    records = tuple(_record(text, n, b, d, s) for n, ((b, d), s) in enumerate(zip(decisions, sites), 1))
    return ApparatusResult(base, bracketed, records, source, overrides.path if overrides else "")


def _record(text: str, number: int, bracket: tuple[int, int], d: _Decision, site) -> BracketRecord:
    start, end = bracket
    return BracketRecord(
        number=number,
        offset=start,
        end=end,
        line=_line(text, start),
        text=text[start + 1 : end - 1],
        kind=d.kind,
        scope=(d.scope_start, d.scope_end),
        scope_text=text[d.scope_start : d.scope_end],
        reading=d.reading,
        confidence=d.confidence,
        decided=d.decided,
        rule=d.rule,
        reason=d.reason,
        base_span=site[0],
        bracketed_span=site[1],
    )


# --------------------------------------------------------------------------------------------
# Report


def _cell(text: str, limit: int = 0) -> str:
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|") or "—"


def render_report(result: ApparatusResult, sigla: tuple[str, str] = ("base", "bracketed"), full: bool = True) -> str:
    """A Markdown report accounting for every bracket: counts, then one table row per bracket.

    ``sigla`` name the two versions; with ``full`` off, long scopes and readings are shortened.
    """
    limit = 0 if full else 80
    counts = {kind: result.count(kind) for kind in KINDS}
    overridden = [b for b in result.brackets if b.decided == "overridden"]
    lines = [
        f"# Bracket apparatus of {result.source}",
        "",
        f"{len(result.brackets)} brackets: "
        + ", ".join(f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}" for k in KINDS)
        + f". {len(overridden)} decided by override"
        + (f" ({result.overrides})" if result.overrides else "")
        + f", {len(result.brackets) - len(overridden)} inferred.",
        "",
        f"Base version: {sigla[0]} (brackets taken out). Bracketed version: {sigla[1]} (readings put in).",
        "",
    ]
    if overridden:
        lines += ["## Overridden by the editor", ""]
        lines += [f"- #{b.number} (line {b.line}) `[{_cell(b.text, 60)}]`: {b.kind}; {b.reason}" for b in overridden]
        lines.append("")
    lines += [
        "## Every bracket",
        "",
        f"| # | line | bracket | kind | scope in {sigla[0]} | reading in {sigla[1]} | confidence | decided by |",
        "|---:|---:|---|---|---|---|---:|---|",
    ]
    for b in result.brackets:
        decided = f"override: {b.reason}" if b.decided == "overridden" else f"{b.rule}: {b.reason}"
        lines.append(
            f"| {b.number} | {b.line} | [{_cell(b.text, limit)}] | {b.kind} | {_cell(b.scope_text, limit)} | "
            f"{_cell(b.reading, limit)} | {b.confidence:.2f} | {_cell(decided)} |"
        )
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------
# Files


def witness_toml(siglum: str, meta: Mapping[str, str]) -> str:
    """The ``[witness]`` table of a witness's metadata file, keys in the order given."""
    lines = ["[witness]", f"siglum = {json.dumps(siglum, ensure_ascii=False)}"]
    lines += [f"{key} = {json.dumps(str(value), ensure_ascii=False)}" for key, value in meta.items()]
    return "\n".join(lines) + "\n"


def run_apparatus(
    source: str | Path,
    out_dir: str | Path,
    *,
    overrides: str | Path | None = None,
    report: str | Path | None = None,
    sigla: Sequence[str] = ("base", "bracket"),
    meta: Mapping[str, Mapping[str, str]] | None = None,
) -> ApparatusResult:
    """Expand the apparatus of file ``source`` and write both versions as witnesses in ``out_dir``.

    Each version is written as ``<siglum>.txt`` (lower-cased) with a ``<siglum>.toml`` beside it
    holding its siglum and ``meta[siglum]`` (or a note of its provenance); ``report``, if given,
    receives :func:`render_report`. Returns the result.
    """
    from ..readers.decode import decode_file

    source = Path(source)
    if len(sigla) != 2 or len(set(sigla)) != 2 or not all(s.strip() for s in sigla):
        raise ConfigError(
            f"{source}: give two different sigla, for the base and the bracketed version (e.g. 1926,Baku)"
        )
    text = decode_file(source)
    result = expand_apparatus(text, load_overrides(overrides) if overrides else None, source=str(source))
    out = Path(out_dir)
    files: dict[Path, str] = {}
    for siglum, version in zip(sigla, (result.base, result.bracketed)):
        which = "base version (brackets taken out)" if version is result.base else "bracketed version (readings put in)"
        info = dict((meta or {}).get(siglum) or {"notes": f"The {which} of {source}, written by collate apparatus."})
        files[out / f"{siglum.lower()}.txt"] = version
        files[out / f"{siglum.lower()}.toml"] = witness_toml(siglum, info)
    if report:
        files[Path(report)] = render_report(result, (sigla[0], sigla[1]))
    for path in files:
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True)
            except OSError as exc:
                raise OutputError(f"cannot create {path.parent} ({exc.strerror}); choose a writable location") from exc
    write_all({path: content.encode("utf-8") for path, content in files.items()})  # all or none
    return result
