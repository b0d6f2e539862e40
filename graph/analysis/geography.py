"""Ties counted by country or continent, on the Natural Earth polygons.

A tie counts once for each country it touches: a tie between two cities of the same
country counts once there. Used by the GeoPackage export's countries layer and the
Statistics page's map. This module never imports streamlit.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import pandas as pd

from graph.places.countries import COUNTRIES, country_name
from graph.places.geo import country_frame

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["GROUPINGS", "country_tie_counts", "countries_with_ties", "ties_by_area"]

GROUPINGS = ("country", "continent")
"""How ties are summed on a map: per country or per continent (the continents of
:data:`graph.places.countries.COUNTRIES`, small island states placed on the nearest)."""


def country_tie_counts(ties: pd.DataFrame, cities: pd.DataFrame) -> Counter:
    """How many ties touch each country (ISO code), from ``ties``' ``city_a``/``city_b``
    and the ``country`` of ``cities`` (indexed by nothing; ``city_id`` a column).

    >>> cities = pd.DataFrame({"city_id": ["t", "i", "k"], "country": ["IR", "IR", "RU"]})
    >>> ties = pd.DataFrame({"city_a": ["t", "t"], "city_b": ["i", "k"]})
    >>> sorted(country_tie_counts(ties, cities).items())
    [('IR', 2), ('RU', 1)]
    """
    country = cities.set_index("city_id")["country"]
    counts: Counter = Counter()
    for a, b in zip(ties["city_a"].map(country), ties["city_b"].map(country), strict=True):
        for code in {a, b} - {None}:
            if isinstance(code, str):
                counts[code] += 1
    return counts


def countries_with_ties(
    ties: pd.DataFrame, cities: pd.DataFrame, resolution: str = "50m"
) -> gpd.GeoDataFrame:
    """The Natural Earth countries (one row per ISO code, parts dissolved) with their
    English and Persian names, continent (as :data:`COUNTRIES` places it), UN region and
    subregion (Natural Earth's), and ``ties`` and ``cities`` counts
    (cities of ``cities`` in that country), in EPSG:4326. Areas Natural Earth gives no
    code keep their English name and count nothing."""
    frame = country_frame(resolution)
    coded = (
        frame.dropna(subset=["code"])
        .dissolve(
            by="code",
            aggfunc={
                "name": "first",
                "continent": "first",
                "region": "first",
                "subregion": "first",
            },
        )
        .reset_index()
    )
    uncoded = frame[frame["code"].isna()]
    areas = pd.concat([coded, uncoded], ignore_index=True)
    tie_counts = country_tie_counts(ties, cities)
    city_counts = cities["country"].value_counts()
    codes = areas["code"]
    areas["name_en"] = [
        country_name(c, "en") if c in COUNTRIES else n
        for c, n in zip(codes, areas["name"], strict=True)
    ]
    areas["name_fa"] = [country_name(c, "fa") if c in COUNTRIES else None for c in codes]
    areas["continent"] = [
        COUNTRIES[c][2] if c in COUNTRIES else n
        for c, n in zip(codes, areas["continent"], strict=True)
    ]
    areas["ties"] = [int(tie_counts.get(c, 0)) if isinstance(c, str) else 0 for c in codes]
    areas["cities"] = [int(city_counts.get(c, 0)) if isinstance(c, str) else 0 for c in codes]
    columns = [
        "code",
        "name_en",
        "name_fa",
        "continent",
        "region",
        "subregion",
        "ties",
        "cities",
        "geometry",
    ]
    return areas[columns].set_crs("EPSG:4326", allow_override=True)


def ties_by_area(
    ties: pd.DataFrame,
    cities: pd.DataFrame,
    grouping: str = "continent",
    resolution: str = "110m",
) -> gpd.GeoDataFrame:
    """Ties summed per ``grouping`` (see :data:`GROUPINGS`): ``country`` gives
    :func:`countries_with_ties`; ``continent`` the countries dissolved by continent, each
    area (``area``: the continent's English name) with the ties that touch it (a tie
    between two of its countries counts once) and its number of ``countries``.

    Raises
    ------
    ValueError
        When ``grouping`` is not one of :data:`GROUPINGS`.
    """
    if grouping not in GROUPINGS:
        raise ValueError(f"grouping must be one of {', '.join(GROUPINGS)}, not {grouping!r}")
    areas = countries_with_ties(ties, cities, resolution)
    if grouping == "country":
        return areas
    key = areas.set_index("code")[grouping].dropna().to_dict()
    country = cities.set_index("city_id")["country"]
    counts: Counter = Counter()
    for a, b in zip(ties["city_a"].map(country), ties["city_b"].map(country), strict=True):
        for area in {key.get(a), key.get(b)} - {None}:
            counts[area] += 1
    merged = areas.dissolve(by=grouping, aggfunc={"code": "count"}).reset_index()
    merged = merged.rename(columns={grouping: "area", "code": "countries"})
    merged["ties"] = [int(counts.get(a, 0)) for a in merged["area"]]
    return merged[["area", "countries", "ties", "geometry"]]
