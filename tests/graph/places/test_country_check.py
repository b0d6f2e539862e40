"""The data check: each city's point against its country's Natural Earth polygon."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point

from graph.cli.main import main
from graph.places.country_check import CHECK_RESOLUTION, FLAGGED, STATUSES, check_cities
from graph.places.geo import country_frame


def _iran() -> object:
    frame = country_frame(CHECK_RESOLUTION)
    return frame[frame["code"] == "IR"].geometry.union_all()


def _offshore(km_south: float) -> tuple[float, float]:
    """A point due south of Iran's southernmost polygon vertex, about km_south away."""
    xs, ys = shapely.get_coordinates(_iran()).T
    i = ys.argmin()
    return float(xs[i]), float(ys[i] - km_south / 111.2)


def _city(city_id: str, country: str, lat: float | None, lon: float | None) -> dict:
    return {
        "city_id": city_id,
        "name_en": city_id.title(),
        "name_fa": None,
        "country": country,
        "lat": lat,
        "lon": lon,
    }


def _check(*rows: dict, **kwargs):
    return check_cities(pd.DataFrame(list(rows)), **kwargs)


def _status(result, city_id: str) -> str:
    return next(f.status for f in result.findings if f.city_id == city_id)


@pytest.mark.parametrize(
    ("row", "status"),
    [
        (_city("tokyo", "JP", 139.69, 35.68), "swapped"),  # latitude out of range, swapped fits
        (_city("tehran", "IR", 51.42, 35.69), "swapped"),  # in range, in Russia; swapped fits
        (_city("nowhere", "IR", 120.0, 51.0), "out_of_range"),
        (_city("paris", "DE", 48.857, 2.352), "other_country"),
        (_city("atlantic", "US", 30.0, -40.0), "at_sea"),
        (_city("gibraltar", "GI", 36.14, -5.35), "untested"),  # no polygon at 1:50m
        (_city("unplaced", "IR", None, None), "untested"),
    ],
)
def test_each_kind_of_misplaced_city_is_named(row, status):
    result = _check(_city("isfahan", "IR", 32.65, 51.67), row)
    assert result.counts["inside"] == 1
    assert _status(result, row["city_id"]) == status
    assert result.counts[status] == 1
    assert sum(result.counts.values()) == result.total == 2


def test_other_country_names_where_the_point_lies():
    result = _check(_city("paris", "DE", 48.857, 2.352))
    (finding,) = result.flagged
    assert finding.found == "FR"
    assert finding.km > result.tolerance_km


def test_a_point_just_off_the_coast_is_near_and_measured_on_the_ground():
    lon, lat = _offshore(10.0)
    result = _check(_city("offshore", "IR", lat, lon))
    (finding,) = result.findings
    assert finding.status == "near"
    # an independent measure: the whole polygon in PROJ's ellipsoidal equidistant projection
    local = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m", always_xy=True
    )
    projected = shapely.transform(_iran(), lambda xy: np.column_stack(local.transform(*xy.T)))
    expected = projected.distance(Point(0, 0)) / 1000
    assert finding.km == pytest.approx(expected, rel=0.01, abs=0.1)


def test_the_tolerance_decides_between_near_and_at_sea():
    lon, lat = _offshore(10.0)
    row = _city("offshore", "IR", lat, lon)
    assert _status(_check(row, tolerance_km=50.0), "offshore") == "near"
    far = _check(row, tolerance_km=1.0)
    assert _status(far, "offshore") == "at_sea"
    assert far.flagged[0].found is not None  # the nearest country is named


def test_flagged_findings_come_first_and_inside_cities_are_not_listed():
    result = _check(
        _city("isfahan", "IR", 32.65, 51.67),
        _city("gibraltar", "GI", 36.14, -5.35),
        _city("paris", "DE", 48.857, 2.352),
    )
    assert [f.city_id for f in result.findings] == ["paris", "gibraltar"]
    assert set(result.counts) == set(STATUSES)


def test_check_data_on_the_seed(seeded_store, capsys):
    code = main(["check-data", "--json", "--db", seeded_store.url])
    out, _ = capsys.readouterr()
    assert code == 0
    document = json.loads(out)
    cities = seeded_store.cities()
    assert document["total"] == len(cities) == sum(document["counts"].values())
    not_inside = len(cities) - document["counts"]["inside"]
    assert len(document["findings"]) == not_inside
    flagged = [f for f in document["findings"] if f["status"] in FLAGGED]
    assert flagged, "the seed has cities to check"
    assert not [f for f in flagged if f["country"] == "IR"], "every Iranian city is placed"
    assert seeded_store.cities().equals(cities), "the check changes nothing"

    assert main(["check-data", "--db", seeded_store.url]) == 0
    text, _ = capsys.readouterr()
    assert f"{len(cities):,} cities" in text
    assert f"{len(flagged):,} to check" in text
