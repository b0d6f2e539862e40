"""Opportunities: the Poisson fit, dormant and underused ties, on hand-made data and the seed."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from graph.analysis.opportunities import (
    TERMS,
    dormant_ties,
    fit_gravity,
    gravity_features,
    opportunities,
    overdispersion_test,
    underused_ties,
)
from tests.builders import make_tie

TODAY = date(2026, 1, 1)


# --- fit_gravity ---------------------------------------------------------------------------


def _synthetic(n: int, beta: np.ndarray, seed: int, alpha: float = 0.0):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.uniform(-1, 1, size=n)])
    mu = np.exp(X @ beta)
    if alpha:  # negative binomial: a gamma-mixed Poisson with Var = mu + alpha mu^2
        mu = mu * rng.gamma(1 / alpha, alpha, size=n)
    return X, rng.poisson(mu).astype(float)


@pytest.mark.parametrize("seed", [1, 2])
def test_fit_gravity_recovers_known_coefficients_and_keeps_poisson(seed):
    beta = np.array([0.5, 0.8, -0.3])
    X, y = _synthetic(4000, beta, seed)
    fit = fit_gravity(X, y)
    assert fit.family == "poisson" and fit.converged and fit.overdispersion_p > 0.05
    assert np.all(np.abs(fit.coef - beta) < 4 * fit.se), (fit.coef, fit.se)
    assert fit.ci_low == pytest.approx(fit.coef - 1.959964 * fit.se, rel=1e-5)
    assert fit.ci_high == pytest.approx(fit.coef + 1.959964 * fit.se, rel=1e-5)
    assert fit.coef == pytest.approx(beta, abs=0.06)
    assert 0.3 < fit.pseudo_r2 < 1
    assert fit.dispersion == pytest.approx(1.0, abs=0.1)


def test_fit_gravity_chooses_negative_binomial_for_overdispersed_counts():
    beta = np.array([0.5, 0.8, -0.3])
    X, y = _synthetic(4000, beta, seed=3, alpha=1.5)
    fit = fit_gravity(X, y)
    assert fit.family == "negative_binomial" and fit.overdispersion_p < 1e-3
    assert fit.alpha == pytest.approx(1.5, rel=0.25)
    assert np.all(np.abs(fit.coef - beta) < 4 * fit.se), (fit.coef, fit.se)
    # the 95% prediction interval holds about 95% of new draws (at least, being discrete)
    X_new, y_new = _synthetic(4000, beta, seed=4, alpha=1.5)
    low, high = fit.interval(X_new)
    inside = np.mean((y_new >= low) & (y_new <= high))
    assert 0.93 < inside <= 1.0, inside


def test_overdispersion_test_by_hand():
    mu = np.array([1.0, 2.0, 3.0])
    y = np.array([0.0, 5.0, 1.0])
    aux = ((y - mu) ** 2 - y) / mu
    alpha, p = overdispersion_test(y, mu)
    assert alpha == pytest.approx(np.sum(aux * mu) / np.sum(mu**2))
    assert 0 < p < 1


def test_fit_gravity_hand_example():
    # two groups with means 1 and 3: exact coefficients log 1 and log 3
    X = np.column_stack([np.ones(6), [0, 0, 0, 1, 1, 1]])
    y = np.array([0.0, 1, 2, 3, 3, 3])
    fit = fit_gravity(X, y)
    assert fit.family == "poisson"
    assert fit.coef == pytest.approx([0.0, np.log(3)], abs=1e-8)
    assert fit.deviance == pytest.approx(2 * (2 * np.log(2)), abs=1e-8)
    assert fit.null_deviance > fit.deviance and fit.pseudo_r2 > 0


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.ones((3, 1)), np.array([1.0, 2.0]), "n x p"),
        (np.ones((2, 1)), np.array([-1.0, 2.0]), "non-negative"),
        (np.ones((2, 1)), np.array([0.0, 0.0]), "positive"),
    ],
)
def test_fit_gravity_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        fit_gravity(X, y)


# --- hand-made network ---------------------------------------------------------------------


def _cities() -> pd.DataFrame:
    rows = [
        ("t", "Tehran", "تهران", "IR", 35.7, 51.4, 8_000_000),
        ("s", "Shiraz", "شیراز", "IR", 29.6, 52.5, 1_500_000),
        ("m", "Moscow", "مسکو", "RU", 55.8, 37.6, 12_000_000),
        ("k", "Kazan", None, "RU", 55.8, 49.1, 1_200_000),
        ("d", "Dushanbe", None, "TJ", 38.6, 68.8, 800_000),
        ("x", "Xanadu", None, "CN", 42.0, 116.0, None),
    ]
    cols = ["city_id", "name_en", "name_fa", "country", "lat", "lon", "population"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["population"] = frame["population"].astype("Int64")
    return frame


def _ties(pairs) -> pd.DataFrame:
    frame = pd.DataFrame([
        make_tie(tie_id=i, city_a=a, city_b=b, since=2000 + i)
        for i, (a, b) in enumerate(pairs)
    ])
    frame["since"] = frame["since"].astype("Int64")
    return frame


def _exchanges(rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"pair_key": "|".join(sorted((a, b))), "date": d, "kind": k, "intensity": i}
            for a, b, d, k, i in rows
        ],
        columns=["pair_key", "date", "kind", "intensity"],
    )


def test_dormant_ties_by_last_dated_exchange():
    ties = _ties([("t", "m"), ("t", "k"), ("s", "d"), ("m", "s"), ("x", "t")])
    exchanges = _exchanges(
        [
            ("t", "m", "2024-05-01", "technical", 2),  # 1.7 years ago: alive
            ("t", "m", "2010", "cultural", 1),
            ("t", "k", "2019-03", "cultural", 3),  # 6.8 years ago: dormant
            ("s", "d", None, "transit", 1),  # only undated: dormant
            # m-s: never; x-t: never
        ]
    )
    rows = dormant_ties(_cities(), ties, exchanges, years=5, today=TODAY)
    assert [(r["city_a"], r["city_b"]) for r in rows] == [
        ("t", "k"),  # once active, first
        ("s", "d"),  # undated only: no last date, sorts with the never-active, by name
        ("s", "m"),  # Iranian city first
        ("t", "x"),
    ]
    first = rows[0]
    assert (first["last_exchange"], first["years_silent"], first["exchanges"]) == (
        "2019-03",
        6.8,
        1,
    )
    assert first["reasons"] == ["6 years without a recorded exchange"]
    assert "undated" in rows[1]["reasons"][0]
    assert rows[2]["reasons"] == ["no exchange has ever been recorded for this tie"]
    persian = {
        (r["city_a"], r["city_b"]): r
        for r in dormant_ties(_cities(), ties, exchanges, 5, "fa", TODAY)
    }
    assert "هیچ تبادلی" in persian["s", "m"]["reasons"][0]
    assert persian["s", "m"]["name_a"] == "شیراز"
    # a longer window wakes no tie up; a 1-year window makes Tehran-Moscow dormant too
    assert len(dormant_ties(_cities(), ties, exchanges, years=1, today=TODAY)) == 5
    with pytest.raises(ValueError, match="positive"):
        dormant_ties(_cities(), ties, exchanges, years=0, today=TODAY)


def test_gravity_features_by_hand():
    ties = _ties([("m", "t"), ("s", "t")])
    world = _ties([("m", "t"), ("s", "t"), ("t", "k"), ("m", "k"), ("m", "d"), ("t", "d")])
    air = pd.DataFrame({"pair_key": ["m|t"], "routes": [4]})
    feats = gravity_features(ties, _cities(), air, world).set_index("pair_key")
    moscow = feats.loc["m|t"]
    assert (moscow["iranian"], moscow["partner"]) == ("t", "m")
    assert (moscow["routes"], moscow["shared_partners"]) == (4, 2)  # Kazan and Dushanbe
    assert moscow["km"] == pytest.approx(2460, rel=0.03)
    domestic = feats.loc["s|t"]
    assert (domestic["iranian"], domestic["partner"]) == ("t", "s")  # larger is "Iranian"
    assert domestic["shared_partners"] == 0


def test_imputed_population_is_the_median():
    feats = gravity_features(_ties([("x", "t")]), _cities(), _air(), _ties([("x", "t")]))
    assert feats.loc[0, "pop_imputed"]
    assert feats.loc[0, "pop_partner"] == pytest.approx(1_500_000)  # median of the five known


def _air() -> pd.DataFrame:
    return pd.DataFrame({"pair_key": pd.Series(dtype=str), "routes": pd.Series(dtype=int)})


def test_underused_ties_rank_by_gap_with_drivers():
    ties = _ties([("t", "m"), ("t", "k"), ("t", "d"), ("s", "m"), ("s", "k"), ("s", "d")])
    exchanges = _exchanges(
        [
            ("t", "m", "2020", "technical", 3),
            ("t", "m", "2021", "cultural", 3),
            ("t", "k", "2021", "cultural", 2),
            ("s", "d", "2022", "transit", 1),
        ]
    )
    air = pd.DataFrame({"pair_key": ["m|t", "k|t"], "routes": [5, 1]})
    rows, model = underused_ties(_cities(), ties, exchanges, air, ties, today=TODAY)
    assert model["fitted"] and model["n"] == 18 and model["ties"] == 6
    assert set(model["coefficients"]) == {
        f"kind_{k}" for k in ("technical", "cultural", "transit")
    } | set(TERMS)
    gaps = [r["gap"] for r in rows]
    assert gaps == sorted(gaps, reverse=True) and all(g > 0 for g in gaps)
    for r in rows:
        assert r["expected"] - r["actual"] == pytest.approx(r["gap"])
        assert r["city_a"] in {"t", "s"} and r["reasons"]
        assert all(d["factor"] >= 1.05 for d in r["drivers"]), "no filler drivers"
        low, high = r["interval"]
        assert low <= high and r["below_interval"] == (r["actual"] < low)
        assert 0 <= r["chance"] <= 1
    assert model["family"] in ("poisson", "negative_binomial")
    for c in model["coefficients"].values():
        assert c["low"] <= c["estimate"] <= c["high"]
    # Poisson with kind intercepts: expectations add up to the observed total, 3+3+2+1
    assert model["family"] == "poisson"
    rebuilt = _all_rows(_cities(), ties, exchanges, air)
    assert sum(r["expected"] for r in rebuilt) == pytest.approx(9.0, rel=1e-6)
    assert sorted(r["expected"] for r in rebuilt if r["gap"] > 0) == pytest.approx(
        sorted(r["expected"] for r in rows)
    )


def _all_rows(cities, ties, exchanges, air):
    """Expected values of rows with no positive gap, rebuilt through the same fit."""
    from graph.analysis.opportunities import _activity, _term_values

    rows, model = underused_ties(cities, ties, exchanges, air, ties, today=TODAY)
    feats = gravity_features(ties, cities, air, ties)
    values = _term_values(feats)
    coefs = model["coefficients"]
    slopes = np.array([coefs[t]["estimate"] for t in TERMS])
    activity = _activity(exchanges, "intensity", None, TODAY)
    out = []
    for i, pk in enumerate(feats["pair_key"]):
        for kind in ("technical", "cultural", "transit"):
            mu = float(np.exp(coefs[f"kind_{kind}"]["estimate"] + values[i] @ slopes))
            actual = activity.get((pk, kind), 0.0)
            out.append({"expected": mu, "gap": mu - actual})
    return out


def test_underused_with_no_activity_is_not_fitted():
    rows, model = underused_ties(
        _cities(), _ties([("t", "m")]), _exchanges([]), _air(), _ties([("t", "m")]), today=TODAY
    )
    assert rows == [] and model["fitted"] is False


def test_underused_rejects_unknown_measure():
    with pytest.raises(ValueError, match="measure"):
        underused_ties(
            _cities(),
            _ties([("t", "m")]),
            _exchanges([("t", "m", "2020", "technical", 1)]),
            _air(),
            _ties([("t", "m")]),
            measure="vibes",
        )


# --- the seeded store ----------------------------------------------------------------------


def test_seeded_opportunities_contract(seeded_store):
    result = opportunities(seeded_store, top=10, today=TODAY)
    assert set(result) >= {"dormant", "underused", "model"}
    assert len(result["dormant"]) == 10 and len(result["underused"]) == 10
    assert result["dormant_total"] > 100  # most ties have no recorded exchange
    for row in result["underused"]:
        assert {"city_a", "city_b", "kind", "expected", "actual", "reasons"} <= set(row)
        assert row["expected"] > row["actual"]
    assert 0 <= result["below_interval_total"] <= result["underused_total"]
    for row in result["underused"]:
        assert row["evidence"] in {"official", "news", "wikipedia", "wikidata", "user"}
        assert not any("×۱٫۰" in r or "×1.0" in r for r in row["reasons"]), "no filler"
    model = result["model"]
    # recorded activity is over-dispersed: the negative binomial is chosen
    assert model["family"] == "negative_binomial" and model["overdispersion_p"] < 0.05
    assert model["unit"] and model["period"][0] <= model["period"][1]
    assert model["n"] == 3 * 163 and model["converged"]
    assert 0 < model["pseudo_r2"] < 1
    coef = model["coefficients"]
    # bigger cities carry more recorded activity; farther ones less
    assert coef["population_iranian"]["estimate"] > 0
    assert coef["distance"]["estimate"] < 0


def test_seeded_tehran_ties_lead_the_underused(seeded_store):
    result = opportunities(seeded_store, top=20, lang="fa", today=TODAY)
    assert sum(r["city_a"] == "112931" for r in result["underused"]) >= 10
    assert any("تهران" in reason for r in result["underused"] for reason in r["reasons"])


def test_one_citys_rows_open_with_the_pairs_own_reasons(seeded_store):
    """The Iranian city's size is the same for all its ties: it is said last, so Tehran's
    rows do not all open with "Tehran is a large city" (nine of the first ten did)."""
    rows = opportunities(seeded_store, top=20, today=TODAY)["underused"]
    tehran = [r for r in rows if r["city_a"] == "112931"]
    assert len(tehran) >= 10
    firsts = [r["drivers"][0]["term"] for r in tehran if r["drivers"]]
    assert "population_iranian" not in firsts
    assert len({r["reasons"][0] for r in tehran}) > len(tehran) // 2


def test_decayed_measure_fits_too(seeded_store):
    result = opportunities(seeded_store, top=5, measure="decayed", today=TODAY)
    assert result["model"]["measure"] == "decayed" and result["model"]["fitted"]
