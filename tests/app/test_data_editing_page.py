"""The Data page's in-place grid and add-exchange form under AppTest, in fa and en.

A keyed st.data_editor is driven the way AppTest supports: its edit state
(``edited_rows`` by position in the shown grid, ``added_rows``, ``deleted_rows``) is
assigned in session_state before a run. The store is the six-city hand-made one of
tests/unit/test_io.py, with a second exchange so that the search filter matters.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import digits, gregorian_and_jalali, t
from graph.store.changes import list_batches
from graph.store.engine import exchanges_table, open_store, pair_key
from tests.app.test_data_page import PAGE, RUN_TIMEOUT, assert_ok
from tests.app.test_data_page import url as url  # noqa: F401  (the fixture)
from ui.state import EDITOR, EDITOR_SEEN, LANG


def signed_in(lang: str) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=RUN_TIMEOUT)
    at.session_state[LANG] = lang
    at.session_state[EDITOR] = "maryam"
    at.session_state[EDITOR_SEEN] = time.time()
    return at.run()


def edit_grid(at: AppTest, edited_rows: dict) -> AppTest:
    """Type into the grid: ``edited_rows`` maps a shown row's position to new cells."""
    (grid,) = at.data_editor
    at.session_state[grid.key] = {"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def save(at: AppTest, what: str = "ties") -> AppTest:
    return at.button(key=f"grid_save_{what}").click().run()


def add_kazan_exchange(db: str) -> None:
    store = open_store(db, seed=False)
    with store.engine.begin() as conn:
        conn.execute(
            exchanges_table.insert().values(
                pair_key=pair_key("isfahan", "kazan"),
                city_a="isfahan",
                city_b="kazan",
                date="2019",
                year=2019,
                kind="technical",
                intensity=1,
                title="Metro talks",
                source="",
                evidence="news",
                note="",
                origin="seed_iran",
            )
        )
    store.engine.dispose()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_viewer_gets_a_read_only_table(url, lang):  # noqa: F811
    at = AppTest.from_file(str(PAGE), default_timeout=RUN_TIMEOUT)
    at.session_state[LANG] = lang
    at.run()
    assert_ok(at)
    assert not at.data_editor, "no grid to edit without signing in"
    assert at.dataframe
    assert "grid_save_ties" not in {b.key for b in at.button}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_editor_edits_two_cells_saves_one_batch_and_undo_restores(url, lang):  # noqa: F811
    store = open_store(url, seed=False)
    before = store.content_hash()
    at = signed_in(lang)
    assert_ok(at)
    (grid,) = at.data_editor
    assert grid.editing_mode == "fixed", "no adding or deleting rows"
    assert "note" in grid.value.columns and "tie_id" not in grid.value.columns
    edit_grid(at, {0: {"note": "reviewed by the council", "status": "suspended"}})
    assert_ok(at)
    assert t("grid.pending", lang, n=1) in [c.value for c in at.caption]
    assert store.content_hash() == before, "nothing is written before Save"
    save(at)
    assert_ok(at)
    (batch,) = list_batches(store)
    assert (batch["who"], batch["action"], batch["rows"]) == ("maryam", "edit", 1)
    saved = t("grid.saved", lang, n=1, batch=digits(str(batch["batch_id"]), lang))
    assert saved in [s.value for s in at.success]
    tie = store.ties().iloc[0]
    assert (tie["note"], tie["status"], tie["version"], tie["origin"]) == (
        "reviewed by the council",
        "suspended",
        2,
        "user",
    )
    (grid,) = at.data_editor
    assert grid.value["note"].iloc[0] == "reviewed by the council", "the grid shows the save"
    assert t("grid.pending", lang, n=1) not in [c.value for c in at.caption]
    at.button(key="data_undo").click().run()
    assert_ok(at)
    restored = store.ties().iloc[0]
    assert (restored["note"], restored["status"], restored["origin"]) == ("", "signed", "seed_iran")


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_invalid_values_show_located_issues_and_keep_the_edits(url, lang):  # noqa: F811
    store = open_store(url, seed=False)
    before = store.content_hash()
    at = signed_in(lang)
    at.radio(key="data_table").set_value("exchanges").run()
    edit_grid(at, {0: {"date": "1402/13/10", "intensity": 7, "title": "Iran week, again"}})
    save(at, "exchanges")
    assert_ok(at)
    assert at.error[0].value == t("grid.rejected", lang, n=2)
    issues = at.dataframe[-1].value
    assert list(issues.columns) == [
        t(f"data.col.{c}", lang) for c in ("row", "column", "value", "problem", "fix")
    ]
    assert set(issues[t("data.col.column", lang)]) == {
        t("data.field.date", lang),
        t("data.field.intensity", lang),
    }
    assert set(issues[t("data.col.row", lang)]) == {
        "Tehran – Paris" if lang == "en" else "تهران – پاریس"
    }
    assert "1402/13/10" in set(issues[t("data.col.value", lang)])
    assert store.content_hash() == before and list_batches(store) == []
    assert t("grid.pending", lang, n=1) in [c.value for c in at.caption], "edits are kept"
    (grid,) = at.data_editor
    edit_grid(at, {0: {"date": "۱۴۰۳/۰۵/۱۲", "intensity": 3, "title": "Iran week, again"}})
    save(at, "exchanges")
    assert_ok(at)
    edited = store.exchanges().iloc[0]
    assert (edited["date"], edited["intensity"], edited["title"]) == (
        "2024-08-02",
        3,
        "Iran week, again",
    )


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_two_editors_edit_the_same_tie_second_sees_both_versions(url, lang):  # noqa: F811
    first, second = signed_in(lang), signed_in(lang)
    edit_grid(first, {0: {"note": "first editor's note"}})
    edit_grid(second, {0: {"note": "second editor's note"}})
    save(first)
    assert_ok(first)
    save(second)
    assert_ok(second)
    name = "Tehran – Paris" if lang == "en" else "تهران – پاریس"
    assert t("grid.conflict", lang, row=name) in [e.value for e in second.error]
    note = t("data.field.note", lang)
    (both,) = [d.value for d in second.dataframe if note in d.value.columns]
    assert list(both[note]) == ["first editor's note", "second editor's note"]
    store = open_store(url, seed=False)
    tie = store.ties().iloc[0]
    assert (tie["note"], tie["version"]) == ("first editor's note", 2)
    assert [b["who"] for b in list_batches(store)] == ["maryam"]
    second.button(key="grid_discard_ties").click().run()
    assert_ok(second)
    assert second.data_editor[0].value["note"].iloc[0] == "first editor's note"


def test_search_maps_edited_rows_back_by_id(url):  # noqa: F811
    add_kazan_exchange(url)
    at = signed_in("en")
    at.radio(key="data_table").set_value("exchanges").run()
    at.text_input(key="data_search").input("kazan").run()
    (grid,) = at.data_editor
    assert list(grid.value["title"]) == ["Metro talks"]
    edit_grid(at, {0: {"note": "edited while filtered"}})
    at.text_input(key="data_search").input("").run()  # the edit survives the filter change
    assert_ok(at)
    assert t("grid.pending", "en", n=1) in [c.value for c in at.caption]
    save(at, "exchanges")
    assert_ok(at)
    exchanges = open_store(url, seed=False).exchanges().set_index("title")
    assert exchanges.loc["Metro talks", "note"] == "edited while filtered"
    assert exchanges.loc["Iran week", "note"] == ""


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_add_exchange_form_with_a_jalali_date(url, lang):  # noqa: F811
    store = open_store(url, seed=False)
    at = signed_in(lang)
    at.selectbox(key="addx_city_a").set_value("isfahan")
    at.selectbox(key="addx_city_b").set_value("kazan")
    at.text_input(key="addx_date").input("۱۴۰۳/۰۵/۱۲")
    at.selectbox(key="addx_kind").set_value("cultural")
    at.radio(key="addx_intensity").set_value(2)
    at.text_input(key="addx_title").input("Week of culture")
    at.text_input(key="addx_source").input("https://example.org/news")
    submit = [b for b in at.button if b.label == t("addx.submit", lang)]
    submit[0].click().run()
    assert_ok(at)
    (batch,) = list_batches(store)
    assert (batch["action"], batch["rows"]) == ("add_exchange", 1)
    assert t("addx.saved", lang, batch=digits(str(batch["batch_id"]), lang)) in [
        s.value for s in at.success
    ]
    shown = t("addx.date_read", lang, date=gregorian_and_jalali("2024-08-02", lang))
    assert shown in [c.value for c in at.caption]
    added = store.exchanges().iloc[-1]
    assert (added["city_a"], added["city_b"], added["date"], added["intensity"]) == (
        "isfahan",
        "kazan",
        "2024-08-02",
        2,
    )


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_add_exchange_form_refuses_bad_input_and_saves_nothing(url, lang):  # noqa: F811
    store = open_store(url, seed=False)
    before = store.content_hash()
    at = signed_in(lang)
    at.selectbox(key="addx_city_a").set_value("tehran")
    at.selectbox(key="addx_city_b").set_value("tehran")
    at.text_input(key="addx_date").input("1403/13/01")
    at.text_input(key="addx_source").input("javascript:alert(1)")
    [b for b in at.button if b.label == t("addx.submit", lang)][0].click().run()
    assert_ok(at)
    assert at.error[0].value == t("addx.rejected", lang, n=4)
    issues = at.dataframe[-1].value
    assert set(issues[t("data.col.column", lang)]) == {
        t("addx.city_b", lang),
        t("data.field.date", lang),
        t("data.field.title", lang),
        t("data.field.source", lang),
    }
    assert store.content_hash() == before and list_batches(store) == []
    assert at.text_input(key="addx_date").value == "1403/13/01", "the form keeps what was typed"
