"""The language-independent layer: what every language gets before its own rules.

Diacritics (accents, breathings, iota subscript, diaeresis, cedilla, Hebrew vowel points, dagesh
and cantillation: every Unicode combining mark), final letter forms (σ/ς, ך/כ, ם/מ, ן/נ, ף/פ,
ץ/צ), letters written as ligatures that Unicode does not fold (æ, œ), abbreviation marks, and the
letter confusions of optical character recognition. Each is a fact of the script, not of one
language, so the functions here take words and no language.
"""

from __future__ import annotations

import unicodedata
from functools import cache

#: Final letter forms and the letter they stand for.
FINAL_FORMS = str.maketrans({"ς": "σ", "ך": "כ", "ם": "מ", "ן": "נ", "ף": "פ", "ץ": "צ"})
#: Ligatures and abbreviation marks Unicode's compatibility folding leaves alone.
LIGATURES: dict[str, str] = {"æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ꝑ": "per", "ꝓ": "pro", "⁊": "et"}
_LIGATURES = str.maketrans(LIGATURES)
GRAVE, ACUTE = "\u0300", "\u0301"


@cache
def bare(word: str) -> str:
    """``word`` without combining marks, final forms or ligatures, in lower case: the letters."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_LIGATURES))  # marks off before casefold (ᾳ)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", letters).casefold().translate(FINAL_FORMS)


@cache
def unmarked(word: str) -> str:
    """``word`` without combining marks (final forms and ligatures kept), in lower case."""
    decomposed = unicodedata.normalize("NFKD", word.lower())  # lower, not casefold, which folds ς to σ
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def marks_kind(x: str, y: str) -> tuple[str, str] | None:
    """If ``x`` and ``y`` differ only in marks, final forms or ligatures: ``(subtype, reason)``."""
    if x == y or bare(x) != bare(y):
        return None
    if unmarked(x) == unmarked(y):
        return "diacritics", _marks_reason(x, y)
    if unmarked(x).translate(FINAL_FORMS) == unmarked(y).translate(FINAL_FORMS):
        return "final-form", f"final form: {x!r} and {y!r} differ in a final letter form only (σ/ς, ך/כ)"
    return "diacritics", f"ligature or abbreviation mark: {x!r} and {y!r} are the same letters"


def _marks_reason(x: str, y: str) -> str:
    dx, dy = unicodedata.normalize("NFD", x.lower()), unicodedata.normalize("NFD", y.lower())
    if dx.replace(GRAVE, ACUTE) == dy.replace(GRAVE, ACUTE):
        return (
            f"diacritics: {x!r} and {y!r} differ in grave against acute only, which depends on the word's "
            "position (an acute on the last syllable is written grave before another word)"
        )
    return f"diacritics: {x!r} and {y!r} differ in accents, breathings or points only"


#: Letter confusions of optical character recognition, each read both ways.
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("rn", "m"), ("li", "h"), ("h", "b"), ("l", "t"), ("e", "c"), ("c", "o"), ("f", "ſ"), ("f", "s"),
    ("u", "n"), ("ii", "u"), ("cl", "d"), ("vv", "w"), ("1", "l"), ("0", "o"), ("i", "l"), ("t", "f"),
    ("in", "m"), ("ri", "n"), ("e", "o"), ("a", "o"), ("y", "v"),
)  # fmt: skip


def ocr_confusion(wrong: str, right: str, depth: int = 2) -> list[str]:
    """The confusions (``"h/b"``) that turn ``wrong`` into ``right``, at most ``depth`` of them; [] if none."""
    if depth == 0 or abs(len(wrong) - len(right)) > depth:
        return []
    for a, b in OCR_CONFUSIONS:
        for seen, meant in ((a, b), (b, a)):
            start = wrong.find(seen)
            while start >= 0:
                fixed = wrong[:start] + meant + wrong[start + len(seen) :]
                if fixed == right:
                    return [f"{meant}/{seen}"]
                deeper = ocr_confusion(fixed, right, depth - 1) if depth > 1 else []
                if deeper:
                    return [f"{meant}/{seen}", *deeper]
                start = wrong.find(seen, start + 1)
    return []
