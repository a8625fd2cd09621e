"""Writing files all or none: no failed or interrupted run leaves a partial file.

Every output of collate (the writers' TEI, HTML and JSON, the apparatus expander's witnesses and
report, the scripts' prepared witnesses, a corpus's units, index and state) is written through
:func:`write_all`, and every output path the user names is refused early by
:func:`check_writable`, before any work is done.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from .errors import OutputError


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
    removes the temporary files and leaves every earlier file as it was.

    Each temporary file's name is recorded before the file is created, so an interrupt arriving
    at any point (even between the file's creation and the next statement) leaves none behind."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            check_writable(path)
            tmp = _temporary(path, staged)
            _stage(tmp, path, data)
        for tmp, path in staged:
            _replace(tmp, path)
    except BaseException:
        for tmp, _ in staged:
            _remove(tmp)
        raise


_names = itertools.count()


def _temporary(path: Path, staged: list[tuple[str, Path]]) -> str:
    """A new file beside ``path`` for its contents, created empty and only after its name is in
    ``staged``; return its name."""
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{os.getpid()}-{next(_names)}-{secrets.token_hex(4)}.part")
        staged.append((tmp, path))
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            staged.pop()  # someone else's: not ours to remove
            continue
        except OSError as exc:
            staged.pop()
            raise OutputError(f"cannot write {path}: {exc.strerror}; choose a writable location") from exc
        return tmp
    raise OutputError(f"cannot write {path}: no free temporary name beside it; remove its old .part files")


def _stage(tmp: str, path: Path, data: bytes) -> None:
    """Write ``data`` to the temporary file ``tmp`` (which stands for ``path``), on disk."""
    try:
        with open(tmp, "wb") as handle:
            os.fchmod(handle.fileno(), _mode(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; choose a writable location") from exc


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
