"""The one folder where collate keeps what it builds once and reuses: dictionaries' prebuilt
tables, word lists, the report template's compiled code.

``$COLLATE_CACHE_DIR`` if set (tests and shared installations point it elsewhere), else the
platform's user cache folder (``~/.cache/collate`` on Linux, as platformdirs gives it). Everything
in it can be deleted at any time: it is rebuilt on next use.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path


def cache_dir() -> Path:
    """Where cache files live: ``$COLLATE_CACHE_DIR`` if set, else the platform's user cache folder."""
    given = os.environ.get("COLLATE_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("collate"))


def _built_from(name: str, source: Path, suffix: str) -> Path:
    """Where the table built from ``source`` is kept: ``NAME-DIGEST.SUFFIX`` in the cache folder,
    the digest the first 20 hex digits of the source's sha256, so a changed source gets a new file."""
    import hashlib

    return cache_dir() / f"{name}-{hashlib.sha256(source.read_bytes()).hexdigest()[:20]}.{suffix}"


def cached_marshal(name: str, source: Path, build: Callable[[], dict]) -> dict:
    """The table ``build`` makes from ``source``, kept in the cache folder as ``NAME-DIGEST.marshal``
    (the first 20 hex digits of the source's sha256), so it is built once per source and read
    back in milliseconds; a changed source gets a new file. Written under a temporary name, then
    renamed, so two processes building at once never leave a half file; a cache folder that cannot
    be written only means building again next time."""
    import marshal

    built = _built_from(name, source, "marshal")
    try:
        data = marshal.loads(built.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build()
    try:
        built.parent.mkdir(parents=True, exist_ok=True)
        partial = built.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(data))
        partial.replace(built)
    except OSError:
        pass
    return data


class KeyedTable(Mapping[bytes, bytes]):
    """A bytes -> bytes table kept on disk in sqlite, read key by key.

    For a large word list asked about a few words (English's second opinion asks simplemma's list
    of 180,000 forms about a handful), reading the whole table costs far more than the lookups:
    here only the pages of the keys asked are read. The file is never changed once written (a new
    source gets a new name), so it is opened immutable, with no locking."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = None
        self._pid = -1

    def _connection(self):
        if self._pid != os.getpid():  # an sqlite connection must not cross a fork
            import sqlite3

            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def __getitem__(self, key: bytes) -> bytes:
        row = self._connection().execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return row[0]

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, bytes):
            return False
        return self._connection().execute("SELECT 1 FROM kv WHERE k = ?", (key,)).fetchone() is not None

    def __iter__(self) -> Iterator[bytes]:
        return (k for (k,) in self._connection().execute("SELECT k FROM kv ORDER BY k"))

    def __len__(self) -> int:
        return self._connection().execute("SELECT count(*) FROM kv").fetchone()[0]


def cached_keyed(name: str, source: Path, build: Callable[[], Mapping[bytes, bytes]]) -> Mapping[bytes, bytes]:
    """The table ``build`` makes from ``source`` as a :class:`KeyedTable` in the cache folder
    (``NAME-DIGEST.sqlite``, named as :func:`cached_marshal` names its files), built once, under a
    temporary name and then renamed; where the cache folder cannot be written, the table built, in
    memory."""
    path = _built_from(name, source, "sqlite")
    if path.is_file():
        return KeyedTable(path)
    data = build()
    try:
        _write_keyed(path, data)
    except OSError:
        return data
    return KeyedTable(path)


def _write_keyed(path: Path, data: Mapping[bytes, bytes]) -> None:
    import sqlite3

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(f".{os.getpid()}.tmp")  # as cached_marshal writes
    temporary.unlink(missing_ok=True)  # left by a process of the same number that was killed
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("CREATE TABLE kv (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO kv VALUES (?, ?)", sorted(data.items()))
            db.commit()
        except sqlite3.Error as error:
            raise OSError(f"{path}: {error}") from error
        finally:
            db.close()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
