"""The hand-labelled samples of Greek, Latin, French, Hebrew and English of about 1820.

The labels (tests/fixtures/labels/) were written before any language-aware classification, by
editorial judgement; these tests check that each file is well formed and drawn by its stated rule.
How the classifier does against them is measured by bench/classification.py; the targets the
languages issue sets (substantive recall 100%, precision at least 90%) are asserted below, each
collated with the sample's language; a target still missed is a strict expected failure naming
the figure.
"""

from __future__ import annotations

import functools
import sys
import unicodedata
from pathlib import Path

import pytest

from collate import Settings, Witness, collate_witnesses, load_witnesses
from collate.classify import SUBTYPES

from .labels import (
    LABEL_VOCABULARY,
    ROOT,
    SAMPLES,
    Label,
    Score,
    Sample,
    load_labels,
    read_entries,
    said_substantive,
    score,
    verdict,
)

sys.path.insert(0, str(ROOT / "scripts"))
from label_sample import draw, paragraphs, stretches  # noqa: E402

LANGUAGE_SAMPLES = [s for s in SAMPLES if s.strata]
by_name = {s.name: s for s in SAMPLES}


def _load(sample: Sample) -> tuple[tuple[Witness, ...], list[Label]]:
    witnesses = load_witnesses(list(sample.witnesses))
    return witnesses, load_labels(sample.labels, witnesses, vocabulary=LABEL_VOCABULARY)


@pytest.mark.parametrize("sample", LANGUAGE_SAMPLES, ids=lambda s: s.name)
def test_labels_file_is_well_formed(sample):
    """Every stretch occurs once in its witness, every class is in the vocabulary, 60 labels at least."""
    witnesses, labels = _load(sample)
    assert len(labels) >= 60, len(labels)
    for w in witnesses:
        assert unicodedata.is_normalized("NFC", w.text), f"{w.path} is not NFC"


@pytest.mark.parametrize("sample", LANGUAGE_SAMPLES, ids=lambda s: s.name)
def test_labelled_readings_differ(sample):
    """A label names a real divergence: the two witnesses' readings are not the same text."""
    witnesses, labels = _load(sample)
    texts = [w.text for w in witnesses]
    same = [
        label.number
        for label in labels
        if len({texts[i][slice(*label.regions[w.siglum])] for i, w in enumerate(witnesses)}) == 1
    ]
    assert not same, f"labels whose readings are identical: {same}"


@pytest.mark.parametrize("sample", LANGUAGE_SAMPLES, ids=lambda s: s.name)
def test_labels_follow_the_stated_sampling_rule(sample):
    """The file holds exactly the places its rule draws, in order (strata after one another, a
    place drawn twice kept once): the sample was not picked by hand."""
    texts = tuple(Path(p).read_text(encoding="utf-8") for p in sample.witnesses)
    expected: list[tuple[str, str]] = []
    seen: set[int] = set()
    for every, letters in sample.strata:
        drawn = draw(texts, every=every, letters_differ=letters, whole=sample.whole)
        chosen = [d for d in drawn if d.number not in seen]
        seen.update(d.number for d in chosen)
        expected.extend(stretches(texts, chosen, sample.whole))
    sigla = [w.siglum for w in load_witnesses(list(sample.witnesses))]
    found = [(entry[sigla[0]], entry[sigla[1]]) for entry in read_entries(sample.labels)]
    assert found == expected


def test_every_class_of_the_vocabulary_is_explained():
    """Each class and subtype a labels file uses is either the classifier's or named in the header."""
    for sample in LANGUAGE_SAMPLES:
        header = sample.labels.read_text(encoding="utf-8").split("\n[[divergence]]")[0]
        used = {(e["class"], e.get("subtype")) for e in read_entries(sample.labels)}
        for kind, subtype in used:
            if kind not in SUBTYPES or (subtype and subtype not in SUBTYPES[kind]):
                assert f'"{subtype or kind}"' in header, (sample.name, kind, subtype)


def test_paragraph_cutting_matches_the_corpus_layout():
    """The sampling script sees the corpora's paragraphs (one per chapter or scene)."""
    greek = (ROOT / "data/corpora/greek-john/sblgnt.txt").read_text(encoding="utf-8")
    assert len(paragraphs(greek)) == 21


def test_whole_takes_a_witness_as_one_paragraph():
    """Baku has a paragraph 1926 lacks: paragraph by paragraph they cannot be compared, whole they
    are one paragraph each, holding every token."""
    texts = [(ROOT / "witnesses/medvedev" / f).read_text(encoding="utf-8") for f in ("1926.txt", "baku.txt")]
    assert len(paragraphs(texts[1])) == len(paragraphs(texts[0])) + 1
    for text in texts:
        (whole,) = paragraphs(text, whole=True)
        assert len(whole) == sum(len(p) for p in paragraphs(text))


def _subset(witnesses: tuple[Witness, ...], labels: list[Label], whole: bool = False) -> tuple[Witness, ...]:
    """The witnesses cut to the paragraphs the labels fall in (stretches never cross a paragraph;
    a sample drawn ``whole`` is one paragraph, so it is kept whole)."""
    out = []
    for w in witnesses:
        cuts = paragraphs(w.text, whole)
        starts = [label.regions[w.siglum][0] for label in labels]
        keep = {i for i, para in enumerate(cuts) for at in starts if para[0].start() <= at <= para[-1].end()}
        text = "\n\n".join(w.text[cuts[i][0].start() : cuts[i][-1].end()] for i in sorted(keep))
        out.append(Witness(w.siglum, text + "\n"))
    return tuple(out)


@functools.cache
def _score(name: str) -> Score | Exception:
    """A language sample scored on the paragraphs it covers (the exception if the collation fails)."""
    witnesses, labels = _load(by_name[name])
    part = _subset(witnesses, labels, by_name[name].whole)
    try:
        collation = collate_witnesses(part, Settings(language=by_name[name].language or None))
    except Exception as exc:  # the crash the issue reports: recorded, asserted below
        return exc
    return score(collation, load_labels(by_name[name].labels, part))


# Where a target is still missed, the figure of python bench/classification.py (whole texts, each
# sample's language) with the language-aware classifier.
MISSED_PRECISION: dict[str, str] = {}


#: Samples holding substantive labels (recall means something there).
WITH_SUBSTANTIVE = ["greek-john", "latin-caesar", "racine-1668-1676", "english-1820", "medvedev"]


@pytest.mark.slow
@pytest.mark.parametrize("name", WITH_SUBSTANTIVE)
def test_every_labelled_substantive_is_substantive(name):
    """Substantive recall 100% on each sample."""
    result = _score(name)
    assert not isinstance(result, Exception), result
    assert result.matrix[(True, True)] >= 8 and result.matrix[(True, False)] == 0, result.matrix


@pytest.mark.slow
@pytest.mark.parametrize("name", [s.name for s in LANGUAGE_SAMPLES])
def test_substantive_flags_are_real(request, name):
    """At least 90% of substantive verdicts are labelled substantive; none where none is labelled."""
    if name in MISSED_PRECISION:
        request.applymarker(pytest.mark.xfail(strict=True, reason=MISSED_PRECISION[name]))
    result = _score(name)
    assert not isinstance(result, Exception), result
    flagged = result.matrix[(True, True)] + result.matrix[(False, True)]
    assert result.matrix[(False, True)] <= 0.1 * flagged, result.matrix


@pytest.mark.slow
def test_english_1820_collates_and_period_forms_are_not_substantive():
    """The issue's check: ordinals, -'d forms and speaker prefixes collate and none is substantive."""
    sample = by_name["english-1820"]
    witnesses, labels = _load(sample)
    collation = collate_witnesses(witnesses)
    period = [
        label
        for label in labels
        if label.kind == "structural" or label.subtype in ("numeral", "date", "historical-spelling")
    ]
    assert len(period) >= 25
    flagged = [label.number for label in period if said_substantive(collation, verdict(collation, label))]
    assert not flagged, flagged

