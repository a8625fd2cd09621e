"""How fast ``collate run`` is, against what any diff needs and against plain CollateX: one run.

For every case the script runs, each in a fresh child process measured by ``wait4`` (processor
time: user + system of the child and what it waited for) and GNU time (peak resident memory):

- ``collate run WITNESS... --tei --html --json --quiet`` (outputs into a temporary folder);
- the *lower bound* (``bench/lower_bound.py``): the same files cut into tokens by one regular
  expression and every witness compared with the first by :mod:`difflib`, in a process that
  imports nothing else;
- plain CollateX on the whole texts where it can finish (``bench/compare.py``'s worker: collate's
  readers and tokenizer, then CollateX's alignment of the whole witnesses, nothing after), only
  on cases whose longest witness has at most ``--collatex-max-words`` words;

and prints the medians of ``--repeat`` runs (a case whose first run takes more than
``--repeat-below`` seconds of processor time runs once) with the ratios. A case that fails
prints ``crashed:`` and the last line of its error; one that outlasts its limit of processor time
(each case has its own; ``--timeout-scale`` multiplies them) prints ``timeout``.

The inputs that are not in the repository are generated, deterministically, into a temporary
folder that is removed afterwards:

- *copies of Darwin's chapter*: copy 0 is the chapter as it is; copy ``k`` replaces every word by
  another of about the same frequency (the chapter's vocabulary ranked by frequency, cut into
  bands of 32, each band shuffled with seed ``k``), keeping case and punctuation, so the copies
  read alike to the machine (word lengths, frequencies, the editions' variation at the same
  places) without repeating one another, as chapters of one book do not;
- *the novel*: four editions of seven chapters (about 75,000 words each); chapter ``j`` of
  edition ``i`` is copy ``j`` of Darwin's edition ``(i + j) mod 6`` (so every chapter varies as
  real editions do, and differently from the others), the seventh cut after its first twelve
  paragraphs; editions 1 to 3 get seeded edits besides (seed: the edition and chapter),
  one word in 200 (a word replaced by one of its band, dropped, or a word inserted; a comma added
  or dropped; a capital changed) and two neighbouring sentences swapped twice a chapter;
- *the doubling series*: each witness is copies 0 to ``n - 1`` of one edition, one after another
  (``n`` = 1, 2, 4, 8), for two editions (1859, 1872) and for all six;
- *the two-megabyte pair*: 330,000 words drawn with seed 2 from a 25-word vocabulary, sixteen to
  a sentence, a sentence to a line; the copy has every 97th word replaced by another of the 25;
- *start-up*: a pair of two-line texts (one word differs in each line), plus the interpreter
  alone, ``import collate.cli`` alone, and the top of ``python -X importtime -c 'import
  collate.cli'``.

    python bench/speed.py                          # every case, a plain table
    python bench/speed.py --cases kropotkin,medvedev --repeat 5
    python bench/speed.py --markdown --write docs/benchmark.md   # the section in the docs
    python bench/speed.py --list
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DARWIN = ROOT / "data" / "bench" / "darwin"
EDITIONS = ("1859", "1860", "1861", "1866", "1869", "1872")
KROPOTKIN = ROOT / "witnesses" / "kropotkin"
MEDVEDEV = ROOT / "witnesses" / "medvedev"
BEGIN, END = "<!-- bench/speed.py: begin -->", "<!-- bench/speed.py: end -->"

LETTERS = re.compile(r"[A-Za-z]+")
WORDS = re.compile(r"\w+")
BAND = 32


# -- the inputs --------------------------------------------------------------------------------


@dataclass
class Case:
    """One input: ``build(folder)`` writes what is generated and returns the witnesses to name."""

    name: str
    note: str
    build: Callable[[Path], list[Path]]
    timeout: float = 300.0
    collatex: str | None = None  # the case of bench/compare.py that is the same input
    series: str | None = None  # a doubling series this case belongs to
    factor: int = 1
    cost: float = 1.0  # a rough guess of its processor seconds, to start the longest first


@cache
def darwin(edition: str) -> str:
    return (DARWIN / f"darwin{edition}.txt").read_text(encoding="utf-8")


@cache
def bands() -> tuple[list[str], dict[str, int]]:
    """The chapter's words (lower case) ranked by frequency over the six editions, and each one's rank."""
    counts = Counter(w.lower() for e in EDITIONS for w in LETTERS.findall(darwin(e)))
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return ranked, {w: i for i, w in enumerate(ranked)}


@cache
def mapping(copy: int) -> dict[str, str]:
    """Copy ``copy``'s word for every word: itself for copy 0, else a shuffle within its band."""
    ranked, _ = bands()
    if copy == 0:
        return {w: w for w in ranked}
    rng = random.Random(copy)
    result: dict[str, str] = {}
    for start in range(0, len(ranked), BAND):
        band = ranked[start : start + BAND]
        shuffled = band[:]
        rng.shuffle(shuffled)
        result.update(zip(band, shuffled))
    return result


def recase(new: str, old: str) -> str:
    """``new`` in the case of ``old`` (all capitals, a capital first, or lower case)."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    return new[:1].upper() + new[1:] if old[:1].isupper() else new


def copy_of(text: str, copy: int) -> str:
    """Copy ``copy`` of a text: every word replaced as :func:`mapping` says, punctuation kept."""
    words = mapping(copy)
    return LETTERS.sub(lambda m: recase(words[m.group().lower()], m.group()), text)


def parallel(edition: str, copies: int) -> str:
    """Copies 0 to ``copies - 1`` of one edition of the chapter, one after another."""
    return "\n".join(copy_of(darwin(edition), k) for k in range(copies))


def _edit_word(chunk: str, rng: random.Random) -> str:
    """One seeded edit of a whitespace-delimited chunk (a word with its punctuation)."""
    ranked, rank = bands()
    match = LETTERS.search(chunk)
    kind = rng.choice(("replace", "drop", "insert", "comma", "capital"))
    if match is None or kind == "comma":
        return chunk[:-1] if chunk.endswith(",") else chunk + ","
    word = match.group()
    if kind == "drop":
        return ""
    if kind == "insert":
        return rng.choice(ranked[:200]) + " " + chunk
    if kind == "capital":
        flipped = word[0].lower() if word[0].isupper() else word[0].upper()
        return chunk[: match.start()] + flipped + word[1:] + chunk[match.end() :]
    band = rank.get(word.lower(), 0) // BAND * BAND
    other = rng.choice([w for w in ranked[band : band + BAND] if w != word.lower()] or ranked[:1])
    return chunk[: match.start()] + recase(other, word) + chunk[match.end() :]


def edited(text: str, rng: random.Random, rate: float = 1 / 200, swaps: int = 2) -> str:
    """``text`` with one chunk in 1/rate edited and ``swaps`` pairs of neighbouring sentences swapped."""
    lines = text.split("\n")
    for _ in range(swaps):
        at = rng.randrange(len(lines))
        sentences = re.split(r"(?<=[.;]) ", lines[at])
        if len(sentences) > 2:
            k = rng.randrange(len(sentences) - 1)
            sentences[k], sentences[k + 1] = sentences[k + 1], sentences[k]
            lines[at] = " ".join(sentences)
    out = []
    for line in lines:
        chunks = [_edit_word(c, rng) if rng.random() < rate else c for c in line.split(" ")]
        out.append(" ".join(c for c in chunks if c))
    return "\n".join(out)


def novel_edition(i: int, chapters: int = 7, last: int = 12, headings: bool = False) -> str:
    """Edition ``i`` (0 to 3) of the generated novel: see the module's docstring. With
    ``headings``, each chapter starts with a line ``CHAPTER I.``, ``CHAPTER II.``... (the
    milestones that ``bench/corpus.py`` splits the novel at)."""
    parts = []
    for j in range(chapters):
        text = copy_of(darwin(EDITIONS[(i + j) % len(EDITIONS)]), j)
        if j == chapters - 1:
            text = "\n".join(text.split("\n")[:last])
        text = edited(text, random.Random(f"novel {i} {j}")) if i else text
        parts.append(f"CHAPTER {ROMAN[j]}.\n{text}" if headings else text)
    return "\n".join(parts)


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


VOCABULARY = (
    "garden river house stone light water forest silver window morning shadow winter summer "
    "letter meadow harbour lantern valley orchard bridge candle pebble willow north cloud"
).split()


def small_vocabulary_pair(words: int = 330_000, every: int = 97) -> tuple[str, str]:
    """Two near-identical texts of ``words`` words from 25; the copy changes every ``every``-th."""
    rng = random.Random(2)
    drawn = [rng.choice(VOCABULARY) for _ in range(words)]
    copy = [rng.choice([v for v in VOCABULARY if v != w]) if k % every == every - 1 else w for k, w in enumerate(drawn)]

    def prose(ws: list[str]) -> str:
        lines = [" ".join(ws[k : k + 16]) for k in range(0, len(ws), 16)]
        return "\n".join(line[:1].upper() + line[1:] + "." for line in lines) + "\n"

    return prose(drawn), prose(copy)


def _write(folder: Path, texts: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


TINY = {
    "a": "The quick brown fox jumps over the lazy dog.\nIt was the best of times.\n",
    "b": "The quick brown fox leapt over the lazy dog.\nIt was the worst of times.\n",
}


def cases() -> dict[str, Case]:
    """Every case, by name, in the order they are run."""
    found = [
        Case("start-up", "a two-line pair", lambda d: _write(d / "tiny", TINY), timeout=60),
        Case("kropotkin", "Kropotkin's letter, two translations", lambda d: [KROPOTKIN], collatex="kropotkin"),
        Case("medvedev", "Medvedev's letter, two versions", lambda d: [MEDVEDEV], collatex="medvedev"),
        Case(
            "darwin-six",
            "Darwin ch. 1, six editions",
            lambda d: [DARWIN / f"darwin{e}.txt" for e in EDITIONS],
            collatex="darwin-six-4x",
            cost=9,
        ),
        Case(
            "novel",
            "a novel in four editions (generated)",
            lambda d: _write(d / "novel", {f"ed{i}": novel_edition(i) for i in range(4)}),
            cost=40,
        ),
    ]
    for label, editions in (("pair", ("1859", "1872")), ("six", EDITIONS)):
        for n in (1, 2, 4, 8):
            found.append(
                Case(
                    f"parallel-{label}-{n}x",
                    f"{len(editions)} editions, {n}× the chapter",
                    lambda d, n=n, e=editions, lab=label: _write(
                        d / f"parallel-{lab}-{n}", {f"darwin{x}": parallel(x, n) for x in e}
                    ),
                    series=f"{len(editions)} witnesses",
                    factor=n,
                    cost=1.5 * n * len(editions),
                )
            )
    found += [
        Case(
            "two-megabytes",
            "330,000 words of 25, near-identical pair",
            lambda d: _write(d / "two-megabytes", dict(zip(("drawn", "copy"), small_vocabulary_pair()))),
            timeout=120,
            cost=120,
        ),
    ]
    return {c.name: c for c in found}


def witness_files(paths: Sequence[Path]) -> list[Path]:
    """The witness files among ``paths`` (a folder's files other than .toml, as collate reads them)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix != ".toml")
        else:
            files.append(path)
    return files


# -- measuring -----------------------------------------------------------------------------------


@dataclass
class Stat:
    """The medians of a few runs of one command (or why there are none)."""

    status: str
    cpu: float = 0.0
    wall: float = 0.0
    peak_mb: float = 0.0
    runs: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _cpu_limited(argv: list[str], seconds: float) -> list[str]:
    """``argv`` limited to ``seconds`` of processor time (SIGXCPU after), by util-linux's prlimit."""
    limit = math.ceil(seconds)
    return ["prlimit", f"--cpu={limit}:{limit + 1}", "--", *argv] if shutil.which("prlimit") else argv


def _failure(run, timeout: float) -> str:
    if run.status.startswith("stopped"):
        return f"timeout (> {timeout * WALL_PER_CPU:.0f} s wall)"
    if run.status in (f"failed ({128 + signal.SIGXCPU})", f"failed (-{signal.SIGXCPU})"):  # GNU time's, or its own
        return f"timeout (> {timeout:.0f} s CPU)"
    lines = [line.strip() for line in run.stderr.splitlines() if line.strip()]
    return f"crashed: {lines[-1][:120] if lines else run.status}"


#: The wall-clock limit of a run, in multiples of its processor-time limit: on a shared machine a
#: run may get a fraction of a core, so the limit that counts is the processor time.
WALL_PER_CPU = 4


def repeated(argv: list[str], repeat: int, timeout: float, repeat_below: float) -> Stat:
    """Run ``argv`` up to ``repeat`` times (once if it is slow); the medians, or the failure.

    ``timeout`` limits each run's processor time (and its wall time to :data:`WALL_PER_CPU` times it).
    """
    from compare import measured_run

    runs = []
    for _ in range(repeat):
        run = measured_run(_cpu_limited(argv, timeout), timeout * WALL_PER_CPU, cwd=ROOT, stdout=subprocess.DEVNULL)
        if run.status != "ok":
            return Stat(_failure(run, timeout), peak_mb=run.peak_mb, runs=len(runs) + 1)
        runs.append(run)
        if run.cpu > repeat_below:
            break
    med = statistics.median
    return Stat("ok", med(r.cpu for r in runs), med(r.seconds for r in runs), med(r.peak_mb for r in runs), len(runs))


def collate_argv(paths: Sequence[Path], out: Path) -> list[str]:
    outputs = ["--tei", str(out / "out.xml"), "--html", str(out / "out.html"), "--json", str(out / "out.json")]
    return [sys.executable, "-m", "collate", "run", *map(str, paths), *outputs, "--quiet"]


@dataclass
class Row:
    case: Case
    shape: str
    words: int
    collate: Stat
    lower: Stat
    collatex: Stat | None
    collatex_max: int = 0


def measure(case: Case, folder: Path, args) -> Row:
    """Build a case's inputs and measure collate, the lower bound and (where it can) CollateX."""
    paths = case.build(folder)
    files = witness_files(paths)
    words = max(len(WORDS.findall(f.read_text(encoding="utf-8"))) for f in files)
    timeout = case.timeout * args.timeout_scale
    out = folder / "out"
    out.mkdir(parents=True, exist_ok=True)
    ours = repeated(collate_argv(paths, out), args.repeat, timeout, args.repeat_below)
    lower = repeated([sys.executable, str(BENCH / "lower_bound.py"), *map(str, files)], args.repeat, timeout, args.repeat_below)
    plain = None
    if case.collatex and words <= args.collatex_max_words:
        argv = [sys.executable, str(BENCH / "compare.py"), "--worker", "collatex", case.collatex, "--repeat", "1"]
        plain = repeated(argv, 1, args.collatex_timeout, 0)
    return Row(case, f"{len(files)} × {words:,}", words, ours, lower, plain, args.collatex_max_words)


def measure_all(chosen: Sequence[Case], folder: Path, args) -> list[Row]:
    """Measure every case, ``args.jobs`` at a time (the longest first), in the order given."""

    def one(case: Case) -> Row:
        row = measure(case, folder / case.name, args)
        print(" | ".join(cells(row)), file=sys.stderr, flush=True)
        return row

    if args.jobs <= 1:
        return [one(case) for case in chosen]
    longest_first = sorted(chosen, key=lambda c: -c.cost)
    with ThreadPoolExecutor(args.jobs) as pool:
        done = dict(zip((c.name for c in longest_first), pool.map(one, longest_first)))
    return [done[c.name] for c in chosen]


def interpreter_rows(args) -> list[tuple[str, Stat]]:
    """The fixed costs a run pays before any work: the interpreter, and collate's imports."""
    commands = {
        "python -c pass": "pass",
        "import collate.cli": "import collate.cli",
        "import collatex": "import collatex",
        "collate.classify.lexicon.known('word') (imports it, loads Hunspell en_US)": "from collate.classify.lexicon import known; known('word')",
    }
    return [(name, repeated([sys.executable, "-c", code], args.repeat, 60, args.repeat_below)) for name, code in commands.items()]


def import_times(top: int = 15) -> list[tuple[str, float, float]]:
    """The modules of ``import collate.cli`` with the most cumulative import time (ms), and their own."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import collate.cli"], cwd=ROOT, capture_output=True, text=True
    )
    found = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[0].strip().isdigit():
            found.append((parts[2].rstrip(), int(parts[1]) / 1000, int(parts[0]) / 1000))
    return sorted(found, key=lambda x: -x[1])[:top]


# -- the report ----------------------------------------------------------------------------------


def fmt(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.1f}" if x < 100 else f"{x:.0f}"


def cells(row: Row) -> list[str]:
    """One table row: collate's figures, the lower bound's, plain CollateX's, and the ratios."""
    ours, lower, plain = row.collate, row.lower, row.collatex
    found = [row.case.name, row.shape]
    found += [fmt(ours.cpu), fmt(ours.wall), f"{ours.peak_mb:.0f}"] if ours.ok else [ours.status, "–", "–"]
    found += [fmt(lower.cpu), f"{lower.peak_mb:.0f}"] if lower.ok else [lower.status, "–"]
    found.append(f"{ours.cpu / lower.cpu:.1f}×" if ours.ok and lower.ok else "–")
    if plain is None:
        found += [f"not run (> {row.collatex_max:,} words)" if row.case.collatex else "–", "–"]
    elif plain.ok:
        found += [f"{fmt(plain.cpu)} s, {plain.peak_mb:.0f} MB", f"{plain.cpu / ours.cpu:.1f}×" if ours.ok else "–"]
    else:
        found += [plain.status, "–"]
    found.append(str(ours.runs))
    return found


HEADER = [
    "case",
    "witnesses × words",
    "collate CPU s",
    "wall s",
    "peak MB",
    "lower bound CPU s",
    "LB MB",
    "÷ lower bound",
    "plain CollateX",
    "CollateX ÷ collate",
    "runs",
]


def doubling(rows: Sequence[Row]) -> list[str]:
    """For each doubling series, what each doubling of the length cost in time and in memory."""
    lines = []
    for series in sorted({r.case.series for r in rows if r.case.series}):
        steps = sorted((r for r in rows if r.case.series == series), key=lambda r: r.case.factor)
        parts = []
        for a, b in zip(steps, steps[1:]):
            if a.collate.ok and b.collate.ok:
                parts.append(
                    f"{a.case.factor}×→{b.case.factor}×: CPU {b.collate.cpu / a.collate.cpu:.2f}×, "
                    f"peak {b.collate.peak_mb / a.collate.peak_mb:.2f}×"
                )
            else:
                parts.append(f"{a.case.factor}×→{b.case.factor}×: –")
        lines.append(f"Doubling, {series}: " + "; ".join(parts))
    return lines


def table(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        head = "| " + " | ".join(HEADER) + " |\n|" + "---|" * len(HEADER)
        return head + "\n" + "\n".join("| " + " | ".join(r) + " |" for r in rows)
    widths = [max(len(x) for x in col) for col in zip(HEADER, *rows)]
    return "\n".join("  ".join(x.ljust(w) for x, w in zip(r, widths)).rstrip() for r in [HEADER, *rows])


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def report(rows: list[Row], fixed: list[tuple[str, Stat]], imports, args, load: tuple[str, str]) -> str:
    """The whole printout: the table, the doubling ratios, start-up, the machine's load."""
    md = args.markdown
    command = "python bench/speed.py " + " ".join(args.argv)
    out = [f"`{command.strip()}`" if md else command.strip(), ""]
    out.append(
        f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; {args.jobs} case(s) at a time; medians of up to {args.repeat} runs "
        f"(one run where the first took over {args.repeat_below:.0f} s of CPU); load before: "
        f"{load[0]}; after: {load[1]}."
    )
    out += ["", table([cells(r) for r in rows], md), ""]
    out += [line + ("" if not md else "") for line in doubling(rows)]
    if fixed:
        out += ["", "Fixed start-up, each alone in a fresh `python -c` (CPU s, peak MB):", ""]
        out += [f"- {name}: " + (f"{fmt(s.cpu)} s, {s.peak_mb:.0f} MB" if s.ok else s.status) for name, s in fixed]
    if imports:
        out += ["", "`python -X importtime -c 'import collate.cli'`, the top by cumulative time (ms, own ms):", ""]
        text = "\n".join(f"{cum:8.1f} {own:7.1f}  {name}" for name, cum, own in imports)
        out.append(f"```\n{text}\n```" if md else text)
    return "\n".join(out) + "\n"


def write_section(path: Path, text: str) -> None:
    """Replace the text between the markers in ``path`` (or append it with them)."""
    doc = path.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}{END}"
    if BEGIN in doc and END in doc:
        doc = doc[: doc.index(BEGIN)] + block + doc[doc.index(END) + len(END) :]
    else:
        doc = doc.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", help="comma-separated case names (default: all); see --list")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the median counts (default 3)")
    parser.add_argument(
        "--repeat-below", type=float, default=30, help="repeat only commands whose first run took less CPU (s, default 30)"
    )
    parser.add_argument("--timeout-scale", type=float, default=1.0, help="multiply every case's time limit")
    parser.add_argument("--collatex-max-words", type=int, default=1500, help="plain CollateX up to this many words")
    parser.add_argument("--collatex-timeout", type=float, default=300, help="plain CollateX's limit (s CPU)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="cases measured side by side (default 1); processor time and memory stay each process's own, wall time then includes waiting",
    )
    parser.add_argument("--markdown", action="store_true", help="print Markdown (the table in docs/benchmark.md)")
    parser.add_argument("--write", metavar="FILE", help="also put the printout in FILE between the speed markers")
    args = parser.parse_args(argv)
    args.argv = list(argv)
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse(sys.argv[1:] if argv is None else argv)
    sys.path.insert(0, str(BENCH))
    every = cases()
    if args.list:
        for c in every.values():
            print(f"{c.name:18} {c.note} (limit {c.timeout:.0f} s CPU)")
        return
    chosen = [every[n] for n in args.cases.split(",")] if args.cases else list(every.values())
    before = uptime().split("load average:")[-1].strip()
    with tempfile.TemporaryDirectory(prefix="collate-speed-") as tmp:
        rows = measure_all(chosen, Path(tmp), args)
    startup = any(c.name == "start-up" for c in chosen)
    fixed = interpreter_rows(args) if startup else []
    imports = import_times() if startup else []
    after = uptime().split("load average:")[-1].strip()
    text = report(rows, fixed, imports, args, (before, after))
    print(text, end="")
    if args.write:
        write_section(Path(args.write), text)


if __name__ == "__main__":
    main()
