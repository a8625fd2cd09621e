"""Mojibake: UTF-8 text once decoded as Windows-1252 and saved again ("â€”" for "—", "Ã©" for "é").

Such a witness is valid UTF-8, so no decoder refuses it, and collated as it stands every accented
letter and dash is a variant. It is found with ftfy (its badness measure flags the sequences a
wrong decoding leaves, which real text hardly ever holds) and reported per witness with a
``Warning:`` line offering the fix; ``mojibake = "fix"`` in the witness's ``.toml`` repairs it
(``ftfy.fix_encoding``: only the encoding is fixed, nothing else of the text is touched) and
records the repair in ``preparation``; ``mojibake = "keep"`` collates it as it is, silently.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..cachedir import cached_marshal
from ..errors import ConfigError, warn
from .decode import toml_of

#: The options this step reads from the witness's ``[witness]`` table.
MOJIBAKE_OPTIONS: frozenset[str] = frozenset({"mojibake"})

_MODES = ("warn", "fix", "keep")


def check_mojibake(text: str, options: Mapping[str, Any], where: str) -> tuple[str, list[str]]:
    """Warn of mojibake in ``text``, or repair it if the witness asks; return the text and what was done."""
    mode = options.get("mojibake", "warn")
    if mode not in _MODES:
        raise ConfigError(f"{where}: mojibake = {mode!r}; use one of {', '.join(map(repr, _MODES))}")
    if mode == "keep" or text.isascii():  # every sequence ftfy flags holds a character beyond ASCII
        return text, []
    if not badness_re().search(text):  # ftfy.badness.is_bad, without importing ftfy
        return text, []
    import ftfy  # here: 50 ms of start-up, needed only for a text that looks bad

    fixed = ftfy.fix_encoding(text)
    places = _places(text, fixed)
    if not places:
        return text, []
    example = f'"{places[0][0]}" for "{places[0][1]}", {len(places)} place{"s" if len(places) > 1 else ""}'
    if mode == "fix":
        return fixed, [f"mojibake repaired (ftfy): {example}"]
    warn(
        f"{where} looks like UTF-8 read once as Windows-1252 ({example}); set mojibake = \"fix\" in {toml_of(where)} "
        'to repair it (with ftfy), or mojibake = "keep" to collate it as it is'
    )
    return text, []


@functools.cache
def badness_re() -> re.Pattern[str]:
    """ftfy's own test for mojibake (``ftfy.badness.BADNESS_RE``, which ``is_bad`` searches), its
    pattern kept in collate's cache folder by the SHA-256 of the installed ftfy's ``badness.py``
    (which builds it), so that a text with nothing bad in it is checked without importing ftfy
    (its import, its character tables and codecs, is 50 ms; compiling the pattern alone 5)."""
    spec = importlib.util.find_spec("ftfy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("ftfy is not installed")
    source = Path(spec.submodule_search_locations[0]) / "badness.py"
    kept = cached_marshal("ftfy-badness", source, _badness_pattern)
    return re.compile(kept["pattern"], kept["flags"])


def _badness_pattern() -> dict:
    from ftfy.badness import BADNESS_RE

    return {"pattern": BADNESS_RE.pattern, "flags": BADNESS_RE.flags}


def _places(before: str, after: str) -> list[tuple[str, str]]:
    """The stretches the repair changed, line by line: (as the file has it, as repaired)."""
    import difflib

    places: list[tuple[str, str]] = []
    for old, new in zip(before.splitlines(), after.splitlines()):
        if old == new:
            continue
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        places += [(old[i1:i2], new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]
    return places
