"""The pipeline end to end: witnesses in; TEI, HTML and JSON out, nothing of a witness lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from collate import Settings, Witness, collate_witnesses, load_witnesses, render
from collate.cli import main
from collate.collation import alignment_table
from collate.tokenize import tokenize
from collate.writers.json import from_json
from collate.writers.tei import TEI_NS, witness_text

from .browser import CHROMIUM, FLAGS, missing
from .conftest import KROPOTKIN, assert_valid_tei

NS = {"t": TEI_NS}


def collate_texts(*texts: str, **kwargs):
    witnesses = [Witness(chr(ord("A") + i), t) for i, t in enumerate(texts)]
    return collate_witnesses(witnesses, Settings(**kwargs))


# -- alignment phenomena ------------------------------------------------------------------------


def test_omission():
    c = collate_texts("the black cat", "the cat")
    assert alignment_table(c) == "A: |the|black|cat|\nB: |the| |cat|"
    assert [v.subtype for v in c.variants] == ["omission"]


def test_addition():
    c = collate_texts("wrote you personally", "wrote to you personally")
    assert alignment_table(c) == "A: |wrote| |you personally|\nB: |wrote|to|you personally|"


def test_substitution():
    c = collate_texts("As this problem concerns", "As the problem concerns")
    assert alignment_table(c) == "A: |As|this|problem concerns|\nB: |As|the|problem concerns|"
    assert c.variants[0].type == "substantive"


def test_three_witnesses_each_accounted_for():
    c = collate_texts("the black cat sat", "the cat sat", "a white cat sat")
    for v in c.variants:
        sigla = [s for r in v.readings for s in r.sigla]
        assert sorted(sigla) == ["A", "B", "C"]


def test_case_only_difference_is_a_variant_location():
    c = collate_texts("from the moscow centre", "from the Moscow centre")
    assert [(v.type, [r.text for r in v.readings]) for v in c.variants] == [("case", ["moscow ", "Moscow "])]


def test_identical_witnesses_give_no_variants():
    c = collate_texts("One and the same.\n\nText.", "One and the same.\n\nText.")
    assert c.variants == ()


# -- the bundled Kropotkin witnesses ------------------------------------------------------------


def _readings(collation) -> list[tuple[str, ...]]:
    return [tuple(r.text.strip() for r in v.readings) for v in collation.variants]


@pytest.mark.parametrize(
    "miller, shatz",
    [
        ("noe", "none"),
        ("", "to"),  # "wrote you" / "wrote to you"
        ("way", ""),  # "this way is understood" / "this is understood"
        ("this", "the"),  # "As this problem" / "As the problem"
    ],
)
def test_kropotkin_divergences_found(kropotkin, miller, shatz):
    assert (miller, shatz) in _readings(kropotkin)


def test_kropotkin_date_divergence(kropotkin):
    """'August 15, 1918' / 'the 15 August 1918': the stretch around it varies, 1918 is shared."""
    varying = {v.segment for v in kropotkin.variants}
    around = [
        (i, kropotkin.reading(s, 0).strip(), kropotkin.reading(s, 1).strip())
        for i, s in enumerate(kropotkin.alignment.segments)
        if "August" in kropotkin.reading(s, 0) + kropotkin.reading(s, 1)
    ]
    assert around and all(i in varying for i, _, _ in around)
    miller = " ".join(m for _, m, _ in around)
    shatz = " ".join(s for _, _, s in around)
    assert "August" in miller and "August" in shatz and "the" in shatz.split()


def test_markdown_emphasis_is_formatting_not_text(kropotkin):
    shatz = kropotkin.witnesses[1]
    assert "*" not in shatz.text
    italic = [shatz.text[s.start : s.end] for s in shatz.formatting]
    assert "absolutely impossible" in italic
    assert "literally starving" in italic


def test_tokens_rejoin_to_each_witness(kropotkin):
    for witness, tokens in zip(kropotkin.witnesses, kropotkin.tokens):
        assert "".join(t.text for t in tokens) == witness.text


# -- TEI ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [{}, {"base": "Shatz"}, {"flat": True}, {"base": "Miller", "flat": True}])
def test_kropotkin_tei_valid(tei_schema, kropotkin, options):
    assert_valid_tei(tei_schema, render(kropotkin, "tei", **options))


@pytest.mark.parametrize("options", [{}, {"base": "Shatz"}])
def test_each_witness_reconstructed_from_tei(kropotkin, options):
    data = render(kropotkin, "tei", **options)
    for i, witness in enumerate(kropotkin.witnesses):
        assert witness_text(data, witness.siglum) == witness.text


def test_every_app_names_every_witness_once(kropotkin):
    root = etree.fromstring(render(kropotkin, "tei"))
    apps = root.findall(".//t:app", NS)
    assert len(apps) == len(kropotkin.variants) > 0
    for app in apps:
        wits = [w for r in app.iter(f"{{{TEI_NS}}}rdg", f"{{{TEI_NS}}}lem") for w in r.get("wit").split()]
        assert sorted(wits) == ["#Miller", "#Shatz"], etree.tostring(app)


def test_omission_is_a_reading_without_the_words(kropotkin):
    """The witness that lacks words has a reading without them: empty, or (where the other reading
    would end in a space of its own) the next shared word alone, as the app takes that word in."""
    root = etree.fromstring(render(kropotkin, "tei"))
    apps = root.xpath(".//t:app[@subtype='substantive-omission']", namespaces=NS)
    assert len(apps) >= 2, "the omissions ('to', 'way', 'so')"
    for app in apps:
        full, short = ("".join(r.itertext()).split() for r in app.iterfind("t:rdg", NS))
        longer, shorter = (full, short) if len(full) > len(short) else (short, full)
        assert shorter == longer[len(longer) - len(shorter):] or shorter == longer[: len(shorter)], (longer, shorter)


def test_lem_mode_takes_the_base_witness(kropotkin):
    root = etree.fromstring(render(kropotkin, "tei", base="Shatz"))
    lems = root.findall(".//t:lem", NS)
    assert len(lems) == len(kropotkin.variants)
    assert all(lem.get("wit") == "#Shatz" for lem in lems)


def test_tei_header_lists_witnesses_with_metadata(kropotkin):
    root = etree.fromstring(render(kropotkin, "tei"))
    wits = root.findall(".//t:listWit/t:witness", NS)
    assert [w.findtext("t:abbr", namespaces=NS) for w in wits] == ["Miller", "Shatz"]
    assert "Martin A. Miller" in "".join(wits[0].itertext())
    assert root.find(".//t:variantEncoding", NS).get("method") == "parallel-segmentation"


def test_outputs_are_deterministic(kropotkin):
    again = collate_witnesses(load_witnesses([KROPOTKIN]))
    for fmt in ("tei", "html", "json"):
        assert render(kropotkin, fmt) == render(again, fmt)


# -- JSON ---------------------------------------------------------------------------------------


def test_json_reads_back_to_the_same_collation(kropotkin):
    assert from_json(render(kropotkin, "json")) == kropotkin


def test_each_witness_reconstructed_from_json(kropotkin):
    back = from_json(render(kropotkin, "json"))
    for w, witness in enumerate(kropotkin.witnesses):
        assert "".join(t.text for t in back.tokens[w]) == witness.text
        spans = [back.alignment.segments[i].spans[w] for i in range(len(back.alignment.segments))]
        assert "".join(back.reading(back.alignment.segments[i], w) for i in range(len(spans))) == witness.text


# -- generated witnesses ------------------------------------------------------------------------

_words = st.sampled_from(["the", "The", "cat", "sat", "on", "mat", "colour", "color", "é", "naïve", "don't", "—", ",", ".", "“", "”", "…", "&", "<b>", "]]>"])
_text = st.lists(st.tuples(_words, st.sampled_from([" ", " ", "\n", "\n\n", "", "  "])), min_size=1, max_size=25).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(_text.filter(lambda t: t.strip()), min_size=2, max_size=3))
def test_generated_witnesses_reconstruct_from_tei_and_json(tei_schema, texts):
    collation = collate_texts(*texts)
    tei = render(collation, "tei")
    assert_valid_tei(tei_schema, tei)
    back = from_json(render(collation, "json"))
    for i, text in enumerate(texts):
        assert witness_text(tei, collation.sigla[i]) == text
        assert "".join(t.text for t in back.tokens[i]) == text


@given(_text)
def test_tokenization_is_lossless(text):
    assert "".join(t.text for t in tokenize(Witness("A", text))) == text


# -- the command line ---------------------------------------------------------------------------


def test_cli_run_writes_all_three(tmp_path, tei_schema):
    out = {ext: tmp_path / f"k.{ext}" for ext in ("xml", "html", "json")}
    result = CliRunner().invoke(
        main,
        ["run", str(KROPOTKIN), "--tei", str(out["xml"]), "--html", str(out["html"]), "--json", str(out["json"])],
    )
    assert result.exit_code == 0, result.output
    assert_valid_tei(tei_schema, out["xml"].read_bytes())
    assert b"Miller" in out["html"].read_bytes()
    assert from_json(out["json"].read_bytes()).sigla == ("Miller", "Shatz")


def test_cli_help_has_examples():
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    assert "collate run witnesses/kropotkin --tei" in result.output


# -- the HTML report in a real browser ----------------------------------------------------------

def chromium() -> str:
    path = shutil.which("chromium") or CHROMIUM
    if missing():
        pytest.fail(missing())
    return path


@pytest.mark.browser
def test_html_side_by_side_in_chromium(kropotkin, tmp_path: Path):
    page = tmp_path / "k.html"
    page.write_bytes(render(kropotkin, "html"))
    dom = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    root = etree.fromstring(dom.encode(), etree.HTMLParser())
    headers = [th.text for th in root.iterfind(".//table[@class='align']/thead/tr/th")]
    assert headers == ["Miller", "Shatz"]
    marked = {el.get("data-app"): "".join(el.itertext()) for el in root.iterfind(".//span[@data-app]")}
    assert len({k for k in marked}) == len(kropotkin.variants)
    texts = [("".join(el.itertext())).strip() for el in root.iterfind(".//span[@data-app]")]
    assert "noe" in texts and "none" in texts


def test_cli_regularization_file_changes_what_counts_as_substantive(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text('substantive = ["substantive", "typo"]\n', encoding="utf-8")
    plain = CliRunner().invoke(main, ["run", str(KROPOTKIN)])
    strict = CliRunner().invoke(main, ["run", str(KROPOTKIN), "--regularize", str(rules)])
    assert plain.exit_code == strict.exit_code == 0, strict.output
    assert "counted substantive (substantive)" in plain.output
    assert "counted substantive (substantive, typo)" in strict.output


def test_cli_bad_regularization_file(tmp_path):
    rules = tmp_path / "rules.toml"
    rules.write_text("substantive = 3\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(KROPOTKIN), "--regularize", str(rules)])
    assert result.exit_code == 8
    assert result.output.startswith(f"Error: {rules}: 'substantive' must be a list")


def test_run_is_one_library_call_and_writes_any_format_to_stdout(tmp_path, capsysbinary):
    """collate.run: witnesses and outputs in; '-' sends any format to the stream given."""
    import io

    import collate

    out = io.BytesIO()
    collation = collate.run(["witnesses/kropotkin"], {"tei": "-", "json": tmp_path / "k.json"}, base="Shatz", stdout=out)
    assert out.getvalue() == render(collation, "tei")
    assert (tmp_path / "k.json").read_bytes() == render(collation, "json")
    assert collation.settings.base == "Shatz"
