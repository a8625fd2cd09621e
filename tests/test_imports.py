"""The module graph of collate has no cycle, and the layering the architecture promises holds.

Every ``import`` of a collate module by another (at the top or inside a function) is read from
the source with :mod:`ast`; the graph of those edges must be acyclic, each module must import
on its own in a fresh interpreter, only ``collate/align/collatex.py`` may import CollateX and no
writer may import the classifier's rules (``Rules``, ``judge``)."""

from __future__ import annotations

import ast
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
