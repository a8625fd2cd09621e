"""The pipeline: witnesses in, a judged :class:`~collate.model.Collation` out.

tokenize (collate.tokenize) -> align (collate.align) -> one location per divergence
(collate.segments) -> classify (collate.classify).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .align import align
from .align.nearmatch import Matching
from .checks import check_base, check_witnesses
from .classify import classify
from .classify.languages import resolve
from .gcpolicy import fewer_collections
from .model import Collation, Settings, Witness
from .segments import merge_divergences
from .tokenize import tokenize

_DEFAULT_SETTINGS = Settings()  # frozen, so one shared default is safe


def collate_witnesses(witnesses: Sequence[Witness], settings: Settings = _DEFAULT_SETTINGS) -> Collation:
    """Collate ``witnesses`` (two or more, distinct sigla) as ``settings`` say.

    The language whose rules judge the variants is ``settings.language``, else the one the
    witnesses declare (``language`` in their metadata), else a guess from their script; the
    collation's settings record the one used. Witnesses declaring different languages raise
    :class:`~collate.errors.ConfigError` unless ``settings.language`` names them.
    """
    witnesses = tuple(witnesses)
    check_witnesses(witnesses)
    check_base(witnesses, settings)
    language = resolve(witnesses, settings.language)  # the witnesses' own, unless the user sets one
    if language != settings.language:
        settings = dataclasses.replace(settings, language=language)
    with fewer_collections():  # millions of small objects, almost no cycles: collate/gcpolicy.py
        tokens = tuple(tokenize(w, settings.tokenizer, settings.normalizer) for w in witnesses)
        aligned = align([w.siglum for w in witnesses], tokens, settings.aligner, Matching(moves=settings.moves))
        alignment = merge_divergences(aligned, tokens, _para(witnesses, settings), settings.line_breaks)
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
