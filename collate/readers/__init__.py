"""Readers: turn source files into :class:`~collate.model.Witness` objects.

A reader takes the decoded source text and the witness's options and returns a :class:`Parsed`:
the witness text plus whatever it took out of the source (formatting, page breaks, notes).
Readers are chosen by name from :data:`READERS`, or by file extension (:data:`EXTENSIONS`); the
chosen reader is recorded on the witness, never guessed silently.

A witness's metadata lives beside it in a TOML file of the same stem (``miller.txt`` and
``miller.toml``), in a ``[witness]`` table; see ``docs/witness-format.md``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from ..errors import ConfigError, InputError, WitnessError
from ..model import META_FIELDS, Milestone, Note, Span, Witness
from .decode import decode_file


@dataclass(frozen=True)
class Parsed:
    """What a reader makes of a source: the witness text and what it took out of it."""

    text: str
    formatting: tuple[Span, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    notes: tuple[Note, ...] = ()


Reader = Callable[[str, Mapping[str, Any]], Parsed]


def _plain(source: str, options: Mapping[str, Any]) -> Parsed:
    return Parsed(source)


def _markdown(source: str, options: Mapping[str, Any]) -> Parsed:
    from .markdown import read_markdown

    return read_markdown(source, options)


#: Readers by name; the CLI's ``--reader`` choices are these keys.
READERS: dict[str, Reader] = {"text": _plain, "markdown": _markdown}

#: The reader chosen for a file extension when none is named.
EXTENSIONS: dict[str, str] = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}

#: Keys of the ``[witness]`` table besides the metadata fields.
CONTROL_KEYS: frozenset[str] = frozenset({"siglum", "reader", "encoding", "file"})


def read_metadata(path: Path) -> dict[str, Any]:
    """Read the ``[witness]`` table of the TOML file beside witness ``path``, if there is one."""
    meta_path = path.with_suffix(".toml")
    if not meta_path.is_file():
        return {}
    try:
        data = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{meta_path} is not valid TOML ({exc}); fix the file or remove it") from exc
    table = data.get("witness", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{meta_path}: [witness] must be a table")
    return table


def choose_reader(path: Path, name: str | None) -> str:
    """The reader for ``path``: ``name`` if given, else by extension, else plain text."""
    if name:
        if name not in READERS:
            raise InputError(f"{path}: unknown reader {name!r}; choose one of {', '.join(sorted(READERS))}")
        return name
    return EXTENSIONS.get(path.suffix.lower(), "text")


def load_witness(
    path: str | Path,
    *,
    siglum: str | None = None,
    reader: str | None = None,
    encoding: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Witness:
    """Read one witness file (with the metadata beside it) into a :class:`Witness`."""
    path = Path(path)
    table = {**read_metadata(path), **(options or {})}
    name = choose_reader(path, reader or table.get("reader"))
    source = decode_file(path, encoding or table.get("encoding"))
    parsed = READERS[name](source, table)
    if not parsed.text.strip():
        raise WitnessError(f"{path} has no text to collate; remove it or fill it")
    meta = tuple(sorted((k, _text(v)) for k, v in table.items() if k in META_FIELDS))
    return Witness(
        siglum=str(siglum or table.get("siglum") or path.stem),
        text=parsed.text,
        meta=meta,
        formatting=parsed.formatting,
        milestones=parsed.milestones,
        notes=parsed.notes,
        path=str(path),
        reader=name,
    )


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def witness_files(path: Path) -> list[Path]:
    """The witness files of a directory: those a reader claims by extension, sorted by name."""
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXTENSIONS)


def load_witnesses(paths: list[str | Path], *, reader: str | None = None, encoding: str | None = None) -> tuple[Witness, ...]:
    """Load witnesses from files and directories of witness files, in the order given."""
    files: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            found = witness_files(item)
            if not found:
                kinds = ", ".join(sorted(EXTENSIONS))
                raise InputError(f"{item} holds no witness files ({kinds}); put the witnesses there or name them")
            files.extend(found)
        elif item.exists():
            files.append(item)
        else:
            raise InputError(f"{item} does not exist; check the path")
    witnesses = tuple(load_witness(f, reader=reader, encoding=encoding) for f in files)
    check_witnesses(witnesses)
    return witnesses


def check_witnesses(witnesses: tuple[Witness, ...]) -> None:
    """Refuse a set of witnesses that cannot be collated: fewer than two, or sigla used twice."""
    if len(witnesses) < 2:
        where = witnesses[0].path if witnesses else "the input"
        raise WitnessError(f"{where}: collation needs at least two witnesses; name another witness file")
    seen: dict[str, str] = {}
    for w in witnesses:
        if w.siglum in seen:
            raise WitnessError(
                f"{w.path} and {seen[w.siglum]} both have siglum {w.siglum!r}; give one a different siglum in its .toml"
            )
        seen[w.siglum] = w.path
