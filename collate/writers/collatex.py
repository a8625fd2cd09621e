"""CollateX's JSON output shape: ``{"witnesses": [sigla], "table": [row per witness]}``.

As the collatex package writes it (``collate(..., output="json")``): one row per witness, in the
order of ``witnesses``; each row a list of cells, one per aligned column; a cell is ``null`` where
the witness has nothing, else the list of its token objects there. Our columns are the
collation's segments (each stretch of agreement and each variant location), so a tool that reads
CollateX's table reads ours. Tokens are ``{"t": text as in the witness, "n": the normalized form
alignment compared}``; for witnesses read from pre-tokenized CollateX input, the input's own token
objects, every field kept, each in the column where its text starts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import Collation


def to_collatex(
    collation: Collation, *, tokens: Mapping[str, Sequence[tuple[int, dict[str, Any]]]] | None = None
) -> bytes:
    """Return the collation as CollateX's JSON alignment table (UTF-8 bytes).

    ``tokens`` are a pre-tokenized input's token objects by siglum, with their offsets
    (:attr:`collate.readers.collatex.CollatexInput.tokens`).
    """
    tokens = tokens or {}
    table = [_row(collation, w, tokens.get(siglum)) for w, siglum in enumerate(collation.sigla)]
    out = {"table": table, "witnesses": list(collation.sigla)}
    return (json.dumps(out, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _row(collation: Collation, w: int, given: Sequence[tuple[int, dict[str, Any]]] | None) -> list:
    toks = collation.tokens[w]
    text_end = len(collation.witnesses[w].text)
    row: list[list[dict[str, Any]] | None] = []
    k = 0  # next given token
    for segment in collation.alignment.segments:
        start, end = segment.spans[w]
        if start == end:
            row.append(None)
            continue
        if given is None:
            row.append([{"n": t.norm, "t": t.text} for t in toks[start:end]])
            continue
        hi = toks[end].offset if end < len(toks) else text_end + 1
        cell = []
        while k < len(given) and given[k][0] < hi:
            cell.append(given[k][1])
            k += 1
        row.append(cell or None)
    if given is not None and k < len(given):  # tokens of only whitespace after the last word
        last = next(i for i in range(len(row) - 1, -1, -1) if row[i] is not None)
        row[last] = [*row[last], *(t for _, t in given[k:])]
    return row
