"""The big picture drawn: the distance matrix as a heat map and the witnesses' tree, as inline SVG.

Both are plain SVG with presentation attributes only (no ``style`` attribute, no script), so they
sit inside the report's strict Content-Security-Policy and print as they look. Each cell and leaf
carries a ``<title>`` with the exact figures, which a browser shows on hover.
"""

from __future__ import annotations

from html import escape

from ..distance import Distances, build_tree

CELL = 34
LABEL = 90
#: Beyond this many witnesses the heat map (n x n cells) is left out: the page would weigh megabytes
#: and show nothing legible; the CSV has the matrix.
MAX_HEATMAP = 150


def _colour(share: float | None, top: float) -> str:
    """White for agreement, deepening red with the distance (relative to the largest in the matrix)."""
    if share is None:
        return "#dddddd"
    level = share / top if top else 0.0
    g = round(255 - 175 * level)
    return f"#{255:02x}{g:02x}{g:02x}"


def svg_heatmap(dist: Distances) -> str:
    """The substantive matrix as a grid of coloured cells, the share in each cell (in %), both
    shares and the counts in each cell's title."""
    n = len(dist.sigla)
    values = [v for row in dist.matrix() for v in row if v is not None]
    top = max(values, default=0.0)
    size = LABEL + n * CELL
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" width="{size}" height="{size}" '
        f'viewBox="0 0 {size} {size}" role="img" aria-label="Substantive distance between witnesses">'
    )
    parts = [head]
    for i, a in enumerate(dist.sigla):
        y = LABEL + i * CELL
        parts.append(
            f'<text x="{LABEL - 6}" y="{y + CELL * 0.62:.1f}" text-anchor="end" font-size="12">{escape(a)}</text>'
        )
        x = LABEL + i * CELL + CELL * 0.6
        parts.append(
            f'<text x="{x:.1f}" y="{LABEL - 6}" font-size="12" transform="rotate(-60 {x:.1f} {LABEL - 6})">{escape(a)}</text>'
        )
        for j, b in enumerate(dist.sigla):
            share = dist.share(a, b)
            parts.append(_cell(dist, a, b, LABEL + j * CELL, y, share, top))
    parts.append("</svg>")
    return "".join(parts)


def _cell(dist: Distances, a: str, b: str, x: int, y: int, share: float | None, top: float) -> str:
    fill = _colour(share, top)
    if a == b:
        title = escape(a)
        label = ""
    elif share is None:
        title = f"{escape(a)} and {escape(b)} are never in one unit"
        label = ""
    else:
        p = dist.count(a, b)
        accidental = dist.share(a, b, "accidental") or 0.0
        title = escape(
            f"{a} ~ {b}: {share:.2%} substantive ({p.substantive} of {p.words:g} tokens), "
            f"{accidental:.2%} accidental ({p.accidental})"
        )
        label = f"{share * 100:.1f}"
    ink = "#ffffff" if share is not None and top and share / top > 0.6 else "#222222"
    text = (
        f'<text x="{x + CELL / 2:.1f}" y="{y + CELL * 0.62:.1f}" text-anchor="middle" font-size="10" fill="{ink}">{label}</text>'
        if label
        else ""
    )
    return (
        f'<g><title>{title}</title><rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
        f'stroke="#ffffff"/>{text}</g>'
    )


def svg_tree(dist: Distances, method: str = "nj") -> str:
    """The tree (rooted at its midpoint for drawing) with branch lengths to scale, leaves labelled."""
    tree = build_tree(dist, method)
    if method == "nj" and any(v for row in dist.matrix() for v in row):
        tree.root_at_midpoint()  # (Biopython cannot when every distance is 0: the star is drawn as built)
    leaves = tree.get_terminals()
    depth = {id(c): 0.0 for c in [tree.root]}
    for clade in tree.find_clades(order="preorder"):
        for child in clade.clades:
            depth[id(child)] = depth[id(clade)] + max(child.branch_length or 0.0, 0.0)
    far = max(depth.values()) or 1.0
    width, row, left, right = 360, 24, 10, 110
    ypos = {id(leaf): 16 + k * row for k, leaf in enumerate(leaves)}
    for clade in tree.find_clades(order="postorder"):
        if clade.clades:
            ypos[id(clade)] = sum(ypos[id(c)] for c in clade.clades) / len(clade.clades)

    def x(clade) -> float:
        return left + depth[id(clade)] / far * (width - left - right)

    height = 16 + len(leaves) * row + 20
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="tree" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Tree of the witnesses ({method})">'
    )
    parts = [head]
    for clade in tree.find_clades(order="preorder"):
        for child in clade.clades:
            parts.append(
                f'<path d="M{x(clade):.1f},{ypos[id(clade)]:.1f}V{ypos[id(child)]:.1f}H{x(child):.1f}" '
                'fill="none" stroke="#444444" stroke-width="1.5"/>'
            )
    for leaf in leaves:
        parts.append(
            f'<text x="{x(leaf) + 5:.1f}" y="{ypos[id(leaf)] + 4:.1f}" font-size="12">{escape(leaf.name)}</text>'
        )
    bar = 0.01 if far > 0.02 else far / 2
    length = bar / far * (width - left - right)
    y = height - 8
    parts.append(f'<path d="M{left},{y}H{left + length:.1f}" stroke="#444444" stroke-width="1.5"/>')
    parts.append(f'<text x="{left + length + 5:.1f}" y="{y + 4}" font-size="10">{bar:.2%} substantive</text>')
    parts.append("</svg>")
    return "".join(parts)


def distance_section(dist: Distances, method: str = "nj", csv_href: str | None = None) -> str:
    """The HTML section of a report or the corpus index: heat map, tree and how they were made."""
    tree = ""
    if len(dist.sigla) >= 3 and dist.complete():
        tree = svg_tree(dist, method)
    elif len(dist.sigla) >= 3:
        tree = "<p>No tree: some witnesses are never in one unit together, so some distances are unknown.</p>"
    how = (
        "Substantive disagreements per token for each pair of witnesses (variant locations where the two "
        "read readings that differ substantively, over the pair's mean length in tokens, in per cent in each cell); differences of "
        "accidentals only are counted apart (in each cell's title). Tree: "
        + ("neighbour joining" if method == "nj" else "UPGMA")
        + " (Biopython) on the substantive distances."
    )
    link = f' <a href="{escape(csv_href)}">The matrix as CSV.</a>' if csv_href else ""
    return (
        '<details class="distance" open><summary>Which witnesses agree</summary>'
        f'<p class="how">{how}{link}</p><div class="figures">{_heatmap_or_note(dist)}{tree}</div></details>'
    )


def _heatmap_or_note(dist: Distances) -> str:
    if len(dist.sigla) <= MAX_HEATMAP:
        return svg_heatmap(dist)
    return f"<p>{len(dist.sigla)} witnesses: too many for a heat map ({MAX_HEATMAP} at most); see the CSV.</p>"
