"""Writing the two versions of a bracket apparatus as witnesses (``collate apparatus``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import tomli_w

from ..errors import ConfigError, OutputError
from ..files import write_all
from ..readers.decode import decode_file
from .expand import expand_apparatus
from .overrides import load_overrides
from .records import ApparatusResult
from .report import render_report


def witness_toml(siglum: str, meta: Mapping[str, str]) -> str:
    """The ``[witness]`` table of a witness's metadata file, keys in the order given.

    Written by tomli-w, so that any value (quotes, backslashes, control characters) comes out as
    TOML that reads back the same.
    """
    table = {"siglum": siglum, **{key: str(value) for key, value in meta.items()}}
    return tomli_w.dumps({"witness": table})


def run_apparatus(
    source: str | Path,
    out_dir: str | Path,
    *,
    overrides: str | Path | None = None,
    report: str | Path | None = None,
    sigla: Sequence[str] = ("base", "bracket"),
    meta: Mapping[str, Mapping[str, str]] | None = None,
) -> ApparatusResult:
    """Expand the apparatus of file ``source`` and write both versions as witnesses in ``out_dir``.

    Each version is written as ``<siglum>.txt`` (lower-cased) with a ``<siglum>.toml`` beside it
    holding its siglum and ``meta[siglum]`` (or a note of its provenance); ``report``, if given,
    receives :func:`render_report`. Returns the result.
    """
    source = Path(source)
    if len(sigla) != 2 or len(set(sigla)) != 2 or not all(s.strip() for s in sigla):
        raise ConfigError(
            f"{source}: give two different sigla, for the base and the bracketed version (e.g. 1926,Baku)"
        )
    text = decode_file(source)
    result = expand_apparatus(text, load_overrides(overrides) if overrides else None, source=str(source))
    out = Path(out_dir)
    files: dict[Path, str] = {}
    for siglum, version in zip(sigla, (result.base, result.bracketed)):
        which = "base version (brackets taken out)" if version is result.base else "bracketed version (readings put in)"
        info = dict((meta or {}).get(siglum) or {"notes": f"The {which} of {source}, written by collate apparatus."})
        files[out / f"{siglum.lower()}.txt"] = version
        files[out / f"{siglum.lower()}.toml"] = witness_toml(siglum, info)
    if report:
        files[Path(report)] = render_report(result, (sigla[0], sigla[1]))
    for path in files:
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True)
            except OSError as exc:
                raise OutputError(f"cannot create {path.parent} ({exc.strerror}); choose a writable location") from exc
    write_all({path: content.encode("utf-8") for path, content in files.items()})  # all or none
    return result
