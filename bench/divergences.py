"""Locations per class with and without the one-location-per-divergence pass (collate/segments.py).

The same alignment is classified three times: as the aligner's segments leave it (a spacing
difference next to a word is a location of its own) with line breaks as variants; after
``merge_divergences`` with line breaks as variants (``--line-breaks variant``); and after it with
the default, where a difference in line division alone is no location. For each case the script
prints the locations per class each way, and how many whitespace-only locations stand next to
another location (in the same paragraph of the first witness).

    python bench/divergences.py                 # Darwin's six editions, a Greek and a Latin pair, verse
    python bench/divergences.py --cases darwin,verse

``verse`` is Racine's *Andromaque*, I.1, from data/corpora (one verse to a line in 1668, the 1676
text run on and wrapped at 60 characters): the same verse broken into lines at other words.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collate import load_witnesses  # noqa: E402
from collate.align import align  # noqa: E402
from collate.classify import SEVERITY, classify  # noqa: E402
from collate.model import Settings, Witness  # noqa: E402
from collate.segments import merge_divergences  # noqa: E402
from collate.tokenize import tokenize  # noqa: E402

DATA = ROOT / "data"
CASES = {
    "darwin": sorted((DATA / "bench" / "darwin").glob("darwin18*.txt")),
    "greek": [DATA / "corpora" / "greek-john" / f for f in ("sblgnt.txt", "nestle1904.txt")],
    "latin": [DATA / "corpora" / "latin-caesar-bellum-civile" / f for f in ("dupontet-1901.txt", "peskett-1914.txt")],
    "verse": [],  # made by _verse
}


def _verse() -> list[Witness]:
    """Andromaque I.1: 1668 one verse to a line, 1676 run on and wrapped at 60 characters."""
    folder = DATA / "corpora" / "french-racine-andromaque" / "by-line"

    def verses(edition: str) -> list[str]:
        rows = (folder / f"andromaque-{edition}.tsv").read_text(encoding="utf-8").splitlines()
        return [row.split("\t", 1)[1] for row in rows if row.startswith("1.1.")]

    lines = "\n".join(verses("1668-normalised")) + "\n"
    return [Witness("1668", lines), Witness("1676", textwrap.fill(" ".join(verses("1676-normalised")), 60) + "\n")]


def _profile(variants, alignment) -> tuple[dict[str, int], int]:
    found = {kind: 0 for kind in reversed(SEVERITY)}
    for v in variants:
        found[v.type] += 1
    located = {v.segment for v in variants}
    beside = sum(1 for v in variants if v.type == "whitespace" and ({v.segment - 1, v.segment + 1} & located))
    return found, beside


def measure(name: str) -> None:
    witnesses = _verse() if name == "verse" else load_witnesses([str(p) for p in CASES[name]])
    settings, lines = Settings(), Settings(line_breaks="variant")
    tokens = tuple(tokenize(w, settings.tokenizer, settings.normalizer) for w in witnesses)
    raw = align([w.siglum for w in witnesses], tokens, settings.aligner)
    cases = (
        ("aligner's segments, line breaks as variants", raw, lines),
        ("one per divergence, line breaks as variants", merge_divergences(raw, tokens, 0, "variant"), lines),
        ("one per divergence (default)", merge_divergences(raw, tokens), settings),
    )
    rows = [(label, *_profile(classify(a, tokens, s), a)) for label, a, s in cases]
    print(f"\n## {name}: {len(witnesses)} witnesses ({', '.join(w.siglum for w in witnesses)})\n")
    kinds = list(rows[0][1])
    print("| segments | locations | " + " | ".join(kinds) + " | whitespace next to another |")
    print("|---" * (len(kinds) + 3) + "|")
    for label, found, beside in rows:
        print(f"| {label} | {sum(found.values())} | " + " | ".join(str(found[k]) for k in kinds) + f" | {beside} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    for name in parser.parse_args().cases.split(","):
        measure(name)


if __name__ == "__main__":
    main()
