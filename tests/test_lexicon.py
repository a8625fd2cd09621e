"""The lexicon: which forms are words, which pairs are one word in two spelling systems."""

from __future__ import annotations

import pytest

from collate.classify import lexicon


@pytest.mark.parametrize(
    "word",
    [
        "none",
        "incapacitated",
        "received",
        "Moscow",
        "season's",
        "season\u2019s",
        "postal-telegraph",
        "USSR",
        "XIV",
        "1918",
        "15th",
        "P",
    ],
)
def test_words(word):
    assert lexicon.is_word(word)


@pytest.mark.parametrize("word", ["noe", "incapaciated", "moscow", "teh", "goverment", "Dmitrov"])
def test_not_words(word):
    """Typos, a proper name in lower case, and a name the dictionary lacks."""
    assert not lexicon.is_word(word)


@pytest.mark.parametrize(
    "word", ["colour", "centres", "meagre", "organisation", "travelled", "judgement", "colourised"]
)
def test_british_spellings_are_words(word):
    assert lexicon.is_word(word)


@pytest.mark.parametrize(
    "british, american, source",
    [
        ("colour", "color", "breame"),
        ("favourite", "favorite", "breame"),
        ("splendour", "splendor", ""),
        ("centre", "center", "breame"),
        ("sepulchre", "sepulcher", ""),
        ("organisation", "organization", "breame"),
        ("industrialised", "industrialized", ""),
        ("paralysed", "paralyzed", ""),
        ("catalogue", "catalog", "breame"),
        ("pretence", "pretense", "breame"),
        ("mediaeval", "medieval", "breame"),
        ("fulfil", "fulfill", "breame"),
        ("wilful", "willful", "-l/-ll"),
        ("marvellous", "marvelous", ""),
        ("focussed", "focused", "consonant doubling"),
        ("acknowledgement", "acknowledgment", ""),
        ("towards", "toward", "-wards/-ward"),
        ("afterwards", "afterward", "-wards/-ward"),
        ("learnt", "learned", "-t/-ed"),
        ("amongst", "among", "-st"),
        ("colourised", "colorized", "-our/-or and -ise/-ize"),
        ("storey", "story", "list"),
    ],
)
def test_spelling_variants(british, american, source):
    for a, b in ((british, american), (american, british), (british.title(), american)):
        evidence = lexicon.spelling_variant(a, b)
        assert evidence and source in evidence


@pytest.mark.parametrize(
    "a, b",
    [
        ("four", "for"),  # -our/-or would make 'for' of 'four': both are words
        ("tour", "tor"),
        ("rewards", "reward"),  # -wards/-ward is for direction words, not plurals
        ("planned", "planed"),  # consonant doubling, but two stems
        ("fillers", "filers"),
        ("noe", "none"),
        ("this", "the"),
        ("acre", "acer"),
    ],
)
def test_not_spelling_variants(a, b):
    assert lexicon.spelling_variant(a, b) is None


@pytest.mark.parametrize(
    "a, b, stem",
    [
        ("received", "receive", "receive"),
        ("jobs", "job", "job"),
        ("interests", "interest", "interest"),
        ("was", "were", "be"),
        ("him", "he", "he"),
        ("season's", "season", "season"),
    ],
)
def test_shared_stems(a, b, stem):
    assert lexicon.shared_stem(a, b) == stem


def test_different_words_share_no_stem():
    assert lexicon.shared_stem("this", "the") is None
    assert lexicon.shared_stem("went", "go") is None  # irregular forms are not in Hunspell's affix rules


@pytest.mark.parametrize(
    "names",
    [
        ("Trotskii", "Trotsky", "Trotskiy"),
        ("Ilich", "Il'ich", "Ilyich"),
        ("Zinoviev", "Zinovyev"),
        ("Dostoevsky", "Dostoyevsky"),
    ],
)
def test_transliterations_share_a_key(names):
    assert len({lexicon.transliteration_key(n) for n in names}) == 1


def test_different_names_do_not_share_a_key():
    assert lexicon.transliteration_key("Dmitrov") != lexicon.transliteration_key("Dmitriev")


# -- one set of normalizers for alignment, classification and the lexicon ----------------------


def test_a_normalizer_is_its_steps_in_order():
    from collate.normalize import Normalizer, casefold, fold_marks, nfc

    chain = Normalizer("test", (nfc, fold_marks))
    assert chain("E\u0301\u2019S") == "\u00c9'S"
    assert chain.then("test-lower", casefold)("E\u0301\u2019S") == "\u00e9's"
    assert chain.describe() == f"{nfc.__doc__}; {fold_marks.__doc__}"


@pytest.mark.parametrize("glyph", list(__import__("collate.normalize", fromlist=["APOSTROPHES"]).APOSTROPHES))
def test_every_apostrophe_glyph_is_read_alike_by_every_stage(glyph):
    """Alignment, the classifier and the lexicon fold the same apostrophes: a word written with
    any of them aligns with, is compared as, and is looked up as the word with ``'``."""
    from collate.classify import glyph as glyph_form
    from collate.classify import word_fold
    from collate.normalize import STANDARD

    word = f"don{glyph}t"
    assert STANDARD(word) == "don't"
    assert glyph_form(word) == "don't" and word_fold(word.upper()) == "don't"
    assert lexicon.fold(word) == "don't"
    assert lexicon.is_word(word)


@pytest.mark.parametrize("word", ["19th", "21st", "102nd", "2d", "XIVth"])
def test_stems_of_compounds_never_fail(word):
    """Hunspell gives ordinals as compounds (no ``stem``): a stem or none, never an error."""
    assert isinstance(lexicon.stems(word), frozenset)
    assert lexicon.shared_stem(word, "nineteenth") in (None, *lexicon.stems(word))


def test_form_stem_of_any_shape():
    from collate.classify.hunspell_cache import form_stem

    """An analysis of an unexpected shape gives no stem rather than stopping the run."""

    class Part:
        stem = "19"

    class Compound:
        parts = [Part(), Part()]

    assert form_stem(Compound()) == "1919"
    assert form_stem(object()) == ""
    assert form_stem(type("Odd", (), {"parts": [object()]})()) == ""
