"""HTML export: one self-contained page, the witnesses side by side.

Passages are aligned row by row (a row is a paragraph of the base witness, or of the first
witness); every variant location is marked in every witness, coloured by its class, with its
class, reason and readings in a tooltip. The page needs no network: CSS and script are inline.
Built with a Jinja2 template, which escapes all witness text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..align import ends_paragraph
from ..classify import SEVERITY
from ..model import Collation


@dataclass(frozen=True)
class Piece:
    """A stretch of one witness's text in the report: shared text or a reading of a variant."""

    text: str
    app: str = ""
    type: str = ""
    title: str = ""


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("collate", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def rows(collation: Collation, base: str | None = None) -> list[list[list[Piece]]]:
    """The report's rows: for each paragraph, for each witness, the pieces of its text."""
    variants = {v.segment: v for v in collation.variants}
    para = collation.witness_index(base) if base else 0
    n = len(collation.witnesses)
    out: list[list[list[Piece]]] = [[[] for _ in range(n)]]
    segments = collation.alignment.segments
    for index, segment in enumerate(segments):
        variant = variants.get(index)
        for w in range(n):
            text = collation.reading(segment, w)
            if variant is None:
                out[-1][w].append(Piece(text))
                continue
            reading = next(r for r in variant.readings if collation.sigla[w] in r.sigla)
            title = _title(collation, variant)
            out[-1][w].append(Piece(text, variant.id, variant.type, title))
        start, end = segment.spans[para]
        if end > start and ends_paragraph(collation.tokens[para][end - 1].text) and index < len(segments) - 1:
            out.append([[] for _ in range(n)])
    return out


def _title(collation: Collation, variant) -> str:
    lines = [f"{variant.type}" + (f" ({variant.subtype})" if variant.subtype else "") + f": {variant.reason}"]
    for reading in variant.readings:
        lines.append(f"{', '.join(reading.sigla)}: {reading.text.strip() or '(omitted)'}")
    return "\n".join(lines)


def to_html(collation: Collation, *, base: str | None = None) -> bytes:
    """Return the report page for ``collation`` as UTF-8 bytes."""
    base = base if base is not None else collation.settings.base
    counts = Counter(v.type for v in collation.variants)
    template = _env().get_template("report.html.j2")
    page = template.render(
        collation=collation,
        witnesses=collation.witnesses,
        rows=rows(collation, base),
        classes=[(c, counts.get(c, 0)) for c in reversed(SEVERITY)],
        total=len(collation.variants),
        version=__version__,
    )
    return page.encode("utf-8")
