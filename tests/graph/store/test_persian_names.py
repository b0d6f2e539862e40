"""Persian names in the store: their origin, the seed's upgrade rules, backups, edits."""

from __future__ import annotations

import copy
import json

import sqlalchemy as sa

from graph.io.edits import set_name_fa
from graph.model import NameOrigin
from graph.places.persian import alternate_names
from graph.store import seed as seed_module
from graph.store.backup import backup, restore
from graph.store.changes import undo_batch
from graph.store.engine import open_store
from graph.store.schema import SCHEMA_VERSION, cities_table, meta_table
from graph.store.seed import seed_store

MOSCOW, KAZAN, TEHRAN, ROME = "524901", "551487", "112931", "3169070"


def _city(store, city_id: str) -> dict:
    with store.engine.connect() as conn:
        query = sa.select(cities_table).where(cities_table.c.city_id == city_id)
        return dict(conn.execute(query).mappings().one())


def _set(store, city_id: str, **values) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            cities_table.update().where(cities_table.c.city_id == city_id).values(**values)
        )


def _reseed(store, monkeypatch) -> None:
    monkeypatch.setattr(seed_module, "SEED_FORMAT", seed_module.SEED_FORMAT + 1)
    assert seed_store(store.engine) is True


def test_seed_stores_checked_and_automatic_names_with_their_origin(db_url):
    store = open_store(db_url)
    moscow, tehran, rome = _city(store, MOSCOW), _city(store, TEHRAN), _city(store, ROME)
    assert (moscow["name_fa"], moscow["name_fa_origin"]) == ("مسکو", "checked")
    assert (tehran["name_fa"], tehran["name_fa_origin"]) == ("تهران", "checked")
    # an automatic name is one of GeoNames' own names of the place, never made up
    assert rome["name_fa_origin"] == "automatic"
    assert rome["name_fa"] in alternate_names([int(ROME)])[int(ROME)]
    cities = store.cities()
    unnamed = cities[cities["name_fa"].isna()]
    assert unnamed["name_fa_origin"].isna().all()
    assert set(cities["name_fa_origin"].dropna()) <= {o.value for o in NameOrigin}
    # the partners the checked file leaves empty on purpose get no automatic name either
    holguin = cities[(cities["name_en"] == "Holguín") & (cities["country"] == "CU")]
    assert holguin["name_fa"].isna().all()


def test_upgrade_keeps_an_editors_name_and_never_puts_automatic_over_checked(db_url, monkeypatch):
    store = open_store(db_url)
    _set(store, ROME, name_fa="رُم", name_fa_origin="editor")
    _set(store, KAZAN, name_fa="کازان", name_fa_origin="editor")
    _set(store, "2643743", name_fa="لوندون", name_fa_origin="automatic")  # London: checked
    _reseed(store, monkeypatch)
    assert (_city(store, ROME)["name_fa"], _city(store, ROME)["name_fa_origin"]) == ("رُم", "editor")
    assert _city(store, KAZAN)["name_fa"] == "کازان"
    assert (_city(store, "2643743")["name_fa"], _city(store, "2643743")["name_fa_origin"]) == (
        "لندن",
        "checked",
    )
    # a checked name stays when the seed would only have an automatic one for the city
    _set(store, ROME, name_fa="روم", name_fa_origin="checked")
    _reseed(store, monkeypatch)
    assert (_city(store, ROME)["name_fa"], _city(store, ROME)["name_fa_origin"]) == (
        "روم",
        "checked",
    )


def test_a_schema_4_store_gets_the_origins_of_its_names(db_url):
    store = open_store(db_url)
    with store.engine.begin() as conn:
        conn.execute(cities_table.update().values(name_fa_origin=None))
        conn.execute(
            cities_table.update().where(cities_table.c.city_id == ROME).values(origin="user")
        )
        conn.execute(
            meta_table.update().where(meta_table.c.key == "schema_version").values(value="4")
        )
    store.engine.dispose()
    upgraded = open_store(db_url, seed=False)
    assert upgraded.meta("schema_version") == str(SCHEMA_VERSION)
    assert _city(upgraded, TEHRAN)["name_fa_origin"] == "checked"
    assert _city(upgraded, ROME)["name_fa_origin"] == "editor"  # a user row's name


def test_backups_carry_the_origin_and_older_ones_restore(db_url, tmp_path):
    store = open_store(db_url)
    _set(store, ROME, name_fa="رُم", name_fa_origin="editor")
    path = tmp_path / "now.json"
    backup(store, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    rows = {r["city_id"]: r for r in document["tables"]["cities"]}
    assert rows[ROME]["name_fa_origin"] == "editor"
    assert rows[MOSCOW]["name_fa_origin"] == "checked"
    _set(store, ROME, name_fa=None, name_fa_origin=None)
    restore(store, path, who="admin")
    assert _city(store, ROME)["name_fa_origin"] == "editor"

    old = copy.deepcopy(document)
    old["schema_version"] = 4
    for row in old["tables"]["meta"]:
        if row["key"] == "schema_version":
            row["value"] = "4"
    for row in old["tables"]["cities"]:
        row.pop("name_fa_origin")
    old_path = tmp_path / "schema4.json"
    old_path.write_text(json.dumps(old), encoding="utf-8")
    restore(store, old_path, who="admin")
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert _city(store, MOSCOW)["name_fa_origin"] == "checked"
    assert _city(store, ROME)["name_fa"] == "رُم"


def test_an_editor_confirms_and_corrects_a_name_audited_and_undoable(db_url):
    store = open_store(db_url)
    rome = _city(store, ROME)
    assert rome["name_fa_origin"] == "automatic"
    confirmed = set_name_fa(store, rome, rome["name_fa"], who="maryam")
    assert _city(store, ROME)["name_fa_origin"] == "editor"
    assert set_name_fa(store, _city(store, ROME), rome["name_fa"], who="maryam") is None
    corrected = set_name_fa(store, _city(store, ROME), "رُم", who="maryam")
    assert (_city(store, ROME)["name_fa"], _city(store, ROME)["name_fa_origin"]) == ("رُم", "editor")
    with store.engine.connect() as conn:
        text = conn.execute(
            sa.text("SELECT description FROM batches WHERE batch_id = :b"), {"b": corrected}
        ).scalar_one()
    assert json.loads(text) == {"key": "name_fa", "params": {"city": ROME, "name": "رُم"}}
    undo_batch(store, corrected, who="maryam")
    undo_batch(store, confirmed, who="maryam")
    back = _city(store, ROME)
    assert (back["name_fa"], back["name_fa_origin"]) == (rome["name_fa"], "automatic")
