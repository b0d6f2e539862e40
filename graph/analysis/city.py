"""The city card: what a council member asks about one city.

The same dictionary feeds ``python -m graph city NAME --json`` and the pages, so the
two never disagree.
"""

from __future__ import annotations

from datetime import date

import networkx as nx

from graph.analysis import metrics
from graph.analysis.build import build_graph
from graph.model import KINDS
from graph.places.lookup import find_city
from graph.store.engine import Store

__all__ = ["CITY_FIELDS", "city_card", "partner_rows"]

CITY_FIELDS = (
    "city_id",
    "name_en",
    "name_fa",
    "name_fa_origin",
    "country",
    "lat",
    "lon",
    "population",
)
PARTNER_FIELDS = ("city_id", "name_en", "name_fa", "name_fa_origin", "country")
TIE_FIELDS = (
    "relation",
    "since",
    "status",
    "evidence",
    "sources",
    "note",
    "unverified",
    "one_sided",
    "weights",
    "exchanges",
    "exchanges_by_kind",
    "last_exchange",
    "routes",
)


def _city_fields(graph: nx.Graph, city_id: str, record: dict | None = None) -> dict:
    data = {"city_id": city_id, **(record or graph.nodes[city_id])}
    return {f: _plain(data.get(f)) for f in CITY_FIELDS}


def _plain(value):
    if value is None or value != value:  # NaN / NA
        return None
    return value.item() if hasattr(value, "item") else value


def partner_rows(graph: nx.Graph, city_id: str) -> list[dict]:
    """One row per partner of ``city_id``: the partner, then the tie. Strongest first."""
    rows = []
    for other in graph[city_id]:
        tie = graph.edges[city_id, other]
        partner = {f: graph.nodes[other].get(f) for f in PARTNER_FIELDS if f != "city_id"}
        rows.append({"city_id": other, **partner, **{f: tie[f] for f in TIE_FIELDS}})
    return sorted(rows, key=lambda r: (-sum(r["weights"].values()), r["name_en"]))


def _metrics(graph: nx.Graph, city_id: str) -> dict:
    strength = {
        k: sum(graph.edges[city_id, o]["weights"][k] for o in graph[city_id]) for k in KINDS
    }
    iranian = [n for n, d in graph.nodes(data=True) if d.get("iranian")]
    by_partners = sorted(iranian, key=lambda n: -graph.degree[n])
    rank = by_partners.index(city_id) + 1 if city_id in iranian else None
    # Hops, not 1/weight: most ties have no recorded exchange yet, and an unweighted
    # count shows who bridges which part of the network.
    # igraph's exact betweenness (same values as networkx, see
    # tests/graph/analysis/test_city_metrics.py):
    # networkx takes minutes on the world scope's 17,000 cities.
    betweenness = metrics.betweenness(graph)[city_id]
    return {
        "partners": graph.degree[city_id],
        "strength": strength,
        "betweenness": betweenness,
        "rank_among_iranian_cities_by_partners": rank,
        "iranian_cities_ranked": len(iranian),
        "ties_with_exchanges": sum(
            1 for o in graph[city_id] if graph.edges[city_id, o]["exchanges"]
        ),
    }


def city_card(
    store: Store,
    name: str,
    scope: str | None = None,
    half_life: float | None = None,
    today: date | None = None,
) -> dict:
    """The card of the city ``name`` (English or Persian; see
    :func:`graph.places.lookup.find_city`).

    ``scope`` defaults to ``iran`` when the city has a tie there, else ``world``.
    Raises ``CityNotFound`` / ``AmbiguousCity`` from the lookup.
    """
    record = find_city(store.cities(), name)
    city_id = record["city_id"]
    scopes = [scope] if scope else ["iran", "world"]
    for current in scopes:
        graph = build_graph(store, current, half_life=half_life, today=today)
        if city_id in graph or current == scopes[-1]:
            break
    card = {"scope": current, "city": _city_fields(graph, city_id, record)}
    if city_id not in graph:
        return {**card, "partners": [], "metrics": {"partners": 0}}
    return {**card, "partners": partner_rows(graph, city_id), "metrics": _metrics(graph, city_id)}
