"""CollateX's alignment of a stretch, computed without CollateX, where it is provably the same.

CollateX 2.3 (its ``EditGraphAligner``, as :mod:`collate.align.collatex` calls it: no near
matching, no segmentation, no transpositions) builds a variant graph witness by witness. The first
witness becomes a chain of vertices; each later witness is aligned against the graph's *ranks*
(the longest-path depth of each vertex) by a Needleman-Wunsch table over (rank, token), filled
row by row:

* from the upper left: +1 when a vertex of that rank carries the token's string, else -1;
* from the left: -1;
* from above: -1, except that when the token *before* also matches at that rank, the step is
  scored like the diagonal (+1 on a match), a quirk of ``calculate_from_upper`` kept here;
* of equal scores the first of (upper left, left, above) wins (Python's ``max``).

The path is traced back from the last cell; every cell reached as a match pairs its token with the
vertex of that rank (a vertex claimed twice keeps the later token); the witness is merged into the
graph and the ranks recomputed. The table CollateX returns has one column per rank, holding each
witness's token of that rank. All of it depends only on which token strings are equal, which is
what this module reproduces with integers, some twenty times faster than CollateX and with none of
its fixed cost per call (or its import, which a collation whose stretches all take this path never
pays).

Where the result could hang on what the equality of strings does not decide, this module says so
(:func:`fast_columns` returns ``None``) and the caller asks CollateX: two vertices of one rank
carrying the same string (CollateX keeps whichever its suffix array lists last), or a token
CollateX could confuse with the ``$0``-style markers it puts between witnesses.
``tests/test_fastpath.py`` checks the result against CollateX on every stretch of the test corpora.
"""

from __future__ import annotations

from collections.abc import Sequence

from .collatex import Column

#: Directions of a cell's best predecessor, in CollateX's order of preference.
DIAGONAL, LEFT, UP = 0, 1, 2

#: What :mod:`collate.align.collatex` hands CollateX for an empty normalized form.
EMPTY = "\u2205"


def fast_columns(norms: Sequence[Sequence[str]]) -> list[Column] | None:
    """CollateX's columns for these token sequences, or ``None`` where they are not certain.

    Same contract as :func:`collate.align.collatex.collatex_columns`: each witness's tokens are
    covered once, in order; witnesses with no tokens take no part and get empty ranges.
    """
    present = [i for i, seq in enumerate(norms) if len(seq)]
    if len(present) < 2:  # as CollateX's adapter has it: one column holding everything, if anything
        return [tuple((0, len(seq)) for seq in norms)] if present else []
    words = [[n or EMPTY for n in norms[i]] for i in present]
    if any(n.startswith("$") for seq in words for n in seq):
        return None  # CollateX's witness markers are "$0", "$1", ...: a token could match one
    graph = _Graph(words[0])
    for seq in words[1:]:
        if not graph.add(seq):
            return None
    return graph.columns(present, [len(seq) for seq in norms])


class _Graph:
    """CollateX's variant graph, reduced to what its alignment depends on.

    Vertex 0 is the start; every other vertex has the string of its tokens and its successors (the
    edges of the witnesses' chains); ``chains`` holds, per witness added, its vertices in order.
    """

    def __init__(self, first: Sequence[str]) -> None:
        self.strings: list[str] = [""]
        self.successors: list[set[int]] = [set()]
        self.chains: list[list[int]] = []
        self._merge(first, {})

    def add(self, seq: Sequence[str]) -> bool:
        """Align and merge one more witness as CollateX does; False if the result is not certain."""
        ranks = self.ranks()
        matches = self._matches(seq, ranks)
        if matches is None:
            return False
        by_rank, rows = matches
        width = max(ranks) + 1  # ranks 0 (the start) to the last vertex's; the end's is left out
        table = _fill(rows, width)
        self._merge(seq, _trace(table, rows, width, by_rank, seq))
        return True

    def ranks(self) -> list[int]:
        """Each vertex's rank: the length of the longest path to it from the start (Kahn's order)."""
        count = len(self.strings)
        indegree = [0] * count
        for targets in self.successors:
            for t in targets:
                indegree[t] += 1
        rank = [0] * count
        ready = [v for v in range(count) if not indegree[v]]
        while ready:
            v = ready.pop()
            for t in self.successors[v]:
                rank[t] = max(rank[t], rank[v] + 1)
                indegree[t] -= 1
                if not indegree[t]:
                    ready.append(t)
        return rank

    def _matches(self, seq: Sequence[str], ranks: list[int]) -> tuple[dict[tuple[int, str], int], list[frozenset[int]]] | None:
        """CollateX's match cube: for each token of ``seq``, the ranks (less one) of the vertices
        with its string, and which vertex that is; None if one rank has two such vertices."""
        wanted = set(seq)
        by_rank: dict[tuple[int, str], int] = {}
        for v in range(1, len(self.strings)):
            string = self.strings[v]
            if string in wanted:
                key = (ranks[v] - 1, string)
                if by_rank.setdefault(key, v) != v:
                    return None
        per_string: dict[str, set[int]] = {}
        for r, string in by_rank:
            per_string.setdefault(string, set()).add(r)
        rows = [frozenset(per_string.get(s, ())) for s in seq]
        return by_rank, rows

    def _merge(self, seq: Sequence[str], aligned: dict[int, int]) -> None:
        """Add a witness's chain: its aligned tokens onto their vertices, the others as new ones."""
        chain = []
        last = 0
        for j, string in enumerate(seq):
            vertex = aligned.get(j)
            if vertex is None:
                vertex = len(self.strings)
                self.strings.append(string)
                self.successors.append(set())
            self.successors[last].add(vertex)
            chain.append(vertex)
            last = vertex
        self.chains.append(chain)

    def columns(self, present: list[int], lengths: list[int]) -> list[Column]:
        """The alignment table as columns of token ranges: one column per rank, in order."""
        ranks = self.ranks()
        width = max(ranks)
        at = [[-1] * (width + 1) for _ in present]  # at[k][rank]: witness k's token there
        for k, chain in enumerate(self.chains):
            for j, v in enumerate(chain):
                at[k][ranks[v]] = j
        slot = {w: k for k, w in enumerate(present)}
        cursor = [0] * len(lengths)
        columns: list[Column] = []
        for r in range(1, width + 1):
            spans = []
            for w in range(len(lengths)):
                k = slot.get(w)
                start = cursor[w]
                if k is not None and at[k][r] >= 0:
                    cursor[w] = start + 1
                spans.append((start, cursor[w]))
            columns.append(tuple(spans))
        return columns


def _fill(rows: list[frozenset[int]], width: int) -> list[bytearray]:
    """The directions of CollateX's Needleman-Wunsch table (scores kept for one row only).

    ``rows[y]`` holds the ranks (less one) that token ``y`` matches; cell (x, y) is rank ``x - 1``
    against token ``y - 1``.
    """
    score = [-x for x in range(width)]
    table = [bytearray([LEFT]) * width]
    above: frozenset[int] = frozenset()
    for hits in rows:
        new = [score[0] - 1] * width
        way = bytearray(width)
        way[0] = UP
        for x in range(1, width):
            r = x - 1
            gain = 1 if r in hits else -1
            diagonal = score[r] + gain
            left = new[r] - 1
            up = score[x] + gain if r in above else score[x] - 1
            if diagonal >= left and diagonal >= up:
                new[x] = diagonal
            elif left >= up:
                new[x] = left
                way[x] = LEFT
            else:
                new[x] = up
                way[x] = UP
        table.append(way)
        score = new
        above = hits
    return table


def _trace(
    table: list[bytearray], rows: list[frozenset[int]], width: int, by_rank: dict[tuple[int, str], int], seq: Sequence[str]
) -> dict[int, int]:
    """Trace the best path back from the last cell; return token -> vertex for its matches."""
    aligned: dict[int, int] = {}
    claimed: set[int] = set()
    x, y = width - 1, len(rows)
    while x or y:
        way = table[y][x]
        r = x - 1
        if way == DIAGONAL:
            matched = r in rows[y - 1]
            x, y = x - 1, y - 1
        elif way == LEFT:
            matched = False
            x -= 1
        else:
            matched = y >= 2 and r in rows[y - 2] and r in rows[y - 1]
            y -= 1
        if matched:
            vertex = by_rank[(r, seq[y])]
            if vertex not in claimed:
                claimed.add(vertex)
                aligned[y] = vertex
    return aligned
