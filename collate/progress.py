"""A progress bar on stderr, for alignments long enough to make a user wonder.

The bar draws itself only on a terminal, only when not asked to be quiet, and only once a run has
lasted ``delay`` seconds, so short runs, pipes, log files and tests see nothing. It is a plain
writer (carriage return and a line of text) rather than a dependency: one bar, one stage.

The pipeline does not pass callbacks through every stage; instead the caller (the CLI) makes a bar
current with :func:`reporting`, and a long-running stage reports to :func:`current`::

    with ProgressBar(quiet=quiet) as bar, reporting(bar):
        collation = collate_witnesses(witnesses, settings)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Self, TextIO

#: ``progress(done, total)``: units of work done so far, out of ``total``.
Progress = Callable[[int, int], None]

_CURRENT: ContextVar[Progress | None] = ContextVar("collate_progress", default=None)


@contextmanager
def reporting(progress: Progress | None) -> Iterator[Progress | None]:
    """Make ``progress`` the callback that long stages report to, for the duration of a block."""
    token = _CURRENT.set(progress)
    try:
        yield progress
    finally:
        _CURRENT.reset(token)


def current() -> Progress | None:
    """The callback made current by :func:`reporting`, if any."""
    return _CURRENT.get()


class ProgressBar:
    """A one-line progress bar, usable as a :data:`Progress` callback.

    ``label`` names the stage; ``unit`` the things counted. Nothing is written when ``quiet`` is
    true or ``stream`` (stderr by default) is not a terminal.
    """

    WIDTH = 30

    def __init__(
        self,
        label: str = "Aligning",
        unit: str = "tokens",
        *,
        stream: TextIO | None = None,
        quiet: bool = False,
        delay: float = 0.5,
        interval: float = 0.1,
    ) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = not quiet and _is_terminal(self.stream)
        self.delay = delay
        self.interval = interval
        self.started = time.monotonic()
        self.last_drawn = -1.0
        self.drawn = 0  # width of the longest line drawn, to erase it

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last_drawn < self.interval and done < total):
            return
        self.last_drawn = now
        text = self.line(done, total, now - self.started)
        self.stream.write("\r" + text.ljust(self.drawn))
        self.stream.flush()
        self.drawn = max(self.drawn, len(text))

    def line(self, done: int, total: int, seconds: float) -> str:
        """The bar's text: ``Aligning [########------]  62%  17,408/28,000 tokens  3 s``."""
        share = done / total if total else 1.0
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        return f"{self.label} [{bar}] {share:4.0%}  {done:,}/{total:,} {self.unit}  {seconds:.0f} s"

    def close(self) -> None:
        """Erase the bar, so that what is printed next starts on a clean line."""
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
