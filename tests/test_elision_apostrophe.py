"""French (and Italian) elision: the apostrophe of an elided clitic written or left out between the
same letters (collate/classify/wordrules.py, rule_elision_apostrophe)."""

from __future__ import annotations

import pytest

from collate import Settings, Witness, collate_witnesses, load_witnesses

from .labels import ROOT


def _kinds(a: str, b: str, language: str) -> list[tuple[str, str | None]]:
    c = collate_witnesses((Witness("A", a + "\n"), Witness("B", b + "\n")), Settings(language=language))
    return [(v.type, v.subtype) for v in c.variants]


@pytest.mark.parametrize(
    ("a", "b", "language"),
    [
        ("Il eſt l’amy de Pyrrhus", "Il eſt lamy de Pyrrhus", "fr"),
        ("Ie ſçay qu’il vous aime", "Ie ſçay quil vous aime", "fr"),
        ("Il faut qu’elle parte", "Il faut quelle parte", "fr"),
        ("Venne dall’alto monte", "Venne dallalto monte", "it"),
    ],
)
def test_a_dropped_elision_apostrophe_is_a_slip(a, b, language):
    """quelle is a French word, but qu’elle and quelle are the same letters: a slip, never a reading."""
    assert _kinds(a, b, language) == [("typo", "misspelling")]


def test_other_letters_stay_substantive():
    """d’Hermionne / Hermione (Racine 1668/1676, a labelled substantive) has other letters."""
    assert _kinds("tout d’Hermionne.", "tout Hermione.", "fr")[0][0] == "substantive"
    assert _kinds("Il faut qu’elle parte", "Il faut qu’il parte", "fr")[0][0] == "substantive"


def test_english_is_not_read_so():
    """we’ll / well are two English words: the rule is French and Italian only."""
    assert _kinds("I think we’ll go", "I think well go", "en")[0][0] == "substantive"


def test_racine_1668_1676():
    """The 1676 printing drops the apostrophe of Qu’elle twice (II.2 'Quelle est icy Captive', IV
    'Quelle le perde'); both, and nothing else, are read as that slip."""
    base = ROOT / "data/corpora/french-racine-andromaque"
    witnesses = load_witnesses([str(base / "andromaque-1668-diplomatic.txt"), str(base / "andromaque-1676-diplomatic.txt")])
    c = collate_witnesses(witnesses, Settings(language="fr"))
    found = [[r.text.strip() for r in v.readings] for v in c.variants if "apostrophe of its elided" in v.reason]
    assert found == [["Qu’elle", "Quelle"], ["Qu’elle", "Quelle"]]
