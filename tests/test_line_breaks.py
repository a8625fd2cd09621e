"""Line division: the same words broken into lines differently are not a variant by default.

Made from real verse in the repository: the opening scene of Racine's *Andromaque* (1668 and
1676, normalised spelling, from ``data/corpora/french-racine-andromaque/by-line/``) set one
verse to a line in one witness and run on and wrapped at another width in the other, so that
the two break their lines at different words; and the verse of Shelley's *Cenci* in
``tests/data/english-1820/`` wrapped the same way. By default no location holds only a line
division, every witness still rebuilds exactly from the TEI (its line breaks as its own ``lb``
milestones), the TEI is valid and reads right in teiphy and the Versioning Machine, and the
report shows each witness's own line breaks; with ``line_breaks = "variant"`` the line-division
locations come back.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter

import pytest
from click.testing import CliRunner
from lxml import etree

from collate import collate_witnesses, load_witnesses
from collate.cli import main
from collate.distance import distances
from collate.errors import ConfigError
from collate.manifest import load_manifest
from collate.model import Milestone, Settings, Span, Token, Witness
from collate.segments import line_division
from collate.writers.html import Mark, Styled, build_rows
from collate.writers.json import from_json, to_json
from collate.writers.tei import TEI_NS, to_tei, witness_text

from .conftest import DATA, ROOT, assert_valid_tei
from .consumers import teiphy_states, vm_page, vm_panels

RACINE = DATA / "corpora" / "french-racine-andromaque" / "by-line"
CENCI = ROOT / "tests" / "data" / "english-1820" / "witnesses"
NS = {"t": TEI_NS}


def _verses(edition: str, scene: str = "1.1.") -> list[str]:
    rows = (RACINE / f"andromaque-{edition}.tsv").read_text(encoding="utf-8").splitlines()
    return [row.split("\t", 1)[1] for row in rows if row.startswith(scene)]


def _wrapped(text: str, width: int) -> str:
    """``text`` with each paragraph run on and wrapped at ``width`` characters."""
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width) for p in text.split("\n\n")) + "\n"


def racine(other: str = "1676-normalised") -> list[Witness]:
    """Scene I.1 of 1668, one verse to a line, against ``other``'s run on and wrapped at 60."""
    lines = "\n".join(_verses("1668-normalised")) + "\n"
    return [Witness("A", lines), Witness("B", _wrapped(" ".join(_verses(other)), 60))]


def cenci() -> list[Witness]:
    """The Cenci's two printings, the later one's paragraphs wrapped at 50 characters."""
    early, late = load_witnesses([str(CENCI / "early.txt"), str(CENCI / "late.txt")])
    return [early, Witness(late.siglum, _wrapped(late.text, 50), late.meta)]


_CACHE: dict = {}


def collated(name: str, line_breaks: str = "milestone"):
    key = (name, line_breaks)
    if key not in _CACHE:
        witnesses = {"racine": racine, "racine-same": lambda: racine("1668-normalised"), "cenci": cenci}[name]()
        _CACHE[key] = collate_witnesses(witnesses, Settings(line_breaks=line_breaks))
    return _CACHE[key]


def _line_division_locations(collation) -> list[str]:
    return [
        v.id for v in collation.variants
        if line_division(collation.alignment.segments[v.segment].spans, collation.tokens)
    ]


def _classes(collation) -> Counter:
    return Counter(v.type for v in collation.variants)


# -- which locations ----------------------------------------------------------------------------


def test_the_same_verse_broken_differently_has_no_location():
    collation = collated("racine-same")
    a, b = collation.witnesses
    assert a.text != b.text and a.text.split() == b.text.split()  # the same words, other lines
    assert collation.variants == ()
    with_lines = collated("racine-same", "variant")
    assert len(with_lines.variants) > 100 and set(_classes(with_lines)) == {"whitespace"}


@pytest.mark.parametrize("name", ["racine", "cenci"])
def test_line_division_alone_is_no_location_and_other_variants_stay(name):
    """No location holds only a line division; every other variant found with line breaks as
    variants is found by default too: a location of the same class whose readings are among its
    words (with line breaks as variants, a line break between two variants joins them into one)."""
    default, with_lines = collated(name), collated(name, "variant")
    assert _line_division_locations(default) == []
    assert len(_line_division_locations(with_lines)) > 20
    assert _classes(default)["whitespace"] < _classes(with_lines)["whitespace"] / 10
    found = [(v.type, _words(v)) for v in default.variants if v.type != "whitespace"]
    for variant in with_lines.variants:
        if variant.type != "whitespace":
            words = _words(variant)
            assert any(kind == variant.type and all(a <= b for a, b in zip(w, words)) for kind, w in found), variant
    assert sum(k != "whitespace" for k, _ in found) >= sum(v.type != "whitespace" for v in with_lines.variants)


def _words(variant) -> list[Counter]:
    """The words of each reading of ``variant``, by witness (in collation order)."""
    by_siglum = {s: Counter(re.findall(r"\w+", r.text)) for r in variant.readings for s in r.sigla}
    return [by_siglum[s] for s in sorted(by_siglum)]


def _tokens(*texts: str) -> list[list[Token]]:
    return [[Token(t, t.strip().lower(), 0) for t in text.split("|")] for text in texts]


@pytest.mark.parametrize(
    "texts, found",
    [
        (("sing |the |wrath ", "sing\n|the |wrath "), {0: (1,)}),
        (("sing |the\n|wrath ", "sing\n|the |wrath "), {0: (1,), 1: (0,)}),  # breaks at different words
        (("sing |the ", "sing |the "), {}),
        (("sing  |the ", "sing |the "), None),  # two spaces against one: spacing
        (("sing|, ", "sing\n|, "), None),  # a line break where the other has no space
        (("sing\n  |the ", "sing |the "), None),  # an indented line
        (("sing\n\n|the ", "sing |the "), None),  # a paragraph end
        (("sing |the ", "Sing |the "), None),  # a word differs
        (("sing |the ", "sing "), None),  # a word missing
    ],
)
def test_line_division_is_a_line_break_against_the_same_space(texts, found):
    tokens = _tokens(*texts)
    assert line_division([(0, len(t)) for t in tokens], tokens) == found


# -- TEI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("line_breaks", ["milestone", "variant"])
@pytest.mark.parametrize("name", ["racine", "racine-same", "cenci"])
def test_tei_valid_and_every_witness_rebuilds(name, line_breaks, tei_schema):
    collation = collated(name, line_breaks)
    for options in ({}, {"base": collation.sigla[1]}):
        data = to_tei(collation, **options)
        assert_valid_tei(tei_schema, data)
        for witness in collation.witnesses:
            assert witness_text(data, witness.siglum) == witness.text, (name, options, witness.siglum)


def _random_texts(rng) -> list[str]:
    """Two to four witnesses of a few common words, some dropped or added, each followed by a space or
    a line break at random: witnesses that share a reading often break its line differently."""
    base = [rng.choice(["the", "0", "a", "cat", ","]) for _ in range(rng.randint(2, 8))]
    texts = []
    for _ in range(rng.randint(2, 4)):
        words = [x for x in base if rng.random() > 0.2] + ([rng.choice(["dog", "the"])] if rng.random() < 0.3 else [])
        texts.append("".join(x + rng.choice([" ", " ", "\n"]) for x in words))
    return texts


@pytest.mark.parametrize("texts", [["the the 0 the the ", "the the the the ", "the the 0 the\nthe "],
                                   ["0 the\n", "0 0 the ", "0 0\n"], ["a , dog\n", "a ,\n", "a\n,\n", ",\n"]])
def test_a_line_break_at_the_end_of_a_shared_reading_is_its_witness_own(texts, tei_schema):
    """Where two witnesses share a reading but only one breaks the line after it, that witness gets
    the ``lb`` and the other keeps its space: each rebuilds exactly (found by the property tests)."""
    collation = collate_witnesses([Witness(f"W{i}", t) for i, t in enumerate(texts)], Settings())
    data = to_tei(collation)
    assert_valid_tei(tei_schema, data)
    assert [witness_text(data, f"W{i}") for i in range(len(texts))] == texts


def test_every_witness_rebuilds_whatever_its_line_division():
    """Seeded random witnesses of common words with random line breaks (200 sets; before the
    writer looked at each witness's own line division at the end of a reading, one set in eight failed)."""
    import random

    rng = random.Random(1)
    for _ in range(200):
        texts = _random_texts(rng)
        data = to_tei(collate_witnesses([Witness(f"W{i}", t) for i, t in enumerate(texts)], Settings()))
        assert [witness_text(data, f"W{i}") for i in range(len(texts))] == texts, texts


def test_each_witness_line_breaks_are_its_own_milestones():
    collation = collated("racine-same")
    root = etree.fromstring(to_tei(collation))
    breaks = Counter(lb.get("ed") for lb in root.iterfind(".//t:body//t:lb", NS))
    a, b = collation.witnesses
    # every line break of one witness where the other has a space is one lb of that witness
    words_a, words_b = _break_positions(a.text), _break_positions(b.text)
    assert breaks == Counter({"#A": len(words_a - words_b), "#B": len(words_b - words_a)})
    assert not root.findall(".//t:app", NS)
    assert 'line_breaks=milestone' in root.findtext(".//t:application/t:desc", namespaces=NS)


def _break_positions(text: str) -> set[int]:
    """The word counts after which ``text`` breaks a line (the last line's end left out)."""
    found, count = set(), 0
    for line in text.rstrip("\n").split("\n")[:-1]:
        count += len(line.split())
        found.add(count)
    return found


def test_italic_verse_and_page_breaks_with_lines_broken_differently(tei_schema):
    """Formatting and page breaks in a passage broken into lines differently: still no location,
    the italics kept, each witness's page break its own, and both witnesses rebuilt exactly."""
    verses = _verses("1668-normalised")[:6]
    a = "\n".join(verses) + "\n"
    b = textwrap.fill(" ".join(verses), 45) + "\n"
    page_a, page_b = a.index(verses[3]), b.index("Depuis")
    witnesses = [
        Witness("A", a, formatting=(Span(0, len(a) - 1, "italic"),), milestones=(Milestone(page_a, "pb", "2"),)),
        Witness("B", b, formatting=(Span(0, len(b) - 1, "italic"),), milestones=(Milestone(page_b, "pb", "7"),)),
    ]
    collation = collate_witnesses(witnesses)
    assert collation.variants == ()
    data = to_tei(collation)
    assert_valid_tei(tei_schema, data)
    for witness in witnesses:
        assert witness_text(data, witness.siglum) == witness.text
    root = etree.fromstring(data)
    lbs = root.findall(".//t:lb", NS)
    assert len(lbs) == len(_break_positions(a) ^ _break_positions(b))
    assert sorted((pb.get("ed"), pb.get("n")) for pb in root.iterfind(".//t:pb", NS)) == [("#A", "2"), ("#B", "7")]
    assert {hi.get("rend") for hi in root.iterfind(".//t:hi", NS)} == {"italic"}


def test_with_line_breaks_as_variants_there_are_no_lb_milestones():
    root = etree.fromstring(to_tei(collated("racine-same", "variant")))
    assert not root.findall(".//t:lb", NS)
    assert len(root.findall(".//t:app", NS)) > 100


# -- the field's tools --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["racine", "cenci"])
def test_versioning_machine_panels_show_each_witness_words_apart(name):
    collation = collated(name)
    panels = vm_panels(vm_page(to_tei(collation)))
    for witness in collation.witnesses:
        assert panels[witness.siglum] == " ".join(witness.text.split()), witness.siglum


@pytest.mark.parametrize("name", ["racine", "cenci"])
def test_teiphy_reads_every_location_and_our_substantive_count(name):
    collation = collated(name)
    states, _ = teiphy_states(to_tei(collation), [])
    assert set(states) == {v.id for v in collation.variants}
    trivial = ["orthographic", "punctuation", "spelling", "typo"]
    _, informative = teiphy_states(to_tei(collation), trivial)
    assert informative == sum(v.type == "substantive" for v in collation.variants)


def test_line_division_is_no_disagreement_in_the_distance_matrix():
    pair = distances(collated("racine-same")).count("A", "B")
    assert (pair.substantive, pair.accidental) == (0, 0) and pair.words > 1000
    pair = distances(collated("racine-same", "variant")).count("A", "B")
    assert pair.substantive == 0 and pair.accidental > 100


# -- the report and JSON ------------------------------------------------------------------------


def _cell_text(rows, w: int) -> tuple[str, int]:
    """Witness ``w``'s text as its column shows it, and how many of its runs are marked variants."""
    text, marked = [], 0
    for row in rows:
        for run in row.cells[w]:
            marked += bool(run.app)
            for part in run.parts:
                if isinstance(part, str):
                    text.append(part)
                elif isinstance(part, Styled) or (isinstance(part, Mark) and part.kind == "tail"):
                    text.append(part.text if isinstance(part, Styled) else part.label)
    return "".join(text), marked


def test_report_shows_each_witness_line_breaks_unmarked():
    collation = collated("racine")
    rows = build_rows(collation)
    for w, witness in enumerate(collation.witnesses):
        shown, marked = _cell_text(rows, w)
        assert shown == witness.text  # its own line breaks, in its own column
        assert marked == len(collation.variants)  # and none of them marked as a variant


def test_json_keeps_each_witness_whitespace_and_the_setting():
    collation = collated("racine")
    data = to_json(collation)
    back = from_json(data)
    assert back == collation
    for witness, tokens in zip(back.witnesses, back.tokens):
        assert "".join(t.text for t in tokens) == witness.text
    doc = json.loads(data)
    assert doc["collation"]["settings"]["line_breaks"] == "milestone"
    del doc["collation"]["settings"]["line_breaks"]  # a document written before the setting
    assert from_json(json.dumps(doc)).settings.line_breaks == "variant"


# -- the option ---------------------------------------------------------------------------------


def _write(tmp_path, witnesses):
    for w in witnesses:
        (tmp_path / f"{w.siglum}.txt").write_text(w.text, encoding="utf-8")
    return [str(tmp_path / f"{w.siglum}.txt") for w in witnesses]


def test_command_line_option(tmp_path):
    files = _write(tmp_path, racine("1668-normalised"))
    runner = CliRunner()
    default = runner.invoke(main, ["run", *files, "--tei", str(tmp_path / "a.xml")])
    assert default.exit_code == 0, default.output
    assert "0 variant locations" in default.output
    varied = runner.invoke(main, ["run", *files, "--line-breaks", "variant"])
    assert varied.exit_code == 0 and "whitespace" in varied.output
    assert "--line-breaks [milestone|variant]" in runner.invoke(main, ["run", "--help"]).output


def test_manifest_key(tmp_path):
    files = _write(tmp_path, racine("1668-normalised"))
    manifest = tmp_path / "c.toml"
    body = "".join(f'[[witness]]\nfile = "{f}"\n' for f in files)
    manifest.write_text('[collation]\nline_breaks = "variant"\n' + body, encoding="utf-8")
    assert load_manifest(manifest).settings.line_breaks == "variant"
    runner = CliRunner()
    assert "whitespace" in runner.invoke(main, ["run", str(manifest)]).output
    manifest.write_text(body, encoding="utf-8")
    assert "0 variant locations" in runner.invoke(main, ["run", str(manifest)]).output
    assert "whitespace" in runner.invoke(main, ["run", str(manifest), "--line-breaks", "variant"]).output
    manifest.write_text('[collation]\nline_breaks = "lines"\n' + body, encoding="utf-8")
    with pytest.raises(ConfigError, match="line_breaks = 'lines'; choose one of milestone, variant"):
        load_manifest(manifest)
