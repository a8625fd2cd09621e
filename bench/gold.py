"""Hand-checked gold alignments of real editions: passages, candidates, corrections, the gold.

The gold in ``data/gold/`` (``data/gold/README.md`` states the method) is made in three steps,
all by this script, so that anyone can redo them and see what was judged by hand:

1. **Passages** are chosen by a fixed rule, written here before any aligner was run on them
   (:data:`TRADITIONS`): runs of whole verses, chapters or lines starting at fixed fractions of
   the text, plus passages named in the corpus's ``SOURCE.md`` for a known variant. Each witness's
   passage text is its units joined by a space, and its tokens are exactly what
   :func:`collate.tokenize.tokenize` yields for that text.
2. A **candidate** alignment is plain CollateX's (``--aligner collatex``), the competitor's, so
   that an error overlooked in the check favours CollateX, not us.
3. Every column was read and the candidate **corrected by hand**; the corrections, each with its
   reason, are in ``data/gold/corrections/<tradition>.json`` and are applied here.

    python bench/gold.py show greek-john        # the corrected candidate, column by column
    python bench/gold.py build                  # write data/gold/<tradition>.json
"""

from __future__ import annotations

import argparse
import difflib
import heapq
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from collate.model import Witness  # noqa: E402
from collate.tokenize import tokenize  # noqa: E402

CORPORA = ROOT / "data" / "corpora"
GOLD = ROOT / "data" / "gold"
CORRECTIONS = GOLD / "corrections"

#: Per tradition: folder, unit files, witnesses (first is the one whose length ends a passage),
#: where passages start (fractions of the first witness's units) and passages named for a variant.
TRADITIONS: dict[str, dict] = {
    "greek-john": {
        "folder": "greek-john",
        "units": "by-verse",
        "sigla": ["nestle1904", "sblgnt", "byz-rp2018"],
        "named": {("5:3", "5:5"): "5:4 is absent from SBLGNT (SOURCE.md, Absent verses)"},
    },
    "latin-caesar": {
        "folder": "latin-caesar-bellum-civile",
        "units": "by-chapter",
        "sigla": ["dupontet-1901", "peskett-1914"],
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
        "named": {"5.3.": "Racine's revisions of V.3 (SOURCE.md): its largest rewriting of under 10 lines"},
    },
    "hebrew-esther": {
        "folder": "hebrew-esther",
        "units": "by-verse",
        "sigla": ["mam", "wlc"],
        "named": {
            ("4:4", "4:5"): "ketiv/qere treated differently (SOURCE.md)",
            ("5:14", "6:1"): "maqaf present in one edition only (SOURCE.md)",
        },
    },
}

#: Fractions of the text where the fixed-offset passages start.
OFFSETS = (0.0, 0.25, 0.5, 0.75)
#: A passage is extended unit by unit until its first witness has at least this many tokens.
MIN_TOKENS = 40


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


def verse_passages(tradition: str) -> list[dict]:
    """Greek and Hebrew: runs of whole verses at the fixed offsets and at the named verses.

    References are those of the first witness (Nestle and MAM carry every verse); a witness that
    lacks a verse (SBLGNT's 5:4) simply has no text for it.
    """
    spec = TRADITIONS[tradition]
    first = read_units(tradition, spec["sigla"][0])
    refs = list(first)
    out = []
    for f in OFFSETS:
        taken = _extend(refs, int(f * len(refs)), first, spec["sigla"][0])
        out.append({"units": {s: taken for s in spec["sigla"]}, "why": f"offset {f:g} of the verses"})
    for (start, end), why in spec["named"].items():
        taken = refs[refs.index(start) : refs.index(end) + 1]
        out.append({"units": {s: taken for s in spec["sigla"]}, "why": f"named: {why}"})
    return out


def chapter_passages(tradition: str) -> list[dict]:
    """Latin: the named chapter, and the first chapter from each offset whose length fits.

    Chapters are passages whole (no editor's chapter is cut), so at each offset the first
    chapter whose du Pontet text has a number of tokens in ``chapter_tokens`` is taken.
    """
    spec = TRADITIONS[tradition]
    first = read_units(tradition, spec["sigla"][0])
    refs = list(first)
    low, high = spec["chapter_tokens"]
    out = [{"units": {s: [ref] for s in spec["sigla"]}, "why": f"named: {why}"} for ref, why in spec["named"].items()]
    for f in OFFSETS[1:]:
        for ref in refs[int(f * len(refs)) :]:
            if low <= len(token_texts(spec["sigla"][0], first[ref])) <= high:
                out.append({"units": {s: [ref] for s in spec["sigla"]}, "why": f"offset {f:g} of the chapters"})
                break
    return out


def line_passages(tradition: str) -> list[dict]:
    """French: runs of whole lines of 1668, and the lines of 1676 that stand for them.

    1676's lines are found by a line-level diff of the two normalised texts (difflib, identical
    lines only): a passage runs from the first 1668 line at or after the offset that 1676 also
    has, and ends at a line both have once the 1668 diplomatic text has enough tokens. The
    named passage is a revision: in the scene named, the rewriting (lines of both printings
    between two common lines) of under 10 lines in 1668 that lost most lines, with the common
    line before and after it.
    """
    spec = TRADITIONS[tradition]
    d68, n68, _, n76 = (read_units(tradition, s) for s in spec["sigla"])
    refs68, refs76 = list(n68), list(n76)
    matcher = difflib.SequenceMatcher(None, list(n68.values()), list(n76.values()), autojunk=False)
    same = {refs68[a + k]: refs76[b + k] for a, b, size in matcher.get_matching_blocks() for k in range(size)}
    out = []
    for f in OFFSETS:
        start = int(f * len(refs68))
        while refs68[start] not in same:
            start += 1
        end = start
        while len(token_texts("1668", " ".join(d68[r] for r in refs68[start : end + 1]))) < MIN_TOKENS or refs68[end] not in same:
            end += 1
        out.append(_line_passage(spec, refs68[start : end + 1], refs76, same, f"offset {f:g} of the 1668 lines"))
    for prefix, why in spec["named"].items():
        rewritings = [
            (i2 - i1 - (j2 - j1), i1, i2)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag == "replace" and refs68[i1].startswith(prefix) and 2 <= i2 - i1 < 10
        ]
        _, i1, i2 = max(rewritings)
        out.append(_line_passage(spec, refs68[i1 - 1 : i2 + 1], refs76, same, f"named: {why}"))
    return out


def _line_passage(spec: dict, taken68: list[str], refs76: list[str], same: dict, why: str) -> dict:
    """The passage of 1668 lines ``taken68`` (first and last in 1676 too) in all four witnesses."""
    taken76 = refs76[refs76.index(same[taken68[0]]) : refs76.index(same[taken68[-1]]) + 1]
    return {"units": dict(zip(spec["sigla"], (taken68, taken68, taken76, taken76))), "why": why}


def passages(tradition: str) -> list[dict]:
    """The passages of ``tradition`` by its rule, each with every witness's text and tokens."""
    spec = TRADITIONS[tradition]
    chooser = {"by-verse": verse_passages, "by-chapter": chapter_passages, "by-line": line_passages}[spec["units"]]
    out = []
    for passage in chooser(tradition):
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


def apply_corrections(columns: list[list[int | None]], corrections: Sequence[dict], passage: dict) -> tuple[list, list]:
    """The candidate with each correction made, and the links: ``join`` puts the first token into
    the column of the second; ``part`` takes a token out of its column into one of its own, just
    before it; ``link`` leaves the columns and records that two tokens in different columns are
    the same word transposed (a pair the gold counts, as a reported move's pairs are counted).

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
        w, i = refs[0]
        c = _find(cols, w, i)
        del cols[c][w]
        if fix["op"] == "join":
            target = _find(cols, *refs[1])
            if w in cols[target]:
                raise ValueError(f"{fix}: the column already holds a token of {sigla[w]}")
            cols[target][w] = i
        elif fix["op"] == "part":
            cols.append({w: i})
            rank.append(rank[c] - 0.5)
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
                  f"{sum(len(p['corrections']) for p in gold['passages'])} corrections")


def dumps(gold: dict) -> str:
    """JSON with one column per line, so a diff of the gold shows which columns changed."""
    text = json.dumps(gold, ensure_ascii=False, indent=1)
    return _FLAT.sub(lambda m: "[" + ", ".join(m.group(1).split()).replace(",,", ",") + "]", text) + "\n"


#: A JSON array of numbers and nulls only (a column, a link), as ``indent`` spreads it.
_FLAT = re.compile(r"\[\s*((?:-?\d+|null)(?:,\s*(?:-?\d+|null))*)\s*\]")


if __name__ == "__main__":
    main()
