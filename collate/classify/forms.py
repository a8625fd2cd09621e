"""Readings as the rules see them: each reading's tokens, words and context (:class:`Form`), a
judgement (:class:`Verdict`), and the user's equivalences (:class:`Rules`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import Alignment, Settings, Token
from ..normalize import GLYPH, WORD, is_word
from ..regularize import phrase
from ..vocabulary import SEVERITY
from .languages import parse_setting


@dataclass(frozen=True)
class Word:
    """A word of a reading: its text, its comparison form, and what follows it in the witness."""

    text: str
    fold: str
    follow: str = ""  # the next token's text, stripped ("." after "Gen")
    next: str = ""  # the next token's comparison form when that token is a word


@dataclass(frozen=True)
class Form:
    """One reading of a location, with the context the rules need."""

    text: str
    sigla: tuple[str, ...]
    tokens: tuple[str, ...]  # each token's text, stripped
    rend: tuple[str, ...]
    words: tuple[Word, ...]
    before: str = ""  # comparison form of the word just before the reading, if a word
    after: str = ""  # comparison form of the word just after the reading, if a word
    line_start: bool = False  # the reading begins a line of its witness (speaker prefixes)


@dataclass(frozen=True)
class Verdict:
    """A judgement of one reading against another: class, subtype, and the rule and evidence."""

    type: str
    subtype: str | None
    reason: str

    @property
    def rank(self) -> int:
        return SEVERITY.index(self.type)


def glyph(token: str) -> str:
    """A token with glyph differences folded (:data:`collate.normalize.GLYPH`): NFKC, one quote,
    one dash, one ellipsis."""
    return GLYPH(token)


def word_fold(token: str) -> str:
    """The comparison form of a word token (:data:`collate.normalize.WORD`): glyphs folded, lower
    case, ``&`` read as ``and``."""
    return WORD(token)


def rend_of(tokens: Sequence[Token]) -> tuple[str, ...]:
    if not any(t.rend for t in tokens):
        return ()
    return tuple("+".join(t.rend) for t in tokens)


def make_form(tokens: Sequence[Token], start: int, end: int, sigla: Sequence[str]) -> Form:
    """The :class:`Form` of a witness's tokens ``start:end``, with one token of context each side."""
    inside = tokens[start:end]
    texts = [t.word for t in inside]
    after = tokens[end].word if end < len(tokens) else ""
    wordlike = [is_word(text) for text in texts]
    after_word = is_word(after)
    folds = [word_fold(text) if flag else "" for text, flag in zip(texts, wordlike)]
    words = []
    for k, text in enumerate(texts):
        if not wordlike[k]:
            continue
        if k + 1 < len(texts):
            follow, follow_fold = texts[k + 1], folds[k + 1]
        else:
            follow, follow_fold = after, (word_fold(after) if after_word else "")
        words.append(Word(text, folds[k], follow, follow_fold))
    before = tokens[start - 1].word if start > 0 else ""
    return Form(
        "".join(t.text for t in inside),
        tuple(sigla),
        tuple(texts),
        rend_of(inside),
        tuple(words),
        word_fold(before) if is_word(before) else "",
        word_fold(after) if after_word else "",
        start == 0 or tokens[start - 1].text.endswith("\n"),
    )


def readings_of_spans(
    alignment: Alignment, tokens: Sequence[Sequence[Token]], spans: Sequence[tuple[int, int]], reference: int
) -> list[list[int]]:
    """The witnesses grouped by their reading of ``spans`` (text and formatting), the reference
    witness's group first, each group in the order met."""
    order = [reference] + [w for w in range(len(alignment.sigla)) if w != reference]
    keys: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for w in order:
        start, end = spans[w]
        seq = tokens[w][start:end]
        keys.setdefault(("".join(t.text for t in seq), rend_of(seq)), []).append(w)
    return list(keys.values())


def forms_of_spans(
    alignment: Alignment,
    tokens: Sequence[Sequence[Token]],
    spans: Sequence[tuple[int, int]],
    reference: int,
    groups: Sequence[Sequence[int]] | None = None,
) -> list[Form]:
    """One :class:`Form` per distinct reading of ``spans`` (``groups`` if already known: see
    :func:`readings_of_spans`), the reference witness's first."""
    if groups is None:
        groups = readings_of_spans(alignment, tokens, spans, reference)
    forms = []
    for members in groups:
        w = members[0]
        start, end = spans[w]
        sigla = [alignment.sigla[m] for m in sorted(members)]
        forms.append(make_form(tokens[w], start, end, sigla))
    return forms


@dataclass(frozen=True)
class Rules:
    """What the rules need besides the readings: the user's equivalences and the languages whose
    rules apply (:mod:`.languages`; English when none is set)."""

    equivalences: dict[tuple[str, ...], tuple[str, ...]]
    languages: tuple[str, ...] = ("en",)

    @classmethod
    def from_settings(cls, settings: Settings) -> Rules:
        table: dict[tuple[str, ...], tuple[str, ...]] = {}
        for form, canonical in settings.regularizations:
            table[phrase(form)] = phrase(canonical)
        languages = parse_setting(settings.language) if settings.language else ("en",)
        return cls(table, languages)

    @property
    def english(self) -> bool:
        return "en" in self.languages

    def regularize(self, words: Sequence[str]) -> tuple[str, ...]:
        """``words`` with every phrase of the regularization file replaced by its canonical form."""
        if not self.equivalences:
            return tuple(words)
        longest = max(len(k) for k in self.equivalences)
        out: list[str] = []
        i = 0
        while i < len(words):
            for n in range(min(longest, len(words) - i), 0, -1):
                hit = self.equivalences.get(tuple(words[i : i + n]))
                if hit is not None:
                    out.extend(hit)
                    i += n
                    break
            else:
                out.append(words[i])
                i += 1
        return tuple(out)


def quote(words: Iterable[str]) -> str:
    return repr(" ".join(words))
