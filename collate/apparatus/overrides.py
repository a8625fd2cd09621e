"""The editor's overrides: TOML ``[[bracket]]`` tables that fix what the scope inference gets
wrong, each naming one bracket by a snippet of the source (format in ``docs/medvedev.md``)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .records import KINDS, Decision, Override, Overrides
from .units import split_units


def load_overrides(path: str | Path) -> Overrides:
    """Read an override file (TOML, a list of ``[[bracket]]`` tables; see ``docs/medvedev.md``)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path} does not exist; check the path of the override file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} cannot be read as UTF-8 text ({exc}); save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the syntax") from exc
    unknown = set(data) - {"bracket"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key(s) {', '.join(sorted(unknown))}; only [[bracket]] tables are read"
        )
    tables = data.get("bracket", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: 'bracket' must be an array of tables ([[bracket]])")
    return Overrides(str(path), tuple(_override(path, n, t) for n, t in enumerate(tables, 1)))


def _override(path: Path, number: int, table: Any) -> Override:
    where = f"{path}: [[bracket]] number {number}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} is not a table")
    unknown = set(table) - {"at", "kind", "scope", "reason"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; use at, kind, scope, reason")
    for key in ("at", "reason"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise ConfigError(f"{where}: '{key}' is required and must be a non-empty string")
    kind = table.get("kind")
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    scope = table.get("scope")
    if scope is not None and not isinstance(scope, str):
        raise ConfigError(f"{where}: 'scope' must be a string (\"\" for an addition)")
    if kind is None and scope is None:
        raise ConfigError(f"{where}: give a 'kind', a 'scope' or both; an override with neither changes nothing")
    if kind == "editorial" and scope:
        raise ConfigError(f"{where}: an editorial bracket has no scope; remove 'scope'")
    return Override(table["at"], table["reason"].strip(), kind, scope)


def match_overrides(text: str, spans: Sequence[tuple[int, int]], overrides: Overrides) -> dict[int, Override]:
    """Map bracket index -> override; every override must name exactly one bracket, once."""
    found: dict[int, Override] = {}
    for number, entry in enumerate(overrides.entries, 1):
        where = f"{overrides.path}: [[bracket]] number {number} (at = {entry.at!r})"
        hits = [m.start() for m in re.finditer(re.escape(entry.at), text)]
        if len(hits) != 1:
            raise ConfigError(
                f"{where}: the snippet occurs {len(hits)} times in the source; quote a longer snippet that occurs once"
            )
        inside = [k for k, (s, e) in enumerate(spans) if s >= hits[0] and e <= hits[0] + len(entry.at)]
        if len(inside) != 1:
            raise ConfigError(
                f"{where}: the snippet contains {len(inside)} whole brackets; quote exactly one bracket in it"
            )
        if inside[0] in found:
            raise ConfigError(f"{where}: another override already names this bracket; keep one")
        found[inside[0]] = entry
    return found


def apply_override(
    text: str, entry: Override, inferred: Decision, bracket: tuple[int, int], window_start: int, path: str
) -> Decision:
    start, end = bracket
    content = text[start + 1 : end - 1]
    kind = entry.kind or inferred.kind
    reading = "" if kind == "omission" else (content if kind == "editorial" else " ".join(content.split()))
    if kind == "replacement" and inferred.rule == "quotation" and entry.scope is None:
        reading = inferred.reading
    if kind == "editorial":
        return Decision("editorial", start, start, content, 1.0, "override", entry.reason, "overridden")
    if entry.scope is None:
        s0, s1 = inferred.scope_start, inferred.scope_end
    else:
        s0, s1 = _locate_scope(text, entry, start, window_start, path)
    if kind == "addition" and s0 != s1:
        raise ConfigError(f'{path}: override at {entry.at!r}: an addition has no scope; set scope = "" or another kind')
    if kind in ("replacement", "omission") and s0 == s1:
        raise ConfigError(f"{path}: override at {entry.at!r}: a {kind} needs a non-empty scope; give 'scope'")
    return Decision(kind, s0, s1, reading, 1.0, "override", entry.reason, "overridden")


def _locate_scope(text: str, entry: Override, start: int, window_start: int, path: str) -> tuple[int, int]:
    """Find ``entry.scope`` as the text ending right before the bracket (whitespace-insensitive)."""
    before = split_units(text, window_start, start)
    wanted = entry.scope.split() if entry.scope else []
    if not wanted:
        at = before[-1].end if before else start
        return at, at
    if len(wanted) > len(before) or [u.text for u in before[-len(wanted) :]] != wanted:
        raise ConfigError(
            f"{path}: override at {entry.at!r}: the scope {entry.scope!r} is not the text right before the bracket "
            f"(within its paragraph, after any earlier bracket); copy it from the source"
        )
    return before[-len(wanted)].start, before[-1].end
