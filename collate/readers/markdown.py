"""Markdown witnesses: the text as a reader sees it; emphasis recorded as formatting, not text.

The source is parsed as CommonMark (markdown-it-py), so what is markup by the rules of Markdown
leaves the text and nothing else does: ``*text*`` and ``_text_`` become italic spans and
``**text**`` bold spans over the words they cover; ``# `` of a heading, ``> `` of a quotation,
list bullets, link targets and backslash escapes go; the words of links and the alt text of
images stay. Blocks (paragraphs, headings, list items) are separated by a blank line, line breaks
within a block are kept, ordered list items keep their number. Thematic breaks (``---``) and raw
HTML tags are layout and go; text inside raw HTML blocks stays.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token as MdToken

from ..model import Span
from .base import Parsed

#: Inline markup that becomes a formatting span, by markdown-it token type.
EMPHASIS: dict[str, str] = {"em": "italic", "strong": "bold", "s": "strikethrough"}

_PARSER = MarkdownIt("commonmark")


def read_markdown(source: str, options: Mapping[str, Any]):
    """Parse ``source`` as CommonMark into witness text and formatting spans."""

    builder = _Builder()
    tokens = _PARSER.parse(source)
    prefix = ""
    for token in tokens:
        if token.type == "list_item_open" and token.info:  # ordered list: the number is text
            prefix = f"{token.info}{token.markup} "
        elif token.type == "inline":
            builder.block(prefix)
            prefix = ""
            builder.inline(token.children or [])
        elif token.type in ("code_block", "fence"):
            builder.block(prefix)
            prefix = ""
            builder.add(token.content.rstrip("\n"))
        elif token.type == "html_block":
            text = _html_text(token.content)
            if text:
                builder.block(prefix)
                prefix = ""
                builder.add(text)
    text = "".join(builder.out)
    if text and source.endswith("\n"):
        text += "\n"
    return Parsed(text, tuple(builder.spans))


class _Builder:
    """Collects the witness text and the spans of emphasis, offsets counted as text is added."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.length = 0
        self.spans: list[Span] = []
        self.open: list[tuple[str, int]] = []

    def add(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)

    def block(self, prefix: str) -> None:
        """Start a block: a blank line after the previous one."""
        if self.length:
            self.add("\n\n")
        if prefix:
            self.add(prefix)

    def inline(self, children: list[MdToken]) -> None:
        for child in children:
            kind = child.type
            if kind in ("text", "code_inline"):
                self.add(child.content)
            elif kind in ("softbreak", "hardbreak"):
                self.add("\n")
            elif kind == "image":
                self.inline(child.children or [])
            elif kind.endswith("_open") and kind[:-5] in EMPHASIS:
                self.open.append((kind[:-5], self.length))
            elif kind.endswith("_close") and kind[:-6] in EMPHASIS:
                self._close(kind[:-6])
            # link_open/link_close and html_inline are markup: their words (if any) come as text

    def _close(self, name: str) -> None:
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == name:
                start = self.open.pop(i)[1]
                if self.length > start:
                    self.spans.append(Span(start, self.length, EMPHASIS[name]))
                return


def _html_text(content: str) -> str:
    """The text of a raw HTML block, without its tags."""
    if not content.strip():
        return ""
    from lxml import etree  # here: lxml.html's import is needed only for a raw HTML block
    from lxml import html as lxml_html

    try:
        fragment = lxml_html.fragment_fromstring(content, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):  # not HTML after all: keep it as text
        return content.strip()
    return " ".join(fragment.text_content().split())
