"""The aligner's moves as transpositions: the two places of a moved passage linked and typed as
one transposition, and what changed inside the passage on the way judged on its own.

The aligner reports a passage that two witnesses have at different places as a
:class:`~collate.model.Move` (:mod:`collate.align.moves`), also when it was edited on the way; its
columns still show an omission at one place and an addition at the other. Read as they stand,
a sentence moved with ``harbour`` become ``harbor`` is two substantive divergences and no spelling
variant, where an editor sees one transposition with one orthographic change inside it. So the
locations holding each half of a move are typed substantive/transposition and linked to each other
through :attr:`~collate.model.Variant.links` (the representation the classifier's own
transpositions have, :func:`collate.classify.runs.link_transpositions`), and the two copies of
the passage are compared token by token: each spot where they differ is an
:class:`~collate.model.Inside`, judged by the same rules as any two readings, stored on the later
of the two locations so that it is counted once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz.distance import Indel

from ..model import Alignment, Inside, Move, Token, Variant
from .forms import Rules, make_form, quote
from .rules import judge

#: The subtypes a location may have when it is there because a passage moved.
MOVABLE = ("addition", "omission", "lexical", "transposition")


class _Places:
    """Where a witness's tokens stand: the segment, and the variant location, holding each token."""

    def __init__(self, alignment: Alignment, variants: Sequence[Variant]) -> None:
        self.segments = alignment.segments
        self.starts = [[s.spans[w][0] for s in alignment.segments] for w in range(len(alignment.sigla))]
        self.variant_at = {v.segment: k for k, v in enumerate(variants)}

    def segment(self, w: int, token: int) -> int:
        """The segment holding token ``token`` of witness ``w`` (the non-empty one of those starting there)."""
        return bisect_right(self.starts[w], token) - 1

    def locations(self, w: int, span: tuple[int, int]) -> list[int]:
        """The variant locations (indices) holding tokens ``span`` of witness ``w``, in order."""
        first, last = self.segment(w, span[0]), self.segment(w, span[1] - 1)
        return [self.variant_at[s] for s in range(first, last + 1) if s in self.variant_at]


def link_moves(
    variants: list[Variant], alignment: Alignment, tokens: Sequence[Sequence[Token]], rules: Rules
) -> list[Variant]:
    """Type and link the two places of every move of ``alignment`` as one transposition, and
    judge the differences between the passage's two copies (:class:`~collate.model.Inside`)."""
    if not alignment.moves:
        return variants
    places = _Places(alignment, variants)
    out = list(variants)
    inside: dict[int, dict[tuple, Inside]] = {}
    for move in alignment.moves:
        ends = [_moved_locations(out, places, alignment, move, end) for end in (0, 1)]
        if not ends[0] or not ends[1] or set(ends[0]) & set(ends[1]):
            continue  # the passage's other half is no divergence of its own (or the same one)
        for end in (0, 1):
            others = [out[k].id for k in ends[1 - end]]
            for k in ends[end]:
                out[k] = _as_moved(out[k], others, move, end, alignment, tokens)
        for k, found in _differences(move, out, places, alignment, tokens, rules, ends):
            texts = (_text(out, found.link, found.readings[0], found.spans[0]), _text(out, out[k].id, found.readings[1], found.spans[1]))
            inside.setdefault(k, {}).setdefault((found.link, *texts), found)  # once per change, not per witness pair
    for k, found in inside.items():
        out[k] = replace(out[k], inside=tuple(sorted(found.values(), key=_inside_order)))
    return out


def _text(variants: Sequence[Variant], vid: str, reading: int, span: tuple[int, int]) -> str:
    """The text of reading ``reading`` of location ``vid`` at character range ``span``, stripped."""
    variant = next(v for v in variants if v.id == vid)
    return variant.readings[reading].text[span[0] : span[1]].strip()


def _inside_order(found: Inside) -> tuple:
    return (found.link, found.readings, found.spans)


def _moved_locations(
    variants: Sequence[Variant], places: _Places, alignment: Alignment, move: Move, end: int
) -> list[int]:
    """The locations holding one half of ``move`` where the two witnesses read apart substantively."""
    w, other = move.witnesses[end], move.witnesses[1 - end]
    found = []
    for k in places.locations(w, move.spans[end]):
        variant = variants[k]
        if variant.type != "substantive" or variant.subtype not in MOVABLE:
            continue
        if _reading_of(variant, alignment.sigla[w]) != _reading_of(variant, alignment.sigla[other]):
            found.append(k)
    return found


def _reading_of(variant: Variant, siglum: str) -> int:
    return next(i for i, r in enumerate(variant.readings) if siglum in r.sigla)


def _as_moved(
    variant: Variant, others: list[str], move: Move, end: int, alignment: Alignment, tokens: Sequence[Sequence[Token]]
) -> Variant:
    """``variant`` typed as one place of a transposition, linked to the locations ``others``.

    The judgement of the two witnesses' readings against each other becomes the transposition
    (their reading against the first reading, or their stored pair); other readings keep theirs.
    """
    w, other = move.witnesses[end], move.witnesses[1 - end]
    has, lacks = _reading_of(variant, alignment.sigla[w]), _reading_of(variant, alignment.sigla[other])
    start, stop = move.spans[end]
    words = quote(t.word for t in tokens[w][start:stop])
    reason = (
        f"transposition (a passage moved, found by the aligner): {words} stands here in "
        f"{', '.join(variant.readings[has].sigla)} and at {', '.join(others)} in {', '.join(variant.readings[lacks].sigla)}"
    )
    ra, rb = sorted((has, lacks))
    readings = tuple(
        replace(r, type="substantive", subtype="transposition", reason=f"{r.reason}; {reason}") if ra == 0 and i == rb else r
        for i, r in enumerate(variant.readings)
    )
    pairs = tuple(
        replace(p, type="substantive", subtype="transposition", reason=f"{p.reason}; {reason}")
        if (p.first, p.second) == (ra, rb)
        else p
        for p in variant.pairs
    )
    links = tuple(dict.fromkeys((*variant.links, *others)))
    return replace(variant, subtype="transposition", reason=reason, readings=readings, pairs=pairs, links=links)


def _differences(
    move: Move,
    variants: Sequence[Variant],
    places: _Places,
    alignment: Alignment,
    tokens: Sequence[Sequence[Token]],
    rules: Rules,
    ends: list[list[int]],
) -> list[tuple[int, Inside]]:
    """Each spot where the two copies of ``move``'s passage differ, judged: (location, Inside)."""
    (a, b), ((s1, e1), (s2, e2)) = move.witnesses, move.spans
    found = []
    for (i1, i2), (j1, j2) in _spots(tokens[a][s1:e1], tokens[b][s2:e2]):
        here = _place(places, variants, alignment, tokens, a, (s1, e1), (s1 + i1, s1 + i2))
        there = _place(places, variants, alignment, tokens, b, (s2, e2), (s2 + j1, s2 + j2))
        if here is None or there is None or here[0] not in ends[0] or there[0] not in ends[1]:
            continue  # a spot outside the locations the move links (the two copies agree there)
        # each copy: (location, reading, characters), then witness, first token, token count
        copies = sorted([(*here, a, s1 + i1, i2 - i1), (*there, b, s2 + j1, j2 - j1)])
        earlier, later = (make_form(tokens[w], t, t + n, [alignment.sigla[w]]) for *_, w, t, n in copies)
        verdict = judge(earlier, later, rules)
        (k1, r1, c1, *_), (k2, r2, c2, *_) = copies
        names = [", ".join(variants[k].readings[r].sigla) for k, r in ((k1, r1), (k2, r2))]
        reason = f"{names[1]} against {names[0]} at {variants[k1].id}, inside the moved passage: {verdict.reason}"
        found.append((k2, Inside(variants[k1].id, (r1, r2), (c1, c2), verdict.type, verdict.subtype, reason)))
    return found


def _spots(x: Sequence[Token], y: Sequence[Token]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The token ranges where two copies of a passage differ: what the normalized forms do not
    share, and tokens with the same normalized form written otherwise (case, accents, emphasis)."""
    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    joined = False  # the last spot came from an edit, so a next edit beside it joins it
    for op in Indel.opcodes([t.norm for t in x], [t.norm for t in y]):
        if op.tag != "equal":
            if joined:
                (i1, _), (j1, _) = out.pop()
                out.append(((i1, op.src_end), (j1, op.dest_end)))
            else:
                out.append(((op.src_start, op.src_end), (op.dest_start, op.dest_end)))
            joined = True
            continue
        joined = False
        for k in range(op.src_end - op.src_start):
            p, q = x[op.src_start + k], y[op.dest_start + k]
            if p.word != q.word or p.rend != q.rend:
                out.append(((op.src_start + k, op.src_start + k + 1), (op.dest_start + k, op.dest_start + k + 1)))
    return sorted(out)


def _place(
    places: _Places,
    variants: Sequence[Variant],
    alignment: Alignment,
    tokens: Sequence[Sequence[Token]],
    w: int,
    span: tuple[int, int],
    spot: tuple[int, int],
) -> tuple[int, int, tuple[int, int]] | None:
    """Where tokens ``spot`` of witness ``w`` (inside the move's ``span``) stand in the apparatus:
    (location, the witness's reading there, the character range in the reading's text); None
    outside a location or across two. An empty spot is placed after the token before it."""
    start, end = spot
    anchor = start if end > start or start == span[0] else start - 1
    last = end - 1 if end > start else anchor
    segment = places.segment(w, anchor)
    if places.segment(w, last) != segment or segment not in places.variant_at:
        return None
    k = places.variant_at[segment]
    seg_start = alignment.segments[segment].spans[w][0]
    offset = sum(len(t.text) for t in tokens[w][seg_start:start])
    length = sum(len(t.text.rstrip()) for t in tokens[w][start:end][-1:]) + sum(
        len(t.text) for t in tokens[w][start : end - 1]
    )
    return k, _reading_of(variants[k], alignment.sigla[w]), (offset, offset + length)
