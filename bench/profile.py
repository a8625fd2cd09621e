"""Where a collation's time goes: phases, named costs and cProfile's top functions, as text.

For each case named (the cases of ``bench/speed.py``), two fresh processes run what ``collate run
WITNESS... --tei --html --json`` does, through the library: import collate, load the witnesses,
collate them (tokenize, align, classify), write each output, and make the summary the command
prints without ``--quiet``. The first process times, without a profiler (processor seconds, so
the shares are not distorted by cProfile's overhead), the phases, the garbage collector's passes
and the functions the speed issue names (CollateX's calls, transposition linking, the
dictionaries, the writers, the summary), each wrapped wherever a collate module holds it; the
second runs the phases under cProfile. ``bench/profiles/<case>.txt`` gets all of it, and the top
functions by their own time.

    python bench/profile.py darwin-six medvedev            # writes bench/profiles/*.txt
    python bench/profile.py novel --top 60 --out /tmp/profiles
"""

from __future__ import annotations

import os
import sys

# This file's name is the standard library's ``profile``, which cProfile imports: take this
# folder off the path first, so the standard module is the one found.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse
import cProfile
import gc
import io
import json
import pstats
import re
import subprocess
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent

#: Functions whose cumulative time is reported by name (looked up by function name only, so
#: the figures survive modules being moved).
NAMED = (
    ("CollateX calls", "collatex_columns"),
    ("CollateX's alignment computed directly (the fast path)", "fast_columns"),
    ("anchored aligner (with its CollateX calls)", "anchored_columns"),
    ("tokenizer", "words"),
    ("moves between witnesses", "find_moves"),
    ("segments from columns", "segments_from_columns"),
    ("classification", "classify"),
    ("transposition linking", "link_transpositions"),
    ("Hunspell dictionary load", "_hunspell"),
    ("breame lists load", "_breame"),
    ("TEI writer", "to_tei"),
    ("HTML writer", "to_html"),
    ("JSON writer", "to_json"),
    ("summary (not run with --quiet)", "summary"),
)


def phases(paths: list[str], folder: Path, timers: dict | None = None) -> list[tuple[str, float]]:
    """Run the collation phase by phase; the processor seconds of each.

    With ``timers`` (a dict), the functions of :data:`NAMED` are timed too, into it.
    """
    found: list[tuple[str, float]] = []
    clock = time.process_time()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.process_time()
        found.append((name, now - clock))
        clock = now

    from collate import collate_witnesses, load_witnesses, write_outputs

    lap("import collate")
    if timers is not None:
        timers.update(_install_timers())
    witnesses = load_witnesses(paths)
    lap("load the witnesses")
    collation = collate_witnesses(witnesses)
    lap("collate (tokenize, align, classify)")
    for fmt in ("tei", "html", "json"):
        write_outputs(collation, {fmt: folder / f"out.{fmt}"})
        lap(f"write {fmt.upper()}")
    from collate.classify import summary

    summary(collation)
    lap("summary (printed without --quiet)")
    return found


def one(paths: list[str], profiled: bool) -> dict:
    """What one process reports: its phases, and under cProfile the named costs and the top list."""
    with tempfile.TemporaryDirectory() as tmp:
        if not profiled:
            collector, timers = _collector_time(), {}
            found = phases(paths, Path(tmp), timers)
            named = [(label, name, *timers.get(name, (0.0, 0))) for label, name in NAMED]
            return {"phases": found, "gc": collector(), "named": named}
        profiler = cProfile.Profile()
        profiler.enable()
        found = phases(paths, Path(tmp))
        profiler.disable()
    stats = pstats.Stats(profiler)
    text = io.StringIO()
    stats.stream = text
    stats.sort_stats("tottime").print_stats(TOP)
    return {"phases": found, "top": text.getvalue()}


def _install_timers() -> dict[str, list[float]]:
    """Wrap every function of :data:`NAMED` wherever a loaded collate module holds it.

    A module holds a function as an attribute or as a value of a module-level dict (the tables of
    aligners and writers). Each wrapper adds its processor time to ``timers[name][0]`` (outermost
    calls only, so a recursive or nested call is not counted twice) and its calls to ``[1]``.
    """
    names = {n for _, n in NAMED}
    timers: dict[str, list[float]] = {}
    holders = []  # (a dict, a key) for every place a named function is held
    for module_name, module in list(sys.modules.items()):
        if module_name != "collate" and not module_name.startswith("collate."):
            continue
        for key, value in list(vars(module).items()):
            if isinstance(value, dict):
                holders += [(value, k) for k, v in value.items() if getattr(v, "__name__", None) in names]
            elif callable(value) and getattr(value, "__name__", None) in names:
                holders.append((vars(module), key))
    wrappers: dict[int, object] = {}
    for holder, key in holders:
        func = holder[key]
        if id(func) not in wrappers:
            wrappers[id(func)] = _timed(func.__name__, func, timers)
        holder[key] = wrappers[id(func)]
    return timers


def _timed(name: str, func, timers: dict[str, list[float]]):
    depth = [0]
    slot = timers.setdefault(name, [0.0, 0])

    def wrapper(*args, **kwargs):
        depth[0] += 1
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            depth[0] -= 1
            if depth[0] == 0:
                slot[0] += time.process_time() - start
            slot[1] += 1

    return wrapper


def _collector_time():
    """Start timing the garbage collector's passes; return a function giving the seconds so far."""
    spent = [0.0, 0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            spent[1] = time.process_time()
        else:
            spent[0] += time.process_time() - spent[1]

    gc.callbacks.append(callback)
    return lambda: spent[0]


TOP = 40


def child(case: str, profiled: bool) -> dict:
    """Build ``case``'s inputs and run :func:`one` on them in a fresh process."""
    sys.path.insert(0, str(BENCH))
    import speed

    with tempfile.TemporaryDirectory(prefix="collate-profile-") as tmp:
        paths = [str(p) for p in speed.cases()[case].build(Path(tmp))]
        argv = [sys.executable, __file__, "--child", json.dumps(paths), "--top", str(TOP)]
        if profiled:
            argv.append("--profiled")
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)


def render(case: str, clean: dict, profiled: dict) -> str:
    """The text of ``bench/profiles/<case>.txt``."""
    total = sum(t for _, t in clean["phases"])
    lines = [f"bench/profile.py {case}: processor seconds, Python {sys.version.split()[0]}", ""]
    lines.append(f"Phases, without the profiler (total {total:.2f} s):")
    lines += [f"  {t:8.2f} s  {t / total:6.1%}  {name}" for name, t in clean["phases"]]
    lines.append(f"  {clean['gc']:8.2f} s  {clean['gc'] / total:6.1%}  of which the garbage collector's passes")
    lines += ["", "Named costs, without the profiler (processor seconds inside each function, share of the total, calls):"]
    lines += [f"  {t:8.2f} s  {t / total:6.1%}  {label} ({name}, {n} calls)" for label, name, t, n in clean["named"]]
    lines += [
        "",
        f"Top {TOP} functions by own time under cProfile (its default, wall-clock timer; the profiler's",
        "overhead inflates code of many small calls, and other programs on the machine add to every figure):",
        "",
        _short(profiled["top"].strip("\n")),
    ]
    return "\n".join(lines) + "\n"


def _short(text: str) -> str:
    """Paths in cProfile's list without this machine's prefixes (the checkout, site-packages, Python's)."""
    site = re.compile(r"\S*/site-packages/")
    text = site.sub("", text.replace(str(ROOT) + "/", ""))
    return re.sub(r"\S*/lib/python3\.\d+/", "", text)


def main() -> None:
    global TOP
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", default=["darwin-six", "medvedev"], help="cases of bench/speed.py")
    parser.add_argument("--top", type=int, default=40, help="functions listed (default 40)")
    parser.add_argument("--out", default=str(BENCH / "profiles"), help="folder for <case>.txt")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--profiled", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    TOP = args.top
    if args.child:
        gc.collect()
        print(json.dumps(one(json.loads(args.child), args.profiled)))
        return
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for case in args.cases:
        text = render(case, child(case, False), child(case, True))
        (out / f"{case}.txt").write_text(text, encoding="utf-8")
        print(text.split("\n\nTop")[0], end="\n\n")


if __name__ == "__main__":
    main()
