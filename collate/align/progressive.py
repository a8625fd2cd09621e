"""Progressive alignment: every witness aligned in turn to the columns of those before it.

CollateX's approach without its cost and without a pivot. Witnesses are added in the order of a
guide tree of their similarity (the two most alike first, then each time the witness most like
one already placed), each against the growing table of columns, whose every column matches any
form it already holds. So an agreement between two short witnesses is kept even where the longest
witness reads otherwise, which an alignment onto the longest witness loses.

A witness is aligned to the columns by dynamic programming over (column, token) pairs: an exact
match of matching forms weighs 1, a near match (:mod:`collate.align.nearmatch`) half its similarity, so
no two near matches outweigh an exact one; a pair that continues the previous pair gains a small
bonus, so a witness's contiguous reading stays together rather than being scattered over two
copies of a repeated phrase. Tokens left between two pairs are laid side by side,
left-justified, as CollateX lays unmatched readings.

The tables take 8 bytes per (column, token) cell; a witness longer than :data:`MAX_CELLS` allows
is aligned in matching slices, so memory stays bounded whatever the stretch. A table of at most
:data:`SMALL_CELLS` (most variant locations: a few words a side) is computed in pure Python with
the same float32 arithmetic, so a collation whose realigned locations are all small never pays
numpy's import (a tenth of a second, more than the whole alignment of a short text); once numpy
is imported, only tables of at most :data:`NUMPY_CELLS` are.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz.distance import Indel

from .nearmatch import similarity, similarity_matrix

if TYPE_CHECKING:
    import numpy as np

#: One aligned column: for each witness, the half-open range of its token indices there.
Column = tuple[tuple[int, int], ...]

#: The bonus of a pair that continues the pair before it (a contiguous reading).
RUN_BONUS = 0.1

#: The largest table (columns x tokens) of one dynamic programme; beyond it, slices.
MAX_CELLS = 4_000_000

#: The largest table computed in pure Python (:func:`_weights_small`, :func:`_best_pairs_small`)
#: rather than with numpy, whose import costs more than such a table in Python. Both give the same
#: float32 numbers, so which one runs never changes an alignment.
SMALL_CELLS = 4_096

#: Once numpy is imported (for a larger table, or by the program), it is the faster from about
#: this many cells (measured: 900 cells 0.9 ms with numpy, 2.2 ms in Python; 100 cells 0.5, 0.2).
NUMPY_CELLS = 400

#: A variant location at most this long in every witness may gain matches of equal words when it
#: is realigned; a longer one (a rewritten passage) keeps the matches CollateX made, as pairing the
#: scattered "of" and "the" of two rewordings helps no reader.
SHORT_LOCATION = 10

_NONE = -1e9


def progressive_columns(keys: Sequence[Sequence[str]], near: float = 0.5) -> list[Column]:
    """Align the witnesses' matching forms ``keys``; return columns of at most one token each.

    ``near`` is the similarity from which two different forms may be paired (0: exact only).
    Witnesses identical here are aligned once and share the columns.
    """
    first: dict[tuple[str, ...], int] = {}
    for w, seq in enumerate(keys):
        first.setdefault(tuple(seq), w)
    distinct = [w for w in sorted(first.values()) if keys[w]]
    profile: list[dict[int, int]] = []  # column -> {witness: token index}
    forms: list[set[str]] = []
    for w in guide_order([keys[w] for w in distinct]):
        witness = distinct[w]
        _add(profile, forms, witness, keys[witness], near)
    return _columns(profile, keys, first)


def guide_order(seqs: Sequence[Sequence[str]]) -> list[int]:
    """The order in which to add witnesses: a greedy guide tree of their similarity.

    The most alike pair first, then each time the witness most alike to one already added (ties:
    the earlier witness), so each is aligned where the table already holds its nearest relative.
    """
    n = len(seqs)
    if n <= 2:
        return list(range(n))
    sim = [[Indel.normalized_similarity(seqs[a], seqs[b]) if a != b else -1.0 for b in range(n)] for a in range(n)]
    a, b = max(((a, b) for a in range(n) for b in range(a + 1, n)), key=lambda p: (sim[p[0]][p[1]], -p[0], -p[1]))
    order = [a, b]
    while len(order) < n:
        rest = [w for w in range(n) if w not in order]
        order.append(max(rest, key=lambda w: (max(sim[w][o] for o in order), -w)))
    return order


def _add(profile: list[dict[int, int]], forms: list[set[str]], witness: int, seq: Sequence[str], near: float) -> None:
    """Align one witness to the columns so far and merge it in (columns are added in gaps)."""
    if not profile:
        profile.extend({witness: j} for j in range(len(seq)))
        forms.extend({k} for k in seq)
        return
    pairs = _pairs(forms, seq, near)
    merged: list[dict[int, int]] = []
    merged_forms: list[set[str]] = []
    i = j = 0
    for pi, pj in [*pairs, (len(profile), len(seq))]:
        gap_cols, gap_toks = list(range(i, pi)), list(range(j, pj))
        for k in range(max(len(gap_cols), len(gap_toks))):
            column = dict(profile[gap_cols[k]]) if k < len(gap_cols) else {}
            form = set(forms[gap_cols[k]]) if k < len(gap_cols) else set()
            if k < len(gap_toks):
                column[witness] = gap_toks[k]
                form.add(seq[gap_toks[k]])
            merged.append(column)
            merged_forms.append(form)
        if pi < len(profile):
            merged.append({**profile[pi], witness: pj})
            merged_forms.append(forms[pi] | {seq[pj]})
        i, j = pi + 1, pj + 1
    profile[:] = merged
    forms[:] = merged_forms


def _pairs(forms: Sequence[set[str]], seq: Sequence[str], near: float) -> list[tuple[int, int]]:
    """The (column, token) pairs of the best alignment, in order; long inputs in slices."""
    slices = math.ceil(math.sqrt(len(forms) * len(seq) / MAX_CELLS))
    out: list[tuple[int, int]] = []
    for k in range(slices):
        i1, i2 = len(forms) * k // slices, len(forms) * (k + 1) // slices
        j1, j2 = len(seq) * k // slices, len(seq) * (k + 1) // slices
        cells = (i2 - i1) * (j2 - j1)
        if cells <= SMALL_CELLS and (cells <= NUMPY_CELLS or "numpy" not in sys.modules):
            found = _best_pairs_small(_weights_small(forms[i1:i2], seq[j1:j2], near), j2 - j1)
        else:
            found = _best_pairs(_weights(forms[i1:i2], seq[j1:j2], near))
        out.extend((i1 + a, j1 + b) for a, b in found)
    return out


def _weights(forms: Sequence[set[str]], seq: Sequence[str], near: float) -> np.ndarray:
    """The weight of pairing column i with token j: 1 exact, half the similarity near, else none."""
    import numpy as np  # imported here: 0.1 s of start-up that a run with no location to realign never needs

    weights = np.full((len(forms), len(seq)), _NONE, dtype=np.float32)
    if not forms or not seq:
        return weights
    tokens = sorted(set(seq))
    index = {t: n for n, t in enumerate(tokens)}
    cols = [index[t] for t in seq]
    if near > 0:
        held = sorted(set().union(*forms))
        sims = similarity_matrix(held, tokens, near) if held else np.zeros((0, len(tokens)), np.float32)
        row_of = {f: n for n, f in enumerate(held)}
        for i, column in enumerate(forms):
            best = sims[[row_of[f] for f in column]].max(axis=0)[cols]
            weights[i] = np.where(best > 0, best / 2, _NONE)
    where: dict[str, list[int]] = {}
    for j, t in enumerate(seq):
        where.setdefault(t, []).append(j)
    for i, column in enumerate(forms):
        for form in column:
            if form in where:
                weights[i, where[form]] = 1.0
    return weights


def _best_pairs(weights: np.ndarray) -> list[tuple[int, int]]:
    """The increasing pairs of greatest total weight (with :data:`RUN_BONUS` per continued pair).

    ``pair[i, j]`` is the best score of an alignment of the first i+1 columns and j+1 tokens that
    ends by pairing them; ``best[i, j]`` the best score of any alignment of i columns and j
    tokens. Each row is computed at once: ``best`` along a row is a running maximum.
    """
    import numpy as np

    p, n = weights.shape
    best = np.zeros((p + 1, n + 1), dtype=np.float32)
    pair = np.full((p + 1, n + 1), _NONE, dtype=np.float32)
    for i in range(1, p + 1):
        row = weights[i - 1]
        pair[i, 1:] = row + np.maximum(pair[i - 1, :-1] + RUN_BONUS, best[i - 1, :-1])
        pair[i, 1:][row <= _NONE / 2] = _NONE
        best[i, 1:] = np.maximum.accumulate(np.maximum(best[i - 1, 1:], pair[i, 1:]))
    out: list[tuple[int, int]] = []
    i, j, state = p, n, "best"
    while i > 0 and j > 0:
        if state == "pair":
            out.append((i - 1, j - 1))
            continued = pair[i - 1, j - 1] > _NONE / 2 and pair[i - 1, j - 1] + RUN_BONUS >= best[i - 1, j - 1]
            state = "pair" if continued else "best"
            i, j = i - 1, j - 1
        elif pair[i, j] > _NONE / 2 and best[i, j] == pair[i, j]:
            state = "pair"
        elif best[i, j] == best[i - 1, j]:
            i -= 1
        else:
            j -= 1
    out.reverse()
    return out


def _f32(values: list[float]) -> list[float]:
    """Each value rounded to the nearest float32, as numpy stores it (round half to even)."""
    return array("f", values).tolist()


#: :data:`RUN_BONUS` as numpy adds it to a float32 table: converted to float32 first.
_BONUS32 = _f32([RUN_BONUS])[0]


def _weights_small(forms: Sequence[set[str]], seq: Sequence[str], near: float) -> list[list[float]]:
    """:func:`_weights` in pure Python for a small table: the same float32 numbers, row by row.

    :func:`~.nearmatch.similarity` is a double, the matrix's a float32 of the same double (its
    cutoff applied alike; tests/test_progressive_small.py checks both); rounding keeps order and
    halving is exact, so the rounded half of a column's best form is what numpy computes.
    """
    sims: dict[tuple[str, str], float] = {}
    rows = []
    for column in forms:
        if near > 0:
            best = {}
            for t in set(seq):
                for f in column:
                    if (f, t) not in sims:
                        sims[f, t] = similarity(f, t, near)
                best[t] = max(sims[f, t] for f in column)
            row = _f32([best[t] / 2 if best[t] > 0 else _NONE for t in seq])
        else:
            row = [_NONE] * len(seq)
        rows.append([1.0 if t in column else w for t, w in zip(seq, row)])
    return rows


def _best_pairs_small(weights: list[list[float]], n: int) -> list[tuple[int, int]]:
    """:func:`_best_pairs` in pure Python on ``n`` tokens, with numpy's float32 arithmetic: each
    sum rounded to float32 (a double sum of two float32 values, rounded, is their float32 sum)."""
    half = _NONE / 2
    best_rows, pair_rows = [[0.0] * (n + 1)], [[_NONE] * (n + 1)]
    for row in weights:
        bp, pp = best_rows[-1], pair_rows[-1]
        cont = _f32([x + _BONUS32 for x in pp[:n]])
        summed = _f32([w + max(c, b) for w, c, b in zip(row, cont, bp)])
        pr = [_NONE] + [_NONE if w <= half else v for w, v in zip(row, summed)]
        br = [0.0] * (n + 1)
        for j in range(1, n + 1):
            v = max(bp[j], pr[j])
            br[j] = v if j == 1 or v > br[j - 1] else br[j - 1]
        best_rows.append(br)
        pair_rows.append(pr)
    out: list[tuple[int, int]] = []
    i, j, state = len(weights), n, "best"
    while i > 0 and j > 0:
        if state == "pair":
            out.append((i - 1, j - 1))
            prev = pair_rows[i - 1][j - 1]
            state = "pair" if prev > half and _f32([prev + _BONUS32])[0] >= best_rows[i - 1][j - 1] else "best"
            i, j = i - 1, j - 1
        elif pair_rows[i][j] > half and best_rows[i][j] == pair_rows[i][j]:
            state = "pair"
        elif best_rows[i][j] == best_rows[i - 1][j]:
            i -= 1
        else:
            j -= 1
    out.reverse()
    return out


def _columns(
    profile: list[dict[int, int]], keys: Sequence[Sequence[str]], first: dict[tuple[str, ...], int]
) -> list[Column]:
    """Turn the table into columns of token ranges; copies of a witness take its places."""
    source = [first[tuple(seq)] for seq in keys]
    cursor = [0] * len(keys)
    columns: list[Column] = []
    for column in profile:
        spans = []
        for w in range(len(keys)):
            if source[w] in column:
                if column[source[w]] != cursor[w]:
                    raise AssertionError("progressive alignment reordered a witness")
                spans.append((cursor[w], cursor[w] + 1))
                cursor[w] += 1
            else:
                spans.append((cursor[w], cursor[w]))
        columns.append(tuple(spans))
    if cursor != [len(seq) for seq in keys]:
        raise AssertionError("progressive alignment lost tokens")
    return columns


def refine_columns(columns: Sequence[Column], keys: Sequence[Sequence[str]], near: float) -> list[Column]:
    """Realign each variant location by similarity: variant spellings into one column.

    A variant location here is a run of columns in which the witnesses do not all agree (or some
    have no token), between columns in which all have the same form. Its tokens are aligned again
    progressively, near matches allowed, and the new columns replace the old ones only where they
    pair tokens more alike, keep every match of equal words CollateX made and, in a location longer
    than :data:`SHORT_LOCATION`, add none (a location of unrelated words keeps CollateX's
    side-by-side columns).
    """
    out: list[Column] = []
    start = None
    for c, column in enumerate([*columns, None]):
        if column is not None and not _agrees(column, keys):
            start = c if start is None else start
            continue
        if start is not None:
            out.extend(_realigned(columns[start:c], keys, near))
            start = None
        if column is not None:
            out.append(column)
    return out


def _agrees(column: Column, keys: Sequence[Sequence[str]]) -> bool:
    """True if every witness has a token in the column, and all hold the same form (of each
    witness's first token there)."""
    first = None
    for w, (a, b) in enumerate(column):
        if b <= a:
            return False
        if first is None:
            first = keys[w][a]
        elif keys[w][a] != first:
            return False
    return first is not None


def _realigned(run: Sequence[Column], keys: Sequence[Sequence[str]], near: float) -> list[Column]:
    if len(run) < 2:
        return list(run)
    spans = [(run[0][w][0], run[-1][w][1]) for w in range(len(keys))]
    parts = [list(keys[w][a:b]) for w, (a, b) in enumerate(spans)]
    if sum(1 for p in parts if p) < 2:
        return list(run)
    aligned = progressive_columns(parts, near)
    local = [tuple((a + x, a + y) for (a, _), (x, y) in zip(spans, column)) for column in aligned]
    old_exact, old_like = _likeness(run, keys, near)
    new_exact, new_like = _likeness(local, keys, near)
    short = max(b - a for a, b in spans) <= SHORT_LOCATION
    if new_like <= old_like or not (old_exact == new_exact or (short and old_exact <= new_exact)):
        return list(run)  # pairs nothing more alike, or rematches equal words over a long passage
    return local


def _likeness(columns: Sequence[Column], keys: Sequence[Sequence[str]], near: float) -> tuple[set, float]:
    """The exact matches the columns make, and how alike the tokens they pair are (summed
    similarities of at least ``near``)."""
    total, exact = 0.0, set()
    for column in columns:
        present = [(w, a) for w, (a, b) in enumerate(column) if b > a]
        for x, (w, i) in enumerate(present):
            for v, j in present[x + 1 :]:
                s = 1.0 if keys[w][i] == keys[v][j] else similarity(keys[w][i], keys[v][j])
                if s == 1.0:
                    exact.add((w, i, v, j))
                total += s if s >= near else 0.0
    return exact, total
