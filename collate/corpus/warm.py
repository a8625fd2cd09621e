"""Warm a worker before its first unit: import what a task uses and collate one sentence.

A task's first unit pays for the imports its code does lazily (the aligner, the classifier, the
writers, numpy) and for the spelling dictionary; paid once per worker process, that is about a
second of processor time each, twice the serial run's on two workers. It is paid
in advance, by Dask's own means:

- the embedded scheduler's worker processes (:mod:`collate.corpus.local`) call :func:`warm` as
  they start, while the client still reads the corpus's units;
- ``--scheduler local-cluster`` starts its workers from a fork server that has imported
  :mod:`collate.corpus.warmed` (``multiprocessing``'s forkserver preload), which calls
  :func:`warm`: they start warm and share the import's memory pages, the cost paid once for all
  the workers, not once each;
- ``dask worker ADDRESS --preload collate.corpus.warm`` warms each worker of a cluster as it
  starts, before it takes a task (Dask calls :func:`dask_setup` in the worker). Importing this
  module does nothing more: ``dask worker`` also imports it in its nanny process, to check the
  option, where warming would be wasted.

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


def dask_setup(worker: object) -> None:
    """Dask's preload hook, called in each worker as it starts."""
    warm()
