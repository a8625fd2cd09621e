"""Ketiv and qere: the Masoretic text writes some words one way (the ketiv) and reads them another
(the qere), and editions differ in which they print.

A pointed edition that prints the ketiv's consonants gives them the qere's vowels, so a letter of
the ketiv that the qere does not read is left without a vowel point, and it follows a letter
whose vowel it cannot spell (``וַתָּבוֹאינָה`` at Esther 4:4: a yod after a quiescent alef, where
the qere ``וַתָּבוֹאנָה`` has none; ``הִוא`` for ``הִיא``: a vav under a hiriq). That is what tells
it from plene against defective spelling, where the extra yod or vav is a vowel letter
(mater lectionis) that spells the vowel before it (``וְהִפִּיל`` / ``וְהִפִּל``: a yod after
hiriq) or carries its own (``יוֹשֵׁב`` / ``יֹשֵׁב``: a vav with holam).
"""

from __future__ import annotations

import difflib
import unicodedata

#: Vowel points (sheva to qubuts, holam haser for vav, qamats qatan); accents (U+0591-U+05AF) and
#: dagesh, meteg and the shin/sin dots are not vowels.
VOWELS = frozenset("\u05b0\u05b1\u05b2\u05b3\u05b4\u05b5\u05b6\u05b7\u05b8\u05b9\u05ba\u05bb\u05c7")
#: The vowels each vowel letter can spell when it follows them without a point of its own.
SPELLS = {"י": frozenset("\u05b4\u05b5\u05b6\u05b8"), "ו": frozenset("\u05b9\u05ba\u05bb")}


def _clusters(word: str) -> list[tuple[str, frozenset[str]]]:
    """Each letter of ``word`` with the vowel points written on it."""
    out: list[tuple[str, frozenset[str]]] = []
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch):
            if out and ch in VOWELS:
                out[-1] = (out[-1][0], out[-1][1] | {ch})
        elif "\u05d0" <= ch <= "\u05ea":
            out.append((ch, frozenset()))
    return out


def _unread(clusters: list[tuple[str, frozenset[str]]], i: int) -> bool:
    """Letter ``i`` is a yod or vav without a vowel that spells no vowel of the letter before it."""
    letter, points = clusters[i]
    if letter not in SPELLS or points:
        return False
    before = clusters[i - 1][1] if i > 0 else frozenset()
    return not (before & SPELLS[letter])


def ketiv_qere(x: str, y: str) -> tuple[str, str] | None:
    """``(ketiv, qere)`` if one of the two pointed words writes a letter the other's reading does not
    read, and otherwise they differ only in vowel letters; else None."""
    cx, cy = _clusters(x), _clusters(y)
    if not cx or not cy or not any(p for _, p in cx) or not any(p for _, p in cy):
        return None  # unpointed: nothing shows which letters are read
    letters_x, letters_y = [c for c, _ in cx], [c for c, _ in cy]
    if letters_x == letters_y:
        return None
    unread_x = unread_y = False
    matcher = difflib.SequenceMatcher(None, letters_x, letters_y, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            if any(cx[i][1] != cy[j][1] for i, j in zip(range(i1, i2), range(j1, j2))):
                return None  # other vowels on the shared letters: another word, not one reading
            continue
        if any(c not in SPELLS for c in letters_x[i1:i2] + letters_y[j1:j2]):
            return None
        unread_x |= any(_unread(cx, i) for i in range(i1, i2))
        unread_y |= any(_unread(cy, j) for j in range(j1, j2))
    if unread_x == unread_y:
        return None
    return (x, y) if unread_x else (y, x)
