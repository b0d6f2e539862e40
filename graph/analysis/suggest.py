"""Suggested new partners for a city, from the world twin-town network and air routes.

Candidates for city ``c`` are the partners of its partners and the cities with a direct
air route from ``c``, less ``c`` itself, its partners and (by default) cities of its own
country. Each candidate ``v`` gets

``score = AA(c, v) + 0.5 * log1p(routes(c, v)) + 0.1 * log10(1 + population(v) / 100,000)``

- ``AA`` is the Adamic-Adar index: the sum over shared partners ``z`` of ``1 / log(deg z)``;
  a shared partner with few ties says more than a hub tied to everyone. The resource
  allocation index (``1 / deg z``) is reported beside it.
- air routes: direct flights make exchanges cheap (``0.5`` per e-fold of routes);
- size: larger cities carry more exchanges; the small weight only separates candidates
  that are otherwise alike.

The weights are fixed by hand, not fitted. How well the score ranks real ties is
*measured* by :func:`evaluate_link_prediction`: 10% of the world's ties are hidden (fixed
seed), the score is computed without them, and the AUC is the chance that a hidden tie
scores above a random pair of untied cities (rank comparison, ties count one half).
"""

from __future__ import annotations

import csv
import io as text_io
import math
import random

import numpy as np
import pandas as pd

from graph.i18n import digits, join_list, t
from graph.i18n.changelog import batch_description
from graph.io.importer import import_file
from graph.io.report import ValidationReport
from graph.names import city_name
from graph.places.lookup import find_city
from graph.settings import default
from graph.store.engine import Store
from graph.store.schema import pair_key

__all__ = [
    "AIR_WEIGHT",
    "SIZE_WEIGHT",
    "auc_by_rank",
    "evaluate_link_prediction",
    "join_names",
    "pair_score",
    "suggest",
    "suggest_partners",
]

AIR_WEIGHT = default("suggest_air_weight")
SIZE_WEIGHT = default("suggest_size_weight")
SIZE_UNIT = default("suggest_size_unit")
SHOWN_SHARED = default("suggest_shown_shared")


def join_names(names: list[str], lang: str, more: int = 0) -> str:
    """A list of names in running text: "Kazan, Dushanbe and Minsk" / «کازان، دوشنبه و مینسک».

    >>> join_names(["Kazan", "Dushanbe"], "en")
    'Kazan and Dushanbe'
    >>> join_names(["A", "B"], "en", more=2)
    'A, B and 2 more'
    """
    items = list(names)
    if more:
        items.append(t("suggest.more", lang, n=more))
    if len(items) <= 1:
        return "".join(items)
    conj = " و " if lang == "fa" else " and "
    return join_list(items[:-1], lang) + conj + items[-1]


def _adjacency(ties: pd.DataFrame) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = {}
    for a, b in zip(ties["city_a"].tolist(), ties["city_b"].tolist(), strict=True):
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    return adj


def _routes(air_links: pd.DataFrame) -> dict[str, int]:
    return dict(zip(air_links["pair_key"], air_links["routes"].astype(int), strict=True))


def _size_term(population) -> float:
    if population is None or pd.isna(population):
        return 0.0
    return math.log10(1.0 + float(population) / SIZE_UNIT)


def pair_score(
    adj: dict[str, set[str]], routes: dict[str, int], population: dict[str, float], a: str, b: str
) -> dict:
    """The parts and total of the score of the pair ``(a, b)`` (see the module docstring).

    >>> adj = {"a": {"z"}, "b": {"z"}, "z": {"a", "b"}}
    >>> round(pair_score(adj, {}, {}, "a", "b")["adamic_adar"], 4)  # 1 / log(2)
    1.4427
    """
    shared = adj.get(a, set()) & adj.get(b, set())
    degrees = [len(adj[z]) for z in shared]
    aa = sum(1.0 / math.log(d) for d in degrees if d > 1)
    ra = sum(1.0 / d for d in degrees if d > 0)
    n_routes = int(routes.get(pair_key(a, b), 0))
    size = _size_term(population.get(b))
    score = aa + AIR_WEIGHT * math.log1p(n_routes) + SIZE_WEIGHT * size
    return {
        "score": score,
        "adamic_adar": aa,
        "resource_allocation": ra,
        "routes": n_routes,
        "shared": sorted(shared),
    }


def suggest_partners(
    cities: pd.DataFrame,
    world_ties: pd.DataFrame,
    air_links: pd.DataFrame,
    city_id: str,
    top: int = 10,
    lang: str = "en",
    same_country: bool = False,
) -> list[dict]:
    """The ``top`` best-scored candidates for ``city_id``, each with plain ``reasons``.

    Items: ``city_id``, ``name_en``, ``name_fa``, ``country``, ``population``, ``score``,
    ``adamic_adar``, ``resource_allocation``, ``routes``, ``shared_partners`` (ids),
    ``reasons`` (in ``lang``).
    """
    adj = _adjacency(world_ties)
    routes = _routes(air_links)
    info = cities.set_index("city_id")
    population = info["population"].to_dict()
    partners = adj.get(city_id, set())
    candidates = set()
    for p in partners:
        candidates |= adj[p]
    flights = air_links[(air_links["city_a"] == city_id) | (air_links["city_b"] == city_id)]
    candidates |= set(flights["city_a"]) | set(flights["city_b"])
    candidates -= partners | {city_id}
    if not same_country:
        home = info.at[city_id, "country"]
        candidates = {c for c in candidates if info.at[c, "country"] != home}
    scored = []
    for cand in candidates:
        parts = pair_score(adj, routes, population, city_id, cand)
        scored.append((parts["score"], str(info.at[cand, "name_en"]), cand, parts))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out = []
    for score, _, cand, parts in scored[:top]:
        row = info.loc[cand]
        out.append(
            {
                "city_id": cand,
                "name_en": row["name_en"],
                "name_fa": None if pd.isna(row["name_fa"]) else row["name_fa"],
                "country": row["country"],
                "population": None if pd.isna(row["population"]) else int(row["population"]),
                "score": score,
                "adamic_adar": parts["adamic_adar"],
                "resource_allocation": parts["resource_allocation"],
                "routes": parts["routes"],
                "shared_partners": parts["shared"],
                "reasons": _reasons(parts, row, info, lang),
            }
        )
    return out


def _display(info: pd.DataFrame, city_id: str, lang: str) -> str:
    return city_name({"city_id": city_id, **info.loc[city_id].to_dict()}, lang)


def _reasons(parts: dict, row: pd.Series, info: pd.DataFrame, lang: str) -> list[str]:
    reasons = []
    shared = sorted(parts["shared"], key=lambda z: (-_size_term(info.at[z, "population"]), z))
    if shared:
        shown = [_display(info, z, lang) for z in shared[:SHOWN_SHARED]]
        names = join_names(shown, lang, more=len(shared) - len(shown))
        reasons.append(t("suggest.reason.shared", lang, names=names))
    if parts["routes"]:
        key = "suggest.reason.route_one" if parts["routes"] == 1 else "suggest.reason.routes"
        reasons.append(t(key, lang, n=parts["routes"]))
    if not pd.isna(row["population"]):
        millions = digits(round(float(row["population"]) / 1e6, 1), lang)
        reasons.append(t("suggest.reason.population", lang, millions=millions))
    return reasons


def auc_by_rank(positive: list[float], negative: list[float]) -> float:
    """P(score of a positive > score of a negative), ties counting one half (Mann-Whitney).

    >>> auc_by_rank([3, 2], [1, 0])
    1.0
    >>> auc_by_rank([1], [1])
    0.5
    """
    if not positive or not negative:
        raise ValueError("AUC needs at least one positive and one negative score")
    scores = np.concatenate([np.asarray(positive, float), np.asarray(negative, float)])
    ranks = pd.Series(scores).rank(method="average").to_numpy()
    n_pos, n_neg = len(positive), len(negative)
    rank_sum = ranks[:n_pos].sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def evaluate_link_prediction(
    cities: pd.DataFrame,
    world_ties: pd.DataFrame,
    air_links: pd.DataFrame,
    fraction: float = 0.1,
    seed: int = 20260101,
) -> dict:
    """Held-out AUC of :func:`pair_score` on the world network.

    Hides ``fraction`` of the ties (random, fixed ``seed``), scores each hidden tie on
    the network without them against as many random pairs of cities that have no tie;
    returns ``{"auc", "method", "held_out", "non_ties", "seed", "auc_adamic_adar_only"}``.
    """
    if not 0 < fraction < 1:
        raise ValueError(f"fraction must be between 0 and 1, not {fraction}")
    rng = random.Random(seed)
    pairs = list(zip(world_ties["city_a"].tolist(), world_ties["city_b"].tolist(), strict=True))
    hidden_idx = set(rng.sample(range(len(pairs)), max(1, int(round(fraction * len(pairs))))))
    train = world_ties.iloc[[i for i in range(len(pairs)) if i not in hidden_idx]]
    adj = _adjacency(train)
    routes = _routes(air_links)
    population = cities.set_index("city_id")["population"].to_dict()
    tied = {pair_key(a, b) for a, b in pairs}
    nodes = sorted({c for p in pairs for c in p})
    hidden = [pairs[i] for i in sorted(hidden_idx)]
    negatives: list[tuple[str, str]] = []
    while len(negatives) < len(hidden):
        a, b = rng.sample(nodes, 2)
        if pair_key(a, b) not in tied:
            negatives.append((a, b))

    def both(pair_list):
        parts = [pair_score(adj, routes, population, a, b) for a, b in pair_list]
        return [p["score"] for p in parts], [p["adamic_adar"] for p in parts]

    pos, pos_aa = both(hidden)
    neg, neg_aa = both(negatives)
    return {
        "auc": auc_by_rank(pos, neg),
        "method": f"held-out ties: {fraction:.0%} of the world network hidden (seed {seed}), "
        "each scored against a random pair of untied cities; AUC by rank comparison",
        "held_out": len(hidden),
        "non_ties": len(negatives),
        "seed": seed,
        "auc_adamic_adar_only": auc_by_rank(pos_aa, neg_aa),
    }


def suggest(store: Store, name: str, top: int = 10, lang: str = "en") -> dict:
    """The ``suggest`` contract: ``{"city", "suggestions", "evaluation"}`` for city ``name``."""
    cities, world, air = store.cities(), store.ties("world"), store.air_links()
    record = find_city(cities, name)
    fields = ("city_id", "name_en", "name_fa", "country", "lat", "lon", "population")
    city = {f: (None if pd.isna(record.get(f)) else record.get(f)) for f in fields}
    return {
        "city": city,
        "suggestions": suggest_partners(cities, world, air, record["city_id"], top, lang),
        "evaluation": evaluate_link_prediction(cities, world, air),
    }


def propose_partner(
    store: Store, city_id: str, partner_id: str, who: str, note: str = ""
) -> ValidationReport:
    """Record a suggested partner as a ``proposed`` tie, through the audited importer.

    The tie is stored like any editor's import (``origin='user'``, ``evidence='user'``),
    in one batch of the change log, so it can be undone. Returns the importer's
    :class:`graph.io.report.ValidationReport`; nothing is stored unless it is accepted.
    """
    buffer = text_io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["city_a", "city_b", "relation", "status", "evidence", "note"])
    writer.writerow([city_id, partner_id, "sister", "proposed", "user", note])
    description = batch_description("propose", city_a=city_id, city_b=partner_id)
    data = buffer.getvalue().encode("utf-8")
    return import_file(store, data, who, filename="suggestion", description=description)
