"""Cleaning OCR text of a printed book or article before it becomes a witness.

OCR of a printed page mixes into the running text what the page carried around it: running
headers with page numbers, footnotes at the foot of each page (often with garbled non-Latin
script), superscript footnote markers misread as quotes or asterisks, and words split across
lines by end-of-line hyphenation. Each helper here undoes one of these, and each returns, beside
the cleaned text, a record of every change (:class:`Edit`) or of what it set aside
(:class:`Footnote`), so that a preparation script can publish its provenance and nothing of the
source is dropped silently.

The helpers work on numbered source lines (:class:`Line`) as long as page layout matters (headers,
page breaks, footnotes) and on paragraph strings afterwards (hyphenation already joined, footnote
markers, OCR confusions). A typical preparation::

    lines = number_lines(source, first=120)
    lines, edits = drop_running_headers(lines, r"^\\d+ The NEP Era")
    pages = split_pages(lines, page_start=r"^ (?=\\S)", breaks=edits)
    pages, notes = set_aside_footnotes(pages)
    paragraphs = paragraphs_from_pages(pages)
    text, joins = join_paragraphs(paragraphs, vocabulary=word_set(source))
    text, markers = remove_footnote_markers(text)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: A running header's default shape: a page number and a title, or a title and a page number.
HEADER = r"^\s*(?:\d{1,4}\s+\S.*|\S.*\s\d{1,4})\s*$"

#: The default page-start signal: this OCR indents the first line of each page by one space.
PAGE_START = r"^ (?=\S)"

#: A footnote paragraph starts with its number (``12.``) or an asterisk, then a space.
FOOTNOTE = r"^\s*(?P<n>\d{1,3}\.|\*)\s+\S"

#: First halves of compounds whose hyphen is kept at a line end when the text gives no evidence.
HYPHEN_PREFIXES: frozenset[str] = frozenset(
    {"all", "self", "well", "ill", "half", "non", "so", "one", "two", "three", "quasi", "ex-officio", "anti", "pro"}
)

_WORD = re.compile(r"[^\W\d_](?:[\w’'\-]*[^\W_])?")
_SENTENCE_END = re.compile(r"[.?!:;)\]”\"’]$")


@dataclass(frozen=True)
class Line:
    """One line of the source: its 1-based ``number`` in the source file and its ``text``."""

    number: int
    text: str


@dataclass(frozen=True)
class Edit:
    """One change made to the source, for the provenance report.

    ``line`` is the source line where it happened; ``kind`` names the change (``"header"``,
    ``"hyphenation"``, ``"marker"``, ``"ocr"``...); ``before`` and ``after`` are the text as
    found and as left.
    """

    line: int
    kind: str
    before: str
    after: str


@dataclass(frozen=True)
class Footnote:
    """A footnote set aside from the running text.

    ``label`` is its number as printed (``"12"``, ``"*"``); ``text`` its text with its lines
    joined; ``lines`` the first and last source line it occupied.
    """

    label: str
    text: str
    lines: tuple[int, int]


def number_lines(text: str, first: int = 1) -> list[Line]:
    """Split ``text`` into :class:`Line` objects numbered from ``first`` (the source line number)."""
    return [Line(first + i, line) for i, line in enumerate(text.split("\n"))]


def word_set(text: str) -> frozenset[str]:
    """The lower-cased words of ``text``: the evidence :func:`join_hyphenated` consults.

    The halves of words broken at a line end ("expan-" / "sion") are left out, so that a
    fragment is never taken as evidence for itself.
    """
    unbroken = re.sub(r"\S*[^\W\d_]-[ \t]*\n\s*\S*", " ", text)
    return frozenset(w.lower() for w in _WORD.findall(unbroken))


def drop_running_headers(lines: Sequence[Line], pattern: str = HEADER) -> tuple[list[Line], list[Edit]]:
    """Remove running-header lines (those matching ``pattern`` entirely) and the blank lines around them.

    Headers stand between two pages, so each removal is recorded as an ``Edit`` of kind
    ``"header"``; :func:`split_pages` takes these as page breaks. The default pattern is broad
    (any short line beginning or ending with a number); pass the title of the publication to be
    safe.
    """
    regex = re.compile(pattern)
    kept: list[Line] = []
    edits: list[Edit] = []
    skipping_blanks = False
    for line in lines:
        if regex.match(line.text) and line.text.strip():
            while kept and not kept[-1].text.strip():
                kept.pop()
            edits.append(Edit(line.number, "header", line.text, ""))
            skipping_blanks = True
            continue
        if skipping_blanks and not line.text.strip():
            continue
        skipping_blanks = False
        kept.append(line)
    return kept, edits


def split_pages(lines: Sequence[Line], page_start: str = PAGE_START, breaks: Iterable[Edit] = ()) -> list[list[Line]]:
    """Cut the lines into pages: a new page begins at a line matching ``page_start``, or where a header was removed.

    ``breaks`` are the header edits of :func:`drop_running_headers`: the line after a removed
    header begins a page.
    """
    regex = re.compile(page_start)
    after_header = {e.line for e in breaks if e.kind == "header"}
    pages: list[list[Line]] = [[]]
    previous = 0
    for line in lines:
        header_between = any(previous < n < line.number for n in after_header)
        if pages[-1] and (regex.match(line.text) or header_between):
            pages.append([])
        pages[-1].append(line)
        previous = line.number
    return [p for p in pages if p]


def _blocks(page: Sequence[Line]) -> list[list[Line]]:
    """The blank-line separated blocks of a page."""
    blocks: list[list[Line]] = [[]]
    for line in page:
        if line.text.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def set_aside_footnotes(
    pages: Sequence[Sequence[Line]], pattern: str = FOOTNOTE
) -> tuple[list[list[Line]], list[Footnote]]:
    """Take the footnotes off the foot of each page.

    A footnote is a block at the end of a page whose first line matches ``pattern`` (a number
    and a full stop, or an asterisk). Numbered footnotes must increase through the document, which
    keeps a numbered paragraph of the text itself ("1. About your resolution") that happens to end
    a page from being taken for a note; and the first block of a page is never a note. Lines are
    returned without the footnote blocks (and without the blank lines that separated them from
    the text).
    """
    regex = re.compile(pattern)
    notes: list[Footnote] = []
    cleaned: list[list[Line]] = []
    last = 0
    for page in pages:
        blocks = _blocks(page)
        found: list[list[Line]] = []
        while len(blocks) > 1:  # the first block of a page is its text, never a note
            match = regex.match(blocks[-1][0].text)
            if not match:
                break
            label = match.group("n").rstrip(".")
            if label != "*" and int(label) <= last:
                break
            if found and label != "*" and _label(found[0], regex) != "*" and int(label) >= int(_label(found[0], regex)):
                break
            found.insert(0, blocks.pop())
        numbers = [int(_label(b, regex)) for b in found if _label(b, regex) != "*"]
        if numbers:
            last = max(numbers)
        taken = {line.number for block in found for line in block}
        body = [line for line in page if line.number not in taken]
        while found and body and not body[-1].text.strip():
            body.pop()
        cleaned.append(body)
        notes.extend(_footnote(b, regex) for b in found)
    return cleaned, notes


def _label(block: Sequence[Line], regex: re.Pattern[str]) -> str:
    return regex.match(block[0].text).group("n").rstrip(".")  # type: ignore[union-attr]


def _footnote(block: Sequence[Line], regex: re.Pattern[str]) -> Footnote:
    text, _ = join_hyphenated([line.text.strip() for line in block])
    body = text[regex.match(text).end() - 1 :]  # type: ignore[union-attr]
    return Footnote(_label(block, regex), body, (block[0].number, block[-1].number))


def paragraphs_from_pages(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """Group the lines of all pages into paragraphs.

    Within a page a blank line ends a paragraph. Across a page break the OCR has lost that
    signal, so a paragraph goes on unless the page ended a sentence (final punctuation) and the
    next page begins like a new one (a capital, a digit or an opening quote).
    """
    paragraphs: list[list[Line]] = []
    for page in pages:
        blocks = _blocks(page)
        if not blocks:
            continue
        first = blocks[0]
        if paragraphs and _continues(paragraphs[-1][-1].text, first[0].text):
            paragraphs[-1].extend(first)
            blocks = blocks[1:]
        paragraphs.extend(blocks)
    return paragraphs


def _continues(last: str, first: str) -> bool:
    last, first = last.rstrip(), first.lstrip()
    if not _SENTENCE_END.search(last):
        return True
    return not re.match(r"[\dA-Z“\"‘(\[]", first)


def join_hyphenated(
    lines: Sequence[str], vocabulary: frozenset[str] = frozenset(), short: int = 0
) -> tuple[str, list[tuple[str, str]]]:
    """Join the lines of one paragraph with single spaces, undoing end-of-line hyphenation.

    A line shorter than ``short`` characters was ended on purpose (a closing formula above a
    signature), so its line break is kept.

    A line ending in a letter and a hyphen continues its word on the next line. The hyphen is
    dropped ("expan-" + "sion" -> "expansion") unless it is a real one: the evidence is
    ``vocabulary`` (usually :func:`word_set` of the whole source): if the joined word occurs
    there the hyphen goes; if the hyphenated compound occurs there, or both halves occur there as
    words of four letters or more ("free-thinking", but not "be-cause"), or the first half is a
    common compound prefix (:data:`HYPHEN_PREFIXES`), it stays.
    Returns the paragraph and the list of ``(as printed, as joined)`` decisions.
    """
    out = ""
    decisions: list[tuple[str, str]] = []
    previous = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and len(previous) < short and not out.endswith("-"):
            out = f"{out}\n{line}"
        elif out.endswith("-") and re.search(r"[^\W\d_]-$", out):
            head = re.search(r"([\w’'\-]*)-$", out).group(1)  # type: ignore[union-attr]
            tail_match = re.match(r"[\w’'\-]*", line)
            tail = tail_match.group(0) if tail_match else ""
            keep = _real_hyphen(head, tail, vocabulary)
            joined = f"{head}-{tail}" if keep else f"{head}{tail}"
            decisions.append((f"{head}-|{tail}", joined))
            out = out[: -len(head) - 1] + joined + line[len(tail) :]
        else:
            out = f"{out} {line}" if out else line
        previous = line
    return out, decisions


def _real_hyphen(head: str, tail: str, vocabulary: frozenset[str]) -> bool:
    """Whether a hyphen at a line end belongs to the word (see :func:`join_hyphenated`)."""
    first = head.split("-")[-1].lstrip("“‘\"'").lower()
    rest = tail.lower()
    if not rest or not first:
        return True
    if (head + tail).lower().lstrip("“‘\"'") in vocabulary:
        return False
    if f"{head}-{tail}".lower().lstrip("“‘\"'") in vocabulary:
        return True
    if len(first) >= 4 and len(rest) >= 4 and first in vocabulary and rest in vocabulary:
        return True
    return first in HYPHEN_PREFIXES


#: How many lines a text needs before its typical line width is trusted (see :func:`join_paragraphs`).
MIN_LINES_FOR_WIDTH = 20


def join_paragraphs(
    paragraphs: Sequence[Sequence[Line]], vocabulary: frozenset[str] = frozenset()
) -> tuple[str, list[Edit]]:
    """Join each paragraph into one line (see :func:`join_hyphenated`); paragraphs are separated by a blank line.

    A line shorter than 60 % of the typical (median) line of the text keeps its line break:
    it was ended on purpose, as a closing formula is before the signature (judged only in texts
    of :data:`MIN_LINES_FOR_WIDTH` lines or more, where a median means something). Returns the text
    (ending with a newline) and one ``"hyphenation"`` edit per line-end hyphen.
    """
    texts: list[str] = []
    edits: list[Edit] = []
    widths = sorted(len(line.text.strip()) for paragraph in paragraphs for line in paragraph)
    short = int(0.6 * widths[len(widths) // 2]) if len(widths) >= MIN_LINES_FOR_WIDTH else 0
    for paragraph in paragraphs:
        text, decisions = join_hyphenated([line.text for line in paragraph], vocabulary, short)
        texts.append(text)
        numbers = iter(_hyphen_lines(paragraph))
        edits.extend(Edit(next(numbers), "hyphenation", printed, joined) for printed, joined in decisions)
    return "\n\n".join(texts) + "\n", edits


def _hyphen_lines(paragraph: Sequence[Line]) -> list[int]:
    return [line.number for line in paragraph[:-1] if re.search(r"[^\W\d_]-\s*$", line.text)]


#: Glyphs that, attached to a word, are a misread superscript footnote number in typeset OCR
#: (the text itself uses typographic quotes, so straight quotes and asterisks are not text).
MARKER_GLYPHS = "'\"*"

_MARKER = re.compile(r"(?<=[^\W_]|[.\]),;:])(?P<m>(?:['\"*]|’(?![^\W_]))['\"*’”?]*)(?=\s|$)")


def remove_footnote_markers(text: str, glyphs: str = MARKER_GLYPHS) -> tuple[str, list[Edit]]:
    """Remove superscript footnote numbers that the OCR read as quotes, asterisks or question marks.

    A marker is a run of quote-like glyphs attached to the end of a word, a full stop or a
    closing bracket and followed by a space: ``We’ received``, ``your'” letter``,
    ``Kobyzev.''``, ``[propertied]'?``, ``well-off'*``. A run containing one of ``glyphs``
    (straight quotes, asterisks) is a marker. A lone typographic apostrophe is one only where it
    cannot be text: not after an ``s`` (the plural possessive ``workers’``) and not closing a
    single quotation opened in the same paragraph. A closing ``”`` at the end of a run stays if it
    closes a quotation opened before it in the paragraph. Returns the text and one ``"marker"``
    edit per removal, whose ``line`` is the line of ``text`` (from 1) and ``before`` the marker
    with the word it followed.
    """
    paragraphs = text.split("\n")
    edits: list[Edit] = []
    out: list[str] = []
    for number, paragraph in enumerate(paragraphs, 1):
        pieces: list[str] = []
        pos = 0
        for match in _MARKER.finditer(paragraph):
            marker = _marker_part(paragraph, match.start("m"), match.group("m"), glyphs)
            if not marker:
                continue
            start = match.start("m")
            pieces.append(paragraph[pos:start])
            word = re.search(r"\S*$", paragraph[:start]).group(0)  # type: ignore[union-attr]
            edits.append(Edit(number, "marker", word + marker, word))
            pos = start + len(marker)
        pieces.append(paragraph[pos:])
        out.append("".join(pieces))
    return "\n".join(out), edits


def _marker_part(paragraph: str, start: int, run: str, glyphs: str) -> str:
    """The part of ``run`` (found at ``start``) that is a footnote marker; empty if none."""
    before = paragraph[:start]
    if not any(g in run for g in glyphs):
        if run != "’" or before.endswith("s") or before.count("‘") > before.count("’"):
            return ""
        return run
    if run.endswith("”") and before.count("“") > before.count("”"):
        return run[:-1]
    return run


def repair_bracket_for_i(text: str) -> tuple[str, list[Edit]]:
    """Read an unclosed ``[`` before a space and a lower-case word as the pronoun ``I``.

    OCR often misreads a capital I as an opening square bracket (``[ was interrupted``). The
    repair applies only where the bracket cannot be a bracket: no ``]`` closes it before the next
    ``[`` or the line's end. The ``line`` of each edit is the line of ``text`` (from 1).
    """
    edits: list[Edit] = []
    out: list[str] = []
    for number, paragraph in enumerate(text.split("\n"), 1):
        chars = list(paragraph)
        for match in re.finditer(r"\[(?= [a-z])", paragraph):
            rest = paragraph[match.end() :]
            close, reopen = rest.find("]"), rest.find("[")
            if close == -1 or (reopen != -1 and reopen < close):
                chars[match.start()] = "I"
                context = paragraph[match.start() : match.start() + 12]
                edits.append(Edit(number, "ocr", context, "I" + context[1:]))
        out.append("".join(chars))
    return "\n".join(out), edits


def apply_corrections(text: str, corrections: Sequence[tuple[str, str, str]]) -> tuple[str, list[Edit]]:
    """Apply explicit OCR corrections ``(wrong, right, reason)``, each of which must occur exactly once.

    For misreadings no general rule catches (``c¢)`` for ``c)``). Raises ``ValueError`` if a
    correction does not match exactly once, so a changed source cannot be corrected blindly. The
    ``line`` of each edit is the line of ``text`` (from 1).
    """
    edits: list[Edit] = []
    for wrong, right, _reason in corrections:
        count = text.count(wrong)
        if count != 1:
            raise ValueError(f"OCR correction {wrong!r} -> {right!r} matches {count} times, not once")
        at = text.index(wrong)
        edits.append(Edit(text.count("\n", 0, at) + 1, "ocr", wrong, right))
        text = text.replace(wrong, right)
    return text, edits
