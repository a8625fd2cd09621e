"""Writers: turn a :class:`~collate.model.Collation` into TEI, HTML, JSON or CollateX's JSON table.

Each writer is one function ``(collation, **options) -> bytes`` registered in :data:`WRITERS`;
the CLI's output options come from this registry. :func:`write_outputs` renders every output
first and then writes them all or none (:func:`collate.files.write_all`), so a failed or interrupted run never
leaves a partial file and never harms an earlier output.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..files import write_all
from ..gcpolicy import fewer_collections
from ..model import Collation

Writer = Callable[..., bytes]


class _Deferred:
    """A writer function whose module is imported on the first call (or signature asked).

    The HTML writer brings jinja2 and the TEI writer lxml's serializer: a run that writes only
    JSON, or a command that writes nothing, need not pay for them at start-up.
    """

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name = module, name
        self.__name__ = self.__qualname__ = name

    def load(self) -> Writer:
        """The writer function itself."""
        return getattr(importlib.import_module(self._module, __name__), self._name)

    def __call__(self, collation: Collation, **options: Any) -> bytes:
        return self.load()(collation, **options)

    @property
    def __signature__(self) -> inspect.Signature:  # the manifest reads a writer's options from it
        return inspect.signature(self.load())

    def __repr__(self) -> str:
        return f"<writer {self._module}.{self._name}>"


to_tei = _Deferred(".tei", "to_tei")
to_html = _Deferred(".html", "to_html")
to_json = _Deferred(".json", "to_json")
to_collatex = _Deferred(".collatex", "to_collatex")


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
    with fewer_collections():
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
