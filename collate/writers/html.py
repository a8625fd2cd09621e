"""HTML export: one self-contained page showing the witnesses side by side.

The page is meant to be read by historians on a laptop and printed: a table with one column per
witness and one row per aligned passage (a paragraph, cut further at sentence ends that every
witness shares, so that the columns stay level while scrolling), the witnesses' metadata on top,
and every variant location marked in every witness by its class. Substantive classes (those
named in ``Settings.substantive``) are highlighted with colour and with bold underlined text, so
the cue survives without colour; accidentals are muted. Page breaks of the printed sources appear
as page labels in the margin, editorial notes as marks that open on click.

What a variant means (its class, its reason, every witness's reading) is written once, in a JSON
block, and looked up by the page's script on hover or click; repeating it in every marked span
would make a six-witness report several times larger than its text. The script also lets the
reader toggle each class, choose the base witness and the witnesses shown, step through the
substantive divergences by keyboard, and jump along an overview strip.

Witness text is escaped by Jinja2, the JSON block by its ``tojson`` filter; the script builds its
panels with ``textContent`` only. A Content-Security-Policy naming the hashes of the page's own
style and script forbids every network request and any other script, so the file works offline
and a witness containing ``<script>`` can only ever show it as text.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import PurePath

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ..cachedir import cache_dir
from ..distance import distances
from ..model import META_FIELDS, Collation, Witness
from ..tokenize import ends_paragraph
from ..version import __version__
from ..vocabulary import SEVERITY, counts_as_substantive
from .figures import distance_section

#: Colour of each class in the report (background for substantive classes, underline for the
#: others). A class the classifier adds later gets :data:`OTHER_COLOUR` until it is named here.
COLOURS: dict[str, str] = {
    "substantive": "#f6b73c",
    "typo": "#b388d9",
    "ocr": "#26a69a",
    "orthographic": "#4caf50",
    "punctuation": "#2196f3",
    "case": "#8d6e63",
    "typographic": "#9e9e9e",
    "structural": "#90a4ae",
    "whitespace": "#cfcfcf",
}
OTHER_COLOUR = "#e57373"

#: A sentence ends here: ., ! or ? with any closing quotes or brackets, then whitespace.
SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*\s+")

#: Inside a paragraph, a row is cut at a sentence end all witnesses share when the columns have
#: drifted apart by :data:`DRIFT_CHARS` (about half a line: one witness has words the others lack),
#: or when the row has grown to :data:`MAX_ROW_CHARS`; never before :data:`MIN_ROW_CHARS`, so that
#: rows stay long enough to read as prose. Witnesses that agree keep their paragraphs whole.
DRIFT_CHARS = 40
MIN_ROW_CHARS = 200
MAX_ROW_CHARS = 1600


# -- the pieces of a cell -----------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """Something a reader took out of a witness, shown where it stood: a page break or a note."""

    offset: int
    kind: str  # "pb", "note", or "tail" (a paragraph's closing line breaks, drawn by the row break)
    label: str  # the page number, the note's text, or the line breaks
    note_kind: str = ""


@dataclass(frozen=True)
class Styled:
    """Witness text under formatting (``css``: ``r-italic``, ``r-bold`` ...), drawn as such."""

    text: str
    css: str
    kind: str = "styled"


@dataclass(frozen=True)
class Run:
    """A stretch of one witness's text in one cell: shared text, or the reading of a variant.

    ``parts`` interleaves text (``str``) with the :class:`Mark` objects that fall inside it;
    ``before`` holds marks standing just before a variant's reading, so they stay outside its span.
    """

    parts: tuple[str | Styled | Mark, ...]
    app: str = ""
    css: str = ""
    before: tuple[Mark, ...] = ()


@dataclass
class Row:
    """One aligned passage: for each witness, the runs of its text. ``starts_paragraph`` is true
    when the passage opens a paragraph (the row is then set off from the one before)."""

    cells: list[list[Run]]
    starts_paragraph: bool = True
    lengths: list[int] = field(default_factory=list)

    def drift(self, more: int = 0) -> tuple[int, int]:
        """The row's longest column (with ``more`` shared characters added) and how far the
        columns have drifted apart."""
        if not self.lengths:
            return more, 0
        return max(self.lengths) + more, max(self.lengths) - min(self.lengths)


# -- classes: which readings differ how -------------------------------------------------------


def span_class(kind: str | None, subtype: str | None, substantive: Sequence[str]) -> str:
    """The CSS classes of a marked reading: ``t-<class>``, plus ``sub`` when it counts as substantive."""
    if kind is None:
        return "t-none"
    return f"t-{kind} sub" if counts_as_substantive(kind, subtype, substantive) else f"t-{kind}"


# -- rows ---------------------------------------------------------------------------------------


def witness_marks(witness: Witness) -> list[Mark]:
    """The witness's page breaks and notes, in text order (a page break before a note at one offset)."""
    marks = [Mark(m.offset, "pb", m.n) for m in witness.marks("pb")]
    marks += [Mark(n.offset, "note", n.text, n.kind) for n in witness.notes]
    return sorted(marks, key=lambda m: (m.offset, m.kind != "pb"))


def char_range(collation: Collation, w: int, start: int, end: int) -> tuple[int, int]:
    """The character range in witness ``w``'s text of its tokens ``start:end``."""
    tokens = collation.tokens[w]
    text_len = len(collation.witnesses[w].text)
    begin = tokens[start].offset if start < len(tokens) else text_len
    if end <= start:
        return begin, begin
    last = tokens[end - 1]
    return begin, last.offset + len(last.text)


class _Marks:
    """Hands out a witness's marks in text order, as the cells are built front to back, and cuts
    its text where its formatting changes."""

    def __init__(self, witness: Witness) -> None:
        self.marks = witness_marks(witness)
        self.next = 0
        self.cuts, self.styles = _formatting_runs(witness)

    def styled(self, text: str, start: int) -> list[str | Styled]:
        """``text`` (which starts at ``start`` in the witness) cut where its formatting changes."""
        if not self.styles or not text:
            return [text] if text else []
        out: list[str | Styled] = []
        k = max(0, bisect_right(self.cuts, start) - 1)
        pos = start
        end = start + len(text)
        while pos < end:
            stop = min(end, self.cuts[k + 1]) if k + 1 < len(self.cuts) else end
            piece = text[pos - start : stop - start]
            css = self.styles[k] if k < len(self.styles) else ""
            out.append(Styled(piece, css) if css else piece)
            pos = stop
            k += 1
        return out

    def upto(self, offset: int, inclusive: bool) -> list[Mark]:
        taken = []
        while self.next < len(self.marks) and (
            self.marks[self.next].offset < offset or (inclusive and self.marks[self.next].offset == offset)
        ):
            taken.append(self.marks[self.next])
            self.next += 1
        return taken

    def rest(self) -> list[Mark]:
        return self.upto(1 << 62, True)


def _formatting_runs(witness: Witness) -> tuple[list[int], list[str]]:
    """Offsets where the witness's formatting changes, and the CSS classes in force from each."""
    if not witness.formatting:
        return [], []
    cuts = sorted({0, len(witness.text)} | {p for s in witness.formatting for p in (s.start, s.end)})
    events: dict[int, list[tuple[int, str]]] = {}
    for span in witness.formatting:
        for rend in _rends(span.rend):
            events.setdefault(span.start, []).append((1, rend))
            events.setdefault(span.end, []).append((-1, rend))
    active: Counter[str] = Counter()
    styles = []
    for cut in cuts[:-1]:
        for delta, rend in events.get(cut, ()):
            active[rend] += delta
        styles.append(" ".join(sorted(f"r-{_css_name(r)}" for r, count in active.items() if count > 0)))
    return cuts, styles


def _rends(rend: str) -> list[str]:
    return [r for r in re.split(r"[\s+]+", rend) if r]


def _css_name(rend: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", rend.lower())


def _parts(text: str, start: int, marks: _Marks, last: bool) -> tuple[str | Styled | Mark, ...]:
    """Text from ``start`` with the marks that fall strictly inside it (or at its end, if last),
    cut where the formatting changes."""
    parts: list[str | Styled | Mark] = []
    pos = 0
    end = start + len(text)
    for mark in marks.upto(end, last):
        cut = max(0, mark.offset - start)
        if cut > pos:
            parts += marks.styled(text[pos:cut], start + pos)
            pos = cut
        parts.append(mark)
    if pos < len(text):
        parts += marks.styled(text[pos:], start + pos)
    return tuple(parts)


def build_rows(collation: Collation) -> list[Row]:
    """Cut the collation into rows of aligned passages.

    A row ends where any witness ends a paragraph (segments never run across one), and, inside
    text all witnesses share, at a sentence end where the columns need levelling again (see
    :data:`DRIFT_CHARS`).
    """
    n = len(collation.witnesses)
    variants = {v.segment: v for v in collation.variants}
    marks = [_Marks(w) for w in collation.witnesses]
    substantive = collation.settings.substantive
    rows = [Row([[] for _ in range(n)])]
    segments = collation.alignment.segments
    for index, segment in enumerate(segments):
        ranges = [char_range(collation, w, *segment.spans[w]) for w in range(n)]
        texts = [collation.witnesses[w].text[a:b] for w, (a, b) in enumerate(ranges)]
        last = index == len(segments) - 1
        variant = variants.get(index)
        if variant is None and len(set(texts)) == 1:
            _add_shared(rows, texts[0], [a for a, _ in ranges], marks, last)
        else:
            css = span_class(variant.type, variant.subtype, substantive) if variant else ""
            for w, (a, _) in enumerate(ranges):
                if variant is None:
                    rows[-1].cells[w].append(Run(_parts(texts[w], a, marks[w], last)))
                else:
                    before = tuple(marks[w].upto(a, True))
                    rows[-1].cells[w].append(Run(_parts(texts[w], a, marks[w], last), variant.id, css, before))
            _grow(rows[-1], [len(t) for t in texts])
        if not last and any(ends_paragraph(t) for t in texts):
            _new_row(rows, paragraph=True)
    for w in range(n):  # marks past the last token (none in practice): never drop them
        rest = tuple(marks[w].rest())
        if rest:
            rows[-1].cells[w].append(Run(rest))
    rows = [row for row in rows if any(row.cells)] or rows[:1]
    for row in rows:
        for cell in row.cells:
            _tuck_tail(cell)
    return rows


def _tuck_tail(cell: list[Run]) -> None:
    """Mark the line breaks that close a cell's paragraph, so the page can leave them to the row
    break instead of drawing blank lines; they stay in the page's text."""
    if not cell or cell[-1].app or not cell[-1].parts or not isinstance(cell[-1].parts[-1], str):
        return
    text = cell[-1].parts[-1]
    body = text.rstrip()
    if "\n" not in text[len(body) :]:
        return
    tail = Mark(0, "tail", text[len(body) :])
    cell[-1] = Run(cell[-1].parts[:-1] + ((body,) if body else ()) + (tail,))


def _add_shared(rows: list[Row], text: str, starts: Sequence[int], marks: list[_Marks], last: bool) -> None:
    """Add text every witness shares, cutting the row at sentence ends once it is long enough."""
    pos = 0
    for match in SENTENCE_END.finditer(text):
        longest, drift = rows[-1].drift(match.end() - pos)
        if longest < MIN_ROW_CHARS or (drift < DRIFT_CHARS and longest < MAX_ROW_CHARS):
            continue
        if last and match.end() == len(text):
            continue
        if ends_paragraph(text) and len(text) - match.end() < MIN_ROW_CHARS // 2:
            break  # leave a short last sentence with its paragraph
        _add_piece(rows[-1], text[pos : match.end()], [s + pos for s in starts], marks, False)
        _new_row(rows, paragraph=False)
        pos = match.end()
    if pos < len(text):
        _add_piece(rows[-1], text[pos:], [s + pos for s in starts], marks, last)


def _new_row(rows: list[Row], paragraph: bool) -> None:
    """Start a row, unless the last one is still empty (then only note the paragraph start)."""
    if any(rows[-1].cells):
        rows.append(Row([[] for _ in rows[-1].cells], starts_paragraph=paragraph))
    else:
        rows[-1].starts_paragraph = rows[-1].starts_paragraph or paragraph


def _add_piece(row: Row, text: str, starts: Sequence[int], marks: list[_Marks], last: bool) -> None:
    for w, start in enumerate(starts):
        row.cells[w].append(Run(_parts(text, start, marks[w], last)))
    _grow(row, [len(text)] * len(starts))


def _grow(row: Row, lengths: Sequence[int]) -> None:
    row.lengths = [a + b for a, b in zip(row.lengths, lengths)] if row.lengths else list(lengths)


# -- the data block and the page ----------------------------------------------------------------


def variant_data(collation: Collation) -> dict:
    """What the page's script needs about each variant, written once in compact arrays.

    ``apps[k]`` is ``[id, type, subtype, reason, readings, links, pairs]``; ``inside`` lists the
    differences inside moved passages (:func:`_inside_data`); a reading is
    ``[witness indices, type, subtype, reason]`` (its text is the marked span's text in the
    table); ``pairs`` holds ``[i, j, type, subtype, reason]`` for readings ``0 < i < j``, the
    classifier's judgements stored in :attr:`Variant.pairs`, which the page reads when the reader
    hides witnesses or picks another base (the page never judges readings itself).

    Reasons are indices into ``reasons``, each a list of indices into ``strings`` to be joined with
    ``": "``: the classifier's reasons repeat their parts ("B against A: ..." for the location,
    "against A: ..." for the reading), and storing each part once keeps a six-witness page small.
    """
    strings: dict[str, int] = {}
    reasons: dict[tuple[int, ...], int] = {}

    def ref(text: str) -> int:
        head, sep, tail = text.partition(": ")
        parts = (head, tail) if sep else (text,)
        key = tuple(strings.setdefault(part, len(strings)) for part in parts)
        return reasons.setdefault(key, len(reasons))

    position = {s: i for i, s in enumerate(collation.sigla)}
    apps = []
    for v in collation.variants:
        readings = [[[position[s] for s in r.sigla], r.type, r.subtype, ref(r.reason)] for r in v.readings]
        pairs = [[p.first, p.second, p.type, p.subtype, ref(p.reason)] for p in v.pairs]
        apps.append([v.id, v.type, v.subtype, ref(v.reason), readings, list(v.links), pairs])
    return {"apps": apps, "inside": _inside_data(collation, ref), "reasons": [list(key) for key in reasons],
            "strings": list(strings)}


def _inside_data(collation: Collation, ref) -> list[list]:
    """The differences inside moved passages (:class:`~collate.model.Inside`), for the details of
    both places of a move: ``[app, linked app, reading there, reading here, text there, text here,
    type, subtype, reason]``, apps and readings as indices."""
    index = {v.id: k for k, v in enumerate(collation.variants)}
    out = []
    for k, v in enumerate(collation.variants):
        for found in v.inside:
            there, here = collation.variants[index[found.link]].readings[found.readings[0]], v.readings[found.readings[1]]
            (a, b), (c, d) = found.spans
            out.append([k, index[found.link], found.readings[0], found.readings[1], there.text[a:b], here.text[c:d],
                        found.type, found.subtype, ref(found.reason)])
    return out


@cache
def _env() -> Environment:
    """The template environment, made once a process: each new one compiles the template again."""
    env = Environment(
        loader=PackageLoader("collate", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["text"] = _text
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    return env


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """jinja2's own cache of the compiled template, in collate's cache folder: compiling the
    report's template costs about 40 ms of every run that writes HTML. jinja2 keys each entry by
    the template's source and writes it atomically; with no writable folder, no cache."""
    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def _text(value: str) -> Markup:
    """Escape witness text for the page, keeping carriage returns (the HTML parser would turn a
    literal one into a line feed) so that the page's text is the witness's, character for char."""
    return Markup(str(escape(value)).replace("\r", "&#13;"))


def _asset(name: str) -> str:
    return files("collate").joinpath("templates", name).read_text(encoding="utf-8")


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def stylesheet(classes: Sequence[str], n: int) -> str:
    """The page's CSS: the static sheet plus the rules that depend on this collation's classes
    and witnesses (colours per class, hiding a class, hiding a witness's column)."""
    rules = [_asset("report.css")]
    for kind in classes:
        colour = COLOURS.get(kind, OTHER_COLOUR)
        rules.append(f".t-{kind}{{--c:{colour}}}")
        rules.append(f".hide-{kind} .t-{kind}{{background:none;text-decoration:none;font-weight:inherit}}")
        rules.append(f".hide-{kind} .t-{kind}:empty::before{{content:none}}")
    for w in range(n):
        rules.append(f".hide-w{w} .w{w}{{display:none}}")
    return "\n".join(rules) + "\n"


def metadata_columns(witnesses: Sequence[Witness]) -> list[tuple[str, list[str]]]:
    """The metadata table's columns that some witness fills: (heading, value per witness)."""

    def joined(w: Witness, *names: str) -> str:
        return "; ".join(dict.fromkeys(w.get(n) for n in names if w.get(n)))

    def source(w: Witness) -> str:
        lines = w.get("source_lines")
        return w.get("source") + (f" (lines {lines})" if lines else "")

    def pages(w: Witness) -> str:
        numbers = [m.n for m in w.marks("pb")]
        if not numbers:
            return ""
        return (
            f"{len(numbers)} page breaks ({numbers[0]}–{numbers[-1]})"
            if len(numbers) > 1
            else f"1 page break ({numbers[0]})"
        )

    columns = [
        ("Title", [w.get("title") for w in witnesses]),
        ("Author", [w.get("author") for w in witnesses]),
        ("Edition, editor, translator", [joined(w, "edition", "editor", "translator") for w in witnesses]),
        ("Date", [w.get("date") for w in witnesses]),
        ("Language", [w.get("language") for w in witnesses]),
        ("Source", [source(w) for w in witnesses]),
        ("File", [PurePath(w.path).name if w.path else "" for w in witnesses]),
        ("Pages", [pages(w) for w in witnesses]),
        ("Notes", [joined(w, "notes", "preparation") for w in witnesses]),
    ]
    known = set(META_FIELDS) | {"preparation"}
    extra = sorted({k for w in witnesses for k, _ in w.meta if k not in known})
    columns += [(name.replace("_", " ").capitalize(), [w.get(name) for w in witnesses]) for name in extra]
    return [(heading, values) for heading, values in columns if any(values)]


def to_html(collation: Collation, *, base: str | None = None, title: str | None = None) -> bytes:
    """Return the report page for ``collation`` as UTF-8 bytes.

    ``base`` (a siglum; default the collation's base, else its first witness) is the witness the
    others are compared with and the first column; the reader can pick another in the page.
    ``title`` replaces the page's heading (default: the witnesses' title if they share one, else
    their sigla).
    """
    base = base if base is not None else collation.settings.base
    base_index = collation.witness_index(base) if base else 0
    n = len(collation.witnesses)
    substantive = tuple(collation.settings.substantive)
    classes = list(SEVERITY) + sorted({v.type for v in collation.variants} - set(SEVERITY))
    counts = Counter(v.type for v in collation.variants)
    order = [base_index] + [w for w in range(n) if w != base_index]
    css = stylesheet(classes, n)
    js = _asset("report.js")
    if "</script" in js.lower() or "</style" in css.lower():
        raise AssertionError("an inline asset would close its own element")
    data = {
        "sigla": list(collation.sigla),
        "classes": classes,
        "substantive": list(substantive),
        "base": base_index,
        **variant_data(collation),
    }
    titles = {w.get("title") for w in collation.witnesses}
    common = titles.pop() if len(titles) == 1 else ""
    heading = title or common or "Collation of " + ", ".join(collation.sigla)
    page = (
        _env()
        .get_template("report.html.j2")
        .render(
            heading=heading,
            collation=collation,
            witnesses=collation.witnesses,
            order=order,
            base=base_index,
            metadata=metadata_columns(collation.witnesses),
            rows=build_rows(collation),
            paged=any(w.marks("pb") for w in collation.witnesses),
            classes=[(c, counts.get(c, 0), counts_as_substantive(c, None, substantive)) for c in reversed(classes)],
            total=sum(counts[c] for c in classes),
            settings=collation.settings,
            data=data,
            css=Markup(css),
            js=Markup(js),
            csp=f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; img-src data:",
            version=__version__,
            distance=distance_markup(collation),
        )
    )
    return page.encode("utf-8")


def distance_markup(collation: Collation) -> Markup | None:
    """The report's "which witnesses agree" section (heat map and tree, :mod:`.figures`), for
    three witnesses or more: with two, the summary's one pair says it all."""
    if len(collation.witnesses) < 3:
        return None
    return Markup(distance_section(distances(collation)))
