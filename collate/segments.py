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

A difference in line division alone (the same words, one witness breaking the line where another
has a space: verse set in other lines, a prose reprint's other line ends) is not a divergence by
default (``Settings.line_breaks = "milestone"``, :data:`LINE_BREAKS`): such a segment
(:func:`line_division`) is left as text the witnesses share, neither merged with a neighbour nor
made a location; the TEI writes each witness's line breaks there as its own ``lb`` milestones.
With ``"variant"`` it is a whitespace difference like any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Alignment, Segment, Token
from .tokenize import ends_paragraph

Spans = list[tuple[int, int]]

#: How a difference in line division alone is treated (``Settings.line_breaks``); the CLI offers these keys.
LINE_BREAKS: dict[str, str] = {
    "milestone": "each witness's line breaks kept as its own milestones, not variants (the default)",
    "variant": "a line break where another witness has a space is a whitespace variant",
}


def line_division(
    spans: Sequence[tuple[int, int]], tokens: Sequence[Sequence[Token]]
) -> dict[int, tuple[int, ...]] | None:
    """Where readings that differ only in line division break their lines, else None.

    The readings at ``spans`` differ only in line division when every witness has as many tokens
    there, with the same text and formatting but for the whitespace after them, and wherever that
    whitespace differs it is one line break (``"\\n"``) in some witnesses and one and the same
    run of spaces (no line break) in all the others. The result maps each such token position
    (counted from the start of the spans) to the witnesses that break the line after it; it is
    empty when the readings agree. Anything else (a paragraph end, two spaces against one, a line
    break against no space, an indented line) is a whitespace difference, so None.
    """
    lengths = {b - a for a, b in spans}
    if len(lengths) != 1:
        return None
    found: dict[int, tuple[int, ...]] = {}
    for k in range(lengths.pop()):
        toks = [tokens[w][a + k] for w, (a, _) in enumerate(spans)]
        texts = [t.text for t in toks]
        if len(set(texts)) == 1 and len({t.rend for t in toks}) == 1:
            continue
        bodies = {t.rstrip() for t in texts}
        if len(bodies) != 1 or len({t.rend for t in toks}) != 1:
            return None
        cut = len(bodies.pop())
        runs = [t[cut:] for t in texts]
        plain = {r for r in runs if "\n" not in r}
        if len(plain) != 1 or "" in plain or any(r != "\n" for r in runs if "\n" in r):
            return None
        found[k] = tuple(w for w, r in enumerate(runs) if r == "\n")
    return found


def merge_divergences(
    alignment: Alignment, tokens: Sequence[Sequence[Token]], para: int = 0, line_breaks: str = "milestone"
) -> Alignment:
    """Return ``alignment`` with each divergence in one segment (see the module's docstring).

    ``para`` is the witness whose paragraphs the TEI's ``p`` follow (the base witness, or the first);
    ``line_breaks`` a key of :data:`LINE_BREAKS`.
    """
    segments: list[Spans] = [list(s.spans) for s in alignment.segments]
    kind_of = _Kinds(tokens, line_breaks == "milestone")
    segments = _merge_whitespace(segments, tokens, para, kind_of)
    segments = _anchor_edges(segments, tokens, para, kind_of)
    return Alignment(alignment.sigla, tuple(Segment(tuple(s)) for s in segments), alignment.moves)


def _texts(spans: Spans, tokens: Sequence[Sequence[Token]]) -> list[str]:
    return ["".join(t.text for t in tokens[w][a:b]) for w, (a, b) in enumerate(spans)]


def _rends(spans: Spans, tokens: Sequence[Sequence[Token]]) -> set[tuple[tuple[str, ...], ...]]:
    return {tuple(t.rend for t in tokens[w][a:b]) for w, (a, b) in enumerate(spans)}


def _kind(spans: Spans, tokens: Sequence[Sequence[Token]], lines: bool = False) -> str:
    """``same`` (all witnesses agree, formatting too; with ``lines``, or differ only in line
    division), ``space`` (only whitespace differs) or ``vary``."""
    texts = _texts(spans, tokens)
    if len(set(texts)) == 1:
        return "same" if len(_rends(spans, tokens)) == 1 else "vary"
    return _unequal_kind(spans, tokens, texts, lines)


def _unequal_kind(spans: Spans, tokens: Sequence[Sequence[Token]], texts: Sequence[str], lines: bool) -> str:
    if lines and line_division(spans, tokens) is not None:
        return "same"
    if all(texts) and len({t.rstrip() for t in texts}) == 1 and len({t.strip() for t in texts}) == 1:
        return "space"
    return "vary"


class _Kinds:
    """:func:`_kind` of spans, each asked once: both passes ask about every segment, most segments
    are long agreements, and where no token carries formatting the formatting of equal texts
    agrees as soon as every witness has as many tokens."""

    def __init__(self, tokens: Sequence[Sequence[Token]], lines: bool) -> None:
        self.tokens = tokens
        self.lines = lines
        self.formatted = any(t.rend for seq in tokens for t in seq)
        self.known: dict[tuple[tuple[int, int], ...], str] = {}

    def __call__(self, spans: Spans) -> str:
        key = tuple(spans)
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = self._kind(spans)
        return found

    def _kind(self, spans: Spans) -> str:
        if self.formatted:
            return _kind(spans, self.tokens, self.lines)
        texts = _texts(spans, self.tokens)
        if len(set(texts)) == 1:
            return "same" if len({b - a for a, b in spans}) == 1 else "vary"
        return _unequal_kind(spans, self.tokens, texts, self.lines)


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


def _merge_whitespace(segments: list[Spans], tokens: Sequence[Sequence[Token]], para: int, kind_of: _Kinds) -> list[Spans]:
    """Merge each whitespace-only segment into a varying neighbour in the same paragraph."""
    kinds = [kind_of(s) for s in segments]
    out: list[Spans] = []
    out_kinds: list[str] = []
    for spans, kind in zip(segments, kinds):
        if out and not paragraph_ends(out[-1], tokens, para) and {kind, out_kinds[-1]} in ({"space", "vary"}, {"space"}):
            out[-1] = _join(out[-1], spans)
            out_kinds[-1] = kind_of(out[-1])
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


def _anchor_edges(segments: list[Spans], tokens: Sequence[Sequence[Token]], para: int, kind_of: _Kinds) -> list[Spans]:
    """Join a location whose readings end in unshared whitespace with a location right after it.

    (Before a word all witnesses share, the TEI writer takes that word into the ``app`` instead,
    so that the location, and its classification, stay as the aligner found them.)
    """
    out: list[Spans] = []
    for spans in segments:
        if (
            out
            and kind_of(spans) != "same"
            and kind_of(out[-1]) != "same"
            and not paragraph_ends(out[-1], tokens, para)
            and _open_edge(_texts(out[-1], tokens))
        ):
            out[-1] = _join(out[-1], spans)
            continue
        out.append(spans)
    return out
