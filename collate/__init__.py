"""collate: textual-variant collation for scholarly editors and historians.

Library use::

    from collate import load_witnesses, collate_witnesses, write_outputs
    collation = collate_witnesses(load_witnesses(["witnesses/kropotkin"]))
    write_outputs(collation, {"tei": "k.xml", "html": "k.html", "json": "k.json"})

or, as ``collate run`` does it, in one call (witnesses or a manifest; outputs checked first)::

    from collate import run
    collation = run(["witnesses/kropotkin"], {"tei": "k.xml"}, base="Shatz")
"""

from .collation import collate_witnesses
from .model import Collation, Settings, Witness
from .readers import load_witness, load_witnesses
from .runner import run
from .writers import render, write_outputs

__all__ = [
    "Collation",
    "Settings",
    "Witness",
    "__version__",
    "collate_witnesses",
    "load_witness",
    "load_witnesses",
    "render",
    "run",
    "write_outputs",
]


def __getattr__(name: str) -> str:
    """``collate.__version__``, read from the package metadata on first use (importlib.metadata
    costs start-up that most runs never need)."""
    if name == "__version__":
        from .version import __version__

        return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
