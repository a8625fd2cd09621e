"""Whole corpora: many collation units run as Dask tasks, and the big picture of which witnesses agree.

- :mod:`.manifest`: the corpus manifest (``CORPUS.toml``): units, shared settings, output folder;
- :mod:`.runner`: every unit a Dask task, on this machine (:mod:`.local`: Dask's local scheduler
  on forked worker processes) or an existing ``dask scheduler``, failures isolated, unchanged
  units skipped by their content hash;
- :mod:`.split`: one long collation cut at milestones, aligned in parallel, joined back;
- :mod:`collate.distance` (with the drawing in :mod:`collate.writers.figures`, which the HTML
  report uses too): the distance matrix per collation and corpus, its tree; re-exported here;
- :mod:`.index`, :mod:`.state`, :mod:`.progress`: the corpus index page, the state kept for
  reruns (one file per unit), progress on stderr;
- :mod:`.warm`: a worker warmed before its first unit (the local workers' start, Dask's preload).

Importing this package imports neither Dask nor Biopython; the functions that need them do.
See docs/corpus.md.
"""

from ..distance import Distances, build_tree, distances, merge
from .manifest import Corpus, load_corpus
from .runner import EXIT_SOME_FAILED, run_corpus

__all__ = ["EXIT_SOME_FAILED", "Corpus", "Distances", "build_tree", "distances", "load_corpus", "merge", "run_corpus"]
