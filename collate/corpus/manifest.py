"""The corpus manifest: one TOML file listing a corpus's collation units, shared settings and output.

``collate corpus CORPUS.toml`` reads it; the format is documented in ``docs/corpus.md``::

    [corpus]
    title = "Letters, 1919-1921"
    output = "out"                     # each unit's TEI, HTML, JSON and the index go here
    formats = ["tei", "html", "json"]  # the default
    scheduler = "tcp://10.0.0.5:8786"  # optional: an existing Dask scheduler (default: embedded)
    workers = 2                        # on this machine: worker processes (default: the cores)

    [collation]                        # settings shared by every unit, as in a collation manifest
    aligner = "anchored"

    [[unit]]
    name = "letter-012"
    witnesses = ["letters/012"]        # folders or files, as collate run takes them

    [[unit]]
    manifest = "letters/013.toml"      # a collation manifest (its exports are not used)

    [[unit]]
    glob = "chapters/*"                # one unit per folder matched, named by the folder

    [[unit]]
    name = "bellum-civile"
    witnesses = ["caesar"]
    split = "paragraph"                # or "line", "div", or { marker = "^CHAPTER [IVXLC]+" }: aligned in
                                       # parallel at these milestones and joined into one document

Relative paths are resolved against the manifest's folder. Loading witnesses is left to the
runner, unit by unit, so that one unit's bad witness fails that unit alone.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError
from ..model import Settings

SECTIONS = frozenset({"corpus", "collation", "unit"})
CORPUS_KEYS = frozenset({"title", "output", "formats", "scheduler", "workers", "tree"})
UNIT_KEYS = frozenset({"name", "witnesses", "manifest", "glob", "split", "split_size", "base"})
FORMATS = ("tei", "html", "json")
NAME = re.compile(r"^[\w][\w.\-]*$")


@dataclass(frozen=True)
class Split:
    """Where one long witness set is cut into units: ``kind`` ``paragraph`` (blank lines), ``line``,
    ``div`` (where each ``<div>`` of an XML or TEI witness begins) or ``marker`` (a regular
    expression ``pattern`` that starts each unit), ``size`` milestones per unit."""

    kind: str
    pattern: str = ""
    size: int = 1


@dataclass(frozen=True)
class UnitSpec:
    """One collation unit as the manifest gives it: witness paths or a collation manifest."""

    name: str
    witnesses: tuple[Path, ...] = ()
    manifest: Path | None = None
    split: Split | None = None
    base: str | None = None


@dataclass(frozen=True)
class Corpus:
    path: Path
    title: str
    output: Path
    formats: tuple[str, ...]
    settings: Settings
    units: tuple[UnitSpec, ...]
    scheduler: str | None = None
    workers: int | None = None
    tree: str = "nj"


def load_corpus(path: str | Path) -> Corpus:
    """Read and check a corpus manifest (not its witnesses: those are read unit by unit)."""
    path = Path(path)
    data = _read(path)
    base = path.parent
    table = data.get("corpus", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [corpus] must be a table")
    _known(table, CORPUS_KEYS, f"{path}: [corpus]")
    output = table.get("output")
    if not isinstance(output, str) or not output.strip():
        raise ConfigError(f'{path}: [corpus] needs output = "folder" for the units\' outputs and the index')
    formats = tuple(table.get("formats", FORMATS))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise ConfigError(f"{path}: [corpus] formats = {list(formats)}; choose among {', '.join(FORMATS)}")
    tree = table.get("tree", "nj")
    if tree not in ("nj", "upgma"):
        raise ConfigError(f'{path}: [corpus] tree = {tree!r}; choose "nj" (neighbour joining) or "upgma"')
    workers = table.get("workers")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ConfigError(f"{path}: [corpus] workers must be a whole number of at least 1")
    scheduler = table.get("scheduler")
    if scheduler is not None and not isinstance(scheduler, str):
        raise ConfigError(f'{path}: [corpus] scheduler must be a string, e.g. scheduler = "tcp://10.0.0.5:8786"')
    units = _units(data.get("unit"), base, path)
    return Corpus(
        path=path,
        title=str(table.get("title") or path.stem),
        output=base / output,
        formats=formats,
        settings=_settings(data.get("collation", {}), path),
        units=units,
        scheduler=scheduler,
        workers=workers,
        tree=tree,
    )


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path} does not exist; check the path of the corpus manifest") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} cannot be read as a UTF-8 corpus manifest ({exc}); check the file") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the corpus manifest") from exc
    unknown = sorted(set(data) - SECTIONS)
    if unknown:
        raise ConfigError(
            f"{path}: unknown table(s) {', '.join(map(repr, unknown))}; a corpus has [corpus], [collation] and [[unit]]"
        )
    return data


def _known(table: dict[str, Any], keys: frozenset[str], where: str) -> None:
    unknown = sorted(set(table) - keys)
    if unknown:
        raise ConfigError(f"{where} has no key {unknown[0]!r}; its keys are {', '.join(sorted(keys))}")


def _settings(table: Any, where: Path) -> Settings:
    """``[collation]`` read as a collation manifest reads it (same keys, same checks)."""
    from ..manifest import _settings as collation_settings

    return collation_settings(table, where)


def _units(value: Any, base: Path, where: Path) -> tuple[UnitSpec, ...]:
    if not isinstance(value, list) or not value:
        raise ConfigError(f'{where}: no units; add a [[unit]] table with witnesses = ["folder"] for each unit')
    units: list[UnitSpec] = []
    for number, table in enumerate(value, 1):
        here = f"{where}: unit {number}"
        if not isinstance(table, dict):
            raise ConfigError(f"{here} must be a [[unit]] table")
        _known(table, UNIT_KEYS, here)
        units.extend(_unit(table, base, here))
    seen: set[str] = set()
    for unit in units:
        if unit.name in seen:
            raise ConfigError(f"{where}: two units are named {unit.name!r}; give each unit its own name")
        seen.add(unit.name)
    return tuple(units)


def _unit(table: dict[str, Any], base: Path, here: str) -> list[UnitSpec]:
    given = [k for k in ("witnesses", "manifest", "glob") if k in table]
    if len(given) != 1:
        raise ConfigError(f'{here}: give exactly one of witnesses = [...], manifest = "..." or glob = "..."')
    split = _split(table, here)
    unit_base = table.get("base")
    if "glob" in table:
        folders = sorted(p for p in base.glob(str(table["glob"])) if p.is_dir())
        if not folders:
            raise ConfigError(f"{here}: glob = {table['glob']!r} matches no folder under {base}; check the pattern")
        return [UnitSpec(_name(p.name, here), (p,), split=split, base=unit_base) for p in folders]
    if "manifest" in table:
        manifest = base / str(table["manifest"])
        if split:
            raise ConfigError(f"{here}: split applies to witnesses = [...], not to a collation manifest")
        return [UnitSpec(_name(table.get("name") or manifest.stem, here), manifest=manifest, base=unit_base)]
    paths = table["witnesses"]
    paths = [paths] if isinstance(paths, str) else paths
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise ConfigError(f'{here}: witnesses must be a list of files or folders, e.g. witnesses = ["letters/012"]')
    name = table.get("name") or Path(paths[0]).stem
    return [UnitSpec(_name(name, here), tuple(base / p for p in paths), split=split, base=unit_base)]


def _name(name: Any, here: str) -> str:
    if not isinstance(name, str) or not NAME.match(name):
        raise ConfigError(f"{here}: name = {name!r}; a unit's name becomes its file names: letters, digits, . _ - only")
    return name


def _split(table: dict[str, Any], here: str) -> Split | None:
    value = table.get("split")
    size = table.get("split_size", 1)
    if not isinstance(size, int) or size < 1:
        raise ConfigError(f"{here}: split_size must be a whole number of at least 1")
    if value is None:
        return None
    if value in ("paragraph", "line", "div"):
        return Split(value, size=size)
    if isinstance(value, dict) and set(value) == {"marker"} and isinstance(value["marker"], str):
        try:
            re.compile(value["marker"])
        except re.error as exc:
            raise ConfigError(f"{here}: split marker {value['marker']!r} is not a regular expression ({exc})") from exc
        return Split("marker", value["marker"], size)
    raise ConfigError(f'{here}: split = {value!r}; use "paragraph", "line", "div" or {{ marker = "^CHAPTER " }}')
