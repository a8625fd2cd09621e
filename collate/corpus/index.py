"""The corpus index: one page listing every unit (its outputs, or the error it failed with) and the
corpus's big picture (the distance matrix added up over the units, drawn as a heat map and a tree),
with the matrices as CSV and the tree as Newick beside it.

The page is self-contained and static (no script; its one style sheet admitted by hash), and holds
no times, so it is the same bytes for the same corpus however the units were scheduled.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from pathlib import Path

from ..distance import Distances, build_tree, from_pairs_csv, matrix_csv, merge, newick, pairs_csv
from ..files import write_all
from ..version import __version__
from ..writers.figures import distance_section
from .manifest import Corpus
from .state import Outcome

CSS = """body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
table.units{border-collapse:collapse;margin:1em 0}
table.units th,table.units td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
td.num{text-align:right}
tr.failed td{background:#fff0f0}
.error{font-family:monospace;white-space:pre-wrap;color:#a00000}
details.distance summary{font-weight:bold;cursor:pointer}
details.distance .figures{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}
.how{max-width:60em;font-size:.9em}
"""


def corpus_distances(outcomes: Sequence[Outcome], output: Path) -> Distances:
    """The pair counts of every unit collated (now or before), added up from the units'
    ``NAME.distance.csv`` one unit at a time: the client holds the corpus's pairs, never every
    unit's at once."""
    units = (o for o in outcomes if o.status != "failed")
    return merge(from_pairs_csv(o.sigla, (output / o.distance_file).read_bytes()) for o in units)


def write_index(corpus: Corpus, outcomes: Sequence[Outcome]) -> None:
    """Write ``index.html`` and the corpus's matrices (CSV) and tree (Newick), all or none."""
    dist = corpus_distances(outcomes, corpus.output)
    out = corpus.output
    files = {
        out / "distance.csv": matrix_csv(dist),
        out / "distance-accidental.csv": matrix_csv(dist, "accidental"),
        out / "distance-pairs.csv": pairs_csv(dist),
    }
    if len(dist.sigla) >= 3 and dist.complete():
        files[out / "tree.nwk"] = newick(build_tree(dist, corpus.tree)).encode("utf-8")
    files[out / "index.html"] = page(corpus, outcomes, dist).encode("utf-8")
    write_all(files)


def page(corpus: Corpus, outcomes: Sequence[Outcome], dist: Distances) -> str:
    failed = [o for o in outcomes if o.status == "failed"]
    csp = f"default-src 'none'; style-src 'sha256-{base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()}'"
    rows = "\n".join(_row(o) for o in outcomes)
    big = distance_section(dist, corpus.tree, "distance.csv") if len(dist.sigla) >= 2 else ""
    status = f"{len(outcomes)} units, {len(outcomes) - len(failed)} collated, {len(failed)} failed"
    failures = ""
    if failed:
        items = "".join(f'<li><a href="#u-{escape(o.name)}">{escape(o.name)}</a></li>' for o in failed)
        failures = f'<p class="failures">Failed units (fix the file named and run again): </p><ul>{items}</ul>'
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f'<meta name="generator" content="collate {__version__}">\n'
        f"<title>{escape(corpus.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<h1>{escape(corpus.title)}</h1>\n<p class="summary">{status}. Collated by collate {__version__}.</p>\n'
        f"{failures}\n{big}\n"
        '<table class="units">\n<thead><tr><th>Unit</th><th>Witnesses</th><th>Tokens</th><th>Variant locations</th>'
        "<th>Substantive</th><th>Outputs</th></tr></thead>\n<tbody>\n"
        f"{rows}\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def _row(o: Outcome) -> str:
    name = escape(o.name)
    if o.status == "failed":
        return (
            f'<tr class="failed" id="u-{name}"><th scope="row">{name}</th>'
            f'<td colspan="5"><span class="error">Error: {escape(o.error)}</span> (exit code {o.exit_code})</td></tr>'
        )
    links = " ".join(f'<a href="{escape(f)}">{escape(f.removeprefix(o.name))}</a>' for f in o.files)
    return (
        f'<tr id="u-{name}"><th scope="row">{name}</th><td>{escape(", ".join(o.sigla))}</td>'
        f'<td class="num">{o.tokens:,}</td><td class="num">{o.variants:,}</td><td class="num">{o.substantive:,}</td>'
        f"<td>{links}</td></tr>"
    )
