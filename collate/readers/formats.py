"""Documents that are not text files, recognised by their content, with the command that extracts their text.

A historian's witnesses come as word-processor files, e-books and PDFs as often as text files.
Read as text, an RTF file would be collated with its control words (``{\\rtf1\\ansi``) and a DOCX
file would be bytes. collate reads none of these formats itself: text extraction is a choice
(which layer of a PDF, which of a document's notes and tracked changes) the editor should make
and check. So each is recognised by its content, whatever its extension, and refused (or, in a
directory, listed in a ``Warning:`` line) with the command that extracts its text:
``pdftotext`` (poppler-utils; its form feeds become page breaks) for PDF, pandoc for the others.
"""

from __future__ import annotations

import io
from pathlib import Path

#: Signatures of binary formats users mistake for text, and what to do instead (``{txt}`` is the text file to make).
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document; extract its text with pdftotext {src} {txt} and collate {txt}"),
    (b"{\\rtf", "an RTF document; extract its text with pandoc {src} -t plain -o {txt} and collate {txt}"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) or other Office file; save it as plain text ({txt}) and collate that"),
    (b"\x1f\x8b", "a gzip archive; decompress it first"),
    (b"\x89PNG", "a PNG image; transcribe or OCR it to plain text first"),
    (b"\xff\xd8\xff", "a JPEG image; transcribe or OCR it to plain text first"),
    (b"GIF8", "a GIF image; transcribe or OCR it to plain text first"),
)

#: ZIP-based documents by a member that only they hold (or their ``mimetype`` member).
ZIPPED: tuple[tuple[str, str, str], ...] = (
    ("word/document.xml", "", "a Word document (DOCX)"),
    ("mimetype", "application/vnd.oasis.opendocument.text", "an OpenDocument text (ODT)"),
    ("mimetype", "application/epub+zip", "an EPUB e-book"),
)

_PANDOC = "; extract its text with pandoc {src} -t plain -o {txt} and collate {txt}"


def document_kind(path: Path, data: bytes) -> str | None:
    """What ``data`` is, if it is a document format collate does not read, with the remedy; else None."""
    txt = path.with_suffix(".txt").name if path.suffix.lower() != ".txt" else path.stem + "-text.txt"
    for magic, what in MAGIC:
        if data.startswith(magic):
            return what.format(src=path.name, txt=txt)
    if data.startswith(b"PK\x03\x04"):
        return _zipped(data).format(src=path.name, txt=txt)
    return None


def _zipped(data: bytes) -> str:
    import zipfile  # here: only a file that starts as a ZIP archive is opened as one

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        for member, content, what in ZIPPED:
            if member in names and (not content or archive.read(member).decode("ascii", "replace").strip() == content):
                return what + _PANDOC
    except (zipfile.BadZipFile, OSError, KeyError):
        pass
    return "a ZIP archive; unpack it and collate the text files in it"
