"""Network statistics of a tie graph, as the ``stats`` command and pages report them.

Distances here count hops (each tie is one step), as the published statistics of
twin-town networks do (KONECT). Weighted path metrics use ``distance = 1 / weight``
and say so where they are used. Whole-network path lengths on the world scope run on
igraph's C core; tests check it agrees with networkx on small graphs.
"""

from __future__ import annotations

from collections import Counter

import igraph as ig
import networkx as nx

__all__ = ["mean_distance", "network_stats", "to_igraph"]


def to_igraph(graph: nx.Graph) -> ig.Graph:
    """The same undirected graph in igraph, vertex ``name`` = networkx node."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    result = ig.Graph(n=len(nodes), edges=[(index[a], index[b]) for a, b in graph.edges])
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
    if scope == "iran":
        stats.update(_iran_figures(graph))
    return stats


def _iran_figures(graph: nx.Graph) -> dict:
    iranian = {n for n, d in graph.nodes(data=True) if d.get("iranian")}
    abroad = {n: {m for m in graph[n] if m not in iranian} for n in iranian}
    ranked = sorted(iranian, key=lambda n: (-graph.degree[n], graph.nodes[n]["name_en"]))
    partners_by_city = {graph.nodes[n]["name_en"]: graph.degree[n] for n in ranked}
    return {
        "iranian_cities": sum(1 for n in iranian if abroad[n]),
        "iranian_cities_any_tie": len(iranian),
        "world_partners": len(set().union(*abroad.values())) if abroad else 0,
        "partners_by_city": partners_by_city,
    }
