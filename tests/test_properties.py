"""Invariants over generated witnesses: nothing of a witness is ever lost or altered.

Witnesses are generated from Unicode words (accented letters composed and decomposed, combining
marks, Hebrew and Arabic, CJK, emoji with modifiers and joiners), punctuation (ASCII, typographic,
and the characters markup must escape: ``<``, ``&``, ``]]>``), whitespace runs (spaces, tabs,
CR, CRLF, no-break and ideographic spaces, blank lines), empty stretches and repeated words.
Related witnesses are made from one text by omission, addition, substitution, repetition and
respacing, so that the aligner has real work to do. How many cases each property ran is quoted
in docs/errors.md (``pytest tests/test_properties.py --hypothesis-show-statistics``); with
``--hypothesis-profile thorough`` (conftest.py) each property below that calls :func:`examples`
runs at least 10,000 generated cases (``make properties``).
"""

from __future__ import annotations

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from collate import Witness, collate_witnesses, load_witness, render
from collate.model import Settings
from collate.normalize import GLYPH, NORMALIZERS, WORD
from collate.segments import line_division
from collate.readers.decode import decode_file
from collate.tokenize import tokenize
from collate.writers.json import from_json
from collate.writers.tei import TEI_NS, witness_text

from .conftest import assert_valid_tei

_T = f"{{{TEI_NS}}}"


def examples(n: int) -> int:
    """``n`` generated cases, or as many as the loaded profile asks if more (``thorough``: 10,000)."""
    return max(n, settings().max_examples)


LATIN = ["the", "The", "THE", "cat", "sat", "colour", "color", "don't", "don’t", "to-day", "naïve", "café", "Zürich"]
DECOMPOSED = [unicodedata.normalize("NFD", w) for w in ("naïve", "café")] + ["e\u0301\u0327"]  # stacked marks
RIGHT_TO_LEFT = ["שלום", "עולם", "سلام", "مرحبا"]
CJK = ["文字", "校勘", "異文"]
EMOJI = ["👍", "👍🏽", "👩‍🔬", "🇫🇷"]  # a modifier, a joiner sequence, a flag
OTHER = ["ﬁne", "1859", "XIV", "§", "½", "ŉ"]  # a ligature; ŉ casefolds to ʼn, whose apostrophe folds again
WORDS = LATIN + DECOMPOSED + RIGHT_TO_LEFT + CJK + EMOJI + OTHER
ASCII_PUNCTUATION = [",", ".", ";", ":", "!", "?", "...", "-", "(", ")", "[", "]", "'", '"']
TYPOGRAPHIC = ["…", "—", "–", "“", "”", "‘", "’", "«", "»", "¿", "¡"]
MARKUP = ["<", ">", "&", "]]>", "<script>", "&amp;"]
PUNCTUATION = ASCII_PUNCTUATION + TYPOGRAPHIC + MARKUP
SPACES = [" ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\u00a0", "\u3000", " \t \n", ""]

word = st.sampled_from(WORDS) | st.text(
    alphabet=st.characters(categories=["L", "M", "N"], exclude_characters="\ufffe\uffff"), min_size=1, max_size=6
)
piece = st.one_of(word, word, st.sampled_from(PUNCTUATION))
space = st.sampled_from(SPACES)

#: A witness: pieces each followed by a whitespace run (possibly none), with leading whitespace.
text = st.builds(
    lambda lead, parts: lead + "".join(p + s for p, s in parts),
    st.sampled_from(["", "", " ", "\n", "\r\n", "\t"]),
    st.lists(st.tuples(piece, space), min_size=0, max_size=30),
)


@st.composite
def variant_of(draw, base: list[tuple[str, str]]) -> str:
    """Another witness of ``base``: words omitted, added, substituted, repeated or respaced."""
    out: list[tuple[str, str]] = []
    for p, s in base:
        edit = draw(st.sampled_from(["keep"] * 6 + ["omit", "add", "substitute", "repeat", "respace"]))
        if edit == "omit":
            continue
        if edit == "add":
            out.append((draw(piece), draw(space)))
        if edit == "substitute":
            p = draw(piece)
        if edit == "repeat":
            out.append((p, " "))
        if edit == "respace":
            s = draw(space)
        out.append((p, s))
    return "".join(p + s for p, s in out)


@st.composite
def witness_texts(draw) -> list[str]:
    """Two to four related witnesses of one generated text."""
    base = draw(st.lists(st.tuples(piece, space), min_size=0, max_size=25))
    count = draw(st.integers(2, 4))
    return [draw(variant_of(base)) for _ in range(count)]


def collate_texts(texts: list[str], **settings):
    return collate_witnesses([Witness(f"W{i}", t) for i, t in enumerate(texts)], Settings(**settings))


# -- tokenization and normalization --------------------------------------------------------------


@settings(max_examples=examples(500), deadline=None)
@given(st.one_of(text, st.text()))
def test_tokenization_loses_nothing(source):
    """Any string at all, control characters and lone surrogates included, comes back whole."""
    tokens = tokenize(Witness("A", source))
    assert "".join(t.text for t in tokens) == source
    offset = 0
    for token in tokens:
        assert token.offset == offset
        offset += len(token.text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(piece, st.text(min_size=1)), st.sampled_from(sorted(NORMALIZERS) + ["glyph", "word"]))
def test_normalization_is_idempotent(form, name):
    """Every chain alignment or classification compares by is idempotent."""
    normalize = {**NORMALIZERS, "glyph": GLYPH, "word": WORD}[name]
    once = normalize(form.strip())
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(text)
def test_normalized_tokens_are_fixed_points(source):
    """What alignment compares is already normal: normalizing a token's norm changes nothing."""
    for token in tokenize(Witness("A", source)):
        assert NORMALIZERS["standard"](token.norm) == token.norm


@settings(max_examples=200, deadline=None)
@given(text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_witness_file_decoded_exactly(source, codec):
    """A witness file comes back character for character; only a byte-order mark is dropped."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "w.txt"
        path.write_bytes(source.encode(codec))
        assert decode_file(path) == source


# -- whole collations ----------------------------------------------------------------------------


@settings(
    max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(witness_texts())
def test_tei_valid_and_every_witness_reconstructed(tei_schema, texts):
    """The TEI is valid against tei_all, each app names every witness once, and each witness's
    text comes back exactly from the TEI and from the JSON."""
    collation = collate_texts(texts)
    tei = render(collation, "tei")
    assert_valid_tei(tei_schema, tei)
    root = etree.fromstring(tei)
    for app in root.iter(_T + "app"):
        wits = [w for r in app.iter(_T + "rdg", _T + "lem") for w in r.get("wit").split()]
        assert sorted(wits) == [f"#W{i}" for i in range(len(texts))]
    back = from_json(render(collation, "json"))
    assert back == collation
    for i, source in enumerate(texts):
        assert witness_text(root, collation.sigla[i]) == source
        assert "".join(t.text for t in back.tokens[i]) == source
        assert "".join(back.reading(s, i) for s in back.alignment.segments) == source


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text, st.integers(2, 4))
def test_identical_witnesses_give_no_variants(source, count):
    collation = collate_texts([source] * count)
    assert collation.variants == ()
    root = etree.fromstring(render(collation, "tei"))
    assert root.find(f".//{_T}app") is None
    for i in range(count):
        assert witness_text(root, collation.sigla[i]) == source


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(witness_texts())
def test_every_divergence_is_a_variant_location(texts):
    """Where the witnesses' texts differ, there is an apparatus entry; where they agree, none. By
    default a difference in line division alone has none; with line breaks as variants it has one."""
    for line_breaks in ("milestone", "variant"):
        collation = collate_texts(texts, line_breaks=line_breaks)
        varying = {v.segment for v in collation.variants}
        for index, segment in enumerate(collation.alignment.segments):
            readings = {collation.reading(segment, w) for w in range(len(texts))}
            lines_only = line_breaks == "milestone" and line_division(segment.spans, collation.tokens) is not None
            assert (len(readings) > 1 and not lines_only) == (index in varying), readings


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(word, min_size=1, max_size=30), st.integers(2, 4), st.randoms(use_true_random=False))
def test_the_same_words_in_other_lines_give_no_variants(words, count, rng):
    """Any words, each witness breaking its lines at words of its own: no location by default, each
    witness rebuilt exactly from the TEI; with line breaks as variants, a location wherever they differ."""
    texts = ["".join(w + rng.choice([" ", " ", "\n"]) for w in words) for _ in range(count)]
    collation = collate_texts(texts)
    assert collation.variants == ()
    root = etree.fromstring(render(collation, "tei"))
    for i, source in enumerate(texts):
        assert witness_text(root, collation.sigla[i]) == source
    assert bool(collate_texts(texts, line_breaks="variant").variants) == (len(set(texts)) > 1)


def _clean(source: str) -> str:
    """The text as loading makes it: LF line ends, NFC."""
    return unicodedata.normalize("NFC", source.replace("\r\n", "\n").replace("\r", "\n"))


@pytest.mark.filterwarnings("ignore::collate.errors.CollateWarning")
@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text, st.sets(st.sampled_from(["crlf", "cr", "nfd", "bom"])))
def test_file_noise_gives_no_variants(source, noise):
    """A witness file with CRLF or CR line ends, decomposed letters or a BOM loads as its LF, NFC
    copy does, and the two collate with no variant location. (Letters drawn at random from all of
    Unicode sometimes look like mojibake, "Îµ" for "ε"; the warning says so and changes nothing.)"""
    clean = _clean(source)
    assume(clean.strip())
    noisy = unicodedata.normalize("NFD", clean) if "nfd" in noise else clean
    noisy = noisy.replace("\n", "\r") if "cr" in noise else noisy.replace("\n", "\r\n") if "crlf" in noise else noisy
    with tempfile.TemporaryDirectory() as directory:
        a, b = Path(directory) / "a.txt", Path(directory) / "b.txt"
        a.write_bytes(clean.encode())
        b.write_bytes(("\ufeff" if "bom" in noise else "").encode() + noisy.encode())
        witnesses = [load_witness(a), load_witness(b)]
    assert witnesses[0].text == witnesses[1].text == clean
    assert collate_witnesses(witnesses).variants == ()
