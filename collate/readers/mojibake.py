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
    if not looks_bad(text):  # ftfy.badness.is_bad, without importing ftfy
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


def looks_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)`` (a search of its ``BADNESS_RE``), without importing ftfy.

    The pattern is an alternation; an alternative can match only a text holding, for each of its
    fixed positions that admits only characters beyond ASCII, one of those characters. A text
    that no alternative can match so is not searched at all (most texts: their quotes, dashes and
    letters complete no alternative); any other is searched with ftfy's own pattern.
    """
    test = _badness_test()
    needs = test["needs"]
    if needs is not None:
        chars = set(text)
        if not any(all(not chars.isdisjoint(position) for position in alternative) for alternative in needs):
            return False
    return bool(re.compile(test["pattern"], test["flags"]).search(text))


@functools.cache
def _badness_test() -> dict:
    """ftfy's ``BADNESS_RE`` and what each alternative needs, kept in collate's cache folder by the
    SHA-256 of the installed ftfy's ``badness.py`` (which builds the pattern): ftfy's import (its
    character tables, codecs and width data) is 50 ms, compiling the pattern alone 10."""
    import importlib.util

    spec = importlib.util.find_spec("ftfy")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("ftfy is not installed")
    return cached_marshal("ftfy-badness-test", Path(spec.submodule_search_locations[0]) / "badness.py", _build_test)


def _build_test() -> dict:
    from ftfy.badness import BADNESS_RE

    return {"pattern": BADNESS_RE.pattern, "flags": BADNESS_RE.flags, "needs": _needs(BADNESS_RE)}


def _needs(pattern: re.Pattern[str]) -> list[list[str]] | None:
    """For each alternative of ``pattern``, the character sets of its fixed positions that admit
    only characters beyond ASCII; None (always search) where the pattern cannot be read so."""
    try:
        from re import _parser as parser  # the standard library's own parser (Python 3.11 on)

        if pattern.flags & re.IGNORECASE:
            return None
        tree = parser.parse(pattern.pattern, pattern.flags)
        items = list(tree)
        alternatives = items[0][1][1] if len(items) == 1 and items[0][0] is parser.BRANCH else [tree]
        needs = []
        for alternative in alternatives:
            sets = [chars for chars in map(_position, alternative) if chars and all(ord(c) > 127 for c in chars)]
            if not sets:
                return None
            needs.append(sets)
        return needs
    except (ImportError, AttributeError, IndexError, TypeError, ValueError, re.error):  # another Python's parser: no shortcut
        return None


def _position(item: tuple) -> str | None:
    """The characters one fixed position admits (a literal or a class of literals and ranges)."""
    from re import _parser as parser

    op, arg = item
    if op is parser.LITERAL:
        return chr(arg)
    if op is not parser.IN:
        return None
    chars = []
    for kind, value in arg:
        if kind is parser.LITERAL:
            chars.append(chr(value))
        elif kind is parser.RANGE:
            chars.extend(map(chr, range(value[0], value[1] + 1)))
        else:  # a negation or a category (\w, \s): not a fixed set
            return None
    return "".join(chars)


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
