"""The collation manifest: one TOML file that says how a collation is made, so it can be rerun.

``collate run collation.toml`` reads the witnesses the manifest names, each with its reader and
options, collates them with the settings it gives and writes the exports it lists. Everything a
run depends on is in the manifest (or in the witnesses' own TOML files beside them), so the same
manifest gives the same outputs, byte for byte. The format is documented in
``docs/witness-format.md``::

    [collation]
    base = "Miller"

    [[witness]]
    file = "data/seeds/000_e25ccdf0ec31a360.txt"
    siglum = "Miller"
    start = "Dmitrov, 4 March"
    end = "P. Kr"

    [[witness]]
    file = "witnesses/kropotkin/shatz.md"

    [export]
    tei = "out/kropotkin.xml"
    html = { file = "out/kropotkin.html" }

Relative paths (witness files and exports) are resolved against the manifest's directory.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .align import ALIGNERS, MOVES
from .checks import check_witnesses
from .collation import collate_witnesses
from .errors import ConfigError, InputError
from .model import Collation, Settings, Witness
from .normalize import NORMALIZERS
from .readers import load_witness
from .segments import LINE_BREAKS
from .tokenize import TOKENIZERS
from .writers import WRITERS, write_outputs

#: The tables a manifest may hold.
SECTIONS: frozenset[str] = frozenset({"collation", "witness", "export"})


@dataclass(frozen=True)
class WitnessEntry:
    """One ``[[witness]]`` of the manifest: the file (resolved) and the options given for it."""

    file: Path
    options: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Export:
    """One output: the writer's name (a key of ``collate.writers.WRITERS``), the file, the writer's options."""

    format: str
    path: Path
    options: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Manifest:
    """A collation as a manifest describes it: witnesses loaded, settings, exports.

    ``path`` is the manifest file; ``entries`` are its ``[[witness]]`` tables as given (for a
    report, or to write the manifest again); ``witnesses`` the witnesses loaded from them, in
    order; ``settings`` the collation settings; ``exports`` the outputs to write.
    """

    path: Path
    entries: tuple[WitnessEntry, ...]
    witnesses: tuple[Witness, ...]
    settings: Settings
    exports: tuple[Export, ...] = ()

    def outputs(self) -> dict[str, Path]:
        """The exports as ``{format: path}``, the shape ``collate.writers.write_outputs`` takes."""
        return {e.format: e.path for e in self.exports}

    def writer_options(self) -> dict[str, dict[str, Any]]:
        """The writers' options by format, as ``collate.writers.write_outputs`` takes them."""
        return {e.format: dict(e.options) for e in self.exports if e.options}


def load_manifest(path: str | Path) -> Manifest:
    """Read a manifest, load its witnesses and check its settings and exports."""
    path = Path(path)
    data = _read(path)
    base = path.parent
    entries = _entries(data.get("witness"), base, path)
    witnesses = tuple(_load(entry, path) for entry in entries)
    check_witnesses(witnesses)
    settings = _settings(data.get("collation", {}), path)
    if settings.base is not None and settings.base not in {w.siglum for w in witnesses}:
        sigla = ", ".join(w.siglum for w in witnesses)
        raise ConfigError(
            f"{path}: base = {settings.base!r} is not the siglum of a witness ({sigla}); name one of them"
        )
    exports = _exports(data.get("export", {}), base, path)
    return Manifest(path, entries, witnesses, settings, exports)


def override(
    manifest: Manifest,
    *,
    outputs: Mapping[str, str | Path] | None = None,
    settings: Mapping[str, Any] | None = None,
    writer_options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Manifest:
    """The manifest with some exports, settings or writer options replaced (the command line's)."""
    exports = {e.format: e for e in manifest.exports}
    for fmt, path in (outputs or {}).items():
        exports[fmt] = Export(fmt, Path(path), exports[fmt].options if fmt in exports else ())
    for fmt, options in (writer_options or {}).items():
        if fmt in exports:
            merged = {**dict(exports[fmt].options), **options}
            exports[fmt] = Export(fmt, exports[fmt].path, tuple(sorted(merged.items())))
    new_settings = dataclasses.replace(manifest.settings, **(settings or {}))
    _check_names(settings or {}, manifest.path)
    return dataclasses.replace(manifest, settings=new_settings, exports=tuple(exports.values()))


def run_manifest(manifest: Manifest) -> Collation:
    """Collate the manifest's witnesses with its settings and write its exports."""
    collation = collate_witnesses(manifest.witnesses, manifest.settings)
    write_outputs(collation, manifest.outputs(), **manifest.writer_options())
    return collation


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist; check the path of the manifest") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} cannot be read as a UTF-8 manifest ({exc}); check the file") from exc
    import tomllib  # here: a run without a manifest never needs it

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the manifest") from exc
    unknown = sorted(set(data) - SECTIONS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown table(s) {', '.join(map(repr, unknown))}; "
            "a manifest has [collation], [[witness]] and [export]"
        )
    return data


def _entries(value: Any, base: Path, where: Path) -> tuple[WitnessEntry, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}: no witnesses; add a [[witness]] table with a file for each witness")
    entries: list[WitnessEntry] = []
    for number, table in enumerate(value, 1):
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: witness {number} must be a [[witness]] table")
        file = table.get("file")
        if not isinstance(file, str) or not file.strip():
            raise ConfigError(f'{where}: witness {number} has no file; add file = "path/to/witness.txt"')
        resolved = base / file
        if resolved.is_dir():
            raise ConfigError(
                f"{where}: witness {number}: {file} is a directory; give one [[witness]] per witness file"
            )
        options = tuple((k, v) for k, v in table.items() if k != "file")
        entries.append(WitnessEntry(resolved, options))
    return tuple(entries)


def _load(entry: WitnessEntry, where: Path) -> Witness:
    """Load one witness: the manifest's options over those of the witness's own TOML."""
    if not entry.file.exists():
        raise InputError(f"{where}: the witness file {entry.file} does not exist; correct its file = in the manifest")
    options = dict(entry.options)
    return load_witness(
        entry.file,
        siglum=options.get("siglum"),
        reader=options.get("reader"),
        encoding=options.get("encoding"),
        options=options,
    )


def _settings(table: Any, where: Path) -> Settings:
    """Settings from ``[collation]``: each key a field of :class:`~collate.model.Settings`."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [collation] must be a table")
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in fields:
            raise ConfigError(f"{where}: [collation] has no setting {key!r}; the settings are {', '.join(fields)}")
        values[key] = _setting(key, value, where)
    _check_names(values, where)
    return Settings(**values)


def _setting(key: str, value: Any, where: Path) -> Any:
    """A TOML value as the settings field holds it: tables and lists become sorted or ordered tuples."""
    if key == "extra":
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: [collation] extra must be a table of names and values")
        return tuple(sorted((str(k), str(v)) for k, v in value.items()))
    if key == "regularizations":
        pairs = value.items() if isinstance(value, dict) else value
        try:
            return tuple((str(a), str(b)) for a, b in pairs)
        except (TypeError, ValueError) as exc:
            raise ConfigError(
                f'{where}: regularizations must be pairs, e.g. [["fulfill", "fulfil"]] or a table fulfill = "fulfil"'
            ) from exc
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        raise ConfigError(f"{where}: [collation] {key} must be a value, not a table")
    return value


def _freeze(value: Any) -> Any:
    return tuple(_freeze(v) for v in value) if isinstance(value, list) else value


def _check_names(values: Mapping[str, Any], where: Path) -> None:
    """Refuse a tokenizer, normalizer, aligner, way of aligning moves or of treating line breaks no
    registry holds."""
    registries = (
        ("tokenizer", TOKENIZERS), ("normalizer", NORMALIZERS), ("aligner", ALIGNERS), ("moves", MOVES),
        ("line_breaks", LINE_BREAKS),
    )
    for key, registry in registries:
        if key in values and values[key] not in registry:
            raise ConfigError(f"{where}: {key} = {values[key]!r}; choose one of {', '.join(sorted(registry))}")


def _exports(table: Any, base: Path, where: Path) -> tuple[Export, ...]:
    """Exports from ``[export]``: ``format = "file"`` or ``format = { file = "...", option = ... }``."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [export] must be a table of formats and files")
    exports: list[Export] = []
    for fmt, value in table.items():
        if fmt not in WRITERS:
            raise ConfigError(f"{where}: [export] has no format {fmt!r}; choose among {', '.join(sorted(WRITERS))}")
        options: dict[str, Any] = {}
        if isinstance(value, dict):
            options = {k: v for k, v in value.items() if k != "file"}
            value = value.get("file")
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f'{where}: [export] {fmt} needs a file, e.g. {fmt} = "out/collation.{fmt}"')
        accepted = _writer_options(WRITERS[fmt])
        for name in options:
            if name not in accepted:
                known = ", ".join(sorted(accepted)) or "none"
                raise ConfigError(f"{where}: the {fmt} writer has no option {name!r} (its options: {known})")
        exports.append(Export(fmt, base / value, tuple(sorted(options.items()))))
    return tuple(exports)


def _writer_options(writer: Any) -> set[str]:
    """The keyword options a writer function accepts (all its parameters after the collation)."""
    params = list(inspect.signature(writer).parameters.values())[1:]
    return {p.name for p in params if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)}
