"""The progressive aligner's pure-Python tables are numpy's, number for number.

A small variant location is realigned without numpy (:func:`_weights_small`,
:func:`_best_pairs_small`), so a short collation never imports it; the outputs stay byte-identical
only if both paths compute the same float32 weights, the same dynamic programme and so the same
pairs. Checked on generated tables (hypothesis: short forms over a few letters, so near matches,
exact matches and ties are all common) and on every table the realignment of the test corpora
builds."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from collate.align import progressive
from collate.align.nearmatch import similarity, similarity_matrix
from collate.align.progressive import _best_pairs, _best_pairs_small, _weights, _weights_small

ROOT = Path(__file__).resolve().parent.parent

forms_ = st.text(alphabet="abcé", min_size=0, max_size=6)
columns_ = st.lists(st.sets(forms_, min_size=1, max_size=3), min_size=1, max_size=12)
tokens_ = st.lists(forms_, min_size=1, max_size=12)


def _same(forms, seq, near):
    """Both paths' weights equal exactly, and so do the pairs they lead to."""
    big = _weights(forms, seq, near)
    small = _weights_small(forms, seq, near)
    assert big.tolist() == small
    assert _best_pairs(big) == _best_pairs_small(small, len(seq))


@settings(max_examples=400, deadline=None)
@given(columns_, tokens_, st.sampled_from([0.0, 0.3, 0.5, 0.55, 0.7]))
def test_generated_tables_are_numpys(forms, seq, near):
    _same(forms, seq, near)


def test_long_random_tables_are_numpys():
    """Tables up to the small path's limit and past it, with many ties of equal sums."""
    rng = random.Random(7)
    for size in (1, 2, 5, 20, 64, 90):
        for _ in range(5):
            vocab = ["".join(rng.choice("abcd") for _ in range(rng.randint(1, 5))) for _ in range(8)]
            forms = [set(rng.sample(vocab, rng.randint(1, 2))) for _ in range(size)]
            seq = [rng.choice(vocab) for _ in range(rng.randint(1, size + 3))]
            _same(forms, seq, 0.5)


def test_scalar_similarity_rounds_to_the_matrix():
    """The scalar score the small tables use (:func:`nearmatch.similarity`, a double) rounded to
    float32 is the matrix's (:func:`nearmatch.similarity_matrix`, rapidfuzz's cdist), cutoff included."""
    rng = random.Random(3)
    rows = ["".join(rng.choice("abcde") for _ in range(rng.randint(0, 9))) for _ in range(60)]
    cols = ["".join(rng.choice("abcde") for _ in range(rng.randint(0, 9))) for _ in range(60)]
    for cutoff in (0.3, 0.5, 0.55):
        matrix = similarity_matrix(rows, cols, cutoff)
        scalar = [[similarity(r, c, cutoff) for c in cols] for r in rows]
        assert matrix.tolist() == np.array(scalar, dtype=np.float32).tolist()


CORPORA = [
    [ROOT / "witnesses" / "kropotkin"],
    [ROOT / "witnesses" / "medvedev"],
    *[[p] for p in sorted((ROOT / "data" / "corpora").iterdir()) if p.is_dir()],
    [ROOT / "data" / "bench" / "darwin" / f"darwin{year}.txt" for year in (1859, 1860, 1872)],
]


@pytest.mark.slow
@pytest.mark.parametrize("inputs", CORPORA, ids=lambda inputs: inputs[0].parent.name + "/" + inputs[0].name)
def test_every_table_of_the_corpora_is_numpys(inputs, monkeypatch):
    """Every table the alignment of a test corpus builds (both paths run on each, up to 40,000
    cells), compared while the corpus is collated."""
    from collate.runner import run

    seen = []
    original = progressive._weights_small

    def checked(forms, seq, near):
        if len(forms) * len(seq) <= 40_000:
            _same(forms, seq, near)
            seen.append(len(forms) * len(seq))
        return original(forms, seq, near)

    monkeypatch.setattr(progressive, "SMALL_CELLS", 40_000)
    monkeypatch.setattr(progressive, "NUMPY_CELLS", 40_000)  # this process has numpy: keep every table small
    monkeypatch.setattr(progressive, "_weights_small", checked)
    run([str(p) for p in inputs], {})
    assert seen  # the corpus has locations to realign
