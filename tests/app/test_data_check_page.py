"""The Data page's Check tab under AppTest, in Persian and English: the counts of the data
check, and the misplaced cities by name with their countries in the page's language; and
the Export tab's GeoPackage and GEXF."""

from __future__ import annotations

import io

import networkx as nx
import pyogrio
import pytest

from graph.i18n import digits, t
from graph.places.countries import country_name
from graph.store.engine import open_store
from graph.store.schema import cities_table
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok
from tests.builders import SMALL_CITIES, insert, make_city

PAGE = "data"
RUN_TIMEOUT = 60
EXPORT_TAB = 3
CHECK_TAB = 5


def _misplace(url: str) -> None:
    """Add a city stored in Germany at Lyon's coordinates, and one with lat/lon swapped."""
    store = open_store(url, seed=False)
    insert(
        store,
        cities_table,
        [
            make_city(
                city_id="lyon_de", name_en="Lyon", name_fa="لیون", country="DE", lat=45.76, lon=4.84
            ),
            make_city(
                city_id="yazd", name_en="Yazd", name_fa="یزد", country="IR", lat=54.36, lon=31.9
            ),
        ],
    )
    store.engine.dispose()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_check_tab_names_the_misplaced_cities(url, lang):
    _misplace(url)
    at = app_page.run_page(PAGE, lang, RUN_TIMEOUT)
    assert_ok(at)
    tab = at.tabs[CHECK_TAB]
    assert tab.label == t("data.tab.check", lang)
    summary = " ".join(m.value for m in tab.markdown)
    total = len(SMALL_CITIES) + 2
    assert digits(total, lang) in summary
    table = tab.get("dataframe")[0].value
    city, country, status, found = (
        t(f"check.col.{c}", lang) for c in ("city", "country", "status", "found")
    )
    rows = {r[city]: r for r in table.to_dict("records")}
    lyon = rows["لیون" if lang == "fa" else "Lyon"]
    assert lyon[country] == country_name("DE", lang)
    assert lyon[found] == country_name("FR", lang)
    assert lyon[status] == t("check.status.other_country", lang)
    yazd = rows["یزد" if lang == "fa" else "Yazd"]
    assert yazd[status] == t("check.status.swapped", lang)


def test_check_tab_on_a_well_placed_store_says_so(url):
    at = app_page.run_page(PAGE, "en", RUN_TIMEOUT)
    assert_ok(at)
    tab = at.tabs[CHECK_TAB]
    assert t("check.none", "en") in [s.value for s in tab.success]
    assert not tab.get("dataframe"), "no finding, no table"


@pytest.mark.parametrize(("lang", "fmt"), [("fa", "gpkg"), ("en", "gexf")])
def test_export_tab_prepares_geopackage_and_gexf(url, lang, fmt):
    at = app_page.run_page(PAGE, lang, RUN_TIMEOUT)
    at.radio(key="data_export_format").set_value(fmt).run()
    assert_ok(at)
    captions = [c.value for c in at.tabs[EXPORT_TAB].caption]
    assert t(f"data.export.about.{fmt}", lang) in captions
    at.button(key="data_export_prepare").click().run()
    assert_ok(at)
    content = at.session_state["data_export"][1]
    if fmt == "gpkg":
        assert content.startswith(b"SQLite format 3\x00")
        layers = [name for name, _ in pyogrio.list_layers(io.BytesIO(content))]
        assert layers == ["cities", "ties", "countries"]
    else:
        network = nx.read_gexf(io.BytesIO(content), version="1.3")
        assert network.nodes["tehran"]["label"] == "Tehran"
        assert "viz" in network.nodes["tehran"]
