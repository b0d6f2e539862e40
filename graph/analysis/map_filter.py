"""What the Map page shows, as plain values, and the ties and cities it selects.

One :class:`MapView` holds every part of what the map shows (filters, city, projection,
region, language, timeline year). It round-trips through URL query parameters
(:meth:`MapView.to_query` / :meth:`MapView.from_query`), so a copied link restores the
view. :func:`filter_graph` applies it to the tie network of
:func:`graph.analysis.build.build_graph`; :func:`graph.views.map.map_figure` draws the
result. The page, ``python -m graph render map`` and the exports share all of it.

This module never imports streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import networkx as nx
import pandas as pd

from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER, STATUS_ORDER
from graph.i18n import LANGS
from graph.model import SCOPES

__all__ = [
    "PROJECTIONS",
    "REGIONS",
    "MapView",
    "aggregate_countries",
    "exchanges_by_year",
    "evidence_shown",
    "filter_graph",
    "hidden_by_evidence",
    "has_exchange_of",
    "tie_kind",
    "tie_weight",
]

PROJECTIONS = ("natural_earth", "orthographic")
# Region presets: (longitude range, latitude range) in degrees.
REGIONS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "world": ((-180.0, 180.0), (-58.0, 84.0)),
    "middle_east": ((24.0, 90.0), (10.0, 56.0)),
    "europe": ((-25.0, 45.0), (34.0, 72.0)),
    "east_asia": ((70.0, 150.0), (-10.0, 55.0)),
    "africa": ((-20.0, 55.0), (-36.0, 38.0)),
    "americas": ((-170.0, -30.0), (-56.0, 72.0)),
}


def _csv(values: Iterable[str]) -> str:
    return ",".join(values)


def _pick(text: str | None, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    """Comma-separated values from a URL, known ones only, in canonical order."""
    if text is None:
        return None
    chosen = {v.strip() for v in str(text).split(",")}
    return tuple(v for v in allowed if v in chosen)


def _int(text: Any) -> int | None:
    try:
        return int(str(text))
    except (TypeError, ValueError):
        return None


def _flag(text: Any) -> bool:
    return str(text).lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class MapView:
    """Everything the map shows, as plain values (a URL can hold it).

    Empty tuples for ``kinds``/``relations``/``statuses``/``evidence`` mean "all".
    ``year_from``/``year_to`` bound the year a tie was signed; ``year`` (timeline) shows
    the network as it stood that year. Ties with no known year are shown when
    ``undated`` is true. ``iran_cities`` keeps the ties touching one of these cities
    (empty: all). ``city`` is the selected city (its card; centre of the orthographic
    view). Wikidata-only ties are shown when ``include_unverified``; one-sided Wikidata
    claims (listed on one city's page only) only when ``include_one_sided`` too.
    """

    kinds: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    include_unverified: bool = True
    include_one_sided: bool = False
    year_from: int | None = None
    year_to: int | None = None
    undated: bool = True
    iran_cities: tuple[str, ...] = ()
    min_weight: float = 0.0
    scope: str = "iran"
    city: str | None = None
    projection: str = "natural_earth"
    region: str = "world"
    lang: str = "fa"
    year: int | None = None
    aggregate: bool = False

    def to_query(self) -> dict[str, str]:
        """The view as URL query parameters; values equal to the default are left out.

        >>> MapView(kinds=("cultural",), city="112931", lang="en").to_query()
        {'kinds': 'cultural', 'city': '112931', 'lang': 'en'}
        """
        default = MapView()
        out: dict[str, str] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value == getattr(default, f.name):
                continue
            if isinstance(value, tuple):
                out[f.name] = _csv(value)
            elif isinstance(value, bool):
                out[f.name] = "1" if value else "0"
            elif isinstance(value, float):
                out[f.name] = f"{value:g}"
            else:
                out[f.name] = str(value)
        return out

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> MapView:
        """Read a view from query parameters; unknown or malformed values keep the default.

        >>> MapView.from_query({"kinds": "cultural,bogus", "region": "mars"}).kinds
        ('cultural',)
        """
        default = cls()
        values: dict[str, Any] = {}
        for name, allowed in (
            ("kinds", KIND_ORDER),
            ("relations", RELATION_ORDER),
            ("statuses", STATUS_ORDER),
            ("evidence", EVIDENCE_ORDER),
        ):
            picked = _pick(query.get(name), allowed)
            if picked is not None:
                values[name] = picked
        for name in ("include_unverified", "include_one_sided", "undated", "aggregate"):
            if name in query:
                values[name] = _flag(query[name])
        for name in ("year_from", "year_to", "year"):
            if name in query:
                values[name] = _int(query[name])
        if query.get("iran_cities"):
            values["iran_cities"] = tuple(
                c.strip() for c in str(query["iran_cities"]).split(",") if c.strip()
            )
        if "min_weight" in query:
            try:
                weight = float(query["min_weight"])
                values["min_weight"] = weight if math.isfinite(weight) and weight > 0 else 0.0
            except (TypeError, ValueError):
                pass
        for name, allowed in (
            ("scope", SCOPES),
            ("projection", PROJECTIONS),
            ("region", tuple(REGIONS)),
            ("lang", LANGS),
        ):
            if query.get(name) in allowed:
                values[name] = str(query[name])
        if query.get("city"):
            values["city"] = str(query["city"])
        return replace(default, **values)

    def chosen_kinds(self) -> tuple[str, ...]:
        """The selected exchange kinds (all when none is selected)."""
        return self.kinds or KIND_ORDER


# --- filtering --------------------------------------------------------------------------


def tie_weight(tie: Mapping[str, Any], kinds: Iterable[str]) -> float:
    """A tie's weight over ``kinds`` (see :mod:`graph.analysis.build`)."""
    return float(sum(tie["weights"].get(k, 0.0) for k in kinds))


def tie_kind(tie: Mapping[str, Any], kinds: Iterable[str]) -> str | None:
    """The kind with most recorded exchanges among ``kinds``; None when there is none.

    Equal counts go to the earlier kind of :data:`graph.analysis.overview.KIND_ORDER`.
    """
    counts = tie.get("exchanges_by_kind") or {}
    best, most = None, 0
    for kind in KIND_ORDER:
        if kind in kinds and counts.get(kind, 0) > most:
            best, most = kind, counts[kind]
    return best


def evidence_shown(tie: Mapping[str, Any], view: MapView) -> bool:
    """Whether the view's evidence switches show ``tie``: Wikidata-only ties need
    ``include_unverified``, one-sided Wikidata claims ``include_one_sided`` as well.

    The default view shows every tie but the one-sided claims:

    >>> evidence_shown({"unverified": True, "one_sided": True}, MapView())
    False
    >>> evidence_shown({"unverified": True, "one_sided": False}, MapView())
    True
    """
    if tie.get("unverified") and not view.include_unverified:
        return False
    return not (tie.get("one_sided") and not (view.include_one_sided and view.include_unverified))


def has_exchange_of(tie: Mapping[str, Any], kinds: Iterable[str]) -> bool:
    """Whether ``tie`` has at least one recorded exchange of one of ``kinds``.

    >>> has_exchange_of({"exchanges_by_kind": {"technical": 0, "transit": 2}}, ["technical"])
    False
    """
    counts = tie.get("exchanges_by_kind") or {}
    return any(counts.get(k, 0) > 0 for k in kinds)


def _keep(tie: Mapping[str, Any], a: str, b: str, view: MapView, kinds: tuple[str, ...]) -> bool:
    if view.relations and tie["relation"] not in view.relations:
        return False
    if view.statuses and tie["status"] not in view.statuses:
        return False
    if view.evidence and tie["evidence"] not in view.evidence:
        return False
    if not evidence_shown(tie, view):
        return False
    since = tie.get("since")
    if since is None:
        if not view.undated:
            return False
    else:
        since = int(since)
        if view.year_from is not None and since < view.year_from:
            return False
        if view.year_to is not None and since > view.year_to:
            return False
        if view.year is not None and since > view.year:
            return False
    if view.iran_cities and a not in view.iran_cities and b not in view.iran_cities:
        return False
    if view.kinds and not has_exchange_of(tie, kinds):
        # "Technical exchanges" means ties with a technical exchange: a tie with none of
        # the chosen kinds (or no exchange at all) is left out, so the arcs, the counts
        # and a slide's title agree.
        return False
    return not (view.min_weight > 0 and tie_weight(tie, kinds) < view.min_weight)


def filter_graph(graph: nx.Graph, view: MapView) -> nx.Graph:
    """The ties of ``graph`` that ``view`` shows, with the cities at their ends.

    A new graph (node and edge attributes are shared with ``graph``; do not modify
    them). Choosing kinds keeps only the ties with a recorded exchange of one of them
    (no kind chosen: every tie, with or without exchanges).
    """
    kinds = view.chosen_kinds()
    out = nx.Graph()
    kept = [(a, b, d) for a, b, d in graph.edges(data=True) if _keep(d, a, b, view, kinds)]
    ends = {n for a, b, _ in kept for n in (a, b)}
    out.add_nodes_from((n, graph.nodes[n]) for n in graph.nodes if n in ends)
    out.add_edges_from(kept)
    return out


def hidden_by_evidence(graph: nx.Graph, view: MapView) -> int:
    """How many ties of ``graph`` the other filters of ``view`` keep but its evidence
    switches hide (by default: the one-sided Wikidata claims). The map says so beside its
    counts, so they add up to the city card's partners."""
    everything = replace(view, include_unverified=True, include_one_sided=True)
    kinds = view.chosen_kinds()
    return sum(
        1
        for a, b, tie in graph.edges(data=True)
        if not evidence_shown(tie, view) and _keep(tie, a, b, everything, kinds)
    )


def aggregate_countries(graph: nx.Graph) -> nx.Graph:
    """Country-to-country view: one node per country, one edge per pair of countries.

    A country sits at its most populous city in ``graph``. Edge attributes: ``ties``
    (number of ties), ``exchanges`` (their recorded exchanges), ``weights`` (summed per
    kind). Ties inside one country are counted on the node (``internal``).
    """
    out = nx.Graph()
    anchor: dict[str, tuple[int, str]] = {}
    for node, data in graph.nodes(data=True):
        country = str(data.get("country") or "?")
        population = int(data.get("population") or 0)
        if country not in anchor or population > anchor[country][0]:
            anchor[country] = (population, node)
    for country, (_, node) in anchor.items():
        data = graph.nodes[node]
        out.add_node(
            country,
            name_en=country,
            name_fa=country,
            country=country,
            lat=data["lat"],
            lon=data["lon"],
            population=data.get("population"),
            iranian=country == "IR",
            internal=0,
        )
    for a, b, tie in graph.edges(data=True):
        ca = str(graph.nodes[a].get("country") or "?")
        cb = str(graph.nodes[b].get("country") or "?")
        if ca == cb:
            out.nodes[ca]["internal"] += 1
            continue
        if not out.has_edge(ca, cb):
            out.add_edge(ca, cb, ties=0, exchanges=0, weights=dict.fromkeys(KIND_ORDER, 0.0))
        edge = out.edges[ca, cb]
        edge["ties"] += 1
        edge["exchanges"] += int(tie.get("exchanges") or 0)
        for kind, value in (tie.get("weights") or {}).items():
            edge["weights"][kind] = edge["weights"].get(kind, 0.0) + float(value)
    return out


def exchanges_by_year(exchanges: pd.DataFrame, graph: nx.Graph, view: MapView) -> pd.DataFrame:
    """Dated exchanges of the ties in ``graph`` of the view's kinds, per year and kind.

    Columns ``year``, ``kind``, ``exchanges`` (as
    :func:`graph.views.overview.exchanges_by_year_chart` takes them).
    """
    empty = pd.DataFrame({"year": pd.Series(dtype="int64"), "kind": [], "exchanges": []})
    if exchanges.empty or graph.number_of_edges() == 0:
        return empty
    a = exchanges["city_a"].astype(str)
    b = exchanges["city_b"].astype(str)
    on_map = pd.Series(
        [graph.has_edge(x, y) for x, y in zip(a, b, strict=True)], index=exchanges.index
    )
    frame = exchanges[on_map & exchanges["kind"].isin(view.chosen_kinds())]
    years = pd.to_numeric(frame["year"], errors="coerce") if "year" in frame else None
    if years is None or not years.notna().any():
        return empty
    frame = frame.assign(year=years)[years.notna()]
    if view.year is not None:
        frame = frame[frame["year"] <= view.year]
    out = frame.groupby(["year", "kind"]).size().rename("exchanges").reset_index()
    out["year"] = out["year"].astype("int64")
    return out.sort_values(["year", "kind"]).reset_index(drop=True)
