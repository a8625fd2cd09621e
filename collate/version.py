"""The version of collate, read once from the installed package's metadata (pyproject.toml).

One source: ``collate --version``, the TEI header's ``<application version>`` and the HTML
report's footer all say what ``pyproject.toml`` says. A module of its own, importing nothing of
collate, so that the writers can read it without importing the package that imports them.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__: str = version("collate")
except PackageNotFoundError:  # a source tree on sys.path that was never installed (pip install -e .)
    __version__ = "0+unknown"
