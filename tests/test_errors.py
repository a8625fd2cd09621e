"""Bad input gets one clear ``Error:`` line, a documented exit code and no output; awkward but
valid input is collated without a character lost; an interrupted run harms no earlier output.

Every refusal runs the real command line (click's CliRunner) with all three outputs requested,
and checks the exact message, the exit code, that there is no traceback, and that the output
directory holds nothing afterwards: no output file and no temporary ``.part`` file.
The exit codes are the table in README.md ("Exit codes") and docs/errors.md.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree, html

from collate import Witness, collate_witnesses, load_witnesses, render
from collate.cli import main
from collate.errors import EncodingError, InputError, TooLargeError
from collate.readers import decode
from collate.writers import WRITERS
from collate.writers.json import from_json
from collate.writers.tei import TEI_NS, witness_text

from .conftest import DATA, ROOT, assert_valid_tei

DARWIN = DATA / "bench" / "darwin"
_T = f"{{{TEI_NS}}}"


# -- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory for the outputs of a run."""
    path = tmp_path / "out"
    path.mkdir()
    return path


def outputs(out: Path) -> list[str]:
    return ["--tei", str(out / "c.xml"), "--html", str(out / "c.html"), "--json", str(out / "c.json")]


def run(*args: object) -> Result:
    return CliRunner().invoke(main, ["run", *map(str, args)])


def witness(directory: Path, name: str, data: bytes | str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_refused(
    result: Result, message: str, code: int, out: Path | None = None, warnings: list[str] = ()
) -> None:
    """One ``Error:`` line (after the ``Warning:`` lines given), the exit code, no traceback, and
    (if ``out``) nothing written there."""
    assert result.exit_code == code, result.output
    assert result.stderr.splitlines() == [*warnings, f"Error: {message}"]
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    if out is not None:
        assert sorted(p.name for p in out.iterdir()) == []


def no_part_files(directory: Path) -> bool:
    return not any(p.name.endswith(".part") for p in directory.rglob("*"))


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two good witnesses."""
    w = tmp_path / "w"
    return (
        witness(w, "a.txt", "The origin of species by means of natural selection.\n"),
        witness(w, "b.txt", "On the origin of species by natural selection.\n"),
    )


# -- refused: each with its message, exit code and no output ------------------------------------


def test_missing_witness_file(tmp_path, pair, out):
    missing = tmp_path / "w" / "c.txt"
    result = run(*pair, missing, *outputs(out))
    assert_refused(result, f"{missing} does not exist; check the path", 3, out)


def test_directory_without_witness_files(tmp_path, out):
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / "notes.pdfx").write_text("not a witness")
    result = run(empty, *outputs(out))
    kinds = ".htm, .html, .markdown, .md, .tei, .text, .txt, .xhtml, .xml"
    warning = (
        f"Warning: {empty / 'notes.pdfx'} has an extension no reader claims (.pdfx); not read (name it on the "
        "command line to read it as plain text, or give it the extension of its format: .txt, .md, .html, .xml)"
    )
    message = f"{empty} holds no witness files ({kinds}); put the witnesses there or name them"
    assert_refused(result, message, 3, out, warnings=[warning])


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n\n  "], ids=["empty", "whitespace-only"])
def test_empty_witness(tmp_path, pair, out, content):
    blank = witness(tmp_path / "w", "c.txt", content)
    result = run(*pair, blank, *outputs(out))
    assert_refused(result, f"{blank} has no text to collate; remove it or fill it", 5, out)


def test_single_witness(pair, out):
    result = run(pair[0], *outputs(out))
    assert_refused(result, f"{pair[0]}: collation needs at least two witnesses; name another witness file", 5, out)


def test_single_witness_in_a_directory(tmp_path, out):
    only = witness(tmp_path / "one", "a.txt", "A lonely text.")
    result = run(tmp_path / "one", *outputs(out))
    assert_refused(result, f"{only}: collation needs at least two witnesses; name another witness file", 5, out)


def test_duplicate_sigla(tmp_path, pair, out):
    twin = witness(tmp_path / "other", "a.txt", "Another text with the same name.")
    result = run(*pair, twin, *outputs(out))
    message = f"{twin} and {pair[0]} both have siglum 'a'; give one a different siglum in its .toml"
    assert_refused(result, message, 5, out)


WINDOWS_1252 = "The origin\u2014of species, \u201cnatural\u201d selection: caf\u00e9.\n".encode("cp1252")


def test_windows_1252_witness_is_refused_with_the_encoding_to_pass(tmp_path, pair, out):
    cp = witness(tmp_path / "w", "c.txt", WINDOWS_1252)
    result = run(*pair, cp, *outputs(out))
    message = (
        f"{cp} is not UTF-8: byte 0x97 at line 1, column 11 (byte offset 10); if it is Windows-1252 (as files "
        f'from Word and older Windows editors are), set encoding = "cp1252" in {cp.with_suffix(".toml")} (or pass '
        "--encoding cp1252, which applies to the witnesses that are not UTF-8)"
    )
    assert_refused(result, message, 4, out)


def test_windows_1252_witness_read_with_the_encoding_named(tmp_path, pair, out):
    cp = witness(tmp_path / "w", "c.txt", WINDOWS_1252)
    (tmp_path / "w" / "c.toml").write_text('[witness]\nencoding = "cp1252"\n')
    result = run(*pair, cp, *outputs(out))
    assert result.exit_code == 0, result.output
    tei = (out / "c.xml").read_bytes()
    assert witness_text(tei, "c") == WINDOWS_1252.decode("cp1252")
    assert "\u2014" in witness_text(tei, "c")


def test_encoding_applies_only_to_the_witnesses_that_are_not_utf8(tmp_path, out):
    """--encoding cp1252 decodes the Windows-1252 file; the UTF-8 partner is still read as UTF-8."""
    utf8 = witness(tmp_path / "w", "a.txt", "The caf\u00e9 \u2014 open.\n")
    cp = witness(tmp_path / "w", "b.txt", WINDOWS_1252)
    result = run(utf8, cp, "--encoding", "cp1252", *outputs(out))
    assert result.exit_code == 0, result.output
    tei = (out / "c.xml").read_bytes()
    assert witness_text(tei, "a") == "The caf\u00e9 \u2014 open.\n"
    assert witness_text(tei, "b") == WINDOWS_1252.decode("cp1252")
    back = from_json((out / "c.json").read_bytes())
    assert dict(back.witnesses[1].meta)["preparation"] == "decoded from cp1252 (--encoding: the file is not UTF-8)"
    assert "preparation" not in dict(back.witnesses[0].meta)


def test_utf8_witness_whose_toml_names_windows_1252_is_refused(tmp_path, out):
    """A UTF-8 file read as cp1252 would be garbled: its own encoding setting is refused, not obeyed."""
    utf8 = witness(tmp_path / "w", "a.txt", "The caf\u00e9 \u2014 open.\n")
    toml = tmp_path / "w" / "a.toml"
    toml.write_text('[witness]\nencoding = "cp1252"\n')
    other = witness(tmp_path / "w", "b.txt", "The cafe, open.\n")
    result = run(utf8, other, *outputs(out))
    message = (
        f"{utf8} is UTF-8, not cp1252: read as cp1252 its non-ASCII characters would be garbled; remove "
        f'encoding = "cp1252" in {toml} (UTF-8 is read without it)'
    )
    assert_refused(result, message, 4, out)


def test_windows_1252_read_as_latin_1_is_refused(tmp_path, pair, out):
    """Latin-1 decodes every byte, turning the 0x97 dash into the invisible control U+0097."""
    cp = witness(tmp_path / "w", "c.txt", WINDOWS_1252)
    result = run(pair[0], cp, "--encoding", "latin-1", *outputs(out))
    message = (
        f"{cp}, line 1, column 11: the C1 control character U+0097 (in Windows-1252 the byte 0x97 is '\u2014') "
        f'is the mark of Windows-1252 text read as Latin-1; set encoding = "cp1252" in {cp.with_suffix(".toml")} '
        "instead of latin-1 (or pass --encoding cp1252)"
    )
    assert_refused(result, message, 4, out)


def test_unknown_encoding(pair, out):
    result = run(*pair, "--encoding", "klingon", *outputs(out))
    assert_refused(result, "--encoding: unknown encoding 'klingon'; pass a name such as utf-8, cp1252 or latin-1", 4, out)


def test_wrong_encoding_named(tmp_path, pair, out):
    cp = witness(tmp_path / "w", "c.txt", WINDOWS_1252)
    result = run(cp, pair[0], "--encoding", "ascii", *outputs(out))
    message = (
        f"{cp} is not ascii (--encoding ascii): byte 0x97 at line 1, column 11 (byte offset 10); if it is "
        f'Windows-1252 (as files from Word and older Windows editors are), set encoding = "cp1252" in '
        f'{cp.with_suffix(".toml")} (or pass --encoding cp1252, which applies to the witnesses that are not UTF-8)'
    )
    assert_refused(result, message, 4, out)


@pytest.mark.parametrize(
    "data, what",
    [
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "a PDF document; extract its text with pdftotext c.txt c-text.txt and collate c-text.txt",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive; unpack it and collate the text files in it"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image; transcribe or OCR it to plain text first"),
        (
            b"\x7fELF\x02\x01\x01\x00\x00\x00",
            "a binary file, not text (NUL byte at offset 7); give a plain-text, Markdown, HTML or XML witness",
        ),
    ],
    ids=["pdf", "zip", "png", "executable"],
)
def test_binary_witness(tmp_path, pair, out, data, what):
    binary = witness(tmp_path / "w", "c.txt", data)
    result = run(*pair, binary, *outputs(out))
    assert_refused(result, f"{binary} is {what}", 3, out)


@pytest.mark.parametrize(
    "text, place, char",
    [
        ("Natural\x0bselection.\n", "line 1, column 8", "U+000B"),  # a vertical tab (form feeds are page breaks)
        ("Natural\nselec\x08tion\x01.\n", "line 2, column 6", "U+0008 (and 1 more such character)"),  # backspace
        ("Natural\n\n  selection\x1b[0m.\n", "line 3, column 12", "U+001B"),  # a terminal colour code
    ],
    ids=["vertical-tab", "backspace-and-more", "escape"],
)
def test_characters_xml_cannot_hold(tmp_path, pair, out, text, place, char):
    bad = witness(tmp_path / "w", "c.txt", text)
    result = run(*pair, bad, *outputs(out))
    message = (
        f"{bad}, {place}: the control character {char} cannot be held by XML, so no TEI apparatus could "
        "contain it; delete it (or replace it with a space) and run again"
    )
    assert_refused(result, message, 3, out)


def test_characters_xml_cannot_hold_from_a_reader(tmp_path, pair, out):
    """Text a reader produced (an HTML character reference) is checked as well as the file."""
    page = witness(tmp_path / "w", "c.html", "<html><body><p>Natural &#1; selection.</p></body></html>")
    result = run(*pair, page, *outputs(out))
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"Error: {page}, line 1, column 9: the control character U+0001")
    assert sorted(out.iterdir()) == []


def test_library_witness_with_a_control_character():
    with pytest.raises(InputError, match=r"witness 'B', line 1, column 4: the control character U\+0007"):
        collate_witnesses([Witness("A", "one two"), Witness("B", "one\x07two")])


# -- unwritable outputs ----------------------------------------------------------------------------


def test_output_directory_missing(tmp_path, pair):
    target = tmp_path / "nowhere" / "c.xml"
    result = run(*pair, "--tei", target)
    message = f"cannot write {target}: the directory {target.parent} does not exist; create it first"
    assert_refused(result, message, 7)
    assert not (tmp_path / "nowhere").exists()


def test_output_is_a_directory(tmp_path, pair, out):
    result = run(*pair, "--tei", out)
    assert_refused(result, f"{out} is a directory; give a file name for the output", 7, out)


def test_output_inside_a_file(tmp_path, pair):
    target = pair[0] / "c.xml"
    result = run(*pair, "--tei", target)
    assert_refused(result, f"cannot write {target}: {pair[0]} is a file, not a directory; choose another location", 7)


def test_output_refused_by_the_system(pair):
    """A directory that exists but takes no files, even from root (sysfs); the system's reason is
    passed on."""
    target = Path("/sys/c.xml")
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    except OSError as exc:
        reason = exc.strerror
    else:  # pragma: no cover - a writable /sys would be a strange system
        target.unlink()
        pytest.skip("/sys takes files here")
    result = run(*pair, "--tei", target)
    assert_refused(result, f"cannot write {target}: {reason}; choose a writable location", 7)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only directory")
def test_output_directory_read_only(tmp_path, pair, out):
    out.chmod(0o555)
    try:
        result = run(*pair, "--tei", out / "c.xml")
        assert_refused(result, f"cannot write {out / 'c.xml'}: permission denied; choose a writable location", 7, out)
    finally:
        out.chmod(0o755)


def test_two_outputs_in_one_file(pair, out):
    result = run(*pair, "--tei", out / "c.xml", "--html", out / "c.xml")
    message = f"the tei and html outputs both name {out / 'c.xml'}; give each output its own file"
    assert_refused(result, message, 7, out)


def test_output_over_a_witness_file(pair):
    before = pair[1].read_bytes()
    result = run(*pair, "--tei", pair[1])
    assert_refused(result, f"the tei output {pair[1]} is the witness file {pair[1]}; choose another output file", 7)
    assert pair[1].read_bytes() == before


# -- too large -----------------------------------------------------------------------------------


def test_witness_too_large(tmp_path, pair, out):
    """A sparse file of 17 MiB: refused from its size, before a byte of it is read."""
    huge = tmp_path / "w" / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    result = run(*pair, huge, *outputs(out))
    message = (
        f"{huge} is 17,825,792 bytes, more than the 16,777,216 bytes (16 MiB) collate reads for one witness; "
        "split the witness into parts (chapters) and collate each part"
    )
    assert_refused(result, message, 6, out)


def test_endless_witness_is_read_in_bounded_memory(pair, out):
    """/dev/zero has no size to check: reading stops one byte past the limit."""
    result = run(pair[0], "/dev/zero", *outputs(out))
    message = (
        "/dev/zero is larger than the 16,777,216 bytes (16 MiB) collate reads for one witness; "
        "split the witness into parts (chapters) and collate each part"
    )
    assert_refused(result, message, 6, out)


def test_witnesses_too_large_together(tmp_path, out):
    """Two witnesses of 13 MiB each, both under the limit for one, 26 MiB together."""
    line = ("Natural selection acts solely by the preservation of profitable modifications. " * 50 + "\n").encode()
    count = 13 * 1024 * 1024 // len(line)
    big = [witness(tmp_path / "w", f"{name}.txt", line * count) for name in ("a", "b")]
    result = run(*big, *outputs(out))
    total = 2 * len(line) * count
    message = (
        f"the witnesses a, b hold {total:,} bytes of text together, more than the 25,165,824 bytes (24 MiB) "
        "collate collates at once (about 450 bytes of memory per byte of text); split them into parts "
        "(chapters) and collate each part"
    )
    assert_refused(result, message, 6, out)


def test_limits_are_the_documented_ones():
    assert decode.MAX_BYTES == 16 * 2**20 and decode.MAX_TOTAL_BYTES == 24 * 2**20
    assert issubclass(TooLargeError, InputError) and TooLargeError.exit_code == 6
    assert EncodingError.exit_code == 4


def test_usage_error_has_its_own_code(pair):
    result = CliRunner().invoke(main, ["run"])
    assert result.exit_code == 2
    assert "Missing argument 'WITNESS...'" in result.output


# -- handled, not refused ------------------------------------------------------------------------


def collate_files(*paths: Path):
    collation = collate_witnesses(load_witnesses(list(paths)))
    tei = render(collation, "tei")
    return collation, tei


def assert_reconstructed(collation, tei: bytes, texts: list[str]) -> None:
    back = from_json(render(collation, "json"))
    for i, text in enumerate(texts):
        assert witness_text(tei, collation.sigla[i]) == text
        assert "".join(t.text for t in back.tokens[i]) == text


def test_identical_witnesses_have_no_variants(tmp_path, out, tei_schema):
    text = "One and the same text.\n\nIn two paragraphs, word for word.\n"
    files = [witness(tmp_path / "w", f"{n}.txt", text) for n in "abc"]
    result = run(*files, *outputs(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("3 witnesses (a, b, c): 0 variant locations, 0 counted substantive")
    tei = (out / "c.xml").read_bytes()
    assert_valid_tei(tei_schema, tei)
    assert etree.fromstring(tei).find(f".//{_T}app") is None
    assert from_json((out / "c.json").read_bytes()).variants == ()


def test_utf8_byte_order_mark_is_not_text(tmp_path):
    text = "The origin of species.\n"
    plain = witness(tmp_path / "w", "a.txt", text)
    marked = witness(tmp_path / "w", "b.txt", b"\xef\xbb\xbf" + text.encode())
    collation, _ = collate_files(plain, marked)
    assert collation.witnesses[1].text == text
    assert collation.variants == ()


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_byte_order_mark(tmp_path, codec):
    text = "Natural selection \u2014 and caf\u00e9.\n"
    plain = witness(tmp_path / "w", "a.txt", text)
    wide = witness(tmp_path / "w", "b.txt", text.encode(codec))
    collation, _ = collate_files(plain, wide)
    assert collation.witnesses[1].text == text
    assert collation.variants == ()


def keep_noise(*paths: Path) -> None:
    for path in paths:
        path.with_suffix(".toml").write_text("[witness]\nkeep_noise = true\n", encoding="utf-8")


def test_crlf_line_endings_kept_on_request_and_reconstructed(tmp_path, out, tei_schema):
    """With keep_noise, a CR must come back from the TEI: lxml writes it as &#13;, which a parser keeps."""
    crlf = "The origin of species.\r\nBy natural selection.\r\n\r\nA new paragraph.\r\n"
    lf = crlf.replace("\r\n", "\n")
    files = [witness(tmp_path / "w", "a.txt", crlf.encode()), witness(tmp_path / "w", "b.txt", lf.encode())]
    keep_noise(*files)
    result = run(*files, *outputs(out))
    assert result.exit_code == 0, result.output
    tei = (out / "c.xml").read_bytes()
    assert_valid_tei(tei_schema, tei)
    assert b"&#13;" in tei and b"\r" not in tei
    assert witness_text(tei, "a") == crlf and witness_text(tei, "b") == lf
    back = from_json((out / "c.json").read_bytes())
    assert [w.text for w in back.witnesses] == [crlf, lf]
    assert ["".join(t.text for t in tokens) for tokens in back.tokens] == [crlf, lf]
    # The words agree; only the line ends differ, and they are reported as whitespace, nothing more.
    assert {v.type for v in back.variants} == {"whitespace"}


def test_crlf_witnesses_kept_and_agreeing_have_no_variants(tmp_path):
    text = "The origin of species.\r\nBy natural selection.\r\n"
    files = [witness(tmp_path / "w", f"{n}.txt", text.encode()) for n in "ab"]
    keep_noise(*files)
    collation, tei = collate_files(*files)
    assert collation.variants == ()
    assert_reconstructed(collation, tei, [text, text])


def test_nfc_and_nfd_kept_are_a_typographic_divergence(tmp_path, tei_schema):
    """Kept as the files have them (keep_noise), the same letters composed and decomposed align as
    one word (normalization is NFC), and each witness keeps its own form: a typographic divergence."""
    text = "Le caf\u00e9 na\u00efve \u00e0 Z\u00fcrich.\n"
    nfc, nfd = unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)
    assert nfc != nfd
    files = [witness(tmp_path / "w", "a.txt", nfc), witness(tmp_path / "w", "b.txt", nfd)]
    keep_noise(*files)
    collation, tei = collate_files(*files)
    assert_valid_tei(tei_schema, tei)
    assert [(v.type, v.subtype) for v in collation.variants] == [("typographic", "glyph")]
    readings = [r.text for r in collation.variants[0].readings]
    assert readings == ["caf\u00e9 na\u00efve \u00e0 Z\u00fcrich", "cafe\u0301 nai\u0308ve a\u0300 Zu\u0308rich"]
    assert_reconstructed(collation, tei, [nfc, nfd])


MARKUP = 'If a < b && c > d then "]]>" <script>alert("x")</script> &amp; <!-- not a comment --> ok.\n'


def test_markup_characters_escaped_in_tei_and_html(tmp_path, tei_schema):
    files = [
        witness(tmp_path / "w", "a.txt", MARKUP),
        witness(tmp_path / "w", "b.txt", MARKUP.replace("then", "so")),
    ]
    collation, tei = collate_files(*files)
    assert_valid_tei(tei_schema, tei)
    assert b"<script>" not in tei and b"&lt;script&gt;" in tei and b"]]&gt;" in tei
    assert_reconstructed(collation, tei, [MARKUP, MARKUP.replace("then", "so")])
    page = render(collation, "html")
    root = html.fromstring(page)
    assert not [s for s in root.iter("script") if "alert" in (s.text or "")]
    assert not [c for c in root.iter(etree.Comment) if "not a comment" in (c.text or "")]
    assert b"&lt;script&gt;alert(" in page
    assert '<script>alert("x")</script>' in root.text_content()


def test_very_long_single_line(tmp_path, tei_schema):
    """A chapter of Darwin with its paragraphs run into one line of 66,000 characters."""
    line = " ".join((DARWIN / "darwin1859.txt").read_text().split())
    other = line.replace(" variation ", " variability ", 2)
    assert "\n" not in line and len(line) > 60_000
    files = [witness(tmp_path / "w", "a.txt", line), witness(tmp_path / "w", "b.txt", other)]
    collation, tei = collate_files(*files)
    assert_valid_tei(tei_schema, tei)
    assert [tuple(r.text.strip() for r in v.readings) for v in collation.variants] == [("variation", "variability")] * 2
    assert_reconstructed(collation, tei, [line, other])


def test_very_long_single_token(tmp_path):
    """A line of 200,000 letters and no space is one token, kept whole."""
    word = "a" * 200_000
    files = [witness(tmp_path / "w", "a.txt", f"{word} end"), witness(tmp_path / "w", "b.txt", f"{word} fin")]
    collation, tei = collate_files(*files)
    assert len(collation.tokens[0]) == 2
    assert_reconstructed(collation, tei, [f"{word} end", f"{word} fin"])


# -- outputs are written all or none -------------------------------------------------------------


PREVIOUS = {"c.xml": b"<previous TEI/>", "c.html": b"<p>previous report</p>", "c.json": b'{"previous": true}'}


@pytest.fixture
def previous(out: Path) -> Path:
    """An output directory holding the outputs of an earlier run."""
    for name, data in PREVIOUS.items():
        (out / name).write_bytes(data)
    return out


def assert_previous_intact(out: Path) -> None:
    assert {p.name: p.read_bytes() for p in out.iterdir()} == PREVIOUS


def test_interrupt_while_writing_keeps_previous_outputs(pair, previous, monkeypatch):
    """Ctrl-C after the outputs are on disk as temporary files, before the first is renamed."""

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    result = run(*pair, *outputs(previous))
    assert_refused(result, "interrupted; no output file was written or changed", 130)
    assert_previous_intact(previous)


def test_disk_full_on_second_output_keeps_all_previous_outputs(pair, previous, monkeypatch):
    """The first output is staged, the second cannot be: neither replaces its earlier version."""
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = run(*pair, *outputs(previous))
    message = f"cannot write {previous / 'c.html'}: No space left on device; choose a writable location"
    assert_refused(result, message, 7)
    assert_previous_intact(previous)


def test_crash_in_a_writer_keeps_previous_outputs(pair, previous, monkeypatch):
    """A bug in one writer (an unexpected exception) writes nothing: all outputs render first."""

    def broken(collation, **options):
        raise RuntimeError("writer bug")

    monkeypatch.setitem(WRITERS, "json", broken)
    result = run(*pair, *outputs(previous))
    assert isinstance(result.exception, RuntimeError)
    assert_previous_intact(previous)


def test_crash_while_staging_removes_temporary_files(pair, previous, monkeypatch):
    calls = []
    real_fsync = os.fsync

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise MemoryError
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = run(*pair, *outputs(previous))
    assert isinstance(result.exception, MemoryError)
    assert_previous_intact(previous)


def test_successful_run_replaces_previous_outputs(pair, previous, tei_schema):
    result = run(*pair, *outputs(previous))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in previous.iterdir()) == sorted(PREVIOUS)
    assert_valid_tei(tei_schema, (previous / "c.xml").read_bytes())
    assert from_json((previous / "c.json").read_bytes()).sigla == ("a", "b")


def _feed_fifo(fifo: Path, data: bytes, deadline: float) -> None:
    """Write ``data`` into ``fifo`` once the reader has opened it (the run is under way)."""
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    os.set_blocking(fd, True)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupted_run_keeps_previous_outputs(tmp_path, previous, signum):
    """A real ``python -m collate run`` on the six Darwin editions, interrupted mid-collation.

    The last witness is a named pipe: the test knows the run is under way when collate opens it,
    feeds it the 1872 edition, and interrupts a moment later, while the witnesses are collated.
    """
    w = tmp_path / "darwin"
    w.mkdir()
    names = ["1859", "1860", "1861", "1866", "1869"]
    for name in names:
        shutil.copy(DARWIN / f"darwin{name}.txt", w / f"darwin{name}.txt")
    fifo = w / "darwin1872.txt"
    os.mkfifo(fifo)
    args = [*(w / f"darwin{n}.txt" for n in names), fifo]
    # A handler (unlike an ignored signal) is reset by exec: the run gets Ctrl-C even if we ignore it.
    ours = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "collate", "run", *map(str, args), *outputs(previous)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    finally:
        signal.signal(signal.SIGINT, ours)
    try:
        _feed_fifo(fifo, (DARWIN / "darwin1872.txt").read_bytes(), time.monotonic() + 60)
        time.sleep(0.3)
        assert process.poll() is None, "the run ended before it could be interrupted"
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err.decode()
    assert err.decode().splitlines()[-1] == "Error: interrupted; no output file was written or changed"
    assert "Traceback" not in err.decode()
    assert_previous_intact(previous)
    assert no_part_files(tmp_path)


@pytest.mark.parametrize("when", ["before", "after"])
def test_an_interrupt_at_any_step_of_writing_leaves_no_temporary_file(tmp_path, monkeypatch, when):
    """Ctrl-C or SIGTERM may land between any two steps of writing the outputs (creating a
    temporary file, writing it, syncing it, renaming it): wherever it lands, no ``.part`` file is
    left, and every output is either its earlier version or the new one, never part of either."""
    from collate import files

    targets = {tmp_path / f"out{k}.txt": f"new {k}\n".encode() * 1000 for k in range(3)}
    steps = ("open", "close", "fchmod", "fsync", "replace")
    k = 1
    while True:
        for path in targets:
            path.write_bytes(b"old\n")
        count = 0

        def step(real):
            def wrapped(*args, **kwargs):
                nonlocal count
                count += 1
                if when == "before" and count == k:
                    raise KeyboardInterrupt
                value = real(*args, **kwargs)
                if when == "after" and count == k:
                    raise KeyboardInterrupt
                return value

            return wrapped

        with monkeypatch.context() as patch:
            for name in steps:
                patch.setattr(os, name, step(getattr(os, name)))
            try:
                files.write_all(targets)
                interrupted = False
            except KeyboardInterrupt:
                interrupted = True
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")], (when, k)
        for path, data in targets.items():
            assert path.read_bytes() in (b"old\n", data), (when, k, path)
        if not interrupted:
            assert all(path.read_bytes() == data for path, data in targets.items())
            break
        k += 1
    assert k > 10  # every step of the three files was interrupted once
