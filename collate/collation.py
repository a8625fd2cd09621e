"""The pipeline: witnesses in, a judged :class:`~collate.model.Collation` out.

tokenize (collate.tokenize) -> align (collate.align) -> classify (collate.classify).
"""

from __future__ import annotations

from typing import Sequence

from .align import align
from .classify import classify
from .errors import WitnessError
from .model import Collation, Settings, Witness
from .readers import check_witnesses
from .tokenize import tokenize


def collate_witnesses(witnesses: Sequence[Witness], settings: Settings = Settings()) -> Collation:
    """Collate ``witnesses`` (two or more, distinct sigla) as ``settings`` say."""
    witnesses = tuple(witnesses)
    check_witnesses(witnesses)
    if settings.base is not None and settings.base not in {w.siglum for w in witnesses}:
        sigla = ", ".join(w.siglum for w in witnesses)
        raise WitnessError(f"the base witness {settings.base!r} is not among the witnesses ({sigla}); name one of them")
    tokens = tuple(tokenize(w, settings.tokenizer, settings.normalizer) for w in witnesses)
    alignment = align([w.siglum for w in witnesses], tokens, settings.aligner)
    variants = classify(alignment, tokens)
    return Collation(witnesses, tokens, alignment, variants, settings)
