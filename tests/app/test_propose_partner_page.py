"""On the Opportunities page a signed-in editor records a suggestion as a proposed tie."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import t
from graph.store.editors import editor_entry
from graph.store.engine import open_store
from ui.state import EDITOR, EDITOR_SEEN, LANG

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "pages" / "opportunities.py"


@pytest.fixture()
def db_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("DIPLOMACY_DB_URL", url)
    monkeypatch.setenv("DIPLOMACY_EDITORS", editor_entry("maryam", "s3cret-pass"))
    monkeypatch.syspath_prepend(str(REPO))
    return url


def _run(lang: str, **state) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.session_state[LANG] = lang
    for key, value in state.items():
        at.session_state[key] = value
    at.run(timeout=300)
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_viewer_gets_no_propose_button(db_url, lang):
    at = _run(lang)
    labels = [b.label for b in at.button]
    assert t("opp.propose.button", lang) not in labels
    assert t("opp.propose.sign_in", lang) in [c.value for c in at.caption]


def test_editor_records_a_suggestion_as_a_proposed_tie(db_url):
    at = _run("en", **{EDITOR: "maryam", EDITOR_SEEN: time.time()})
    chosen = at.selectbox(key="propose_partner_city").value
    at.button[[b.label for b in at.button].index(t("opp.propose.button", "en"))].click()
    at.run(timeout=300)
    assert not at.exception
    assert t("opp.propose.done", "en") in [s.value for s in at.success]
    ties = open_store(db_url).ties("iran")
    added = ties[(ties.city_b == chosen) & (ties.status == "proposed") & (ties.origin == "user")]
    assert len(added) == 1
