"""Medvedev's letter to Baku: the 1926 and Baku versions reconstructed from Allen's inline apparatus (seed 003)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import lxml.html
import pytest

from collate.apparatus import ApparatusResult, BracketRecord, expand_apparatus, load_overrides
from collate.collation import collate_witnesses
from collate.readers import load_witnesses
from collate.writers import WRITERS

from .conftest import assert_valid_tei

ROOT = Path(__file__).resolve().parent.parent
WITNESSES = ROOT / "witnesses" / "medvedev"
SEED = ROOT / "data" / "seeds" / "003_5132bd896dbc28cd.txt"
FIRST, LAST = 120, 778  # the letter's lines in the seed


def _script():
    spec = importlib.util.spec_from_file_location("prepare_medvedev", ROOT / "scripts" / "prepare_medvedev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.fixture(scope="module")
def prepare():
    return _script()


@pytest.fixture(scope="module")
def apparatus() -> ApparatusResult:
    text = (WITNESSES / "source" / "letter.txt").read_text(encoding="utf-8")
    return expand_apparatus(text, load_overrides(WITNESSES / "source" / "overrides.toml"))


@pytest.fixture(scope="module")
def collation():
    return collate_witnesses(load_witnesses([WITNESSES]))


def test_preparation_reproduces_the_committed_files(prepare):
    files = prepare.build()
    assert sorted(files) == sorted(
        str(p.relative_to(WITNESSES)) for p in WITNESSES.rglob("*") if p.is_file() and p.name != "overrides.toml"
    )
    for name, content in files.items():
        assert (WITNESSES / name).read_text(encoding="utf-8") == content, (
            f"{name} differs; run scripts/prepare_medvedev.py"
        )
    assert prepare.build() == files  # deterministic


def test_every_bracket_of_the_letter_is_accounted_for(prepare, apparatus):
    """88 '[' in the letter's lines: 84 brackets of the apparatus, 3 inside footnotes, 1 OCR 'I'."""
    raw = "\n".join(SEED.read_text(encoding="utf-8").split("\n")[FIRST - 1 : LAST])
    _, log = prepare.clean(SEED.read_text(encoding="utf-8"))
    in_notes = sum(n.text.count("[") for n in log["footnotes"])
    misread = sum(1 for e in log["ocr"] if e.before.startswith("["))
    assert (raw.count("["), in_notes, misread, len(apparatus.brackets)) == (88, 3, 1, 84)
    counts = {k: apparatus.count(k) for k in ("replacement", "omission", "addition", "editorial")}
    assert sum(counts.values()) == 84
    assert counts["editorial"] == 1
    assert (
        apparatus.count("omission") == sum(1 for b in apparatus.brackets if "omitted" in b.text) - 1
    )  # quotation marks
    report = (WITNESSES / "source" / "apparatus.md").read_text(encoding="utf-8")
    rows = [r for r in report.splitlines() if re.match(r"\| \d+ \|", r)]
    assert [int(r.split("|")[1]) for r in rows] == list(range(1, 85))
    for rec, row in zip(apparatus.brackets, rows):
        assert f"| {rec.kind} |" in row and f"| {rec.confidence:.2f} |" in row


def test_overridden_scopes_are_few_and_give_a_reason(apparatus):
    overridden = [b for b in apparatus.brackets if b.decided == "overridden"]
    assert 0 < len(overridden) <= 5
    assert all(len(b.reason) > 40 for b in overridden)
    assert {b.scope_text for b in overridden} == {"would try to overthrow us", "an expression of", "supported by"}


def test_witnesses_carry_no_apparatus_footnotes_or_header():
    witnesses = load_witnesses([WITNESSES])
    assert [w.siglum for w in witnesses] == ["1926", "Baku"]
    for w in witnesses:
        assert re.findall(r"\[[^\]]*\]", w.text) == ["[circa 20 January 1924]"]  # the one editorial bracket
        for leftover in ("The NEP Era", "probably refers to himself", "NKVD", "Hckywennvie", "coCTOSTENBHBIX", "Bbr"):
            assert leftover not in w.text
        for marker in ("We’ received", "your'", "Kobyzev.''", "'?", "'*", "us'"):
            assert marker not in w.text
        assert not re.search(r"\w-\n", w.text) and "in-terrupted" not in w.text
        assert w.text.startswith("“Dear comrade V.,") and "I was interrupted" in w.text
        assert w.get("source_lines") == "120-778" and w.get("author")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a range over the spaces and punctuation around it: an aligner may pair either of two equal commas."""
    while start > 0 and not text[start - 1].isalnum():
        start -= 1
    while end < len(text) and not text[end].isalnum():
        end += 1
    return start, end


def _variant_range(collation, variant, w: int) -> tuple[int, int]:
    start, end = collation.alignment.segments[variant.segment].spans[w]
    tokens = collation.tokens[w]
    if start == end:
        at = tokens[start].offset if start < len(tokens) else len(collation.witnesses[w].text)
        return at, at
    return tokens[start].offset, tokens[end - 1].offset + len(tokens[end - 1].text)


def _meets(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _site_of(collation, apparatus, variant) -> list[BracketRecord]:
    base, baku = collation.witnesses
    ranges = [_widen(w.text, *_variant_range(collation, variant, i)) for i, w in enumerate((base, baku))]
    return [
        b
        for b in apparatus.brackets
        if b.kind != "editorial"
        and _meets(_widen(base.text, *b.base_span), ranges[0])
        and _meets(_widen(baku.text, *b.bracketed_span), ranges[1])
    ]


def test_divergence_at_every_expanded_bracket_and_nowhere_else(collation, apparatus):
    base, baku = collation.witnesses
    assert (base.text, baku.text) == (apparatus.base, apparatus.bracketed)
    sites = {b.number for b in apparatus.brackets if b.kind != "editorial"}
    found: set[int] = set()
    elsewhere = []
    for variant in collation.variants:
        at = _site_of(collation, apparatus, variant)
        found.update(b.number for b in at)
        if not at:
            elsewhere.append((variant.id, [r.text for r in variant.readings]))
    assert elsewhere == []
    assert sorted(sites - found) == []
    assert len(sites) == 83


def _readings(collation, variant) -> tuple[str, str]:
    return collation.reading(collation.alignment.segments[variant.segment], 0), collation.reading(
        collation.alignment.segments[variant.segment], 1
    )


def test_baku_only_paragraph_demanding_loans_and_concessions(collation):
    hits = [v for v in collation.variants if "with greater losses" in _readings(collation, v)[1]]
    assert len(hits) == 1
    base, baku = _readings(collation, hits[0])
    assert base.strip() == "" and "foreign and internal state loans and granting concessions" in baku
    assert hits[0].type == "substantive"


def test_baku_only_passage_on_the_labour_government(collation):
    hits = [v for v in collation.variants if "labour government in England" in _readings(collation, v)[1]]
    assert len(hits) == 1
    base, baku = _readings(collation, hits[0])
    assert re.sub(r"\W", "", base) == "" and "a government of the bourgeoisie" in baku
    assert hits[0].type == "substantive"


def test_hopeless_methods_against_hopeless_soil(collation, apparatus):
    (site,) = [b for b in apparatus.brackets if b.text.startswith("But the soil")]
    assert site.kind == "replacement" and site.scope_text.startswith("Those methods")
    at = [v for v in collation.variants if site in _site_of(collation, apparatus, v)]
    pairs = [_readings(collation, v) for v in at]
    assert any("Those methods" in a and "But the soil" in b for a, b in pairs)
    assert all(v.type == "substantive" for v in at if v.type != "whitespace")
    assert "obviously hopeless" in collation.witnesses[0].text[slice(*site.base_span)]
    assert (
        "Western European working masses — is obviously hopeless"
        in collation.witnesses[1].text[slice(*site.bracketed_span)]
    )


@pytest.mark.parametrize(
    "needle", ["with greater losses", "labour government in England", "Those methods", "But the soil"]
)
def test_html_report_marks_the_political_divergences_substantive(collation, needle):
    page = lxml.html.fromstring(WRITERS["html"](collation))
    spans = [s for s in page.xpath("//span[@data-app]") if needle in s.text_content()]
    assert spans and all("sub" in s.get("class").split() for s in spans)


@pytest.mark.slow
def test_tei_of_the_letter_is_valid(collation, tei_schema):
    assert_valid_tei(tei_schema, WRITERS["tei"](collation))
