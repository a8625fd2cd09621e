"""The report template's compiled code is kept in collate's cache folder (jinja2's own bytecode
cache): the page is the same bytes whether the cache is cold or warm, and a cache folder that
cannot be written only means no cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from collate.writers import html

REPO = Path(__file__).resolve().parents[1]


def _report(tmp: Path, cache: Path, name: str) -> bytes:
    out = tmp / name
    env = {**os.environ, "COLLATE_CACHE_DIR": str(cache)}
    subprocess.run(
        [sys.executable, "-m", "collate", "run", str(REPO / "witnesses" / "kropotkin"), "--html", str(out), "--quiet"],
        check=True, env=env, cwd=tmp,
    )  # fmt: skip
    return out.read_bytes()


def test_cold_and_warm_template_cache_give_the_same_page(tmp_path):
    cache = tmp_path / "cache"
    cold = _report(tmp_path, cache, "cold.html")
    compiled = list((cache / "templates").glob("__jinja2_*.cache"))
    assert compiled, "the compiled template was not kept"
    warm = _report(tmp_path, cache, "warm.html")
    assert cold == warm


def test_an_unwritable_cache_folder_means_no_template_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COLLATE_CACHE_DIR", str(blocker))
    assert html._bytecode_cache() is None
