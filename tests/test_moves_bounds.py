"""The moves' shortcuts drop only what the full comparison would drop.

``collate.align.moves`` bounds each candidate pair of runs before it seeks near matches, passes
over left runs with too few rare words, and leaves agreement columns out of the lone-run passes.
Each check here compares the shortcut with the plain computation it replaces, on generated text
with respellings (near matches), repeated common words and moved passages, so that a bound that
is too tight (a move lost) fails.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from collate.align import align_norms, moves
from collate.align.moves import MIN_MATCHED, MIN_SHARE, MIN_WORDS, block_pairs, find_moves
from collate.align.nearmatch import DEFAULT, similarity

#: Common words, rare words and respellings of the rare ones (near matches at 0.5).
COMMON = ["the", "of", "and", ",", "."]
RARE = ["harbour", "colour", "pigeon", "variety", "species", "breed", "instinct", "domestic"]
RESPELT = {"harbour": "harbor", "colour": "color", "pigeon": "pidgeon", "variety": "varietie"}

words = st.lists(st.sampled_from(COMMON + RARE + list(RESPELT.values())), min_size=0, max_size=14)


def _full_block(x, y, near, rare):
    """The block test as it reads without bounds: every pair first, then the conditions."""
    pairs = block_pairs(x, y, near)
    if len(pairs) < MIN_MATCHED or sum(x[i] in rare for i, _ in pairs) < MIN_WORDS:
        return None
    span_x, span_y = (pairs[0][0], pairs[-1][0] + 1), (pairs[0][1], pairs[-1][1] + 1)
    if len(pairs) < MIN_SHARE * max(span_x[1] - span_x[0], span_y[1] - span_y[0]):
        return None
    return len(pairs), span_x, span_y


@settings(max_examples=400, deadline=None)
@given(words, words, st.sampled_from([0.0, 0.5, 0.8]))
def test_bounded_block_is_the_full_block(x, y, near):
    rare = set(RARE) | set(RESPELT.values())
    counted = list(accumulate((form in rare for form in x), initial=0))
    assert moves._block(x, y, near, counted) == _full_block(x, y, near, rare)


def _plain_lone_runs(columns, keys, w, near):
    """Every column, every other witness: the lone runs as first written."""
    runs, open_ = defaultdict(list), {}
    for c, column in enumerate([*columns, None]):
        for other in range(len(keys)):
            if other == w or (column is not None and column[w][1] == column[w][0]):
                continue
            paired = False
            if column is not None:
                (a, _), (s, e) = column[w], column[other]
                paired = e > s and (keys[w][a] == keys[other][s] or (near > 0 and similarity(keys[w][a], keys[other][s]) >= near))
            if column is not None and not paired:
                a, b = column[w]
                start = open_.get(other)
                open_[other] = (start[0], b, start[2]) if start else (a, b, c)
            elif other in open_:
                run = open_.pop(other)
                if run[1] - run[0] >= MIN_MATCHED:
                    runs[other].append(run)
    return runs


def _witnesses(seed: int, n: int = 3, length: int = 400):
    """``n`` witnesses of one generated text: words respelled, dropped, replaced, passages moved."""
    rng = random.Random(seed)
    vocabulary = COMMON * 6 + RARE + [f"w{k}" for k in range(60)]
    base = [rng.choice(vocabulary) for _ in range(length)]
    out = [base]
    for _ in range(n - 1):
        seq = [RESPELT.get(t, t) if rng.random() < 0.3 else t for t in base]
        seq = [t for t in seq if rng.random() > 0.03]
        seq = [rng.choice(vocabulary) if rng.random() < 0.15 else t for t in seq]  # words replaced
        for _ in range(6):  # two phrases rewritten, one word apart: two lone runs, not one
            i = rng.randrange(len(seq) - 9)
            seq[i : i + 4] = [_fresh(rng) for _ in range(4)]
            seq[i + 5 : i + 9] = [_fresh(rng) for _ in range(4)]
        for _ in range(3):  # move a passage of 5 to 12 words elsewhere
            i = rng.randrange(len(seq) - 12)
            passage, seq = seq[i : i + rng.randint(5, 12)], seq[:i] + seq[i + 12 :]
            j = rng.randrange(len(seq))
            seq = seq[:j] + passage + seq[j:]
        out.append(seq)
    return out


def _fresh(rng: random.Random) -> str:
    """A word unlike any other (seven random consonants)."""
    return "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(7))


def test_lone_runs_and_moves_match_the_plain_passes():
    found = 0
    for seed in range(6):
        keys = _witnesses(seed, n=2 + seed % 2)
        aligned = align_norms(keys, matching=DEFAULT)
        columns = aligned.columns
        heads = moves._heads(columns, keys)
        for w in range(len(keys)):
            assert dict(moves._lone_runs(columns, heads, w, 0.5)) == dict(_plain_lone_runs(columns, keys, w, 0.5))
        assert find_moves(columns, keys) == _plain_moves(columns, keys)
        found += len(aligned.moves)
    assert found > 0  # the generated moves are found, so the comparison is not of empty lists


def _plain_moves(columns, keys, near=0.5):
    """The moves with the plain lone runs and the unbounded block test on every candidate."""
    runs = [_plain_lone_runs(columns, keys, w, near) for w in range(len(keys))]
    out = []
    for a in range(len(keys)):
        most = max(2, min(moves.RARE_MOST, int(len(keys[a]) * moves.RARE_SHARE)))
        rare = {f for f, n in Counter(keys[a]).items() if n <= most and any(c.isalnum() for c in f)}
        for b in range(a + 1, len(keys)):
            left, right = runs[a].get(b, []), runs[b].get(a, [])
            found = []
            for lrun in left:
                for rrun in right:
                    x, y = keys[a][lrun[0] : lrun[1]], keys[b][rrun[0] : rrun[1]]
                    if len(set(x) & set(y)) < 2 or abs(rrun[2] - lrun[2]) < 2:
                        continue
                    block = _full_block(x, y, near, rare)
                    if block is not None:
                        m, (x1, x2), (y1, y2) = block
                        found.append((m, lrun, rrun, (lrun[0] + x1, lrun[0] + x2), (rrun[0] + y1, rrun[0] + y2)))
            out.extend(moves.pick_moves(found, a, b))  # the same choice among the candidates
    return out
