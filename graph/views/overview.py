"""Plotly figures for the Overview: the map of ties and the summary bar charts.

Offline rules (see the project's OFFLINE notes): the map never uses plotly's built-in
geo layers, which fetch a topojson file from a CDN; it draws the Natural Earth countries
itself as one filled ``Scattergeo`` trace and sets no ``locations``/``locationmode``
(either would make plotly.js fetch the topojson too). Ties are drawn as great-circle arcs
concatenated into one trace per exchange kind, so the number of traces does not grow
with the number of ties (thousands of traces freeze the browser).

All text comes from :mod:`graph.i18n`; every string that comes from data is passed
through :func:`html.escape` before it reaches a hover label. This module never imports
streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER
from graph.i18n import digits, gregorian_and_jalali, jalali, label, t
from graph.names import city_name
from graph.places.geo import great_circle
from graph.settings import default
from graph.views.style import (
    FOREIGN_COLOUR,
    GEO_LAYERS,
    IRANIAN_COLOUR,
    KIND_COLOURS,
    NO_EXCHANGE_COLOUR,
    RELATION_COLOURS,
    TIME_AXIS,
    base_layout,
    basemap_trace,
    label_trace,
    spread_out,
)

__all__ = [
    "exchanges_by_kind_chart",
    "exchanges_by_year_chart",
    "overview_map",
    "ties_by_evidence_chart",
]

LABELLED_IRANIAN_CITIES = default("overview_labelled_iranian_cities")
ARC_POINTS = default("arc_points")
# Map legend, most important first: the reader meets it first (right in fa, left in en).
MAP_LEGEND_ORDER = ("iranian", "foreign", "technical", "cultural", "transit", "no_exchange")


def _arc_hover(edge: Any, names: dict[str, str], lang: str) -> str:
    since = edge.get("since")
    return t(
        "hover.tie",
        lang,
        a=names.get(str(edge["city_a"]), html.escape(str(edge["city_a"]), quote=False)),
        b=names.get(str(edge["city_b"]), html.escape(str(edge["city_b"]), quote=False)),
        relation=label(edge["relation"], lang),
        status=label(edge["status"], lang) if edge.get("status") else "",
        since=gregorian_and_jalali(since, lang),
        evidence=label(edge["evidence"], lang),
        exchanges=int(edge.get("exchanges", 0) or 0),
    )


def _arcs(
    edges: pd.DataFrame, coords: dict[str, tuple[float, float]], names: dict[str, str], lang: str
) -> tuple[list[float | None], list[float | None], list[str | None]]:
    """Concatenate the great-circle arcs of ``edges`` into one line, with hover text."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    texts: list[str | None] = []
    for edge in edges.to_dict("records"):
        a, b = coords.get(str(edge["city_a"])), coords.get(str(edge["city_b"]))
        if a is None or b is None:
            continue
        arc_lons, arc_lats = great_circle(a[0], a[1], b[0], b[1], n=ARC_POINTS)
        hover = _arc_hover(edge, names, lang)
        lons.extend([*arc_lons, None])
        lats.extend([*arc_lats, None])
        texts.extend([None if x is None else hover for x in arc_lons] + [None])
    return lons, lats, texts


def _fitted_ranges(lons: Iterable[float], lats: Iterable[float]) -> dict[str, Any]:
    """Longitude and latitude ranges around the data, padded, or the world when wide."""
    lons, lats = list(lons), list(lats)
    if not lons:
        return {"lonaxis": {"range": [-180, 180]}, "lataxis": {"range": [-58, 84]}}
    pad = 8.0
    lo_lon, hi_lon = min(lons) - pad, max(lons) + pad
    lo_lat, hi_lat = max(min(lats) - pad, -58.0), min(max(lats) + pad, 84.0)
    if hi_lon - lo_lon > 300:
        lo_lon, hi_lon = -180.0, 180.0
    # Keep a sensible minimum window so one city is not magnified to a blur.
    if hi_lon - lo_lon < 40:
        mid = (hi_lon + lo_lon) / 2
        lo_lon, hi_lon = mid - 20, mid + 20
    if hi_lat - lo_lat < 25:
        mid = (hi_lat + lo_lat) / 2
        lo_lat, hi_lat = mid - 12.5, mid + 12.5
    return {
        "lonaxis": {"range": [max(lo_lon, -180.0), min(hi_lon, 180.0)]},
        "lataxis": {"range": [lo_lat, hi_lat]},
    }


def _legend_rank(entry: str, lang: str) -> int:
    """Rank of a map legend entry: reading order, mirrored for right-to-left Persian."""
    rank = MAP_LEGEND_ORDER.index(entry) + 1
    return len(MAP_LEGEND_ORDER) + 1 - rank if lang == "fa" else rank


def overview_map(
    nodes: pd.DataFrame,
    edges: pd.DataFrame,
    lang: str,
    focus_city_ids: Iterable[str] | None = None,
) -> go.Figure:
    """Map the ties of Iranian cities: one basemap trace, one arc trace per kind, markers.

    Parameters
    ----------
    nodes : DataFrame with ``city_id``, ``name_en``, ``name_fa``, ``country``, ``lat``,
        ``lon``, ``population``, ``iranian`` and optionally ``ties`` (the city's number of
        ties, for the hover); see :func:`graph.analysis.overview.map_nodes`.
    edges : DataFrame with ``city_a``, ``city_b``, ``relation``, ``status``, ``since``,
        ``evidence``, ``kind`` (dominant exchange kind, None when no exchange is recorded)
        and ``exchanges``; see :func:`graph.analysis.overview.tie_edges`.
    lang : ``"fa"`` or ``"en"``.
    focus_city_ids : when given and not empty, only the ties touching these cities (and
        their ends) are drawn and the view fits them.

    Returns
    -------
    plotly Figure with a fixed number of traces, in order: basemap, no-exchange arcs,
    one arc trace per kind of :data:`graph.analysis.overview.KIND_ORDER`, foreign cities, Iranian
    cities, labels of the largest Iranian cities. It draws with no network access.
    """
    nodes = nodes.assign(city_id=nodes["city_id"].astype(str))
    focus = {str(c) for c in focus_city_ids or ()}
    if focus:
        nodes, edges = _focused(nodes, edges, focus)
    records = nodes.to_dict("records")
    coords = {r["city_id"]: (float(r["lon"]), float(r["lat"])) for r in records}
    names = {r["city_id"]: city_name(r, lang, escape=True) for r in records}

    fig = go.Figure()
    fig.add_trace(basemap_trace(lang))
    for trace in _arc_traces(edges, coords, names, lang):
        fig.add_trace(trace)
    for trace in _city_traces(nodes, names, lang):
        fig.add_trace(trace)
    fig.add_trace(_labels(nodes, focus, names, lang))

    layout = base_layout(lang, t("map.title", lang), height=580)
    layout["margin"] = {"l": 0, "r": 0, "t": 66, "b": 0}
    # legendrank orders the legend; "reversed" would flip it, so rank the map by hand.
    layout["legend"]["traceorder"] = "normal"
    fig.update_layout(layout)
    fig.update_geos(
        projection_type="natural earth",
        bgcolor="rgba(0,0,0,0)",
        **dict.fromkeys(GEO_LAYERS, False),
        **_fitted_ranges([c[0] for c in coords.values()], [c[1] for c in coords.values()]),
    )
    return fig


def _focused(
    nodes: pd.DataFrame, edges: pd.DataFrame, focus: set[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Only the ties touching the ``focus`` cities, and the cities at their ends."""
    touches = edges["city_a"].astype(str).isin(focus) | edges["city_b"].astype(str).isin(focus)
    edges = edges[touches]
    ends = set(edges["city_a"].astype(str)) | set(edges["city_b"].astype(str)) | focus
    return nodes[nodes["city_id"].isin(ends)], edges


def _arc_traces(
    edges: pd.DataFrame,
    coords: dict[str, tuple[float, float]],
    names: dict[str, str],
    lang: str,
) -> list[go.Scattergeo]:
    """The ties with no recorded exchange (dotted), then one trace per kind."""
    kinds = edges["kind"] if "kind" in edges else pd.Series(None, index=edges.index)
    lons, lats, texts = _arcs(edges[kinds.isna()], coords, names, lang)
    traces = [
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": NO_EXCHANGE_COLOUR, "width": 0.9, "dash": "dot"},
            opacity=0.8,
            name=t("legend.no_exchange", lang),
            hovertext=texts,
            hoverinfo="text",
            legendrank=_legend_rank("no_exchange", lang),
        )
    ]
    for kind in KIND_ORDER:
        lons, lats, texts = _arcs(edges[kinds == kind], coords, names, lang)
        traces.append(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                line={"color": KIND_COLOURS[kind], "width": 2.0},
                name=label(kind, lang),
                hovertext=texts,
                hoverinfo="text",
                legendrank=_legend_rank(kind, lang),
            )
        )
    return traces


def _city_traces(nodes: pd.DataFrame, names: dict[str, str], lang: str) -> list[go.Scattergeo]:
    """The foreign cities, then the Iranian ones."""
    iranian_mask = nodes["iranian"].astype(bool)
    traces = []
    for is_iranian in (False, True):
        part = nodes[iranian_mask == is_iranian].to_dict("records")
        hover = [
            t(
                "hover.city",
                lang,
                name=names[r["city_id"]],
                country=html.escape(str(r.get("country", "")), quote=False),
                ties=int(r.get("ties", 0) or 0),
            )
            for r in part
        ]
        traces.append(
            go.Scattergeo(
                lon=[r["lon"] for r in part],
                lat=[r["lat"] for r in part],
                mode="markers",
                marker={
                    "size": 8 if is_iranian else 6,
                    "symbol": "diamond" if is_iranian else "circle",
                    "color": IRANIAN_COLOUR if is_iranian else FOREIGN_COLOUR,
                    "line": {"color": "#222222", "width": 0.6 if is_iranian else 0.8},
                },
                name=t("legend.iranian_city" if is_iranian else "legend.foreign_city", lang),
                hovertext=hover,
                hoverinfo="text",
                legendrank=_legend_rank("iranian" if is_iranian else "foreign", lang),
            )
        )
    return traces


def _labels(
    nodes: pd.DataFrame, focus: set[str], names: dict[str, str], lang: str
) -> go.Scattergeo:
    """Names of the largest Iranian cities (of the focus cities when there is a focus)."""
    labelled = nodes[nodes["iranian"].astype(bool)]
    if focus:
        labelled = labelled[labelled["city_id"].isin(focus)]
    order = ["population", "ties"] if "ties" in labelled else ["population"]
    labelled = labelled.sort_values(order, ascending=False, na_position="last")
    rows = spread_out(labelled.to_dict("records"), LABELLED_IRANIAN_CITIES)
    return label_trace(rows, [names[r["city_id"]] for r in rows], lang)


def _bar_layout(lang: str, title: str, x_title: str, y_title: str, legend_title: str = "") -> dict:
    """Bar chart layout; in Persian the value axis sits on the right, as the text reads."""
    rtl = lang == "fa"
    layout = base_layout(lang, title, height=380)
    layout["margin"] = {"l": 10, "r": 10, "t": 70, "b": 10}
    layout["barmode"] = "stack"
    # Counts that do not fit inside a thin stacked segment are hidden, not overprinted.
    layout["uniformtext"] = {"minsize": 10, "mode": "hide"}
    layout["xaxis"] = {"title": {"text": x_title}, "automargin": True}
    layout["yaxis"] = {
        "title": {"text": y_title},
        "side": "right" if rtl else "left",
        "automargin": True,
        "rangemode": "tozero",
        "separatethousands": True,
    }
    layout["legend"]["title"]["text"] = legend_title
    layout["legend"]["y"] = -0.25
    return layout


def _persian_ticks(fig: go.Figure, axis: str, values: list[int], lang: str) -> None:
    """Write an axis' integer ticks in the reader's digits (plotly only draws Latin digits)."""
    fig.update_layout(
        {
            axis: {
                "tickmode": "array",
                "tickvals": values,
                "ticktext": [digits(v, lang) for v in values],
            }
        }
    )


def _count_ticks(top: int) -> list[int]:
    """Three to six round tick values (steps of 1, 2 or 5 times a power of ten) up to ``top``.

    >>> _count_ticks(18), _count_ticks(57), _count_ticks(3)
    ([0, 5, 10, 15], [0, 10, 20, 30, 40, 50], [0, 1, 2, 3])
    """
    top = max(int(top), 1)
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if top / step <= 6:
                return list(range(0, top + 1, step))
        magnitude *= 10


def ties_by_evidence_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars: ties per evidence tier, stacked by relation.

    ``table`` has columns ``evidence``, ``relation``, ``ties`` (as
    ``overview_summary()["ties_by_evidence_relation"]``). Tiers run from strongest to
    weakest; in Persian they read from right to left.
    """
    tiers = [e for e in EVIDENCE_ORDER if e in set(table["evidence"])] or list(EVIDENCE_ORDER[:4])
    fig = go.Figure()
    for relation in RELATION_ORDER:
        part = table[table["relation"] == relation].set_index("evidence")["ties"]
        if part.empty:
            continue
        values = [int(part.get(e, 0)) for e in tiers]
        fig.add_trace(
            go.Bar(
                x=[label(e, lang) for e in tiers],
                y=values,
                name=label(relation, lang),
                marker_color=RELATION_COLOURS[relation],
                text=[digits(v, lang) if v else "" for v in values],
                textposition="inside",
                insidetextanchor="middle",
                textangle=0,
                hovertemplate="%{x}: %{text}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        _bar_layout(
            lang,
            t("chart.ties_by_evidence", lang),
            t("axis.evidence", lang),
            t("axis.ties", lang),
            t("legend.relation", lang),
        )
    )
    if lang == "fa":
        fig.update_xaxes(autorange="reversed")
    totals = table.groupby("evidence")["ties"].sum()
    _persian_ticks(fig, "yaxis", _count_ticks(totals.max() if len(totals) else 1), lang)
    return fig


def exchanges_by_kind_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Bars: number of exchanges per kind (``table`` has columns ``kind``, ``exchanges``)."""
    counts = table.set_index("kind")["exchanges"]
    kinds = [k for k in KIND_ORDER if k in counts.index]
    values = [int(counts[k]) for k in kinds]
    fig = go.Figure(
        go.Bar(
            x=[label(k, lang) for k in kinds],
            y=values,
            marker_color=[KIND_COLOURS[k] for k in kinds],
            text=[digits(v, lang) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(
        _bar_layout(
            lang,
            t("chart.exchanges_by_kind", lang),
            t("axis.kind", lang),
            t("axis.exchanges", lang),
        )
    )
    if lang == "fa":
        fig.update_xaxes(autorange="reversed")
    _persian_ticks(fig, "yaxis", _count_ticks(max(values, default=1)), lang)
    return fig


def _year_ticks(first: int, last: int) -> list[int]:
    """Year ticks every 1, 2, 5, 10 or 20 years, at most about eight of them."""
    span = max(last - first, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if span / s <= 8)
    start = first - first % step
    return [y for y in range(start, last + 1, step) if y >= first] or [first]


def exchanges_by_year_chart(table: pd.DataFrame, lang: str) -> go.Figure:
    """Stacked bars: dated exchanges per Gregorian year, stacked by kind.

    ``table`` has columns ``year``, ``kind``, ``exchanges``. Time runs left to right in
    both languages (``TIME_AXIS``); each tick shows the Gregorian year and, below it, the
    Jalali year holding most of it (see :func:`graph.i18n.jalali`). Undated exchanges are not in the
    table: say how many were left out next to the chart.
    """
    fig = go.Figure()
    years = [int(y) for y in table["year"]] if len(table) else []
    for kind in KIND_ORDER:
        part = table[table["kind"] == kind]
        if part.empty:
            continue
        values = [int(v) for v in part["exchanges"]]
        fig.add_trace(
            go.Bar(
                x=[int(y) for y in part["year"]],
                y=values,
                name=label(kind, lang),
                marker_color=KIND_COLOURS[kind],
                customdata=[
                    [gregorian_and_jalali(int(y), lang), digits(v, lang)]
                    for y, v in zip(part["year"], values, strict=True)
                ],
                hovertemplate="%{customdata[0]}: %{customdata[1]}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        _bar_layout(
            lang,
            t("chart.exchanges_by_year", lang),
            t("axis.year", lang),
            t("axis.exchanges", lang),
            t("legend.kind", lang),
        )
    )
    fig.update_layout(bargap=0.15)
    fig.update_xaxes(**TIME_AXIS)
    if years:
        ticks = _year_ticks(min(years), max(years))
        # The reader's own calendar on top, the other one smaller below it.
        small = "<span style='font-size:10px'>{}</span>"
        if lang == "fa":
            text = [f"{jalali(y, lang)}<br>{small.format(digits(str(y), lang))}" for y in ticks]
        else:
            text = [f"{y}<br>{small.format(jalali(y, lang))}" for y in ticks]
        fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=text)
        totals = table.groupby("year")["exchanges"].sum()
        _persian_ticks(fig, "yaxis", _count_ticks(int(totals.max())), lang)
    return fig
