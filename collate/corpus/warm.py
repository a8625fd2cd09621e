"""Warm a worker before its first unit: import what a task uses and collate one sentence.

A task's first unit pays for the imports its code does lazily (the aligner, the classifier, the
writers, numpy) and for the spelling dictionary; paid once per worker process, that is about a
second of processor time each, twice the serial run's on two workers. Importing this module pays
it in advance, by Dask's own means:

- the embedded cluster starts its workers from a fork server that has imported this module
  (``multiprocessing``'s forkserver preload), so they start warm and share the import's memory
  pages: the cost is paid once for all the workers, not once each;
- ``dask worker ADDRESS --preload collate.corpus.warm`` warms each worker of a cluster as it
  starts, before it takes a task.

Nothing warmed changes an output: the caches filled are of pure functions.
"""

from __future__ import annotations


def warm() -> None:
    """Collate two short English witnesses and render them in every format."""
    from ..model import Settings, Witness
    from .tasks import collate_unit

    witnesses = (
        Witness("A", "The colour of the sea, in winter, was grey.\n"),
        Witness("B", "The color of the see in Winter was gray.\n"),
    )
    collate_unit(witnesses, Settings(), ("tei", "html", "json"))


warm()  # on import: a fork server's preload and Dask's --preload import the module, nothing more
