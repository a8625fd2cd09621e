"""Readers: turn source files into :class:`~collate.model.Witness` objects.

A reader takes the decoded source text and the witness's options and returns a :class:`Parsed`:
the witness text plus whatever it took out of the source (formatting, page breaks, notes).
Readers are chosen by name from :data:`READERS`, or by file extension (:data:`EXTENSIONS`); the
chosen reader is recorded on the witness, never guessed silently.

Loading a witness is a short pipeline, each step driven by the witness's options and each
recorded in its metadata (``source_lines``, ``preparation``):

1. decode the file (:mod:`collate.readers.decode`), take out its file noise (:mod:`collate.readers.noise`:
   line ends, Unicode form) and look for mojibake (:mod:`collate.readers.mojibake`);
2. cut the witness out of a larger document (:mod:`collate.readers.cut`: ``lines``, ``start``,
   ``end``);
3. clean OCR text (``ocr``: running headers, footnotes, hyphenation; plain-text witnesses);
4. read it with the reader (text, Markdown, HTML, XML, TEI);
5. take page markers and editorial interpolations out of the text (:mod:`collate.readers.pages`:
   ``page_markers``, ``notes``), and form feeds (page breaks).

A witness's metadata and options live beside it in a TOML file of the same stem (``miller.txt``
and ``miller.toml``), in a ``[witness]`` table; see ``docs/witness-format.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import attrgetter
from pathlib import Path
from typing import Any

from ..errors import ConfigError, InputError, WitnessError
from ..model import META_FIELDS, Witness
from .base import HTML_OPTIONS, XML_OPTIONS, Parsed, Reader
from .cut import CUT_OPTIONS, cut_source
from . import noise
from .decode import check_encoding_name, check_text, read_text
from .folder import folder_witnesses
from .pages import (
    NOTE_MARKERS,
    OCR_OPTIONS,
    PAGE_MARKERS,
    compile_markers,
    extract_markers,
    ocr_clean,
    ocr_steps,
    remap,
)
from .mojibake import MOJIBAKE_OPTIONS, check_mojibake


# The readers of marked-up sources are imported when a witness needs one: markdown-it and lxml
# (and the readers' own tables) cost a plain-text run's start-up and nothing else.


def _plain(source: str, options: Mapping[str, Any]) -> Parsed:
    return Parsed(source)


def _markdown(source: str, options: Mapping[str, Any]) -> Parsed:
    from .markdown import read_markdown

    return read_markdown(source, options)


def _html(source: str, options: Mapping[str, Any]) -> Parsed:
    from .html import read_html

    return read_html(source, options)


def _xml(source: str, options: Mapping[str, Any]) -> Parsed:
    from .xml import read_xml

    return read_xml(source, options)


def _tei(source: str, options: Mapping[str, Any]) -> Parsed:
    from .tei import read_tei

    return read_tei(source, options)


def _root_name(source: str) -> str | None:
    from .xml import root_name

    return root_name(source)


#: Readers by name; the CLI's ``--reader`` choices are these keys.
READERS: dict[str, Reader] = {"text": _plain, "markdown": _markdown, "html": _html, "xml": _xml, "tei": _tei}

#: The reader chosen for a file extension when none is named.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",  # read as TEI when its root is <TEI> (see load_witness)
    ".tei": "tei",
}

#: Keys of the ``[witness]`` table besides the metadata fields.
CONTROL_KEYS: frozenset[str] = frozenset({"siglum", "reader", "encoding", "file"})

#: Options of the page-marker and interpolation step.
MARKER_OPTIONS: frozenset[str] = frozenset({"page_markers", "interpolations"})

#: Options only some readers understand, by reader.
READER_OPTIONS: dict[str, frozenset[str]] = {"html": HTML_OPTIONS, "xml": XML_OPTIONS, "tei": XML_OPTIONS}

#: Options of the steps that read the file, whatever the reader.
FILE_OPTIONS: frozenset[str] = noise.NOISE_OPTIONS | MOJIBAKE_OPTIONS


def read_metadata(path: Path) -> dict[str, Any]:
    """Read the ``[witness]`` table of the TOML file beside witness ``path``, if there is one."""
    meta_path = path.with_suffix(".toml")
    if not meta_path.is_file() or meta_path == path:
        return {}
    import tomllib

    try:
        data = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{meta_path} is not valid TOML ({exc}); fix the file or remove it") from exc
    table = data.get("witness", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{meta_path}: [witness] must be a table")
    outside = sorted(key for key in data if key != "witness")
    if outside:
        keys = ", ".join(outside)
        raise ConfigError(
            f"{meta_path}: {keys} stand{'s' if len(outside) == 1 else ''} outside the [witness] table, where no step "
            "reads them; put [witness] on the line before the witness's keys"
        )
    return table


def choose_reader(path: Path, name: str | None) -> str:
    """The reader for ``path``: ``name`` if given, else by extension, else plain text."""
    if name:
        if name not in READERS:
            raise InputError(f"{path}: unknown reader {name!r}; choose one of {', '.join(sorted(READERS))}")
        return name
    return EXTENSIONS.get(path.suffix.lower(), "text")


def known_options(reader: str) -> frozenset[str]:
    """Every key a ``[witness]`` table may hold for a witness read by ``reader``."""
    return (
        frozenset(META_FIELDS)
        | CONTROL_KEYS
        | CUT_OPTIONS
        | MARKER_OPTIONS
        | OCR_OPTIONS
        | FILE_OPTIONS
        | READER_OPTIONS.get(reader, frozenset())
    )


def check_options(where: str, table: Mapping[str, Any], reader: str) -> None:
    """Refuse keys no step reads: a misspelt option must not be ignored silently."""
    allowed = known_options(reader)
    for key in sorted(table):
        if key in allowed:
            continue
        others = [name for name, keys in READER_OPTIONS.items() if key in keys]
        if others:
            raise ConfigError(
                f"{where}: the option {key!r} applies to the {_listed(others)} reader, not {reader}; "
                "remove it or choose that reader"
            )
        import difflib

        close = difflib.get_close_matches(
            key, sorted(allowed | {k for keys in READER_OPTIONS.values() for k in keys}), 1
        )
        hint = f"did you mean {close[0]!r}?" if close else "see docs/witness-format.md for the keys"
        raise ConfigError(f"{where}: unknown witness option {key!r}; {hint}")


def _listed(names: list[str]) -> str:
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def load_witness(
    path: str | Path,
    *,
    siglum: str | None = None,
    reader: str | None = None,
    encoding: str | None = None,
    options: Mapping[str, Any] | None = None,
    fallback_encoding: str | None = None,
) -> Witness:
    """Read one witness file (with the metadata beside it) into a :class:`Witness`.

    ``options`` add to (and override) the ``[witness]`` table of the file's TOML; ``reader``
    and ``encoding`` override both. ``fallback_encoding`` (the CLI's ``--encoding``) is used only
    if the file is not UTF-8 and names no encoding of its own.
    """
    path = Path(path)
    table = {**read_metadata(path), **(options or {})}
    name = choose_reader(path, reader or table.get("reader"))
    check_options(str(path), table, name)
    origin = f"--encoding {path}={encoding}" if encoding else ""
    source, done = read_source(path, table, encoding or table.get("encoding"), fallback_encoding, origin)
    if name == "xml" and not (reader or table.get("reader")) and _root_name(source) in ("TEI", "teiCorpus"):
        name = "tei"
    parsed, extra = prepare(source, table, name, str(path))
    if done:
        extra["preparation"] = [*done, *extra.get("preparation", [])]
    if path.suffix.lower() not in EXTENSIONS and not (reader or table.get("reader")):
        extra.setdefault("preparation", [])
        extra["preparation"].insert(
            0, f"no reader claims the extension {path.suffix or '(none)'!r}: read as plain text"
        )
    meta = _metadata(table, parsed, extra, str(path))
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


def read_source(
    path: Path, table: Mapping[str, Any], encoding: str | None, fallback: str | None, origin: str
) -> tuple[str, list[str]]:
    """Decode the file and take out its noise; return the text and what was done, for ``preparation``."""
    decoded = read_text(path, encoding, fallback, origin)
    text, done = noise.normalise(decoded.text, noise.kept(table, str(path)))
    check_text(text, str(path), encoding or fallback, form_feeds=True)
    text, repaired = check_mojibake(text, table, str(path))
    return text, [*decoded.report, *done, *repaired]


def prepare(source: str, options: Mapping[str, Any], reader: str, where: str) -> tuple[Parsed, dict[str, Any]]:
    """Cut, clean, read and unmark ``source``; return the result and the metadata it adds."""
    report: list[str] = []
    extra: dict[str, Any] = {}
    cut = cut_source(source, options, where)
    text, first = source, 1
    if cut is not None:
        text, first = cut.text, cut.first
        extra["source_lines"] = cut.source_lines
        report.append(f"cut: {cut.how}")
    cleaned = None
    if options.get("ocr") is not None:
        steps = ocr_steps(options["ocr"], where)
        if reader != "text":
            raise ConfigError(f"{where}: the ocr option applies to plain-text witnesses, not to the {reader} reader")
        cleaned = ocr_clean(text, steps, options, first, where)
        text = cleaned.text
        report.append(cleaned.report)
    parsed = READERS[reader](text, {**options, "_path": where})
    if parsed.report:
        report.append(f"{reader} reader: " + ", ".join(parsed.report))
    if cleaned is not None:
        parsed = Parsed(parsed.text, parsed.formatting, cleaned.milestones, cleaned.notes, parsed.meta)
    parsed = _unmark(parsed, options, where, report)
    parsed = noise.form_feeds(parsed, report)
    if not parsed.text.strip():
        raise WitnessError(f"{where} has no text to collate; remove it or fill it")
    if report:
        extra["preparation"] = report
    return parsed, extra


def _unmark(parsed: Parsed, options: Mapping[str, Any], where: str, report: list[str]) -> Parsed:
    """Take page markers and interpolations out of the text, keeping what earlier steps placed."""
    pages_opt, notes_opt = options.get("page_markers"), options.get("interpolations")
    if pages_opt is None and notes_opt is None:
        return parsed
    pages = compile_markers(pages_opt, PAGE_MARKERS, "n", "page_markers", where) if pages_opt is not None else []
    notes = compile_markers(notes_opt, NOTE_MARKERS, "text", "interpolations", where) if notes_opt is not None else []
    text, mapping, milestones, found = extract_markers(parsed.text, pages, notes)
    spans, old_marks, old_notes = remap(mapping, parsed.formatting, parsed.milestones, parsed.notes)
    if pages_opt is not None:
        report.append(f"page markers {_shown(pages_opt)}: {len(milestones)} page breaks")
    if notes_opt is not None:
        report.append(f"interpolations {_shown(notes_opt)}: {len(found)} editorial notes")
    by_offset = attrgetter("offset")  # a stable sort: document order stays at one offset
    return Parsed(
        text,
        spans,
        tuple(sorted((*old_marks, *milestones), key=by_offset)),
        tuple(sorted((*old_notes, *found), key=by_offset)),
        parsed.meta,
        parsed.report,
    )


def _shown(value: Any) -> str:
    return ", ".join(repr(v) for v in value) if isinstance(value, (list, tuple)) else repr(value)


def _metadata(
    table: Mapping[str, Any], parsed: Parsed, extra: Mapping[str, Any], where: str
) -> tuple[tuple[str, str], ...]:
    """The witness's metadata: its TOML, then what the source declares, then what loading did."""
    meta = {k: _text(v) for k, v in parsed.meta if k in META_FIELDS}
    meta.update({k: _text(v) for k, v in table.items() if k in META_FIELDS})
    given = meta.get("source_lines")
    made = extra.get("source_lines")
    if made and given and given != made:
        raise ConfigError(
            f"{where}: source_lines = {given!r} in the metadata, but the cut keeps lines {made}; "
            "correct source_lines or the cut options"
        )
    if made:
        meta["source_lines"] = made
    if extra.get("preparation") and "preparation" in META_FIELDS:
        meta["preparation"] = "; ".join(extra["preparation"])
    return tuple(sorted(meta.items()))


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def witness_files(path: Path) -> list[Path]:
    """The witness files of a directory: those a reader claims by extension, sorted by name; every
    other file gets a ``Warning:`` line (:mod:`collate.readers.folder`)."""
    return folder_witnesses(path, EXTENSIONS)


def load_witnesses(
    paths: list[str | Path],
    *,
    reader: str | None = None,
    encoding: str | None = None,
    encodings: Mapping[str, str] | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[Witness, ...]:
    """Load witnesses from files and directories of witness files, in the order given.

    ``encoding`` is the encoding of the files that are not UTF-8 (a UTF-8 file is never decoded
    otherwise); ``encodings`` names the encoding of single files (``{"b.txt": "cp1252"}``);
    ``options`` add to every witness's ``[witness]`` table (the CLI's ``--select``).

    Whether they can be collated together (two or more, distinct sigla) is the pipeline's
    question (:func:`collate.checks.check_witnesses`), asked of witnesses however they were made.
    """
    if encoding:
        check_encoding_name(encoding, "--encoding")
    files = _files(paths)
    by_file = _encodings(encodings or {}, files)
    return tuple(
        load_witness(f, reader=reader, encoding=by_file.get(f.resolve()), fallback_encoding=encoding, options=options)
        for f in files
    )


def _encodings(encodings: Mapping[str, str], files: list[Path]) -> dict[Path, str]:
    """Per-file encodings by resolved path; refuse one naming no witness of the run."""
    known = {f.resolve() for f in files}
    found: dict[Path, str] = {}
    for name, codec in encodings.items():
        check_encoding_name(codec, f"--encoding {name}={codec}")
        resolved = Path(name).resolve()
        if resolved not in known:
            raise InputError(f"--encoding {name}={codec} names no witness of this run; check the path")
        found[resolved] = codec
    return found


def _files(paths: list[str | Path]) -> list[Path]:
    """The witness files named and in the folders named; refuse a missing one and one named twice."""
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
    seen: dict[Path, Path] = {}
    for f in files:
        first = seen.setdefault(f.resolve(), f)
        if first is not f:
            same = f"{f} is named twice" if str(first) == str(f) else f"{first} and {f} are one file, named twice"
            raise WitnessError(f"{same}; name each witness file once")
    return files

