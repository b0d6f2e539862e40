"""City lookup by English or Persian name, with folding and honest ambiguity."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.names import AmbiguousCity, CityNotFound, fold
from graph.places.lookup import find_city

CITIES = pd.DataFrame(
    [
        ("1", "Tehran", "تهران", "IR", 7_000_000),
        ("2", "Kermanshah", "کرمانشاه", "IR", 900_000),
        ("3", "Paris", None, "FR", 2_100_000),
        ("4", "Paris", None, "US", 5_000),
        ("5", "Zürich", None, "CH", 400_000),
        ("6", "Shahin Shahr", "شاهین‌شهر", "IR", 140_000),
        ("7", "Yazd", "یزد", "IR", 500_000),
    ],
    columns=["city_id", "name_en", "name_fa", "country", "population"],
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Tehran", "TEHRAN"),
        ("Tehrān", "tehran"),
        ("Zürich", "zurich"),
        ("كرمانشاه", "کرمانشاه"),  # Arabic kaf
        ("يزد", "یزد"),  # Arabic yeh
        ("شاهین‌شهر", "شاهین شهر"),  # zero-width non-joiner
        ("شاهینشهر", "شاهین‌شهر".replace("\u200c", "")),
        ("مدينة", "مدینه"),  # teh marbuta and yeh
        ("Saint-Petersburg", "saint petersburg"),
    ],
)
def test_fold_treats_variants_alike(left, right):
    assert fold(left) == fold(right)


@pytest.mark.parametrize(
    ("query", "city_id"),
    [
        ("Tehran", "1"),
        ("tehran", "1"),
        ("تهران", "1"),
        ("كرمانشاه", "2"),
        ("Paris, FR", "3"),
        ("paris, us", "4"),
        ("Paris, France", "3"),  # the country by its name, as an ambiguity message lists it
        ("Paris, United States", "4"),
        ("Paris، فرانسه", "3"),  # Persian name, Persian comma
        ("zurich", "5"),
        ("شاهین شهر", "6"),
        ("يزد", "7"),
        ("7", "7"),
        ("  Tehran  ", "1"),
    ],
)
def test_find_city(query, city_id):
    assert find_city(CITIES, query)["city_id"] == city_id


def test_ambiguous_name_lists_candidates_with_countries_largest_first():
    with pytest.raises(AmbiguousCity) as caught:
        find_city(CITIES, "Paris")
    assert [c["country"] for c in caught.value.candidates] == ["FR", "US"]
    assert "Paris, FR" in str(caught.value)


@pytest.mark.parametrize(("query", "suggestion"), [("Teh", "Tehran, IR"), ("Atlantis", None)])
def test_unknown_name_is_not_guessed(query, suggestion):
    with pytest.raises(CityNotFound) as caught:
        find_city(CITIES, query)
    assert caught.value.suggestions == ([suggestion] if suggestion else [])


def test_empty_query_is_not_found():
    with pytest.raises(CityNotFound):
        find_city(CITIES, "  ")


@pytest.mark.parametrize("query", ["Tehran", "تهران", "TEHRĀN", "Isfahan", "اصفهان"])
def test_seeded_store_lookup(seeded_store, query):
    found = find_city(seeded_store.cities(), query)
    assert found["country"] == "IR"


def test_stored_persian_names_find_foreign_cities_without_the_gazetteer(seeded_store):
    cities = seeded_store.cities()
    assert find_city(cities, "مسکو", gazetteer=False)["name_en"] == "Moscow"  # checked
    rome = cities.set_index("city_id").loc["3169070"]
    assert rome["name_fa_origin"] == "automatic"
    found = find_city(cities, f"{rome['name_fa']}, IT", gazetteer=False)
    assert found["city_id"] == "3169070"
