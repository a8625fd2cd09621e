"""One location per divergence: a post-alignment pass over the segments.

The aligner's segments (:func:`collate.align.segments_from_columns`) keep a whitespace-only
difference apart from its neighbours: ``us, `` against ``us `` comes out as two locations, ``us``
differing only in the space after it and ``,`` against nothing. An editor, and every consumer of
the apparatus, reads that as one divergence (a comma added after ``us``), so this pass merges:

1. a segment whose readings differ only in whitespace with a varying segment next to it (in the
   same paragraph): one location, not two;
2. a location where a reading ends in whitespace that the other readings do not share (an added
   word ``fulfill `` against nothing, ``bridge\\n`` against ``bridge ``) with a location right after
   it (where a paragraph of some witness ends between them). Otherwise the whitespace that
   separates the two exists only inside one reading, and a viewer that shows each reading as a box
   of its own (the Versioning Machine) runs the words together.

Segments stay a partition of every witness's tokens, in order; nothing crosses a paragraph end of
the witness whose paragraphs the TEI follows, nor one that every witness has (:func:`paragraph_ends`).
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Alignment, Segment, Token
from .tokenize import ends_paragraph

Spans = list[tuple[int, int]]


def merge_divergences(alignment: Alignment, tokens: Sequence[Sequence[Token]], para: int = 0) -> Alignment:
    """Return ``alignment`` with each divergence in one segment (see the module's docstring).

    ``para`` is the witness whose paragraphs the TEI's ``p`` follow (the base witness, or the first).
    """
    segments: list[Spans] = [list(s.spans) for s in alignment.segments]
    segments = _merge_whitespace(segments, tokens, para)
    segments = _anchor_edges(segments, tokens, para)
    return Alignment(alignment.sigla, tuple(Segment(tuple(s)) for s in segments), alignment.moves)


def _texts(spans: Spans, tokens: Sequence[Sequence[Token]]) -> list[str]:
    return ["".join(t.text for t in tokens[w][a:b]) for w, (a, b) in enumerate(spans)]


def _rends(spans: Spans, tokens: Sequence[Sequence[Token]]) -> set[tuple[tuple[str, ...], ...]]:
    return {tuple(t.rend for t in tokens[w][a:b]) for w, (a, b) in enumerate(spans)}


def _kind(spans: Spans, tokens: Sequence[Sequence[Token]]) -> str:
    """``same`` (all witnesses agree, formatting too), ``space`` (only whitespace differs) or ``vary``."""
    texts = _texts(spans, tokens)
    if len(set(texts)) == 1:
        return "same" if len(_rends(spans, tokens)) == 1 else "vary"
    if all(texts) and len({t.rstrip() for t in texts}) == 1 and len({t.strip() for t in texts}) == 1:
        return "space"
    return "vary"


def paragraph_ends(spans: Sequence[tuple[int, int]], tokens: Sequence[Sequence[Token]], para: int) -> bool:
    """True if a paragraph ends after these spans: witness ``para`` ends one in them, or every
    witness stands at the end of one (a paragraph that only some witnesses have ends here).

    A paragraph end of another witness alone does not end a location: it is part of that
    witness's reading (its text breaks a paragraph where the others run on). Nor does one of
    witness ``para`` where another witness runs on without a space (``Habit`` before ``;``):
    a paragraph break there would cut that witness's text where it has none.
    """
    if all(b > 0 and ends_paragraph(tokens[w][b - 1].text) for w, (_, b) in enumerate(spans)):
        return True
    start, end = spans[para]
    return (
        end > start
        and ends_paragraph(tokens[para][end - 1].text)
        and all(b == 0 or tokens[w][b - 1].text[-1:].isspace() for w, (_, b) in enumerate(spans))
    )


def _join(first: Spans, second: Spans) -> Spans:
    return [(a, d) for (a, _), (_, d) in zip(first, second)]


def _merge_whitespace(segments: list[Spans], tokens: Sequence[Sequence[Token]], para: int) -> list[Spans]:
    """Merge each whitespace-only segment into a varying neighbour in the same paragraph."""
    kinds = [_kind(s, tokens) for s in segments]
    out: list[Spans] = []
    out_kinds: list[str] = []
    for spans, kind in zip(segments, kinds):
        if out and not paragraph_ends(out[-1], tokens, para) and {kind, out_kinds[-1]} in ({"space", "vary"}, {"space"}):
            out[-1] = _join(out[-1], spans)
            out_kinds[-1] = _kind(out[-1], tokens)
        else:
            out.append(spans)
            out_kinds.append(kind)
    return out


def _open_edge(texts: Sequence[str]) -> bool:
    """True if some reading ends in whitespace that not every reading ends with."""
    common = _common_space_suffix(texts)
    return any(t[: len(t) - len(common)] != t[: len(t) - len(common)].rstrip() for t in texts)


def _common_space_suffix(texts: Sequence[str]) -> str:
    """The trailing whitespace every reading ends with (``""`` if one reading is empty)."""
    tails = [t[len(t.rstrip()) :] for t in texts]
    common = tails[0]
    for tail in tails[1:]:
        k = 0
        while k < min(len(common), len(tail)) and common[-1 - k] == tail[-1 - k]:
            k += 1
        common = common[len(common) - k :]
    return common


def _anchor_edges(segments: list[Spans], tokens: Sequence[Sequence[Token]], para: int) -> list[Spans]:
    """Join a location whose readings end in unshared whitespace with a location right after it.

    (Before a word all witnesses share, the TEI writer takes that word into the ``app`` instead,
    so that the location, and its classification, stay as the aligner found them.)
    """
    out: list[Spans] = []
    for spans in segments:
        if (
            out
            and _kind(spans, tokens) != "same"
            and _kind(out[-1], tokens) != "same"
            and not paragraph_ends(out[-1], tokens, para)
            and _open_edge(_texts(out[-1], tokens))
        ):
            out[-1] = _join(out[-1], spans)
            continue
        out.append(spans)
    return out
