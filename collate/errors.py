"""The exceptions collate raises. The CLI turns each into one ``Error:`` line and an exit code.

Every message names the file concerned and says how to fix the problem.
"""

from __future__ import annotations


class CollateError(Exception):
    """Base class of every error collate reports to its user."""

    exit_code = 1


class InputError(CollateError):
    """A witness or manifest file is missing, unreadable, or not what it claims to be."""

    exit_code = 3


class EncodingError(InputError):
    """A witness file is not in the expected text encoding."""

    exit_code = 4


class WitnessError(CollateError):
    """The witnesses cannot be collated as given (too few, duplicate sigla, empty text)."""

    exit_code = 5


class TooLargeError(InputError):
    """A witness is larger than collate will hold in memory."""

    exit_code = 6


class OutputError(CollateError):
    """An output file cannot be written."""

    exit_code = 7


class ConfigError(CollateError):
    """A settings, regularization, override or manifest file is invalid."""

    exit_code = 8


class CollateWarning(UserWarning):
    """Something the user should know that does not stop the run (a file of a folder not read).

    Raised through :func:`warnings.warn`; the CLI prints each as one ``Warning:`` line on stderr.
    """


def warn(message: str) -> None:
    """Tell the user ``message`` (see :class:`CollateWarning`)."""
    import warnings

    warnings.warn(message, CollateWarning, stacklevel=2)
