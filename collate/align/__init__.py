"""Alignment: which tokens of the witnesses stand for one another.

An aligner takes the witnesses' normalized token sequences and returns columns (see
:data:`collate.align.collatex.Column`); :func:`align` then groups the columns into
:class:`~collate.model.Segment` objects: runs of agreement and runs of variation, never running
across a paragraph end, so that no apparatus entry straddles a paragraph.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Alignment, Segment, Token
from ..tokenize import ends_paragraph
from .anchored import anchored_columns
from .collatex import Column, collatex_columns

Aligner = Callable[[Sequence[Sequence[str]]], list[Column]]

#: Aligners by name; the CLI offers these keys. ``collatex`` hands the whole texts to CollateX;
#: ``anchored`` (the default) cuts them at words unique in every witness and hands CollateX only
#: the small stretches between (see :mod:`collate.align.anchored`).
ALIGNERS: dict[str, Aligner] = {"collatex": collatex_columns, "anchored": anchored_columns}


def align(
    sigla: Sequence[str], tokens: Sequence[Sequence[Token]], aligner: str = "anchored"
) -> Alignment:
    """Align the witnesses' tokens with the aligner named and group the result into segments."""
    columns = ALIGNERS[aligner]([[t.norm for t in seq] for seq in tokens])
    return Alignment(tuple(sigla), tuple(segments_from_columns(columns, tokens)))


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
    for column in columns:
        texts = ["".join(t.text for t in tokens[w][a:b]) for w, (a, b) in enumerate(column)]
        kind = _kind(texts)
        if kind == "same" and _rend_differs(column, tokens):
            kind = "rend"
        if segments and previous == kind:
            last = segments[-1]
            segments[-1] = [(last[w][0], b) for w, (_, b) in enumerate(column)]
        else:
            segments.append(list(column))
        previous = None if any(ends_paragraph(t) for t in texts) else kind
    return [Segment(tuple(spans)) for spans in segments]


def _rend_differs(column: Column, tokens: Sequence[Sequence[Token]]) -> bool:
    """True if the witnesses' tokens in ``column`` carry different formatting."""
    return len({tuple(t.rend for t in tokens[w][a:b]) for w, (a, b) in enumerate(column)}) > 1


def _kind(texts: Sequence[str]) -> str:
    if len(set(texts)) == 1:
        return "same"
    if len({t.rstrip() for t in texts}) == 1 and all(texts):
        return "space"
    return "vary"
