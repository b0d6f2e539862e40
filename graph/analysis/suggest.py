"""Suggested new partners for a city, scored by the fitted pair model.

The model (:mod:`graph.analysis.partner_model`) is fitted once per content of the world
network and its air routes, and kept on disk. For city ``c`` the candidates are the cities
it could reach through partners of partners (up to three steps), by a direct air route, or
in a country it already twins with, less ``c``, its partners and (by default) cities of its
own country. The score is the model's probability that the pair is tied, on the odds of
the sample it was fitted on; ``likelier`` says what it means: how many times likelier
than a city picked at random the candidate was, in the test, to be the hidden partner.

Reasons come from the model's own contributions: for each group of features (shared
partners, the two countries' twinning, the city's ties into the candidate's country, air
routes, distance, size, activity) the score is computed again with that group set to a
typical untied pair's; the groups that raise the score most are told first, in words.

:func:`pair_score`, today's hand score (Adamic-Adar + 0.5 log1p(routes) + 0.1 size), is
kept as a baseline of the evaluation.
"""

from __future__ import annotations

import csv
import io as text_io
import math

import numpy as np
import pandas as pd

from graph.analysis.partner_model import (
    FEATURES,
    SHARED_PARTNER_FEATURES,
    PartnerModel,
    TooFewTies,
    partner_model,
)
from graph.i18n import digits, join_list, t
from graph.i18n.changelog import batch_description
from graph.io.importer import import_file
from graph.io.report import ValidationReport
from graph.names import city_name
from graph.places.countries import country_name
from graph.places.lookup import find_city
from graph.settings import default
from graph.store.engine import Store
from graph.store.schema import pair_key

__all__ = [
    "AIR_WEIGHT",
    "SIZE_WEIGHT",
    "REASON_GROUPS",
    "auc_by_rank",
    "contributions",
    "evaluate_link_prediction",
    "explain_pair",
    "join_names",
    "pair_score",
    "rounded_likelier",
    "suggest",
    "suggest_partners",
]

AIR_WEIGHT = default("suggest_air_weight")
SIZE_WEIGHT = default("suggest_size_weight")
SIZE_UNIT = default("suggest_size_unit")
SHOWN_SHARED = default("suggest_shown_shared")
# Groups of features told as one reason, in the user's words.
REASON_GROUPS: dict[str, tuple[str, ...]] = {
    "shared": SHARED_PARTNER_FEATURES,
    "country_pair": ("country_pair_ties", "country_pair_affinity"),
    "ties_to_country": ("ties_to_country",),
    "routes": ("air_routes",),
    "distance": ("log_km", "same_continent"),
    "size": ("population_low", "population_high"),
    "activity": ("degree_low", "degree_high", "preferential_attachment"),
    "country_activity": ("country_activity_low", "country_activity_high"),
    "same_country": ("same_country",),
}


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


def _size_term(population) -> float:
    if population is None or pd.isna(population):
        return 0.0
    return math.log10(1.0 + float(population) / SIZE_UNIT)


def pair_score(
    adj: dict[str, set[str]], routes: dict[str, int], population: dict[str, float], a: str, b: str
) -> dict:
    """Today's hand score of ``(a, b)``, the evaluation's baseline, with its parts.

    ``score = AA + 0.5 log1p(routes) + 0.1 log10(1 + population(b) / 100,000)``.

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


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


def contributions(model: PartnerModel, features: np.ndarray) -> list[dict[str, float]]:
    """Per pair (row of ``features``), each reason group's contribution to the score: the
    log-odds lost when the group is set to a typical untied pair's values."""
    col = {n: i for i, n in enumerate(FEATURES)}
    base = _logit(model.predict(features))
    out = [dict.fromkeys(REASON_GROUPS, 0.0) for _ in range(len(features))]
    for group, names in REASON_GROUPS.items():
        changed = features.copy()
        for name in names:
            changed[:, col[name]] = model.reference[col[name]]
        delta = base - _logit(model.predict(changed))
        for i, d in enumerate(delta.tolist()):
            out[i][group] = d
    return out


class _Context:
    """What the reasons of one city's suggestions read: names, countries, partners."""

    def __init__(self, cities: pd.DataFrame, model: PartnerModel, city_id: str, lang: str):
        self.info = cities.set_index("city_id")
        self.model, self.feats, self.lang = model, model.features, lang
        self.city_id = city_id
        self.u = self.feats.index[city_id]

    def name(self, city_id: str) -> str:
        return city_name({"city_id": city_id, **self.info.loc[city_id].to_dict()}, self.lang)

    def country(self, city_id: str) -> str:
        return country_name(self.info.at[city_id, "country"], self.lang)

    def partners(self, i: int) -> np.ndarray:
        adj = self.feats.adj
        return adj.indices[adj.indptr[i] : adj.indptr[i + 1]]


def _reason(group: str, ctx: _Context, v: int, lang: str) -> str | None:
    feats, u = ctx.feats, ctx.u
    cand = feats.ids[v]
    if group == "shared":
        shared = sorted(set(ctx.partners(u).tolist()) & set(ctx.partners(v).tolist()))
        if not shared:
            near = feats.matrix([u], [v])[0, FEATURES.index("paths_3")] > 0
            return t("suggest.reason.near", lang) if near else None
        ids = sorted(
            (feats.ids[z] for z in shared),
            key=lambda z: (-_size_term(ctx.info.at[z, "population"]), z),
        )
        shown = [ctx.name(z) for z in ids[:SHOWN_SHARED]]
        names = join_names(shown, lang, more=len(ids) - len(shown))
        return t("suggest.reason.shared", lang, names=names)
    if group == "country_pair":
        n = int(feats.country_pair[feats.country[u], feats.country[v]])
        if n == 0:
            return None
        return t(
            "suggest.reason.country_pair",
            lang,
            a=ctx.country(ctx.city_id),
            b=ctx.country(cand),
            n=n,
        )
    if group == "ties_to_country":
        n = int(feats.city_country_ties[u, feats.country[v]])
        if n == 0:
            return None
        return t(
            "suggest.reason.ties_to_country",
            lang,
            city=ctx.name(ctx.city_id),
            n=n,
            country=ctx.country(cand),
        )
    if group == "routes":
        n = int(round(feats.routes[u, v]))
        if n == 0:
            return None
        key = "suggest.reason.route_one" if n == 1 else "suggest.reason.routes"
        return t(key, lang, n=digits(n, lang))
    if group == "distance":
        km = float(feats.km(np.array([u]), np.array([v]))[0])
        if not np.isfinite(km):
            return None
        return t("suggest.reason.distance", lang, km=digits(int(round(km, -1)), lang))
    if group == "size":
        pop = ctx.info.at[cand, "population"]
        if pd.isna(pop):
            return None
        millions = digits(round(float(pop) / 1e6, 1), lang)
        return t("suggest.reason.population", lang, millions=millions)
    if group == "activity":
        n = int(feats.degree[v])
        return (
            t("suggest.reason.activity", lang, city=ctx.name(cand), n=n)
            if n
            else None
        )
    if group == "country_activity":
        n = int(feats.country_ends[feats.country[v]])
        return (
            t("suggest.reason.country_activity", lang, country=ctx.country(cand), n=n)
            if n
            else None
        )
    return None


def _told(parts: dict[str, float], ctx: _Context, v: int, lang: str, sign: int) -> list[str]:
    order = sorted(parts, key=lambda g: -sign * parts[g])
    out = []
    for group in order:
        if sign * parts[group] < default("suggest_min_contribution"):
            break
        text = _reason(group, ctx, v, lang)
        if text:
            out.append(text)
    return out


def _record(info: pd.DataFrame, city_id: str) -> dict:
    row = info.loc[city_id]
    return {
        "city_id": city_id,
        "name_en": row["name_en"],
        "name_fa": None if pd.isna(row["name_fa"]) else row["name_fa"],
        "country": row["country"],
        "population": None if pd.isna(row["population"]) else int(row["population"]),
    }


def _ranked(ctx: _Context, same_country: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    feats = ctx.feats
    x = feats.against_all(ctx.u)
    pool = feats.candidates(x)
    pool[ctx.partners(ctx.u)] = False
    pool[ctx.u] = False
    if not same_country:
        pool &= feats.country != feats.country[ctx.u]
    idx = np.flatnonzero(pool)
    scores = ctx.model.predict(x[idx]) if len(idx) else np.array([])
    return idx, scores, x[idx]


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

    Items: ``city_id``, ``name_en``, ``name_fa``, ``country``, ``population``, ``score``
    (the model's probability of a tie), ``likelier`` (times likelier than a city picked at
    random, :meth:`PartnerModel.likelier`), ``adamic_adar``, ``common_partners``, ``routes``,
    ``km``, ``shared_partners`` (ids), ``contributions`` (group -> log-odds) and
    ``reasons`` (in ``lang``, strongest first). None at all when the network has too few
    ties to learn from.
    """
    try:
        model = partner_model(cities, world_ties, air_links)
    except TooFewTies:
        return []
    ctx = _Context(cities, model, city_id, lang)
    idx, scores, x = _ranked(ctx, same_country)
    names = [str(ctx.info.at[ctx.feats.ids[i], "name_en"]) for i in idx]
    order = sorted(range(len(idx)), key=lambda k: (-scores[k], names[k]))[:top]
    parts = contributions(model, x[order]) if order else []
    likelier = model.likelier(scores[order]) if order else []
    col = {n: i for i, n in enumerate(FEATURES)}
    out = []
    for k, contrib, times in zip(order, parts, likelier, strict=True):
        v = int(idx[k])
        cand = ctx.feats.ids[v]
        shared = set(ctx.partners(ctx.u).tolist()) & set(ctx.partners(v).tolist())
        out.append(
            {
                **_record(ctx.info, cand),
                "score": float(scores[k]),
                "likelier": float(times),
                "adamic_adar": float(x[k, col["adamic_adar"]]),
                "common_partners": int(x[k, col["common_partners"]]),
                "routes": int(round(ctx.feats.routes[ctx.u, v])),
                "km": float(ctx.feats.km(np.array([ctx.u]), np.array([v]))[0]),
                "shared_partners": sorted(ctx.feats.ids[z] for z in shared),
                "contributions": contrib,
                "reasons": _told(contrib, ctx, v, lang, +1) or [t("suggest.reason.overall", lang)],
            }
        )
    return out


def rounded_likelier(value: float) -> float | int:
    """A "times likelier" to two significant figures, as it is told: 3224 -> 3200,
    16.2 -> 16, 5.23 -> 5.2.

    >>> rounded_likelier(3224.4), rounded_likelier(16.2), rounded_likelier(5.23)
    (3200, 16, 5.2)
    """
    rounded = float(f"{value:.2g}")
    return int(rounded) if rounded >= 10 else rounded


def explain_pair(
    cities: pd.DataFrame,
    world_ties: pd.DataFrame,
    air_links: pd.DataFrame,
    city_id: str,
    other_id: str,
    lang: str = "en",
) -> dict:
    """Why (or why not) ``other_id`` for ``city_id``: the model's score, the rank among the
    city's candidates and how many times likelier than a city picked at random it is (both
    None when it is not a candidate), reasons for and against.

    Returns ``{"city", "other", "tied", "score", "likelier", "rank", "candidates", "for",
    "against"}``.
    """
    if city_id == other_id:
        raise ValueError("choose two different cities")
    model = partner_model(cities, world_ties, air_links)
    ctx = _Context(cities, model, city_id, lang)
    v = ctx.feats.index[other_id]
    x = ctx.feats.matrix(np.array([ctx.u]), np.array([v]))
    score = float(model.predict(x)[0])
    idx, scores, _ = _ranked(ctx, same_country=True)
    where = np.flatnonzero(idx == v)
    rank = int(1 + np.sum(scores > score)) if where.size else None
    [contrib] = contributions(model, x)
    return {
        "city": _record(ctx.info, city_id),
        "other": _record(ctx.info, other_id),
        "tied": bool(v in set(ctx.partners(ctx.u).tolist())),
        "score": score,
        "likelier": None if rank is None else float(model.likelier([score])[0]),
        "rank": rank,
        "candidates": int(len(idx)),
        "contributions": contrib,
        "for": _told(contrib, ctx, v, lang, +1),
        "against": _told(contrib, ctx, v, lang, -1),
    }


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
    cities: pd.DataFrame, world_ties: pd.DataFrame, air_links: pd.DataFrame
) -> dict | None:
    """The fitted model's held-out figures (see :mod:`graph.analysis.partner_model`):
    ``auc``, ``average_precision``, ``hits_at_10``, ``mrr``, ``auc_hard``, ``baselines``,
    ``time_split``, ``calibration``, ``protocol``, ``model``, plus ``method`` and
    ``held_out``; None when the network has too few ties to fit a model."""
    try:
        ev = dict(partner_model(cities, world_ties, air_links).evaluation)
    except TooFewTies:
        return None
    ev["method"] = ev["protocol"]["split_note"]
    ev["held_out"] = ev["protocol"]["held_out"]
    return ev


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
