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
import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER
from graph.i18n import digits, gregorian_and_jalali, jalali, label, t
from graph.places.geo import basemap_lonlat, great_circle, km_between

__all__ = [
    "FONT_FAMILY",
    "GEO_LAYERS",
    "KIND_COLOURS",
    "RELATION_COLOURS",
    "exchanges_by_kind_chart",
    "exchanges_by_year_chart",
    "overview_map",
    "ties_by_evidence_chart",
]

FONT_FAMILY = "Vazirmatn, Tahoma, sans-serif"

# Okabe-Ito colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
KIND_COLOURS = {
    "technical": OKABE_ITO["blue"],
    "cultural": OKABE_ITO["purple"],
    "transit": OKABE_ITO["green"],
}
RELATION_COLOURS = {
    "sister": OKABE_ITO["blue"],
    "cooperation": OKABE_ITO["orange"],
    "friendship": OKABE_ITO["green"],
    "partner": OKABE_ITO["purple"],
}
NO_EXCHANGE_COLOUR = "#8C8C8C"
IRANIAN_COLOUR = OKABE_ITO["vermillion"]
FOREIGN_COLOUR = "#FFFFFF"
LAND_COLOUR = "#E4E4E4"
BORDER_COLOUR = "#FFFFFF"

# Every built-in plotly geo layer; each one, when shown, makes plotly.js fetch topojson.
GEO_LAYERS = (
    "showland",
    "showcountries",
    "showcoastlines",
    "showocean",
    "showlakes",
    "showrivers",
    "showsubunits",
    "showframe",
)

LABELLED_IRANIAN_CITIES = 3
# Labelled cities keep this far apart, so labels do not pile up at world scale
# (Tehran District 12 is not labelled over Tehran, nor Isfahan under it).
LABEL_MIN_KM = 650.0
LABEL_HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"
ARC_POINTS = 24
# Map legend, most important first: the reader meets it first (right in fa, left in en).
MAP_LEGEND_ORDER = ("iranian", "foreign", "technical", "cultural", "transit", "no_exchange")


def _name(row: Any, lang: str) -> str:
    """The city's name in ``lang`` (Persian falls back to English), HTML-escaped."""
    name = row.get("name_fa") if lang == "fa" else None
    if not isinstance(name, str) or not name.strip():
        name = row.get("name_en")
    # quote=False: plotly decodes &lt; &gt; &amp; but shows &quot; literally
    return html.escape(str(name if name is not None else row.get("city_id", "")), quote=False)


def _base_layout(lang: str, title: str, height: int) -> dict[str, Any]:
    """Layout shared by every figure: font, title placed for the reading direction."""
    rtl = lang == "fa"
    return {
        "template": "plotly_white",
        "font": {"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        # The title sits below plotly's toolbar (top right), which would cover it in Persian.
        "title": {
            "text": html.escape(title),
            "x": 0.99 if rtl else 0.01,
            "xanchor": "right" if rtl else "left",
            "xref": "container",
            "y": 1.0,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 30},
            "font": {"size": 16},
        },
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 70, "b": 10},
        "hoverlabel": {"font": {"family": FONT_FAMILY}, "align": "right" if rtl else "left"},
        "legend": {
            "orientation": "h",
            "x": 1.0 if rtl else 0.0,
            "xanchor": "right" if rtl else "left",
            "y": -0.02,
            "yanchor": "top",
            # Legends flow left to right; reversed, a Persian reader meets the first
            # entry first, at the right.
            "traceorder": "reversed" if rtl else "normal",
            "title": {"side": "top right" if rtl else "top left"},
        },
    }


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


def _spread_out(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Take up to ``limit`` rows in order, skipping any closer than LABEL_MIN_KM to a taken one."""
    taken: list[dict[str, Any]] = []
    for row in rows:
        if len(taken) == limit:
            break
        if all(
            km_between(row["lon"], row["lat"], o["lon"], o["lat"]) >= LABEL_MIN_KM for o in taken
        ):
            taken.append(row)
    return taken


def _label_positions(rows: list[dict[str, Any]]) -> list[str]:
    """Place labels: the first (largest) city's above it, the others pointing away from it.

    >>> _label_positions([{"lon": 51, "lat": 36}, {"lon": 60, "lat": 36}, {"lon": 52, "lat": 30}])
    ['top center', 'middle right', 'bottom center']
    """
    if not rows:
        return []
    first = rows[0]
    positions = ["top center"]
    for r in rows[1:]:
        angle = math.degrees(math.atan2(r["lat"] - first["lat"], r["lon"] - first["lon"]))
        vertical = "top" if 30 < angle < 150 else "bottom" if -150 < angle < -30 else "middle"
        horizontal = "right" if abs(angle) <= 60 else "left" if abs(angle) >= 120 else "center"
        positions.append(f"{vertical} {horizontal}")
    return positions


def basemap_trace(lang: str) -> go.Scattergeo:
    """The countries as one filled trace (Natural Earth 1:110m): the offline basemap.

    Plotly's own geo layers fetch a topojson from a CDN; this draws land and borders
    from ``data/`` instead, so maps and their exports work with no network.
    """
    base_lons, base_lats = basemap_lonlat("110m")
    return go.Scattergeo(
        lon=base_lons,
        lat=base_lats,
        mode="lines",
        fill="toself",
        fillcolor=LAND_COLOUR,
        line={"color": BORDER_COLOUR, "width": 0.6},
        name=t("legend.basemap", lang),
        hoverinfo="skip",
        showlegend=False,
    )


def label_trace(rows: list[dict], texts: list[str], lang: str) -> go.Scattergeo:
    """City names at ``rows`` (dicts with ``lon``, ``lat``), bold with a white halo,
    placed so that neighbouring labels do not overlap."""
    return go.Scattergeo(
        lon=[r["lon"] for r in rows],
        lat=[r["lat"] for r in rows],
        mode="text",
        text=texts,
        textposition=_label_positions(rows),
        textfont={
            "family": FONT_FAMILY,
            "size": 13,
            "color": "#111111",
            "weight": "bold",
            "shadow": LABEL_HALO,
        },
        name=t("legend.labels", lang),
        hoverinfo="skip",
        showlegend=False,
    )


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
        touches = edges["city_a"].astype(str).isin(focus) | edges["city_b"].astype(str).isin(focus)
        edges = edges[touches]
        ends = set(edges["city_a"].astype(str)) | set(edges["city_b"].astype(str)) | focus
        nodes = nodes[nodes["city_id"].isin(ends)]

    records = nodes.to_dict("records")
    coords = {r["city_id"]: (float(r["lon"]), float(r["lat"])) for r in records}
    names = {r["city_id"]: _name(r, lang) for r in records}
    kinds = edges["kind"] if "kind" in edges else pd.Series(None, index=edges.index)

    fig = go.Figure()
    fig.add_trace(basemap_trace(lang))
    lons, lats, texts = _arcs(edges[kinds.isna()], coords, names, lang)
    fig.add_trace(
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
    )
    for kind in KIND_ORDER:
        lons, lats, texts = _arcs(edges[kinds == kind], coords, names, lang)
        fig.add_trace(
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

    iranian_mask = nodes["iranian"].astype(bool)
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
        fig.add_trace(
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

    labelled = nodes[iranian_mask]
    if focus:
        labelled = labelled[labelled["city_id"].isin(focus)]
    order = ["population", "ties"] if "ties" in labelled else ["population"]
    labelled = labelled.sort_values(order, ascending=False, na_position="last")
    rows = _spread_out(labelled.to_dict("records"), LABELLED_IRANIAN_CITIES)
    fig.add_trace(label_trace(rows, [names[r["city_id"]] for r in rows], lang))

    layout = _base_layout(lang, t("map.title", lang), height=580)
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


def _bar_layout(lang: str, title: str, x_title: str, y_title: str, legend_title: str = "") -> dict:
    """Bar chart layout; in Persian the value axis sits on the right, as the text reads."""
    rtl = lang == "fa"
    layout = _base_layout(lang, title, height=380)
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
    both languages; each tick shows the Gregorian year and, below it, the Jalali year
    holding most of it (see :func:`graph.i18n.jalali`). Undated exchanges are not in the
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
