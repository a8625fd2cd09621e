"""Checks on a set of witnesses before it is collated, however the witnesses were made.

Files, a manifest or the library: the pipeline (:func:`collate.collation.collate_witnesses`) and
the manifest loader ask these questions of every witness set, so a reader only reads and the
pipeline never reaches into the readers.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import WitnessError
from .model import Settings, Witness
from .readers.decode import check_witness_texts


def check_witnesses(witnesses: Sequence[Witness]) -> None:
    """Refuse a set of witnesses that cannot be collated: fewer than two, sigla used twice, or
    texts no output could hold (control characters, too large together: see
    :func:`collate.readers.decode.check_witness_texts`, the same check a file gets on decoding)."""
    if len(witnesses) < 2:
        where = witnesses[0].path if witnesses else "the input"
        raise WitnessError(f"{where}: collation needs at least two witnesses; name another witness file")
    seen: dict[str, str] = {}
    for w in witnesses:
        if w.siglum in seen:
            raise WitnessError(
                f"{w.path} and {seen[w.siglum]} both have siglum {w.siglum!r}; give one a different siglum in its .toml"
            )
        seen[w.siglum] = w.path
    check_witness_texts(witnesses)


def check_base(witnesses: Sequence[Witness], settings: Settings) -> None:
    """Refuse a base witness that is not among the witnesses."""
    if settings.base is not None and settings.base not in {w.siglum for w in witnesses}:
        sigla = ", ".join(w.siglum for w in witnesses)
        raise WitnessError(f"the base witness {settings.base!r} is not among the witnesses ({sigla}); name one of them")
