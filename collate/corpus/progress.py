"""Progress of a corpus on stderr: units done, failed and unchanged, and the time left.

On a terminal a bar is redrawn in place; otherwise (a log file, CI, ``nohup``) a plain line is
printed every ``interval`` seconds, so a long run shows it is alive without flooding the log.
``quiet`` silences both and the closing summary; a failed unit's ``Error:`` line is printed in
any case, since it names a file to fix.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO


class CorpusProgress:
    WIDTH = 30

    def __init__(self, total: int, *, quiet: bool = False, stream: TextIO | None = None, interval: float = 5.0) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.terminal = _is_terminal(self.stream)
        self.interval = 0.2 if self.terminal else interval
        self.started = time.monotonic()
        self.last = self.started
        self.done = self.failed = self.skipped = 0
        self.drawn = 0

    def update(self, done: int = 0, failed: int = 0, skipped: int = 0) -> None:
        self.done += done
        self.failed += failed
        self.skipped += skipped
        now = time.monotonic()
        finished = self.done + self.failed + self.skipped == self.total
        if self.quiet or (now - self.last < self.interval and not (finished and self.terminal)):
            return
        self.last = now
        self._show(self.line(now - self.started))

    def line(self, seconds: float) -> str:
        """``units [#####-----]  18/50  (1 failed, 4 unchanged)  12 s, about 25 s left``."""
        count = self.done + self.failed + self.skipped
        share = count / self.total if self.total else 1.0
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        left = ""
        if self.done and count < self.total:
            rate = seconds / (self.done + self.failed)
            left = f", about {rate * (self.total - count):.0f} s left"
        return (
            f"units [{bar}] {count}/{self.total}  ({self.failed} failed, {self.skipped} unchanged)  "
            f"{seconds:.0f} s{left}"
        )

    def _show(self, text: str) -> None:
        if self.terminal:
            self.stream.write("\r" + text.ljust(self.drawn))
            self.drawn = max(self.drawn, len(text))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def error(self, message: str) -> None:
        """A failed unit's ``Error:`` line, on its own line even under a bar."""
        self.close()
        self.stream.write(f"Error: {message}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r" + " " * self.drawn + "\r")
            self.stream.flush()
            self.drawn = 0

    def summary(self, outcomes: Sequence, output: Path) -> None:
        if self.quiet:
            return
        failed = [o.name for o in outcomes if o.status == "failed"]
        collated = sum(o.status == "ok" for o in outcomes)
        skipped = sum(o.status == "unchanged" for o in outcomes)
        names = f" ({', '.join(failed[:5])}{', ...' if len(failed) > 5 else ''})" if failed else ""
        seconds = time.monotonic() - self.started
        self.stream.write(
            f"{len(outcomes)} units: {collated} collated, {skipped} unchanged, {len(failed)} failed{names}"
            f" in {seconds:.1f} s; index: {output / 'index.html'}\n"
        )
        self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
