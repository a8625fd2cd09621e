"""JSON export of a whole collation, and reading it back.

The document is ``{"format": "collate", "version": 1, "collation": {...}}`` where the collation
object mirrors :class:`collate.model.Collation` field by field (see docs/formats.md). Reading it
back with :func:`from_json` gives an equal :class:`Collation`, with every judgement the classifier
made (:attr:`~collate.model.Variant.pairs` included), so that writers fed from a saved document
write what they would have written from the collation itself.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any

from ..errors import InputError
from ..model import Collation

FORMAT = "collate"
VERSION = 1


def to_json(collation: Collation) -> bytes:
    """Return the JSON document for ``collation`` (stable key order, trailing newline)."""
    doc = {"format": FORMAT, "version": VERSION, "collation": _plain(collation)}
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def from_json(data: bytes | str, source: str = "the JSON document") -> Collation:
    """Rebuild a :class:`Collation` from :func:`to_json` output."""
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source} is not valid JSON ({exc}); give a file written by collate --json") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"{source} is not a collate JSON document; give a file written by collate --json")
    if doc.get("version") != VERSION:
        raise InputError(f"{source} has version {doc.get('version')!r}; this collate reads version {VERSION}")
    collation = _build(Collation, doc["collation"])
    _check_pairs(collation, source)
    return collation


def _check_pairs(collation: Collation, source: str) -> None:
    """Refuse a document that lacks the classifier's judgement of some pair of readings: the
    writers only read stored judgements, and a report without them could not change its base."""
    for variant in collation.variants:
        n = len(variant.readings)
        if len(variant.pairs) != (n - 1) * (n - 2) // 2:
            raise InputError(
                f"{source} lacks the judgements of pairs of readings at {variant.id} (written by an older "
                "collate?); collate the witnesses again to write them"
            )


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _build(kind: Any, data: Any) -> Any:
    """Build a value of type ``kind`` (a model dataclass, tuple type, or scalar) from JSON data."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        return kind(**{k: _build(hints[k], v) for k, v in data.items() if k in names})
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v) for v in data)
        return tuple(_build(a, v) for a, v in zip(args, data))
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        return _build(next(a for a in args if a is not type(None)), data)
    return data
