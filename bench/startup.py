"""What collate costs before it does any work: its start-up, in fresh processes, side by side.

For each checkout named (this one by default; ``--other DIR`` adds another, such as a
``git worktree add`` of main, each run with its own ``.venv``), the script runs these commands in
fresh processes, one checkout after the other within each round so that both meet the same load,
and prints the medians of ``--repeat`` rounds of processor time (user + system, from GNU
``/usr/bin/time -f '%U %S %M'``) and peak resident memory:

- ``python -c pass``: the interpreter alone;
- ``python -c 'import collate.cli'``;
- ``collate --help``;
- ``collate run A.txt B.txt --tei a.xml --html a.html --json a.json --quiet`` on bench/speed.py's
  start-up pair (two two-line texts, one word differing in each line);
- the same run with Hunspell's en_US dictionary left out: the process replaces the lexicon's
  dictionary loader with an empty dictionary before running the command (its outputs then differ;
  what it measures is everything else a small run pays);
- the same outputs of the bundled Kropotkin and Medvedev pairs (this checkout's ``witnesses/``
  for every checkout, so all collate the same files): the small real runs, whose Markdown,
  typography beyond ASCII and multi-word variant locations need more of the libraries.

Python writes no bytecode cache when ``PYTHONDONTWRITEBYTECODE`` is set, and then a checkout
that has none (an editable install never compiled by pip) compiles collate's modules from source
in every process: 0.1 s more. A user's installation caches bytecode (pip compiles at install; an
editable checkout on its first run), so the script unsets the variable and runs each command once,
unmeasured, before the rounds.

    python bench/startup.py
    python bench/startup.py --other /tmp/startup-base --repeat 7
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAIR = {
    "A.txt": "The quick brown fox jumps over the lazy dog.\nIt was the best of times.\n",
    "B.txt": "The quick brown fox leapt over the lazy dog.\nIt was the worst of times.\n",
}
RUN = ["run", "A.txt", "B.txt", "--tei", "a.xml", "--html", "a.html", "--json", "a.json", "--quiet"]
NO_DICTIONARY = """\
import sys
from collate.classify import lexicon

class _Empty:
    def lookup(self, word):
        return False

    def stems(self, word):
        return []

if not hasattr(lexicon, "_hunspell"):
    sys.exit("collate.classify.lexicon has no _hunspell to leave out")
lexicon._hunspell = lambda: _Empty()
from collate.cli import main
sys.argv = ["collate", *sys.argv[1:]]
main()
"""


def commands(checkout: Path) -> dict[str, list[str]]:
    """The commands measured, for the checkout's own virtual environment."""
    python = str(checkout / ".venv" / "bin" / "python")
    collate = str(checkout / ".venv" / "bin" / "collate")
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import collate.cli'": [python, "-c", "import collate.cli"],
        "collate --help": [collate, "--help"],
        "collate run (start-up pair, --tei --html --json)": [collate, *RUN],
        "the same, en_US dictionary left out": [python, "-c", NO_DICTIONARY, *RUN],
        **{f"collate run witnesses/{pair} (--tei --html --json)": [collate, "run", str(ROOT / "witnesses" / pair), *RUN[3:]]
           for pair in ("kropotkin", "medvedev")},
    }


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """One fresh process: (user + system CPU seconds, peak resident MB), by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as log:
        done = subprocess.run(
            ["/usr/bin/time", "-o", log.name, "-f", "%U %S %M", *argv],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv[:3])}... failed: {done.stderr.strip().splitlines()[-1:]}")
        user, system, peak_kb = log.read().split()[-3:]
    return float(user) + float(system), int(peak_kb) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, action="append", default=[], help="another checkout with its own .venv")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    checkouts = [ROOT, *(p.resolve() for p in args.other)]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, text in PAIR.items():
            (folder / name).write_text(text, encoding="utf-8")
        table = {c: {name: [] for name in commands(c)} for c in checkouts}
        for round_ in range(args.repeat + 1):  # the first writes the bytecode caches; not counted
            for checkout in checkouts:
                for name, argv in commands(checkout).items():
                    figure = timed(argv, folder, env)
                    if round_:
                        table[checkout][name].append(figure)
    report(table, args)


def report(table: dict[Path, dict[str, list[tuple[float, float]]]], args) -> None:
    """A Markdown table: one row per command, CPU s and peak MB for each checkout."""
    checkouts = list(table)
    print(f"Medians of {args.repeat} fresh processes each, CPU s (user + system) and peak MB; bytecode cached.")
    print()
    head = " | ".join(f"{c.name} CPU s | {c.name} MB" for c in checkouts)
    print(f"| command | {head} |")
    print("|---|" + "---|---|" * len(checkouts))
    for name in table[checkouts[0]]:
        cells = []
        for c in checkouts:
            runs = table[c][name]
            cells += [f"{statistics.median(r[0] for r in runs):.3f}", f"{statistics.median(r[1] for r in runs):.0f}"]
        print(f"| {name} | {' | '.join(cells)} |")


if __name__ == "__main__":
    sys.exit(main())
