"""Golden files: the whole outputs (TEI, HTML, JSON and the command line's summary) of the bundled
collations and of Darwin's six editions, compared byte for byte.

The bundled collations' TEI, HTML and JSON are compared with ``examples/``, the files users read
(``make examples`` writes them), so the examples can never fall behind the code and no second
copy is kept; their summaries and Darwin's outputs are under ``tests/golden/``. Darwin's outputs
are large (9 MB of JSON), so its golden holds each output's SHA-256 and size instead of the bytes.

A change that alters an output on purpose rewrites the goldens with ``pytest --accept`` (as
pandoc's test suite does); ``git diff examples tests/golden`` then shows the change for review.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from collate import collate_witnesses, load_witnesses, render
from collate.classify import summary

from .conftest import DATA, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = ROOT / "examples"
FORMATS = {"tei": "xml", "html": "html", "json": "json"}
DARWIN = sorted((DATA / "bench" / "darwin").glob("darwin18*.txt"))


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    """Witness paths are recorded as given: run from the repository's root with relative paths,
    so that the outputs do not depend on where the repository was cloned."""
    monkeypatch.chdir(ROOT)


def _outputs(paths: list[Path]) -> dict[str, bytes]:
    collation = collate_witnesses(load_witnesses([str(p.relative_to(ROOT)) for p in paths]))
    out = {ext: render(collation, fmt) for fmt, ext in FORMATS.items()}
    out["summary.txt"] = (summary(collation) + "\n").encode("utf-8")
    return out


def _compare(name: str, outputs: dict[str, bytes], accept: bool, folder: dict[str, Path] | None = None) -> None:
    """Each output against its golden file, ``GOLDEN`` unless ``folder`` names another per extension."""
    changed = []
    for ext, data in outputs.items():
        path = (folder or {}).get(ext, GOLDEN) / f"{name}.{ext}"
        if accept:
            path.write_bytes(data)
        elif not path.is_file() or path.read_bytes() != data:
            changed.append(path.name)
    assert not changed, f"outputs differ from the goldens: {changed}; review, then rerun with --accept"


@pytest.mark.parametrize("name", ["kropotkin", "medvedev"])
def test_bundled_collation_matches_golden(name, request):
    examples = {ext: EXAMPLES for ext in FORMATS.values()}
    _compare(name, _outputs([ROOT / "witnesses" / name]), request.config.getoption("--accept"), examples)


@pytest.mark.slow
def test_darwin_six_editions_match_golden(request):
    outputs = _outputs(DARWIN)
    digests = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {len(data):>9}  darwin.{ext}\n"
        for ext, data in outputs.items()
        if ext != "summary.txt"
    )
    _compare("darwin", {"sha256": digests.encode(), "summary.txt": outputs["summary.txt"]},
             request.config.getoption("--accept"))
