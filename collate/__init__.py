"""collate: textual-variant collation for scholarly editors and historians.

Library use::

    from collate import load_witnesses, collate_witnesses, write_outputs
    collation = collate_witnesses(load_witnesses(["witnesses/kropotkin"]))
    write_outputs(collation, {"tei": "k.xml", "html": "k.html", "json": "k.json"})

or, as ``collate run`` does it, in one call (witnesses or a manifest; outputs checked first)::

    from collate import run
    collation = run(["witnesses/kropotkin"], {"tei": "k.xml"}, base="Shatz")
"""

from typing import TYPE_CHECKING

#: Where each name the package offers is defined. They are imported on first use (PEP 562), so
#: that ``import collate.cli`` (``collate --help``) does not import the whole pipeline first.
_EXPORTS: dict[str, str] = {
    "Collation": ".model",
    "Settings": ".model",
    "Witness": ".model",
    "__version__": ".version",
    "collate_witnesses": ".collation",
    "load_witness": ".readers",
    "load_witnesses": ".readers",
    "render": ".writers",
    "run": ".runner",
    "write_outputs": ".writers",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .collation import collate_witnesses
    from .model import Collation, Settings, Witness
    from .readers import load_witness, load_witnesses
    from .runner import run
    from .version import __version__
    from .writers import render, write_outputs


def __getattr__(name: str) -> object:
    """Each of :data:`__all__`, imported from its module on first use and kept."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
