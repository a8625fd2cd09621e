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
from dataclasses import dataclass
from collections.abc import Iterable
from pathlib import Path

from ..errors import EncodingError, InputError, TooLargeError
from ..model import Witness
from .formats import document_kind

#: The largest witness file collate reads (bytes): four times the whole King James Bible.
MAX_BYTES = 16 * 1024 * 1024

#: The largest text of all witnesses of one collation together (UTF-8 bytes). Collating takes
#: about 450 bytes of memory per byte of input at its peak, so this keeps a run near 11 GB.
MAX_TOTAL_BYTES = 24 * 1024 * 1024

# Characters XML 1.0 cannot hold (TEI output would be impossible).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The same but for the form feed, which loading turns into a page break.
_NOT_XML_BUT_FF = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
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

_UNICODE_WIDE = ("utf-16", "utf-32", "utf_16", "utf_32", "utf16", "utf32")


@dataclass(frozen=True)
class Decoded:
    """A witness file's text and how it was decoded, in words for the witness's ``preparation``."""

    text: str
    report: tuple[str, ...] = ()


def decode_file(path: Path, encoding: str | None = None) -> str:
    """Return the text of ``path``; refuse what collate could not carry through exactly."""
    text = read_text(path, encoding).text
    check_text(text, str(path), encoding)
    return text


def read_text(path: Path, encoding: str | None = None, fallback: str | None = None, origin: str = "") -> Decoded:
    """Decode ``path``: in ``encoding`` if the witness names one (``origin`` says where), else as UTF-8
    (a byte-order mark honoured), else in ``fallback`` (``--encoding``), which never re-decodes UTF-8."""
    data = read_bounded(path)
    if encoding:
        text = _decode_as(path, data, encoding, origin or f'encoding = "{encoding}" in {toml_of(path)}')
        return Decoded(text, () if codecs.lookup(encoding).name == "utf-8" else (f"decoded from {encoding}",))
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_decode_bom(path, data, codec), (f"{_bom_name(bom, codec)} byte-order mark dropped",))
    wide = _bomless_utf16(data)
    if wide is None:
        _refuse_binary(path, data)
        try:
            return Decoded(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            if not fallback:
                raise EncodingError(f"{path} is not UTF-8: byte 0x{data[exc.start]:02X} at {_place(data, exc.start)}"
                                    f"{_guess(path, data)}") from exc
    elif not fallback or codecs.lookup(fallback).name.replace("_", "-") != wide:
        raise EncodingError(
            f"{path} is UTF-16 ({'little' if wide.endswith('le') else 'big'}-endian) without a byte-order mark; "
            f'set encoding = "{wide}" in {toml_of(path)} (or pass --encoding {path}={wide})'
        )
    assert fallback is not None
    text = _decode_as(path, data, fallback, f"--encoding {fallback}")
    return Decoded(text, (f"decoded from {fallback} (--encoding: the file is not UTF-8)",))


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


def toml_of(path: Path | str) -> str:
    """The witness's own ``.toml``, where its options (``encoding`` among them) are set."""
    return str(Path(path).with_suffix(".toml"))


def _bom_name(bom: bytes, codec: str) -> str:
    if codec == "utf-8-sig":
        return "UTF-8"
    endian = "LE" if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE) else "BE"
    return f"{codec.upper()} {endian}"


def _decode_bom(path: Path, data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{path} starts with a {codec.upper().replace('-SIG', '')} byte-order mark but is not "
            f"{codec.replace('-sig', '')} (bytes at offset {exc.start}); repair the file, or set the encoding it is "
            f"in with encoding = \"...\" in {toml_of(path)}"
        ) from exc


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a byte-order mark, else None.

    The pattern: NUL bytes, all on one side of each pair (the high byte of ASCII and Latin
    characters), and the file decodes to text without control characters.
    """
    head = data[:65536]
    if b"\x00" not in head or len(head) % 2 and len(head) == len(data):
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros and not others:
            try:
                text = head[: len(head) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            if not _NOT_XML.search(text.replace("\x0c", "")):
                return codec
    return None


def _decode_as(path: Path, data: bytes, encoding: str, origin: str) -> str:
    """Decode in the encoding a witness names (``origin``: where it was named); a BOM of it is dropped."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as exc:
        raise EncodingError(
            f"{path}: unknown encoding {encoding!r} ({origin}); set encoding = \"...\" in {toml_of(path)} to a name "
            "such as utf-8, cp1252 or latin-1"
        ) from exc
    wide = codec.startswith(_UNICODE_WIDE)
    if not wide:
        _refuse_binary(path, data)
    if codec == "utf-8":
        codec = "utf-8-sig"
    elif not codec.startswith(_UNICODE_WIDE + ("utf",)) and _is_utf8(data):
        raise EncodingError(
            f"{path} is UTF-8, not {encoding}: read as {encoding} its non-ASCII characters would be garbled; "
            f"remove {origin} (UTF-8 is read without it)"
        )
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        where = _place(data, exc.start)
        raise EncodingError(
            f"{path} is not {encoding} ({origin}): byte 0x{data[exc.start]:02X} at {where}{_guess(path, data)}"
        ) from exc


def check_encoding_name(encoding: str, origin: str) -> None:
    """Refuse an encoding name Python does not know, before any file is read."""
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise EncodingError(
            f"{origin}: unknown encoding {encoding!r}; pass a name such as utf-8, cp1252 or latin-1"
        ) from exc


def _is_utf8(data: bytes) -> bool:
    """True if ``data`` is UTF-8 with some non-ASCII text: then no 8-bit encoding was meant."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(path: Path, data: bytes) -> str:
    """A hint at the encoding of a file that is not what it was said to be, the witness's .toml first."""
    toml = toml_of(path)
    if data.startswith(tuple(bom for bom, _ in _BOMS)):
        return f"; it has a Unicode byte-order mark: remove encoding from {toml} and --encoding"
    if _is_utf8(data):
        return f"; it is valid UTF-8: remove encoding from {toml} and --encoding"
    guess = _eight_bit(data)
    if guess is None:
        return f'; set encoding = "..." in {toml} to the file\'s encoding (e.g. cp1250, cp1251, mac-roman)'
    if guess == "cp1252":
        return (
            f'; if it is Windows-1252 (as files from Word and older Windows editors are), set encoding = "cp1252" in '
            f"{toml} (or pass --encoding cp1252, which applies to the witnesses that are not UTF-8)"
        )
    return (
        f'; charset-normalizer takes it for {guess}: if so, set encoding = "{guess}" in {toml} '
        f"(or pass --encoding {guess}, which applies to the witnesses that are not UTF-8)"
    )


def _eight_bit(data: bytes) -> str | None:
    """The likely 8-bit encoding of ``data``: Windows-1252 for Western European text, where the
    non-ASCII bytes are a minority of the letters; else charset-normalizer's guess (Cyrillic,
    Greek, Central European code pages), which on short Latin text is unreliable."""
    high = sum(byte >= 0x80 for byte in data)
    latin = sum(chr(byte).isalpha() for byte in data if byte < 0x80)
    try:
        data.decode("cp1252")
        western = True
    except UnicodeDecodeError:
        western = False
    if western and high <= latin:
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else ("cp1252" if western else None)


def _place(data: bytes, offset: int) -> str:
    """``line L, column C (byte offset N)`` for a byte offset, counting columns in characters."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return f"line {line}, column {column} (byte offset {offset})"


def _refuse_binary(path: Path, data: bytes) -> None:
    """Refuse binary files: documents and images by their signature, anything else by its NUL bytes."""
    what = document_kind(path, data)
    if what:
        raise InputError(f"{path} is {what}")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError(
            f"{path} is a binary file, not text (NUL byte at offset {head.index(0)}); "
            "give a plain-text, Markdown, HTML or XML witness"
        )


def check_text(text: str, where: str, encoding: str | None = None, *, form_feeds: bool = False) -> None:
    """Refuse text the outputs could not hold exactly: XML-illegal or C1 control characters.

    ``form_feeds`` admits U+000C, for a file whose form feeds loading turns into page breaks."""
    illegal = _NOT_XML if not form_feeds else _NOT_XML_BUT_FF
    bad = illegal.search(text)
    if bad:
        more = len(illegal.findall(text)) - 1
        others = f" (and {more} more such character{'s' if more > 1 else ''})" if more else ""
        raise InputError(
            f"{where}, {_text_place(text, bad.start())}: the control character U+{ord(bad.group()):04X}{others} "
            "cannot be held by XML, so no TEI apparatus could contain it; delete it (or replace it with a space) "
            "and run again"
        )
    c1 = _C1.search(text)
    if c1:
        raise EncodingError(f"{where}, {_text_place(text, c1.start())}: {_c1_advice(c1.group(), encoding, where)}")


def _c1_advice(char: str, encoding: str | None, where: str) -> str:
    try:
        meant = bytes([ord(char)]).decode("cp1252")
        meant_text = f" (in Windows-1252 the byte 0x{ord(char):02X} is {meant!r})"
    except UnicodeDecodeError:
        meant_text = ""
    head = f"the C1 control character U+{ord(char):04X}{meant_text} is the mark of Windows-1252 text read as Latin-1"
    toml = "the witness's .toml" if where.startswith("witness ") else toml_of(where)
    if encoding and codecs.lookup(encoding).name in ("iso8859-1", "latin-1"):
        return f'{head}; set encoding = "cp1252" in {toml} instead of {encoding} (or pass --encoding cp1252)'
    return f"{head}; convert the file again from cp1252 (or set encoding = \"cp1252\" in {toml} for the original file)"


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
