"""The module graph of collate has no cycle, and the layering the architecture promises holds.

Every ``import`` of a collate module by another (at the top or inside a function) is read from
the source with :mod:`ast`; the graph of those edges must be acyclic, each module must import
on its own in a fresh interpreter, only ``collate/align/collatex.py`` may import CollateX and no
writer may import the classifier's rules (``Rules``, ``judge``)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "collate"


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__main__.py"}


def _imports(name: str, path: Path) -> set[str]:
    """The collate modules ``name`` imports, resolved (``from . import x`` names module ``x`` if it is one)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("collate")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            if not base.startswith("collate"):
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _parents(name: str) -> set[str]:
    """Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _edges(name: str) -> set[str]:
    """What importing ``name`` runs first: the modules it names, and their packages' ``__init__``
    (less its own packages, which are running already when it is imported)."""
    implied = {p for m in GRAPH[name] for p in _parents(m)} - _parents(name) - {name}
    return GRAPH[name] | implied


def test_the_graph_sees_imports():
    """The graph is read right: relative, late and package imports all appear."""
    assert "collate.version" in GRAPH["collate.writers.tei_header"]
    assert "collate.readers.base" in GRAPH["collate.readers.html"]
    assert "collate.align.collatex" in GRAPH["collate.align.anchored"]
    assert "collate.readers.markdown" in GRAPH["collate.readers"]  # a late import, inside a function


def test_no_import_cycle():
    edges = {name: _edges(name) for name in GRAPH}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(nxt) :] + [nxt]))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


@pytest.mark.slow
def test_every_module_imports_alone():
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    for name in MODULES:
        done = subprocess.run([sys.executable, "-c", script, name], capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{name}: {done.stderr[-500:]}"


def test_only_the_adapter_imports_collatex():
    importers = set()
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "collatex":
                importers.add(name)
            if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "collatex" for a in node.names):
                importers.add(name)
    assert importers == {"collate.align.collatex"}


def test_readers_do_not_import_the_pipeline_or_writers():
    for name, targets in GRAPH.items():
        if name.startswith("collate.readers"):
            assert not {
                t for t in targets if t.startswith(("collate.writers", "collate.collation", "collate.apparatus"))
            }, name


def test_the_version_is_the_installed_packages():
    """collate/version.py is the one place the version is written: the installed metadata (read
    from it by pyproject.toml) says the same, and ``collate --version`` prints it."""
    from importlib.metadata import version

    from collate.version import __version__

    assert version("collate") == __version__
    done = subprocess.run([sys.executable, "-m", "collate", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout.split()[-1] == __version__


# -- what start-up imports ------------------------------------------------------------------------

#: Run in a fresh interpreter: ``collate`` with the arguments given (none: only ``import
#: collate.cli``); prints the top-level modules imported and whether a stretch reached CollateX.
PROBE = """
import json, sys
import collate.align.collatex as adapter
reached = []
original = adapter._collate
def counted():
    reached.append(True)
    return original()
adapter._collate = counted
from collate.cli import main
if sys.argv[1:]:
    try:
        main(sys.argv[1:])
    except SystemExit as done:
        assert not done.code, done.code
print(json.dumps({"modules": sorted({m.split(".")[0] for m in sys.modules}), "collatex": bool(reached)}))
"""

#: Never imported by a small plain-text run (nor by ``import collate.cli``): the corpus runner's
#: Dask and Biopython, the other readers' libraries, the encoding guesser (for files that are not
#: UTF-8), ftfy (for text beyond ASCII), numpy (realigned locations of several columns, trees),
#: the TOML libraries (for files that have one), importlib.metadata's email package.
NEVER = {"dask", "distributed", "Bio", "markdown_it", "cssselect", "charset_normalizer", "ftfy", "numpy", "tomllib",
         "tomli_w", "IPython"}  # fmt: skip
#: Imported only when a stretch goes to CollateX (networkx reads its metadata through email).
WITH_COLLATEX = {"collatex", "networkx", "email"}
#: Imported only by the writers that need them.
FOR_TEI, FOR_HTML = {"lxml"}, {"jinja2", "markupsafe"}
#: Imported only by classification (the en_US dictionary, the British/American pairs).
FOR_CLASSIFYING = {"spylls", "breame", "simplemma"}


def _probe(tmp_path: Path, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-800:]
    return json.loads(done.stdout.splitlines()[-1])


def test_importing_the_command_line_imports_no_heavy_library(tmp_path):
    """``import collate.cli`` (all ``collate --help`` needs) loads no library that only a run,
    a writer or an unusual witness needs, nor the classifier."""
    found = _probe(tmp_path)
    modules = set(found["modules"])
    assert not modules & (NEVER | WITH_COLLATEX | FOR_TEI | FOR_HTML | FOR_CLASSIFYING)
    assert "click" in modules and "collate" in modules  # the probe saw the imports
    done = subprocess.run([sys.executable, "-c", "import collate.cli, sys; print('collate.classify' in sys.modules)"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize(
    "outputs, allowed",
    [(["--json", "a.json"], set()), (["--tei", "a.xml", "--html", "a.html", "--json", "a.json"], FOR_TEI | FOR_HTML)],
    ids=["json", "tei-html-json"],
)
def test_a_small_plain_text_run_imports_only_what_it_uses(tmp_path, outputs, allowed):
    """Two two-line ASCII witnesses, a word different in each line: the run imports the writers'
    libraries only for the outputs asked, CollateX only if a stretch went to it, and none of
    :data:`NEVER`; its outputs are written."""
    (tmp_path / "A.txt").write_text("The quick brown fox jumps over the lazy dog.\nIt was the best of times.\n")
    (tmp_path / "B.txt").write_text("The quick brown fox leapt over the lazy dog.\nIt was the worst of times.\n")
    found = _probe(tmp_path, "run", "A.txt", "B.txt", *outputs, "--quiet")
    modules = set(found["modules"])
    assert not modules & NEVER
    assert not modules & ((FOR_TEI | FOR_HTML) - allowed)
    assert modules & FOR_TEI == (FOR_TEI & allowed) and modules & FOR_HTML == (FOR_HTML & allowed)
    if not found["collatex"]:
        assert not modules & WITH_COLLATEX
    variants = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["collation"]["variants"]
    assert [v["subtype"] for v in variants] == ["lexical", "lexical"]  # aligned and judged: jumps/leapt, best/worst


#: Not imported by a run of the bundled Kropotkin pair (Markdown, quotes and dashes beyond ASCII,
#: near matches realigned, English words judged) once the caches are built: numpy (its locations
#: are small: pure-Python tables), ftfy (its mojibake test needs no import for a text with nothing
#: bad in it), simplemma (its word list comes from the cache, its lemmatizer is never asked).
NOT_FOR_KROPOTKIN = {"numpy", "ftfy", "simplemma", "wcwidth"}


def test_a_run_of_the_kropotkin_pair_imports_only_what_it_uses(tmp_path):
    """The second of two runs (the first may build the caches) imports none of
    :data:`NOT_FOR_KROPOTKIN`, nor :data:`NEVER` but markdown-it and tomllib (its witnesses are
    Markdown and have TOML metadata), and writes the same outputs."""
    witnesses = str(PACKAGE.parent / "witnesses" / "kropotkin")
    outputs = []
    for run in ("first", "second"):
        found = _probe(tmp_path, "run", witnesses, "--tei", f"{run}.xml", "--json", f"{run}.json", "--quiet")
        outputs.append([(tmp_path / f"{run}.{ext}").read_bytes() for ext in ("xml", "json")])
    modules = set(found["modules"])
    assert not modules & (NOT_FOR_KROPOTKIN | (NEVER - {"markdown_it", "tomllib"}))
    assert {"markdown_it", "tomllib", "rapidfuzz"} <= modules  # the probe saw the readers and the aligner
    assert outputs[0] == outputs[1]


def test_the_command_line_keeps_blas_to_one_thread_unless_told(tmp_path):
    """``collate`` sets OpenBLAS (and OpenMP, MKL) to one thread before numpy can start one per
    core, and leaves a thread count the user set alone."""
    import os

    script = "import os\nfrom collate.cli import main\ntry:\n    main(['run'])  # any command (it fails: no witness)\nexcept SystemExit:\n    pass\n" \
             "print(os.environ['OPENBLAS_NUM_THREADS'], os.environ['OMP_NUM_THREADS'])"  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.split()[-2:] == ["1", "1"]
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          env={**env, "OPENBLAS_NUM_THREADS": "4"})  # fmt: skip
    assert done.stdout.split()[-2:] == ["4", "1"]
