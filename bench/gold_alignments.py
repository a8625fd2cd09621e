"""Hand-checked gold alignments of real editions: passages, candidates, corrections, the gold.

The gold in ``data/gold/`` (``data/gold/README.md`` states the method) is made in three steps,
all by this script, so that anyone can redo them and see what was judged by hand:

1. **Passages** are chosen by a fixed rule, written here before any aligner was run on them
   (:data:`TRADITIONS`, :func:`choose`): runs of whole verses, chapters or lines starting at fixed
   fractions of the text; from four more fractions, the first run whose witnesses differ in a
   plain word diff (this second batch was added after the first had been scored, by a rule
   written before its passages were seen); and passages named in the corpus's ``SOURCE.md`` for
   a known variant. Each witness's
   passage text is its units joined by a space, and its tokens are exactly what
   :func:`collate.tokenize.tokenize` yields for that text.
2. A **candidate** alignment is plain CollateX's (``--aligner collatex``), the competitor's, so
   that an error overlooked in the check favours CollateX, not us.
3. Every column was read and the candidate **corrected by hand**; the corrections, each with its
   reason, are in ``data/gold/corrections/<tradition>.json`` and are applied here.

    python bench/gold_alignments.py show greek-john        # the corrected candidate, column by column
    python bench/gold_alignments.py build                  # write data/gold/<tradition>.json
"""

from __future__ import annotations

import argparse
import difflib
import heapq
import json
import re
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collate.model import Witness  # noqa: E402
from collate.tokenize import tokenize  # noqa: E402

CORPORA = ROOT / "data" / "corpora"
GOLD = ROOT / "data" / "gold"
CORRECTIONS = GOLD / "corrections"

#: Fractions of the text where the fixed-offset passages start.
OFFSETS = (0.0, 0.25, 0.5, 0.75)
#: Fractions from which the first passage whose witnesses vary is taken (see :func:`choose`).
VARIED_OFFSETS = (0.125, 0.375, 0.625, 0.875)

#: Per tradition: folder, unit files, witnesses (first is the one whose length ends a passage),
#: the two witnesses whose word diff decides that a passage varies and the least number of words
#: they must differ in (``varied``), the fixed offsets if not :data:`OFFSETS`, and the passages
#: named for a variant (verse ranges, a chapter, or the French scene whose rewriting is taken).
TRADITIONS: dict[str, dict] = {
    "greek-john": {
        "folder": "greek-john",
        "units": "by-verse",
        "sigla": ["nestle1904", "sblgnt", "byz-rp2018"],
        "varied": ("nestle1904", "byz-rp2018", 4),
        "named": {("5:3", "5:5"): "5:4 is absent from SBLGNT (SOURCE.md, Absent verses)"},
    },
    "latin-caesar": {
        "folder": "latin-caesar-bellum-civile",
        "units": "by-chapter",
        "sigla": ["dupontet-1901", "peskett-1914"],
        "varied": ("dupontet-1901", "peskett-1914", 4),
        "offsets": OFFSETS[1:],
        "named": {"1.1": "du Pontet's bracketed a Fabio and infinite, Peskett's Incitat (SOURCE.md)"},
        "chapter_tokens": (40, 130),
    },
    "french-racine": {
        "folder": "french-racine-andromaque",
        "units": "by-line",
        "sigla": [
            "andromaque-1668-diplomatic",
            "andromaque-1668-normalised",
            "andromaque-1676-diplomatic",
            "andromaque-1676-normalised",
        ],
        "varied": ("andromaque-1668-normalised", "andromaque-1676-normalised", 4),
        "named": {"5.3.": "Racine's revisions of V.3 (SOURCE.md): its largest rewriting of under 10 lines"},
    },
    "hebrew-esther": {
        "folder": "hebrew-esther",
        "units": "by-verse",
        "sigla": ["mam", "wlc"],
        "varied": ("mam", "wlc", 2),
        "named": {
            ("4:4", "4:5"): "ketiv/qere treated differently (SOURCE.md)",
            ("5:14", "6:1"): "maqaf present in one edition only (SOURCE.md)",
        },
    },
}

#: A passage is extended unit by unit until its first witness has at least this many tokens.
MIN_TOKENS = 40
#: Passages where a witness has more tokens than this are passed over (a French run over the
#: cut of V.3 would otherwise hold 338 tokens of 1668 against 69 of 1676).
MAX_TOKENS = 150


def read_units(tradition: str, siglum: str) -> dict[str, str]:
    """A witness's units (verse, chapter or line) by reference, in order."""
    spec = TRADITIONS[tradition]
    path = CORPORA / spec["folder"] / spec["units"] / f"{siglum}.tsv"
    units = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        ref, _, text = line.partition("\t")
        units[ref] = text
    return units


def token_texts(siglum: str, text: str) -> list[str]:
    """The tokens collate's tokenizer yields for ``text``, each with its trailing whitespace."""
    return [t.text for t in tokenize(Witness(siglum, text))]


def _extend(refs: list[str], start: int, units: dict[str, str], siglum: str) -> list[str]:
    """Whole units from ``refs[start]`` until the passage has :data:`MIN_TOKENS` tokens."""
    taken: list[str] = []
    for ref in refs[start:]:
        taken.append(ref)
        if len(token_texts(siglum, " ".join(units[r] for r in taken))) >= MIN_TOKENS:
            break
    return taken


def verse_runs(tradition: str, start: int):
    """Greek and Hebrew: runs of whole verses of :data:`MIN_TOKENS` tokens, from verse ``start`` on.

    References are those of the first witness (Nestle and MAM carry every verse); a witness that
    lacks a verse (SBLGNT's 5:4) simply has no text for it.
    """
    spec = TRADITIONS[tradition]
    first = read_units(tradition, spec["sigla"][0])
    refs = list(first)
    for k in range(start, len(refs)):
        taken = _extend(refs, k, first, spec["sigla"][0])
        yield {s: taken for s in spec["sigla"]}


def chapter_runs(tradition: str, start: int):
    """Latin: whole chapters from chapter ``start`` on whose du Pontet text has a number of
    tokens in ``chapter_tokens`` (no editor's chapter is cut)."""
    spec = TRADITIONS[tradition]
    first = read_units(tradition, spec["sigla"][0])
    low, high = spec["chapter_tokens"]
    for ref in list(first)[start:]:
        if low <= len(token_texts(spec["sigla"][0], first[ref])) <= high:
            yield {s: [ref] for s in spec["sigla"]}


def line_runs(tradition: str, start: int):
    """French: runs of whole lines of 1668 from line ``start`` on, and the lines of 1676 that
    stand for them.

    1676's lines are found by a line-level diff of the two normalised texts (difflib, identical
    lines only): a run starts at a 1668 line that 1676 also has, and ends at a line both have
    once the 1668 diplomatic text has :data:`MIN_TOKENS` tokens.
    """
    d68, refs68, refs76, same, _ = _french(tradition)
    for k in range(start, len(refs68)):
        if refs68[k] not in same:
            continue
        end = k
        while len(token_texts("1668", " ".join(d68[r] for r in refs68[k : end + 1]))) < MIN_TOKENS:
            end += 1
        while refs68[end] not in same:
            end += 1
        yield _line_units(TRADITIONS[tradition], refs68[k : end + 1], refs76, same)


def _french(tradition: str) -> tuple[dict, list[str], list[str], dict[str, str], difflib.SequenceMatcher]:
    """1668's diplomatic lines, both printings' references, the common lines, the line diff."""
    d68, n68, _, n76 = (read_units(tradition, s) for s in TRADITIONS[tradition]["sigla"])
    refs68, refs76 = list(n68), list(n76)
    matcher = difflib.SequenceMatcher(None, list(n68.values()), list(n76.values()), autojunk=False)
    same = {refs68[a + k]: refs76[b + k] for a, b, size in matcher.get_matching_blocks() for k in range(size)}
    return d68, refs68, refs76, same, matcher


def french_named(tradition: str, prefix: str) -> dict:
    """A revision: in the scene ``prefix``, the rewriting (lines of both printings between two
    common lines) of under 10 lines in 1668 that lost most lines, with the common line before
    and after it."""
    _, refs68, refs76, same, matcher = _french(tradition)
    rewritings = [
        (i2 - i1 - (j2 - j1), i1, i2)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag == "replace" and refs68[i1].startswith(prefix) and 2 <= i2 - i1 < 10
    ]
    _, i1, i2 = max(rewritings)
    return _line_units(TRADITIONS[tradition], refs68[i1 - 1 : i2 + 1], refs76, same)


def _words(text: str) -> list[str]:
    """Words folded for the variation rule: no marks, case folded, letters only."""
    folded = (
        "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c) and c.isalpha()).casefold()
        for t in text.split()
    )
    return [w for w in folded if w]


def differing_words(units: dict[str, list[str]], tradition: str) -> int:
    """Words of the tradition's variation pair not matched by a plain word diff (difflib)."""
    a, b, _ = TRADITIONS[tradition]["varied"]
    texts = []
    for siglum in (a, b):
        lines = read_units(tradition, siglum)
        texts.append(_words(" ".join(lines[r] for r in units[siglum] if r in lines)))
    matched = sum(m.size for m in difflib.SequenceMatcher(None, *texts, autojunk=False).get_matching_blocks())
    return len(texts[0]) + len(texts[1]) - 2 * matched


def _fits(units: dict[str, list[str]], tradition: str) -> bool:
    """True if no witness of the passage has more than :data:`MAX_TOKENS` tokens."""
    for siglum, refs in units.items():
        lines = read_units(tradition, siglum)
        if len(token_texts(siglum, " ".join(lines[r] for r in refs if r in lines))) > MAX_TOKENS:
            return False
    return True


def choose(tradition: str) -> list[dict]:
    """The passages of ``tradition``: fixed offsets, then varied offsets, then named ones."""
    spec = TRADITIONS[tradition]
    runs = {"by-verse": verse_runs, "by-chapter": chapter_runs, "by-line": line_runs}[spec["units"]]
    size = len(read_units(tradition, spec["sigla"][0]))
    unit = spec["units"].removeprefix("by-")

    def first_run(f: float, keep) -> dict[str, list[str]]:
        return next(u for u in runs(tradition, int(f * size)) if _fits(u, tradition) and keep(u))

    offsets = spec.get("offsets", OFFSETS)
    out = [{"units": first_run(f, lambda u: True), "why": f"offset {f:g} of the {unit}s"} for f in offsets]
    a, b, least = spec["varied"]
    for f in VARIED_OFFSETS:
        units = first_run(f, lambda u: differing_words(u, tradition) >= least)
        why = f"offset {f:g} of the {unit}s, the first passage from there where {a} and {b} differ in {least} words"
        why += " or more"
        out.append({"units": units, "why": why})
    for named, why in spec["named"].items():
        if spec["units"] == "by-line":
            units = french_named(tradition, named)
        elif spec["units"] == "by-chapter":
            units = {s: [named] for s in spec["sigla"]}
        else:
            refs = list(read_units(tradition, spec["sigla"][0]))
            units = {s: refs[refs.index(named[0]) : refs.index(named[1]) + 1] for s in spec["sigla"]}
        out.append({"units": units, "why": f"named: {why}"})
    return out


def _line_units(spec: dict, taken68: list[str], refs76: list[str], same: dict) -> dict[str, list[str]]:
    """The lines of the passage of 1668 lines ``taken68`` (first and last in 1676 too) in all four."""
    taken76 = refs76[refs76.index(same[taken68[0]]) : refs76.index(same[taken68[-1]]) + 1]
    return dict(zip(spec["sigla"], (taken68, taken68, taken76, taken76)))


def passages(tradition: str) -> list[dict]:
    """The passages of ``tradition`` by its rule, each with every witness's text and tokens."""
    spec = TRADITIONS[tradition]
    out = []
    for passage in choose(tradition):
        witnesses = []
        for siglum in spec["sigla"]:
            units = read_units(tradition, siglum)
            refs = [r for r in passage["units"][siglum] if r in units]
            text = " ".join(units[r] for r in refs)
            witnesses.append({"siglum": siglum, "units": refs, "text": text, "tokens": token_texts(siglum, text)})
        first = passage["units"][spec["sigla"][0]]
        out.append({"id": f"{first[0]}-{first[-1]}", "why": passage["why"], "witnesses": witnesses})
    return out


# -- candidate and corrections ------------------------------------------------------------------


def candidate(witnesses: Sequence[dict]) -> list[list[int | None]]:
    """Plain CollateX's alignment of the passage: per column, each witness's token or None."""
    from collate.align import align_norms

    norms = [[t.norm for t in tokenize(Witness(w["siglum"], w["text"]))] for w in witnesses]
    columns = align_norms(norms, "collatex").columns
    return [[a if b > a else None for a, b in column] for column in columns]


def _order(columns: list[dict[int, int]], rank: list[float], width: int) -> list[list[int | None]]:
    """Columns sorted so every witness's tokens run in order, ties kept by ``rank`` (Kahn)."""
    after: dict[int, set[int]] = {c: set() for c in range(len(columns))}
    before = [0] * len(columns)
    for w in range(width):
        chain = sorted((col[w], c) for c, col in enumerate(columns) if w in col)
        for (_, x), (_, y) in zip(chain, chain[1:]):
            if y not in after[x]:
                after[x].add(y)
                before[y] += 1
    ready = [(rank[c], c) for c in range(len(columns)) if not before[c]]
    heapq.heapify(ready)
    out = []
    while ready:
        _, c = heapq.heappop(ready)
        out.append([columns[c].get(w) for w in range(width)])
        for d in after[c]:
            before[d] -= 1
            if not before[d]:
                heapq.heappush(ready, (rank[d], d))
    if len(out) != len(columns):
        raise ValueError("the corrections cross: some witness's tokens would run out of order")
    return out


def _find(columns: list[dict[int, int]], w: int, i: int) -> int:
    return next(c for c, col in enumerate(columns) if col.get(w) == i)


def apply_corrections(
    columns: list[list[int | None]], corrections: Sequence[dict], passage: dict
) -> tuple[list[list[int | None]], list[list[int]]]:
    """The candidate with each correction made, and the links: ``join`` puts the first token into
    the column of the second; ``part`` takes the tokens named (of different witnesses) out of their
    columns into one new column of their own, just before the first of them; ``link`` leaves the
    columns and records that two tokens in different columns are the same word transposed (a
    pair the gold counts, as a reported move's pairs are counted).

    Tokens are named ``[siglum, index, text]``; the text is checked, so a wrong index fails.
    """
    sigla = [w["siglum"] for w in passage["witnesses"]]
    cols = [{w: i for w, i in enumerate(col) if i is not None} for col in columns]
    rank = [float(c) for c in range(len(cols))]
    links = []
    for fix in corrections:
        refs = [_token(ref, sigla, passage) for ref in fix["tokens"]]
        if fix["op"] == "link":
            links.append(sorted(refs))
            continue
        if fix["op"] == "join":
            (w, i), target = refs[0], _find(cols, *refs[1])
            del cols[_find(cols, w, i)][w]
            if w in cols[target]:
                raise ValueError(f"{fix}: the column already holds a token of {sigla[w]}")
            cols[target][w] = i
        elif fix["op"] == "part":
            rank.append(min(rank[_find(cols, w, i)] for w, i in refs) - 0.5)
            for w, i in refs:
                del cols[_find(cols, w, i)][w]
            cols.append(dict(refs))
        else:
            raise ValueError(f"unknown correction {fix['op']!r}")
    keep = [c for c, col in enumerate(cols) if col]
    return _order([cols[c] for c in keep], [rank[c] for c in keep], len(sigla)), [[*a, *b] for a, b in links]


def _token(ref: Sequence, sigla: list[str], passage: dict) -> tuple[int, int]:
    siglum, index, text = ref
    w = sigla.index(siglum)
    actual = passage["witnesses"][w]["tokens"][index].strip()
    if actual != text:
        raise ValueError(f"{siglum} token {index} is {actual!r}, not {text!r}")
    return w, index


def load_corrections(tradition: str) -> dict[str, list[dict]]:
    """Corrections by passage id (empty where none were needed or none are written yet)."""
    path = CORRECTIONS / f"{tradition}.json"
    if not path.exists():
        return {}
    return {p["passage"]: p["corrections"] for p in json.loads(path.read_text(encoding="utf-8"))["passages"]}


def build(tradition: str) -> dict:
    """The gold of ``tradition``: its passages, their tokens, and the corrected columns."""
    fixes = load_corrections(tradition)
    out = []
    for passage in passages(tradition):
        found = candidate(passage["witnesses"])
        corrections = fixes.get(passage["id"], [])
        passage["columns"], passage["links"] = apply_corrections(found, corrections, passage)
        passage["corrections"] = corrections
        passage["candidate_columns"] = len(found)
        passage["changed_columns"] = len({tuple(c) for c in passage["columns"]} - {tuple(c) for c in found})
        out.append(passage)
    spec = TRADITIONS[tradition]
    return {
        "tradition": tradition,
        "corpus": f"data/corpora/{spec['folder']}",
        "sigla": spec["sigla"],
        "source_and_licence": f"data/corpora/{spec['folder']}/SOURCE.md",
        "passages": out,
    }


def show(passage: dict, columns: Sequence[Sequence[int | None]]) -> str:
    """A plain table of the columns, one per line: number, then each witness's token or ``-``."""
    lines = [f"## {passage['id']} ({passage['why']})", "   " + " | ".join(w["siglum"] for w in passage["witnesses"])]
    for n, col in enumerate(columns):
        cells = []
        for w, i in enumerate(col):
            cells.append("-" if i is None else f"{i}:{passage['witnesses'][w]['tokens'][i].strip()}")
        mark = "" if len({c.split(':', 1)[1] for c in cells if c != '-'}) <= 1 and "-" not in cells else "  *"
        lines.append(f"{n:3d} " + " | ".join(cells) + mark)
    return "\n".join(lines)


def load(path: Path) -> dict:
    """A gold file as :func:`build` wrote it."""
    return json.loads(path.read_text(encoding="utf-8"))


def gold_files() -> list[Path]:
    """The gold alignments in the repository, one file a tradition."""
    return sorted(GOLD.glob("*.json"))


def passage_norms(passage: dict) -> list[list[str]]:
    """The normalized forms the aligners compare, for each witness's tokens of ``passage``."""
    return [[t.norm for t in tokenize(Witness(w["siglum"], w["text"]))] for w in passage["witnesses"]]


def passage_pairs(passage: dict) -> set[tuple[int, int, int, int]]:
    """The gold's aligned token pairs: two tokens of two witnesses in one column, or linked."""
    pairs = set()
    for column in passage["columns"]:
        present = [(w, i) for w, i in enumerate(column) if i is not None]
        pairs.update((w, i, v, j) for n, (w, i) in enumerate(present) for v, j in present[n + 1 :])
    pairs.update(tuple(link) for link in passage["links"])
    return pairs


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("show", "build"))
    parser.add_argument("traditions", nargs="*", default=list(TRADITIONS))
    args = parser.parse_args(argv)
    for tradition in args.traditions:
        gold = build(tradition)
        if args.command == "show":
            for passage in gold["passages"]:
                print(show(passage, passage["columns"]), end="\n\n")
        else:
            path = GOLD / f"{tradition}.json"
            path.write_text(dumps(gold), encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(gold['passages'])} passages, "
                  f"{sum(len(p['columns']) for p in gold['passages'])} columns, "
                  f"{sum(len(p['corrections']) for p in gold['passages'])} corrections, "
                  f"{sum(p['changed_columns'] for p in gold['passages'])} columns not as the candidate had them")


def dumps(gold: dict) -> str:
    """JSON with one column per line, so a diff of the gold shows which columns changed."""
    text = json.dumps(gold, ensure_ascii=False, indent=1)
    return _FLAT.sub(lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]", text) + "\n"


#: A JSON array of numbers and nulls only (a column, a link), as ``indent`` spreads it.
_FLAT = re.compile(r"\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)\s*\]")


if __name__ == "__main__":
    main()
