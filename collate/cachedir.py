"""The one folder where collate keeps what it builds once and reuses: dictionaries' prebuilt
tables, word lists, the report template's compiled code.

``$COLLATE_CACHE_DIR`` if set (tests and shared installations point it elsewhere), else the
platform's user cache folder (``~/.cache/collate`` on Linux, as platformdirs gives it). Everything
in it can be deleted at any time: it is rebuilt on next use.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def cache_dir() -> Path:
    """Where cache files live: ``$COLLATE_CACHE_DIR`` if set, else the platform's user cache folder."""
    given = os.environ.get("COLLATE_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("collate"))


def cached_marshal(name: str, source: Path, build: Callable[[], dict]) -> dict:
    """The table ``build`` makes from ``source``, kept in the cache folder as ``NAME-DIGEST.marshal``
    (the first 20 hex digits of the source's sha256), so it is built once per source and read
    back in milliseconds; a changed source gets a new file. Written under a temporary name, then
    renamed, so two processes building at once never leave a half file; a cache folder that cannot
    be written only means building again next time."""
    import hashlib
    import marshal

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:20]
    built = cache_dir() / f"{name}-{digest}.marshal"
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
