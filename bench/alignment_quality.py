"""Alignment quality: collate's aligner and plain CollateX scored side by side on gold alignments.

Three kinds of gold (docs/alignment.md describes them and the figures they give):

* **CollateX's own test cases** (``data/alignment/collatex-cases.json``, 90 with an expected
  alignment): each alignment is *exact* when it gives the expected table (or segments, or
  aligned/unaligned flags), *equivalent* when it matches the same equal tokens to each other but
  places an unmatched token elsewhere, and *differs* otherwise; the cases written for CollateX's
  near matching are listed on their own, as each must come out exactly.
* **Generated witness sets with known edits**, made deterministically from real text (Darwin's
  1859 chapter and Caesar's Civil War): similar-spelling substitutions beside added or omitted
  words, passages moved with edits inside them, fragmentary witnesses with lacunae, and repeated
  phrases of which a witness omits one copy. Every token keeps the identity of the token of the
  common text it came from, so the gold alignment is known: two tokens of two witnesses belong
  together when they come from the same token.
* **Hand-checked passages of real editions** (``data/gold/``, made by ``bench/gold_alignments.py``;
  ``data/gold/README.md`` gives the method): Greek (John, three editions), Latin (Caesar, two),
  French (Racine, two printings, each diplomatic and normalised) and Hebrew (Esther, two), a few
  hundred columns each, every column checked by hand.

Scores are precision, recall and F1 of *aligned token pairs*: two tokens of two witnesses in one
column, or linked by a reported move (or, in the editions' gold, a transposed word linked by
hand). Time is the aligner's alone (tokens given; processor time for the editions); memory is the
peak of Python allocations during one alignment (tracemalloc, which slows CollateX tenfold, so
only the first :data:`MEMORY_SETS` sets of each kind are traced), the largest over them.

    python bench/alignment_quality.py                 # all three, Markdown on stdout
    python bench/alignment_quality.py --only cases --show
    python bench/alignment_quality.py --only generated --sets 8 --no-memory
    python bench/alignment_quality.py --only editions
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "data" / "alignment" / "collatex-cases.json"
SOURCES = {
    "darwin": ROOT / "data" / "bench" / "darwin" / "darwin1859.txt",
    "caesar": ROOT / "data" / "corpora" / "latin-caesar-bellum-civile" / "dupontet-1901.txt",
}
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import gold_alignments  # noqa: E402

from collate.align import align_norms  # noqa: E402
from collate.align.moves import move_pairs  # noqa: E402
from collate.align.nearmatch import EXACT, match_keys  # noqa: E402
from collate.normalize import standard  # noqa: E402

Column = tuple[tuple[int, int], ...]
Pair = tuple[int, int, int, int]  # witness, token, witness, token (first witness lower)

#: The aligners compared: collate's default; the anchored aligner with exact matching only (no
#: folding, near matching or moves: the aligner as it was before them); plain CollateX.
ALIGNERS = ("anchored", "anchored-exact", "collatex")


def run_aligner(name: str, norms: Sequence[Sequence[str]]) -> tuple[list[Column], set[Pair]]:
    """Align with aligner ``name``; return its columns and every aligned token pair."""
    if name == "anchored-exact":
        found = align_norms(norms, "anchored", EXACT)
    else:
        found = align_norms(norms, name)
    pairs = column_pairs(found.columns)
    if found.moves:
        keys = match_keys(norms)
        for move in found.moves:
            a, b = move.witnesses
            pairs.update((a, i, b, j) for i, j in move_pairs(move, keys))
    return found.columns, pairs


def column_pairs(columns: Sequence[Column]) -> set[Pair]:
    """The token pairs that share a column."""
    pairs: set[Pair] = set()
    for column in columns:
        present = [(w, a) for w, (a, b) in enumerate(column) if b > a]
        pairs.update((w, i, v, j) for n, (w, i) in enumerate(present) for v, j in present[n + 1 :])
    return pairs


@dataclass
class Score:
    """Aligned-pair counts summed over sets: true positives, predicted, gold; time and memory."""

    hit: int = 0
    predicted: int = 0
    gold: int = 0
    seconds: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0

    def add(self, predicted: set[Pair], gold: set[Pair]) -> None:
        self.hit += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    @property
    def precision(self) -> float:
        return self.hit / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hit / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


#: Sets of each kind whose alignments are traced for their peak memory.
MEMORY_SETS = 2


def timed(name: str, norms: Sequence[Sequence[str]], score: Score, memory: bool) -> set[Pair]:
    """Run one aligner, adding its time (and, if asked, its peak memory) to ``score``."""
    start, cpu = time.perf_counter(), time.process_time()
    _, pairs = run_aligner(name, norms)
    score.seconds += time.perf_counter() - start
    score.cpu += time.process_time() - cpu
    if memory:
        tracemalloc.start()
        run_aligner(name, norms)
        score.peak_mb = max(score.peak_mb, tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    return pairs


# -- CollateX's cases ----------------------------------------------------------------------------

_JAVA_TAIL = re.compile(r"^(.*?\w[^\s]*?)([.,;:!?]+)$")


def case_tokens(case: dict, siglum: str) -> list[tuple[str, str]]:
    """A case's witness as the source test tokenized it: (text, normalized form) per token."""
    if case["tokenizer"] == "pretokenized":
        return [(t["t"], t.get("n", t["t"])) for t in case["pretokenized"][siglum]]
    text = case["witnesses"][siglum]
    if case["tokenizer"] == "python":
        pieces = re.findall(r"\w+\s*|\W+", text)
    else:
        pieces = []
        for chunk in text.split():
            m = _JAVA_TAIL.match(chunk)
            pieces += [m.group(1), *re.findall(r"([.,;:!?])\1*", m.group(2))] if m else [chunk]
    return [(p, p.strip()) for p in pieces if p.strip()]


def _compare(mode: str) -> Callable[[str], str]:
    if mode == "norm":
        return lambda s: s.strip().lower()
    if mode == "text_nows":
        return lambda s: re.sub(r"\s", "", s)
    return lambda s: s


def judge_case(case: dict, aligner: str) -> str:
    """``exact``, ``equivalent``, ``differs`` or ``ran`` (no expectation) for one case."""
    sigla = case["sigla"]
    tokens = [case_tokens(case, s) for s in sigla]
    norms = [[standard(n) for _, n in seq] for seq in tokens]
    columns, _ = run_aligner(aligner, norms)
    same = _compare(case["compare"])
    texts = [[same(t) for t, _ in seq] for seq in tokens]
    kind = case["expected_kind"]
    if kind == "smoke":
        return "ran"
    if kind == "aligned":
        return _judge_flags(case, columns, norms, sigla)
    ours = [{s: texts[w][a] if b > a else None for w, (s, (a, b)) in enumerate(zip(sigla, col))} for col in columns]
    expected = [{s: None if col.get(s) is None else same(col[s]) for s in sigla} for col in case["expected"]]
    if kind == "segmented":
        spaced = case["compare"] == "norm"  # trimmed tokens, joined by a space; else joined as written
        ours = _segments(columns, texts, norms, sigla, " " if spaced else "")
        if spaced:
            expected = [{s: None if c[s] is None else " ".join(c[s].split()) for s in sigla} for c in expected]
    if ours == expected:
        return "exact"
    return "equivalent" if _matched(ours, sigla) == _matched(expected, sigla) else "differs"


def _judge_flags(case: dict, columns: list[Column], texts: list[list[str]], sigla: list[str]) -> str:
    """Compare each token's aligned/unaligned flag where the test asserts one."""
    flags = [[False] * len(seq) for seq in texts]
    for column in columns:
        present = [(w, a) for w, (a, b) in enumerate(column) if b > a]
        for w, a in present:
            flags[w][a] = any(texts[v][c] == texts[w][a] for v, c in present if v != w)
    for siglum, expected in case["expected_aligned"].items():
        w = sigla.index(siglum)
        if len(expected) != len(texts[w]):
            return "differs"
        if any(flag is not None and flag != flags[w][k] for k, (_, flag, _) in enumerate(expected)):
            return "differs"
    return "exact"


def _segments(
    columns: list[Column], texts: list[list[str]], norms: list[list[str]], sigla: list[str], joiner: str
) -> list[dict]:
    """Columns merged as CollateX segments them: neighbours with the same witnesses and agreement."""
    out: list[dict] = []
    last = None
    for column in columns:
        cell = {s: texts[w][a] if b > a else None for w, (s, (a, b)) in enumerate(zip(sigla, column))}
        groups: dict[str, list[str]] = {}
        for w, (a, b) in enumerate(column):
            if b > a:
                groups.setdefault(norms[w][a], []).append(sigla[w])
        shape = {frozenset(g) for g in groups.values()}
        if out and last is not None and shape <= last:  # each reading here continues one there
            out[-1] = {s: (f"{out[-1][s]}{joiner}{cell[s]}" if cell[s] is not None else out[-1][s]) for s in sigla}
        else:
            out.append(cell)
            last = shape
    return out


def _matched(table: list[dict], sigla: list[str]) -> set[tuple]:
    """The equal tokens a table matches: (witness, token number, witness, token number)."""
    counts = dict.fromkeys(sigla, 0)
    pairs = set()
    for column in table:
        here = {s: (counts[s], column[s]) for s in sigla if column[s] is not None}
        for x, (i, t) in here.items():
            for y, (j, u) in here.items():
                if x < y and t == u:
                    pairs.add((x, i, y, j))
        for s in here:
            counts[s] += len(column[s].split()) if column[s] else 1
    return pairs


def score_cases(aligners: Sequence[str] = ALIGNERS) -> dict[str, dict]:
    """Judge every case with each aligner; return, per aligner, the verdicts by case id."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    return {name: {c["id"]: judge_case(c, name) for c in cases} for name in aligners}


def near_cases() -> list[str]:
    """The active cases written for CollateX's near matching."""
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    return [c["id"] for c in cases if "near matching" in (c.get("source_algorithm") or "") and c["status"] == "active"]


# -- generated witness sets ----------------------------------------------------------------------

KINDS = ("spelling", "moves", "fragments", "repeats", "lacunose")

#: Witnesses besides the common text, and tokens of common text, by kind (default 3–4 and 80):
#: ``lacunose`` is a tradition of many fragmentary witnesses, whose lacunae leave no word found in
#: every witness, so the anchored aligner must align the whole passage without CollateX.
SIZES = {"lacunose": (11, 160)}

_WORDS = re.compile(r"\w+|[^\w\s]")


@dataclass
class Gen:
    """A witness being generated: token texts and, for each, the common-text token it stands for."""

    words: list[str] = field(default_factory=list)
    origin: list[int] = field(default_factory=list)


def source_passages(name: str, length: int) -> list[list[str]]:
    """Passages of ``length`` tokens from the paragraphs of a source text, in order."""
    passages = []
    for line in SOURCES[name].read_text(encoding="utf-8").splitlines():
        words = _WORDS.findall(line)
        passages += [words[k : k + length] for k in range(0, len(words) - length + 1, length)]
    return passages


def respell(word: str, rng: random.Random) -> str:
    """A similar spelling of ``word``: a letter doubled, dropped, exchanged or accented."""
    if len(word) < 4 or not word.isalpha():
        return word
    k = rng.randrange(1, len(word) - 1)
    way = rng.choice(("double", "drop", "vowel", "accent", "ending"))
    if way == "double":
        return word[:k] + word[k] + word[k:]
    if way == "drop":
        return word[:k] + word[k + 1 :]
    if way == "accent":
        accented = {"e": "é", "a": "á", "o": "ô", "i": "ï", "u": "ü"}.get(word[k], word[k] + "\u0301")
        return word[:k] + accented + word[k + 1 :]
    if way == "ending":
        return word[:-1] + ("e" if word[-1] != "e" else "a")
    vowels = "aeiou"
    spots = [n for n in range(1, len(word)) if word[n] in vowels] or [k]
    n = rng.choice(spots)
    return word[:n] + rng.choice([v for v in vowels if v != word[n]]) + word[n + 1 :]


def _spell_some(gen: Gen, rng: random.Random, count: int, vocabulary: list[str], next_id: list[int]) -> None:
    """Respell ``count`` words, each second one with a word added or dropped beside it."""
    spots = [k for k, w in enumerate(gen.words) if len(w) >= 4 and w.isalpha()]
    for k in sorted(rng.sample(spots, min(count, len(spots))), reverse=True):
        gen.words[k] = respell(gen.words[k], rng)
        side = rng.choice(("add", "drop", "none"))
        if side == "add":
            gen.words.insert(k, rng.choice(vocabulary))
            gen.origin.insert(k, next_id[0])
            next_id[0] += 1
        elif side == "drop" and k > 0:
            del gen.words[k - 1], gen.origin[k - 1]


def _move(gen: Gen, rng: random.Random) -> None:
    """Move a passage of 4 to 9 tokens at least 8 tokens away, respelling a word or two in it."""
    n = len(gen.words)
    size = rng.randint(4, 9)
    start = rng.randrange(0, n - size)
    words, origin = gen.words[start : start + size], gen.origin[start : start + size]
    del gen.words[start : start + size], gen.origin[start : start + size]
    far = [p for p in range(len(gen.words) + 1) if abs(p - start) >= 8]
    at = rng.choice(far)
    for k in rng.sample(range(size), min(2, size)):
        words[k] = respell(words[k], rng)
    gen.words[at:at] = words
    gen.origin[at:at] = origin


def _lacunae(gen: Gen, rng: random.Random) -> None:
    """Cut one to three lacunae of 8 to 25 tokens out of the witness."""
    for _ in range(rng.randint(1, 3)):
        size = min(rng.randint(8, 25), len(gen.words) // 3)
        start = rng.randrange(0, len(gen.words) - size)
        del gen.words[start : start + size], gen.origin[start : start + size]


def generate_set(kind: str, base: list[str], rng: random.Random, vocabulary: list[str]) -> list[Gen]:
    """Four or five witnesses of ``base`` with the edits of ``kind``; the first is the base."""
    common = Gen(list(base), list(range(len(base))))
    next_id = [len(base)]
    if kind == "repeats":  # the common text repeats a phrase: one copy a few tokens after the other
        size = rng.randint(3, 6)
        start = rng.randrange(0, len(base) - size - 10)
        at = start + size + rng.randint(2, 6)
        common.words[at:at] = base[start : start + size]
        common.origin[at:at] = range(next_id[0], next_id[0] + size)
        next_id[0] += size
        copies = [(start, start + size), (at, at + size)]
        omitted = copies[rng.randrange(2)]
    witnesses = [common]
    others = SIZES[kind][0] if kind in SIZES else rng.randint(3, 4)
    for w in range(others):
        gen = Gen(list(common.words), list(common.origin))
        if kind == "repeats" and w % 2 == 0:  # the others keep both copies
            a, b = omitted
            del gen.words[a:b], gen.origin[a:b]
        if kind == "moves":
            _move(gen, rng)
        if (kind == "fragments" and w % 2 == 0) or kind == "lacunose":
            _lacunae(gen, rng)
        _spell_some(gen, rng, rng.randint(2, 5), vocabulary, next_id)
        witnesses.append(gen)
    return witnesses


def gold_pairs(witnesses: Sequence[Gen]) -> set[Pair]:
    """Pairs of tokens of two witnesses that stand for the same token of the common text."""
    pairs: set[Pair] = set()
    where = [{o: k for k, o in enumerate(w.origin)} for w in witnesses]
    for a in range(len(witnesses)):
        for b in range(a + 1, len(witnesses)):
            pairs.update((a, k, b, where[b][o]) for k, o in enumerate(witnesses[a].origin) if o in where[b])
    return pairs


def generated_sets(per_kind: int) -> dict[str, list[list[Gen]]]:
    """``per_kind`` sets of each kind, half from Darwin and half from Caesar, the same every run."""
    out: dict[str, list[list[Gen]]] = {}
    for kind in KINDS:
        sets = []
        length = SIZES[kind][1] if kind in SIZES else 80
        for n in range(per_kind):
            source = ("darwin", "caesar")[n % 2]
            passages = source_passages(source, length)
            rng = random.Random(f"{kind}-{n}")
            base = passages[rng.randrange(len(passages))]
            vocabulary = [w for p in passages[:40] for w in p if w.isalpha()]
            sets.append(generate_set(kind, base, rng, vocabulary))
        out[kind] = sets
    return out


def score_generated(per_kind: int = 10, memory: bool = True, aligners: Sequence[str] = ALIGNERS) -> dict:
    """Score each aligner on the generated sets: ``{aligner: {kind: Score}}``, with ``all``."""
    results = {name: {kind: Score() for kind in (*KINDS, "all")} for name in aligners}
    for kind, sets in generated_sets(per_kind).items():
        for n, witnesses in enumerate(sets):
            norms = [[standard(t) for t in w.words] for w in witnesses]
            gold = gold_pairs(witnesses)
            for name in aligners:
                pairs = timed(name, norms, results[name][kind], memory and n < MEMORY_SETS)
                results[name][kind].add(pairs, gold)
                results[name]["all"].add(pairs, gold)
        for name in aligners:
            results[name]["all"].seconds += results[name][kind].seconds
            results[name]["all"].peak_mb = max(results[name]["all"].peak_mb, results[name][kind].peak_mb)
    return results


# -- hand-checked passages of real editions -----------------------------------------------------


def score_editions(memory: bool = True, aligners: Sequence[str] = ALIGNERS) -> dict[str, dict[str, Score]]:
    """Score each aligner on the gold of each tradition: ``{aligner: {tradition: Score}}``, with ``all``."""
    traditions = [gold_alignments.load(path) for path in gold_alignments.gold_files()]
    names = [t["tradition"] for t in traditions]
    results = {name: {t: Score() for t in (*names, "all")} for name in aligners}
    for tradition in traditions:
        for n, passage in enumerate(tradition["passages"]):
            norms = gold_alignments.passage_norms(passage)
            gold = gold_alignments.passage_pairs(passage)
            for name in aligners:
                score = results[name][tradition["tradition"]]
                score.add(timed(name, norms, score, memory and n < MEMORY_SETS), gold)
        for name in aligners:
            mine, total = results[name][tradition["tradition"]], results[name]["all"]
            total.hit, total.predicted = total.hit + mine.hit, total.predicted + mine.predicted
            total.gold += mine.gold
            total.seconds, total.cpu = total.seconds + mine.seconds, total.cpu + mine.cpu
            total.peak_mb = max(total.peak_mb, mine.peak_mb)
    return results


# -- the report ----------------------------------------------------------------------------------


def report_cases(show: bool) -> None:
    verdicts = score_cases()
    expected = [cid for cid, v in verdicts["anchored"].items() if v != "ran"]
    print(f"## CollateX's cases ({len(expected)} with an expected alignment)\n")
    print("| aligner | exact | equivalent | differs |")
    print("|---|---|---|---|")
    for name, by_case in verdicts.items():
        counts = [sum(by_case[c] == v for c in expected) for v in ("exact", "equivalent", "differs")]
        print(f"| {name} | {counts[0]} | {counts[1]} | {counts[2]} |")
    near = near_cases()
    met = [c for c in near if verdicts["anchored"][c] == "exact"]
    print(f"\nNear-matching expectations met (anchored): {len(met)} of {len(near)}")
    for cid in near:
        print(f"- {cid}: anchored {verdicts['anchored'][cid]}, collatex {verdicts['collatex'][cid]}")
    if show:
        print("\nCases where the two differ, or anchored is not exact:")
        for cid in expected:
            a, c = verdicts["anchored"][cid], verdicts["collatex"][cid]
            if a != c or a != "exact":
                print(f"- {cid}: anchored {a}, collatex {c}")
    print()


def report_generated(per_kind: int, memory: bool) -> None:
    results = score_generated(per_kind, memory)
    print(f"## Generated witness sets ({per_kind} of each kind, 4–5 witnesses of about 80 tokens)\n")
    print("| kind | aligner | precision | recall | F1 | seconds | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for kind in (*KINDS, "all"):
        for name, scores in results.items():
            s = scores[kind]
            mb = f"{s.peak_mb:.1f}" if memory else "–"
            print(f"| {kind} | {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.seconds:.2f} | {mb} |")
    print()


def report_editions(memory: bool) -> None:
    results = score_editions(memory)
    golds = map(gold_alignments.load, gold_alignments.gold_files())
    columns = {t["tradition"]: sum(len(p["columns"]) for p in t["passages"]) for t in golds}
    print(f"## Hand-checked passages of real editions ({sum(columns.values())} gold columns, data/gold)\n")
    print("| tradition | columns | aligner | precision | recall | F1 | CPU s | peak MB |")
    print("|---|---|---|---|---|---|---|---|")
    for tradition in (*columns, "all"):
        for name, scores in results.items():
            s = scores[tradition]
            mb = f"{s.peak_mb:.1f}" if memory else "–"
            count = columns.get(tradition, sum(columns.values()))
            figures = f"{s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {s.cpu:.2f} | {mb}"
            print(f"| {tradition} | {count} | {name} | {figures} |")
    print()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("cases", "generated", "editions"), help="run one part only")
    parser.add_argument("--sets", type=int, default=10, help="generated sets of each kind (default 10)")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory pass (halves the time)")
    parser.add_argument("--show", action="store_true", help="list the CollateX cases not exact")
    args = parser.parse_args(argv)
    print(f"`python bench/alignment_quality.py {' '.join(argv if argv is not None else sys.argv[1:])}`\n")
    if args.only in (None, "cases"):
        report_cases(args.show)
    if args.only in (None, "generated"):
        report_generated(args.sets, not args.no_memory)
    if args.only in (None, "editions"):
        report_editions(not args.no_memory)


if __name__ == "__main__":
    main()
