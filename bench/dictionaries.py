"""What the Hunspell cache costs and saves: the first lookup in a fresh process, and each build.

For en_US: the processor time of ``from collate.classify import lexicon; lexicon.known("word")``
in a fresh Python process, median of ``--runs``, with the cache warm (built) and cold (an empty
cache folder, so the run builds it), beside the same process that only imports the lexicon (what
any run pays before a lookup). Then the build time of every installed dictionary (en_US, and
Debian's fr, de_DE, el_GR, he_IL when present), each in a fresh process into an empty folder, with
its number of forms and file size.

    python bench/dictionaries.py             # all
    python bench/dictionaries.py --runs 3 --only en
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOKUP = 'from collate.classify import lexicon; lexicon.known("word")'
IMPORT = "from collate.classify import lexicon"
BUILD = (
    "import sqlite3, sys; from collate.classify import hunspell_cache as h;"
    "p = h.ensure_built(sys.argv[1]);"
    "print(sqlite3.connect(p).execute('select count(*) from forms').fetchone()[0], p.stat().st_size)"
)


def cpu_of(code: str, cache: str, *args: str) -> tuple[float, str]:
    """Processor seconds (user + system) of ``python -c code`` in a fresh process, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "COLLATE_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout.strip()


def first_lookup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as warm:
        cpu_of(LOOKUP, warm)  # build once
        imports = statistics.median(cpu_of(IMPORT, warm)[0] for _ in range(runs))
        hot = statistics.median(cpu_of(LOOKUP, warm)[0] for _ in range(runs))
    cold_runs = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cold:
            cold_runs.append(cpu_of(LOOKUP, cold)[0])
    print(f"en_US first lookup, fresh process, median of {runs} (CPU s):")
    print(f"  import of the lexicon only   {imports:.2f}")
    print(f"  lookup, cache warm           {hot:.2f}  (the lookup itself: {hot - imports:+.2f})")
    print(f"  lookup, cache cold (builds)  {statistics.median(cold_runs):.2f}")


def builds(only: set[str] | None) -> None:
    sys.path.insert(0, str(ROOT))
    from collate.classify import hunspell_cache as h

    names = {"en": h.bundled_en_us(), **{k: h.find(v) for k, v in h.LANGUAGE_DICTIONARIES.items()}}
    print("\ncache builds, fresh process, empty folder:")
    print("| language | dictionary | CPU s | forms | file MB |\n|---|---|---|---|---|")
    for lang, base in names.items():
        if only and lang not in only:
            continue
        if base is None:
            print(f"| {lang} | not installed | – | – | – |")
            continue
        with tempfile.TemporaryDirectory() as cache:
            seconds, out = cpu_of(BUILD, cache, base)
        forms, size = out.split()
        print(f"| {lang} | {Path(base).name} | {seconds:.1f} | {int(forms):,} | {int(size) / 1e6:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", help="comma-separated languages for the build table (en, fr, de, el, he)")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    if only is None or "en" in only:
        first_lookup(args.runs)
    builds(only)


if __name__ == "__main__":
    main()
