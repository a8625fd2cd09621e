"""The Markdown report of a bracket apparatus: every bracket accounted for."""

from __future__ import annotations

from .records import KINDS, ApparatusResult


def _cell(text: str, limit: int = 0) -> str:
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("|", "\\|") or "—"


def render_report(result: ApparatusResult, sigla: tuple[str, str] = ("base", "bracketed"), full: bool = True) -> str:
    """A Markdown report accounting for every bracket: counts, then one table row per bracket.

    ``sigla`` name the two versions; with ``full`` off, long scopes and readings are shortened.
    """
    limit = 0 if full else 80
    counts = {kind: result.count(kind) for kind in KINDS}
    overridden = [b for b in result.brackets if b.decided == "overridden"]
    lines = [
        f"# Bracket apparatus of {result.source}",
        "",
        f"{len(result.brackets)} brackets: "
        + ", ".join(f"{counts[k]} {k}{'s' if counts[k] != 1 else ''}" for k in KINDS)
        + f". {len(overridden)} decided by override"
        + (f" ({result.overrides})" if result.overrides else "")
        + f", {len(result.brackets) - len(overridden)} inferred.",
        "",
        f"Base version: {sigla[0]} (brackets taken out). Bracketed version: {sigla[1]} (readings put in).",
        "",
    ]
    if overridden:
        lines += ["## Overridden by the editor", ""]
        lines += [f"- #{b.number} (line {b.line}) `[{_cell(b.text, 60)}]`: {b.kind}; {b.reason}" for b in overridden]
        lines.append("")
    lines += [
        "## Every bracket",
        "",
        f"| # | line | bracket | kind | scope in {sigla[0]} | reading in {sigla[1]} | confidence | decided by |",
        "|---:|---:|---|---|---|---|---:|---|",
    ]
    for b in result.brackets:
        decided = f"override: {b.reason}" if b.decided == "overridden" else f"{b.rule}: {b.reason}"
        lines.append(
            f"| {b.number} | {b.line} | [{_cell(b.text, limit)}] | {b.kind} | {_cell(b.scope_text, limit)} | "
            f"{_cell(b.reading, limit)} | {b.confidence:.2f} | {_cell(decided)} |"
        )
    return "\n".join(lines) + "\n"
