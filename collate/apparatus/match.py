"""Word-by-word alignment of a bracket's reading with the text before it (rule 4 of the scope
inference, :mod:`collate.apparatus.scope`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from .units import FUNCTION, Unit

#: Minimum rapidfuzz ratio for two different content words (five letters or more) to count as shared.
WORD_MATCH = 72.0


def similarity(a: str, b: str) -> float:
    """How far word ``a`` stands for word ``b``: 1 if equal, a fraction for close longer words, 0."""
    if a == b:
        return 0.3 if a in FUNCTION else 1.0
    if a in FUNCTION or b in FUNCTION or min(len(a), len(b)) < 5:
        return 0.0
    ratio = fuzz.ratio(a, b)
    return ratio / 100 if ratio >= WORD_MATCH else 0.0


_GAP = 0.05


def align_words(window: Sequence[Unit], reading: Sequence[str]) -> tuple[int, list[tuple[int, int]], float]:
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
            sim = similarity(unit.core, word) if unit.is_word else 0.0
            value = sim + score[i + 1][j + 1]
            if sim > 0 and (value > total + 1e-9 or (value >= total - 1e-9 and i > start)):
                start, first, total = i, j, value
    if start < 0:
        return -1, [], 0.0
    return start, _traceback(window, reading, score, start, first), total


def _suffix_scores(window: Sequence[Unit], reading: Sequence[str]) -> list[list[float]]:
    """``score[i][j]``: the best alignment of ``window[i:]`` (to its end) with ``reading[j:]``."""
    n, m = len(window), len(reading)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        cost = _GAP if window[i].is_word else 0.0
        score[i][m] = score[i + 1][m] - cost
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j] - cost, score[i][j + 1])
            sim = similarity(window[i].core, reading[j]) if window[i].is_word else 0.0
            if sim > 0:
                best = max(best, sim + score[i + 1][j + 1])
            score[i][j] = best
    return score


def _traceback(window: Sequence[Unit], reading: Sequence[str], score, start: int, first: int) -> list[tuple[int, int]]:
    """The aligned pairs of the best alignment that starts by pairing ``start`` with ``first``."""
    pairs = [(start, first)]
    i, j = start + 1, first + 1
    while i < len(window) and j < len(reading):
        sim = similarity(window[i].core, reading[j]) if window[i].is_word else 0.0
        if sim > 0 and abs(score[i][j] - (sim + score[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif abs(score[i][j] - score[i][j + 1]) < 1e-9:
            j += 1
        else:
            i += 1
    return pairs


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("’", "'").casefold()).split())
