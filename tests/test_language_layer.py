"""The language-independent layer, on generated text in four scripts and on named examples.

Locations that differ only in diacritics, case, punctuation or final-letter forms are never
substantive, whatever the script or the language setting: the property is checked on generated
words of Latin, Greek, Cyrillic and Hebrew letters, each witness pair made from one text by
changing only those things.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collate import Settings, Witness, collate_witnesses
from collate.classify.languages import base_code, guess, parse_setting, resolve
from collate.classify.marks import bare, marks_kind, ocr_confusion
from collate.errors import ConfigError

SCRIPTS = {
    "la": ("abcdefghilmnopqrstuvxyz", "\u0301\u0300\u0308\u0302\u0304\u0327"),
    "grc": ("αβγδεζηθικλμνξοπρστυφχψω", "\u0301\u0300\u0342\u0313\u0314\u0345\u0308"),
    "ru": ("абвгдежзийклмнопрстуфхцчшщыэюя", "\u0301\u0300\u0308"),
    "he": ("אבגדהוזחטיכלמנסעפצקרשת", "\u05b0\u05b4\u05b7\u05b8\u05bc\u05b6\u05c2\u0591\u05a5"),
}
FINALS = {"σ": "ς", "כ": "ך", "מ": "ם", "נ": "ן", "פ": "ף", "צ": "ץ"}
PUNCTUATION = [",", ".", ";", "·", "\u037e", "\u05c3", ":", "!", "?"]


@st.composite
def word(draw, lang: str) -> str:
    letters, _ = SCRIPTS[lang]
    return "".join(draw(st.lists(st.sampled_from(letters), min_size=2, max_size=8)))


@st.composite
def accidental(draw, w: str, lang: str) -> str:
    """``w`` changed in marks, case or final form only."""
    _, marks = SCRIPTS[lang]
    out = []
    for ch in w:
        out.append(ch)
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(marks)))
    new = unicodedata.normalize("NFC", "".join(out))
    if new[-1] in FINALS and draw(st.booleans()):
        new = new[:-1] + FINALS[new[-1]]
    if draw(st.booleans()):
        new = _upper(new) if draw(st.booleans()) else _upper(new[0]) + new[1:]
    return new


def _upper(text: str) -> str:
    """Capitals with the marks kept as marks (``ᾳ`` -> ``ᾼ``; Python's ``upper`` writes the iota
    subscript out as a letter, ``ΑΙ``, the adscript, which is a spelling, not a case)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c if unicodedata.combining(c) else c.upper() for c in decomposed))


@st.composite
def pair(draw):
    lang = draw(st.sampled_from(sorted(SCRIPTS)))
    words = draw(st.lists(word(lang), min_size=3, max_size=25))
    a, b = [], []
    for w in words:
        a.append(w + (draw(st.sampled_from(PUNCTUATION)) if draw(st.integers(0, 4)) == 0 else ""))
        b.append(draw(accidental(w, lang)) + (draw(st.sampled_from(PUNCTUATION)) if draw(st.integers(0, 4)) == 0 else ""))
    language = draw(st.sampled_from([lang, None]))
    return lang, " ".join(a) + "\n", " ".join(b) + "\n", language


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair())
def test_marks_case_punctuation_and_final_forms_are_never_substantive(case):
    lang, a, b, language = case
    collation = collate_witnesses((Witness("A", a), Witness("B", b)), Settings(language=language))
    substantive = [(v.readings[0].text, v.readings[-1].text, v.reason) for v in collation.variants if v.type == "substantive"]
    assert not substantive, (lang, substantive)


@pytest.mark.parametrize(
    ("x", "y", "subtype"),
    [
        ("καιρὸς", "καιρός", "diacritics"),
        ("ἑαυτοὺς", "ἑαυτούς", "diacritics"),
        ("λόγος", "λόγοσ", "final-form"),
        ("הַמֶּלֶךְ", "המלך", "diacritics"),
        ("façade", "facade", "diacritics"),
        ("æquus", "aequus", "diacritics"),
    ],
)
def test_marks_kinds(x, y, subtype):
    assert marks_kind(x, y)[0] == subtype
    assert bare(x) == bare(y)


def test_grave_and_acute_are_named_as_position_dependent():
    assert "position" in marks_kind("καιρὸς", "καιρός")[1]


@pytest.mark.parametrize(("wrong", "right"), [("tbe", "the"), ("rnen", "men"), ("tliought", "thought"), ("fieud", "fiend")])
def test_ocr_confusions(wrong, right):
    assert ocr_confusion(wrong, right)


def test_ocr_confusions_do_not_join_unrelated_words():
    assert ocr_confusion("palter", "falter") == []


@pytest.mark.parametrize(("tag", "code"), [("en-GB", "en"), ("eng", "en"), ("lat", "la"), ("grc", "grc"), ("heb", "he"), ("fra", "fr")])
def test_language_codes(tag, code):
    assert base_code(tag) == code


def test_a_mixed_collation_only_when_the_user_says_so():
    en = Witness("A", "the cat\n", meta=(("language", "en"),))
    la = Witness("B", "the cat\n", meta=(("language", "la"),))
    with pytest.raises(ConfigError, match="different languages"):
        resolve((en, la), None)
    assert resolve((en, la), "en,la") == "en,la"
    assert parse_setting("en, la") == ("en", "la")
    with pytest.raises(ConfigError):
        parse_setting("english!")


def test_the_script_decides_when_nobody_says():
    assert guess((Witness("A", "ἐν ἀρχῇ ἦν ὁ λόγος"),)) == "grc"
    assert guess((Witness("A", "וַיְהִי בִּימֵי"),)) == "he"
    assert guess((Witness("A", "In the beginning"),)) == "en"


def test_the_collation_records_its_language():
    c = collate_witnesses((Witness("A", "ἐν ἀρχῇ ἦν\n"), Witness("B", "ἐν ἀρχῆ ἦν\n")))
    assert c.settings.language == "grc"
    assert c.variants[0].type == "orthographic" and c.variants[0].subtype == "diacritics"


def _cli(*args: str):
    from click.testing import CliRunner

    from collate.cli import main

    return CliRunner().invoke(main, ["run", *args])


def test_a_warning_names_a_pair_that_is_hardly_one_text(tmp_path):
    """Two different texts: one Warning line on stderr naming the pair and the figure."""
    (tmp_path / "a.txt").write_text("The committee met on Monday and agreed to print the letter.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Nobody knew whether rain would fall over those hills soon.\n", encoding="utf-8")
    result = _cli(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--quiet")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert len(lines) == 1 and "a and b" in lines[0] and "%" in lines[0], result.stderr


def test_no_warning_for_versions_of_one_text(tmp_path):
    (tmp_path / "a.txt").write_text("The committee met on Monday and agreed to print the letter.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The committee met on Tuesday and agreed to print the letter.\n", encoding="utf-8")
    result = _cli(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--quiet")
    assert result.exit_code == 0 and "Warning:" not in result.stderr


def test_language_option_selects_the_rules(tmp_path):
    """vna/una is Latin orthography with --language la; in English it is a word against a non-word."""
    (tmp_path / "a.txt").write_text("et vna cum legione venit\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("et una cum legione venit\n", encoding="utf-8")
    out = tmp_path / "c.json"
    result = _cli(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--language", "la", "--json", str(out))
    assert result.exit_code == 0, result.output
    assert '"historical-spelling"' in out.read_text(encoding="utf-8")
    bad = _cli(str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--language", "!!")
    assert bad.exit_code == 8 and bad.stderr.startswith("Error:")


def test_two_real_words_are_never_a_typo():
    """palter is an English word Hunspell's en_US list lacks: palter/falter is lexical, not a typo;
    a real slip (noe for none) is still a typo."""
    c = collate_witnesses((Witness("A", "He did palter with us.\n"), Witness("B", "He did falter with us.\n")))
    assert [(v.type, v.subtype) for v in c.variants] == [("substantive", "lexical")]
    c = collate_witnesses((Witness("A", "There is noe doubt.\n"), Witness("B", "There is none doubt.\n")))
    assert [(v.type, v.subtype) for v in c.variants] == [("typo", "misspelling")]


@pytest.mark.parametrize(
    ("two", "one"), [("καὶ ἐγώ", "κἀγώ"), ("καὶ ἐκεῖ", "κἀκεῖ"), ("τὸ ὄνομα", "τοὔνομα"), ("καὶ ἐάν", "κἄν")]
)
def test_greek_crasis(two, one):
    c = collate_witnesses((Witness("A", f"εἶπεν {two} λέγει\n"), Witness("B", f"εἶπεν {one} λέγει\n")))
    assert [(v.type, v.subtype) for v in c.variants] == [("orthographic", "crasis")], [v.reason for v in c.variants]


def test_two_greek_words_are_no_crasis_without_a_coronis():
    c = collate_witnesses((Witness("A", "εἶπεν καὶ ἐγώ λέγει\n"), Witness("B", "εἶπεν κάγω λέγει\n")))
    assert all(v.subtype != "crasis" for v in c.variants)
