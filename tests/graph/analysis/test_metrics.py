"""Network statistics on hand-computable graphs, igraph against networkx, seeded figures."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.build import build_graph
from graph.analysis.metrics import mean_distance, network_stats


def _tied(graph: nx.Graph, iranian=()) -> nx.Graph:
    for node in graph:
        graph.nodes[node].update(name_en=f"c{node}", iranian=node in iranian)
    for a, b in graph.edges:
        graph.edges[a, b].update(evidence="official", relation="sister")
    return graph


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        (nx.path_graph(4), {"nodes": 4, "edges": 3, "components": 1, "max_degree": 2}),
        (nx.complete_graph(4), {"edges": 6, "clustering": 1.0, "max_degree": 3}),
        (nx.star_graph(3), {"clustering": 0.0, "avg_degree": 1.5, "assortativity": -1.0}),
        (
            nx.disjoint_union(nx.path_graph(3), nx.path_graph(2)),
            {"components": 2, "largest_component": 3, "mean_distance": 4 / 3},
        ),
    ],
)
def test_network_stats_on_small_graphs(graph, expected):
    stats = network_stats(_tied(graph), "world")
    for key, value in expected.items():
        assert stats[key] == pytest.approx(value), key


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_igraph_mean_distance_agrees_with_networkx(seed):
    graph = nx.gnm_random_graph(60, 90, seed=seed)
    largest = graph.subgraph(max(nx.connected_components(graph), key=len))
    assert mean_distance(graph) == pytest.approx(nx.average_shortest_path_length(largest))


def test_iran_figures_count_foreign_partners():
    # 0 and 1 are Iranian; 1's only tie is domestic, so it is not an Iranian city with
    # foreign ties, and 0's partners 2 and 3 are the distinct foreign partners.
    graph = _tied(nx.Graph([(0, 1), (0, 2), (0, 3), (2, 3)]), iranian={0, 1})
    stats = network_stats(graph, "iran")
    assert (stats["iranian_cities"], stats["iranian_cities_any_tie"]) == (1, 2)
    assert stats["world_partners"] == 2
    assert stats["partners_by_city"] == {"c0": 3, "c1": 1}


def test_seeded_iran_stats(seeded_store):
    stats = network_stats(build_graph(seeded_store, "iran"), "iran")
    assert (stats["edges"], stats["iranian_cities"], stats["world_partners"]) == (163, 29, 121)
    assert stats["partners_by_city"]["Tehran"] == 36
    assert stats["max_degree"] == 36
