"""Shared set-up of the pages' AppTest tests: stores, environment, running a page.

AppTest runs one page file on its own (it does not run ``st.navigation``), with the session
state seeded as ``app.py`` would leave it; the page imports ``graph`` and ``ui`` from the
repository root, as ``streamlit run`` does. Stores:

- ``seeded_url``: the real store seeded from data/, built once per session and shared by
  the tests that only read it (Overview, Map, Network, City, Statistics, Opportunities);
- ``seeded_copy``: a private copy of that store, for a test that writes to it;
- ``url``: the small hand-made store of tests/builders.py (six cities), with an editor
  configured through ``DIPLOMACY_EDITORS`` as in production and backups in tmp.

The helpers are imported by the test files: ``from tests.app.conftest import run_page``.
"""

from __future__ import annotations

import shutil
import statistics  # noqa: F401  (see below)
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store.editors import editor_entry
from graph.store.engine import open_store
from tests.builders import make_store
from ui.state import EDITOR, EDITOR_SEEN, LANG

# AppTest puts the page's folder (pages/) first on sys.path, where pages/statistics.py
# would shadow the standard library's statistics module for a library that imports it
# while a page runs (geopandas does): the real module is loaded here first.
# `streamlit run app.py` puts only the repository root on the path.
REPO = Path(__file__).resolve().parents[2]
PAGES = REPO / "pages"
EDITOR_NAME = "maryam"
EDITOR_PASSWORD = "s3cret-pass"
RUN_TIMEOUT = 60


@pytest.fixture(autouse=True)
def _repo_on_path(monkeypatch) -> None:
    """The page imports ``graph`` and ``ui`` from the repository root."""
    monkeypatch.syspath_prepend(str(REPO))


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory) -> Path:
    """The real store seeded from data/ (about 25,000 ties), built once per session."""
    path = tmp_path_factory.mktemp("seeded_app_store") / "diplomacy.sqlite"
    open_store(f"sqlite:///{path}").engine.dispose()
    return path


@pytest.fixture()
def seeded_url(seeded_file, monkeypatch) -> str:
    """``DIPLOMACY_DB_URL`` at the shared seeded store: for tests that only read it."""
    url = f"sqlite:///{seeded_file}"
    monkeypatch.setenv("DIPLOMACY_DB_URL", url)
    return url


@pytest.fixture()
def seeded_copy(seeded_file, tmp_path, monkeypatch) -> str:
    """``DIPLOMACY_DB_URL`` at this test's own copy of the seeded store."""
    path = tmp_path / "diplomacy.sqlite"
    shutil.copy(seeded_file, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DIPLOMACY_DB_URL", url)
    return url


@pytest.fixture()
def editors(monkeypatch) -> str:
    """One editor, ``maryam``, configured through ``DIPLOMACY_EDITORS``; returns the name."""
    monkeypatch.setenv("DIPLOMACY_EDITORS", editor_entry(EDITOR_NAME, EDITOR_PASSWORD))
    return EDITOR_NAME


@pytest.fixture()
def url(tmp_path, monkeypatch, editors) -> str:
    """The six-city hand-made store of tests/builders.py, with an editor and backups."""
    url = f"sqlite:///{tmp_path}/data.sqlite"
    make_store(url).engine.dispose()
    monkeypatch.setenv("DIPLOMACY_DB_URL", url)
    monkeypatch.setenv("DIPLOMACY_BACKUP_DIR", str(tmp_path / "backups"))
    return url


def page_path(page: str | Path) -> Path:
    """``"map"`` is ``pages/map.py``; a path (``app.py``) is taken as it is."""
    return page if isinstance(page, Path) else PAGES / f"{page}.py"


def new_page(page: str | Path, lang: str | None = None, timeout: float = RUN_TIMEOUT,
             **state) -> AppTest:
    """The page, not run yet, with its language and session state set."""
    at = AppTest.from_file(str(page_path(page)), default_timeout=timeout)
    if lang is not None:
        at.session_state[LANG] = lang
    for key, value in state.items():
        at.session_state[key] = value
    return at


def run_page(page: str | Path, lang: str | None = None, timeout: float = RUN_TIMEOUT,
             first_timeout: float | None = None, **state) -> AppTest:
    """The page run once (within first_timeout when given, else timeout)."""
    at = new_page(page, lang, timeout, **state)
    return at.run(timeout=first_timeout) if first_timeout is not None else at.run()


def assert_ok(at: AppTest) -> None:
    """The run raised no exception (the exceptions' texts are the failure message)."""
    assert not at.exception, [e.value for e in at.exception]


def editor_session(seen: float | None = None) -> dict:
    """Session state of the signed-in editor, last seen now (or at ``seen``)."""
    return {EDITOR: EDITOR_NAME, EDITOR_SEEN: time.time() if seen is None else seen}
