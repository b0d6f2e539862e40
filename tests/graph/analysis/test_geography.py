"""Ties counted per country and per continent on the Natural Earth polygons."""

from __future__ import annotations

import pytest

from graph.analysis.geography import GROUPINGS, countries_with_ties, ties_by_area
from graph.places.countries import COUNTRIES


def _touching(store, test) -> int:
    """Ties of the store with a city whose country passes ``test``, counted by hand."""
    ties, country = store.ties("world"), store.cities().set_index("city_id")["country"]
    return sum(
        test(country[a]) or test(country[b])
        for a, b in zip(ties["city_a"], ties["city_b"], strict=True)
    )


def test_each_country_counts_the_ties_that_reach_it(store):
    areas = countries_with_ties(store.ties("world"), store.cities()).set_index("code")
    for code in ("IR", "FR", "RU", "US"):
        assert areas.loc[code, "ties"] == _touching(store, lambda c, code=code: c == code)
    assert areas.loc["IR", "name_fa"] == "ایران" and areas.loc["IR", "name_en"] == "Iran"
    assert areas.loc["IR", "cities"] == int((store.cities()["country"] == "IR").sum())
    assert areas.index.dropna().is_unique, "one row per country, its parts dissolved"
    assert areas.crs.to_epsg() == 4326


def test_continents_count_a_tie_once_and_hold_their_countries(store):
    areas = ties_by_area(store.ties("world"), store.cities(), "continent").set_index("area")
    for continent in ("Asia", "Europe", "North America"):
        expected = _touching(store, lambda c, k=continent: COUNTRIES[c][2] == k)
        assert areas.loc[continent, "ties"] == expected
    countries = countries_with_ties(store.ties("world"), store.cities(), "110m")
    assert areas["countries"].sum() == countries["code"].notna().sum()
    assert areas.geometry.is_valid.all()


def test_an_unknown_grouping_is_refused(store):
    with pytest.raises(ValueError, match=", ".join(GROUPINGS)):
        ties_by_area(store.ties("world"), store.cities(), "planet")
