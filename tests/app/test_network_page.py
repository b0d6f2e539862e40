"""The Network page under Streamlit's AppTest, in Persian and English, on a seeded store.

Like the Overview's tests: the page file runs on its own with its session state seeded,
``DIPLOMACY_DB_URL`` points at one SQLite file in a temporary folder (seeded on the
first run). The drawn network is the ``srcdoc`` of the page's iframe.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import t
from graph.views.network import offsite_references
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok
from ui.state import SCOPE

PAGE = "network"
FIRST_RUN_TIMEOUT = 180
RUN_TIMEOUT = 90
LATIN_DIGIT = re.compile(r"[0-9]")
NODES = re.compile(r"nodes = new vis\.DataSet\((\[.*?\])\);", re.DOTALL)


@pytest.fixture(autouse=True)
def _environment(seeded_url) -> None:
    """Every test reads the shared seeded store (tests/app/conftest.py)."""


def run_page(lang: str, **state) -> AppTest:
    return app_page.run_page(PAGE, lang, RUN_TIMEOUT, FIRST_RUN_TIMEOUT, **state)


def drawn(at: AppTest) -> str:
    frames = [e for e in at.main if getattr(e, "type", None) == "iframe"]
    assert len(frames) == 1, f"expected one iframe, found {len(frames)}"
    return frames[0].proto.srcdoc


def node_labels(page: str) -> set[str]:
    """The labels of the drawn nodes (pyvis writes them as JSON with \\u escapes)."""
    found = NODES.search(page)
    assert found, "no vis.DataSet of nodes in the page"
    return {n["label"] for n in json.loads(found.group(1))}


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_network_page_in_each_language(lang) -> None:
    at = run_page(lang)
    assert_ok(at)
    assert [title.value for title in at.title] == [t("network.title", lang)]
    page = drawn(at)
    assert offsite_references(page) == []
    assert f'<html lang="{lang}">' in page
    assert t("network.legend.title", lang) in page
    assert ("تهران" if lang == "fa" else "Tehran") in node_labels(page)
    summary = t("network.summary", lang, nodes=47, edges=56)
    assert summary in captions(at), captions(at)
    if lang == "fa":
        assert not LATIN_DIGIT.search(summary)
    assert at.text_input(key="network_city_query").value == ("تهران" if lang == "fa" else "Tehran")
    assert len(at.get("download_button")) == 1


@pytest.mark.parametrize(
    ("lang", "query", "expected"), [("fa", "Isfahan", "اصفهان"), ("en", "اصفهان", "Isfahan")]
)
def test_search_by_persian_or_english_name(lang, query, expected) -> None:
    at = run_page(lang)
    at.text_input(key="network_city_query").set_value(query).run()
    assert_ok(at)
    assert expected in node_labels(drawn(at))
    assert not any(t("network.summary", lang, nodes=47, edges=56) == c for c in captions(at))


def test_unknown_city_says_so() -> None:
    at = run_page("en")
    at.text_input(key="network_city_query").set_value("Atlantis").run()
    assert_ok(at)
    assert [w.value for w in at.warning] == [t("network.not_found", "en", name="Atlantis")]
    assert not [e for e in at.main if getattr(e, "type", None) == "iframe"]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_world_scope_whole_network_is_by_country(lang) -> None:
    at = run_page(lang, **{SCOPE: "world"})
    at.radio(key="network_view").set_value("whole").run()
    assert_ok(at)
    assert t("network.countries_note", lang) in captions(at)
    page = drawn(at)
    assert ("ایران" if lang == "fa" else "Iran") in node_labels(page)
    assert offsite_references(page) == []


def test_world_scope_three_hops_says_it_was_cut() -> None:
    at = run_page("en", **{SCOPE: "world"})
    at.select_slider(key="network_hops").set_value(3).run()
    assert_ok(at)
    infos = [i.value for i in at.info]
    assert len(infos) == 1 and "the top 300 by" in infos[0], infos
    assert len(node_labels(drawn(at))) <= 300
    assert not at.toggle(key="network_physics").disabled
    at.selectbox(key="network_top_n").set_value(500).run()
    assert_ok(at)
    assert at.toggle(key="network_physics").disabled, "physics is off above 300 nodes"


def test_encoding_controls_rerun_without_error() -> None:
    at = run_page("fa")
    at.selectbox(key="network_metric").set_value("betweenness")
    at.selectbox(key="network_colour").set_value("region")
    at.radio(key="network_layout").set_value("geo").run()
    assert_ok(at)
    page = drawn(at)
    assert t("network.metric.betweenness", "fa") in page
    assert t("continent.asia", "fa") in page


def test_most_cities_shown_is_written_in_the_pages_digits() -> None:
    """The size box offers round sizes written as the page writes numbers (a number box
    wrote «300» in Latin digits on the Persian page)."""
    fa = run_page("fa").selectbox(key="network_top_n")
    assert fa.options[:5] == ["۵۰", "۱۰۰", "۲۰۰", "۳۰۰", "۵۰۰"], fa.options
    assert not any(LATIN_DIGIT.search(option) for option in fa.options)
    assert fa.value == 300
    en = run_page("en").selectbox(key="network_top_n")
    assert "2,000" in en.options or "2000" in en.options, en.options
