"""The Data page's Add tab under AppTest: the city box searches the offline gazetteer,
shows the places with their Persian name candidates, refuses a city already stored and
adds a new one (recorded in the change log, undoable), in Persian and English.

The store is test_io's small hand-made one (Kazan, RU is stored, without GeoNames id);
the editor is configured through ``DIPLOMACY_EDITORS`` as in production.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import digits, t
from graph.places.countries import COUNTRIES
from graph.store.changes import list_batches, undo_batch
from graph.store.engine import open_store
from tests.app.test_data_page import url as url  # noqa: F401  (the fixture)
from ui.state import EDITOR, EDITOR_SEEN, LANG

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "pages" / "data.py"
RUN_TIMEOUT = 90
KAZAN_TR = 743615


def run_page(lang: str, editor: bool = True) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=RUN_TIMEOUT)
    at.session_state[LANG] = lang
    if editor:
        at.session_state[EDITOR] = "maryam"
        at.session_state[EDITOR_SEEN] = time.time()
    return at.run()


def assert_ok(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def search(at: AppTest, query: str, country: str = "") -> AppTest:
    at.selectbox(key="gaz_country").set_value(country)
    at.text_input(key="gaz_query").input(query).run()
    assert_ok(at)
    return at


def results(at: AppTest, lang: str):
    tables = [d.value for d in at.dataframe if t("gaz.col.names_fa", lang) in d.value.columns]
    assert len(tables) == 1, "one results table"
    return tables[0]


def test_viewer_gets_no_city_box(url):
    at = run_page("en", editor=False)
    assert_ok(at)
    assert "gaz_query" not in {w.key for w in at.text_input}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_search_shows_places_persian_candidates_and_refuses_a_stored_city(url, lang):
    at = run_page(lang)
    assert_ok(at)
    assert t("gaz.title", lang) in [h.value for h in at.subheader]
    search(at, "قازان")
    table = results(at, lang)
    first = table.iloc[0]
    assert first[t("gaz.col.name", lang)] == "Kazan"
    assert first[t("gaz.col.country", lang)] == COUNTRIES["RU"][1 if lang == "fa" else 0]
    assert first[t("gaz.col.names_fa", lang)].startswith("قازان")
    population = first[t("gaz.col.population", lang)]
    assert population == digits(1_243_500, lang)
    assert ("۱" in population) == (lang == "fa"), "Persian digits in Persian only"
    coords = first[t("gaz.col.coordinates", lang)]
    lat, lon = coords.find(digits(55.789, lang, 3)), coords.find(digits(49.122, lang, 3))
    assert 0 <= lat < lon and t("gaz.north", lang) in coords and t("gaz.east", lang) in coords
    assert "-" not in coords, "hemispheres, not a minus sign bidi could move"
    # Kazan, RU is stored (by name): adding it again is refused, saying which city
    at.text_input(key="gaz_name_fa_551487").input("قازان").run()
    at.button(key="gaz_add").click().run()
    assert_ok(at)
    assert at.error, "refused"
    assert "kazan" in at.error[0].value
    assert COUNTRIES["RU"][1 if lang == "fa" else 0] in at.error[0].value
    store = open_store(url, seed=False)
    assert not [b for b in list_batches(store) if b["action"] == "add_city"]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_editor_adds_a_city_with_the_persian_name_they_confirm(url, lang):
    at = run_page(lang)
    search(at, "Kazan", country="TR")
    table = results(at, lang)
    assert set(table[t("gaz.col.country", lang)]) == {COUNTRIES["TR"][1 if lang == "fa" else 0]}
    field = at.text_input(key=f"gaz_name_fa_{KAZAN_TR}")
    assert field.value, "pre-filled with the best candidate"
    field.input("کازان").run()
    at.button(key="gaz_add").click().run()
    assert_ok(at)
    store = open_store(url, seed=False)
    (batch,) = [b for b in list_batches(store) if b["action"] == "add_city"]
    assert batch["who"] == "maryam"
    city = store.cities().set_index("city_id").loc[str(KAZAN_TR)]
    assert (city["name_en"], city["name_fa"], city["country"], city["origin"]) == (
        "Kazan",
        "کازان",
        "TR",
        "user",
    )
    name = "کازان" if lang == "fa" else "Kazan"
    added = t("gaz.added", lang, name=name, batch=digits(batch["batch_id"], lang))
    assert added in [s.value for s in at.success]
    stored = results(at, lang)
    assert stored.iloc[0][t("gaz.col.stored", lang)] == t("gaz.stored_yes", lang)
    assert "gaz_add" not in {b.key for b in at.button}, "no second Add for the same city"
    at.run()  # the next run: the place is marked stored, the message has been shown
    assert t("gaz.already", lang) in [i.value for i in at.info]
    undo_batch(store, batch["batch_id"], "maryam")
    assert str(KAZAN_TR) not in set(store.cities()["city_id"])


def test_no_result_says_so(url):
    at = run_page("en")
    search(at, "Qwxzrtyville")
    assert t("gaz.no_results", "en") in [i.value for i in at.info]


def test_a_hostile_persian_name_is_stored_as_typed_and_shown_literally(url):
    at = run_page("fa")
    search(at, "Kazan", country="TR")
    hostile = "[کازان](javascript:alert(1)) **x**"
    at.text_input(key=f"gaz_name_fa_{KAZAN_TR}").input(hostile).run()
    at.button(key="gaz_add").click().run()
    assert_ok(at)
    store = open_store(url, seed=False)
    assert store.cities().set_index("city_id").loc[str(KAZAN_TR), "name_fa"] == hostile
    (message,) = [s.value for s in at.success if "javascript" in s.value]
    assert "\\[کازان\\]" in message and "\\*\\*x\\*\\*" in message, "Markdown escaped"
