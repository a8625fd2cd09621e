"""The sqlite word-list store (:func:`collate.cachedir.cached_keyed`): the same answers as the whole
table, built once and atomically, safe across a fork, and what a run of English text asks instead
of loading simplemma's whole list."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from collate import cachedir
from collate.classify import lemmas

ROOT = Path(__file__).resolve().parent.parent


def _random_table(seed: int, size: int) -> dict[bytes, bytes]:
    rng = random.Random(seed)
    alphabet = "abcdeéßπא'-"
    word = lambda: "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 9))).encode()  # noqa: E731
    return {word(): word() for _ in range(size)}


def test_the_store_answers_as_the_table(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "list.src"
    source.write_bytes(b"version 1")
    data = _random_table(1, 3000)
    store = cachedir.cached_keyed("words", source, lambda: data)
    assert isinstance(store, cachedir.KeyedTable)
    assert len(store) == len(data) and set(store) == set(data)
    probes = list(data) + [k + b"x" for k in list(data)[:500]] + [b"", b"\x00"]
    for key in probes:
        assert (key in store) == (key in data)
        assert store.get(key) == data.get(key)
    assert "not bytes" not in store


def test_built_once_per_source_and_nothing_half_written(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "list.src"
    source.write_bytes(b"version 1")
    builds = []
    build = lambda: builds.append(1) or {b"a": b"b"}  # noqa: E731
    cachedir.cached_keyed("words", source, build)
    assert dict(cachedir.cached_keyed("words", source, build)) == {b"a": b"b"}
    assert len(builds) == 1
    source.write_bytes(b"version 2")  # a new source: a new file
    cachedir.cached_keyed("words", source, build)
    assert len(builds) == 2
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert len(names) == 2 and all(n.startswith("words-") and n.endswith(".sqlite") for n in names)


def test_an_unwritable_cache_gives_the_table_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(blocker / "cache"))
    source = tmp_path / "list.src"
    source.write_bytes(b"v")
    assert cachedir.cached_keyed("words", source, lambda: {b"a": b"b"}) == {b"a": b"b"}


def test_a_forked_process_opens_its_own_connection(tmp_path, monkeypatch):
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "list.src"
    source.write_bytes(b"v")
    store = cachedir.cached_keyed("words", source, lambda: {b"a": b"b"})
    assert b"a" in store
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child asks through the parent's object
        os.write(write, b"1" if (b"a" in store and store._pid == os.getpid()) else b"0")
        os._exit(0)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"


def test_english_lookups_agree_with_simplemmas_whole_list():
    """Every 50th key of the English list, and each with a letter added, in the store as in the table."""
    whole = lemmas.table("en")._table
    store = lemmas.keyed("en")._table
    keys = sorted(whole)[::50]
    for key in keys + [k + b"q" for k in keys]:
        assert (key in store) == (key in whole)
    words = [k.decode() for k in keys[:200]]
    assert all(lemmas.listed(w, "en") for w in words)


PROBE = """
import json, sys
from collate.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    assert not done.code, done.code
from collate.classify import lemmas
print(json.dumps({"whole": lemmas.table.cache_info().currsize, "keyed": lemmas.keyed.cache_info().currsize}))
"""


def test_a_run_of_english_text_reads_no_whole_word_list(tmp_path):
    """The bundled Kropotkin pair asks whether a few forms are English words: the second run (the
    first may build the store) reads them from the store and never loads the whole list."""
    witnesses = str(ROOT / "witnesses" / "kropotkin")
    for run in ("first", "second"):
        done = subprocess.run([sys.executable, "-c", PROBE, "run", witnesses, "--json", f"{run}.json", "--quiet"],
                              capture_output=True, text=True, cwd=tmp_path, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr[-800:]
    found = json.loads(done.stdout.splitlines()[-1])
    assert found == {"whole": 0, "keyed": 1}
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()
