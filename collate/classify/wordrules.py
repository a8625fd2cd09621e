"""Word rules that depend on the collation's language: is a form a word of the language, do two
forms share a lemma, and the rules of the language-independent layer (marks, final forms,
ligatures), of spelling conventions (:mod:`.conventions`) and of OCR confusions.

English asks the Hunspell dictionary and the spelling-system lists (:mod:`.lexicon`); other
languages ask simplemma's word lists and lemmatizer (:mod:`.lemmas`) and, for French, German,
modern Greek and Hebrew, Debian's Hunspell dictionary when it is installed (:func:`hunspell_word`;
without it, simplemma's lists alone, as before). A language neither knows
gets the rules that need no word list: nothing is then called a typo, since a typo is a non-word
next to a word and no list can say which is which.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from rapidfuzz.distance import OSA

from . import lemmas, lexicon
from .hebrew import ketiv_qere
from .latin import latin_spelling
from .conventions import WEAK_RULES, convention, same_word
from .forms import Rules, Verdict, Word
from .marks import bare, marks_kind, ocr_confusion

APOSTROPHES = frozenset("'\u2019\u02bc\u1fbd\u1fbf")


def is_word(text: str, rules: Rules) -> bool:
    """True if ``text`` is a word of one of the collation's languages (or a number)."""
    if lexicon.is_number(text):
        return True
    for lang in rules.languages:
        if lang == "en" and lexicon.is_word(text):
            return True
        if lang != "en" and (lemmas.known(text, lang) or hunspell_word(text, lang)):
            return True
    return False


@cache
def hunspell_word(text: str, lang: str) -> bool:
    """True if the installed Hunspell dictionary of ``lang`` accepts ``text``; False without one.

    Hebrew's dictionary (Hspell) lists unpointed spellings, so vowel points and cantillation marks
    are removed first; a pointed edition's words are then found as their consonantal text.
    """
    from .hunspell_cache import LANGUAGE_DICTIONARIES, for_language

    if lang not in LANGUAGE_DICTIONARIES:
        return False
    dictionary = for_language(lang)
    if dictionary is None:
        return False
    if lang == "he":
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return dictionary.lookup(unicodedata.normalize("NFC", text))


def second_opinion(word: Word, rules: Rules) -> bool:
    """For English, whether simplemma's English list holds a form Hunspell lacks (``palter``): asked
    only before calling a form a typo or a misreading, so that two real words never are one."""
    return rules.english and lemmas.listed(word.text, "en")


def has_word_list(rules: Rules) -> bool:
    """Whether some language of the collation has a list that can say a form is no word."""
    return any(lang == "en" or lemmas.supported(lang) for lang in rules.languages)


def shared_lemma(x: Word, y: Word, rules: Rules) -> str | None:
    """A stem or lemma ``x`` and ``y`` share in one of the collation's languages, or None."""
    for lang in rules.languages:
        if lang == "en":
            stem = lexicon.shared_stem(x.fold, y.fold)
            if stem:
                return stem
        elif lemmas.supported(lang):
            lx, ly = lemmas.lemma(x.text, lang), lemmas.lemma(y.text, lang)
            if lx == ly and (lemmas.known(x.text, lang) or lemmas.known(y.text, lang)):
                return lx
    return None


def rule_marks(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """Accents, breathings, points, final forms or ligatures only: orthographic, in every language."""
    found = marks_kind(x.text, y.text)
    if found:
        return Verdict("orthographic", found[0], found[1])
    return None


def _elided(w: Word) -> bool:
    return w.follow in APOSTROPHES or w.text[-1:] in APOSTROPHES


def rule_convention(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """A spelling convention of the language or period (:mod:`.conventions`), named in the reason."""
    bx, by = _with_elision(x), _with_elision(y)
    found = convention(bx, by, rules.languages)
    if found is None and any(lang in WEAK_RULES for lang in rules.languages):
        if not (is_word(x.text, rules) and is_word(y.text, rules)):
            found = convention(bx, by, rules.languages, both_words=False)
    if found is None and (_elided(x) or _elided(y)):
        short, long = sorted((bare(x.fold), bare(y.fold)), key=len)
        if len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "αεοιηωυaeiou":
            found = ("elision", "elision (a final vowel elided with an apostrophe or written out)")
    if found is None:
        return None
    subtype, name = found
    return Verdict("orthographic", subtype, f"{subtype}: {x.text!r} and {y.text!r} are one word by the rule of {name}")


def rule_ketiv_qere(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """Hebrew: one pointed edition prints the ketiv's consonants under the qere's vowels, the other
    the qere (:mod:`.hebrew`); tried before plene/defective, which would also fold the letter."""
    if "he" not in rules.languages:
        return None
    found = ketiv_qere(x.text, y.text)
    if found is None:
        return None
    ketiv, qere = found
    return Verdict(
        "orthographic",
        "ketiv-qere",
        f"ketiv-qere: {ketiv!r} writes the ketiv's consonants under the qere's vowels (a yod or vav "
        f"without a vowel that spells none before it, left unread), {qere!r} the qere: one word read one way",
    )


#: Languages whose elided clitics (qu’, l’, d’, s’, n’...) printers write with an apostrophe.
ELIDING = frozenset({"fr", "it"})
#: The clitics that are elided before a vowel in those languages, as written before the apostrophe.
ELIDED_CLITICS = frozenset(
    {"qu", "l", "d", "s", "n", "m", "t", "j", "c", "lorsqu", "puisqu", "jusqu", "quoiqu", "un", "dell", "all", "nell", "sull"}
)


def rule_elision_apostrophe(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """French and Italian: the same letters, one with the apostrophe of an elided clitic and one
    without (``Qu’elle``/``Quelle``, ``l’amy``/``lamy``): the printer's or the copy's slip, since
    the clitic and its word are the same letters either way."""
    if not ELIDING & set(rules.languages):
        return None
    for marked, plain in ((x, y), (y, x)):
        parts = marked.fold.replace("\u2019", "'").replace("\u02bc", "'").split("'")
        if len(parts) == 2 and all(parts) and parts[0] in ELIDED_CLITICS and "".join(parts) == plain.fold:
            return Verdict(
                "typo",
                "misspelling",
                f"misspelling: {plain.text!r} is {marked.text!r} with the apostrophe of its elided "
                f"{parts[0]!r} left out (the same letters)",
            )
    return None


def rule_latin(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """Latin spellings that need a lemma or a dictionary entry (:mod:`.latin`): i-stem endings,
    syncope before -cul-, stems Whitaker's Words spells two ways."""
    if "la" not in rules.languages:
        return None
    name = latin_spelling(bare(x.fold), bare(y.fold))
    if name is None:
        return None
    return Verdict(
        "orthographic", "spelling", f"spelling: {x.text!r} and {y.text!r} are one word by the rule of {name}"
    )


def _with_elision(w: Word) -> str:
    """The word's letters, with the apostrophe the tokenizer split off (``tho'``) put back."""
    form = bare(w.fold).replace("\u2019", "'").replace("\u02bc", "'")
    return form + "'" if w.follow in APOSTROPHES and not form.endswith("'") else form


def rule_ocr(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """A non-word that the letter confusions of a scan turn into the other reading, a word."""
    if not has_word_list(rules):
        return None
    xw, yw = is_word(x.text, rules), is_word(y.text, rules)
    if xw and yw:
        return None  # two words of the language: no list can say one is a misreading
    if not (xw or yw):  # neither is listed (an old spelling): one confusion of four letters or more only
        steps = ocr_confusion(x.fold, y.fold, depth=1) if min(len(x.fold), len(y.fold)) >= 4 else []
        if steps:
            return Verdict("ocr", None, f"OCR misreading: {x.text!r} and {y.text!r} differ by one scan confusion ({steps[0]})")
        return None
    wrong, right = (y, x) if xw else (x, y)
    steps = ocr_confusion(wrong.fold, right.fold)
    # the scan's confusions must explain the reading at least as simply as a slip of the pen does
    # (sucecssive for successive is one swap of two letters, a typo, not two confusions)
    if steps and len(steps) <= OSA.distance(wrong.fold, right.fold) and not second_opinion(wrong, rules):
        return Verdict(
            "ocr",
            None,
            f"OCR misreading: {wrong.text!r} is no word and is {right.text!r} misread ({', '.join(steps)})",
        )
    return None


def rule_name_spelling(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """Outside English: two capitalized forms no word list holds, one or two letters apart, are
    one name spelt two ways (``Μωϋσῆς``/``Μωσῆς``)."""
    if rules.english or not (x.text[:1].isupper() and y.text[:1].isupper()):
        return None
    if is_word(x.text, rules) or is_word(y.text, rules):
        return None
    distance = OSA.distance(bare(x.fold), bare(y.fold))
    if 0 < distance <= (1 if len(x.fold) <= 5 else 2):
        return Verdict(
            "orthographic",
            "spelling",
            f"spelling of a name: {x.text!r} and {y.text!r} are no dictionary words and {distance} letter(s) apart",
        )
    return None


def rule_ampersand(x: Word, y: Word, rules: Rules) -> Verdict | None:
    """``&`` against the language's word for "and" (``et``, ``und``, ``καί``)."""
    if "&" in (x.text, y.text) and same_word(x.fold, y.fold):
        return Verdict("typographic", "ampersand", f"typographic (ampersand): {x.text!r} and {y.text!r} are one word")
    return None
