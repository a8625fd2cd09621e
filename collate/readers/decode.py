"""Decoding witness files, and the checks that keep a witness whole from file to apparatus.

A witness is read as UTF-8 by default; a byte-order mark (UTF-8, UTF-16, UTF-32) is honoured and
dropped, as it is a signature of the encoding, not text. Anything collate could not carry through
to every output exactly is refused with a message naming the file, the place and the remedy,
never repaired silently:

- bytes that are not in the expected encoding (with a guess at the right ``--encoding``);
- binary files (PDF, word-processor files, images: anything with NUL bytes);
- characters XML 1.0 cannot hold (C0 controls other than tab, line feed and carriage return,
  U+FFFE, U+FFFF): the TEI apparatus could not contain them;
- C1 control characters (U+0080 to U+009F), which in a witness are always the trace of
  Windows-1252 text read as Latin-1 (the em dash 0x97 becomes U+0097);
- witnesses too large to collate in memory (:data:`MAX_BYTES`, :data:`MAX_TOTAL_BYTES`; the
  figures behind them are in docs/errors.md).
"""

from __future__ import annotations

import codecs
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from ..errors import EncodingError, InputError, TooLargeError
from ..model import Witness

#: The largest witness file collate reads (bytes): four times the whole King James Bible.
MAX_BYTES = 16 * 1024 * 1024

#: The largest text of all witnesses of one collation together (UTF-8 bytes). Collating takes
#: about 450 bytes of memory per byte of input at its peak, so this keeps a run near 11 GB.
MAX_TOTAL_BYTES = 24 * 1024 * 1024

# Characters XML 1.0 cannot hold (TEI output would be impossible).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# C1 controls: legal in XML, but in a witness the mark of a wrong decoding.
_C1 = re.compile("[\x80-\x9f]")

# Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of binary formats users mistake for text, and what to do instead.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document; extract its text (e.g. pdftotext) and collate the text file"),
    (b"PK\x03\x04", "a ZIP archive (as .docx and .odt files are); save the document as plain text"),
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) or other Office file; save the document as plain text"),
    (b"\x1f\x8b", "a gzip archive; decompress it first"),
    (b"\x89PNG", "a PNG image; transcribe or OCR it to plain text first"),
    (b"\xff\xd8\xff", "a JPEG image; transcribe or OCR it to plain text first"),
    (b"GIF8", "a GIF image; transcribe or OCR it to plain text first"),
)

_UNICODE_WIDE = ("utf-16", "utf-32", "utf_16", "utf_32", "utf16", "utf32")


def decode_file(path: Path, encoding: str | None = None) -> str:
    """Return the text of ``path``; refuse what collate could not carry through exactly."""
    data = read_bounded(path)
    if encoding:
        text = _decode_as(path, data, encoding)
    else:
        text = _decode_sniffed(path, data)
    check_text(text, str(path), encoding)
    return text


def read_bounded(path: Path) -> bytes:
    """Read at most :data:`MAX_BYTES` of ``path``, so that no file (nor ``/dev/zero``) can exhaust memory."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a directory; name the witness files in it")
        if info.st_size > MAX_BYTES:
            raise _too_large(path, info.st_size)
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist; check the path") from exc
    except PermissionError as exc:
        raise InputError(f"{path} cannot be read (permission denied); make it readable") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{path} is a directory; name the witness files in it") from exc
    except OSError as exc:
        raise InputError(f"{path} cannot be read ({exc.strerror}); check the file") from exc
    if len(data) > MAX_BYTES:
        raise _too_large(path, None)
    return data


def _too_large(path: Path, size: int | None) -> TooLargeError:
    what = f"is {size:,} bytes, more than" if size is not None else "is larger than"
    return TooLargeError(
        f"{path} {what} the {MAX_BYTES:,} bytes ({MAX_BYTES / 2**20:g} MiB) collate reads for one witness; "
        "split the witness into parts (chapters) and collate each part"
    )


def _decode_as(path: Path, data: bytes, encoding: str) -> str:
    """Decode with the encoding the user named; a BOM of that encoding is dropped."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise EncodingError(
            f"{path}: unknown encoding {encoding!r}; pass a name such as utf-8, cp1252 or latin-1"
        ) from exc
    _refuse_binary(path, data, wide=codec.startswith(_UNICODE_WIDE))
    if codec == "utf-8":
        codec = "utf-8-sig"
    elif not codec.startswith(_UNICODE_WIDE + ("utf",)) and _is_utf8(data):
        raise EncodingError(
            f"{path} is UTF-8, not {encoding}: read as {encoding} its non-ASCII characters would be garbled; "
            f'leave out --encoding for it, and set encoding = "{encoding}" only in the .toml of the witnesses '
            "that need it"
        )
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        where = _place(data, exc.start)
        raise EncodingError(
            f"{path} is not {encoding}: byte 0x{data[exc.start]:02X} at {where}; "
            f"check the file's encoding and pass it with --encoding{_guess(data)}"
        ) from exc


def _decode_sniffed(path: Path, data: bytes) -> str:
    """Decode by byte-order mark if there is one, else as UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise EncodingError(
                    f"{path} starts with a {codec.upper().replace('-SIG', '')} byte-order mark but is not "
                    f"{codec.replace('-sig', '')} (bytes at offset {exc.start}); repair the file or pass --encoding"
                ) from exc
    _refuse_binary(path, data, wide=False)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        where = _place(data, exc.start)
        hint = _guess(data) or "; pass --encoding with the file's encoding"
        raise EncodingError(f"{path} is not UTF-8: byte 0x{data[exc.start]:02X} at {where}{hint}") from exc


def _is_utf8(data: bytes) -> bool:
    """True if ``data`` is UTF-8 with some non-ASCII text: then no 8-bit encoding was meant."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(data: bytes) -> str:
    """A hint at the encoding of a file that is not what it was said to be."""
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return "; it has a Unicode byte-order mark: leave out --encoding"
    try:
        data.decode("utf-8")
        return "; it is valid UTF-8: leave out --encoding"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "; pass --encoding with the file's encoding (e.g. cp1250, cp1251, mac-roman)"
    return (
        "; if it is Windows-1252 (as files from Word and older Windows editors are), pass --encoding cp1252, "
        'or set encoding = "cp1252" in the witness\'s .toml'
    )


def _place(data: bytes, offset: int) -> str:
    """``line L, column C (byte offset N)`` for a byte offset, counting columns in characters."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {column} (byte offset {offset})"


def _refuse_binary(path: Path, data: bytes, *, wide: bool) -> None:
    """Refuse binary files: known signatures by name, anything else by its NUL bytes."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{path} is {what}")
    head = data[:8192]
    if wide or b"\x00" not in head:
        return
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 4 and even == 0:
        hint = "; if it is UTF-16 text without a byte-order mark, pass --encoding utf-16-le"
    elif even > len(head) // 4 and odd == 0:
        hint = "; if it is UTF-16 text without a byte-order mark, pass --encoding utf-16-be"
    else:
        hint = "; give a plain-text, Markdown, HTML or TEI witness"
    raise InputError(f"{path} is a binary file, not text (NUL byte at offset {head.index(0)}){hint}")


def check_text(text: str, where: str, encoding: str | None = None) -> None:
    """Refuse text the outputs could not hold exactly: XML-illegal or C1 control characters."""
    bad = _NOT_XML.search(text)
    if bad:
        more = len(_NOT_XML.findall(text)) - 1
        others = f" (and {more} more such character{'s' if more > 1 else ''})" if more else ""
        raise InputError(
            f"{where}, {_text_place(text, bad.start())}: the control character U+{ord(bad.group()):04X}{others} "
            "cannot be held by XML, so no TEI apparatus could contain it; delete it (or replace it with a space) "
            "and run again"
        )
    c1 = _C1.search(text)
    if c1:
        raise EncodingError(f"{where}, {_text_place(text, c1.start())}: {_c1_advice(c1.group(), encoding)}")


def _c1_advice(char: str, encoding: str | None) -> str:
    try:
        meant = bytes([ord(char)]).decode("cp1252")
        meant_text = f" (in Windows-1252 the byte 0x{ord(char):02X} is {meant!r})"
    except UnicodeDecodeError:
        meant_text = ""
    head = f"the C1 control character U+{ord(char):04X}{meant_text} is the mark of Windows-1252 text read as Latin-1"
    if encoding and codecs.lookup(encoding).name in ("iso8859-1", "latin-1"):
        return f"{head}; pass --encoding cp1252 instead of {encoding}"
    return f"{head}; convert the file again from cp1252 (or pass --encoding cp1252 on the original file)"


def _text_place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def check_witness_texts(witnesses: Iterable[Witness]) -> None:
    """Refuse witnesses (however made: files or the library) the outputs could not hold or memory could not."""
    witnesses = tuple(witnesses)
    for witness in witnesses:
        check_text(witness.text, witness.path or f"witness {witness.siglum!r}")
    total = sum(len(w.text.encode("utf-8", errors="surrogatepass")) for w in witnesses)
    if total > MAX_TOTAL_BYTES:
        sigla = ", ".join(w.siglum for w in witnesses)
        raise TooLargeError(
            f"the witnesses {sigla} hold {total:,} bytes of text together, more than the {MAX_TOTAL_BYTES:,} bytes "
            f"({MAX_TOTAL_BYTES / 2**20:g} MiB) collate collates at once (about 450 bytes of memory per byte of text); "
            "split them into parts (chapters) and collate each part"
        )
