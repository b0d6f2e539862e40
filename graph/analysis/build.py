"""From the store to a networkx graph with one weight per kind of exchange.

Weights (the "how is this computed" text of the app says the same):

- technical, cultural: ``sum(intensity * 0.5 ** (age_years / half_life))`` over the
  pair's dated exchanges of that kind. An exchange dated by year counts from 1 July,
  one dated by month from the 15th; an undated exchange is counted but adds no weight
  (its age is unknown) and one dated in the future counts as today's.
- transit: ``log1p(direct air routes)`` (OpenFlights, June 2014) plus transit
  exchanges as above.
- ``weight``: the sum over the selected kinds. ``distance = 1 / weight`` so that a
  stronger tie is a shorter path; a tie with no weight has an infinite distance.

A tie with no recorded exchange is still an edge, with weight 0 for every kind.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

import networkx as nx
import numpy as np
import pandas as pd

from graph.model import KINDS
from graph.settings import default
from graph.settings import today as current_day
from graph.store.engine import Store

__all__ = ["age_in_years", "build_graph", "build_graph_from_frames", "pair_activity"]

NODE_ATTRS = (
    "name_en",
    "name_fa",
    "name_fa_origin",
    "country",
    "lat",
    "lon",
    "population",
    "iranian",
)


def _event_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 7, 1)
    if len(parts) == 2:
        return date(parts[0], parts[1], 15)
    return date(parts[0], parts[1], parts[2])


def age_in_years(when: str | None, today: date) -> float | None:
    """Age of an event dated ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if undated.

    >>> round(age_in_years("2015-07-01", date(2025, 7, 1)), 2)
    10.0
    >>> age_in_years(None, date(2025, 7, 1)) is None
    True
    """
    if not isinstance(when, str) or not when:
        return None
    days = (today - _event_day(when)).days
    return round(max(days, 0) / 365.25, 4) if days > 0 else 0.0


def pair_activity(
    exchanges: pd.DataFrame,
    half_life: float | None = None,
    today: date | None = None,
) -> pd.DataFrame:
    """Per city pair: decayed weight and count per kind, total count, last exchange date.

    Indexed by ``pair_key``; columns ``w_<kind>``, ``n_<kind>``, ``exchanges``,
    ``undated`` and ``last_exchange``.
    """
    half_life = float(half_life if half_life is not None else default("half_life_years"))
    if half_life <= 0:
        raise ValueError(f"half_life must be a positive number of years, not {half_life}")
    today = today or current_day()
    columns = [f"w_{k}" for k in KINDS] + [f"n_{k}" for k in KINDS]
    if exchanges.empty:
        empty = pd.DataFrame(columns=[*columns, "exchanges", "undated", "last_exchange"])
        return empty.rename_axis("pair_key")
    frame = exchanges[["pair_key", "date", "kind", "intensity"]].copy()
    ages = frame["date"].map(lambda d: age_in_years(d, today))
    frame["decayed"] = frame["intensity"] * np.power(0.5, ages.astype(float) / half_life)
    frame["decayed"] = frame["decayed"].fillna(0.0)
    weights = frame.pivot_table(
        index="pair_key", columns="kind", values="decayed", aggfunc="sum", fill_value=0.0
    )
    counts = frame.pivot_table(
        index="pair_key", columns="kind", values="intensity", aggfunc="count", fill_value=0
    )
    out = pd.DataFrame(index=weights.index)
    for kind in KINDS:
        out[f"w_{kind}"] = weights[kind] if kind in weights else 0.0
        out[f"n_{kind}"] = counts[kind] if kind in counts else 0
    grouped = frame.groupby("pair_key")
    out["exchanges"] = grouped.size()
    out["undated"] = grouped["date"].apply(lambda s: int(s.isna().sum()))
    out["last_exchange"] = grouped["date"].max().astype(object)
    return out


def build_graph_from_frames(
    cities: pd.DataFrame,
    ties: pd.DataFrame,
    exchanges: pd.DataFrame,
    air_links: pd.DataFrame,
    kinds: Iterable[str] = KINDS,
    half_life: float | None = None,
    today: date | None = None,
) -> nx.Graph:
    """The tie network of ``ties``, weighted from ``exchanges`` and ``air_links``.

    Nodes are the cities that take part in a tie, keyed by ``city_id``.
    """
    kinds = tuple(kinds)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kind {sorted(unknown)}; choose from {', '.join(KINDS)}")
    activity = pair_activity(exchanges, half_life, today)
    routes = air_links.set_index("pair_key")["routes"] if len(air_links) else pd.Series()
    edges = ties.join(activity, on="pair_key")
    edges["routes"] = edges["pair_key"].map(routes).fillna(0).astype(int)
    for kind in KINDS:
        edges[f"w_{kind}"] = edges[f"w_{kind}"].astype(float).fillna(0.0)
        edges[f"n_{kind}"] = edges[f"n_{kind}"].fillna(0).astype(int)
    edges["w_transit"] += np.log1p(edges["routes"])
    edges["exchanges"] = edges["exchanges"].fillna(0).astype(int)

    graph = nx.Graph()
    used = pd.unique(pd.concat([ties["city_a"], ties["city_b"]]))
    nodes = cities[cities["city_id"].isin(used)]
    graph.add_nodes_from(
        (row["city_id"], {a: _plain(row.get(a)) for a in NODE_ATTRS}) for row in _records(nodes)
    )
    graph.add_edges_from(
        (row["city_a"], row["city_b"], _edge_attrs(row, kinds)) for row in _records(edges)
    )
    return graph


def _records(frame: pd.DataFrame):
    """Rows as dicts; column lists first, which is several times faster than ``to_dict``
    on Arrow-backed string columns."""
    columns = list(frame.columns)
    for values in zip(*(frame[c].tolist() for c in columns), strict=True):
        yield dict(zip(columns, values, strict=True))


def _plain(value):
    """pandas missing values become None so the graph's attributes are plain Python."""
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _edge_attrs(row: dict, kinds: tuple[str, ...]) -> dict:
    weights = {k: float(row[f"w_{k}"]) for k in KINDS}
    weight = sum(weights[k] for k in kinds)
    return {
        "tie_id": int(row["tie_id"]),
        "relation": row["relation"],
        "status": row["status"],
        "since": _plain(row["since"]),
        "evidence": row["evidence"],
        "sources": list(row["sources"]),
        "note": row["note"],
        "unverified": bool(row["unverified"]),
        "one_sided": bool(row["one_sided"]),
        "weights": weights,
        "weight": weight,
        "distance": 1.0 / weight if weight > 0 else math.inf,
        "exchanges": int(row["exchanges"]),
        "exchanges_by_kind": {k: int(row[f"n_{k}"]) for k in KINDS},
        "last_exchange": _plain(row["last_exchange"]),
        "routes": int(row["routes"]),
    }


def build_graph(
    store: Store,
    scope: str = "iran",
    kinds: Iterable[str] = KINDS,
    half_life: float | None = None,
    today: date | None = None,
) -> nx.Graph:
    """The tie network of ``scope`` (``iran`` or ``world``) read from ``store``.

    For example ``build_graph(open_store(), "iran").edges["112931", "524901"]``
    holds the Tehran-Moscow tie with its ``weights`` per kind.
    """
    return build_graph_from_frames(
        store.cities(),
        store.ties(scope),
        store.exchanges(),
        store.air_links(),
        kinds=kinds,
        half_life=half_life,
        today=today,
    )
