"""The garbage collector's settings while a collation runs.

A collation makes millions of small objects (tokens, columns, readings, the writers' pieces) and
almost no reference cycles, so CPython's default collector, which scans the youngest objects
every 700 allocations and, now and then, everything alive, spent a fifth of the processor time of
Darwin's six editions (bench/profiles/darwin-six.txt) finding nothing to free. While a collation
runs, :func:`fewer_collections` moves what is alive at its start (the imported modules, the
witnesses) out of the collector's sight (:func:`gc.freeze`) and collects the youngest objects only
every :data:`THRESHOLD` allocations; the collector still runs, so cycles (CollateX's graphs make
some) are still freed. Measured in docs/benchmark.md. The settings are restored at the end.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations (less deallocations) between two collections of the youngest generation while a
#: collation runs; the default is 700. On Darwin's six editions 10,000 and 200,000 saved about
#: the same (a third of the processor time with the freeze) at the same peak memory.
THRESHOLD = 50_000

_depth = 0


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage rarely within the block, as described above; re-entrant."""
    global _depth
    _depth += 1
    if _depth > 1:
        try:
            yield
        finally:
            _depth -= 1
        return
    previous = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(THRESHOLD, previous[0]), *previous[1:])
    try:
        yield
    finally:
        _depth -= 1
        gc.set_threshold(*previous)
        gc.unfreeze()
