"""The graph builder: the weight formula on hand-made data, and the seeded networks."""

from __future__ import annotations

import math
from datetime import date

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.build import age_in_years, build_graph, build_graph_from_frames, pair_activity
from graph.store.schema import pair_key
from tests.builders import make_tie

TODAY = date(2025, 7, 1)
CITIES = pd.DataFrame(
    [
        ("a", "Alpha", "آلفا", "IR", 35.0, 51.0, 100, True),
        ("b", "Beta", None, "RU", 55.0, 37.0, 200, False),
        ("c", "Gamma", None, "TR", 41.0, 29.0, 300, False),
    ],
    columns=["city_id", "name_en", "name_fa", "country", "lat", "lon", "population", "iranian"],
)


def _ties(*pairs):
    """The frame Store.ties() returns (sources as a list, the unverified flag)."""
    return pd.DataFrame([
        make_tie(tie_id=i, city_a=a, city_b=b, since=2001, sources=["https://example.org"],
                 unverified=False)
        for i, (a, b) in enumerate(pairs, start=1)
    ])


def _exchanges(*rows):
    columns = ["pair_key", "date", "kind", "intensity"]
    return pd.DataFrame([(pair_key(a, b), d, k, i) for a, b, d, k, i in rows], columns=columns)


NO_AIR = pd.DataFrame(columns=["pair_key", "routes"])


def _graph(exchanges, air=NO_AIR, **kwargs):
    return build_graph_from_frames(
        CITIES, _ties(("a", "b"), ("a", "c")), exchanges, air, today=TODAY, **kwargs
    )


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2020-07-01", 5.0),
        ("2020-07", 4.9610),  # a month counts from the 15th
        ("2020", 5.0),  # a year counts from 1 July
        ("2030-01-01", 0.0),  # a planned event counts as today's
        (None, None),
        (float("nan"), None),
    ],
)
def test_age_in_years(when, expected):
    if expected is None:
        assert age_in_years(when, TODAY) is None
    else:
        assert age_in_years(when, TODAY) == pytest.approx(expected, abs=1e-3)


def test_one_exchange_one_half_life_ago_counts_half():
    graph = _graph(_exchanges(("a", "b", "2020-07-01", "technical", 2)), half_life=5.0)
    assert graph.edges["a", "b"]["weights"]["technical"] == pytest.approx(1.0, rel=1e-3)
    assert graph.edges["a", "b"]["weights"]["cultural"] == 0.0


def test_weights_add_up_per_kind_and_half_life_is_a_setting():
    exchanges = _exchanges(
        ("a", "b", "2025-07-01", "cultural", 3),
        ("a", "b", "2015-07-01", "cultural", 2),
    )
    five = _graph(exchanges, half_life=5.0).edges["a", "b"]["weights"]["cultural"]
    ten = _graph(exchanges, half_life=10.0).edges["a", "b"]["weights"]["cultural"]
    assert five == pytest.approx(3 + 2 * 0.25, rel=1e-3)
    assert ten == pytest.approx(3 + 2 * 0.5, rel=1e-3)


def test_transit_is_log_of_routes_plus_transit_exchanges():
    air = pd.DataFrame({"pair_key": [pair_key("a", "c")], "routes": [4]})
    graph = _graph(_exchanges(("a", "c", "2025-07-01", "transit", 1)), air=air)
    assert graph.edges["a", "c"]["weights"]["transit"] == pytest.approx(math.log1p(4) + 1)
    assert graph.edges["a", "c"]["routes"] == 4


def test_tie_without_exchanges_is_an_edge_with_zero_weight_and_infinite_distance():
    graph = _graph(_exchanges(("a", "b", "2024", "technical", 1)))
    edge = graph.edges["a", "c"]
    assert edge["weights"] == {"technical": 0.0, "cultural": 0.0, "transit": 0.0}
    assert (edge["weight"], edge["distance"], edge["exchanges"]) == (0.0, math.inf, 0)


def test_undated_exchange_is_counted_but_adds_no_weight():
    graph = _graph(_exchanges(("a", "b", None, "cultural", 3)))
    edge = graph.edges["a", "b"]
    assert edge["exchanges"] == 1 and edge["exchanges_by_kind"]["cultural"] == 1
    assert edge["weight"] == 0.0


def test_selected_kinds_make_the_total_and_distance_is_its_inverse():
    exchanges = _exchanges(
        ("a", "b", "2025-07-01", "technical", 1), ("a", "b", "2025-07-01", "cultural", 3)
    )
    edge = _graph(exchanges, kinds=("technical",)).edges["a", "b"]
    assert edge["weight"] == pytest.approx(1.0)
    assert edge["distance"] == pytest.approx(1.0)
    both = _graph(exchanges).edges["a", "b"]
    assert both["weight"] == pytest.approx(4.0) and both["distance"] == pytest.approx(0.25)
    assert both["last_exchange"] == "2025-07-01"


def test_exchange_without_a_tie_makes_no_edge():
    graph = _graph(_exchanges(("b", "c", "2025", "cultural", 2)))
    assert not graph.has_edge("b", "c")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"kinds": ("economic",)}, "unknown kind"), ({"half_life": 0}, "positive number")],
)
def test_bad_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        _graph(_exchanges(("a", "b", "2025", "cultural", 2)), **kwargs)


def test_pair_activity_of_no_exchanges_is_empty():
    assert pair_activity(_exchanges(), today=TODAY).empty


def test_node_attributes_are_plain_python():
    node = _graph(_exchanges()).nodes["b"]
    assert node == {
        "name_en": "Beta",
        "name_fa": None,
        "name_fa_origin": None,
        "country": "RU",
        "lat": 55.0,
        "lon": 37.0,
        "population": 200,
        "iranian": False,
    }


def test_seeded_iran_network(seeded_store):
    graph = build_graph(seeded_store, "iran")
    assert graph.number_of_edges() == 163
    assert graph.degree["112931"] == 36  # Tehran
    moscow = graph.edges["112931", "524901"]
    assert moscow["exchanges"] > 0 and moscow["weights"]["transit"] > 0
    assert all(d["sources"] for _, _, d in graph.edges(data=True))
    unverified = [d for _, _, d in graph.edges(data=True) if d["unverified"]]
    assert len(unverified) == 30


def test_seeded_world_network(seeded_store):
    graph = build_graph(seeded_store, "world")
    assert 17000 <= graph.number_of_nodes() <= 17200
    assert 24800 <= graph.number_of_edges() <= 24900
    iran = build_graph(seeded_store, "iran")
    assert set(iran.edges) <= set(graph.edges) | {(b, a) for a, b in graph.edges}
    assert nx.is_connected(graph) is False
