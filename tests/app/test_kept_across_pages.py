"""Choices made on a page are still there after visiting another page and coming back.

Streamlit forgets the state of a widget that a run does not draw, so without help a page
switch resets the Network, City card and Opportunities pages. ``app.py`` runs under
AppTest with its navigation, and ``switch_page`` moves between the pages as the sidebar's
links do. Widget keys are spelled out: they are the pages' public names (browser tests and
saved sessions use them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
FIRST_RUN_TIMEOUT = 240
RUN_TIMEOUT = 120
TEHRAN_ID = "112931"
ISFAHAN_ID = "418863"
MASHHAD_ID = "124665"


@pytest.fixture(scope="module")
def db_url(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('kept_store') / 'diplomacy.sqlite'}"


@pytest.fixture(autouse=True)
def _environment(db_url, monkeypatch) -> None:
    monkeypatch.setenv("DIPLOMACY_DB_URL", db_url)
    monkeypatch.syspath_prepend(str(REPO))


def open_app(page: str) -> AppTest:
    """The app in English, on ``pages/<page>.py``."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=RUN_TIMEOUT)
    at.session_state["lang"] = "en"
    at.run(timeout=FIRST_RUN_TIMEOUT)
    return visit(at, page)


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def away_and_back(at: AppTest, page: str) -> AppTest:
    return visit(visit(at, "statistics"), page)


def test_network_page_keeps_its_city_hops_and_view_settings() -> None:
    at = open_app("network")
    at.text_input(key="network_city_query").set_value("Isfahan").run()
    at.select_slider(key="network_hops").set_value(1).run()
    at.selectbox(key="network_colour").set_value("region").run()
    at.multiselect(key="network_kinds").set_value(["cultural"]).run()
    assert not at.exception, [e.value for e in at.exception]
    away_and_back(at, "network")
    assert at.text_input(key="network_city_query").value == "Isfahan"
    assert at.select_slider(key="network_hops").value == 1
    assert at.selectbox(key="network_colour").value == "region"
    assert at.multiselect(key="network_kinds").value == ["cultural"]


def test_city_card_keeps_its_city() -> None:
    at = open_app("city")
    assert at.selectbox(key="city_page_city").value == TEHRAN_ID
    at.selectbox(key="city_page_city").set_value(ISFAHAN_ID).run()
    away_and_back(at, "city")
    assert at.selectbox(key="city_page_city").value == ISFAHAN_ID
    assert at.header[0].value == "Isfahan"


def test_opportunities_page_keeps_its_city_and_years() -> None:
    at = open_app("opportunities")
    at.selectbox(key="opp_city").set_value(MASHHAD_ID).run()
    at.select_slider(key="opp_dormant_years").set_value(3).run()
    away_and_back(at, "opportunities")
    assert at.selectbox(key="opp_city").value == MASHHAD_ID
    assert at.select_slider(key="opp_dormant_years").value == 3


def test_a_kept_choice_is_shared_only_by_its_own_page() -> None:
    """The City card's city and the Opportunities city are separate choices."""
    at = open_app("city")
    at.selectbox(key="city_page_city").set_value(ISFAHAN_ID).run()
    visit(at, "opportunities")
    assert at.selectbox(key="opp_city").value == TEHRAN_ID
    visit(at, "city")
    assert at.selectbox(key="city_page_city").value == ISFAHAN_ID
