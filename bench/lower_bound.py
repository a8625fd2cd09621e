"""The lower bound ``bench/speed.py`` sets beside every ``collate run``: what any diff needs.

Reads the witness files, cuts each into tokens with one regular expression (runs of word
characters, and every other non-space character alone) and compares every witness with the
first by :class:`difflib.SequenceMatcher` (its defaults, autojunk included), taking the opcodes.
Nothing else is imported, so the process's cost is Python's start-up, reading, tokenizing and
diffing. ``bench/speed.py`` runs it as a child process and reads the processor time from
``wait4``.

    python bench/lower_bound.py A.txt B.txt ...
"""

import difflib
import re
import sys

TOKEN = re.compile(r"\w+|[^\w\s]")


def main(paths: list[str]) -> None:
    """Tokenize every file and diff each against the first; print the opcode counts."""
    tokens = [TOKEN.findall(open(path, encoding="utf-8").read()) for path in paths]
    counts = []
    for other in tokens[1:]:
        opcodes = difflib.SequenceMatcher(None, tokens[0], other).get_opcodes()
        counts.append(sum(tag != "equal" for tag, *_ in opcodes))
    print(" ".join(map(str, counts)))


if __name__ == "__main__":
    main(sys.argv[1:])
