"""Dates and numbers written in two conventions (``August 15``/``the 15 August``,
``125``/``one hundred and twenty-five``): parsed so that the rules can see they are one value."""

from __future__ import annotations

import re
from collections.abc import Sequence

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?")
_YEAR = re.compile(r"\d{3,4}")


def parse_date(words: Sequence[str]) -> tuple[int, int, int | None] | None:
    """``(day, month, year)`` if ``words`` are exactly a date (``15 august``, ``the 15th of august 1918``)."""
    core = [w for w in words if w not in ("the", "of")]
    year = None
    if core and _YEAR.fullmatch(core[-1]) and len(core) == 3:
        year = int(core.pop())
    if len(core) != 2:
        return None
    for day_word, month_word in ((core[0], core[1]), (core[1], core[0])):
        day = _DAY.fullmatch(day_word)
        if day and month_word in _MONTHS and 1 <= int(day.group(1)) <= 31:
            return int(day.group(1)), _MONTHS[month_word], year
    return None


def date_text(date: tuple[int, int, int | None]) -> str:
    day, month, year = date
    return f"day {day}, month {month}" + (f", year {year}" if year else "")


_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"] + [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"
]  # fmt: skip
_TENS = {
    w: 10 * i
    for i, w in enumerate(["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
    if i > 1
}
_NUMBER_WORDS = {**{w: i for i, w in enumerate(_UNITS)}, **_TENS}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def parse_number(words: Sequence[str]) -> int | None:
    """The number ``words`` write, in figures (``125``, ``1,000``) or in words (``one hundred and twenty-five``)."""
    if words and all(w.isdigit() for w in words) and all(len(w) == 3 for w in words[1:]):
        return int("".join(words))  # 1,000 is cut into 1 , 000
    parts = [p for w in words for p in w.split("-") if p]
    if not parts or any(p not in _NUMBER_WORDS and p not in _SCALES and p != "and" for p in parts):
        return None
    if parts[0] == "and" or parts[-1] == "and":
        return None
    total = current = 0
    for part in parts:
        if part in _NUMBER_WORDS:
            current += _NUMBER_WORDS[part]
        elif part == "hundred":
            current = (current or 1) * 100
        elif part in _SCALES:
            total += (current or 1) * _SCALES[part]
            current = 0
    return total + current


_ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
}  # fmt: skip
#: An ordinal in figures, with the older endings too (``2d``, ``3d``, ``19th``, ``22nd``).
_ORDINAL_FIGURES = re.compile(r"(\d+)(?:st|nd|rd|th|d)")


def parse_ordinal(words: Sequence[str]) -> int | None:
    """The ordinal ``words`` write, in figures (``19th``, ``2d``) or in words (``nineteenth``,
    ``twenty-first``, ``the second``)."""
    core = [p for w in words if w != "the" for p in w.split("-") if p]
    if len(core) == 1 and (m := _ORDINAL_FIGURES.fullmatch(core[0])):
        return int(m.group(1))
    if not core or core[-1] not in _ORDINAL_WORDS:
        return None
    head = parse_number(core[:-1]) if len(core) > 1 else 0
    return None if head is None else head + _ORDINAL_WORDS[core[-1]]
