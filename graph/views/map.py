"""The Map page's figure: ties as great-circle arcs on our own basemap, as a view says.

What is shown is a :class:`graph.analysis.map_filter.MapView`; :func:`map_figure` draws
the ties that :func:`graph.analysis.map_filter.filter_graph` kept. The page,
``python -m graph render map`` and the exports (:mod:`graph.exports.images`) share it.

The figure keeps a fixed number of traces whatever the number of ties (thousands of
traces freeze the browser): one basemap, one trace of ties with no recorded exchange,
one trace per exchange kind and line-width class, one trace of tie midpoints that
carries the tie's hover text, the foreign and Iranian cities, the selected city and
the labels. Plotly's built-in geo layers stay off (they fetch topojson from a CDN); see
:mod:`graph.views.style`. Every data-derived string is escaped with :func:`html.escape`.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import plotly.graph_objects as go

from graph.analysis.map_filter import REGIONS, MapView, aggregate_countries, tie_kind, tie_weight
from graph.analysis.overview import KIND_ORDER
from graph.i18n import digits, gregorian_and_jalali, join_list, label, t
from graph.i18n.bidi import in_reading_order
from graph.names import city_name
from graph.places.countries import country_name
from graph.places.geo import great_circle
from graph.settings import default
from graph.views.labels import Canvas, place_labels
from graph.views.style import (
    FONT_FAMILY,
    FOREIGN_COLOUR,
    GEO_LAYERS,
    IRANIAN_COLOUR,
    KIND_COLOURS,
    LABEL_HALO,
    NO_EXCHANGE_COLOUR,
    OKABE_ITO,
    base_layout,
    basemap_trace,
    name_mark,
    spread_out,
)

__all__ = [
    "WEIGHT_CLASSES",
    "Ties",
    "arc_points",
    "city_markers",
    "great_circle_arcs",
    "label_rows",
    "map_figure",
    "midpoints",
    "one_city_map",
    "naive_map_figure",
    "node_name",
    "sorted_ties",
    "tie_ends",
]

_PLOTLY_PROJECTION = {"natural_earth": "natural earth", "orthographic": "orthographic"}
# Tie weight (sum over the selected kinds) -> line width class: [0, 1), [1, 3), [3, inf).
WEIGHT_CLASSES: tuple[float, ...] = (0.0, 1.0, 3.0)
CLASS_WIDTHS: tuple[float, ...] = (1.4, 2.6, 4.2)
# Points per arc: smooth for the Iranian scope, fewer when the whole world is drawn.
ARC_POINTS = default("arc_points")
ARC_POINTS_MANY = default("arc_points_many")
MANY_TIES = default("many_ties")
LABELLED_CITIES = default("map_labelled_cities")
LABEL_CANVAS = default("map_label_canvas_px")
MAX_MARKER = default("map_max_marker_px")
MIDPOINT_SIZE = MAX_MARKER + 8
SELECTED_SIZE = default("map_selected_ring_px")
DEFAULT_CENTRE = (51.389, 35.6892)  # Tehran: the orthographic view's default centre
COUNTRY_COLOUR = OKABE_ITO["blue"]
# Country view: ties per pair of countries below 3, 3 to 19, 20 and more.
AGG_WIDTHS: tuple[float, ...] = (0.4, 1.2, 3.0)
AGG_OPACITY: tuple[float, ...] = (0.25, 0.5, 0.9)


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


def node_name(graph: nx.Graph, node: Any, lang: str) -> str:
    """The name of ``node`` in ``lang``, HTML-escaped (:func:`graph.names.city_name`); its
    id when it has no name (the graph's nodes carry no ``city_id``)."""
    return city_name(graph.nodes[node], lang, escape=True) or html.escape(str(node), quote=False)


def _tie_hover(a: str, b: str, tie: Mapping[str, Any], graph: nx.Graph, lang: str) -> str:
    counts = tie.get("exchanges_by_kind") or {}
    last = tie.get("last_exchange")
    text = t(
        "mapview.hover.tie",
        lang,
        a=node_name(graph, a, lang),
        b=node_name(graph, b, lang),
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
    return in_reading_order(text, lang)


def _short_hover(a: str, b: str, tie: Mapping[str, Any], graph: nx.Graph, lang: str) -> str:
    """The world scope's hover: names, relation and year (the full one is megabytes)."""
    text = t(
        "mapview.hover.tie_short",
        lang,
        a=node_name(graph, a, lang),
        b=node_name(graph, b, lang),
        relation=label(tie["relation"], lang),
        since=digits(str(tie["since"]), lang) if tie.get("since") else t("date.unknown", lang),
    )
    return in_reading_order(text, lang)


def _country_hover(a: str, b: str, edge: Mapping[str, Any], lang: str) -> str:
    text = t(
        "mapview.hover.countries",
        lang,
        a=html.escape(a, quote=False),
        b=html.escape(b, quote=False),
        ties=int(edge["ties"]),
        exchanges=int(edge["exchanges"]),
    )
    return in_reading_order(text, lang)


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


@dataclass
class Ties:
    """The ties of a figure sorted into its line traces, and each tie's midpoint hover."""

    groups: dict[Any, list[tuple[str, str]]]
    pairs: list[tuple[str, str]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)


def sorted_ties(shown: nx.Graph, view: MapView, few: bool) -> Ties:
    """Group ties by trace: "none" (no exchange) or (kind, width class)."""
    lang = view.lang
    kinds = view.chosen_kinds()
    groups: dict[Any, list[tuple[str, str]]] = {"none": []}
    for kind in KIND_ORDER:
        for c in range(len(WEIGHT_CLASSES)):
            groups[(kind, c)] = []
    ties = Ties(groups)
    tie_hover: Callable[..., str] = _tie_hover if few else _short_hover
    for a, b, tie in shown.edges(data=True):
        if view.aggregate:
            count = int(tie["ties"])
            group: Any = (KIND_ORDER[0], 0 if count < 3 else 1 if count < 20 else 2)
            colour = COUNTRY_COLOUR
            hover = _country_hover(a, b, tie, lang)
        else:
            kind = tie_kind(tie, kinds)
            if kind is None:
                group, colour = "none", NO_EXCHANGE_COLOUR
            else:
                group = (kind, _weight_class(tie_weight(tie, kinds)))
                colour = KIND_COLOURS[kind]
            hover = tie_hover(a, b, tie, shown, lang)
        groups[group].append((a, b))
        ties.pairs.append((a, b))
        ties.texts.append(hover)
        ties.colours.append(colour)
    return ties


def tie_ends(graph: nx.Graph, pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    starts = np.array([[graph.nodes[a]["lon"], graph.nodes[a]["lat"]] for a, _ in pairs])
    stops = np.array([[graph.nodes[b]["lon"], graph.nodes[b]["lat"]] for _, b in pairs])
    return starts.reshape(-1, 2), stops.reshape(-1, 2)


def _arcs(graph: nx.Graph, pairs: list[tuple[str, str]], n: int) -> tuple[np.ndarray, np.ndarray]:
    lons, lats = great_circle_arcs(*tie_ends(graph, pairs), n=n)
    # Single precision halves the figure; 1e-5 degrees is about a metre.
    return lons.astype(np.float32), lats.astype(np.float32)


def _no_exchange_trace(
    arcs: tuple[np.ndarray, np.ndarray], view: MapView, few: bool
) -> go.Scattergeo:
    lons, lats = arcs
    return go.Scattergeo(
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
        name=t("legend.no_exchange", view.lang),
        hoverinfo="skip",
        legendrank=10,
        showlegend=not view.aggregate,
    )


def _kind_traces(shown: nx.Graph, ties: Ties, view: MapView, n: int) -> list[go.Scattergeo]:
    """One trace per kind and width class (the country lines in the country view)."""
    lang = view.lang
    traces = []
    for k, kind in enumerate(KIND_ORDER):
        # plotly leaves an empty trace out of the legend: the kind's entry goes on its
        # first non-empty width class
        first = next((c for c in range(len(CLASS_WIDTHS)) if ties.groups[(kind, c)]), 0)
        for c, width in enumerate(CLASS_WIDTHS):
            lons, lats = _arcs(shown, ties.groups[(kind, c)], n)
            if view.aggregate:
                name = t("mapview.legend.country_ties", lang)
                colour = COUNTRY_COLOUR
                show = k == 0 and c == len(CLASS_WIDTHS) - 1  # the legend shows the boldest
            else:
                name, colour, show = label(kind, lang), KIND_COLOURS[kind], c == first
            traces.append(
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
    return traces


def _midpoint_trace(shown: nx.Graph, ties: Ties, lang: str) -> go.Scattergeo:
    mid_lon, mid_lat = midpoints(*tie_ends(shown, ties.pairs))
    return go.Scattergeo(
        lon=mid_lon,
        lat=mid_lat,
        mode="markers",
        # Invisible, and larger than any city marker: plotly gives a click or a hover
        # to the point with the smallest max(distance - radius, 1 - 3 / radius), so
        # over a city its marker always wins and elsewhere the tie's middle does.
        marker={"size": MIDPOINT_SIZE, "color": ties.colours, "opacity": 0.0},
        hovertext=ties.texts,
        hoverinfo="text",
        name=t("mapview.legend.ties", lang),
        showlegend=False,
    )


def city_markers(
    shown: nx.Graph, degree: Mapping[Any, int], few: bool, lang: str
) -> list[dict[str, Any]]:
    """One marker per place, foreign cities first: ``id``, ``lon``, ``lat``, ``iranian``,
    ``size`` (pixels, growing with the partners), ``hover`` (escaped) and ``parts``, the
    hover's pieces (``name``, ``country``, ``ties``, ``note``) for a map that fills them in."""
    # One marker per point: a district placed at its city's coordinates (Tehran District 12)
    # would sit on top of the city and, being smaller, take the clicks meant for it. Its
    # arcs still start there; the marker belongs to the place with the most ties.
    marked: dict[tuple[float, float], tuple[str, dict]] = {}
    for node, d in sorted(shown.nodes(data=True), key=lambda nd: -degree.get(nd[0], 0)):
        marked.setdefault((d["lon"], d["lat"]), (node, d))
    rows = []
    for is_iranian in (False, True):
        grow = 2.2 if few or is_iranian else 0.8
        for node, d in marked.values():
            if bool(d.get("iranian")) != is_iranian:
                continue
            size = min(5 + grow * math.sqrt(degree.get(node, 0)), MAX_MARKER)
            parts = {
                "name": node_name(shown, node, lang),
                "country": html.escape(country_name(d.get("country"), lang), quote=False),
                "ties": digits(degree.get(node, 0), lang),
                "note": name_mark(d, lang),
            }
            hover = (
                in_reading_order(
                    t(
                        "hover.city",
                        lang,
                        name=parts["name"],
                        country=parts["country"],
                        ties=parts["ties"],
                    ),
                    lang,
                )
                + parts["note"]
            )
            rows.append(
                {
                    "id": node,
                    "lon": d["lon"],
                    "lat": d["lat"],
                    "iranian": is_iranian,
                    "size": size + 2 if is_iranian else size,
                    "hover": hover,
                    "parts": parts,
                }
            )
    return rows


def _city_traces(
    shown: nx.Graph, degree: Mapping[Any, int], few: bool, lang: str
) -> list[go.Scattergeo]:
    """The foreign cities, then the Iranian ones; marker size grows with the partners."""
    markers = city_markers(shown, degree, few, lang)
    traces = []
    for is_iranian in (False, True):
        part = [m for m in markers if m["iranian"] == is_iranian]
        traces.append(
            go.Scattergeo(
                lon=[m["lon"] for m in part],
                lat=[m["lat"] for m in part],
                mode="markers",
                marker={
                    "size": [m["size"] for m in part],
                    "symbol": "diamond" if is_iranian else "circle",
                    "color": IRANIAN_COLOUR if is_iranian else FOREIGN_COLOUR,
                    "line": {"color": "#222222", "width": 0.8 if few or is_iranian else 0.4},
                },
                customdata=[m["id"] for m in part],
                name=t("legend.iranian_city" if is_iranian else "legend.foreign_city", lang),
                hovertext=[m["hover"] for m in part],
                hoverinfo="text",
                legendrank=1 if is_iranian else 2,
            )
        )
    return traces


def _selected_trace(shown: nx.Graph, view: MapView) -> go.Scattergeo:
    selected = view.city if view.city in shown else None
    sel = shown.nodes[selected] if selected else None
    return go.Scattergeo(
        lon=[sel["lon"]] if sel else [],
        lat=[sel["lat"]] if sel else [],
        mode="markers",
        marker={
            "size": SELECTED_SIZE,
            "symbol": "circle-open",
            "color": OKABE_ITO["black"],
            "line": {"width": 3},
        },
        customdata=[selected] if selected else [],
        name=t("mapview.legend.selected", view.lang),
        hoverinfo="skip",
        showlegend=bool(selected),
        legendrank=0,
    )


def one_city_map(shown: nx.Graph, city: Any) -> bool:
    """Whether ``shown`` is one city's partners: every tie drawn is one of ``city``'s."""
    return bool(city in shown and shown.number_of_edges()) and all(
        city in (a, b) for a, b in shown.edges()
    )


def label_rows(
    shown: nx.Graph, view: MapView, degree: Mapping[Any, int]
) -> tuple[list[dict[str, Any]], list[str]]:
    """The cities to name (dicts with ``id``, ``lon``, ``lat``) and their escaped names:
    those with most ties, kept apart; the selected city's always."""
    candidates = sorted(
        (
            {"id": node, "lon": d["lon"], "lat": d["lat"]}
            for node, d in shown.nodes(data=True)
            if view.aggregate or d.get("iranian") or shown.number_of_nodes() <= 40
        ),
        key=lambda r: (-degree.get(r["id"], 0), str(r["id"])),
    )
    rows = spread_out(candidates, LABELLED_CITIES)
    selected = view.city if view.city in shown else None
    if selected and selected not in {r["id"] for r in rows}:
        sel = shown.nodes[selected]
        rows = [{"id": selected, "lon": sel["lon"], "lat": sel["lat"]}, *rows]
    return rows, [node_name(shown, r["id"], view.lang) for r in rows]


def _marker_radius(degree: int, few: bool, iranian: bool) -> float:
    grow = 2.2 if few or iranian else 0.8
    return (min(5 + grow * math.sqrt(degree), MAX_MARKER) + (2 if iranian else 0)) / 2


def _label_canvas(view: MapView, shown: nx.Graph, width: int, height: int) -> Canvas:
    geo = _view_geo(view, shown)
    if view.projection == "orthographic":
        rot = geo["projection_rotation"]
        return Canvas(width, height, "orthographic", centre=(rot["lon"], rot["lat"]))
    return Canvas(
        width,
        height,
        "natural_earth",
        tuple(geo["lonaxis"]["range"]),
        tuple(geo["lataxis"]["range"]),
    )


def _labels(
    shown: nx.Graph,
    view: MapView,
    degree: Mapping[Any, int],
    canvas: Canvas,
    font_px: float,
) -> go.Scattergeo:
    """City names placed by :func:`graph.views.labels.place_labels`.

    The rule, said in the legend: a map of one city's partners names the city and every
    partner; any other map names the :data:`LABELLED_CITIES` cities with the most ties
    drawn (ties broken by name) that find room. The selected city's name always shows.
    """
    few = shown.number_of_edges() <= MANY_TIES
    selected = view.city if view.city in shown else None
    every = not view.aggregate and one_city_map(shown, selected)
    nodes = sorted(
        shown.nodes(data=True),
        key=lambda nd: (-degree.get(nd[0], 0), node_name(shown, nd[0], view.lang)),
    )
    cities = [
        {
            "id": node,
            "lon": float(d["lon"]),
            "lat": float(d["lat"]),
            "text": city_name(d, view.lang) or str(node),
            "radius": _marker_radius(degree.get(node, 0), few, bool(d.get("iranian"))),
        }
        for node, d in nodes
    ]
    for c in cities:
        if c["id"] == selected:  # the selected city's ring (_selected_trace) is larger
            c["radius"] = max(c["radius"], SELECTED_SIZE / 2 + 2)
    if every:
        wanted, limit = cities, len(cities)
    else:
        wanted, limit = cities[: max(LABELLED_CITIES * 4, 40)], LABELLED_CITIES
    placed = place_labels(
        wanted,
        canvas,
        font_px,
        keep=[selected] if selected else [],
        markers=cities[len(wanted) : len(wanted) + 2000],
    )
    if not every:
        placed = [p for p in placed if p.id == selected] + [p for p in placed if p.id != selected][
            : limit - (1 if selected else 0)
        ]
    lons: list[float | None] = []
    lats: list[float | None] = []
    texts: list[str] = []
    positions: list[str] = []
    for p in placed:
        if p.leader:
            lons += [p.lon, p.anchor_lon, None]
            lats += [p.lat, p.anchor_lat, None]
            texts += ["", html.escape(p.text, quote=False), ""]
            positions += ["middle center", p.position, "middle center"]
        else:
            lons += [p.anchor_lon, None]
            lats += [p.anchor_lat, None]
            texts += [html.escape(p.text, quote=False), ""]
            positions += [p.position, "middle center"]
    rule = "mapview.legend.labels_all" if every else "mapview.legend.labels_top"
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="lines+text",
        text=[in_reading_order(x, view.lang) if x else "" for x in texts],
        textposition=positions,
        textfont={
            "family": FONT_FAMILY,
            "size": font_px,
            "color": "#111111",
            "weight": "bold",
            "shadow": LABEL_HALO,
        },
        line={"color": "#555555", "width": 0.8},
        name=t(rule, view.lang, n=min(limit, len(placed))),
        hoverinfo="skip",
        showlegend=bool(placed),
        legendrank=20,
    )


def _layout(view: MapView, height: int) -> dict[str, Any]:
    layout = base_layout(view.lang, t("mapview.title", view.lang), height=height)
    layout["margin"] = {"l": 0, "r": 0, "t": 66, "b": 0}
    layout["legend"]["traceorder"] = "normal"
    # Clicks select a city; a drag pans the map instead of drawing a selection box.
    layout["dragmode"] = "pan"
    layout["clickmode"] = "event+select"
    return layout


def map_figure(
    graph: nx.Graph,
    view: MapView,
    height: int = 620,
    label_area: tuple[int, int] | None = None,
    label_px: float = 13,
) -> go.Figure:
    """Draw the (already filtered) tie network ``graph`` as ``view`` says.

    Traces, always in this order and always present (some may be empty): basemap;
    ties with no recorded exchange; for each kind of :data:`KIND_ORDER` one trace per
    width class of :data:`WEIGHT_CLASSES`; tie midpoints (hover text of each tie,
    invisible); foreign cities (``customdata``: city ids, for clicks); Iranian cities;
    the selected city; labels (with their leader lines, placed in ``label_px`` type for a
    plot area of ``label_area`` pixels, by default :data:`LABEL_CANVAS` wide). In the
    country view (``view.aggregate``) the kind traces hold the country-to-country lines
    (in class order) and the no-exchange trace stays empty. Marker size grows with the
    number of partners. It draws with no network access.
    """
    shown = aggregate_countries(graph) if view.aggregate else graph
    n = arc_points(shown.number_of_edges())
    few = shown.number_of_edges() <= MANY_TIES
    ties = sorted_ties(shown, view, few)
    degree = dict(shown.degree())
    fig = go.Figure()
    fig.add_trace(basemap_trace(view.lang))
    fig.add_trace(_no_exchange_trace(_arcs(shown, ties.groups["none"], n), view, few))
    for trace in _kind_traces(shown, ties, view, n):
        fig.add_trace(trace)
    fig.add_trace(_midpoint_trace(shown, ties, view.lang))
    for trace in _city_traces(shown, degree, few, view.lang):
        fig.add_trace(trace)
    fig.add_trace(_selected_trace(shown, view))
    top = _layout(view, height)["margin"]["t"]
    area = label_area or (LABEL_CANVAS, max(height - top - 60, 200))
    canvas = _label_canvas(view, shown, *area)
    fig.add_trace(_labels(shown, view, degree, canvas, label_px))
    fig.update_layout(_layout(view, height))
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
