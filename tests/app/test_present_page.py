"""The Present page under AppTest: the ready deck, saving, reordering and deleting views,
and the presentation mode, in both languages (store: a seeded SQLite file in tmp)."""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from graph.exports.saved_views import DEFAULT_VIEWS, list_views
from graph.i18n import t
from graph.store.changes import list_batches
from graph.store.engine import open_store
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok
from ui.state import EDITOR, EDITOR_SEEN

PAGE = "present"
RUN_TIMEOUT = 180


@pytest.fixture
def db_url(seeded_copy) -> str:
    """This test's own copy of the seeded store (tests/app/conftest.py)."""
    return seeded_copy


def new_page(lang: str, editor: str | None = None) -> AppTest:
    signed_in = {EDITOR: editor, EDITOR_SEEN: time.time()} if editor else {}
    return app_page.new_page(PAGE, lang, RUN_TIMEOUT, **signed_in)


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def slide_number(at: AppTest) -> str:
    html = " ".join(h.proto.body for h in at.get("html"))
    start = html.index('data-slide="') + len('data-slide="')
    return html[start : html.index('"', start)]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_an_anonymous_visitor_cannot_change_the_saved_views(db_url, lang):
    at = new_page(lang).run()
    assert_ok(at)
    assert any(i.value == t("present.sign_in", lang) for i in at.info)
    keys = {b.key for b in at.button}
    assert "present_defaults" not in keys and not any(k and "save" in k for k in keys)
    assert not [i for i in at.text_input if i.key == "present_save_name"]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_ready_deck_save_reorder_delete_and_present(db_url, editors, lang):
    at = new_page(lang, editors).run()
    assert_ok(at)
    assert at.title[0].value == t("present.title", lang)
    assert any(i.value == t("present.empty", lang) for i in at.info)

    button(at, "present_defaults").click().run()
    assert_ok(at)
    names = [d[0] for d in DEFAULT_VIEWS]
    assert [v.name for v in list_views(open_store(db_url))] == names
    assert any(names[0] in m.value for m in at.markdown)
    assert any("/map?" in c.value for c in at.code)

    # save a view from a copied map link
    at.text_input(key="present_save_name").input("cultural-europe")
    at.text_input(key="present_save_fa").input("پیوندهای فرهنگی در اروپا")
    at.text_input(key="present_save_link").input(
        "http://localhost:8501/map?kinds=cultural&region=europe&lang=en"
    )
    at.button(key="FormSubmitter:present_save-" + t("present.save.submit", lang)).click().run()
    assert_ok(at)
    saved = list_views(open_store(db_url))
    assert saved[-1].name == "cultural-europe"
    assert saved[-1].config == {"kinds": "cultural", "region": "europe"}

    # move the first view down, delete the new one
    button(at, "present_down_0").click().run()
    assert_ok(at)
    order = [v.name for v in list_views(open_store(db_url))]
    assert order[:2] == [names[1], names[0]]
    button(at, f"present_delete_{len(order) - 1}").click().run()
    assert_ok(at)
    assert "cultural-europe" not in [v.name for v in list_views(open_store(db_url))]

    # present: slide 1, next, next, previous
    button(at, "present_start").click().run()
    assert_ok(at)
    assert slide_number(at) == "1"
    assert at.get("plotly_chart"), "the first slide is a map"
    button(at, "present_next").click().run()
    assert slide_number(at) == "2"
    assert button(at, "present_prev").disabled is False
    button(at, "present_prev").click().run()
    assert slide_number(at) == "1"
    assert button(at, "present_prev").disabled is True
    body = " ".join(h.proto.body for h in at.get("html"))
    assert "keydown" in body and "PageDown" in body and "http" not in body.split("<script>")[1]
    assert t("present.slide_no", lang, n=1, total=len(names)) in body
    button(at, "present_theme_switch").click().run()
    assert_ok(at)
    assert "#111418" in " ".join(h.proto.body for h in at.get("html"))
    button(at, "present_stop").click().run()
    assert_ok(at)
    assert at.title[0].value == t("present.title", lang)


def test_save_refuses_a_duplicate_name(db_url, editors):
    at = new_page("en", editors).run()
    button(at, "present_defaults").click().run()
    at.text_input(key="present_save_name").input(DEFAULT_VIEWS[0][0])
    at.button(key="FormSubmitter:present_save-Save").click().run()
    assert_ok(at)
    assert any("already exists" in e.value for e in at.error)


def test_save_the_current_map_view(db_url, editors):
    from graph.analysis.map_filter import MapView

    at = new_page("fa", editors)
    at.session_state["map_view"] = MapView(kinds=("transit",), region="middle_east", lang="fa")
    at.run()
    at.text_input(key="present_save_name").input("transit-me")
    at.text_input(key="present_save_en").input("Transit in the Middle East")
    at.button(key="FormSubmitter:present_save-" + t("present.save.submit", "fa")).click().run()
    assert_ok(at)
    view = list_views(open_store(db_url))[-1]
    assert (view.name, view.page, view.caption_en) == (
        "transit-me",
        "map",
        "Transit in the Middle East",
    )
    assert MapView.from_query(view.config) == MapView(kinds=("transit",), region="middle_east")
    (batch, *_) = list_batches(open_store(db_url))
    assert (batch["action"], batch["who"]) == ("saved_view", editors)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_files_say_what_is_missing(db_url, editors, lang, monkeypatch):
    """Without Chromium (or playwright) the file and deck buttons say so in the page's
    language, and the HTML file is still offered; nothing is drawn."""
    import ui.present

    at = new_page(lang, editors).run()
    button(at, "present_defaults").click().run()
    monkeypatch.setattr(ui.present, "find_chromium", lambda: None)
    at.toggle(key="present_files_0").set_value(True).run()
    at.toggle(key="present_deck").set_value(True).run()
    assert_ok(at)
    missing = t("present.error", lang, error=t("present.needs_chromium", lang))
    errors = [e.value for e in at.error]
    assert errors.count(missing) == 3, errors  # PNG, PDF and the deck
    assert len(at.get("download_button")) == 1  # the HTML file

    monkeypatch.setattr(ui.present, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(ui.present, "find_spec", lambda name: None)
    network = next(i for i, v in enumerate(DEFAULT_VIEWS) if v[1] == "network")
    at.toggle(key="present_files_0").set_value(False)
    at.toggle(key="present_deck").set_value(False)
    at.toggle(key=f"present_files_{network}").set_value(True).run()
    assert_ok(at)
    missing = t("present.error", lang, error=t("present.needs_playwright", lang))
    assert [e.value for e in at.error].count(missing) == 2, [e.value for e in at.error]
