"""Tokenization: cut a witness into tokens that keep every character of it.

A token is a word (letters and digits, with inner apostrophes and hyphens) or a run of one
punctuation character (``...``, ``--``), followed by the whitespace after it. Joining the tokens
of a witness gives its text back byte for byte: any leading whitespace of the witness is kept
on its first token.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Token, Witness
from .normalize import NORMALIZERS

# Combining marks that belong to the letter before them: Latin, Greek and Cyrillic accents, and
# Hebrew vowel points and accents (not maqaf U+05BE, paseq U+05C0, sof pasuq U+05C3 or nun hafukha
# U+05C6, which are punctuation), Arabic harakat, and the supplements.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
# A word: letters, digits and marks, joined by apostrophes or hyphens inside it.
_WORD = rf"[^\W_](?:[\w{_MARKS}]|['\u2019\u02bc\-\u2010\u2011](?=[^\W_]))*"
# Punctuation: a run of one and the same character, or an ellipsis.
_PUNCT = r"\.{2,}|\u2026|(?P<p>[^\w\s])(?P=p)*|_+"
_TOKEN = re.compile(rf"\s*(?:{_WORD}|{_PUNCT})\s*", re.UNICODE)
_PIECE = re.compile(rf"(?:{_WORD}|{_PUNCT})\s*", re.UNICODE)


def words(witness: Witness, normalizer: str = "standard") -> tuple[Token, ...]:
    """Cut ``witness`` into word and punctuation tokens, each normalized by ``normalizer``."""
    normalize = NORMALIZERS[normalizer]
    text = witness.text
    tokens: list[Token] = []
    lead = len(text) - len(text.lstrip())
    pos = lead
    for match in _PIECE.finditer(text, lead):
        if match.start() != pos:  # cannot happen: every non-space character starts a piece
            raise AssertionError(f"tokenizer skipped text at offset {pos}")
        start = 0 if not tokens else match.start()
        piece = text[start : match.end()]
        tokens.append(Token(piece, normalize(piece.strip()), start, _rend(witness, start, match.end())))
        pos = match.end()
    if not tokens and text:
        # A witness of whitespace only: keep it whole, as a token that matches nothing.
        tokens.append(Token(text, "", 0))
    elif pos != len(text):
        raise AssertionError(f"tokenizer stopped at offset {pos} of {len(text)}")
    return tuple(tokens)


def ends_paragraph(text: str) -> bool:
    """True if a token's text ends a paragraph: its trailing whitespace holds a blank line.

    A fact about a token, read by alignment (no segment runs across a paragraph end), the
    classifier and the writers (where a paragraph closes).
    """
    tail = text[len(text.rstrip()) :]
    return tail.count("\n") >= 2


def _rend(witness: Witness, start: int, end: int) -> tuple[str, ...]:
    if not witness.formatting:
        return ()
    return tuple(sorted({s.rend for s in witness.formatting if s.start < end and s.end > start}))


#: Tokenizers by name; the CLI offers these keys.
TOKENIZERS: dict[str, Callable[..., tuple[Token, ...]]] = {"words": words}


def tokenize(witness: Witness, tokenizer: str = "words", normalizer: str = "standard") -> tuple[Token, ...]:
    """Tokenize ``witness`` with the tokenizer and normalizer named."""
    return TOKENIZERS[tokenizer](witness, normalizer)
