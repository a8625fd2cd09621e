"""The aligner's moves reported as moves: one transposition linked between its two places in the
model, the TEI and the JSON, with what changed inside the moved passage judged and counted.

A sentence moved with ``harbour`` become ``harbor`` on the way is one transposition and one
spelling variant, not an omission and an addition (docs/alignment.md, docs/formats.md). The
report's side is in tests/test_report.py.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from collate import collate_witnesses, render
from collate.classify import counts, subtype_counts, summary
from collate.model import Witness
from collate.writers.json import from_json
from collate.writers.tei import TEI_NS, witness_text

from .conftest import assert_valid_tei
from .consumers import moved_witnesses

NS = {"t": TEI_NS}
MOVED = "The ships left the harbour at dawn. "
REST = "Many weeks later a storm came over the island and nobody could see the coast. "


def harbour(third: bool = True):
    """A moves its first sentence to the end, respelling harbour; C agrees with A but for a word."""
    witnesses = [Witness("A", MOVED + REST), Witness("B", REST + MOVED.replace("harbour", "harbor"))]
    if third:
        witnesses.append(Witness("C", MOVED + REST.replace("storm", "gale")))
    return collate_witnesses(witnesses)


def moved_locations(collation):
    return [v for v in collation.variants if v.subtype == "transposition"]


def inside_texts(collation, variant, found):
    """The two texts an Inside compares: at its linked (earlier) location, and here."""
    other = next(v for v in collation.variants if v.id == found.link)
    (a, b), (c, d) = found.spans
    return other.readings[found.readings[0]].text[a:b], variant.readings[found.readings[1]].text[c:d]


@pytest.mark.parametrize("third", [False, True], ids=["two-witnesses", "three-witnesses"])
def test_moved_and_edited_sentence_is_one_transposition(third):
    collation = harbour(third)
    assert collation.alignment.moves
    first, second = moved_locations(collation)
    assert first.links == (second.id,) and second.links == (first.id,)
    assert all(v.type == "substantive" for v in (first, second))
    assert "harbour at dawn" in first.readings[0].text and "harbor at dawn" in "".join(r.text for r in second.readings)
    assert "found by the aligner" in first.reason
    assert not [v for v in collation.variants if v.subtype in ("omission", "addition")]


def test_spelling_change_inside_the_move_is_judged_and_counted():
    collation = harbour()
    first, second = moved_locations(collation)
    assert first.inside == ()  # stored once, at the later place
    (found,) = second.inside
    assert found.link == first.id
    assert inside_texts(collation, second, found) == ("harbour", "harbor")
    assert (found.type, found.subtype) == ("orthographic", "spelling")
    assert "inside the moved passage" in found.reason
    assert counts(collation)["orthographic"] == 1 and subtype_counts(collation)["orthographic"] == {"spelling": 1}
    assert subtype_counts(collation)["substantive"] == {"lexical": 1, "transposition": 2}
    assert "3 variant locations and 1 difference inside moved passages" in summary(collation)


def test_tei_types_links_and_points_at_the_change_inside(tei_schema):
    collation = harbour()
    data = render(collation, "tei")
    assert_valid_tei(tei_schema, data)
    for witness in collation.witnesses:
        assert witness_text(data, witness.siglum) == witness.text
    root = etree.fromstring(data)
    first, second = moved_locations(collation)
    for v in (first, second):
        assert root.xpath(f"//t:app[@xml:id='{v.id}']/@type", namespaces=NS) == ["transposition"]
    links = root.findall("t:standOff/t:linkGrp[@type='transposition']/t:link", NS)
    assert [link.get("target") for link in links] == [f"#{first.id} #{second.id}"]
    (inside,) = root.findall("t:standOff/t:linkGrp[@type='moved-differences']/t:link", NS)
    assert (inside.get("type"), inside.get("subtype")) == ("spelling", "orthographic-spelling")
    assert [_resolve(root, p) for p in inside.get("target").split()] == ["harbour", "harbor"]


def _resolve(root: etree._Element, pointer: str) -> str:
    """The text a ``#string-range(id('x'),offset,length)`` pointer selects (the reading's string value)."""
    found = re.fullmatch(r"#string-range\(id\('([^']+)'\),(\d+),(\d+)\)", pointer)
    assert found, pointer
    (el,) = root.xpath("//*[@xml:id=$id]", id=found.group(1))
    start, length = int(found.group(2)), int(found.group(3))
    return "".join(el.itertext())[start : start + length]


def test_json_keeps_moves_links_and_changes_inside_consistent():
    collation = harbour()
    back = from_json(render(collation, "json"))
    assert back == collation
    _assert_moves_linked(back)


def _assert_moves_linked(collation) -> int:
    """Every aligner move whose two halves are at two transposition locations is linked there,
    and every change inside a move points at a location it is linked to. Returns the moves linked."""
    by_id = {v.id: v for v in collation.variants}
    at = {v.segment: v for v in collation.variants}
    linked = 0
    for move in collation.alignment.moves:
        ends = []
        for w, (start, end) in zip(move.witnesses, move.spans):
            segments = [k for k, s in enumerate(collation.alignment.segments) if s.spans[w][0] < end and s.spans[w][1] > start]
            ends.append([at[k] for k in segments if k in at and at[k].subtype == "transposition"])
        if ends[0] and ends[1] and not {v.id for v in ends[0]} & {v.id for v in ends[1]}:  # two places
            linked += 1
            assert any(y.id in x.links for x in ends[0] for y in ends[1]), move
    for v in collation.variants:
        for found in v.inside:
            assert found.link in v.links and v.id in by_id[found.link].links
            assert by_id[found.link].segment < v.segment
    return linked


@pytest.mark.parametrize("number", range(4))
def test_generated_moves_with_edits_are_linked_transpositions(number, tei_schema):
    """The alignment benchmark's sets: passages of 4-9 tokens moved, two words respelled in each."""
    witnesses = moved_witnesses(number)
    collation = collate_witnesses(witnesses)
    assert collation.alignment.moves
    assert _assert_moves_linked(collation) >= 1
    inside = [(v, found) for v in collation.variants for found in v.inside]
    assert inside, "each moved passage has words respelled inside it"
    for v, found in inside:
        there, here = inside_texts(collation, v, found)
        assert there.strip() != here.strip()
        assert found.subtype not in ("transposition",)
    if number % 2 == 0:  # English (Darwin): the respellings are typos or spelling variants, not new words
        assert any(found.type in ("typo", "orthographic", "ocr") for _, found in inside)
    data = render(collation, "tei")
    assert_valid_tei(tei_schema, data)
    for witness in witnesses:
        assert witness_text(data, witness.siglum) == witness.text
    root = etree.fromstring(data)
    pointers = root.findall("t:standOff/t:linkGrp[@type='moved-differences']/t:link", NS)
    assert len(pointers) == len(inside)
    for link, (v, found) in zip(pointers, inside):
        assert [_resolve(root, p).strip() for p in link.get("target").split()] == [
            t.strip() for t in inside_texts(collation, v, found)
        ]
    assert from_json(render(collation, "json")) == collation


def _report_data(collation) -> dict:
    """The report's data block, as its script reads it."""
    import json

    page = etree.fromstring(render(collation, "html"), etree.HTMLParser())
    return json.loads(page.xpath("//script[@id='collation-data']")[0].text)


def test_report_data_links_the_move_and_lists_its_change_inside():
    collation = harbour()
    first, second = moved_locations(collation)
    data = _report_data(collation)
    apps = {a[0]: a for a in data["apps"]}
    assert apps[first.id][2] == apps[second.id][2] == "transposition"
    assert apps[first.id][5] == [second.id] and apps[second.id][5] == [first.id]
    index = [a[0] for a in data["apps"]]
    (entry,) = data["inside"]
    assert (index[entry[0]], index[entry[1]], entry[4], entry[5], entry[6]) == (
        second.id, first.id, "harbour", "harbor", "orthographic"
    )


def _collatex_case(name: str) -> list[Witness]:
    import json

    from .conftest import DATA

    cases = json.loads((DATA / "alignment" / "collatex-cases.json").read_text(encoding="utf-8"))
    case = next(c for c in cases if c["id"].endswith("." + name))
    return [Witness(s, case["witnesses"][s]) for s in case["sigla"]]


def test_collatex_double_transposition_is_one_linked_transposition(tei_schema):
    """CollateX's doubleTransposition1: "the cat is black" / "black is the cat". The words moved
    ("black is" before "the cat", "is black" after it) are one transposition in TEI, JSON and report."""
    collation = collate_witnesses(_collatex_case("doubleTransposition1"))
    first, second = moved_locations(collation)
    assert first.links == (second.id,) and second.links == (first.id,)
    assert [v for v in collation.variants if v.type == "substantive"] == [first, second]
    data = render(collation, "tei")
    assert_valid_tei(tei_schema, data)
    root = etree.fromstring(data)
    links = root.findall("t:standOff/t:linkGrp[@type='transposition']/t:link", NS)
    assert [link.get("target") for link in links] == [f"#{first.id} #{second.id}"]
    assert from_json(render(collation, "json")) == collation
    apps = {a[0]: a for a in _report_data(collation)["apps"]}
    assert apps[first.id][5] == [second.id] and apps[second.id][2] == "transposition"
