"""How the classifier's verdicts compare with hand labels, corpus pair by corpus pair.

For each labelled sample (tests/fixtures/labels/*.toml, the Kropotkin labels, the English pair of
about 1820) the two witnesses are collated whole through the public API
(``collate.collate_witnesses(collate.load_witnesses([...]))``, default settings), and the script
prints the confusion matrix of substantive against accidental, substantive recall and precision,
the share of labels whose exact class the classifier gives, and the labels that no variant location
covers. The labels were written before any language-aware rule; see docs/classification.md for the
figures of each run.

    python bench/classification.py                    # every sample, Markdown on stdout
    python bench/classification.py --only greek-john,hebrew-esther
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import collate  # noqa: E402
from tests.labels import SAMPLES, Sample, Score, load_labels, score  # noqa: E402

def percent(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def report(sample: Sample, result: Score, seconds: float) -> str:
    """The Markdown block for one sample."""
    m = result.matrix
    missing = ", ".join(map(str, result.missing)) if result.missing else "none"
    return "\n".join(
        [
            f"### {sample.name} ({result.labels} labels; collated in {seconds:.1f} s)",
            "",
            "|                      | classified substantive | classified accidental |",
            "|---|---|---|",
            f"| labelled substantive | {m[(True, True)]} | {m[(True, False)]} |",
            f"| labelled accidental  | {m[(False, True)]} | {m[(False, False)]} |",
            "",
            f"- substantive recall: {percent(result.recall)}; precision: {percent(result.precision)}",
            f"- exact class agrees: {result.agree} of {result.labels} ({percent(result.agree / result.labels)})",
            f"- labels with no variant location: {len(result.missing)} ({missing})",
            "",
        ]
    )


def run(sample: Sample) -> tuple[Score, float]:
    """Collate the sample's witnesses whole and score the verdicts against its labels.

    A malformed labels file raises :class:`tests.labels.LabelError` before anything is collated.
    """
    witnesses = collate.load_witnesses(list(sample.witnesses))
    labels = load_labels(sample.labels, witnesses)
    start = time.perf_counter()
    try:
        collation = collate.collate_witnesses(witnesses, collate.Settings(language=sample.language or None))
    except Exception as exc:  # a crash of the collation is a figure too: reported, not fatal
        raise CollationFailed(f"{type(exc).__name__}: {exc}") from exc
    seconds = time.perf_counter() - start
    return score(collation, labels), seconds


class CollationFailed(Exception):
    """The collation of a sample's witnesses raised an exception."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated sample names: " + ", ".join(s.name for s in SAMPLES))
    args = parser.parse_args()
    chosen = [s for s in SAMPLES if not args.only or s.name in args.only.split(",")]
    if not chosen:
        sys.exit(f"Error: no sample named {args.only!r}; choose from {', '.join(s.name for s in SAMPLES)}")
    print(f"collate {collate.__version__}: classifier verdicts against hand labels (default settings, each sample's language)\n")
    for sample in chosen:
        try:
            result, seconds = run(sample)
        except CollationFailed as exc:
            print(f"### {sample.name}\n\n- the collation fails: {exc}\n", flush=True)
            continue
        print(report(sample, result, seconds), flush=True)


if __name__ == "__main__":
    main()
