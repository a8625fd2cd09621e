"""TEI witnesses: an editor's TEI P5 transcription, collated as it stands.

The TEI reader is the XML reader (:mod:`collate.readers.xml`) with TEI's defaults: the root must
be ``<TEI>`` (or ``<teiCorpus>``), the witness text is the text of the first ``text/body`` unless
``select`` names other elements, and the title and author of ``teiHeader/fileDesc/titleStmt`` fill
the witness metadata where the witness's own TOML does not. Everything else (page breaks, notes,
``del``, ``add``, ``choice``, milestones, flattened blocks) is read as the XML reader reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import Parsed
from .xml import TEI_NS, XML_OPTIONS, read_xml

__all__ = ["TEI_NS", "TEI_OPTIONS", "read_tei"]

#: The options this reader reads from the witness's ``[witness]`` table: the XML reader's.
TEI_OPTIONS: frozenset[str] = XML_OPTIONS


def read_tei(source: str, options: Mapping[str, Any]) -> Parsed:
    """Read the body of a TEI document (see :mod:`collate.readers.xml`)."""
    return read_xml(source, options, tei=True)
