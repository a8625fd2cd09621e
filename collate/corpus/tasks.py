"""What one Dask task does, on whichever worker runs it: collate a unit, or a piece of a split unit.

These functions take and return plain picklable values (witnesses, settings, bytes), import
nothing but the library, and touch no file: the client reads the witnesses and writes the
outputs, so workers on other machines need the ``collate`` package but not the corpus's files.
A task that fails raises the library's own error (a :class:`~collate.errors.CollateError`
carrying its message and exit code), which Dask carries back to the client.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Collation, Settings, Witness

if TYPE_CHECKING:
    from .split import Piece


@dataclass(frozen=True)
class UnitResult:
    """A unit's outputs as rendered bytes (by file suffix) and the figures the index shows; its pair
    counts are in its ``.distance.csv``, not repeated here."""

    files: tuple[tuple[str, bytes], ...]
    sigla: tuple[str, ...]
    variants: int
    substantive: int
    tokens: int


#: The file suffix of each output format.
SUFFIXES: dict[str, str] = {"tei": ".xml", "html": ".html", "json": ".json"}


def collate_piece(piece: Piece, settings: Settings) -> bytes:
    """Collate one piece of a split unit (joined later by :func:`join_and_render`), its tokens
    moved to their offsets in the whole witnesses here, in parallel, not in the join.

    The :class:`~collate.corpus.split.Part` is returned pickled: on its way to the worker that
    joins the pieces it may pass through the client (Dask's local scheduler hands every result to
    the client), which then moves bytes instead of unpickling tens of thousands of tokens and
    pickling them again; the joining worker unpickles it once."""
    from .. import collate_witnesses
    from .split import part

    return pickle.dumps(part(collate_witnesses(piece.witnesses, settings), piece), protocol=pickle.HIGHEST_PROTOCOL)


def collate_unit(witnesses: Sequence[Witness], settings: Settings, formats: Sequence[str]) -> UnitResult:
    """Collate a unit and render its outputs."""
    from .. import collate_witnesses

    return render_unit(collate_witnesses(witnesses, settings), formats)


def join_and_render(
    witnesses: Sequence[Witness], parts: Sequence[bytes], settings: Settings, formats: Sequence[str]
) -> UnitResult:
    """Join the collated pieces of a split unit (as :func:`collate_piece` returns them) into one
    collation of the whole witnesses, and render it."""
    from .split import join

    return render_unit(join(witnesses, [pickle.loads(p) for p in parts], settings), formats)


def render_unit(collation: Collation, formats: Sequence[str]) -> UnitResult:
    from ..distance import distances, pairs_csv
    from ..vocabulary import counts_as_substantive
    from ..writers import render

    dist = distances(collation)
    files = [(SUFFIXES[fmt], render(collation, fmt)) for fmt in formats]
    files.append((".distance.csv", pairs_csv(dist)))
    substantive = sum(
        counts_as_substantive(v.type, v.subtype, collation.settings.substantive) for v in collation.variants
    )
    return UnitResult(
        files=tuple(files),
        sigla=collation.sigla,
        variants=len(collation.variants),
        substantive=substantive,
        tokens=sum(len(t) for t in collation.tokens),
    )
