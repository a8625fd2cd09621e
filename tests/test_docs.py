"""The documentation agrees with the code: exit codes in the README, ``--help`` and
``collate/errors.py`` (their one source), after sqlite-utils' tests/test_docs.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from collate import errors
from collate.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = README.index(f"### {title}\n")
    return README[start : README.index("\n## ", start)]


def _rows(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header row is ``header``, as lists of cells."""
    lines = text[text.index(header) :].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_readme_exit_code_table_is_errors_exit_codes():
    rows = _rows(_section("Exit codes"), "| exit code | meaning |")
    assert {int(code): meaning for code, meaning in rows} == errors.EXIT_CODES


def test_readme_cases_use_only_documented_codes_and_every_error_code():
    cases = _rows(_section("Exit codes"), "| case | what happens | exit code |")
    used = {int(row[-1]) for row in cases}
    assert used <= set(errors.EXIT_CODES)
    assert {cls.exit_code for cls in errors._ERRORS} <= used


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"]])
def test_help_lists_every_exit_code_with_its_meaning(args):
    out = CliRunner().invoke(main, args).output
    listed = dict(re.findall(r"^\s+(\d+)  (.+)$", out[out.index("Exit codes:") :], re.MULTILINE))
    assert {int(code): " ".join(meaning.split()) for code, meaning in listed.items()} == errors.EXIT_CODES


def test_cli_exits_with_the_error_classes_codes(tmp_path):
    """The code a refusal exits with is its class's: a missing witness is an InputError."""
    result = CliRunner().invoke(main, ["run", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == errors.InputError.exit_code == 3
    assert CliRunner().invoke(main, ["run", "--no-such-option", "x"]).exit_code == errors.USAGE


def test_readme_library_table_names_modules_that_exist():
    root = Path(__file__).resolve().parent.parent
    library = README[README.index("## Library") : README.index("## Output formats")]
    named = set(re.findall(r"`(collate/[\w/]+(?:\.py)?)`", library))
    assert named and all((root / path).exists() for path in named), sorted(p for p in named if not (root / p).exists())


def test_architecture_names_modules_that_exist():
    """docs/architecture.md matches the code: every module it names is there."""
    root = Path(__file__).resolve().parent.parent
    text = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(collate/[\w/]+(?:\.py)?)`", text))
    missing = sorted(p for p in named if not (root / p).exists())
    assert len(named) > 15 and not missing, missing
