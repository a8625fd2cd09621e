"""What a corpus run leaves in its output folder besides the outputs: the state of every unit.

``corpus-state.json`` records, for each unit, the key of the inputs it was collated from, the
files written, the figures the index shows (and the pair counts the corpus's distance matrix is
added up from), or the ``Error:`` line it failed with. It is rewritten (atomically) after every
unit, so a rerun knows which units are done and unchanged even after an interrupted run. It holds
no times, so the same corpus gives the same bytes however it was scheduled.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..files import write_all
from .tasks import UnitResult

STATE = "corpus-state.json"


@dataclass(frozen=True)
class Outcome:
    """One unit's result: ``status`` ``ok`` (collated now), ``unchanged`` (skipped) or ``failed``."""

    name: str
    status: str
    key: str = ""
    error: str = ""
    exit_code: int = 0
    files: tuple[str, ...] = ()
    sigla: tuple[str, ...] = ()
    pairs: tuple[tuple, ...] = ()
    variants: int = 0
    substantive: int = 0
    tokens: int = 0

    @classmethod
    def failure(cls, name: str, error: str, exit_code: int) -> Outcome:
        return cls(name, "failed", error=error, exit_code=exit_code)

    @classmethod
    def success(cls, name: str, key: str, result: UnitResult, files: list[str]) -> Outcome:
        return cls(
            name, "ok", key, files=tuple(files), sigla=result.sigla, pairs=result.pairs,
            variants=result.variants, substantive=result.substantive, tokens=result.tokens,
        )  # fmt: skip


def unit_files(name: str, result: UnitResult) -> list[tuple[str, bytes]]:
    """The unit's files: ``name`` plus each output's suffix (``letter-012.xml``, ``letter-012.html``...)."""
    return [(name + suffix, data) for suffix, data in result.files]


def write_unit(output: Path, name: str, result: UnitResult) -> None:
    """Write a unit's outputs all or none."""
    write_all({output / file: data for file, data in unit_files(name, result)})


class State:
    """The units recorded in ``corpus-state.json`` of an output folder."""

    def __init__(self, units: dict[str, dict[str, Any]]) -> None:
        self.units = units

    @classmethod
    def load(cls, output: Path) -> State:
        path = output / STATE
        if not path.exists():
            return cls({})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            units = data["units"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                f"{path} is not a corpus state file ({exc}); remove it to collate every unit again"
            ) from exc
        return cls(units)

    def unchanged(self, name: str, key: str, output: Path) -> bool:
        """True when the unit was collated from these very inputs and its outputs are all there."""
        record = self.units.get(name)
        return (
            record is not None
            and record.get("status") == "ok"
            and record.get("key") == key
            and all((output / f).is_file() for f in record.get("files", ()))
        )

    def skipped(self, name: str) -> Outcome:
        record = self.units[name]
        fields = {
            k: tuple(tuple(x) if isinstance(x, list) else x for x in v) if isinstance(v, list) else v
            for k, v in record.items()
        }
        return replace(Outcome(**fields), status="unchanged")

    def record(self, outcome: Outcome, output: Path) -> None:
        """Keep the unit's outcome and rewrite the state file (atomically)."""
        self.units[outcome.name] = asdict(outcome)
        data = {"format": "collate-corpus-state", "version": 1, "units": self.units}
        write_all(
            {output / STATE: (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
        )
