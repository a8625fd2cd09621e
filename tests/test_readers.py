"""Readers: witnesses as historians have them (web pages, Markdown, OCR, TEI), page references kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from collate import Settings, collate_witnesses, render
from collate.errors import ConfigError, InputError
from collate.readers import EXTENSIONS, READERS, load_witness, load_witnesses
from collate.readers.pages import NOTE_MARKERS, PAGE_MARKERS, compile_markers, extract_markers
from collate.writers.tei import TEI_NS

from .conftest import KROPOTKIN, SEEDS, assert_valid_tei

BLOG = SEEDS / "000_e25ccdf0ec31a360.txt"
LIBRARY = SEEDS / "001_68f079e66e7b9ffa.txt"
BUBER = SEEDS / "002_47a583e272fb1036.txt"
ALLEN = SEEDS / "003_5132bd896dbc28cd.txt"
MYERS = SEEDS / "004_c8fd45a7105b1659.txt"
DATA = Path(__file__).resolve().parent / "data" / "readers"
MILLER = (KROPOTKIN / "miller.txt").read_text(encoding="utf-8")

WEB_PAGE_MARKERS = {"page_markers": "brace-p", "interpolations": "brace"}
BRACE = re.compile(r"\{[^{}]*\}")
BRACE_PAGE = re.compile(r"\{p\.\s*([^{}]+?)\s*\}")


def squash(text: str) -> str:
    """The text without any whitespace: what must survive a reader whatever it does to spacing."""
    return "".join(text.split())


def words_after(text: str, offset: int, count: int = 25) -> str:
    return squash(text[offset : offset + 400])[:count]


def meta(witness) -> dict[str, str]:
    return dict(witness.meta)


# -- cutting the witness out of a larger document -------------------------------------------------


def test_letter_cut_from_blog_page_by_markers():
    witness = load_witness(BLOG, siglum="Miller", options={"start": "Dmitrov, 4 March", "end": "P. Kr"})
    assert witness.text == MILLER
    assert meta(witness)["source_lines"] == "9-39"
    assert "start marker 'Dmitrov, 4 March'" in meta(witness)["preparation"]


def test_letter_cut_from_blog_page_by_line_range():
    witness = load_witness(BLOG, options={"lines": "9-39"})
    assert witness.text == MILLER
    assert meta(witness)["source_lines"] == "9-39"


def test_letter_cut_from_library_markdown_keeps_emphasis_as_formatting():
    witness = load_witness(LIBRARY, reader="markdown", options={"lines": "9-39"})
    bundled = load_witness(KROPOTKIN / "shatz.md")
    assert witness.text == bundled.text
    assert witness.formatting == bundled.formatting
    assert "*" not in witness.text
    assert [witness.text[s.start : s.end] for s in witness.formatting][:3] == [
        "absolutely impossible",
        "have not been delivered for two months already",
        "literally starving",
    ]


def test_cut_that_contradicts_recorded_source_lines_is_refused():
    with pytest.raises(ConfigError, match="source_lines = '9-38'.*keeps lines 9-39"):
        load_witness(BLOG, options={"lines": "9-39", "source_lines": "9-38"})


def test_start_marker_found_twice_is_refused():
    with pytest.raises(ConfigError, match="occurs on several lines"):
        load_witness(BLOG, options={"start": "Kropotkin"})


def test_end_marker_missing_is_refused():
    with pytest.raises(ConfigError, match="end marker 'Yours truly' is not in the source"):
        load_witness(BLOG, options={"start": "Dmitrov, 4 March", "end": "Yours truly"})


def test_line_range_past_the_end_is_refused():
    with pytest.raises(ConfigError, match="goes past the end of the source \\(147 lines\\)"):
        load_witness(BLOG, options={"lines": "9-400"})


def test_line_range_and_markers_together_are_refused():
    with pytest.raises(ConfigError, match="either lines or start/end"):
        load_witness(BLOG, options={"lines": "9-39", "start": "Dmitrov"})


# -- page references become milestones -----------------------------------------------------------


def test_printed_page_numbers_in_brackets_become_milestones():
    source = BUBER.read_text(encoding="utf-8")
    witness = load_witness(BUBER, options={"page_markers": "bracket"})
    printed = re.findall(r"\[(\d+)\]", source)
    assert [m.n for m in witness.milestones] == printed == [str(n) for n in range(100, 129)]
    assert not re.search(r"\[\d+\]", witness.text)
    assert "and obviously there is no small truth in this" in witness.text
    page_100 = witness.milestones[0]
    assert witness.text[page_100.offset :].startswith("there is no small truth")
    assert squash(re.sub(r"\[\d+\]", "", source)) == squash(witness.text)


def test_author_interpolations_in_brackets_stay_text_with_page_markers():
    witness = load_witness(BUBER, options={"page_markers": "bracket"})
    assert "[this latter term goes beyond Martov's words and gives them a Bolshevist twist]" in witness.text
    assert witness.notes == ()


def test_web_page_page_numbers_and_interpolations():
    source = MYERS.read_text(encoding="utf-8")
    witness = load_witness(MYERS, options=WEB_PAGE_MARKERS)
    assert "{" not in witness.text and "}" not in witness.text
    markers = list(BRACE.finditer(source))
    pages = [m for m in markers if BRACE_PAGE.fullmatch(m.group())]
    others = [m for m in markers if not BRACE_PAGE.fullmatch(m.group())]
    assert len(pages) == len(witness.milestones) == 63
    assert len(others) == len(witness.notes) == 27
    assert [m.n for m in witness.milestones] == [BRACE_PAGE.fullmatch(m.group()).group(1) for m in pages]
    assert [f"{{{n.text}}}" for n in witness.notes] == [m.group() for m in others]
    assert all(n.kind == "editorial" for n in witness.notes)
    # Each milestone and note stands before the words that followed its marker in the source.
    for marker, item in [*zip(pages, witness.milestones), *zip(others, witness.notes)]:
        assert (
            words_after(witness.text, item.offset)
            == squash(BRACE.sub("", source[marker.end() : marker.end() + 400]))[:25]
        )
    # Nothing but the markers left the text.
    assert squash(BRACE.sub("", source)) == squash(witness.text)
    assert "page markers 'brace-p': 63 page breaks" in meta(witness)["preparation"]
    assert "interpolations 'brace': 27 editorial notes" in meta(witness)["preparation"]


def test_interpolation_inside_a_sentence_leaves_one_space():
    text, _, _, notes = _unmark("shaped {i.e. self-sufficient} the masses {i.e. Jewish Bolsheviks}, and more")
    assert text == "shaped the masses, and more"
    assert [(n.text, text[n.offset :][:6]) for n in notes] == [
        ("i.e. self-sufficient", "the ma"),
        ("i.e. Jewish Bolsheviks", ", and "),
    ]


def test_marker_alone_on_its_line_leaves_no_empty_line():
    text, _, milestones, notes = _unmark("end of a page.\n{p. xxvii} {Editor's Preface}\nTrotsky's expulsion\n")
    assert text == "end of a page.\nTrotsky's expulsion\n"
    assert milestones[0].n == "xxvii" and text[milestones[0].offset :].startswith("Trotsky")
    assert notes[0].text == "Editor's Preface"


def test_page_marker_between_word_halves_is_removed_without_joining():
    text, _, milestones, _ = _unmark("intellectual develop- {p. 127} ment.")
    assert text == "intellectual develop- ment."
    assert text[milestones[0].offset :] == "ment."


def _unmark(text: str):
    pages = compile_markers("brace-p", PAGE_MARKERS, "n", "page_markers", "test")
    notes = compile_markers("brace", NOTE_MARKERS, "text", "interpolations", "test")
    return extract_markers(text, pages, notes)


def test_emphasis_across_a_page_marker_keeps_its_words(tmp_path):
    path = tmp_path / "w.md"
    path.write_text("the *dictatorship [12] of the party* as a means\n", encoding="utf-8")
    witness = load_witness(path, options={"page_markers": "bracket"})
    assert witness.text == "the dictatorship of the party as a means\n"
    assert [(witness.text[s.start : s.end], s.rend) for s in witness.formatting] == [
        ("dictatorship of the party", "italic")
    ]
    assert [(m.n, witness.text[m.offset :][:2]) for m in witness.milestones] == [("12", "of")]


def test_page_marker_syntax_given_as_regular_expression():
    witness = load_witness(BUBER, options={"page_markers": r"\[(?P<n>1[0-9]{2})\]"})
    assert len(witness.milestones) == 29


def test_page_marker_expression_without_named_group_is_refused():
    with pytest.raises(ConfigError, match=r"no named group \(\?P<n>"):
        load_witness(BUBER, options={"page_markers": r"\[\d+\]"})


def test_misspelt_option_is_refused_not_ignored():
    with pytest.raises(ConfigError, match="unknown witness option 'page_marker'; did you mean 'page_markers'"):
        load_witness(BUBER, options={"page_marker": "bracket"})


def test_reader_option_for_another_reader_is_refused():
    with pytest.raises(ConfigError, match="'select' applies to the html, xml and tei reader, not text"):
        load_witness(BLOG, options={"select": "//article"})


def test_page_breaks_reach_the_tei_apparatus(tei_schema):
    a = load_witness(BUBER, siglum="Buber", options={"page_markers": "bracket", "lines": "7-11"})
    b = load_witness(BUBER, siglum="Copy", options={"lines": "7-11"})  # the same text, markers left in
    collation = collate_witnesses([a, b], Settings())
    data = render(collation, "tei")
    assert_valid_tei(tei_schema, data)
    root = etree.fromstring(data)
    pbs = root.findall(f".//{{{TEI_NS}}}body//{{{TEI_NS}}}pb")
    assert [(pb.get("ed"), pb.get("n")) for pb in pbs] == [
        ("#Buber", "100"),
        ("#Buber", "101"),
        ("#Buber", "102"),
        ("#Buber", "103"),
    ]


# -- Markdown ----------------------------------------------------------------------------------------


def _markdown(tmp_path: Path, source: str):
    path = tmp_path / "w.md"
    path.write_text(source, encoding="utf-8")
    return load_witness(path)


def test_markdown_emphasis_is_formatting_not_text(tmp_path):
    w = _markdown(tmp_path, "The *dictatorship* of the **party**, and _snake_case_ stays.\n")
    assert w.text == "The dictatorship of the party, and snake_case stays.\n"
    assert [(w.text[s.start : s.end], s.rend) for s in w.formatting] == [
        ("dictatorship", "italic"),
        ("party", "bold"),
        ("snake_case", "italic"),
    ]


def test_markdown_markup_leaves_the_text_and_words_stay(tmp_path):
    source = (
        "# Letter to Lenin\n\n> Esteemed [Vladimir Ilich](https://example.org),\n\n"
        "1. first\n2. second\n\n- a bullet\n\n\\*not emphasis\\*\n"
    )
    w = _markdown(tmp_path, source)
    assert (
        w.text == "Letter to Lenin\n\nEsteemed Vladimir Ilich,\n\n1. first\n\n2. second\n\na bullet\n\n*not emphasis*\n"
    )
    assert w.formatting == ()


def test_markdown_hard_line_break_is_a_line_break(tmp_path):
    w = _markdown(tmp_path, "The Anarchist Library  \nAnti-Copyright\n")
    assert w.text == "The Anarchist Library\nAnti-Copyright\n"


# -- HTML ----------------------------------------------------------------------------------------------


def test_blog_page_yields_exactly_the_letter():
    page = DATA / "kropotkin-blog.html"
    witness = load_witness(page, options={"select": "//div[@class='entry-content']"})
    assert witness.reader == "html"
    assert witness.text == MILLER


def test_web_page_furniture_is_dropped_and_reported():
    witness = load_witness(DATA / "kropotkin-blog.html")
    assert witness.text.startswith("Letter of Kropotkin to Lenin, March 1920\n\nFrom Selected Writings")
    for furniture in ("Home", "Uncategorized", "analytics", "font-family", "Archives", "WordPress", "Leave a reply"):
        assert furniture not in witness.text
    assert "All power to the Soviets!" in witness.text  # comments are inside the article: select to cut them
    assert [(witness.text[s.start : s.end], s.rend) for s in witness.formatting] == [
        ("Selected Writings on Anarchism and Revolution", "italic")
    ]
    preparation = meta(witness)["preparation"]
    assert "text of the page's <article>" in preparation
    assert "nav (1), header (1), footer (1), aside (1), form (1)" in preparation


def test_html_page_numbers_line_breaks_and_verbatim_text(tmp_path):
    page = tmp_path / "chapter.html"
    page.write_text(
        "<html><body><main><p>In both cases  the operative\n law is that strictly <i>centralist</i> action"
        ' is necessary, and obviously <span class="pagenum">[Pg 100]</span>there is no small truth.</p>'
        "<p>With comradely greetings,<br>P. Kr</p><pre>  two  spaces\n kept</pre></main></body></html>",
        encoding="utf-8",
    )
    witness = load_witness(page, options={"page_class": "pagenum"})
    assert witness.text == (
        "In both cases the operative law is that strictly centralist action is necessary, and obviously there is"
        " no small truth.\n\nWith comradely greetings,\nP. Kr\n\n  two  spaces\n kept\n"
    )
    assert [(m.n, witness.text[m.offset :][:5]) for m in witness.milestones] == [("100", "there")]
    assert [witness.text[s.start : s.end] for s in witness.formatting] == ["centralist"]


def test_html_selection_matching_nothing_is_refused():
    with pytest.raises(ConfigError, match="matches no element of the page"):
        load_witness(DATA / "kropotkin-blog.html", options={"select": "//div[@id='letter']"})


def test_collate_report_is_not_taken_for_a_witness(tmp_path, kropotkin):
    report = tmp_path / "report.html"
    report.write_bytes(render(kropotkin, "html"))
    with pytest.raises(InputError, match="is a report written by collate, not a witness"):
        load_witness(report)


# -- TEI ------------------------------------------------------------------------------------------------


TEI_TEXT = (
    "Chapter 7 Family, Youth and Culture\n\n1. Thermidor in the family\n\nThe October revolution honestly fulfilled"
    " its obligations in relation to woman. The young government not only gave her all political and legal rights in"
    " equality with man, but, what is more important, did all that it could. The place of the family as a shut-in"
    " petty enterprise was to be occupied by a finished system of social care: maternity houses, creshes,"
    " kindergartens, schools, social dining rooms. The complete absorption of the housekeeping functions was to bring"
    " to woman a real liberation from the thousand-year-old fetters. Up to now this problem of problems has not been"
    " solved.\nWe must permit ourselves no illusions on this account.\n"
)


def test_tei_transcription_text_pages_notes_and_emphasis():
    witness = load_witness(DATA / "trotsky-p144.xml")
    assert witness.reader == "tei"
    assert witness.text == TEI_TEXT
    pages = [(m.n, witness.text[m.offset :][:7]) for m in witness.marks("pb")]
    assert pages == [("144", "Chapter"), ("145", "ters. U")]
    # the chapter's <div type="chapter" n="7"> is kept where it begins, for a split at divisions
    assert [(m.kind, m.n, m.offset) for m in witness.milestones if m.kind != "pb"] == [("div", "7", 0)]
    assert [(n.kind, n.text) for n in witness.notes] == [
        ("fw", "THE REVOLUTION BETRAYED"),
        ("corr", "creches"),
        ("editorial", "French crèche, a day nursery."),
        ("deletion", "any"),
    ]
    kindergartens = witness.notes[2].offset
    assert witness.text[:kindergartens].endswith("kindergartens")
    assert [(witness.text[s.start : s.end], s.rend) for s in witness.formatting] == [
        ("Family, Youth and Culture", "smallcaps"),
        ("more important", "italic"),
    ]
    assert meta(witness)["title"] == "The Revolution Betrayed, chapter 7 (opening)"
    assert meta(witness)["author"] == "Leon Trotsky"


def test_tei_test_transcription_is_valid_tei(tei_schema):
    assert_valid_tei(tei_schema, (DATA / "trotsky-p144.xml").read_bytes())


def test_tei_choice_regularized_takes_the_correction():
    witness = load_witness(DATA / "trotsky-p144.xml", options={"choice": "regularized"})
    assert "maternity houses, creches, kindergartens" in witness.text
    assert ("sic", "creshes") in [(n.kind, n.text) for n in witness.notes]


def test_tei_metadata_of_the_witness_file_wins_over_the_header(tmp_path):
    path = tmp_path / "t.xml"
    path.write_bytes((DATA / "trotsky-p144.xml").read_bytes())
    path.with_suffix(".toml").write_text('[witness]\ntitle = "Chapter 7"\n', encoding="utf-8")
    assert meta(load_witness(path))["title"] == "Chapter 7"


def test_tei_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    path = tmp_path / "x.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY s SYSTEM "file://{secret}">]>'
        f'<TEI xmlns="{TEI_NS}"><text><body><p>before &s; after</p></body></text></TEI>',
        encoding="utf-8",
    )
    assert "SECRET" not in load_witness(path).text


def test_not_tei_is_refused_by_the_tei_reader_and_read_by_the_xml_reader(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<html><body><p>text</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="root element is <html>, not <TEI>; give a TEI P5 document or use the xml"):
        load_witness(path, reader="tei")
    witness = load_witness(path)
    assert (witness.reader, witness.text) == ("xml", "text\n")
    path.write_text("<TEI><text><body><p>unclosed</body></text></TEI>", encoding="utf-8")
    with pytest.raises(InputError, match="is not well-formed XML"):
        load_witness(path)


def test_collate_apparatus_is_not_taken_for_a_witness(tmp_path, kropotkin):
    path = tmp_path / "apparatus.xml"
    path.write_bytes(render(kropotkin, "tei"))
    with pytest.raises(InputError, match="is an apparatus written by collate"):
        load_witness(path)


# -- OCR text --------------------------------------------------------------------------------------------


OCR = {"ocr": ["headers", "footnotes", "hyphenation"], "ocr_header": r"^\s*\d+\s+The NEP Era"}


def test_ocr_hyphenation_joined_and_real_hyphens_kept():
    witness = load_witness(ALLEN, options=OCR)
    assert "he attacked the party’s economic policy" in witness.text  # "at-" / "tacked"
    assert "the new-found lack of democracy" in witness.text  # a real hyphen in the middle of a line
    assert "Forty-six party members signed the “Declaration of the 46,” supporting his views" in witness.text


def test_ocr_running_header_becomes_page_break():
    source = ALLEN.read_text(encoding="utf-8")
    witness = load_witness(ALLEN, options=OCR)
    assert "34 The NEP Era: Soviet Russia 1921-1928" in source
    assert "The NEP Era" not in witness.text
    assert [m.n for m in witness.milestones] == ["34"]
    following = source.split("34 The NEP Era: Soviet Russia 1921-1928\n", 1)[1].lstrip().split()[0]
    assert witness.text[witness.milestones[0].offset :].startswith(following)


def test_ocr_footnotes_set_aside_as_notes():
    witness = load_witness(ALLEN, options=OCR)
    assert len(witness.notes) == 8 and all(n.kind == "footnote" for n in witness.notes)
    assert witness.notes[0].text.startswith("* I offer many thanks to Alexis Pogorelskin")
    assert "I offer many thanks" not in witness.text
    assert "8 footnotes set aside as notes" in meta(witness)["preparation"]


def test_ocr_source_lines_are_placed_in_the_joined_text():
    """Page breaks and footnotes are placed by source line: every line must be found where it went."""
    from collate.readers import ocr
    from collate.readers.pages import _paragraph_line_starts

    source = ALLEN.read_text(encoding="utf-8")
    pages = ocr.split_pages(ocr.number_lines(source))
    paragraphs = ocr.paragraphs_from_pages(pages)
    text, _ = ocr.join_paragraphs(paragraphs, ocr.word_set(source))
    starts = _paragraph_line_starts(paragraphs, text)
    lines = [line for paragraph in paragraphs for line in paragraph if line.text.strip()]
    assert len(lines) > 650
    misplaced = [n.number for n in lines if not text.startswith(n.text.strip()[:12].rstrip("-"), starts[n.number])]
    assert misplaced == []


def test_ocr_option_for_a_web_page_is_refused():
    with pytest.raises(ConfigError, match="the ocr option applies to plain-text witnesses, not to the html reader"):
        load_witness(DATA / "kropotkin-blog.html", options={"ocr": ["hyphenation"]})


def test_unknown_ocr_step_is_refused():
    with pytest.raises(ConfigError, match="unknown OCR step\\(s\\) 'hyphens'"):
        load_witness(ALLEN, options={"ocr": ["hyphens"]})


# -- choosing the reader ---------------------------------------------------------------------------------


def test_reader_chosen_by_extension_is_recorded(tmp_path):
    assert {EXTENSIONS[e] for e in (".txt", ".md", ".html", ".xml", ".tei")} == {"text", "markdown", "html", "xml", "tei"}
    assert set(EXTENSIONS.values()) <= set(READERS)
    assert load_witness(DATA / "kropotkin-blog.html").reader == "html"
    assert load_witness(KROPOTKIN / "shatz.md").reader == "markdown"


def test_reader_named_explicitly_overrides_the_extension():
    witness = load_witness(LIBRARY, reader="markdown")  # a .txt file holding Markdown
    assert witness.reader == "markdown"
    assert "# Letter" not in witness.text


def test_unknown_extension_is_read_as_text_and_says_so(tmp_path):
    path = tmp_path / "letter.dat"
    path.write_text("Esteemed Vladimir Ilich,\n", encoding="utf-8")
    witness = load_witness(path)
    assert witness.reader == "text"
    assert meta(witness)["preparation"] == "no reader claims the extension '.dat': read as plain text"


def test_unknown_reader_is_refused():
    with pytest.raises(InputError, match="unknown reader 'pdf'; choose one of html, markdown, tei, text, xml"):
        load_witness(BLOG, reader="pdf")


def test_bundled_witnesses_load_as_before():
    miller, shatz = load_witnesses([KROPOTKIN])
    assert miller.text == MILLER and "preparation" not in meta(miller)
    assert shatz.reader == "markdown" and "preparation" not in meta(shatz)
