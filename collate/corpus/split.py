"""One long collation cut at milestones into units aligned apart, and joined back into one.

A book in several editions is cut, in every witness, at the same milestones: paragraphs (a blank
line), lines, or a marker the editor names (a regular expression such as ``^CHAPTER [IVXLC]+``
that starts each unit). Every cut falls where a word begins, so the pieces' tokens are exactly
the whole witness's tokens (a token carries the whitespace after it), and the joined collation
covers every character of every witness once, in order: the witnesses of the joined collation are
the whole witnesses, unchanged, and every token offset points into them.

Cutting requires the same milestones in every witness (the same number of paragraphs, or the same
marker labels in the same order); where they differ the unit is refused with the first
difference, since pieces paired wrongly would align unrelated text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import WitnessError
from ..model import Alignment, Collation, Milestone, Note, Segment, Settings, Span, Token, Variant, Witness
from .manifest import Split

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*(?=\S)")
_LINE = re.compile(r"\n\s*(?=\S)")
_APP = re.compile(r"^app(\d+)$")
_RUN = re.compile(r"\(app(\d+)-app(\d+):")


def milestones(witness: Witness, split: Split) -> list[tuple[int, str]]:
    """The cut points of ``witness`` (offsets where a word begins) with their labels, the first at 0."""
    text = witness.text
    if split.kind == "div":
        # where each division's text begins (a division opening another starts at the same place)
        labels = {_word_start(text, m.offset): m.n for m in witness.marks("div")}
        cuts = sorted(s for s in labels if 0 < s < len(text))
        return [(0, labels.get(0, "1")), *((s, labels[s] or str(k)) for k, s in enumerate(cuts, 2))]
    if split.kind == "marker":
        found = []
        for m in re.finditer(split.pattern, text, re.MULTILINE):
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            found.append((start, " ".join(m.group(0).split())))
        # text before the first marker (a title page) goes with the first unit
        return [(0, found[0][1]), *found[1:]] if found else [(0, "")]
    pattern = _PARAGRAPH if split.kind == "paragraph" else _LINE
    starts = [m.end() for m in pattern.finditer(text)]
    return [(0, "1"), *((s, str(k)) for k, s in enumerate(starts, 2))]


def _word_start(text: str, offset: int) -> int:
    """``offset``, or the first character after it that is not whitespace (a cut falls where a word begins)."""
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def cut_points(witnesses: Sequence[Witness], split: Split, unit: str) -> list[list[int]]:
    """For each witness, the offsets where its pieces start; the same milestones in all, or refused."""
    if split.kind == "div":
        for w in witnesses:
            if not w.marks("div"):
                raise WitnessError(
                    f'unit {unit}: {w.path or w.siglum} has no <div>; split = "div" cuts XML or TEI witnesses where '
                    "their <div>s begin: split this one at paragraphs or a marker"
                )
    found = [milestones(w, split) for w in witnesses]
    first = found[0]
    for w, marks in zip(witnesses[1:], found[1:]):
        if split.kind != "marker" and len(marks) != len(first):
            raise WitnessError(
                f"unit {unit}: {w.path or w.siglum} has {len(marks)} {split.kind}s and "
                f'{witnesses[0].path or witnesses[0].siglum} has {len(first)}; split = "{split.kind}" needs the '
                "same number in every witness: use a marker that names each unit, or do not split"
            )
        labels, other = [label for _, label in first], [label for _, label in marks]
        if split.kind == "marker" and labels != other:
            k = next((i for i, (a, b) in enumerate(zip(labels, other)) if a != b), min(len(labels), len(other)))
            seen = other[k] if k < len(other) else "(no more markers)"
            wanted = labels[k] if k < len(labels) else "(no more markers)"
            raise WitnessError(
                f"unit {unit}: marker {k + 1} of {w.path or w.siglum} is {seen!r} where "
                f"{witnesses[0].path or witnesses[0].siglum} has {wanted!r}; every witness needs the same markers in order"
            )
    return [[offset for offset, _ in marks][:: split.size] for marks in found]


def piece(witness: Witness, start: int, end: int, last: bool) -> Witness:
    """The stretch ``start``-``end`` of ``witness`` as a witness of its own (offsets shifted)."""

    def inside(offset: int) -> bool:
        return start <= offset < end or (last and offset == end)

    spans = tuple(
        Span(max(s.start, start) - start, min(s.end, end) - start, s.rend)
        for s in witness.formatting
        if s.start < end and s.end > start
    )
    marks = tuple(Milestone(m.offset - start, m.kind, m.n) for m in witness.milestones if inside(m.offset))
    notes = tuple(Note(n.offset - start, n.text, n.kind) for n in witness.notes if inside(n.offset))
    return replace(witness, text=witness.text[start:end], formatting=spans, milestones=marks, notes=notes)


@dataclass(frozen=True)
class Piece:
    """One piece of every witness (``witnesses``), and where each starts in its whole witness."""

    witnesses: tuple[Witness, ...]
    starts: tuple[int, ...]


@dataclass(frozen=True)
class Part:
    """A collated piece as the join needs it: its tokens already at their offsets in the whole
    witnesses (shifted by the piece's task, in parallel, so the join makes no token again), its
    alignment's segments (token indices of the piece) and its variants."""

    tokens: tuple[tuple[Token, ...], ...]
    segments: tuple[Segment, ...]
    variants: tuple[Variant, ...]


def cut(witnesses: Sequence[Witness], split: Split, unit: str) -> list[Piece]:
    """The witnesses cut into pieces (one piece of each witness per unit), with their offsets."""
    cuts = cut_points(witnesses, split, unit)
    count = len(cuts[0])
    pieces = []
    for k in range(count):
        row = []
        for w, starts in zip(witnesses, cuts):
            end = starts[k + 1] if k + 1 < count else len(w.text)
            row.append(piece(w, starts[k], end, k + 1 == count))
        pieces.append(Piece(tuple(row), tuple(starts[k] for starts in cuts)))
    return pieces


def split_witnesses(witnesses: Sequence[Witness], split: Split, unit: str) -> list[tuple[Witness, ...]]:
    """The witnesses cut into pieces: one tuple of witnesses (one piece of each) per unit."""
    return [p.witnesses for p in cut(witnesses, split, unit)]


def part(collation: Collation, piece: Piece) -> Part:
    """The collation of ``piece`` as a :class:`Part`, its token offsets moved into the whole witnesses."""
    tokens = tuple(
        tuple(replace(t, offset=t.offset + start) for t in toks) if start else toks
        for toks, start in zip(collation.tokens, piece.starts)
    )
    return Part(tokens, collation.alignment.segments, collation.variants)


def join(witnesses: Sequence[Witness], parts: Sequence[Part], settings: Settings) -> Collation:
    """One collation of the whole ``witnesses`` from the collated parts of their consecutive pieces."""
    n = len(witnesses)
    tokens: list[list[Token]] = [[] for _ in range(n)]
    segments: list[Segment] = []
    variants: list[Variant] = []
    for part in parts:
        base_tokens = [len(t) for t in tokens]
        for w in range(n):
            tokens[w].extend(part.tokens[w])
        shift_app = len(variants)
        first_segment = len(segments)
        segments.extend(
            Segment(tuple((s + base_tokens[w], e + base_tokens[w]) for w, (s, e) in enumerate(seg.spans)))
            for seg in part.segments
        )
        variants.extend(_renumber(v, shift_app, first_segment) for v in part.variants)
    alignment = Alignment(tuple(w.siglum for w in witnesses), tuple(segments))
    return Collation(tuple(witnesses), tuple(tuple(t) for t in tokens), alignment, tuple(variants), settings)


def _renumber(variant: Variant, shift: int, first_segment: int) -> Variant:
    """A piece's variant with its id, links, segment and the ids its reasons cite moved along."""

    def new_id(vid: str) -> str:
        m = _APP.match(vid)
        return f"app{int(m.group(1)) + shift}" if m else vid

    def new_reason(reason: str) -> str:
        return _RUN.sub(lambda m: f"(app{int(m.group(1)) + shift}-app{int(m.group(2)) + shift}:", reason)

    readings = tuple(replace(r, reason=new_reason(r.reason)) for r in variant.readings)
    return replace(
        variant,
        id=new_id(variant.id),
        segment=variant.segment + first_segment,
        readings=readings,
        reason=new_reason(variant.reason),
        links=tuple(new_id(link) for link in variant.links),
    )
