"""What a corpus run leaves in its output folder besides the outputs: the state of every unit.

The folder ``corpus-state/`` holds one small file per unit, ``NAME.json``: the key of the inputs
the unit was collated from, the files written, the figures the index shows, or the ``Error:`` line
it failed with. Each is written (atomically) once its unit is done and read only for that unit,
so recording a unit costs the same in a corpus of 3 units or 3,000, and a file's size grows with
its unit's witnesses (their sigla), never with the square of them: a unit's pair counts, the one
part that grows as n², are in its own ``NAME.distance.csv``, written with its outputs, from which
the index adds up the corpus's matrix. An interrupted run leaves every finished unit's file, so a
rerun knows which units are done and unchanged. Nothing records a time, so the same corpus gives
the same bytes however it was scheduled.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from ..files import write_all
from .tasks import UnitResult

#: The folder of the per-unit state files, in the output folder.
STATE = "corpus-state"
FORMAT = "collate-corpus-unit-state"
VERSION = 2


@dataclass(frozen=True)
class Outcome:
    """One unit's result: ``status`` ``ok`` (collated now), ``unchanged`` (skipped) or ``failed``.

    It holds the unit's figures, not its pair counts (those are in ``NAME.distance.csv``), so the
    client's memory for a corpus grows with its units, not with their witnesses squared."""

    name: str
    status: str
    key: str = ""
    error: str = ""
    exit_code: int = 0
    files: tuple[str, ...] = ()
    sigla: tuple[str, ...] = ()
    variants: int = 0
    substantive: int = 0
    tokens: int = 0

    @classmethod
    def failure(cls, name: str, error: str, exit_code: int) -> Outcome:
        return cls(name, "failed", error=error, exit_code=exit_code)

    @classmethod
    def success(cls, name: str, key: str, result: UnitResult, files: list[str]) -> Outcome:
        return cls(
            name, "ok", key, files=tuple(files), sigla=result.sigla,
            variants=result.variants, substantive=result.substantive, tokens=result.tokens,
        )  # fmt: skip

    @property
    def distance_file(self) -> str:
        """The unit's pair counts (``NAME.distance.csv``), one of its files."""
        return self.name + ".distance.csv"


def unit_files(name: str, result: UnitResult) -> list[tuple[str, bytes]]:
    """The unit's files: ``name`` plus each output's suffix (``letter-012.xml``, ``letter-012.html``...)."""
    return [(name + suffix, data) for suffix, data in result.files]


def write_unit(output: Path, name: str, result: UnitResult) -> None:
    """Write a unit's outputs all or none."""
    write_all({output / file: data for file, data in unit_files(name, result)})


class State:
    """The per-unit state files of an output folder (``corpus-state/NAME.json``), each read when
    its unit is looked at and written when its unit is done."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.folder = output / STATE

    @classmethod
    def load(cls, output: Path) -> State:
        return cls(output)

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def read(self, name: str) -> dict[str, Any] | None:
        """The unit's record, or None if it was never recorded or its file cannot be read (then the
        unit is collated again, and its file rewritten: the state is a cache of finished work)."""
        try:
            data = json.loads(self.path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("name") != name:
            return None
        return data

    def unchanged(self, name: str, key: str) -> Outcome | None:
        """The unit's recorded outcome (status ``unchanged``) when it was collated from these very
        inputs and its outputs are all there; else None."""
        record = self.read(name)
        if record is None or record.get("status") != "ok" or record.get("key") != key:
            return None
        outcome = _outcome(record)
        if not all((self.output / f).is_file() for f in outcome.files):
            return None
        return Outcome(**{**asdict(outcome), "status": "unchanged"})

    def record(self, outcome: Outcome) -> None:
        """Write the unit's state file (atomically): its size is the unit's, whatever the corpus."""
        self.folder.mkdir(exist_ok=True)
        data = {"format": FORMAT, "version": VERSION, **asdict(outcome)}
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
        write_all({self.path(outcome.name): text.encode("utf-8")})


def _outcome(record: dict[str, Any]) -> Outcome:
    known = {f.name for f in fields(Outcome)}
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in record.items() if k in known}
    return Outcome(**values)
