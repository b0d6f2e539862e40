"""The City card's Persian names: Persian partners and countries, and an editor's confirm
or correction in place (audited, undoable)."""

from __future__ import annotations

import sqlalchemy as sa

from graph.i18n import t
from graph.store.changes import undo_batch
from graph.store.engine import open_store
from graph.store.schema import batches_table, cities_table
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok, editor_session
from ui.state import NAME_CITY, NAME_FA, NAME_SAVE

MOSCOW = "524901"


def _run(lang: str, **state):
    at = app_page.run_page("city", lang, 120, 240, **state)
    assert_ok(at)
    return at


def test_persian_card_names_partners_and_countries_in_persian(seeded_url):
    at = _run("fa")
    partners = at.dataframe[0].value
    names = set(partners[t("city.col.partner", "fa")])
    assert {"مسکو", "قازان", "دوشنبه", "پکن"} <= names
    countries = set(partners[t("city.col.country", "fa")])
    assert "روسیه" in countries and "RU" not in countries
    assert t("names.editor.title", "fa") not in [e.label for e in at.expander]  # not signed in


def test_an_editor_corrects_a_partners_name_on_the_card(seeded_copy, editors):
    at = _run("fa", **editor_session())
    assert t("names.editor.title", "fa") in [e.label for e in at.expander]
    at.selectbox(key=NAME_CITY).set_value(MOSCOW).run()
    assert_ok(at)
    at.text_input(key=NAME_FA.format(city_id=MOSCOW)).set_value("موسکو").run()
    at.button(key=NAME_SAVE).click().run()
    assert_ok(at)
    store = open_store(seeded_copy)
    with store.engine.connect() as conn:
        row = (
            conn.execute(sa.select(cities_table).where(cities_table.c.city_id == MOSCOW))
            .mappings()
            .one()
        )
        batch = conn.execute(sa.select(sa.func.max(batches_table.c.batch_id))).scalar_one()
    assert (row["name_fa"], row["name_fa_origin"]) == ("موسکو", "editor")
    assert any("موسکو" in str(s.value) for s in at.success)
    undo_batch(store, batch, who=editors)
    with store.engine.connect() as conn:
        back = conn.execute(
            sa.select(cities_table.c.name_fa, cities_table.c.name_fa_origin).where(
                cities_table.c.city_id == MOSCOW
            )
        ).one()
    assert tuple(back) == ("مسکو", "checked")
