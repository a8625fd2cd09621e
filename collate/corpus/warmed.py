"""Importing this module warms the process (:func:`collate.corpus.warm.warm`): the embedded
cluster's fork server imports it, by name, before it forks the workers."""

from .warm import warm

warm()
