"""What collate asks of ftfy and simplemma without importing them gives what they would say.

A run checks every text beyond ASCII for mojibake with ftfy's own test, and reads simplemma's
word lists from its cache; neither imports the library (50 and 40 ms of start-up) unless a text
looks bad or a list must be built. These tests hold the shortcuts to the libraries' answers."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from collate.classify import lemmas
from collate.readers import mojibake

ROOT = Path(__file__).resolve().parent.parent


def _is_bad(text: str) -> bool:
    from ftfy.badness import is_bad

    return is_bad(text)


def _pattern_chars() -> str:
    from ftfy.badness import MOJIBAKE_CATEGORIES

    chars = set("ÂÃÎÐØÙà√≈‚ÄâóвЂВГРСβ€ΆΒΓΞΟā×²³°Œœ ")
    for value in MOJIBAKE_CATEGORIES.values():
        chars |= {c for c in value if c != "-"}
    return "".join(sorted(chars))


MIXED = st.text(alphabet=st.sampled_from(_pattern_chars() + "aZé.,!? \n’“”—–…«»абв"), max_size=12)


@settings(max_examples=3000, deadline=None)
@given(MIXED)
def test_the_shortcut_is_ftfys_test_on_generated_text(text):
    """Short texts drawn from the characters ftfy's pattern names, ASCII and common punctuation:
    the pairs and triples its alternatives look for come up often."""
    assert mojibake.looks_bad(text) == _is_bad(text)


def test_the_shortcut_is_ftfys_test_on_real_text():
    """Every witness and corpus file, whole and line by line, and mojibake made from them."""
    files = [p for p in sorted((ROOT / "witnesses").rglob("*")) + sorted((ROOT / "data" / "corpora").rglob("*"))
             if p.suffix in {".txt", ".md", ".xml"}]  # fmt: skip
    assert len(files) > 5
    bad = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        broken = text.encode("utf-8").decode("cp1252", errors="replace")
        for piece in [text, broken, *text.splitlines()[:300], *broken.splitlines()[:50]]:
            assert mojibake.looks_bad(piece) == _is_bad(piece), (path, piece[:80])
            bad += _is_bad(piece)
    assert bad  # the mojibake made was seen as such


def test_the_needs_are_read_from_ftfys_pattern():
    """Every alternative of ftfy's pattern has a fixed position beyond ASCII (else no shortcut)."""
    from ftfy.badness import BADNESS_RE

    needs = mojibake._needs(BADNESS_RE)
    assert needs is not None and all(needs)
    assert ["в", "Ђ"] in needs  # the alternative "вЂ": two fixed letters, both needed
    assert any("\x80" in sets[0] and len(sets) == 1 for sets in needs)  # "[\x80-\x9f]" alone: one position


def test_simplemma_word_lists_are_where_simplemma_keeps_them():
    from simplemma.strategies.dictionaries import dictionary_factory

    assert lemmas.data_folder() == dictionary_factory.DATA_FOLDER
    assert (lemmas.data_folder() / "en.plzma").is_file()
