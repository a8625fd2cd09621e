"""JSON export of a whole collation, and reading it back.

The document is ``{"collation": {...}, "format": "collate", "version": 2}`` where the collation
object mirrors :class:`collate.model.Collation` field by field, except that each token is an
array ``[text, norm, offset, rend]`` (see docs/formats.md). Reading it back with
:func:`from_json` gives an equal :class:`Collation`, with every judgement the classifier made
(:attr:`~collate.model.Variant.pairs` included) and the moves the aligner found
(:attr:`~collate.model.Alignment.moves`), so that writers fed from a saved document write
what they would have written from the collation itself. Version 1 (tokens as objects) is read too.

The document is compact by default (no indentation, through the standard library's C encoder)
and written piece by piece, so that no second copy of the whole collation is built as Python
objects: a witness's tokens or a thousand variant locations at a time. ``indent`` gives an
indented document for people to read.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..model import Collation, Token

FORMAT = "collate"
VERSION = 2
#: The versions :func:`from_json` reads: 1 wrote tokens as objects.
READS = (1, 2)
#: Variant locations (or segments) converted and encoded at a time.
CHUNK = 1000

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def to_json(collation: Collation, *, indent: int | None = None) -> bytes:
    """Return the JSON document for ``collation`` (sorted keys, trailing newline).

    ``indent`` (spaces) writes an indented document for people, through the slower pure-Python
    encoder; by default the document is compact.
    """
    if indent is not None:
        doc = {"format": FORMAT, "version": VERSION, "collation": _collation_plain(collation)}
        return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=indent) + "\n").encode("utf-8")
    return b"".join(piece.encode("utf-8") for piece in _pieces(collation))


def _pieces(collation: Collation) -> Iterator[str]:
    """The compact document as consecutive strings, each field's value encoded on its own.

    The keys come in sorted order, as ``sort_keys`` would put them, so the document is the one
    ``json.dumps(..., sort_keys=True, separators=(",", ":"))`` writes of the whole.
    """
    encode = _ENCODER.encode
    yield '{"collation":{"alignment":{"moves":' + encode(_plain(collation.alignment.moves))
    yield ',"segments":'
    yield from _array(collation.alignment.segments, lambda s: {"spans": s.spans})
    yield ',"sigla":' + encode(collation.alignment.sigla) + "}"
    yield ',"settings":' + encode(_plain(collation.settings))
    yield ',"tokens":['
    for w, tokens in enumerate(collation.tokens):
        yield ("," if w else "") + encode([_token(t) for t in tokens])
    yield '],"variants":'
    yield from _array(collation.variants, _plain)
    yield ',"witnesses":'
    yield from _array(collation.witnesses, _plain)
    yield '},"format":' + encode(FORMAT) + ',"version":' + encode(VERSION) + "}\n"


def _array(items: typing.Sequence[Any], plain: typing.Callable[[Any], Any]) -> Iterator[str]:
    """A JSON array of ``items``, converted and encoded ``CHUNK`` at a time."""
    yield "["
    for start in range(0, len(items), CHUNK):
        text = _ENCODER.encode([plain(item) for item in items[start : start + CHUNK]])
        yield ("," if start else "") + text[1:-1]
    yield "]"


def _token(token: Token) -> tuple[str, str, int, tuple[str, ...]]:
    return (token.text, token.norm, token.offset, token.rend)


def _collation_plain(collation: Collation) -> dict[str, Any]:
    plain = {name: _plain(getattr(collation, name)) for name in _names(Collation) if name != "tokens"}
    plain["tokens"] = [[_token(t) for t in tokens] for tokens in collation.tokens]
    return plain


def from_json(data: bytes | str, source: str = "the JSON document") -> Collation:
    """Rebuild a :class:`Collation` from :func:`to_json` output (version 2, or 1)."""
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(f"{source} is not valid JSON ({exc}); give a file written by collate --json") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(f"{source} is not a collate JSON document; give a file written by collate --json")
    if doc.get("version") not in READS:
        raise InputError(
            f"{source} has version {doc.get('version')!r}; this collate reads versions {', '.join(map(str, READS))}"
        )
    fields = dict(doc["collation"])
    if isinstance(fields.get("settings"), dict):  # written before the setting: line breaks were variants
        fields["settings"] = {"line_breaks": "variant", **fields["settings"]}
    raw_tokens = fields.pop("tokens")
    collation = _build(Collation, {**fields, "tokens": []})
    if doc["version"] == 1:
        tokens = _build(typing.get_type_hints(Collation)["tokens"], raw_tokens)
    else:
        tokens = tuple(tuple(Token(t[0], t[1], t[2], tuple(t[3])) for t in witness) for witness in raw_tokens)
    collation = dataclasses.replace(collation, tokens=tokens)
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


@functools.cache
def _names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class (``dataclasses.fields`` is slow)."""
    return tuple(f.name for f in dataclasses.fields(kind))


def _plain(value: Any) -> Any:
    """A model value as JSON data: dataclasses as objects, tuples as arrays."""
    if dataclasses.is_dataclass(value):
        return {name: _plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _build(kind: Any, data: Any) -> Any:
    """Build a value of type ``kind`` (a model dataclass, tuple type, or scalar) from JSON data."""
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = set(_names(kind))
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
