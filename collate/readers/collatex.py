"""CollateX's JSON input: ``{"witnesses": [{"id": ..., "content": ...}]}``, or pre-tokenized,
``{"witnesses": [{"id": ..., "tokens": [{"t": ..., "n": ..., ...}]}]}``.

This is the field's exchange format for witnesses (CollateX's documentation, "JSON input"): a
file an editor already has for CollateX collates here as it is. A content witness's text is its
``content``; a tokenized witness's text is its tokens' ``t`` joined, with one space between two
tokens where neither has whitespace of its own at the join (CollateX joins them so too). The
token objects are kept as they are, every field included, with their offsets in the witness text,
so that the CollateX-shaped output (:mod:`collate.writers.collatex`) gives them back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Witness


@dataclass(frozen=True)
class CollatexInput:
    """The witnesses of a CollateX input file and, for pre-tokenized ones, their token objects
    as ``(offset in the witness text, token)`` by siglum."""

    witnesses: tuple[Witness, ...]
    tokens: dict[str, tuple[tuple[int, dict[str, Any]], ...]] = field(default_factory=dict)


def is_collatex_input(path: str | Path) -> bool:
    """True if ``path`` is a ``.json`` file: the command line reads it as CollateX input."""
    return Path(path).suffix.lower() == ".json"


def read_collatex(path: str | Path) -> CollatexInput:
    """Read a CollateX JSON input file; refuse anything else with the file and the remedy."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist; check the path")
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 (byte offset {exc.start}); CollateX JSON input is UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}, line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg}); fix the file") from exc
    entries = data.get("witnesses") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(f'{path}: not CollateX input; it needs {{"witnesses": [{{"id": ..., "content": ...}}, ...]}}')
    witnesses, tokens = [], {}
    for k, entry in enumerate(entries):
        witness, toks = _witness(path, k, entry)
        witnesses.append(witness)
        if toks is not None:
            tokens[witness.siglum] = toks
    return CollatexInput(tuple(witnesses), tokens)


def _witness(path: Path, k: int, entry: Any) -> tuple[Witness, tuple | None]:
    where = f"{path}: witness {k + 1}"
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"].strip():
        raise InputError(f'{where} has no "id"; give every witness an "id" string')
    siglum = entry["id"]
    meta = (("source", f"witness {siglum!r} of the CollateX input {path.name}"),)
    if isinstance(entry.get("content"), str):
        return Witness(siglum, entry["content"], meta, path=str(path), reader="collatex"), None
    if not isinstance(entry.get("tokens"), list):
        raise InputError(f'{where} ({siglum}) has neither "content" nor "tokens"; give it one of them')
    text, placed = _join(where, entry["tokens"])
    return Witness(siglum, text, meta, path=str(path), reader="collatex"), placed


def _join(where: str, tokens: list) -> tuple[str, tuple[tuple[int, dict[str, Any]], ...]]:
    """The witness text of pre-tokenized input and each token's offset in it."""
    parts: list[str] = []
    placed = []
    length = 0
    for i, token in enumerate(tokens):
        if not isinstance(token, dict) or not isinstance(token.get("t", token.get("n")), str):
            raise InputError(f'{where}, token {i + 1}: a token needs a "t" (or "n") string')
        t = token.get("t", token.get("n"))
        if parts and parts[-1][-1:].strip() and t[:1].strip():
            parts.append(" ")
            length += 1
        placed.append((length, token))
        parts.append(t)
        length += len(t)
    return "".join(parts), tuple(placed)
