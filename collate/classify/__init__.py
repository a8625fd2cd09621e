"""Analysis: find the variant locations of an alignment and judge every divergence.

A variant location is a segment whose witnesses differ in text or in formatting (but, unless
``Settings.line_breaks`` is ``"variant"``, not one whose readings differ only in line division:
:func:`collate.segments.line_division`). Each distinct
reading is judged against the location's first reading (the base witness's reading when a base
is set, which then comes first); the location takes the most serious judgement over every pair
of its readings. Every judgement names the rule that decided it and the evidence. The classes
and subtypes are those of :mod:`collate.vocabulary`.

The package: :mod:`.forms` (readings as the rules see them), :mod:`.rules` (the reading and word
rules), :mod:`.numbers` (dates and numerals), :mod:`.lexicon` (the English word lists),
:mod:`.runs` (neighbouring locations judged together, transpositions), :mod:`.moved` (the
aligner's moves as transpositions, with the differences inside them), :mod:`.stats` (counts,
similarity, the summary); this module finds the locations and builds each :class:`Variant`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from ..model import Alignment, Pair, Reading, Settings, Token, Variant
from ..regularize import phrase
from ..segments import line_division
from ..vocabulary import SEVERITY, SUBTYPES, TEI_TYPES, counts_as_substantive, tei_type
from .forms import Form, Rules, Verdict, Word, forms_of_spans, glyph, make_form, readings_of_spans, word_fold
from .rules import judge, judge_word
from .moved import link_moves
from .runs import Pairs, judge_run, link_transpositions, runs
from .stats import counts, similarity, subtype_counts, summary

__all__ = [
    "SEVERITY",
    "SUBTYPES",
    "TEI_TYPES",
    "Form",
    "Rules",
    "Verdict",
    "Word",
    "classify",
    "counts",
    "counts_as_substantive",
    "glyph",
    "judge",
    "judge_word",
    "make_form",
    "phrase",
    "similarity",
    "subtype_counts",
    "summary",
    "tei_type",
    "word_fold",
]

_DEFAULT_SETTINGS = Settings()


def classify(
    alignment: Alignment, tokens: Sequence[Sequence[Token]], settings: Settings = _DEFAULT_SETTINGS
) -> tuple[Variant, ...]:
    """Return a judged :class:`Variant` for every segment whose readings differ in text or formatting."""
    rules = Rules.from_settings(settings)
    reference = alignment.sigla.index(settings.base) if settings.base in alignment.sigla else 0
    located: list[tuple[int, list[Form]]] = []
    lines = settings.line_breaks == "milestone"
    for index, segment in enumerate(alignment.segments):
        forms = _forms(alignment, tokens, index, reference)
        if len(forms) > 1 and not (lines and line_division(segment.spans, tokens) is not None):
            located.append((index, forms))
    verdicts = [_pair_verdicts(forms, rules) for _, forms in located]
    for run in runs(located, alignment, tokens):
        judge_run(run, located, verdicts, alignment, tokens, rules)
    variants = [
        _variant(f"app{k + 1}", index, forms, verdicts[k], settings) for k, (index, forms) in enumerate(located)
    ]
    variants = link_moves(variants, alignment, tokens, rules)
    return tuple(link_transpositions(variants, [forms for _, forms in located], alignment))


def _forms(alignment: Alignment, tokens: Sequence[Sequence[Token]], index: int, reference: int) -> list[Form]:
    """The distinct readings of segment ``index`` (text and formatting), the reference witness's
    first; none where every witness reads alike (most segments: no form is made to be dropped)."""
    spans = alignment.segments[index].spans
    groups = readings_of_spans(alignment, tokens, spans, reference)
    return forms_of_spans(alignment, tokens, spans, reference, groups) if len(groups) > 1 else []


def _pair_verdicts(forms: Sequence[Form], rules: Rules) -> Pairs:
    """Every pair of readings judged, the earlier reading as the one judged against."""
    return {(i, j): judge(forms[i], forms[j], rules) for i, j in combinations(range(len(forms)), 2)}


def _variant(vid: str, index: int, forms: list[Form], pairs: Pairs, settings: Settings) -> Variant:
    readings = [Reading(forms[0].text, forms[0].sigla, rend=forms[0].rend)]
    for j, form in enumerate(forms[1:], start=1):
        v = pairs[(0, j)]
        readings.append(Reading(form.text, form.sigla, v.type, _against(forms[0], v), v.subtype, form.rend))
    (wi, wj), worst = max(pairs.items(), key=lambda item: item[1].rank)
    reason = f"{sigla_of(forms[wj])} against {sigla_of(forms[wi])}: {worst.reason}"
    groups = _groups(len(forms), pairs, settings.substantive)
    others = tuple(Pair(i, j, v.type, v.subtype, _against(forms[i], v)) for (i, j), v in sorted(pairs.items()) if i > 0)
    return Variant(vid, index, worst.type, tuple(readings), worst.subtype, reason, groups, pairs=others)


def sigla_of(form: Form) -> str:
    return ", ".join(form.sigla)


def _against(reference: Form, verdict: Verdict) -> str:
    return f"against {sigla_of(reference)}: {verdict.reason}"


def _groups(n: int, pairs: dict[tuple[int, int], Verdict], substantive: Sequence[str]) -> tuple[tuple[int, ...], ...]:
    """Partition reading indices into groups linked by differences that are not substantive."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for (i, j), verdict in sorted(pairs.items()):
        if not counts_as_substantive(verdict.type, verdict.subtype, substantive):
            parent[max(find(i), find(j))] = min(find(i), find(j))
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return tuple(tuple(g) for g in groups.values())
