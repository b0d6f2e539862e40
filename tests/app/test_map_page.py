"""The Map page under Streamlit's AppTest, on a seeded store: both languages, filters that
change the figure, and a URL that restores a shared view.

As in test_overview_page.py, the page file runs on its own with ``DIPLOMACY_DB_URL``
pointing at a SQLite file in a temporary folder, seeded by the first run.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.city import city_card, partner_counts
from graph.analysis.map_filter import REGIONS, MapView
from graph.i18n import t
from graph.store.engine import open_store
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok
from ui.state import MAP_SVG
from ui.state import MAP_VIEW as VIEW

PAGE = "map"
TEHRAN_ID = "112931"  # GeoNames
FIRST_RUN_TIMEOUT = 180
RUN_TIMEOUT = 90


@pytest.fixture(autouse=True)
def _environment(seeded_url) -> None:
    """Every test reads the shared seeded store (tests/app/conftest.py)."""


def new_page(lang: str | None = None, svg: bool = True) -> AppTest:
    """The page; with ``svg`` the map is the plotly one (the toggle under the map), whose
    figure these tests read; the WebGL map's data is read by :func:`webgl_data`."""
    at = app_page.new_page(PAGE, lang, RUN_TIMEOUT)
    if svg:
        at.session_state[MAP_SVG] = True
    return at


def webgl_data(at: AppTest) -> dict:
    maps = [e for e in at.get("component_instance") if e.proto.component_name.endswith("city_map")]
    assert maps, "no WebGL map on the page"
    return json.loads(maps[0].proto.json_args)["data"]


def map_spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no plotly chart on the page"
    return json.loads(charts[0].proto.spec)


def drawn_arcs(spec: dict) -> int:
    """Number of tie midpoints (one per tie) in the figure: the hover trace's points."""
    names = {t("mapview.legend.ties", lang) for lang in ("fa", "en")}
    trace = next(d for d in spec["data"] if d.get("name") in names)
    lon = trace.get("lon", [])
    if isinstance(lon, dict):  # base64 typed array
        import base64

        return len(base64.b64decode(lon["bdata"])) // 8
    return len(lon)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_map_page_runs_in_each_language(lang) -> None:
    at = new_page(lang).run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    assert [title.value for title in at.title] == [t("mapview.page_title", lang)]
    spec = map_spec(at)
    assert spec["layout"]["geo"]["showland"] is False
    assert drawn_arcs(spec) > 100
    legend = {d.get("name") for d in spec["data"] if d.get("showlegend") is not False}
    assert t("legend.iranian_city", lang) in legend
    assert t("kind.technical", lang) in legend
    captions = " ".join(c.value for c in at.caption)
    assert t("overview.attribution", lang) in captions
    assert at.info and at.info[0].value == t("mapview.card.hint", lang)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_map_is_drawn_with_webgl_and_shows_the_same_ties(lang) -> None:
    at = new_page(lang, svg=False).run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    # no plotly geo map (the chart of exchanges by year is plotly)
    assert all("geo" not in json.loads(c.proto.spec)["layout"] for c in at.get("plotly_chart"))
    data = webgl_data(at)
    assert data["lang"] == lang and data["rtl"] == (lang == "fa")
    assert data["title"] == t("mapview.title", lang)
    ties = len(data["ties"]["a"])
    assert ties > 100
    assert t("legend.iranian_city", lang) == data["legend_cities"]["iranian"]
    # the vector map (the toggle) draws the same ties
    at.toggle(key=MAP_SVG).set_value(True).run()
    assert_ok(at)
    assert drawn_arcs(map_spec(at)) == ties
    assert not at.get("component_instance")


def test_a_filter_changes_the_figure() -> None:
    at = new_page("en").run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    before = drawn_arcs(map_spec(at))
    at.multiselect(key="map_w_relations").set_value(["cooperation"]).run()
    assert_ok(at)
    after = drawn_arcs(map_spec(at))
    assert 0 < after < before
    assert at.session_state[VIEW].relations == ("cooperation",)
    assert at.query_params["relations"] == "cooperation"

    at.checkbox(key="map_w_include_unverified").uncheck().run()
    assert_ok(at)
    assert drawn_arcs(map_spec(at)) <= after
    at.selectbox(key="map_w_region").set_value("europe").run()
    assert_ok(at)
    geo = map_spec(at)["layout"]["geo"]
    assert geo["lonaxis"]["range"] == list(REGIONS["europe"][0])


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_tehran_map_says_which_partners_it_hides(lang) -> None:
    """The card beside the map and the map's counts add up to the City card's partners."""
    at = new_page(lang)
    for key, value in (
        MapView(lang=lang, city=TEHRAN_ID, iran_cities=(TEHRAN_ID,)).to_query().items()
    ):
        at.query_params[key] = value
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    store = open_store(os.environ["DIPLOMACY_DB_URL"], seed=False)
    counts = partner_counts(city_card(store, "Tehran", scope="iran")["partners"])
    assert counts["hidden_on_map"] > 0
    captions = " ".join(c.value for c in at.caption)
    assert t("mapview.hidden", lang, n=counts["hidden_on_map"]) in captions
    assert t("mapview.card.hidden", lang, n=counts["hidden_on_map"]) in captions
    assert drawn_arcs(map_spec(at)) == counts["partners"] - counts["hidden_on_map"]


def test_the_url_restores_the_view() -> None:
    at = new_page()
    shared = MapView(
        lang="en",
        city=TEHRAN_ID,
        region="middle_east",
        kinds=("technical", "transit"),
        include_unverified=False,
        year_to=2020,
    )
    for key, value in shared.to_query().items():
        at.query_params[key] = value
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    view = at.session_state[VIEW]
    assert view == shared
    assert [title.value for title in at.title] == [t("mapview.page_title", "en")]
    assert t("mapview.card.title", "en", city="Tehran") in [s.value for s in at.subheader]
    geo = map_spec(at)["layout"]["geo"]
    assert geo["lonaxis"]["range"] == list(REGIONS["middle_east"][0])
    assert at.multiselect(key="map_w_kinds").value == ["technical", "transit"]
    # The URL still holds the whole view after the run.
    for key, value in shared.to_query().items():
        assert at.query_params[key] == value, key


def test_timeline_and_orthographic_view() -> None:
    at = new_page("fa")
    at.query_params["projection"] = "orthographic"
    at.query_params["city"] = TEHRAN_ID
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    geo = map_spec(at)["layout"]["geo"]
    assert geo["projection"]["type"] == "orthographic"
    assert geo["projection"]["rotation"]["lon"] == pytest.approx(51.42, abs=0.01)
    everything = drawn_arcs(map_spec(at))
    at.select_slider(key="map_w_year").set_value(2000).run()
    assert_ok(at)
    assert at.session_state[VIEW].year == 2000
    assert drawn_arcs(map_spec(at)) < everything
    assert at.query_params["year"] == "2000"


@pytest.mark.browser
def test_the_timeline_gif_is_offered_for_download(skip_or_fail) -> None:
    import shutil

    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        skip_or_fail("the timeline GIF needs Debian chromium (apt-get install chromium)")
    at = new_page("en")
    at.query_params["city"] = TEHRAN_ID
    at.query_params["iran_cities"] = TEHRAN_ID
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    at.toggle(key="map_make_gif").set_value(True).run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    assert not at.error, [e.value for e in at.error]
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [t("timeline.gif.download", "en")]


def test_sliders_write_persian_digits_and_the_year_range_filters() -> None:
    at = new_page("fa", svg=False).run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    years = at.select_slider(key="map_w_years")
    low, high = years.value
    assert years.options[0] == "".join("۰۱۲۳۴۵۶۷۸۹"[int(d)] for d in str(low))  # no «٬»
    weight = at.select_slider(key="map_w_min_weight")
    assert "۲٫۵" in weight.options and not any(c.isascii() for c in "".join(weight.options))
    # a range chosen on the slider narrows the view (it stays a pair, not one year)
    years.set_value((2000, high)).run(timeout=RUN_TIMEOUT)
    assert_ok(at)
    assert at.session_state[VIEW].year_from == 2000
    assert at.session_state[VIEW].year_to is None
    assert at.query_params["year_from"] == "2000"


def test_a_weight_from_a_link_between_two_steps_is_kept() -> None:
    at = new_page("en", svg=False)
    at.query_params["min_weight"] = "1.3"
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    assert at.select_slider(key="map_w_min_weight").value == pytest.approx(1.3)
    assert at.session_state[VIEW].min_weight == pytest.approx(1.3)
