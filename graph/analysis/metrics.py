"""Network statistics of a tie graph, as the ``stats`` command and pages report them.

Distances here count hops (each tie is one step), as the published statistics of
twin-town networks do (KONECT). Weighted path metrics use ``distance = 1 / weight``
and say so where they are used. Whole-network path lengths on the world scope run on
igraph's C core; tests check it agrees with networkx on small graphs.
"""

from __future__ import annotations

import warnings
from collections import Counter

import igraph as ig
import networkx as nx
import numpy as np

from graph.analysis.overview import iranian_cities_with_ties

__all__ = [
    "betweenness",
    "city_metrics",
    "closeness",
    "communities",
    "constraint",
    "eigenvector",
    "mean_distance",
    "network_stats",
    "rank_among",
    "structure_stats",
    "to_igraph",
]


def to_igraph(graph: nx.Graph, canonical: bool = False) -> ig.Graph:
    """The same undirected graph in igraph, vertex ``name`` = networkx node.

    Vertices follow the graph's node order; with ``canonical`` they are ordered by
    ``str(node)`` and the edges sorted, so that the result (and a layout or centrality
    computed on it, to the last bit) does not depend on the order nodes were added in.

    >>> to_igraph(nx.Graph([("b", "a")]), canonical=True).vs["name"]
    ['a', 'b']
    """
    nodes = sorted(graph.nodes, key=str) if canonical else list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[a], index[b]) for a, b in graph.edges]
    if canonical:
        pairs = sorted((min(a, b), max(a, b)) for a, b in pairs)
    result = ig.Graph(n=len(nodes), edges=pairs)
    result.vs["name"] = nodes
    return result


def mean_distance(graph: nx.Graph) -> float | None:
    """Mean shortest-path length in hops inside the largest connected component.

    >>> mean_distance(nx.path_graph(3))
    1.3333333333333333
    """
    if graph.number_of_nodes() < 2:
        return None
    largest = max(nx.connected_components(graph), key=len)
    if len(largest) < 2:
        return None
    return float(to_igraph(graph.subgraph(largest)).average_path_length(directed=False))


def _safe_assortativity(graph: nx.Graph) -> float | None:
    degrees = {d for _, d in graph.degree}
    if graph.number_of_edges() == 0 or len(degrees) < 2:
        return None
    return float(nx.degree_assortativity_coefficient(graph))


def network_stats(graph: nx.Graph, scope: str) -> dict:
    """The DESIGN ``stats`` contract for one scope.

    ``clustering`` is the global clustering coefficient (transitivity), the figure
    KONECT publishes; ``average_clustering`` is the mean of the local coefficients.
    Scope ``iran`` adds ``iranian_cities`` (Iranian cities with a tie to a foreign
    city), ``world_partners`` (distinct foreign cities tied to an Iranian city) and
    ``partners_by_city`` (partners of each Iranian city, by English name).
    """
    n_nodes, n_edges = graph.number_of_nodes(), graph.number_of_edges()
    components = list(nx.connected_components(graph))
    degrees = [d for _, d in graph.degree]
    stats = {
        "scope": scope,
        "nodes": n_nodes,
        "edges": n_edges,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "avg_degree": 2 * n_edges / n_nodes if n_nodes else 0.0,
        "max_degree": max(degrees, default=0),
        "clustering": float(nx.transitivity(graph)),
        "average_clustering": float(nx.average_clustering(graph)) if n_nodes else 0.0,
        "assortativity": _safe_assortativity(graph),
        "mean_distance": mean_distance(graph),
        "ties_by_evidence": dict(Counter(d["evidence"] for _, _, d in graph.edges(data=True))),
        "ties_by_relation": dict(Counter(d["relation"] for _, _, d in graph.edges(data=True))),
    }
    stats.update(structure_stats(graph))
    if scope == "iran":
        stats.update(_iran_figures(graph))
    return stats


def _iran_figures(graph: nx.Graph) -> dict:
    iranian = {n for n, d in graph.nodes(data=True) if d.get("iranian")}
    abroad = {n: {m for m in graph[n] if m not in iranian} for n in iranian}
    ranked = sorted(iranian, key=lambda n: (-graph.degree[n], graph.nodes[n]["name_en"]))
    partners_by_city = {graph.nodes[n]["name_en"]: graph.degree[n] for n in ranked}
    return {
        "iranian_cities": len(iranian_cities_with_ties(graph.edges, iranian)),
        "iranian_cities_any_tie": len(iranian),
        "world_partners": len(set().union(*abroad.values())) if abroad else 0,
        "partners_by_city": partners_by_city,
    }


# --- per-city metrics: igraph's C core, checked against networkx in the tests ---


def betweenness(graph: nx.Graph, canonical: bool = False) -> dict:
    """Share of shortest paths (in hops) through each city, normalised as networkx does
    (``normalized=True``: divided by ``(n-1)(n-2)/2``). Exact, on igraph; ``canonical``
    as in :func:`to_igraph` (the result in node-name order).

    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    small = to_igraph(graph, canonical)
    values = small.betweenness(directed=False)
    return {node: float(v) * scale for node, v in zip(small.vs["name"], values, strict=True)}


def closeness(graph: nx.Graph) -> dict:
    """Closeness in hops with networkx's (Wasserman-Faust) scaling for split networks:
    ``(r-1)/(n-1) * (r-1)/sum of distances`` over the ``r`` cities a city can reach.

    >>> closeness(nx.path_graph(3))[1]
    1.0
    """
    n = graph.number_of_nodes()
    if n < 2:
        return dict.fromkeys(graph.nodes, 0.0)
    small = to_igraph(graph)
    sizes = {}
    for members in small.connected_components():
        for v in members:
            sizes[v] = len(members)
    raw = small.closeness(mode="all", normalized=True)
    out = {}
    for i, node in enumerate(graph.nodes):
        r = sizes[i]
        value = raw[i]
        out[node] = 0.0 if r < 2 or value != value else float(value) * (r - 1) / (n - 1)
    return out


def eigenvector(graph: nx.Graph, canonical: bool = False) -> dict:
    """Eigenvector centrality scaled to a maximum of 1 (partners' partners count);
    ``canonical`` as in :func:`to_igraph` (the result in node-name order).

    >>> eigenvector(nx.star_graph(2))[0]
    1.0
    """
    if graph.number_of_edges() == 0:
        nodes = sorted(graph.nodes, key=str) if canonical else graph.nodes
        return dict.fromkeys(nodes, 0.0)
    small = to_igraph(graph, canonical)
    # igraph 1.0 rejects directed=False here ("Invalid mode"); the graph is undirected.
    # Split networks (the world scope) get a warning we expect: the small components
    # simply score near zero.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        values = small.eigenvector_centrality(scale=True)
    return {node: max(float(v), 0.0) for node, v in zip(small.vs["name"], values, strict=True)}


def constraint(graph: nx.Graph) -> dict:
    """Burt's constraint (0..1): low for a broker whose partners are not tied to each
    other, high for a city inside one closed group. None for a city with no tie.

    >>> round(constraint(nx.star_graph(3))[0], 4)  # three unconnected partners: 3 * (1/3)^2
    0.3333
    """
    if graph.number_of_nodes() == 0:
        return {}
    values = to_igraph(graph).constraint()
    return {node: None if v != v else float(v) for node, v in zip(graph.nodes, values, strict=True)}


def communities(graph: nx.Graph, weight: str | None = None, seed: int = 42) -> dict:
    """Louvain communities (fixed ``seed``): node -> community number, 0 for the largest.

    Equal sizes are ordered by their smallest node, so the numbering is stable for a
    given graph.

    >>> communities(nx.Graph([(1, 2), (3, 4), (4, 5)]))
    {3: 0, 4: 0, 5: 0, 1: 1, 2: 1}
    """
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph, weight=weight, seed=seed)
    ranked = sorted(found, key=lambda c: (-len(c), min(str(n) for n in c)))
    return {node: i for i, group in enumerate(ranked) for node in group}


def city_metrics(graph: nx.Graph, seed: int = 42) -> list[dict]:
    """One row per city: ``city_id``, ``partners``, ``strength_<kind>`` (summed weights),
    ``betweenness``, ``eigenvector``, ``constraint`` and ``community`` (Louvain on hops,
    fixed seed; 0 is the largest community).
    """
    between, eigen, burt = betweenness(graph), eigenvector(graph), constraint(graph)
    community = communities(graph, seed=seed) if graph.number_of_edges() else {}
    rows = []
    for node in graph.nodes:
        row = {"city_id": node, "partners": graph.degree[node]}
        for kind in ("technical", "cultural", "transit"):
            row[f"strength_{kind}"] = sum(
                graph.edges[node, o].get("weights", {}).get(kind, 0.0) for o in graph[node]
            )
        row.update(
            betweenness=between[node],
            eigenvector=eigen[node],
            constraint=burt[node],
            community=community.get(node),
        )
        rows.append(row)
    return rows


# Lower constraint = more of a broker, so its rank counts from the lowest.
LOWER_IS_BETTER = frozenset({"constraint"})


def rank_among(rows: list[dict], city_id, among: set, metric: str) -> int | None:
    """The rank (1 = top) of ``city_id`` by ``metric`` among the cities ``among``;
    equal values share a rank. None when the city is not among them or has no value.

    >>> rows = [{"city_id": c, "partners": p} for c, p in [("a", 3), ("b", 5), ("c", 3)]]
    >>> rank_among(rows, "c", {"a", "b", "c"}, "partners")
    2
    """
    values = {r["city_id"]: r[metric] for r in rows if r["city_id"] in among}
    mine = values.get(city_id)
    if mine is None:
        return None
    others = [v for v in values.values() if v is not None]
    if metric in LOWER_IS_BETTER:
        return 1 + sum(1 for v in others if v < mine)
    return 1 + sum(1 for v in others if v > mine)


def structure_stats(graph: nx.Graph, seed: int = 42) -> dict:
    """Communities and mixing by country: ``communities`` (Louvain on hops, fixed seed;
    groups of two or more cities), ``modularity`` of that split, ``country_assortativity``
    (1 = ties only inside countries, about 0 = no preference) and ``international_share``
    (share of ties between cities of different countries).

    >>> g = nx.Graph([(1, 2), (3, 4)])
    >>> nx.set_node_attributes(g, {1: "IR", 2: "IR", 3: "IR", 4: "TR"}, "country")
    >>> structure_stats(g)["international_share"]
    0.5
    """
    if graph.number_of_edges() == 0:
        return {
            "communities": 0,
            "modularity": None,
            "country_assortativity": None,
            "international_share": None,
        }
    groups = nx.community.louvain_communities(graph, seed=seed)
    countries = nx.get_node_attributes(graph, "country")
    abroad = sum(1 for a, b in graph.edges if countries.get(a) != countries.get(b))
    mixing = None
    if len(set(countries.values())) > 1 and len(countries) == graph.number_of_nodes():
        with np.errstate(invalid="ignore", divide="ignore"):  # one-country graphs give nan
            mixing = float(nx.attribute_assortativity_coefficient(graph, "country"))
    if mixing is not None and mixing != mixing:
        mixing = None
    return {
        "communities": sum(1 for g in groups if len(g) > 1),
        "modularity": float(nx.community.modularity(graph, groups)),
        "country_assortativity": mixing,
        "international_share": abroad / graph.number_of_edges(),
    }
