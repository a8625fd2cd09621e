"""The collation manifest: a TOML file that reruns a collation identically (`collate run collation.toml`)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from collate.cli import main
from collate.errors import ConfigError, InputError
from collate.manifest import Export, load_manifest, override, run_manifest
from collate.readers import READERS
from collate.writers.tei import TEI_NS

from .conftest import SEEDS

BLOG = SEEDS / "000_e25ccdf0ec31a360.txt"
LIBRARY = SEEDS / "001_68f079e66e7b9ffa.txt"


def kropotkin_manifest(tmp_path: Path, collation: str = "", export: str | None = None) -> Path:
    """A manifest in ``tmp_path/project`` cutting the Kropotkin letter out of the two seed pages.

    The seeds are named by paths relative to the manifest, as a project would keep them.
    """
    project = tmp_path / "project"
    (project / "out").mkdir(parents=True, exist_ok=True)
    blog = os.path.relpath(BLOG, project)
    library = os.path.relpath(LIBRARY, project)
    if export is None:
        export = 'tei = "out/k.xml"\nhtml = { file = "out/k.html" }\njson = "out/k.json"\n'
    path = project / "collation.toml"
    path.write_text(
        f"""# The Kropotkin letter, cut from the pages it was found on
[collation]
{collation}

[[witness]]
file = "{blog}"
siglum = "Miller"
translator = "Martin A. Miller"
start = "Dmitrov, 4 March"
end = "P. Kr"

[[witness]]
file = "{library}"
siglum = "Shatz"
reader = "markdown"
lines = "9-39"

[export]
{export}""",
        encoding="utf-8",
    )
    return path


def test_manifest_cut_seeds_collate_as_the_bundled_witnesses(tmp_path, kropotkin):
    manifest = load_manifest(kropotkin_manifest(tmp_path))
    miller, shatz = manifest.witnesses
    assert (miller.siglum, miller.reader, miller.get("source_lines")) == ("Miller", "text", "9-39")
    assert (shatz.siglum, shatz.reader, shatz.get("source_lines")) == ("Shatz", "markdown", "9-39")
    assert miller.get("translator") == "Martin A. Miller"
    assert [w.text for w in manifest.witnesses] == [w.text for w in kropotkin.witnesses]
    collation = run_manifest(manifest)
    assert collation.variants == kropotkin.variants


def test_manifest_reruns_identically(tmp_path):
    path = kropotkin_manifest(tmp_path)
    out = path.parent / "out"
    run_manifest(load_manifest(path))
    first = {name: (out / name).read_bytes() for name in ("k.xml", "k.html", "k.json")}
    run_manifest(load_manifest(path))
    assert {name: (out / name).read_bytes() for name in first} == first


def test_manifest_paths_resolve_against_its_directory(tmp_path, monkeypatch):
    path = kropotkin_manifest(tmp_path)
    monkeypatch.chdir(tmp_path)  # not the manifest's directory
    manifest = load_manifest(path)
    assert manifest.witnesses[0].path == str(path.parent / os.path.relpath(BLOG, path.parent))
    assert manifest.outputs() == {
        "tei": path.parent / "out/k.xml",
        "html": path.parent / "out/k.html",
        "json": path.parent / "out/k.json",
    }


def test_manifest_settings_and_writer_options(tmp_path):
    path = kropotkin_manifest(
        tmp_path, collation='base = "Shatz"\nnormalizer = "exact"', export='tei = { file = "out/k.xml", flat = true }\n'
    )
    manifest = load_manifest(path)
    assert (manifest.settings.base, manifest.settings.normalizer) == ("Shatz", "exact")
    assert manifest.exports == (Export("tei", path.parent / "out/k.xml", (("flat", True),)),)
    run_manifest(manifest)
    root = etree.parse(str(path.parent / "out/k.xml")).getroot()
    assert root.findall(f".//{{{TEI_NS}}}rdgGrp") == []
    assert root.findall(f".//{{{TEI_NS}}}lem")


def test_manifest_with_unknown_setting_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="\\[collation\\] has no setting 'aligment'"):
        load_manifest(kropotkin_manifest(tmp_path, collation='aligment = "collatex"'))


def test_manifest_with_unknown_aligner_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="aligner = 'needleman'; choose one of"):
        load_manifest(kropotkin_manifest(tmp_path, collation='aligner = "needleman"'))


def test_manifest_base_must_be_a_witness(tmp_path):
    with pytest.raises(ConfigError, match="base = 'Lenin' is not the siglum of a witness \\(Miller, Shatz\\)"):
        load_manifest(kropotkin_manifest(tmp_path, collation='base = "Lenin"'))


def test_manifest_with_unknown_export_format_or_option_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="\\[export\\] has no format 'pdf'"):
        load_manifest(kropotkin_manifest(tmp_path, export='pdf = "out/k.pdf"\n'))
    with pytest.raises(ConfigError, match="the tei writer has no option 'flatten'"):
        load_manifest(kropotkin_manifest(tmp_path, export='tei = { file = "out/k.xml", flatten = true }\n'))


def test_manifest_witness_options_are_checked(tmp_path):
    path = kropotkin_manifest(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('lines = "9-39"', 'line = "9-39"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown witness option 'line'; did you mean 'lines'"):
        load_manifest(path)


def test_manifest_missing_witness_file_is_refused(tmp_path):
    path = tmp_path / "collation.toml"
    path.write_text('[[witness]]\nfile = "a.txt"\n[[witness]]\nfile = "b.txt"\n', encoding="utf-8")
    with pytest.raises(InputError, match="the witness file .*a.txt does not exist; correct its file = in the manifest"):
        load_manifest(path)


def test_manifest_without_witnesses_or_files_is_refused(tmp_path):
    path = tmp_path / "collation.toml"
    path.write_text('[collation]\nbase = "A"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="no witnesses; add a \\[\\[witness\\]\\] table"):
        load_manifest(path)
    path.write_text('[[witness]]\nsiglum = "A"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="witness 1 has no file"):
        load_manifest(path)


def test_manifest_that_is_not_toml_is_refused(tmp_path):
    path = tmp_path / "collation.toml"
    path.write_text("[[witness]\nfile = 'a.txt'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_manifest(path)


def test_command_line_outputs_and_settings_override_the_manifest(tmp_path):
    path = kropotkin_manifest(tmp_path)
    manifest = override(load_manifest(path), outputs={"json": tmp_path / "other.json"}, settings={"base": "Miller"})
    assert manifest.outputs()["json"] == tmp_path / "other.json"
    assert manifest.outputs()["tei"] == path.parent / "out/k.xml"
    assert manifest.settings.base == "Miller"


# -- the command line ---------------------------------------------------------------------------------


def test_cli_runs_a_manifest(tmp_path):
    path = kropotkin_manifest(tmp_path)
    result = CliRunner().invoke(main, ["run", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("2 witnesses (Miller, Shatz): ")
    doc = json.loads((path.parent / "out/k.json").read_text(encoding="utf-8"))
    assert doc["collation"]["witnesses"][0]["siglum"] == "Miller"
    assert (path.parent / "out/k.xml").is_file() and (path.parent / "out/k.html").is_file()


def test_cli_refuses_reader_option_with_a_manifest(tmp_path):
    path = kropotkin_manifest(tmp_path)
    result = CliRunner().invoke(main, ["run", str(path), "--reader", "text"])
    assert result.exit_code == ConfigError.exit_code
    assert result.stderr == (
        f"Error: {path}: --reader, --encoding and --select do not apply to a manifest; "
        "set reader, encoding and select in its [[witness]] tables\n"
    )


def test_cli_reader_choices_are_the_registry(tmp_path):
    result = CliRunner().invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    assert "[" + "|".join(sorted(READERS)) + "]" in " ".join(result.output.split())


def test_regularize_option_applies_to_a_manifest(tmp_path):
    """--regularize with a manifest is applied to its settings (it was once silently ignored)."""
    path = kropotkin_manifest(tmp_path)
    rules = tmp_path / "rules.toml"
    rules.write_text('substantive = ["substantive", "typo"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(path), "--regularize", str(rules)])
    assert result.exit_code == 0, result.output
    doc = json.loads((path.parent / "out/k.json").read_text(encoding="utf-8"))
    assert doc["collation"]["settings"]["substantive"] == ["substantive", "typo"]
