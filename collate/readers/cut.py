"""Cutting the witness out of a larger document: a letter inside a blog post, a chapter in a book.

The cut is made on whole lines of the source, before any reader sees it, and is chosen by a line
range (``lines = "9-39"``) or by start and end markers (``start = "Dmitrov, 4 March"``,
``end = "P. Kr"``): the cut runs from the line holding the start marker to the line holding the
first end marker after it, both included. Whatever the way, the lines kept are recorded in the
witness metadata (``source_lines``), so the cut is never silent and can be checked in the source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError, WitnessError

#: The options this step reads from the witness's ``[witness]`` table.
CUT_OPTIONS: frozenset[str] = frozenset({"lines", "start", "end"})

_RANGE = re.compile(r"^\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?$")


@dataclass(frozen=True)
class Cut:
    """The part of the source kept: its text and first and last line numbers (1-based, inclusive)."""

    text: str
    first: int
    last: int
    how: str

    @property
    def source_lines(self) -> str:
        return f"{self.first}-{self.last}"


def cut_source(source: str, options: Mapping[str, Any], where: str) -> Cut | None:
    """Cut ``source`` as the options say; ``None`` if they ask for no cut."""
    lines_opt, start, end = options.get("lines"), options.get("start"), options.get("end")
    if lines_opt is None and start is None and end is None:
        return None
    lines = source.splitlines(keepends=True)
    if lines_opt is not None:
        if start is not None or end is not None:
            raise ConfigError(f"{where}: give either lines or start/end to cut the witness, not both")
        first, last = _parse_range(lines_opt, len(lines), where)
        how = f"lines {first}-{last}"
    else:
        first = _find_line(lines, start, 0, "start", where) if start is not None else 1
        last = _find_line(lines, end, first - 1, "end", where) if end is not None else len(lines)
        how = ", ".join(
            f"{name} marker {value!r}" for name, value in (("start", start), ("end", end)) if value is not None
        )
        how = f"lines {first}-{last} ({how})"
    text = "".join(lines[first - 1 : last])
    if not text.strip():
        raise WitnessError(f"{where}: the cut ({how}) holds no text; check the cut options")
    return Cut(text, first, last, how)


def _parse_range(value: Any, count: int, where: str) -> tuple[int, int]:
    """``"9-39"``, ``"9-"`` (to the end) or ``"9"`` (one line), checked against the source."""
    match = _RANGE.match(str(value)) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if not match:
        raise ConfigError(f'{where}: lines = {value!r} is not a line range; write it as "9-39" or "9-"')
    first = int(match.group(1))
    last = int(match.group(3)) if match.group(3) else (count if match.group(2) else first)
    if first < 1 or last < first:
        raise ConfigError(f'{where}: lines = {value!r} is empty or reversed; write it as "first-last", from line 1')
    if last > count:
        raise ConfigError(
            f"{where}: lines = {value!r} goes past the end of the source ({count} lines); shorten the range"
        )
    return first, last


def _find_line(lines: list[str], marker: Any, after: int, name: str, where: str) -> int:
    """The 1-based number of the line holding ``marker``, searching from line ``after`` + 1.

    A start marker must occur once in the whole source (the first of several might not be the
    one meant); an end marker is the first occurrence at or after the start line.
    """
    if not isinstance(marker, str) or not marker.strip():
        raise ConfigError(f"{where}: {name} must be a non-empty string of the source's text")
    if "\n" in marker:
        raise ConfigError(f"{where}: {name} = {marker!r} spans lines; give text from a single line")
    hits = [i for i in range(after, len(lines)) if marker in lines[i]]
    if not hits:
        raise ConfigError(f"{where}: the {name} marker {marker!r} is not in the source; copy it exactly from the text")
    if name == "start" and len(hits) > 1:
        shown = ", ".join(str(i + 1) for i in hits[:5])
        raise ConfigError(
            f"{where}: the start marker {marker!r} occurs on several lines ({shown}); "
            'give a longer marker that occurs once, or a line range (lines = "9-39")'
        )
    return hits[0] + 1
