"""The XML reader on a flattened-XML edition and on namespaced XML: milestones, del/add, choice,
selectors; each refusal through the real command line (as in tests/test_errors.py)."""

from __future__ import annotations


import pytest
from lxml import etree

from collate import load_witness
from collate.writers.json import from_json
from collate.writers.tei import TEI_NS

from .conftest import ROOT, assert_valid_tei
from .test_errors import assert_refused, outputs, run, witness
from .test_sources import NAMESPACED, meta, out, run_ok  # noqa: F401  (out is a fixture)

FLATTENED = ROOT / "tests" / "data" / "flattened"
_T = f"{{{TEI_NS}}}"


# -- a flattened-XML edition ------------------------------------------------------------------------


def test_flattened_edition_loads_with_its_milestones():
    thomas = load_witness(FLATTENED / "Thomas.xml")
    assert thomas.reader == "xml"
    paragraphs = thomas.text.split("\n\n")
    assert paragraphs[:3] == ["LETTER I.", "TO Mrs. SAVILLE, England.", "St. Petersburgh, Dec. 11th, 17—."]
    assert len(paragraphs) == 5  # head, two short paragraphs, two paragraphs of prose: flattened blocks kept
    assert [(m.kind, m.n, thomas.text[m.offset :][:11]) for m in thomas.milestones] == [
        ("pb", "1", "LETTER I.\n\n"),
        ("pb", "2", "I am alread"),
    ]
    assert [(n.kind, n.text) for n in thomas.notes] == [("anchor", "C01"), ("milestone", "volume 1"), ("deletion", "increasing")]
    deletion = thomas.notes[2].offset
    assert thomas.text[:deletion].endswith("my welfare, and ") and thomas.text[deletion:].startswith("growing confidence")
    assert meta(thomas)["preparation"] == (
        "xml reader: text of the whole document (<xml>), choice: diplomatic, additions kept as text: 1, flattened "
        "start and end markers: 12, set aside as notes: anchor 1, deletion 1, milestone 1"
    )


def test_flattened_paragraph_milestone_and_italic():
    w1831 = load_witness(FLATTENED / "1831.xml")
    assert w1831.text.split("\n\n")[4].startswith("I am already far north")
    assert [(w1831.text[s.start : s.end], s.rend) for s in w1831.formatting] == [("To Mrs. Saville, England.", "italic")]
    assert [m.n for m in w1831.milestones] == ["15", "16"]


def test_deletions_kept_as_text_and_additions_as_notes():
    thomas = load_witness(FLATTENED / "Thomas.xml", options={"deletions": "text", "additions": "note"})
    assert "my welfare, and increasing confidence" in thomas.text
    assert ("addition", "growing") in [(n.kind, n.text) for n in thomas.notes]
    assert "deletions kept as text: 1" in meta(thomas)["preparation"]


def test_four_flattened_editions_collate(out, tei_schema):
    result = run_ok(FLATTENED, *outputs(out))
    assert result.stderr.startswith("4 witnesses (1818, 1823, 1831, Thomas): ")
    tei = (out / "c.xml").read_bytes()
    assert_valid_tei(tei_schema, tei)
    back = from_json((out / "c.json").read_bytes())
    readings = {tuple(sorted(r.text.strip() for r in v.readings)) for v in back.variants}
    assert {("growing", "increasing"), (",", ";"), ("SAVILLE", "Saville"), ("TO", "To")} <= readings
    assert {v.type for v in back.variants} == {"substantive", "punctuation", "case", "typographic"}
    pbs = [(pb.get("ed"), pb.get("n")) for pb in etree.fromstring(tei).iter(f"{_T}pb")]
    assert ("#W03", "15") in pbs and ("#W01", "2") in pbs




@pytest.mark.parametrize(
    "select, namespaces",
    [("chapter[n='1']", None), ("book > chapter:nth-child(2)", None), ("//b:chapter[@n='1']", {"b": "urn:example:book"})],
    ids=["css-attribute", "css-child", "xpath-namespace"],
)
def test_select_by_css_or_xpath_in_any_namespace(tmp_path, select, namespaces):
    path = witness(tmp_path, "book.xml", NAMESPACED)
    options = {"select": select, **({"namespaces": namespaces} if namespaces else {})}
    w = load_witness(path, options=options)
    assert w.text == "The first chapter, recieved well.\n"
    assert [(n.kind, n.text) for n in w.notes] == [("corr", "received")]
    regularized = load_witness(path, options={**options, "choice": "regularized"})
    assert regularized.text == "The first chapter, received well.\n"


def test_select_on_the_command_line(tmp_path, out):
    a = witness(tmp_path / "w", "a.xml", NAMESPACED)
    b = witness(tmp_path / "w", "b.xml", NAMESPACED.replace("first chapter", "opening chapter"))
    run_ok(a, b, "--select", "chapter", *outputs(out))
    back = from_json((out / "c.json").read_bytes())
    assert back.witnesses[0].text == "The first chapter, recieved well.\n\nThe second chapter.\n"


def test_tei_file_is_read_with_tei_defaults():
    w = load_witness(ROOT / "tests" / "data" / "readers" / "trotsky-p144.xml")
    assert w.reader == "tei" and meta(w)["author"] == "Leon Trotsky"


@pytest.mark.parametrize(
    "toml, message",
    [
        ('select = "chapter[["', "select = 'chapter[[' is not a valid CSS selector"),
        ('select = "//chapter"', "select = '//chapter' matches no element (TEI elements in XPath take the prefix tei:)"),
        ('deletions = "drop"', "deletions = 'drop'; use 'note' or 'text'"),
        ('notes = "note"', 'notes must be a list of element names, e.g. notes = ["note", "footnote"]'),
        ('namespaces = "urn:x"', 'namespaces must be a table of prefixes, e.g. namespaces = { x = "urn:x" }'),
    ],
    ids=["bad-css", "no-match", "deletions", "notes", "namespaces"],
)
def test_xml_options_refused_with_the_fix(tmp_path, out, toml, message):
    a = witness(tmp_path / "w", "a.xml", NAMESPACED)
    b = witness(tmp_path / "w", "b.xml", NAMESPACED)
    (tmp_path / "w" / "a.toml").write_text(f"[witness]\n{toml}\n", encoding="utf-8")
    result = run(a, b, *outputs(out))
    if message.startswith("select = 'chapter[["):
        assert result.exit_code == 8 and result.stderr.startswith(f"Error: {a}: {message} (")
        assert not list(out.iterdir())
    else:
        assert_refused(result, f"{a}: {message}", 8, out)


def test_not_well_formed_xml(tmp_path, out):
    a = witness(tmp_path / "w", "a.xml", "<xml><p>unclosed</xml>")
    b = witness(tmp_path / "w", "b.xml", NAMESPACED)
    result = run(a, b, *outputs(out))
    assert result.exit_code == 3 and result.stderr.startswith(f"Error: {a} is not well-formed XML (")
    assert result.stderr.rstrip().endswith("); fix the file or choose another reader")
    assert not list(out.iterdir())
