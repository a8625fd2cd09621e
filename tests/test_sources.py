"""Every source a user brings collates right or is refused clearly: XML editions, encodings, file noise.

Each case runs the real command line, with all three outputs asked for; refusals are checked as
in tests/test_errors.py (the exact ``Error:`` line after the exact ``Warning:`` lines, the exit
code, nothing written), successes by what the outputs hold.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from collate import collate_witnesses, load_witness, load_witnesses
from collate.writers.json import from_json
from collate.writers.tei import TEI_NS, witness_text

from .conftest import ROOT, assert_valid_tei
from .test_errors import assert_refused, outputs, run, witness

_T = f"{{{TEI_NS}}}"


@pytest.fixture
def out(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


def meta(w) -> dict[str, str]:
    return dict(w.meta)


def run_ok(*args: object):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


NAMESPACED = """<?xml version="1.0"?>
<book xmlns="urn:example:book">
  <front><title>Not the text</title></front>
  <chapter n="1"><para>The first chapter, <choice><sic>recieved</sic><corr>received</corr></choice> well.</para></chapter>
  <chapter n="2"><para>The second chapter.</para></chapter>
</book>
"""


# -- encodings, per witness -------------------------------------------------------------------------


UTF8 = "The origin of species \u2014 caf\u00e9, na\u00efve.\n"


def test_utf16_without_bom_is_named_with_the_toml_remedy(tmp_path, out):
    a = witness(tmp_path / "w", "a.txt", UTF8)
    wide = witness(tmp_path / "w", "b.txt", UTF8.encode("utf-16-le"))
    result = run(a, wide, *outputs(out))
    message = (
        f"{wide} is UTF-16 (little-endian) without a byte-order mark; set encoding = \"utf-16-le\" in "
        f"{wide.with_suffix('.toml')} (or pass --encoding {wide}=utf-16-le)"
    )
    assert_refused(result, message, 4, out)


@pytest.mark.parametrize("how", ["pair", "bare", "toml"])
def test_utf16_read_as_told_and_the_utf8_partner_untouched(tmp_path, out, how):
    """The reported case: --encoding utf-16-le once decoded the UTF-8 partner as Chinese characters."""
    a = witness(tmp_path / "w", "a.txt", UTF8)
    wide = witness(tmp_path / "w", "b.txt", UTF8.encode("utf-16-be"))
    args = {"pair": ["--encoding", f"{wide}=utf-16-be"], "bare": ["--encoding", "utf-16-be"], "toml": []}[how]
    if how == "toml":
        wide.with_suffix(".toml").write_text('[witness]\nencoding = "utf-16-be"\n', encoding="utf-8")
    result = run_ok(a, wide, *args, *outputs(out))
    assert "0 variant locations" in result.stderr
    assert witness_text((out / "c.xml").read_bytes(), "a") == UTF8


def test_cyrillic_code_page_named(tmp_path, out):
    text = "Уважаемый Владимир Ильич, посылаю вам письмо о кооперации.\n"
    a = witness(tmp_path / "w", "a.txt", text)
    cp = witness(tmp_path / "w", "b.txt", text.encode("cp1251"))
    result = run(a, cp, *outputs(out))
    message = (
        f"{cp} is not UTF-8: byte 0xD3 at line 1, column 1 (byte offset 0); charset-normalizer takes it for cp1251: "
        f"if so, set encoding = \"cp1251\" in {cp.with_suffix('.toml')} (or pass --encoding cp1251, which applies to "
        "the witnesses that are not UTF-8)"
    )
    assert_refused(result, message, 4, out)
    run_ok(a, cp, "--encoding", "cp1251", *outputs(out))


def test_encoding_pair_naming_no_witness(tmp_path, out):
    a = witness(tmp_path / "w", "a.txt", UTF8)
    b = witness(tmp_path / "w", "b.txt", UTF8)
    result = run(a, b, "--encoding", "other.txt=cp1252", *outputs(out))
    assert_refused(result, "--encoding other.txt=cp1252 names no witness of this run; check the path", 3, out)


def test_two_encodings_for_the_files_that_are_not_utf8(tmp_path, out):
    a = witness(tmp_path / "w", "a.txt", UTF8)
    result = run(a, a, "--encoding", "cp1252", "--encoding", "cp1251", *outputs(out))
    assert result.exit_code == 2 and "give one encoding for the files that are not UTF-8" in result.output
    assert not list(out.iterdir())


MOJIBAKE = UTF8.encode("utf-8").decode("cp1252")


def test_mojibake_warned_with_the_fix(tmp_path, out):
    a = witness(tmp_path / "w", "a.txt", UTF8)
    bad = witness(tmp_path / "w", "b.txt", MOJIBAKE)
    result = run_ok(a, bad, *outputs(out))
    assert result.stderr.splitlines()[0] == (
        f'Warning: {bad} looks like UTF-8 read once as Windows-1252 ("â€”" for "—", 3 places); set mojibake = "fix" '
        f'in {bad.with_suffix(".toml")} to repair it (with ftfy), or mojibake = "keep" to collate it as it is'
    )
    bad.with_suffix(".toml").write_text('[witness]\nmojibake = "fix"\n', encoding="utf-8")
    result = run_ok(a, bad, *outputs(out))
    assert "Warning" not in result.stderr and "0 variant locations" in result.stderr
    back = from_json((out / "c.json").read_bytes())
    assert meta(back.witnesses[1])["preparation"] == 'mojibake repaired (ftfy): "â€”" for "—", 3 places'
    bad.with_suffix(".toml").write_text('[witness]\nmojibake = "keep"\n', encoding="utf-8")
    result = run_ok(a, bad, *outputs(out))
    # kept as it is: no mojibake warning, and the damaged words are variants (so few words
    # that the two agree in only half their wording, which the similarity warning may say)
    assert f"Warning: {bad}" not in result.stderr and "0 variant locations" not in result.stderr


def test_accented_text_is_not_taken_for_mojibake(tmp_path, out):
    text = "Pëtr Kropotkin à Zürich: «Ça été» — naïve façade, Ærø, Ōsaka, Łódź.\n"
    a, b = witness(tmp_path / "w", "a.txt", text), witness(tmp_path / "w", "b.txt", text)
    assert "Warning" not in run_ok(a, b, *outputs(out)).stderr


def _needs_beyond_ascii(op, av) -> bool:
    """True if this item of a parsed regular expression can only match a character beyond ASCII
    (or a sequence holding one)."""
    from re import _constants as c

    if op is c.LITERAL:
        return av >= 128
    if op is c.IN:
        return all(o is c.LITERAL and a >= 128 or o is c.RANGE and a[0] >= 128 for o, a in av)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return av[0] >= 1 and any(_needs_beyond_ascii(*item) for item in av[2].data)
    if op is c.SUBPATTERN:
        return any(_needs_beyond_ascii(*item) for item in av[3].data)
    if op is c.BRANCH:
        return all(any(_needs_beyond_ascii(*item) for item in branch.data) for branch in av[1])
    return False


def test_ascii_text_cannot_be_mojibake():
    """The mojibake check skips ASCII text without importing ftfy: every alternative of ftfy's
    badness expression (the installed version's) needs a character beyond ASCII to match."""
    from re import _parser

    from ftfy.badness import BADNESS_RE, is_bad

    from collate.readers.mojibake import check_mojibake

    parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert any(_needs_beyond_ascii(*item) for item in parsed.data)  # a sequence: one such item suffices
    assert len(parsed.data[0][1][1]) > 20  # the alternatives were read, not one opaque item
    assert is_bad("Ã©tait") and not is_bad("etait")  # the expression is what the check relies on
    assert check_mojibake("It was the best of times.\n", {"mojibake": "fix"}, "a.txt") == ("It was the best of times.\n", [])


# -- file noise -------------------------------------------------------------------------------------


TEXT = "Le caf\u00e9 na\u00efve \u00e0 Z\u00fcrich.\nThe origin of species.\n\nA new paragraph.\n"


@pytest.mark.parametrize(
    "data, preparation",
    [
        (TEXT.replace("\n", "\r\n").encode(), "line ends: 4 CRLF made LF"),
        (TEXT.replace("\n", "\r").encode(), "line ends: 4 CR made LF"),
        (b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode(), "UTF-8 byte-order mark dropped; line ends: 4 CRLF made LF"),
        (unicodedata.normalize("NFD", TEXT).encode(), "Unicode form: NFC (4 combining marks composed)"),
        (
            "\ufeff".encode("utf-16-le") + unicodedata.normalize("NFD", TEXT).replace("\n", "\r\n").encode("utf-16-le"),
            "UTF-16 LE byte-order mark dropped; line ends: 4 CRLF made LF; Unicode form: NFC (4 combining marks composed)",
        ),
    ],
    ids=["crlf", "cr", "bom-crlf", "nfd", "utf16-bom-crlf-nfd"],
)
def test_file_noise_gives_no_variant(tmp_path, out, tei_schema, data, preparation):
    plain = witness(tmp_path / "w", "a.txt", TEXT)
    noisy = witness(tmp_path / "w", "b.txt", data)
    result = run_ok(plain, noisy, *outputs(out))
    assert result.stderr.startswith("2 witnesses (a, b): 0 variant locations")
    tei = (out / "c.xml").read_bytes()
    assert_valid_tei(tei_schema, tei)
    assert etree.fromstring(tei).find(f".//{_T}app") is None
    assert witness_text(tei, "b") == TEXT
    back = from_json((out / "c.json").read_bytes())
    assert meta(back.witnesses[1])["preparation"] == preparation
    assert "preparation" not in meta(back.witnesses[0])


def test_keep_noise_value_refused(tmp_path, out):
    a, b = witness(tmp_path / "w", "a.txt", TEXT), witness(tmp_path / "w", "b.txt", TEXT)
    (tmp_path / "w" / "b.toml").write_text('[witness]\nkeep_noise = "yes"\n', encoding="utf-8")
    message = f"{b}: keep_noise = 'yes'; use true, false or a list of 'line-ends', 'unicode-form'"
    assert_refused(run(a, b, *outputs(out)), message, 8, out)


PDFTOTEXT = "Chapter I.\nVariation under domestication.\n\fWhen we look to the individuals\nof the same variety.\n\fOf the causes.\n\f"


def test_form_feeds_become_page_breaks(tmp_path, out, tei_schema):
    """pdftotext ends every page with a form feed: each starts a page, the last ends the text."""
    extracted = witness(tmp_path / "w", "a.txt", PDFTOTEXT)
    typed = witness(tmp_path / "w", "b.txt", PDFTOTEXT.replace("\f", ""))
    result = run_ok(extracted, typed, *outputs(out))
    assert result.stderr.startswith("2 witnesses (a, b): 0 variant locations")
    back = from_json((out / "c.json").read_bytes())
    a = back.witnesses[0]
    assert a.text == PDFTOTEXT.replace("\f", "")
    assert [(m.n, a.text[m.offset :][:7]) for m in a.milestones] == [("2", "When we"), ("3", "Of the ")]
    assert meta(a)["preparation"] == "form feeds: 2 page breaks (the form feed at the end of the text ends the last page)"
    tei = (out / "c.xml").read_bytes()
    assert_valid_tei(tei_schema, tei)
    assert [pb.get("n") for pb in etree.fromstring(tei).iter(f"{_T}pb")] == ["2", "3"]


# -- nothing skipped silently -----------------------------------------------------------------------


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
ODT = _zip({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office:document/>"})
EPUB = _zip({"mimetype": "application/epub+zip", "META-INF/container.xml": "<container/>"})
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} The origin of species.\\par }"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"


@pytest.mark.parametrize(
    "name, data, what",
    [
        ("c.docx", DOCX, "a Word document (DOCX); extract its text with pandoc c.docx -t plain -o c.txt and collate c.txt"),
        ("c.odt", ODT, "an OpenDocument text (ODT); extract its text with pandoc c.odt -t plain -o c.txt and collate c.txt"),
        ("c.epub", EPUB, "an EPUB e-book; extract its text with pandoc c.epub -t plain -o c.txt and collate c.txt"),
        ("c.rtf", RTF, "an RTF document; extract its text with pandoc c.rtf -t plain -o c.txt and collate c.txt"),
        ("c.txt", RTF, "an RTF document; extract its text with pandoc c.txt -t plain -o c-text.txt and collate c-text.txt"),
        ("c.pdf", PDF, "a PDF document; extract its text with pdftotext c.pdf c.txt and collate c.txt"),
    ],
    ids=["docx", "odt", "epub", "rtf", "rtf-named-txt", "pdf"],
)
def test_documents_recognised_by_content_and_refused_with_the_command(tmp_path, out, name, data, what):
    a = witness(tmp_path / "w", "a.txt", TEXT)
    document = witness(tmp_path / "w", name, data)
    assert_refused(run(a, document, *outputs(out)), f"{document} is {what}", 3, out)


def test_folder_lists_the_files_it_does_not_read(tmp_path, out):
    folder = tmp_path / "w"
    witness(folder, "a.txt", TEXT)
    witness(folder, "b.txt", TEXT.replace("species", "the species"))
    docx, pdf = witness(folder, "c.docx", DOCX), witness(folder, "d.pdf", PDF)
    notes = witness(folder, "notes.dat", "to do")
    (folder / "drafts").mkdir()
    result = run_ok(folder, *outputs(out))
    assert result.stderr.splitlines()[:3] == [
        f"Warning: {docx} is a Word document (DOCX); extract its text with pandoc c.docx -t plain -o c.txt and "
        "collate c.txt; not read",
        f"Warning: {pdf} is a PDF document; extract its text with pdftotext d.pdf d.txt and collate d.txt; "
        "not read",
        f"Warning: {notes} has an extension no reader claims (.dat); not read (name it on the command line to read it "
        "as plain text, or give it the extension of its format: .txt, .md, .html, .xml)",
    ]
    assert result.stderr.splitlines()[3].startswith("2 witnesses (a, b): ")  # the subfolder drafts/ is not read


def test_folder_with_one_text_and_documents(tmp_path, out):
    folder = tmp_path / "w"
    a = witness(folder, "a.txt", TEXT)
    docx, pdf = witness(folder, "b.docx", DOCX), witness(folder, "c.pdf", PDF)
    warnings = [
        f"Warning: {docx} is a Word document (DOCX); extract its text with pandoc b.docx -t plain -o b.txt and "
        "collate b.txt; not read",
        f"Warning: {pdf} is a PDF document; extract its text with pdftotext c.pdf c.txt and collate c.txt; "
        "not read",
    ]
    message = f"{a}: collation needs at least two witnesses; name another witness file"
    assert_refused(run(folder, *outputs(out)), message, 5, out, warnings=warnings)


def test_outputs_written_into_the_witness_folder_do_not_break_the_next_run(tmp_path):
    folder = tmp_path / "w"
    witness(folder, "a.txt", TEXT)
    witness(folder, "b.txt", TEXT.replace("species", "the species"))
    names = ["--tei", folder / "k.xml", "--html", folder / "k.html", "--json", folder / "k.json"]
    first = run_ok(folder, *names)
    tei = (folder / "k.xml").read_bytes()
    second = run_ok(folder, *names)
    assert second.stderr.splitlines()[:3] == [
        f"Warning: {folder / 'k.html'} is an HTML report written by collate (an earlier run's output), not a witness; "
        "not read",
        f"Warning: {folder / 'k.json'} is JSON written by collate (an earlier run's output), not a witness; not read",
        f"Warning: {folder / 'k.xml'} is a TEI apparatus written by collate (an earlier run's output), not a "
        "witness; not read",
    ]
    assert second.stderr.splitlines()[3:] == first.stderr.splitlines()
    assert (folder / "k.xml").read_bytes() == tei


def test_same_file_named_twice(tmp_path, out):
    a = witness(tmp_path / "w", "a.txt", TEXT)
    witness(tmp_path / "w", "b.txt", TEXT)
    assert_refused(run(a, a, *outputs(out)), f"{a} is named twice; name each witness file once", 5, out)
    message = f"{tmp_path / 'w' / '..' / 'w' / 'a.txt'} and {a} are one file, named twice; name each witness file once"
    assert_refused(run(tmp_path / "w" / ".." / "w" / "a.txt", tmp_path / "w", *outputs(out)), message, 5, out)


def test_witness_toml_keys_outside_the_witness_table(tmp_path, out):
    """The reported case: page_markers above [witness] was ignored, and every {p. N} collated as text."""
    a = witness(tmp_path / "w", "a.txt", "Text {p. 1} more.\n")
    b = witness(tmp_path / "w", "b.txt", "Text more.\n")
    toml = tmp_path / "w" / "a.toml"
    toml.write_text('page_markers = "brace-p"\n\n[witness]\nsiglum = "A"\n', encoding="utf-8")
    message = (
        f"{toml}: page_markers stands outside the [witness] table, where no step reads them; put [witness] on the "
        "line before the witness's keys"
    )
    assert_refused(run(a, b, *outputs(out)), message, 8, out)


def test_toml_beside_no_witness_is_named(tmp_path, out):
    folder = tmp_path / "w"
    witness(folder, "a.txt", TEXT)
    witness(folder, "b.txt", TEXT)
    stray = witness(folder, "collation.toml", "[collation]\n")
    result = run_ok(folder, *outputs(out))
    assert result.stderr.splitlines()[0] == (
        f"Warning: {stray} is beside no witness of its name, so it is read as nobody's metadata; not read "
        "(a collation manifest is run as collate run FILE.toml)"
    )


def test_library_loading_warns_through_python_warnings(tmp_path):
    from collate.errors import CollateWarning

    folder = tmp_path / "w"
    witness(folder, "a.txt", TEXT)
    witness(folder, "b.txt", TEXT)
    witness(folder, "c.pdf", PDF)
    with pytest.warns(CollateWarning, match="is a PDF document"):
        witnesses = load_witnesses([folder])
    assert [w.siglum for w in witnesses] == ["a", "b"]
    assert collate_witnesses(witnesses).variants == ()


# -- progress off a terminal --------------------------------------------------------------------------


def test_progress_lines_in_a_log_and_none_when_quiet(monkeypatch, out):
    """A long run writes plain progress lines to a stderr that is no terminal (made long here by
    asking for a line at once), before the summary; --quiet writes nothing at all."""
    from functools import partial

    from collate import cli
    from collate.progress import ProgressBar

    monkeypatch.setattr(cli, "ProgressBar", partial(ProgressBar, line_delay=0, line_interval=0))
    kropotkin = ROOT / "witnesses" / "kropotkin"
    lines = run_ok(kropotkin, *outputs(out)).stderr.splitlines()
    progress = [line for line in lines if line.startswith("Aligning: ")]
    assert progress and lines[: len(progress)] == progress
    assert all("\r" not in line and line.endswith(" s") and " tokens (" in line for line in progress)
    assert lines[len(progress)].startswith("2 witnesses (Miller, Shatz): ")
    assert run_ok(kropotkin, "--quiet", *outputs(out)).stderr == ""


# -- the other refusals, each with its line ---------------------------------------------------------


TEI_DOC = f'<TEI xmlns="{TEI_NS}"><teiHeader/><text><front><p>x</p></front></text></TEI>'


@pytest.mark.parametrize(
    "name, data, toml, args, message, code",
    [
        ("b.txt", "\ufeff".encode("utf-16-le") + b"\x00\xd8", "", [],
         "{b} starts with a UTF-16 byte-order mark but is not utf-16 (bytes at offset 2); repair the file, or set the "
         'encoding it is in with encoding = "..." in {toml}', 4),
        ("b.txt", UTF8, 'encoding = "klingon"', [],
         '{b}: unknown encoding \'klingon\' (encoding = "klingon" in {toml}); set encoding = "..." in {toml} to a name '
         "such as utf-8, cp1252 or latin-1", 4),
        ("b.txt", UTF8, "", ["--encoding", "{b}=klingon"],
         "--encoding {b}=klingon: unknown encoding 'klingon'; pass a name such as utf-8, cp1252 or latin-1", 4),
        ("b.txt", UTF8, 'mojibake = "repair"', [], "{b}: mojibake = 'repair'; use one of 'warn', 'fix', 'keep'", 8),
        ("b.xml", NAMESPACED, 'choice = "modern"', [], "{b}: choice = 'modern'; use one of diplomatic, regularized", 8),
        ("b.xml", NAMESPACED, 'reader = "tei"', [],
         "{b}: the root element is <book>, not <TEI>; give a TEI P5 document or use the xml reader (reader = \"xml\" in "
         "its .toml), which reads any XML", 3),
        ("b.xml", TEI_DOC, "", [], "{b} has no <text><body>; give a TEI transcription or select the part to read", 3),
        ("b.txt", UTF8, "", ["--select", "p"],
         "{a}: the option 'select' applies to the html, xml and tei reader, not text; remove it or choose that reader", 8),
        ("b.txt", UTF8, "[other]\nkey = 1", [],
         "{toml}: other stands outside the [witness] table, where no step reads them; put [witness] on the line before "
         "the witness's keys", 8),
    ],
    ids=["bad-bom", "unknown-toml-encoding", "unknown-pair-encoding", "mojibake-value", "choice-value", "not-tei",
         "no-body", "select-for-text", "other-table"],
)  # fmt: skip
def test_refusal(tmp_path, out, name, data, toml, args, message, code):
    a = witness(tmp_path / "w", "a.txt", UTF8)
    b = witness(tmp_path / "w", name, data)
    if toml:
        b.with_suffix(".toml").write_text(toml + "\n" if toml.startswith("[") else f"[witness]\n{toml}\n", encoding="utf-8")
    fill = {"a": a, "b": b, "toml": b.with_suffix(".toml")}
    result = run(a, b, *(arg.format(**fill) for arg in args), *outputs(out))
    assert_refused(result, message.format(**fill), code, out)


@pytest.mark.parametrize("text", ["Уважаемый Владимир Ильич, письмо.\n", "文字 校勘 異文.\n", "Origin of Species\n"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_recognised_in_any_script(tmp_path, text, codec):
    from collate.errors import EncodingError

    path = witness(tmp_path, "w.txt", text.encode(codec))
    with pytest.raises(EncodingError, match=f'without a byte-order mark; set encoding = "{codec}"'):
        load_witness(path)
    assert load_witness(path, encoding=codec).text == text
