"""The documentation's commands, run: every ``$ collate ...`` line of README.md and docs/*.md, and
the examples of ``collate run --help``.

Each command runs in a temporary folder holding the files the documentation names
(tests/data/docs/), a copy of witnesses/ and the repository's data/, with the virtual
environment's ``collate`` first on PATH, as a newcomer who followed the README would run it.
What the documentation shows after the command (until the next ``$`` line) must be what the
command prints, line for line, ``...`` standing for any text; ``$ echo $?`` after it gives the
exit code, which is 0 otherwise. Progress lines, which a slow machine prints, are not compared.
So an example cannot drift from the program.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FIXTURES = ROOT / "tests" / "data" / "docs"


@dataclass(frozen=True)
class Example:
    """A command of the documentation, what it shows the command printing, and its exit code."""

    where: str
    command: str
    shown: tuple[str, ...]
    code: int


def examples(path: Path) -> list[Example]:
    """The ``$ collate`` commands of a Markdown file's console blocks (fenced, or indented four spaces)."""
    found: list[Example] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].removeprefix("    ")
        if not line.startswith("$ collate "):
            i += 1
            continue
        start = i
        command = line[2:]
        while command.endswith("\\"):
            i += 1
            command = command[:-1] + " " + lines[i].strip()
        shown: list[str] = []
        i += 1
        code = 0
        while i < len(lines) and not lines[i].startswith("```") and lines[i].strip():
            text = lines[i].removeprefix("    ")
            if text.startswith("$ echo $?"):
                code = int(lines[i + 1].strip())
                i += 2
                continue
            if text.startswith("$ "):
                break
            shown.append(text)
            i += 1
        found.append(Example(f"{path.relative_to(ROOT)}:{start + 1}", re.sub(r"\s+#.*$", "", command), tuple(shown), code))
    return found


def help_examples() -> list[Example]:
    """The examples ``collate run --help`` shows, run like the documentation's."""
    from collate.cli import EPILOG_RUN

    lines = [line.strip() for line in EPILOG_RUN.splitlines() if line.strip().startswith("collate ")]
    return [Example(f"run --help:{i + 1}", line.split("  (")[0].strip(), (), 0) for i, line in enumerate(lines)]


ALL = [example for path in DOCS for example in examples(path)] + help_examples()


def test_the_documentation_has_commands_to_run():
    assert len(ALL) >= 10
    assert {e.where.split(":")[0] for e in ALL} >= {"README.md", "docs/errors.md", "docs/witness-format.md", "run --help"}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Path:
    """A folder as a newcomer's clone looks from inside, with the files the examples name."""
    root = tmp_path_factory.mktemp("docs")
    shutil.copytree(FIXTURES, root, dirs_exist_ok=True)
    shutil.copytree(ROOT / "witnesses", root / "witnesses")
    (root / "data").symlink_to(ROOT / "data")
    (root / "out").mkdir()
    (root / "examples").mkdir()
    return root


def matches(shown: str, printed: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in shown.split("..."))
    return re.fullmatch(pattern, printed) is not None


@pytest.mark.parametrize("example", ALL, ids=[e.where for e in ALL])
def test_documented_command(sandbox, example):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        ["bash", "-c", example.command], cwd=sandbox, env=env, capture_output=True, text=True, timeout=600
    )
    # progress lines come on a slow machine only (a log's line every five seconds): not shown
    printed = [line for line in (result.stderr + result.stdout).splitlines() if not line.startswith("Aligning: ")]
    assert result.returncode == example.code, f"{example.where}: {example.command}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if example.shown:
        assert len(printed) >= len(example.shown), f"{example.where}: {printed}"
        for shown, line in zip(example.shown, printed):
            assert matches(shown, line), f"{example.where}: shown {shown!r}, printed {line!r}"
        if not example.shown[-1].endswith("..."):
            assert len(printed) == len(example.shown), f"{example.where}: printed more: {printed[len(example.shown):]}"
