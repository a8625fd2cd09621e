"""One long collation cut at milestones, its pieces aligned apart (in parallel) and joined into one.

The joined collation must be a whole collation of the whole witnesses: every token of every
witness once and in order, valid TEI from which each witness reads back exactly, and the same
variant locations as the unsplit collation wherever the cut does not matter.
"""

from __future__ import annotations

import pickle
import re

from pathlib import Path

import pytest

from collate import collate_witnesses, load_witnesses, render
from collate.corpus import load_corpus, run_corpus
from collate.corpus.manifest import Split
from collate.corpus.split import cut, join, split_witnesses
from collate.corpus.tasks import collate_piece
from collate.errors import WitnessError
from collate.model import Settings, Witness
from collate.tokenize import tokenize
from collate.writers.tei import witness_text
from tests.conftest import assert_valid_tei

ROOT = Path(__file__).resolve().parent.parent
ESTHER = ROOT / "data" / "corpora" / "hebrew-esther"
CAESAR = ROOT / "data" / "corpora" / "latin-caesar-bellum-civile"


def locations(collation) -> set[tuple]:
    """Each variant location as the character range it covers in every witness."""
    found = set()
    for v in collation.variants:
        spans = collation.alignment.segments[v.segment].spans
        ranges = []
        for w, (start, end) in enumerate(spans):
            toks = collation.tokens[w]
            first = toks[start].offset if start < len(toks) else len(collation.witnesses[w].text)
            ranges.append((first, first + sum(len(t.text) for t in toks[start:end])))
        found.add(tuple(ranges))
    return found


def split_and_join(witnesses, split):
    pieces = cut(witnesses, split, "test")
    parts = [pickle.loads(collate_piece(p, Settings())) for p in pieces]
    return [p.witnesses for p in pieces], join(witnesses, parts, collate_witnesses(pieces[0].witnesses).settings)


def test_esther_split_by_chapter_joins_into_one_valid_collation(tei_schema):
    witnesses = load_witnesses([ESTHER / "mam.txt", ESTHER / "wlc.txt"])
    pieces, joined = split_and_join(witnesses, Split("paragraph"))
    assert len(pieces) == 10  # the ten chapters
    assert joined.witnesses == witnesses
    for w, witness in enumerate(witnesses):
        assert joined.tokens[w] == tokenize(witness)  # every token once, in order, offsets into the whole
    tei = render(joined, "tei")
    assert_valid_tei(tei_schema, tei)
    for witness in witnesses:
        assert witness_text(tei, witness.siglum) == witness.text
    ids = [v.id for v in joined.variants]
    assert ids == [f"app{k}" for k in range(1, len(ids) + 1)]
    whole = collate_witnesses(witnesses)
    same = locations(joined) & locations(whole)
    assert len(same) / len(locations(whole)) > 0.95


def test_split_size_groups_milestones_into_units():
    witnesses = load_witnesses([ESTHER / "mam.txt", ESTHER / "wlc.txt"])
    assert len(split_witnesses(witnesses, Split("paragraph", size=4), "t")) == 3  # chapters 1-4, 5-8, 9-10


def chapters(labels: list[str], words: str) -> str:
    return "".join(f"{label}\n\n{words} {k}.\n\n" for k, label in enumerate(labels))


def test_a_marker_names_the_units_and_must_match_in_every_witness():
    a = Witness("A", "Title page\n\n" + chapters(["CHAPTER I", "CHAPTER II", "CHAPTER III"], "it was so"))
    b = Witness("B", chapters(["CHAPTER I", "CHAPTER II", "CHAPTER III"], "it was not so"))
    pieces, joined = split_and_join((a, b), Split("marker", r"^CHAPTER [IVX]+"))
    assert [p[0].text.split("\n")[0] for p in pieces] == ["Title page", "CHAPTER II", "CHAPTER III"]
    assert "".join(p[1].text for p in pieces) == b.text
    assert [len(t) for t in joined.tokens] == [len(tokenize(a)), len(tokenize(b))]
    c = Witness("C", chapters(["CHAPTER I", "CHAPTER III"], "it was so"))
    with pytest.raises(WitnessError, match=r"marker 2 of C is 'CHAPTER III' where A has 'CHAPTER II'"):
        split_witnesses((a, c), Split("marker", r"^CHAPTER [IVX]+"), "t")
    with pytest.raises(WitnessError, match="has 3 paragraphs and A has 7"):
        split_witnesses((a, Witness("D", "one\n\ntwo\n\nthree\n")), Split("paragraph"), "t")


def test_pages_and_formatting_stay_with_their_piece():
    from collate.model import Milestone, Span

    a = Witness(
        "A", "one two\n\nthree four\n", formatting=(Span(4, 16, "italic"),), milestones=(Milestone(9, "pb", "2"),)
    )
    b = Witness("B", "one too\n\nthree four\n")
    pieces, joined = split_and_join((a, b), Split("paragraph"))
    first, second = pieces[0][0], pieces[1][0]
    assert first.formatting == (Span(4, 9, "italic"),) and second.formatting == (Span(0, 7, "italic"),)
    assert first.milestones == () and second.milestones == (Milestone(0, "pb", "2"),)
    assert joined.witnesses[0] is a
    assert [t.rend for t in joined.tokens[0]] == [t.rend for t in tokenize(a)]


@pytest.mark.slow
def test_a_split_unit_in_a_corpus_is_one_document(tmp_path):
    """Caesar's Bellum civile (two editions), its first 16 chapters split in fours, aligned on two
    worker processes and joined: one TEI for the whole stretch, each witness read back exactly."""
    files = []
    for name in ("dupontet-1901.txt", "peskett-1914.txt"):
        chapters = (CAESAR / name).read_text(encoding="utf-8").split("\n\n")[:16]
        files.append(tmp_path / name)
        files[-1].write_text("\n\n".join(chapters) + "\n", encoding="utf-8")
    manifest = tmp_path / "c.toml"
    manifest.write_text(
        '[corpus]\noutput = "out"\nformats = ["tei", "json"]\n[[unit]]\nname = "bellum-civile"\n'
        'witnesses = ["dupontet-1901.txt", "peskett-1914.txt"]\nsplit = "paragraph"\nsplit_size = 4\n',
        encoding="utf-8",
    )
    result = run_corpus(load_corpus(manifest), scheduler="processes", workers=2, quiet=True)
    assert [o.status for o in result.outcomes] == ["ok"]
    tei = (tmp_path / "out" / "bellum-civile.xml").read_bytes()
    for path in files:  # each witness's siglum is its file's stem
        assert witness_text(tei, path.stem) == path.read_text(encoding="utf-8")
    from collate.writers.json import from_json

    joined = from_json((tmp_path / "out" / "bellum-civile.json").read_bytes())
    whole = collate_witnesses(load_witnesses(files))
    assert len(locations(joined) & locations(whole)) / len(locations(whole)) > 0.95


ROMAN = ("I", "II", "III", "IV", "V", "VI")


def tei_edition(chapters: list[str], heads: bool = True, n: bool = True) -> str:
    """A TEI edition of ``chapters``: each a ``<div type="chapter">`` (with ``@n`` if ``n``), with
    its ``<head>`` if ``heads``, its text in two paragraphs where it has two sentences or more."""
    from xml.sax.saxutils import escape

    def paragraphs(text: str) -> str:
        first, dot, rest = text.partition(". ")
        parts = [first + dot, rest] if rest else [text]
        return "".join(f"<p>{escape(part.strip())}</p>" for part in parts)

    divs = "".join(
        f'<div type="chapter"{f" n={chr(34)}{k}{chr(34)}" if n else ""}>'
        + (f"<head>CAPUT {ROMAN[k - 1]}.</head>" if heads else "")
        + f"{paragraphs(text)}</div>"
        for k, text in enumerate(chapters, 1)
    )
    return (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Bellum civile</title>'
        "</titleStmt><publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc></fileDesc>"
        f"</teiHeader><text><body>{divs}</body></text></TEI>\n"
    )


def caesar_tei(tmp_path: Path, **options) -> list[Path]:
    """Caesar's first six chapters in each of the two editions, as TEI (:func:`tei_edition`)."""
    files = []
    for name in ("dupontet-1901", "peskett-1914"):
        chapters = (CAESAR / f"{name}.txt").read_text(encoding="utf-8").split("\n\n")[:6]
        files.append(tmp_path / f"{name}.xml")
        files[-1].write_text(tei_edition([c.strip() for c in chapters], **options), encoding="utf-8")
    return files


def split_in_a_corpus(tmp_path: Path, files: list[Path], split: str, witnesses) -> tuple[bytes, object, object]:
    """Collate ``files`` as one unit of a corpus with ``split`` (its TOML) on two worker
    processes; check that each of ``witnesses`` reads back exactly from the joined TEI and that the
    split finds the whole's variant locations; return the TEI, the joined collation and the whole."""
    from collate.writers.json import from_json

    manifest = tmp_path / "c.toml"
    names = ", ".join(f'"{f.name}"' for f in files)
    manifest.write_text(
        f'[corpus]\noutput = "out"\nformats = ["tei", "json"]\n[[unit]]\nname = "bc"\nwitnesses = [{names}]\n{split}\n',
        encoding="utf-8",
    )
    result = run_corpus(load_corpus(manifest), scheduler="processes", workers=2, quiet=True)
    assert [o.status for o in result.outcomes] == ["ok"], result.outcomes[0].error
    tei = (tmp_path / "out" / "bc.xml").read_bytes()
    for witness in witnesses:
        assert witness_text(tei, witness.siglum) == witness.text
    joined = from_json((tmp_path / "out" / "bc.json").read_bytes())
    whole = collate_witnesses(witnesses)
    assert len(locations(joined) & locations(whole)) / len(locations(whole)) > 0.95
    return tei, joined, whole


@pytest.mark.slow
def test_tei_editions_split_at_their_chapter_divs(tmp_path):
    """Two TEI editions whose chapters are <div>s with a <head>, split at the heads (a marker on
    the text the TEI reader gives them), aligned on two worker processes and joined: one
    document, each witness read back exactly as the TEI reader reads it, the whole's variants."""
    files = caesar_tei(tmp_path)
    witnesses = load_witnesses(files)
    pieces = cut(witnesses, Split("marker", "^CAPUT [IVX]+[.]"), "bc")
    assert len(pieces) == 6
    assert [p.witnesses[0].text.split("\n")[0] for p in pieces] == [f"CAPUT {r}." for r in ROMAN]
    split_in_a_corpus(tmp_path, files, 'split = { marker = "^CAPUT [IVX]+[.]" }', witnesses)


@pytest.mark.slow
def test_tei_editions_split_at_their_divs_without_heads(tmp_path):
    """split = "div": two TEI editions whose chapters are <div>s with no heading, and several
    paragraphs each, cut where each <div> begins (the TEI reader keeps those places), aligned on
    two worker processes and joined: one document, each witness read back exactly, the whole's
    variant locations, and no trace of the cuts in the TEI (the writers show page breaks only)."""
    files = caesar_tei(tmp_path, heads=False)
    witnesses = load_witnesses(files)
    pieces = cut(witnesses, Split("div"), "bc")
    assert len(pieces) == 6
    for w, name in enumerate(("dupontet-1901", "peskett-1914")):  # each piece one chapter, in order
        chapters = (CAESAR / f"{name}.txt").read_text(encoding="utf-8").split("\n\n")[:6]
        assert [p.witnesses[w].text.split()[:6] for p in pieces] == [c.split()[:6] for c in chapters]
        assert "".join(p.witnesses[w].text for p in pieces) == witnesses[w].text
    tei, joined, whole = split_in_a_corpus(tmp_path, files, 'split = "div"\nsplit_size = 2', witnesses)
    assert render(whole, "tei").count(b"<pb") == tei.count(b"<pb") == 0
    assert not re.search(rb"<(div|milestone)\b", tei.split(b"<body>")[1])
    assert joined.witnesses[0].marks("div") == witnesses[0].marks("div") != ()


def test_a_div_split_needs_divs_in_every_witness_and_the_same_number(tmp_path):
    files = caesar_tei(tmp_path, heads=False, n=False)
    a, b = load_witnesses(files)
    with pytest.raises(WitnessError, match=r'has no <div>; split = "div" cuts XML or TEI witnesses'):
        cut((a, Witness("B", b.text)), Split("div"), "bc")
    fewer = tmp_path / "fewer.xml"
    fewer.write_text(
        tei_edition([c.strip() for c in (CAESAR / "peskett-1914.txt").read_text(encoding="utf-8").split("\n\n")[:5]]),
        encoding="utf-8",
    )
    with pytest.raises(WitnessError, match=r'has 5 divs and .* has 6; split = "div" needs the same number'):
        cut((a, load_witnesses([fewer])[0]), Split("div"), "bc")


@pytest.mark.slow
def test_nested_divs_of_another_corpus_split_into_its_chapters(tmp_path):
    """split = "div" on text it was not written for: John's first five chapters in three Greek
    editions, as TEI with the chapters' <div>s inside the book's <div> (which opens with a
    heading): one piece for the heading, one per chapter; joined, every witness reads back
    exactly and the whole's variant locations are found."""
    from xml.sax.saxutils import escape

    files = []
    for edition in ("sblgnt", "nestle1904", "byz-rp2018"):
        chapters = (ROOT / "data" / "corpora" / "greek-john" / f"{edition}.txt").read_text(encoding="utf-8")
        divs = "".join(
            f'<div type="chapter" n="{k}"><p>{escape(c.strip())}</p></div>'
            for k, c in enumerate(chapters.split("\n\n")[:5], 1)
        )
        files.append(tmp_path / f"{edition}.xml")
        files[-1].write_text(
            tei_edition([]).replace("<body></body>", f'<body><div type="book"><head>ΚΑΤΑ ΙΩΑΝΝΗΝ</head>{divs}</div></body>'),
            encoding="utf-8",
        )
    witnesses = load_witnesses(files)
    pieces, joined = split_and_join(witnesses, Split("div"))
    assert [p[0].text.split()[:2] for p in pieces][:2] == [["ΚΑΤΑ", "ΙΩΑΝΝΗΝ"], ["Ἐν", "ἀρχῇ"]]
    assert len(pieces) == 6
    tei = render(joined, "tei")
    for witness in witnesses:
        assert witness_text(tei, witness.siglum) == witness.text
    whole = collate_witnesses(witnesses)
    assert len(locations(joined) & locations(whole)) / len(locations(whole)) > 0.95
