"""The classes of divergence: their names, severities and subtypes, what counts as substantive,
and their TEI names. The classifier (:mod:`collate.classify`) assigns them; the writers, the
regularization file and the command line only name them, so they import this module, not the
classifier.

Vocabulary of ``Variant.type`` / ``Reading.type`` (from least to most serious, :data:`SEVERITY`)
and their subtypes (:data:`SUBTYPES`):

- ``whitespace``: the same tokens with different spacing or line division;
- ``structural``: not text of the work: ``speaker`` (a speaker prefix in drama, ``CAMILLO.`` /
  ``Camillo.``), ``heading`` (act, scene, chapter or volume headings and their numbering styles,
  ``ACT I.`` / ``THE FIRST ACT.``, and running heads);
- ``typographic``: the same text in other glyphs or formatting: ``quotes`` (“ ” vs ' '),
  ``apostrophe`` (’ vs '), ``dash``, ``ellipsis`` (… vs ...), ``ampersand``, ``glyph``
  (ligatures and other compatibility forms), ``emphasis`` (italic or bold on one side only);
- ``case``: letter case only (``moscow``/``Moscow``);
- ``punctuation``: the same words, other punctuation;
- ``orthographic``: the same words spelt otherwise: ``spelling`` (British and American systems,
  ``centre``/``center``), ``regularization`` (an equivalence from the user's regularization file),
  ``transliteration`` (``Trotskii``/``Trotsky``), ``abbreviation`` (``Gen.``/``General``),
  ``date`` (one date written in two conventions, ``August 15``/``the 15 August``),
  ``numeral`` (``125``/``one hundred and twenty-five``), ``word-division`` (``to-day``/``today``),
  ``diacritics`` (accents, breathings, vowel points only: ``καιρὸς``/``καιρός``), ``final-form``
  (``σ``/``ς``, ``ך``/``כ``), ``movable-nu`` (Greek ``ἐστι``/``ἐστιν``), ``elision``
  (``ἀλλ’``/``ἀλλά``), ``crasis`` (``κἀγώ``/``καὶ ἐγώ``), ``historical-spelling`` (a period's
  convention: ``turn'd``/``turned``,
  ``vna``/``una``, ``estoit``/``estait``), ``plene-defective`` and ``ketiv-qere`` (Hebrew);
- ``ocr``: a misreading of a digitisation (``tbe``/``the``, ``rnen``/``men``): a reading that is
  no word and becomes the other reading by the letter confusions of a scan;
- ``typo``: an error of the copy: ``misspelling`` (a form that is no word, within a small edit
  distance of the other reading, ``noe``/``none``), ``dittography`` (a doubled word,
  ``the the``, or a contraction that repeats the next word, ``that's is``);
- ``substantive``: the wording differs: ``lexical`` (another word), ``addition``, ``omission``,
  ``grammatical`` (another form of the same word, ``received``/``receive``), ``transposition``
  (the same words in another order, or moved to a nearby place, linked by ``Variant.links``).

Which classes count as substantive (highlighted in reports, kept apart in ``groups``) is a
setting (``Settings.substantive``: class names, or ``class:subtype``); by default only
``substantive``. For TEI, :func:`tei_type` maps each class to the ``@type`` values the programs
that read the apparatus share (EVT's ``lexical``, ``grammatical``, ``transposition``,
``spelling``, ``orthographic``, ``punctuation``, and ``typo``, one of teiphy's trivial reading
types), keeping the class in ``@subtype``; :data:`STEMMAWEB_TYPES` names them as Stemmaweb's
relation types and :func:`teiphy_trivial_types` gives teiphy's ``-t`` list for a setting. See
``docs/classification.md`` and ``docs/formats.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

#: Classes from least to most serious; a location takes the most serious of its readings.
SEVERITY: tuple[str, ...] = (
    "whitespace",
    "structural",
    "typographic",
    "case",
    "punctuation",
    "orthographic",
    "ocr",
    "typo",
    "substantive",
)

#: The subtypes each class may carry (``None`` is always allowed).
SUBTYPES: dict[str, tuple[str, ...]] = {
    "whitespace": (),
    "structural": ("speaker", "heading"),
    "typographic": ("quotes", "apostrophe", "dash", "ellipsis", "ampersand", "glyph", "emphasis"),
    "case": (),
    "punctuation": (),
    "orthographic": (
        "spelling",
        "regularization",
        "transliteration",
        "abbreviation",
        "date",
        "numeral",
        "word-division",
        "diacritics",
        "final-form",
        "movable-nu",
        "elision",
        "crasis",
        "historical-spelling",
        "plene-defective",
        "ketiv-qere",
    ),
    "ocr": (),
    "typo": ("misspelling", "dittography"),
    "substantive": ("lexical", "addition", "omission", "grammatical", "transposition"),
}

#: ``@type`` for each class (and substantive subtype): the names EVT colours or hides, teiphy's
#: "trivial" reading types and Stemmaweb's relation types share (docs/formats.md has the table).
TEI_TYPES: dict[str, str] = {
    "whitespace": "orthographic",
    "structural": "orthographic",
    "typographic": "orthographic",
    "case": "orthographic",
    "punctuation": "punctuation",
    "orthographic": "orthographic",
    "orthographic:spelling": "spelling",
    "orthographic:historical-spelling": "spelling",  # a spelling system, as Stemmaweb's "spelling"
    "orthographic:plene-defective": "spelling",  # Hebrew with or without vowel letters
    "ocr": "typo",  # a slip of the digitisation, not a spelling system: like a compositor's slip
    "typo": "typo",
    "substantive:lexical": "lexical",
    "substantive:addition": "lexical",
    "substantive:omission": "lexical",
    "substantive:grammatical": "grammatical",
    "substantive:transposition": "transposition",
    "substantive": "lexical",
}

#: How Stemmaweb's relation types name each TEI ``@type`` (it has no ``typo``: a slip is "other").
STEMMAWEB_TYPES: dict[str, str] = {
    "orthographic": "orthographic",
    "spelling": "spelling",
    "punctuation": "punctuation",
    "typo": "other",
    "lexical": "lexical",
    "grammatical": "grammatical",
    "transposition": "transposition",
}


def tei_type(kind: str, subtype: str | None = None) -> tuple[str, str]:
    """The TEI ``(@type, @subtype)`` of a class: the consumers' name, and ours (``typo-misspelling``)."""
    tei = TEI_TYPES.get(f"{kind}:{subtype}", TEI_TYPES[kind])
    return tei, f"{kind}-{subtype}" if subtype else kind


def teiphy_trivial_types(substantive: Sequence[str] = ("substantive",)) -> list[str]:
    """The ``@type`` values to give teiphy as ``-t`` (trivial readings) for these substantive classes.

    A type is trivial when no class that counts as substantive is written with it.
    """
    heavy = {tei for key, tei in TEI_TYPES.items() if counts_as_substantive(*(key.split(":") + [None])[:2], substantive)}
    return sorted(set(TEI_TYPES.values()) - heavy)


def counts_as_substantive(kind: str | None, subtype: str | None, substantive: Iterable[str]) -> bool:
    """True if a class (and subtype) counts as substantive under the setting ``substantive``."""
    chosen = set(substantive)
    return kind is not None and (kind in chosen or f"{kind}:{subtype}" in chosen)
