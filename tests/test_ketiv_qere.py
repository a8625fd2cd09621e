"""Ketiv/qere (collate/classify/hebrew.py): one pointed edition prints the ketiv's consonants under
the qere's vowels, the other the qere; told apart from plene/defective spelling on the Esther
editions and on generated pairs."""

from __future__ import annotations

import pytest

from collate import Settings, Witness, collate_witnesses, load_witnesses
from collate.classify.hebrew import ketiv_qere

from .labels import ROOT

ESTHER = ROOT / "data/corpora/hebrew-esther"


def test_esther_4_4_is_the_one_ketiv_qere_of_the_editions():
    """MAM prints the qere at 4:4, WLC the ketiv's yod under the qere's vowels; every other place
    where the two differ in a vowel letter is plene against defective (SOURCE.md: both editions
    otherwise keep only the qere)."""
    witnesses = load_witnesses([str(ESTHER / "mam.txt"), str(ESTHER / "wlc.txt")])
    c = collate_witnesses(witnesses, Settings(language="he"))
    kq = [v for v in c.variants if v.subtype == "ketiv-qere"]
    assert [[r.text.strip() for r in v.readings] for v in kq] == [["וַ֠תָּב֠וֹאנָה", "וַ֠תָּבוֹאינָה"]]
    assert kq[0].type == "orthographic" and "'וַ֠תָּבוֹאינָה' writes the ketiv" in kq[0].reason
    plene = [v for v in c.variants if v.subtype == "plene-defective"]
    assert len(plene) >= 10  # שְׁלוֹשָׁה / שְׁלֹשָׁה, וְהִפִּל / וְהִפִּיל ... stay plene/defective


@pytest.mark.parametrize(("written", "read"), [("הִוא", "הִיא"), ("הַומֶּלֶךְ", "הַמֶּלֶךְ"), ("דְּבָרי", "דְּבָר")])
def test_generated_pairs(written, read):
    """הִוא for הִיא (a vav under a hiriq, the perpetual qere of the Pentateuch); a vav after a
    patah, a yod after a letter without a vowel: letters written and not read."""
    assert ketiv_qere(written, read) == (written, read)
    assert ketiv_qere(read, written) == (written, read)
    assert ketiv_qere(read, read) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [("גְדוֹלָה", "גְדֹלָה"), ("וְהִפִּיל", "וְהִפִּל"), ("הַפּוּרִים", "הַפֻּרִים"), ("דְּבָרָיו", "דְּבָרָו")],
)
def test_vowel_letters_that_spell_a_vowel_are_not_ketiv(a, b):
    """A yod after hiriq or qamats, a vav with holam or shuruq are vowel letters (plene): no ketiv
    is claimed."""
    assert ketiv_qere(a, b) is None


def test_unpointed_text_claims_no_ketiv():
    """Without vowel points nothing shows which letters are read."""
    c = collate_witnesses(
        (Witness("A", "ותבואנה נערות\n"), Witness("B", "ותבואינה נערות\n")), Settings(language="he")
    )
    assert [(v.type, v.subtype) for v in c.variants] == [("orthographic", "plene-defective")]
