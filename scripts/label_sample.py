#!/usr/bin/env python3
"""Draw a reproducible sample of divergences between two witness files, for hand labelling.

The labelled samples in tests/fixtures/labels/ were drawn with this script, before and without any
run of the classifier, so that the sample does not depend on what the tool finds. The rule:

1. each witness is cut into paragraphs at blank lines (the layout of data/corpora/); with
   ``--whole``, each witness is one paragraph (for witnesses whose paragraphs do not correspond
   one to one, as where one version has a paragraph the other lacks);
2. paragraph *i* of one witness is compared with paragraph *i* of the other by
   ``difflib.SequenceMatcher(autojunk=False)`` over whitespace-separated tokens;
3. every opcode that is not ``equal`` is a divergence; a ``replace`` of *n* tokens by *n* tokens
   is split into *n* one-for-one divergences (pairs that happen to be equal are skipped), any
   other ``replace``, ``insert`` or ``delete`` is one divergence;
4. divergences are numbered from 0 in text order, and the sample is either every divergence in the
   paragraphs named by ``--paragraphs`` or every ``--every``-th divergence (numbers 0, k, 2k, ...);
   with ``--letters-differ``, ``--every`` counts only the divergences whose two readings still
   differ once case, combining marks, punctuation and the early printers' conventions (long s,
   u/v, i/j, y/i, ``&``/et) are folded (a stratum rich in revisions, for recall);
5. each sampled divergence is written as a stretch of each witness's text with the reading in
   braces (``{}`` for nothing), widened one token at a time on both sides, within the paragraph,
   until the stretch occurs exactly once in that witness's whole text.

The output is a TOML skeleton (one ``[[divergence]]`` per sampled place, ``class`` left as
``"?"``) on stdout; the editor fills in ``class``, ``subtype`` and ``reasoning``.

    python scripts/label_sample.py A.txt B.txt --paragraphs 1-2
    python scripts/label_sample.py A.txt B.txt --every 40
    python scripts/label_sample.py A.txt B.txt --every 2 --whole
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Divergence:
    """One place where the two witnesses' token sequences differ: token ranges in one paragraph."""

    number: int
    paragraph: int  # 1-based
    a: tuple[int, int]
    b: tuple[int, int]


def paragraphs(text: str, whole: bool = False) -> list[list[re.Match[str]]]:
    """The whitespace tokens of each paragraph (cut at blank lines), as matches into ``text``.

    With ``whole`` the text is one paragraph, for witnesses whose paragraphs do not correspond.
    """
    breaks = [] if whole else [m.start() for m in re.finditer(r"\n[ \t]*\n", text)]
    out: list[list[re.Match[str]]] = [[] for _ in range(len(breaks) + 1)]
    for m in re.finditer(r"\S+", text):
        out[bisect.bisect(breaks, m.start())].append(m)
    return [p for p in out if p]


def divergences(a_paras: list, b_paras: list) -> list[Divergence]:
    """Every divergence, in text order, by the rule in the module docstring."""
    if len(a_paras) != len(b_paras):
        sys.exit(f"Error: the witnesses have {len(a_paras)} and {len(b_paras)} paragraphs; they must match")
    out: list[Divergence] = []
    for p, (pa, pb) in enumerate(zip(a_paras, b_paras), start=1):
        ta, tb = [m.group() for m in pa], [m.group() for m in pb]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            if op == "replace" and i2 - i1 == j2 - j1:
                for k in range(i2 - i1):
                    if ta[i1 + k] != tb[j1 + k]:
                        out.append(Divergence(len(out), p, (i1 + k, i1 + k + 1), (j1 + k, j1 + k + 1)))
            else:
                out.append(Divergence(len(out), p, (i1, i2), (j1, j2)))
    return out


def folded(reading: str) -> str:
    """The reading without case, combining marks, punctuation and early printers' conventions."""
    s = unicodedata.normalize("NFKD", reading.replace("&", "et"))
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().translate(str.maketrans("vjy", "uii"))
    return re.sub(r"[\W\d_]", "", s)


def marked(text: str, toks: list[re.Match[str]], span: tuple[int, int], width: int) -> str:
    """The stretch of ``text`` round token ``span`` with ``width`` tokens either side, reading in braces."""
    i, j = span
    left = toks[max(0, i - width)].start() if i - width >= 0 or i > 0 else None
    right = toks[min(len(toks), j + width) - 1].end() if j < len(toks) else None
    if i < j:
        start, end = toks[i].start(), toks[j - 1].end()
        before = text[left:start] if left is not None else ""
        after = text[end:right] if right is not None else ""
        return f"{before}{{{text[start:end]}}}{after}"
    before = text[left : toks[i - 1].end()] if i > 0 else ""
    gap = text[toks[i - 1].end() : toks[j].start()] if 0 < i and j < len(toks) else ""
    after = text[toks[j].start() : right] if j < len(toks) else ""
    return f"{before}{{}}{gap}{after}"


def unique_stretch(text: str, toks: list[re.Match[str]], span: tuple[int, int], start: int = 1) -> str:
    """The narrowest stretch (at least ``start`` tokens either side) that occurs once in ``text``."""
    width = start
    while True:
        m = marked(text, toks, span, width)
        plain = m.replace("{", "").replace("}", "")
        if text.count(plain) == 1 or width > len(toks):
            return m
        width += 1


def toml_string(s: str) -> str:
    """A TOML basic string (JSON escaping is valid TOML for these texts)."""
    return json.dumps(s, ensure_ascii=False)


def draw(
    texts: tuple[str, str], *, every: int = 0, letters_differ: bool = False, span: str = "", whole: bool = False
) -> list[Divergence]:
    """The sampled divergences of two witness texts, by the rule in the module docstring."""
    paras = [paragraphs(t, whole) for t in texts]
    found = divergences(*paras)
    if span:
        first, last = map(int, span.split("-"))
        return [d for d in found if first <= d.paragraph <= last]
    if letters_differ:
        words = [[[m.group() for m in para] for para in p] for p in paras]

        def reading(w: int, d: Divergence) -> str:
            i, j = d.a if w == 0 else d.b
            return " ".join(words[w][d.paragraph - 1][i:j])

        return [d for d in found if folded(reading(0, d)) != folded(reading(1, d))][::every]
    return [d for d in found if d.number % every == 0]


def stretches(texts: tuple[str, str], chosen: list[Divergence], whole: bool = False) -> list[tuple[str, str]]:
    """Each chosen divergence as a stretch of each text, unique in it, with the reading in braces."""
    paras = [paragraphs(t, whole) for t in texts]
    return [
        (
            unique_stretch(texts[0], paras[0][d.paragraph - 1], d.a),
            unique_stretch(texts[1], paras[1][d.paragraph - 1], d.b),
        )
        for d in chosen
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--paragraphs", help="first-last paragraph (1-based, inclusive), e.g. 1-2")
    group.add_argument("--every", type=int, help="take divergences number 0, k, 2k, ...")
    parser.add_argument("--whole", action="store_true", help="each witness is one paragraph (paragraphs do not correspond)")
    parser.add_argument("--letters-differ", action="store_true", help="count only divergences whose letters differ")
    args = parser.parse_args()
    texts = (args.a.read_text(encoding="utf-8"), args.b.read_text(encoding="utf-8"))
    total = len(divergences(*[paragraphs(t, args.whole) for t in texts]))
    chosen = draw(
        texts, every=args.every or 0, letters_differ=args.letters_differ, span=args.paragraphs or "", whole=args.whole
    )
    print(f"# {total} divergences in all; {len(chosen)} sampled")
    for d, pair in zip(chosen, stretches(texts, chosen, args.whole)):
        print(f"\n[[divergence]]  # number {d.number}, paragraph {d.paragraph}")
        for path, stretch in zip((args.a, args.b), pair):
            print(f"{path.stem} = {toml_string(stretch)}")
        print('class = "?"')


if __name__ == "__main__":
    main()
