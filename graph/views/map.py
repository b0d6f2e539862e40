"""The Map page's figure: ties as great-circle arcs on our own basemap, filtered by a view.

One :class:`MapView` holds every part of what the map shows (filters, city, projection,
region, language, timeline year). It round-trips through URL query parameters
(:meth:`MapView.to_query` / :meth:`MapView.from_query`), so a copied link restores the
view. :func:`filter_graph` applies it to the tie network of :func:`graph.analysis.build.build_graph`
and :func:`map_figure` draws the result; the page, ``python -m graph render map`` and the
exports share all three.

The figure keeps a fixed number of traces whatever the number of ties (thousands of
traces freeze the browser): one basemap, one trace of ties with no recorded exchange,
one trace per exchange kind and line-width class, one trace of tie midpoints that
carries the tie's hover text, the foreign and Iranian cities, the selected city and
the labels. Plotly's built-in geo layers stay off (they fetch topojson from a CDN); see
:mod:`graph.views.overview`. Every data-derived string is escaped with :func:`html.escape`.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import math
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER, STATUS_ORDER
from graph.exports.chromium import find_chromium
from graph.i18n import LANGS, digits, gregorian_and_jalali, join_list, label, t
from graph.model import SCOPES
from graph.places.geo import great_circle
from graph.views.overview import (
    FOREIGN_COLOUR,
    GEO_LAYERS,
    IRANIAN_COLOUR,
    KIND_COLOURS,
    NO_EXCHANGE_COLOUR,
    OKABE_ITO,
    _base_layout,
    _spread_out,
    basemap_trace,
    label_trace,
)

__all__ = [
    "PROJECTIONS",
    "REGIONS",
    "SCOPES",
    "WEIGHT_CLASSES",
    "MapView",
    "RenderError",
    "aggregate_countries",
    "arc_points",
    "exchanges_by_year",
    "filter_graph",
    "great_circle_arcs",
    "map_figure",
    "naive_map_figure",
    "render_map_command",
    "write_map",
]

PROJECTIONS = ("natural_earth", "orthographic")
_PLOTLY_PROJECTION = {"natural_earth": "natural earth", "orthographic": "orthographic"}
# Region presets: (longitude range, latitude range) in degrees.
REGIONS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "world": ((-180.0, 180.0), (-58.0, 84.0)),
    "middle_east": ((24.0, 90.0), (10.0, 56.0)),
    "europe": ((-25.0, 45.0), (34.0, 72.0)),
    "east_asia": ((70.0, 150.0), (-10.0, 55.0)),
    "africa": ((-20.0, 55.0), (-36.0, 38.0)),
    "americas": ((-170.0, -30.0), (-56.0, 72.0)),
}
# Tie weight (sum over the selected kinds) -> line width class: [0, 1), [1, 3), [3, inf).
WEIGHT_CLASSES: tuple[float, ...] = (0.0, 1.0, 3.0)
CLASS_WIDTHS: tuple[float, ...] = (1.4, 2.6, 4.2)
# Points per arc: smooth for the Iranian scope, fewer when the whole world is drawn.
ARC_POINTS = 24
ARC_POINTS_MANY = 8
MANY_TIES = 2000
LABELLED_CITIES = 4
MAX_MARKER = 24  # largest city marker (px); Iranian ones are drawn 2 px larger
MIDPOINT_SIZE = MAX_MARKER + 8
DEFAULT_CENTRE = (51.389, 35.6892)  # Tehran: the orthographic view's default centre
COUNTRY_COLOUR = OKABE_ITO["blue"]
# Country view: ties per pair of countries below 3, 3 to 19, 20 and more.
AGG_WIDTHS: tuple[float, ...] = (0.4, 1.2, 3.0)
AGG_OPACITY: tuple[float, ...] = (0.25, 0.5, 0.9)


class RenderError(ValueError):
    """A map cannot be rendered to a file (wrong extension, no browser); says what to do."""


def _csv(values: Iterable[str]) -> str:
    return ",".join(values)


def _pick(text: str | None, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    """Comma-separated values from a URL, known ones only, in canonical order."""
    if text is None:
        return None
    chosen = {v.strip() for v in str(text).split(",")}
    return tuple(v for v in allowed if v in chosen)


def _int(text: Any) -> int | None:
    try:
        return int(str(text))
    except (TypeError, ValueError):
        return None


def _flag(text: Any) -> bool:
    return str(text).lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class MapView:
    """Everything the map shows, as plain values (a URL can hold it).

    Empty tuples for ``kinds``/``relations``/``statuses``/``evidence`` mean "all".
    ``year_from``/``year_to`` bound the year a tie was signed; ``year`` (timeline) shows
    the network as it stood that year. Ties with no known year are shown when
    ``undated`` is true. ``iran_cities`` keeps the ties touching one of these cities
    (empty: all). ``city`` is the selected city (its card; centre of the orthographic
    view). Wikidata-only ties are shown when ``include_unverified``; one-sided Wikidata
    claims (listed on one city's page only) only when ``include_one_sided`` too.
    """

    kinds: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    include_unverified: bool = True
    include_one_sided: bool = False
    year_from: int | None = None
    year_to: int | None = None
    undated: bool = True
    iran_cities: tuple[str, ...] = ()
    min_weight: float = 0.0
    scope: str = "iran"
    city: str | None = None
    projection: str = "natural_earth"
    region: str = "world"
    lang: str = "fa"
    year: int | None = None
    aggregate: bool = False

    def to_query(self) -> dict[str, str]:
        """The view as URL query parameters; values equal to the default are left out.

        >>> MapView(kinds=("cultural",), city="112931", lang="en").to_query()
        {'kinds': 'cultural', 'city': '112931', 'lang': 'en'}
        """
        default = MapView()
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if isinstance(value, tuple):
                out[f.name] = _csv(value)
            elif isinstance(value, bool):
                out[f.name] = "1" if value else "0"
            elif isinstance(value, float):
                out[f.name] = f"{value:g}"
            else:
                out[f.name] = str(value)
        return out

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> MapView:
        """Read a view from query parameters; unknown or malformed values keep the default.

        >>> MapView.from_query({"kinds": "cultural,bogus", "region": "mars"}).kinds
        ('cultural',)
        """
        default = cls()
        values: dict[str, Any] = {}
        for name, allowed in (
            ("kinds", KIND_ORDER),
            ("relations", RELATION_ORDER),
            ("statuses", STATUS_ORDER),
            ("evidence", EVIDENCE_ORDER),
        ):
            picked = _pick(query.get(name), allowed)
            if picked is not None:
                values[name] = picked
        for name in ("include_unverified", "include_one_sided", "undated", "aggregate"):
            if name in query:
                values[name] = _flag(query[name])
        for name in ("year_from", "year_to", "year"):
            if name in query:
                values[name] = _int(query[name])
        if query.get("iran_cities"):
            values["iran_cities"] = tuple(
                c.strip() for c in str(query["iran_cities"]).split(",") if c.strip()
            )
        if "min_weight" in query:
            try:
                weight = float(query["min_weight"])
                values["min_weight"] = weight if math.isfinite(weight) and weight > 0 else 0.0
            except (TypeError, ValueError):
                pass
        for name, allowed in (
            ("scope", SCOPES),
            ("projection", PROJECTIONS),
            ("region", tuple(REGIONS)),
            ("lang", LANGS),
        ):
            if query.get(name) in allowed:
                values[name] = str(query[name])
        if query.get("city"):
            values["city"] = str(query["city"])
        return replace(default, **values)

    def chosen_kinds(self) -> tuple[str, ...]:
        """The selected exchange kinds (all when none is selected)."""
        return self.kinds or KIND_ORDER


# --- filtering --------------------------------------------------------------------------


def tie_weight(tie: Mapping[str, Any], kinds: Iterable[str]) -> float:
    """A tie's weight over ``kinds`` (see :mod:`graph.analysis.build`)."""
    return float(sum(tie["weights"].get(k, 0.0) for k in kinds))


def tie_kind(tie: Mapping[str, Any], kinds: Iterable[str]) -> str | None:
    """The kind with most recorded exchanges among ``kinds``; None when there is none.

    Equal counts go to the earlier kind of :data:`graph.analysis.overview.KIND_ORDER`.
    """
    counts = tie.get("exchanges_by_kind") or {}
    best, most = None, 0
    for kind in KIND_ORDER:
        if kind in kinds and counts.get(kind, 0) > most:
            best, most = kind, counts[kind]
    return best


def _keep(tie: Mapping[str, Any], a: str, b: str, view: MapView, kinds: tuple[str, ...]) -> bool:
    if view.relations and tie["relation"] not in view.relations:
        return False
    if view.statuses and tie["status"] not in view.statuses:
        return False
    if view.evidence and tie["evidence"] not in view.evidence:
        return False
    if tie.get("unverified") and not view.include_unverified:
        return False
    if tie.get("one_sided") and not (view.include_one_sided and view.include_unverified):
        return False
    since = tie.get("since")
    if since is None:
        if not view.undated:
            return False
    else:
        since = int(since)
        if view.year_from is not None and since < view.year_from:
            return False
        if view.year_to is not None and since > view.year_to:
            return False
        if view.year is not None and since > view.year:
            return False
    if view.iran_cities and a not in view.iran_cities and b not in view.iran_cities:
        return False
    if view.kinds and tie.get("exchanges") and tie_kind(tie, kinds) is None:
        # The tie's exchanges are all of kinds the reader left out.
        return False
    return not (view.min_weight > 0 and tie_weight(tie, kinds) < view.min_weight)


def filter_graph(graph: nx.Graph, view: MapView) -> nx.Graph:
    """The ties of ``graph`` that ``view`` shows, with the cities at their ends.

    A new graph (node and edge attributes are shared with ``graph``; do not modify
    them). Ties with no recorded exchange pass the kind filter (they have no kind) but not
    a minimum weight above zero.
    """
    kinds = view.chosen_kinds()
    out = nx.Graph()
    kept = [(a, b, d) for a, b, d in graph.edges(data=True) if _keep(d, a, b, view, kinds)]
    ends = {n for a, b, _ in kept for n in (a, b)}
    out.add_nodes_from((n, graph.nodes[n]) for n in graph.nodes if n in ends)
    out.add_edges_from(kept)
    return out


def aggregate_countries(graph: nx.Graph) -> nx.Graph:
    """Country-to-country view: one node per country, one edge per pair of countries.

    A country sits at its most populous city in ``graph``. Edge attributes: ``ties``
    (number of ties), ``exchanges`` (their recorded exchanges), ``weights`` (summed per
    kind). Ties inside one country are counted on the node (``internal``).
    """
    out = nx.Graph()
    anchor: dict[str, tuple[int, str]] = {}
    for node, data in graph.nodes(data=True):
        country = str(data.get("country") or "?")
        population = int(data.get("population") or 0)
        if country not in anchor or population > anchor[country][0]:
            anchor[country] = (population, node)
    for country, (_, node) in anchor.items():
        data = graph.nodes[node]
        out.add_node(
            country,
            name_en=country,
            name_fa=country,
            country=country,
            lat=data["lat"],
            lon=data["lon"],
            population=data.get("population"),
            iranian=country == "IR",
            internal=0,
        )
    for a, b, tie in graph.edges(data=True):
        ca = str(graph.nodes[a].get("country") or "?")
        cb = str(graph.nodes[b].get("country") or "?")
        if ca == cb:
            out.nodes[ca]["internal"] += 1
            continue
        if not out.has_edge(ca, cb):
            out.add_edge(ca, cb, ties=0, exchanges=0, weights=dict.fromkeys(KIND_ORDER, 0.0))
        edge = out.edges[ca, cb]
        edge["ties"] += 1
        edge["exchanges"] += int(tie.get("exchanges") or 0)
        for kind, value in (tie.get("weights") or {}).items():
            edge["weights"][kind] = edge["weights"].get(kind, 0.0) + float(value)
    return out


# --- geometry ---------------------------------------------------------------------------


def great_circle_arcs(
    starts: np.ndarray, ends: np.ndarray, n: int = ARC_POINTS
) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle arcs from each ``starts[i]`` to ``ends[i]`` (rows of lon, lat degrees).

    Returns flat longitude and latitude arrays: each arc's ``n + 1`` points followed by a
    NaN (plotly breaks the line there). Arcs that cross the antimeridian are cut at ±180
    as :func:`graph.places.geo.great_circle` does, so no line runs across the whole map.

    >>> lons, lats = great_circle_arcs(np.array([[0.0, 0.0]]), np.array([[90.0, 0.0]]), n=2)
    >>> lons.round(6).tolist()[:3], math.isnan(lons[-1])
    ([0.0, 45.0, 90.0], True)
    """
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    ends = np.asarray(ends, dtype=float).reshape(-1, 2)
    if len(starts) == 0:
        return np.empty(0), np.empty(0)

    def vectors(points: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(points[:, 0]), np.radians(points[:, 1])
        return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], 1)

    a, b = vectors(starts), vectors(ends)
    omega = np.arccos(np.clip((a * b).sum(axis=1), -1.0, 1.0))[:, None]
    f = np.linspace(0.0, 1.0, n + 1)[None, :]
    sin_omega = np.sin(omega)
    safe = np.where(sin_omega < 1e-12, 1.0, sin_omega)
    wa = np.where(sin_omega < 1e-12, 1.0 - f, np.sin((1.0 - f) * omega) / safe)
    wb = np.where(sin_omega < 1e-12, f, np.sin(f * omega) / safe)
    points = wa[:, :, None] * a[:, None, :] + wb[:, :, None] * b[:, None, :]
    lons = np.degrees(np.arctan2(points[:, :, 1], points[:, :, 0]))
    norm = np.linalg.norm(points, axis=2)
    lats = np.degrees(np.arcsin(np.clip(points[:, :, 2] / np.where(norm, norm, 1), -1, 1)))
    crossing = (np.abs(np.diff(lons, axis=1)) > 180.0).any(axis=1)
    gap = np.full((len(lons), 1), np.nan)
    plain_lons = np.hstack([lons, gap])[~crossing].ravel()
    plain_lats = np.hstack([lats, gap])[~crossing].ravel()
    if not crossing.any():
        return plain_lons, plain_lats
    cut_lons, cut_lats = [plain_lons], [plain_lats]
    for (lon1, lat1), (lon2, lat2) in zip(starts[crossing], ends[crossing], strict=True):
        xs, ys = great_circle(lon1, lat1, lon2, lat2, n=n)
        cut_lons.append(np.array([np.nan if x is None else x for x in xs] + [np.nan]))
        cut_lats.append(np.array([np.nan if y is None else y for y in ys] + [np.nan]))
    return np.concatenate(cut_lons), np.concatenate(cut_lats)


def arc_points(ties: int) -> int:
    """Points per arc for a map of ``ties`` ties: fewer when the whole world is drawn."""
    return ARC_POINTS if ties <= MANY_TIES else ARC_POINTS_MANY


def midpoints(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The middle of the great-circle arc from each ``starts[i]`` to ``ends[i]``.

    >>> lon, lat = midpoints(np.array([[170.0, 0.0]]), np.array([[-170.0, 0.0]]))
    >>> float(abs(lon[0])), float(lat[0])
    (180.0, 0.0)
    """
    starts = np.asarray(starts, dtype=float).reshape(-1, 2)
    ends = np.asarray(ends, dtype=float).reshape(-1, 2)

    def vectors(points: np.ndarray) -> np.ndarray:
        lon, lat = np.radians(points[:, 0]), np.radians(points[:, 1])
        return np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], 1)

    total = vectors(starts) + vectors(ends)
    norm = np.linalg.norm(total, axis=1)
    # Antipodal pairs have no single middle: take the start.
    total = np.where(norm[:, None] < 1e-9, vectors(starts), total)
    norm = np.linalg.norm(total, axis=1)
    lons = np.degrees(np.arctan2(total[:, 1], total[:, 0]))
    lats = np.degrees(np.arcsin(np.clip(total[:, 2] / norm, -1.0, 1.0)))
    return lons, lats


# --- text -------------------------------------------------------------------------------


def city_name(data: Mapping[str, Any], lang: str, fallback: str = "") -> str:
    """A city's name in ``lang`` (Persian falls back to English), HTML-escaped."""
    name = data.get("name_fa") if lang == "fa" else None
    if not isinstance(name, str) or not name.strip():
        name = data.get("name_en")
    # quote=False: plotly decodes &lt; &gt; &amp; but shows &quot; literally
    return html.escape(str(name if name else fallback), quote=False)


def _tie_hover(a: str, b: str, tie: Mapping[str, Any], graph: nx.Graph, lang: str) -> str:
    counts = tie.get("exchanges_by_kind") or {}
    last = tie.get("last_exchange")
    return t(
        "mapview.hover.tie",
        lang,
        a=city_name(graph.nodes[a], lang, a),
        b=city_name(graph.nodes[b], lang, b),
        relation=label(tie["relation"], lang),
        status=label(tie["status"], lang) if tie.get("status") else "",
        since=gregorian_and_jalali(tie.get("since"), lang),
        evidence=label(tie["evidence"], lang),
        exchanges=join_list(
            [f"{label(k, lang)} {digits(int(counts.get(k, 0)), lang)}" for k in KIND_ORDER], lang
        ),
        last=gregorian_and_jalali(last, lang) if last else t("mapview.hover.never", lang),
        routes=int(tie.get("routes") or 0),
    )


def _short_hover(a: str, b: str, tie: Mapping[str, Any], graph: nx.Graph, lang: str) -> str:
    """The world scope's hover: names, relation and year (the full one is megabytes)."""
    return t(
        "mapview.hover.tie_short",
        lang,
        a=city_name(graph.nodes[a], lang, a),
        b=city_name(graph.nodes[b], lang, b),
        relation=label(tie["relation"], lang),
        since=digits(str(tie["since"]), lang) if tie.get("since") else t("date.unknown", lang),
    )


def _country_hover(a: str, b: str, edge: Mapping[str, Any], lang: str) -> str:
    return t(
        "mapview.hover.countries",
        lang,
        a=html.escape(a, quote=False),
        b=html.escape(b, quote=False),
        ties=int(edge["ties"]),
        exchanges=int(edge["exchanges"]),
    )


# --- the figure -------------------------------------------------------------------------


def _weight_class(weight: float) -> int:
    return max(i for i, lower in enumerate(WEIGHT_CLASSES) if weight >= lower)


def _view_geo(view: MapView, graph: nx.Graph) -> dict[str, Any]:
    geo: dict[str, Any] = {
        "projection_type": _PLOTLY_PROJECTION[view.projection],
        "bgcolor": "rgba(0,0,0,0)",
        **dict.fromkeys(GEO_LAYERS, False),
    }
    if view.projection == "orthographic":
        centre = DEFAULT_CENTRE
        if view.city and view.city in graph:
            data = graph.nodes[view.city]
            centre = (float(data["lon"]), float(data["lat"]))
        geo["projection_rotation"] = {"lon": centre[0], "lat": centre[1], "roll": 0}
        # No axis ranges: on a globe they crop it around the rotation centre.
    else:
        lon_range, lat_range = REGIONS[view.region]
        geo["lonaxis"] = {"range": list(lon_range)}
        geo["lataxis"] = {"range": list(lat_range)}
    return geo


def map_figure(graph: nx.Graph, view: MapView, height: int = 620) -> go.Figure:
    """Draw the (already filtered) tie network ``graph`` as ``view`` says.

    Traces, always in this order and always present (some may be empty): basemap;
    ties with no recorded exchange; for each kind of :data:`KIND_ORDER` one trace per
    width class of :data:`WEIGHT_CLASSES`; tie midpoints (hover text of each tie,
    invisible); foreign cities (``customdata``: city ids, for clicks); Iranian cities;
    the selected city; labels. In the
    country view (``view.aggregate``) the kind traces hold the country-to-country lines
    (in class order) and the no-exchange trace stays empty. Marker size grows with the
    number of partners. It draws with no network access.
    """
    lang = view.lang
    kinds = view.chosen_kinds()
    shown = aggregate_countries(graph) if view.aggregate else graph
    n = arc_points(shown.number_of_edges())
    few = shown.number_of_edges() <= MANY_TIES

    # Group ties by trace: "none" (no exchange) or (kind, class).
    groups: dict[Any, list[tuple[str, str]]] = {"none": []}
    for kind in KIND_ORDER:
        for c in range(len(WEIGHT_CLASSES)):
            groups[(kind, c)] = []
    mid_pairs: list[tuple[str, str]] = []
    mid_text: list[str] = []
    mid_colour: list[str] = []
    tie_hover = _tie_hover if few else _short_hover
    for a, b, tie in shown.edges(data=True):
        if view.aggregate:
            ties = int(tie["ties"])
            group: Any = (KIND_ORDER[0], 0 if ties < 3 else 1 if ties < 20 else 2)
            colour = COUNTRY_COLOUR
            hover = _country_hover(a, b, tie, lang)
        else:
            kind = tie_kind(tie, kinds)
            if kind is None:
                group, colour = "none", NO_EXCHANGE_COLOUR
            else:
                group = (kind, _weight_class(tie_weight(tie, kinds)))
                colour = KIND_COLOURS[kind]
            hover = tie_hover(a, b, tie, graph, lang)
        groups[group].append((a, b))
        mid_pairs.append((a, b))
        mid_text.append(hover)
        mid_colour.append(colour)

    def ends(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        starts = np.array([[shown.nodes[a]["lon"], shown.nodes[a]["lat"]] for a, _ in pairs])
        stops = np.array([[shown.nodes[b]["lon"], shown.nodes[b]["lat"]] for _, b in pairs])
        return starts.reshape(-1, 2), stops.reshape(-1, 2)

    def arcs(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        lons, lats = great_circle_arcs(*ends(pairs), n=n)
        # Single precision halves the figure; 1e-5 degrees is about a metre.
        return lons.astype(np.float32), lats.astype(np.float32)

    mid_lon, mid_lat = midpoints(*ends(mid_pairs))

    fig = go.Figure()
    fig.add_trace(basemap_trace(lang))
    lons, lats = arcs(groups["none"])
    fig.add_trace(
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            # Thousands of dashed arcs hide the land: at world scale they are hairlines.
            line={
                "color": NO_EXCHANGE_COLOUR,
                "width": 0.8 if few else 0.3,
                "dash": "dash" if few else "solid",
            },
            opacity=0.7 if few else 0.35,
            name=t("legend.no_exchange", lang),
            hoverinfo="skip",
            legendrank=10,
            showlegend=not view.aggregate,
        )
    )
    for k, kind in enumerate(KIND_ORDER):
        # plotly leaves an empty trace out of the legend: the kind's entry goes on its
        # first non-empty width class
        first = next((c for c in range(len(CLASS_WIDTHS)) if groups[(kind, c)]), 0)
        for c, width in enumerate(CLASS_WIDTHS):
            lons, lats = arcs(groups[(kind, c)])
            if view.aggregate:
                name = t("mapview.legend.country_ties", lang)
                colour = COUNTRY_COLOUR
                show = k == 0 and c == len(CLASS_WIDTHS) - 1  # the legend shows the boldest
            else:
                name, colour, show = label(kind, lang), KIND_COLOURS[kind], c == first
            fig.add_trace(
                go.Scattergeo(
                    lon=lons,
                    lat=lats,
                    mode="lines",
                    line={"color": colour, "width": AGG_WIDTHS[c] if view.aggregate else width},
                    opacity=AGG_OPACITY[c] if view.aggregate else 0.85,
                    name=name,
                    legendgroup=f"kind-{kind}",
                    hoverinfo="skip",
                    showlegend=show,
                    legendrank=3 + k,
                )
            )
    fig.add_trace(
        go.Scattergeo(
            lon=mid_lon,
            lat=mid_lat,
            mode="markers",
            # Invisible, and larger than any city marker: plotly gives a click or a hover
            # to the point with the smallest max(distance - radius, 1 - 3 / radius), so
            # over a city its marker always wins and elsewhere the tie's middle does.
            marker={"size": MIDPOINT_SIZE, "color": mid_colour, "opacity": 0.0},
            hovertext=mid_text,
            hoverinfo="text",
            name=t("mapview.legend.ties", lang),
            showlegend=False,
        )
    )

    degree = dict(shown.degree())
    # One marker per point: a district placed at its city's coordinates (Tehran District 12)
    # would sit on top of the city and, being smaller, take the clicks meant for it. Its
    # arcs still start there; the marker belongs to the place with the most ties.
    marked: dict[tuple[float, float], tuple[str, dict]] = {}
    for node, d in sorted(shown.nodes(data=True), key=lambda nd: -degree.get(nd[0], 0)):
        marked.setdefault((d["lon"], d["lat"]), (node, d))
    for is_iranian in (False, True):
        part = [(node, d) for node, d in marked.values() if bool(d.get("iranian")) == is_iranian]
        grow = 2.2 if few or is_iranian else 0.8
        sizes = [min(5 + grow * math.sqrt(degree.get(node, 0)), MAX_MARKER) for node, _ in part]
        hover = [
            t(
                "hover.city",
                lang,
                name=city_name(d, lang, node),
                country=html.escape(str(d.get("country", "")), quote=False),
                ties=degree.get(node, 0),
            )
            for node, d in part
        ]
        fig.add_trace(
            go.Scattergeo(
                lon=[d["lon"] for _, d in part],
                lat=[d["lat"] for _, d in part],
                mode="markers",
                marker={
                    "size": [s + 2 for s in sizes] if is_iranian else sizes,
                    "symbol": "diamond" if is_iranian else "circle",
                    "color": IRANIAN_COLOUR if is_iranian else FOREIGN_COLOUR,
                    "line": {"color": "#222222", "width": 0.8 if few or is_iranian else 0.4},
                },
                customdata=[node for node, _ in part],
                name=t("legend.iranian_city" if is_iranian else "legend.foreign_city", lang),
                hovertext=hover,
                hoverinfo="text",
                legendrank=1 if is_iranian else 2,
            )
        )

    selected = view.city if view.city in shown else None
    sel = shown.nodes[selected] if selected else None
    fig.add_trace(
        go.Scattergeo(
            lon=[sel["lon"]] if sel else [],
            lat=[sel["lat"]] if sel else [],
            mode="markers",
            marker={
                "size": 22,
                "symbol": "circle-open",
                "color": OKABE_ITO["black"],
                "line": {"width": 3},
            },
            customdata=[selected] if selected else [],
            name=t("mapview.legend.selected", lang),
            hoverinfo="skip",
            showlegend=bool(selected),
            legendrank=0,
        )
    )

    candidates = sorted(
        (
            {"id": node, "lon": d["lon"], "lat": d["lat"]}
            for node, d in shown.nodes(data=True)
            if view.aggregate or d.get("iranian") or shown.number_of_nodes() <= 40
        ),
        key=lambda r: (-degree.get(r["id"], 0), str(r["id"])),
    )
    rows = _spread_out(candidates, LABELLED_CITIES)
    if sel and selected not in {r["id"] for r in rows}:
        rows = [{"id": selected, "lon": sel["lon"], "lat": sel["lat"]}, *rows]
    texts = [city_name(shown.nodes[r["id"]], lang, r["id"]) for r in rows]
    fig.add_trace(label_trace(rows, texts, lang))

    layout = _base_layout(lang, t("mapview.title", lang), height=height)
    layout["margin"] = {"l": 0, "r": 0, "t": 66, "b": 0}
    layout["legend"]["traceorder"] = "normal"
    # Clicks select a city; a drag pans the map instead of drawing a selection box.
    layout["dragmode"] = "pan"
    layout["clickmode"] = "event+select"
    fig.update_layout(layout)
    fig.update_geos(**_view_geo(view, shown))
    return fig


def naive_map_figure(graph: nx.Graph, lang: str = "en") -> go.Figure:
    """The baseline for the bench: the same basemap and arcs, one trace per tie."""
    fig = go.Figure()
    fig.add_trace(basemap_trace(lang))
    for a, b, tie in graph.edges(data=True):
        na, nb = graph.nodes[a], graph.nodes[b]
        lons, lats = great_circle(na["lon"], na["lat"], nb["lon"], nb["lat"], n=ARC_POINTS)
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": KIND_COLOURS.get(tie_kind(tie, KIND_ORDER) or "", "#8C8C8C")},
                hovertext=_tie_hover(a, b, tie, graph, lang),
                hoverinfo="text",
                showlegend=False,
            )
        )
    fig.update_geos(projection_type="natural earth", **dict.fromkeys(GEO_LAYERS, False))
    return fig


def exchanges_by_year(exchanges: pd.DataFrame, graph: nx.Graph, view: MapView) -> pd.DataFrame:
    """Dated exchanges of the ties in ``graph`` of the view's kinds, per year and kind.

    Columns ``year``, ``kind``, ``exchanges`` (as
    :func:`graph.views.overview.exchanges_by_year_chart` takes them).
    """
    empty = pd.DataFrame({"year": pd.Series(dtype="int64"), "kind": [], "exchanges": []})
    if exchanges.empty or graph.number_of_edges() == 0:
        return empty
    a = exchanges["city_a"].astype(str)
    b = exchanges["city_b"].astype(str)
    on_map = pd.Series(
        [graph.has_edge(x, y) for x, y in zip(a, b, strict=True)], index=exchanges.index
    )
    frame = exchanges[on_map & exchanges["kind"].isin(view.chosen_kinds())]
    years = pd.to_numeric(frame["year"], errors="coerce") if "year" in frame else None
    if years is None or not years.notna().any():
        return empty
    frame = frame.assign(year=years)[years.notna()]
    if view.year is not None:
        frame = frame[frame["year"] <= view.year]
    out = frame.groupby(["year", "kind"]).size().rename("exchanges").reset_index()
    out["year"] = out["year"].astype("int64")
    return out.sort_values(["year", "kind"]).reset_index(drop=True)


# --- files and the command line ---------------------------------------------------------

FORMATS = ("html", "png", "pdf")
REPO_DIR = Path(__file__).resolve().parents[2]
FONT_DIR = REPO_DIR / "static" / "fonts"
IMAGE_SIZE = {"width": 1600, "height": 900}


def _font_config() -> Path:
    """A fontconfig file that adds the bundled Vazirmatn to the system's fonts."""
    folder = Path(tempfile.gettempdir()) / f"diplomacy-fonts-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    path = folder / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{html.escape(str(FONT_DIR))}</dir>\n"
        f"  <cachedir>{html.escape(str(folder / 'cache'))}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def _chromium() -> str:
    found = find_chromium()
    if found:
        return found
    raise RenderError(
        "PNG and PDF need Chromium: install it (apt-get install chromium) or set "
        "BROWSER_PATH; HTML export works without it"
    )


def write_map(fig: go.Figure, path: str | Path, size: Mapping[str, float] | None = None) -> Path:
    """Write ``fig`` to ``path`` by its extension: .html (standalone, plotly.js inlined,
    opens with no network), .png or .pdf (kaleido driving Debian's Chromium, Persian set
    in the bundled Vazirmatn).

    ``size`` (``width``, ``height``, ``scale``) replaces :data:`IMAGE_SIZE` and scale 1
    (the presenter's exports draw 1920x1080). Raises :class:`RenderError` for another
    extension or when Chromium is missing.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RenderError(f"cannot write {path.name!r}: use a .html, .png or .pdf file name")
    if not path.parent.exists():
        raise RenderError(f"folder {str(path.parent)!r} does not exist")
    if fmt == "html":
        fig.write_html(
            str(path),
            include_plotlyjs=True,
            full_html=True,
            config={"displaylogo": False, "responsive": True},
        )
        return path
    os.environ["BROWSER_PATH"] = _chromium()
    os.environ["FONTCONFIG_FILE"] = str(_font_config())
    import kaleido

    try:
        kaleido.write_fig_sync(
            fig,
            path=str(path),
            opts={"format": fmt, **IMAGE_SIZE, "scale": 1, **(size or {})},
            kopts={"mathjax": False},
        )
    except Exception as exc:  # kaleido raises several of its own types
        raise RenderError(f"could not draw {path.name}: {exc}".splitlines()[0]) from exc
    return path


def view_from_args(args: Any, store: Any) -> MapView:
    """The :class:`MapView` the ``render map`` options describe (city names looked up)."""
    from graph.places.lookup import find_city

    cities = store.cities()
    city = None
    if getattr(args, "city", None):
        city = str(find_city(cities, args.city)["city_id"])
    iran = tuple(
        str(find_city(cities, name.strip())["city_id"])
        for name in (getattr(args, "iran_cities", None) or "").split(",")
        if name.strip()
    )

    def listed(name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
        text = getattr(args, name, None)
        if not text:
            return ()
        chosen = [v.strip() for v in text.split(",") if v.strip()]
        unknown = [v for v in chosen if v not in allowed]
        if unknown:
            raise RenderError(
                f"unknown {name.replace('_', ' ')} {', '.join(unknown)}; use {', '.join(allowed)}"
            )
        return tuple(v for v in allowed if v in chosen)

    kinds = listed("kinds", KIND_ORDER)
    return MapView(
        kinds=() if set(kinds) == set(KIND_ORDER) else kinds,
        relations=listed("relations", RELATION_ORDER),
        statuses=listed("statuses", STATUS_ORDER),
        evidence=listed("evidence", EVIDENCE_ORDER),
        include_unverified=not getattr(args, "no_unverified", False),
        include_one_sided=bool(getattr(args, "one_sided", False)),
        year_from=getattr(args, "year_from", None),
        year_to=getattr(args, "year_to", None),
        undated=not getattr(args, "no_undated", False),
        iran_cities=iran,
        min_weight=float(getattr(args, "min_weight", 0.0) or 0.0),
        scope=args.scope,
        city=city,
        projection=getattr(args, "projection", "natural_earth"),
        region=getattr(args, "region", "world"),
        lang=args.lang,
        aggregate=bool(getattr(args, "aggregate_countries", False)),
    )


def render_map_command(args: Any, store: Any) -> int:
    """``python -m graph render map --out FILE``: draw the filtered map to a file."""
    from graph.analysis.build import build_graph

    out = Path(args.out)
    if out.suffix.lower().lstrip(".") not in FORMATS:
        raise RenderError(f"cannot write {out.name!r}: use a .html, .png or .pdf file name")
    view = view_from_args(args, store)
    graph = build_graph(store, view.scope, half_life=args.half_life)
    shown = filter_graph(graph, view)
    write_map(map_figure(shown, view), out)
    print(f"wrote {out} ({shown.number_of_edges():,} ties, {shown.number_of_nodes():,} cities)")
    return 0
