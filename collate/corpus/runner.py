"""Run a corpus: every unit a Dask task, on this machine's worker processes or an existing Dask scheduler.

The client (this process) reads each unit's witnesses, computes the unit's key (a SHA-256 of its
witnesses as read, its settings, its split and collate's version) and skips the unit when the
output folder's state file records that key with the unit's outputs all present. Every other unit
is submitted to Dask: one task (:func:`~collate.corpus.tasks.collate_unit`), or for a unit split
at milestones one task per piece and a task that joins them, which Dask runs once the pieces are
done. The workers start as soon as the client has found work to share out, and warm up while it
reads the other units (:class:`Launcher`). Each task carries Dask's ``priority``, the unit's size
in characters, so that a distributed scheduler runs the largest units first and the small ones
fill the last gaps (Dask's local scheduler has no priorities: :mod:`collate.corpus.local`). As results come back (in whatever order), the
client writes each unit's outputs all or none (``collate.files.write_all``) and then the state,
so an interrupted run loses nothing finished.

A unit that fails (bad input, a bug, a worker lost) is recorded with its ``Error:`` line and the
rest go on; :func:`run_corpus` returns the outcome of every unit and the CLI's exit code says
whether some failed.

Schedulers: ``processes`` (the default: Dask's local scheduler on worker processes forked from
the client, :mod:`collate.corpus.local`: no server, and a start in milliseconds), ``threads`` (the
same on threads; the GIL keeps pure-Python collation on one core, so this is measured, not the
default), ``local-cluster`` (a ``distributed.LocalCluster`` of worker processes, one thread each,
with its dashboard, started in the background while the client reads the units), ``serial`` (no
Dask: in this process, one unit after another; the baseline) or a scheduler's address
``tcp://HOST:PORT``.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import CollateError, OutputError, SchedulerError, UnitsFailedError, WitnessError
from ..model import Settings, Witness
from ..version import __version__
from .index import write_index
from .manifest import Corpus, UnitSpec
from .progress import CorpusProgress
from .state import Outcome, State, unit_files, write_unit
from .tasks import collate_piece, collate_unit, join_and_render

if TYPE_CHECKING:
    from .split import Piece

#: Exit code of ``collate corpus`` when some units failed (the others are written).
EXIT_SOME_FAILED = UnitsFailedError.exit_code


@dataclass
class Unit:
    """A unit read on the client: its witnesses and settings, and its key for resumption."""

    spec: UnitSpec
    witnesses: tuple[Witness, ...]
    settings: Settings
    key: str
    pieces: list[Piece] | None = None  # a split unit's pieces, cut on the client

    @property
    def size(self) -> int:
        """The unit's witnesses' length in characters: its Dask priority, the largest first."""
        return sum(len(w.text) for w in self.witnesses)


@dataclass
class Run:
    """The outcome of every unit, in the manifest's order."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def run_corpus(
    corpus: Corpus,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    quiet: bool = False,
    stream: TextIO | None = None,
) -> Run:
    """Collate every unit of ``corpus`` that changed, write the outputs and the index; return the outcomes.

    The units are read (and their keys computed) first, so that a rerun with nothing or one unit to
    do starts no cluster: it runs in this process, in seconds."""
    _make_folder(corpus.output)
    state = State(corpus.output)
    progress = CorpusProgress(len(corpus.units), quiet=quiet, stream=stream)
    outcomes: dict[str, Outcome] = {}
    todo: list[Unit] = []
    with Launcher(scheduler or corpus.scheduler or "processes", workers or corpus.workers) as launcher:
        for spec in corpus.units:
            unit, failure = prepare(spec, corpus)
            if failure is not None:
                outcomes[spec.name] = _finish(state, failure, progress, corpus)
            elif (skipped := state.unchanged(unit.spec.name, unit.key)) is not None:
                outcomes[spec.name] = skipped
                progress.update(skipped=1)
            else:
                todo.append(unit)
                launcher.wanted(todo)
                if unit.spec.split is not None and (failure := cut_unit(unit)) is not None:
                    todo.pop()
                    outcomes[spec.name] = _finish(state, failure, progress, corpus)
        client = launcher.client()
        pending = {submit(client, unit, corpus.formats): unit for unit in todo}
        for future in client.as_completed(list(pending)):
            unit = pending.pop(future)  # its result released once written
            outcomes[unit.spec.name] = _finish(state, collect(future, unit, corpus), progress, corpus)
    progress.close()
    run = Run([outcomes[spec.name] for spec in corpus.units])
    write_index(corpus, run.outcomes)
    progress.summary(run.outcomes, corpus.output)
    return run


class Launcher:
    """The Dask client for ``where``, started at most once, once there is work to share out;
    :class:`Serial` when there never was (no unit to do, or a single unsplit unit on this machine:
    a rerun after fixing one witness starts no worker, and takes seconds).

    Dask's local scheduler (``processes``, ``threads``) starts in milliseconds, at once. A
    ``local-cluster`` or a remote scheduler starts in a background thread (seconds: the fork server
    imports and warms collate, the scheduler and the workers start, or the client connects), beside
    the client's reading and hashing of the corpus's other units instead of after it. Stopped on
    leaving, also on an error or an interrupt, once its start has finished."""

    def __init__(self, where: str, workers: int | None) -> None:
        self.where = where
        self.workers = workers
        self.stack = ExitStack()
        self.thread: threading.Thread | None = None
        self.started: Any = None
        self.error: BaseException | None = None

    def wanted(self, todo: list[Unit]) -> None:
        """Start the cluster if the units to do so far are worth one."""
        if self.thread is not None or self.started is not None or self.where == "serial":
            return
        local = self.where in ("processes", "threads", "local-cluster")
        if local and len(todo) < 2 and todo[-1].spec.split is None:
            return
        if self.where in ("processes", "threads"):  # Dask's local scheduler: started in milliseconds
            self._start()
            return
        self.thread = threading.Thread(target=self._start, name="collate-corpus-cluster-start", daemon=True)
        self.thread.start()

    def _start(self) -> None:
        try:
            self.started = self.stack.enter_context(executor(self.where, self.workers))
        except BaseException as exc:  # noqa: BLE001 - raised in the client's thread, by client()
            self.error = exc

    def client(self) -> Any:
        """The started client (waiting for its start), or :class:`Serial` if none was wanted."""
        if self.thread is not None:
            self.thread.join()
        elif self.started is None and self.error is None:
            return Serial()
        if self.error is not None:
            raise self.error
        return self.started

    def __enter__(self) -> Launcher:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.thread is not None:
            self.thread.join()
        self.stack.close()


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {folder}: {exc.strerror}; choose a writable location") from exc


def prepare(spec: UnitSpec, corpus: Corpus) -> tuple[Unit | None, Outcome | None]:
    """Read a unit's witnesses on the client; a bad input is the unit's failure, not the corpus's."""
    from .. import load_witnesses
    from ..manifest import load_manifest

    try:
        settings = corpus.settings
        if spec.manifest is not None:
            manifest = load_manifest(spec.manifest)
            witnesses, settings = manifest.witnesses, manifest.settings
        else:
            witnesses = load_witnesses(list(spec.witnesses))
        if spec.base is not None:
            settings = _replace(settings, base=spec.base)
        if settings.base is not None and settings.base not in {w.siglum for w in witnesses}:
            raise WitnessError(
                f"the base witness {settings.base!r} is not among this unit's witnesses; set base in its [[unit]]"
            )
    except CollateError as exc:
        return None, Outcome.failure(spec.name, f"unit {spec.name}: {exc}", exc.exit_code)
    return Unit(spec, witnesses, settings, unit_key(spec, witnesses, settings, corpus.formats)), None


def cut_unit(unit: Unit) -> Outcome | None:
    """Cut a split unit into its pieces (kept in ``unit.pieces``), on the client, while the cluster
    starts; milestones that differ between witnesses are the unit's failure."""
    from .split import cut

    try:
        unit.pieces = cut(unit.witnesses, unit.spec.split, unit.spec.name)
    except CollateError as exc:
        return Outcome.failure(unit.spec.name, f"unit {unit.spec.name}: {exc}", exc.exit_code)
    return None


def _replace(settings: Settings, **changes: Any) -> Settings:
    from dataclasses import replace

    return replace(settings, **changes)


def unit_key(spec: UnitSpec, witnesses: tuple[Witness, ...], settings: Settings, formats: tuple[str, ...]) -> str:
    """The SHA-256 of everything a unit's outputs depend on: the witnesses as read (text, metadata,
    milestones, reader), the settings, the split, the formats and collate's version."""
    digest = hashlib.sha256()
    for part in (__version__, repr(settings), repr(spec.split), repr(formats), *map(repr, witnesses)):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def submit(client: Any, unit: Unit, formats: tuple[str, ...]) -> Any:
    """Send a unit to Dask: one task, or its pieces and a task joining them, all with the unit's
    size as their priority (the pieces of a book before the letters around it: its join, which
    runs on one worker after them, should not come last)."""
    tag = f"{unit.spec.name}-{unit.key[:16]}"
    size = unit.size
    if unit.pieces is None:
        return client.submit(
            collate_unit, unit.witnesses, unit.settings, formats, key=f"collate-unit-{tag}", priority=size
        )
    parts = [
        client.submit(collate_piece, piece, unit.settings, key=f"collate-piece-{tag}-{k:05d}", priority=size)
        for k, piece in enumerate(unit.pieces)
    ]
    return client.submit(
        join_and_render, unit.witnesses, parts, unit.settings, formats, key=f"collate-join-{tag}", priority=size
    )


def collect(future: Any, unit: Unit, corpus: Corpus) -> Outcome:
    """The unit's outcome from its finished task; its outputs written if it succeeded."""
    name = unit.spec.name
    try:
        result = future.result()
    except CollateError as exc:
        return Outcome.failure(name, f"unit {name}: {exc}", exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - a bug, or a worker lost: recorded, and the corpus goes on
        return Outcome.failure(
            name, f"unit {name}: unexpected failure ({type(exc).__name__}: {exc}); please report it", 1
        )
    try:
        write_unit(corpus.output, name, result)
    except CollateError as exc:
        return Outcome.failure(name, f"unit {name}: {exc}", exc.exit_code)
    return Outcome.success(name, unit.key, result, [n for n, _ in unit_files(name, result)])


def _finish(state: State, outcome: Outcome, progress: CorpusProgress, corpus: Corpus) -> Outcome:
    state.record(outcome)
    if outcome.status == "failed":
        progress.error(outcome.error)
        progress.update(failed=1)
    else:
        progress.update(done=1)
    return outcome


@contextmanager
def executor(scheduler: str, workers: int | None) -> Iterator[Any]:
    """A Dask client for ``scheduler`` (see the module's docstring), closed (and an embedded cluster
    stopped) on leaving, also on an error or an interrupt."""
    if scheduler == "serial":
        yield Serial()
        return
    if scheduler in ("processes", "threads"):
        from .local import LocalDask

        local = LocalDask(scheduler == "processes", workers or os.cpu_count() or 1)
        try:
            yield local
        finally:
            local.close()
        return
    if scheduler == "local-cluster":
        config = _embedded_config()  # first: it starts the fork server
        import dask
        from distributed import Client, LocalCluster

        n = workers or os.cpu_count() or 1
        with (
            dask.config.set(config),
            LocalCluster(
                processes=True,
                n_workers=n,
                threads_per_worker=1,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            _closing(Client(cluster)) as client,
        ):
            yield DaskClient(client)
        return
    from distributed import Client

    if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise SchedulerError(
            f"--scheduler {scheduler!r}: give processes, threads, local-cluster, serial or a scheduler address tcp://HOST:PORT"
        )
    try:
        client = Client(scheduler, timeout="15s")
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(
            f"cannot reach the Dask scheduler at {scheduler} ({exc}); start it with dask scheduler, or check the address"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=60)
    except TimeoutError as exc:
        client.close()
        raise SchedulerError(
            f"the Dask scheduler at {scheduler} has no workers after 60 s; start some with dask worker {scheduler}"
        ) from exc
    with _closing(client):
        yield DaskClient(client)


@contextmanager
def _closing(client: Any) -> Iterator[Any]:
    """A Dask client closed on leaving; not made the thread's current client (``with client``),
    since a :class:`Launcher` opens it in one thread and closes it in another."""
    try:
        yield client
    finally:
        client.close()


def _embedded_config() -> dict[str, Any]:
    """Dask settings for ``--scheduler local-cluster``: what its workers would spend on Dask's own
    work beside the units' (measured in docs/corpus.md), cut.

    - No statistical profiler: every 10 ms it walks the running task's stack for the dashboard,
      which nobody sees here; it cost about a sixth of the workers' processor time on small units.
    - The event loop's health check every second instead of every 20 ms, and the system monitor
      (memory, network, for the dashboard) every 5 s instead of 0.5 s: each wakes a worker's
      event loop, which takes the interpreter's lock from the task (about 4 % of its time).
    - Workers forked from a fork server that has imported and warmed collate
      (:mod:`collate.corpus.warmed`), instead of spawned interpreters that each import Dask and
      collate and load the dictionaries again before their first unit. Where there is no fork
      server (Windows), Dask's default, spawn."""
    config: dict[str, Any] = {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
        "distributed.admin.system-monitor.interval": "5s",
    }
    if "forkserver" in multiprocessing.get_all_start_methods():
        config["distributed.worker.multiprocessing-method"] = "forkserver"
        _start_fork_server()
    return config


def _start_fork_server() -> None:
    """Start the fork server of the embedded cluster's workers now, before the client imports Dask
    and starts the scheduler, so that the server's own imports and warm-up (a second) run beside
    those, not after them (Dask's nannies would start it with their first worker). Its preload:
    Dask and :mod:`collate.corpus.warmed`. (Dask names its own modules to preload when a nanny
    first asks for the context, once the server runs, where they no longer matter.)"""
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(["distributed", "collate.corpus.warmed"])
    forkserver.ensure_running()


class DaskClient:
    """The few calls the runner makes, on a ``distributed.Client``."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def submit(self, func: Any, *args: Any, key: str, priority: int = 0) -> Any:
        return self.client.submit(func, *args, key=key, pure=False, priority=priority)

    def as_completed(self, futures: list[Any]) -> Iterator[Any]:
        from distributed import as_completed

        return iter(as_completed(futures))


class Serial:
    """No Dask: each task run in this process when its result is asked for, one after another
    (the baseline, and the scheduler for a single unit)."""

    def submit(self, func: Any, *args: Any, key: str, priority: int = 0) -> Done:
        return Done(func, args)

    def as_completed(self, futures: list[Done]) -> Iterator[Done]:
        return iter(futures)


@dataclass(eq=False)  # hashable by identity, like a Dask future
class Done:
    """A task of :class:`Serial`: run on the first call of :meth:`result`, its value or error kept."""

    func: Any
    args: tuple
    ran: bool = False
    value: Any = None
    error: BaseException | None = None

    def result(self) -> Any:
        if not self.ran:
            self.ran = True
            try:
                self.value = self.func(*(_resolved(arg) for arg in self.args))
            except Exception as exc:  # noqa: BLE001 - kept, to be raised where Dask would raise it
                self.error = exc
        if self.error is not None:
            raise self.error
        return self.value


def _resolved(arg: Any) -> Any:
    """A list of tasks given as an argument stands for their results, as in Dask."""
    if isinstance(arg, list) and arg and isinstance(arg[0], Done):
        return [a.result() for a in arg]
    return arg
