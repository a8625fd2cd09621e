"""The pipeline: witnesses in, a judged :class:`~collate.model.Collation` out.

tokenize (collate.tokenize) -> align (collate.align) -> one location per divergence
(collate.segments) -> classify (collate.classify).
"""

from __future__ import annotations

from collections.abc import Sequence

from .align import align
from .checks import check_base, check_witnesses
from .classify import classify
from .model import Collation, Settings, Witness
from .segments import merge_divergences
from .tokenize import tokenize

_DEFAULT_SETTINGS = Settings()  # frozen, so one shared default is safe


def collate_witnesses(witnesses: Sequence[Witness], settings: Settings = _DEFAULT_SETTINGS) -> Collation:
    """Collate ``witnesses`` (two or more, distinct sigla) as ``settings`` say."""
    witnesses = tuple(witnesses)
    check_witnesses(witnesses)
    check_base(witnesses, settings)
    tokens = tuple(tokenize(w, settings.tokenizer, settings.normalizer) for w in witnesses)
    alignment = merge_divergences(align([w.siglum for w in witnesses], tokens, settings.aligner), tokens, _para(witnesses, settings))
    variants = classify(alignment, tokens, settings)
    return Collation(witnesses, tokens, alignment, variants, settings)


def _para(witnesses: Sequence[Witness], settings: Settings) -> int:
    """The witness whose paragraphs the TEI's paragraphs follow: the base witness, or the first."""
    return [w.siglum for w in witnesses].index(settings.base) if settings.base is not None else 0


def alignment_table(collation: Collation) -> str:
    """A one-line-per-witness rendering of the alignment, for tests and quick looks.

    ``A: |the|black|cat|`` over ``B: |the| |cat|``: one cell per segment, each reading stripped
    of surrounding whitespace, an empty cell for an omission.
    """
    lines = []
    for w, witness in enumerate(collation.witnesses):
        cells = [collation.reading(s, w).strip() for s in collation.alignment.segments]
        lines.append(f"{witness.siglum}: |" + "|".join(c if c else " " for c in cells) + "|")
    return "\n".join(lines)
