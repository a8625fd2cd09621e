"""Alignment: which tokens of the witnesses stand for one another.

An aligner takes the witnesses' normalized token sequences and returns columns (see
:data:`collate.align.collatex.Column`); :func:`align` then groups the columns into
:class:`~collate.model.Segment` objects: runs of agreement and runs of variation, never running
across a paragraph end, so that no apparatus entry straddles a paragraph.

The anchored aligner compares each token's matching form (:mod:`collate.align.nearmatch`:
diacritics, case and punctuation folded), realigns every variant location by similarity
(:func:`collate.align.progressive.refine_columns`) and reports passages moved between two witnesses
(:mod:`collate.align.moves`). The ``collatex`` aligner is plain CollateX on the normalized forms, for
comparison (``bench/alignment_quality.py`` scores both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Alignment, Move, Segment, Token
from ..tokenize import ends_paragraph
from .anchored import anchored_columns
from .collatex import Column, collatex_columns
from .moves import by_position, find_moves
from .nearmatch import DEFAULT, Matching, match_keys
from .progressive import refine_columns

Aligner = Callable[[Sequence[Sequence[str]]], list[Column]]

#: Aligners by name; the CLI offers these keys. ``collatex`` hands the whole texts to CollateX;
#: ``anchored`` (the default) cuts them at words unique in every witness and hands CollateX only
#: the small stretches between (see :mod:`collate.align.anchored`).
ALIGNERS: dict[str, Aligner] = {"collatex": collatex_columns, "anchored": anchored_columns}

#: Ways of aligning a passage moved between witnesses (``Settings.moves``); the CLI offers these keys.
MOVES: dict[str, str] = {
    "content": "aligned with its counterpart and reported as a move (the default)",
    "position": "aligned with what stands at its place, no move reported",
}


@dataclass(frozen=True)
class Aligned:
    """What an aligner found: columns in order, and the moves between witnesses."""

    columns: list[Column]
    moves: list[Move]


def align(
    sigla: Sequence[str], tokens: Sequence[Sequence[Token]], aligner: str = "anchored", matching: Matching = DEFAULT
) -> Alignment:
    """Align the witnesses' tokens with the aligner named and group the result into segments."""
    found = align_norms([[t.norm for t in seq] for seq in tokens], aligner, matching)
    return Alignment(tuple(sigla), tuple(segments_from_columns(found.columns, tokens)), tuple(found.moves))


def align_norms(
    norms: Sequence[Sequence[str]], aligner: str = "anchored", matching: Matching = DEFAULT, **options: int
) -> Aligned:
    """Align normalized token sequences: columns and moves.

    ``collatex`` is CollateX as it is, on the normalized forms. ``anchored`` compares matching
    forms, pairs variant spellings inside each variant location and detects moves, as
    ``matching`` says; ``options`` go to the anchored aligner (``max_cells``).
    """
    if aligner == "collatex":
        return Aligned(collatex_columns(norms), [])
    keys = match_keys(norms, matching)
    if aligner == "anchored":
        options = {"near": matching.near, **options}
    columns = ALIGNERS[aligner](keys, **options)
    if matching.near > 0:
        columns = refine_columns(columns, keys, matching.near)
    if matching.moves == "none":
        return Aligned(columns, [])
    moves = find_moves(columns, keys, matching.near)
    if matching.moves == "position":
        return Aligned(by_position(columns, moves) if moves else columns, [])
    return Aligned(columns, moves)


def segments_from_columns(columns: Sequence[Column], tokens: Sequence[Sequence[Token]]) -> list[Segment]:
    """Merge adjacent columns of the same kind into segments.

    A column agrees when the witnesses' diplomatic texts there are all the same; it differs in
    whitespace only when their words agree but the whitespace after them does not (a word before
    a comma in one witness and before another word in the other); otherwise it varies. Only
    columns of one kind merge, so a whitespace difference never drags a shared word into the
    reading of a neighbouring variant. A segment ends after any column in which a witness ends a
    paragraph. A column whose texts agree but whose formatting (``Token.rend``, e.g. emphasis)
    differs is a variant location of its own kind, so that emphasis is never lost from view.
    """
    segments: list[list[tuple[int, int]]] = []
    previous: str | None = None
    formatted = any(t.rend for seq in tokens for t in seq)  # else no column can differ in formatting
    texts_of = [[t.text for t in seq] for seq in tokens]
    for column in columns:
        texts = [_text(texts_of[w], a, b) for w, (a, b) in enumerate(column)]
        kind = _kind(texts)
        if formatted and kind == "same" and _rend_differs(column, tokens):
            kind = "rend"
        if segments and previous == kind:
            last = segments[-1]
            segments[-1] = [(last[w][0], b) for w, (_, b) in enumerate(column)]
        else:
            segments.append(list(column))
        # a paragraph end needs two line breaks: the cheap count first
        previous = None if any(t.count("\n") >= 2 and ends_paragraph(t) for t in texts) else kind
    return [Segment(tuple(spans)) for spans in segments]


def _text(texts: Sequence[str], a: int, b: int) -> str:
    """The diplomatic text of tokens ``a:b`` (a column holds one token or none, mostly)."""
    if b - a == 1:
        return texts[a]
    return "".join(texts[a:b])


def _rend_differs(column: Column, tokens: Sequence[Sequence[Token]]) -> bool:
    """True if the witnesses' tokens in ``column`` carry different formatting."""
    return len({tuple(t.rend for t in tokens[w][a:b]) for w, (a, b) in enumerate(column)}) > 1


def _kind(texts: Sequence[str]) -> str:
    if len(set(texts)) == 1:
        return "same"
    if len({t.rstrip() for t in texts}) == 1 and all(texts):
        return "space"
    return "vary"
