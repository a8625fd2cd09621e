"""The one data model every stage of collate takes and returns.

Readers produce :class:`Witness` objects; tokenization turns each into :class:`Token` objects;
alignment produces an :class:`Alignment` of :class:`Segment` objects; analysis judges each varying
segment into a :class:`Variant`; writers turn the whole :class:`Collation` into TEI, HTML or JSON.

All types are frozen dataclasses built from tuples, so a stage can never alter what an earlier
stage produced, and every value can be serialised and compared.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The metadata fields a witness may carry, in the order writers print them.
META_FIELDS: tuple[str, ...] = (
    "title",
    "author",
    "editor",
    "translator",
    "edition",
    "date",
    "language",
    "source",
    "source_lines",
    "url",
    "notes",
    "preparation",  # what loading did to the source (cut, markers, OCR clean-up): set by the readers
)


@dataclass(frozen=True)
class Span:
    """A stretch of witness text carrying formatting (e.g. Markdown emphasis).

    ``start`` and ``end`` are character offsets into :attr:`Witness.text`; ``rend`` names the
    formatting (``"italic"``, ``"bold"``). Formatting is recorded, never compared as text.
    """

    start: int
    end: int
    rend: str


@dataclass(frozen=True)
class Milestone:
    """A point in the witness that is not text: a page break of the printed source.

    ``offset`` is the character offset in :attr:`Witness.text` before which the milestone stands;
    ``kind`` is ``"pb"`` for a page break, ``"div"`` for the start of a division of an XML or TEI
    source (a ``<div>``: where a corpus's split unit can be cut; the writers show only page
    breaks); ``n`` is the page number or label as printed (a division's ``@n``).
    """

    offset: int
    kind: str
    n: str


@dataclass(frozen=True)
class Note:
    """Text of the source that is not part of the witness (an editorial interpolation, a footnote).

    ``offset`` is where it stood in :attr:`Witness.text`; ``text`` is the note's text exactly;
    ``kind`` says what it is (``"editorial"``, ``"footnote"``).
    """

    offset: int
    text: str
    kind: str = "editorial"


@dataclass(frozen=True)
class Witness:
    """One version of the text, as a reader produced it.

    ``siglum`` is the short human name (``"A"``, ``"Miller"``); ``text`` is the witness text
    exactly as it is compared and printed; ``meta`` holds the bibliographic description as sorted
    ``(field, value)`` pairs (see :data:`META_FIELDS`); ``formatting``, ``milestones`` and
    ``notes`` hold what the reader took out of the text, with their offsets; ``path`` is the file
    the witness came from, ``reader`` the reader that produced it.
    """

    siglum: str
    text: str
    meta: tuple[tuple[str, str], ...] = ()
    formatting: tuple[Span, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    notes: tuple[Note, ...] = ()
    path: str = ""
    reader: str = "text"

    def marks(self, kind: str) -> tuple[Milestone, ...]:
        """The witness's milestones of ``kind``: ``"pb"`` its page breaks, ``"div"`` its divisions."""
        return tuple(m for m in self.milestones if m.kind == kind)

    def get(self, name: str, default: str = "") -> str:
        """Return metadata field ``name``, or ``default``."""
        for key, value in self.meta:
            if key == name:
                return value
        return default


@dataclass(frozen=True)
class Token:
    """One token of a witness.

    ``text`` is the original text exactly, with its trailing whitespace (the first token of a
    witness also carries any leading whitespace), so joining a witness's tokens gives its text
    back; ``norm`` is the normalized form that alignment compares; ``offset`` is where ``text``
    starts in :attr:`Witness.text`; ``rend`` lists formatting that covers the token.
    """

    text: str
    norm: str
    offset: int
    rend: tuple[str, ...] = ()

    @property
    def word(self) -> str:
        """The token's text without surrounding whitespace."""
        return self.text.strip()


@dataclass(frozen=True)
class Segment:
    """One place in the alignment: for each witness, the token range it has there.

    ``spans[i]`` is ``(start, end)``, a half-open range of token indices of the i-th witness of
    the collation; ``start == end`` means the witness has nothing there. Segments follow each
    other without gaps or overlaps, so each witness's tokens are covered exactly once, in order.
    """

    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Move:
    """A passage two witnesses have at different places (a transposition, perhaps edited too).

    ``witnesses`` are the indices of the two witnesses in the collation, ``spans`` their token
    ranges holding the passage, in the same order. The alignment's segments show the passage as
    an omission at one place and an addition at the other; the move links the two.
    """

    witnesses: tuple[int, int]
    spans: tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Alignment:
    """The aligned witnesses: ``segments`` in text order, over witnesses ``sigla`` in order;
    ``moves`` the passages found moved between two witnesses (see :mod:`collate.align.moves`)."""

    sigla: tuple[str, ...]
    segments: tuple[Segment, ...]
    moves: tuple[Move, ...] = ()


@dataclass(frozen=True)
class Reading:
    """What some witnesses read at a variant location.

    ``text`` is the diplomatic text (exactly what the witnesses say, trailing whitespace
    included); ``sigla`` are the witnesses that read it, in collation order; ``type`` is the class
    of its difference from the location's first reading (``None`` for the first reading itself)
    and ``reason`` says which rule decided it and on what evidence. ``subtype`` refines ``type``
    (see :mod:`collate.vocabulary`); ``rend`` is the formatting of the reading's tokens, one entry
    per token (``"italic"``, ``"bold+italic"``, ``""`` for none), or ``()`` when no token of it is
    formatted, so that two readings with the same text but different emphasis stay apart.
    """

    text: str
    sigla: tuple[str, ...]
    type: str | None = None
    reason: str = ""
    subtype: str | None = None
    rend: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pair:
    """The classifier's judgement of one reading of a location against another, both not the first.

    ``first`` and ``second`` index :attr:`Variant.readings` (``0 < first < second``); ``type``,
    ``subtype`` and ``reason`` judge reading ``second`` against reading ``first`` as
    :attr:`Reading.type` judges a reading against the first reading. Together with the readings'
    own judgements they cover every pair of distinct readings, so a writer that shows the location
    against another base, or with some witnesses hidden, reads the classifier's judgement instead
    of making its own.
    """

    first: int
    second: int
    type: str
    subtype: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Inside:
    """A difference inside a moved passage: its copy here and its copy at the linked location
    read differently at one spot (``harbour`` moved and become ``harbor``).

    A move is one transposition, but what changed within the passage on the way is a divergence
    of its own, judged as any other. ``link`` is the earlier location, holding the passage's other
    copy; ``readings`` are the reading there and the reading here (indices into each location's
    :attr:`Variant.readings`), ``spans`` the half-open character ranges of the differing text in
    those two readings' :attr:`Reading.text` (an empty range where one copy has nothing);
    ``type``, ``subtype`` and ``reason`` judge the text here against the text there, as a reading
    is judged against the first. Stored on the later of the two locations only, so that each
    difference is counted once.
    """

    link: str
    readings: tuple[int, int]
    spans: tuple[tuple[int, int], tuple[int, int]]
    type: str
    subtype: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Variant:
    """A variant location: a segment where the witnesses' diplomatic readings differ.

    ``id`` is stable within a collation (``"app12"``); ``segment`` indexes
    :attr:`Alignment.segments`; ``type`` is the location's class from the vocabulary in
    :mod:`collate.vocabulary` (the most serious difference among its readings), ``subtype`` refines
    a substantive class, ``reason`` explains the decision; ``readings`` lists the distinct
    readings; ``groups`` partitions reading indices into sets that differ only by accidentals;
    ``links`` names related locations (the other half of a transposition); ``pairs`` holds the
    judgement of every pair of readings that does not include the first (see :class:`Pair`);
    ``inside`` the differences inside a passage moved from a linked location (see :class:`Inside`).
    """

    id: str
    segment: int
    type: str
    readings: tuple[Reading, ...]
    subtype: str | None = None
    reason: str = ""
    groups: tuple[tuple[int, ...], ...] = ()
    links: tuple[str, ...] = ()
    pairs: tuple[Pair, ...] = ()
    inside: tuple[Inside, ...] = ()


@dataclass(frozen=True)
class Settings:
    """How a collation was made, recorded in every export."""

    tokenizer: str = "words"
    normalizer: str = "standard"
    aligner: str = "anchored"
    moves: str = "content"  # a moved passage aligned with its counterpart ("content") or in place ("position")
    #: a difference in line division alone: each witness's line breaks kept as its own milestones,
    #: not a variant ("milestone"), or a whitespace variant ("variant"); collate.segments.LINE_BREAKS
    line_breaks: str = "milestone"
    base: str | None = None
    substantive: tuple[str, ...] = ("substantive",)
    regularizations: tuple[tuple[str, str], ...] = ()
    #: the language whose rules judge the variants: a BCP 47 / ISO 639-3 code (``en``, ``grc``,
    #: ``la``), several joined by commas for a collation the user says is mixed, or None for the
    #: witnesses' declared language (a guess from the script when none is declared)
    language: str | None = None


@dataclass(frozen=True)
class Collation:
    """The whole result: witnesses, their tokens, the alignment and the judged variants.

    ``tokens[i]`` are the tokens of ``witnesses[i]``; the alignment's sigla follow the same order.
    """

    witnesses: tuple[Witness, ...]
    tokens: tuple[tuple[Token, ...], ...]
    alignment: Alignment
    variants: tuple[Variant, ...]
    settings: Settings = Settings()

    @property
    def sigla(self) -> tuple[str, ...]:
        return tuple(w.siglum for w in self.witnesses)

    def reading(self, segment: Segment, witness: int) -> str:
        """The diplomatic text of witness number ``witness`` at ``segment``."""
        start, end = segment.spans[witness]
        return "".join(t.text for t in self.tokens[witness][start:end])

    def witness_index(self, siglum: str) -> int:
        return self.sigla.index(siglum)
