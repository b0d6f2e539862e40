"""The Data page's Columns step under AppTest, in Persian and English, on the six-city
store: a Wikidata-style TSV whose partner column is not guessed is refused, the editor
maps it with a selectbox and gives the relation for every row, stores the file, and a
saved mapping applied to the next file of the same shape maps it at once."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from graph.i18n import t
from graph.io.mapping import mapping_json
from graph.store.changes import list_batches
from graph.store.engine import open_store
from graph.store.schema import pair_key, ties_table
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok, editor_session

PAGE = "data"
RUN_TIMEOUT = 60
HEADER = "origincityLabel\torigincountry\ttwin_x\tdestination_countryLabel\n"
FIRST = HEADER + '"Tehran"@en\t"Iran"@en\t"Kazan"@en\t"Russia"@en\nاصفهان\tایران\tParis\tFrance\n'
SECOND = HEADER + "Shiraz\tIran\tParis\tFrance\n"


def selectbox(at: AppTest, column: str):
    (found,) = [
        s
        for s in at.selectbox
        if s.key and s.key.startswith("data_import_column_") and s.key.endswith(f"_{column}")
    ]
    return found


def pairs(url: str) -> set[str]:
    with open_store(url, seed=False).engine.connect() as conn:
        return set(conn.execute(sa.select(ties_table.c.pair_key)).scalars())


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_editor_maps_a_column_gives_the_relation_and_stores_the_file(url, lang):
    at = app_page.run_page(PAGE, lang, RUN_TIMEOUT, **editor_session())
    at.file_uploader(key="data_upload").upload(
        "export.tsv", FIRST.encode(), "text/tab-separated-values"
    )
    at.run()
    assert_ok(at)
    assert at.error[0].value == t("data.import.rejected", lang, n=1)
    assert t("data.import.columns", lang) in [e.label for e in at.expander]
    assert selectbox(at, "city_a").value == "origincityLabel"  # guessed
    assert selectbox(at, "country_b").value == "destination_countryLabel"
    assert selectbox(at, "city_b").value == ""  # twin_x names nothing the importer knows
    assert "twin_x" in selectbox(at, "city_b").options

    selectbox(at, "city_b").set_value("twin_x")
    at.selectbox(key="data_import_fill_relation").set_value("sister")
    at.run()
    assert_ok(at)
    accepted = t("data.import.accepted", lang, rows=2, kind=t("data.table.ties", lang))
    assert accepted in [s.value for s in at.success]
    warned = " ".join(" ".join(map(str, w.value.to_numpy().ravel())) for w in at.dataframe)
    assert t("io.warn.filled", lang, value="sister") in warned  # the report says so
    at.button(key="data_import_confirm").click().run()
    assert_ok(at)
    assert {pair_key("tehran", "kazan"), pair_key("isfahan", "paris_fr")} <= pairs(url)
    (batch,) = list_batches(open_store(url, seed=False))
    assert (batch["who"], batch["rows"]) == ("maryam", 2)
    assert at.get("download_button"), "the mapping can be saved"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_saved_mapping_maps_the_next_file(url, lang):
    at = app_page.run_page(PAGE, lang, RUN_TIMEOUT, **editor_session())
    at.file_uploader(key="data_upload").upload(
        "next.tsv", SECOND.encode(), "text/tab-separated-values"
    )
    at.run()
    assert_ok(at)
    assert at.error, "city_b is not guessed"
    saved = mapping_json({"city_b": "twin_x"}, {"relation": "sister"})
    at.file_uploader(key="data_import_map_upload").upload("map.json", saved, "application/json")
    at.run()
    assert_ok(at)
    assert selectbox(at, "city_b").value == "twin_x"
    assert at.selectbox(key="data_import_fill_relation").value == "sister"
    accepted = t("data.import.accepted", lang, rows=1, kind=t("data.table.ties", lang))
    assert accepted in [s.value for s in at.success]
    at.file_uploader(key="data_import_map_upload").upload("bad.json", b"[1]", "application/json")
    at.run()
    assert t("data.import.map.bad", lang, reason="")[:12] in " ".join(e.value for e in at.error)
