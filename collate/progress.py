"""Progress on stderr, for alignments long enough to make a user wonder.

On a terminal, a bar redraws itself in place once a run has lasted ``delay`` seconds. Elsewhere
(a log file, a job scheduler, a pipe) a bar's carriage returns would be noise, and silence for
minutes would look like a hang: there a plain line (``Aligning: 17,408/28,000 tokens (62%), 12
s``) is written every ``line_interval`` seconds once the run has lasted ``line_delay`` seconds,
so short runs and tests see nothing. ``quiet`` silences both. It is a plain writer rather than a
dependency: one bar, one stage.

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
    true; when ``stream`` (stderr by default) is not a terminal, plain lines are written instead
    of the bar, at most one every ``line_interval`` seconds, from ``line_delay`` seconds on.
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
        line_delay: float = 5.0,
        line_interval: float = 5.0,
    ) -> None:
        self.label = label
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = _is_terminal(self.stream)
        self.enabled = not quiet
        self.delay = delay if self.terminal else line_delay
        self.interval = interval if self.terminal else line_interval
        self.started = time.monotonic()
        self.last_drawn = -1.0
        self.drawn = 0  # width of the longest line drawn, to erase it

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or (now - self.last_drawn < self.interval and done < total):
            return
        if not self.terminal:
            if done < total:  # a log needs no line for the end: the summary follows
                self.last_drawn = now
                self.stream.write(self.plain(done, total, now - self.started) + "\n")
                self.stream.flush()
            return
        self.last_drawn = now
        text = self.line(done, total, now - self.started)
        self.stream.write("\r" + text.ljust(self.drawn))
        self.stream.flush()
        self.drawn = max(self.drawn, len(text))

    def plain(self, done: int, total: int, seconds: float) -> str:
        """A line for a log: ``Aligning: 17,408/28,000 tokens (62%), 12 s``."""
        share = done / total if total else 1.0
        return f"{self.label}: {done:,}/{total:,} {self.unit} ({share:.0%}), {seconds:.0f} s"

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


def notice(message: str) -> None:
    """A one-line notice on stderr (``Building the ... cache (once)``), unless the run is quiet.

    A stage that does something slow once, outside any progress bar, says so here; ``--quiet``
    (a current :class:`ProgressBar` that is not enabled) silences it like the bar.
    """
    bar = current()
    if isinstance(bar, ProgressBar):
        if not bar.enabled:
            return
        bar.close()
        stream = bar.stream
    else:
        stream = sys.stderr
    stream.write(message + "\n")
    stream.flush()
