"""The CollateX fast path gives CollateX's columns exactly wherever it answers.

Every stretch the anchored aligner hands CollateX on the test corpora (the bundled witnesses,
Darwin's six editions, the Greek, Latin, French and Hebrew pairs of data/corpora, the generated
sets of bench/alignment_quality.py) is recorded with CollateX's own columns; the fast path must
give the same columns or say it is not sure. ``bench/fastpath.py`` prints the same figures.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import pytest

from collate.align.collatex import collatex_columns
from collate.align import fastpath
from collate.align.fastpath import fast_columns

_PATH = Path(__file__).resolve().parent.parent / "bench" / "fastpath.py"
_SPEC = importlib.util.spec_from_file_location("bench_fastpath", _PATH)
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["bench_fastpath"] = bench  # its dataclasses look their module up there
_SPEC.loader.exec_module(bench)

SMALL = ["kropotkin", "medvedev", "hebrew-esther"]
LARGE = ["darwin-six", "greek-john", "latin-caesar", "french-racine", "generated"]


def _check(name: str) -> bench.Tally:
    tally = bench.tally(bench.stretches(name))
    assert tally.stretches > 0
    assert not tally.differ, f"{name}: the fast path differs from CollateX on {tally.differ[:1]}"
    return tally


@pytest.mark.parametrize("name", SMALL)
def test_every_stretch_of_a_small_corpus_as_collatex(name):
    tally = _check(name)
    assert tally.taken == tally.stretches  # nothing here is beyond the fast path


@pytest.mark.slow
@pytest.mark.parametrize("name", LARGE)
def test_every_stretch_of_a_large_corpus_as_collatex(name):
    tally = _check(name)
    assert tally.taken >= 0.95 * tally.stretches, (tally.taken, tally.stretches)


def _variant(base: list[str], rng: random.Random, vocabulary: list[str]) -> list[str]:
    out = list(base)
    for _ in range(rng.randint(0, 6)):
        op = rng.random()
        if op < 0.3 and out:
            del out[rng.randrange(len(out))]
        elif op < 0.6:
            out.insert(rng.randint(0, len(out)), rng.choice(vocabulary))
        elif out:
            out[rng.randrange(len(out))] = rng.choice(vocabulary)
    return out


def test_generated_small_vocabulary_as_collatex():
    """Repetitive texts from a few words (empty forms among them), two to six witnesses: the
    cases where CollateX's scoring ties most often."""
    rng = random.Random(15)
    answered = 0
    for _ in range(300):
        vocabulary = ["a", "b", "c", "", "\u2205", "d", "e"][: rng.randint(2, 7)]
        base = [rng.choice(vocabulary) for _ in range(rng.randint(0, 20))]
        norms = [_variant(base, rng, vocabulary) for _ in range(rng.choice((2, 3, 4, 6)))]
        fast = fast_columns(norms)
        if fast is not None:
            answered += 1
            assert fast == collatex_columns(norms), norms
    assert answered >= 290


def test_defers_on_collatex_markers():
    """CollateX separates witnesses with "$0", "$1", ...: a token like that is not the fast path's."""
    assert fast_columns([["a", "$0"], ["$0", "a"]]) is None


def test_a_stretch_of_one_reading_is_one_column():
    assert fast_columns([["a", "b"], []]) == [((0, 2), (0, 0))]
    assert fast_columns([[], []]) == []


def test_collatex_is_not_imported_when_every_stretch_takes_the_fast_path(tmp_path):
    script = (
        "import sys\n"
        "from collate.align import align_norms\n"
        "align_norms([['a', 'black', 'cat', 'sat'] * 3, ['a', 'cat', 'sat', 'down'] * 3])\n"
        "print('collatex' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


#: Found by random search: stretches where a token matches two vertices of one rank and which one
#: it joins changes the alignment, so only CollateX's own order (its suffix array's) gives its result.
TWO_VERTICES_OF_ONE_RANK = [
    ["bb", "bbbaa", "aababab", "aaabba", "aaaba"],
    ["aaaaaaa", "abaa", "ba", "bbbaabb", "bbbbaab"],
    ["aa", "aaaabb", "bbabbaa", "abbaaaa"],
    ["aa", "aaabb", "bbabab", "abbaab"],
]


@pytest.mark.parametrize("texts", TWO_VERTICES_OF_ONE_RANK)
def test_a_token_matching_two_vertices_of_one_rank_joins_collatex_choice(texts, monkeypatch):
    norms = [list(t) for t in texts]
    assert fast_columns(norms) == collatex_columns(norms)
    answers = set()
    for order in (1, -1):  # either other choice, first or last vertex of the string, differs here

        def cube(graph, k, ranks, order=order):
            vertices = range(1, len(graph.strings))[::order]
            seq = graph.words[k]
            return {(y, ranks[v] - 1): v for v in vertices for y, s in enumerate(seq) if graph.strings[v] == s}

        monkeypatch.setattr(fastpath._Graph, "_cube", cube)
        answers.add(str(fast_columns(norms)))
    assert len(answers) == 2
