"""Our TEI through the programs editors use, as they are: teiphy and the Versioning Machine.

For the bundled witnesses, Darwin's six editions, a generated collation (omissions, additions,
a moved phrase, accidental-only groups, lines broken differently) and a generated set with
passages moved and edited on the way (the aligner's moves), with the default options and
with a base witness: teiphy credits every witness with its own reading, and with the trivial
reading types the header names it finds exactly our substantive locations; every Versioning
Machine panel shows its witness's text (whitespace collapsed as a browser does); the document is
valid against tei_all and gives every witness back exactly.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from collate import collate_witnesses, load_witnesses
from collate.model import Settings
from collate.vocabulary import counts_as_substantive, teiphy_trivial_types
from collate.writers.tei import TEI_NS, to_tei, witness_ids, witness_text

from .conftest import DATA, ROOT, assert_valid_tei
from .consumers import generated_witnesses, moved_witnesses, partition, teiphy_states, vm_page, vm_panels

DARWIN = sorted((DATA / "bench" / "darwin").glob("darwin18*.txt"))
NS = {"t": TEI_NS}


def _collation(name: str, base: str | None = None):
    settings = Settings(base=base)
    if name == "generated":
        return collate_witnesses(generated_witnesses(), settings)
    if name == "generated-sigla":  # sigla that cannot be ids as they are: a digit first, one inside another
        return collate_witnesses(generated_witnesses(("1926", "A", "AB", "B")), settings)
    if name == "moved":  # passages moved and edited on the way, found by the aligner
        return collate_witnesses(moved_witnesses(), settings)
    if name == "darwin":
        return collate_witnesses(load_witnesses([str(p) for p in DARWIN]), settings)
    return collate_witnesses(load_witnesses([str(ROOT / "witnesses" / name)]), settings)


_CACHE: dict = {}


def cached(name: str, base: str | None = None, **options):
    key = (name, base, tuple(sorted(options.items())))
    if key not in _CACHE:
        collation = _CACHE.setdefault((name, base), None) or _collation(name, base)
        _CACHE[(name, base)] = collation
        _CACHE[key] = (collation, to_tei(collation, **options))
    return _CACHE[key]


SETS = ["kropotkin", "medvedev", "generated", "generated-sigla", "moved", pytest.param("darwin", marks=pytest.mark.slow)]
MODES = [{}, {"base": "last"}]


def _case(name: str, mode: dict):
    if mode.get("base") == "last":
        first = cached(name)[0]
        return cached(name, first.sigla[-1])
    return cached(name)


@pytest.mark.parametrize("mode", MODES, ids=["no-base", "base"])
@pytest.mark.parametrize("name", SETS)
def test_teiphy_credits_every_witness_with_its_own_reading(name, mode):
    collation, data = _case(name, mode)
    ids = witness_ids(collation.sigla)
    states, _ = teiphy_states(data, [])
    assert set(states) == {v.id for v in collation.variants}
    for variant in collation.variants:
        ours = {ids[s]: k for k, r in enumerate(variant.readings) for s in r.sigla}
        assert partition(states[variant.id]) == partition(ours), variant.id


@pytest.mark.parametrize("mode", MODES, ids=["no-base", "base"])
@pytest.mark.parametrize("name", SETS)
def test_teiphy_with_trivial_types_finds_our_substantive_locations(name, mode):
    collation, data = _case(name, mode)
    substantive = collation.settings.substantive
    ids = witness_ids(collation.sigla)
    trivial = teiphy_trivial_types(substantive)
    assert f"For teiphy the trivial reading types are: {' '.join('-t ' + t for t in trivial)}." in data.decode()
    states, informative = teiphy_states(data, trivial)
    for variant in collation.variants:
        ours = {ids[s]: g for g, group in enumerate(variant.groups) for k in group for s in variant.readings[k].sigla}
        assert partition(states[variant.id]) == partition(ours), variant.id
    assert informative == sum(counts_as_substantive(v.type, v.subtype, substantive) for v in collation.variants)


def test_teiphy_nexus_has_one_character_per_substantive_location(tmp_path):
    """The NEXUS path for stemmatics: teiphy on our TEI, constant units dropped."""
    from teiphy import Collation

    collation, data = cached("generated")
    tei = etree.ElementTree(etree.fromstring(data))
    out = tmp_path / "generated.nex"
    Collation(tei, trivial_reading_types=teiphy_trivial_types()).to_nexus(out, drop_constant=True)
    nexus = out.read_text()
    substantive = [v for v in collation.variants if v.type == "substantive"]
    assert re.search(r"NCHAR=(\d+)", nexus, re.I).group(1) == str(len(substantive))
    assert re.search(r"NTAX=(\d+)", nexus, re.I).group(1) == str(len(collation.witnesses))


@pytest.mark.parametrize("mode", MODES, ids=["no-base", "base"])
@pytest.mark.parametrize("name", SETS)
def test_every_versioning_machine_panel_shows_its_witness(name, mode):
    collation, data = _case(name, mode)
    ids = witness_ids(collation.sigla)
    panels = vm_panels(vm_page(data))
    assert set(panels) == set(ids.values())
    for witness in collation.witnesses:
        assert panels[ids[witness.siglum]] == " ".join(witness.text.split()), witness.siglum


def test_versioning_machine_panel_titles_keep_the_fields_apart():
    collation, data = cached("kropotkin")
    page = vm_page(data)
    titles = [a.get("title") for a in page.iter("a") if (a.get("title") or "").startswith("Version Miller:")]
    assert titles and "Miller\n" in titles[0] and "Letter to Lenin, Dmitrov" in titles[0]


@pytest.mark.parametrize("options", [{}, {"base": "last"}, {"groups": True}], ids=["flat", "base", "groups"])
@pytest.mark.parametrize("name", SETS)
def test_valid_and_every_witness_rebuilds(name, options, tei_schema):
    collation = cached(name)[0]
    if options.get("base") == "last":
        options = {"base": collation.sigla[-1]}
    data = to_tei(collation, **options)
    assert_valid_tei(tei_schema, data)
    for witness in collation.witnesses:
        assert witness_text(data, witness.siglum) == witness.text
        assert witness_text(data, witness_ids(collation.sigla)[witness.siglum]) == witness.text


def test_sigla_are_ids_where_they_can_be():
    assert witness_ids(("Miller", "Shatz")) == {"Miller": "Miller", "Shatz": "Shatz"}
    assert witness_ids(("1926", "Baku")) == {"1926": "W01", "Baku": "W02"}  # not an NCName
    assert witness_ids(("A", "AB")) == {"A": "W01", "AB": "W02"}  # contains(@wit, 'A') finds AB
    assert witness_ids(("app1", "B")) == {"app1": "W01", "B": "W02"}  # an app's id


def test_groups_are_subvariants_with_each_reading_typed():
    collation, data = cached("generated", groups=True)
    root = etree.fromstring(data)
    groups = root.findall(".//t:rdgGrp", NS)
    assert groups, "the generated set has accidental readings beside substantive ones"
    assert {g.get("type") for g in groups} == {"subvariants"}
    for group in groups:
        assert all(r.get("type") for r in group[1:])


def test_whitespace_all_readings_share_stands_outside_the_app():
    for name in ("kropotkin", "medvedev", "generated"):
        _, data = cached(name)
        for app in etree.fromstring(data).iter(f"{{{TEI_NS}}}app"):
            texts = ["".join(r.itertext()) for r in app.iter(f"{{{TEI_NS}}}rdg", f"{{{TEI_NS}}}lem")]
            if all(texts):
                tails = {t[len(t.rstrip()):] for t in texts}
                assert not all(t.endswith(" ") for t in texts), (app.get("{http://www.w3.org/XML/1998/namespace}id"), tails)


def test_paragraphs_preserve_space_and_the_rest_is_indented():
    _, data = cached("kropotkin")
    root = etree.fromstring(data)
    for p in root.iterfind(".//t:body/t:p", NS):
        assert p.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    lines = data.decode().splitlines()
    assert len(lines) > 40 and lines[2] == "  <teiHeader>"


def test_transpositions_are_linked_in_a_link_group():
    collation, data = cached("generated")
    moved = [v for v in collation.variants if v.links]
    assert moved, "the generated set moves a phrase in each paragraph"
    root = etree.fromstring(data)
    links = root.findall("t:standOff/t:linkGrp[@type='transposition']/t:link", NS)
    targets = {frozenset(link.get("target").replace("#", "").split()) for link in links}
    assert targets == {frozenset((v.id, *v.links)) for v in moved}
    assert not root.xpath("//t:app[@exclude]", namespaces=NS)
    for v in moved:
        assert root.xpath(f"//t:app[@xml:id='{v.id}']/@type", namespaces=NS) == ["transposition"]


def test_header_dates_languages_and_title():
    _, data = cached("kropotkin")
    root = etree.fromstring(data)
    assert root.findtext(".//t:titleStmt/t:title", namespaces=NS) == "Letter to Lenin: a collation of Miller, Shatz"
    assert root.xpath("//t:witness/t:bibl/t:date/@when", namespaces=NS) == ["1920-03-04", "1920-03-04"]
    assert root.xpath("//t:witness/t:bibl/t:textLang/@mainLang", namespaces=NS) == ["en", "en"]
    _, data = cached("medvedev")
    title = etree.fromstring(data).findtext(".//t:titleStmt/t:title", namespaces=NS)
    assert title == "Letter to a Baku comrade (January 1924): a collation of 1926, Baku"


def test_one_hi_per_italic_run(kropotkin):
    data = to_tei(kropotkin)
    root = etree.fromstring(data)
    for hi in root.iter(f"{{{TEI_NS}}}hi"):
        following = hi.getnext()
        assert not (following is not None and following.tag == hi.tag and not (hi.tail or "").strip()
                    and following.get("rend") == hi.get("rend")), "two hi in a row: one run split"


@pytest.mark.slow
def test_darwin_no_whitespace_location_beside_another():
    collation = cached("darwin")[0]
    located = {v.segment: v for v in collation.variants}
    for v in collation.variants:
        if v.type == "whitespace":
            assert v.segment - 1 not in located and v.segment + 1 not in located, v.id


def test_an_emphasised_run_is_one_hi_whatever_its_punctuation():
    from collate.model import Span, Witness

    text = "It was very, very good indeed.\n"
    a = Witness("A", text, formatting=(Span(7, 22, "italic"),))  # "very, very good"
    b = Witness("B", text)
    data = to_tei(collate_witnesses([a, b]))
    root = etree.fromstring(data)
    assert [("".join(h.itertext()), h.get("rend")) for h in root.iter(f"{{{TEI_NS}}}hi")] == [("very, very good", "italic")]
    assert witness_text(data, "A") == text and witness_text(data, "B") == text


CORPORA = {
    "latin": ["latin-caesar-bellum-civile/dupontet-1901.txt", "latin-caesar-bellum-civile/peskett-1914.txt"],
    "greek": ["greek-john/byz-rp2018.txt", "greek-john/nestle1904.txt", "greek-john/sblgnt.txt"],
    "hebrew": ["hebrew-esther/mam.txt", "hebrew-esther/wlc.txt"],
    "french": [f"french-racine-andromaque/andromaque-{y}-{k}.txt" for y in (1668, 1676) for k in ("diplomatic", "normalised")],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_other_languages_read_right_in_teiphy_and_the_versioning_machine(name):
    """Text the writer was not written for: Latin, Greek, Hebrew and French editions (their first
    three chapters or scenes). teiphy folds
    each witness into its own group of accidental variants, and counts one character per location
    with more than one such group; every VM panel shows its witness."""
    from collate.model import Witness

    paths = [DATA / "corpora" / f for f in CORPORA[name]]  # the first paragraphs: chapters or scenes
    texts = ["\n\n".join(p.read_text(encoding="utf-8").split("\n\n")[:3]) + "\n" for p in paths]
    collation = collate_witnesses([Witness(p.stem, t) for p, t in zip(paths, texts)])
    data = to_tei(collation)
    ids = witness_ids(collation.sigla)
    states, informative = teiphy_states(data, teiphy_trivial_types())
    for variant in collation.variants:
        ours = {ids[s]: g for g, group in enumerate(variant.groups) for k in group for s in variant.readings[k].sigla}
        assert partition(states[variant.id]) == partition(ours), variant.id
    assert informative == sum(len(v.groups) > 1 for v in collation.variants)
    panels = vm_panels(vm_page(data))
    for witness in collation.witnesses:
        assert panels[ids[witness.siglum]] == " ".join(witness.text.split()), witness.siglum
        assert witness_text(data, witness.siglum) == witness.text
