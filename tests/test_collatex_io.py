"""CollateX JSON in and out: a CollateX input file collates as it is, and the alignment comes out
in the shape the collatex package itself writes (``collate(..., output="json")``)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from collate import collate_witnesses
from collate.cli import main
from collate.errors import InputError
from collate.readers.collatex import read_collatex
from collate.writers.collatex import to_collatex

from .conftest import DATA

PARAGRAPHS = DATA / "bench" / "darwin" / "paragraphs.json"


def _darwin_input(tmp_path, index: int = 1):
    """One of Darwin's paragraph sets, as a CollateX input file of its own."""
    sets = json.loads(PARAGRAPHS.read_text(encoding="utf-8"))["sets"]
    path = tmp_path / "paragraph.json"
    path.write_text(json.dumps({"witnesses": sets[index]["witnesses"]}), encoding="utf-8")
    return path, sets[index]["witnesses"]


def _tokenized(tmp_path):
    witnesses = [
        {"id": "A", "tokens": [{"t": w, "n": w.lower(), "line": i + 1} for i, w in enumerate("The black cat sat on the mat .".split())]},
        {"id": "B", "tokens": [{"t": w, "n": w.lower(), "line": i + 1, "hand": "h2"} for i, w in enumerate("The cat sat on a red mat .".split())]},
    ]
    path = tmp_path / "tokens.json"
    path.write_text(json.dumps({"witnesses": witnesses}), encoding="utf-8")
    return path, witnesses


def test_a_collatex_input_file_collates_from_the_command_line(tmp_path):
    path, witnesses = _darwin_input(tmp_path)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["run", str(path), "--collatex", str(out), "--tei", str(tmp_path / "o.xml"), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["witnesses"] == [w["id"] for w in witnesses]
    for row, witness in zip(data["table"], witnesses):
        assert "".join(t["t"] for cell in row if cell for t in cell) == witness["content"]


def test_our_table_has_the_shape_the_collatex_package_writes(tmp_path):
    from collatex import collate as cx_collate

    path, witnesses = _darwin_input(tmp_path, 2)
    theirs = json.loads(cx_collate({"witnesses": witnesses}, output="json", segmentation=True))
    ours = json.loads(to_collatex(collate_witnesses(read_collatex(path).witnesses)))
    assert set(ours) == set(theirs) == {"table", "witnesses"}
    assert ours["witnesses"] == theirs["witnesses"]
    assert len(ours["table"]) == len(theirs["table"]) == len(witnesses)  # a row per witness
    for table in (ours, theirs):
        widths = {len(row) for row in table["table"]}
        assert len(widths) == 1  # every row has a cell per column
        for row in table["table"]:
            for cell in row:
                assert cell is None or (isinstance(cell, list) and all({"t", "n"} <= set(t) for t in cell))
    for row, theirs_row in zip(ours["table"], theirs["table"]):  # the same tokens' text, in order
        mine = "".join(t["t"] for c in row if c for t in c)
        cx = "".join(t["t"] for c in theirs_row if c for t in c)
        assert " ".join(mine.split()) == " ".join(cx.split())


def test_pretokenized_input_keeps_every_token_field(tmp_path):
    path, witnesses = _tokenized(tmp_path)
    data = read_collatex(path)
    assert [w.text for w in data.witnesses] == ["The black cat sat on the mat .", "The cat sat on a red mat ."]
    table = json.loads(to_collatex(collate_witnesses(data.witnesses), tokens=data.tokens))
    for row, witness in zip(table["table"], witnesses):
        assert [t for cell in row if cell for t in cell] == witness["tokens"]
    black = [cell for cell in table["table"][0] if cell and any(t["t"] == "black" for t in cell)]
    column = table["table"][0].index(black[0])
    assert table["table"][1][column] is None  # B has nothing where A reads "black"


@pytest.mark.parametrize(
    "content, message",
    [
        ("{", "not valid JSON"),
        ('{"sets": []}', "not CollateX input"),
        ('{"witnesses": [{"content": "a"}, {"id": "B", "content": "b"}]}', 'has no "id"'),
        ('{"witnesses": [{"id": "A"}, {"id": "B", "content": "b"}]}', 'neither "content" nor "tokens"'),
        ('{"witnesses": [{"id": "A", "tokens": [{"x": 1}]}]}', 'needs a "t"'),
    ],
)
def test_bad_collatex_input_is_refused_with_the_remedy(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_collatex(path)
    result = CliRunner().invoke(main, ["run", str(path), "--collatex", str(tmp_path / "o.json")])
    assert result.exit_code == 3 and result.output.startswith("Error: ") and str(path) in result.output
    assert not (tmp_path / "o.json").exists()
