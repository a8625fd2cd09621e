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
what this module reproduces with integers, ten to twenty-five times faster than CollateX and with none of
its fixed cost per call (or its import, which a collation whose stretches all take this path never
pays).

One thing the equality of strings leaves open: a token that matches, on the best path, at a rank
where two vertices carry its string joins whichever of them CollateX's match cube wrote last, in
the order of the blocks of its suffix array. That (rare: two of Darwin's 369 stretches) is
reproduced by building the suffix array and its blocks as CollateX does (:func:`_suffix_blocks`).
Where the result could still depend on anything else, :func:`fast_columns` says so (returns
``None``) and the caller asks CollateX: a token CollateX could confuse with the ``$0``-style
markers it puts between witnesses.
``tests/test_fastpath.py`` checks the result against CollateX on every stretch of the test corpora.
"""

from __future__ import annotations

from collections.abc import Sequence

from .collatex import Column

#: Directions of a cell's best predecessor, in CollateX's order of preference.
DIAGONAL, LEFT, UP = 0, 1, 2

#: In the match cube, a rank with two vertices of one string (CollateX keeps whichever its match
#: cube wrote last: :meth:`_Graph._cube` finds which); also a token of no vertex yet.
UNSURE = -1

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
    graph = _Graph(words)
    for k in range(1, len(words)):
        graph.add(k)
    return graph.columns(present, [len(seq) for seq in norms])


class _Graph:
    """CollateX's variant graph, reduced to what its alignment depends on.

    Vertex 0 is the start; every other vertex has the string of its tokens and its successors (the
    edges of the witnesses' chains); ``chains`` holds, per witness added, its vertices in order.
    """

    def __init__(self, words: list[list[str]]) -> None:
        self.words = words
        self.strings: list[str] = [""]
        self.successors: list[set[int]] = [set()]
        self.chains: list[list[int]] = []
        self._merge(words[0], {})

    def add(self, k: int) -> None:
        """Align and merge witness ``k`` (the next) as CollateX does."""
        seq = self.words[k]
        ranks = self.ranks()
        by_rank, rows = self._matches(seq, ranks)
        width = max(ranks) + 1  # ranks 0 (the start) to the last vertex's; the end's is left out
        cube = None
        aligned: dict[int, int] = {}
        claimed: set[int] = set()
        for y, r in _trace(_fill(rows, width), rows, width):
            vertex = by_rank[(r, seq[y])]
            if vertex == UNSURE:  # two vertices of this string at this rank: CollateX's last one
                cube = cube or self._cube(k, ranks)
                vertex = cube[(y, r)]
            if vertex not in claimed:
                claimed.add(vertex)
                aligned[y] = vertex
        self._merge(seq, aligned)

    def _cube(self, k: int, ranks: list[int]) -> dict[tuple[int, int], int]:
        """CollateX's match cube as it builds it, for the rare token that matches two vertices of
        one rank: (token, rank less one) -> the vertex written last, in the order of the blocks
        of the suffix array over every witness (with its "$0" markers between them)."""
        array: list[str] = []
        vertex: list[int] = []
        for w, seq in enumerate(self.words):
            if w == k:
                start = len(array)
            array += seq
            vertex += self.chains[w] if w < k else [UNSURE] * len(seq)
            array.append(f"${w}")
            vertex.append(UNSURE)
        del array[-1], vertex[-1]
        ids = {s: i for i, s in enumerate(sorted(set(array)), 1)}
        blocks, suffixes = _suffix_blocks([ids[s] for s in array])
        end = start + len(self.words[k])
        cube: dict[tuple[int, int], int] = {}
        for first, last, length in blocks:
            instances = suffixes[first : last + 1]
            earlier = [p for p in instances if p < start]
            for p in instances:
                if start <= p < end:
                    for q in earlier:
                        for i in range(length):
                            cube[(p + i - start, ranks[vertex[q + i]] - 1)] = vertex[q + i]
        return cube

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

    def _matches(self, seq: Sequence[str], ranks: list[int]) -> tuple[dict[tuple[int, str], int], list[frozenset[int]]]:
        """CollateX's match cube: for each token of ``seq``, the ranks (less one) of the vertices
        with its string, and which vertex that is (:data:`UNSURE` where one rank has two)."""
        wanted = set(seq)
        by_rank: dict[tuple[int, str], int] = {}
        for v in range(1, len(self.strings)):
            string = self.strings[v]
            if string in wanted:
                key = (ranks[v] - 1, string)
                if by_rank.setdefault(key, v) != v:
                    by_rank[key] = UNSURE
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


def _trace(table: list[bytearray], rows: list[frozenset[int]], width: int) -> list[tuple[int, int]]:
    """Trace the best path back from the last cell: its matches as (token, rank less one), from
    the end, as CollateX meets them."""
    matches = []
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
            matches.append((y, r))
    return matches


def _suffix_blocks(codes: list[int]) -> tuple[list[tuple[int, int, int]], list[int]]:
    """CollateX's blocks (``TokenIndex.split_lcp_array_into_intervals``, quirks and all): the LCP
    intervals of the suffix array, as (first, last, length) in its order; and the suffix array."""
    suffixes = sorted(range(len(codes)), key=lambda i: codes[i:])
    lcp = [0] * len(suffixes)
    for k in range(1, len(suffixes)):
        a, b, n = suffixes[k - 1], suffixes[k], 0
        while a + n < len(codes) and b + n < len(codes) and codes[a + n] == codes[b + n]:
            n += 1
        lcp[k] = n
    closed: list[tuple[int, int, int]] = []
    opened: list[tuple[int, int]] = []  # (first, length)
    previous = 0
    for k, value in enumerate(lcp):
        if value > previous:
            opened.append((k - 1, value))
            previous = value
        elif value < previous:
            while opened and opened[-1][1] > value:
                first, length = opened.pop()
                closed.append((first, k - 1, length))
            if value > 0:
                opened.append((closed[-1][0], value))
            previous = value
    closed += [(first, len(lcp) - 1, length) for first, length in opened if length > 0]
    return closed, suffixes
