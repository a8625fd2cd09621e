"""Hand labels of divergences, and how a collation's verdicts are scored against them.

A labels file (tests/fixtures/kropotkin_labels.toml, tests/fixtures/labels/*.toml) names each
place where two witnesses differ by a stretch of each witness's text that occurs exactly once,
with the witness's reading in {braces} ({} for nothing), and gives the editor's class, subtype
and reasoning. Naming places by their text, not by apparatus number, keeps the labels independent
of the aligner and of the classifier: they were written before either was run on the text.

The classifier's verdict on a label is the most serious variant location whose tokens overlap the
label's reading in some witness. Used by tests/test_classify.py, tests/test_language_labels.py
and bench/classification.py.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from collate.classify import SEVERITY, SUBTYPES, counts_as_substantive
from collate.model import Collation, Variant, Witness

ROOT = Path(__file__).resolve().parent.parent
LABELS_DIR = ROOT / "tests" / "fixtures" / "labels"
CORPORA = ROOT / "data" / "corpora"

#: Names the labels use that the classifier does not have yet (the languages issue asks for them);
#: each is explained in the header of the labels files.
NEW_SUBTYPES: dict[str, tuple[str, ...]] = {}

#: Every class a label may name, least serious first: the classifier's (which now has ``ocr``, an
#: error of the digitisation, and ``structural``, what is not text).
LABEL_SEVERITY: tuple[str, ...] = SEVERITY

#: Every subtype a label may name, per class.
LABEL_SUBTYPES: dict[str, tuple[str, ...]] = {
    kind: tuple(dict.fromkeys((*SUBTYPES.get(kind, ()), *NEW_SUBTYPES.get(kind, ())))) for kind in LABEL_SEVERITY
}

#: The classifier's own vocabulary (what the Kropotkin labels are held to).
CLASSIFIER_VOCABULARY: Mapping[str, tuple[str, ...]] = SUBTYPES
#: The vocabulary the language labels may use.
LABEL_VOCABULARY: Mapping[str, tuple[str, ...]] = LABEL_SUBTYPES


class LabelError(ValueError):
    """A labels file that is malformed: a stretch not found once, a class not in the vocabulary."""


@dataclass(frozen=True)
class Label:
    """One labelled divergence."""

    number: int
    kind: str
    subtype: str | None
    reasoning: str
    regions: dict[str, tuple[int, int]]  # siglum -> character range of its reading in the witness text

    @property
    def substantive(self) -> bool:
        return self.kind == "substantive"


def region(text: str, marked: str, where: str) -> tuple[int, int]:
    """Find ``marked`` (a context with the reading in braces) in ``text``; it must occur once."""
    if marked.count("{") != 1 or marked.count("}") != 1 or marked.index("{") > marked.index("}"):
        raise LabelError(f"{where}: {marked!r} must hold the reading in exactly one pair of braces")
    plain = marked.replace("{", "").replace("}", "")
    found = text.count(plain)
    if found != 1:
        raise LabelError(f"{where}: {plain!r} occurs {found} times in the witness; it must occur once")
    start = text.index(plain) + marked.index("{")
    return start, start + marked.index("}") - marked.index("{") - 1


def read_entries(path: Path) -> list[dict]:
    """The ``[[divergence]]`` tables of a labels file."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    entries = data.get("divergence")
    if not entries:
        raise LabelError(f"{path}: no [[divergence]] tables")
    return entries


def load_labels(
    path: Path, witnesses: Sequence[Witness], vocabulary: Mapping[str, tuple[str, ...]] = LABEL_VOCABULARY
) -> list[Label]:
    """Read a labels file against the witnesses it names; raise :class:`LabelError` if malformed."""
    texts = {w.siglum: w.text for w in witnesses}
    out = []
    for n, entry in enumerate(read_entries(path), start=1):
        where = f"{path.name} label {n}"
        named = [k for k in entry if k not in ("class", "subtype", "reasoning")]
        if sorted(named) != sorted(texts):
            raise LabelError(f"{where}: names witnesses {sorted(named)}, expected {sorted(texts)}")
        kind, subtype = entry.get("class"), entry.get("subtype")
        if kind not in vocabulary or (subtype is not None and subtype not in vocabulary[kind]):
            raise LabelError(f"{where}: class {kind!r} / subtype {subtype!r} is not in the vocabulary")
        if not str(entry.get("reasoning", "")).strip():
            raise LabelError(f"{where}: gives no reasoning")
        regions = {s: region(texts[s], entry[s], f"{where} ({s})") for s in texts}
        if all(end == start for start, end in regions.values()):
            raise LabelError(f"{where}: every witness reads nothing")
        out.append(Label(n, kind, subtype, entry["reasoning"], regions))
    return out


def covering(c: Collation, label: Label) -> list[Variant]:
    """The variant locations whose tokens overlap the label's reading in some witness."""
    found = []
    for v in c.variants:
        segment = c.alignment.segments[v.segment]
        for siglum, (cs, ce) in label.regions.items():
            w = c.witness_index(siglum)
            start, end = segment.spans[w]
            toks = c.tokens[w][start:end]
            if ce > cs and any(t.offset < ce and t.offset + len(t.text) > cs for t in toks):
                found.append(v)
                break
    return found


def verdict(c: Collation, label: Label) -> Variant | None:
    """The classifier's verdict on a labelled divergence: the most serious location covering it."""
    found = covering(c, label)
    return max(found, key=lambda v: SEVERITY.index(v.type)) if found else None


def said_substantive(c: Collation, v: Variant | None) -> bool:
    """Whether the collation counts the verdict ``v`` as substantive (no location: not substantive)."""
    return v is not None and counts_as_substantive(v.type, v.subtype, c.settings.substantive)


def confusion(c: Collation, labels: Iterable[Label]) -> Counter:
    """(label is substantive, classifier says substantive) -> count."""
    out: Counter = Counter()
    for label in labels:
        out[(label.substantive, said_substantive(c, verdict(c, label)))] += 1
    return out


@dataclass(frozen=True)
class Score:
    """How a collation's verdicts compare with one labels file."""

    labels: int
    matrix: Counter
    agree: int  # labels whose exact class the classifier gives
    missing: tuple[int, ...]  # label numbers with no variant location

    @property
    def recall(self) -> float | None:
        """Share of labelled substantive divergences classified substantive (None if there are none)."""
        real = self.matrix[(True, True)] + self.matrix[(True, False)]
        return self.matrix[(True, True)] / real if real else None

    @property
    def precision(self) -> float | None:
        """Share of substantive verdicts that are labelled substantive (None if there are none)."""
        flagged = self.matrix[(True, True)] + self.matrix[(False, True)]
        return self.matrix[(True, True)] / flagged if flagged else None


def score(c: Collation, labels: Sequence[Label]) -> Score:
    """Confusion matrix, exact-class agreement and unfound labels of ``c`` against ``labels``."""
    verdicts = [(label, verdict(c, label)) for label in labels]
    matrix: Counter = Counter((label.substantive, said_substantive(c, v)) for label, v in verdicts)
    agree = sum(1 for label, v in verdicts if v is not None and v.type == label.kind)
    missing = tuple(label.number for label, v in verdicts if v is None)
    return Score(len(labels), matrix, agree, missing)


# -- the labelled samples --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One labelled sample: its name, its labels file and the two witness files it labels."""

    name: str
    labels: Path
    witnesses: tuple[Path, Path]
    #: how scripts/label_sample.py drew it: (every, letters_differ) per stratum; () if not by rule
    strata: tuple[tuple[int, bool], ...] = ()
    #: the language an editor names for the pair (``--language``); "" for the witnesses' own
    language: str = ""
    #: drawn with ``--whole``: each witness one paragraph (the versions' paragraphs do not correspond)
    whole: bool = False


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "greek-john",
        LABELS_DIR / "greek-john.toml",
        (CORPORA / "greek-john" / "sblgnt.txt", CORPORA / "greek-john" / "nestle1904.txt"),
        ((19, False),),
        language="grc",
    ),
    Sample(
        "latin-caesar",
        LABELS_DIR / "latin-caesar.toml",
        tuple(CORPORA / "latin-caesar-bellum-civile" / f for f in ("dupontet-1901.txt", "peskett-1914.txt")),
        ((50, False),),
        language="la",
    ),
    Sample(
        "racine-1668-1676",
        LABELS_DIR / "racine-1668-1676.toml",
        tuple(
            CORPORA / "french-racine-andromaque" / f
            for f in ("andromaque-1668-diplomatic.txt", "andromaque-1676-diplomatic.txt")
        ),
        ((28, False), (10, True)),
        language="fr",
    ),
    Sample(
        "racine-1668-normalised",
        LABELS_DIR / "racine-1668-normalised.toml",
        tuple(
            CORPORA / "french-racine-andromaque" / f
            for f in ("andromaque-1668-diplomatic.txt", "andromaque-1668-normalised.txt")
        ),
        ((75, False),),
        language="fr",
    ),
    Sample(
        "hebrew-esther",
        LABELS_DIR / "hebrew-esther.toml",
        (CORPORA / "hebrew-esther" / "mam.txt", CORPORA / "hebrew-esther" / "wlc.txt"),
        ((4, False),),
        language="he",
    ),
    Sample(
        "english-1820",
        LABELS_DIR / "english-1820.toml",
        tuple(ROOT / "tests" / "data" / "english-1820" / "witnesses" / f for f in ("early.txt", "late.txt")),
        ((1, False),),
    ),
    Sample(
        "medvedev",
        LABELS_DIR / "medvedev.toml",
        tuple(ROOT / "witnesses" / "medvedev" / f for f in ("1926.txt", "baku.txt")),
        ((2, False),),
        whole=True,
    ),
    Sample(
        "kropotkin",
        ROOT / "tests" / "fixtures" / "kropotkin_labels.toml",
        tuple(ROOT / "witnesses" / "kropotkin" / f for f in ("miller.txt", "shatz.md")),
    ),
)
