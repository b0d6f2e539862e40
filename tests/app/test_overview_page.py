"""The Overview page under Streamlit's AppTest, in Persian and English, on a seeded store.

The page file is loaded on its own with its session state seeded, as ``app.py`` would
leave it (AppTest is documented to run one page file); ``app.py`` is run once as well.
Every test points ``DIPLOMACY_DB_URL`` at one SQLite file in a temporary folder, created
and seeded by the first page run.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import t
from tests.app import conftest as app_page
from tests.app.conftest import REPO, assert_ok, new_page
from ui.state import IRAN_CITIES, LANG, SCOPE, WIDGET_IRAN_CITIES, WIDGET_LANG

PAGE = "overview"
APP = REPO / "app.py"
TEHRAN_ID = "112931"  # GeoNames
# Seeding the whole store (about 25,000 ties) happens on the first run.
FIRST_RUN_TIMEOUT = 180
RUN_TIMEOUT = 60

EXPECTED = {
    "fa": {"iranian_cities": "۲۹", "foreign_partners": "۱۲۱", "tehran_partners": "۳۶"},
    "en": {"iranian_cities": "29", "foreign_partners": "121", "tehran_partners": "36"},
}
METRIC_KEYS = {
    "iranian_cities": "metric.iranian_cities",
    "foreign_partners": "metric.foreign_partners",
    "tehran_partners": "metric.tehran_partners",
}
LATIN_DIGIT = re.compile(r"[0-9]")


@pytest.fixture(autouse=True)
def _environment(seeded_url) -> None:
    """Every test reads the shared seeded store (tests/app/conftest.py)."""


def run_page(lang: str | None = None, **state) -> AppTest:
    return app_page.run_page(PAGE, lang, RUN_TIMEOUT, FIRST_RUN_TIMEOUT, **state)


def metric_value(at: AppTest, label_key: str, lang: str) -> str:
    label = t(label_key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric labelled {label!r}; have {[m.label for m in at.metric]}"
    return values[0]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_overview_runs_in_each_language(lang) -> None:
    at = run_page(lang)
    assert_ok(at)
    assert [title.value for title in at.title] == [t("overview.title", lang)]
    for name, key in METRIC_KEYS.items():
        assert metric_value(at, key, lang) == EXPECTED[lang][name], name
    assert len(at.metric) == 4
    assert len(at.get("plotly_chart")) == 4, "map and three charts"
    captions = " ".join(c.value for c in at.caption)
    assert t("overview.attribution", lang) in captions


def test_persian_numbers_use_persian_digits() -> None:
    at = run_page("fa")
    assert_ok(at)
    for metric in at.metric:
        assert not LATIN_DIGIT.search(metric.value), metric.value
        assert not LATIN_DIGIT.search(metric.delta or ""), metric.delta
    assert "۱۰۰" in metric_value_delta(at, "metric.foreign_partners", "fa")
    assert "۲۷" in metric_value_delta(at, "metric.tehran_partners", "fa")


def metric_value_delta(at: AppTest, label_key: str, lang: str) -> str:
    label = t(label_key, lang)
    return next(m.delta for m in at.metric if m.label == label)


def test_article_figures_are_shown_beside_ours() -> None:
    at = run_page("en")
    assert_ok(at)
    assert "100" in metric_value_delta(at, "metric.foreign_partners", "en")
    assert "27" in metric_value_delta(at, "metric.tehran_partners", "en")


def test_default_language_is_persian() -> None:
    at = run_page()
    assert_ok(at)
    assert at.session_state[LANG] == "fa"
    assert at.title[0].value == t("overview.title", "fa")
    assert at.query_params["lang"] == "fa"


def test_language_comes_from_the_url() -> None:
    at = new_page(PAGE, timeout=RUN_TIMEOUT)
    at.query_params["lang"] = "en"
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    assert at.session_state[LANG] == "en"
    assert at.title[0].value == t("overview.title", "en")


def test_unknown_language_in_the_url_falls_back_to_persian() -> None:
    at = new_page(PAGE, timeout=RUN_TIMEOUT)
    at.query_params["lang"] = "de"
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    assert at.title[0].value == t("overview.title", "fa")
    assert at.query_params["lang"] == "fa"


def test_switching_language_changes_the_labels() -> None:
    at = run_page("fa")
    assert_ok(at)
    fa_labels = [m.label for m in at.metric]
    at.sidebar.radio(key=WIDGET_LANG).set_value("en").run()
    assert_ok(at)
    assert at.session_state[LANG] == "en"
    assert at.query_params["lang"] == "en", "the choice is kept in the URL"
    assert at.title[0].value == t("overview.title", "en")
    en_labels = [m.label for m in at.metric]
    assert en_labels == [t(k, "en") for k in (*METRIC_KEYS.values(), "metric.unverified")]
    assert not set(fa_labels) & set(en_labels)
    assert at.sidebar.radio(key=WIDGET_LANG).label == t("sidebar.language", "en")
    assert metric_value(at, "metric.foreign_partners", "en") == "121"


def test_city_filter_focuses_the_map() -> None:
    at = run_page("en")
    assert_ok(at)
    cities = at.sidebar.multiselect(key=WIDGET_IRAN_CITIES)
    assert TEHRAN_ID in cities.options or "Tehran" in cities.options
    cities.set_value([TEHRAN_ID]).run()
    assert_ok(at)
    assert at.session_state[IRAN_CITIES] == [TEHRAN_ID]
    note = t("overview.focus_note", "en", cities="Tehran")
    assert note in [c.value for c in at.caption]
    # The headline numbers do not depend on the map's focus.
    assert metric_value(at, "metric.tehran_partners", "en") == "36"


def test_city_filter_shows_persian_names_in_persian() -> None:
    at = run_page("fa", **{IRAN_CITIES: [TEHRAN_ID]})
    assert_ok(at)
    note = t("overview.focus_note", "fa", cities="تهران")
    assert note in [c.value for c in at.caption]


def test_world_scope_says_the_overview_stays_on_iran() -> None:
    at = run_page("en", **{SCOPE: "world"})
    assert_ok(at)
    assert t("overview.world_note", "en") in [i.value for i in at.info]
    assert metric_value(at, "metric.iranian_cities", "en") == "29"


def test_unreachable_store_is_explained(monkeypatch) -> None:
    monkeypatch.setenv("DIPLOMACY_DB_URL", "nosuchdriver://nowhere/db")
    at = run_page("en")
    assert_ok(at)
    assert at.error, "the page says the data could not be opened"
    assert at.error[0].value.startswith(t("error.store", "en", error="")[:20])
    assert at.sidebar.radio(key=WIDGET_LANG), "the language can still be changed"
    assert not at.metric


def test_app_entrypoint_runs() -> None:
    at = new_page(APP, timeout=RUN_TIMEOUT)
    at.query_params["lang"] = "en"
    at.run(timeout=FIRST_RUN_TIMEOUT)
    assert_ok(at)
    assert at.session_state[LANG] == "en"
    # AppTest in Streamlit 1.67 runs st.navigation's default page: the Overview.
    assert [title.value for title in at.title] == [t("overview.title", "en")]
    assert metric_value(at, "metric.iranian_cities", "en") == "29"


@pytest.mark.parametrize(("lang", "side"), [("fa", "rtl"), ("en", "ltr")])
def test_direction_css_sets_side_and_local_font(lang, side) -> None:
    from ui.style import direction_css, text_align

    css = direction_css(lang)
    assert f"direction: {side};" in css
    assert css.count("@font-face") == 2
    assert "app/static/fonts/Vazirmatn-Regular.woff2" in css
    assert "app/static/fonts/Vazirmatn-Bold.woff2" in css
    assert "http" not in css, "fonts come from the app itself"
    assert text_align(lang) == ("right" if side == "rtl" else "left")
