"""The anchored aligner: CollateX's alignment, at the speed of a diff, for texts of any length.

CollateX compares every token of a witness with every position of the variant graph built so far,
so its time and memory grow with the product of the witnesses' lengths: a few hundred words take a
second, a book chapter does not fit in memory. Witnesses of one work, however, agree on most of
their words, and a run of words that occurs exactly once in every witness, in the same order
everywhere, is almost certainly the same passage in all of them (the idea of Bram Cohen's
*patience diff*, applied to runs of words rather than lines).

So the texts are cut at such anchors, recursively (a run unique in a stretch between two anchors
is an anchor there), until every stretch is small enough for CollateX, which then aligns each
stretch that really varies (its alignment computed directly, without CollateX, wherever
:mod:`collate.align.fastpath` can prove it the same); the pieces are stitched back together in order. Long runs are sought
first (seven words, then five, then three, then single words), and only the middle word of a run
is cut at, so CollateX sees the agreeing words around every variation and decides, as it would on
the whole text, where a gap goes. Stretches whose alignment is certain without CollateX are settled
directly: the same reading everywhere, a reading in one witness only, and readings with no word in
common (CollateX sets those side by side, left-justified). A stretch that is still too large and
has no anchor at all (long passages that share no word used once) is aligned progressively, each
witness in turn against the columns of those before it (:mod:`collate.align.progressive`), with no pivot
witness whose readings would decide for all the others.

The columns returned keep CollateX's granularity, at most one token per witness, so the variant
locations match those of plain CollateX wherever both can run (``docs/benchmark.md`` measures how
far, and shows where they differ).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence

from ..progress import Progress, current
from .collatex import Column, collatex_columns
from .fastpath import fast_columns
from .progressive import progressive_columns

#: The largest stretch handed to CollateX, in cells of its tables (see :meth:`_Anchored.cells`).
#: At this size one call takes about 0.75 s and 20 MB (two witnesses of 316 tokens); smaller caps
#: are faster but cut more often where CollateX, seeing more, would align otherwise
#: (``bench/compare.py --cap`` measures both).
MAX_CELLS = 100_000

#: A run of this many words found once in every witness of a stretch is cut at even when CollateX
#: could take the stretch whole: CollateX scores every matched word alike, and may pair scattered
#: "the" and "of" across a rewritten passage rather than the run the passage shares.
SURE_RUN = 6

#: Shorter runs sought, in turn, in a stretch still too large for CollateX.
SHORT_RUNS = (3, 1)

#: For each witness, the half-open range of its token indices that a stretch covers.
Spans = list[tuple[int, int]]


def anchored_columns(
    norms: Sequence[Sequence[str]], progress: Progress | None = None, *, max_cells: int = MAX_CELLS, near: float = 0.5
) -> list[Column]:
    """Align token sequences (normalized forms) as CollateX does, in stretches cut at anchors.

    Each witness's tokens are covered exactly once, in order, across the columns; a column holds
    at most one token per witness. ``progress(done, total)`` is called as stretches are finished,
    counting tokens summed over the witnesses; without one, the callback made current by
    :func:`collate.progress.reporting` (the CLI's progress bar) is told, if there is one.
    """
    return _Anchored(norms, progress or current(), max_cells, near).run()


class _Anchored:
    """One alignment run: the witnesses coded as integers, the columns made so far, the progress."""

    def __init__(self, norms: Sequence[Sequence[str]], progress: Progress | None, max_cells: int, near: float) -> None:
        codes: dict[str, int] = {}
        self.norms = [list(seq) for seq in norms]
        self.seqs = [[codes.setdefault(n, len(codes)) for n in seq] for seq in self.norms]
        self.progress = progress
        self.max_cells = max_cells
        self.near = near
        self.total = sum(len(seq) for seq in self.seqs)
        self.done = 0
        self.columns: list[Column] = []
        self.todo: list[tuple[str, Spans]] = [("stretch", [(0, len(seq)) for seq in self.seqs])]

    def run(self) -> list[Column]:
        """Align everything; raise if the result does not cover every token once, in order."""
        self._report()
        while self.todo:
            kind, spans = self.todo.pop()
            if kind == "stretch":
                self.stretch(spans)
            else:
                self.emit_parallel(spans)
        _check_cover(self.columns, [len(seq) for seq in self.seqs])
        return self.columns

    def then(self, *tasks: tuple[str, Spans]) -> None:
        """Schedule ``tasks`` to run next, in the order given (a stack, not recursion: a long
        text may be cut many levels deep)."""
        self.todo.extend(reversed(tasks))

    # -- the recursion -------------------------------------------------------------------------

    def stretch(self, spans: Spans) -> None:
        """Align one stretch: settle it directly, hand it to CollateX, or cut it at anchors."""
        parts = [self.seqs[w][a:b] for w, (a, b) in enumerate(spans)]
        if self.settle(spans, parts):
            return
        small = self.cells(parts) <= self.max_cells
        for n in (SURE_RUN,) if small else (SURE_RUN, *SHORT_RUNS):
            anchors = find_anchors(parts, n)
            if anchors:
                self.cut_at(spans, anchors)
                return
        if small:
            self.collatex(spans)
        elif not self.strip_common_ends(spans, parts):
            self.progressive(spans)

    def settle(self, spans: Spans, parts: list[list[int]]) -> bool:
        """Emit a stretch whose CollateX alignment is certain; return False if it is not."""
        active = [w for w, part in enumerate(parts) if part]
        if not active:
            return True
        if len(active) == 1 or all(parts[w] == parts[active[0]] for w in active):
            self.emit_parallel(spans)  # one reading, or the same reading everywhere
            return True
        seen: set[int] = set()
        for w in active:
            distinct = set(parts[w])
            if not seen.isdisjoint(distinct):
                return False
            seen |= distinct
        self.emit_parallel(spans)  # nothing to match: CollateX ranks them side by side
        return True

    @staticmethod
    def cells(parts: list[list[int]]) -> int:
        """The size of CollateX's tables for a stretch, which its time and memory follow.

        CollateX adds the witnesses one by one, each against the graph of those before it (about
        as long as the longest of them); witnesses identical in the stretch are counted once, as
        :meth:`collatex` hands CollateX one of them only.
        """
        distinct = list({tuple(p): len(p) for p in parts if p}.values())
        cells, longest = 0, 0
        for length in distinct:
            cells += length * longest
            longest = max(longest, length)
        return cells

    def collatex(self, spans: Spans) -> None:
        """Align a small stretch as CollateX does: computed directly where that is provably the
        same (:mod:`collate.align.fastpath`), by CollateX itself where it is not.

        Witnesses that read the same words here are handed over once: they would take the same
        places in CollateX's variant graph, and each copy costs it a full table.
        """
        first: dict[tuple[int, ...], int] = {}
        for w, (a, b) in enumerate(spans):
            first.setdefault(tuple(self.seqs[w][a:b]), w)
        chosen = sorted(first.values())
        readings = [self.norms[w][spans[w][0] : spans[w][1]] for w in chosen]
        local = fast_columns(readings)
        if local is None:
            local = collatex_columns(readings)
        slot = {key: chosen.index(w) for key, w in first.items()}
        slots = [slot[tuple(self.seqs[w][a:b])] for w, (a, b) in enumerate(spans)]
        for column in local:
            self.columns.append(tuple((a + column[k][0], a + column[k][1]) for (a, _), k in zip(spans, slots)))
        self._advance(spans)

    def cut_at(self, spans: Spans, anchors: list[tuple[int, ...]]) -> None:
        """Align the stretches between anchors, each anchor being one column of its own."""
        tasks: list[tuple[str, Spans]] = []
        cursor = [a for a, _ in spans]
        for anchor in anchors:
            tasks.append(("stretch", [(cursor[w], spans[w][0] + p) for w, p in enumerate(anchor)]))
            column = [(a + p, a + p + 1) if b > a else (a, a) for (a, b), p in zip(spans, anchor)]
            tasks.append(("parallel", column))
            cursor = [b for _, b in column]
        tasks.append(("stretch", [(cursor[w], b) for w, (_, b) in enumerate(spans)]))
        self.then(*tasks)

    def strip_common_ends(self, spans: Spans, parts: list[list[int]]) -> bool:
        """Emit the words every witness of a stretch begins or ends with; False if there are none."""
        active = [w for w, part in enumerate(parts) if part]
        shortest = min(len(parts[w]) for w in active)
        head = 0
        while head < shortest and all(parts[w][head] == parts[active[0]][head] for w in active):
            head += 1
        tail = 0
        while tail < shortest - head and all(parts[w][-1 - tail] == parts[active[0]][-1 - tail] for w in active):
            tail += 1
        if not head and not tail:
            return False
        self.then(
            ("parallel", [(a, a + head) if b > a else (a, a) for a, b in spans]),
            ("stretch", [(a + head, b - tail) if b > a else (a, b) for a, b in spans]),
            ("parallel", [(b - tail, b) if b > a else (b, b) for a, b in spans]),
        )
        return True

    def progressive(self, spans: Spans) -> None:
        """Align a large stretch without anchors progressively, with no pivot witness.

        Each witness is aligned in turn to the columns of those before it, in the order of a
        guide tree of their similarity (:mod:`collate.align.progressive`), so agreements between
        witnesses other than the longest are kept; memory stays bounded by its slices.
        """
        local = progressive_columns([self.norms[w][a:b] for w, (a, b) in enumerate(spans)], self.near)
        for column in local:
            self.columns.append(tuple((a + x, a + y) for (a, _), (x, y) in zip(spans, column)))
        self._advance(spans)

    # -- output --------------------------------------------------------------------------------

    def emit_parallel(self, spans: Spans) -> None:
        """Emit a stretch left-justified: column k holds each witness's k-th token there."""
        width = max((b - a for a, b in spans), default=0)
        if width == 1:  # one token or none each (an anchor's column): the spans are the column
            self.columns.append(tuple(spans))
            self._advance(spans)
            return
        for k in range(width):
            self.columns.append(tuple((min(a + k, b), min(a + k + 1, b)) for a, b in spans))
        self._advance(spans)

    def _advance(self, spans: Spans) -> None:
        self.done += sum(b - a for a, b in spans)
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


def find_anchors(parts: Sequence[Sequence[int]], n: int = 1) -> list[tuple[int, ...]]:
    """Tokens to cut at: the middles of the ``n``-grams that occur once in every non-empty part.

    A longer ``n`` asks for context: a word unique everywhere but standing in rewritten
    surroundings ("But *I* am" against "what *I* have") is no anchor for ``n`` of 2 or more, and a
    longer run of agreement yields more ``n``-grams, so it wins over a shorter one that crosses
    it. Among crossing candidates (a transposition) the longest chain in order is kept: the
    longest increasing subsequence in the second witness, then among those in the third, and so on.
    Only the middle word of each ``n``-gram is taken, so the words at the edge of a run of
    agreement stay with the variation beside them, and CollateX decides where a gap goes
    ("horn*,* though" against "bull*,* though").

    Returns, for each anchor, its position in every part (0 for an empty part), in order.
    """
    active = [w for w, part in enumerate(parts) if part]
    if len(active) < 2:
        return []
    where: list[dict[tuple[int, ...], int]] = []
    for w in active:
        grams = parts[w] if n == 1 else list(zip(*(parts[w][k:] for k in range(n))))  # a word is its own 1-gram
        counts = Counter(grams)
        where.append({g: i for i, g in enumerate(grams) if counts[g] == 1})
    common = [g for g in where[0] if all(g in other for other in where[1:])]
    chain = [[m[g] for m in where] for g in common]  # in the order of the first part
    for k in range(1, len(active)):
        chain = _longest_increasing(chain, k)
    anchors = []
    for start in chain:
        full = [0] * len(parts)
        for w, p in zip(active, start):
            full[w] = p + n // 2
        anchors.append(tuple(full))
    return anchors


def _longest_increasing(rows: list[list[int]], key: int) -> list[list[int]]:
    """The longest subsequence of ``rows`` whose ``key`` column increases (patience sorting).

    Of two crossing rows (a transposition) the earlier one is kept, as CollateX does: the search
    runs from the end, for the longest decreasing run.
    """
    tails: list[int] = []  # tails[n]: the largest first value of a run of length n + 1 seen so far
    tail_rows: list[int] = []
    back: list[int] = []
    for i in range(len(rows) - 1, -1, -1):
        value = -rows[i][key]
        n = bisect_left(tails, value)
        if n == len(tails):
            tails.append(value)
            tail_rows.append(i)
        else:
            tails[n] = value
            tail_rows[n] = i
        back.append(tail_rows[n - 1] if n else -1)
    back.reverse()
    out = []
    i = tail_rows[-1] if tail_rows else -1
    while i >= 0:
        out.append(rows[i])
        i = back[i]
    return out


def _check_cover(columns: Sequence[Column], lengths: Sequence[int]) -> None:
    """Refuse an alignment that skips, repeats or reorders a token (a bug, never the input's fault)."""
    cursor = [0] * len(lengths)
    for column in columns:
        for w, (a, b) in enumerate(column):
            if a != cursor[w] or b < a:
                raise AssertionError(f"anchored alignment broke witness {w} at token {cursor[w]}")
            cursor[w] = b
    if list(cursor) != list(lengths):
        raise AssertionError("anchored alignment did not cover every token")
