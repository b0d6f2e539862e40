"""The store on SQLite and on a real PostgreSQL server: schema, seed, upgrade, user rows."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from graph.store import seed as seed_module
from graph.store.engine import StoreError, open_store, reset_store
from graph.store.schema import SCHEMA_VERSION, cities_table, exchanges_table, meta_table, ties_table
from graph.store.seed import load_seed, seed_store, seed_version
from tests.builders import insert, make_city, make_exchange, make_tie

SEED_COUNTS = {"cities": 17151, "ties": 24814, "exchanges": 206, "air_links": 12673}


def test_open_creates_migrates_and_seeds(db_url):
    store = open_store(db_url)
    assert store.counts() == SEED_COUNTS
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert store.meta("seed_version") == seed_version()
    assert len(store.ties("iran")) == 163
    tehran = store.cities().set_index("city_id").loc["112931"]
    assert (tehran["name_en"], tehran["name_fa"], tehran["country"]) == ("Tehran", "تهران", "IR")


def test_second_seed_changes_nothing(db_url):
    store = open_store(db_url)
    before = store.content_hash()
    assert seed_store(store.engine) is False
    assert open_store(db_url).content_hash() == before


def _add_user_rows(store) -> None:
    with store.engine.begin() as conn:
        insert(conn, cities_table, [make_city(
            city_id="user-herat", name_en="Herat (user)", name_fa="هرات", country="AF",
            lat=34.35, lon=62.2, origin="user",
        )])
        insert(conn, ties_table, [make_tie(
            city_a="112931", city_b="user-herat", relation="cooperation", status="proposed",
            since=2026, evidence="user", sources=json.dumps(["council minutes"]),
            origin="user",
        )])
        insert(conn, exchanges_table, [make_exchange(
            city_a="112931", city_b="user-herat", date="2026-05", year=2026,
            title="Delegation visit", evidence="user", origin="user",
        )])


def test_newer_seed_upgrades_in_place_and_keeps_user_rows(db_url, monkeypatch):
    store = open_store(db_url)
    _add_user_rows(store)
    monkeypatch.setattr(seed_module, "SEED_FORMAT", seed_module.SEED_FORMAT + 1)
    assert seed_store(store.engine) is True
    assert store.meta("seed_version").startswith(f"{seed_module.SEED_FORMAT}:")
    counts = store.counts()
    assert counts == {k: v + 1 for k, v in SEED_COUNTS.items() if k != "air_links"} | {
        "air_links": SEED_COUNTS["air_links"]
    }
    tie = store.ties("iran").set_index("pair_key").loc["112931|user-herat"]
    assert (tie["relation"], tie["sources"]) == ("cooperation", ["council minutes"])
    assert seed_store(store.engine) is False


def test_user_tie_wins_over_the_seed_tie_for_the_same_pair(db_url, monkeypatch):
    store = open_store(db_url)
    with store.engine.begin() as conn:
        conn.execute(
            ties_table.update()
            .where(ties_table.c.pair_key == "112931|524901")
            .values(origin="user", note="edited by the council")
        )
    monkeypatch.setattr(seed_module, "SEED_FORMAT", seed_module.SEED_FORMAT + 1)
    seed_store(store.engine)
    moscow = store.ties("iran").set_index("pair_key").loc[["112931|524901"]]
    assert list(moscow["note"]) == ["edited by the council"]
    assert store.counts()["ties"] == SEED_COUNTS["ties"]


def test_reset_empties_and_init_seeds_again(db_url):
    store = open_store(db_url)
    store.engine.dispose()
    reset_store(db_url)
    engine = sa.create_engine(db_url)
    assert sa.inspect(engine).get_table_names() == []
    engine.dispose()
    assert open_store(db_url).counts() == SEED_COUNTS


def test_migration_from_an_older_schema(db_url):
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        meta_table.create(conn)
        conn.execute(meta_table.insert().values(key="schema_version", value="0"))
    engine.dispose()
    store = open_store(db_url, seed=False)
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert store.counts()["ties"] == 0


def test_a_store_newer_than_the_program_is_refused(db_url):
    open_store(db_url, seed=False)
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(
            meta_table.update()
            .where(meta_table.c.key == "schema_version")
            .values(value=str(SCHEMA_VERSION + 1))
        )
    engine.dispose()
    with pytest.raises(StoreError, match="newer than this program"):
        open_store(db_url)


def test_unreachable_database_is_one_clear_error():
    with pytest.raises(StoreError, match="cannot reach the database"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/nothing")


def test_unknown_scope_is_refused(seeded_store):
    with pytest.raises(ValueError, match="scope must be one of"):
        seeded_store.ties("mars")


def test_seed_keeps_evidence_status_and_sources_of_every_iran_tie():
    ties = [t for t in load_seed().ties if t["origin"] == "seed_iran"]
    assert len(ties) == 163
    assert all(json.loads(t["sources"]) for t in ties)
    by_evidence = {e: sum(t["evidence"] == e for t in ties) for e in ("wikidata", "wikipedia")}
    assert by_evidence == {"wikidata": 30, "wikipedia": 57}
    statuses = {t["status"] for t in ties}
    assert statuses == {"signed", "proposed", "disputed", "suspended", "historical"}
    one_sided = sorted(t["pair_key"] for t in ties if t["one_sided"])
    assert len(one_sided) == 3  # Tehran-Dubai, Kish-Dubai, Tehran-Berlin (data audit)


def test_districts_sharing_a_geonames_entry_stay_apart():
    cities = {(c["name_en"], c["country"]): c["city_id"] for c in load_seed().cities}
    assert cities[("Tehran", "IR")] == "112931"
    assert cities[("Tehran District 12", "IR")] == "tehran-district-12-ir"
    assert len(set(cities.values())) == len(cities)


def test_world_rows_about_iran_come_from_the_iran_file_only():
    ties = load_seed().ties
    iranian = {c["city_id"] for c in load_seed().cities if c["country"] == "IR"}
    world_about_iran = [
        t for t in ties if t["origin"] == "seed_world" and {t["city_a"], t["city_b"]} & iranian
    ]
    assert world_about_iran == []


def test_upgrade_restores_changed_seed_cities_and_leaves_user_cities(db_url, monkeypatch):
    store = open_store(db_url)
    _add_user_rows(store)
    with store.engine.begin() as conn:
        conn.execute(
            cities_table.update().where(cities_table.c.city_id == "112931").values(population=1)
        )
    monkeypatch.setattr(seed_module, "SEED_FORMAT", seed_module.SEED_FORMAT + 1)
    seed_store(store.engine)
    cities = store.cities().set_index("city_id")
    assert cities.loc["112931", "population"] == 7153309
    assert cities.loc["user-herat", "name_fa"] == "هرات"


def test_a_version_1_store_upgrades_to_the_current_schema_keeping_its_rows(db_url):
    from graph.store.schema import batches_table, changes_table, saved_views_table

    store = open_store(db_url)
    with store.engine.begin() as conn:
        for table in (changes_table, batches_table, saved_views_table):
            table.drop(conn)
        conn.execute(
            meta_table.update().where(meta_table.c.key == "schema_version").values(value="1")
        )
    store.engine.dispose()
    upgraded = open_store(db_url)
    assert upgraded.meta("schema_version") == str(SCHEMA_VERSION) == "6"
    names = set(sa.inspect(upgraded.engine).get_table_names())
    assert {"batches", "changes", "saved_views", "sign_in_failures"} <= names
    assert upgraded.counts() == SEED_COUNTS
