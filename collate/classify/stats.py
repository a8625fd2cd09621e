"""Statistics of a collation: locations per class and subtype, similarity per pair of witnesses,
and the summary the command line prints."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from rapidfuzz.distance import Indel

from ..model import Collation
from ..vocabulary import SEVERITY, counts_as_substantive


def counts(collation: Collation) -> dict[str, int]:
    """Variant locations per class, every class present, most serious first."""
    found = Counter(v.type for v in collation.variants)
    return {kind: found.get(kind, 0) for kind in reversed(SEVERITY)}


def subtype_counts(collation: Collation) -> dict[str, dict[str, int]]:
    """Variant locations per class and subtype (``-`` for none), for the classes present."""
    out: dict[str, dict[str, int]] = {}
    for v in collation.variants:
        sub = out.setdefault(v.type, {})
        sub[v.subtype or "-"] = sub.get(v.subtype or "-", 0) + 1
    return {k: dict(sorted(out[k].items())) for k in reversed(SEVERITY) if k in out}


def similarity(collation: Collation, i: int, j: int) -> tuple[float, float]:
    """Two measures of how alike witnesses ``i`` and ``j`` are, in percent.

    The first is rapidfuzz's normalized Indel similarity of their normalized token sequences
    (alignment-free; every spelling or punctuation difference counts against it). The second is
    the share of their tokens that stand outside substantive divergences between the two (from the
    alignment and the classification): how much of the wording agrees.
    """
    ni = [t.norm for t in collation.tokens[i]]
    nj = [t.norm for t in collation.tokens[j]]
    fuzzy = 100.0 * Indel.normalized_similarity(ni, nj)
    si, sj = collation.sigla[i], collation.sigla[j]
    apart = 0
    for v in collation.variants:
        ri = next(k for k, r in enumerate(v.readings) if si in r.sigla)
        rj = next(k for k, r in enumerate(v.readings) if sj in r.sigla)
        if not any(ri in g and rj in g for g in v.groups):
            (a, b), (c, d) = (collation.alignment.segments[v.segment].spans[w] for w in (i, j))
            apart += (b - a) + (d - c)
    total = len(ni) + len(nj)
    return fuzzy, (100.0 * (total - apart) / total if total else 100.0)


def summary(collation: Collation) -> str:
    """A few lines for the terminal: locations per class (with subtypes), similarity per witness pair."""
    settings = collation.settings
    n = len(collation.variants)
    substantive = sum(counts_as_substantive(v.type, v.subtype, settings.substantive) for v in collation.variants)
    head = (
        f"{len(collation.witnesses)} witnesses ({', '.join(collation.sigla)}): {n} variant locations, "
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
