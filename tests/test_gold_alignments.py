"""The hand-checked gold alignments of real editions (data/gold): well formed, reproducible, scored.

data/gold/README.md says how the gold was made; bench/alignment_quality.py --only editions prints
the scores asserted here, with time and memory.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from collate.model import Witness
from collate.tokenize import tokenize

_BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, _BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gold_alignments = _module("gold_alignments")
quality = _module("alignment_quality")
GOLD_FILES = gold_alignments.gold_files()


def _ids(path: Path) -> str:
    return path.stem


def test_four_traditions_of_a_few_hundred_columns_each():
    columns = {p.stem: sum(len(x["columns"]) for x in gold_alignments.load(p)["passages"]) for p in GOLD_FILES}
    assert set(columns) == {"greek-john", "latin-caesar", "french-racine", "hebrew-esther"}
    assert all(count >= 250 for count in columns.values()), columns


@pytest.mark.parametrize("path", GOLD_FILES, ids=_ids)
def test_passages_are_the_corpus_text_and_the_tokenizer_tokens(path):
    gold = gold_alignments.load(path)
    for passage in gold["passages"]:
        assert [w["siglum"] for w in passage["witnesses"]] == gold["sigla"]
        for witness in passage["witnesses"]:
            units = gold_alignments.read_units(gold["tradition"], witness["siglum"])
            assert witness["text"] == " ".join(units[ref] for ref in witness["units"]), passage["id"]
            tokens = [t.text for t in tokenize(Witness(witness["siglum"], witness["text"]))]
            assert witness["tokens"] == tokens, (passage["id"], witness["siglum"])
        first = len(passage["witnesses"][0]["tokens"])
        assert gold_alignments.MIN_TOKENS <= first <= gold_alignments.MAX_TOKENS, passage["id"]


@pytest.mark.parametrize("path", GOLD_FILES, ids=_ids)
def test_every_token_is_in_exactly_one_column_in_order(path):
    for passage in gold_alignments.load(path)["passages"]:
        columns = passage["columns"]
        assert all(len(column) == len(passage["witnesses"]) for column in columns)
        assert all(any(i is not None for i in column) for column in columns), "an empty column"
        for w, witness in enumerate(passage["witnesses"]):
            held = [column[w] for column in columns if column[w] is not None]
            assert held == list(range(len(witness["tokens"]))), (passage["id"], witness["siglum"])
        where = {(w, i): c for c, column in enumerate(columns) for w, i in enumerate(column) if i is not None}
        for w, i, v, j in passage["links"]:
            assert w < v and where[w, i] != where[v, j], (passage["id"], "a link inside one column")


@pytest.mark.parametrize("path", GOLD_FILES, ids=_ids)
def test_gold_is_the_candidate_with_the_recorded_corrections(path):
    """Rebuilt from the corpus, plain CollateX's candidate and the corrections file, byte for byte:
    every change from the candidate is a recorded correction with its reason."""
    gold = gold_alignments.load(path)
    assert gold_alignments.dumps(gold_alignments.build(gold["tradition"])) == path.read_text(encoding="utf-8")
    corrections = json.loads((gold_alignments.CORRECTIONS / path.name).read_text(encoding="utf-8"))
    assert all(fix["reason"].strip() for p in corrections["passages"] for fix in p["corrections"])


@pytest.fixture(scope="module")
def scores():
    return quality.score_editions(memory=False, aligners=("anchored", "collatex"))


@pytest.mark.parametrize("tradition", [p.stem for p in GOLD_FILES])
def test_our_aligner_at_least_as_good_as_plain_collatex_on_each_tradition(scores, tradition):
    ours, plain = scores["anchored"][tradition], scores["collatex"][tradition]
    assert ours.f1 >= plain.f1, (ours, plain)


def test_our_aligner_better_than_plain_collatex_over_all_editions(scores):
    assert scores["anchored"]["all"].f1 > scores["collatex"]["all"].f1
