"""Decoding witness files: UTF-8 (with or without BOM) by default, refused clearly otherwise."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import EncodingError, InputError, TooLargeError

#: The largest witness file collate reads (bytes): far beyond any book, far below memory.
MAX_BYTES = 64 * 1024 * 1024

# Characters XML 1.0 cannot hold (TEI output would be impossible).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def decode_file(path: Path, encoding: str | None = None) -> str:
    """Return the text of ``path``; refuse binary files and text that cannot be decoded."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TooLargeError(
                f"{path} is {size:,} bytes, more than the {MAX_BYTES:,} bytes collate reads; split the witness into parts"
            )
        data = path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory; name the witness files in it") from exc
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist; check the path") from exc
    except PermissionError as exc:
        raise InputError(f"{path} cannot be read (permission denied); make it readable") from exc
    if b"\x00" in data[:8192] and not (encoding or "").lower().startswith("utf-16"):
        raise InputError(f"{path} is a binary file, not text; give a plain-text, Markdown, HTML or TEI witness")
    text = _decode(path, data, encoding)
    bad = _NOT_XML.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(
            f"{path} contains the control character U+{ord(bad.group()):04X} (line {line}), which XML cannot hold; remove it"
        )
    return text


def _decode(path: Path, data: bytes, encoding: str | None) -> str:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise EncodingError(f"{path}: unknown encoding {encoding!r}; pass a name such as utf-8 or cp1252") from exc
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{path} is not {encoding} (byte 0x{data[exc.start]:02X} at offset {exc.start})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = "pass --encoding with the file's encoding"
        try:
            data.decode("cp1252")
            hint = "if it is Windows-1252, pass --encoding cp1252"
        except UnicodeDecodeError:
            pass
        raise EncodingError(f"{path} is not UTF-8 (byte 0x{data[exc.start]:02X} at offset {exc.start}); {hint}") from exc
