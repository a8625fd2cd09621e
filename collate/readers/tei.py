"""TEI witnesses: an editor's TEI P5 transcription, collated as it stands.

The witness text is the text of ``text/body`` (or of the element ``select`` names), read as TEI
prose is read: whitespace inside a paragraph counts as one space, blocks (``p``, ``head``, ``l``,
``ab``, ``item``, ``opener``, ``closer``...) are separated by a blank line, ``lb`` is a line break
(``break="no"`` joins the word). What the transcription marks as not being text of the witness is
kept beside it, never dropped:

- ``pb/@n`` becomes a page-break milestone; ``hi/@rend`` (and ``emph``) a formatting span;
- ``note`` becomes a note of its ``@type`` (``footnote`` if placed at the foot, else
  ``editorial``); ``del`` a note of kind ``deletion``; ``fw`` (running heads, printed page
  numbers) a note of kind ``fw``; ``gap`` a note of kind ``gap``;
- in a ``choice``, the diplomatic reading (``sic``, ``orig``, ``abbr``) is the text by default
  (``choice = "regularized"`` takes ``corr``, ``reg``, ``expan``), the other a note of its kind.

The title and author of ``teiHeader/fileDesc/titleStmt`` fill the witness metadata where the
witness's own TOML does not.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lxml import etree

from ..errors import ConfigError, InputError
from .base import Parsed
from .html import TextBuilder

TEI_NS = "http://www.tei-c.org/ns/1.0"

#: The options this reader reads from the witness's ``[witness]`` table.
TEI_OPTIONS: frozenset[str] = frozenset({"select", "choice"})

#: Elements that start a new block.
BLOCKS: frozenset[str] = frozenset(
    ["ab", "argument", "byline", "castList", "closer", "dateline", "div", "div1", "div2", "div3", "div4", "div5", "docAuthor", "docTitle", "epigraph", "figure", "floatingText", "head", "item", "l", "lg", "list", "opener", "p", "postscript", "row", "salute", "signed", "sp", "speaker", "table", "titlePage", "trailer"]
)

#: Children of ``choice`` taken as text, by mode; the others become notes.
CHOICE: dict[str, tuple[str, ...]] = {
    "diplomatic": ("sic", "orig", "abbr", "seg"),
    "regularized": ("corr", "reg", "expan", "seg"),
}

#: Elements whose content is kept as a note rather than text, with the note's kind.
ASIDE: dict[str, str] = {"del": "deletion", "fw": "fw"}

#: Elements with no text of the witness.
SILENT: frozenset[str] = frozenset({"anchor", "cb", "milestone", "index", "interp", "interpGrp", "link", "linkGrp"})


def read_tei(source: str, options: Mapping[str, Any]):
    """Read the body of a TEI document (see the module docstring)."""

    where = str(options.get("_path", "the TEI witness"))
    root = _parse(source, where)
    mode = options.get("choice", "diplomatic")
    if mode not in CHOICE:
        raise ConfigError(f"{where}: choice = {mode!r}; use one of {', '.join(sorted(CHOICE))}")
    body, how = _body(root, options.get("select"), where)
    walker = _Walker(CHOICE[mode])
    for element in body:
        walker.builder.block()
        walker.walk(element)
    parsed = walker.builder.result()
    counts = ", ".join(f"{kind} {count}" for kind, count in sorted(walker.counts.items()))
    report = [f"text of {how}", f"choice: {mode}"] + ([f"set aside as notes: {counts}"] if counts else [])
    return Parsed(
        parsed.text, parsed.formatting, parsed.milestones, parsed.notes, meta=_header(root), report=tuple(report)
    )


def _parse(source: str, where: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, encoding="utf-8", huge_tree=False)
    try:
        root = etree.fromstring(source.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{where} is not well-formed XML ({exc}); fix the file or choose another reader") from exc
    if _local(root) not in ("TEI", "teiCorpus"):
        raise InputError(
            f"{where}: the root element is <{_local(root)}>, not <TEI>; give a TEI P5 document or choose another reader"
        )
    if root.xpath("//*[local-name()='application'][@ident='collate']"):
        raise InputError(
            f"{where} is an apparatus written by collate, not a transcription; move it out of the witness directory"
        )
    return root


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _body(root: etree._Element, select: Any, where: str) -> tuple[list[etree._Element], str]:
    """The elements whose text is the witness, and how they were chosen."""
    if select is not None:
        if not isinstance(select, str) or not select.strip():
            raise ConfigError(f"{where}: select must be an XPath expression such as \"//tei:div[@n='2']\"")
        try:
            found = root.xpath(select, namespaces={"tei": TEI_NS})
        except etree.XPathError as exc:
            raise ConfigError(f"{where}: select = {select!r} is not a valid XPath expression ({exc})") from exc
        elements = [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []
        if not elements:
            raise ConfigError(f"{where}: select = {select!r} matches no element (TEI elements take the prefix tei:)")
        return elements, f"{len(elements)} element(s) selected by {select!r}"
    bodies = [el for el in root.iter() if _local(el) == "body" and _local(el.getparent()) == "text"]
    if not bodies:
        raise InputError(f"{where} has no <text><body>; give a TEI transcription or select the part to read")
    return bodies[:1], "text/body" + (f" (the first of {len(bodies)})" if len(bodies) > 1 else "")


def _header(root: etree._Element) -> tuple[tuple[str, str], ...]:
    """Title and author from the TEI header, as witness metadata."""
    found: dict[str, str] = {}
    for el in root.iter():
        name = _local(el)
        if name in ("title", "author") and _local(el.getparent()) == "titleStmt" and name not in found:
            text = " ".join("".join(el.itertext()).split())
            if text:
                found[name] = text
    return tuple(sorted(found.items()))


class _Walker:
    """Walks the body, sending text to a :class:`TextBuilder` and counting what it sets aside."""

    def __init__(self, keep: tuple[str, ...]) -> None:
        self.builder = TextBuilder()
        self.keep = keep
        self.counts: dict[str, int] = {}

    def aside(self, text: str, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.builder.note(text, kind)

    def walk(self, el: etree._Element) -> None:
        name = _local(el)
        b = self.builder
        if not name or name in SILENT:
            return
        if name == "pb":
            b.milestone(el.get("n", ""))
            return
        if name == "lb":
            if el.get("break") == "no":
                b.join()
            else:
                b.line_break()
            return
        if name == "note":
            place = el.get("place", "")
            self.aside(_flat(el), el.get("type") or ("footnote" if place in ("foot", "bottom", "end") else "editorial"))
            return
        if name in ASIDE:
            self.aside(_flat(el), ASIDE[name])
            return
        if name == "gap":
            self.aside("gap" + (f" ({el.get('reason')})" if el.get("reason") else ""), "gap")
            return
        if name == "choice":
            self._choice(el)
            return
        if name == "space":
            b.text(" ")
            return
        if name in BLOCKS:
            b.block()
        span = None
        if name in ("hi", "emph"):
            span = b.open_span(el.get("rend") or ("italic" if name == "emph" else "highlight"))
        self.children(el)
        if span is not None:
            b.close_span(span)
        if name in BLOCKS:
            b.block()

    def children(self, el: etree._Element) -> None:
        self.builder.text(el.text)
        for child in el:
            self.walk(child)
            self.builder.text(child.tail)

    def _choice(self, el: etree._Element) -> None:
        options = [child for child in el if _local(child)]
        chosen = next((c for name in self.keep for c in options if _local(c) == name), options[0] if options else None)
        if chosen is not None:
            self.children(chosen)
        for other in options:
            if other is not chosen:
                self.aside(_flat(other), _local(other))


def _flat(el: etree._Element) -> str:
    """The text of an element, whitespace collapsed."""
    return " ".join("".join(el.itertext()).split())
