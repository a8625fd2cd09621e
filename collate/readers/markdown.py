"""Markdown witnesses: emphasis is recorded as formatting, not compared as text.

``*text*`` and ``_text_`` become italic spans, ``**text**`` and ``__text__`` bold spans; the
markers themselves leave the witness text.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from ..model import Span

_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])", re.DOTALL)


def read_markdown(source: str, options: Mapping[str, Any]):
    from . import Parsed

    out: list[str] = []
    spans: list[Span] = []
    length = 0
    pos = 0
    for match in _EMPHASIS.finditer(source):
        before = source[pos : match.start()]
        out.append(before)
        length += len(before)
        inner = match.group(2)
        spans.append(Span(length, length + len(inner), "bold" if len(match.group(1)) == 2 else "italic"))
        out.append(inner)
        length += len(inner)
        pos = match.end()
    out.append(source[pos:])
    return Parsed("".join(out), tuple(spans))
