"""XML witnesses: any well-formed XML edition, the text taken from the elements the user selects.

CollateX reads XML through a token selector and Juxta through an include/exclude stylesheet; an
editor preparing editions for collation often flattens them into XML of their own (a root
``<xml>``, TEI-like milestones, ``<del>`` and ``<add>`` kept inline). This reader takes any such
file. The witness text is the text of the selected elements (``select``: an XPath expression or a
CSS selector; by default the whole document, or ``text/body`` of a TEI document), read as TEI
prose is read: whitespace inside a block counts as one space, blocks are separated by a blank
line. Element names are matched by their local name, so the markup means the same with or
without the TEI namespace. What the markup says is not text of the witness is kept beside it,
never dropped (each count is in the witness's ``preparation``):

- ``pb/@n`` becomes a page-break milestone, as does ``milestone unit="page"``; ``lb`` is a line
  break (``break="no"`` joins the word); other ``milestone`` and ``anchor`` elements become notes
  of kind ``milestone`` and ``anchor`` (their unit, ``n`` or id), placed where they stand;
- flattened blocks (an empty ``<p sID="..."/>`` ... ``<p eID="..."/>``, ``milestone unit="tei:p"``)
  separate blocks as the elements they stand for would;
- ``del`` becomes a note of kind ``deletion`` (``deletions = "text"`` keeps it as text); ``add`` is
  text (``additions = "note"`` sets it aside as a note of kind ``addition``);
- in a ``choice``, the diplomatic reading (``sic``, ``orig``, ``abbr``) is text (``choice =
  "regularized"`` takes ``corr``, ``reg``, ``expan``), the other a note of its kind;
- ``note`` (or the elements ``notes`` names) a note of its ``@type``; ``fw`` a note of kind
  ``fw``; ``gap`` a note of kind ``gap``; ``hi/@rend`` and ``emph`` formatting spans.

The TEI reader (:mod:`collate.readers.tei`) is this reader with TEI defaults.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from ..errors import ConfigError, InputError
from .base import XML_OPTIONS, Parsed
from .html import TextBuilder

TEI_NS = "http://www.tei-c.org/ns/1.0"

#: Elements that start a new block (TEI's names, which flattened editions keep).
BLOCKS: frozenset[str] = frozenset(
    ["ab", "argument", "byline", "castList", "closer", "dateline", "div", "div1", "div2", "div3", "div4", "div5",
     "docAuthor", "docTitle", "epigraph", "figure", "floatingText", "head", "item", "l", "lg", "list", "opener", "p",
     "postscript", "row", "salute", "signed", "sp", "speaker", "table", "titlePage", "trailer"]
)  # fmt: skip

#: TEI's divisions: the start of each is kept as a milestone of kind ``div`` (``n``: its ``@n``),
#: where a split unit can be cut (``split = "div"``); the writers render only page breaks.
DIVISIONS: frozenset[str] = frozenset(["div", "div1", "div2", "div3", "div4", "div5", "div6", "div7"])

#: Children of ``choice`` taken as text, by mode; the others become notes.
CHOICE: dict[str, tuple[str, ...]] = {
    "diplomatic": ("sic", "orig", "abbr", "seg"),
    "regularized": ("corr", "reg", "expan", "seg"),
}

#: Elements with no text of the witness, and no place in it worth a note.
SILENT: frozenset[str] = frozenset({"cb", "index", "interp", "interpGrp", "link", "linkGrp"})

#: Page units of ``milestone/@unit`` (a prefix such as ``tei:`` is ignored).
PAGE_UNITS: frozenset[str] = frozenset({"page", "pb"})

_MODES = {"deletions": ("note", "text"), "additions": ("text", "note")}


@dataclass(frozen=True)
class Markup:
    """What the witness's options make of the markup."""

    keep: tuple[str, ...]
    deletions: str
    additions: str
    notes: frozenset[str]
    blocks: frozenset[str]


def read_xml(source: str, options: Mapping[str, Any], *, tei: bool = False) -> Parsed:
    """Read an XML witness (see the module docstring); ``tei`` asks for a TEI document and its defaults."""
    where = str(options.get("_path", "the XML witness"))
    root = parse(source, where)
    is_tei = local(root) in ("TEI", "teiCorpus")
    if tei and not is_tei:
        raise InputError(
            f"{where}: the root element is <{local(root)}>, not <TEI>; give a TEI P5 document or use the xml reader "
            '(reader = "xml" in its .toml), which reads any XML'
        )
    markup = _markup(options, where)
    roots, how = _roots(root, options, _namespaces(options, where), is_tei, where)
    walker = _Walker(markup)
    for element in roots:
        walker.builder.block()
        walker.walk(element)
    parsed = walker.builder.result()
    report = [f"text of {how}", f"choice: {options.get('choice', 'diplomatic')}"]
    report += [f"{name} {count}" for name, count in sorted(walker.seen.items())]
    if walker.counts:
        report.append("set aside as notes: " + ", ".join(f"{k} {n}" for k, n in sorted(walker.counts.items())))
    meta = header(root) if is_tei else ()
    return Parsed(parsed.text, parsed.formatting, parsed.milestones, parsed.notes, meta=meta, report=tuple(report))


def parse(source: str, where: str) -> etree._Element:
    """Parse ``source`` safely (no entities, no network, no DTD); refuse collate's own apparatus."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, encoding="utf-8", huge_tree=False)
    try:
        root = etree.fromstring(source.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{where} is not well-formed XML ({exc}); fix the file or choose another reader") from exc
    if root.xpath("//*[local-name()='application'][@ident='collate']"):
        raise InputError(
            f"{where} is an apparatus written by collate, not a transcription; move it out of the witness directory"
        )
    return root


def root_name(source: str) -> str | None:
    """The local name of the root element of an XML source, read from its start without parsing it."""
    text = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^[>]*(\[.*?\])?\s*>", "", source[:65536], flags=re.S)
    found = re.search(r"<([A-Za-z_][\w.:-]*)", text)
    return found.group(1).rpartition(":")[2] if found else None


def local(el: etree._Element) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _markup(options: Mapping[str, Any], where: str) -> Markup:
    mode = options.get("choice", "diplomatic")
    if mode not in CHOICE:
        raise ConfigError(f"{where}: choice = {mode!r}; use one of {', '.join(sorted(CHOICE))}")
    chosen = {}
    for key, allowed in _MODES.items():
        chosen[key] = options.get(key, allowed[0])
        if chosen[key] not in allowed:
            raise ConfigError(f"{where}: {key} = {chosen[key]!r}; use {' or '.join(map(repr, allowed))}")
    return Markup(
        CHOICE[mode],
        chosen["deletions"],
        chosen["additions"],
        _names(options, "notes", frozenset({"note"}), where),
        _names(options, "blocks", BLOCKS, where),
    )


def _names(options: Mapping[str, Any], key: str, default: frozenset[str], where: str) -> frozenset[str]:
    value = options.get(key)
    if value is None:
        return default
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f'{where}: {key} must be a list of element names, e.g. {key} = ["note", "footnote"]')
    return frozenset(value)


def _roots(
    root: etree._Element, options: Mapping[str, Any], namespaces: dict[str, str], is_tei: bool, where: str
) -> tuple[list, str]:
    """The elements whose text is the witness, and how they were chosen."""
    select = options.get("select")
    if select is not None:
        return select_elements(root, select, namespaces, where)
    if not is_tei:
        return [root], f"the whole document (<{local(root)}>)"
    bodies = [el for el in root.iter() if local(el) == "body" and local(el.getparent()) == "text"]
    if not bodies:
        raise InputError(f"{where} has no <text><body>; give a TEI transcription or select the part to read")
    return bodies[:1], "text/body" + (f" (the first of {len(bodies)})" if len(bodies) > 1 else "")


def _namespaces(options: Mapping[str, Any], where: str) -> dict[str, str]:
    given = options.get("namespaces", {})
    if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
        raise ConfigError(f'{where}: namespaces must be a table of prefixes, e.g. namespaces = {{ x = "urn:x" }}')
    return {"tei": TEI_NS, **given}


def is_xpath(select: str) -> bool:
    """An XPath expression starts with ``/``, ``(`` or ``.``, or names an axis; anything else is CSS."""
    return select.lstrip().startswith(("/", "(", ".")) or "::" in select


def select_elements(root: etree._Element, select: Any, namespaces: dict[str, str], where: str) -> tuple[list, str]:
    """The elements an XPath expression or a CSS selector picks, in document order."""
    if not isinstance(select, str) or not select.strip():
        raise ConfigError(f"{where}: select must be an XPath expression such as \"//div[@n='2']\" or a CSS selector")
    kind = "XPath" if is_xpath(select) else "CSS selector"
    try:
        expression = select if kind == "XPath" else _css(select)
        found = root.xpath(expression, namespaces=namespaces)
    except (etree.XPathError, ValueError) as exc:
        raise ConfigError(f"{where}: select = {select!r} is not a valid {kind} ({exc})") from exc
    elements = [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []
    if not elements:
        hint = " (TEI elements in XPath take the prefix tei:)" if kind == "XPath" else ""
        raise ConfigError(f"{where}: select = {select!r} matches no element{hint}")
    return elements, f"{len(elements)} element(s) selected by the {kind} {select!r}"


def _css(select: str) -> str:
    """Translate a CSS selector to XPath, element names matched in any namespace."""
    from cssselect import GenericTranslator, SelectorError

    class AnyNamespace(GenericTranslator):
        def xpath_element(self, selector):  # type: ignore[no-untyped-def]
            if selector.element and selector.namespace is None:
                selector.namespace = "*"
            return super().xpath_element(selector)

    try:
        return AnyNamespace().css_to_xpath(select)
    except SelectorError as exc:
        raise ValueError(str(exc)) from exc


def header(root: etree._Element) -> tuple[tuple[str, str], ...]:
    """Title and author from a TEI header, as witness metadata."""
    found: dict[str, str] = {}
    for el in root.iter():
        name = local(el)
        if name in ("title", "author") and local(el.getparent()) == "titleStmt" and name not in found:
            text = flat(el)
            if text:
                found[name] = text
    return tuple(sorted(found.items()))


def flat(el: etree._Element) -> str:
    """The text of an element, whitespace collapsed."""
    return " ".join("".join(el.itertext()).split())


class _Walker:
    """Walks the selected elements, sending text to a :class:`TextBuilder`, counting what it sets aside."""

    def __init__(self, markup: Markup) -> None:
        self.builder = TextBuilder()
        self.markup = markup
        self.counts: dict[str, int] = {}
        self.seen: dict[str, int] = {}

    def aside(self, text: str, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        self.builder.note(text, kind)

    def count(self, what: str) -> None:
        self.seen[what] = self.seen.get(what, 0) + 1

    def walk(self, el: etree._Element) -> None:
        name = local(el)
        if not name or name in SILENT:
            return
        if self._point(el, name) or self._aside(el, name):
            return
        if name == "choice":
            self._choice(el)
            return
        if (name == "del" and self.markup.deletions == "text") or name == "add":
            self.count(f"{'deletions' if name == 'del' else 'additions'} kept as text:")
        block = name in self.markup.blocks
        if block:
            self.builder.block()
        if name in DIVISIONS:
            self.builder.milestone(el.get("n", ""), kind="div")
        span = self.builder.open_span(el.get("rend") or "italic") if name in ("hi", "emph") else None
        self.children(el)
        if span is not None:
            self.builder.close_span(span)
        if block:
            self.builder.block()

    def _point(self, el: etree._Element, name: str) -> bool:
        """Empty elements that mark a place: page and line breaks, milestones, flattened blocks."""
        b = self.builder
        if name == "pb":
            b.milestone(el.get("n", ""))
        elif name == "lb":
            b.join() if el.get("break") == "no" else b.line_break()
        elif name == "milestone":
            self._milestone(el)
        elif name == "anchor":
            self.aside(el.get("{http://www.w3.org/XML/1998/namespace}id") or el.get("n") or "", "anchor")
        elif name == "space":
            b.text(" ")
        elif (el.get("sID") or el.get("eID")) and len(el) == 0 and not el.text:
            self.count("flattened start and end markers:")
            if name in self.markup.blocks:
                b.block()
        else:
            return False
        return True

    def _milestone(self, el: etree._Element) -> None:
        unit = (el.get("unit") or "").rpartition(":")[2]
        if unit in PAGE_UNITS:
            self.builder.milestone(el.get("n", ""))
        elif unit in self.markup.blocks:
            self.count(f"milestones unit={unit} (blocks):")
            self.builder.block()
        else:
            self.aside(" ".join(v for v in (unit, el.get("n", "")) if v), "milestone")

    def _aside(self, el: etree._Element, name: str) -> bool:
        """Elements whose content is not text of the witness: kept as notes."""
        if name in self.markup.notes:
            place = el.get("place", "")
            self.aside(flat(el), el.get("type") or ("footnote" if place in ("foot", "bottom", "end") else "editorial"))
        elif name == "del" and self.markup.deletions == "note":
            self.aside(flat(el), "deletion")
        elif name == "add" and self.markup.additions == "note":
            self.aside(flat(el), "addition")
        elif name == "fw":
            self.aside(flat(el), "fw")
        elif name == "gap":
            self.aside("gap" + (f" ({el.get('reason')})" if el.get("reason") else ""), "gap")
        else:
            return False
        return True

    def children(self, el: etree._Element) -> None:
        self.builder.text(el.text)
        for child in el:
            self.walk(child)
            self.builder.text(child.tail)

    def _choice(self, el: etree._Element) -> None:
        options = [child for child in el if local(child)]
        keep = self.markup.keep
        chosen = next((c for name in keep for c in options if local(c) == name), options[0] if options else None)
        if chosen is not None:
            self.children(chosen)
        for other in options:
            if other is not chosen:
                self.aside(flat(other), local(other))
