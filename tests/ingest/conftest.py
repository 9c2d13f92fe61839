"""Fixtures for the ingest tests."""

import pytest

from freelance_kg.ingest.nlp import load_nlp


@pytest.fixture(scope="session")
def nlp():
    """The medium English model, loaded once (load_nlp caches it per process)."""
    return load_nlp("md")
