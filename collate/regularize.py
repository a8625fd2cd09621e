"""The regularization file: a project's own equivalences, and which classes count as substantive.

An edition has spellings no dictionary knows: the romanizations of a Russian name (``Ilich``,
``Ilyich``, ``Il'ich``), an archaic form the editor treats as the modern one. The editor lists
them once, in TOML, and the classifier types those differences ``orthographic``
(``regularization``) instead of calling them different words::

    # Classes (or class:subtype) that count as substantive; the default is ["substantive"].
    substantive = ["substantive", "typo"]

    # The canonical form, then the forms that stand for it. A phrase is allowed.
    [equivalences]
    Ilich = ["Ilyich", "Il'ich"]
    Trotsky = ["Trotskii", "Trotskij"]
    "Vladimir Ilich" = "V. I."

Top-level keys other than ``substantive`` are read as equivalences too (``Ilich = ["Ilyich"]``
without the table). Comparison ignores case and quote glyphs. :func:`load_regularizations`
reads the file; :meth:`Regularizations.apply` puts it into the collation's
:class:`~collate.model.Settings`, where the classifier finds it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from .errors import ConfigError
from .model import Settings, Witness
from .normalize import WORD, is_word
from .tokenize import words
from .vocabulary import SEVERITY, SUBTYPES

#: Keys of the file that are not equivalences.
RESERVED = ("substantive", "equivalences")


@dataclass(frozen=True)
class Regularizations:
    """What a regularization file says: ``equivalences`` as ``(form, canonical)`` pairs, as written,
    and the classes that count as ``substantive``; ``path`` is the file read."""

    path: str = ""
    substantive: tuple[str, ...] = ("substantive",)
    equivalences: tuple[tuple[str, str], ...] = ()

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with this file's equivalences and choice of substantive classes."""
        return replace(settings, substantive=self.substantive, regularizations=self.equivalences)


def phrase(text: str) -> tuple[str, ...]:
    """The comparison form of a phrase from the regularization file, cut into words as witnesses
    are and each compared as the classifier compares words (:data:`collate.normalize.WORD`)."""
    tokens = words(Witness("regularization", text))
    return tuple(WORD(t.word) for t in tokens if is_word(t.word))


def load_regularizations(path: str | Path) -> Regularizations:
    """Read and check a regularization file; every problem raises :class:`ConfigError` naming the fix."""
    path = Path(path)
    data = _read(path)
    substantive = _substantive(path, data.get("substantive", ["substantive"]))
    table = data.get("equivalences", {})
    if not isinstance(table, dict):
        raise ConfigError(f'{path}: [equivalences] must be a table of canonical = [forms], e.g. Ilich = ["Ilyich"]')
    loose = {k: v for k, v in data.items() if k not in RESERVED}
    for key in loose:
        _reject_near_miss(path, key)
    pairs: dict[str, tuple[str, str]] = {}
    for canonical, forms in [*table.items(), *loose.items()]:
        for form in _forms(path, canonical, forms):
            _add(path, pairs, form, canonical)
    return Regularizations(str(path), substantive, tuple(sorted(pairs.values())))


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"{path}: no such regularization file; check the path (format: docs/classification.md)")
    import tomllib  # here: most runs have no regularization file

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 (byte {exc.start}); save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the line named") from exc


def _substantive(path: Path, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            f'{path}: \'substantive\' must be a list of class names, e.g. substantive = ["substantive", "typo"]'
        )
    for entry in value:
        kind, _, subtype = entry.partition(":")
        if kind not in SEVERITY or (subtype and subtype not in SUBTYPES[kind]):
            choices = ", ".join(SEVERITY)
            raise ConfigError(
                f"{path}: unknown class {entry!r} in 'substantive'; use one of {choices}, "
                "or class:subtype (e.g. orthographic:date)"
            )
    return tuple(value)


def _reject_near_miss(path: Path, key: str) -> None:
    for reserved in RESERVED:
        if Levenshtein.distance(key.casefold(), reserved) <= 2:
            raise ConfigError(f"{path}: unknown key {key!r}; did you mean {reserved!r}?")


def _forms(path: Path, canonical: str, forms: Any) -> list[str]:
    if isinstance(forms, str):
        forms = [forms]
    if not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
        raise ConfigError(
            f"{path}: the equivalence for {canonical!r} must be a form or a list of forms, "
            f'e.g. {canonical} = ["{canonical}a"]'
        )
    for text in (canonical, *forms):
        if not phrase(text):
            raise ConfigError(f"{path}: {text!r} (equivalence for {canonical!r}) holds no word; give words")
    return forms


def _add(path: Path, pairs: dict[str, tuple[str, str]], form: str, canonical: str) -> None:
    key = " ".join(phrase(form))
    if key in pairs and phrase(pairs[key][1]) != phrase(canonical):
        raise ConfigError(
            f"{path}: {form!r} is listed under both {pairs[key][1]!r} and {canonical!r}; keep it under one"
        )
    pairs[key] = (form, canonical)
