"""Geography for the maps: the Natural Earth basemap, great-circle arcs and distances.

The Natural Earth layers are read with geopandas (pyogrio engine) into one frame per
resolution, each country with its ISO code, names and continent (:func:`country_frame`).

Plotly's built-in geo layers fetch a topojson file from a CDN, and draw nothing offline.
We draw the countries ourselves from the GeoJSON shipped in ``data/``: one ``Scattergeo``
trace, every polygon ring clockwise (plotly fills counter-clockwise rings inside out),
rings separated by ``None``.

Coordinates are degrees, longitude first, as in GeoJSON. This module never imports
streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.polygon import orient

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "DATA_DIR",
    "EARTH_RADIUS_KM",
    "RESOLUTIONS",
    "NE_CODES",
    "basemap_lonlat",
    "fill_lonlat",
    "country_frame",
    "geodesic_parts",
    "geodesic_parts_many",
    "great_circle",
    "km_between",
    "load_countries",
]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
RESOLUTIONS = ("110m", "50m")
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius
NE_CODES = {"FRA": "FR", "NOR": "NO", "CYN": "CY", "SOL": "SO", "ATC": "AU"}
"""ISO codes of the Natural Earth countries whose ``ISO_A2`` is ``-99`` (by ``ADM0_A3``):
France and Norway, and the areas ISO 3166 counts in Cyprus, Somalia and Australia."""


def _polygons(geometry: object) -> list[Polygon]:
    """Flatten any geometry (after make_valid) to its polygon parts."""
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if isinstance(geometry, MultiPolygon):
        return [p for p in geometry.geoms if not p.is_empty]
    parts = getattr(geometry, "geoms", ())
    return [p for g in parts for p in _polygons(g)]


def _iso_code(row: dict) -> str | None:
    for key in ("ISO_A2", "WB_A2"):
        code = row.get(key)
        if isinstance(code, str) and len(code) == 2 and code.isalpha():
            return code
    return NE_CODES.get(row.get("ADM0_A3"))


@lru_cache(maxsize=len(RESOLUTIONS))
def country_frame(resolution: str = "110m") -> gpd.GeoDataFrame:
    """The Natural Earth countries of ``resolution`` as a GeoDataFrame in EPSG:4326.

    Columns: ``code`` (ISO 3166-1 alpha-2, None where Natural Earth has none),
    ``name`` (Natural Earth's English name), ``continent``, ``region`` (the UN region),
    ``subregion`` and ``geometry`` (made valid). Read with the pyogrio engine; cached, so
    callers must not change it (take a ``.copy()``).

    Raises
    ------
    ValueError
        When ``resolution`` is not one of :data:`RESOLUTIONS`.
    FileNotFoundError
        When ``data/countries_<resolution>.geojson`` is missing.
    """
    import geopandas as gpd  # heavy: loaded on the first map or data check

    if resolution not in RESOLUTIONS:
        raise ValueError(f"unknown resolution {resolution!r}; use one of {RESOLUTIONS}")
    path = DATA_DIR / f"countries_{resolution}.geojson"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the Natural Earth layer ships in data/")
    columns = ["ISO_A2", "WB_A2", "ADM0_A3", "NAME", "CONTINENT", "REGION_UN", "SUBREGION"]
    raw = gpd.read_file(path, engine="pyogrio", columns=columns)
    frame = gpd.GeoDataFrame(
        {
            "code": [_iso_code(row) for row in raw[columns].to_dict("records")],
            "name": raw["NAME"],
            "continent": raw["CONTINENT"],
            "region": raw["REGION_UN"],
            "subregion": raw["SUBREGION"],
        },
        geometry=raw.geometry.make_valid(),
        crs="EPSG:4326",
    )
    return frame


@lru_cache(maxsize=len(RESOLUTIONS))
def load_countries(resolution: str = "110m") -> tuple[Polygon, ...]:
    """Read the Natural Earth countries of ``resolution`` as valid shapely polygons.

    Multi-part countries are split into their polygons. The result is cached; it is a
    tuple so that callers cannot change the cached value.

    Raises
    ------
    ValueError
        When ``resolution`` is not one of :data:`RESOLUTIONS`.
    FileNotFoundError
        When ``data/countries_<resolution>.geojson`` is missing.
    """
    return tuple(p for geometry in country_frame(resolution).geometry for p in _polygons(geometry))


def fill_lonlat(geometry: object) -> tuple[list[float | None], list[float | None]]:
    """The exterior rings of a (multi)polygon as one (lons, lats) sequence for a plotly
    ``Scattergeo(fill="toself")`` trace: clockwise, separated by ``None``, holes left out.

    >>> from shapely.geometry import box
    >>> fill_lonlat(box(0, 0, 1, 1))[0]
    [1.0, 0.0, 0.0, 1.0, 1.0, None]
    """
    lons: list[float | None] = []
    lats: list[float | None] = []
    for polygon in _polygons(geometry):
        # sign=-1.0: exterior clockwise, the orientation plotly geo fills inside.
        xs, ys = orient(polygon, sign=-1.0).exterior.xy
        lons.extend(round(x, 4) for x in xs)
        lats.extend(round(y, 4) for y in ys)
        lons.append(None)
        lats.append(None)
    return lons, lats


@lru_cache(maxsize=len(RESOLUTIONS))
def _basemap_lonlat(resolution: str) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
    lons: list[float | None] = []
    lats: list[float | None] = []
    for polygon in load_countries(resolution):
        part_lons, part_lats = fill_lonlat(polygon)
        lons.extend(part_lons)
        lats.extend(part_lats)
    return tuple(lons), tuple(lats)


def basemap_lonlat(resolution: str = "110m") -> tuple[list[float | None], list[float | None]]:
    """Return every country's exterior ring as one (lons, lats) sequence for a fill trace.

    Rings are clockwise and separated by ``None``, so a single
    ``go.Scattergeo(fill="toself")`` draws all countries. Holes (lakes, enclaves) are left
    out: at world scale they are not visible and plotly's ``toself`` fill cannot cut them.

    >>> lons, lats = basemap_lonlat("110m")
    >>> len(lons) == len(lats) and lons[-1] is None
    True
    """
    lons, lats = _basemap_lonlat(resolution)
    return list(lons), list(lats)


def _to_vector(lon: float, lat: float) -> np.ndarray:
    lon_r, lat_r = math.radians(lon), math.radians(lat)
    return np.array(
        [math.cos(lat_r) * math.cos(lon_r), math.cos(lat_r) * math.sin(lon_r), math.sin(lat_r)]
    )


def great_circle(
    lon1: float, lat1: float, lon2: float, lat2: float, n: int = 32
) -> tuple[list[float | None], list[float | None]]:
    """Return ``n + 1`` points on the shorter great-circle arc between two places.

    Points are interpolated with spherical linear interpolation (slerp). Where the arc
    crosses the antimeridian (longitude ±180) a ``None`` is inserted in both lists, so
    plotly does not draw a line straight across the map.

    >>> lons, lats = great_circle(0, 0, 90, 0, n=2)
    >>> [round(x, 6) for x in lons], [round(y, 6) for y in lats]
    ([0.0, 45.0, 90.0], [0.0, 0.0, 0.0])
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    a, b = _to_vector(lon1, lat1), _to_vector(lon2, lat2)
    omega = math.acos(max(-1.0, min(1.0, float(np.dot(a, b)))))
    fractions = np.linspace(0.0, 1.0, n + 1)
    if omega < 1e-12:
        points = np.repeat(a[None, :], n + 1, axis=0)
    else:
        sin_omega = math.sin(omega)
        wa = np.sin((1.0 - fractions) * omega) / sin_omega
        wb = np.sin(fractions * omega) / sin_omega
        points = wa[:, None] * a + wb[:, None] * b
    lons = np.degrees(np.arctan2(points[:, 1], points[:, 0]))
    lats = np.degrees(np.arcsin(np.clip(points[:, 2], -1.0, 1.0)))
    out_lons: list[float | None] = []
    out_lats: list[float | None] = []
    for i, (lon, lat) in enumerate(zip(lons, lats, strict=True)):
        prev = lons[i - 1] if i else lon
        if abs(lon - prev) > 180.0:
            # Close the arc at the map edge on one side and reopen it on the other.
            edge = math.copysign(180.0, prev)
            unwrapped = lon + (360.0 if prev > 0 else -360.0)
            share = (edge - prev) / (unwrapped - prev) if unwrapped != prev else 0.0
            lat_edge = float(lats[i - 1] + share * (lat - lats[i - 1]))
            out_lons.extend([edge, None, -edge])
            out_lats.extend([lat_edge, None, lat_edge])
        out_lons.append(float(lon))
        out_lats.append(float(lat))
    return out_lons, out_lats


def geodesic_parts(
    lon1: float, lat1: float, lon2: float, lat2: float, n: int = 32
) -> list[list[tuple[float, float]]]:
    """The great-circle line between two places as (lon, lat) parts, split at the
    antimeridian: one part, or two that meet at longitude 180 and -180 (RFC 7946, 3.1.9).

    >>> [len(p) for p in geodesic_parts(170, 0, -170, 0, n=3)]
    [3, 3]
    >>> geodesic_parts(170, 0, -170, 0, n=3)[0][-1]
    (180.0, 0.0)
    """
    return geodesic_parts_many([lon1], [lat1], [lon2], [lat2], n)[0]


def _unit_vectors(lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    lon_r, lat_r = np.radians(lons), np.radians(lats)
    return np.stack(
        [np.cos(lat_r) * np.cos(lon_r), np.cos(lat_r) * np.sin(lon_r), np.sin(lat_r)], axis=-1
    )


def geodesic_parts_many(
    lons1: Sequence[float],
    lats1: Sequence[float],
    lons2: Sequence[float],
    lats2: Sequence[float],
    n: int = 32,
) -> list[list[list[tuple[float, float]]]]:
    """:func:`geodesic_parts` of many lines at once (vectorised slerp), for the exports
    of thousands of ties: one list of parts per line, coordinates rounded to 6 decimals."""
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    a = _unit_vectors(np.asarray(lons1, float), np.asarray(lats1, float))
    b = _unit_vectors(np.asarray(lons2, float), np.asarray(lats2, float))
    omega = np.arccos(np.clip(np.sum(a * b, axis=1), -1.0, 1.0))[:, None]
    fractions = np.linspace(0.0, 1.0, n + 1)[None, :]
    tiny = omega < 1e-12
    sin_omega = np.where(tiny, 1.0, np.sin(omega))
    wa = np.where(tiny, 1.0 - fractions, np.sin((1.0 - fractions) * omega) / sin_omega)
    wb = np.where(tiny, fractions, np.sin(fractions * omega) / sin_omega)
    points = wa[..., None] * a[:, None, :] + wb[..., None] * b[:, None, :]
    lons = np.degrees(np.arctan2(points[..., 1], points[..., 0]))
    norms = np.linalg.norm(points, axis=-1)
    lats = np.degrees(np.arcsin(np.clip(points[..., 2] / np.where(norms > 0, norms, 1.0), -1, 1)))
    lines = []
    for line_lons, line_lats in zip(lons.round(6), lats.round(6), strict=True):
        xs, ys = line_lons.tolist(), line_lats.tolist()
        jumps = set((np.flatnonzero(np.abs(np.diff(line_lons)) > 180.0) + 1).tolist())
        if not jumps:
            lines.append([list(zip(xs, ys, strict=True))])
            continue
        parts: list[list[tuple[float, float]]] = []
        current: list[tuple[float, float]] = []
        for i, (lon, lat) in enumerate(zip(xs, ys, strict=True)):
            if i in jumps:  # close the part at the map edge, open the next on the other side
                prev = xs[i - 1]
                edge = math.copysign(180.0, prev)
                unwrapped = lon + (360.0 if prev > 0 else -360.0)
                share = (edge - prev) / (unwrapped - prev) if unwrapped != prev else 0.0
                lat_edge = round(ys[i - 1] + share * (lat - ys[i - 1]), 6)
                parts.append([*current, (edge, lat_edge)])
                current = [(-edge, lat_edge)]
            current.append((lon, lat))
        parts.append(current)
        lines.append([p for p in parts if len(p) > 1])
    return lines


def km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in kilometres (haversine, mean Earth radius).

    >>> round(km_between(0, 0, 0, 1), 1)
    111.2
    """
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
