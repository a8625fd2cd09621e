"""The one folder where collate keeps what it builds once and reuses: dictionaries' prebuilt
tables, word lists, the report template's compiled code.

``$COLLATE_CACHE_DIR`` if set (tests and shared installations point it elsewhere), else the
platform's user cache folder (``~/.cache/collate`` on Linux, as platformdirs gives it). Everything
in it can be deleted at any time: it is rebuilt on next use.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """Where cache files live: ``$COLLATE_CACHE_DIR`` if set, else the platform's user cache folder."""
    given = os.environ.get("COLLATE_CACHE_DIR")
    if given:
        return Path(given)
    import platformdirs

    return Path(platformdirs.user_cache_dir("collate"))
