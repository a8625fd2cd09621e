"""Writers: turn a :class:`~collate.model.Collation` into TEI, HTML, JSON or CollateX's JSON table.

Each writer is one function ``(collation, **options) -> bytes`` registered in :data:`WRITERS`;
the CLI's output options come from this registry. :func:`write_outputs` renders every output
first and then writes them all or none (:func:`collate.files.write_all`), so a failed or interrupted run never
leaves a partial file and never harms an earlier output.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..files import write_all
from ..model import Collation
from .collatex import to_collatex
from .html import to_html
from .json import to_json
from .tei import to_tei

Writer = Callable[..., bytes]


@dataclass(frozen=True)
class Format:
    """An output format: its writer and the one line the command line's ``--<format> FILE`` shows."""

    writer: Writer
    help: str


#: The output formats by name. Adding a format is a writer function and one entry here: the
#: command line's output options, the manifest's [export] keys and :func:`render` all follow.
FORMATS: dict[str, Format] = {
    "tei": Format(to_tei, "Write the TEI P5 apparatus here."),
    "html": Format(to_html, "Write the side-by-side HTML report here."),
    "json": Format(to_json, "Write the JSON alignment here."),
    "collatex": Format(to_collatex, "Write the alignment as CollateX's JSON table here."),
}

#: Writers by format name.
WRITERS: dict[str, Writer] = {name: fmt.writer for name, fmt in FORMATS.items()}


def render(collation: Collation, fmt: str, **options: Any) -> bytes:
    """Render ``collation`` in format ``fmt`` (a key of :data:`WRITERS`)."""
    return WRITERS[fmt](collation, **options)


def write_outputs(collation: Collation, outputs: Mapping[str, str | Path], **options: Any) -> None:
    """Render every requested output (``{"tei": path, ...}``), then write them all or none."""
    check_targets(collation, outputs)
    rendered = {path: render(collation, fmt, **options.get(fmt, {})) for fmt, path in outputs.items()}
    write_all(rendered)


def check_targets(collation: Collation, outputs: Mapping[str, str | Path]) -> None:
    """Refuse outputs that would overwrite each other or a witness file: nothing may be lost.

    Whether each can be written is asked once, by :func:`collate.files.write_all` as it writes.
    """
    seen: dict[Path, str] = {}
    witnesses = {Path(w.path).resolve(): w.path for w in collation.witnesses if w.path}
    for fmt, path in outputs.items():
        where = Path(path).resolve()
        if where in seen:
            raise OutputError(f"the {seen[where]} and {fmt} outputs both name {path}; give each output its own file")
        if where in witnesses:
            raise OutputError(f"the {fmt} output {path} is the witness file {witnesses[where]}; choose another output file")
        seen[where] = fmt
