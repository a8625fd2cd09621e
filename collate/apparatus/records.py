"""What the bracket-apparatus expander decides and returns: its records and the editor's overrides."""

from __future__ import annotations

from dataclasses import dataclass

#: The kinds of bracket, in the order reports list them.
KINDS: tuple[str, ...] = ("replacement", "omission", "addition", "editorial")


@dataclass(frozen=True)
class Override:
    """An editor's decision on one bracket, from an override file.

    ``at`` is a snippet of the source that contains the bracket (and no other) and occurs once;
    ``kind`` forces the kind (``None``: keep the inferred one); ``scope`` is the passage the
    bracket stands for, the text right before it (``""`` for an addition; ``None``: infer it);
    ``reason`` says why, for the report.
    """

    at: str
    reason: str
    kind: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Overrides:
    """The overrides of one file: ``path`` names it in error messages and reports."""

    path: str
    entries: tuple[Override, ...] = ()


@dataclass(frozen=True)
class BracketRecord:
    """What one bracket of the source was taken for.

    ``number`` counts brackets from 1 in source order; ``offset``/``end`` delimit the bracket
    (with its square brackets) in the source and ``line`` is its source line; ``text`` is its
    content. ``kind`` is one of :data:`KINDS`. ``scope`` is the source range of the passage the
    bracket stands for (empty for additions and editorial notes) and ``scope_text`` that passage;
    ``reading`` is what the bracketed version has in its place. ``confidence`` (0-1) says how
    sure the inference is (1 for an override); ``decided`` is ``"inferred"`` or
    ``"overridden"``; ``rule`` names the rule that decided and ``reason`` gives its evidence or the
    editor's reason. ``base_span`` and ``bracketed_span`` are the character ranges of the site in
    the two output texts.
    """

    number: int
    offset: int
    end: int
    line: int
    text: str
    kind: str
    scope: tuple[int, int]
    scope_text: str
    reading: str
    confidence: float
    decided: str
    rule: str
    reason: str
    base_span: tuple[int, int] = (0, 0)
    bracketed_span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class ApparatusResult:
    """Both versions a bracket apparatus encodes, and the record of every bracket."""

    base: str
    bracketed: str
    brackets: tuple[BracketRecord, ...]
    source: str = "<text>"
    overrides: str = ""

    def count(self, kind: str) -> int:
        """How many brackets were taken as ``kind``."""
        return sum(1 for b in self.brackets if b.kind == kind)


@dataclass(frozen=True)
class Decision:
    """What one bracket was taken for, before it becomes a :class:`BracketRecord`."""

    kind: str
    scope_start: int
    scope_end: int
    reading: str
    confidence: float
    rule: str
    reason: str
    decided: str = "inferred"
