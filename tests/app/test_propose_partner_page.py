"""On the Opportunities page a signed-in editor records a suggestion as a proposed tie."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import t
from graph.store.engine import open_store
from tests.app.conftest import assert_ok, editor_session, run_page

PAGE = "opportunities"


@pytest.fixture()
def db_url(seeded_copy, editors) -> str:
    """This test's own copy of the seeded store, and the editor (tests/app/conftest.py)."""
    return seeded_copy


def _run(lang: str, **state) -> AppTest:
    at = run_page(PAGE, lang, 120, 300, **state)
    assert_ok(at)
    return at


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_viewer_gets_no_propose_button(db_url, lang):
    at = _run(lang)
    labels = [b.label for b in at.button]
    assert t("opp.propose.button", lang) not in labels
    assert t("opp.propose.sign_in", lang) in [c.value for c in at.caption]


def test_editor_records_a_suggestion_as_a_proposed_tie(db_url):
    at = _run("en", **editor_session())
    chosen = at.selectbox(key="propose_partner_city").value
    at.button[[b.label for b in at.button].index(t("opp.propose.button", "en"))].click()
    at.run(timeout=300)
    assert not at.exception
    assert t("opp.propose.done", "en") in [s.value for s in at.success]
    ties = open_store(db_url).ties("iran")
    added = ties[(ties.city_b == chosen) & (ties.status == "proposed") & (ties.origin == "user")]
    assert len(added) == 1
