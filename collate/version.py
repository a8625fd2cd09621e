"""The version of collate, written here once: pyproject.toml reads it from this module
(``[tool.setuptools.dynamic]``), so the installed package's metadata says the same.

One source: ``collate --version``, the TEI header's ``<application version>`` and the HTML
report's footer all say what this says. A literal, not a lookup of the installed metadata:
``importlib.metadata`` costs a run 25 ms or more of start-up (it imports the ``email``
package). A module of its own, importing nothing of collate, so that the writers can read it
without importing the package that imports them.
"""

__version__: str = "0.1.0"
