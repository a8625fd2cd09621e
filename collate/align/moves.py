"""Moves: a passage one witness has at another place than another witness, edits and all.

An alignment in columns keeps every witness in its order, so a passage that one witness moved
appears twice: as an omission where the other witnesses have it, and as an addition where the
mover put it. Exact transposition detection (CollateX's Dekker aligner) finds such a passage only
if it was moved unchanged; a sentence moved *and* edited ("harbour" become "harbor" on the way)
is lost to it. So the blocks that one witness of a pair has and the other lacks (the unaligned
remainder) are compared with each other by fuzzy block matching: two blocks are a move when at
least :data:`MIN_MATCHED` of their tokens match in order (exactly or by near similarity), and
these are at least :data:`MIN_SHARE` of the tokens from the first match to the last in either
witness, and :data:`MIN_WORDS` of them rare words (not "of the", which match anywhere); the
move covers that much. Each block takes part in one move at most, the best-matching first.

With :attr:`~collate.align.nearmatch.Matching.moves` ``"position"`` no move is reported: the columns
from one half of a move to the other are laid side by side instead, each witness's reading at
that place against the others' (as editors align transposed paragraphs by position).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from itertools import accumulate

from rapidfuzz.distance import Indel

from ..model import Move
from .nearmatch import similarity

#: One aligned column: for each witness, the half-open range of its token indices there.
Column = tuple[tuple[int, int], ...]

#: The fewest tokens of a block that must match for it to count as moved.
MIN_MATCHED = 3

#: Of the matched tokens, at least this many must be rare words: found at most :data:`RARE_SHARE`
#: of the witness's tokens often (twice at least, :data:`RARE_MOST` times at most), so that a
#: phrase of common words ("of the same", "are so") found elsewhere is no move.
MIN_WORDS = 2
RARE_SHARE = 1 / 200
RARE_MOST = 8

#: The least share of the moved passage's tokens (first match to last, in either witness) matched.
MIN_SHARE = 0.5


def find_moves(columns: Sequence[Column], keys: Sequence[Sequence[str]], near: float = 0.5) -> list[Move]:
    """The moves between every pair of witnesses, in witness-pair and text order."""
    moves: list[Move] = []
    heads = _heads(columns, keys)
    runs = [_lone_runs(columns, heads, w, near) for w in range(len(keys))]
    rare = [_rare(seq) for seq in keys]
    for a in range(len(keys)):
        for b in range(a + 1, len(keys)):
            moves.extend(_pair_moves(runs[a].get(b, []), runs[b].get(a, []), a, b, keys, near, rare[a]))
    return moves


def _heads(columns: Sequence[Column], keys: Sequence[Sequence[str]]) -> list[tuple[int, tuple[str | None, ...]]]:
    """The columns where the witnesses do not all agree, as (column index, each witness's first
    matching form there, None where it has no token): what :func:`_lone_runs` compares, made once
    for every witness's pass. A column left out has the same form in every witness."""
    firsts = [[seq[a] if b > a else None for a, b in (column[w] for column in columns)] for w, seq in enumerate(keys)]
    width = len(keys)
    return [
        (c, head) for c, head in enumerate(zip(*firsts)) if head[0] is None or head.count(head[0]) != width
    ]


def _lone_runs(
    columns: Sequence[Column], heads: Sequence[tuple[int, tuple[str | None, ...]]], w: int, near: float
) -> dict[int, list[tuple[int, int, int]]]:
    """For each other witness, the runs of ``w``'s tokens it does not pair: where it has none, or
    an unrelated word (a moved passage set beside whatever stands at the place it left).

    ``other`` pairs ``w``'s token in a column when it has a token there, the same form or a near
    one (:func:`~collate.align.nearmatch.similarity` at least ``near``). A run is ``(start, end,
    column)``: token range of ``w`` and the index of its first column, so that two runs at one
    place (readings side by side) are not taken for a move. Most columns are agreements, where
    every witness pairs every other: ``heads`` leaves them out, and one between two columns it
    holds closes every run open.
    """
    runs: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    open_: dict[int, tuple[int, int, int]] = {}
    others = [x for x in range(len(columns[0]) if columns else 0) if x != w]
    alike: dict[tuple[str, str], bool] = {}

    def close(other: int) -> None:
        run = open_.pop(other)
        if run[1] - run[0] >= MIN_MATCHED:
            runs[other].append(run)

    last = -1
    for c, head in heads:
        if c > last + 1:  # an agreement between: every run open ends there
            for other in list(open_):
                close(other)
        last = c
        mine = head[w]
        if mine is None:
            continue  # w has nothing here: a run of w's goes on across the column
        for other in others:
            theirs = head[other]
            if theirs is None:
                paired = False
            elif theirs == mine or near <= 0:
                paired = theirs == mine
            else:
                paired = alike.get((mine, theirs))
                if paired is None:
                    paired = alike[mine, theirs] = similarity(mine, theirs) >= near
            if not paired:
                a, b = columns[c][w]
                start = open_.get(other)
                open_[other] = (start[0], b, start[2]) if start else (a, b, c)
            elif other in open_:
                close(other)
    for other in others:
        if other in open_:
            close(other)
    return runs


def _pair_moves(
    left: list[tuple[int, int, int]],
    right: list[tuple[int, int, int]],
    a: int,
    b: int,
    keys: Sequence[Sequence[str]],
    near: float,
    rare: set[str],
) -> list[Move]:
    """Moves between witnesses ``a`` and ``b``: their lone runs matched by fuzzy blocks.

    Any two runs sharing two forms are candidates, and in a long text most pairs of runs share
    "the" and ",": so a left run with fewer rare words than a move needs is passed over, and
    each candidate is first bounded (:func:`_block`) before its near matches are sought.
    """
    index: dict[str, list[int]] = defaultdict(list)
    for r, (s, e, _) in enumerate(right):
        for form in set(keys[b][s:e]):
            index[form].append(r)
    found = []
    for left_run in left:
        s, e, column = left_run
        x = keys[a][s:e]
        flags = [form in rare for form in x]
        if sum(flags) < MIN_WORDS:
            continue  # too few rare words to be moved, whatever they match
        counted = list(accumulate(flags, initial=0))
        shared = Counter(r for form in set(x) for r in index.get(form, ()))
        for r, count in shared.items():
            if count < 2 or abs(right[r][2] - column) < 2:  # two equal words at least; near ones come next
                continue
            block = _block(x, keys[b][right[r][0] : right[r][1]], near, counted)
            if block is not None:
                matched, (x1, x2), (y1, y2) = block
                found.append((matched, left_run, right[r], (s + x1, s + x2), (right[r][0] + y1, right[r][0] + y2)))
    return pick_moves(found, a, b)


def pick_moves(found: list[tuple], a: int, b: int) -> list[Move]:
    """The moves between witnesses ``a`` and ``b`` from their candidate blocks ``(matched,
    left run, right run, span in a, span in b)``: the best-matched first, each run in one move at
    most; in the order of their spans."""
    found = sorted(found, key=lambda f: (-f[0], f[1][0], f[2][0]))
    used_left, used_right, moves = set(), set(), []
    for _, lrun, rrun, span_a, span_b in found:
        if lrun in used_left or rrun in used_right:
            continue
        used_left.add(lrun)
        used_right.add(rrun)
        moves.append(Move((a, b), (span_a, span_b)))
    return sorted(moves, key=lambda m: m.spans)


def _rare(seq: Sequence[str]) -> set[str]:
    """The words of a witness found rarely in it (see :data:`RARE_SHARE`)."""
    most = max(2, min(RARE_MOST, int(len(seq) * RARE_SHARE)))
    return {form for form, n in Counter(seq).items() if n <= most and any(c.isalnum() for c in form)}


def _block(
    x: Sequence[str], y: Sequence[str], near: float, counted: Sequence[int]
) -> tuple[int, tuple[int, int], tuple[int, int]] | None:
    """The matching part of two blocks, if it is enough for a move: (tokens matched, x, y ranges).

    ``counted[i]`` is the number of rare words among ``x[:i]``. The exact matches come first;
    near matches can only pair the tokens left-justified in the gaps between them, so the most
    pairs, and the most rare words paired, are known before any similarity is computed, and a
    pair of blocks that could not be a move even if every such token were near is dropped.
    """
    exact = _equal_blocks(x, y)
    most = rare_most = 0
    prev_i = prev_j = -1
    for i, j, n in [*exact, (len(x), len(y), 0)]:
        gap = min(i - prev_i - 1, j - prev_j - 1)
        if gap > 0:
            most += gap
            rare_most += counted[prev_i + 1 + gap] - counted[prev_i + 1]
        most += n
        rare_most += counted[i + n] - counted[i]
        prev_i, prev_j = i + n - 1, j + n - 1
    if most < MIN_MATCHED or rare_most < MIN_WORDS:
        return None
    if exact:  # the pairs span the exact matches at least
        (i1, j1, _), (i2, j2, n2) = exact[0], exact[-1]
        if most < MIN_SHARE * max(i2 + n2 - i1, j2 + n2 - j1):
            return None
    pairs = _with_near(x, y, exact, near)
    if len(pairs) < MIN_MATCHED or sum(counted[i + 1] - counted[i] for i, _ in pairs) < MIN_WORDS:
        return None  # "of the same ," is found everywhere, not moved
    span_x, span_y = (pairs[0][0], pairs[-1][0] + 1), (pairs[0][1], pairs[-1][1] + 1)
    if len(pairs) < MIN_SHARE * max(span_x[1] - span_x[0], span_y[1] - span_y[0]):
        return None  # a few common words scattered over a longer passage are no move
    return len(pairs), span_x, span_y


def block_pairs(x: Sequence[str], y: Sequence[str], near: float = 0.5) -> list[tuple[int, int]]:
    """The token pairs of two blocks, in order: exact matches, and near matches beside them.

    The longest common subsequence pairs the exact matches; in each replaced stretch between them
    tokens are paired one for one, left-justified, where they are near (a spelling changed).
    """
    return _with_near(x, y, _equal_blocks(x, y), near)


def _equal_blocks(x: Sequence[str], y: Sequence[str]) -> list[tuple[int, int, int]]:
    """The runs of exact matches of the longest common subsequence: (x start, y start, length)."""
    return [
        (op.src_start, op.dest_start, op.src_end - op.src_start)
        for op in Indel.opcodes(list(x), list(y))
        if op.tag == "equal"
    ]


def _with_near(
    x: Sequence[str], y: Sequence[str], exact: Sequence[tuple[int, int, int]], near: float
) -> list[tuple[int, int]]:
    """The exact pairs of ``exact`` with the near pairs of the gaps between them, in order."""
    out: list[tuple[int, int]] = []
    prev_i = prev_j = -1
    for i, j, n in [*exact, (len(x), len(y), 0)]:
        if near > 0:
            for k in range(min(i - prev_i - 1, j - prev_j - 1)):
                p, q = prev_i + 1 + k, prev_j + 1 + k
                if similarity(x[p], y[q]) >= near:
                    out.append((p, q))
        out.extend((i + k, j + k) for k in range(n))
        prev_i, prev_j = i + n - 1, j + n - 1
    return out


def move_pairs(move: Move, keys: Sequence[Sequence[str]], near: float = 0.5) -> list[tuple[int, int]]:
    """The token pairs (token of the first witness, of the second) that a move links."""
    (a, b), ((s1, e1), (s2, e2)) = move.witnesses, move.spans
    return [(s1 + i, s2 + j) for i, j in block_pairs(keys[a][s1:e1], keys[b][s2:e2], near)]


def by_position(columns: Sequence[Column], moves: Sequence[Move]) -> list[Column]:
    """The columns with each region from one half of a move to the other laid side by side."""
    regions = []
    for move in moves:
        cols = [_column_of(columns, w, span) for w, span in zip(move.witnesses, move.spans)]
        regions.append((min(c[0] for c in cols), max(c[1] for c in cols)))
    regions.sort()
    merged: list[list[int]] = []
    for start, end in regions:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Column] = []
    cursor = 0
    for start, end in merged:
        out.extend(columns[cursor:start])
        spans = [(columns[start][w][0], columns[end - 1][w][1]) for w in range(len(columns[0]))]
        width = max(b - a for a, b in spans)
        out.extend(tuple((min(a + k, b), min(a + k + 1, b)) for a, b in spans) for k in range(width))
        cursor = end
    out.extend(columns[cursor:])
    return out


def _column_of(columns: Sequence[Column], w: int, span: tuple[int, int]) -> tuple[int, int]:
    """The range of columns holding tokens ``span`` of witness ``w``."""
    first = next(c for c, col in enumerate(columns) if col[w][1] > span[0])
    last = next(c for c in range(len(columns) - 1, -1, -1) if columns[c][w][0] < span[1])
    return first, last + 1
