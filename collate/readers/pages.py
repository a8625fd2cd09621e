"""Page markers and editorial interpolations: taken out of the text, kept as milestones and notes.

Printed page numbers that a transcriber left inline (``[100]`` in a book chapter, ``{p. 144}`` on
a web page) are not words of the witness: compared as text they would show up as variants in
every collation. Interpolations of a compiler or editor (``{i.e. self-sufficient}``) are not the
author's words either. Both are cut out of the witness text here and kept, with their offsets, as
:class:`~collate.model.Milestone` and :class:`~collate.model.Note` objects, which the writers put
back as ``<pb ed=".." n=".."/>`` and ``<note>`` (TEI) or in the margin (HTML).

The syntax is chosen by name from :data:`PAGE_MARKERS` and :data:`NOTE_MARKERS`, or given as a
regular expression with a named group (``n`` for the page label, ``text`` for the note).

This module also holds the small machinery every preparation step uses to delete stretches of
text while keeping the offsets of what earlier steps recorded (:func:`apply_splices`,
:func:`remap`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from ..model import Milestone, Note, Span

#: Page-marker syntaxes by name; the group ``n`` is the page label as printed.
PAGE_MARKERS: dict[str, str] = {
    "bracket": r"\[(?P<n>\d+)\]",  # [100]: digits only, so "[salary]" stays text
    "bracket-p": r"\[p\.\s*(?P<n>[^\[\]\s][^\[\]]*?)\s*\]",  # [p. 12]
    "brace-p": r"\{p\.\s*(?P<n>[^{}\s][^{}]*?)\s*\}",  # {p. 144}, {p. xxvii}
    "pipe": r"\|(?P<n>\d+)\|",  # |12|
}

#: Interpolation syntaxes by name; the group ``text`` is the note's text.
NOTE_MARKERS: dict[str, str] = {
    "brace": r"\{(?P<text>[^{}]*)\}",  # {i.e. self-sufficient}
    "bracket": r"\[(?P<text>[^\[\]]*)\]",  # [sic], [new]
}

_HSPACE = " \t"


# -- deleting text while keeping offsets -----------------------------------------------------------


@dataclass(frozen=True)
class Splice:
    """Replace ``text[start:end]`` with ``insert`` (empty for a deletion): a change of the text
    that keeps the offsets of what earlier steps recorded (the OCR clean-up's record of a change
    is :class:`collate.readers.ocr.Edit`)."""

    start: int
    end: int
    insert: str = ""


def apply_splices(text: str, edits: Sequence[Splice]) -> tuple[str, Callable[[int], int]]:
    """Apply non-overlapping ``edits`` to ``text``; return the new text and an offset map.

    The map takes an offset of the old text to the new one: offsets before an edit stay, offsets
    after it shift, an offset inside a replaced stretch goes to the end of its replacement.
    """
    edits = sorted(edits, key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    new_ends: list[int] = []  # where each edit's replacement ends in the new text
    pos = 0
    length = 0
    for edit in edits:
        if edit.start < pos:
            raise AssertionError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[pos : edit.start])
        length += edit.start - pos
        pieces.append(edit.insert)
        length += len(edit.insert)
        starts.append(edit.start)
        ends.append(edit.end)
        new_ends.append(length)
        pos = edit.end
    pieces.append(text[pos:])

    def mapping(offset: int) -> int:
        i = bisect.bisect_right(starts, offset - 1) - 1  # the last edit starting before offset
        if i < 0:
            return offset
        if offset < ends[i]:
            return new_ends[i]
        return new_ends[i] + offset - ends[i]

    return "".join(pieces), mapping


def remap(
    mapping: Callable[[int], int],
    formatting: Sequence[Span] = (),
    milestones: Sequence[Milestone] = (),
    notes: Sequence[Note] = (),
) -> tuple[tuple[Span, ...], tuple[Milestone, ...], tuple[Note, ...]]:
    """Move what earlier steps recorded to the offsets of the edited text.

    A formatting span whose whole text was deleted goes (it covered nothing left to compare);
    milestones and notes always stay, at the place their text went.
    """
    spans = tuple(
        Span(mapping(s.start), mapping(s.end), s.rend) for s in formatting if mapping(s.start) < mapping(s.end)
    )
    marks = tuple(Milestone(mapping(m.offset), m.kind, m.n) for m in milestones)
    kept = tuple(Note(mapping(n.offset), n.text, n.kind) for n in notes)
    return spans, marks, kept


# -- choosing the syntax ---------------------------------------------------------------------------


def compile_markers(value: Any, presets: Mapping[str, str], group: str, option: str, where: str) -> list[re.Pattern]:
    """The patterns an option names: a preset name, a regular expression, or a list of them."""
    items = value if isinstance(value, (list, tuple)) else [value]
    patterns: list[re.Pattern] = []
    for item in items:
        if not isinstance(item, str) or not item:
            raise ConfigError(
                f"{where}: {option} must be a name ({', '.join(sorted(presets))}) or a regular expression"
            )
        source = presets.get(item, item)
        try:
            pattern = re.compile(source)
        except re.error as exc:
            names = ", ".join(sorted(presets))
            raise ConfigError(
                f"{where}: {option} = {item!r} is neither a known syntax ({names}) "
                f"nor a valid regular expression ({exc})"
            ) from exc
        if group not in pattern.groupindex:
            raise ConfigError(
                f"{where}: the {option} expression {item!r} has no named group (?P<{group}>...); "
                f"add one around the part to keep, or use one of {', '.join(sorted(presets))}"
            )
        patterns.append(pattern)
    return patterns


# -- finding and removing markers ------------------------------------------------------------------


@dataclass(frozen=True)
class Marker:
    """One marker found in the text: a page break (``n``) or an interpolation (``note``)."""

    start: int
    end: int
    n: str | None = None
    note: str | None = None


def find_markers(text: str, pages: Sequence[re.Pattern], notes: Sequence[re.Pattern]) -> list[Marker]:
    """Every marker of ``text``, left to right; a page marker wins over a note at the same place."""
    found: list[Marker] = []
    for pattern in pages:
        found += [
            Marker(m.start(), m.end(), n=m.group("n").strip()) for m in pattern.finditer(text) if m.end() > m.start()
        ]
    for pattern in notes:
        found += [
            Marker(m.start(), m.end(), note=m.group("text").strip())
            for m in pattern.finditer(text)
            if m.end() > m.start()
        ]
    found.sort(key=lambda k: (k.start, k.n is None, -k.end))
    kept: list[Marker] = []
    for marker in found:
        if not kept or marker.start >= kept[-1].end:
            kept.append(marker)
    return kept


def marker_splices(text: str, markers: Sequence[Marker]) -> list[Splice]:
    """Deletions that remove ``markers`` and the space they leave.

    A line holding only markers goes whole, with its line break; a marker between words takes
    one side's spaces with it, so ``obviously [100] there`` becomes ``obviously there`` and
    ``masses {i.e. ...}, and`` becomes ``masses, and``.
    """
    edits: list[Splice] = []
    by_line: dict[int, list[Marker]] = {}
    for marker in markers:
        by_line.setdefault(text.rfind("\n", 0, marker.start) + 1, []).append(marker)
    for line_start, items in by_line.items():
        line_end = text.find("\n", items[-1].end)
        line_end = len(text) if line_end < 0 else line_end
        rest, pos = [], line_start
        for marker in items:
            rest.append(text[pos : marker.start])
            pos = marker.end
        rest.append(text[pos:line_end])
        if not "".join(rest).strip() and line_end < len(text):
            edits.append(Splice(line_start, line_end + 1))
            continue
        edits.extend(_inline_splice(text, m, line_start, line_end) for m in items)
    return _merge(edits)


def _inline_splice(text: str, marker: Marker, line_start: int, line_end: int) -> Splice:
    start, end = marker.start, marker.end
    before = start
    while before > line_start and text[before - 1] in _HSPACE:
        before -= 1
    after = end
    while after < line_end and text[after] in _HSPACE:
        after += 1
    if after == line_end:  # marker ends the line: take the spaces before it
        return Splice(before, after)
    if after > end:  # spaces after: take them ("obviously [100] there", "{p. 2} The")
        return Splice(start, after)
    if not (text[end].isalnum() or text[end] in "\"'“‘(["):  # punctuation follows: "masses {i.e. ...}, and"
        return Splice(before, end)
    return Splice(start, end)


def _merge(edits: list[Splice]) -> list[Splice]:
    """Join deletions that touch or overlap (two markers sharing the space between them)."""
    merged: list[Splice] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if merged and edit.start <= merged[-1].end:
            last = merged.pop()
            merged.append(Splice(last.start, max(last.end, edit.end)))
        else:
            merged.append(edit)
    return merged


def next_word(text: str, offset: int) -> int:
    """The first non-space offset at or after ``offset``: where the text goes on after a marker.

    Milestones and notes are placed there so the writers put them before the next word, not
    before the word whose trailing space the marker stood in.
    """
    while offset < len(text) and text[offset].isspace():
        offset += 1
    return offset


def extract_markers(
    text: str,
    pages: Sequence[re.Pattern],
    notes: Sequence[re.Pattern],
    note_kind: str = "editorial",
) -> tuple[str, Callable[[int], int], tuple[Milestone, ...], tuple[Note, ...]]:
    """Remove page markers and interpolations from ``text``.

    Returns the new text, the offset map (for what earlier steps recorded), and the milestones
    and notes found, at the offsets of the new text.
    """
    markers = find_markers(text, pages, notes)
    if not markers:
        return text, lambda offset: offset, (), ()
    new, mapping = apply_splices(text, marker_splices(text, markers))
    milestones = tuple(Milestone(next_word(new, mapping(m.start)), "pb", m.n) for m in markers if m.n is not None)
    kept = tuple(Note(next_word(new, mapping(m.start)), m.note, note_kind) for m in markers if m.note is not None)
    return new, mapping, milestones, kept


# -- OCR text: running headers, footnotes, hyphenation ---------------------------------------------

#: The OCR clean-up steps the ``ocr`` option may name, in the order they are applied.
OCR_STEPS: tuple[str, ...] = ("headers", "footnotes", "hyphenation", "markers")

#: Options that tune the OCR steps (regular expressions handed to :mod:`collate.readers.ocr`).
OCR_OPTIONS: frozenset[str] = frozenset({"ocr", "ocr_header", "ocr_page_start", "ocr_footnote"})

_PAGE_NUMBER = re.compile(r"\b(\d{1,4}|[ivxlcdm]{1,7})\b", re.IGNORECASE)


@dataclass(frozen=True)
class OcrLog:
    """Every change the OCR steps made, as :mod:`collate.readers.ocr` records them: the running
    headers removed, the footnotes set aside, the line-end hyphens resolved, the footnote markers
    removed (``Edit``/``Footnote`` objects), and how many pages the text had."""

    headers: tuple[Any, ...] = ()
    footnotes: tuple[Any, ...] = ()
    joins: tuple[Any, ...] = ()
    markers: tuple[Any, ...] = ()
    pages: int = 0


@dataclass(frozen=True)
class Cleaned:
    """OCR text cleaned: the text, the page breaks and footnotes taken out of it, a report and
    the log of every change (for a fuller account, as ``scripts/prepare_medvedev.py`` writes)."""

    text: str
    milestones: tuple[Milestone, ...]
    notes: tuple[Note, ...]
    report: str
    log: OcrLog = OcrLog()


def ocr_steps(value: Any, where: str) -> tuple[str, ...]:
    """The OCR steps an ``ocr`` option names, checked, in application order."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
        raise ConfigError(f'{where}: ocr must be a list of steps, e.g. ["hyphenation", "headers", "footnotes"]')
    unknown = sorted(set(items) - set(OCR_STEPS))
    if unknown:
        raise ConfigError(
            f"{where}: unknown OCR step(s) {', '.join(map(repr, unknown))}; choose among {', '.join(OCR_STEPS)}"
        )
    return tuple(step for step in OCR_STEPS if step in items)


def ocr_clean(
    text: str,
    steps: Sequence[str],
    options: Mapping[str, Any],
    first_line: int,
    where: str,
    vocabulary: frozenset[str] | None = None,
) -> Cleaned:
    """Apply the OCR clean-up ``steps`` to ``text`` whose first line is source line ``first_line``.

    Running headers become page breaks (``n`` is the number the header carries, or its whole
    text); footnotes become notes of kind ``footnote`` at the page break after them; hyphenation
    joins the lines of each paragraph into one (keeping real hyphens, see
    :func:`collate.readers.ocr.join_hyphenated`); ``markers`` removes footnote numbers the OCR
    misread as quotes or asterisks. The work is done by :mod:`collate.readers.ocr`.
    ``vocabulary``, the words that tell a real hyphen from a line-end one, defaults to the words
    of ``text``; a witness cut from a larger document may give the whole document's.
    """
    from . import ocr  # here: the OCR steps' tables and patterns, for a witness that asks for them

    def pattern(option: str, default: str) -> str:
        return _pattern(options, option, default, where)

    lines = ocr.number_lines(text, first=first_line)
    report: list[str] = []
    breaks: list[tuple[int, str]] = []  # (source line of the header, page label)
    header_edits: list = []
    if "headers" in steps:
        lines, header_edits = ocr.drop_running_headers(lines, pattern("ocr_header", ocr.HEADER))
        breaks = [(e.line, _page_label(e.before)) for e in header_edits]
        report.append(f"{len(header_edits)} running headers made page breaks" + _lines(e.line for e in header_edits))
    pages = ocr.split_pages(lines, pattern("ocr_page_start", ocr.PAGE_START), header_edits)
    footnotes: list = []
    joins: list = []
    edits: list = []
    if "footnotes" in steps:
        pages, footnotes = ocr.set_aside_footnotes(pages, pattern("ocr_footnote", ocr.FOOTNOTE))
        report.append(f"{len(footnotes)} footnotes set aside as notes" + _lines(f.lines[0] for f in footnotes))
    if "hyphenation" in steps:
        paragraphs = ocr.paragraphs_from_pages(pages)
        new, joins = ocr.join_paragraphs(paragraphs, ocr.word_set(text) if vocabulary is None else vocabulary)
        starts = _paragraph_line_starts(paragraphs, new)
        kept = sum(1 for e in joins if e.after == e.before.replace("|", ""))
        report.append(
            f"{len(joins)} line-end hyphens resolved ({kept} kept as real hyphens), paragraphs joined into lines"
        )
    else:
        new, starts = _unjoined(pages)
    milestones = [Milestone(_at(starts, number, len(new)), "pb", label) for number, label in breaks]
    notes = [Note(_at(starts, f.lines[1], len(new)), f"{f.label} {f.text}", "footnote") for f in footnotes]
    if "markers" in steps:
        cleaned, edits = ocr.remove_footnote_markers(new)
        mapping = _deletion_map(new, cleaned)
        new = cleaned
        milestones = [Milestone(mapping(m.offset), m.kind, m.n) for m in milestones]
        notes = [Note(mapping(n.offset), n.text, n.kind) for n in notes]
        report.append(f"{len(edits)} footnote markers misread as quotes or asterisks removed")
    log = OcrLog(tuple(header_edits), tuple(footnotes), tuple(joins), tuple(edits), len(pages))
    return Cleaned(new, tuple(milestones), tuple(notes), "ocr: " + "; ".join(report), log)


def _pattern(options: Mapping[str, Any], option: str, default: str, where: str) -> str:
    """The regular expression ``options[option]`` (or ``default``), refused if it does not compile."""
    value = options.get(option, default)
    try:
        re.compile(value)
    except (re.error, TypeError) as exc:
        raise ConfigError(f"{where}: {option} = {value!r} is not a valid regular expression ({exc})") from exc
    return value


def _unjoined(pages: Sequence[Sequence[Any]]) -> tuple[str, dict[int, int]]:
    """The kept lines of ``pages`` as they are, one to a line, and where each source line starts."""
    kept_lines = [line for page in pages for line in page]
    starts, pos = {}, 0
    for line in kept_lines:
        starts[line.number] = pos
        pos += len(line.text) + 1
    return "\n".join(line.text for line in kept_lines), starts


def _page_label(header: str) -> str:
    """The page number a running header carries (its first number), or its text if none."""
    match = _PAGE_NUMBER.search(header)
    return match.group(1) if match else " ".join(header.split())


def _lines(numbers: Any) -> str:
    numbers = list(numbers)
    if not numbers:
        return ""
    shown = ", ".join(map(str, numbers[:8])) + (", ..." if len(numbers) > 8 else "")
    return f" (source lines {shown})"


def _at(starts: Mapping[int, int], after: int, end: int) -> int:
    """The text offset of the first kept source line after source line ``after``."""
    later = [offset for number, offset in starts.items() if number > after]
    return min(later) if later else end


def _paragraph_line_starts(paragraphs: Sequence[Sequence[Any]], text: str) -> dict[int, int]:
    """Where each source line of ``paragraphs`` begins in ``text``, the text joined from them.

    Joining keeps each line's words and changes only what lies between lines (a space, a line
    break, a blank line between paragraphs, or a resolved line-end hyphen), so each line is found
    in order, at or just after where the previous one ended.
    """
    starts: dict[int, int] = {}
    pos = 0
    pending: list[int] = []  # empty lines: they start where the next line does
    for paragraph in paragraphs:
        for line in paragraph:
            content = line.text.strip()
            if not content:
                pending.append(line.number)
                continue
            found = text.find(content.removesuffix("-"), pos)  # its own hyphen may go
            start = found if found >= 0 else pos
            for number in (*pending, line.number):
                starts[number] = start
            pending = []
            pos = start + len(content) - (1 if content.endswith("-") else 0)
    for number in pending:
        starts[number] = len(text)
    return starts


def _deletion_map(old: str, new: str) -> Callable[[int], int]:
    """The offset map from ``old`` to ``new``, where ``new`` is ``old`` with characters deleted."""
    edits: list[Splice] = []
    i = j = 0
    while i < len(old):
        if j < len(new) and old[i] == new[j]:
            i += 1
            j += 1
            continue
        start = i
        while i < len(old) and (j >= len(new) or old[i] != new[j]):
            i += 1
        edits.append(Splice(start, i))
    _, mapping = apply_splices(old, edits)
    return mapping
