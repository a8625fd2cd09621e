"""Lemmas and "is this a word" for languages other than English, from simplemma.

simplemma (54 languages, Latin, ancient and modern Greek, French, German, Hebrew and Russian
among them) maps word forms to lemmas with word lists taken from Wiktionary and other open
sources: two forms of one lemma are one word inflected otherwise (grammatical), two lemmas are two
words (lexical), and a form its list holds is a word of the language.

Its lists ship compressed and take a second or more to decode per language, so a decoded list is
kept in a compact prebuilt form (a ``marshal`` file, read in a fraction of that time) in the user's
cache directory (``$XDG_CACHE_HOME/collate``, else ``~/.cache/collate``), named by the SHA-256 of
the shipped list it was built from: a new simplemma version builds it anew, a damaged or missing
cache is rebuilt, and an unwritable one is skipped. A language's list is loaded only when a
collation of that language compares two words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from ..cachedir import cached_marshal

#: The languages simplemma is asked about (rule code -> simplemma code). English asks Hunspell
#: first (:mod:`.lexicon`); its simplemma list is a second opinion before a form is called no word.
SIMPLEMMA: dict[str, str] = {
    "en": "en",
    "la": "la", "grc": "grc", "el": "el", "fr": "fr", "de": "de", "he": "he", "ru": "ru", "it": "it", "es": "es",
}  # fmt: skip


class _Table(Mapping[str, str]):
    """simplemma's str -> str view of a bytes -> bytes table."""

    def __init__(self, table: dict[bytes, bytes]) -> None:
        self._table = table

    def __getitem__(self, key: str) -> str:
        return self._table[key.encode()].decode()

    def get(self, key: str, default: object = None):  # type: ignore[override]
        value = self._table.get(key.encode())
        return value.decode() if value is not None else default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.encode() in self._table

    def __iter__(self) -> Iterator[str]:
        return (k.decode() for k in self._table)

    def __len__(self) -> int:
        return len(self._table)


@cache
def table(lang: str) -> _Table:
    """simplemma's word list for ``lang``, from the prebuilt cache when it matches the shipped list.

    simplemma itself is imported only to build a list: importing it compiles some four hundred
    regular expressions of its lemmatizer, which a run that only asks whether a form is listed
    (English's second opinion) never uses.
    """
    source = _data_folder() / f"{lang}.plzma"
    if not source.is_file():  # another layout of simplemma: ask it
        from simplemma.strategies.dictionaries import dictionary_factory

        source = dictionary_factory.DATA_FOLDER / f"{lang}.plzma"
    return _Table(cached_marshal(f"simplemma-{lang}", source, lambda: _load_shipped(lang)))


def _data_folder() -> Path:
    """Where simplemma keeps its word lists, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("simplemma")
    root = Path(next(iter(spec.submodule_search_locations)))  # type: ignore[union-attr]
    return root / "strategies" / "dictionaries" / "data"


def _load_shipped(lang: str) -> dict:
    from simplemma.strategies.dictionaries import dictionary_factory

    return dictionary_factory._load_dictionary_from_disk(lang)


class _Factory:
    """A simplemma dictionary factory serving :func:`table`."""

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        return table(lang)


@cache
def _lemmatizer():
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_Factory()))


def supported(lang: str) -> bool:
    return lang in SIMPLEMMA


@cache
def lemma(word: str, lang: str) -> str:
    """The lemma simplemma gives ``word`` in ``lang`` (the word itself, lower case, when unknown)."""
    if not supported(lang):
        return word.lower()
    try:
        return str(_lemmatizer().lemmatize(word, lang=SIMPLEMMA[lang])).lower()
    except (ValueError, KeyError, TypeError):  # a form simplemma cannot take: no lemma, never a stop
        return word.lower()


@cache
def known(word: str, lang: str) -> bool:
    """True if ``lang``'s word list holds ``word`` (as written or in lower case)."""
    if not supported(lang):
        return False
    t = table(SIMPLEMMA[lang])
    return word in t or word.lower() in t or lemma(word, lang) != word.lower()


def listed(word: str, lang: str) -> bool:
    """True if ``lang``'s word list holds ``word`` as written or in lower case (no lemmatizer guess)."""
    if not supported(lang):
        return False
    t = table(SIMPLEMMA[lang])
    return word in t or word.lower() in t
