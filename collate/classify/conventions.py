"""Spelling conventions of languages and periods: two forms that one language or period writes two
ways, each rule named, so that the reason says which convention it is.

Every rule takes two words in lower case without marks (:func:`.marks.bare`) and says whether
they are one word by the convention; the first that does decides. Rules are keyed by the
language's code (:mod:`.languages`); English includes its historical period (about 1600-1850:
``turn'd``/``turned``, ``tho'``/``though``, ``your's``/``yours``, ``shew``/``show``,
``controul``/``control``), since the period's forms are no words of today's English that another
word could be confused with.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = Callable[[str, str], bool]

#: Words of English poetry and printing of about 1600-1850 written with an elision mark.
ENGLISH_ELIDED: dict[str, str] = {
    "tho'": "though", "thro'": "through", "altho'": "although", "o'er": "over", "e'er": "ever",
    "ne'er": "never", "e'en": "even", "'tis": "it is", "'twas": "it was", "heav'n": "heaven",
    "ev'ry": "every", "ev'n": "even", "pow'r": "power", "th'": "the", "whate'er": "whatever",
    "where'er": "wherever", "howe'er": "however", "whene'er": "whenever", "tho": "though", "thro": "through",
}  # fmt: skip
#: Possessive pronouns the period wrote with an apostrophe (``your's``, ``it's`` for ``its``).
ENGLISH_POSSESSIVES = {"your's": "yours", "their's": "theirs", "her's": "hers", "our's": "ours", "it's": "its"}
#: Spellings of the period that are no words today, with today's form.
ENGLISH_OLD: dict[str, str] = {
    "shew": "show", "shews": "shows", "shewed": "showed", "shewn": "shown", "shewing": "showing",
    "controul": "control", "controuled": "controlled", "controuling": "controlling", "compleat": "complete",
    "chuse": "choose", "chusing": "choosing", "befal": "befall", "recal": "recall", "ancle": "ankle",
    "croud": "crowd", "gulph": "gulf", "chace": "chase", "connexion": "connection", "waggon": "wagon",
    "ribband": "riband", "ribbands": "ribands", "hollowness": "hollowness", "teaze": "tease", "stile": "style",
    "phrenzy": "frenzy", "phantasy": "fantasy", "extasy": "ecstasy", "surprize": "surprise", "cotemporary": "contemporary",
}  # fmt: skip


def english_elision(x: str, y: str) -> bool:
    """``turn'd``/``turned``, ``mov'd``/``moved``, ``might'st``/``mightst``, ``tho'``/``though``."""
    for short, full in ((x, y), (y, x)):
        if ENGLISH_ELIDED.get(short) == full or ENGLISH_POSSESSIVES.get(short) == full:
            return True
        if short.endswith("'d") and full in (short[:-2] + "ed", short[:-2] + "d", short[:-3] + "ied"):
            return True
        if short.endswith("'d") and len(short) > 3 and short[-3] == short[-4] and full == short[:-3] + "ed":
            return True  # barr'd / barred: written doubled before 'd, as in the full form
        if short.endswith("'st") and full in (short[:-3] + "st", short[:-3] + "est", short[:-3] + "est"):
            return True
        if "'" in short and short.replace("'", "e") == full:
            return True  # heav'n / heaven, pow'r / power
    return False


def english_old(x: str, y: str) -> bool:
    return ENGLISH_OLD.get(x) == y or ENGLISH_OLD.get(y) == x


def _folded(steps: tuple[tuple[str, str], ...]) -> Rule:
    """A rule: ``x`` and ``y`` differ and ``steps`` (pattern, replacement) fold them to one form.
    The patterns are compiled on the rule's first call: a run calls its languages' rules only."""
    compiled: tuple[tuple[re.Pattern[str], str], ...] | None = None

    def rule(x: str, y: str) -> bool:
        nonlocal compiled
        if compiled is None:
            compiled = tuple((re.compile(a), b) for a, b in steps)

        def fold(w: str) -> str:
            for pattern, repl in compiled:
                w = pattern.sub(repl, w)
            return w

        return x != y and fold(x) == fold(y)

    return rule


#: Latin: u/v and i/j one letter each, ae/æ/e and oe/e, assimilated prefixes (adf-/aff-,
#: conp-/comp-), m/n before q (numquam/nunquam), isdem/eisdem/iisdem, the genitive in -ii/-i and
#: the dative in -ui/-u of one word, and the one preposition a/ab/abs, e/ex. (Endings that may be
#: two cases, -is/-es or -i/-e, need the word's lemma: :mod:`.latin`.)
latin = _folded(
    (("v", "u"), ("j", "i"), ("ae", "e"), ("oe", "e"), ("^adf", "aff"), ("^adc", "acc"), ("^adp", "app"),
     ("^adt", "att"), ("^ads", "ass"), ("^adg", "agg"), ("^adl", "all"), ("^adr", "arr"), ("^inm", "imm"),
     ("^inp", "imp"), ("^inl", "ill"), ("^inr", "irr"), ("^conl", "coll"), ("^conm", "comm"), ("^conr", "corr"),
     ("^exs", "ex"), ("nq", "mq"), ("^obp", "opp"), ("^subm", "summ"), ("^subp", "supp"), ("^quom", "cum"), ("mn", "mpn"),
     ("^conp", "comp"), ("^conb", "comb"), ("^inb", "imb"), ("^adm", "amm"), ("^[ei]?isdem$", "isdem"),
     ("^eis$", "iis"), ("(?<=[a-z]{3})ii$", "i"), ("(?<=[a-z]{3}u)i$", ""), ("^abs?$", "a"), ("^ex$", "e"))
)  # fmt: skip
#: French of the sixteenth to eighteenth centuries: -oit/-ait, u/v, i/j, y/i, a silent s, -ez/-és,
#: the plural of -ant without its t (Amans/Amants).
french = _folded(
    (("v", "u"), ("j", "i"), ("y", "i"), ("oi(?=(?:s|t|ent)$)", "ai"), ("oient$", "aient"),
     ("s(?=[bcdfgjklmnpqtv])", ""), ("ez$", "es"), ("sç", "ç"), ("ç", "c"), ("ſ", "s"), ("nts$", "ns"))
)  # fmt: skip
#: French printers' spellings that are safe only where one form is no word of today's list: a
#: doubled consonant (flamme/flame, Hermionne/Hermione), eu/u (veu/vû), a silent final d or z
#: (pied/pié, pieds/piez), a silent t before the plural s (Amans/Amants).
french_weak = _folded(
    (("([bcdfglmnprt])\\1", "\\1"), ("eu", "u"), ("(?<=e)[dz]s?$", ""), ("(?<=[aeiou])ds$", "s"),
     ("v", "u"), ("j", "i"), ("y", "i"), ("oi(?=(?:s|t|ent)$)", "ai"), ("s(?=[bcdfgjklmnpqtv])", ""), ("ez$", "es"))
)  # fmt: skip
#: German: ß/ss and the older th/t (Thür/Tür), -iren/-ieren.
german = _folded((("ß", "ss"), ("th", "t"), ("iren$", "ieren")))
#: Greek: the nasal before ψ (λήμψονται/λήψονται), ει/ι (Πειλᾶτος/Πιλᾶτος), a dropped υ/ϊ in names.
greek = _folded((("μψ", "ψ"), ("ει", "ι"), ("(?<=ω)υ(?=σ)", "")))
#: Hebrew: the vowel letters (matres lectionis) ו and י written or left out.
hebrew_plene = _folded((("[וי]", ""),))


def movable_nu(x: str, y: str) -> bool:
    """Greek ν ἐφελκυστικόν: ``ἐστι``/``ἐστιν``, ``πνεύμασι``/``πνεύμασιν``."""
    short, long = sorted((x, y), key=len)
    return long == short + "ν" and short[-1:] in ("ι", "ε")


def elision(x: str, y: str, apostrophe: bool) -> bool:
    """Greek and Latin-script elision: ``ἀλλ’``/``ἀλλά``, ``δ’``/``δέ``: one vowel written out."""
    short, long = sorted((x, y), key=len)
    return apostrophe and len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "αεοιηωυaeiou"


#: The named rules of each language: (subtype, name, rule).
RULES: dict[str, tuple[tuple[str, str, Rule], ...]] = {
    "en": (
        ("historical-spelling", "historical English elision (-'d/-ed, -'st/-est, tho'/though, your's/yours)", english_elision),
        ("historical-spelling", "historical English spelling (shew/show, controul/control)", english_old),
    ),
    "la": (("historical-spelling", "Latin orthography (u/v, i/j, ae/e, assimilated prefixes, m/n before q, -ii/-i, -ui/-u, a/ab)", latin),),
    "fr": (("historical-spelling", "French historical spelling (-oit/-ait, u/v, i/j, y/i, silent s)", french),),
    "de": (("historical-spelling", "German historical spelling (ß/ss, th/t)", german),),
    "grc": (
        ("movable-nu", "Greek movable nu (ἐστι/ἐστιν)", movable_nu),
        ("historical-spelling", "Greek orthography (μψ/ψ, ει/ι)", greek),
    ),
    "el": (("movable-nu", "Greek movable nu (ἐστι/ἐστιν)", movable_nu),),
    "he": (("plene-defective", "Hebrew vowel letters written or left out (plene/defective)", hebrew_plene),),
}  # fmt: skip


#: Rules that count only when one of the two forms is no word of the language's list.
WEAK_RULES: dict[str, tuple[tuple[str, str, Rule], ...]] = {
    "fr": (("historical-spelling", "French printers' spelling (doubled consonants, eu/u, silent d/z)", french_weak),),
}


def convention(x: str, y: str, languages: tuple[str, ...], both_words: bool = True) -> tuple[str, str] | None:
    """``(subtype, rule name)`` of the first convention of ``languages`` that makes ``x`` and ``y`` one
    word; the weak rules only when ``both_words`` is false."""
    for lang in languages:
        rules = RULES.get(lang, ()) + (() if both_words else WEAK_RULES.get(lang, ()))
        for subtype, name, rule in rules:
            if rule(x, y):
                return subtype, name
    return None


#: The word ``&`` stands for in each language (the WORD chain reads it as English ``and``).
AND_WORDS: frozenset[str] = frozenset({"and", "et", "und", "καί", "και", "e", "y", "i", "и", "ו"})


def same_word(a: str, b: str) -> bool:
    """One word, or ``and`` (an ampersand) and another language's word for it."""
    return a == b or (a != b and {a, b} <= AND_WORDS and "and" in (a, b))


_GREEK_VOWELS = "αεηιουω"


def crasis(first: str, second: str, merged_text: str) -> bool:
    """Greek crasis: two words written as one with a coronis (``καὶ ἐγώ`` / ``κἀγώ``, ``τὸ ὄνομα`` /
    ``τοὔνομα``). ``first`` and ``second`` are letters without marks; ``merged_text`` is the one
    word as written, which must carry the coronis (a smooth breathing inside the word)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFD", merged_text)
    inner = decomposed[1:].lstrip("\u0300\u0301\u0313\u0314\u0342\u0345")
    if "\u0313" not in inner and "\u0343" not in inner:
        return False
    merged = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    head, tail = first.rstrip(_GREEK_VOWELS), second.lstrip(_GREEK_VOWELS)
    if not head or not tail or not (merged.startswith(head) and merged.endswith(tail)):
        return False
    middle = merged[len(head) : len(merged) - len(tail)]
    return len(merged) >= len(head) + len(tail) and 1 <= len(middle) <= 2 and all(c in _GREEK_VOWELS for c in middle)
