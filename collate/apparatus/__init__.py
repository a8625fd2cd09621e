"""The bracket-apparatus expander: one printed text with an inline [bracket] apparatus in, the
two versions it encodes out, as witnesses (``collate apparatus``; see ``docs/medvedev.md``).

Not a reader: it never returns a witness; it writes two, which the readers then read. Its parts:

- :mod:`~collate.apparatus.units`: the source cut into brackets and words, and the closed-class
  words the rules know;
- :mod:`~collate.apparatus.scope`: what each bracket stands for (the scope rules), with
  :mod:`~collate.apparatus.match` aligning a reading word by word with the text before it;
- :mod:`~collate.apparatus.overrides`: the editor's decisions, read and applied;
- :mod:`~collate.apparatus.expand`: both versions built from the decisions;
- :mod:`~collate.apparatus.report`: the Markdown account of every bracket;
- :mod:`~collate.apparatus.witnesses`: both versions written as witness files, all or none.
"""

from .expand import expand_apparatus
from .overrides import load_overrides
from .records import KINDS, ApparatusResult, BracketRecord, Override, Overrides
from .report import render_report
from .scope import EDITORIAL, SENTENCE_MATCH, infer
from .units import find_brackets
from .witnesses import run_apparatus, witness_toml

__all__ = [
    "EDITORIAL",
    "KINDS",
    "SENTENCE_MATCH",
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
