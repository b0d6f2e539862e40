"""The statistics page's tables and figure: our networks beside the published KONECT figures.

KONECT's "twin" network (Kunegis, The KONECT Project; crawled from Wikidata in October
2017: http://konect.cc/networks/wikidata_twin/ ) is the only published whole-network
statistic of twin towns we know of. Its figures are copied here as constants so that the
page can set ours beside them; distances there, as here, count hops.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from graph.i18n import digits, t
from graph.i18n.bidi import in_reading_order
from graph.names import city_name
from graph.places.countries import country_name
from graph.places.geo import fill_lonlat
from graph.views.network import CONTINENT_KEYS
from graph.views.style import FONT_FAMILY, base_layout

__all__ = [
    "KONECT_TWIN",
    "MAP_PROJECTION",
    "STAT_ROWS",
    "TIE_CLASSES",
    "area_name",
    "comparison_table",
    "degree_distribution",
    "degree_figure",
    "ties_map_figure",
    "top_cities",
]

# KONECT "twin" (Wikidata twin-town network, October 2017), from its network page.
KONECT_TWIN: dict[str, float] = {
    "nodes": 14_274,
    "edges": 20_573,
    "max_degree": 99,
    "largest_component": 10_320,
    "mean_distance": 7.65,
    "clustering": 0.111,
    "assortativity": 0.387,
}

# Rows of the comparison table: stats key and decimals (None: an integer count).
STAT_ROWS: tuple[tuple[str, int | None], ...] = (
    ("nodes", None),
    ("edges", None),
    ("components", None),
    ("largest_component", None),
    ("avg_degree", 2),
    ("max_degree", None),
    ("clustering", 3),
    ("average_clustering", 3),
    ("assortativity", 3),
    ("mean_distance", 2),
    ("communities", None),
    ("modularity", 3),
    ("country_assortativity", 3),
    ("international_share", 3),
)


SIGNED_ROWS = frozenset({"assortativity", "country_assortativity"})


def _cell(value, decimals: int | None, lang: str, signed: bool = False) -> str:
    """A figure as text in ``lang``'s digits; a dash where there is none.

    >>> _cell(0.387, 3, "en", signed=True), _cell(14274, None, "fa"), _cell(None, 2, "en")
    ('+0.387', '۱۴٬۲۷۴', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        return digits(int(round(value)), lang)
    text = digits(round(float(value), decimals), lang, ndigits=decimals)
    return "+" + text if signed and float(value) > 0 else text


def comparison_table(iran: dict, world: dict, lang: str) -> pd.DataFrame:
    """The paper-style table: one row per statistic, columns Iran scope, world scope, KONECT.

    Cells are text in the reader's digits; a dash where a figure does not exist.
    """
    rows = []
    for key, decimals in STAT_ROWS:
        signed = key in SIGNED_ROWS
        rows.append(
            {
                t("stats.col.measure", lang): t(f"stats.row.{key}", lang),
                t("stats.col.iran", lang): _cell(iran.get(key), decimals, lang, signed),
                t("stats.col.world", lang): _cell(world.get(key), decimals, lang, signed),
                t("stats.col.konect", lang): _cell(KONECT_TWIN.get(key), decimals, lang, signed),
            }
        )
    return pd.DataFrame(rows)


def degree_distribution(graph: nx.Graph) -> pd.DataFrame:
    """How many cities have each number of partners (cities with no tie left out).

    >>> degree_distribution(nx.star_graph(3)).to_dict("list")
    {'partners': [1, 3], 'cities': [3, 1]}
    """
    counts = Counter(d for _, d in graph.degree if d > 0)
    degrees = sorted(counts)
    return pd.DataFrame({"partners": degrees, "cities": [counts[d] for d in degrees]})


def _log_ticks(top: float) -> list[int]:
    ticks, value = [], 1
    while value <= max(top, 1):
        ticks.append(value)
        value *= 10
    return ticks


def degree_figure(distributions: dict[str, pd.DataFrame], lang: str) -> go.Figure:
    """Log-log scatter of the degree distribution, one trace per scope (``iran``, ``world``).

    A straight falling line on log-log axes is the heavy tail typical of twin-town
    networks: many cities with one or two partners, a few hubs with dozens.
    """
    colours = {"iran": "#D55E00", "world": "#0072B2"}
    fig = go.Figure()
    top_x, top_y = 1, 1
    for scope, frame in distributions.items():
        if frame.empty:
            continue
        top_x, top_y = max(top_x, frame["partners"].max()), max(top_y, frame["cities"].max())
        name = html.escape(t(f"stats.col.{scope}", lang))
        hover = [
            html.escape(t("stats.hover.degree", lang, partners=int(p), cities=int(c)))
            for p, c in zip(frame["partners"], frame["cities"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=frame["partners"],
                y=frame["cities"],
                mode="markers",
                name=name,
                marker={"color": colours.get(scope, "#000000"), "size": 8, "opacity": 0.8},
                hovertext=hover,
                hoverinfo="text",
            )
        )
    rtl = lang == "fa"
    x_ticks, y_ticks = _log_ticks(top_x), _log_ticks(top_y)
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": 13},
        title={
            "text": html.escape(t("stats.degree.title", lang)),
            "x": 0.99 if rtl else 0.01,
            "xanchor": "right" if rtl else "left",
        },
        height=420,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        # The points fall from top left to bottom right: the top right corner is free.
        legend={"x": 0.99, "xanchor": "right", "y": 0.99, "yanchor": "top"},
        xaxis={
            "type": "log",
            "title": {"text": html.escape(t("stats.degree.x", lang))},
            "tickmode": "array",
            "tickvals": x_ticks,
            "ticktext": [digits(v, lang) for v in x_ticks],
        },
        yaxis={
            "type": "log",
            "title": {"text": html.escape(t("stats.degree.y", lang))},
            "side": "right" if rtl else "left",
            "tickmode": "array",
            "tickvals": y_ticks,
            "ticktext": [digits(v, lang) for v in y_ticks],
        },
    )
    return fig


def top_cities(graph: nx.Graph, lang: str, n: int = 10, extra: dict | None = None) -> pd.DataFrame:
    """The ``n`` cities with most partners: rank, name in ``lang``, country, partners.

    ``extra`` maps a column title to ``{city_id: value}`` (e.g. betweenness) to show beside.
    """
    ranked = sorted(graph.nodes, key=lambda c: (-graph.degree[c], str(graph.nodes[c]["name_en"])))
    rows = []
    for i, city in enumerate(ranked[:n], 1):
        data = graph.nodes[city]
        row = {
            t("stats.col.rank", lang): digits(i, lang),
            t("stats.col.city", lang): city_name(data, lang),
            t("stats.col.country", lang): country_name(data.get("country") or "", lang),
            t("stats.col.partners", lang): digits(graph.degree[city], lang),
        }
        for title, values in (extra or {}).items():
            row[title] = digits(round(values.get(city, 0.0), 3), lang, ndigits=3)
        rows.append(row)
    return pd.DataFrame(rows)


# --- the map of ties per country or continent ----------------------------------------------
TIE_CLASSES: tuple[tuple[int, int | None], ...] = (
    (0, 0),
    (1, 9),
    (10, 99),
    (100, 999),
    (1000, 9999),
    (10000, None),
)
"""Classes of the ties map, each ten times the one before: (lowest, highest or None)."""
# light to dark, distinguishable in greyscale and by the colour-blind (ColorBrewer Blues)
TIE_CLASS_COLOURS = ("#EEEEEE", "#C6DBEF", "#9ECAE1", "#4292C6", "#2171B5", "#08306B")
MAP_PROJECTION = "equal earth"  # equal-area: areas compare as on the ground


def _tie_class(ties: int) -> int:
    return next(
        i
        for i, (low, high) in enumerate(TIE_CLASSES)
        if ties >= low and (high is None or ties <= high)
    )


def _class_label(index: int, lang: str) -> str:
    low, high = TIE_CLASSES[index]
    if high == 0:
        return t("stats.map.class.none", lang)
    if high is None:
        return t("stats.map.class.above", lang, low=low)
    return t("stats.map.class.range", lang, low=low, high=high)


def area_name(row: dict, grouping: str, lang: str) -> str:
    """An area of :func:`graph.analysis.geography.ties_by_area` named in ``lang``."""
    if grouping == "continent":
        key = CONTINENT_KEYS.get(row["area"])
        return t(f"continent.{key}", lang) if key else str(row["area"])
    return (row.get("name_fa") if lang == "fa" else None) or str(row.get("name_en") or "")


def ties_map_figure(areas: Any, grouping: str, lang: str) -> go.Figure:
    """Ties per country or continent (``areas``, from ``ties_by_area``) on an equal-area
    world map (Equal Earth), one filled trace per class of :data:`TIE_CLASSES`, each in
    the legend; the counts are in the hovers, and on the map for continents.

    Drawn offline: the areas are filled ``Scattergeo`` traces, plotly's own layers off.
    """
    rows = areas.to_dict("records")
    classes: dict[int, list[dict]] = {}
    for row in rows:
        classes.setdefault(_tie_class(int(row["ties"])), []).append(row)
    fig = go.Figure()
    for index in sorted(classes):
        lons: list[float | None] = []
        lats: list[float | None] = []
        for row in classes[index]:
            part_lons, part_lats = fill_lonlat(row["geometry"])
            lons.extend(part_lons)
            lats.extend(part_lats)
        fig.add_trace(
            go.Scattergeo(
                lon=lons,
                lat=lats,
                mode="lines",
                fill="toself",
                fillcolor=TIE_CLASS_COLOURS[index],
                line={"color": "#FFFFFF", "width": 0.5},
                name=in_reading_order(html.escape(_class_label(index, lang)), lang),
                hoverinfo="skip",
                legendrank=index,
            )
        )
    points = [row["geometry"].representative_point() for row in rows]
    names = [html.escape(area_name(row, grouping, lang), quote=False) for row in rows]
    hovers = [
        f"{name}: {html.escape(t('stats.map.hover', lang, ties=int(row['ties'])))}"
        for name, row in zip(names, rows, strict=True)
    ]
    labelled = grouping == "continent"
    fig.add_trace(
        go.Scattergeo(
            lon=[p.x for p in points],
            lat=[p.y for p in points],
            mode="markers+text" if labelled else "markers",
            marker={"size": 6 if labelled else 4, "color": "rgba(0,0,0,0)"},
            text=[in_reading_order(h, lang) for h in hovers] if labelled else None,
            textfont={"family": FONT_FAMILY, "size": 12, "color": "#222222"},
            hovertext=[in_reading_order(h, lang) for h in hovers],
            hoverinfo="text",
            showlegend=False,
        )
    )
    layout = base_layout(lang, t(f"stats.map.title.{grouping}", lang), 520)
    layout["legend"]["title"]["text"] = html.escape(t("stats.map.legend", lang))
    fig.update_layout(**layout)
    fig.update_geos(
        projection_type=MAP_PROJECTION,
        showland=False,
        showcountries=False,
        showcoastlines=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        showframe=False,
        lataxis_range=[-60, 85],
    )
    return fig
