"""Alignment quality on gold alignments: bench/alignment_quality.py's figures, asserted.

The generated sets and CollateX's cases are described in docs/alignment.md; the benchmark prints
the same figures with time and memory.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from collate.align import align_norms
from collate.align.nearmatch import DEFAULT, Matching, match_key

_PATH = Path(__file__).resolve().parent.parent / "bench" / "alignment_quality.py"
_SPEC = importlib.util.spec_from_file_location("alignment_quality", _PATH)
quality = importlib.util.module_from_spec(_SPEC)
sys.modules["alignment_quality"] = quality  # its dataclasses look their module up there
_SPEC.loader.exec_module(quality)


@pytest.fixture(scope="module")
def generated():
    return quality.score_generated(per_kind=4, memory=False, aligners=("anchored", "collatex"))


def test_generated_sets_f1_at_least_099_and_above_plain_collatex(generated):
    ours, plain = generated["anchored"]["all"], generated["collatex"]["all"]
    assert ours.f1 >= 0.99, ours
    assert ours.f1 > plain.f1


@pytest.mark.parametrize("kind", quality.KINDS)
def test_each_kind_of_edit_better_than_plain_collatex(generated, kind):
    assert generated["anchored"][kind].f1 > generated["collatex"][kind].f1


@pytest.fixture(scope="module")
def verdicts():
    return quality.score_cases(("anchored",))["anchored"]


def test_collatex_cases_at_least_75_exact(verdicts):
    assert sum(v == "exact" for v in verdicts.values()) >= 75


def test_every_near_matching_expectation_met(verdicts):
    near = quality.near_cases()
    assert len(near) == 6
    assert [c for c in near if verdicts[c] != "exact"] == []


def test_matching_form_folds_diacritics_case_and_punctuation_only_when_asked():
    assert match_key("Ἰωάννης,") == "ιωαννησ"  # casefold makes final sigma σ
    assert match_key("(οσ") == "οσ"
    assert match_key(",") == ","  # punctuation alone still matches punctuation
    assert match_key("Ἰωάννης", Matching(diacritics=False, case=False)) == "Ἰωάννης"


def test_variant_spelling_beside_an_omission_shares_its_column():
    a = "the ships left the harbour at dawn".split()
    b = "the ships left harbor at dawn".split()
    columns = align_norms([a, b]).columns
    pairs = {(a[x], b[y]) for (x, x1), (y, y1) in columns if x1 > x and y1 > y}
    assert ("harbour", "harbor") in pairs and ("the", "harbor") not in pairs


def test_moved_and_edited_sentence_is_a_move():
    moved = "the ships left the harbour at dawn".split()
    rest = "many weeks later a storm came over the island and no one could see".split()
    a = moved + rest
    b = rest + "the ships left the harbor at dawn".split()
    found = align_norms([a, b], matching=DEFAULT)
    assert len(found.moves) == 1
    (s1, e1), (s2, e2) = found.moves[0].spans
    assert a[s1:e1][0] == "the" and b[s2:e2][-1] == "dawn" and "harbor" in b[s2:e2]


def test_moves_by_position_lay_the_region_side_by_side():
    x, y = "alpha beta gamma delta epsilon".split(), "omega sigma kappa theta lambda".split()
    found = align_norms([x + y, y + x], matching=Matching(moves="position"))
    assert found.moves == []
    assert found.columns[0] == ((0, 1), (0, 1))


def test_no_pivot_three_short_witnesses_keep_their_agreement():
    """A large stretch without anchors: agreements between the shorter witnesses are kept."""
    from collate.align.anchored import anchored_columns

    longest = ["la", "li"] * 40
    short = ["lo", "la", "lo", "li"] * 5
    norms = [longest, short, list(short)]
    columns = anchored_columns(norms, max_cells=50)
    together = sum(1 for col in columns if col[1][1] > col[1][0] and col[2][1] > col[2][0])
    assert together == len(short)


def test_collation_settings_choose_how_moves_are_aligned():
    from collate import collate_witnesses
    from collate.model import Settings, Witness

    moved = "The ships left the harbour at dawn. "
    rest = "Many weeks later a storm came over the island and nobody could see the coast. "
    witnesses = [Witness("A", moved + rest), Witness("B", rest + moved.replace("harbour", "harbor"))]
    by_content = collate_witnesses(witnesses)
    assert len(by_content.alignment.moves) == 1
    by_position = collate_witnesses(witnesses, Settings(moves="position"))
    assert by_position.alignment.moves == ()
    assert len(by_position.variants) < len(by_content.variants)
