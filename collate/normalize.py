"""Normalization: the form of a token that alignment compares.

The normalized form ignores what an editor counts as accidental presentation: Unicode
composition, letter case, the glyph of quotation marks and apostrophes, dash and ellipsis
glyphs. The original text is never touched; see :class:`collate.model.Token`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

#: Characters folded to one form before comparison.
_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",
        "\u2212": "-",  # minus
        "\u2026": "...",  # ellipsis
        "\u00a0": " ",
    }
)

#: Marks that are all one quotation mark once folded; a stand-alone quote token normalizes to '"'.
QUOTES = frozenset("'\"")


def standard(text: str) -> str:
    """Return the comparison form of one token's text (its whitespace already stripped)."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_FOLD)  # fold after casefold: "ŉ" -> "ʼn" -> "'n"
    if folded and set(folded) <= QUOTES:
        return '"'
    if folded and set(folded) == {"-"}:
        return "-"
    return unicodedata.normalize("NFC", folded)


def exact(text: str) -> str:
    """Compare tokens exactly as written (only Unicode composition is unified)."""
    return unicodedata.normalize("NFC", text)


#: Normalizers by name; the CLI offers these keys.
NORMALIZERS: dict[str, Callable[[str], str]] = {"standard": standard, "exact": exact}
