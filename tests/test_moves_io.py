"""Moves through the whole program: the JSON document keeps them, ``collate run --moves`` and
:func:`collate.run` choose how they are aligned, a version-1 document is read without them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from collate import collate_witnesses
from collate.cli import main
from collate.model import Move, Settings, Witness
from collate.runner import run
from collate.writers import render
from collate.writers.json import from_json

MOVED = "The ships left the harbour at dawn. "
REST = "Many weeks later a storm came over the island and nobody could see the coast. "


def _witnesses() -> list[Witness]:
    return [Witness("A", MOVED + REST), Witness("B", REST + MOVED.replace("harbour", "harbor"))]


def _write(tmp_path) -> list[str]:
    paths = []
    for witness in _witnesses():
        path = tmp_path / f"{witness.siglum.lower()}.txt"
        path.write_text(witness.text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_json_keeps_the_moves_compact_and_indented():
    collation = collate_witnesses(_witnesses())
    assert len(collation.alignment.moves) == 1
    for options in ({}, {"indent": 2}):
        data = render(collation, "json", **options)
        doc = json.loads(data)
        assert doc["version"] == 2
        assert doc["collation"]["settings"]["moves"] == "content"
        back = from_json(data)
        assert back.alignment.moves == collation.alignment.moves
        assert all(isinstance(move, Move) for move in back.alignment.moves)
        assert back == collation


def test_json_version_1_is_read_with_no_moves():
    collation = collate_witnesses(_witnesses(), Settings(moves="position"))
    doc = json.loads(render(collation, "json"))
    doc["version"] = 1
    fields = doc["collation"]
    del fields["alignment"]["moves"], fields["settings"]["moves"]
    fields["tokens"] = [
        [{"text": t[0], "norm": t[1], "offset": t[2], "rend": t[3]} for t in witness] for witness in fields["tokens"]
    ]
    back = from_json(json.dumps(doc, indent=1))
    assert back.alignment.moves == () and back.settings.moves == "content"
    assert back.alignment.segments == collation.alignment.segments and back.variants == collation.variants


def test_runner_run_chooses_how_moves_are_aligned(tmp_path):
    paths = _write(tmp_path)
    assert len(run(paths).alignment.moves) == 1
    by_position = run(paths, {"json": tmp_path / "c.json"}, moves="position")
    assert by_position.settings.moves == "position" and by_position.alignment.moves == ()
    assert from_json((tmp_path / "c.json").read_bytes()) == by_position


def test_cli_moves_option_reaches_the_json_document(tmp_path):
    paths = _write(tmp_path)
    for how, count in (("content", 1), ("position", 0)):
        result = CliRunner().invoke(main, ["run", *paths, "--moves", how, "--json", "-", "-q"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["collation"]["settings"]["moves"] == how
        assert len(doc["collation"]["alignment"]["moves"]) == count


def test_cli_moves_option_overrides_a_manifest(tmp_path):
    _write(tmp_path)
    manifest = tmp_path / "c.toml"
    manifest.write_text(
        '[collation]\nmoves = "content"\n\n[[witness]]\nsiglum = "A"\nfile = "a.txt"\n\n'
        '[[witness]]\nsiglum = "B"\nfile = "b.txt"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["run", str(manifest), "--moves", "position", "--json", "-", "-q"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["collation"]["settings"]["moves"] == "position" and doc["collation"]["alignment"]["moves"] == []
