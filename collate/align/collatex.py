"""The one module that talks to CollateX.

CollateX 2.3 mutates the dictionaries it is given, returns different types depending on a
string flag and imports ``Levenshtein`` without declaring it. Everything of that stays here: we
build fresh pretokenized input, ask for one output shape (the alignment table, unsegmented) and
turn it at once into plain columns of token indices.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

#: One aligned column: for each witness, the half-open range of its token indices there.
Column = tuple[tuple[int, int], ...]


def collatex_columns(norms: Sequence[Sequence[str]]) -> list[Column]:
    """Align token sequences (their normalized forms) with CollateX; return columns in order.

    Each witness's tokens are covered exactly once, in order, across the columns. Witnesses with
    no tokens take no part and get empty ranges.
    """
    collate = _collate()
    present = [i for i, seq in enumerate(norms) if len(seq)]
    if len(present) < 2:
        return _trivial(norms)
    data = {
        "witnesses": [
            {"id": f"w{i:04d}", "tokens": [{"t": n or "\u2205", "n": n or "\u2205", "i": k} for k, n in enumerate(norms[i])]}
            for i in present
        ]
    }
    table = collate(data, output="table", segmentation=False, near_match=False)
    rows = {int(row.header[1:]): row.cells for row in table.rows}
    width = len(next(iter(rows.values())))
    cursor = [0] * len(norms)
    columns: list[Column] = []
    for c in range(width):
        spans = []
        for w in range(len(norms)):
            cell = rows[w][c] if w in rows else None
            start = cursor[w]
            if cell:
                indices = sorted(tok.token_data["i"] for tok in cell)
                if indices != list(range(start, start + len(indices))):
                    raise AssertionError("CollateX returned tokens out of order")
                cursor[w] = start + len(indices)
            spans.append((start, cursor[w]))
        columns.append(tuple(spans))
    if cursor != [len(seq) for seq in norms]:
        raise AssertionError("CollateX dropped tokens")
    return columns


def _collate():
    """CollateX's ``collate``, imported on first use (only this module touches CollateX).

    CollateX's package imports IPython, when it happens to be installed, for notebook display we
    never use: a third of a second of start-up. It is hidden for the import and restored at once.
    """
    if "collatex" in sys.modules or "IPython" in sys.modules:
        from collatex import collate

        return collate
    sys.modules["IPython"] = None  # type: ignore[assignment]  # its import fails; CollateX goes on
    try:
        from collatex import collate
    finally:
        del sys.modules["IPython"]
    return collate


def _trivial(norms: Sequence[Sequence[str]]) -> list[Column]:
    """The alignment of at most one non-empty witness: one column holding everything."""
    if not any(len(seq) for seq in norms):
        return []
    return [tuple((0, len(seq)) for seq in norms)]
