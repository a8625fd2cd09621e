"""The CollateX fast path against CollateX, on every stretch the anchored aligner hands over.

The anchored aligner cuts witnesses at unique anchors and aligns each small stretch that varies
as CollateX does: computed directly by :mod:`collate.align.fastpath` where that is provably the
same, by CollateX where the fast path says it is not sure. This script runs the anchored aligner
on the test corpora with the fast path switched off, records every stretch it hands CollateX with
CollateX's columns and time, then asks the fast path for each: it must answer with CollateX's
columns exactly, or not at all. It prints, per corpus, how many stretches the fast path takes
(share of stretches and of CollateX's time) and how long it takes over them.

    python bench/fastpath.py                 # every corpus, Markdown on stdout
    python bench/fastpath.py --only darwin-six,medvedev

``tests/test_fastpath.py`` asserts the same on the same corpora.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collate.align import align_norms  # noqa: E402
from collate.align import anchored  # noqa: E402
from collate.align.fastpath import fast_columns  # noqa: E402
from collate.model import Settings  # noqa: E402
from collate.readers import load_witnesses  # noqa: E402
from collate.tokenize import tokenize  # noqa: E402

CORPORA = ROOT / "data" / "corpora"
DARWIN = ROOT / "data" / "bench" / "darwin"

#: Each corpus: its witness files (relative to the repository), collated together.
FILES: dict[str, tuple[str, ...]] = {
    "kropotkin": ("witnesses/kropotkin",),
    "medvedev": ("witnesses/medvedev",),
    "darwin-six": tuple(f"data/bench/darwin/darwin{y}.txt" for y in (1859, 1860, 1861, 1866, 1869, 1872)),
    "greek-john": tuple(f"data/corpora/greek-john/{n}.txt" for n in ("nestle1904", "sblgnt", "byz-rp2018")),
    "hebrew-esther": ("data/corpora/hebrew-esther/mam.txt", "data/corpora/hebrew-esther/wlc.txt"),
    "latin-caesar": tuple(
        f"data/corpora/latin-caesar-bellum-civile/{n}.txt" for n in ("dupontet-1901", "peskett-1914")
    ),
    "french-racine": tuple(
        f"data/corpora/french-racine-andromaque/andromaque-{y}-diplomatic.txt" for y in (1668, 1676)
    ),
}

#: The generated witness sets of bench/alignment_quality.py (four to six witnesses each).
GENERATED_PER_KIND = 4

Stretch = tuple[list[list[str]], list, float]  # readings, CollateX's columns, CollateX's seconds


@dataclass
class Tally:
    """One corpus: its stretches, those the fast path takes, and the CollateX time they cost."""

    stretches: int = 0
    taken: int = 0
    differ: list[list[list[str]]] = field(default_factory=list)
    collatex_seconds: float = 0.0
    taken_seconds: float = 0.0
    fast_seconds: float = 0.0


def corpus_norms(name: str) -> list[list[list[str]]]:
    """The collation inputs of a corpus: for each collation, each witness's normalized forms."""
    if name == "generated":
        return _generated()
    settings = Settings()
    witnesses = load_witnesses([str(ROOT / f) for f in FILES[name]])
    tokens = [tokenize(w, settings.tokenizer, settings.normalizer) for w in witnesses]
    return [[[t.norm for t in seq] for seq in tokens]]


def _generated() -> list[list[list[str]]]:
    import importlib.util

    path = ROOT / "bench" / "alignment_quality.py"
    spec = importlib.util.spec_from_file_location("alignment_quality", path)
    quality = importlib.util.module_from_spec(spec)
    sys.modules["alignment_quality"] = quality  # its dataclasses look their module up there
    spec.loader.exec_module(quality)
    sets = quality.generated_sets(GENERATED_PER_KIND)
    return [[w.words for w in witnesses] for kind in sets.values() for witnesses in kind]


@contextmanager
def recording() -> Iterator[list[Stretch]]:
    """Within it, the anchored aligner hands every stretch to CollateX, and each is recorded."""
    found: list[Stretch] = []
    real = anchored.collatex_columns

    def timed(readings):
        start = time.process_time()
        columns = real(readings)
        found.append(([list(r) for r in readings], columns, time.process_time() - start))
        return columns

    saved = anchored.fast_columns, anchored.collatex_columns
    anchored.fast_columns, anchored.collatex_columns = (lambda readings: None), timed
    try:
        yield found
    finally:
        anchored.fast_columns, anchored.collatex_columns = saved


def stretches(name: str) -> list[Stretch]:
    """Every stretch the anchored aligner (collate's default matching) hands CollateX on a corpus."""
    inputs = corpus_norms(name)
    real = anchored.collatex_columns
    real([["a"], ["a"]])  # CollateX's import, outside the first stretch's time
    with recording() as found:
        for norms in inputs:
            align_norms(norms)
    return found


def tally(found: Sequence[Stretch], fast: Callable = fast_columns) -> Tally:
    """Ask the fast path for every stretch; count what it takes and any answer unlike CollateX's."""
    out = Tally()
    for readings, columns, seconds in found:
        out.stretches += 1
        out.collatex_seconds += seconds
        start = time.process_time()
        answer = fast(readings)
        out.fast_seconds += time.process_time() - start
        if answer is None:
            continue
        out.taken += 1
        out.taken_seconds += seconds
        if answer != columns:
            out.differ.append(readings)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    names = [*FILES, "generated"]
    parser.add_argument("--only", default=",".join(names), help="corpora, comma-separated: " + ", ".join(names))
    args = parser.parse_args(argv)
    print("| corpus | stretches | fast path takes | of CollateX's CPU | CollateX CPU | fast path CPU | differ |")
    print("|---|---|---|---|---|---|---|")
    for name in args.only.split(","):
        t = tally(stretches(name))
        share = t.taken / t.stretches if t.stretches else 1.0
        time_share = t.taken_seconds / t.collatex_seconds if t.collatex_seconds else 1.0
        print(
            f"| {name} | {t.stretches:,} | {t.taken:,} ({share:.1%}) | {time_share:.1%} | "
            f"{t.collatex_seconds:.2f} s | {t.fast_seconds:.3f} s | {len(t.differ)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
