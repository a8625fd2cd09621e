#!/usr/bin/env python3
"""Prepare the two witnesses of Medvedev's letter to a Baku comrade (January 1924) from seed 003.

Seed 003 is the OCR text of Barbara Allen's article, which prints the letter in the version
Medvedev gave the Central Control Commission in 1926 and puts the readings of the version seized
in Baku in square brackets after the passages they replace. This script

1. cuts the letter out of the article (from "Dear comrade V.," to "[circa 20 January 1924]");
2. cleans the OCR with the library's steps (collate.readers.pages.ocr_clean): removes the running page header, sets the footnotes
   aside, joins the pages' paragraphs and the end-of-line hyphenation, removes the footnote
   markers, repairs OCR misreadings;
3. expands the bracket apparatus (collate.apparatus) with the editor's overrides in
   witnesses/medvedev/source/overrides.toml;
4. writes witnesses/medvedev/: 1926.txt/.toml and baku.txt/.toml (the witnesses), and
   source/letter.txt (the cleaned inline text), source/footnotes.md, source/cleanup.md
   (every change made to the OCR) and source/apparatus.md (every bracket accounted for).

The output is the same, byte for byte, on every run. ``--check`` compares instead of writing
and exits 1 if a file would change.

    python scripts/prepare_medvedev.py [--check]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from collate.apparatus import ApparatusResult, expand_apparatus, load_overrides, render_report, witness_toml
from collate.files import write_all
from collate.readers.ocr import Edit, Footnote, apply_corrections, number_lines, repair_bracket_for_i, word_set
from collate.readers.pages import OCR_STEPS, ocr_clean

ROOT = Path(__file__).resolve().parent.parent
SEED_NAME = "003_5132bd896dbc28cd.txt"
SEED = ROOT / "data" / "seeds" / SEED_NAME
OUT = ROOT / "witnesses" / "medvedev"
OVERRIDES = OUT / "source" / "overrides.toml"

#: Where the letter begins and ends in the article.
FIRST_LINE = "Dear comrade V.,"
LAST_LINE = "[circa 20 January 1924]"
#: The running header of the journal's pages.
HEADER = r"^\d+ The NEP Era: Soviet Russia 1921-1928$"
#: Misreadings no general rule catches: (as read, as printed, why).
CORRECTIONS: tuple[tuple[str, str, str], ...] = (
    ("c¢) we consider", "c) we consider", "item letter c) of the list a) b) c), misread with a cent sign"),
)
SIGLA = ("1926", "Baku")

EDITION = (
    "Barbara Allen, article introducing and translating Sergei Medvedev's letter to a Baku comrade, "
    "in The NEP Era: Soviet Russia 1921-1928 (the letter from p. 34 on)"
)
COMMON = {
    "author": "Sergei Pavlovich Medvedev",
    "translator": "Barbara Allen",
    "editor": "Barbara Allen",
    "edition": EDITION,
    "date": "1924-01",
    "language": "en",
}


def clean(seed_text: str) -> tuple[str, dict[str, list]]:
    """Cut the letter out of the article and clean its OCR; return the text and the log of changes.

    The OCR steps are the library's (:func:`collate.readers.pages.ocr_clean`, as a witness's
    ``ocr`` option runs them), with the whole article as the evidence for real hyphens; the two
    repairs after them are this letter's.
    """
    lines = number_lines(seed_text)
    first = next(line.number for line in lines if FIRST_LINE in line.text)
    last = next(line.number for line in lines if LAST_LINE in line.text)
    letter = "\n".join(line.text for line in lines if first <= line.number <= last)
    cleaned = ocr_clean(letter, OCR_STEPS, {"ocr_header": HEADER}, first, SEED_NAME, word_set(seed_text))
    log = cleaned.log
    if len(log.markers) != len(log.footnotes):
        raise SystemExit(
            f"{len(log.markers)} footnote markers found for {len(log.footnotes)} footnotes; check the cleanup rules"
        )
    text, repairs = repair_bracket_for_i(cleaned.text)
    text, corrections = apply_corrections(text, CORRECTIONS)
    return text, {
        "range": [first, last, log.pages],
        "headers": list(log.headers),
        "footnotes": list(log.footnotes),
        "hyphenation": list(log.joins),
        "markers": list(log.markers),
        "ocr": repairs + corrections,
    }


def _cleanup_report(log: dict[str, list]) -> str:
    first, last, pages = log["range"]
    joins: list[Edit] = log["hyphenation"]
    kept = [e for e in joins if "-" in e.after]
    out = [
        "# How the OCR of the letter was cleaned",
        "",
        (
            f'Source: `data/seeds/{SEED_NAME}`, lines {first}-{last} (from "{FIRST_LINE}" to "{LAST_LINE}"), '
            f"{pages} printed pages. Written by `scripts/prepare_medvedev.py`; line numbers are those of the seed "
            "unless said otherwise."
        ),
        "",
        "## Running header removed",
        "",
    ]
    out += [f"- line {e.line}: `{e.before}`" for e in log["headers"]]
    out += ["", "## Footnotes set aside (see footnotes.md)", ""]
    out += [f"- note {n.label}, lines {n.lines[0]}-{n.lines[1]}" for n in log["footnotes"]]
    out += [
        "",
        "## Footnote markers removed",
        "",
        (
            "Superscript note numbers the OCR read as quotes, asterisks or question marks; line numbers are those of "
            "source/letter.txt."
        ),
        "",
    ]
    out += [
        f"- line {e.line}: `{e.before}` -> `{e.after}` (note {n.label})"
        for e, n in zip(log["markers"], log["footnotes"])
    ]
    out += ["", "## OCR misreadings corrected", ""]
    out += [f"- line {e.line} of source/letter.txt: `{e.before}` -> `{e.after}`" for e in log["ocr"]]
    out += [
        "",
        "## End-of-line hyphenation",
        "",
        (
            f"{len(joins)} words broken at a line end were joined; {len(kept)} kept their hyphen as a real one "
            "(the evidence is the rest of the article: see `join_hyphenated` in collate/readers/ocr.py):"
        ),
        "",
    ]
    out += [f"- line {e.line}: `{e.before}` -> `{e.after}`" for e in kept]
    out += ["", "Joined without the hyphen:", ""]
    out += [", ".join(f"`{e.before}`" for e in joins if "-" not in e.after)]
    return "\n".join(out) + "\n"


def _footnotes(footnotes: list[Footnote], markers: list[Edit]) -> str:
    out = [
        "# Footnotes of the letter, set aside",
        "",
        (
            "Allen's footnotes, printed at the foot of the pages and mixed into the OCR text. They are not part of "
            "either version of the letter. The Cyrillic in notes 12-14 is garbled by the OCR and kept as read. "
            "Each note is followed by the word its marker stood after (line of source/letter.txt)."
        ),
        "",
    ]
    for note, marker in zip(footnotes, markers):
        out += [
            f"{note.label}. {note.text}",
            "",
            f"   (seed lines {note.lines[0]}-{note.lines[1]}; marker after `{marker.after}`, line {marker.line})",
            "",
        ]
    return "\n".join(out)


def _meta(log: dict[str, list], result: ApparatusResult) -> dict[str, dict[str, str]]:
    first, last, _ = log["range"]
    counts = {k: result.count(k) for k in ("replacement", "omission", "addition", "editorial")}
    common_notes = (
        "Reconstructed by scripts/prepare_medvedev.py from the cleaned inline text in source/letter.txt: "
        f"running header, footnotes ({len(log['footnotes'])}, kept in source/footnotes.md), footnote markers and "
        "end-of-line hyphenation removed, OCR misreadings corrected (source/cleanup.md). "
        f"Of the letter's {len(result.brackets)} brackets, {counts['replacement']} were read as replacements, "
        f"{counts['omission']} as omissions, {counts['addition']} as additions and {counts['editorial']} as "
        "editorial (kept in both versions); scopes inferred or overridden as source/apparatus.md lists. "
        "Allen italicized each replaced passage, but the OCR lost the italics, so where a replaced passage begins "
        "is inferred."
    )
    source = f"OCR text of Barbara Allen's article, kept as seed {SEED_NAME}"
    return {
        "1926": {
            "title": "Letter to a Baku comrade (January 1924), in the version Medvedev gave the Central Control "
            "Commission in July 1926",
            **COMMON,
            "source": source,
            "source_lines": f"{first}-{last}",
            "notes": "The text Allen prints, without the bracketed readings of the Baku version. " + common_notes,
        },
        "Baku": {
            "title": "Letter to a Baku comrade (January 1924), in the version seized in Baku and sent to the "
            "Central Control Commission",
            **COMMON,
            "source": source,
            "source_lines": f"{first}-{last}",
            "notes": "Allen's text with each bracketed Baku reading put in place of the passage it replaces. "
            + common_notes,
        },
    }


def build(seed: Path = SEED, overrides: Path = OVERRIDES) -> dict[str, str]:
    """Every file of witnesses/medvedev/ (relative path -> content), from the seed and the overrides."""
    text, log = clean(seed.read_text(encoding="utf-8"))
    # Name the files as the repository does, so the report is the same in every checkout.
    rules = dataclasses.replace(load_overrides(overrides), path="witnesses/medvedev/source/overrides.toml")
    result = expand_apparatus(text, rules, source="witnesses/medvedev/source/letter.txt")
    meta = _meta(log, result)
    header = "# Witness metadata, written by scripts/prepare_medvedev.py: see docs/medvedev.md\n"
    return {
        "1926.txt": result.base,
        "1926.toml": header + witness_toml("1926", meta["1926"]),
        "baku.txt": result.bracketed,
        "baku.toml": header + witness_toml("Baku", meta["Baku"]),
        "source/letter.txt": text,
        "source/footnotes.md": _footnotes(log["footnotes"], log["markers"]),
        "source/cleanup.md": _cleanup_report(log),
        "source/apparatus.md": render_report(result, SIGLA),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED, help="the OCR text of Allen's article (seed 003)")
    parser.add_argument("--out", type=Path, default=OUT, help="the witness directory to write")
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    args = parser.parse_args(argv)
    files = build(args.seed, args.out / "source" / "overrides.toml")
    changed = [
        name
        for name, content in files.items()
        if not ((args.out / name).is_file() and (args.out / name).read_text(encoding="utf-8") == content)
    ]
    if changed and not args.check:
        for name in changed:
            (args.out / name).parent.mkdir(parents=True, exist_ok=True)
        write_all({args.out / name: files[name].encode("utf-8") for name in changed})  # all or none
    verb = "differ" if args.check else "written"
    print(f"{len(changed)} of {len(files)} files {verb}" + (f": {', '.join(changed)}" if changed else ""))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
