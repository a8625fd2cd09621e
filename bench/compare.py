"""Plain CollateX against collate's anchored aligner: same inputs, one run, side by side.

Every alignment runs in a fresh Python process, so its time and peak memory (the process's
maximum resident set, from ``wait4``) are its own. For each case the script prints the times, the
peak memory, their ratios and how far the two alignments agree, then how the anchored aligner's
time grows with the input's length, then whole ``collate run`` commands end to end.

Agreement is measured on what an editor sees: the variant locations (the segments of the
alignment, grouped as collate groups them, where the witnesses' readings differ). A location
agrees when the other aligner has a location with exactly the same token range in every witness.
``pairs`` is the share of aligned token pairs (two witnesses' tokens in one column) that both
alignments make.

Plain CollateX needs minutes and gigabytes beyond a thousand words, so it runs only on cases
whose longest witness has at most ``--collatex-max-words`` words; the table says which.

    python bench/compare.py                              # everything, Markdown on stdout
    python bench/compare.py --cases kropotkin,darwin-paragraphs --show 5
    python bench/compare.py --collatex-max-words 3000 --timeout 1200
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DARWIN = ROOT / "data" / "bench" / "darwin"
EDITIONS = ("1859", "1860", "1861", "1866", "1869", "1872")
KROPOTKIN = ROOT / "witnesses" / "kropotkin"
MEDVEDEV = ROOT / "witnesses" / "medvedev"
SCHEMA = ROOT / "data" / "schemas" / "tei_all.rng"

sys.path.insert(0, str(ROOT))

from collate.align import ALIGNERS, segments_from_columns
from collate.align.anchored import find_anchors
from collate.align.collatex import collatex_columns
from collate.model import Token, Witness
from collate.readers import load_witnesses
from collate.tokenize import tokenize

WORD = re.compile(r"\w")


# -- the inputs --------------------------------------------------------------------------------


@dataclass
class Case:
    """One benchmark input: one or more sets of witnesses, each a list of (siglum, tokens)."""

    name: str
    load: Callable[[], list[list[tuple[str, tuple[Token, ...]]]]]
    note: str = ""
    words: int = 0  # longest witness, in words (filled in when loaded)


def _tokens(witnesses: Sequence[Witness]) -> list[tuple[str, tuple[Token, ...]]]:
    return [(w.siglum, tokenize(w)) for w in witnesses]


def _first_words(tokens: tuple[Token, ...], words: int) -> tuple[Token, ...]:
    """The tokens up to and including the ``words``-th word token."""
    count = 0
    for i, token in enumerate(tokens):
        count += bool(WORD.search(token.norm))
        if count == words:
            return tokens[: i + 1]
    return tokens


def _fraction(pairs: list[tuple[str, tuple[Token, ...]]], part: float) -> list[tuple[str, tuple[Token, ...]]]:
    """The first ``part`` of every witness, cut at one and the same place of the text.

    Cutting each witness at the same share of its tokens would leave the editions ending at
    different sentences, a long variant no real text has; so all are cut before the run of six
    words, found once in each, nearest that share of the first witness.
    """
    if part >= 1:
        return pairs
    norms = [[t.norm for t in tokens] for _, tokens in pairs]
    target = len(norms[0]) * part
    cut = min(find_anchors(norms, 6), key=lambda pos: abs(pos[0] - target))
    return [(siglum, tokens[:at]) for (siglum, tokens), at in zip(pairs, cut)]


def _darwin(editions: Sequence[str], part: float) -> list[list[tuple[str, tuple[Token, ...]]]]:
    witnesses = [Witness(e, (DARWIN / f"darwin{e}.txt").read_text(encoding="utf-8")) for e in editions]
    return [_fraction(_tokens(witnesses), part)]


def _paragraphs() -> list[list[tuple[str, tuple[Token, ...]]]]:
    data = json.loads((DARWIN / "paragraphs.json").read_text(encoding="utf-8"))
    return [_tokens([Witness(w["id"], w["content"]) for w in s["witnesses"]]) for s in data["sets"]]


def _dir(path: Path, words: int | None = None) -> Callable[[], list[list[tuple[str, tuple[Token, ...]]]]]:
    def load() -> list[list[tuple[str, tuple[Token, ...]]]]:
        pairs = _tokens(load_witnesses([path]))
        return [[(s, _first_words(t, words) if words else t) for s, t in pairs]]

    return load


def cases() -> dict[str, Case]:
    """Every case, by name; Medvedev only once its witnesses exist."""
    found = [
        Case("kropotkin", _dir(KROPOTKIN), "Kropotkin's letter, Miller and Shatz translations"),
    ]
    if MEDVEDEV.is_dir():
        found += [
            Case("medvedev-1000", _dir(MEDVEDEV, 1000), "Medvedev pair, first 1,000 words"),
            Case("medvedev", _dir(MEDVEDEV), "Medvedev pair, whole"),
        ]
    found += [Case("darwin-paragraphs", _paragraphs, "Darwin ch. 1, the 47 paragraph sets (2 or 6 editions)")]
    for label, part in (("1x", 0.25), ("2x", 0.5), ("4x", 1.0)):
        found.append(
            Case(
                f"darwin-pair-{label}",
                lambda p=part: _darwin(("1859", "1872"), p),
                f"Darwin ch. 1, 1859 and 1872, {part:.0%}",
            )
        )
    for label, part in (("1x", 0.25), ("2x", 0.5), ("4x", 1.0)):
        found.append(
            Case(f"darwin-six-{label}", lambda p=part: _darwin(EDITIONS, p), f"Darwin ch. 1, six editions, {part:.0%}")
        )
    return {c.name: c for c in found}


# -- running one aligner in its own process ------------------------------------------------------


@dataclass
class Run:
    """What one aligner did on one case: per-set columns, seconds aligning, peak memory."""

    seconds: float = 0.0
    peak_mb: float = 0.0
    columns: list[list[tuple[tuple[int, int], ...]]] = field(default_factory=list)
    status: str = "ok"
    cpu: float = 0.0  # seconds of processor time, which other programs on the machine disturb less


def worker(aligner: str, case: str, max_cells: int | None, repeat: int) -> None:
    """Align every set of ``case`` with ``aligner``; print the columns and the best time as JSON.

    CollateX is loaded before the clock starts (its import is start-up, measured end to end).
    """
    sets = [[[t.norm for t in tokens] for _, tokens in witnesses] for witnesses in cases()[case].load()]
    collatex_columns([["a"], ["a"]])
    options = {"max_cells": max_cells} if max_cells and aligner == "anchored" else {}
    best, best_cpu, columns = float("inf"), float("inf"), []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        columns = [ALIGNERS[aligner](norms, **options) for norms in sets]
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    json.dump({"seconds": best, "cpu": best_cpu, "columns": columns}, sys.stdout)


def run_worker(aligner: str, case: str, timeout: float, max_cells: int | None, repeat: int = 1) -> Run:
    """Run :func:`worker` in a fresh process; measure its peak memory."""
    argv = [sys.executable, __file__, "--worker", aligner, case, "--repeat", str(repeat)]
    if max_cells:
        argv += ["--cap", str(max_cells)]
    with tempfile.TemporaryFile() as out:
        status, _, peak_mb, _ = measured(argv, timeout, stdout=out)
        if status != "ok":
            return Run(status=status, peak_mb=peak_mb)
        out.seek(0)
        data = json.load(out)
    columns = [[tuple(tuple(span) for span in column) for column in cols] for cols in data["columns"]]
    return Run(data["seconds"], peak_mb, columns, cpu=data["cpu"])


TIME = Path("/usr/bin/time")


def measured(argv: list[str], timeout: float, **popen) -> tuple[str, float, float, str]:
    """Run ``argv``; return its status, wall seconds, peak memory (MB) and the end of its stderr."""
    run = measured_run(argv, timeout, **popen)
    return run.status, run.seconds, run.peak_mb, run.stderr


@dataclass
class Measured:
    """What one child process cost: wall and processor seconds, peak resident memory."""

    status: str  # "ok", "failed (CODE)" or "stopped after N s"
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the child and everything it waited for (wait4)
    peak_mb: float
    stderr: str  # its last 500 characters


def measured_run(argv: list[str], timeout: float, **popen) -> Measured:
    """Run ``argv`` in a fresh process group; measure it, and kill it after ``timeout`` seconds.

    The peak is taken by GNU time, whose child is forked from that small program: a child
    forked from this script would count this script's own memory as its peak (Linux keeps the
    high-water mark across exec). Without /usr/bin/time, ``wait4``'s figure is used instead.
    The processor time is ``wait4``'s, which counts the children GNU time waited for.
    """
    with tempfile.NamedTemporaryFile("r") as peak, tempfile.TemporaryFile() as err:
        wrapped = [str(TIME), "-f", "%M", "-o", peak.name, *argv] if TIME.exists() else argv
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stderr=err, start_new_session=True, **popen)
        deadline = time.monotonic() + timeout
        while True:
            pid, code, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                proc.returncode = code
                status = "ok" if code == 0 else f"failed ({os.waitstatus_to_exitcode(code)})"
                break
            if time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGKILL)
                _, _, usage = os.wait4(proc.pid, 0)
                proc.returncode = -9
                status = f"stopped after {timeout:.0f} s"
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        lines = [line for line in peak.read().splitlines() if line.strip().isdigit()] if TIME.exists() else []
        peak_mb = int(lines[-1]) / 1024 if lines else usage.ru_maxrss / 1024
        err.seek(0)
        tail = err.read().decode(errors="replace")[-500:]
        return Measured(status, seconds, usage.ru_utime + usage.ru_stime, peak_mb, tail)


# -- agreement -----------------------------------------------------------------------------------


def locations(columns, tokens: Sequence[Sequence[Token]]) -> list[tuple[tuple[int, int], ...]]:
    """The variant locations of an alignment: segments where the readings differ."""
    found = []
    for segment in segments_from_columns(columns, tokens):
        texts = {"".join(t.text for t in tokens[w][a:b]) for w, (a, b) in enumerate(segment.spans)}
        if len(texts) > 1:
            found.append(segment.spans)
    return found


def aligned_pairs(columns) -> set[tuple[int, int, int, int]]:
    """(witness, token, other witness, token) for every two tokens in one column."""
    pairs = set()
    for column in columns:
        present = [(w, a) for w, (a, b) in enumerate(column) if b > a]
        for i, (w, a) in enumerate(present):
            for v, c in present[i + 1 :]:
                pairs.add((w, a, v, c))
    return pairs


@dataclass
class Agreement:
    ours: int = 0
    theirs: int = 0
    shared: int = 0
    pairs_shared: int = 0
    pairs_union: int = 0
    disagreements: list[str] = field(default_factory=list)

    @property
    def locations(self) -> float:
        """Shared locations over the locations of either (Dice): 1.0 when the two sets are equal."""
        return 2 * self.shared / (self.ours + self.theirs) if self.ours + self.theirs else 1.0

    @property
    def pairs(self) -> float:
        return self.pairs_shared / self.pairs_union if self.pairs_union else 1.0


def compare(sets, plain: Run, anchored: Run, show: int) -> Agreement:
    """How far the two alignments of every set agree; render up to ``show`` disagreements."""
    result = Agreement()
    for witnesses, theirs_cols, ours_cols in zip(sets, plain.columns, anchored.columns):
        sigla = [s for s, _ in witnesses]
        tokens = [t for _, t in witnesses]
        theirs, ours = locations(theirs_cols, tokens), locations(ours_cols, tokens)
        result.theirs += len(theirs)
        result.ours += len(ours)
        result.shared += len(set(theirs) & set(ours))
        a, b = aligned_pairs(theirs_cols), aligned_pairs(ours_cols)
        result.pairs_shared += len(a & b)
        result.pairs_union += len(a | b)
        shown: list[list[tuple[int, int]]] = []
        for location in sorted(set(theirs) ^ set(ours)):
            if len(result.disagreements) >= show:
                break
            region = closure(list(location), [theirs_cols, ours_cols])
            if any(all(a >= c and b <= d for (a, b), (c, d) in zip(region, seen)) for seen in shown):
                continue
            shown.append(region)
            result.disagreements.append(
                render_region(region, sigla, tokens, [("CollateX", theirs_cols), ("anchored", ours_cols)])
            )
    return result


def _touches(column, region) -> bool:
    return any(a < b and lo <= a < hi for (a, b), (lo, hi) in zip(column, region))


def closure(region: list[tuple[int, int]], alignments) -> list[tuple[int, int]]:
    """Widen a region until every column of either alignment that touches it lies inside it."""
    while True:
        wider = list(region)
        for columns in alignments:
            for column in columns:
                if _touches(column, region):
                    wider = [
                        (min(lo, a) if b > a else lo, max(hi, b) if b > a else hi)
                        for (a, b), (lo, hi) in zip(column, wider)
                    ]
        if wider == region:
            return region
        region = wider


def render_region(region, sigla, tokens, alignments) -> str:
    """Each alignment over a region and one column either side, a row per witness: ``A: |the|black|cat|``."""
    blocks = []
    for label, columns in alignments:
        touching = [i for i, c in enumerate(columns) if _touches(c, region)]
        inside = columns[max(touching[0] - 1, 0) : touching[-1] + 2] if touching else []
        cells = [["".join(t.word for t in tokens[w][a:b]) for w, (a, b) in enumerate(c)] for c in inside]
        widths = [max(len(x) for x in col) for col in cells]
        rows = [
            f"{s:>8}: |" + "|".join(col[w].ljust(n) for col, n in zip(cells, widths)) + "|" for w, s in enumerate(sigla)
        ]
        blocks.append(f"{label}\n" + "\n".join(rows))
    return "\n".join(blocks)


# -- end to end ----------------------------------------------------------------------------------


def end_to_end(name: str, files: Sequence[Path], aligner: str, timeout: float, schema=None) -> dict:
    """Time ``collate run FILES --tei --html`` in a fresh process; check the TEI if asked."""
    with tempfile.TemporaryDirectory() as tmp:
        tei, html = Path(tmp) / "out.xml", Path(tmp) / "out.html"
        argv = [
            sys.executable,
            "-m",
            "collate",
            "run",
            *map(str, files),
            "--aligner",
            aligner,
            "--tei",
            str(tei),
            "--html",
            str(html),
            "--quiet",
        ]
        status, seconds, peak_mb, stderr = measured(argv, timeout, cwd=ROOT)
        row = {"case": name, "aligner": aligner, "status": status, "seconds": seconds, "peak_mb": peak_mb}
        if status == "ok":
            row["tei_kb"] = tei.stat().st_size / 1024
            row["html_kb"] = html.stat().st_size / 1024
            if schema is not None:
                from lxml import etree

                row["tei_valid"] = bool(schema.validate(etree.parse(str(tei))))
        else:
            row["stderr"] = stderr
        return row


def end_to_end_cases() -> list[tuple[str, list[Path]]]:
    found = [("kropotkin", [KROPOTKIN])]
    if MEDVEDEV.is_dir():
        found.append(("medvedev", [MEDVEDEV]))
    found.append(("darwin ch. 1, six editions", [DARWIN / f"darwin{e}.txt" for e in EDITIONS]))
    return found


# -- the report ----------------------------------------------------------------------------------


def fmt_s(x: float) -> str:
    return f"{x:.2f}" if x < 10 else f"{x:.0f}"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", help="comma-separated case names (default: all); see --list")
    parser.add_argument("--list", action="store_true", help="list the cases and exit")
    parser.add_argument(
        "--collatex-max-words",
        type=int,
        default=1500,
        help="run plain CollateX only on cases whose longest witness has at most this many words (default 1500)",
    )
    parser.add_argument(
        "--timeout", type=float, default=900, help="stop any one run after this many seconds (default 900)"
    )
    parser.add_argument("--cap", type=int, default=None, help="the anchored aligner's max_cells (default: its own)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the anchored aligner and of each end-to-end command; the best counts (default 5)",
    )
    parser.add_argument("--show", type=int, default=3, help="disagreements to print per case (default 3)")
    parser.add_argument("--no-end-to-end", action="store_true", help="skip the collate run timings")
    parser.add_argument(
        "--validate", action="store_true", help="check the end-to-end TEI against tei_all (about 10 s to compile)"
    )
    parser.add_argument("--worker", nargs=2, metavar=("ALIGNER", "CASE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker, args.cap, args.repeat)
        return
    every = cases()
    if args.list:
        for c in every.values():
            print(f"{c.name:20} {c.note}")
        return
    chosen = [every[n] for n in args.cases.split(",")] if args.cases else list(every.values())
    print(f"`python bench/compare.py {' '.join(argv if argv is not None else sys.argv[1:])}`".replace("  ", " "))
    print(
        f"\n{os.cpu_count()} cores; Python {sys.version.split()[0]}; anchored max_cells {args.cap or 'default'}; "
        f"plain CollateX run on cases up to {args.collatex_max_words} words a witness.\n"
    )
    alignment_table(chosen, args)
    if not args.no_end_to_end:
        end_to_end_table(args)


def alignment_table(chosen: list[Case], args) -> None:
    header = "| case | sets × witnesses | longest (words) | CollateX s | CollateX MB | anchored s | anchored MB | speed-up | memory ratio | locations (C / A) | locations agree | pairs agree |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    shown: list[tuple[str, list[str]]] = []
    scaling: dict[str, float] = {}
    for case in chosen:
        sets = case.load()
        words = max(sum(bool(WORD.search(t.norm)) for t in tokens) for s in sets for _, tokens in s)
        shape = f"{len(sets)} × {'/'.join(sorted({str(len(s)) for s in sets}))}"
        ours = run_worker("anchored", case.name, args.timeout, args.cap, args.repeat)
        scaling[case.name] = (ours.seconds, ours.cpu)
        if words <= args.collatex_max_words:
            plain = run_worker("collatex", case.name, args.timeout, None)
        else:
            plain = Run(status=f"not run (> {args.collatex_max_words} words)")
        cells = [case.name, shape, str(words)]
        if plain.status == "ok":
            cells += [fmt_s(plain.seconds), f"{plain.peak_mb:.0f}"]
        else:
            cells += [plain.status, f"{plain.peak_mb:.0f}" if plain.peak_mb else "–"]
        cells += [fmt_s(ours.seconds) if ours.status == "ok" else ours.status, f"{ours.peak_mb:.0f}"]
        if plain.status == "ok" and ours.status == "ok":
            agree = compare(sets, plain, ours, args.show)
            cells += [
                f"{plain.seconds / ours.seconds:.0f}×",
                f"{plain.peak_mb / ours.peak_mb:.1f}×",
                f"{agree.theirs} / {agree.ours}",
                f"{agree.locations:.1%}",
                f"{agree.pairs:.1%}",
            ]
            if agree.disagreements:
                shown.append((case.name, agree.disagreements))
        else:
            cells += ["–"] * 5
        print("| " + " | ".join(cells) + " |", flush=True)
    print_scaling(scaling)
    for name, blocks in shown:
        print(f"\nDisagreements in {name} (first {len(blocks)}):\n")
        for block in blocks:
            print("```\n" + block + "\n```")


def print_scaling(scaling: dict[str, tuple[float, float]]) -> None:
    """How the anchored aligner's time grows from 1x to 2x to 4x the text (wall clock and processor)."""
    for family in ("darwin-pair", "darwin-six"):
        runs = [scaling.get(f"{family}-{x}") for x in ("1x", "2x", "4x")]
        if not all(runs):
            continue
        for label, k in (("wall", 0), ("processor", 1)):
            t = [run[k] for run in runs]
            print(
                f"\nScaling, anchored, {family}, {label} time: 1x {t[0]:.2f} s, 2x {t[1]:.2f} s, 4x {t[2]:.2f} s; "
                f"doubling costs {t[1] / t[0]:.2f}× and {t[2] / t[1]:.2f}×"
            )


def end_to_end_table(args) -> None:
    schema = None
    if args.validate:
        from lxml import etree

        schema = etree.RelaxNG(etree.parse(str(SCHEMA)))
    print(
        "\nEnd to end: `collate run WITNESS... --tei out.xml --html out.html --quiet` (load, tokenize, align, classify, write)\n"
    )
    print("| witnesses | aligner | seconds | peak MB | TEI KB | HTML KB | TEI valid |")
    print("|---|---|---|---|---|---|---|")
    for name, files in end_to_end_cases():
        aligners = ["anchored"] + (["collatex"] if name == "kropotkin" else [])
        for aligner in aligners:
            runs = [
                end_to_end(name, files, aligner, args.timeout, schema if k == 0 else None) for k in range(args.repeat)
            ]
            row = {**runs[0], "seconds": min(r["seconds"] for r in runs), "peak_mb": max(r["peak_mb"] for r in runs)}
            if any(r["status"] != "ok" for r in runs):
                row = next(r for r in runs if r["status"] != "ok")
            valid = {True: "yes", False: "NO"}.get(row.get("tei_valid"), "not checked")
            if row["status"] != "ok":
                print(
                    f"| {name} | {aligner} | {row['status']} | {row['peak_mb']:.0f} | – | – | – |  {row.get('stderr', '')!r}"
                )
                continue
            print(
                f"| {name} | {aligner} | {fmt_s(row['seconds'])} | {row['peak_mb']:.0f} | {row['tei_kb']:.0f} | {row['html_kb']:.0f} | {valid} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
