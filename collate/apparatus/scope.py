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

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from .match import align_words, norm, similarity
from .records import Decision
from .units import (
    CLASSES,
    CLAUSE_END,
    COORDINATING,
    FUNCTION,
    LINKING,
    Unit,
    clause_start,
    sentence_starts,
    split_units,
    word_classes,
    word_core,
)

#: Minimum rapidfuzz ratio (0-100) for a sentence-initial reading to replace the sentences before it.
SENTENCE_MATCH = 60.0

_INSTRUCTION = re.compile(
    r"^\s*(?:(?P<what>[\w ]+?)\s+)?omitted(?:\s+(?:from|in)\s+(?:version|the|text)\b[^\]]*)?\s*$", re.IGNORECASE
)
_QUOTES = re.compile(r"^\s*(?:quotation marks|quotes|quotation mark|inverted commas)$", re.IGNORECASE)

#: Editorial conventions recognised without an override: [sic], [?], [...], [circa 1924], [c. 1924].
EDITORIAL = re.compile(r"^\s*(?:sic!?|\?|\.\.\.|…|(?:circa|ca?\.)\s+.*\d.*)\s*$", re.IGNORECASE)


def _omission(start: int, end: int, confidence: float, rule: str, reason: str) -> Decision:
    return Decision("omission", start, end, "", confidence, rule, reason)


def _addition(at: int, reading: str, confidence: float, rule: str, reason: str) -> Decision:
    return Decision("addition", at, at, reading, confidence, rule, reason)


def _replacement(unit: Unit, reading: str, confidence: float, rule: str, reason: str) -> Decision:
    """A reading that replaces the one unit ``unit``."""
    return Decision("replacement", unit.start, unit.end, reading, confidence, rule, reason)


def _infer_instruction(units: list[Unit], bracket_start: int, what: str, text: str) -> Decision:
    """Scope of an ``[omitted]``-like bracket: the smallest unit that can be missing before it."""
    if _QUOTES.match(what or ""):
        return _quotation(units, bracket_start, text)
    if not units:
        reason = "no text before the bracket in its paragraph; nothing is omitted"
        return _omission(bracket_start, bracket_start, 0.0, "nothing before", reason)
    last = units[-1]
    if last.ends_clause:
        first = units[clause_start(units, len(units) - 1)].start
        return _omission(first, last.end, 0.6, "clause", "follows clause punctuation: the clause it closes is omitted")
    after = _next_word(text, bracket_start)
    if last.function and last.core not in CLASSES["pron"]:
        reason = f"follows the function word {last.core!r}, which is omitted"
        return _omission(last.start, last.end, 0.5, "function word", reason)
    if after and after not in FUNCTION:
        return _omitted_modifier(units, after)
    return _omitted_phrase(units)


def _omitted_modifier(units: list[Unit], after: str) -> Decision:
    """An instruction bracket before a noun: the run of modifiers before it (with "and") is omitted."""
    first = _modifier_run(units)[0]
    rule = "modifier"
    if first > 0 and units[first - 1].core in COORDINATING and not units[first - 1].ends_clause:
        first -= 1
        rule = "coordinated modifier"
    reason = f"a noun follows ({after!r}): the modifier before the bracket is omitted"
    return _omission(units[first].start, units[-1].end, 0.7, rule, reason)


def _omitted_phrase(units: list[Unit]) -> Decision:
    """An instruction bracket elsewhere: the phrase back to a preposition, or the last content words."""
    last = units[-1]
    prep = _phrase_start(units)
    if prep is not None:
        reason = f"the phrase from the preposition {units[prep].core!r} to the bracket is omitted"
        return _omission(units[prep].start, last.end, 0.6, "phrase", reason)
    reason = "no preposition before it in its clause: the last content words are omitted"
    return _omission(units[_modifier_run(units)[0]].start, last.end, 0.4, "last words", reason)


def _quotation(units: list[Unit], bracket_start: int, text: str) -> Decision:
    before = text[:bracket_start].rstrip()
    close = len(before) - 1
    if close >= 0 and before[close] in '”"':
        opening = before.rfind("“" if before[close] == "”" else '"', 0, close)
        if opening != -1 and "\n\n" not in before[opening:close]:
            quoted = before[opening : close + 1]
            bare = quoted[1:-1]
            return Decision(
                "replacement",
                opening,
                close + 1,
                bare,
                0.9,
                "quotation",
                "the quotation before the bracket, without its quotation marks",
            )
    return Decision(
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
    if not match or CLAUSE_END.search(match.group(1)[:1]) or match.group(1)[0] in "—–-([":
        return ""
    return word_core(match.group(1))


def _modifier_run(units: Sequence[Unit]) -> list[int]:
    """Indices of the run of content words (at most three) ending the clause before the bracket."""
    run = [len(units) - 1]
    while len(run) < 3:
        i = run[0] - 1
        if i < 0 or units[i].ends_clause or units[i].function or not units[i].is_word:
            break
        run.insert(0, i)
    return run


def _phrase_start(units: Sequence[Unit], limit: int = 6) -> int | None:
    """Index of the preposition opening the phrase that ends before the bracket, if one is near."""
    i = len(units) - 1
    for _ in range(limit):
        if i < 0:
            return None
        unit = units[i]
        if i < len(units) - 1 and (unit.ends_clause or not unit.is_word):
            return None
        if unit.core in CLASSES["prep"]:
            return i
        if (
            i < len(units) - 1
            and unit.core in (CLASSES["conj"] | CLASSES["aux"] | CLASSES["pron"]) - CLASSES["det"]
        ):
            return None
        i -= 1
    return None


def _infer_lexical(units: list[Unit], reading: str, text: str) -> Decision | None:
    """Rule 4: the reading shares words with the text before it; align them."""
    words = [word_core(w) for w in reading.split() if word_core(w)]
    content = [w for w in words if w not in FUNCTION]
    if not content:
        return None
    start, pairs, _ = align_words(units, words)
    matched = sum(similarity(units[i].core, words[j]) for i, j in pairs if words[j] not in FUNCTION)
    if not pairs or matched < max(0.7, 0.25 * len(content)):
        return None
    while len(pairs) > 1 and words[pairs[0][1]] in FUNCTION and pairs[1][0] - pairs[0][0] > 2:
        pairs = pairs[1:]  # a function word matched far before the rest anchors nothing
    start = pairs[0][0]
    last_pair = pairs[-1][0]
    tail = sum(1 for u in units[last_pair + 1 :] if u.is_word)
    widen = max(0, pairs[0][1] - tail)
    clause = clause_start(units, start + 1)
    first = max(clause, start - widen) if widen else start
    while first > clause and widen and not units[first].is_word:
        first -= 1
    scope = text[units[first].start : units[-1].end]
    ratio = fuzz.ratio(norm(scope), norm(reading))
    shared = ", ".join(words[j] for _, j in pairs[:6]) + ("..." if len(pairs) > 6 else "")
    return Decision(
        "replacement",
        units[first].start,
        units[-1].end,
        reading,
        round(ratio / 100, 2),
        "shared words",
        f"aligned on {len(pairs)} word(s) ({shared}); ratio {ratio:.0f}",
    )


def _infer_sentence(units: list[Unit], reading: str, text: str, at: int) -> Decision:
    """Rule 3: a reading after a sentence end replaces whole sentences it resembles, or is added."""
    starts = sentence_starts(units)
    best, best_start = 0.0, len(units)
    for k in range(1, min(3, len(starts)) + 1):
        first = starts[-k]
        ratio = fuzz.ratio(norm(text[units[first].start : units[-1].end]), norm(reading))
        if ratio > best:
            best, best_start = ratio, first
    if best >= SENTENCE_MATCH:
        return Decision(
            "replacement",
            units[best_start].start,
            units[-1].end,
            reading,
            round(best / 100, 2),
            "sentence",
            f"follows a sentence end and resembles the sentence(s) before it (ratio {best:.0f})",
        )
    return Decision(
        "addition",
        at,
        at,
        reading,
        round(max(0.5, 1 - best / 100), 2),
        "new sentence",
        f"follows a sentence end and resembles no sentence before it (best ratio {best:.0f} < {SENTENCE_MATCH:.0f})",
    )


def _infer_structural(units: list[Unit], reading: str, at: int) -> Decision:
    """Rule 5: no shared words; closed-class words decide between addition and replacement."""
    last = units[-1]
    words = [word_core(w) for w in reading.split() if word_core(w)]
    if last.ends_clause:
        reason = "follows clause punctuation and answers no words before it"
        return _addition(at, reading, 0.7, "after punctuation", reason)
    first_word, last_word = (words[0], words[-1]) if words else ("", "")
    if last_word in LINKING:
        return _ending_in_linking_word(last, words, reading, at)
    if last.core in FUNCTION:
        return _after_function_word(last, first_word, reading, at)
    if first_word in COORDINATING:
        reason = f"opens with {first_word!r}: coordinated with the words before it"
        return _addition(at, reading, 0.5, "coordination", reason)
    return _word_for_word(units, reading, len(words))


def _ending_in_linking_word(last: Unit, words: list[str], reading: str, at: int) -> Decision:
    """A reading ending in an article, preposition or conjunction: it replaces the same function
    word before it, or else it is an addition leading into the words after the bracket."""
    before, last_word = last.core, words[-1]
    same = len(words) == 1 and word_classes(last_word) & word_classes(before) or last_word == before
    if same:
        reason = f"a {'/'.join(sorted(word_classes(last_word)))} word for {before!r}"
        return _replacement(last, reading, 0.5, "same function word", reason)
    reason = f"ends in {last_word!r}, which leads into the words after the bracket"
    return _addition(at, reading, 0.6, "leads on", reason)


def _after_function_word(last: Unit, first_word: str, reading: str, at: int) -> Decision:
    """A reading after a function word: it replaces it if it opens with a word of its class."""
    before = last.core
    shared = word_classes(first_word) & word_classes(before)
    if shared:
        reason = f"a {'/'.join(sorted(shared))} word for {before!r}"
        return _replacement(last, reading, 0.6, "same function word", reason)
    reason = f"follows the function word {before!r}, which it cannot replace"
    return _addition(at, reading, 0.6, "after function word", reason)


def _word_for_word(units: list[Unit], reading: str, count: int) -> Decision:
    """Otherwise the reading replaces as many words before it (in its clause) as it has."""
    clause = clause_start(units, len(units))
    words_before = [i for i in range(clause, len(units)) if units[i].is_word]
    count = max(1, count)
    chosen = words_before[-count:] if words_before else [len(units) - 1]
    confidence = 0.6 if count == 1 else 0.5
    if len(words_before) < count:
        confidence = 0.3
    reason = f"no shared words: replaces the last {len(chosen)} word(s) before it, as many as it has"
    return Decision("replacement", units[chosen[0]].start, units[-1].end, reading, confidence, "word for word", reason)


def infer(text: str, bracket: tuple[int, int], window_start: int) -> Decision:
    """Infer what the bracket at ``bracket`` (start, end) of ``text`` stands for.

    ``window_start`` bounds the search: the start of the paragraph, or the end of the previous
    bracket if that is later. The rules are those of the module docstring.
    """
    start, end = bracket
    content = text[start + 1 : end - 1]
    reading = " ".join(content.split())
    units = split_units(text, window_start, start)
    instruction = _INSTRUCTION.match(content)
    if instruction:
        return _infer_instruction(units, start, instruction.group("what") or "", text)
    if EDITORIAL.match(content):
        return Decision(
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
        return Decision(
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
