"""Writers: turn a :class:`~collate.model.Collation` into TEI, HTML, JSON or CollateX's JSON table.

Each writer is one function ``(collation, **options) -> bytes`` registered in :data:`WRITERS`;
the CLI's output options come from this registry. :func:`write_outputs` renders every output
first and then writes them all or none (:func:`write_all`), so a failed or interrupted run never
leaves a partial file and never harms an earlier output.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..model import Collation
from .collatex import to_collatex
from .html import to_html
from .json import to_json
from .tei import to_tei

Writer = Callable[..., bytes]

#: Writers by format name.
WRITERS: dict[str, Writer] = {"tei": to_tei, "html": to_html, "json": to_json, "collatex": to_collatex}


def render(collation: Collation, fmt: str, **options: Any) -> bytes:
    """Render ``collation`` in format ``fmt`` (a key of :data:`WRITERS`)."""
    return WRITERS[fmt](collation, **options)


def check_writable(path: str | Path) -> None:
    """Refuse early an output path that cannot be written, before any work is done."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name for the output")
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is a file, not a directory; choose another location")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the directory {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write {path}: permission denied; choose a writable location")


def write_all(files: Mapping[str | Path, bytes]) -> None:
    """Write several files all or none: each goes to a temporary ``.part`` file beside it, and only
    when every one is on disk are they renamed into place. A failure or an interrupt before that
    removes the temporary files and leaves every earlier file as it was."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            check_writable(path)
            staged.append((_stage(path, data), path))
        for tmp, path in staged:
            _replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``; return its name."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; choose a writable location") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror}; choose a writable location") from exc
        raise
    return tmp


def _replace(tmp: str, path: Path) -> None:
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; choose a writable location") from exc


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


def _mode(path: Path) -> int:
    """The permissions for a new output: the old file's, or the usual ones under the umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_outputs(collation: Collation, outputs: Mapping[str, str | Path], **options: Any) -> None:
    """Render every requested output (``{"tei": path, ...}``), then write them all or none."""
    check_targets(collation, outputs)
    rendered = {path: render(collation, fmt, **options.get(fmt, {})) for fmt, path in outputs.items()}
    write_all(rendered)


def check_targets(collation: Collation, outputs: Mapping[str, str | Path]) -> None:
    """Refuse outputs that would overwrite each other or a witness file: nothing may be lost."""
    seen: dict[Path, str] = {}
    witnesses = {Path(w.path).resolve(): w.path for w in collation.witnesses if w.path}
    for fmt, path in outputs.items():
        check_writable(path)
        where = Path(path).resolve()
        if where in seen:
            raise OutputError(f"the {seen[where]} and {fmt} outputs both name {path}; give each output its own file")
        if where in witnesses:
            raise OutputError(f"the {fmt} output {path} is the witness file {witnesses[where]}; choose another output file")
        seen[where] = fmt
