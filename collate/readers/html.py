"""HTML witnesses: the main text of a web page, paragraphs separated by blank lines.

A web page holds much that is not the witness: navigation, scripts, styles, headers and footers,
sidebars, forms. These go (what went is recorded); the text of the page's ``main`` element is
kept, or its single ``article``, or else its ``body`` (``select`` names another element by XPath).
Whitespace is read as a browser reads it: runs of spaces and line breaks inside a paragraph count
as one space, ``<br>`` is a line break, ``<pre>`` is kept as it is. Emphasis (``em``, ``i``,
``strong``, ``b``...) is recorded as formatting spans, not text. Elements of a page-number class
(``page_class = "pagenum"``, as in Project Gutenberg's HTML) become page-break milestones.

:class:`TextBuilder` is shared with the TEI reader: it lays out blocks and inline text and keeps
the offsets of formatting, milestones and notes as the text grows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from ..errors import ConfigError, InputError
from ..model import Milestone, Note, Span
from .base import HTML_OPTIONS, Parsed

__all__ = ["HTML_OPTIONS", "TextBuilder", "read_html"]

#: Elements that are never text of a page.
NEVER_TEXT: frozenset[str] = frozenset({"head", "script", "style", "noscript", "template", "iframe", "object", "svg"})

#: Page furniture dropped unless the ``drop`` option lists other elements.
DEFAULT_DROP: tuple[str, ...] = ("nav", "header", "footer", "aside", "form", "button")

#: Elements that start a new block (separated from the previous one by a blank line).
BLOCKS: frozenset[str] = frozenset(
    ["address", "article", "blockquote", "body", "center", "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "legend", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul"]
)

#: Inline elements recorded as formatting, by tag.
RENDS: dict[str, str] = {
    "em": "italic",
    "i": "italic",
    "cite": "italic",
    "dfn": "italic",
    "var": "italic",
    "strong": "bold",
    "b": "bold",
    "u": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "sup": "superscript",
    "sub": "subscript",
    "small": "small",
}

_LABEL = re.compile(r"^\W*(?:pg\.?|p\.|page)?\s*(.*?)\W*$", re.IGNORECASE)


class TextBuilder:
    """Witness text assembled from a tree: blocks, collapsed inline whitespace, and offsets.

    Text arrives piece by piece; runs of whitespace become one space, a block starts after a
    blank line, and spans, milestones and notes opened or placed along the way get the offsets
    of the characters they stand before.
    """

    def __init__(self) -> None:
        self.out: list[str] = []
        self.length = 0
        self.space = False  # a space is due before the next character
        self.newblock = False  # a blank line is due before the next character
        self.joining = False  # the next text continues a word: its leading whitespace is ignored
        self.spans: list[Span] = []
        self.open: list[list] = []  # [rend, start or None until the first character]
        self.milestones: list[Milestone] = []
        self.notes: list[Note] = []

    def _emit(self, text: str) -> None:
        if self.length and self.newblock:
            self._raw("\n\n")
        elif self.length and self.space and not self.out[-1].endswith("\n"):
            self._raw(" ")
        self.newblock = self.space = self.joining = False
        for item in self.open:
            if item[1] is None:
                item[1] = self.length
        self._raw(text)

    def _raw(self, text: str) -> None:
        self.out.append(text)
        self.length += len(text)

    def text(self, text: str | None) -> None:
        """Add inline text, whitespace collapsed."""
        if not text:
            return
        words = text.split()
        if text[0].isspace() and not self.joining:
            self.space = True
        for i, word in enumerate(words):
            if i:
                self.space = True
            self._emit(word)
        if text[-1].isspace() and not self.joining:
            self.space = True

    def verbatim(self, text: str | None) -> None:
        """Add text as it is (``pre``), line breaks and spaces kept."""
        if text:
            self._emit(text)

    def line_break(self) -> None:
        if self.length and not self.newblock:
            self._raw("\n")
        self.space = False

    def join(self) -> None:
        """The next text continues the word (a line break inside a word): no space before it."""
        self.space = False
        self.joining = True

    def block(self) -> None:
        """The next text starts a new block."""
        self.newblock = True

    def open_span(self, rend: str) -> list:
        item = [rend, None]
        self.open.append(item)
        return item

    def close_span(self, item: list) -> None:
        self.open.remove(item)
        if item[1] is not None and self.length > item[1]:
            self.spans.append(Span(item[1], self.length, item[0]))

    def place(self) -> int:
        """The offset of the next character: where a milestone or note stands."""
        return self.length + (2 if self.length and self.newblock else 1 if self.length and self.space else 0)

    def milestone(self, n: str, kind: str = "pb") -> None:
        self.milestones.append(Milestone(self.place(), kind, n))

    def note(self, text: str, kind: str) -> None:
        self.notes.append(Note(self.place(), text, kind))

    def result(self):

        text = "".join(self.out)
        if text:
            text += "\n"
        # Marks placed after the last character stand at the end of the text.
        milestones = tuple(Milestone(min(m.offset, len(text)), m.kind, m.n) for m in self.milestones)
        notes = tuple(Note(min(n.offset, len(text)), n.text, n.kind) for n in self.notes)
        return Parsed(text, tuple(sorted(self.spans, key=lambda s: (s.start, -s.end, s.rend))), milestones, notes)


def read_html(source: str, options: Mapping[str, Any]):
    """Read the main text of an HTML page (see the module docstring)."""
    where = str(options.get("_path", "the HTML witness"))
    try:
        doc = lxml_html.document_fromstring(source.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{where} cannot be read as HTML ({exc}); check the file or choose another reader") from exc
    generator = doc.xpath("string(//meta[@name='generator']/@content)")
    if generator.startswith("collate"):
        raise InputError(f"{where} is a report written by collate, not a witness; move it out of the witness directory")
    report: list[str] = []
    for el in list(doc.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    drop = _drop_list(options.get("drop"), where)
    dropped = {tag: 0 for tag in drop}
    for el in list(doc.iter(*NEVER_TEXT, *drop)):
        if el.getparent() is not None and _attached(el, doc):
            if el.tag in dropped:
                dropped[el.tag] += 1
            _remove(el)
    roots, how = _roots(doc, options.get("select"), where)
    report.append(f"text of {how}")
    gone = ", ".join(f"{tag} ({count})" for tag, count in dropped.items() if count)
    if gone:
        report.append(f"page furniture dropped: {gone}")
    builder = TextBuilder()
    page_class = options.get("page_class")
    if page_class is not None and (not isinstance(page_class, str) or not page_class.strip()):
        raise ConfigError(f'{where}: page_class must be the class name of the page-number elements, e.g. "pagenum"')
    for root in roots:
        builder.block()
        _walk(root, builder, page_class)
    parsed = builder.result()
    if page_class:
        report.append(f"{len(parsed.milestones)} page numbers from class {page_class!r}")

    return Parsed(parsed.text, parsed.formatting, parsed.milestones, parsed.notes, report=tuple(report))


def _attached(el: etree._Element, doc: etree._Element) -> bool:
    """Whether ``el`` is still in the document (an ancestor may have been removed already)."""
    while el is not None:
        if el is doc:
            return True
        el = el.getparent()
    return False


def _remove(el: etree._Element) -> None:
    """Remove ``el`` but keep its tail text, which belongs to the parent."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_DROP
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f'{where}: drop must be a list of element names, e.g. ["nav", "footer"]')
    return tuple(v.lower() for v in value)


def _roots(doc: etree._Element, select: Any, where: str) -> tuple[list[etree._Element], str]:
    """The elements whose text is the witness, and how they were chosen."""
    if select is not None:
        if not isinstance(select, str) or not select.strip():
            raise ConfigError(f'{where}: select must be an XPath expression such as "//article"')
        try:
            found = doc.xpath(select)
        except etree.XPathError as exc:
            raise ConfigError(f"{where}: select = {select!r} is not a valid XPath expression ({exc})") from exc
        elements = [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []
        if not elements:
            raise ConfigError(f"{where}: select = {select!r} matches no element of the page; check the expression")
        return elements, f"{len(elements)} element(s) selected by {select!r}"
    for tag in ("main", "article"):
        found = doc.findall(f".//{tag}")
        if len(found) == 1:
            return found, f"the page's <{tag}>"
    body = doc.find("body")
    return [body if body is not None else doc], "the page's <body>"


def _walk(el: etree._Element, builder: TextBuilder, page_class: str | None, pre: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if page_class and page_class in (el.get("class") or "").split():
        label = _LABEL.match(" ".join(el.text_content().split()))
        builder.milestone(label.group(1) if label else "")
        return
    if tag in BLOCKS:
        builder.block()
    if tag == "br":
        builder.line_break()
    span = builder.open_span(RENDS[tag]) if tag in RENDS else None
    pre = pre or tag == "pre"
    (builder.verbatim if pre else builder.text)(el.text)
    for child in el:
        _walk(child, builder, page_class, pre)
        (builder.verbatim if pre else builder.text)(child.tail)
    if span is not None:
        builder.close_span(span)
    if tag in BLOCKS:
        builder.block()
    elif tag in ("td", "th"):
        builder.space = True
