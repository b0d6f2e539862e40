"""The network view: who connects whom, drawn with pyvis as one offline HTML page.

What is drawn (a :class:`NetworkView`):

- an **ego network**: a city, its partners and, with more hops, their partners
  (:func:`ego_view`). In the world scope two or three hops reach thousands of cities;
  then only the ``top_n`` cities by the chosen metric are kept (the centre always) and
  the view says how many were left out;
- the **whole network** of a scope (:func:`whole_view`); the world scope is shown as a
  country network (:func:`country_network`: a node per country, an edge weighted by
  the number of ties between two countries), since 17,000 cities draw no readable picture.

How it is drawn (:func:`network_html`): positions are computed here, with a fixed seed,
so that a view looks the same on every run and draws at once: a force layout
(Fruchterman-Reingold on igraph's C core) or a geographic one (longitude and latitude,
equirectangular). vis-network's physics is off unless asked for on a small graph.
Node size follows a metric (partners, strength, betweenness or eigenvector centrality),
node colour a community (Louvain), a continent or Iranian/foreign; a tie's colour is
its dominant kind of exchange, its width the weight of the selected kinds, and a tie
with no recorded exchange is dashed.

Offline: pyvis inlines vis-network (``cdn_resources="in_line"``) but its template still
adds two bootstrap tags from a CDN; :func:`strip_remote_tags` removes them and
:func:`offsite_references` lists anything off the machine that is left (tests assert it
is empty). The Vazirmatn font is embedded as a ``data:`` URI.

Escaping: vis-network (9.x) shows a string ``title`` as plain text. Tooltips here are
small HTML documents in which every data-derived string went through
:func:`html.escape`; an inline script turns each into a DOM element, so markup of our
own (bold, line breaks) renders and a hostile exchange title shows as text.

This module never imports streamlit.
"""

from __future__ import annotations

import argparse
import base64
import html
import json
import math
import random
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd

from graph.i18n import LIST_SEPARATOR, digits, gregorian_and_jalali, join_list, label, t
from graph.model import KINDS
from graph.places.countries import COUNTRIES, country_name
from graph.views.overview import (
    FONT_FAMILY,
    IRANIAN_COLOUR,
    KIND_COLOURS,
    NO_EXCHANGE_COLOUR,
    OKABE_ITO,
)

__all__ = [
    "COLOUR_BY",
    "DEFAULT_TOP_N",
    "HOPS",
    "LAYOUTS",
    "METRICS",
    "PHYSICS_NODE_LIMIT",
    "NetworkView",
    "communities",
    "country_network",
    "ego_view",
    "force_layout",
    "geo_layout",
    "layout_positions",
    "network_html",
    "node_metric",
    "offsite_references",
    "render_network_command",
    "strip_remote_tags",
    "whole_view",
]

METRICS = ("partners", "strength", "betweenness", "eigenvector")
COLOUR_BY = ("community", "region", "iranian")
LAYOUTS = ("force", "geo")
HOPS = (1, 2, 3)
LAYOUT_SEED = 7
COMMUNITY_SEED = 7
# Above this many nodes vis-network's physics takes minutes (pyvis issue 204): off.
PHYSICS_NODE_LIMIT = 300
DEFAULT_TOP_N = 300
# Only the largest nodes carry a label on the canvas; every node has its tooltip.
LABELLED_NODES = 60
MIN_NODE_SIZE, MAX_NODE_SIZE = 7.0, 38.0
MIN_EDGE_WIDTH, MAX_EDGE_WIDTH = 0.8, 7.0
RECENT_EXCHANGES = 3
FONT_FILE = Path(__file__).resolve().parents[2] / "static" / "fonts" / "Vazirmatn-Regular.woff2"

FOREIGN_NODE_COLOUR = OKABE_ITO["sky_blue"]
OTHER_COMMUNITY_COLOUR = "#BBBBBB"
# the legend shows NO_EXCHANGE_COLOUR; on the canvas many such ties must not drown the rest
NO_EXCHANGE_EDGE = "rgba(140,140,140,0.5)"
# Okabe-Ito without black (edges and labels are dark) in an order that keeps
# neighbouring communities apart.
COMMUNITY_COLOURS = (
    OKABE_ITO["orange"],
    OKABE_ITO["blue"],
    OKABE_ITO["green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
)
CONTINENT_COLOURS = {
    "Asia": OKABE_ITO["orange"],
    "Europe": OKABE_ITO["blue"],
    "Africa": OKABE_ITO["yellow"],
    "North America": OKABE_ITO["green"],
    "South America": OKABE_ITO["sky_blue"],
    "Oceania": OKABE_ITO["purple"],
    "Antarctica": OTHER_COMMUNITY_COLOUR,
}
CONTINENT_KEYS = {
    "Asia": "asia",
    "Europe": "europe",
    "Africa": "africa",
    "North America": "north_america",
    "South America": "south_america",
    "Oceania": "oceania",
    "Antarctica": "antarctica",
}

_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script\s*>",
    re.IGNORECASE,
)
_OFFSITE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:|wss?:)?//[^\s"'>]+)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//[^\s"')]+)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//[^\s"')]+)""",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_IGRAPH_RNG = threading.Lock()


@dataclass(frozen=True)
class NetworkView:
    """What the network view draws, and how it was cut down.

    ``graph`` is the drawn graph; ``metric_values`` the size metric of its nodes,
    computed on the whole ``pool`` before any cut; ``pool`` how many nodes the view
    would have without ``top_n``; ``dropped`` how many were left out.
    """

    graph: nx.Graph
    kind: str  # "ego", "whole" or "countries"
    metric: str
    metric_values: dict[Any, float]
    centre: Any = None
    hops: int = 0
    pool: int = 0
    dropped: int = 0
    width_attr: str = "weight"


# --- metrics and communities ---------------------------------------------------------------


def _check(value: str, allowed: Iterable[str], what: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; choose from {', '.join(allowed)}")
    return value


def _to_igraph(graph: nx.Graph) -> tuple[ig.Graph, list]:
    nodes = sorted(graph.nodes, key=str)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((min(index[a], index[b]), max(index[a], index[b])) for a, b in graph.edges)
    return ig.Graph(n=len(nodes), edges=edges), nodes


def node_metric(graph: nx.Graph, metric: str, weight: str = "weight") -> dict[Any, float]:
    """The size metric of every node.

    - ``partners``: number of partners (degree);
    - ``strength``: sum of the ``weight`` of the node's ties;
    - ``betweenness``: share of shortest paths (counted in hops) that pass through the
      node, normalised to 0..1: the brokers;
    - ``eigenvector``: eigenvector centrality (well-connected partners count more), 0..1.

    >>> node_metric(nx.path_graph(3), "betweenness")
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    _check(metric, METRICS, "metric")
    if graph.number_of_nodes() == 0:
        return {}
    if metric == "partners":
        return {n: float(d) for n, d in graph.degree}
    if metric == "strength":
        return {n: float(d) for n, d in graph.degree(weight=weight)}
    small, nodes = _to_igraph(graph)
    if metric == "betweenness":
        n = len(nodes)
        scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
        values = small.betweenness(directed=False)
        return {node: float(v) * scale for node, v in zip(nodes, values, strict=True)}
    if small.ecount() == 0:
        return dict.fromkeys(nodes, 0.0)
    # igraph 1.0 rejects directed=False on an undirected graph; the default scales to max 1
    values = small.eigenvector_centrality()
    return {node: max(float(v), 0.0) for node, v in zip(nodes, values, strict=True)}


def communities(graph: nx.Graph, weight: str | None = None, seed: int = COMMUNITY_SEED) -> dict:
    """Louvain communities: node -> community number, 0 for the largest community.

    Ties are broken by the smallest node, so the numbering is stable for a given graph.
    """
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight=weight, seed=seed)
    ranked = sorted(found, key=lambda c: (-len(c), min(str(n) for n in c)))
    return {node: i for i, group in enumerate(ranked) for node in group}


# --- what to draw ----------------------------------------------------------------------------


def ego_view(
    graph: nx.Graph,
    centre: Any,
    hops: int = 1,
    metric: str = "partners",
    top_n: int | None = DEFAULT_TOP_N,
) -> NetworkView:
    """``centre``, its partners and, with ``hops`` 2 or 3, their partners.

    When the pool has more than ``top_n`` cities only the ``top_n`` highest by
    ``metric`` are kept (the centre and its own partners first), and ``dropped`` says
    how many were left out.
    """
    if centre not in graph:
        raise ValueError(f"city {centre!r} has no tie in this scope")
    if hops not in HOPS:
        raise ValueError(f"hops must be 1, 2 or 3, not {hops}")
    _check(metric, METRICS, "metric")
    pool = nx.ego_graph(graph, centre, radius=hops)
    values = node_metric(pool, metric)
    kept = set(pool.nodes)
    if top_n is not None and len(kept) > top_n:
        direct = set(pool[centre])

        def rank(n):
            return (n != centre, n not in direct, -values[n], str(n))

        kept = set(sorted(pool.nodes, key=rank)[: max(int(top_n), 1)])
    drawn = pool.subgraph(kept).copy()
    # a cut can strand a city whose only link into the view was dropped: leave it out
    stranded = [n for n in drawn if n != centre and drawn.degree[n] == 0]
    drawn.remove_nodes_from(stranded)
    return NetworkView(
        graph=drawn,
        kind="ego",
        metric=metric,
        metric_values={n: values[n] for n in drawn},
        centre=centre,
        hops=hops,
        pool=pool.number_of_nodes(),
        dropped=pool.number_of_nodes() - drawn.number_of_nodes(),
    )


def country_network(graph: nx.Graph) -> nx.Graph:
    """The tie network summed by country: a node per country, an edge per country pair.

    Node attributes: ``name_en``, ``name_fa``, ``continent``, ``country`` (its code),
    ``cities`` (cities with a tie), ``domestic_ties`` (ties inside the country), ``lat``
    and ``lon`` (mean of its cities), ``iranian``. Edge attributes: ``ties`` (the number
    of ties between the two countries, also as ``weight``), ``weights`` per kind and
    ``exchanges`` (sums over those ties).

    >>> g = nx.Graph()
    >>> g.add_nodes_from([(1, {"country": "IR"}), (2, {"country": "RU"}), (3, {"country": "RU"})])
    >>> g.add_edges_from([(1, 2), (1, 3), (2, 3)])
    >>> c = country_network(g)
    >>> c.edges["IR", "RU"]["ties"], c.nodes["RU"]["domestic_ties"]
    (2, 1)
    """
    result = nx.Graph()
    cities: dict[str, list] = defaultdict(list)
    for _, data in graph.nodes(data=True):
        cities[data.get("country") or "??"].append(data)
    for code in sorted(cities):
        members = cities[code]
        name_en, name_fa, continent = COUNTRIES.get(code, (code, code, ""))
        lats = [m["lat"] for m in members if m.get("lat") is not None]
        lons = [m["lon"] for m in members if m.get("lon") is not None]
        result.add_node(
            code,
            country=code,
            name_en=name_en,
            name_fa=name_fa,
            continent=continent,
            cities=len(members),
            domestic_ties=0,
            lat=float(np.mean(lats)) if lats else None,
            lon=float(np.mean(lons)) if lons else None,
            iranian=code == "IR",
        )
    for a, b, data in graph.edges(data=True):
        ca = graph.nodes[a].get("country") or "??"
        cb = graph.nodes[b].get("country") or "??"
        if ca == cb:
            result.nodes[ca]["domestic_ties"] += 1
            continue
        if not result.has_edge(ca, cb):
            result.add_edge(ca, cb, ties=0, weights=dict.fromkeys(KINDS, 0.0), exchanges=0)
        edge = result.edges[ca, cb]
        edge["ties"] += 1
        edge["weight"] = float(edge["ties"])
        edge["exchanges"] += int(data.get("exchanges", 0))
        for kind, value in data.get("weights", {}).items():
            edge["weights"][kind] += float(value)
    isolated = [n for n in result if result.degree[n] == 0]
    result.remove_nodes_from(isolated)
    return result


def whole_view(graph: nx.Graph, scope: str, metric: str = "partners") -> NetworkView:
    """The whole network of a scope; the world scope summed by country."""
    _check(metric, METRICS, "metric")
    if scope == "world":
        countries = country_network(graph)
        values = node_metric(countries, metric, weight="ties")
        return NetworkView(
            graph=countries,
            kind="countries",
            metric=metric,
            metric_values=values,
            pool=countries.number_of_nodes(),
            width_attr="ties",
        )
    return NetworkView(
        graph=graph,
        kind="whole",
        metric=metric,
        metric_values=node_metric(graph, metric),
        pool=graph.number_of_nodes(),
    )


# --- layouts ---------------------------------------------------------------------------------


def _canvas_side(n: int) -> float:
    """Side of the square the layout fills, in vis-network canvas pixels."""
    return max(500.0, 90.0 * math.sqrt(max(n, 1)))


def _fit(points: np.ndarray, side: float) -> np.ndarray:
    if len(points) == 0:
        return points
    centred = points - (points.max(axis=0) + points.min(axis=0)) / 2
    span = float(np.abs(centred).max()) or 1.0
    return centred * (side / 2 / span)


def force_layout(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold positions (igraph), the same for the same graph and seed.

    Nodes are ordered by name first, so the result does not depend on insertion order.
    """
    if graph.number_of_nodes() == 0:
        return {}
    small, nodes = _to_igraph(graph)
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)).tolist()
    # igraph draws random numbers from a process-wide generator: pin it while we use it
    with _IGRAPH_RNG:
        ig.set_random_number_generator(random.Random(seed))
        try:
            layout = small.layout_fruchterman_reingold(seed=start, niter=_iterations(len(nodes)))
        finally:
            ig.set_random_number_generator(random)
    points = _pull_in(np.asarray(layout.coords, dtype=float))
    points = _fit(points, _canvas_side(len(nodes)))
    return {
        n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in zip(nodes, points, strict=True)
    }


def _pull_in(points: np.ndarray, power: float = 0.6) -> np.ndarray:
    """Move far nodes in and spread the core: distance from the centre ``r -> r ** power``.

    Force layouts of dense networks put a few loosely tied nodes far out, and fitting the
    view to them shrinks the crowded core to a blot; this keeps the order of distances.
    """
    if len(points) < 3:
        return points
    centre = np.median(points, axis=0)
    offsets = points - centre
    radius = np.hypot(offsets[:, 0], offsets[:, 1])
    top = float(radius.max()) or 1.0
    scale = np.where(radius > 0, (radius / top) ** power * top / np.maximum(radius, 1e-12), 1.0)
    return centre + offsets * scale[:, None]


def _iterations(n: int) -> int:
    """Fruchterman-Reingold steps: 500 up to 1,000 nodes, fewer (down to 100) above, where
    each step costs more and a readable picture is out of reach anyway."""
    return max(100, min(500, 500_000 // max(n, 1)))


def geo_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Equirectangular positions: x grows with longitude, y with southern latitude.

    Cities at the same place are set apart on a small circle so that none is hidden.
    """
    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    lonlat = np.array(
        [(graph.nodes[n].get("lon") or 0.0, -(graph.nodes[n].get("lat") or 0.0)) for n in nodes],
        dtype=float,
    )
    points = _fit(lonlat, _canvas_side(len(nodes)) * 1.6)
    seen: Counter = Counter()
    result = {}
    for node, (x, y) in zip(nodes, points, strict=True):
        spot = (round(x / 6), round(y / 6))
        k = seen[spot]
        seen[spot] += 1
        if k:
            angle, radius = k * 2.399963, 12.0 * math.sqrt(k)  # golden-angle spiral
            x, y = x + radius * math.cos(angle), y + radius * math.sin(angle)
        result[node] = (round(float(x), 2), round(float(y), 2))
    return result


def layout_positions(graph: nx.Graph, layout: str = "force") -> dict[Any, tuple[float, float]]:
    """Positions for ``layout`` (``force`` or ``geo``)."""
    _check(layout, LAYOUTS, "layout")
    return force_layout(graph) if layout == "force" else geo_layout(graph)


# --- HTML ------------------------------------------------------------------------------------


def strip_remote_tags(page: str) -> str:
    """Remove every ``<link href=...>`` and ``<script src=...></script>`` that points off
    the machine (pyvis's template adds bootstrap from a CDN even with inlined resources)."""
    return _REMOTE_TAG.sub("", page)


def offsite_references(page: str) -> list[str]:
    """Every off-machine reference left in ``page``: ``src``/``href`` attributes,
    ``@import`` and ``url(...)`` pointing at ``http(s)://`` or ``//`` addresses.

    >>> offsite_references('<img src="https://x.org/a.png"><a href="#top">')
    ['src="https://x.org/a.png']
    """
    return [m.group(0) for m in _OFFSITE.finditer(page)]


@lru_cache(maxsize=1)
def _font_face() -> str:
    try:
        data = base64.b64encode(FONT_FILE.read_bytes()).decode("ascii")
    except OSError:  # without the font the system's fallback draws Persian
        return ""
    return (
        "@font-face{font-family:Vazirmatn;font-style:normal;font-weight:400;"
        f"src:url(data:font/woff2;base64,{data}) format('woff2');}}"
    )


def _name(data: Mapping, lang: str) -> str:
    name = data.get("name_fa") if lang == "fa" else None
    if not isinstance(name, str) or not name.strip():
        name = data.get("name_en")
    return str(name if name is not None else "")


def _other_name(data: Mapping, lang: str) -> str:
    other = data.get("name_en") if lang == "fa" else data.get("name_fa")
    return other if isinstance(other, str) and other.strip() and other != _name(data, lang) else ""


def _continent(data: Mapping) -> str:
    continent = data.get("continent")
    if continent:
        return continent
    entry = COUNTRIES.get(data.get("country") or "")
    return entry[2] if entry else ""


def _number(value: float, lang: str) -> str:
    if float(value).is_integer():
        return digits(int(value), lang)
    return digits(value, lang, ndigits=3 if abs(value) < 1 else 2)


def _scaled(value: float, top: float, low: float, high: float) -> float:
    if top <= 0:
        return low
    return round(low + (high - low) * math.sqrt(max(value, 0.0) / top), 2)


def _dominant_kind(weights: Mapping[str, float], kinds: Iterable[str]) -> str | None:
    best = max(((weights.get(k, 0.0), k) for k in kinds), default=(0.0, None))
    return best[1] if best[0] > 0 else None


def _recent_titles(exchanges: pd.DataFrame | None) -> dict[str, list[tuple]]:
    if exchanges is None or exchanges.empty:
        return {}
    frame = exchanges[["pair_key", "date", "kind", "title"]].copy()
    frame["order"] = frame["date"].fillna("")
    frame = frame.sort_values(["pair_key", "order"], ascending=[True, False])
    result: dict[str, list[tuple]] = defaultdict(list)
    for key, when, kind, title in zip(
        frame["pair_key"], frame["date"], frame["kind"], frame["title"], strict=True
    ):
        if len(result[key]) < RECENT_EXCHANGES:
            result[key].append((when, kind, title))
    return result


def _pair_key(a: Any, b: Any) -> str:
    first, second = sorted((str(a), str(b)))
    return f"{first}|{second}"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _node_colours(
    view: NetworkView, colour_by: str, groups: Mapping[Any, int]
) -> tuple[dict, list[tuple[str, str]]]:
    """Colour of every node and the legend entries (colour, already-escaped text)."""
    graph = view.graph
    if colour_by == "iranian":
        colours = {
            n: IRANIAN_COLOUR
            if d.get("iranian") or d.get("country") == "IR"
            else FOREIGN_NODE_COLOUR
            for n, d in graph.nodes(data=True)
        }
        return colours, [("iranian", IRANIAN_COLOUR), ("foreign", FOREIGN_NODE_COLOUR)]
    if colour_by == "region":
        present = Counter(_continent(d) for _, d in graph.nodes(data=True))
        colours = {
            n: CONTINENT_COLOURS.get(_continent(d), OTHER_COMMUNITY_COLOUR)
            for n, d in graph.nodes(data=True)
        }
        entries = [
            (f"continent:{c}", CONTINENT_COLOURS[c]) for c in CONTINENT_COLOURS if present[c]
        ]
        return colours, entries
    colours = {
        n: COMMUNITY_COLOURS[g] if g < len(COMMUNITY_COLOURS) else OTHER_COMMUNITY_COLOUR
        for n, g in groups.items()
    }
    entries = []
    for g in range(min(len(COMMUNITY_COLOURS), len(set(groups.values())))):
        members = [n for n, k in groups.items() if k == g]
        lead = max(members, key=lambda n: (view.metric_values.get(n, 0.0), str(n)))
        entries.append((f"community:{g}:{lead}", COMMUNITY_COLOURS[g]))
    if len(set(groups.values())) > len(COMMUNITY_COLOURS):
        entries.append(("community:other", OTHER_COMMUNITY_COLOUR))
    return colours, entries


def _legend_text(entry: str, view: NetworkView, lang: str) -> str:
    if entry in ("iranian", "foreign"):
        return _esc(t(f"network.legend.{entry}", lang))
    if entry.startswith("continent:"):
        return _esc(t(f"continent.{CONTINENT_KEYS[entry.split(':', 1)[1]]}", lang))
    if entry == "community:other":
        return _esc(t("network.legend.community_other", lang))
    _, number, lead = entry.split(":", 2)
    node = next((n for n in view.graph if str(n) == lead), None)
    lead_name = _name(view.graph.nodes[node], lang) if node is not None else lead
    return _esc(t("network.legend.community", lang, n=int(number) + 1, lead=lead_name))


def _node_tooltip(view: NetworkView, node: Any, lang: str, metric_label: str, group: str) -> str:
    data = view.graph.nodes[node]
    lines = [f"<b>{_esc(_name(data, lang))}</b>"]
    other = _other_name(data, lang)
    if other:
        lines[0] += f" ({_esc(other)})"
    if view.kind == "countries":
        lines.append(_esc(t("network.tip.cities", lang, n=int(data.get("cities", 0)))))
        lines.append(_esc(t("network.tip.domestic", lang, n=int(data.get("domestic_ties", 0)))))
    else:
        lines.append(
            _esc(t("network.tip.country", lang, country=country_name(data.get("country"), lang)))
        )
    lines.append(_esc(t("network.tip.partners", lang, n=view.graph.degree[node])))
    value = _number(view.metric_values.get(node, 0.0), lang)
    lines.append(_esc(f"{metric_label}: {value}"))
    if group:
        lines.append(group)
    return "<br>".join(lines)


def _edge_tooltip(
    view: NetworkView, a: Any, b: Any, lang: str, kinds: tuple[str, ...], recent: dict
) -> str:
    g = view.graph
    data = g.edges[a, b]
    head = f"<b>{_esc(_name(g.nodes[a], lang))} — {_esc(_name(g.nodes[b], lang))}</b>"
    lines = [head]
    if view.kind == "countries":
        lines.append(_esc(t("network.tip.ties", lang, n=int(data.get("ties", 0)))))
    else:
        since = data.get("since")
        parts = [label(data["relation"], lang), label(data["status"], lang)]
        if since:
            parts.append(t("network.tip.since", lang, year=gregorian_and_jalali(since, lang)))
        lines.append(_esc(" · ".join(parts)))
        evidence = t("network.tip.evidence", lang, evidence=label(data["evidence"], lang))
        if data.get("unverified"):
            evidence += f" ({t('badge.unverified', lang)})"
        lines.append(_esc(evidence))
    lines.append(_esc(t("network.tip.exchanges", lang, n=int(data.get("exchanges", 0)))))
    weights = data.get("weights", {})
    per_kind = join_list(
        [f"{label(k, lang)} {_number(round(weights.get(k, 0.0), 2), lang)}" for k in KINDS], lang
    )
    lines.append(_esc(t("network.tip.weights", lang, weights=per_kind)))
    if view.kind != "countries":
        last = data.get("last_exchange")
        if last:
            lines.append(_esc(t("network.tip.last", lang, date=gregorian_and_jalali(last, lang))))
        for when, kind, title in recent.get(_pair_key(a, b), []):
            when_text = gregorian_and_jalali(when, lang) if when else t("date.unknown", lang)
            comma = LIST_SEPARATOR[lang]
            lines.append(f"• {_esc(title)} ({_esc(label(kind, lang))}{comma}{_esc(when_text)})")
    if not data.get("exchanges"):
        lines.append(f"<i>{_esc(t('network.legend.no_exchange', lang))}</i>")
    return "<br>".join(lines)


def _legend_html(
    view: NetworkView,
    lang: str,
    colour_by: str,
    colour_entries: list[tuple[str, str]],
    kinds: tuple[str, ...],
) -> str:
    direction = "rtl" if lang == "fa" else "ltr"
    rows = [f'<summary class="cde-legend-title">{_esc(t("network.legend.title", lang))}</summary>']
    metric = t(f"network.metric.{view.metric}", lang)
    rows.append(f"<div>{_esc(t('network.legend.size', lang, metric=metric))}</div>")
    rows.append(
        f"<div class='cde-legend-head'>{_esc(t(f'network.colour.{colour_by}', lang))}</div>"
    )
    for entry, colour in colour_entries:
        rows.append(
            f'<div><span class="cde-dot" style="background:{colour}"></span>'
            f"{_legend_text(entry, view, lang)}</div>"
        )
    rows.append(f"<div class='cde-legend-head'>{_esc(t('network.legend.tie_colour', lang))}</div>")
    for kind in kinds:
        rows.append(
            f'<div><span class="cde-line" style="border-top-color:{KIND_COLOURS[kind]}"></span>'
            f"{_esc(label(kind, lang))}</div>"
        )
    rows.append(
        f'<div><span class="cde-line cde-dashed" style="border-top-color:{NO_EXCHANGE_COLOUR}">'
        f"</span>{_esc(t('network.legend.no_exchange', lang))}</div>"
    )
    width_key = "network.legend.width_ties" if view.width_attr == "ties" else "network.legend.width"
    rows.append(f"<div class='cde-note'>{_esc(t(width_key, lang))}</div>")
    rows.append(f"<div class='cde-note'>{_esc(t('network.legend.click', lang))}</div>")
    body = "".join(rows)
    return f'<details id="cde-legend" dir="{direction}" lang="{lang}" open>{body}</details>'


_STYLE = """
html, body { margin: 0; padding: 0; height: 100%; background: #ffffff; }
#mynetwork { width: 100% !important; height: 100vh !important; border: 0 !important;
  float: none !important; }
.card { border: 0; }
#cde-legend { position: fixed; top: 8px; inset-inline-end: 8px; max-width: 270px;
  background: rgba(255,255,255,0.93); border: 1px solid #cccccc; border-radius: 6px;
  padding: 8px 10px; font: 13px/1.5 Vazirmatn, Tahoma, sans-serif; color: #222222;
  z-index: 10; max-height: calc(100vh - 32px); overflow: auto; }
#cde-legend .cde-legend-title { font-weight: bold; font-size: 14px; cursor: pointer; }
#cde-legend .cde-legend-head { font-weight: bold; margin-top: 6px; }
#cde-legend .cde-note { color: #555555; font-size: 12px; margin-top: 6px; }
.cde-dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid #555555; margin-inline-end: 6px; vertical-align: middle; }
.cde-line { display: inline-block; width: 22px; border-top: 3px solid; margin-inline-end: 6px;
  vertical-align: middle; }
.cde-line.cde-dashed { border-top-style: dashed; }
div.vis-tooltip { font: 13px/1.5 Vazirmatn, Tahoma, sans-serif; white-space: normal;
  max-width: 360px; background: #ffffff; border: 1px solid #999999; color: #222222; }
/* wins over vis-network's own (later) "white-space: nowrap": long names wrap in the box */
body div.vis-tooltip { white-space: normal; overflow-wrap: anywhere; }
div.vis-tooltip[dir="rtl"], .cde-tip[dir="rtl"] { text-align: right; }
"""

# Runs after pyvis's drawGraph(): tooltips become DOM elements built from our escaped
# HTML (vis-network would show a string as raw text), and a click on a city fades every
# city and tie that is not its neighbour. Inline: nothing is loaded from anywhere.
_SCRIPT = """
(function () {
  var dir = %(dir)s;
  function asElement(markup) {
    var box = document.createElement("div");
    box.className = "cde-tip";
    box.setAttribute("dir", dir);
    box.innerHTML = markup;
    return box;
  }
  function withElements(dataset) {
    var changed = [];
    dataset.forEach(function (item) {
      if (typeof item.title === "string") {
        changed.push({id: item.id, title: asElement(item.title)});
      }
    });
    dataset.update(changed);
  }
  withElements(nodes);
  withElements(edges);
  var nodeColour = {}, edgeColour = {};
  nodes.forEach(function (n) { nodeColour[n.id] = n.color; });
  edges.forEach(function (e) { edgeColour[e.id] = e.color; });
  var faded = "rgba(200,200,200,0.35)";
  window.cdeHighlight = function (nodeId) {
    var near = {};
    if (nodeId !== null && nodeId !== undefined) {
      near[nodeId] = true;
      network.getConnectedNodes(nodeId).forEach(function (m) { near[m] = true; });
    }
    var all = nodeId === null || nodeId === undefined;
    nodes.update(nodes.map(function (n) {
      return {id: n.id, color: (all || near[n.id]) ? nodeColour[n.id] : faded};
    }));
    edges.update(edges.map(function (e) {
      var on = all || e.from === nodeId || e.to === nodeId;
      return {id: e.id, color: on ? edgeColour[e.id] : faded};
    }));
  };
  network.on("click", function (params) {
    window.cdeHighlight(params.nodes.length ? params.nodes[0] : null);
  });
  // a narrow frame keeps the drawing free: the legend starts folded
  var legend = document.getElementById("cde-legend");
  if (legend && window.innerWidth < 760) { legend.removeAttribute("open"); }
  // an open legend covers a side of the canvas: shrink and shift the drawing beside it
  network.once("afterDrawing", function () {
    var frame = document.getElementById("mynetwork").clientWidth;
    if (!legend || !legend.open || !frame) { return; }
    var room = legend.getBoundingClientRect().width + 16;
    var spots = Object.values(network.getPositions());
    if (room > frame * 0.45 || !spots.length) { return; }
    var xs = spots.map(function (p) { return p.x; });
    var ys = spots.map(function (p) { return p.y; });
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var scale = network.getScale();
    var wide = (right - left) * scale + 60;  // drawn width, with room for labels
    scale = scale * Math.min(1, (frame - room) / wide);
    var shift = room / 2 / scale * (dir === "rtl" ? -1 : 1);
    network.moveTo({
      position: {x: (left + right) / 2 + shift, y: (top + bottom) / 2},
      scale: scale,
    });
  });
  window.cdeReady = true;
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { network.redraw(); });
  }
})();
"""


def network_html(
    view: NetworkView,
    lang: str = "fa",
    colour_by: str = "community",
    positions: Mapping[Any, tuple[float, float]] | None = None,
    kinds: Iterable[str] = KINDS,
    physics: bool = False,
    exchanges: pd.DataFrame | None = None,
    title: str = "",
) -> str:
    """The standalone HTML page of ``view``: no request leaves the machine.

    ``positions`` (canvas pixels, e.g. from :func:`layout_positions`) fix where nodes
    are drawn; without them vis-network's physics places them. ``physics`` lets nodes
    move and is refused above :data:`PHYSICS_NODE_LIMIT` nodes. ``exchanges`` (the
    store's exchanges table) adds a tie's latest exchange titles to its tooltip.
    ``kinds`` are the selected kinds of exchange (dominant-kind colour).
    """
    from pyvis.network import Network  # imported here: only this view needs pyvis

    _check(colour_by, COLOUR_BY, "colouring")
    kinds = tuple(kinds) or KINDS
    graph = view.graph
    if physics and graph.number_of_nodes() > PHYSICS_NODE_LIMIT:
        raise ValueError(
            f"physics is only offered up to {PHYSICS_NODE_LIMIT} cities; this view has "
            f"{graph.number_of_nodes()}: use the computed layout"
        )
    metric_label = t(f"network.metric.{view.metric}", lang)
    groups = (
        communities(graph, weight="ties" if view.kind == "countries" else None)
        if colour_by == "community"
        else {}
    )
    colours, entries = _node_colours(view, colour_by, groups)
    top_metric = max(view.metric_values.values(), default=0.0)
    ranked = sorted(graph.nodes, key=lambda n: (-view.metric_values.get(n, 0.0), str(n)))
    labelled = set(ranked[:LABELLED_NODES]) | {view.centre}
    net = Network(height="100vh", width="100%", cdn_resources="in_line", bgcolor="#ffffff")
    net.heading = ""
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        group = ""
        if colour_by == "community" and node in groups:
            group = _esc(t("network.tip.community", lang, n=groups[node] + 1))
        extra: dict[str, Any] = {}
        if positions is not None and node in positions:
            extra["x"], extra["y"] = positions[node]
        size = _scaled(view.metric_values.get(node, 0.0), top_metric, MIN_NODE_SIZE, MAX_NODE_SIZE)
        is_centre = node == view.centre
        net.add_node(
            str(node),
            label=_name(data, lang) if node in labelled else " ",
            title=_node_tooltip(view, node, lang, metric_label, group),
            color=colours.get(node, OTHER_COMMUNITY_COLOUR),
            size=size * (1.2 if is_centre else 1.0),
            borderWidth=4 if is_centre else 1,
            shape="dot",
            **extra,
        )
    recent = _recent_titles(exchanges) if view.kind != "countries" else {}
    widths = [float(d.get(view.width_attr, 0.0) or 0.0) for _, _, d in graph.edges(data=True)]
    top_width = max(widths, default=0.0)
    for a, b, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        dominant = _dominant_kind(data.get("weights", {}), kinds)
        # appended directly: pyvis's add_edge scans every edge for a duplicate (quadratic)
        net.edges.append(
            {
                "from": str(a),
                "to": str(b),
                "title": _edge_tooltip(view, a, b, lang, kinds, recent),
                "color": KIND_COLOURS[dominant] if dominant else NO_EXCHANGE_EDGE,
                "width": _scaled(
                    float(data.get(view.width_attr, 0.0) or 0.0),
                    top_width,
                    MIN_EDGE_WIDTH,
                    MAX_EDGE_WIDTH,
                ),
                "dashes": not data.get("exchanges"),
            }
        )
    net.options = _options(physics, positions is not None)
    page = net.generate_html(notebook=False)
    page = _EMPTY_HEADING.sub("", strip_remote_tags(page))
    style = f"<style>{_font_face()}{_STYLE}</style>"
    page_title = f"<title>{_esc(title or t('network.title', lang))}</title>"
    page = page.replace("<head>", f"<head>\n{page_title}\n{style}", 1)
    page = re.sub(r"<html>", f'<html lang="{lang}">', page, count=1)
    legend = _legend_html(view, lang, colour_by, entries, kinds)
    script = _SCRIPT % {"dir": json.dumps("rtl" if lang == "fa" else "ltr")}
    tail = f"{legend}\n<script>{script}</script>\n</body>"
    head, sep, rest = page.rpartition("</body>")
    return head + tail + rest if sep else page + tail


def _options(physics: bool, positioned: bool) -> dict[str, Any]:
    return {
        "nodes": {
            "font": {
                "face": FONT_FAMILY,
                "size": 15,
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "color": "#222222",
            },
            "borderWidthSelected": 4,
            "color": {"border": "#333333"},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": True,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": bool(physics or not positioned),
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    }


# --- command line ----------------------------------------------------------------------------


def _parse_kinds(text: str) -> tuple[str, ...]:
    chosen = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise ValueError(f"--kinds {text!r}: choose among {', '.join(KINDS)}")
    return chosen


def render_network_command(args: argparse.Namespace, store) -> int:
    """``render network``: write the network view to ``--out`` (.html, or .png)."""
    from graph.analysis.build import build_graph
    from graph.places.lookup import find_city

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise ValueError(f"--out {args.out!r}: the network view is written as .html or .png")
    kinds = _parse_kinds(getattr(args, "kinds", ",".join(KINDS)))
    graph = build_graph(store, args.scope, kinds=kinds, half_life=args.half_life)
    metric = getattr(args, "metric", "partners")
    if args.city and not getattr(args, "aggregate_countries", False):
        city = find_city(store.cities(), args.city)
        if city["city_id"] not in graph:
            raise ValueError(f"{city['name_en']} has no tie in scope {args.scope}")
        view = ego_view(graph, city["city_id"], getattr(args, "hops", 1), metric, args.top)
    elif getattr(args, "aggregate_countries", False):
        view = whole_view(graph, "world", metric)
    else:
        view = whole_view(graph, args.scope, metric)
    positions = layout_positions(view.graph, getattr(args, "layout", "force"))
    page = network_html(
        view,
        args.lang,
        getattr(args, "color_by", "community"),
        positions,
        kinds=kinds,
        exchanges=store.exchanges(),
    )
    if suffix == ".png":
        write_png(page, out)
    else:
        out.write_text(page, encoding="utf-8")
    shown = f"{view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} ties"
    cut = f" (top {view.graph.number_of_nodes()} of {view.pool})" if view.dropped else ""
    print(f"wrote {out}: {shown}{cut}")
    return 0


def write_png(page: str, out: Path, width: int = 1400, height: int = 900) -> None:
    """Screenshot the standalone page in headless Chromium (Playwright) as a PNG.

    Every request off the machine is refused while the page draws. The work runs in a
    thread of its own: Playwright's sync API refuses to start where an asyncio loop is
    already running in the caller's thread (a test's browser, a notebook, a server).
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_write_png, page, Path(out), width, height).result()


def _write_png(page: str, out: Path, width: int, height: int) -> None:
    import tempfile

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ValueError(
            "PNG needs the playwright package (pip install -r requirements-dev.txt); "
            "write .html instead"
        ) from None
    from graph.exports.chromium import CHROMIUM_ARGS, find_chromium

    chromium = find_chromium()
    if chromium is None:
        raise ValueError("PNG needs Chromium (apt-get install chromium); write .html instead")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "network.html"
        source.write_text(page, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_ARGS
            )
            try:
                context = browser.new_context(viewport={"width": width, "height": height})
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(("file:", "data:", "blob:"))
                        else route.abort()
                    ),
                )
                tab = context.new_page()
                tab.goto(source.as_uri(), wait_until="load")
                tab.wait_for_function("() => window.cdeReady === true", timeout=60_000)
                tab.evaluate("() => document.fonts.ready")
                tab.wait_for_timeout(300)
                tab.screenshot(path=str(out))
            finally:
                browser.close()
