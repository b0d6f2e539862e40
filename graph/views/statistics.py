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

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from graph.i18n import digits, t
from graph.names import city_name
from graph.places.countries import country_name
from graph.views.style import FONT_FAMILY

__all__ = [
    "KONECT_TWIN",
    "STAT_ROWS",
    "comparison_table",
    "degree_distribution",
    "degree_figure",
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
