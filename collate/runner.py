"""``collate run`` as one library call: inputs (witness files, directories or a manifest) and
outputs in, a written collation out.

The command line only parses its options and calls :func:`run`; a program can call it the same
way. Every output path is checked before any work is done, so a long alignment never ends in an
unwritable file; outputs are then written all or none (:func:`collate.writers.write_outputs`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from .collation import collate_witnesses
from .errors import ConfigError
from .files import check_writable
from .model import Collation, Settings, Witness
from .readers import load_witnesses
from .writers import render, write_outputs

#: The output path that means standard output.
STDOUT = "-"


def is_manifest(inputs: Sequence[str | Path]) -> bool:
    """True if the inputs are one collation manifest (a ``.toml`` file; docs/witness-format.md)."""
    return len(inputs) == 1 and Path(inputs[0]).suffix.lower() == ".toml"


def run(
    inputs: Sequence[str | Path],
    outputs: Mapping[str, str | Path] | None = None,
    *,
    base: str | None = None,
    aligner: str | None = None,
    moves: str | None = None,
    line_breaks: str | None = None,
    reader: str | None = None,
    encoding: str | None = None,
    encodings: Mapping[str, str] | None = None,
    select: str | None = None,
    regularize: str | Path | None = None,
    language: str | None = None,
    writer_options: Mapping[str, Mapping[str, Any]] | None = None,
    stdout: BinaryIO | None = None,
) -> Collation:
    """Collate ``inputs`` and write ``outputs`` (``{format: path}``, formats of the writers' registry).

    ``inputs`` are witness files and directories of them, one CollateX JSON input file (``.json``,
    :mod:`collate.readers.collatex`), or one manifest, whose witnesses, settings and exports are
    used with the options given here winning. ``encoding`` is the encoding of the witness files
    that are not UTF-8, ``encodings`` that of single files (``{"b.txt": "cp1252"}``); ``select``
    the elements whose text is the witness, for every witness (see
    :func:`collate.readers.load_witnesses`); ``moves`` how a passage moved between witnesses is
    aligned (a key of :data:`collate.align.MOVES`); ``line_breaks`` whether a difference in line
    division alone is a variant (a key of :data:`collate.segments.LINE_BREAKS`). An output path of
    ``-`` goes to ``stdout`` after the files are written. Returns the collation.
    """
    outputs = dict(outputs or {})
    files = {fmt: path for fmt, path in outputs.items() if str(path) != STDOUT}
    for path in files.values():
        check_writable(path)
    options = {fmt: dict(opts) for fmt, opts in (writer_options or {}).items()}
    if is_manifest(inputs):
        if reader or encoding or encodings or select:
            raise ConfigError(
                f"{inputs[0]}: --reader, --encoding and --select do not apply to a manifest; "
                "set reader, encoding and select in its [[witness]] tables"
            )
        chosen = {"base": base, "aligner": aligner, "moves": moves, "line_breaks": line_breaks, "language": language}
        collation = _run_manifest(Path(inputs[0]), files, chosen, regularize, options)
    else:
        named = (("aligner", aligner), ("moves", moves), ("line_breaks", line_breaks))
        chosen = {key: value for key, value in named if value}
        settings = Settings(base=base, language=language, **chosen)
        if regularize:
            from .regularize import load_regularizations

            settings = load_regularizations(regularize).apply(settings)
        reader_options = {"select": select} if select else None
        witnesses, given = _load(inputs, reader, encoding, encodings, reader_options)
        if given:  # a pre-tokenized CollateX input's token objects, for the CollateX table
            options["collatex"] = {"tokens": given, **options.get("collatex", {})}
        collation = collate_witnesses(witnesses, settings)
        write_outputs(collation, files, **options)
    for fmt, path in outputs.items():
        if str(path) == STDOUT and stdout is not None:
            stdout.write(render(collation, fmt, **options.get(fmt, {})))
    return collation


def _load(
    inputs: Sequence[str | Path],
    reader: str | None,
    encoding: str | None,
    encodings: Mapping[str, str] | None,
    options: Mapping[str, Any] | None,
) -> tuple[tuple[Witness, ...], Any]:
    """The witnesses named, or those of one CollateX input file (``.json``) with its token objects
    by siglum (``None`` for witness files)."""
    from .readers.collatex import is_collatex_input, read_collatex

    if len(inputs) == 1 and is_collatex_input(inputs[0]) and not reader:
        data = read_collatex(inputs[0])
        return data.witnesses, data.tokens
    witnesses = load_witnesses(list(inputs), reader=reader, encoding=encoding, encodings=encodings, options=options)
    return tuple(witnesses), None


def _run_manifest(
    path: Path,
    files: Mapping[str, str | Path],
    chosen: Mapping[str, str | None],
    regularize: str | Path | None,
    writer_options: Mapping[str, Mapping[str, Any]] | None,
) -> Collation:
    """The manifest's witnesses, settings and exports, with the options given winning."""
    from .manifest import load_manifest, override, run_manifest  # here: only a manifest needs it
    from .regularize import load_regularizations

    settings = {key: value for key, value in chosen.items() if value}
    manifest = override(load_manifest(path), outputs=files, settings=settings, writer_options=writer_options)
    if regularize:
        manifest = dataclasses.replace(manifest, settings=load_regularizations(regularize).apply(manifest.settings))
    return run_manifest(manifest)
