"""Normalization: the forms of a token that collate compares, built from small named steps.

The original text is never touched (see :class:`collate.model.Token`); what is compared is a form
that ignores what an editor counts as accidental presentation. As in CollateX's
``SimpleTokenNormalizers``, each step is a small function of a token's text, and a
:class:`Normalizer` applies a chain of them in order. One set of steps serves every stage:

- alignment compares the form of the chain the settings name (:data:`NORMALIZERS`: ``standard``,
  the default, or ``exact``);
- classification tells glyph differences from others with :data:`GLYPH` and compares words in
  the form :data:`WORD` gives;
- the anchored aligner compares a further folded *matching form* (:mod:`collate.align.nearmatch`
  chains :func:`casefold`, :func:`strip_diacritics` and :func:`letters_only` as configured);
- the English lexicon looks words up in the form :data:`LOOKUP` gives, and compares them in the
  form :data:`LEXICON` gives.

Each step's docstring says in one line what it does; :meth:`Normalizer.describe` joins those
lines, so the TEI header states the normalization actually used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

Step = Callable[[str], str]

#: Glyphs of the apostrophe and single quotation mark, read as ``'``.
APOSTROPHES = "\u2018\u2019\u201a\u201b\u02bc\u2032`\u00b4"
#: Glyphs of the double quotation mark, read as ``"``.
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"
#: Hyphens, dashes and the minus sign, read as ``-``.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

_MARKS = str.maketrans(
    {
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(DASHES, "-"),
        "\u2026": "...",  # ellipsis
        "\u00a0": " ",  # no-break space
    }
)
_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))

#: Marks that are all one quotation mark once folded; a stand-alone quote token normalizes to '"'.
QUOTES = frozenset("'\"")


# -- the steps ----------------------------------------------------------------------------------


def nfc(text: str) -> str:
    """Unicode NFC (composed characters)"""
    return unicodedata.normalize("NFC", text)


def nfkc(text: str) -> str:
    """Unicode NFKC (compatibility forms such as ligatures unified)"""
    return unicodedata.normalize("NFKC", text)


def casefold(text: str) -> str:
    """letter case folded"""
    return text.casefold()


def fold_marks(text: str) -> str:
    """typographic quotation marks, apostrophes, dashes and ellipses folded to one form each"""
    return text.translate(_MARKS)


def fold_apostrophes(text: str) -> str:
    """apostrophe glyphs folded to '"""
    return text.translate(_APOSTROPHES)


def lone_marks(text: str) -> str:
    """a token of quotation marks only read as one quotation mark, of dashes only as one dash"""
    if text and set(text) <= QUOTES:
        return '"'
    if text and set(text) == {"-"}:
        return "-"
    return text


def lone_dots(text: str) -> str:
    """a token of two or more full stops read as an ellipsis"""
    if len(text) >= 2 and set(text) == {"."}:
        return "..."
    return text


def ampersand(text: str) -> str:
    """'&' read as 'and'"""
    return "and" if text == "&" else text


def strip_diacritics(text: str) -> str:
    """diacritics (combining marks) removed, unless nothing else is left"""
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped) if stripped else text


def letters_only(text: str) -> str:
    """punctuation inside or around a word removed (a token of punctuation only kept)"""
    word = "".join(c for c in text if c.isalnum())
    return word or text


def is_word(token: str) -> bool:
    """True for a word token (letters or digits, or ``&``), false for punctuation: the tokens whose
    comparison form is :data:`WORD`'s."""
    return token[:1].isalnum() or token == "&" or any(c.isalnum() for c in token)  # most words: the first letter


# -- chains -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Normalizer:
    """A chain of steps applied in order; results are cached, since tokens recur."""

    name: str
    steps: tuple[Step, ...]
    _cached: Step = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        steps = self.steps

        def run(text: str) -> str:
            for step in steps:
                text = step(text)
            return text

        object.__setattr__(self, "_cached", lru_cache(maxsize=1 << 16)(run))

    def __call__(self, text: str) -> str:
        return self._cached(text)

    def then(self, name: str, *steps: Step) -> Normalizer:
        """This chain followed by ``steps``, as a new normalizer called ``name``."""
        return Normalizer(name, self.steps + steps)

    def describe(self) -> str:
        """What the chain does, in words: each step's line, in order, each said once."""
        lines = dict.fromkeys((step.__doc__ or step.__name__).strip() for step in self.steps)
        return "; ".join(lines)


#: Alignment's default: composed, case folded, one glyph per mark.
STANDARD = Normalizer("standard", (nfc, casefold, fold_marks, lone_marks, nfc))  # casefold first: "ŉ" -> "ʼn" -> "'n"
#: Alignment on the text as written (only Unicode composition is unified).
EXACT = Normalizer("exact", (nfc,))
#: Classification's glyph form: two tokens of one glyph form differ typographically only. Marks
#: are folded before NFKC too, which would otherwise turn the acute accent used as an apostrophe
#: (``don´t``) into a space and a combining accent, and ``″`` into two primes.
GLYPH = Normalizer("glyph", (fold_marks, nfkc, fold_marks, lone_marks, lone_dots))
#: Classification's comparison form of a word: its glyph form, case folded, ``&`` read as ``and``.
WORD = Normalizer("word", (ampersand, *GLYPH.steps, casefold))
#: The lexicon's lookup form: Hunspell applies case rules itself, so case is kept; apostrophes
#: are folded before NFKC for the reason given at :data:`GLYPH`, and after it for ``ŉ``.
LOOKUP = Normalizer("lookup", (fold_apostrophes, nfkc, fold_apostrophes))
#: The lexicon's comparison form of a word.
LEXICON = LOOKUP.then("lexicon", casefold)


def standard(text: str) -> str:
    """Return the comparison form of one token's text (its whitespace already stripped)."""
    return STANDARD(text)


def exact(text: str) -> str:
    """Compare tokens exactly as written (only Unicode composition is unified)."""
    return EXACT(text)


#: Normalizers by name; the CLI offers these keys.
NORMALIZERS: dict[str, Normalizer] = {n.name: n for n in (STANDARD, EXACT)}


def describe(name: str) -> str:
    """What the normalizer called ``name`` does, for the record of a collation's settings."""
    chain = NORMALIZERS.get(name)
    return chain.describe() if chain is not None else f"the normalizer {name!r} (not one this collate knows)"
