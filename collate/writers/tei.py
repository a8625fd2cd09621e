"""TEI P5 export: a complete document with a parallel-segmentation critical apparatus.

What it holds and why is set out in docs/formats.md ("TEI"). The output is written for the
programs editors read it with, as they are: the Versioning Machine (which shows each ``rdg`` as a
box of its own and matches ``@wit`` by substring), EVT, TEI Publisher, and teiphy (which turns an
apparatus into NEXUS for stemmatics and gives an untyped ``rdg`` inside a ``rdgGrp`` the group's
type). So: witnesses' ``xml:id`` are their sigla where those are NCNames none of which is a
substring of another (``W01``, ``W02``... otherwise); one flat list of readings per ``app``, each
reading after the first typed, the readings of one group of accidental variants next to each other
with the group's head first (teiphy's "trivial readings follow their substantive reading");
whitespace all readings share stands after the ``app``, and so does, as the space with each
breaking witness's ``<lb ed="#id"/>``, whitespace that differs only in line division (unless line
breaks are variants); a transposition's two places are linked in
``standOff/linkGrp[@type="transposition"]``. The header and the space between paragraphs are
indented; inside a ``p`` (``xml:space="preserve"``) not a character is added, so each witness's
text is read back exactly (:func:`witness_text`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import etree

from ..model import Collation, Segment, Token, Variant
from ..segments import line_division, paragraph_ends
from ..vocabulary import counts_as_substantive, tei_type
from .tei_header import header

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_T = f"{{{TEI_NS}}}"
_ID = f"{{{XML_NS}}}id"

# -- witness ids --------------------------------------------------------------------------------

_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
_RESERVED = re.compile(r"^app\d+(\.\d+)?$")


def witness_ids(sigla: Sequence[str]) -> dict[str, str]:
    """The ``xml:id`` of each witness: its siglum, when every siglum is an NCName, none is a
    substring of another (the Versioning Machine tests ``contains(@wit, id)``) and none looks like
    an ``app`` id; otherwise ``W01``, ``W02``... in collation order, for all of them."""
    own = list(sigla)
    clean = all(_NCNAME.match(s) and not _RESERVED.match(s) for s in own) and not any(
        a != b and a in b for a in own for b in own
    )
    return dict(zip(own, own)) if clean else {s: f"W{i + 1:02d}" for i, s in enumerate(own)}


def to_tei(collation: Collation, *, base: str | None = None, groups: bool = False, flat: bool | None = None) -> bytes:
    """Return the TEI document for ``collation`` as UTF-8 bytes.

    ``base`` names a witness whose readings become ``lem`` (default: the collation's base setting,
    or none). ``groups`` wraps each group of readings that differ only by accidentals in
    ``<rdgGrp type="subvariants">`` (for EVT and TEI Publisher; the Versioning Machine and teiphy
    misread groups); ``flat`` is the older name of ``groups=False`` and wins when given.
    """
    base = base if base is not None else collation.settings.base
    if flat is not None:
        groups = not flat
    ids = witness_ids(collation.sigla)
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
    root.append(header(collation, ids, base, groups))
    text = etree.SubElement(root, _T + "text")
    body = etree.SubElement(text, _T + "body")
    _body(body, collation, ids, base, groups)
    links = _transpositions(collation)
    if links is not None:
        root.append(links)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _indent(root: etree._Element) -> None:
    """Indent everything outside the paragraphs; a paragraph's content is left exactly as it is."""
    body = root.find(f"{_T}text/{_T}body")
    saved = [(p, list(p)) for p in body]
    for p, children in saved:  # etree.indent must not see mixed content
        for child in children:
            p.remove(child)
    etree.indent(root, space="  ")
    for p, children in saved:
        p.extend(children)


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, _T + tag, attrs)
    if text is not None:
        el.text = text
    return el


# -- body ---------------------------------------------------------------------------------------


class _Writer:
    """Appends text to the current element after its last child, keeping mixed content exact."""

    def __init__(self, parent: etree._Element) -> None:
        self.parent = parent

    def text(self, text: str) -> None:
        if not text:
            return
        children = len(self.parent)
        if children:
            last = self.parent[children - 1]
            last.tail = (last.tail or "") + text
        else:
            self.parent.text = (self.parent.text or "") + text


def _paragraph(body: etree._Element) -> etree._Element:
    p = _sub(body, "p")
    p.set(f"{{{XML_NS}}}space", "preserve")
    return p


def _body(body: etree._Element, collation: Collation, ids: dict[str, str], base: str | None, groups: bool) -> None:
    variants = {v.segment: v for v in collation.variants}
    para_witness = collation.witness_index(base) if base else 0
    p = _paragraph(body)
    segments = collation.alignment.segments
    borrowed = 0  # tokens of this shared segment already written inside the app before it
    for index, segment in enumerate(segments):
        variant = variants.get(index)
        if variant is None:
            _shared(p, collation, index, ids, borrowed)
            borrowed = 0
        else:
            borrowed = _borrow(collation, variant, index, variants, para_witness)
            app, shared_tail, breaking = _app(collation, variant, ids, base, groups, borrowed)
            p.append(app)
            _Writer(p).text(shared_tail)
            for wid in breaking:  # the readings' line breaks where the others have that space
                _sub(p, "lb", ed=f"#{wid}")
        if index < len(segments) - 1 and paragraph_ends(segment.spans, collation.tokens, para_witness):
            p = _paragraph(body)


def _borrow(collation: Collation, variant: Variant, index: int, variants: dict, para_witness: int) -> int:
    """1 if the ``app`` of ``variant`` must take in the next word all witnesses share: when a reading
    ends in whitespace the others lack (an added word against nothing), the Versioning Machine,
    which shows each reading as a box of its own, would run it into the next word."""
    segments = collation.alignment.segments
    texts = [collation.reading(segments[index], w) for w in range(len(collation.sigla))]
    if not any(t != t.rstrip() for t in texts) or _shared_space(texts) or index + 1 >= len(segments):
        return 0
    if collation.settings.line_breaks == "milestone" and _line_tail(texts) is not None:
        return 0
    if index + 1 in variants or paragraph_ends(segments[index].spans, collation.tokens, para_witness):
        return 0
    spans = segments[index + 1].spans
    return 1 if all(b - a >= 1 for a, b in spans) else 0


def _milestones(collation: Collation, w: int, tokens: Sequence[Token], start: int, end: int) -> dict[int, list]:
    """Milestones and notes of witness ``w`` falling on tokens ``start..end``, by token index."""
    witness = collation.witnesses[w]
    if not (witness.milestones or witness.notes) or start == end:
        return {}
    toks = collation.tokens[w]
    lo = toks[start].offset if start else 0
    hi = toks[end].offset if end < len(toks) else len(witness.text) + 1
    found: dict[int, list] = {}
    for item in (*witness.marks("pb"), *witness.notes):
        if lo <= item.offset < hi or (end == len(toks) and item.offset >= lo):
            k = start
            while k + 1 < end and toks[k + 1].offset <= item.offset:
                k += 1
            found.setdefault(k, []).append(item)
    return found


def _emit_tokens(
    parent: etree._Element, collation: Collation, w: int, span: tuple[int, int], marks: bool, ids: dict[str, str], cut: int = 0
) -> None:
    """Write tokens ``span`` of witness ``w`` into ``parent`` without the last ``cut`` characters:
    each run of tokens with the same formatting in one ``<hi>`` (its trailing whitespace after it),
    and, if ``marks``, the witness's milestones and notes before the tokens they precede."""
    start, end = span
    out = _Writer(parent)
    tokens = collation.tokens[w]
    wid = ids[collation.sigla[w]]
    pending = _milestones(collation, w, tokens, start, end) if marks else {}
    hi: etree._Element | None = None
    for k in range(start, end):
        text = tokens[k].text[: len(tokens[k].text) - cut] if k == end - 1 and cut else tokens[k].text
        items = pending.get(k, ())
        rend = " ".join(tokens[k].rend)
        if hi is not None and (items or rend != hi.get("rend")):
            hi = None
        for item in items:
            _milestone(parent, item, wid)
        if not rend:
            out.text(text)
            continue
        word, space = text.rstrip(), text[len(text.rstrip()) :]
        if hi is None:
            hi = _sub(parent, "hi", rend=rend)
            hi.text = word
        else:
            hi.text += (hi.tail or "") + word  # the whitespace between two words of the run goes inside
            hi.tail = None
        hi.tail = space or None


def _milestone(parent: etree._Element, item, wid: str) -> None:
    if hasattr(item, "n"):
        _sub(parent, item.kind, n=item.n, ed=f"#{wid}")
    else:
        _sub(parent, "note", item.text, type=item.kind, corresp=f"#{wid}")


def _shared(p: etree._Element, collation: Collation, index: int, ids: dict[str, str], skip: int = 0) -> None:
    """Text all witnesses share (but its first ``skip`` tokens); every witness's milestones in it.

    Where the witnesses differ only in line division (:func:`~collate.segments.line_division`), the
    text is that of the witnesses without a line break there, and each witness that breaks the
    line has its own ``<lb ed="#id"/>`` right after the space it turns into a line break.
    """
    segment = collation.alignment.segments[index]
    spans = [(a + skip, b) for a, b in segment.spans]
    start, end = spans[0]
    marks = [(w, k, item) for w in range(len(collation.witnesses))
             for k, items in _milestones(collation, w, collation.tokens[w], *spans[w]).items()
             for item in items]
    breaks = line_division(spans, collation.tokens) or {}
    if not marks:
        _emit_lines(p, collation, spans, breaks, ids)
        return
    # Place each witness's milestone before the token at the same position of witness 0.
    by_pos: dict[int, list] = {}
    for w, k, item in marks:
        by_pos.setdefault(start + (k - spans[w][0]), []).append((w, item))
    for k in range(start, end):
        for w, item in sorted(by_pos.get(k, ()), key=lambda x: x[0]):
            _milestone(p, item, ids[collation.sigla[w]])
        breaking = breaks.get(k - start, ())
        plain = next(w for w in range(len(spans)) if w not in breaking)  # one witness at least has the space
        at = spans[plain][0] + (k - start)
        _emit_tokens(p, collation, plain, (at, at + 1), False, ids)
        for w in breaking:
            _sub(p, "lb", ed=f"#{ids[collation.sigla[w]]}")


def _emit_lines(
    p: etree._Element, collation: Collation, spans: Sequence[tuple[int, int]], breaks: dict, ids: dict[str, str]
) -> None:
    """Shared tokens ``spans`` up to each place where some witnesses break the line (``breaks``,
    by position), each stretch from a witness that has the space there, then those witnesses' ``lb``."""
    n = spans[0][1] - spans[0][0]
    stops = sorted(breaks)
    if not stops or stops[-1] != n - 1:
        stops.append(n - 1)
    first = 0
    for stop in stops:
        breaking = breaks.get(stop, ())
        plain = next(w for w in range(len(spans)) if w not in breaking)  # one witness at least has the space
        at = spans[plain][0]
        _emit_tokens(p, collation, plain, (at + first, at + stop + 1), False, ids)
        for w in breaking:
            _sub(p, "lb", ed=f"#{ids[collation.sigla[w]]}")
        first = stop + 1


def _shared_space(texts: Sequence[str]) -> str:
    """The trailing whitespace every reading ends with (none if a reading is empty)."""
    common = texts[0][len(texts[0].rstrip()) :]
    for text in texts[1:]:
        while common and not text.endswith(common):
            common = common[1:]
    return common


def _line_tail(texts: Sequence[str]) -> tuple[str, list[int]] | None:
    """When the readings end in whitespace that differs only in line division (a line break in some,
    one and the same run of spaces in the others), that run and the readings that break the line."""
    runs = [t[len(t.rstrip()) :] for t in texts]
    plain = {r for r in runs if "\n" not in r}
    if len(plain) != 1 or "" in plain or len(plain) == len(set(runs)) or any(r != "\n" for r in runs if "\n" in r):
        return None
    return plain.pop(), [i for i, r in enumerate(runs) if r == "\n"]


def _app(
    collation: Collation, variant: Variant, ids: dict[str, str], base: str | None, groups: bool, borrowed: int = 0
) -> tuple[etree._Element, str, list[str]]:
    """The ``app`` of ``variant`` (with the next ``borrowed`` shared tokens in every reading), the
    whitespace all its readings share, to stand after it, and the ids of the witnesses whose line
    breaks there stand after it as ``lb`` (unless line breaks are variants): where the readings
    end in a line break or one same space, the space stands after the ``app`` and each breaking
    witness has its ``lb``, as in text all witnesses share."""
    app = etree.Element(_T + "app")
    app.set(_ID, variant.id)
    app.set("type", tei_type(variant.type, variant.subtype)[0])
    app.set("subtype", tei_type(variant.type, variant.subtype)[1])
    segment = collation.alignment.segments[variant.segment]
    if borrowed:
        after = collation.alignment.segments[variant.segment + 1]
        segment = Segment(tuple((a, b + borrowed) for (a, b), _ in zip(segment.spans, after.spans)))
    # Each witness's own text, not only each reading's first: witnesses that share a reading may
    # still differ in line division at its end (a break in one, the space in the other).
    texts = [collation.reading(segment, w) for w in range(len(collation.sigla))]
    tail, cuts, breaking = _shared_space(texts), None, []
    lines = _line_tail(texts) if not tail and collation.settings.line_breaks == "milestone" else None
    if lines is not None:
        tail, broken = lines
        firsts = [collation.witness_index(r.sigla[0]) for r in variant.readings]
        cuts = [1 if w in broken else len(tail) for w in firsts]
        breaking = [ids[collation.sigla[w]] for w in sorted(broken)]
    lem = next((i for i, r in enumerate(variant.readings) if base in r.sigla), None) if base else None
    order = [list(g) for g in variant.groups] if variant.groups else [[i] for i in range(len(variant.readings))]
    if lem is not None:  # the group holding the lemma comes first, the lemma first within it
        order.sort(key=lambda g: lem not in g)
        order[0].sort(key=lambda i: i != lem)
    for group in order:
        holder = _sub(app, "rdgGrp", type="subvariants") if groups and len(group) > 1 and len(order) > 1 else app
        for i, kind in _typed_group(variant, group, collation.settings.substantive):
            tag = "lem" if i == lem else "rdg"
            holder.append(_reading(collation, variant, i, segment, ids, tag, kind, cuts[i] if cuts else len(tail)))
    return app, tail, breaking


def _typed_group(variant: Variant, group: list[int], substantive: Sequence[str]) -> list[tuple]:
    """The readings of one group, each with the class it is typed with, in the order teiphy needs:
    the head with its class against the location's first reading; then each member typed by an
    accidental difference from a member before it (its own class against the first reading when
    that is accidental and the first reading is placed, else the stored judgement of it and a
    member placed), so that teiphy folds it into the head. A group is linked by accidental
    differences, but not every member to the head (``ſeuere``/``ſevere``/``sévère``), hence the
    order. The judgements are the classifier's, stored on the variant (``Reading.type`` against
    the first reading, ``Variant.pairs`` for the others): the writer judges nothing."""
    stored = _verdicts(variant)

    def verdict(a: int, b: int) -> tuple[str, str | None] | None:
        return stored.get((min(a, b), max(a, b)))

    def light(found: tuple[str, str | None] | None) -> bool:
        return found is not None and not counts_as_substantive(found[0], found[1], substantive)

    placed = [(group[0], verdict(0, group[0]))]
    rest = list(group[1:])
    while rest:
        for i in rest:
            anchors = sorted((j for j, _ in placed), key=lambda j: j != 0)  # the first reading first
            found = next((v for j in anchors if light(v := verdict(j, i))), None)
            if found is not None:
                break
        else:  # no accidental link found (cannot happen for a group as classify makes them)
            i, found = rest[0], verdict(0, rest[0])
        placed.append((i, found))
        rest.remove(i)
    return placed


def _verdicts(variant: Variant) -> dict[tuple[int, int], tuple[str, str | None]]:
    """The stored class of every pair of readings ``(i, j)``, ``i < j``: reading ``j`` against ``i``.

    Either way round for the writer's use: the accidental classes it links a group by (spacing,
    case, punctuation, spelling) are symmetric.
    """
    found = {(0, j): (r.type, r.subtype) for j, r in enumerate(variant.readings) if j and r.type}
    found.update({(p.first, p.second): (p.type, p.subtype) for p in variant.pairs})
    return found


def _reading(collation, variant: Variant, i: int, segment, ids: dict[str, str], tag: str, kind, cut: int):
    reading = variant.readings[i]
    el = etree.Element(_T + tag)
    el.set(_ID, f"{variant.id}.{i + 1}")
    el.set("wit", " ".join(f"#{ids[s]}" for s in reading.sigla))
    if kind is not None:
        el.set("type", tei_type(*kind)[0])
        el.set("subtype", tei_type(*kind)[1])
    first = collation.witness_index(reading.sigla[0])
    _emit_tokens(el, collation, first, segment.spans[first], True, ids, cut)
    for s in reading.sigla[1:]:  # milestones of the other witnesses sharing this reading
        m = collation.witness_index(s)
        for items in _milestones(collation, m, collation.tokens[m], *segment.spans[m]).values():
            for item in items:
                _milestone(el, item, ids[s])
    return el


def _transpositions(collation: Collation) -> etree._Element | None:
    """``standOff`` with one ``link`` per transposition, joining the ``app`` of each of its places,
    and one per difference inside a moved passage (:class:`~collate.model.Inside`), typed as a
    reading is and joining the differing text of the two copies by TEI's ``string-range()``
    pointers (the reading's ``xml:id``, a character offset into its text and a length)."""
    pairs = sorted({tuple(sorted((v.id, link), key=_app_number)) for v in collation.variants for link in v.links},
                   key=lambda pair: _app_number(pair[0]))
    if not pairs:
        return None
    stand_off = etree.Element(_T + "standOff")
    group = _sub(stand_off, "linkGrp", type="transposition")
    for first, second in pairs:
        _sub(group, "link", type="transposition", target=f"#{first} #{second}")
    inside = [(v, found) for v in collation.variants for found in v.inside]
    if inside:
        group = _sub(stand_off, "linkGrp", type="moved-differences")
        for variant, found in inside:
            kind, subtype = tei_type(found.type, found.subtype)
            ends = zip((found.link, variant.id), found.readings, found.spans)
            target = " ".join(f"#string-range(id('{vid}.{r + 1}'),{a},{b - a})" for vid, r, (a, b) in ends)
            _sub(group, "link", type=kind, subtype=subtype, target=target)
    return stand_off


def _app_number(vid: str) -> int:
    return int(vid[3:]) if vid[3:].isdigit() else 0


# -- reading back -------------------------------------------------------------------------------


def witness_text(document: bytes | etree._Element, wit: str) -> str:
    """Read the text of one witness back from a TEI apparatus; ``wit`` is its ``xml:id`` or its
    siglum (``<abbr type="siglum">``).

    The paragraphs' shared text plus the witness's own readings, in document order; notes are
    left out, and so is the indentation between paragraphs. The witness's own line breaks in shared
    text (``<lb ed="#id"/>``) turn the space right before them into the line break it has there.
    """
    root = etree.fromstring(document) if isinstance(document, bytes) else document
    body = root.find(f"{_T}text/{_T}body")
    if body is None:
        raise ValueError("not a TEI document with text/body")
    found = [w.get(_ID) for w in root.iter(_T + "witness") if wit in (w.get(_ID), w.findtext(f"{_T}abbr[@type='siglum']"))]
    if not found:
        raise ValueError(f"no witness {wit!r} in the witness list")
    wid = found[0]
    out: list[str] = []
    for p in body:
        if isinstance(p.tag, str):
            out.append(p.text or "")
            _collect(p, f"#{wid}", out)
    return "".join(out)


def _collect(el: etree._Element, target: str, out: list[str]) -> None:
    for child in el:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag in ("rdg", "lem"):
            if target in (child.get("wit") or "").split():
                out.append(child.text or "")
                _collect(child, target, out)
        elif tag == "rdgGrp":
            _collect(child, target, out)
        elif tag == "note":
            pass
        elif tag == "lb" and target in (child.get("ed") or "").split():
            _break_line(out)
        elif tag:
            out.append(child.text or "")
            _collect(child, target, out)
        out.append(child.tail or "")


def _break_line(out: list[str]) -> None:
    """Turn the spaces at the end of ``out`` (the shared text before a witness's ``lb``) into a line break."""
    while out and not _SPACES.sub("", out[-1]):
        out.pop()
    if out:
        out[-1] = _SPACES.sub("", out[-1])
    out.append("\n")


_SPACES = re.compile(r"[^\S\n]+\Z")  # whitespace but line breaks, at the end
