"""Writers: turn a :class:`~collate.model.Collation` into TEI, HTML or JSON.

Each writer is one function ``(collation, **options) -> bytes`` registered in :data:`WRITERS`;
the CLI's output options come from this registry. :func:`write_outputs` renders every output
first and then writes each atomically, so a failed or interrupted run never leaves a partial
file and never harms an earlier output.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import OutputError
from ..model import Collation
from .html import to_html
from .json import to_json
from .tei import to_tei

Writer = Callable[..., bytes]

#: Writers by format name.
WRITERS: dict[str, Writer] = {"tei": to_tei, "html": to_html, "json": to_json}


def render(collation: Collation, fmt: str, **options: Any) -> bytes:
    """Render ``collation`` in format ``fmt`` (a key of :data:`WRITERS`)."""
    return WRITERS[fmt](collation, **options)


def check_writable(path: str | Path) -> None:
    """Refuse early an output path that cannot be written, before any work is done."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OutputError(f"{path} is a directory; give a file name for the output")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the directory {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise OutputError(f"cannot write {path}: permission denied; choose a writable location")


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and a rename."""
    path = Path(path)
    check_writable(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        os.chmod(tmp, _mode(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror}; choose a writable location") from exc
        raise


def _mode(path: Path) -> int:
    """The permissions for a new output: the old file's, or the usual ones under the umask."""
    if path.exists():
        return path.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_outputs(collation: Collation, outputs: Mapping[str, str | Path], **options: Any) -> None:
    """Render every requested output (``{"tei": path, ...}``), then write them all atomically."""
    for path in outputs.values():
        check_writable(path)
    rendered = {fmt: render(collation, fmt, **options.get(fmt, {})) for fmt in outputs}
    for fmt, path in outputs.items():
        write_atomic(path, rendered[fmt])
