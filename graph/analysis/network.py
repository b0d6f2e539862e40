"""What the network view draws: an ego network, a scope's whole network or the world
summed by country, each cut down to what can be read.

- an **ego network**: a city, its partners and, with more hops, their partners
  (:func:`ego_view`). In the world scope two or three hops reach thousands of cities;
  then only the ``top_n`` cities by the chosen metric are kept (the centre always) and
  the view says how many were left out;
- the **whole network** of a scope (:func:`whole_view`); the world scope is shown as a
  country network (:func:`country_network`: a node per country, an edge weighted by
  the number of ties between two countries), since 17,000 cities draw no readable picture.

Node metrics come from :mod:`graph.analysis.metrics` (igraph's C core), computed in
node-name order so that a view's sizes do not depend on the order the graph was built
in. :mod:`graph.views.network` draws the result. This module never imports streamlit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from graph.analysis.metrics import betweenness, eigenvector
from graph.model import KINDS
from graph.places.countries import COUNTRIES
from graph.settings import default

__all__ = [
    "DEFAULT_TOP_N",
    "HOPS",
    "METRICS",
    "NetworkView",
    "check_choice",
    "cities_view",
    "country_network",
    "ego_view",
    "node_metric",
    "whole_view",
]

METRICS = ("partners", "strength", "betweenness", "eigenvector")
HOPS = (1, 2, 3)
DEFAULT_TOP_N = default("network_top_n")


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


def check_choice(value: str, allowed: Iterable[str], what: str) -> str:
    """``value`` when it is one of ``allowed``; otherwise a ValueError naming the choices."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; choose from {', '.join(allowed)}")
    return value


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
    check_choice(metric, METRICS, "metric")
    if graph.number_of_nodes() == 0:
        return {}
    if metric == "partners":
        return {n: float(d) for n, d in graph.degree}
    if metric == "strength":
        return {n: float(d) for n, d in graph.degree(weight=weight)}
    if metric == "betweenness":
        return betweenness(graph, canonical=True)
    return eigenvector(graph, canonical=True)


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
    check_choice(metric, METRICS, "metric")
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
    check_choice(metric, METRICS, "metric")
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
    return cities_view(graph, metric)


def cities_view(graph: nx.Graph, metric: str = "partners") -> NetworkView:
    """The whole of ``graph`` city by city (never summed by country)."""
    check_choice(metric, METRICS, "metric")
    return NetworkView(
        graph=graph,
        kind="whole",
        metric=metric,
        metric_values=node_metric(graph, metric),
        pool=graph.number_of_nodes(),
    )
