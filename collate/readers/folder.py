"""The witness files of a folder, and a word about every other file in it.

A folder given on the command line contributes the files a reader claims by extension, sorted by
name. Nothing else in it is skipped silently: each other file gets one ``Warning:`` line saying
what it is and how to collate it if it was meant as a witness (a DOCX or PDF by content, with
the command that extracts its text). Files collate itself wrote there (an earlier run's TEI, HTML
report or JSON) are outputs, not witnesses: they are passed over, with a warning, so that a run
that wrote its outputs beside its witnesses does not break the next one. A ``.toml`` beside a
witness of the same stem is that witness's metadata, and read with it; subfolders are not read
(name one to collate the witnesses in it).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import warn
from .formats import document_kind

#: How collate recognises its own outputs, by extension: strings its writers put near the start
#: or the end (the JSON's keys are sorted; compact since format version 2, indented before it).
OUTPUT_SIGNS: dict[str, tuple[tuple[bytes, ...], str]] = {
    ".xml": ((b'<application ident="collate"',), "a TEI apparatus written by collate"),
    ".html": ((b'<meta name="generator" content="collate',), "an HTML report written by collate"),
    ".json": ((b'"format":"collate"', b'"format": "collate"'), "JSON written by collate"),
}

_HEAD = 65536


def folder_witnesses(folder: Path, extensions: Iterable[str]) -> list[Path]:
    """The witness files of ``folder``, sorted by name; every other entry gets a ``Warning:`` line."""
    claimed = frozenset(extensions)
    entries = sorted(folder.iterdir())
    witnesses = []
    for entry in entries:
        what = _not_a_witness(entry, claimed)
        if what is None:
            witnesses.append(entry)
        elif what:
            warn(f"{entry} {what}")
    stems = {w.stem for w in witnesses}
    for entry in entries:
        if entry.suffix.lower() == ".toml" and entry.is_file() and entry.stem not in stems:
            warn(
                f"{entry} is beside no witness of its name, so it is read as nobody's metadata; not read "
                "(a collation manifest is run as collate run FILE.toml)"
            )
    return witnesses


def _not_a_witness(entry: Path, claimed: frozenset[str]) -> str | None:
    """None for a witness file; "" for what is passed over without a word (a witness's .toml, read
    with it; a subfolder, which is not a file of this folder); else why the file is not read."""
    if entry.is_dir():
        return ""  # a folder of sources or drafts beside the witnesses: named on purpose or not at all
    if not entry.is_file():
        return "is not a regular file; not read"
    suffix = entry.suffix.lower()
    if suffix == ".toml":
        return ""
    head = _head(entry)
    sign = OUTPUT_SIGNS.get(".html" if suffix in (".htm", ".xhtml") else suffix)
    if sign and any(mark in head for mark in sign[0]):
        return f"is {sign[1]} (an earlier run's output), not a witness; not read"
    if suffix in claimed:
        return None
    document = document_kind(entry, head)
    if document:
        return f"is {document}; not read"
    return (
        f"has an extension no reader claims ({entry.suffix or 'none'}); not read (name it on the command line to "
        "read it as plain text, or give it the extension of its format: .txt, .md, .html, .xml)"
    )


def _head(path: Path) -> bytes:
    """The start and end of a file (a JSON's keys are sorted, so ``format`` stands near its end);
    all of a ZIP file (its directory is at the end), up to the size collate reads for a witness."""
    from .decode import MAX_BYTES

    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
            if head.startswith(b"PK"):
                return head + handle.read(MAX_BYTES)
            size = path.stat().st_size
            if size > 2 * _HEAD:
                handle.seek(size - _HEAD)
            return head + handle.read(_HEAD)
    except OSError:
        return b""
