"""What alignment compares: a matching form of each token, and how near two forms are.

Editors see "Ἰωάννης" and "ἰωάννης,", "harbour" and "harbor", "inspiracionis" and "inspiracione"
as one word in one column. The aligner therefore compares a *matching form* of every token,
folded further than the normalizer folds it (diacritics, case, punctuation inside or around a
word: a chain of :mod:`collate.normalize`'s steps), and inside a variant location it pairs tokens
by similarity (rapidfuzz's normalized Levenshtein similarity) rather than by position, so variant spellings stay in one column. Only alignment sees
these forms: the diplomatic text, and what the classifier judges, are untouched.

:class:`Matching` is the configuration; :func:`match_key` the form; :func:`similarity_matrix`
the near-match scores the progressive aligner (:mod:`collate.align.progressive`) weighs.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..normalize import Normalizer, casefold, letters_only, strip_diacritics


@dataclass(frozen=True)
class Matching:
    """How alignment compares tokens.

    ``diacritics``, ``case`` and ``punctuation`` fold those away from the form compared (a token
    of punctuation only keeps its marks, so a comma still matches a comma). ``near`` is the
    similarity (0 to 1, rapidfuzz's normalized Levenshtein similarity of the matching forms: one
    minus the edits over the longer length, so "this"/"that" 0.5, "black"/"bad" 0.2) from which
    two different tokens inside a variant location are paired; 0 turns near matching off.
    ``moves`` says how a passage found elsewhere in another witness is aligned: ``"content"``
    (with its counterpart, reported as a move) or ``"position"`` (with what stands at its place).
    """

    diacritics: bool = True
    case: bool = True
    punctuation: bool = True
    near: float = 0.5
    moves: str = "content"


#: The default: everything folded, near matching from a similarity of one half, moves by content.
DEFAULT = Matching()

#: Exact comparison of the normalized forms: CollateX's own behaviour.
EXACT = Matching(diacritics=False, case=False, punctuation=False, near=0.0, moves="none")


def match_key(norm: str, matching: Matching = DEFAULT) -> str:
    """The form of a token (its normalized form ``norm``) that alignment compares."""
    return matching_chain(matching)(norm)


@functools.cache
def matching_chain(matching: Matching) -> Normalizer:
    """The chain of :mod:`collate.normalize` steps that gives ``matching``'s matching form."""
    steps = [step for on, step in ((matching.case, casefold), (matching.diacritics, strip_diacritics),
                                   (matching.punctuation, letters_only)) if on]
    return Normalizer("matching", tuple(steps))


def match_keys(norms: Sequence[Sequence[str]], matching: Matching = DEFAULT) -> list[list[str]]:
    """:func:`match_key` of every token of every witness (each distinct form computed once)."""
    chain = matching_chain(matching)
    cache: dict[str, str] = {}
    return [[cache[n] if n in cache else cache.setdefault(n, chain(n)) for n in seq] for seq in norms]


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """How alike two matching forms are, from 0 to 1 (normalized Levenshtein similarity); below
    ``cutoff``, 0, as in :func:`similarity_matrix`."""
    return Levenshtein.normalized_similarity(a, b, score_cutoff=cutoff)


def similarity_matrix(rows: Sequence[str], columns: Sequence[str], cutoff: float):
    """Similarities of every row form to every column form (a numpy array); below ``cutoff``, 0.

    rapidfuzz computes the whole matrix in C++, so a stretch of a thousand tokens a side costs
    milliseconds rather than the million Python calls a loop would take.
    """
    return process.cdist(rows, columns, scorer=Levenshtein.normalized_similarity, score_cutoff=cutoff, dtype="float32")
