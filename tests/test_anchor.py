"""The anchored aligner: every token once and in order, CollateX's alignment on small cases, real texts.

Most tests run the aligner with a tiny ``max_cells`` so that even short texts are cut at anchors
and stitched back together; the result must still be what CollateX makes of the whole text.
"""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collate.align import ALIGNERS, align, segments_from_columns
from collate.align.anchored import anchored_columns, find_anchors
from collate.align.collatex import collatex_columns
from collate.model import Settings, Witness
from collate.progress import ProgressBar, reporting
from collate.tokenize import tokenize

from .conftest import DATA

DARWIN = DATA / "bench" / "darwin"

#: Small enough that any stretch longer than a few tokens is cut at anchors before CollateX sees it.
TINY = 12


def words(*texts: str) -> list[list[str]]:
    return [text.split() for text in texts]


def render(columns, norms) -> list[str]:
    """One line per witness, ``|the|black|cat|``, blank cells where a witness has nothing."""
    cells = [[" ".join(norms[w][a:b]) for w, (a, b) in enumerate(column)] for column in columns]
    widths = [max(len(c) for c in column) for column in cells]
    return ["|" + "|".join(column[w].ljust(n) for column, n in zip(cells, widths)) + "|" for w in range(len(norms))]


def assert_covers(columns, norms) -> None:
    """Every token of every witness exactly once, in order, at most one per witness per column."""
    cursor = [0] * len(norms)
    for column in columns:
        assert len(column) == len(norms)
        for w, (a, b) in enumerate(column):
            assert a == cursor[w] and b - a in (0, 1), (w, a, b, cursor[w])
            cursor[w] = b
        assert any(b > a for a, b in column), "an empty column"
    assert cursor == [len(seq) for seq in norms]


def assert_like_collatex(norms, max_cells: int = TINY) -> list[str]:
    ours = anchored_columns(norms, max_cells=max_cells)
    assert_covers(ours, norms)
    assert render(ours, norms) == render(collatex_columns(norms), norms)
    return render(ours, norms)


# -- textual phenomena, against CollateX on the whole text ----------------------------------------


def test_omission():
    rows = assert_like_collatex(
        words(
            "it is the same with the black cat that sat on the mat in the hall of the old house by the sea",
            "it is the same with the cat that sat on the mat in the hall of the old house by the sea",
        )
    )
    assert rows[1].startswith("|it|is|the|same|with|the|     |cat|")


def test_addition():
    assert_like_collatex(
        words(
            "when we look to the individuals of the same variety of our older cultivated plants and animals",
            "when we look to the individuals of the same variety or sub-variety of our older cultivated plants and animals",
        )
    )


def test_substitution():
    rows = assert_like_collatex(
        words(
            "the employees receive from the moscow postal and telegraph supply centre according to the decree",
            "the employees received from the moscow postal and telegraph supply center according to the decree",
        )
    )
    assert "|receive |" in rows[0] and "|received|" in rows[1]


def test_repeated_words():
    """Words used many times ("the", "of") must not pull the alignment out of place."""
    assert_like_collatex(
        words(
            "the cause of the variability of the plants of the garden is the change of the conditions of life",
            "the cause of variability of the plants of the old garden is the change in the conditions of the life",
        )
    )


def test_gap_among_repeated_punctuation():
    """Where an omitted passage ends with the same word as the text after it, the gap goes where CollateX puts it."""
    assert_like_collatex(
        words(
            "the male bull , the greater length of horn , though appearing late in life , is clearly due",
            "the male bull , though appearing late in life , is clearly due",
        )
    )


def test_transposition():
    assert_like_collatex(
        words(
            "as will be hereafter briefly mentioned in the chapter on the struggle for existence among all beings",
            "as will hereafter be briefly discussed in the chapter on the struggle for existence among all beings",
        )
    )


def test_three_witnesses():
    assert_like_collatex(
        words(
            "the laws governing inheritance are quite unknown ; no one can say why a peculiarity is inherited",
            "the laws governing inheritance are for the most part unknown ; no one can say why the same peculiarity is inherited",
            "the laws governing inheritance are quite unknown . no one can say why a peculiarity is sometimes inherited",
        )
    )


def test_six_witnesses_of_a_darwin_paragraph():
    """A paragraph of all six editions, cut at anchors: the same as CollateX on the whole paragraph."""
    data = json.loads((DARWIN / "paragraphs.json").read_text(encoding="utf-8"))
    chosen = next(s for s in data["sets"] if s["id"] == "ch1-par20")
    norms = [[t.norm for t in tokenize(Witness(w["id"], w["content"]))] for w in chosen["witnesses"]]
    assert len(norms) == 6
    assert_like_collatex(norms, max_cells=2_000)


# -- inputs at the edges ------------------------------------------------------------------------


def test_identical_witnesses():
    norms = words("a rose is a rose is a rose", "a rose is a rose is a rose", "a rose is a rose is a rose")
    columns = anchored_columns(norms, max_cells=0)
    assert columns == [((k, k + 1),) * 3 for k in range(8)]


def test_one_empty_witness():
    norms = [["the", "black", "cat"], [], ["the", "cat"]]
    columns = anchored_columns(norms, max_cells=0)
    assert_covers(columns, norms)
    assert all(column[1] == (0, 0) for column in columns)
    assert render(columns, norms) == render(collatex_columns(norms), norms)


def test_all_witnesses_empty():
    assert anchored_columns([[], []]) == []


def test_stretch_without_anchors():
    """No word occurs once anywhere and the ends differ: aligned by common subsequence, nothing lost."""
    a = ["la", "li", "la", "lo"] * 60
    b = ["lo"] + a[:100] + ["li", "li"] + a[100:] + ["la"]
    norms = [a, b]
    assert all(find_anchors(norms, n) == [] for n in (7, 5, 3, 1))
    columns = anchored_columns(norms, max_cells=100)
    assert_covers(columns, norms)
    paired = [(a[i], b[j]) for (i, i1), (j, j1) in columns if i1 > i and j1 > j]
    assert len(paired) == len(a) and all(x == y for x, y in paired)  # every word of the shorter text matched


def test_stretch_without_anchors_too_long_for_one_diff(monkeypatch):
    """Past the diff's size limit the texts are diffed in proportional slices: still every token once."""
    import collate.align.anchored

    monkeypatch.setattr(collate.align.anchored, "MAX_DIFF_CELLS", 2_000)
    a = ["la", "li", "la", "lo"] * 60
    b = ["lo"] + a[:100] + ["li", "li"] + a[100:] + ["la"]
    columns = anchored_columns([a, b], max_cells=100)
    assert_covers(columns, [a, b])
    paired = [(a[i], b[j]) for (i, i1), (j, j1) in columns if i1 > i and j1 > j]
    assert len(paired) > 0.9 * len(a) and all(x == y for x, y in paired)


def test_long_addition_without_anchors_in_three_witnesses():
    """A long passage found in two witnesses only, with no anchor inside, among three."""
    inserted = ["and", "the", "of", "the", "and"] * 40
    base = ["it", "has", "been", "disputed", "at", "what", "period", "of", "life", "the", "causes", "act"]
    norms = [base, base[:6] + inserted + base[6:], base[:6] + inserted[:-3] + base[6:]]
    columns = anchored_columns(norms, max_cells=50)
    assert_covers(columns, norms)
    first, last = columns[0], columns[-1]
    assert [norms[w][a] for w, (a, _) in enumerate(first)] == ["it"] * 3
    assert [norms[w][a] for w, (a, _) in enumerate(last)] == ["act"] * 3


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), max_size=40), min_size=2, max_size=4),
    st.sampled_from([0, 5, 40, 10_000]),
)
def test_every_token_once_in_order(norms, max_cells):
    assert_covers(anchored_columns(norms, max_cells=max_cells), norms)


# -- real texts ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_kropotkin_variant_locations_as_collatex(kropotkin):
    """The two Kropotkin translations: the same variant locations as plain CollateX."""
    sigla = kropotkin.sigla
    tokens = kropotkin.tokens
    plain = align(sigla, tokens, "collatex")
    ours = align(sigla, tokens, "anchored")
    assert ours == plain


def test_darwin_chapter_six_editions():
    """All six editions of chapter 1 (some 13,000 tokens each): every token once, the text kept whole."""
    witnesses = [
        Witness(e, (DARWIN / f"darwin{e}.txt").read_text(encoding="utf-8"))
        for e in ("1859", "1860", "1861", "1866", "1869", "1872")
    ]
    tokens = [tokenize(w) for w in witnesses]
    norms = [[t.norm for t in seq] for seq in tokens]
    columns = anchored_columns(norms)
    assert_covers(columns, norms)
    segments = segments_from_columns(columns, tokens)
    for w, witness in enumerate(witnesses):
        assert "".join(t.text for s in segments for t in tokens[w][s.spans[w][0] : s.spans[w][1]]) == witness.text
    shared = sum(
        1
        for column in columns
        if len({norms[w][a] for w, (a, b) in enumerate(column) if b > a}) == 1 and all(b > a for a, b in column)
    )
    assert shared > 0.7 * min(map(len, norms))  # most of the chapter reads the same in every edition


# -- the default, and progress ------------------------------------------------------------------


def test_anchored_is_the_default_aligner():
    assert Settings().aligner == "anchored"
    assert ALIGNERS["anchored"] is anchored_columns


def test_progress_is_reported_to_the_end():
    calls: list[tuple[int, int]] = []
    norms = words("a b c d e f g h i j k l", "a b x d e f y h i j k l m")
    anchored_columns(norms, lambda done, total: calls.append((done, total)), max_cells=0)
    assert calls[0] == (0, 25) and calls[-1] == (25, 25)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(calls))


def test_progress_goes_to_the_current_reporter():
    calls: list[tuple[int, int]] = []
    with reporting(lambda d, t: calls.append((d, t))):
        anchored_columns(words("a b c", "a c"))
    assert calls[-1] == (5, 5)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_on_a_terminal_and_erases_itself():
    stream = _Terminal()
    with ProgressBar(stream=stream, delay=0, interval=0) as bar:
        bar(50, 200)
        bar(200, 200)
    out = stream.getvalue()
    assert "Aligning [" in out and " 25%" in out and "200/200 tokens" in out
    assert out.endswith("\r") and out.rstrip("\r").split("\r")[-1].strip() == ""


def test_progress_is_silent_off_a_terminal_for_a_short_run():
    stream = io.StringIO()
    with ProgressBar(stream=stream, delay=0, interval=0) as bar:
        bar(1, 2)
    assert stream.getvalue() == ""


def test_progress_off_a_terminal_is_plain_lines_every_few_seconds(monkeypatch):
    """In a log file or under a job scheduler: one line now and then, no carriage return, no bar."""
    clock = iter([0.0, 1.0, 6.0, 7.0, 11.5, 12.0])
    monkeypatch.setattr("collate.progress.time.monotonic", lambda: next(clock))
    stream = io.StringIO()
    with ProgressBar(stream=stream) as bar:  # started at 0 s
        for done in (100, 200, 300, 400, 500):  # at 1, 6, 7, 11.5 and 12 s
            bar(done, 500)
    assert stream.getvalue() == "Aligning: 200/500 tokens (40%), 6 s\nAligning: 400/500 tokens (80%), 12 s\n"


def test_progress_off_a_terminal_is_silent_when_quiet(monkeypatch):
    stream = io.StringIO()
    with ProgressBar(stream=stream, quiet=True, line_delay=0, line_interval=0) as bar:
        bar(1, 2)
    assert stream.getvalue() == ""


def test_progress_bar_is_silent_when_quiet():
    stream = _Terminal()
    with ProgressBar(stream=stream, quiet=True, delay=0, interval=0) as bar:
        bar(1, 2)
    assert stream.getvalue() == ""


def test_progress_bar_waits_before_drawing():
    stream = _Terminal()
    with ProgressBar(stream=stream, delay=60) as bar:
        bar(1, 2)
    assert stream.getvalue() == ""


def test_cli_quiet_run_prints_nothing(tmp_path: Path):
    from click.testing import CliRunner

    from collate.cli import main

    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("the black cat sat on the mat\n", encoding="utf-8")
    b.write_text("the cat sat on a mat\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(a), str(b), "--quiet", "--json", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_darwin_six_editions_end_to_end_tei_is_valid(tmp_path: Path, tei_schema):
    """``collate run`` on the whole chapter in six editions: a TEI file valid against tei_all, an HTML report."""
    from click.testing import CliRunner
    from lxml import etree

    from collate.cli import main

    files = [str(DARWIN / f"darwin{e}.txt") for e in ("1859", "1860", "1861", "1866", "1869", "1872")]
    tei, html = tmp_path / "d.xml", tmp_path / "d.html"
    result = CliRunner().invoke(main, ["run", *files, "--tei", str(tei), "--html", str(html), "--quiet"])
    assert result.exit_code == 0, result.output
    assert tei_schema.validate(etree.parse(str(tei))), tei_schema.error_log
    assert html.stat().st_size > 100_000
