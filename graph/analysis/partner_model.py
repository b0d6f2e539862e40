"""The fitted model behind suggested partners: pair features, the fit, and its evaluation.

A pair of cities ``(u, v)`` is described by features computed on a network of ties
(:class:`PairFeatures`, the columns in :data:`FEATURES`): shared partners (Adamic-Adar,
resource allocation, their count, Jaccard, Salton, paths of three steps), both cities'
numbers of ties,
great-circle distance, how often cities of the two countries twin (observed against
expected if ties fell between countries by chance), whether they share a country or
continent, both populations, direct air routes, and each country's twinning activity.
The features are symmetric: ``(u, v)`` and ``(v, u)`` are described alike.

The protocol (:func:`fit_partner_model`), with one fixed seed:

- The ties are split 70 / 10 / 10 / 10: the *feature network* (features of every
  pair are computed on it only), the *fit* ties (the model's positive examples), the
  *validation* ties (to choose the model) and the *test* ties (reported, never seen).
- Negatives for fitting and validation are pairs with no tie at all: for each positive
  ``(u, v)`` several random pairs of untied cities and several cities drawn uniformly as
  ``(u, w)``; and, for a subset of the sources ``u``, untied cities drawn from ``u``'s own
  candidates (:meth:`PairFeatures.candidates`), so that the fit matches the ranking the
  model does for a city. (Cities two or three steps away are not taken as negatives: for
  a city's ranking they are its likeliest partners.)
- Regularised logistic regression and histogram gradient boosting are fitted on the fit
  ties and compared by MRR on validation ties, each partner ranked among all its source
  city's candidates; the better one is refitted on fit and validation ties.
- On the test ties: AUC and average precision against uniform negatives (random pairs
  of untied cities, one per test tie) and against hard ones; Hits@10 and MRR, ranking
  each test tie's partner among *all* cities not tied to its source city; the same
  figures, in the same run, for the hand score, Adamic-Adar and preferential attachment.
- What a score means is measured on the ranked test ties too: the chance that a candidate
  scored like this was the hidden partner, over the chance of a city picked at random
  ("times likelier", :meth:`PartnerModel.likelier`), with its calibration read out of
  fold.
- Where ties have a signing year, a time split: the later half of the dated ties are
  predicted from the network without them.

The fitted model is kept on disk per content of the data it was fitted on
(:func:`partner_model`), in ``$DIPLOMACY_CACHE_DIR`` or ``~/.cache/city-diplomacy/models``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from graph.places.countries import COUNTRIES
from graph.places.geo import EARTH_RADIUS_KM
from graph.settings import default

__all__ = [
    "FEATURES",
    "MODEL_VERSION",
    "PairFeatures",
    "PartnerModel",
    "SHARED_PARTNER_FEATURES",
    "TooFewTies",
    "cache_dir",
    "model_threads",
    "data_key",
    "fit_partner_model",
    "partner_model",
    "ranking_metrics",
]

MODEL_VERSION = "partner-model-4"
SEED = 20260101
# what the two cities' shared partners and short paths say (told as one reason)
SHARED_PARTNER_FEATURES: tuple[str, ...] = (
    "adamic_adar",
    "resource_allocation",
    "common_partners",
    "jaccard",
    "salton",
    "paths_3",
    "hops",
)
FEATURES: tuple[str, ...] = (
    *SHARED_PARTNER_FEATURES,
    "degree_low",
    "degree_high",
    "preferential_attachment",
    "log_km",
    "same_country",
    "same_continent",
    "population_low",
    "population_high",
    "air_routes",
    "country_pair_ties",
    "country_pair_affinity",
    "ties_to_country",
    "country_activity_low",
    "country_activity_high",
)


class TooFewTies(ValueError):
    """The network has too few ties to split for fitting and testing the model."""


def _index(cities: pd.DataFrame) -> dict[str, int]:
    return {c: i for i, c in enumerate(cities["city_id"].tolist())}


def _matrix(index: dict[str, int], a: list[str], b: list[str], values, n: int) -> sp.csr_matrix:
    rows = np.array([index[x] for x in a], dtype=np.int64)
    cols = np.array([index[x] for x in b], dtype=np.int64)
    vals = np.asarray(values, dtype=float)
    m = sp.coo_matrix((vals, (rows, cols)), shape=(n, n)).tocsr()
    m = m + m.T
    m.sum_duplicates()
    return m.tocsr()


class PairFeatures:
    """Features of city pairs on one network of ties (see the module docstring).

    ``cities`` lists every city that may appear in a pair; ``ties`` and ``air_links`` have
    ``city_a``/``city_b`` columns (air links also ``routes``). Ties to a city missing
    from ``cities`` are ignored.
    """

    def __init__(self, cities: pd.DataFrame, ties: pd.DataFrame, air_links: pd.DataFrame):
        cities = cities.reset_index(drop=True)
        self.ids = cities["city_id"].tolist()
        self.index = _index(cities)
        n = len(self.ids)
        ties = ties[ties["city_a"].isin(self.index) & ties["city_b"].isin(self.index)]
        ties = ties[ties["city_a"] != ties["city_b"]]
        adj = _matrix(
            self.index, ties["city_a"].tolist(), ties["city_b"].tolist(), np.ones(len(ties)), n
        )
        adj.data[:] = 1.0
        self.adj = adj
        self.degree = np.asarray(adj.sum(axis=1)).ravel()
        with np.errstate(divide="ignore"):
            aa_w = np.where(self.degree > 1, 1.0 / np.log(np.maximum(self.degree, 2)), 0.0)
            ra_w = np.where(self.degree > 0, 1.0 / np.maximum(self.degree, 1), 0.0)
        self.adj_aa = (adj @ sp.diags(aa_w)).tocsr()
        self.adj_ra = (adj @ sp.diags(ra_w)).tocsr()
        air = air_links[air_links["city_a"].isin(self.index) & air_links["city_b"].isin(self.index)]
        self.routes = _matrix(
            self.index,
            air["city_a"].tolist(),
            air["city_b"].tolist(),
            air["routes"].astype(float).to_numpy(),
            n,
        )
        country = cities["country"].fillna("").astype(str).tolist()
        self.country_codes = sorted(set(country))
        code_index = {c: i for i, c in enumerate(self.country_codes)}
        self.country = np.array([code_index[c] for c in country], dtype=np.int64)
        continents = sorted({COUNTRIES.get(c, ("", "", ""))[2] for c in self.country_codes})
        cont_index = {c: i for i, c in enumerate(continents)}
        self.continent = np.array(
            [cont_index[COUNTRIES.get(c, ("", "", ""))[2]] for c in country], dtype=np.int64
        )
        self.unknown_continent = cont_index.get("", -1)
        pop = pd.to_numeric(cities["population"], errors="coerce").astype(float).to_numpy()
        self.population = np.where(pop > 0, np.log10(np.maximum(pop, 1.0)), np.nan)
        self.lat = np.radians(pd.to_numeric(cities["lat"], errors="coerce").to_numpy(float))
        self.lon = np.radians(pd.to_numeric(cities["lon"], errors="coerce").to_numpy(float))
        k = len(self.country_codes)
        onehot = sp.csr_matrix((np.ones(n), (np.arange(n), self.country)), shape=(n, k))
        self.city_country_ties = (adj @ onehot).tocsr()  # ties of each city into each country
        self.country_members = [np.flatnonzero(self.country == c) for c in range(k)]
        self.country_sizes = np.array([len(m) for m in self.country_members], dtype=float)
        pair = (onehot.T @ adj @ onehot).toarray()  # both directions: each tie counted twice
        # a tie between countries c and d is counted once at (c, d) and once at (d, c); a
        # tie within c twice at (c, c)
        self.country_pair = pair.copy()
        self.country_pair[np.diag_indices(k)] /= 2.0
        self.country_ends = pair.sum(axis=1)  # tie ends in each country
        total_ends = max(self.country_ends.sum(), 1.0)
        expected = np.outer(self.country_ends, self.country_ends) / total_ends
        expected[np.diag_indices(k)] /= 2.0
        self.country_expected = expected
        self.total_ties = total_ends / 2.0

    # -- pair features -----------------------------------------------------------------
    def ids_to_index(self, ids) -> np.ndarray:
        """Row numbers of city ids (KeyError for an unknown id)."""
        return np.array([self.index[c] for c in ids], dtype=np.int64)

    def _shared(self, us: np.ndarray, vs: np.ndarray) -> tuple[np.ndarray, ...]:
        rows_u = self.adj[us]
        rows_v = self.adj[vs]
        common = np.asarray(rows_u.multiply(rows_v).sum(axis=1)).ravel()
        aa = np.asarray(self.adj_aa[us].multiply(rows_v).sum(axis=1)).ravel()
        ra = np.asarray(self.adj_ra[us].multiply(rows_v).sum(axis=1)).ravel()
        two = rows_u @ self.adj
        paths3 = np.asarray(two.multiply(rows_v).sum(axis=1)).ravel()
        return common, aa, ra, paths3

    def matrix(self, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
        """The feature matrix of the pairs ``(us[i], vs[i])`` (row numbers), one column per
        entry of :data:`FEATURES`. Populations unknown are NaN."""
        us, vs = np.asarray(us, dtype=np.int64), np.asarray(vs, dtype=np.int64)
        common, aa, ra, paths3 = self._shared(us, vs)
        return self._assemble(us, vs, common, aa, ra, paths3)

    def against_all(self, u: int, candidates: np.ndarray | None = None) -> np.ndarray:
        """The feature matrix of ``(u, v)`` for every city ``v`` (or ``candidates``)."""
        vs = np.arange(len(self.ids)) if candidates is None else np.asarray(candidates)
        two = self.adj[u] @ self.adj  # paths of two steps from u
        common = two.toarray().ravel()[vs]
        aa = (self.adj_aa[u] @ self.adj).toarray().ravel()[vs]
        ra = (self.adj_ra[u] @ self.adj).toarray().ravel()[vs]
        paths3 = (two @ self.adj).toarray().ravel()[vs]
        us = np.full(len(vs), u, dtype=np.int64)
        return self._assemble(us, vs, common, aa, ra, paths3)

    def _assemble(self, us, vs, common, aa, ra, paths3) -> np.ndarray:
        du, dv = self.degree[us], self.degree[vs]
        hops = np.where(common > 0, 2.0, np.where(paths3 > 0, 3.0, 4.0))
        cu, cv = self.country[us], self.country[vs]
        pu, pv = self.population[us], self.population[vs]
        routes = np.asarray(self.routes[us, vs]).ravel()
        ties_cc = self.country_pair[cu, cv]
        affinity = np.log((ties_cc + 0.5) / (self.country_expected[cu, cv] + 0.5))
        to_country = (
            np.asarray(self.city_country_ties[us, cv]).ravel()
            + np.asarray(self.city_country_ties[vs, cu]).ravel()
        )
        au, av = self.country_ends[cu], self.country_ends[cv]
        known = self.continent[us] != self.unknown_continent
        union = du + dv - common
        with np.errstate(divide="ignore", invalid="ignore"):
            jaccard = np.where(union > 0, common / np.maximum(union, 1.0), 0.0)
            salton = np.where(du * dv > 0, common / np.sqrt(np.maximum(du * dv, 1.0)), 0.0)
        return np.column_stack(
            [
                aa,
                ra,
                common,
                jaccard,
                salton,
                np.log1p(paths3),
                hops,
                np.log1p(np.minimum(du, dv)),
                np.log1p(np.maximum(du, dv)),
                np.log1p(du * dv),
                np.log1p(self.km(us, vs)),
                (cu == cv).astype(float),
                ((self.continent[us] == self.continent[vs]) & known).astype(float),
                np.minimum(pu, pv),  # unknown when either is unknown
                np.maximum(pu, pv),
                np.log1p(routes),
                np.log1p(ties_cc),
                affinity,
                np.log1p(to_country),
                np.log1p(np.minimum(au, av)),
                np.log1p(np.maximum(au, av)),
            ]
        )

    def candidates(self, features: np.ndarray) -> np.ndarray:
        """Which pairs of a feature matrix the model scores when it ranks: partners of
        partners up to three steps, direct air routes, a country the city already twins
        with, or a country whose cities twin with the city's country's (a mask)."""
        col = {n: i for i, n in enumerate(FEATURES)}
        return (
            (features[:, col["hops"]] <= 3)
            | (features[:, col["air_routes"]] > 0)
            | (features[:, col["ties_to_country"]] > 0)
            | (features[:, col["country_pair_ties"]] > 0)
        )

    def km(self, us: np.ndarray, vs: np.ndarray) -> np.ndarray:
        """Great-circle distance in km (haversine; NaN where a position is unknown)."""
        dlat = self.lat[vs] - self.lat[us]
        dlon = self.lon[vs] - self.lon[us]
        h = (
            np.sin(dlat / 2) ** 2
            + np.cos(self.lat[us]) * np.cos(self.lat[vs]) * np.sin(dlon / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))

    def hand_score(self, features: np.ndarray) -> np.ndarray:
        """Today's hand score from a feature matrix: AA + 0.5 log1p(routes) + 0.1 size of the
        larger city (the baseline; the size term of the candidate in the old score)."""
        col = {n: i for i, n in enumerate(FEATURES)}
        pop = np.nan_to_num(10 ** features[:, col["population_high"]], nan=0.0)
        size = np.log10(1.0 + pop / default("suggest_size_unit"))
        return (
            features[:, col["adamic_adar"]]
            + default("suggest_air_weight") * features[:, col["air_routes"]]
            + default("suggest_size_weight") * size
        )


# --- the model ------------------------------------------------------------------------------


@dataclass
class PartnerModel:
    """A fitted pair classifier with its evaluation; ``predict(features)`` gives P(tie)."""

    estimator: object
    kind: str
    evaluation: dict
    reference: np.ndarray  # a typical untied pair's features: the base of each contribution
    likelier_fit: tuple[float, float, float, float]  # see _likelier_fit
    features: PairFeatures | None = None  # of the whole network, for suggestions

    def predict(self, features: np.ndarray) -> np.ndarray:
        """The model's probability that each pair is tied (on the fitting sample's odds)."""
        with model_threads():
            return self.estimator.predict_proba(features)[:, 1]

    def likelier(self, scores: np.ndarray) -> np.ndarray:
        """How many times likelier than a city picked at random each candidate with these
        scores (:meth:`predict`) is to be the partner: measured on the test ties, whose
        partners were hidden (:func:`_likelier_fit`)."""
        return _likelier(np.asarray(scores, dtype=float), self.likelier_fit)


def model_threads():
    """A context in which scikit-learn's OpenMP threads are limited (setting
    ``suggest_threads``): on a machine shared with other work, its waiting threads cost more
    than they save."""
    # threadpoolctl comes with scikit-learn, which loads only when a model is used
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=int(default("suggest_threads")))


def _estimators(seed: int) -> dict[str, object]:
    # sklearn loads in about a second: only when a model is fitted or read back
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {
        "logistic_regression": make_pipeline(
            SimpleImputer(strategy="median", add_indicator=True),
            StandardScaler(),
            LogisticRegression(C=1.0, max_iter=2000),
        ),
        "gradient_boosting": HistGradientBoostingClassifier(
            max_iter=200,
            learning_rate=0.1,
            max_leaf_nodes=31,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=seed,
        ),
    }


def _split(n: int, seed: int) -> dict[str, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    cut = [int(round(n * f)) for f in (0.7, 0.8, 0.9)]
    return {
        "network": order[: cut[0]],
        "fit": order[cut[0] : cut[1]],
        "validation": order[cut[1] : cut[2]],
        "test": order[cut[2] :],
    }


def _neighbours(adj: sp.csr_matrix, u: int) -> np.ndarray:
    return adj.indices[adj.indptr[u] : adj.indptr[u + 1]]


def _negatives(
    feats: PairFeatures,
    tied: set[tuple[int, int]],
    us: np.ndarray,
    per: int,
    kind: str,
    rng: random.Random,
) -> tuple[np.ndarray, np.ndarray]:
    """``per`` untied partners for each source in ``us``: drawn ``"uniform"``ly, ``"hard"``
    (2-3 steps away)."""
    n = len(feats.ids)
    out_u, out_v = [], []
    for u in us.tolist():
        got, tries = 0, 0
        while got < per and tries < 50 * per:
            tries += 1
            if kind == "hard":
                w = u
                for _ in range(rng.choice((2, 3))):
                    nb = _neighbours(feats.adj, w)
                    if len(nb) == 0:
                        break
                    w = int(nb[rng.randrange(len(nb))])
            else:
                w = rng.randrange(n)
            if w == u or (min(u, w), max(u, w)) in tied:
                continue
            out_u.append(u)
            out_v.append(w)
            got += 1
    return np.array(out_u, dtype=np.int64), np.array(out_v, dtype=np.int64)


def _candidate_negatives(
    feats: PairFeatures,
    full_adj: sp.csr_matrix,
    us: np.ndarray,
    per: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Feature rows of ``per`` untied candidates (:meth:`PairFeatures.candidates`) of each
    source in ``us``, drawn uniformly: the pairs the model ranks for that city."""
    rows = [np.empty((0, len(FEATURES)))]
    for u in us.tolist():
        x = feats.against_all(u)
        pool = feats.candidates(x)
        pool[_neighbours(full_adj, u)] = False
        pool[u] = False
        idx = np.flatnonzero(pool)
        if len(idx):
            rows.append(x[rng.choice(idx, size=min(per, len(idx)), replace=False)])
    return np.vstack(rows)


def _random_pairs(
    feats: PairFeatures,
    eligible: np.ndarray,
    tied: set[tuple[int, int]],
    n: int,
    rng: random.Random,
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` pairs of distinct untied cities drawn uniformly among the ``eligible`` ones."""
    pool = np.flatnonzero(eligible).tolist()
    out_u, out_v = [], []
    while len(out_u) < n:
        u, v = rng.sample(pool, 2)
        if (min(u, v), max(u, v)) not in tied:
            out_u.append(u)
            out_v.append(v)
    return np.array(out_u, dtype=np.int64), np.array(out_v, dtype=np.int64)


def _auc(pos: np.ndarray, neg: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    return float(roc_auc_score(y, np.r_[pos, neg]))


def _ap(pos: np.ndarray, neg: np.ndarray) -> float:
    from sklearn.metrics import average_precision_score

    y = np.r_[np.ones(len(pos)), np.zeros(len(neg))]
    return float(average_precision_score(y, np.r_[pos, neg]))


def ranking_metrics(ranks: np.ndarray) -> dict[str, float]:
    """Hits@10 and MRR from the ranks (1 = first) of the true partners.

    >>> ranking_metrics(np.array([1.0, 4.0, 20.0]))
    {'hits_at_10': 0.6666666666666666, 'mrr': 0.43333333333333335}
    """
    ranks = np.asarray(ranks, dtype=float)
    if ranks.size == 0:
        raise ValueError("ranking metrics need at least one ranked tie")
    return {"hits_at_10": float(np.mean(ranks <= 10)), "mrr": float(np.mean(1.0 / ranks))}


SCORERS = ("model", "hand_score", "adamic_adar", "preferential_attachment")


def _scores(model, feats: PairFeatures, x: np.ndarray) -> dict[str, np.ndarray]:
    col = {n: i for i, n in enumerate(FEATURES)}
    out = {} if model is None else {"model": model.predict_proba(x)[:, 1]}
    return out | {
        "hand_score": feats.hand_score(x),
        "adamic_adar": x[:, col["adamic_adar"]],
        "preferential_attachment": x[:, col["preferential_attachment"]],
    }


def _rank_of_truth(
    model,
    feats: PairFeatures,
    full_adj: sp.csr_matrix,
    pairs: list[tuple[int, int]],
    model_only: bool = False,
    pools: list[tuple[np.ndarray, bool, int]] | None = None,
) -> dict[str, np.ndarray]:
    """For each held-out ``(u, v)``: the rank of ``v`` among all cities not tied to ``u``
    (its other true partners left out, ties of score counting one half).

    The model scores the candidates of :meth:`PairFeatures.candidates` only and ranks every
    other city after them (as tied); the baselines score every city (left out with
    ``model_only``). ``pools``, when given, gets per pair the model's scores of the other
    candidates, whether ``v`` was a candidate (its score then first) and how many cities
    the partner was ranked among. ``"near"`` says per pair whether ``v`` was within three
    steps of ``u`` (a path through partners in the network the features are computed on)."""
    ranks: dict[str, list[float]] = {s: [] for s in SCORERS}
    near: list[bool] = []
    hops = FEATURES.index("hops")
    for u, v in pairs:
        x = feats.against_all(u)
        exclude = np.zeros(len(feats.ids), dtype=bool)
        exclude[_neighbours(full_adj, u)] = True
        exclude[u] = True
        exclude[v] = False
        scores = {} if model_only else _scores(None, feats, x)
        near.append(bool(x[v, hops] <= 3))
        pool = feats.candidates(x) & ~exclude
        model_score = np.full(len(feats.ids), -1.0)
        model_score[pool] = model.predict_proba(x[pool])[:, 1]
        scores["model"] = model_score
        if pools is not None:
            others = pool.copy()
            others[v] = False
            scored = np.r_[model_score[v], model_score[others]] if pool[v] else model_score[others]
            pools.append((scored, bool(pool[v]), int(np.sum(~exclude))))
        for name, s in scores.items():
            rest = s[~exclude]
            truth = s[v]
            ranks[name].append(1.0 + np.sum(rest > truth) + 0.5 * (np.sum(rest == truth) - 1))
    return {k: np.array(v) for k, v in ranks.items() if v} | {"near": np.array(near, dtype=bool)}


def _by_reach(ranks: dict[str, np.ndarray]) -> dict:
    """Hits@10 and MRR of each method on the ranked ties whose partner was within three
    steps through partners (``near``) and on the rest (``far``), and the share of near."""
    near = ranks["near"]
    out: dict = {"near_share": float(near.mean()) if near.size else 0.0}
    for reach, mask in (("near", near), ("far", ~near)):
        out[reach] = {
            name: ranking_metrics(ranks[name][mask])
            for name in SCORERS
            if name in ranks and mask.any()
        }
        out[reach]["ties"] = int(mask.sum())
    return out


def _figures(model, feats, pos_x, uni_x, hard_x, ranks) -> dict:
    pos, uni, hard = (_scores(model, feats, x) for x in (pos_x, uni_x, hard_x))
    out = {}
    for name in SCORERS:
        out[name] = {
            "auc": _auc(pos[name], uni[name]),
            "average_precision": _ap(pos[name], uni[name]),
            "auc_hard": _auc(pos[name], hard[name]),
            "average_precision_hard": _ap(pos[name], hard[name]),
            **ranking_metrics(ranks[name]),
        }
    return out


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p) - np.log1p(-p)


def _likelier(scores: np.ndarray, fit: tuple[float, float, float, float]) -> np.ndarray:
    intercept, slope, bend, base = fit
    z = _logit(scores)
    if bend != 0.0:  # the curve is kept rising with the score: flat beyond its turn
        turn = -slope / (2.0 * bend)
        z = np.maximum(z, turn) if bend > 0 else np.minimum(z, turn)
    chance = 1.0 / (1.0 + np.exp(-(intercept + slope * z + bend * z**2)))
    return chance / base


def _pool_rows(pools) -> tuple[np.ndarray, np.ndarray]:
    if not pools:
        return np.empty(0), np.empty(0)
    scores = np.concatenate([p[0] for p in pools])
    truth = np.concatenate([np.r_[[1.0] * p[1], np.zeros(len(p[0]) - p[1])] for p in pools])
    return scores, truth


def _base_chance(pools) -> float:
    """The chance of a city picked at random among those each partner was ranked among."""
    return len(pools) / max(sum(p[2] for p in pools), 1)


def _likelier_fit(pools) -> tuple[float, float, float, float]:
    """How the model's scores translate into "times likelier than a city picked at
    random": the chance that a candidate is the hidden partner, over the candidates of
    ranked held-out ties, as a logistic curve in the score's log-odds ``z`` (``a + b z +
    c z²``: a straight line over-states the best-scored candidates about twofold), divided
    by the chance of a city picked at random among those not tied to the source city.
    Returns ``(a, b, c, base chance)``."""
    from sklearn.linear_model import LogisticRegression

    scores, truth = _pool_rows(pools)
    base = _base_chance(pools)
    if truth.sum() == 0 or truth.sum() == len(truth):
        return (float(_logit(np.array([base]))[0]), 0.0, 0.0, base)
    z = _logit(scores)
    curve = LogisticRegression(C=1e6, max_iter=1000).fit(np.c_[z, z**2], truth)
    slope, bend = (float(c) for c in curve.coef_[0])
    return (float(curve.intercept_[0]), slope, bend, base)


def _calibration(pools, folds: int = 2) -> list[dict]:
    """Stated against observed "times likelier", out of fold: the curve is fitted on half
    the ranked ties and read on the other half's candidates, grouped by stated value
    (each group holding at least a few hidden partners)."""
    stated, truth = [], []
    for k in range(folds):
        fitted = _likelier_fit([p for i, p in enumerate(pools) if i % folds != k])
        read = [p for i, p in enumerate(pools) if i % folds == k]
        scores, labels = _pool_rows(read)
        stated.append(_likelier(scores, fitted))
        truth.append(labels)
    stated_all, truth_all = np.concatenate(stated), np.concatenate(truth)
    base = _base_chance(pools)
    edges = [0.0, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, np.inf]
    out, inside = [], np.zeros(len(stated_all), dtype=bool)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside |= (stated_all >= lo) & (stated_all < hi)
        if truth_all[inside].sum() >= 5 or hi == np.inf:
            if inside.any():
                out.append(
                    {
                        "predicted": float(stated_all[inside].mean()),
                        "observed": float(truth_all[inside].mean() / base),
                        "pairs": int(inside.sum()),
                        "partners": int(truth_all[inside].sum()),
                    }
                )
            inside = np.zeros(len(stated_all), dtype=bool)
    return out


def fit_partner_model(
    cities: pd.DataFrame,
    ties: pd.DataFrame,
    air_links: pd.DataFrame,
    seed: int = SEED,
    uniform_per_tie: int | None = None,
    ranked_ties: int | None = None,
) -> PartnerModel:
    """Fit and evaluate the partner model on ``ties`` by the protocol of the module docstring.

    ``uniform_per_tie`` random pairs and as many random cities for the source are drawn per
    positive tie (setting ``suggest_uniform_negatives``); Hits@10 and MRR rank
    ``ranked_ties`` test ties (setting ``suggest_ranked_ties``) against every city.
    Raises :class:`TooFewTies` when there are too few ties to split.
    """
    with model_threads():
        return _fit(cities, ties, air_links, seed, uniform_per_tie, ranked_ties)


def _fit(cities, ties, air_links, seed, uniform_per_tie, ranked_ties):
    uniform_per_tie = int(uniform_per_tie or default("suggest_uniform_negatives"))
    ranked_ties = int(ranked_ties or default("suggest_ranked_ties"))
    index = _index(cities.reset_index(drop=True))
    ties = ties[ties["city_a"].isin(index) & ties["city_b"].isin(index)]
    ties = ties[ties["city_a"] != ties["city_b"]].reset_index(drop=True)
    if len(ties) < 40:
        raise TooFewTies(f"the partner model needs at least 40 ties to split, not {len(ties)}")
    parts = _split(len(ties), seed)
    network = PairFeatures(cities, ties.iloc[parts["network"]], air_links)
    full = PairFeatures(cities, ties, air_links.iloc[0:0])
    a = network.ids_to_index(ties["city_a"])
    b = network.ids_to_index(ties["city_b"])
    tied = {(min(x, y), max(x, y)) for x, y in zip(a.tolist(), b.tolist(), strict=True)}
    eligible = full.degree > 0
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    candidate_sources = int(default("suggest_candidate_sources"))
    per_candidate = int(default("suggest_candidate_negatives"))

    def sample(which: str):
        idx = parts[which]
        flip = np.array([rng.random() < 0.5 for _ in idx])
        us = np.where(flip, b[idx], a[idx])
        vs = np.where(flip, a[idx], b[idx])
        negatives = [
            _random_pairs(network, eligible, tied, uniform_per_tie * len(us), rng),
            _negatives(network, tied, us, uniform_per_tie, "uniform", rng),
        ]
        ranked = _candidate_negatives(
            network, full.adj, us[:candidate_sources], per_candidate, np_rng
        )
        x = np.vstack(
            [network.matrix(us, vs), *(network.matrix(*n) for n in negatives), ranked]
        )
        y = np.r_[np.ones(len(us)), np.zeros(len(x) - len(us))]
        return x, y, us, vs

    fit_x, fit_y, _, _ = sample("fit")
    val_x, val_y, val_us, val_vs = sample("validation")
    val_ranked = list(zip(val_us.tolist(), val_vs.tolist(), strict=True))
    val_ranked = val_ranked[: int(default("suggest_validation_ranked_ties"))]

    chosen, scores = None, {}
    for name, est in _estimators(seed).items():
        est.fit(fit_x, fit_y)
        val_ranks = _rank_of_truth(est, network, full.adj, val_ranked, model_only=True)
        scores[name] = {
            "average_precision": _ap(
                est.predict_proba(val_x[val_y == 1])[:, 1],
                est.predict_proba(val_x[val_y == 0])[:, 1],
            ),
            **ranking_metrics(val_ranks["model"]),
        }
        if chosen is None or scores[name]["mrr"] > scores[chosen]["mrr"]:
            chosen = name
    estimator = _estimators(seed)[chosen]
    estimator.fit(np.vstack([fit_x, val_x]), np.r_[fit_y, val_y])

    test = parts["test"]
    pos_x = network.matrix(a[test], b[test])
    uni = _random_pairs(network, eligible, tied, len(test), rng)
    hard = _negatives(network, tied, a[test], 1, "hard", rng)
    uni_x, hard_x = network.matrix(*uni), network.matrix(*hard)
    picked = sorted(rng.sample(range(len(test)), min(ranked_ties, len(test))))
    ranked = [(int(a[test[i]]), int(b[test[i]])) for i in picked]
    pools: list[tuple[np.ndarray, bool, int]] = []
    ranks = _rank_of_truth(estimator, network, full.adj, ranked, pools=pools)
    figures = _figures(estimator, network, pos_x, uni_x, hard_x, ranks)
    evaluation = {
        **{k: figures["model"][k] for k in ("auc", "average_precision", "hits_at_10", "mrr")},
        "auc_hard": figures["model"]["auc_hard"],
        "average_precision_hard": figures["model"]["average_precision_hard"],
        "model": chosen,
        "validation": scores,
        "baselines": {k: figures[k] for k in SCORERS if k != "model"},
        "time_split": _time_split(cities, ties, air_links, estimator, seed),
        "calibration": _calibration(pools),
        "by_reach": _by_reach(ranks),
        "protocol": {
            "seed": seed,
            "split": {k: int(len(v)) for k, v in parts.items()},
            "split_note": "ties split at random: 70% the network features are computed on, "
            "10% fit, 10% validation (model choice), 10% test (reported)",
            "negatives": {
                "fit_random_pairs_per_tie": uniform_per_tie,
                "fit_uniform_per_tie": uniform_per_tie,
                "fit_candidates_per_source": per_candidate,
                "fit_candidate_sources": candidate_sources,
                "test": "per test tie one uniform negative (a random pair of untied cities "
                "that have ties) and one hard (a city 2 or 3 steps from its source city)",
            },
            "ranking": f"{len(ranked)} test ties, the partner ranked among every city not tied "
            "to the source city (its other partners left out); ties of score count one half",
            "likelier": "a logistic curve (quadratic in the score's log-odds) of the chance that a "
            "candidate is the hidden partner, fitted on the ranked test ties' candidates, over "
            "the chance of a city picked at random; its calibration is read out of fold "
            "(fitted on half the ranked ties, read on the other half)",
            "held_out": int(len(test)),
            "cities": int(len(cities)),
            "ties": int(len(ties)),
        },
    }
    reference = np.nanmedian(
        network.matrix(*_negatives(network, tied, a[test], 1, "uniform", rng)), axis=0
    )
    return PartnerModel(estimator, chosen, evaluation, reference, _likelier_fit(pools))


def _time_split(cities, ties, air_links, estimator, seed: int) -> dict | None:
    """The later half of the dated ties, predicted from the network without them."""
    if "since" not in ties:
        return None
    since = pd.to_numeric(ties["since"], errors="coerce").astype(float).to_numpy()
    if np.isfinite(since).sum() < 10:
        return None
    cut = float(np.nanmedian(since))
    later = np.nan_to_num(since, nan=-np.inf) > cut
    if later.sum() < 5:
        return None
    feats = PairFeatures(cities, ties[~later], air_links)
    full = PairFeatures(cities, ties, air_links.iloc[0:0])
    full_degree = full.degree
    a = feats.ids_to_index(ties["city_a"])
    b = feats.ids_to_index(ties["city_b"])
    tied = {(min(x, y), max(x, y)) for x, y in zip(a.tolist(), b.tolist(), strict=True)}
    idx = np.flatnonzero(later)
    rng = random.Random(seed + 1)
    neg = _random_pairs(feats, full_degree > 0, tied, len(idx), rng)
    pos_x, neg_x = feats.matrix(a[idx], b[idx]), feats.matrix(*neg)
    ranks = _rank_of_truth(
        estimator, feats, full.adj, list(zip(a[idx].tolist(), b[idx].tolist(), strict=True))
    )
    pos, negs = _scores(estimator, feats, pos_x), _scores(estimator, feats, neg_x)
    return {
        "signed_after": int(cut),
        "ties": int(len(idx)),
        "note": f"ties signed after {int(cut)} predicted from every other tie; "
        "undated ties are taken as older",
        **{
            name: {"auc": _auc(pos[name], negs[name]), **ranking_metrics(ranks[name])}
            for name in SCORERS
        },
    }


# --- kept on disk per data content ------------------------------------------------------------


def cache_dir() -> Path:
    """Where fitted models are kept: ``$DIPLOMACY_CACHE_DIR`` or ``~/.cache/city-diplomacy``,
    folder ``models``."""
    base = os.environ.get("DIPLOMACY_CACHE_DIR")
    root = Path(base) if base else Path.home() / ".cache" / "city-diplomacy"
    return root / "models"


def data_key(cities: pd.DataFrame, ties: pd.DataFrame, air_links: pd.DataFrame) -> str:
    """A hash of exactly what the model reads (and the model's version)."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for frame, cols in (
        (cities, ["city_id", "country", "lat", "lon", "population"]),
        (ties, ["city_a", "city_b", "since"]),
        (air_links, ["city_a", "city_b", "routes"]),
    ):
        part = frame[[c for c in cols if c in frame]].astype(str)
        digest.update(pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:20]


_LOADED: dict[str, PartnerModel] = {}


def partner_model(
    cities: pd.DataFrame, ties: pd.DataFrame, air_links: pd.DataFrame
) -> PartnerModel:
    """The model fitted on this data: from memory, from disk, or fitted now and kept.

    A file that cannot be read back (another library version, a cut write) is fitted
    again and replaced.
    """
    key = data_key(cities, ties, air_links)
    if key in _LOADED:
        return _LOADED[key]
    path = cache_dir() / f"{key}.pickle"
    model = None
    if path.exists():
        try:
            with path.open("rb") as fh:
                model = pickle.load(fh)  # our own file, written below
        except Exception:  # noqa: BLE001 - any unreadable cache file is refitted
            model = None
    if not isinstance(model, PartnerModel):
        model = fit_partner_model(cities, ties, air_links)
        model.features = PairFeatures(cities, ties, air_links)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(model, fh)
        tmp.replace(path)
    _LOADED.clear()  # one data version in memory at a time
    _LOADED[key] = model
    return model
