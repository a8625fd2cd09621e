"""The bracket-apparatus expander: one printed text with an inline [bracket] apparatus in, the
two versions it encodes out, as witnesses (``collate apparatus``; see ``docs/medvedev.md``).

Not a reader: it never returns a witness; it writes two, which the readers then read.
"""

from .scope import (
    KINDS,
    ApparatusResult,
    BracketRecord,
    Override,
    Overrides,
    expand_apparatus,
    find_brackets,
    infer,
    load_overrides,
    render_report,
    run_apparatus,
    witness_toml,
)

__all__ = [
    "KINDS",
    "ApparatusResult",
    "BracketRecord",
    "Override",
    "Overrides",
    "expand_apparatus",
    "find_brackets",
    "infer",
    "load_overrides",
    "render_report",
    "run_apparatus",
    "witness_toml",
]
