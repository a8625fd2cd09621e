"""File noise: what a file carries that is not text of the witness.

Two copies of one text differ in their files in ways no reader of the text sees: a byte-order
mark, CRLF or CR line ends against LF, letters composed (NFC) or decomposed (NFD), pages ended by
form feeds (pdftotext's output). Collated as text, each becomes a variant location (a CRLF file
against its LF copy has one at every line end; NFC against NFD shows two readings that look
identical). So each is normalised when the file is read, and what was done is recorded in the
witness's ``preparation``:

- a byte-order mark is dropped (by the decoder: it is a signature of the encoding);
- CRLF and CR line ends become LF;
- the text is put in Unicode normalization form NFC (canonical equivalents, the same letters);
- form feeds become page breaks: the page after the n-th form feed is page n + 1, as
  pdftotext's pages are numbered; a form feed at the very end of the text ends the last page and
  is no page break.

``keep_noise = true`` in the witness's ``.toml`` (or a list of ``"line-ends"``,
``"unicode-form"``) keeps the line ends and the normalization form as the file has them, for
users who study them; the readings then keep them, diplomatically, as divergences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from operator import attrgetter
from typing import Any

from ..errors import ConfigError
from ..model import Milestone
from .base import Parsed
from .pages import extract_markers, remap

#: The options this step reads from the witness's ``[witness]`` table.
NOISE_OPTIONS: frozenset[str] = frozenset({"keep_noise"})

#: What ``keep_noise`` may keep.
KEEPABLE: tuple[str, ...] = ("line-ends", "unicode-form")

_LINE_ENDS = re.compile(r"\r\n?")
_FORM_FEED = re.compile("(?P<n>\f)")


def kept(options: Mapping[str, Any], where: str) -> frozenset[str]:
    """What of the file noise the witness's ``keep_noise`` option keeps."""
    value = options.get("keep_noise", False)
    if value is True:
        return frozenset(KEEPABLE)
    if value is False:
        return frozenset()
    if isinstance(value, list) and all(v in KEEPABLE for v in value):
        return frozenset(value)
    raise ConfigError(
        f"{where}: keep_noise = {value!r}; use true, false or a list of {', '.join(map(repr, KEEPABLE))}"
    )


def normalise(text: str, keep: frozenset[str]) -> tuple[str, list[str]]:
    """Line ends to LF and the text to NFC, unless kept; return the text and what was done."""
    report: list[str] = []
    if "line-ends" not in keep:
        crlf = text.count("\r\n")
        cr = text.count("\r") - crlf
        if crlf or cr:
            text = _LINE_ENDS.sub("\n", text)
            ends = [f"{crlf} CRLF" if crlf else "", f"{cr} CR" if cr else ""]
            report.append(f"line ends: {' and '.join(e for e in ends if e)} made LF")
    if "unicode-form" not in keep and not unicodedata.is_normalized("NFC", text):
        before = text
        text = unicodedata.normalize("NFC", text)
        report.append(f"Unicode form: NFC ({_changed(before, text)})")
    return text, report


def _changed(before: str, after: str) -> str:
    """How much normalization changed, in words: the count of characters that differ in number."""
    shorter = len(before) - len(after)
    if shorter > 0:
        return f"{shorter} combining mark{'s' if shorter > 1 else ''} composed"
    return "canonical equivalents replaced"


def form_feeds(parsed: Parsed, report: list[str]) -> Parsed:
    """Form feeds out of the text, each a page break at the start of the page it begins."""
    if "\f" not in parsed.text:
        return parsed
    text, mapping, found, _ = extract_markers(parsed.text, [_FORM_FEED], [])
    end = len(text.rstrip())
    pages = tuple(Milestone(m.offset, "pb", str(i + 2)) for i, m in enumerate(found) if m.offset < end)
    spans, marks, notes = remap(mapping, parsed.formatting, parsed.milestones, parsed.notes)
    trailing = len(found) - len(pages)
    tail = f" (the form feed at the end of the text ends the last page)" if trailing else ""
    report.append(f"form feeds: {len(pages)} page breaks{tail}")
    by_offset = attrgetter("offset")
    return Parsed(
        text, spans, tuple(sorted((*marks, *pages), key=by_offset)), notes, parsed.meta, parsed.report
    )
