"""Fixtures for the core's tests: one seeded SQLite store shared by read-only tests."""

from __future__ import annotations

import pytest

from graph.store.engine import Store, open_store


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory) -> Store:
    """A store seeded from data/, shared by tests that only read it."""
    path = tmp_path_factory.mktemp("seeded") / "store.sqlite"
    return open_store(f"sqlite:///{path}")
