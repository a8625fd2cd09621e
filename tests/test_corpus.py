"""Whole corpora on Dask: the same bytes embedded and on a real cluster, failures isolated, reruns
that recollate only what changed, progress on stderr, and the corpus index.

The corpus is the Gospel of John, chapter 1, verse by verse, in three editions (SBLGNT, Nestle
1904, Robinson-Pierpont 2018; data/corpora/greek-john/by-verse): each verse a unit of three
witnesses, so a unit is small and the corpus large enough to keep two workers busy.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from collate.cli import main
from collate.corpus import EXIT_SOME_FAILED, load_corpus, run_corpus

ROOT = Path(__file__).resolve().parent.parent
JOHN = ROOT / "data" / "corpora" / "greek-john" / "by-verse"
EDITIONS = ("sblgnt", "nestle1904", "byz-rp2018")
BIN = Path(sys.executable).parent


def verses(chapter: str = "1") -> dict[str, dict[str, str]]:
    """``{verse reference: {edition: text}}`` for the verses of ``chapter`` all three editions have."""
    found: dict[str, dict[str, str]] = {}
    for edition in EDITIONS:
        for line in (JOHN / f"{edition}.tsv").read_text(encoding="utf-8").splitlines():
            ref, _, text = line.partition("\t")
            if ref.split(":")[0] == chapter:
                found.setdefault(ref, {})[edition] = text
    return {ref: texts for ref, texts in found.items() if len(texts) == len(EDITIONS)}


def make_corpus(folder: Path, units: int = 24, output: str = "out", extra: str = "") -> Path:
    """A corpus manifest over the first ``units`` verses of John 1, one folder of witnesses each."""
    for ref, texts in list(verses().items())[:units]:
        chapter, verse = ref.split(":")
        unit = folder / "verses" / f"john-{int(chapter):02d}-{int(verse):03d}"
        unit.mkdir(parents=True, exist_ok=True)
        for edition, text in texts.items():
            (unit / f"{edition}.txt").write_text(text + "\n", encoding="utf-8")
    manifest = folder / f"{output}.toml"
    manifest.write_text(
        f'[corpus]\ntitle = "John 1 by verse"\noutput = "{output}"\n{extra}\n[[unit]]\nglob = "verses/*"\n',
        encoding="utf-8",
    )
    return manifest


def outputs(folder: Path) -> dict[str, bytes]:
    """Every file of an output folder (the per-unit state files as ``corpus-state/NAME.json``)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def states(folder: Path) -> dict[str, dict]:
    """The per-unit state files of an output folder, by unit name."""
    return {p.stem: json.loads(p.read_text()) for p in sorted((folder / "corpus-state").glob("*.json"))}


# -- a real Dask cluster on 127.0.0.1 --------------------------------------------------------------


def _start(args: list[str], log: Path) -> subprocess.Popen:
    """Start a Dask process in its own process group (so that it and its children can be ended)."""
    return subprocess.Popen(
        [str(BIN / "dask"), *args], stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@pytest.fixture
def cluster(tmp_path):
    """A ``dask scheduler`` and two ``dask worker`` processes (one thread each) on 127.0.0.1, all
    stopped when the test ends, passed or failed; their address as ``tcp://127.0.0.1:PORT``."""
    info = tmp_path / "scheduler.json"
    processes: list[subprocess.Popen] = []
    try:
        processes.append(
            _start(
                ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(info)],
                tmp_path / "scheduler.log",
            )
        )
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            if time.monotonic() > deadline or processes[0].poll() is not None:
                pytest.fail("dask scheduler did not start: " + (tmp_path / "scheduler.log").read_text())
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for k in range(2):
            processes.append(
                _start(
                    ["worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1"]
                    + ["--preload", "collate.corpus.warm"],  # as docs/corpus.md says to start them
                    tmp_path / f"worker{k}.log",
                )
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        for process in reversed(processes):
            _stop(process)


@pytest.fixture
def deadline():
    """Fail (rather than hang) a test still running after 10 minutes: SIGALRM raises in the main thread,
    which also interrupts a wait for a cluster's results; the cluster fixture then stops the processes."""

    def expired(signum, frame):
        raise TimeoutError("the test ran for more than 600 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(600)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.slow
def test_a_real_cluster_gives_the_bytes_of_the_embedded_run(tmp_path, cluster, deadline):
    """24 units on a dask scheduler with two dask workers, against the embedded cluster: same files, same bytes."""
    embedded = run_corpus(
        load_corpus(make_corpus(tmp_path, output="embedded")), scheduler="processes", workers=2, quiet=True
    )
    remote = run_corpus(load_corpus(make_corpus(tmp_path, output="remote")), scheduler=cluster, quiet=True)
    assert len(embedded.outcomes) == 24
    assert not embedded.failed and not remote.failed
    assert [o.status for o in remote.outcomes] == ["ok"] * 24
    first, second = outputs(tmp_path / "embedded"), outputs(tmp_path / "remote")
    assert len(first) == 24 * 5 + 5  # TEI, HTML, JSON, distance CSV, state per unit; index, 3 CSV, tree
    assert first.keys() == second.keys()
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []
    # every unit's work really ran on the cluster's workers, not in this process
    from distributed import Client

    with Client(cluster) as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2 and sum(executed.values()) >= 24


def test_the_embedded_cluster_and_serial_run_agree(tmp_path):
    serial = run_corpus(load_corpus(make_corpus(tmp_path, 6, output="serial")), scheduler="serial", quiet=True)
    threads = run_corpus(
        load_corpus(make_corpus(tmp_path, 6, output="threads")), scheduler="threads", workers=2, quiet=True
    )
    assert not serial.failed and not threads.failed
    assert outputs(tmp_path / "serial") == outputs(tmp_path / "threads")


def test_one_broken_unit_fails_alone(tmp_path):
    manifest = make_corpus(tmp_path, 8)
    broken = sorted((tmp_path / "verses").iterdir())[3]
    (broken / "nestle1904.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    result = CliRunner().invoke(main, ["corpus", str(manifest), "--scheduler", "serial"])
    assert result.exit_code == EXIT_SOME_FAILED
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert broken.name in errors[0] and "nestle1904.txt is a PDF document" in errors[0]
    out = tmp_path / "out"
    state = states(out)
    assert [n for n, u in state.items() if u["status"] == "failed"] == [broken.name]
    assert sum(u["status"] == "ok" for u in state.values()) == 7
    assert not (out / f"{broken.name}.xml").exists()
    index = (out / "index.html").read_text()
    assert "1 failed" in index and f'href="#u-{broken.name}"' in index and "is a PDF document" in index
    for unit in sorted((tmp_path / "verses").iterdir()):
        if unit != broken:
            assert (out / f"{unit.name}.xml").is_file() and (out / f"{unit.name}.html").is_file()


def test_a_rerun_recollates_only_the_unit_whose_witness_changed(tmp_path):
    manifest = make_corpus(tmp_path, 8)
    first = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    assert [o.status for o in first.outcomes] == ["ok"] * 8
    out = tmp_path / "out"
    before = outputs(out)
    again = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 8
    assert outputs(out) == before  # index and state too: a rerun with nothing changed changes nothing
    changed = sorted((tmp_path / "verses").iterdir())[5]
    witness = changed / "sblgnt.txt"
    witness.write_text("δὲ " + witness.read_text(encoding="utf-8"), encoding="utf-8")
    third = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    statuses = {o.name: o.status for o in third.outcomes}
    assert statuses.pop(changed.name) == "ok"
    assert set(statuses.values()) == {"unchanged"}
    after = outputs(out)
    assert after[f"{changed.name}.xml"] != before[f"{changed.name}.xml"]
    assert "δὲ" in after[f"{changed.name}.xml"].decode()
    others = [n for n in before if n.startswith("john-") and not n.startswith(changed.name)]
    assert all(after[n] == before[n] for n in others)


def test_a_unit_outputs_are_written_all_or_none(tmp_path, monkeypatch):
    """A unit whose outputs cannot all be written fails alone and leaves none of its files."""
    from collate.corpus import state

    manifest = make_corpus(tmp_path, 3)
    real = state.write_all
    victim = sorted((tmp_path / "verses").iterdir())[1].name

    def flaky(files):
        if any(Path(p).name.startswith(victim) and Path(p).parent.name != "corpus-state" for p in files):
            from collate.errors import OutputError

            raise OutputError(f"cannot write {victim}.html: No space left on device; choose a writable location")
        return real(files)

    monkeypatch.setattr(state, "write_all", flaky)
    result = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    assert [o.name for o in result.failed] == [victim]
    assert not any(p.name.startswith(victim) for p in (tmp_path / "out").iterdir())
    assert states(tmp_path / "out")[victim]["status"] == "failed"


def test_progress_is_a_plain_line_off_a_terminal_and_nothing_when_quiet(tmp_path):
    manifest = make_corpus(tmp_path, 4)
    stream = io.StringIO()
    from collate.corpus.runner import run_corpus as run

    run(load_corpus(manifest), scheduler="serial", stream=stream)
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert lines[-1].startswith("4 units: 4 collated, 0 unchanged, 0 failed in ")
    quiet = io.StringIO()
    run(load_corpus(manifest), scheduler="serial", stream=quiet, quiet=True)
    assert quiet.getvalue() == ""


def test_the_index_shows_the_corpus_distances_and_tree(tmp_path):
    manifest = make_corpus(tmp_path, 6)
    run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    out = tmp_path / "out"
    index = (out / "index.html").read_text()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="heatmap"' in index
    assert 'class="tree"' in index and "neighbour joining" in index
    matrix = (out / "distance.csv").read_text().splitlines()
    assert matrix[0] == "," + ",".join(sorted(EDITIONS))  # the witnesses in file-name order
    assert len(matrix) == 4
    tree = (out / "tree.nwk").read_text()
    assert all(e in tree for e in EDITIONS)


def test_corpus_manifest_errors(tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text('[corpus]\noutput = "out"\n[[unit]]\nglob = "nothing/*"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", str(bad)])
    assert result.exit_code == 8 and "matches no folder" in result.stderr
    bad.write_text('[corpus]\noutput = "out"\nthreads = 3\n[[unit]]\nwitnesses = ["a"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", str(bad)])
    assert result.exit_code == 8 and "has no key 'threads'" in result.stderr
    good = make_corpus(tmp_path, 2)
    result = CliRunner().invoke(main, ["corpus", str(good), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 10 and result.stderr.startswith("Error: cannot reach the Dask scheduler")


def test_an_interrupted_run_keeps_every_unit_finished(tmp_path):
    """SIGTERM in mid-corpus: exit 130, the units done are on disk with their state, no partial
    file, and the next run collates only the rest."""
    manifest = make_corpus(tmp_path, 10)
    state = tmp_path / "out" / "corpus-state"
    process = subprocess.Popen(
        [str(BIN / "collate"), "corpus", str(manifest), "--scheduler", "serial", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not any(state.glob("*.json")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the corpus finished before the signal arrived")
    assert process.returncode == 130
    assert err.startswith("Error: interrupted; the units finished are written and kept")
    done = states(tmp_path / "out")
    assert 1 <= len(done) < 10
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".part")]
    rerun = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    statuses = {o.name: o.status for o in rerun.outcomes}
    assert {n for n, s in statuses.items() if s == "unchanged"} == set(done)
    assert sum(s == "ok" for s in statuses.values()) == 10 - len(done)


def test_a_rerun_with_one_unit_to_do_starts_no_cluster(tmp_path, monkeypatch):
    manifest = make_corpus(tmp_path, 4)
    run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    witness = sorted((tmp_path / "verses").iterdir())[2] / "nestle1904.txt"
    witness.write_text("καὶ " + witness.read_text(encoding="utf-8"), encoding="utf-8")
    import distributed

    from collate.corpus import local

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started for one unit")

    monkeypatch.setattr(distributed, "LocalCluster", no_cluster)
    monkeypatch.setattr(local, "LocalDask", no_cluster)
    rerun = run_corpus(load_corpus(manifest), scheduler="processes", quiet=True)
    assert sorted(o.status for o in rerun.outcomes) == ["ok", "unchanged", "unchanged", "unchanged"]


def test_progress_is_a_bar_on_a_terminal():
    from collate.corpus.progress import CorpusProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    progress = CorpusProgress(3, stream=stream)
    progress.update(done=1)
    progress.error("unit b: b/x.txt has no text to collate; remove it or fill it")
    progress.update(failed=1)
    progress.update(skipped=1)
    progress.close()
    text = stream.getvalue()
    assert "\r" in text and "Error: unit b: b/x.txt has no text to collate" in text
    assert "units [##############################] 3/3  (1 failed, 1 unchanged)" in text
    assert text.endswith("\r")  # the bar erased, so what follows starts on a clean line


# -- the state of a corpus of many witnesses -----------------------------------------------------


def test_recording_a_unit_writes_one_file_of_its_own_size_whatever_the_corpus(tmp_path, monkeypatch):
    """A corpus of 1,000 witnesses: recording a unit writes its own state file only, the same bytes
    whether 1 or 40 units were recorded before it, and linear in its witnesses (their sigla), not the
    499,500 pairs (those are in the unit's distance CSV); a rerun finds each unit by its key."""
    from collate.corpus import state as store
    from collate.corpus.state import Outcome, State

    written: list[dict] = []
    real = store.write_all
    monkeypatch.setattr(store, "write_all", lambda files: (written.append(dict(files)), real(files)))
    sigla = tuple(f"MS{k:04d}" for k in range(1000))
    st = State(tmp_path)
    sizes = []
    for k in range(40):
        name = f"chapter-{k:03d}"
        outcome = Outcome(name, "ok", f"{k:064x}", files=(f"{name}.xml",), sigla=sigla, tokens=300_000)
        (tmp_path / outcome.files[0]).write_bytes(b"<TEI/>")
        st.record(outcome)
        assert list(written[-1]) == [tmp_path / "corpus-state" / f"chapter-{k:03d}.json"]
        sizes.append(len(written[-1][tmp_path / "corpus-state" / f"chapter-{k:03d}.json"]))
    assert len(written) == 40 and len(set(sizes)) == 1  # the 40th unit's write is the 1st's
    assert sizes[0] < 1000 * 20  # about 15 bytes a witness; the pairs would be 499,500 rows
    again = State(tmp_path)
    assert again.unchanged("chapter-007", f"{7:064x}").status == "unchanged"
    assert again.unchanged("chapter-007", f"{7:064x}").sigla == sigla
    assert again.unchanged("chapter-007", f"{8:064x}") is None  # another key: collate again
    (tmp_path / "chapter-009.xml").unlink()
    assert again.unchanged("chapter-009", f"{9:064x}") is None  # an output missing: collate again
    (tmp_path / "corpus-state" / "chapter-011.json").write_text("{not json")
    assert again.unchanged("chapter-011", f"{11:064x}") is None  # a damaged record: collate again


def test_a_corpus_of_many_witnesses_reruns_exactly_from_its_per_unit_state(tmp_path):
    """Units of 40 witnesses (copies of copies): each state file is small beside the unit's pair
    counts, and a rerun skips every unit and rebuilds the corpus matrix from the units' distance
    CSVs to the same bytes."""
    import random

    sys.path.insert(0, str(ROOT / "tests"))
    from test_distance import mutate, vocabulary

    rng, vocab = random.Random(5), vocabulary()
    for u in range(3):
        texts = [[rng.choice(vocab) for _ in range(10)]]
        while len(texts) < 40:
            texts.append(mutate(rng.choice(texts), rng, vocab, substantive=1, accidental=1))
        unit = tmp_path / "units" / f"u{u}"
        unit.mkdir(parents=True)
        for k, words in enumerate(texts):
            (unit / f"W{k:02d}.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
    manifest = tmp_path / "c.toml"
    manifest.write_text('[corpus]\noutput = "out"\nformats = ["json"]\n[[unit]]\nglob = "units/*"\n', encoding="utf-8")
    first = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    assert [o.status for o in first.outcomes] == ["ok"] * 3
    out = tmp_path / "out"
    before = outputs(out)
    for u in range(3):
        pairs = before[f"u{u}.distance.csv"].decode().splitlines()
        assert len(pairs) == 1 + 40 * 39 // 2
        assert len(before[f"corpus-state/u{u}.json"]) * 10 < len(before[f"u{u}.distance.csv"])
    again = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    assert [o.status for o in again.outcomes] == ["unchanged"] * 3
    assert outputs(out) == before
    assert len(before["distance-pairs.csv"].decode().splitlines()) == 1 + 40 * 39 // 2


def test_pair_counts_read_back_exactly():
    """The unit's distance CSV is what the corpus adds up from: its token counts are written exactly,
    however large (a half where the two witnesses' lengths differ by an odd number)."""
    from collate.distance import Distances, PairCount, from_pairs_csv, pairs_csv

    pairs = (PairCount("a", "b", 1234567.5, 12, 30), PairCount("a", "c", 3.0, 0, 1), PairCount("b", "c", 75000.5, 7, 0))
    dist = Distances(("a", "b", "c"), pairs)
    back = from_pairs_csv(dist.sigla, pairs_csv(dist))
    assert back == dist
    assert b",3,0,1," in pairs_csv(dist)  # whole numbers as before, without a decimal point


def test_the_cluster_starts_while_the_client_still_reads_the_units(tmp_path, monkeypatch):
    """The cluster's start overlaps the client's reading of the corpus: it has begun before the
    last unit is read (here a stand-in executor, in this process, records when it is entered)."""
    import threading
    from contextlib import contextmanager

    from collate.corpus import runner

    manifest = make_corpus(tmp_path, 5)
    entered = threading.Event()

    @contextmanager
    def executor(where, workers):
        assert where == "processes"
        entered.set()
        yield runner.Serial()

    real = runner.prepare
    read: list[bool] = []

    def prepare(spec, corpus):
        if spec.name.endswith("-005"):  # the last unit: the start must already be under way
            read.append(entered.wait(timeout=30))
        return real(spec, corpus)

    monkeypatch.setattr(runner, "executor", executor)
    monkeypatch.setattr(runner, "prepare", prepare)
    result = run_corpus(load_corpus(manifest), scheduler="processes", quiet=True)
    assert read == [True]
    assert [o.status for o in result.outcomes] == ["ok"] * 5


def test_the_largest_units_are_given_the_highest_priority(tmp_path):
    """Each task carries Dask's priority, its unit's size: the largest units run first and the small
    ones fill the last gaps; a split unit's pieces and join carry the whole unit's size."""
    from dataclasses import replace

    from collate.corpus import runner
    from collate.corpus.manifest import Split

    manifest = make_corpus(tmp_path, 6)
    corpus = load_corpus(manifest)
    units = [runner.prepare(spec, corpus)[0] for spec in corpus.units]

    class Recorder:
        def __init__(self):
            self.calls = []

        def submit(self, func, *args, key, priority=0):
            self.calls.append((func.__name__, key, priority))
            return key

    client = Recorder()
    for unit in units:
        runner.submit(client, unit, corpus.formats)
    sizes = {u.spec.name: sum(len(w.text) for w in u.witnesses) for u in units}
    assert len(set(sizes.values())) > 1  # verses of different lengths
    assert [p for _, _, p in client.calls] == [sizes[u.spec.name] for u in units]
    book = units[0]
    book.spec = replace(book.spec, split=Split("line"))
    assert runner.cut_unit(book) is None and book.pieces
    client.calls.clear()
    runner.submit(client, book, corpus.formats)
    assert [f for f, _, _ in client.calls] == ["collate_piece"] * len(book.pieces) + ["join_and_render"]
    assert {p for _, _, p in client.calls} == {sizes[book.spec.name]}


# -- the embedded scheduler: Dask's local scheduler on forked worker processes ----------------------


def _failing_in(monkeypatch, text: str, how):
    """Make collating any unit with a witness that starts with ``text`` call ``how`` instead, in
    the workers too: they are forked from this process (even if an earlier test left a thread
    running), and a task looks the library's ``collate_witnesses`` up when it runs."""
    import multiprocessing

    import collate
    from collate.corpus import local

    monkeypatch.setattr(local, "worker_context", lambda: multiprocessing.get_context("fork"))

    real = collate.collate_witnesses

    def collate_witnesses(witnesses, settings):
        if any(w.text.startswith(text) for w in witnesses):
            how()
        return real(witnesses, settings)

    monkeypatch.setattr(collate, "collate_witnesses", collate_witnesses)


def test_a_unit_whose_task_fails_on_a_worker_fails_alone(tmp_path, monkeypatch, deadline):
    """An exception in a task on the embedded workers is that unit's failure: recorded with its
    Error: line, while Dask's loop goes on with the others, whose outputs are the serial run's."""
    manifest = make_corpus(tmp_path, 10)
    serial = run_corpus(load_corpus(make_corpus(tmp_path, 10, output="serial")), scheduler="serial", quiet=True)
    broken = sorted((tmp_path / "verses").iterdir())[4]
    first = (broken / "sblgnt.txt").read_text(encoding="utf-8")[:30]

    def fail():
        raise RuntimeError("a bug in this unit")

    _failing_in(monkeypatch, first, fail)
    result = run_corpus(load_corpus(manifest), scheduler="processes", workers=2, quiet=True)
    assert [o.name for o in result.failed] == [broken.name]
    assert result.failed[0].error == (
        f"unit {broken.name}: unexpected failure (RuntimeError: a bug in this unit); please report it"
    )
    assert [o.status for o in result.outcomes].count("ok") == 9 and not serial.failed
    mine, theirs = outputs(tmp_path / "out"), outputs(tmp_path / "serial")
    units = [u.name for u in sorted((tmp_path / "verses").iterdir()) if u != broken]
    for name in units:
        for suffix in (".xml", ".html", ".json", ".distance.csv"):
            assert mine[name + suffix] == theirs[name + suffix]
    assert not any(name.startswith(broken.name + ".") for name in mine)


def test_a_worker_lost_fails_the_units_left_and_keeps_the_rest(tmp_path, monkeypatch, deadline):
    """A worker process that dies (killed, out of memory) breaks the pool: the run still ends, the
    units finished are written, those left are recorded as failed, and a rerun does only those."""
    manifest = make_corpus(tmp_path, 12)
    lost = sorted((tmp_path / "verses").iterdir())[6]
    _failing_in(monkeypatch, (lost / "sblgnt.txt").read_text(encoding="utf-8")[:30], lambda: os._exit(3))
    result = run_corpus(load_corpus(manifest), scheduler="processes", workers=2, quiet=True)
    statuses = {o.name: o.status for o in result.outcomes}
    assert statuses[lost.name] == "failed"
    for outcome in result.failed:
        assert outcome.error == (
            f"unit {outcome.name}: a worker process was lost (killed, or out of memory) before this unit was "
            "done; run the corpus again to collate the units left, with fewer --workers if memory is short"
        )
        assert outcome.exit_code == 10
    done = {n for n, s in statuses.items() if s == "ok"}
    assert set(states(tmp_path / "out")) >= done
    for name in done:
        assert (tmp_path / "out" / f"{name}.xml").is_file()
    monkeypatch.undo()
    rerun = run_corpus(load_corpus(manifest), scheduler="serial", quiet=True)
    again = {o.name: o.status for o in rerun.outcomes}
    assert {n for n, s in again.items() if s == "ok"} == set(statuses) - done
    assert {n for n, s in again.items() if s == "unchanged"} == done


def test_an_interrupted_embedded_run_stops_its_workers_and_keeps_the_units_done(tmp_path):
    """SIGTERM to collate corpus on the embedded scheduler: exit 130 at once (a unit still running
    is not waited for), no worker process left, the finished units kept."""
    import psutil

    manifest = make_corpus(tmp_path, 24)
    state = tmp_path / "out" / "corpus-state"
    process = subprocess.Popen(
        [str(BIN / "collate"), "corpus", str(manifest), "--scheduler", "processes", "--workers", "2", "--quiet"],
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not any(state.glob("*.json")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the corpus finished before the signal arrived")
    assert process.returncode == 130, err
    assert err.startswith("Error: interrupted; the units finished are written and kept")
    assert len(workers) == 2
    time.sleep(0.5)
    left = [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    assert left == []
    done = states(tmp_path / "out")
    assert 1 <= len(done) < 24
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.endswith(".part")]


def test_the_local_scheduler_hands_each_result_over_and_keeps_none(tmp_path):
    """Dask's local scheduler holds no unit's result once the client has it (a corpus's rendered
    outputs would not fit in memory), and a split unit's pieces only until their join has run;
    the join of a unit whose piece failed fails with the piece's error, the others are unaffected."""
    from collate.corpus.local import LocalDask

    def double(x):
        return 2 * x

    def add(parts, more):
        return sum(parts) + more

    def broken(x):
        raise ValueError(f"piece {x} is broken")

    local = LocalDask(processes=False, workers=2)
    try:
        units = [local.submit(double, k, key=f"unit-{k}") for k in range(5)]
        pieces = [local.submit(double, k, key=f"piece-{k}") for k in range(3)]
        joined = local.submit(add, pieces, 100, key="join")
        bad = [local.submit(broken, 7, key="bad-piece"), local.submit(double, 1, key="good-piece")]
        failed = local.submit(add, bad, 0, key="bad-join")
        seen = {f.key: f for f in local.as_completed([*units, joined, failed])}
    finally:
        local.close()
    assert sorted(seen) == sorted([*(f"unit-{k}" for k in range(5)), "join", "bad-join"])
    assert [seen[f"unit-{k}"].result() for k in range(5)] == [0, 2, 4, 6, 8]
    assert seen["join"].result() == 106
    with pytest.raises(ValueError, match="piece 7 is broken"):
        seen["bad-join"].result()
    assert {k: v for k, v in local.cache.items() if v is not None} == {}


def test_workers_are_forked_only_from_a_client_without_other_threads():
    """Forking copies the locks other threads hold; with another thread running (a notebook, an
    application embedding collate) the workers start from a fork server or are spawned. (In a
    fresh interpreter: threads that earlier tests left, such as Dask's event loop, would count.)"""
    if not sys.platform.startswith("linux"):
        pytest.skip("workers are forked only on Linux")
    script = (
        "import threading\n"
        "from collate.corpus.local import worker_context\n"
        "alone = worker_context().get_start_method()\n"
        "stop = threading.Event(); other = threading.Thread(target=stop.wait); other.start()\n"
        "print(alone, worker_context().get_start_method()); stop.set(); other.join()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    alone, threaded = done.stdout.split()
    assert alone == "fork"
    assert threaded in ("forkserver", "spawn")


def test_workers_started_from_a_fork_server_give_the_same_bytes(tmp_path, monkeypatch, deadline):
    """Where the client cannot fork safely (another thread running) its workers start from a fork
    server: they import and warm collate themselves, and give the serial run's bytes."""
    import multiprocessing

    from collate.corpus import local

    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform")
    serial = run_corpus(load_corpus(make_corpus(tmp_path, 6, output="serial")), scheduler="serial", quiet=True)
    monkeypatch.setattr(local, "worker_context", lambda: multiprocessing.get_context("forkserver"))
    served = run_corpus(
        load_corpus(make_corpus(tmp_path, 6, output="served")), scheduler="processes", workers=2, quiet=True
    )
    assert not serial.failed and not served.failed
    assert outputs(tmp_path / "serial") == outputs(tmp_path / "served")
