"""Structure that is not text of the work: speaker prefixes in drama and act, scene, chapter or
volume headings (and their numbering styles), judged as the class ``structural`` so that an
editor can hide them.

A heading is a reading made only of heading words (``act``, ``scene``, ``chapter``...), numerals
in any style (``I``, ``5th``, ``third``, ``the first``) and punctuation, with a heading word in it
or just before it. A speaker prefix is a reading at the start of a line made of one to three
capitalized words and a full stop: in a play, a name so placed is the speaker, not a word spoken.
"""

from __future__ import annotations

import re

from .forms import Form

HEADING_WORDS = frozenset(
    {"act", "scene", "chapter", "chap", "book", "volume", "vol", "part", "canto", "section", "letter", "sect"}
    | {"acte", "scène", "chapitre", "livre", "liber", "caput", "actus", "scena", "kapitel", "akt", "buch"}
)
_ORDINALS = frozenset(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
    + "one two three four five six seven eight nine ten eleven twelve".split()
)
_NUMERAL = re.compile(r"(?:\d+(?:st|nd|rd|th|d)?|[ivxlcdm]+(?:st|nd|rd|th)?)", re.IGNORECASE)


def _heading_word(fold: str) -> bool:
    return fold in HEADING_WORDS or fold in _ORDINALS or fold == "the" or bool(_NUMERAL.fullmatch(fold))


def is_heading(form: Form) -> bool:
    """Only heading words, numerals and punctuation, with a heading word in or just before the reading."""
    folds = [w.fold for w in form.words]
    if not folds or not all(_heading_word(f) for f in folds):
        return False
    return any(f in HEADING_WORDS for f in folds) or form.before in HEADING_WORDS


def is_speaker(form: Form) -> bool:
    """One to three capitalized words and a full stop (in the reading or just after it), at the
    start of a line."""
    words = [w.text for w in form.words]
    if not (form.line_start and 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)):
        return False
    rest = [t for t in form.tokens if t and not any(c.isalnum() for c in t)]
    stop = rest == ["."] and form.tokens[-1] == "."
    return stop or (not rest and form.words[-1].follow == ".")


def structural(a: Form, b: Form) -> tuple[str, str] | None:
    """``(subtype, reason)`` if both readings are a speaker prefix, or both a heading."""
    if is_speaker(a) and is_speaker(b):
        return "speaker", f"speaker prefix: {a.text.strip()!r} and {b.text.strip()!r} name the speaker, not text spoken"
    if is_heading(a) and is_heading(b):
        return "heading", f"heading: {a.text.strip()!r} and {b.text.strip()!r} are a heading in two numbering styles"
    return None
