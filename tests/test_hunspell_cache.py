"""The Hunspell cache gives spylls' answers: whether a word is accepted, and its stems.

Compared on every distinct token of the bundled witnesses, two editions of Darwin's chapter and
the Latin corpus (English-like letters, mostly not English words), with their case variants and
generated non-words (two letters swapped, one dropped); on the French corpus with Debian's French
dictionary where it is installed (a fixed draw of 3,000 of its 21,528 words, since spylls takes
minutes for them all; ``COLLATE_FULL_SAMPLE=1`` checks every one); and on a small dictionary
written to use each affix feature.

One difference is inherent and not tested: spylls may give one stem several times (its ALL-CAPS
search finds a lower-case word under each of its letters), the cache gives each once; callers
use the stems as a set, so the sets are compared.
"""

from __future__ import annotations

import itertools
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from collate.classify import hunspell_cache
from collate.classify.hunspell_cache import form_stem
from collate.progress import ProgressBar, reporting

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "tests" / "data" / "hunspell" / "features"
_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def sample(paths: list[Path], seed: int = 7) -> list[str]:
    """Distinct tokens of ``paths`` with lower, upper and title case and two generated non-words each."""
    words: set[str] = set()
    for path in paths:
        words.update(_WORD.findall(path.read_text(encoding="utf-8")))
    rng = random.Random(seed)
    extra: set[str] = set()
    for w in sorted(words):
        extra.update({w.lower(), w.upper(), w.title()})
        if len(w) > 3:
            i = rng.randrange(len(w) - 1)
            extra.update({w[:i] + w[i + 1] + w[i] + w[i + 2 :], w[:i] + w[i + 1 :]})
    return sorted(words | extra)


def disagreements(cached: hunspell_cache.CachedDictionary, words: list[str]) -> list[tuple]:
    """Every word where the cache and spylls differ: (word, cache's answer, spylls' answer)."""
    spylls = cached.spylls()
    out = []
    for word in words:
        ours = (cached.lookup(word), set(cached.stems(word)))
        theirs = (spylls.lookup(word), {form_stem(f) for f in spylls.lookuper.good_forms(word)})
        if ours != theirs:
            out.append((word, ours, theirs))
    return out


@pytest.mark.slow
def test_en_us_gives_spylls_answers():
    paths = [
        *sorted((ROOT / "witnesses").glob("*/*.txt")),
        *sorted((ROOT / "witnesses").glob("*/*.md")),
        ROOT / "data" / "bench" / "darwin" / "darwin1859.txt",
        ROOT / "data" / "bench" / "darwin" / "darwin1872.txt",
        *sorted((ROOT / "data" / "corpora" / "latin-caesar-bellum-civile").glob("*.txt")),
    ]
    words = sample(paths)
    assert len(words) > 40_000
    cached = hunspell_cache.open_dictionary(hunspell_cache.bundled_en_us())
    assert disagreements(cached, words) == []


@pytest.mark.slow
def test_debian_french_gives_spylls_answers():
    base = hunspell_cache.find("fr")
    if base is None:
        pytest.skip("Debian's French dictionary (hunspell-fr) is not installed: scripts/setup-dictionaries installs it")
    words = sample(sorted((ROOT / "data" / "corpora" / "french-racine-andromaque").glob("*.txt")))
    assert len(words) > 20_000
    if not os.environ.get("COLLATE_FULL_SAMPLE"):  # spylls takes minutes for all of them; a fixed draw
        words = sorted(random.Random(11).sample(words, 3000))
    assert disagreements(hunspell_cache.open_dictionary(base), words) == []


def _feature_words() -> list[str]:
    stems = ["walk", "try", "tri", "box", "kind", "NASA", "nasa", "McDonald", "happy", "happi", "part", "hope",
             "hop", "badword", "bad", "fix", "stone", "wall", "paris", "Paris"]
    prefixes = ["", "re", "un", "over", "pre", "ge", "reun"]
    suffixes = ["", "s", "es", "ies", "ed", "d", "ly", "lys", "ness", "nesses", "t", "ing", "ings", "lies"]
    words = {p + s + x for p, s, x in itertools.product(prefixes, stems, suffixes)}
    words |= {a + b for a, b in itertools.product(stems, repeat=2)}
    words |= {a + b + c for a, b, c in itertools.product(["walk", "stone", "wall"], repeat=3)}
    words |= {"walk’s", "walk-box", "-walk", "NASA's", "12", "1.5"}
    cased = {v for w in words for v in (w, w.lower(), w.upper(), w.title())}
    return sorted(cased)


def test_each_affix_feature_gives_spylls_answers(tmp_path, monkeypatch):
    """Prefixes (cross product or not), twofold suffixes, a suffix a prefix licenses, NEEDAFFIX,
    CIRCUMFIX, KEEPCASE, FORBIDDENWORD, ONLYINCOMPOUND, compounds, ICONV and BREAK."""
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path))
    cached = hunspell_cache.CachedDictionary(str(FEATURES), hunspell_cache.ensure_built(str(FEATURES)))
    words = _feature_words()
    assert sum(cached.lookup(w) for w in words) > 100  # the sample is not all non-words
    assert disagreements(cached, words) == []


def test_an_ordinary_unknown_word_never_loads_spylls(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path))
    base = hunspell_cache.bundled_en_us()
    cached = hunspell_cache.CachedDictionary(base, hunspell_cache.ensure_built(base))
    for word in ("goverment", "incapaciated", "teh", "Moscow", "moscow", "received", "Unhappiness"):
        cached.lookup(word)
        cached.stems(word)
    assert cached._spylls is None
    assert cached.lookup("19th") and not cached.lookup("19nd")  # a rule compound: spylls answers
    assert cached._spylls is not None


def test_case_rules():
    cached = hunspell_cache.open_dictionary(hunspell_cache.bundled_en_us())
    assert cached.lookup("Inside") and cached.lookup("INSIDE") and cached.lookup("inside")
    assert cached.lookup("Moscow") and cached.lookup("MOSCOW") and not cached.lookup("moscow")
    assert cached.lookup("McDonald") and cached.lookup("MCDONALD")
    assert "receive" in cached.stems("received")


def test_a_changed_dictionary_gets_a_new_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path / "cache"))
    base = tmp_path / "mini"
    (tmp_path / "mini.aff").write_text("SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n", encoding="utf-8")
    (tmp_path / "mini.dic").write_text("1\ncat/S\n", encoding="utf-8")
    first = hunspell_cache.ensure_built(str(base))
    assert hunspell_cache.CachedDictionary(str(base), first).lookup("cats")
    (tmp_path / "mini.dic").write_text("1\ndog/S\n", encoding="utf-8")
    second = hunspell_cache.ensure_built(str(base))
    assert second != first
    fresh = hunspell_cache.CachedDictionary(str(base), second)
    assert fresh.lookup("dogs") and not fresh.lookup("cats")


def test_two_processes_building_at_once_leave_one_good_file(tmp_path):
    """Both build into temporary files and rename them into place: the cache is whole either way."""
    env = {**os.environ, "COLLATE_CACHE_DIR": str(tmp_path)}
    code = (
        "from collate.classify import hunspell_cache as h;"
        f"d = h.CachedDictionary({str(FEATURES)!r}, h.ensure_built({str(FEATURES)!r}));"
        "assert d.lookup('walks') and d.lookup('rewalked') and not d.lookup('walkz')"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 1 and files[0].endswith(".sqlite"), files


def test_first_build_says_so_once_unless_quiet(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path / "loud"))
    hunspell_cache._OPEN.clear()
    hunspell_cache.open_dictionary(str(FEATURES))
    first = capsys.readouterr().err
    assert first.count("\n") == 1 and "Building the Hunspell dictionary cache for features" in first
    hunspell_cache._OPEN.clear()
    hunspell_cache.open_dictionary(str(FEATURES))
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path / "quiet"))
    hunspell_cache._OPEN.clear()
    with reporting(ProgressBar(quiet=True)):
        hunspell_cache.open_dictionary(str(FEATURES))
    assert capsys.readouterr().err == ""
    hunspell_cache._OPEN.clear()


def test_an_absent_language_dictionary_is_none(monkeypatch, tmp_path):
    monkeypatch.setattr(hunspell_cache, "SYSTEM_PATHS", ())
    monkeypatch.setenv("COLLATE_HUNSPELL_PATH", str(tmp_path))
    assert hunspell_cache.for_language("fr") is None
    assert hunspell_cache.for_language("la") is None


def _french_rules():
    from collate.classify.forms import Rules

    return Rules({}, ("fr",))


def test_french_asks_debian_dictionary_when_installed():
    from collate.classify import wordrules

    if hunspell_cache.find("fr") is None:
        pytest.skip("Debian's French dictionary (hunspell-fr) is not installed: scripts/setup-dictionaries installs it")
    wordrules.hunspell_word.cache_clear()
    assert wordrules.hunspell_word("Hermione", "fr") and wordrules.hunspell_word("preſſe", "fr")
    assert not wordrules.hunspell_word("rendoit", "fr")
    assert wordrules.is_word("Hermione", _french_rules())


def test_without_the_dictionary_french_falls_back_to_simplemma(monkeypatch, tmp_path):
    from collate.classify import lemmas, wordrules

    monkeypatch.setattr(hunspell_cache, "SYSTEM_PATHS", ())
    monkeypatch.setenv("COLLATE_HUNSPELL_PATH", str(tmp_path))
    wordrules.hunspell_word.cache_clear()
    try:
        assert not wordrules.hunspell_word("Hermione", "fr")
        assert wordrules.is_word("maîtresse", _french_rules()) == lemmas.known("maîtresse", "fr")
    finally:
        wordrules.hunspell_word.cache_clear()


def test_an_elided_word_more_is_not_a_typo():
    """d’Hermionne / Hermione: the first has the word de elided onto the name; whether or not a
    dictionary knows the name, one reading has a word the other lacks, which no misspelling is."""
    from collate.classify.forms import Word
    from collate.classify.rules import rule_typo

    elided, plain = Word("d’Hermionne", "d'hermionne"), Word("Hermione", "hermione")
    assert rule_typo(elided, plain, _french_rules()) is None
    if hunspell_cache.find("fr") is not None:  # the name is then a word: without the elision, a typo
        found = rule_typo(Word("Hermionne", "hermionne"), plain, _french_rules())
        assert found is not None and found.type == "typo"
