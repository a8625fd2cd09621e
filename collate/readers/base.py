"""What every reader returns, and the type of a reader.

Its own module so that the readers (``html``, ``markdown``, ``tei``) can import :class:`Parsed`
at the top, without importing the package that imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Milestone, Note, Span

#: The options the HTML and XML readers (and TEI's, which is XML's) read from the witness's
#: ``[witness]`` table. Here, not in those readers' modules, so that checking the options of a
#: plain-text witness does not import them, nor lxml.
HTML_OPTIONS: frozenset[str] = frozenset({"select", "drop", "page_class"})
XML_OPTIONS: frozenset[str] = frozenset({"select", "namespaces", "choice", "deletions", "additions", "notes", "blocks"})


@dataclass(frozen=True)
class Parsed:
    """What a reader makes of a source: the witness text and what it took out of it.

    ``meta`` is metadata the source itself declares (a TEI header's title), used where the
    witness's TOML does not give it; ``report`` says in a few words what the reader did, for the
    witness's ``preparation`` record.
    """

    text: str
    formatting: tuple[Span, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    notes: tuple[Note, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()
    report: tuple[str, ...] = ()


#: A reader: ``(source, options) -> Parsed``. ``options`` is the witness's ``[witness]`` table
#: plus ``_path``, the file's name for messages.
Reader = Callable[[str, Mapping[str, Any]], Parsed]
