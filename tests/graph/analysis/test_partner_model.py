"""The suggestion model: pair features by hand, the fit and its evaluation on built
networks, the disk cache, and the evaluation's contract on the Iran scope."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph.analysis import partner_model as pm
from graph.analysis.partner_model import (
    FEATURES,
    PairFeatures,
    data_key,
    fit_partner_model,
    partner_model,
    ranking_metrics,
)
from graph.places.geo import km_between

COL = {n: i for i, n in enumerate(FEATURES)}


def cities_frame(rows) -> pd.DataFrame:
    cols = ["city_id", "name_en", "name_fa", "country", "lat", "lon", "population"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["population"] = frame["population"].astype("Int64")
    return frame


def ties_frame(pairs, since=None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pair_key": ["|".join(sorted(p)) for p in pairs],
            "city_a": [a for a, _ in pairs],
            "city_b": [b for _, b in pairs],
            "since": pd.array(since or [None] * len(pairs), dtype="Int64"),
        }
    )


def air_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pair_key": ["|".join(sorted((a, b))) for a, b, _ in rows],
            "city_a": [a for a, _, _ in rows],
            "city_b": [b for _, b, _ in rows],
            "routes": [n for _, _, n in rows],
        }
    )


SMALL = cities_frame(
    [
        ("t", "Tehran", "تهران", "IR", 35.7, 51.4, 8_000_000),
        ("i", "Isfahan", "اصفهان", "IR", 32.6, 51.7, 2_000_000),
        ("k", "Kazan", "کازان", "RU", 55.8, 49.1, 1_200_000),
        ("d", "Dushanbe", "دوشنبه", "TJ", 38.6, 68.8, 800_000),
        ("m", "Minsk", None, "BY", 53.9, 27.6, 2_000_000),
        ("u", "Ufa", None, "RU", 54.7, 56.0, None),
    ]
)
# t-k, t-d, m-k, m-d, u-k, i-k: Tehran and Minsk share Kazan and Dushanbe
SMALL_TIES = ties_frame([("t", "k"), ("t", "d"), ("m", "k"), ("m", "d"), ("u", "k"), ("i", "k")])


def test_pair_features_by_hand():
    feats = PairFeatures(SMALL, SMALL_TIES, air_frame([("t", "m", 3)]))
    t, m, u, i = feats.ids_to_index(["t", "m", "u", "i"])
    [x] = feats.matrix(np.array([t]), np.array([m]))
    # shared partners Kazan (4 ties) and Dushanbe (2 ties)
    assert x[COL["common_partners"]] == 2
    assert x[COL["adamic_adar"]] == pytest.approx(1 / math.log(4) + 1 / math.log(2))
    assert x[COL["resource_allocation"]] == pytest.approx(1 / 4 + 1 / 2)
    assert x[COL["hops"]] == 2
    assert x[COL["air_routes"]] == pytest.approx(math.log1p(3))
    assert x[COL["degree_low"]] == x[COL["degree_high"]] == pytest.approx(math.log1p(2))
    assert x[COL["same_country"]] == 0 and x[COL["same_continent"]] == 0  # Asia, Europe
    assert math.isnan(feats.matrix(np.array([t]), np.array([u]))[0, COL["population_low"]])
    # Tehran twins with no Belarusian city, Minsk with no Iranian one
    assert x[COL["ties_to_country"]] == 0
    # Tehran -> Russia: one tie (Kazan); Ufa -> Iran: none; Iran-Russia ties: t-k and i-k
    tu = feats.matrix(np.array([t]), np.array([u]))[0]
    assert tu[COL["ties_to_country"]] == pytest.approx(math.log1p(1))
    assert tu[COL["country_pair_ties"]] == pytest.approx(math.log1p(2))
    assert tu[COL["hops"]] == 2  # via Kazan
    # Ufa and Isfahan share Kazan; Tehran and Isfahan too, and are of one country
    ti = feats.matrix(np.array([t]), np.array([i]))[0]
    assert ti[COL["same_country"]] == 1 and ti[COL["same_continent"]] == 1
    # the same great circle as the map's
    assert feats.km(np.array([t]), np.array([m]))[0] == pytest.approx(
        km_between(51.4, 35.7, 27.6, 53.9), rel=1e-3
    )


def test_pair_features_are_symmetric_and_agree_for_all_cities():
    feats = PairFeatures(SMALL, SMALL_TIES, air_frame([("t", "m", 3)]))
    n = len(feats.ids)
    us, vs = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    forward, backward = feats.matrix(us, vs), feats.matrix(vs, us)
    np.testing.assert_allclose(forward, backward, equal_nan=True)
    for u in range(n):
        np.testing.assert_allclose(feats.against_all(u), forward[u * n : (u + 1) * n],
                                   equal_nan=True)


def test_ranking_metrics_by_hand():
    assert ranking_metrics(np.array([1.0, 2.0, 11.0, 20.0])) == pytest.approx(
        {"hits_at_10": 0.5, "mrr": (1 + 0.5 + 1 / 11 + 1 / 20) / 4}
    )
    with pytest.raises(ValueError, match="at least one"):
        ranking_metrics(np.array([]))


def planted_world(seed: int = 4, blocks: int = 5, size: int = 30):
    """Countries as communities: cities twin mostly within their bloc of countries."""
    probs = [[0.25 if i == j else 0.01 for j in range(blocks)] for i in range(blocks)]
    graph = nx.stochastic_block_model([size] * blocks, probs, seed=seed)
    codes = ["FR", "DE", "TR", "IR", "JP"]
    rng = np.random.default_rng(seed)
    rows = []
    for n in graph:
        block = graph.nodes[n]["block"]
        # two countries per bloc, so that ties cross countries
        country = codes[block] if n % 2 else ["BE", "AT", "AZ", "AF", "KR"][block]
        rows.append((f"c{n}", f"City {n}", f"شهر {n}", country, 10.0 * block + rng.normal(),
                     10.0 * block + rng.normal(), int(rng.integers(50_000, 5_000_000))))
    ties = ties_frame([(f"c{a}", f"c{b}") for a, b in graph.edges])
    return cities_frame(rows), ties, air_frame([])


@pytest.fixture(scope="module")
def planted():
    cities, ties, air = planted_world()
    return cities, ties, air, fit_partner_model(cities, ties, air, ranked_ties=40)


def test_model_finds_planted_communities(planted):
    *_, model = planted
    ev = model.evaluation
    assert ev["model"] in ("gradient_boosting", "logistic_regression")
    assert set(ev["validation"]) == {"gradient_boosting", "logistic_regression"}
    for figures in ev["validation"].values():
        assert {"average_precision", "hits_at_10", "mrr"} <= set(figures)
    assert ev["auc"] > 0.7, ev
    # the fitted model beats every baseline on uniform negatives, and ranks as well as
    # shared partners alone
    for name, figures in ev["baselines"].items():
        assert ev["auc"] > figures["auc"], name
    assert ev["hits_at_10"] >= ev["baselines"]["adamic_adar"]["hits_at_10"]
    split = ev["protocol"]["split"]
    assert sum(split.values()) == ev["protocol"]["ties"]
    assert split["test"] == ev["protocol"]["held_out"]
    assert ev["time_split"] is None  # no signing years
    # "times likelier than a random city", stated against observed on the ranked test ties
    calibration = ev["calibration"]
    assert calibration and all(c["predicted"] > 0 and c["observed"] >= 0 for c in calibration)
    assert [c["predicted"] for c in calibration] == sorted(c["predicted"] for c in calibration)
    assert 0 < sum(c["partners"] for c in calibration) <= 40
    # the ranked ties split by reach: near (within three steps through partners) and far
    reach = ev["by_reach"]
    assert reach["near"]["ties"] + reach["far"]["ties"] == 40
    assert reach["near_share"] == pytest.approx(reach["near"]["ties"] / 40)
    for name in ("model", "adamic_adar"):
        whole = sum(
            reach[r][name]["hits_at_10"] * reach[r]["ties"]
            for r in ("near", "far")
            if name in reach[r]
        )
        overall = ev["hits_at_10"] if name == "model" else ev["baselines"][name]["hits_at_10"]
        assert whole / 40 == pytest.approx(overall)
    # the better a candidate's score, the likelier; the best ones beat a random city
    likelier = model.likelier(np.array([0.001, 0.5, 0.999]))
    assert np.all(np.diff(likelier) > 0) and likelier[-1] > 1


def test_fit_is_repeatable_with_its_seed():
    world = planted_world(seed=2, blocks=3, size=20)
    first = fit_partner_model(*world, ranked_ties=10)
    assert fit_partner_model(*world, ranked_ties=10).evaluation == first.evaluation


def test_time_split_where_ties_are_dated():
    cities, ties, air = planted_world(seed=6, blocks=3, size=20)
    years = np.random.default_rng(1).integers(1990, 2020, len(ties))
    ties["since"] = pd.array([int(y) if i % 3 else None for i, y in enumerate(years)],
                             dtype="Int64")
    ev = fit_partner_model(cities, ties, air, ranked_ties=20).evaluation
    split = ev["time_split"]
    later = int((ties["since"].astype(float) > split["signed_after"]).sum())
    assert split["ties"] == later > 0
    assert {"model", "hand_score", "adamic_adar", "preferential_attachment"} <= set(split)
    assert 0 <= split["model"]["auc"] <= 1


def test_too_few_ties_is_a_clear_error():
    with pytest.raises(ValueError, match="at least 40 ties"):
        fit_partner_model(SMALL, SMALL_TIES, air_frame([]))


def test_model_is_kept_on_disk_per_data(planted, tmp_path, monkeypatch):
    cities, ties, air, _ = planted
    monkeypatch.setenv("DIPLOMACY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pm, "_LOADED", {})
    first = partner_model(cities, ties, air)
    files = list((tmp_path / "models").glob("*.pickle"))
    assert [f.stem for f in files] == [data_key(cities, ties, air)]
    monkeypatch.setattr(pm, "_LOADED", {})

    def no_fit(*args, **kwargs):
        raise AssertionError("fitted again although the model is on disk")

    monkeypatch.setattr(pm, "fit_partner_model", no_fit)
    again = partner_model(cities, ties, air)
    assert again.evaluation == first.evaluation and again.features is not None
    # another data version is another key
    fewer = ties.iloc[1:]
    assert data_key(cities, fewer, air) != data_key(cities, ties, air)


def test_unreadable_model_file_is_fitted_again(planted, tmp_path, monkeypatch):
    cities, ties, air, _ = planted
    monkeypatch.setenv("DIPLOMACY_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(pm, "_LOADED", {})
    path = tmp_path / "models" / f"{data_key(cities, ties, air)}.pickle"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a model")
    model = partner_model(cities, ties, air)
    assert model.evaluation["auc"] > 0.5
    assert path.read_bytes() != b"not a model"


def test_iran_scope_evaluation_contract(seeded_store):
    cities, ties, air = seeded_store.cities(), seeded_store.ties("iran"), seeded_store.air_links()
    ev = fit_partner_model(cities, ties, air, ranked_ties=20).evaluation
    assert {"auc", "average_precision", "hits_at_10", "mrr", "baselines", "protocol"} <= set(ev)
    assert set(ev["baselines"]) == {"hand_score", "adamic_adar", "preferential_attachment"}
    for figures in [ev, *ev["baselines"].values()]:
        for key in ("auc", "average_precision", "auc_hard", "hits_at_10", "mrr"):
            assert 0 <= figures[key] <= 1, (key, figures)
    protocol = ev["protocol"]
    assert protocol["ties"] == len(ties) and protocol["seed"] == pm.SEED
    assert protocol["split"]["test"] == round(0.1 * len(ties)) or protocol["split"]["test"] > 0
    assert "uniform" in protocol["negatives"]["test"] and "hard" in protocol["negatives"]["test"]


def test_times_likelier_recovers_a_known_chance():
    """Candidates whose chance of being the hidden partner is known: one partner per pool
    of 1,000, drawn with odds proportional to exp(z). The fitted curve, read out of fold,
    states how many times likelier than a random city each candidate is."""
    rng = np.random.default_rng(7)
    pools = []
    for _ in range(400):
        z = rng.uniform(-8.0, 2.0, 1000)
        chance = np.exp(z) / np.exp(z).sum()
        hidden = rng.choice(1000, p=chance)
        scores = 1.0 / (1.0 + np.exp(-z))
        order = np.r_[hidden, np.delete(np.arange(1000), hidden)]
        pools.append((scores[order], True, 1000))
    fit = pm._likelier_fit(pools)
    z = np.array([-6.0, -2.0, 0.0, 2.0])
    expected = np.exp(z) / np.mean(np.exp(rng.uniform(-8.0, 2.0, 200_000)))  # over 1/1000
    stated = pm._likelier(1.0 / (1.0 + np.exp(-z)), fit)
    assert np.all(np.diff(stated) > 0)
    np.testing.assert_allclose(stated, expected, rtol=0.35)
    calibration = pm._calibration(pools)
    well_measured = [c for c in calibration if c["partners"] >= 50]
    assert len(well_measured) >= 3
    assert all(0.7 < c["observed"] / c["predicted"] < 1.4 for c in well_measured), calibration
    assert sum(c["pairs"] for c in calibration) == 400 * 1000


def test_times_likelier_keeps_rising_with_the_score():
    """A curve that bends down past its turn is held flat there, so a better-scored
    candidate is never told as less likely."""
    scores = 1.0 / (1.0 + np.exp(-np.linspace(-20.0, 20.0, 81)))
    for fit in ((-6.0, 1.0, 0.1, 1e-4), (-6.0, 1.0, -0.1, 1e-4)):
        assert np.all(np.diff(pm._likelier(scores, fit)) >= 0)
