"""OCR clean-up of printed pages: running headers, footnotes, hyphenation, footnote markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from collate.readers.ocr import (
    Line,
    apply_corrections,
    drop_running_headers,
    join_hyphenated,
    join_paragraphs,
    number_lines,
    paragraphs_from_pages,
    remove_footnote_markers,
    repair_bracket_for_i,
    set_aside_footnotes,
    split_pages,
    word_set,
)

SEED = Path(__file__).resolve().parent.parent / "data" / "seeds" / "003_5132bd896dbc28cd.txt"

# Two printed pages: a word broken across the page foot, a footnote at the foot, a running header.
PAGES = """\
We received your letter and the steno-

9. "We" refers to himself and Shliapnikov.
 graphic report of the con-
ference. It was long.

12 The Journal: Volume 1

The second page starts a new paragraph.
"""


def clean(text: str) -> str:
    lines = number_lines(text)
    lines, headers = drop_running_headers(lines, r"^\d+ The Journal")
    pages, _ = set_aside_footnotes(split_pages(lines, breaks=headers))
    joined, _ = join_paragraphs(paragraphs_from_pages(pages), word_set(text))
    return joined


def test_running_header_removed_with_its_blank_lines():
    lines, edits = drop_running_headers(number_lines(PAGES), r"^\d+ The Journal")
    assert [e.before for e in edits] == ["12 The Journal: Volume 1"]
    assert edits[0].line == 7
    assert all("Journal" not in line.text for line in lines)
    assert [line.number for line in lines][-2:] == [9, 10]  # the blank lines after the header go too


def test_header_is_a_page_break():
    lines, edits = drop_running_headers(number_lines(PAGES), r"^\d+ The Journal")
    pages = split_pages(lines, breaks=edits)
    assert [page[0].number for page in pages] == [1, 4, 9]


def test_footnote_at_page_foot_set_aside():
    pages = split_pages(number_lines(PAGES))
    pages, notes = set_aside_footnotes(pages)
    assert [(n.label, n.text, n.lines) for n in notes] == [("9", '"We" refers to himself and Shliapnikov.', (3, 3))]
    assert all("refers to himself" not in line.text for page in pages for line in page)


def test_numbered_paragraph_of_the_text_is_not_a_footnote():
    text = "1. About your resolution.\n 2. A page of its own.\n"
    _, notes = set_aside_footnotes(split_pages(number_lines(text)))
    assert notes == []  # the first block of a page is its text
    text = "text\n\n9. A note.\n more text\n\n4. Not a note.\n"
    _, notes = set_aside_footnotes(split_pages(number_lines(text)))
    assert [n.label for n in notes] == ["9"]  # footnote numbers only ever increase


def test_word_broken_across_page_and_footnote_is_joined():
    assert clean(PAGES) == (
        "We received your letter and the stenographic report of the conference. It was long.\n\n"
        "The second page starts a new paragraph.\n"
    )


def test_page_break_after_sentence_end_before_capital_starts_paragraph():
    text = "It ended here.\n The next page opens.\n"
    assert clean(text) == "It ended here.\n\nThe next page opens.\n"
    text = "It goes on\n into the next page.\n"
    assert clean(text) == "It goes on into the next page.\n"
    text = "It goes on\n Into the next page.\n"
    assert clean(text) == "It goes on Into the next page.\n"  # no sentence end: the paragraph goes on


def test_soft_hyphen_joined():
    joined, decisions = join_hyphenated(["the expan-", "sion of industry"])
    assert joined == "the expansion of industry"
    assert decisions == [("expan-|sion", "expansion")]


def test_real_hyphen_kept_when_the_text_has_the_compound():
    vocabulary = word_set("the worker-peasant government\n")
    assert join_hyphenated(["the “worker-", "peasant government”"], vocabulary)[0] == "the “worker-peasant government”"


def test_hyphen_dropped_when_the_text_has_the_joined_word():
    vocabulary = word_set("all of it because of that\n")
    assert join_hyphenated(["not be-", "cause we were"], vocabulary)[0] == "not because we were"


def test_compound_prefix_keeps_its_hyphen():
    assert join_hyphenated(["the self-", "expulsion of the weaker"])[0] == "the self-expulsion of the weaker"


def test_halves_of_a_broken_word_are_no_evidence_for_themselves():
    vocabulary = word_set("is a less-\ner evil than\n")
    assert "less" not in vocabulary and "er" not in vocabulary
    assert join_hyphenated(["is a less-", "er evil"], vocabulary)[0] == "is a lesser evil"


def test_short_line_keeps_its_break():
    """A closing formula above a signature: a line far shorter than the text's typical line."""
    lines = [Line(1, "With communist greetings from all of us"), Line(2, "(Medvedev)")]
    other = [Line(n, "x" * 70) for n in range(3, 23)]
    text, _ = join_paragraphs([lines, other])
    assert text.startswith("With communist greetings from all of us\n(Medvedev)\n\n")


@pytest.mark.parametrize(
    "printed, cleaned, count",
    [
        ("We’ received your'” letter.", "We received your letter.", 2),
        ("talked with comrade Kobyzev.'' From", "talked with comrade Kobyzev. From", 1),
        ("more experienced [propertied]'? politicians.", "more experienced [propertied] politicians.", 1),
        ('the contraction [improvement]" of our base', "the contraction [improvement] of our base", 1),
        ("rather more well-off'* or the", "rather more well-off or the", 1),
        ("greetings from all of us'", "greetings from all of us", 1),
        ("as “ever'” he said", "as “ever” he said", 1),
    ],
)
def test_footnote_markers_removed(printed, cleaned, count):
    text, edits = remove_footnote_markers(printed)
    assert text == cleaned
    assert len(edits) == count


@pytest.mark.parametrize(
    "text",
    [
        "the workers’ democracy and the parties’ leading circles",
        "the “September Opposition” (comrades)",
        "“from need it is transformed,” that this policy",
        "what is this? We don’t know.",
    ],
)
def test_apostrophes_and_quotes_of_the_text_kept(text):
    assert remove_footnote_markers(text) == (text, [])


def test_bracket_misread_for_capital_i():
    text = "During the writing [ was interrupted. In a short time. [circa 1924]"
    repaired, edits = repair_bracket_for_i(text)
    assert repaired == "During the writing I was interrupted. In a short time. [circa 1924]"
    assert len(edits) == 1


def test_closed_bracket_is_not_repaired():
    text = "even before [ at] the conference"
    assert repair_bracket_for_i(text) == (text, [])


def test_explicit_correction_must_match_once():
    assert apply_corrections("c¢) we consider", [("c¢)", "c)", "cent sign")])[0] == "c) we consider"
    with pytest.raises(ValueError, match="matches 0 times"):
        apply_corrections("nothing here", [("c¢)", "c)", "cent sign")])


def test_seed_003_letter_cleaned():
    """The OCR of Allen's article: the letter's pages lose header, footnotes, markers and hyphens."""
    source = SEED.read_text(encoding="utf-8")
    lines = [line for line in number_lines(source) if 120 <= line.number <= 778]
    lines, headers = drop_running_headers(lines, r"^\d+ The NEP Era: Soviet Russia 1921-1928$")
    pages, notes = set_aside_footnotes(split_pages(lines, breaks=headers))
    text, joins = join_paragraphs(paragraphs_from_pages(pages), word_set(source))
    text, markers = remove_footnote_markers(text)
    assert [e.line for e in headers] == [380]
    assert [n.label for n in notes] == ["9", "10", "11", "12", "13", "14", "15"]
    assert len(markers) == len(notes)
    assert "The NEP Era" not in text
    assert "Hckywennvie" not in text and "NKVD" not in text and "probably refers" not in text
    assert "stenographic report" in text and "development, to the employment" in text
    assert not any(line.rstrip().endswith("-") for line in text.splitlines())
    kept = sorted(e.after for e in joins if "-" in e.after)
    assert kept == ["all-defining", "self-expulsion", "worker-peasant"]
