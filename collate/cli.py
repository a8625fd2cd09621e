"""The command line: parses options, makes one library call per command, translates its errors.

The output options come from the writers' registry (:data:`collate.writers.FORMATS`), the
choices of ``--reader``, ``--aligner``, ``--moves`` and ``--line-breaks`` from the readers',
aligners', moves' and line breaks' registries; the exit codes and their meanings from
:mod:`collate.errors` (``collate --help`` lists them), ``collate corpus``'s 9 (some units failed)
and 10 (no Dask scheduler there) among them.
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from collections.abc import Callable
from typing import Any

import click

from .align import ALIGNERS, MOVES
from .errors import INTERRUPTED, CollateError, CollateWarning, exit_codes_text
from .gcpolicy import fewer_collections
from .progress import ProgressBar, reporting
from .readers import READERS
from .segments import LINE_BREAKS
from .writers import FORMATS

EPILOG_RUN = f"""\b
Examples:
  collate run witnesses/kropotkin --tei k.xml --html k.html --json k.json
  collate run a.txt b.md c.xml --base a --tei apparatus.xml
  collate run editions/ --encoding cp1252    (cp1252 for the files that are not UTF-8)
  collate run witnesses/kropotkin --quiet --json -
  collate run collation.toml    (a manifest: witnesses, readers, settings, exports)

\b
Exit codes:
{exit_codes_text()}
"""


def _fail(exc: CollateError) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, turning library errors into one ``Error:`` line and their exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        previous = _catch_sigterm()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", CollateWarning)
                warnings.showwarning = _show_warning
                return func(*args, **kwargs)
        except CollateError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("Error: interrupted; no output file was written or changed", err=True)
            sys.exit(INTERRUPTED)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _show_warning(message: Any, category: type, filename: str, lineno: int, file: Any = None, line: Any = None) -> None:
    """Print collate's warnings as one ``Warning:`` line each; others as Python does."""
    if issubclass(category, CollateWarning):
        click.echo(f"Warning: {message}", err=True)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _terminated(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _catch_sigterm() -> Any:
    """Let SIGTERM (kill, a closing terminal) end a run as Ctrl-C does, removing temporary files;
    return the handler it replaces, or None where signals cannot be set (not the main thread)."""
    try:
        return signal.signal(signal.SIGTERM, _terminated)
    except ValueError:
        return None


def output_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One ``--<format> FILE`` option for each format of the writers' registry, in its order."""
    for name, fmt in reversed(FORMATS.items()):
        command = click.option(
            f"--{name}", f"out_{name}", metavar="FILE", help=f"{fmt.help} ('-' for standard output)"
        )(command)
    return command


@click.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=f"\b\nExit codes:\n{exit_codes_text()}",
)
@click.version_option(package_name="collate")
def main() -> None:
    """Collate versions of a text: TEI apparatus, side-by-side HTML report, JSON."""
    one_blas_thread()


#: The thread-count settings of the BLAS libraries numpy may be built with.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread() -> None:
    """One BLAS thread, unless the user chose: numpy (large realigned locations, the corpus
    runner's trees) starts OpenBLAS with a thread per core at import, a tenth of a second of
    processor time, and collate never multiplies matrices. Set before any command imports numpy;
    the corpus runner's worker processes inherit it."""
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")


@main.command(epilog=EPILOG_RUN)
@click.argument("witnesses", nargs=-1, required=True, metavar="WITNESS...")
@output_options
@click.option("--base", metavar="SIGLUM", help="Base witness: its readings become <lem> in TEI.")
@click.option("--groups", is_flag=True, help="TEI: accidental variants in <rdgGrp type=\"subvariants\"> (EVT, TEI Publisher; the Versioning Machine and teiphy misread groups).")
@click.option("--flat-groups", is_flag=True, help="TEI without <rdgGrp> (the default; kept for older scripts).")
@click.option("--json-indent", type=click.IntRange(min=0), metavar="N", help="JSON: indent by N spaces, for people (default compact).")
@click.option("--aligner", type=click.Choice(sorted(ALIGNERS)), default=None, help="Alignment strategy.")
@click.option("--moves", type=click.Choice(sorted(MOVES)), default=None, help="A passage moved between witnesses: aligned with its counterpart and reported as a move (content, the default), or with what stands at its place (position).")
@click.option("--line-breaks", type=click.Choice(sorted(LINE_BREAKS)), default=None, help="A difference in line division alone (a line break where another witness has a space): each witness's line breaks kept as its own milestones, not variants (milestone, the default), or compared as whitespace variants (variant).")
@click.option("--reader", type=click.Choice(sorted(READERS)), default=None, help="Read every witness with this reader (default: by extension).")
@click.option("--encoding", "encodings", metavar="NAME|FILE=NAME", multiple=True, help="Encoding of the witness files that are not UTF-8 (UTF-8 files are always read as UTF-8), or FILE=NAME for one file; repeatable. Better: encoding = \"NAME\" in the witness's .toml.")
@click.option("--select", metavar="XPATH|CSS", help="The elements whose text is the witness: XML and TEI witnesses take XPath or CSS ('div.chapter', \"//tei:div[@n='1']\"), HTML witnesses XPath; better: select in the witness's .toml.")
@click.option("--regularize", metavar="FILE", help="TOML file of project equivalences and of the classes that count as substantive (docs/classification.md).")
@click.option("--language", metavar="CODE", help="Language of the witnesses (BCP 47 / ISO 639-3: en, grc, la, fr, de, he); several, comma-separated, for a mixed collation. Default: each witness's metadata.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr.")
@guarded
def run(
    witnesses: tuple[str, ...],
    groups: bool,
    flat_groups: bool,
    json_indent: int | None,
    quiet: bool,
    encodings: tuple[str, ...],
    **options: Any,
) -> None:
    """Collate WITNESS files (or directories of witness files) and write the outputs asked for.

    A witness's metadata is read from a TOML file of the same name beside it
    (miller.txt -> miller.toml). A .json WITNESS is a CollateX input file holding all the
    witnesses. With no output option, only the summary is printed.
    """
    with fewer_collections():  # the pipeline's modules, imported here (not for --help): objects, no garbage
        from . import runner
        from .classify import summary
        from .classify.stats import warnings as similarity_warnings

    outputs = {name: options.pop(f"out_{name}") for name in FORMATS}
    outputs = {name: path for name, path in outputs.items() if path}
    encoding, per_file = _encodings(encodings)
    with ProgressBar(quiet=quiet) as bar, reporting(bar):  # a bar on a terminal, plain lines in a log; long runs only
        collation = runner.run(
            witnesses,
            outputs,
            encoding=encoding,
            encodings=per_file,
            writer_options=_writer_options(groups, flat_groups, json_indent),
            stdout=sys.stdout.buffer,
            **options,
        )
    for line in similarity_warnings(collation):  # shown even with --quiet: the apparatus may be meaningless
        click.echo(line, err=True)
    if not quiet:
        click.echo(summary(collation), err=True)


def _encodings(values: tuple[str, ...]) -> tuple[str | None, dict[str, str]]:
    """``--encoding`` values: one NAME for the files that are not UTF-8, and FILE=NAME pairs."""
    pairs = dict(value.rsplit("=", 1) for value in values if "=" in value)
    names = [value for value in values if "=" not in value]
    if len(names) > 1:
        raise click.BadParameter(
            f"{', '.join(names)}: give one encoding for the files that are not UTF-8, and FILE=NAME for others",
            param_hint="--encoding",
        )
    return (names[0] if names else None), pairs


def _writer_options(groups: bool, flat_groups: bool, json_indent: int | None) -> dict[str, dict[str, Any]]:
    """The writers' options the command line sets (a manifest's [export] tables set the same)."""
    options: dict[str, dict[str, Any]] = {}
    tei = {name: True for name, given in (("groups", groups), ("flat", flat_groups)) if given}  # to_tei: flat wins
    if tei:
        options["tei"] = tei
    if json_indent is not None:
        options["json"] = {"indent": json_indent}
    return options


@main.command()
@click.argument("source", metavar="SOURCE")
@click.option("--out-dir", required=True, metavar="DIR", help="Write the two versions here as witnesses (<siglum>.txt + .toml).")
@click.option("--overrides", metavar="FILE", help="TOML file of the editor's scope decisions (format: docs/medvedev.md).")
@click.option("--report", metavar="FILE", help="Write a Markdown table accounting for every bracket here.")
@click.option("--sigla", default="base,bracket", show_default=True, metavar="BASE,BRACKET", help="Sigla of the two versions.")
@guarded
def apparatus(source, out_dir, overrides, report, sigla) -> None:
    """Expand SOURCE, a text with an inline [bracket] apparatus, into the two versions it encodes."""
    names = tuple(s.strip() for s in sigla.split(","))
    if len(names) != 2 or not all(names) or names[0] == names[1]:
        raise click.BadParameter("give two different sigla separated by a comma, e.g. 1926,Baku", param_hint="--sigla")
    from .apparatus import KINDS, run_apparatus  # only this command needs the expander

    result = run_apparatus(source, out_dir, overrides=overrides, report=report, sigla=names)
    counts = ", ".join(f"{result.count(k)} {k}" for k in KINDS)
    click.echo(f"{len(result.brackets)} brackets ({counts}); wrote {names[0]} and {names[1]} to {out_dir}", err=True)


@main.command()
@click.argument("manifest", metavar="CORPUS.toml")
@click.option("--scheduler", metavar="WHERE", help="processes (default: Dask's local scheduler on worker processes of this machine), threads, local-cluster (Dask's LocalCluster, with its dashboard), serial, or tcp://HOST:PORT of a running dask scheduler.")
@click.option("--workers", type=click.IntRange(1), metavar="N", help="Worker processes on this machine (processes, threads, local-cluster; default: the cores).")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary on stderr (a failed unit's Error: line is still shown).")
@guarded
def corpus(manifest, scheduler, workers, quiet) -> None:
    """Collate every unit of a corpus on Dask; write each unit's outputs and an index (docs/corpus.md)."""
    from .corpus import EXIT_SOME_FAILED, load_corpus, run_corpus

    try:
        result = run_corpus(load_corpus(manifest), scheduler=scheduler, workers=workers, quiet=quiet)
    except KeyboardInterrupt:
        click.echo("Error: interrupted; the units finished are written and kept, and a rerun goes on from there", err=True)
        sys.exit(INTERRUPTED)
    if result.failed:
        sys.exit(EXIT_SOME_FAILED)


@main.command()
@click.argument("languages", nargs=-1, metavar="[LANG...]")
@click.option("--build", is_flag=True, help="Build the cache of every installed dictionary named (default: all), so no run waits for it.")
@click.option("-q", "--quiet", is_flag=True, help="No listing on stderr.")
@guarded
def dictionaries(languages: tuple[str, ...], build: bool, quiet: bool) -> None:
    """The Hunspell dictionaries collate uses (en and, when installed, fr, de, el, he) and their caches."""
    from .classify import hunspell_cache as hc

    names = {"en": "en_US", **hc.LANGUAGE_DICTIONARIES}
    unknown = [lang for lang in languages if lang not in names]
    if unknown:
        raise click.BadParameter(f"{', '.join(unknown)}: choose among {', '.join(names)}", param_hint="LANG")
    for lang in languages or tuple(names):
        base = hc.bundled_en_us() if lang == "en" else hc.find(names[lang])
        if base is None:
            state = "not installed (scripts/setup-dictionaries installs it; simplemma's list is used alone)"
        else:
            if build:
                hc.ensure_built(base, None if quiet else lambda m: click.echo(m, err=True))
            state = f"{base}.dic, cache {'built' if hc.cache_path(base).exists() else 'not built yet'}"
        if not quiet:
            click.echo(f"{lang}: {names[lang]}: {state}", err=True)
