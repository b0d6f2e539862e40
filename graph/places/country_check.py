"""The data check: does each city's point lie in its country?

Every city is tested against the Natural Earth countries at 1:50m (:func:`check_cities`):

- ``inside``: the point lies in a polygon of its own country (``sjoin``, ``within``);
- ``near``: it lies outside, but within ``coast_tolerance_km`` of its country's polygon
  (simplified coasts and small islands), measured in kilometres on the ground in an
  azimuthal equidistant projection centred on the city (true distances from its centre);
- ``swapped``: the point is outside its country, and latitude and longitude exchanged
  would put it inside;
- ``out_of_range``: the latitude is outside -90..90 or the longitude outside -180..180;
- ``other_country``: the point lies in another country's polygon (named);
- ``at_sea``: the point lies in no country, farther than the tolerance from its own
  (the nearest country is named, found with ``sjoin_nearest`` in an equal-area CRS);
- ``untested``: the city has no coordinates, or Natural Earth has no polygon for its
  country (small territories).

Nothing is changed: the check reports, an editor decides. This module never imports
streamlit.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from graph.places.geo import EARTH_RADIUS_KM, country_frame, km_between
from graph.settings import default

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CHECK_RESOLUTION",
    "FLAGGED",
    "STATUSES",
    "CityCheck",
    "CityFinding",
    "check_cities",
    "km_to_shape",
]

CHECK_RESOLUTION = "50m"
STATUSES = (
    "inside",
    "near",
    "swapped",
    "out_of_range",
    "other_country",
    "at_sea",
    "untested",
)
FLAGGED = ("swapped", "out_of_range", "other_country", "at_sea")
"""The statuses an editor should look at; ``untested`` is listed apart."""
EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global, metres
_WINDOW_DEG = 1.0  # the own-country polygon is clipped to this many degrees around a city


@dataclass(frozen=True)
class CityFinding:
    """One city that is not plainly inside its country.

    ``km`` is the distance to its own country's polygon (None where it has none);
    ``found`` the ISO code of the country the point lies in, or is nearest to at sea.
    """

    city_id: str
    name_en: str
    name_fa: str | None
    country: str
    lat: float | None
    lon: float | None
    status: str
    km: float | None = None
    found: str | None = None


@dataclass(frozen=True)
class CityCheck:
    """The result of :func:`check_cities`: counts per status and the findings.

    ``findings`` holds every city that is not ``inside`` (the ``near`` ones too), flagged
    ones first, then by country and name.
    """

    total: int
    counts: dict[str, int]
    findings: list[CityFinding] = field(default_factory=list)
    tolerance_km: float = 0.0

    @property
    def flagged(self) -> list[CityFinding]:
        """The findings an editor should look at."""
        return [f for f in self.findings if f.status in FLAGGED]

    def to_dict(self) -> dict:
        """The check as plain data (the command line's ``--json``)."""
        return {
            "total": self.total,
            "tolerance_km": self.tolerance_km,
            "resolution": CHECK_RESOLUTION,
            "counts": dict(self.counts),
            "findings": [asdict(f) for f in self.findings],
        }


def _valid(lat: float, lon: float) -> bool:
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def _in_country(shapes: dict[str, object], code: str, lon: float, lat: float) -> bool:
    shape = shapes.get(code)
    return shape is not None and _valid(lat, lon) and shape.covers(Point(lon, lat))


def km_to_shape(shape: object, lon: float, lat: float) -> float:
    """Kilometres on the ground from a point to a (multi)polygon in degrees.

    Near the point the shape is clipped and projected to an azimuthal equidistant
    projection centred on it (on the mean-radius sphere), where a distance from the
    centre is the great-circle distance; a shape farther than the clip window is measured
    along the great circle to its nearest point in degrees.
    """
    lon_reach = min(180.0, _WINDOW_DEG / max(math.cos(math.radians(lat)), 0.01))
    window = shape.intersection(
        _box(lon - lon_reach, lat - _WINDOW_DEG, lon + lon_reach, lat + _WINDOW_DEG)
    )
    if window.is_empty:
        near = nearest_points(Point(lon, lat), shape)[1]
        return km_between(lon, lat, near.x, near.y)
    local = shapely.transform(window, lambda xy: _equidistant(xy, lon, lat))
    return float(local.distance(Point(0.0, 0.0)))


def _equidistant(lonlat: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    """Azimuthal equidistant x, y in kilometres around (lon0, lat0), spherical."""
    lam = np.radians(lonlat[:, 0] - lon0)
    phi, phi0 = np.radians(lonlat[:, 1]), math.radians(lat0)
    cos_c = np.clip(
        math.sin(phi0) * np.sin(phi) + math.cos(phi0) * np.cos(phi) * np.cos(lam), -1.0, 1.0
    )
    c = np.arccos(cos_c)
    k = np.where(c > 1e-12, c / np.where(c > 1e-12, np.sin(c), 1.0), 1.0) * EARTH_RADIUS_KM
    x = k * np.cos(phi) * np.sin(lam)
    y = k * (math.cos(phi0) * np.sin(phi) - math.sin(phi0) * np.cos(phi) * np.cos(lam))
    return np.column_stack([x, y])


def _box(west: float, south: float, east: float, north: float) -> object:
    from shapely.geometry import box

    return box(west, max(south, -90.0), east, min(north, 90.0))


def _containing(cities: pd.DataFrame, countries: gpd.GeoDataFrame) -> dict[str, set[str]]:
    """city_id -> the codes of the countries whose polygon holds its point (sjoin)."""
    import geopandas as gpd  # heavy: loaded with the data check

    points = gpd.GeoDataFrame(
        {"city_id": cities["city_id"]},
        geometry=gpd.points_from_xy(cities["lon"], cities["lat"]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(points, countries[["code", "geometry"]], predicate="within", how="inner")
    found: dict[str, set[str]] = {}
    for city_id, code in zip(joined["city_id"], joined["code"], strict=True):
        if isinstance(code, str):
            found.setdefault(city_id, set()).add(code)
    return found


def _nearest(rows: list[dict], countries: gpd.GeoDataFrame) -> dict[str, str | None]:
    """city_id -> the code of the nearest country (sjoin_nearest in an equal-area CRS)."""
    import geopandas as gpd  # heavy: loaded with the data check

    if not rows:
        return {}
    points = gpd.GeoDataFrame(
        {"city_id": [r["city_id"] for r in rows]},
        geometry=gpd.points_from_xy([r["lon"] for r in rows], [r["lat"] for r in rows]),
        crs="EPSG:4326",
    ).to_crs(EQUAL_AREA)
    joined = gpd.sjoin_nearest(points, countries[["code", "geometry"]].to_crs(EQUAL_AREA))
    joined = joined.drop_duplicates("city_id")
    return {
        c: (k if isinstance(k, str) else None)
        for c, k in zip(joined["city_id"], joined["code"], strict=True)
    }


def _finding(
    row: dict, status: str, km: float | None = None, found: str | None = None
) -> CityFinding:
    name_fa = row.get("name_fa")
    return CityFinding(
        city_id=str(row["city_id"]),
        name_en=str(row.get("name_en") or ""),
        name_fa=name_fa if isinstance(name_fa, str) and name_fa else None,
        country=str(row.get("country") or ""),
        lat=None if pd.isna(row.get("lat")) else float(row["lat"]),
        lon=None if pd.isna(row.get("lon")) else float(row["lon"]),
        status=status,
        km=None if km is None else round(km, 1),
        found=found,
    )


def check_cities(cities: pd.DataFrame, tolerance_km: float | None = None) -> CityCheck:
    """Check each city's point against its country's Natural Earth polygon.

    Parameters
    ----------
    cities
        A frame with ``city_id``, ``name_en``, ``name_fa``, ``country`` (ISO code),
        ``lat`` and ``lon`` (degrees), as ``Store.cities()`` returns.
    tolerance_km
        How far outside its polygon a city is still ``near``; the setting
        ``coast_tolerance_km`` by default.

    Returns
    -------
    CityCheck
        Counts per status (every status of :data:`STATUSES`, zeros included) and a
        finding for every city that is not ``inside``.

    Example
    -------
    >>> frame = pd.DataFrame([{"city_id": "1", "name_en": "Tehran", "name_fa": "تهران",
    ...     "country": "IR", "lat": 35.69, "lon": 51.42}])
    >>> check_cities(frame).counts["inside"]
    1
    """
    tolerance = float(default("coast_tolerance_km") if tolerance_km is None else tolerance_km)
    countries = country_frame(CHECK_RESOLUTION)
    shapes = countries.dropna(subset=["code"]).dissolve(by="code").geometry.to_dict()
    rows = cities[["city_id", "name_en", "name_fa", "country", "lat", "lon"]].to_dict("records")
    for row in rows:
        row["city_id"] = str(row["city_id"])
        row["country"] = str(row["country"] or "").upper()
    placed = [r for r in rows if not pd.isna(r["lat"]) and not pd.isna(r["lon"])]
    in_range = [r for r in placed if _valid(float(r["lat"]), float(r["lon"]))]
    containing = _containing(pd.DataFrame(in_range), countries) if in_range else {}
    findings: list[CityFinding] = []
    counts = dict.fromkeys(STATUSES, 0)
    unplaced: list[dict] = []
    for row in rows:
        status, km, found = _status(row, shapes, containing, tolerance)
        if status == "at_sea":
            unplaced.append(row)
        counts[status] += 1
        if status != "inside":
            findings.append(_finding(row, status, km, found))
    nearest = _nearest(unplaced, countries)
    findings = [
        f if f.status != "at_sea" else _finding_with(f, nearest.get(f.city_id)) for f in findings
    ]
    order = {s: i for i, s in enumerate(FLAGGED + ("untested", "near"))}
    findings.sort(key=lambda f: (order[f.status], f.country, f.name_en, f.city_id))
    return CityCheck(total=len(rows), counts=counts, findings=findings, tolerance_km=tolerance)


def _finding_with(finding: CityFinding, found: str | None) -> CityFinding:
    return CityFinding(**(asdict(finding) | {"found": found}))


def _status(
    row: dict, shapes: dict[str, object], containing: dict[str, set[str]], tolerance: float
) -> tuple[str, float | None, str | None]:
    """(status, km to its own country, code of the country it lies in) of one city."""
    code = row["country"]
    if pd.isna(row["lat"]) or pd.isna(row["lon"]):
        return "untested", None, None
    lat, lon = float(row["lat"]), float(row["lon"])
    if not _valid(lat, lon):
        swapped = _in_country(shapes, code, lon=lat, lat=lon)
        return ("swapped" if swapped else "out_of_range"), None, None
    inside = containing.get(row["city_id"], set())
    if code in inside:
        return "inside", 0.0, code
    if code not in shapes:
        return "untested", None, (min(inside) if inside else None)
    km = km_to_shape(shapes[code], lon, lat)
    if km <= tolerance:
        return "near", km, (min(inside) if inside else None)
    if _in_country(shapes, code, lon=lat, lat=lon):
        return "swapped", km, (min(inside) if inside else None)
    if inside:
        return "other_country", km, min(inside)
    return "at_sea", km, None
