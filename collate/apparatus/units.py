"""The source of a bracket apparatus cut into units: brackets, whitespace-delimited words and
the closed-class English words the scope rules know of syntax."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError

# Closed-class English words, by class: what the structural rules know of syntax.
# fmt: off
CLASSES: dict[str, frozenset[str]] = {
    "det": frozenset({
        "the", "a", "an", "this", "that", "these", "those", "its", "our", "their", "his", "her", "my", "your",
        "all", "each", "every", "some", "any", "no", "such", "another"
    }),
    "prep": frozenset({
        "of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto", "upon", "about", "above",
        "across", "after", "against", "along", "among", "around", "before", "behind", "below", "beneath",
        "beside", "between", "beyond", "during", "except", "inside", "near", "outside", "through", "throughout",
        "toward", "towards", "under", "until", "within", "without", "regarding", "concerning", "per", "via",
        "than", "as"
    }),
    "conj": frozenset({
        "and", "or", "but", "nor", "yet", "if", "because", "although", "though", "while", "whereas", "whether",
        "unless", "since", "that", "when", "where"
    }),
    "pron": frozenset({
        "i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "myself", "yourself",
        "himself", "herself", "itself", "ourselves", "themselves", "who", "whom", "which", "what", "whose"
    }),
    "aux": frozenset({
        "be", "am", "is", "are", "was", "were", "been", "being", "have", "has", "had", "having", "do", "does",
        "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not"
    }),
}
# fmt: on
FUNCTION = frozenset().union(*CLASSES.values())
LINKING = CLASSES["det"] | CLASSES["prep"] | CLASSES["conj"]
COORDINATING = frozenset({"and", "or", "but", "nor"})
CLAUSE_END = re.compile(r"[,;:.?!](?:[”’\"')\]]*)$")
SENTENCE_END = re.compile(r"[.?!](?:[”’\"')\]]*)$")
DASHES = frozenset({"-", "--", "—", "–", "―"})


@dataclass(frozen=True)
class Unit:
    """A whitespace-delimited chunk of the source: ``core`` is its lower-cased word, ``""`` if none."""

    start: int
    end: int
    text: str
    core: str

    @property
    def is_word(self) -> bool:
        return bool(self.core)

    @property
    def ends_clause(self) -> bool:
        return self.text in DASHES or bool(CLAUSE_END.search(self.text))

    @property
    def ends_sentence(self) -> bool:
        return bool(SENTENCE_END.search(self.text))

    @property
    def function(self) -> bool:
        return self.core in FUNCTION


def find_brackets(text: str, source: str = "<text>") -> list[tuple[int, int]]:
    """The ``(start, end)`` of every ``[...]`` in ``text``; refuse nested or unbalanced brackets."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == "[":
            if opened is not None:
                raise InputError(
                    f"{source}: line {line_of(text, index)}: a bracket opens inside the bracket opened on line "
                    f"{line_of(text, opened)}; close the first one, or if it is an OCR misreading (of 'I', say) correct it"
                )
            opened = index
        elif char == "]":
            if opened is None:
                raise InputError(
                    f"{source}: line {line_of(text, index)}: ']' closes no bracket; remove it or add the '['"
                )
            spans.append((opened, index + 1))
            opened = None
    if opened is not None:
        raise InputError(f"{source}: line {line_of(text, opened)}: '[' is never closed; close it or remove it")
    return spans


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def word_core(chunk: str) -> str:
    word = re.sub(r"^[^\w]+|[^\w]+$", "", chunk)
    return word.replace("’", "'").casefold()


def split_units(text: str, start: int, end: int) -> list[Unit]:
    return [
        Unit(start + m.start(), start + m.end(), m.group(), word_core(m.group()))
        for m in re.finditer(r"\S+", text[start:end])
    ]


def paragraph_start(text: str, offset: int) -> int:
    found = [m.end() for m in re.finditer(r"\n[ \t]*\n", text[:offset])]
    return found[-1] if found else 0


def word_classes(word: str) -> set[str]:
    return {name for name, words in CLASSES.items() if word in words}


def clause_start(units: Sequence[Unit], index: int) -> int:
    """Index of the first unit of the clause that unit ``index - 1`` belongs to."""
    i = index
    while i > 0 and not units[i - 1].ends_clause and not units[i - 1].text.startswith("("):
        i -= 1
    if i > 0 and units[i - 1].text.startswith("(") and not units[i - 1].ends_clause:
        i -= 1
    return i


def sentence_starts(units: Sequence[Unit]) -> list[int]:
    return [0] + [i + 1 for i, u in enumerate(units[:-1]) if u.ends_sentence]
