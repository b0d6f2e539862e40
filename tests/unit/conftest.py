"""Fixtures for the core's tests: one seeded SQLite store shared by read-only tests, and
the small hand-made store on both backends."""

from __future__ import annotations

import pytest

from graph.store.engine import Store, open_store
from tests.builders import make_store


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Store:
    """A store seeded from data/, shared by tests that only read it."""
    path = tmp_path_factory.mktemp("seeded") / "store.sqlite"
    return open_store(f"sqlite:///{path}")


@pytest.fixture()
def store(db_url) -> Store:
    """The six-city store of tests/builders.make_store, on SQLite and on PostgreSQL."""
    s = make_store(db_url)
    yield s
    s.engine.dispose()
