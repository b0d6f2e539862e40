"""One city per place: a unique (country, folded name) and a unique GeoNames id.

"Chişinău" (s with cedilla) and "Chișinău" (s with comma below) are different code points
but one city. The store holds one of them; a store or backup from before the keys is
merged (ties and exchanges moved to the kept city, in the change log); the seed merges
its own copies the same way, and a name with its country finds one city.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

import graph.io.cities as cities_module
from graph.io.cities import CityExists, add_city
from graph.io.edits import Edit, EditRejected, edit_rows
from graph.names import fold
from graph.places.lookup import find_city
from graph.store.dedupe import plan_cities
from graph.store.engine import migrate
from graph.store.schema import (
    MIGRATION_EDITOR,
    air_links_table,
    batches_table,
    changes_table,
    cities_table,
    city_name_key,
    drop_unique_indexes,
    exchanges_table,
    set_meta,
    ties_table,
)
from tests.builders import insert, make_air_link, make_city, make_exchange, make_tie

CEDILLA, COMMA = "Chi\u015fin\u0103u", "Chi\u0219in\u0103u"  # ş (U+015F), ș (U+0219)


def test_the_two_spellings_are_different_text_but_one_key():
    assert CEDILLA != COMMA
    assert city_name_key(CEDILLA) == city_name_key(COMMA) == city_name_key("CHISINAU")
    # NFKC forms fold alike too (a ligature, a full-width letter)
    assert city_name_key("\ufb01renze") == city_name_key("Firenze")
    assert city_name_key("\uff21sti") == city_name_key("Asti")


def test_the_plan_merges_one_place_and_keeps_places_geonames_tells_apart():
    rows = [
        {"city_id": "618426", "geonameid": 618426, "name_en": CEDILLA, "country": "MD"},
        {"city_id": "chisinau-md", "geonameid": 618426, "name_en": COMMA, "country": "MD"},
        {"city_id": "chisinau-md-2", "geonameid": None, "name_en": "Chisinau", "country": "MD"},
        # two towns GeoNames knows apart, whose names fold alike
        {"city_id": "2923544", "geonameid": 2923544, "name_en": "Fürth", "country": "DE"},
        {"city_id": "2923549", "geonameid": 2923549, "name_en": "Furth", "country": "DE"},
        # a district matched to its city's GeoNames id: its own city, without the id
        {"city_id": "112931", "geonameid": 112931, "name_en": "Tehran", "country": "IR"},
        {"city_id": "tehran-d12", "geonameid": 112931, "name_en": "Tehran District 12",
         "country": "IR"},
    ]
    plan = plan_cities(rows)
    assert plan.merged == {"chisinau-md": "618426", "chisinau-md-2": "618426"}
    assert plan.keys["2923544"] != plan.keys["2923549"]
    assert plan.keys["2923549"] == f"{city_name_key('Furth')}#2923549"
    assert plan.geonameids["112931"] == 112931 and plan.geonameids["tehran-d12"] is None
    assert plan.geonameids["618426"] == 618426


def test_the_store_refuses_a_second_spelling_and_a_second_geonames_id(store):
    insert(store, cities_table, [make_city(city_id="618426", geonameid=618426,
                                           name_en=CEDILLA, country="MD")])
    with pytest.raises(sa.exc.IntegrityError):
        insert(store, cities_table, [make_city(city_id="chisinau-md", name_en=COMMA,
                                               country="MD")])
    with pytest.raises(sa.exc.IntegrityError):
        insert(store, cities_table, [make_city(city_id="other", geonameid=618426,
                                               name_en="Kishinev", country="MD")])


def _store_before_the_keys(store) -> None:
    """Make ``store`` a schema 5 store holding Chişinău twice, each copy with ties and an
    exchange (one of them the same as the other copy's)."""
    with store.engine.begin() as conn:
        drop_unique_indexes(conn)
        insert(conn, cities_table, [
            make_city(city_id="618426", geonameid=618426, name_en=CEDILLA, name_fa=None,
                      country="MD", lat=47.0, lon=28.9),
            make_city(city_id="chisinau-md", geonameid=618426, name_en=COMMA,
                      name_fa="کیشیناو", country="MD", lat=47.0, lon=28.9),
        ])
        insert(conn, ties_table, [
            make_tie(city_a="tehran", city_b="618426", since=2001),
            make_tie(city_a="chisinau-md", city_b="tehran", since=1999),  # the same pair
            make_tie(city_a="chisinau-md", city_b="kazan"),
            make_tie(city_a="chisinau-md", city_b="618426"),  # the city tied to itself
        ])
        insert(conn, exchanges_table, [
            make_exchange(city_a="618426", city_b="tehran", title="Wine days"),
            make_exchange(city_a="chisinau-md", city_b="tehran", title="WINE DAYS"),
            make_exchange(city_a="chisinau-md", city_b="isfahan", title="Carpets"),
        ])
        insert(conn, air_links_table, [make_air_link(city_a="chisinau-md", city_b="tehran")])
        conn.execute(cities_table.update().values(name_key=None))
        set_meta(conn, "schema_version", "5")


def test_the_migration_merges_a_city_stored_twice_and_records_it(store):
    _store_before_the_keys(store)
    assert migrate(store.engine) == 5
    cities = store.cities()
    moldova = cities[cities["country"] == "MD"]
    assert list(moldova["city_id"]) == ["618426"]
    assert moldova.iloc[0]["name_fa"] == "کیشیناو"  # the copy's Persian name is kept
    assert None not in _name_keys(store).values()
    ties = store.ties()
    chisinau = ties[(ties["city_a"] == "618426") | (ties["city_b"] == "618426")]
    assert sorted(chisinau["pair_key"]) == ["618426|kazan", "618426|tehran"]
    assert chisinau[chisinau["pair_key"] == "618426|tehran"].iloc[0]["since"] == 2001
    exchanges = store.exchanges()
    assert sorted(exchanges[exchanges["pair_key"].str.contains("618426")]["title"]) == [
        "Carpets", "Wine days"
    ]
    assert not (exchanges[["city_a", "city_b"]] == "chisinau-md").any().any()
    assert list(store.air_links()["pair_key"]) == ["618426|tehran"]
    with store.engine.connect() as conn:
        batch = conn.execute(
            sa.select(batches_table).where(batches_table.c.action == "merge_cities")
        ).mappings().one()
        changes = conn.execute(
            sa.select(changes_table.c.table_name, changes_table.c.row_key,
                      changes_table.c.operation)
            .where(changes_table.c.batch_id == batch["batch_id"])
        ).all()
    assert batch["who"] == MIGRATION_EDITOR
    assert ("cities", "chisinau-md", "delete") in changes
    assert {t for t, _, _ in changes} == {"cities", "ties", "exchanges", "air_links"}
    # a name and its country now find the one city, whichever spelling is typed
    for name in (CEDILLA, COMMA, "Chisinau"):
        assert find_city(cities, f"{name}, MD", gazetteer=False)["city_id"] == "618426"
    # and the unique indexes are back
    with pytest.raises(sa.exc.IntegrityError):
        insert(store, cities_table, [make_city(city_id="x", name_en=COMMA, country="MD")])


def _name_keys(store) -> dict[str, str | None]:
    with store.engine.connect() as conn:
        return dict(conn.execute(sa.select(cities_table.c.city_id, cities_table.c.name_key)).all())


def test_the_seed_stores_one_city_per_place(seeded_store):
    cities = seeded_store.cities()
    keys = Counter(zip(cities["country"], cities["city_id"].map(_name_keys(seeded_store)),
                       strict=True))
    assert [k for k, n in keys.items() if n > 1] == []
    geonameids = Counter(cities["geonameid"].dropna())
    assert [k for k, n in geonameids.items() if n > 1] == []
    # places whose names fold alike are kept apart only by their own GeoNames ids
    folded = cities.assign(folded=cities["name_en"].map(fold))
    for _, group in folded.groupby(["country", "folded"]):
        if len(group) > 1:
            assert group["geonameid"].notna().all() and group["geonameid"].is_unique, group
    moldova = cities[cities["country"] == "MD"]
    assert len(moldova[moldova["name_en"].map(city_name_key) == city_name_key(COMMA)]) == 1
    for name in (CEDILLA, COMMA):
        assert find_city(cities, f"{name}, MD", gazetteer=False)["country"] == "MD"
    ties = seeded_store.ties()
    assert ties["pair_key"].is_unique


def test_two_editors_adding_one_city_at_once_store_it_once(store, monkeypatch):
    """Both check before either writes; the unique key stops the second, which is told
    the city exists (not a traceback)."""
    barrier = threading.Barrier(2, timeout=5)  # SQLite lets one writer in at a time
    same_city = cities_module._same_city
    calls = Counter()

    def check_then_wait(conn, row):
        found = same_city(conn, row)
        calls[threading.get_ident()] += 1
        if calls[threading.get_ident()] == 1:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass
        return found

    monkeypatch.setattr(cities_module, "_same_city", check_then_wait)
    outcomes: list = []

    def run(name: str) -> None:
        try:
            outcomes.append(add_city(store, {"name_en": name, "country": "MD", "lat": 47.0,
                                             "lon": 28.9}, who=name))
        except CityExists as exc:
            outcomes.append(exc)
        except Exception as exc:  # a traceback is the defect this test is about
            outcomes.append(("failed", exc))

    threads = [threading.Thread(target=run, args=(n,)) for n in (CEDILLA, COMMA)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(type(o).__name__ for o in outcomes) == ["CityExists", "int"], outcomes
    moldova = store.cities().query("country == 'MD'")
    assert len(moldova) == 1


def test_a_rename_to_a_name_folding_like_another_is_refused(store):
    city = store.cities().set_index("city_id").loc["isfahan"]
    edit = Edit(row_id="isfahan", read={"name_en": city["name_en"]},
                changes={"name_en": "TEHRĀN"})
    with pytest.raises(EditRejected):
        edit_rows(store, "cities", [edit], "sara")
    renamed = Edit(row_id="isfahan", read={"name_en": city["name_en"]},
                   changes={"name_en": "Esfahan"})
    edit_rows(store, "cities", [renamed], "sara")
    assert _name_keys(store)["isfahan"] == city_name_key("Esfahan")
