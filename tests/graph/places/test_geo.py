"""Basemap, great-circle arcs and distances (graph/places/geo.py)."""

from __future__ import annotations

import pytest
from shapely.geometry import LinearRing, Polygon

from graph.places.geo import basemap_lonlat, great_circle, km_between, load_countries

TEHRAN = (51.389, 35.689)
BEIJING = (116.397, 39.904)


def _rings(lons: list, lats: list) -> list[list[tuple[float, float]]]:
    rings, ring = [], []
    for lon, lat in zip(lons, lats, strict=True):
        if lon is None:
            assert lat is None
            rings.append(ring)
            ring = []
        else:
            ring.append((lon, lat))
    assert not ring, "the last ring is not closed by None"
    return rings


@pytest.mark.parametrize(
    ("start", "end", "midpoint"),
    [
        ((0, 0), (90, 0), (45, 0)),
        ((0, 0), (0, 60), (0, 30)),
        ((-10, 0), (10, 0), (0, 0)),
        # Two points on the 45th parallel: the great circle bulges towards the pole.
        ((-45, 45), (45, 45), (0, 54.7356)),
    ],
)
def test_great_circle_midpoint(start, end, midpoint) -> None:
    lons, lats = great_circle(*start, *end, n=2)
    assert lons[1] == pytest.approx(midpoint[0], abs=1e-6)
    assert lats[1] == pytest.approx(midpoint[1], abs=1e-4)


def test_great_circle_starts_and_ends_at_the_cities() -> None:
    lons, lats = great_circle(*TEHRAN, *BEIJING, n=32)
    assert len(lons) == len(lats) == 33
    assert (lons[0], lats[0]) == pytest.approx(TEHRAN)
    assert (lons[-1], lats[-1]) == pytest.approx(BEIJING)
    assert None not in lons


def test_great_circle_same_place() -> None:
    lons, lats = great_circle(*TEHRAN, *TEHRAN, n=4)
    assert lons == pytest.approx([TEHRAN[0]] * 5)
    assert lats == pytest.approx([TEHRAN[1]] * 5)


def test_great_circle_splits_at_the_antimeridian() -> None:
    # Tokyo to Los Angeles crosses longitude 180.
    lons, lats = great_circle(139.69, 35.69, -118.24, 34.05, n=32)
    assert lons.count(None) == 1 and lats.count(None) == 1
    cut = lons.index(None)
    assert abs(lons[cut - 1]) == pytest.approx(180.0)
    assert abs(lons[cut + 1]) == pytest.approx(180.0)
    assert lats[cut - 1] == pytest.approx(lats[cut + 1])
    for a, b in zip(lons, lons[1:], strict=False):
        if a is not None and b is not None:
            assert abs(a - b) < 180, "a segment jumps across the map"


def test_great_circle_needs_a_point() -> None:
    with pytest.raises(ValueError):
        great_circle(0, 0, 1, 1, n=0)


@pytest.mark.parametrize(
    ("a", "b", "km", "rel"),
    [
        (TEHRAN, BEIJING, 5600, 0.01),
        ((0, 0), (0, 1), 111.2, 0.001),
        ((0, 0), (180, 0), 20015, 0.001),
        (TEHRAN, TEHRAN, 0, 0),
    ],
)
def test_km_between(a, b, km, rel) -> None:
    assert km_between(*a, *b) == pytest.approx(km, rel=rel, abs=1e-9)


def test_km_between_is_symmetric() -> None:
    assert km_between(*TEHRAN, *BEIJING) == pytest.approx(km_between(*BEIJING, *TEHRAN))


def test_load_countries_gives_valid_polygons() -> None:
    polygons = load_countries("110m")
    assert len(polygons) > 170
    assert all(isinstance(p, Polygon) and p.is_valid and not p.is_empty for p in polygons)
    assert load_countries("110m") is polygons, "the basemap is read once and cached"


def test_load_countries_refuses_unknown_resolution() -> None:
    with pytest.raises(ValueError, match="10m"):
        load_countries("10m")


def test_basemap_is_one_sequence_of_clockwise_rings() -> None:
    lons, lats = basemap_lonlat("110m")
    assert len(lons) == len(lats)
    rings = _rings(lons, lats)
    assert len(rings) == len(load_countries("110m"))
    for ring in rings:
        assert len(ring) >= 4
        assert ring[0] == ring[-1], "ring not closed"
        assert not LinearRing(ring).is_ccw, "plotly fills counter-clockwise rings inside out"


def test_basemap_covers_iran() -> None:
    lons, lats = basemap_lonlat("110m")
    polygons = [Polygon(r) for r in _rings(lons, lats)]
    from shapely.geometry import Point

    assert any(p.contains(Point(*TEHRAN)) for p in polygons)


def test_basemap_returns_fresh_lists() -> None:
    lons, _ = basemap_lonlat("110m")
    lons.clear()
    assert basemap_lonlat("110m")[0], "callers must not be able to empty the cache"
