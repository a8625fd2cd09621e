"""The big picture: distances between witnesses and the tree built from them.

The tree must be the right one on witnesses whose relationships are known: copies of copies
generated with mutations along a known tree, and Darwin's six editions of the Origin, each revised
from the one before, which must come out as the chain 1859-1860-1861-1866-1869-1872.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from collate import Witness, collate_witnesses, load_witnesses, render
from collate.distance import build_tree, distances, matrix_csv, merge, pairs_csv, splits

ROOT = Path(__file__).resolve().parent.parent
DARWIN = ROOT / "data" / "bench" / "darwin"
EDITIONS = ("1859", "1860", "1861", "1866", "1869", "1872")

#: The generating tree: each copy is made from its parent with fresh mutations.
#:        O
#:      /   \
#:     X     Y
#:    / \   / \
#:   P   Q L5  L6
#:  / \ / \
#: L1 L2 L3 L4
PARENTS = {"X": "O", "Y": "O", "P": "X", "Q": "X", "L1": "P", "L2": "P", "L3": "Q", "L4": "Q", "L5": "Y", "L6": "Y"}
LEAVES = ("L1", "L2", "L3", "L4", "L5", "L6")
#: Its three inner edges as bipartitions, each side given without L1 (as ``splits`` gives them):
#: L1 L2 | L3 L4 L5 L6, L3 L4 | the rest, L5 L6 | the rest.
EXPECTED = {frozenset({"L3", "L4", "L5", "L6"}), frozenset({"L3", "L4"}), frozenset({"L5", "L6"})}


def vocabulary() -> list[str]:
    """Real English words to copy and to substitute: the distinct words of Darwin's 1859 chapter."""
    text = (DARWIN / "darwin1859.txt").read_text(encoding="utf-8")
    return sorted({w.lower() for w in re.findall(r"[A-Za-z]{4,}", text)})


def mutate(words: list[str], rng: random.Random, vocab: list[str], substantive: int, accidental: int) -> list[str]:
    """A copy of ``words`` with ``substantive`` word changes (a different word, an omission, an
    addition) and ``accidental`` ones (a capital, a comma added), at random places."""
    copy = list(words)
    for _ in range(substantive):
        k = rng.randrange(1, len(copy) - 1)
        kind = rng.choice(("replace", "omit", "add"))
        if kind == "replace":
            copy[k] = rng.choice(vocab)
        elif kind == "omit":
            del copy[k]
        else:
            copy.insert(k, rng.choice(vocab))
    for _ in range(accidental):
        k = rng.randrange(len(copy))
        copy[k] = copy[k].capitalize() if rng.random() < 0.5 else copy[k] + ","
    return copy


def generated(seed: int) -> tuple[Witness, ...]:
    """Six leaf witnesses of the generating tree, from a 1,200-word original."""
    rng = random.Random(seed)
    vocab = vocabulary()
    texts = {"O": [rng.choice(vocab) for _ in range(1200)]}
    for node in PARENTS:  # parents come before their children in PARENTS
        texts[node] = mutate(texts[PARENTS[node]], rng, vocab, substantive=14, accidental=6)
    return tuple(Witness(leaf, " ".join(texts[leaf]) + "\n") for leaf in LEAVES)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_copies_of_copies_give_the_generating_tree(seed):
    collation = collate_witnesses(generated(seed))
    dist = distances(collation)
    tree = build_tree(dist, "nj")
    assert splits(tree) == EXPECTED
    # accidentals are counted, but apart: they do not make witnesses distant
    assert all(p.accidental > 0 for p in dist.pairs)
    # copies of one parent are closer to each other than to any other copy
    assert dist.share("L1", "L2") < min(dist.share("L1", x) for x in ("L3", "L4", "L5", "L6"))


def test_upgma_finds_the_generating_tree_too():
    dist = distances(collate_witnesses(generated(4)))
    assert splits(build_tree(dist, "upgma")) == EXPECTED


@pytest.mark.slow
def test_darwin_six_editions_form_the_chronological_chain():
    """Each edition revised from the one before: the tree is the path 1859-1860-1861-1866-1869-1872."""
    files = [DARWIN / f"darwin{year}.txt" for year in EDITIONS]
    collation = collate_witnesses(load_witnesses(files))
    dist = distances(collation)
    names = {f"darwin{y}": y for y in EDITIONS}
    found = {frozenset(names[n] for n in side) for side in splits(build_tree(dist, "nj"))}
    # the chain's three inner edges, each side given without its alphabetically first leaf (1859)
    chain = {
        frozenset({"1861", "1866", "1869", "1872"}),
        frozenset({"1866", "1869", "1872"}),
        frozenset({"1869", "1872"}),
    }
    assert found == chain
    # and the report shows it
    page = render(collation, "html").decode("utf-8")
    assert '<details class="distance" open><summary>Which witnesses agree</summary>' in page
    assert 'class="heatmap"' in page and 'class="tree"' in page


def test_the_distance_counts_what_the_apparatus_says():
    """Three witnesses: B differs from A by one word (substantive) and one capital (accidental)."""
    a = Witness("A", "the black cat sat on the mat today\n")
    b = Witness("B", "The black dog sat on the mat today\n")
    c = Witness("C", "the black cat sat on the mat today\n")
    dist = distances(collate_witnesses((a, b, c)))
    ab = dist.count("A", "B")
    assert (ab.substantive, ab.accidental, ab.words) == (1, 1, 8.0)
    assert dist.share("A", "C") == 0.0 and dist.share("B", "A") == pytest.approx(1 / 8)
    assert matrix_csv(dist).decode().splitlines() == [
        ",A,B,C",
        "A,0.000000,0.125000,0.000000",
        "B,0.125000,0.000000,0.125000",
        "C,0.000000,0.125000,0.000000",
    ]
    assert pairs_csv(dist).decode().splitlines()[1] == "A,B,8,1,1,0.125000,0.125000"


def test_corpus_distances_weigh_units_by_length_and_keep_unknown_pairs_unknown():
    one = distances(collate_witnesses((Witness("A", "a b c d\n"), Witness("B", "a x c d\n"))))
    two = distances(collate_witnesses((Witness("A", "e f g h i j k l\n"), Witness("C", "e f g h i j k l\n"))))
    three = distances(collate_witnesses((Witness("B", "m n o p\n"), Witness("A", "m n o p\n"))))
    total = merge([one, two, three])
    assert total.sigla == ("A", "B", "C")
    assert total.share("A", "B") == pytest.approx(1 / 8)  # one disagreement in 4 + 4 tokens
    assert total.share("B", "C") is None and not total.complete()


def test_the_distance_reads_the_classifiers_stored_judgements():
    """B and C differ by a capital (accidental); a judgement of that pair altered in the collation
    (Variant.pairs) is what the distance counts: nothing is judged again, no group stands in."""
    from dataclasses import replace

    collation = collate_witnesses(
        (Witness("A", "the black cat sat\n"), Witness("B", "the white cat sat\n"), Witness("C", "the White cat sat\n"))
    )
    k, v = next((k, v) for k, v in enumerate(collation.variants) if v.pairs)
    assert (v.pairs[0].first, v.pairs[0].second, v.pairs[0].type) == (1, 2, "case")
    bc = distances(collation).count("B", "C")
    assert (bc.substantive, bc.accidental) == (0, 1)
    variants = list(collation.variants)
    variants[k] = replace(v, pairs=(replace(v.pairs[0], type="substantive", subtype="lexical"),))
    forged = distances(replace(collation, variants=tuple(variants)))
    assert (forged.count("B", "C").substantive, forged.count("B", "C").accidental) == (1, 0)
    assert forged.count("A", "B") == distances(collation).count("A", "B")  # the others as judged
