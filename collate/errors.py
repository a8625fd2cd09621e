"""The exceptions collate raises, and the exit codes of its command line: the one source of both.

The CLI turns each exception into one ``Error:`` line and its class's exit code; every message
names the file concerned and says how to fix the problem. :data:`EXIT_CODES` lists every code
the command line returns; ``collate --help`` prints it and ``tests/test_docs.py`` checks that the
README's table says the same.
"""

from __future__ import annotations

import warnings


class CollateError(Exception):
    """Base class of every error collate reports to its user."""

    exit_code: int = 1
    meaning = "an error of no other kind; a bug shows a traceback"


class InputError(CollateError):
    """A witness or manifest file is missing, unreadable, or not what it claims to be."""

    exit_code = 3
    meaning = "input file missing, unreadable or binary"


class EncodingError(InputError):
    """A witness file is not in the expected text encoding."""

    exit_code = 4
    meaning = "input not in the expected encoding"


class WitnessError(CollateError):
    """The witnesses cannot be collated as given (too few, duplicate sigla, empty text)."""

    exit_code = 5
    meaning = "witnesses cannot be collated (fewer than two, empty, duplicate sigla)"


class TooLargeError(InputError):
    """A witness is larger than collate will hold in memory."""

    exit_code = 6
    meaning = "witness too large"


class OutputError(CollateError):
    """An output file cannot be written."""

    exit_code = 7
    meaning = "output cannot be written"


class ConfigError(CollateError):
    """A settings, regularization, override or manifest file is invalid."""

    exit_code = 8
    meaning = "invalid settings, manifest, override or witness file"


class UnitsFailedError(CollateError):
    """Some units of a corpus failed; the others are written (``collate corpus``).

    Each failed unit's own ``Error:`` line is printed as it fails and kept in the index, so the
    command line exits with this class's code without a line of its own."""

    exit_code = 9
    meaning = "some units of a corpus failed (the others written)"


class SchedulerError(CollateError):
    """The Dask scheduler named cannot be reached, or has no workers (``collate corpus``); or, as
    a unit's failure, the worker process running it was lost (the corpus then exits with 9)."""

    exit_code = 10
    meaning = "the Dask scheduler cannot be reached or has no workers (a unit: its worker was lost)"


#: Exit codes that no exception carries.
SUCCESS, USAGE, INTERRUPTED = 0, 2, 130

_ERRORS: tuple[type[CollateError], ...] = (
    CollateError,
    InputError,
    EncodingError,
    WitnessError,
    TooLargeError,
    OutputError,
    ConfigError,
    UnitsFailedError,
    SchedulerError,
)

#: Every exit code of the command line and what it means, in order.
EXIT_CODES: dict[int, str] = dict(
    sorted(
        {
            SUCCESS: "success",
            USAGE: "usage error (unknown option, no witness named)",
            INTERRUPTED: "interrupted by Ctrl-C or SIGTERM (no output written)",
            **{error.exit_code: error.meaning for error in _ERRORS},
        }.items()
    )
)


def exit_codes_text() -> str:
    """The exit codes as lines of ``code  meaning``, for ``--help``."""
    return "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items())


class CollateWarning(UserWarning):
    """Something the user should know that does not stop the run (a file of a folder not read).

    Raised through :func:`warnings.warn`; the CLI prints each as one ``Warning:`` line on stderr.
    """


def warn(message: str) -> None:
    """Tell the user ``message`` (see :class:`CollateWarning`)."""
    warnings.warn(message, CollateWarning, stacklevel=2)
