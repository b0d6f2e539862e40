"""Fixtures for the reliability tests: the small hand-made store on both backends."""

from __future__ import annotations

import pytest

from graph.store.engine import Store
from tests.builders import make_store


@pytest.fixture()
def store(db_url, tmp_path, monkeypatch) -> Store:
    """The six-city store of tests/builders.make_store; automatic backups go to tmp_path."""
    monkeypatch.setenv("DIPLOMACY_BACKUP_DIR", str(tmp_path / "backups"))
    s = make_store(db_url)
    yield s
    s.engine.dispose()
