"""Which witnesses agree, and how closely: a distance matrix per collation and per corpus, and a tree.

For a pair of witnesses the distance is the share of their words at which they disagree
substantively: the variant locations where the two read readings whose difference the classifier
judged substantive (its judgement of every pair of readings is stored on the ``Variant``: each
reading's against the first, ``Variant.pairs`` for the others; what counts as substantive is the
collation's setting), divided by the pair's mean length in tokens. Locations where the two differ
only by accidentals are counted apart, as a second matrix, so that a modernised spelling does not
pass for a different recension.

Counts, not shares, are what is stored and added up, so the corpus matrix weighs every unit by its
length: a pair's corpus distance is the sum of its substantive disagreements over the units both
witnesses are in, divided by the sum of their words there.

The tree is built from the substantive matrix by neighbour joining (or UPGMA), by Biopython's
``Bio.Phylo.TreeConstruction``, not by code of ours; drawing it (``svg_tree``) is ours.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations

from .model import Collation, Variant
from .vocabulary import counts_as_substantive

#: The tree methods offered, as Biopython's DistanceTreeConstructor names them.
TREE_METHODS: tuple[str, ...] = ("nj", "upgma")


@dataclass(frozen=True)
class PairCount:
    """What two witnesses (``a`` before ``b`` in the collation) share: tokens compared and disagreements."""

    a: str
    b: str
    words: float
    substantive: int
    accidental: int


@dataclass(frozen=True)
class Distances:
    """Pair counts over witnesses ``sigla`` (in first-seen order); shares are computed from them."""

    sigla: tuple[str, ...]
    pairs: tuple[PairCount, ...]

    @cached_property
    def _by_pair(self) -> dict[tuple[str, str], PairCount]:
        return {**{(p.a, p.b): p for p in self.pairs}, **{(p.b, p.a): p for p in self.pairs}}

    def count(self, a: str, b: str) -> PairCount | None:
        """The counts of pair ``a``, ``b`` in either order, or None if the two never met."""
        return self._by_pair.get((a, b))

    def share(self, a: str, b: str, kind: str = "substantive") -> float | None:
        """Disagreements of ``kind`` (``substantive`` or ``accidental``) per token; 0 on the diagonal."""
        if a == b:
            return 0.0
        p = self.count(a, b)
        if p is None or not p.words:
            return None
        return getattr(p, kind) / p.words

    def matrix(self, kind: str = "substantive") -> list[list[float | None]]:
        return [[self.share(a, b, kind) for b in self.sigla] for a in self.sigla]

    def complete(self) -> bool:
        """True when every pair met in some unit (a tree needs every distance)."""
        return all(self.share(a, b) is not None for a, b in combinations(self.sigla, 2))


def distances(collation: Collation) -> Distances:
    """Count, for every pair of witnesses, substantive and accidental disagreements and tokens compared.

    Per variant location, each witness's reading is compared with every other's at once (numpy,
    n by n), through the location's small table of which readings differ substantively, so a unit
    of a thousand witnesses costs seconds, not the hours of a loop over pairs."""
    import numpy as np

    sigla = collation.sigla
    n = len(sigla)
    index = {s: i for i, s in enumerate(sigla)}
    subst = np.zeros((n, n), dtype=np.int64)
    accid = np.zeros((n, n), dtype=np.int64)
    reading = np.zeros(n, dtype=np.int64)
    for variant in collation.variants:
        for r, entry in enumerate(variant.readings):
            reading[[index[s] for s in entry.sigla]] = r
        apart = substantive_table(variant, collation.settings.substantive)[reading[:, None], reading[None, :]]
        subst += apart
        accid += (reading[:, None] != reading[None, :]) & ~apart
    lengths = [len(t) for t in collation.tokens]
    pairs = tuple(
        PairCount(sigla[i], sigla[j], (lengths[i] + lengths[j]) / 2, int(subst[i, j]), int(accid[i, j]))
        for i, j in combinations(range(n), 2)
    )
    return Distances(tuple(sigla), pairs)


def substantive_table(variant: Variant, substantive: Sequence[str]):  # -> numpy.ndarray of bool, k by k
    """Which of a location's ``k`` readings differ substantively from which, as the classifier judged
    them (each reading's class against the first, :attr:`Variant.pairs` for the others), under the
    collation's ``substantive`` setting; nothing is judged again here.

    A pair the variant holds no judgement of (a variant made by hand, without ``pairs``) counts as
    substantive when its readings are in different groups."""
    import numpy as np

    k = len(variant.readings)
    group_of = {r: g for g, members in enumerate(variant.groups) for r in members}
    groups = np.array([group_of.get(r, k + r) for r in range(k)])  # a reading in no group is a group alone
    table = groups[:, None] != groups[None, :]
    judged = [(0, j, r.type, r.subtype) for j, r in enumerate(variant.readings) if j]
    judged += [(p.first, p.second, p.type, p.subtype) for p in variant.pairs]
    for i, j, kind, subtype in judged:
        table[i, j] = table[j, i] = counts_as_substantive(kind, subtype, substantive)
    return table


def merge(parts: Iterable[Distances]) -> Distances:
    """Add up the counts of several units (a corpus), witnesses matched by siglum."""
    sigla: list[str] = []
    totals: dict[tuple[str, str], list[float]] = {}
    for part in parts:
        sigla.extend(s for s in part.sigla if s not in sigla)
        for p in part.pairs:
            key = (p.a, p.b) if (p.b, p.a) not in totals else (p.b, p.a)
            acc = totals.setdefault(key, [0.0, 0, 0])
            acc[0] += p.words
            acc[1] += p.substantive
            acc[2] += p.accidental
    pairs = tuple(PairCount(a, b, w, int(s), int(x)) for (a, b), (w, s, x) in totals.items())
    return Distances(tuple(sigla), pairs)


# -- CSV ----------------------------------------------------------------------------------------


def matrix_csv(dist: Distances, kind: str = "substantive") -> bytes:
    """The square matrix of shares as CSV: a header row of sigla, one row per witness; empty where
    two witnesses never met."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["", *dist.sigla])
    for a, row in zip(dist.sigla, dist.matrix(kind)):
        writer.writerow([a, *("" if v is None else f"{v:.6f}" for v in row)])
    return out.getvalue().encode("utf-8")


def pairs_csv(dist: Distances) -> bytes:
    """One row per pair with the counts behind both shares, for a spreadsheet or R."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["witness_a", "witness_b", "tokens", "substantive", "accidental", "substantive_share", "accidental_share"]
    )
    for p in dist.pairs:
        s, x = (p.substantive / p.words, p.accidental / p.words) if p.words else (0.0, 0.0)
        # tokens exactly (a half where the two lengths' sum is odd): the corpus adds them up from here
        writer.writerow([p.a, p.b, f"{p.words:.15g}", p.substantive, p.accidental, f"{s:.6f}", f"{x:.6f}"])
    return out.getvalue().encode("utf-8")


def from_pairs_csv(sigla: Sequence[str], data: bytes) -> Distances:
    """The counts of a :func:`pairs_csv` file read back (a corpus adds up its units' from their
    ``NAME.distance.csv``; the shares, rounded, are not read)."""
    import csv

    rows = csv.reader(io.StringIO(data.decode("utf-8")))
    next(rows, None)  # the header
    return Distances(tuple(sigla), tuple(PairCount(a, b, float(w), int(s), int(x)) for a, b, w, s, x, *_ in rows))


# -- the tree -----------------------------------------------------------------------------------


def build_tree(dist: Distances, method: str = "nj"):  # -> Bio.Phylo.BaseTree.Tree
    """The tree of the witnesses from the substantive matrix (Biopython's neighbour joining or UPGMA).

    Needs three witnesses or more and every pair's distance (:meth:`Distances.complete`)."""
    from Bio.Phylo.TreeConstruction import DistanceMatrix, DistanceTreeConstructor

    if method not in TREE_METHODS:
        raise ValueError(f"unknown tree method {method!r}; choose one of {', '.join(TREE_METHODS)}")
    full = dist.matrix()
    lower = [[float(full[i][j]) for j in range(i + 1)] for i in range(len(dist.sigla))]
    matrix = DistanceMatrix(list(dist.sigla), lower)
    constructor = DistanceTreeConstructor()
    return constructor.nj(matrix) if method == "nj" else constructor.upgma(matrix)


def newick(tree) -> str:
    from Bio import Phylo

    out = io.StringIO()
    Phylo.write(tree, out, "newick")
    return out.getvalue()


def splits(tree) -> set[frozenset[str]]:
    """The tree's non-trivial bipartitions of its leaves, each given as the side without the
    alphabetically first leaf: two trees have the same (unrooted) topology when these are equal."""
    leaves = frozenset(t.name for t in tree.get_terminals())
    first = min(leaves)
    found: set[frozenset[str]] = set()
    for clade in tree.get_nonterminals():
        side = frozenset(t.name for t in clade.get_terminals())
        side = leaves - side if first in side else side
        if 2 <= len(side) <= len(leaves) - 2:
            found.add(side)
    return found
