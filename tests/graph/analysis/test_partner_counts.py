"""One count of a city's partners everywhere: the card, the map, the rank and the kind filter
agree with each other and with the Overview (graph/analysis/city.py, map_filter.py)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.build import build_graph
from graph.analysis.city import city_card, partner_counts, partner_rows, ranked_iranian_cities
from graph.analysis.map_filter import (
    MapView,
    filter_graph,
    has_exchange_of,
    hidden_by_evidence,
    tie_kind,
)
from graph.analysis.metrics import network_stats
from graph.analysis.overview import iranian_cities_with_ties, overview_summary
from graph.model import KINDS, TEHRAN


def _tie(evidence: str = "official", one_sided: bool = False, **counts: int) -> dict:
    by_kind = {k: counts.get(k, 0) for k in KINDS}
    return {
        "evidence": evidence,
        "unverified": evidence == "wikidata",
        "one_sided": one_sided,
        "exchanges_by_kind": by_kind,
        "exchanges": sum(by_kind.values()),
        "weights": dict.fromkeys(KINDS, 0.0),
        "relation": "sister",
        "status": "signed",
        "since": 2000,
        "sources": [],
        "note": None,
        "last_exchange": None,
        "routes": 0,
    }


@pytest.fixture
def hand_made() -> nx.Graph:
    """Tehran with four foreign partners of each evidence sort, and Shiraz tied only to
    Tehran (a domestic tie)."""
    g = nx.Graph()
    for node, iranian in [("THR", True), ("SHZ", True), ("ISF", True)]:
        g.add_node(node, name_en=node, iranian=iranian)
    for node in ("MOW", "PAR", "BER", "DXB", "ROM"):
        g.add_node(node, name_en=node, iranian=False)
    g.add_edge("THR", "MOW", **_tie("official", technical=2))
    g.add_edge("THR", "PAR", **_tie("news", transit=1))
    g.add_edge("THR", "BER", **_tie("wikipedia"))
    g.add_edge("THR", "DXB", **_tie("wikidata", one_sided=True))
    g.add_edge("THR", "SHZ", **_tie("user"))
    g.add_edge("ISF", "ROM", **_tie("wikidata", cultural=1))
    return g


def test_partner_counts_add_up_and_hide_one_sided_claims(hand_made) -> None:
    counts = partner_counts(partner_rows(hand_made, "THR"))
    assert counts == {
        "partners": 5,
        "documented": 3,
        "wikipedia": 1,
        "wikidata": 1,
        "hidden_on_map": 1,
    }
    everything = MapView(include_one_sided=True)
    assert partner_counts(partner_rows(hand_made, "THR"), everything)["hidden_on_map"] == 0


def test_map_counts_plus_hidden_ties_are_the_partners(hand_made) -> None:
    view = MapView(iran_cities=("THR",))
    shown = filter_graph(hand_made, view)
    partners = partner_counts(partner_rows(hand_made, "THR"))
    assert shown.number_of_edges() + hidden_by_evidence(hand_made, view) == partners["partners"]
    assert hidden_by_evidence(hand_made, view) == partners["hidden_on_map"]


def test_rank_is_among_the_iranian_cities_with_a_foreign_tie(hand_made) -> None:
    ranked = ranked_iranian_cities(hand_made)
    assert ranked == {"THR", "ISF"}  # Shiraz's only tie is with Tehran
    assert iranian_cities_with_ties(hand_made.edges, {"THR", "SHZ", "ISF"}) == ranked


@pytest.mark.parametrize("kind", KINDS)
def test_kind_filter_keeps_only_ties_with_an_exchange_of_that_kind(hand_made, kind) -> None:
    shown = filter_graph(hand_made, MapView(kinds=(kind,)))
    expected = {
        frozenset((a, b))
        for a, b, tie in hand_made.edges(data=True)
        if tie["exchanges_by_kind"][kind] and not tie["one_sided"]
    }
    assert {frozenset(e) for e in shown.edges} == expected
    assert all(tie_kind(tie, (kind,)) == kind for _, _, tie in shown.edges(data=True))


def test_no_kind_chosen_keeps_ties_without_exchanges(hand_made) -> None:
    shown = filter_graph(hand_made, MapView())
    assert shown.has_edge("THR", "BER") and not shown.edges["THR", "BER"]["exchanges"]


# --- the seeded store: the card, the map, the Overview and stats agree -----------------


@pytest.fixture(scope="module")
def seeded(seeded_store):
    graph = build_graph(seeded_store, "iran")
    card = city_card(seeded_store, "Tehran", scope="iran")
    summary = overview_summary(
        seeded_store.cities(), seeded_store.ties("iran"), seeded_store.exchanges()
    )
    return graph, card, summary


def test_seeded_tehran_card_counts_agree_with_the_overview(seeded) -> None:
    graph, card, summary = seeded
    counts = partner_counts(card["partners"])
    assert counts["partners"] == summary["tehran_partners"] == card["metrics"]["partners"]
    assert counts["documented"] + counts["wikipedia"] + counts["wikidata"] == counts["partners"]
    assert card["metrics"]["iranian_cities_ranked"] == summary["iranian_cities"]
    assert network_stats(graph, "iran")["iranian_cities"] == summary["iranian_cities"]
    assert card["metrics"]["rank_among_iranian_cities_by_partners"] == 1


def test_seeded_tehran_map_shows_the_partners_less_the_hidden_ones(seeded) -> None:
    graph, card, _ = seeded
    view = MapView(iran_cities=(TEHRAN,))
    shown = filter_graph(graph, view)
    tehran_ties = [e for e in shown.edges if TEHRAN in e]
    hidden = partner_counts(card["partners"])["hidden_on_map"]
    assert hidden > 0  # the seed has one-sided Wikidata claims on Tehran
    assert len(tehran_ties) + hidden == len(card["partners"])


@pytest.mark.parametrize("kind", KINDS)
def test_seeded_kind_filter_keeps_only_that_kind(seeded, kind) -> None:
    graph, _, _ = seeded
    shown = filter_graph(graph, MapView(kinds=(kind,), iran_cities=(TEHRAN,)))
    assert all(has_exchange_of(tie, (kind,)) for _, _, tie in shown.edges(data=True))
    with_kind = [
        o
        for o in graph[TEHRAN]
        if graph.edges[TEHRAN, o]["exchanges_by_kind"][kind]
        and not graph.edges[TEHRAN, o]["one_sided"]
    ]
    assert sum(1 for e in shown.edges if TEHRAN in e) == len(with_kind)
