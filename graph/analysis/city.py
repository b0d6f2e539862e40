"""The city card: what a council member asks about one city.

The same dictionary feeds ``python -m graph city NAME --json`` and the pages, so the
two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import networkx as nx
import pandas as pd

from graph.analysis import metrics
from graph.analysis.build import build_graph
from graph.analysis.map_filter import MapView, evidence_shown
from graph.analysis.overview import iranian_cities_with_ties
from graph.model import KINDS, Evidence, parse_source
from graph.places.lookup import find_city
from graph.store.engine import Store

__all__ = [
    "CITY_FIELDS",
    "city_card",
    "partner_counts",
    "partner_rows",
    "ranked_iranian_cities",
    "untied_exchange_partners",
]

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
    """One row per partner of ``city_id``: the partner, then the tie. Strongest first.

    ``source_links`` holds each of the tie's ``sources`` split into ``url``, ``title``
    and ``note`` (:func:`graph.model.parse_source`)."""
    rows = []
    for other in graph[city_id]:
        tie = graph.edges[city_id, other]
        partner = {f: graph.nodes[other].get(f) for f in PARTNER_FIELDS if f != "city_id"}
        links = [parse_source(s)._asdict() for s in tie["sources"]]
        rows.append(
            {"city_id": other, **partner, **{f: tie[f] for f in TIE_FIELDS}, "source_links": links}
        )
    return sorted(rows, key=lambda r: (-sum(r["weights"].values()), r["name_en"]))


def partner_counts(
    rows: Iterable[Mapping[str, Any]], view: MapView | None = None
) -> dict[str, int]:
    """How a city's partners (:func:`partner_rows`) divide by evidence, and how many of
    them the map hides.

    ``partners`` is every partner; ``documented`` those backed by an official, news or
    editor's source; ``wikipedia`` and ``wikidata`` those backed by that encyclopedia
    alone (they add up to ``partners``). ``hidden_on_map`` counts the partners whose tie
    the evidence switches of ``view`` hide (default view: the one-sided Wikidata claims),
    by the map's own rule (:func:`graph.analysis.map_filter.evidence_shown`).

    >>> partner_counts([{"evidence": "official"}, {"evidence": "wikidata", "unverified": True,
    ...                  "one_sided": True}])["hidden_on_map"]
    1
    """
    view = view or MapView()
    rows = list(rows)
    by_evidence = {e: sum(1 for r in rows if r["evidence"] == e) for e in Evidence}
    return {
        "partners": len(rows),
        "documented": len(rows) - by_evidence[Evidence.WIKIPEDIA] - by_evidence[Evidence.WIKIDATA],
        "wikipedia": by_evidence[Evidence.WIKIPEDIA],
        "wikidata": by_evidence[Evidence.WIKIDATA],
        "hidden_on_map": sum(1 for r in rows if not evidence_shown(r, view)),
    }


def untied_exchange_partners(
    exchanges: pd.DataFrame, city_id: str, partners: Iterable[str]
) -> list[str]:
    """The cities ``city_id`` has recorded exchanges with but no tie to (not among
    ``partners``), in order of first appearance. An exchange needs no tie (a delegation
    visits before any agreement), so the timeline shows them, marked.

    >>> frame = pd.DataFrame({"city_a": ["t", "k", "t"], "city_b": ["m", "t", "k"]})
    >>> untied_exchange_partners(frame, "t", ["m"])
    ['k']
    """
    partners = set(partners)
    mine = exchanges[(exchanges["city_a"] == city_id) | (exchanges["city_b"] == city_id)]
    others = [b if a == city_id else a for a, b in zip(mine["city_a"], mine["city_b"], strict=True)]
    return list(dict.fromkeys(o for o in others if o not in partners))


def ranked_iranian_cities(graph: nx.Graph) -> set[str]:
    """The Iranian cities a card ranks a city among: those the Overview counts
    (:func:`graph.analysis.overview.iranian_cities_with_ties`)."""
    iranian = {n for n, d in graph.nodes(data=True) if d.get("iranian")}
    return iranian_cities_with_ties(graph.edges, iranian)


def _metrics(graph: nx.Graph, city_id: str) -> dict:
    strength = {
        k: sum(graph.edges[city_id, o]["weights"][k] for o in graph[city_id]) for k in KINDS
    }
    ranked = ranked_iranian_cities(graph)
    rows = [{"city_id": n, "partners": graph.degree[n]} for n in ranked]
    rank = metrics.rank_among(rows, city_id, ranked, "partners")
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
        "iranian_cities_ranked": len(ranked),
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
