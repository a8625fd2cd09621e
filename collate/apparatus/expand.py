"""Expanding a bracket apparatus: every bracket's decision (inferred or overridden) applied to
the source, giving the base text and the bracketed text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .overrides import apply_override, match_overrides
from .records import ApparatusResult, BracketRecord, Decision, Overrides
from .scope import infer
from .units import find_brackets, line_of, paragraph_start


@dataclass
class _Builder:
    """Accumulates an output text, tidying whitespace where a piece was cut out or put in."""

    out: str = ""
    pending: str | None = None

    def cut(self, hint: str = "") -> None:
        """Mark a junction: the whitespace around it is decided when the next text comes."""
        stripped = self.out.rstrip(" \t\n")
        self.pending = (self.pending or "") + self.out[len(stripped) :] + hint
        self.out = stripped

    def put(self, text: str) -> None:
        if self.pending is None or not text:
            self.out += text
            return
        right = text.lstrip(" \t\n")
        space = self.pending + text[: len(text) - len(right)]
        self.pending = None
        if not right:
            self.pending = space
            return
        if not self.out:
            sep = ""
        elif "\n\n" in space or space.count("\n") >= 2:
            sep = "\n\n"
        elif "\n" in space:
            sep = "\n"
        elif right[0] in ",.;:?!)]”’" or self.out[-1] in "([“‘":
            sep = ""
        else:
            sep = " "
        self.out += sep + right

    def finish(self) -> str:
        if self.pending is not None:
            tail = self.pending
            self.pending = None
            self.out += "\n" if "\n" in tail else ""
        return self.out


def _build(
    text: str, decisions: Sequence[tuple[tuple[int, int], Decision]]
) -> tuple[str, str, list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Write the base and bracketed texts; return them with each site's span in both."""
    base, bracketed = _Builder(), _Builder()
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    pos_base = pos_br = 0
    for (start, end), d in decisions:
        if d.kind == "editorial":
            base.put(text[pos_base:end])
            bracketed.put(text[pos_br:end])
            b0 = len(base.out) - (end - start)
            r0 = len(bracketed.out) - (end - start)
            spans.append(((b0, len(base.out)), (r0, len(bracketed.out))))
            pos_base = pos_br = end
            continue
        # base: keep the scope, drop the bracket
        base.put(text[pos_base : d.scope_end])
        base_end = len(base.out)
        base.cut(text[d.scope_end : start])
        base_start = base_end - (d.scope_end - d.scope_start)
        pos_base = end
        # bracketed: drop the scope, put the reading
        bracketed.put(text[pos_br : d.scope_start])
        bracketed.cut(text[d.scope_end : start] if d.scope_start == d.scope_end else "")
        if d.reading:
            bracketed.put(d.reading)
            r1 = len(bracketed.out)
            r0 = r1 - len(d.reading)
            bracketed.cut()
        else:
            r0 = r1 = len(bracketed.out)
        pos_br = end
        spans.append(((base_start, base_end), (r0, r1)))
    base.put(text[pos_base:])
    bracketed.put(text[pos_br:])
    return base.finish(), bracketed.finish(), spans


def expand_apparatus(text: str, overrides: Overrides | None = None, *, source: str = "<text>") -> ApparatusResult:
    """Read a text with an inline bracket apparatus into its two versions.

    ``source`` names the text in error messages. Every bracket yields one
    :class:`BracketRecord`; an override (see :func:`load_overrides`) replaces the inference for
    the bracket it names. Raises :class:`~collate.errors.InputError` for unbalanced brackets and
    :class:`~collate.errors.ConfigError` for overrides that do not fit the text.
    """
    spans = find_brackets(text, source)
    chosen = match_overrides(text, spans, overrides) if overrides else {}
    decisions: list[tuple[tuple[int, int], Decision]] = []
    previous_end = 0
    for index, bracket in enumerate(spans):
        window_start = max(previous_end, paragraph_start(text, bracket[0]))
        decision = infer(text, bracket, window_start)
        if index in chosen:
            decision = apply_override(text, chosen[index], decision, bracket, window_start, overrides.path)  # type: ignore[union-attr]
        decisions.append((bracket, decision))
        previous_end = bracket[1]
    base, bracketed, sites = _build(text, decisions)
    records = tuple(_record(text, n, b, d, s) for n, ((b, d), s) in enumerate(zip(decisions, sites), 1))
    return ApparatusResult(base, bracketed, records, source, overrides.path if overrides else "")


def _record(text: str, number: int, bracket: tuple[int, int], d: Decision, site) -> BracketRecord:
    start, end = bracket
    return BracketRecord(
        number=number,
        offset=start,
        end=end,
        line=line_of(text, start),
        text=text[start + 1 : end - 1],
        kind=d.kind,
        scope=(d.scope_start, d.scope_end),
        scope_text=text[d.scope_start : d.scope_end],
        reading=d.reading,
        confidence=d.confidence,
        decided=d.decided,
        rule=d.rule,
        reason=d.reason,
        base_span=site[0],
        bracketed_span=site[1],
    )
