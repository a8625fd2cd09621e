"""Judgements across neighbouring locations: runs of nearby locations judged together, and
transpositions (the same words exchanged between two nearby locations) linked."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..model import Alignment, Token, Variant
from ..tokenize import ends_paragraph
from .forms import Form, Rules, Verdict, forms_of_spans, quote
from .rules import judge

Pairs = dict[tuple[int, int], Verdict]


#: Agreement between two variant locations this short (tokens, in every witness) does not
#: separate them: they are judged together as well as alone (see :func:`judge_run`).
RUN_GAP = 2


def runs(
    located: Sequence[tuple[int, list[Form]]], alignment: Alignment, tokens: Sequence[Sequence[Token]]
) -> list[list[int]]:
    """Groups of neighbouring variant locations (positions in ``located``), within one paragraph."""
    runs: list[list[int]] = []
    for k, (index, _) in enumerate(located):
        if runs and _joins(located[runs[-1][-1]][0], index, alignment, tokens):
            runs[-1].append(k)
        else:
            runs.append([k])
    return [run for run in runs if len(run) > 1]


def _joins(first: int, second: int, alignment: Alignment, tokens: Sequence[Sequence[Token]]) -> bool:
    segments = alignment.segments
    for w in range(len(alignment.sigla)):
        start, end = segments[first].spans[w][1], segments[second].spans[w][0]
        if end - start > RUN_GAP:
            return False
        if any(ends_paragraph(t.text) for t in tokens[w][segments[first].spans[w][0] : end]):
            return False
    return True


def judge_run(
    run: list[int],
    located: Sequence[tuple[int, list[Form]]],
    verdicts: list[Pairs],
    alignment: Alignment,
    tokens: Sequence[Sequence[Token]],
    rules: Rules,
) -> None:
    """Judge neighbouring locations as one stretch; where the stretch differs less, that decides.

    The aligner's cut between neighbouring columns of variation is arbitrary: CollateX may align
    ``August 15,`` with ``the 15 August`` as ``August``/``the``, ``15``/``15``, ``,``/``August``. Read
    whole, the stretch is one date in two conventions; read piece by piece, a word is replaced and
    another added. A location takes the whole stretch's judgement when it is less serious than its own.
    """
    first, last = located[run[0]][0], located[run[-1]][0]
    spans = [
        (alignment.segments[first].spans[w][0], alignment.segments[last].spans[w][1])
        for w in range(len(alignment.sigla))
    ]
    whole = {s: f for f in forms_of_spans(alignment, tokens, spans, 0) for s in f.sigla}
    ids = f"app{run[0] + 1}-app{run[-1] + 1}"
    cache: dict[tuple[str, str], Verdict] = {}
    for k in run:
        forms = located[k][1]
        for (i, j), local in verdicts[k].items():
            a, b = whole[forms[i].sigla[0]], whole[forms[j].sigla[0]]
            key = (a.sigla[0], b.sigla[0])
            if key not in cache:
                cache[key] = judge(a, b, rules)
            joint = cache[key]
            if joint.rank < local.rank:
                reason = (
                    f"read with its neighbours ({ids}: {a.text.strip()!r} against {b.text.strip()!r}), {joint.reason}"
                )
                verdicts[k][(i, j)] = Verdict(joint.type, joint.subtype, reason)


# -- transpositions across locations -------------------------------------------------------------

#: How far apart (in tokens) an omission and an addition of the same words may stand to be read as
#: one moved passage: short single words (``so``, ``the``) recur by chance, so they must be close.
TRANSPOSITION_WINDOW = {"short": 8, "long": 60}


@dataclass(frozen=True)
class _Move:
    """A location where the witnesses fall into two camps by their words."""

    variant: int  # index into the list of variants
    segment: int  # index into the alignment's segments
    camps: dict[frozenset[str], tuple[str, ...]]  # sigla -> the words they read here


def link_transpositions(variants: list[Variant], forms: list[list[Form]], alignment: Alignment) -> list[Variant]:
    """Retype two nearby locations whose readings are the same words exchanged as one transposition.

    Either a passage moved (``at once`` left out here and added a few words on) or two words
    swapped (``workers ... peasants`` against ``peasants ... workers``); both locations are typed
    substantive/transposition and linked to each other through ``Variant.links``.
    """
    moves = [m for i, fs in enumerate(forms) if (m := _move(i, fs, variants[i])) is not None]
    by_key: dict[tuple, list[int]] = {}
    for k, move in enumerate(moves):
        by_key.setdefault(_key(move), []).append(k)
    used: set[int] = set()
    out = list(variants)
    for k, first in enumerate(moves):
        if first.variant in used:
            continue
        second = _partner(k, moves, by_key.get(_key(first, exchanged=True), []), used, alignment)
        if second is None:
            continue
        gap = _gap(first, second, alignment)
        used.update((first.variant, second.variant))
        for this, other in ((first, second), (second, first)):
            out[this.variant] = _as_transposition(out[this.variant], out[other.variant], this, gap)
    return out


def _window(move: _Move) -> int:
    """How far (tokens) the partner of ``move`` may stand: close for short single words."""
    words = {w for camp in move.camps.values() for w in camp}
    short = max(len(c) for c in move.camps.values()) == 1 and all(len(w) <= 3 for w in words)
    return TRANSPOSITION_WINDOW["short" if short else "long"]


def _key(move: _Move, exchanged: bool = False) -> tuple:
    """The two camps (in a fixed order) and their words, in any order; ``exchanged`` swaps the
    words, so that two moves are :func:`_exchanged` exactly when one's key is the other's
    exchanged key."""
    p, q = sorted(move.camps, key=sorted)
    words = (move.camps[q], move.camps[p]) if exchanged else (move.camps[p], move.camps[q])
    return (p, q, *(tuple(sorted(w)) for w in words))


def _partner(k: int, moves: list[_Move], candidates: list[int], used: set[int], alignment: Alignment) -> _Move | None:
    """The first later move, not yet linked, that exchanges ``moves[k]``'s words within its window.

    The same choice as trying every pair in order, without trying them all: only moves with the
    exchanged words are candidates, and as the locations follow one another in the text, the gap
    only grows along them, so the search stops at the first candidate beyond the window.
    """
    first, window = moves[k], _window(moves[k])
    for c in candidates[bisect_right(candidates, k) :]:
        second = moves[c]
        if _gap(first, second, alignment) > window:
            if _ordered(first, second, alignment):
                break
            continue
        if second.variant not in used:
            return second
    return None


def _ordered(a: _Move, b: _Move, alignment: Alignment) -> bool:
    """True if ``b`` stands after ``a`` in the first witness (so every later location is farther)."""
    return alignment.segments[b.segment].spans[0][0] >= alignment.segments[a.segment].spans[0][1]


def _move(i: int, forms: list[Form], variant: Variant) -> _Move | None:
    """A substantive location whose readings fall into exactly two camps by their words; each
    camp's words are those the other camp lacks there (``cat is black`` against ``cat``: ``is
    black`` against nothing), so that a passage moved next to a word both camps keep is found."""
    if variant.type != "substantive" or variant.subtype not in ("addition", "omission", "lexical"):
        return None
    by_words: dict[tuple[str, ...], set[str]] = {}
    for form in forms:
        by_words.setdefault(tuple(w.fold for w in form.words), set()).update(form.sigla)
    if len(by_words) != 2:
        return None
    (x, sx), (y, sy) = by_words.items()
    return _Move(i, variant.segment, {frozenset(sx): _beyond(x, y), frozenset(sy): _beyond(y, x)})


def _beyond(words: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    """``words`` without those ``other`` has too (as many times as it has them), in order."""
    left = Counter(other)
    out = []
    for w in words:
        if left[w]:
            left[w] -= 1
        else:
            out.append(w)
    return tuple(out)


def _exchanged(a: _Move, b: _Move) -> bool:
    """True if the two camps read at ``b`` what the other camp read at ``a`` (in any order)."""
    if set(a.camps) != set(b.camps):
        return False
    p, q = sorted(a.camps, key=sorted)
    return sorted(a.camps[p]) == sorted(b.camps[q]) and sorted(a.camps[q]) == sorted(b.camps[p])


def _gap(a: _Move, b: _Move, alignment: Alignment) -> int:
    """Tokens between the two places, counted in the collation's first witness."""
    sa, ea = alignment.segments[a.segment].spans[0]
    sb, eb = alignment.segments[b.segment].spans[0]
    return max(sb - ea, sa - eb, 0)


def _as_transposition(variant: Variant, other: Variant, move: _Move, gap: int) -> Variant:
    (p, here), (q, there) = sorted(move.camps.items(), key=lambda item: sorted(item[0]))
    names = {camp: ", ".join(sorted(camp)) for camp in (p, q)}
    apart = f"{gap} token{'s' if gap != 1 else ''} apart"
    if not here or not there:
        (has, words), (lacks, _) = ((p, here), (q, there)) if here else ((q, there), (p, here))
        reason = (
            f"transposition, {apart}: {quote(words)} stands here in {names[has]} and at {other.id} in {names[lacks]}"
        )
    else:
        reason = (
            f"transposition, {apart}: {names[p]} read{'s' if len(p) == 1 else ''} {quote(here)} here and "
            f"{quote(there)} at {other.id}; "
            f"{names[q]} the reverse"
        )
    readings = tuple(
        replace(r, subtype="transposition", reason=f"{r.reason}; {reason}") if r.type == "substantive" else r
        for r in variant.readings
    )
    pairs = tuple(
        replace(p, subtype="transposition", reason=f"{p.reason}; {reason}") if p.type == "substantive" else p
        for p in variant.pairs
    )
    return replace(variant, subtype="transposition", reason=reason, readings=readings, links=(other.id,), pairs=pairs)
