"""The embedded scheduler: Dask's local scheduler (``dask.local.get_async``) on worker processes
forked from the client, or on threads, with each unit's result handed to the client as it comes.

Dask's distributed ``LocalCluster`` (``--scheduler local-cluster``) runs a scheduler, nannies and
workers, each with its event loop, and starts them in a second or more; on two cores that start,
and the loops' share of the processor, cost more than a third of what the second core gains on a
corpus of small units (measured in docs/corpus.md). Dask's local scheduler has no server: the
client's thread runs Dask's loop and hands the tasks to a :class:`~concurrent.futures.ProcessPoolExecutor`,
whose workers are forked from the client where that is safe (Linux, no other thread) and warm themselves
(:func:`collate.corpus.warm.warm`: imports, dictionaries) while the client still reads the units.

- **Results as they come.** Dask's loop runs in a thread of the client; its ``posttask`` callback
  hands each unit's result to the client's thread, which writes it (all or none) while the
  workers go on. The result is not kept in Dask's cache afterwards (a unit's result is the
  rendered outputs: a corpus's would not fit in memory); only a split unit's pieces are, until
  their join has run.
- **Failures stay the unit's.** A task's exception is returned to the client as the unit's value
  (:class:`Failed`), not raised in Dask's loop, which would stop every other unit; a split unit's
  join given a failed piece fails with the piece's error. A worker lost (killed, out of memory)
  breaks the pool: the units not finished then are recorded as failed, the finished ones are kept.
- **Order.** Dask's local scheduler runs the tasks in the order of ``dask.order`` (it has no
  priorities); the units' sizes are not used here.
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Failed:
    """A task's exception, returned as its value so that Dask's loop goes on with the other units."""

    error: BaseException


@dataclass(frozen=True)
class _Results:
    """Where the results of the tasks a task depends on go among its arguments."""

    index: int


@dataclass(frozen=True)
class Call:
    """A task of the graph: ``func`` called with ``args``, the results of the tasks it depends on
    (given by Dask, as lists) put in their :class:`_Results` places. The arguments are held here,
    not in the graph's task tuple, so that Dask looks into none of them for keys."""

    func: Any
    args: tuple

    def __call__(self, *results: list[Any]) -> Any:
        failed = [r for rs in results for r in rs if isinstance(r, Failed)]
        if failed:
            return failed[0]
        args = [results[a.index] if isinstance(a, _Results) else a for a in self.args]
        try:
            return self.func(*args)
        except Exception as exc:  # noqa: BLE001 - the unit's failure, recorded by the client
            return Failed(exc)


@dataclass(eq=False)  # hashable by identity, like a Dask future
class LocalFuture:
    """A unit's task in the local graph; its value once Dask's loop has run it."""

    key: str
    done: bool = False
    value: Any = None
    error: BaseException | None = None

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        if isinstance(self.value, Failed):
            raise self.value.error
        return self.value


class _Kept(dict):
    """Dask's cache of results: only the results a later task needs (a split unit's pieces) are
    kept; a unit's own result goes to the client by the callback and is not held here."""

    def __init__(self, needed: set[str]) -> None:
        super().__init__()
        self.needed = needed

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value if key in self.needed else None)


def worker_context() -> Any:
    """How worker processes start: forked from the client where that is safe, that is on Linux
    and from a client running no other thread (in milliseconds, with the client's imports);
    otherwise (another thread might hold a lock the child would inherit locked: a notebook, an
    application embedding collate) from a fork server where there is one, else spawned."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _initialize() -> None:
    """A worker process's start: Ctrl-C and SIGTERM are the client's to handle (it stops the
    workers), and the worker warms itself before its first unit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .warm import warm

    warm()


class LocalDask:
    """Dask's local scheduler on ``workers`` processes (or threads): :meth:`submit` adds a task to
    the graph, :meth:`as_completed` runs it and yields each unit's future as its task finishes."""

    def __init__(self, processes: bool, workers: int) -> None:
        import dask  # noqa: F401 - imported before the workers fork, so they share it

        self.processes = processes
        self.workers = workers
        self.pool: Executor
        if processes:
            self.pool = ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=_initialize)
            self.pool.submit(int)  # start the workers now: they warm up while the client reads
        else:
            self.pool = ThreadPoolExecutor(workers)
        self.graph: dict[str, tuple] = {}
        self.needed: set[str] = set()
        self.futures: dict[str, LocalFuture] = {}
        self.thread: threading.Thread | None = None
        self.cache: dict[str, Any] = {}

    def submit(self, func: Any, *args: Any, key: str, priority: int = 0) -> LocalFuture:
        deps: list[list[str]] = []
        template = []
        for arg in args:
            if isinstance(arg, list) and arg and isinstance(arg[0], LocalFuture):
                template.append(_Results(len(deps)))
                deps.append([f.key for f in arg])
                self.needed.update(f.key for f in arg)
            else:
                template.append(arg)
        self.graph[key] = (Call(func, tuple(template)), *deps)
        future = LocalFuture(key)
        self.futures[key] = future
        return future

    def as_completed(self, futures: list[LocalFuture]) -> Iterator[LocalFuture]:
        """Run the graph in a thread; yield each of ``futures`` as its task finishes (a failed task
        too: its :meth:`~LocalFuture.result` raises its error)."""
        wanted = {f.key: f for f in futures}
        if not wanted:
            return
        done: queue.SimpleQueue = queue.SimpleQueue()
        end = object()

        def posttask(key: str, value: Any, dsk: Any, state: Any, worker_id: Any) -> None:
            future = wanted.get(key)
            if future is not None:
                future.value, future.done = value, True
                done.put(future)

        def run() -> None:
            try:
                self._get(list(wanted), posttask)
            except BaseException as exc:  # noqa: BLE001 - handed to the client's thread
                done.put(exc)
            done.put(end)

        self.thread = threading.Thread(target=run, name="collate-corpus-dask", daemon=True)
        self.thread.start()
        error: BaseException | None = None
        while (item := done.get()) is not end:
            if isinstance(item, BaseException):
                error = item
            else:
                yield item
        if error is not None:  # the pool broke (a worker lost): every unit not finished fails
            from concurrent.futures.process import BrokenProcessPool

            from ..errors import SchedulerError

            if isinstance(error, BrokenProcessPool):
                error = SchedulerError(
                    "a worker process was lost (killed, or out of memory) before this unit was done; run the "
                    "corpus again to collate the units left, with fewer --workers if memory is short"
                )
            for future in wanted.values():
                if not future.done:
                    future.error = error
                    yield future

    def _get(self, keys: list[str], posttask: Any) -> None:
        self.cache = _Kept(self.needed)
        options = {
            "cache": self.cache,
            "callbacks": [(None, None, None, posttask, None)],
            "chunksize": 1,
        }
        if self.processes:
            import dask.multiprocessing

            dask.multiprocessing.get(self.graph, keys, pool=self.pool, optimize_graph=False, **options)
        else:
            import dask.threaded

            dask.threaded.get(self.graph, keys, pool=self.pool, **options)

    def close(self) -> None:
        """Stop the workers: at once if the run was interrupted (a unit still running is not waited
        for: its outputs were never to be written)."""
        interrupted = self.thread is not None and self.thread.is_alive()
        if interrupted:
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                if process.is_alive():
                    process.terminate()
        self.pool.shutdown(wait=not interrupted, cancel_futures=True)
