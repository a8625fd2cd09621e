"""The command line: parses options, calls the library, translates its errors.

Exit codes (also in the README):
0 success; 1 other error; 2 usage error; 3 input file missing, unreadable or binary;
4 input not in the expected encoding; 5 witnesses cannot be collated (fewer than two, empty,
duplicate sigla); 6 witness too large; 7 output cannot be written; 8 invalid settings file;
130 interrupted by Ctrl-C or SIGTERM (no output written).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from typing import Any

import click

from .align import ALIGNERS
from .classify import summary
from .collation import collate_witnesses
from .errors import CollateError
from .model import Settings
from .progress import ProgressBar, reporting
from .readers import READERS, load_witnesses
from .regularize import load_regularizations
from .writers import WRITERS, check_writable, write_outputs

EPILOG_RUN = """\b
Examples:
  collate run witnesses/kropotkin --tei k.xml --html k.html --json k.json
  collate run a.txt b.md c.txt --base A --tei apparatus.xml
  collate run witnesses/kropotkin --quiet --json -
  collate run collation.toml    (a manifest: witnesses, readers, settings, exports)
"""


def _fail(exc: CollateError) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, turning library errors into one ``Error:`` line and their exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        previous = _catch_sigterm()
        try:
            return func(*args, **kwargs)
        except CollateError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; no output file was written or changed", err=True)
            sys.exit(130)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _terminated(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _catch_sigterm() -> Any:
    """Let SIGTERM (kill, a closing terminal) end a run as Ctrl-C does, removing temporary files;
    return the handler it replaces, or None where signals cannot be set (not the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _terminated)
    except ValueError:
        return None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="collate")
def main() -> None:
    """Collate versions of a text: TEI apparatus, side-by-side HTML report, JSON."""


@main.command(epilog=EPILOG_RUN)
@click.argument("witnesses", nargs=-1, required=True, metavar="WITNESS...")
@click.option("--tei", "tei", metavar="FILE", help="Write the TEI P5 apparatus here.")
@click.option("--html", "html", metavar="FILE", help="Write the side-by-side HTML report here.")
@click.option("--json", "json_", metavar="FILE", help="Write the JSON alignment here ('-' for stdout).")
@click.option("--base", metavar="SIGLUM", help="Base witness: its readings become <lem> in TEI.")
@click.option("--collatex", "collatex", metavar="FILE", help="Write the alignment as CollateX's JSON table here.")
@click.option("--groups", is_flag=True, help="TEI: accidental variants in <rdgGrp type=\"subvariants\"> (EVT, TEI Publisher; the Versioning Machine and teiphy misread groups).")
@click.option("--flat-groups", is_flag=True, help="TEI without <rdgGrp> (the default; kept for older scripts).")
@click.option("--aligner", type=click.Choice(sorted(ALIGNERS)), default=None, help="Alignment strategy.")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=None, help="Read every witness with this reader (default: by extension).")
@click.option("--encoding", metavar="NAME", help="Encoding of the witness files (default UTF-8).")
@click.option("--regularize", metavar="FILE", help="TOML file of project equivalences and of the classes that count as substantive (docs/classification.md).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
@guarded
def run(witnesses, tei, html, json_, collatex, groups, base, flat_groups, aligner, reader, encoding, regularize, quiet) -> None:
    """Collate WITNESS files (or directories of witness files) and write the outputs asked for.

    A witness's metadata is read from a TOML file of the same name beside it
    (miller.txt -> miller.toml). A .json WITNESS is a CollateX input file holding all the
    witnesses. With no output option, only the summary is printed.
    """
    named = (("tei", tei), ("html", html), ("json", json_), ("collatex", collatex))
    outputs = {fmt: path for fmt, path in named if path and path != "-"}
    for path in outputs.values():
        check_writable(path)
    if len(witnesses) == 1 and witnesses[0].endswith(".toml"):  # a collation manifest (docs/witness-format.md)
        tei_options = {"groups": True} if groups else {"flat": True} if flat_groups else None
        return run_manifest_file(witnesses[0], outputs, base, aligner, tei_options, reader, encoding, json_, quiet)
    settings = Settings(base=base, **({"aligner": aligner} if aligner else {}))
    if regularize:
        settings = load_regularizations(regularize).apply(settings)
    loaded, given = _load(witnesses, reader, encoding)
    with ProgressBar(quiet=quiet) as bar, reporting(bar):  # on a terminal only, for long alignments
        collation = collate_witnesses(loaded, settings)
    write_outputs(collation, outputs, tei={"groups": groups and not flat_groups}, collatex={"tokens": given})
    if json_ == "-":
        sys.stdout.buffer.write(WRITERS["json"](collation))
    if not quiet:
        click.echo(summary(collation), err=True)


def _load(witnesses, reader, encoding):
    """The witnesses named, or those of one CollateX input file (with its token objects)."""
    from .readers.collatex import is_collatex_input, read_collatex

    if len(witnesses) == 1 and is_collatex_input(witnesses[0]) and not reader:
        data = read_collatex(witnesses[0])
        return data.witnesses, data.tokens
    return load_witnesses(list(witnesses), reader=reader, encoding=encoding), None


def run_manifest_file(path, outputs, base, aligner, tei_options, reader, encoding, json_, quiet) -> None:
    """``collate run collation.toml``: the manifest's witnesses, settings and exports; options given here win."""
    from .errors import ConfigError
    from .manifest import load_manifest, override, run_manifest

    if reader or encoding:
        raise ConfigError(f"{path}: --reader and --encoding do not apply to a manifest; set reader and encoding in its [[witness]] tables")
    settings = {key: value for key, value in (("base", base), ("aligner", aligner)) if value}
    flat = {"tei": tei_options} if tei_options else None
    with ProgressBar(quiet=quiet) as bar, reporting(bar):  # on a terminal only, for long alignments
        collation = run_manifest(override(load_manifest(path), outputs=outputs, settings=settings, writer_options=flat))
    if json_ == "-":
        sys.stdout.buffer.write(WRITERS["json"](collation))
    if not quiet:
        click.echo(summary(collation), err=True)


@main.command()
@click.argument("source", metavar="SOURCE")
@click.option("--out-dir", required=True, metavar="DIR", help="Write the two versions here as witnesses (<siglum>.txt + .toml).")
@click.option("--overrides", metavar="FILE", help="TOML file of the editor's scope decisions (format: docs/medvedev.md).")
@click.option("--report", metavar="FILE", help="Write a Markdown table accounting for every bracket here.")
@click.option("--sigla", default="base,bracket", show_default=True, metavar="BASE,BRACKET", help="Sigla of the two versions.")
@guarded
def apparatus(source, out_dir, overrides, report, sigla) -> None:
    """Expand SOURCE, a text with an inline [bracket] apparatus, into the two versions it encodes."""
    from .readers.apparatus import KINDS, run_apparatus

    names = tuple(s.strip() for s in sigla.split(","))
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise click.BadParameter("give two different sigla separated by a comma, e.g. 1926,Baku", param_hint="--sigla")
    result = run_apparatus(source, out_dir, overrides=overrides, report=report, sigla=names)
    counts = ", ".join(f"{result.count(k)} {k}" for k in KINDS)
    click.echo(f"{len(result.brackets)} brackets ({counts}); wrote {names[0]} and {names[1]} to {out_dir}", err=True)
