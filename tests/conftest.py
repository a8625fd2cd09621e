"""Shared fixtures: the TEI schema (compiled once), the bundled witnesses and their collation."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
#: The Hunspell caches the tests use: a folder of the repository's (ignored) test artifacts, kept
#: between runs so that Debian's dictionaries are expanded once, never the user's own cache.
os.environ.setdefault("COLLATE_CACHE_DIR", str(ROOT / "test-artifacts" / "cache"))
DATA = ROOT / "data"
SCHEMA = DATA / "schemas" / "tei_all.rng"
SEEDS = DATA / "seeds"
KROPOTKIN = ROOT / "witnesses" / "kropotkin"

#: ``pytest tests/test_properties.py --hypothesis-profile thorough`` runs at least 10,000 generated
#: cases through each property of whole collations (tests/test_properties.py, ``examples``); the
#: default profile keeps the suite's few hundred.
settings.register_profile("thorough", max_examples=10_000, deadline=None)


@pytest.fixture(scope="session")
def tei_schema() -> etree.RelaxNG:
    """The TEI P5 schema (tei_all), compiled once per test session (about 10 s)."""
    if not SCHEMA.is_file():
        pytest.fail(f"the TEI schema is missing: {SCHEMA}")
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="session")
def kropotkin():
    """The collation of the two bundled Kropotkin witnesses."""
    from collate import collate_witnesses, load_witnesses

    return collate_witnesses(load_witnesses([KROPOTKIN]))


def assert_valid_tei(schema: etree.RelaxNG, data: bytes) -> None:
    """Assert ``data`` is valid against tei_all, showing the schema's errors if not."""
    doc = etree.fromstring(data)
    if not schema.validate(doc):
        errors = "\n".join(str(e) for e in list(schema.error_log)[:10])
        raise AssertionError(f"TEI is not valid against tei_all:\n{errors}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept",
        action="store_true",
        default=False,
        help="rewrite the golden files (examples/ and tests/golden/) from the current outputs (review with git diff)",
    )


def pytest_sessionstart(session: pytest.Session) -> None:
    """Build the Hunspell caches (en_US, and Debian's dictionaries where installed) before any test,
    so that no collation's stderr carries the one-time notice; a fresh clone pays it once."""
    from collate.classify import hunspell_cache

    hunspell_cache.ensure_built(hunspell_cache.bundled_en_us())
    for name in hunspell_cache.LANGUAGE_DICTIONARIES.values():
        base = hunspell_cache.find(name)
        if base:
            hunspell_cache.ensure_built(base)
