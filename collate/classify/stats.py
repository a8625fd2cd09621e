"""Statistics of a collation: locations per class and subtype, similarity per pair of witnesses,
and the summary the command line prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import combinations

from rapidfuzz.distance import Indel

from ..model import Collation
from ..vocabulary import SEVERITY, counts_as_substantive


def _divergences(collation: Collation) -> Iterator[tuple[str, str | None]]:
    """The class and subtype of every divergence: each variant location, and each difference
    inside a moved passage (:class:`~collate.model.Inside`), which no location of its own shows."""
    for v in collation.variants:
        yield v.type, v.subtype
        for inside in v.inside:
            yield inside.type, inside.subtype


def counts(collation: Collation) -> dict[str, int]:
    """Divergences per class (variant locations and differences inside moved passages), every
    class present, most serious first."""
    found = Counter(kind for kind, _ in _divergences(collation))
    return {kind: found.get(kind, 0) for kind in reversed(SEVERITY)}


def subtype_counts(collation: Collation) -> dict[str, dict[str, int]]:
    """Divergences per class and subtype (``-`` for none), for the classes present."""
    out: dict[str, dict[str, int]] = {}
    for kind, subtype in _divergences(collation):
        sub = out.setdefault(kind, {})
        sub[subtype or "-"] = sub.get(subtype or "-", 0) + 1
    return {k: dict(sorted(out[k].items())) for k in reversed(SEVERITY) if k in out}


def inside_count(collation: Collation) -> int:
    """The differences inside moved passages (counted in :func:`counts` beside the locations)."""
    return sum(len(v.inside) for v in collation.variants)


def similarity(collation: Collation, i: int, j: int) -> tuple[float, float]:
    """Two measures of how alike witnesses ``i`` and ``j`` are, in percent.

    The first is the normalized Indel similarity of their normalized token sequences (every
    spelling or punctuation difference counts against it): twice the longest common subsequence
    over the two lengths, the subsequence taken through the alignment (:func:`_common`). The second
    is the share of their tokens that stand outside substantive divergences between the two (from
    the alignment and the classification): how much of the wording agrees.
    """
    ni = [t.norm for t in collation.tokens[i]]
    nj = [t.norm for t in collation.tokens[j]]
    total = len(ni) + len(nj)
    fuzzy = 100.0 * (1.0 - (total - 2 * _common(collation, ni, nj, i, j)) / total) if total else 100.0
    si, sj = collation.sigla[i], collation.sigla[j]
    apart = 0
    for v in collation.variants:
        ri = next(k for k, r in enumerate(v.readings) if si in r.sigla)
        rj = next(k for k, r in enumerate(v.readings) if sj in r.sigla)
        if not any(ri in g and rj in g for g in v.groups):
            (a, b), (c, d) = (collation.alignment.segments[v.segment].spans[w] for w in (i, j))
            apart += (b - a) + (d - c)
    return fuzzy, (100.0 * (total - apart) / total if total else 100.0)


def _common(collation: Collation, ni: list[str], nj: list[str], i: int, j: int) -> int:
    """The length of a longest common subsequence of ``ni`` and ``nj`` that keeps the segments
    where the two read the same normalized tokens, in time linear in the texts.

    Between two such segments the longest common subsequence of what lies between is counted
    (rapidfuzz's Indel on that stretch only), so the figure is the whole texts' longest common
    subsequence unless that one would pair tokens across a segment both witnesses share: as
    rapidfuzz on the whole texts, at the cost of the stretches where they differ.
    """
    common = 0
    start_i = start_j = 0
    for segment in collation.alignment.segments:
        (a, b), (c, d) = segment.spans[i], segment.spans[j]
        if b - a and ni[a:b] == nj[c:d]:
            common += b - a + _lcs(ni[start_i:a], nj[start_j:c])
            start_i, start_j = b, d
    return common + _lcs(ni[start_i:], nj[start_j:])


def _lcs(x: list[str], y: list[str]) -> int:
    """The length of a longest common subsequence (rapidfuzz's Indel: |x| + |y| - 2 lcs)."""
    if not x or not y:
        return 0
    return (len(x) + len(y) - Indel.distance(x, y)) // 2


def summary(collation: Collation) -> str:
    """A few lines for the terminal: locations per class (with subtypes), similarity per witness pair."""
    settings = collation.settings
    n = len(collation.variants)
    substantive = sum(counts_as_substantive(v.type, v.subtype, settings.substantive) for v in collation.variants)
    substantive += sum(
        counts_as_substantive(i.type, i.subtype, settings.substantive) for v in collation.variants for i in v.inside
    )
    inside = inside_count(collation)
    also = f" and {inside} difference{'s' if inside != 1 else ''} inside moved passages" if inside else ""
    head = (
        f"{len(collation.witnesses)} witnesses ({', '.join(collation.sigla)}): {n} variant locations{also}, "
        f"{substantive} counted substantive ({', '.join(settings.substantive)})"
    )
    lines = [head]
    subs = subtype_counts(collation)
    for kind, number in counts(collation).items():
        if number:
            detail = ", ".join(f"{s} {c}" for s, c in subs[kind].items() if s != "-")
            lines.append(f"  {kind:<13}{number:>5}" + (f"  ({detail})" if detail else ""))
    lines.append("similarity per pair: normalized tokens (rapidfuzz Indel); tokens outside substantive divergences:")
    for i, j in combinations(range(len(collation.witnesses)), 2):
        fuzzy, wording = similarity(collation, i, j)
        lines.append(f"  {collation.sigla[i]} ~ {collation.sigla[j]}: {fuzzy:.1f}%; wording {wording:.1f}%")
    return "\n".join(lines)


#: Below this share of agreeing wording (percent) two witnesses are hardly versions of one text.
DISSIMILAR = 60.0


def warnings(collation: Collation, threshold: float = DISSIMILAR) -> list[str]:
    """``Warning:`` lines for each pair of witnesses whose wording agrees less than ``threshold``
    percent: their apparatus would be mostly noise (two translations, or the wrong files)."""
    out = []
    for i in range(len(collation.witnesses)):
        for j in range(i + 1, len(collation.witnesses)):
            _, wording = similarity(collation, i, j)
            if wording < threshold:
                out.append(
                    f"Warning: {collation.sigla[i]} and {collation.sigla[j]} agree in only {wording:.1f}% of their "
                    f"wording (under {threshold:.0f}%): they may not be versions of one text, and most of the "
                    "apparatus between them will be noise"
                )
    return out
