"""The English lexicon behind classification: is a form a word, are two forms one word spelt in
two spelling systems, do two words share a stem.

Judging a divergence needs three answers that no rule of thumb gives reliably, so they come from
maintained word lists that ship inside installed packages (nothing is downloaded at run time):

- **Hunspell's en_US dictionary** (from SCOWL, the word list behind most open-source spell
  checkers), shipped inside ``spylls``, a pure-Python port of Hunspell. It says whether a form is
  an English word (with its inflections: ``received``, ``jobs``, ``season's``) and gives its stem
  (``received`` -> ``receive``). It knows American spellings only. It is read from a prebuilt
  cache (:mod:`collate.classify.hunspell_cache`: every form its rules generate, built once from
  the dictionary with spylls and keyed by the files' sha256), not parsed from text in every run;
  spylls itself is loaded only for a word that could be a rule compound (an ordinal: ``19th``).
- **breame**'s British/American spelling pairs (about 1,700 British forms with their American
  equivalents: ``meagre``/``meager``, ``grey``/``gray``, ``programme``/``program``).
- **Spelling-system rules** (:data:`SPELLING_RULES`) for the regular alternations that no list
  covers completely: -our/-or, -re/-er, -ise/-ize, -yse/-yze, -ogue/-og, -ence/-ense, ae/oe,
  -l/-ll, consonant doubling, -dgement, -eable, -xion, -ward/-wards. A rule only counts when the
  American form it produces is a Hunspell word and the British form is not one (so ``four`` is
  never the British spelling of ``for``, nor ``tour`` of ``tor``), or when both forms are words
  of one stem (``cancelled``/``canceled``), or when the alternation is one where both forms are
  standard (``toward``/``towards``). A few alternations are lexical, not regular, and are listed
  as closed sets (:data:`T_PAST` for ``learnt``/``learned``; :data:`ST_FORMS` for
  ``amongst``/``among``).

All functions take a word as written (any case, any apostrophe glyph) and fold it themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..normalize import LEXICON, LOOKUP

_ROMAN = re.compile(r"(?=[mdclxvi])m*(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?", re.IGNORECASE)


def fold(word: str) -> str:
    """The form compared by the lexicon (:data:`collate.normalize.LEXICON`): NFKC, one apostrophe
    glyph, lower case."""
    return LEXICON(word)


def _hunspell():
    """The en_US Hunspell dictionary shipped with spylls, from its cache (built on first use; kept
    open per process by :func:`.hunspell_cache.open_dictionary`)."""
    from .hunspell_cache import bundled_en_us, open_dictionary

    return open_dictionary(bundled_en_us())


@cache
def known(word: str) -> bool:
    """True if Hunspell's en_US dictionary accepts ``word`` as written.

    Hunspell applies the case rules itself: ``Inside`` and ``INSIDE`` are accepted because
    ``inside`` is, but ``moscow`` is not, because the dictionary has only ``Moscow``; so a
    lower-case typo never passes for a proper name (``noe`` for ``Noe``).
    """
    word = LOOKUP(word)
    return bool(word) and _hunspell().lookup(word)


@cache
def stems(word: str) -> frozenset[str]:
    """The stems Hunspell gives ``word`` (``received`` -> ``receive``), plus its closed-class lemma."""
    word = LOOKUP(word)
    found: set[str] = set()
    dictionary = _hunspell()
    for form in dict.fromkeys((word, word.lower())):
        found.update(s.lower() for s in dictionary.stems(form) if s)
    lemma = CLOSED_LEMMAS.get(word.lower())
    if lemma:
        found.add(lemma)
    return frozenset(found)


def is_number(word: str) -> bool:
    """Digits (``125``, ``1918``, ``15th``) or a Roman numeral (``XIV``): words no dictionary lists."""
    return bool(_NUMBER.fullmatch(word)) or (word.isupper() and bool(_ROMAN.fullmatch(word)))


def is_word(word: str) -> bool:
    """True if ``word`` is an English word in either spelling system, a number, an acronym or an initial.

    A form counts as a word when Hunspell's en_US dictionary accepts it, when breame lists it as
    a British spelling, or when a spelling-system rule turns it into a Hunspell word. Numbers,
    all-capital acronyms (``USSR``, ``RSFSR``) and single letters are words too: no dictionary can
    say they are misspelt.
    """
    word = LOOKUP(word)
    if not word:
        return False
    if is_number(word) or len(word) == 1 or (word.isupper() and word.isalpha()):
        return True
    if known(word):
        return True
    if "-" in word:
        return all(is_word(part) for part in word.split("-") if part)
    for ending in _CLITICS:
        if word.lower().endswith(ending) and len(word) > len(ending) + 1:
            return is_word(word[: -len(ending)])
    return british_form(fold(word)) is not None


# -- US/UK spelling -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpellingRule:
    """A regular British -> American alternation: ``pattern`` in a British form becomes ``american``.

    ``both_words`` marks alternations where both forms are standard words (``towards``/``toward``),
    so the British form may itself be a dictionary word. ``same_stem`` marks alternations (consonant
    doubling) that also count when both forms are words, provided they share a Hunspell stem.
    """

    name: str
    pattern: re.Pattern[str]
    american: str
    both_words: bool = False
    same_stem: bool = False


def _rule(name: str, pattern: str, american: str, **kw: bool) -> SpellingRule:
    return SpellingRule(name, re.compile(pattern), american, **kw)


_C = "[bcdfghjklmnpqrstvwxz]"
#: Directional adverbs in -ward(s), where both forms are standard; nouns such as ``reward``,
#: ``steward`` or ``coward`` are left out, since their -s form is a plural.
_WARD = "to|after|for|back|up|down|in|out|on|home|east|west|north|south|heaven|earth|sea|sky|land|shore"

#: The regular spelling-system alternations, tried on the form suspected to be British.
SPELLING_RULES: tuple[SpellingRule, ...] = (
    _rule("-our/-or", r"our(?=$|s$|ed$|ing$|ful|less|able|ably|ite|er|ist|ism|ise|ize)", "or"),
    _rule("-re/-er", rf"(?<={_C})re(?=s?$)", "er"),
    _rule("-re/-er", rf"(?<={_C})red$", "ered"),
    _rule("-re/-er", rf"(?<={_C})ring$", "ering"),
    _rule("-ise/-ize", r"(?<=[a-z]{2})is(?=e$|ed$|es$|ing$|ation|er$|ers$|able$)", "iz"),
    _rule("-yse/-yze", r"ys(?=e$|ed$|es$|ing$|er$|ers$)", "yz"),
    _rule("-ogue/-og", r"ogue(?=s?$|d$)", "og"),
    _rule("-ogue/-og", r"oguing$", "oging"),
    _rule("-ence/-ense", r"(?<=[cft])ence(?=s?$)", "ense"),
    _rule("ae/e", r"(?<=[a-z])ae(?=[a-z]{2})|^ae(?=[a-z]{3})", "e"),
    _rule("oe/e", r"(?<=[a-z])oe(?=[a-z]{2})|^oe(?=[a-z]{3})", "e"),
    _rule("-l/-ll", r"(?<=[a-z][aeiou])l(?=$|s$|ment|ful)", "ll"),
    _rule("-ll/-l", r"(?<=[aeiou])ll(?=ed$|ing$|er$|ers$|ery$|ous|ent$|or$|ors$|ation)", "l", same_stem=True),
    _rule("consonant doubling", r"(?<=[aeiou])(pp|tt|ss|mm|gg)(?=ed$|ing$|er$|ers$)", "\\1", same_stem=True),
    _rule("-dgement/-dgment", r"dgement", "dgment"),
    _rule("-eable/-able", r"(?<=[a-z]{2}[cgklmnsvz])eable", "able"),
    _rule("-xion/-ction", r"xion", "ction"),
    _rule("-wards/-ward", rf"^({_WARD})wards$", r"\1ward", both_words=True),
)

#: British past tenses in -t whose American counterparts are in -ed: a lexical, closed set.
T_PAST: dict[str, str] = {
    "burnt": "burned",
    "dreamt": "dreamed",
    "dwelt": "dwelled",
    "knelt": "kneeled",
    "leant": "leaned",
    "leapt": "leaped",
    "learnt": "learned",
    "smelt": "smelled",
    "spelt": "spelled",
    "spilt": "spilled",
    "spoilt": "spoiled",
}

#: Conjunctions and prepositions with an older or British form in -st: a closed set.
ST_FORMS: dict[str, str] = {"amidst": "amid", "amongst": "among", "whilst": "while"}

#: British (or older) spellings that breame lacks and no rule can find, because the American
#: form is a dictionary word in its own right (``check``, ``story``): found side by side in
#: two editions, they are one word in two spelling systems.
LISTED_PAIRS: dict[str, str] = {
    "annexe": "annex",
    "carcase": "carcass",
    "cheque": "check",
    "cheques": "checks",
    "despatch": "dispatch",
    "despatched": "dispatched",
    "enquire": "inquire",
    "enquired": "inquired",
    "enquiries": "inquiries",
    "enquiry": "inquiry",
    "gaol": "jail",
    "gaoler": "jailer",
    "gaols": "jails",
    "kerb": "curb",
    "kerbs": "curbs",
    "shew": "show",
    "shewed": "showed",
    "shewing": "showing",
    "shewn": "shown",
    "speciality": "specialty",
    "storey": "story",
    "storeys": "stories",
}


def _undouble(match: re.Match[str]) -> str:
    return match.group(1)[0]


def _apply(rule: SpellingRule, word: str) -> set[str]:
    """Every form ``rule`` makes of ``word``, changing one occurrence or all of them."""
    repl = _undouble if rule.name == "consonant doubling" else rule.american
    out = {rule.pattern.sub(repl, word)}
    for m in rule.pattern.finditer(word):
        single = repl(m) if callable(repl) else m.expand(repl)
        out.add(word[: m.start()] + single + word[m.end() :])
    out.discard(word)
    return out


def _rule_holds(rule: SpellingRule, british: str, american: str) -> bool:
    """True if ``british`` -> ``american`` by ``rule`` is a spelling-system pair, not two words."""
    if not known(american):
        return False
    if rule.both_words or not known(british):
        return True
    return rule.same_stem and bool(stems(british) & stems(american))


@cache
def american_forms(british: str) -> tuple[tuple[str, str], ...]:
    """The American spellings of a British form, each with the evidence: ``(american, source)``.

    Tries breame's list, the closed sets, then each rule, and pairs of rules
    (``colourised`` -> ``colorized``); every result is a Hunspell en_US word.
    """
    british = fold(british)
    found: dict[str, str] = {}
    listed = _breame_american(british)
    if listed:
        found[listed] = "breame's British/American spelling list"
    tables = (
        (T_PAST, "-t/-ed past tense alternation"),
        (ST_FORMS, "-st form alternation"),
        (LISTED_PAIRS, "list of British forms no rule derives"),
    )
    for table, name in tables:
        if british in table:
            found.setdefault(table[british], f"the {name}")
    for rule in SPELLING_RULES:
        for american in _apply(rule, british):
            if _rule_holds(rule, british, american):
                found.setdefault(american, f"the {rule.name} rule")
            for second in SPELLING_RULES:
                if second is rule:
                    continue
                for twice in _apply(second, american):
                    if known(twice) and not known(british):
                        found.setdefault(twice, f"the {rule.name} and {second.name} rules")
    return tuple(sorted(found.items()))


def british_form(word: str) -> tuple[str, str] | None:
    """If ``word`` is a British spelling of an American word, ``(american, evidence)``; else None."""
    forms = american_forms(word)
    return forms[0] if forms else None


#: Endings that attach to any word and leave its spelling alone: the possessive and contractions.
_CLITICS: tuple[str, ...] = ("'s", "s'", "'d", "'ll", "'re", "'ve", "'")


def spelling_variant(a: str, b: str) -> str | None:
    """If ``a`` and ``b`` are one word in British and American spelling, say why; else None.

    A word with a possessive or clitic ending (``neighbour's``) is judged by the word without it,
    and a hyphenated compound (``fibre-filled``) part by part.
    """
    a, b = fold(a), fold(b)
    if a == b:
        return None
    direct = _spelling_pair(a, b)
    if direct:
        return direct
    for ending in _CLITICS:
        if a.endswith(ending) and b.endswith(ending) and min(len(a), len(b)) > len(ending):
            inner = spelling_variant(a[: -len(ending)], b[: -len(ending)])
            if inner:
                return f"{inner}, with the ending {ending!r}"
    parts_a, parts_b = a.split("-"), b.split("-")
    if len(parts_a) == len(parts_b) > 1:
        found = [(x, y) for x, y in zip(parts_a, parts_b) if x != y]
        reasons = [spelling_variant(x, y) for x, y in found]
        if found and all(reasons):
            return "; ".join(r for r in reasons if r) + f", in the compound {a!r}/{b!r}"
    return None


def _spelling_pair(a: str, b: str) -> str | None:
    for british, american in ((a, b), (b, a)):
        for form, source in american_forms(british):
            if form == american:
                return f"{british!r} and {american!r} are the British and American spellings of one word ({source})"
    return None


@cache
def _breame() -> tuple[dict[str, str], dict[str, str]]:
    from breame.data.spelling_constants import AMERICAN_ENGLISH_SPELLINGS, BRITISH_ENGLISH_SPELLINGS

    return BRITISH_ENGLISH_SPELLINGS, AMERICAN_ENGLISH_SPELLINGS


def _breame_american(british: str) -> str | None:
    uk_to_us, _ = _breame()
    return uk_to_us.get(british)


# -- grammar ------------------------------------------------------------------------------------

#: Closed-class paradigms Hunspell lists as separate words: forms of be/have/do and of the
#: personal pronouns, and the two forms of the indefinite article. A change within one of these
#: is grammatical (``was``/``were``, ``he``/``him``), not lexical.
_PARADIGMS: dict[str, tuple[str, ...]] = {
    "be": ("be", "am", "is", "are", "was", "were", "been", "being"),
    "have": ("have", "has", "had", "having"),
    "do": ("do", "does", "did", "done", "doing"),
    "i": ("i", "me", "my", "mine", "myself"),
    "we": ("we", "us", "our", "ours", "ourselves"),
    "thou": ("thou", "thee", "thy", "thine"),
    "he": ("he", "him", "his", "himself"),
    "she": ("she", "her", "hers", "herself"),
    "they": ("they", "them", "their", "theirs", "themselves"),
    "who": ("who", "whom", "whose"),
    "a": ("a", "an"),
}
CLOSED_LEMMAS: dict[str, str] = {form: lemma for lemma, forms in _PARADIGMS.items() for form in forms}


def shared_stem(a: str, b: str) -> str | None:
    """A stem ``a`` and ``b`` share (after bringing British forms to American), or None."""
    ours = stems(a) | {s for us, _ in american_forms(a) for s in stems(us)}
    theirs = stems(b) | {s for us, _ in american_forms(b) for s in stems(us)}
    common = sorted(ours & theirs, key=lambda s: (-len(s), s))
    return common[0] if common else None


# -- proper names -------------------------------------------------------------------------------

_TRANSLIT_STEPS: tuple[tuple[str, str], ...] = (
    ("'", ""),
    ("\u02b9", ""),
    ("\u0451", "e"),
    ("\u00eb", "e"),
    ("tch", "ch"),
    ("kh", "h"),
    ("ks", "x"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
)


def transliteration_key(name: str) -> str:
    """A key under which common romanizations of one (e.g. Russian) name agree.

    ``Trotskii``, ``Trotsky`` and ``Trotskiy``; ``Ilich``, ``Il'ich`` and ``Ilyich``;
    ``Zinoviev`` and ``Zinovyev`` each share a key. Used only for capitalized forms that are not
    dictionary words, so ordinary words never fold together.
    """
    key = fold(name)
    for old, new in _TRANSLIT_STEPS:
        key = key.replace(old, new)
    key = re.sub(r"(.)\1+", r"\1", key)  # ii -> i, ff -> f
    return re.sub(r"(?<=[aeiou])ie|ie(?=v)", "e", key)
