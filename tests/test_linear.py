"""The linear transposition linking and the JSON writer give what the slower code they replaced
gave: the same links, on the bundled witnesses, Darwin's six editions, the corpora and generated
text full of exchanged words; the same document bytes as the standard library's encoder of the
whole; version-1 documents still read."""

from __future__ import annotations

import importlib
import json
import random
from itertools import combinations

import pytest

import collate.classify as classify_package
from collate import collate_witnesses, load_witnesses, render
from collate.model import Settings, Witness
from collate.writers.json import FORMAT, VERSION, _collation_plain, from_json

from .conftest import DATA, ROOT

runs = importlib.import_module("collate.classify.runs")  # the package's name ``runs`` is a function


def _reference_links(variants, forms, alignment):
    """The former linking, kept here as the reference: every pair of candidate moves in order."""
    moves = [m for i, fs in enumerate(forms) if (m := runs._move(i, fs, variants[i])) is not None]
    used: set[int] = set()
    out = list(variants)
    for first, second in combinations(moves, 2):
        if used & {first.variant, second.variant} or not runs._exchanged(first, second):
            continue
        gap = runs._gap(first, second, alignment)
        words = {w for camp in first.camps.values() for w in camp}
        short = max(len(c) for c in first.camps.values()) == 1 and all(len(w) <= 3 for w in words)
        if gap > runs.TRANSPOSITION_WINDOW["short" if short else "long"]:
            continue
        used.update((first.variant, second.variant))
        for this, other in ((first, second), (second, first)):
            out[this.variant] = runs._as_transposition(out[this.variant], out[other.variant], this, gap)
    return out


def _checked(monkeypatch) -> list[int]:
    """Make every collation compare the linking with the reference; returns the links seen."""
    linked: list[int] = []
    fast = runs.link_transpositions

    def both(variants, forms, alignment):
        out = fast(variants, forms, alignment)
        assert out == _reference_links(variants, forms, alignment)
        linked.append(sum(bool(v.links) for v in out))
        return out

    monkeypatch.setattr(classify_package, "link_transpositions", both)
    return linked


def _exchanges(seed: int, n: int = 3000) -> list[Witness]:
    """Generated text of a small vocabulary whose copies swap neighbouring words, drop words and
    move them a few words on: many candidate moves, many with the same words."""
    rng = random.Random(seed)
    words = [rng.choice("so the of and a to in it was he at by".split() + ["farm", "river", "stone"]) for _ in range(n)]
    copies = []
    for k in range(3):
        copy = list(words)
        for i in range(0, n - 12, 9 + k):
            r = rng.random()
            if r < 0.4:
                copy[i], copy[i + 1] = copy[i + 1], copy[i]
            elif r < 0.7:
                copy.insert(i + rng.randrange(2, 10), copy.pop(i))
        copies.append(copy)
    texts = [words] + copies
    return [Witness(f"W{k}", " ".join(t[j] + ("." if j % 11 == 10 else "") for j in range(len(t)))) for k, t in enumerate(texts)]


@pytest.mark.parametrize("name", ["kropotkin", "medvedev"])
def test_linking_is_the_former_linking_on_the_bundled_witnesses(monkeypatch, name):
    linked = _checked(monkeypatch)
    collate_witnesses(load_witnesses([ROOT / "witnesses" / name]))
    assert linked


@pytest.mark.parametrize("corpus", sorted(p.name for p in (DATA / "corpora").iterdir() if p.is_dir()))
def test_linking_is_the_former_linking_on_the_corpora(monkeypatch, corpus):
    paths = sorted((DATA / "corpora" / corpus).glob("*.txt"))
    linked = _checked(monkeypatch)
    collate_witnesses(load_witnesses(paths))
    assert linked


def test_linking_is_the_former_linking_on_generated_exchanges(monkeypatch):
    linked = _checked(monkeypatch)
    for seed in (1, 2):
        collate_witnesses(_exchanges(seed))
    assert min(linked) > 20  # the generated text is full of transpositions: the test sees them


@pytest.mark.slow
def test_linking_is_the_former_linking_on_darwin(monkeypatch):
    linked = _checked(monkeypatch)
    collate_witnesses(load_witnesses(sorted((DATA / "bench" / "darwin").glob("darwin18*.txt"))))
    assert linked[0] > 0


# -- JSON ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def medvedev():
    return collate_witnesses(load_witnesses([ROOT / "witnesses" / "medvedev"]))


def test_compact_json_is_the_whole_document_encoded_at_once(medvedev):
    doc = {"format": FORMAT, "version": VERSION, "collation": _collation_plain(medvedev)}
    whole = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert render(medvedev, "json") == whole.encode("utf-8")
    assert b"\n" not in render(medvedev, "json")[:-1]


def test_indented_json_is_the_same_document(medvedev):
    indented = render(medvedev, "json", indent=2)
    assert indented.startswith(b'{\n  "collation": {')
    assert json.loads(indented) == json.loads(render(medvedev, "json"))
    assert from_json(indented) == medvedev


def test_version_1_documents_still_read(medvedev):
    doc = json.loads(render(medvedev, "json"))
    doc["version"] = 1
    doc["collation"]["tokens"] = [
        [{"text": t, "norm": n, "offset": o, "rend": r} for t, n, o, r in witness] for witness in doc["collation"]["tokens"]
    ]
    assert from_json(json.dumps(doc, indent=1)) == medvedev


def test_tokens_are_arrays_that_give_the_text_back(medvedev):
    doc = json.loads(render(medvedev, "json"))
    for witness, tokens in zip(doc["collation"]["witnesses"], doc["collation"]["tokens"]):
        assert "".join(t[0] for t in tokens) == witness["text"]


def test_generated_exchanges_read_back_from_json():
    collation = collate_witnesses(_exchanges(3, 600), Settings())
    assert from_json(render(collation, "json")) == collation
