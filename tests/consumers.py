"""Our TEI as the field's programs read it: teiphy (stemmatics) and the Versioning Machine's own XSLT.

Shared by tests/test_consumers.py: a generated collation with omissions, additions,
transpositions and accidental-only groups; teiphy's reading of an apparatus (which witness it
credits with which reading); the text a browser shows in each Versioning Machine panel.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

from lxml import etree

from collate.model import Witness

ROOT = Path(__file__).resolve().parent.parent
VM = ROOT / "tests" / "consumers" / "versioning-machine" / "vmachine.xsl"
LATIN = ROOT / "data" / "corpora" / "latin-caesar-bellum-civile" / "dupontet-1901.txt"


# -- a generated collation ----------------------------------------------------------------------


@lru_cache(maxsize=None)
def alignment_quality():
    """bench/alignment_quality.py as a module: its generators of witness sets with known edits."""
    import importlib.util
    import sys

    path = ROOT / "bench" / "alignment_quality.py"
    spec = importlib.util.spec_from_file_location("alignment_quality", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["alignment_quality"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def moved_witnesses(number: int = 0, sets: int = 6) -> list[Witness]:
    """Set ``number`` of the alignment benchmark's "moves" sets (Darwin for even numbers, Caesar
    for odd): four or five witnesses, each with a passage moved and a word or two respelled in it,
    and words respelled, added or dropped elsewhere."""
    gens = alignment_quality().generated_sets(sets)["moves"][number]
    return [Witness(f"M{i + 1}", " ".join(g.words) + "\n") for i, g in enumerate(gens)]


def generated_witnesses(sigla: tuple[str, ...] = ("A", "B", "C", "D"), seed: int = 13) -> list[Witness]:
    """Four versions of a stretch of Caesar (three paragraphs), each changed in its own way:
    B leaves words out and changes case and punctuation; C adds words and moves a phrase a few
    words on; D replaces words where B and C have only accidentals (so accidental readings group
    against a substantive one) and breaks lines where the others have spaces."""
    rng = random.Random(seed)
    words = LATIN.read_text(encoding="utf-8").split()[:240]
    paragraphs = [words[:80], words[80:160], words[160:]]
    base = [list(p) for p in paragraphs]
    versions = {s: [list(p) for p in base] for s in sigla}
    a, b, c, d = (versions[s] for s in sigla)
    for p in range(3):
        n = len(base[p])
        spots = rng.sample(range(2, n - 8, 6), 10)  # six words apart: each change its own place
        for k in spots[:2]:  # omissions in B
            b[p][k] = ""
        for k in spots[2:4]:  # additions in C
            c[p][k] = c[p][k] + " autem"
        k = spots[4]  # a phrase moved three words on in C
        c[p][k : k + 5] = [c[p][k + 2], c[p][k + 3], c[p][k + 4], c[p][k], c[p][k + 1]]
        for k in spots[5:8]:  # accidentals in B and C, a different word in D: groups
            b[p][k] = b[p][k].upper() if p % 2 else b[p][k] + ","
            c[p][k] = c[p][k].capitalize() if p % 2 else c[p][k] + ";"
            d[p][k] = "quidem"
        for k in spots[8:10]:  # accidental only: a comma in B and D, capitals in C
            b[p][k] += ","
            d[p][k] += ","
            c[p][k] = c[p][k].upper()
    texts = {}
    for s, paras in versions.items():
        out = []
        for p in paras:
            line = [w for w in p if w]
            sep = "\n" if s == sigla[3] else " "
            out.append(" ".join(line[:20]) + sep + " ".join(line[20:]))
        texts[s] = "\n\n".join(out) + "\n"
    return [Witness(s, texts[s], (("title", "Bellum civile I, generated"), ("language", "la"))) for s in sigla]


# -- teiphy ---------------------------------------------------------------------------------------


def teiphy_states(data: bytes, trivial: list[str]) -> tuple[dict[str, dict[str, int]], int]:
    """What teiphy makes of ``data``: for each app, the substantive reading it credits each witness
    with (an index), and the number of units with more than one substantive reading."""
    from teiphy import Collation

    collation = Collation(etree.ElementTree(etree.fromstring(data)), trivial_reading_types=trivial)
    states: dict[str, dict[str, int]] = {}
    for k, unit in enumerate(collation.variation_unit_ids):
        states[unit] = {}
        for wit, vectors in collation.readings_by_witness.items():
            vector = vectors[k]
            assert sum(vector) == 1, f"teiphy credits {wit} with {sum(vector)} readings at {unit}"
            states[unit][wit] = vector.index(1)
    informative = sum(len(r) > 1 for r in collation.substantive_readings_by_variation_unit_id.values())
    return states, informative


def partition(labels: dict[str, int]) -> set[frozenset[str]]:
    """The witnesses grouped by the label each has."""
    groups: dict[int, set[str]] = {}
    for wit, label in labels.items():
        groups.setdefault(label, set()).add(wit)
    return {frozenset(g) for g in groups.values()}


# -- the Versioning Machine -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vm() -> etree.XSLT:
    return etree.XSLT(etree.parse(str(VM)))


def vm_page(data: bytes) -> etree._Element:
    """The HTML page the Versioning Machine's XSLT makes of ``data``."""
    page = _vm()(etree.fromstring(data)).getroot()
    for el in page.iter():  # the stylesheet writes XHTML: drop the namespace, as a browser's DOM reads tags
        if isinstance(el.tag, str):
            el.tag = etree.QName(el).localname
    return page


def vm_panels(page: etree._Element) -> dict[str, str]:
    """The text a browser shows in each witness's panel, by panel id, whitespace collapsed.

    As vmachine.css and the XSLT's inline styles have it: a ``div.apparatus`` or ``div.reading``
    shows only with ``display:inline-block`` (the witness's own); an inline block's leading and
    trailing whitespace is not shown; ``div.rdgGrp`` and ``div.paragraph`` are blocks, a group's
    alternatives (``div.altRdg``), notes and page-break rules are hidden.
    """
    panels = {}
    for panel in page.iter("div"):
        if "mssPanel" in (panel.get("class") or "").split():
            content = next(d for d in panel.iter("div") if "mssContent" in (d.get("class") or "").split())
            panels[panel.get("id")] = " ".join(_render(content).split())
    return panels


def _render(el: etree._Element) -> str:
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _hidden(child):
            inner = _render(child)
            style = child.get("style") or ""
            classes = (child.get("class") or "").split()
            if "inline-block" in style:
                out.append(" ".join(inner.split()))
            elif child.tag == "div" and not ({"choice"} & set(classes)):
                out.append(" " + inner + " ")
            else:
                out.append(inner)
        out.append(child.tail or "")
    return "".join(out)


def _hidden(el: etree._Element) -> bool:
    classes = set((el.get("class") or "").split())
    if el.tag in ("hr", "script", "style", "img"):
        return True
    if classes & {"altRdg", "noteicon", "note", "corr"}:
        return True
    return bool(classes & {"apparatus", "reading"}) and "inline-block" not in (el.get("style") or "")
