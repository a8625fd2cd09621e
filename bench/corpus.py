"""A corpus on Dask: units per second serially, on this machine's worker processes and on a local
cluster, and one book-length collation split at milestones against the same collation unsplit.

The corpus: Darwin's chapter cut into its 47 paragraph sets (data/bench/darwin/paragraphs.json, two
to six editions each) and the Gospel of John's 21 chapters in three editions
(data/corpora/greek-john), 68 units; with ``--caesar`` also Caesar's Bellum civile in two editions,
five chapters a unit, 117 units. Each mode runs in a fresh process of this script, as ``collate
corpus`` does (worker processes forked from a process that had run another mode would inherit its
warm caches), into a fresh output folder:

- ``serial``: one unit after another, no Dask: the baseline;
- ``processes``: ``collate corpus``'s default, Dask's local scheduler on 2 worker processes forked
  from the client (collate/corpus/local.py);
- ``threads``: Dask's threaded scheduler, 2 threads (the GIL keeps pure Python on one core);
- ``local-cluster``: Dask's ``distributed.LocalCluster`` of 2 worker processes, started within the
  run (``--scheduler local-cluster``);
- ``cluster``: a ``dask scheduler`` and two ``dask worker`` processes started on 127.0.0.1 before
  the clock starts (as docs/corpus.md says to start them: ``--preload collate.corpus.warm``, the
  profiler off);
- ``local-cluster-dask-defaults``, ``cluster-dask-defaults``: the same with Dask's defaults
  (workers spawned cold, the statistical profiler on), to compare side by side in one run;
- ``halves``: a reference, not a scheduler: the units cut in two halves of about the same size,
  each run serially in a process of its own, both at once (the slower half's time): what two
  cores give with no scheduling at all;

and prints wall time, units per second, the speedup over serial, and the processor time over the
serial run's. Then the task's cost: the bytes sent to a worker (the pickled witnesses and
settings) and back (the rendered outputs), and the task's peak memory (tracemalloc).

Then the books (``--books``): Caesar's Bellum civile (two editions, about 32,000 words each, 243
chapters; split at its chapters, 20 a unit) and the novel of bench/speed.py (four editions of
about 72,000 words, with a heading ``CHAPTER I.`` ... before each of its 7 chapters; split at
them), each collated whole in one process and split on 2 worker processes and on a running
``dask scheduler`` with two workers: time, processor time (of every process under the bench,
over the whole's), peak memory, and how far the two alignments agree (the share of the unsplit
collation's variant locations found with exactly the same character range in every witness in
the split one).

The machine's load average is printed before and after each run: other work on the machine takes
cores from the workers, and the speedup measured is what it is under that load. "Processor s" is
the processor time of this process and of the worker processes it started (those of the cluster
too: they are its children), "cores busy" that over the wall time: how many cores the run kept at
work, whatever else the machine was doing.

    python bench/corpus.py                  # everything (several minutes on two cores)
    python bench/corpus.py --modes serial,processes --skip-book
    python bench/corpus.py --skip-book --caesar --modes serial,processes,local-cluster,cluster --runs 3   # medians
    python bench/corpus.py --skip-throughput --book-runs 3   # the books only, three times over
    python bench/corpus.py --skip-throughput --books novel   # the novel only
    python bench/corpus.py --skip-throughput --skip-book --scaling   # the 1,000-witness estimate
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DARWIN = ROOT / "data" / "bench" / "darwin"
JOHN = ROOT / "data" / "corpora" / "greek-john"
CAESAR = ROOT / "data" / "corpora" / "latin-caesar-bellum-civile"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(ROOT))

from collate import load_witnesses
from collate.corpus import load_corpus, run_corpus


def make_corpus(folder: Path, caesar: bool = False) -> list[Path]:
    """Write the 68 units as folders of witness files (with ``caesar``, also Caesar's Bellum civile in
    two editions, five chapters a unit: 49 more); return the folders."""
    units = []
    for k, entry in enumerate(json.loads((DARWIN / "paragraphs.json").read_text(encoding="utf-8"))["sets"], 1):
        unit = folder / "units" / f"darwin-{k:02d}"
        unit.mkdir(parents=True)
        for witness in entry["witnesses"]:
            (unit / f"{witness['id']}.txt").write_text(witness["content"] + "\n", encoding="utf-8")
        units.append(unit)
    editions = {p.stem: p.read_text(encoding="utf-8").split("\n\n") for p in sorted(JOHN.glob("*.txt"))}
    for k in range(21):
        unit = folder / "units" / f"john-{k + 1:02d}"
        unit.mkdir(parents=True)
        for name, chapters in editions.items():
            (unit / f"{name}.txt").write_text(chapters[k].strip() + "\n", encoding="utf-8")
        units.append(unit)
    if caesar:
        editions = {p.stem: p.read_text(encoding="utf-8").split("\n\n") for p in sorted(CAESAR.glob("*.txt"))}
        count = min(len(c) for c in editions.values())
        for k in range(0, count, 5):
            unit = folder / "units" / f"caesar-{k // 5 + 1:02d}"
            unit.mkdir(parents=True)
            for name, chapters in editions.items():
                (unit / f"{name}.txt").write_text(
                    "\n\n".join(c.strip() for c in chapters[k : k + 5]) + "\n", encoding="utf-8"
                )
            units.append(unit)
    return units


def manifest(folder: Path, output: str) -> Path:
    path = folder / f"{output}.toml"
    path.write_text(f'[corpus]\ntitle = "bench"\noutput = "{output}"\n[[unit]]\nglob = "units/*"\n', encoding="utf-8")
    return path


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


class CpuMeter:
    """Processor seconds of this process and of every process under it while the meter runs: each
    descendant's time read every 0.1 s and its last reading kept. The embedded cluster's workers are
    children of a fork server, which lives as long as this process, so they never end as children of
    ours and ``RUSAGE_CHILDREN`` would miss them."""

    def __init__(self) -> None:
        import threading

        import psutil  # Dask's dependency

        self.me = psutil.Process()
        self.seen: dict[tuple[int, float], float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _read(self) -> None:
        for p in self.me.children(recursive=True):
            try:
                t = p.cpu_times()
                self.seen[(p.pid, p.create_time())] = t.user + t.system
            except Exception:  # noqa: BLE001 - a process ending as it is read
                pass

    def _watch(self) -> None:
        while not self.stop.wait(0.1):
            self._read()

    def __enter__(self) -> CpuMeter:
        self._read()
        self.before = dict(self.seen)
        t = self.me.cpu_times()
        self.own = t.user + t.system
        self.thread.start()
        return self

    def reset(self) -> None:
        """Count from now: what the processes under this one have spent so far is left out."""
        self._read()
        self.before = dict(self.seen)
        t = self.me.cpu_times()
        self.own = t.user + t.system

    def __exit__(self, *exc: object) -> None:
        self._read()
        self.stop.set()
        self.thread.join()
        t = self.me.cpu_times()
        self.seconds = t.user + t.system - self.own
        self.seconds += sum(v - self.before.get(k, 0.0) for k, v in self.seen.items())


#: Dask's defaults, for a side-by-side comparison with collate's settings for the embedded cluster
#: and for the workers of a cluster (a mode named ``...-dask-defaults``).
TUNED_WORKER = {
    "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False",
    "DASK_DISTRIBUTED__ADMIN__TICK__INTERVAL": "1s",
    "DASK_DISTRIBUTED__ADMIN__SYSTEM_MONITOR__INTERVAL": "5s",
}


def run_mode(folder: Path, mode: str, address: str | None) -> tuple[float, int]:
    from collate.corpus import runner

    if mode.startswith("half-"):  # one of the two halves of the "halves" reference: see throughput
        corpus = load_corpus(half_manifest(folder, int(mode.removeprefix("half-"))))
        mode = "serial"
    else:
        corpus = load_corpus(manifest(folder, f"out-{mode}"))
    tuned = runner._embedded_config
    if mode.endswith("-dask-defaults"):
        runner._embedded_config = lambda: {}
    started = time.perf_counter()
    try:
        result = run_corpus(corpus, scheduler=address or mode.removesuffix("-dask-defaults"), workers=2, quiet=True)
    finally:
        runner._embedded_config = tuned
    seconds = time.perf_counter() - started
    if result.failed:
        raise SystemExit(f"{mode}: {len(result.failed)} units failed: {result.failed[0].error}")
    return seconds, len(result.outcomes)


def half_manifest(folder: Path, half: int) -> Path:
    """A manifest of every other unit, by size (the largest in half 0, the next in half 1...), so
    the two halves hold about the same work."""
    units = sorted((folder / "units").iterdir(), key=lambda u: (-sum(f.stat().st_size for f in u.iterdir()), u.name))
    path = folder / f"out-half-{half}.toml"
    entries = "".join(f'[[unit]]\nname = "{u.name}"\nwitnesses = ["units/{u.name}"]\n' for u in units[half::2])
    path.write_text(f'[corpus]\ntitle = "bench"\noutput = "out-half-{half}"\n{entries}', encoding="utf-8")
    return path


def halves_in_children(folder: Path) -> tuple[float, int]:
    """The reference for two workers: the corpus cut in two halves of about the same work, each
    run serially in its own process, both at once, without Dask; the slower half's time. No
    scheduler can do better on two cores than this, which has no scheduling at all."""
    commands = [[sys.executable, __file__, "--run-mode", f"half-{k}", "--folder", str(folder)] for k in (0, 1)]
    children = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    figures = []
    for child in children:
        out, err = child.communicate()
        if child.returncode:
            raise SystemExit(f"halves: a half failed:\n{err[-3000:]}")
        seconds, n = out.split()[-2:]
        figures.append((float(seconds), int(n)))
    return max(s for s, _ in figures), sum(n for _, n in figures)


def mode_in_child(folder: Path, mode: str, address: str | None) -> tuple[float, int]:
    """Run one mode in a fresh process of this script, as ``collate corpus`` runs: no mode finds
    caches that another filled (worker processes forked from a process that had run the serial
    mode would inherit its warm caches); its wall time and units, as the child measured them."""
    command = [sys.executable, __file__, "--run-mode", mode, "--folder", str(folder)]
    done = subprocess.run(command + (["--address", address] if address else []), capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{mode}: the run failed:\n{done.stderr[-3000:]}")
    seconds, n = done.stdout.split()[-2:]
    return float(seconds), int(n)


class LocalDask:
    """A ``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, stopped on leaving."""

    def __init__(self, folder: Path, tuned: bool = True) -> None:
        self.folder = folder
        self.tuned = tuned
        self.processes: list[subprocess.Popen] = []

    def start(self, args: list[str], log: str) -> subprocess.Popen:
        out = (self.folder / log).open("wb")
        env = {**os.environ, **TUNED_WORKER} if self.tuned else None
        process = subprocess.Popen(
            [str(BIN / "dask"), *args], stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
        self.processes.append(process)
        return process

    def __enter__(self) -> str:
        info = self.folder / "scheduler.json"
        self.start(
            ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
            "scheduler.log",
        )
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            if time.monotonic() > deadline:
                raise SystemExit("dask scheduler did not start")
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for k in range(2):
            self.start(
                ["worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
                + (["--preload", "collate.corpus.warm"] if self.tuned else []),
                f"worker{k}.log",
            )
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(2, timeout=120)
        return address

    def __exit__(self, *exc: object) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)


def throughput(folder: Path, modes: list[str], caesar: bool) -> None:
    units = make_corpus(folder, caesar)
    more = ", Caesar's 243 chapters in fives" if caesar else ""
    print(f"## Throughput: {len(units)} units (Darwin's 47 paragraph sets, John's 21 chapters{more}), 2 workers\n")
    print(HEADER)
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    serial = serial_cpu = None
    for mode in modes:
        before = load()
        if mode.startswith("cluster"):
            with LocalDask(folder, tuned=mode == "cluster") as address, CpuMeter() as meter:
                seconds, n = mode_in_child(folder, mode, address)
        elif mode == "halves":
            with CpuMeter() as meter:
                seconds, n = halves_in_children(folder)
        else:
            with CpuMeter() as meter:
                seconds, n = mode_in_child(folder, mode, None)
        spent = meter.seconds
        serial = seconds if mode == "serial" else serial
        serial_cpu = spent if mode == "serial" else serial_cpu
        speedup = f"{serial / seconds:.2f}x" if serial else "-"
        ratio = f"{spent / serial_cpu:.2f}" if serial_cpu else "-"
        print(
            f"| {mode} | {seconds:.1f} | {n / seconds:.2f} | {speedup} | {spent:.1f} | {ratio} | {spent / seconds:.2f} "
            f"| {before} | {load()} |",
            flush=True,
        )
    outs = [folder / f"out-{m}" for m in modes if m != "halves"]
    first = _files(outs[0])
    differing = sorted({n for o in outs[1:] for n, data in _files(o).items() if first.get(n) != data})
    print(
        f"\nOutputs of every mode byte-identical: {not differing}"
        + (f" (differing: {', '.join(differing[:5])})" if differing else "")
        + "\n"
    )


HEADER = "| mode | wall s | units/s | speedup | processor s | over serial | cores busy | load before | load after |"


def repeated(modes: str, caesar: bool, runs: int) -> None:
    """The throughput table ``runs`` times, each run in a fresh process of this script (so that no
    mode finds the caches an earlier run filled in this process: serial and threads run in it),
    then each mode's medians."""
    import statistics

    rows: dict[str, list[list[float]]] = {}
    for k in range(runs):
        command = [sys.executable, __file__, "--skip-book", "--modes", modes] + (["--caesar"] if caesar else [])
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        lines = done.stdout.splitlines()
        table = [line for line in lines if line.startswith("| ") and not line.startswith(("| mode", "| ---"))]
        if k == 0:
            print("\n".join(line for line in lines if line.startswith("## Throughput")) + "\n")
            print(HEADER)
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for line in table[: len(modes.split(","))]:
            print(line, flush=True)
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows.setdefault(cells[0], []).append([_number(cells[i]) for i in (1, 3, 4, 5)])
        print(next(line for line in lines if line.startswith("Outputs of every mode")), flush=True)
    print(f"\nMedians of {runs} runs, each in a fresh process:\n")
    print("| mode | wall s | speedup | processor s | over serial |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for mode, values in rows.items():
        wall, speedup, spent, ratio = (statistics.median(column) for column in zip(*values))
        print(f"| {mode} | {wall:.1f} | {speedup:.2f}x | {spent:.1f} | {ratio:.2f} |")
    print()


def _number(cell: str) -> float:
    """A table cell's figure ("1.25x", "13.2"; "-" where there is none)."""
    return float(cell.rstrip("x")) if cell != "-" else float("nan")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def task_cost(folder: Path) -> None:
    """Bytes a task sends and receives, and its peak memory, for a small and a large unit."""
    from collate.corpus.tasks import collate_unit
    from collate.model import Settings

    print("## What one task costs\n")
    print("| unit | witnesses | words | sent to the worker | sent back | task's peak memory (tracemalloc) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name in ("darwin-20", "john-01"):
        witnesses = load_witnesses([folder / "units" / name])
        sent = len(pickle.dumps((witnesses, Settings(), ("tei", "html", "json"))))
        collate_unit(witnesses, Settings(), ("tei", "html", "json"))  # once untraced: the imports and dictionaries
        tracemalloc.start()
        result = collate_unit(witnesses, Settings(), ("tei", "html", "json"))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        back = len(pickle.dumps(result))
        words = sum(len(w.text.split()) for w in witnesses)
        print(
            f"| {name} | {len(witnesses)} | {words:,} | {sent / 1024:,.0f} KiB | {back / 1024:,.0f} KiB | {peak / 2**20:,.1f} MiB |"
        )
    print()


BOOK_SCRIPT = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
from collate import collate_witnesses, load_witnesses
from collate.corpus import load_corpus, run_corpus
mode = sys.argv[1]
t = time.perf_counter()
if mode == "unsplit":
    collation = collate_witnesses(load_witnesses(sys.argv[2:]))
    from collate.writers.json import to_json
    open({out!r} + "/unsplit.json", "wb").write(to_json(collation))
else:
    where = sys.argv[3] if len(sys.argv) > 3 else "processes"
    result = run_corpus(load_corpus(sys.argv[2]), scheduler=where, workers=2, quiet=True)
    assert not result.failed, result.failed
seconds = time.perf_counter() - t
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"seconds": seconds, "self_kib": own, "children_kib": children}}))
"""


def _book_run(script: str, mode: str, args: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", script, mode, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def book_files(folder: Path, which: str) -> tuple[str, list[Path], str, str]:
    """The book ``which``: its title line, its witness files, its split and the unit's name."""
    if which == "caesar":
        files = [CAESAR / "dupontet-1901.txt", CAESAR / "peskett-1914.txt"]
        words = [len(f.read_text(encoding="utf-8").split()) for f in files]
        title = f"Caesar, Bellum civile, two editions ({words[0]:,} and {words[1]:,} words, 243 chapters)"
        return title, files, 'split = "paragraph"\nsplit_size = 20', "split at chapters (20 a unit)"
    sys.path.insert(0, str(ROOT / "bench"))
    from speed import novel_edition

    files = []
    for i in range(4):
        path = folder / "novel" / f"ed{i}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(novel_edition(i, headings=True) + "\n", encoding="utf-8")
        files.append(path)
    words = [len(f.read_text(encoding="utf-8").split()) for f in files]
    title = f"the novel of bench/speed.py, four editions ({min(words):,} to {max(words):,} words, 7 chapters)"
    return title, files, 'split = { marker = "^CHAPTER [IVXLC]+[.]" }', "split at its 7 chapters"


def book(folder: Path, repeat: int = 1, which: str = "caesar") -> None:
    from collate.writers.json import from_json

    sys.path.insert(0, str(ROOT / "tests"))
    from test_split import locations

    out = folder / f"book-{which}"
    out.mkdir()
    title, files, split, how = book_files(folder, which)
    script = BOOK_SCRIPT.format(root=str(ROOT), out=str(out))
    spec = out / "book.toml"
    witnesses = ", ".join(f'"{f}"' for f in files)
    spec.write_text(
        f'[corpus]\noutput = "split"\nformats = ["json"]\n[[unit]]\nname = "book"\nwitnesses = [{witnesses}]\n{split}\n',
        encoding="utf-8",
    )
    print(f"## One book: {title}\n")
    print("| run | wall s | processor s | over whole | cores busy | peak memory | load before | load after |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- | --- |")
    runs = (
        ("unsplit", "whole, one process", [str(f) for f in files]),
        ("split", f"{how}, embedded on 2 worker processes (their start included)", [str(spec)]),
        ("cluster", f"{how}, on a running scheduler + 2 workers", [str(spec)]),
    )
    whole_cpu = None
    for attempt in range(repeat):
        for mode, label, args in runs:
            if (out / "split").exists():
                shutil.rmtree(out / ("split-embedded" if mode == "cluster" else "split-last"), ignore_errors=True)
                (out / "split").rename(out / ("split-embedded" if mode == "cluster" else "split-last"))
            before = load()
            with CpuMeter() as meter:
                if mode == "cluster":
                    with LocalDask(folder) as address:
                        meter.reset()  # the cluster's own start is not the run's
                        figures = _book_run(script, "split", [*args, address])
                else:
                    figures = _book_run(script, mode, args)
            whole_cpu = meter.seconds if mode == "unsplit" else whole_cpu
            memory = f"{figures['self_kib'] / 1024:,.0f} MiB"
            if mode == "split":
                memory += f" client, {figures['children_kib'] / 1024:,.0f} MiB largest worker"
            print(
                f"| {label} | {figures['seconds']:.1f} | {meter.seconds:.1f} | {meter.seconds / whole_cpu:.2f} "
                f"| {meter.seconds / figures['seconds']:.2f} | {memory} | {before} | {load()} |",
                flush=True,
            )
    same = (out / "split" / "book.json").read_bytes() == (out / "split-embedded" / "book.json").read_bytes()
    print(f"\nThe split collation's JSON the same bytes embedded and on the cluster: {same}")
    whole = from_json((out / "unsplit.json").read_bytes())
    split = from_json((out / "split" / "book.json").read_bytes())
    a, b = locations(whole), locations(split)
    print(
        f"\nVariant locations: unsplit {len(a):,}, split {len(b):,}; the same in both {len(a & b):,} "
        f"({len(a & b) / len(a):.1%} of the unsplit ones)\n"
    )


def scaling(sizes: list[int]) -> None:
    """How a unit's time grows with its number of witnesses, extrapolated to 1,000 witnesses."""
    import math
    import random

    sys.path.insert(0, str(ROOT / "tests"))
    from test_distance import mutate, vocabulary

    from collate.corpus.tasks import collate_unit
    from collate.model import Settings, Witness

    rng = random.Random(7)
    vocab = vocabulary()
    texts = [[rng.choice(vocab) for _ in range(300)]]
    while len(texts) < max(sizes):  # each a copy of an earlier copy, with 3 substantive and 2 accidental changes
        texts.append(mutate(rng.choice(texts), rng, vocab, substantive=3, accidental=2))
    print("## A unit's time against its number of witnesses (a 300-word text, copies of copies; TEI and JSON)\n")
    print("| witnesses | wall s | processor s | sent back |")
    print("| ---: | ---: | ---: | ---: |")
    times = []
    collate_unit(tuple(Witness(f"W{k}", " ".join(texts[k]) + "\n") for k in range(3)), Settings(), ("tei",))  # warm-up
    for n in sizes:
        witnesses = tuple(Witness(f"W{k:04d}", " ".join(texts[k]) + "\n") for k in range(n))
        started, spent = time.perf_counter(), time.process_time()
        result = collate_unit(witnesses, Settings(), ("tei", "json"))
        wall = time.perf_counter() - started
        times.append(time.process_time() - spent)
        size = sum(len(data) for _, data in result.files)
        print(f"| {n} | {wall:.2f} | {times[-1]:.2f} | {size / 2**20:.1f} MiB |", flush=True)
    xs, ys = [math.log(n) for n in sizes], [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    last = math.log(times[-1] / times[-2]) / math.log(sizes[-1] / sizes[-2])
    slope = max(slope, last)  # the steeper of the fit and the last step: growth may speed up
    at = times[-1] * (1000 / sizes[-1]) ** slope
    print(
        f"\nProcessor time grows as n^{slope:.2f} (the steeper of the fit over all sizes and the last step, "
        f"n^{last:.2f}); extrapolated from {sizes[-1]} witnesses, at 1,000 witnesses about {at:,.0f} processor seconds a unit "
        "(a worker with a core to itself takes about that in wall time)."
    )
    rounds = math.ceil(300 / 100)
    print(
        f"300 units on 50 machines of 2 cores (100 workers): {rounds} rounds, about {rounds * at / 60:,.0f} minutes; "
        f"on one such machine, {300 * at / 2 / 3600:,.1f} hours.\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modes", default="serial,threads,processes,local-cluster,cluster")
    parser.add_argument("--skip-book", action="store_true")
    parser.add_argument(
        "--runs", type=int, default=1, help="the throughput table this many times, each in a fresh process; medians"
    )
    parser.add_argument("--book-runs", type=int, default=1, help="run the book's three collations this many times")
    parser.add_argument(
        "--books", default="caesar,novel", help="the books to split: caesar (2 x 32,000 words), novel (4 x 75,000)"
    )
    parser.add_argument("--caesar", action="store_true", help="add 49 units of Caesar (more work to share out)")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--scaling", action="store_true", help="also time units of 10 to 80 witnesses and extrapolate")
    parser.add_argument("--sizes", default="20,40,80,160")
    parser.add_argument("--run-mode", help=argparse.SUPPRESS)  # one mode, in a child: see mode_in_child
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--address", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_mode:
        seconds, n = run_mode(Path(args.folder), args.run_mode, args.address)
        print(f"{seconds:.4f} {n}")
        return
    folder = Path(tempfile.mkdtemp(prefix="collate-bench-corpus-"))
    try:
        print(f"Machine: {os.cpu_count()} cores; load average (1/5/15 min) at start {load()}\n")
        if not args.skip_throughput:
            if args.runs > 1:
                repeated(args.modes, args.caesar, args.runs)
                make_corpus(folder, args.caesar)
            else:
                throughput(folder, args.modes.split(","), args.caesar)
            task_cost(folder)
        if not args.skip_book:
            for which in args.books.split(","):
                book(folder, args.book_runs, which)
        if args.scaling:
            scaling([int(n) for n in args.sizes.split(",")])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
