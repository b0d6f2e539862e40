"""Filters of the Data page's Browse tab under AppTest: lists per column, "only editors'
changes" and the sidebar's Iranian cities narrow the table for a viewer and for an editor's
grid alike."""

from __future__ import annotations

import pytest

from graph.i18n import t
from graph.io.importer import import_file
from graph.store.engine import open_store
from tests.app.conftest import assert_ok, editor_session
from tests.app.test_data_page import run_page
from tests.graph.io.test_io import TIES_HEADER, csv_bytes
from ui.state import IRAN_CITIES


@pytest.fixture()
def ties(url):
    """The hand-made store's seed tie (Tehran - Paris, signed) plus two an editor imported."""
    store = open_store(url, seed=False)
    rows = [
        TIES_HEADER,
        ["Isfahan", "Kazan", "sister", "proposed"],
        ["Shiraz", "Kazan", "friendship", "suspended"],
    ]
    assert import_file(store, csv_bytes(rows), "maryam").accepted
    store.engine.dispose()
    return url


def shown(at, lang: str) -> int:
    """The number of rows the Browse table shows, checked against its caption."""
    rows = len(at.tabs[0].get("dataframe")[0].value)
    caption = t("data.rows_shown", lang, n=rows, total=rows)  # no search: all filtered rows
    assert caption in [c.value for c in at.tabs[0].caption]
    return rows


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_viewer_filters_narrow_the_ties(ties, lang):
    at = run_page(lang)
    assert_ok(at)
    assert shown(at, lang) == 3
    at.multiselect(key="data_filter_ties_status").set_value(["suspended"]).run()
    assert_ok(at)
    assert shown(at, lang) == 1
    at.multiselect(key="data_filter_ties_status").set_value([]).run()
    at.toggle(key="data_filter_ties_edited").set_value(True).run()
    assert shown(at, lang) == 2  # the two imported ties, not the seed one
    at.toggle(key="data_filter_ties_edited").set_value(False).run()
    at.multiselect(key="data_filter_ties_relation").set_value(["sister"]).run()
    assert shown(at, lang) == 2  # Tehran - Paris and Isfahan - Kazan


def test_sidebar_cities_and_exchange_kinds_filter(ties):
    at = run_page("en", **{IRAN_CITIES: ["isfahan"]})
    assert_ok(at)
    assert shown(at, "en") == 1
    at = run_page("en")
    at.radio(key="data_table").set_value("exchanges").run()
    assert len(at.tabs[0].get("dataframe")[0].value) == 1
    at.multiselect(key="data_filter_exchanges_kind").set_value(["technical"]).run()
    assert_ok(at)
    assert len(at.tabs[0].get("dataframe")[0].value) == 0


def test_editor_grid_follows_the_filters(ties):
    at = run_page("en", **editor_session())
    assert_ok(at)
    assert len(at.data_editor[0].value) == 3
    at.multiselect(key="data_filter_ties_status").set_value(["proposed", "suspended"]).run()
    assert_ok(at)
    assert len(at.data_editor[0].value) == 2
