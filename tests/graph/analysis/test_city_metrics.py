"""Per-city metrics on igraph agree with networkx; ranks among Iranian cities by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.build import build_graph
from graph.analysis.metrics import (
    betweenness,
    city_metrics,
    closeness,
    constraint,
    eigenvector,
    rank_among,
)

SMALL_GRAPHS = {
    "karate": nx.karate_club_graph(),
    "split": nx.disjoint_union(nx.path_graph(5), nx.cycle_graph(4)),
    "random": nx.gnm_random_graph(80, 120, seed=3),
    "with_isolate": nx.disjoint_union(nx.star_graph(4), nx.empty_graph(1)),
}


@pytest.mark.parametrize("name", SMALL_GRAPHS)
def test_betweenness_and_closeness_agree_with_networkx(name):
    graph = SMALL_GRAPHS[name]
    ours_b, theirs_b = betweenness(graph), nx.betweenness_centrality(graph)
    ours_c, theirs_c = closeness(graph), nx.closeness_centrality(graph)
    for node in graph:
        assert ours_b[node] == pytest.approx(theirs_b[node], abs=1e-12)
        assert ours_c[node] == pytest.approx(theirs_c[node], abs=1e-12)


@pytest.mark.parametrize("name", SMALL_GRAPHS)
def test_constraint_agrees_with_networkx(name):
    graph = SMALL_GRAPHS[name]
    ours, theirs = constraint(graph), nx.constraint(graph)
    for node in graph:
        if graph.degree[node] == 0:
            assert ours[node] is None
        else:
            assert ours[node] == pytest.approx(theirs[node], abs=1e-12)


@pytest.mark.parametrize("name", ["karate", "random_connected"])
def test_eigenvector_agrees_with_networkx_up_to_scale(name):
    graph = (
        nx.karate_club_graph()
        if name == "karate"
        else nx.connected_watts_strogatz_graph(60, 4, 0.2, seed=1)
    )
    ours, theirs = eigenvector(graph), nx.eigenvector_centrality_numpy(graph)
    top = max(theirs.values())
    for node in graph:
        assert ours[node] == pytest.approx(theirs[node] / top, abs=1e-6)


def test_hand_computed_values():
    star = nx.star_graph(3)  # centre 0 with three unconnected partners
    assert betweenness(star) == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}
    assert constraint(star)[0] == pytest.approx(1 / 3)  # 3 * (1/3)^2
    assert constraint(star)[1] == pytest.approx(1.0)  # one partner: fully constrained
    assert closeness(star)[0] == 1.0
    assert eigenvector(star)[0] == pytest.approx(1.0)
    assert betweenness(nx.Graph()) == {} and closeness(nx.Graph()) == {}


def _weighted(graph: nx.Graph) -> nx.Graph:
    for a, b in graph.edges:
        graph.edges[a, b]["weights"] = {"technical": 1.0, "cultural": 0.5, "transit": 0.0}
    return graph


def test_city_metrics_rows():
    graph = _weighted(nx.barbell_graph(4, 1))  # two cliques joined through node 4
    rows = {r["city_id"]: r for r in city_metrics(graph)}
    bridge = rows[4]
    assert bridge["partners"] == 2 and bridge["strength_technical"] == 2.0
    assert bridge["strength_cultural"] == 1.0 and bridge["strength_transit"] == 0.0
    assert bridge["betweenness"] == max(r["betweenness"] for r in rows.values())
    assert bridge["constraint"] == min(r["constraint"] for r in rows.values())
    assert rows[0]["community"] == rows[1]["community"] != rows[8]["community"]


@pytest.mark.parametrize(
    ("metric", "city", "expected"),
    [
        ("partners", "b", 1),
        ("partners", "a", 2),
        ("partners", "c", 2),  # equal values share a rank
        ("constraint", "a", 1),  # lower constraint ranks first
        ("constraint", "b", 3),
        ("partners", "z", None),  # not among the ranked cities
    ],
)
def test_rank_among(metric, city, expected):
    rows = [
        {"city_id": "a", "partners": 3, "constraint": 0.2},
        {"city_id": "b", "partners": 5, "constraint": 0.9},
        {"city_id": "c", "partners": 3, "constraint": 0.5},
        {"city_id": "z", "partners": 9, "constraint": 0.1},
    ]
    assert rank_among(rows, city, {"a", "b", "c"}, metric) == expected


def test_seeded_tehran_leads_iranian_cities(seeded_store):
    graph = build_graph(seeded_store, "iran")
    rows = city_metrics(graph)
    iranian = {n for n, d in graph.nodes(data=True) if d["iranian"]}
    tehran = "112931"
    assert rank_among(rows, tehran, iranian, "partners") == 1
    assert rank_among(rows, tehran, iranian, "betweenness") == 1
    nx_between = nx.betweenness_centrality(graph)[tehran]
    assert next(r for r in rows if r["city_id"] == tehran)["betweenness"] == pytest.approx(
        nx_between
    )
