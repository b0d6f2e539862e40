"""The planner's opportunities: dormant ties and underused ties (expected vs actual activity).

- **Dormant**: a tie of the Iran scope with no recorded exchange in ``dormant_years``
  years (a setting, default 5), or never. Undated exchanges cannot show that a tie is
  still alive, so a tie with only undated exchanges is dormant too, and says so.
- **Underused**: a gravity-style count GLM (statsmodels), fitted on the Iran-scope ties,
  of a tie's *activity* of one kind (the sum of the intensities of its recorded exchanges
  of that kind, or their decayed weight) on

  ``log E[activity] = b_kind + b1 log(pop Iranian city) + b2 log(pop partner)
  + b3 log(km) + b4 log1p(direct air routes) + b5 log1p(shared partners)``

  where shared partners are counted in the world network. Poisson is fitted first; when
  Cameron and Trivedi's test finds the activity over-dispersed (5% level), a negative
  binomial with its dispersion estimated by maximum likelihood replaces it. Each tie and
  kind gets its expected activity and a 95% prediction interval; a tie is *underused*
  when its recorded activity is below the interval. A tie's *drivers* are the terms that
  raise its expectation most above an average tie's: ``exp(b_j * (x_j - mean x_j))`` is
  the factor term ``j`` multiplies it by (factors under ×1.05 are not told).

The pseudo-R² is deviance based: ``1 - deviance / null deviance``.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from scipy import stats

from graph.analysis.build import age_in_years, pair_activity
from graph.i18n import digits, t
from graph.i18n.bidi import no_break
from graph.model import KINDS
from graph.names import city_name
from graph.places.geo import km_between
from graph.settings import default
from graph.settings import today as current_day
from graph.store.engine import Store
from graph.store.schema import pair_key

__all__ = [
    "TERMS",
    "GravityFit",
    "dormant_ties",
    "driver_reasons",
    "fit_gravity",
    "gravity_features",
    "opportunities",
    "overdispersion_test",
    "underused_ties",
]

# The model's explanatory terms, in the order of the design matrix after the kind intercepts.
# What the model's activity counts, by measure.
UNITS = {
    "intensity": "intensity points (1 a visit or meeting, 2 a signed agreement or event, "
    "3 a delivered project), summed over the recorded exchanges",
    "decayed": "intensity points weighted by age (half-life in years), as of today",
}
TERMS: tuple[str, ...] = (
    "population_iranian",
    "population_partner",
    "distance",
    "air_routes",
    "shared_partners",
)


@dataclass(frozen=True)
class GravityFit:
    """A fitted count GLM with log link (statsmodels): Poisson or negative binomial."""

    family: str  # "poisson" or "negative_binomial"
    alpha: float  # the negative binomial's dispersion (0 for Poisson)
    coef: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    deviance: float
    null_deviance: float
    pseudo_r2: float
    dispersion: float  # Pearson chi2 / residual df of the Poisson fit
    overdispersion_p: float  # Cameron-Trivedi test of the Poisson fit
    n: int
    converged: bool
    result: object  # the statsmodels results, for predictions

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Expected counts ``exp(X @ coef)``."""
        return np.exp(np.asarray(X, dtype=float) @ self.coef)

    def chance_at_most(self, y: np.ndarray, mu: np.ndarray) -> np.ndarray:
        """P(activity <= y) under the fitted distribution with mean ``mu``: how unusual a
        shortfall is."""
        y = np.floor(np.asarray(y, float))
        if self.family == "poisson":
            return stats.poisson.cdf(y, mu)
        size = 1.0 / self.alpha
        return stats.nbinom.cdf(y, size, size / (size + np.asarray(mu, float)))

    def interval(self, X: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """A prediction interval of the activity itself: the ``(1 - level) / 2`` quantile
        of the fitted distribution at the lower end of the mean's confidence interval, and
        the ``(1 + level) / 2`` quantile at its upper end."""
        frame = self.result.get_prediction(np.asarray(X, dtype=float)).summary_frame(
            alpha=1 - level
        )
        mu = frame["mean"].to_numpy()
        # a design with fewer ties than terms has no finite confidence interval of the
        # mean: the interval is then the fitted distribution's at the mean itself
        lo_mu = np.clip(np.nan_to_num(frame["mean_ci_lower"].to_numpy(), nan=0.0), 0.0, mu)
        hi_mu = frame["mean_ci_upper"].to_numpy()
        hi_mu = np.where(np.isfinite(hi_mu) & (hi_mu < 1e9), hi_mu, mu)
        lo_mu = np.where(np.isfinite(frame["mean_ci_lower"].to_numpy()), lo_mu, mu)
        tail = (1 - level) / 2
        if self.family == "poisson":
            return stats.poisson.ppf(tail, lo_mu), stats.poisson.ppf(1 - tail, hi_mu)
        size = 1.0 / self.alpha
        low = stats.nbinom.ppf(tail, size, size / (size + lo_mu))
        high = stats.nbinom.ppf(1 - tail, size, size / (size + hi_mu))
        return low, high


def overdispersion_test(y: np.ndarray, mu: np.ndarray) -> tuple[float, float]:
    """Cameron and Trivedi's regression test of ``Var y = mu + alpha mu^2`` against
    Poisson (``alpha = 0``): the OLS slope of ``((y - mu)^2 - y) / mu`` on ``mu`` with no
    intercept. Returns ``(alpha, one-sided p value)``."""
    y, mu = np.asarray(y, float), np.asarray(mu, float)
    aux = ((y - mu) ** 2 - y) / mu
    alpha = float(np.sum(aux * mu) / np.sum(mu * mu))
    resid = aux - alpha * mu
    se = math.sqrt(float(np.sum(resid**2)) / max(len(y) - 1, 1) / float(np.sum(mu * mu)))
    p = float(stats.t.sf(alpha / se, max(len(y) - 1, 1))) if se > 0 else 1.0
    return alpha, p


def fit_gravity(X: np.ndarray, y: np.ndarray, level: float = 0.95) -> GravityFit:
    """Fit ``log E[y] = X @ coef`` with statsmodels' GLM: Poisson first, then negative
    binomial when :func:`overdispersion_test` rejects Poisson at 5%.

    ``X`` must hold its own intercept column(s). ``y`` are non-negative counts or
    weights. The negative binomial's ``alpha`` is estimated by maximum likelihood. The
    null deviance is that of an intercept-only model of the same family, so
    ``pseudo_r2 = 1 - deviance / null_deviance``. Coefficients carry ``level`` intervals.

    Raises ``ValueError`` on shape mismatches, negative ``y`` or all-zero ``y``.

    >>> X = np.column_stack([np.ones(4), [0.0, 0.0, 1.0, 1.0]])
    >>> fit = fit_gravity(X, np.array([1.0, 1.0, 2.0, 2.0]))
    >>> fit.family, [round(float(c), 6) for c in fit.coef]
    ('poisson', [0.0, 0.693147])
    """
    import statsmodels.api as sm  # loads in about a second: only when a model is fitted

    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError(f"X must be n x p and y of length n; got {X.shape} and {y.shape}")
    if np.any(y < 0) or not np.any(y > 0):
        raise ValueError("y must be non-negative with at least one positive value")
    poisson = sm.GLM(y, X, family=sm.families.Poisson()).fit()
    mu = poisson.fittedvalues
    dispersion = float(poisson.pearson_chi2 / max(poisson.df_resid, 1))
    _, p_value = overdispersion_test(y, mu)
    result, family, alpha = poisson, "poisson", 0.0
    if p_value < 0.05:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence notes of the alpha search
            nb = sm.NegativeBinomial(y, X).fit(disp=0, maxiter=200)
        alpha = float(np.clip(nb.params[-1], 1e-6, 1e3))
        family = "negative_binomial"
        result = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha)).fit()
    ci = result.conf_int(alpha=1 - level)
    return GravityFit(
        family=family,
        alpha=alpha,
        coef=np.asarray(result.params),
        se=np.asarray(result.bse),
        ci_low=np.asarray(ci[:, 0]),
        ci_high=np.asarray(ci[:, 1]),
        deviance=float(result.deviance),
        null_deviance=float(result.null_deviance),
        pseudo_r2=float(1 - result.deviance / result.null_deviance)
        if result.null_deviance > 0
        else 0.0,
        dispersion=dispersion,
        overdispersion_p=p_value,
        n=int(len(y)),
        converged=bool(result.converged),
        result=result,
    )


# --- features ---------------------------------------------------------------------------


def _neighbours(world_ties: pd.DataFrame) -> dict[str, set[str]]:
    adj: dict[str, set[str]] = {}
    for a, b in zip(world_ties["city_a"].tolist(), world_ties["city_b"].tolist(), strict=True):
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    return adj


def gravity_features(
    ties: pd.DataFrame,
    cities: pd.DataFrame,
    air_links: pd.DataFrame,
    world_ties: pd.DataFrame,
) -> pd.DataFrame:
    """One row per tie: its Iranian city and partner, and the model's raw inputs.

    Columns ``pair_key``, ``iranian``, ``partner``, ``pop_iranian``, ``pop_partner``
    (missing populations are filled with the median of the others; ``pop_imputed``
    says where), ``km``, ``routes`` and ``shared_partners`` (cities tied to both in
    ``world_ties``). For a tie between two Iranian cities the larger is "Iranian".
    """
    info = cities.set_index("city_id")
    pops = info["population"].astype("Float64")
    median = float(pops.dropna().median()) if pops.notna().any() else 1.0
    routes = dict(zip(air_links["pair_key"], air_links["routes"], strict=True))
    adj = _neighbours(world_ties)
    rows = []
    for tie in ties[["pair_key", "city_a", "city_b"]].itertuples(index=False):
        a, b = tie.city_a, tie.city_b
        a_ir, b_ir = info.at[a, "country"] == "IR", info.at[b, "country"] == "IR"
        if a_ir == b_ir:
            a_pop, b_pop = pops.get(a), pops.get(b)
            a_first = (0 if pd.isna(a_pop) else a_pop) >= (0 if pd.isna(b_pop) else b_pop)
            iranian, partner = (a, b) if a_first else (b, a)
        else:
            iranian, partner = (a, b) if a_ir else (b, a)
        p_ir, p_pa = pops.get(iranian), pops.get(partner)
        rows.append(
            {
                "pair_key": tie.pair_key,
                "iranian": iranian,
                "partner": partner,
                "pop_iranian": median if pd.isna(p_ir) else float(p_ir),
                "pop_partner": median if pd.isna(p_pa) else float(p_pa),
                "pop_imputed": bool(pd.isna(p_ir) or pd.isna(p_pa)),
                "km": km_between(
                    info.at[a, "lon"], info.at[a, "lat"], info.at[b, "lon"], info.at[b, "lat"]
                ),
                "routes": int(routes.get(pair_key(a, b), 0)),
                "shared_partners": len(adj.get(a, set()) & adj.get(b, set())),
            }
        )
    return pd.DataFrame(rows)


def _term_values(features: pd.DataFrame) -> np.ndarray:
    return np.column_stack(
        [
            np.log(np.maximum(features["pop_iranian"].to_numpy(float), 1.0)),
            np.log(np.maximum(features["pop_partner"].to_numpy(float), 1.0)),
            np.log(np.maximum(features["km"].to_numpy(float), 1.0)),
            np.log1p(features["routes"].to_numpy(float)),
            np.log1p(features["shared_partners"].to_numpy(float)),
        ]
    )


def _activity(exchanges: pd.DataFrame, measure: str, half_life: float | None, today: date):
    """Per pair and kind: the activity the model explains (dict of (pair_key, kind) -> y)."""
    if measure == "intensity":
        summed = exchanges.groupby(["pair_key", "kind"])["intensity"].sum()
        return {key: float(v) for key, v in summed.items()}
    if measure == "decayed":
        act = pair_activity(exchanges, half_life, today)
        return {(pk, k): float(act.at[pk, f"w_{k}"]) for pk in act.index for k in KINDS}
    raise ValueError(f"measure must be 'intensity' or 'decayed', not {measure!r}")


def _names(cities: pd.DataFrame) -> dict[str, dict]:
    cols = ["city_id", "name_en", "name_fa", "country", "population"]
    return {r["city_id"]: r for r in cities[cols].to_dict("records")}


def underused_ties(
    cities: pd.DataFrame,
    ties: pd.DataFrame,
    exchanges: pd.DataFrame,
    air_links: pd.DataFrame,
    world_ties: pd.DataFrame,
    measure: str = "intensity",
    lang: str = "en",
    half_life: float | None = None,
    today: date | None = None,
) -> tuple[list[dict], dict]:
    """Expected vs actual activity per tie and kind, largest shortfall first, and the model.

    ``ties`` are the ties the model is fitted on (the Iran scope). Returns ``(rows,
    model)``: each row has ``city_a`` (the Iranian city), ``city_b``, their names,
    ``kind``, ``expected``, ``actual``, ``gap``, ``drivers`` (every term that raises the
    expectation above an average tie's: term, value, factor; largest first, the Iranian
    city's own size last, being the same for all its ties) and
    ``reasons`` (the first two drivers in plain words, in ``lang``), ``evidence`` (the tie's
    evidence tier), ``interval`` (the 95% prediction interval), ``below_interval`` and
    ``chance`` (the probability of recording this little or less if the tie were as the
    model expects).
    Only rows with a positive gap are returned, those below their interval first.
    ``model`` has ``family``, ``coefficients`` (term -> estimate, se, low, high), ``n``,
    ``deviance``, ``null_deviance``, ``pseudo_r2``, ``dispersion``, ``measure``, ``unit``,
    ``period``.
    """
    today = today or current_day()
    feats = gravity_features(ties, cities, air_links, world_ties)
    activity = _activity(exchanges, measure, half_life, today)
    values = _term_values(feats)
    means = values.mean(axis=0)
    n_ties, n_kinds = len(feats), len(KINDS)
    X = np.zeros((n_ties * n_kinds, n_kinds + len(TERMS)))
    y = np.zeros(n_ties * n_kinds)
    for i, pk in enumerate(feats["pair_key"]):
        for j, kind in enumerate(KINDS):
            row = i * n_kinds + j
            X[row, j] = 1.0
            X[row, n_kinds:] = values[i]
            y[row] = activity.get((pk, kind), 0.0)
    if n_ties == 0 or not np.any(y > 0):
        return [], {"measure": measure, "n": int(len(y)), "fitted": False}
    fit = fit_gravity(X, y)
    expected = fit.predict(X)
    lower, upper = fit.interval(X)
    chance = fit.chance_at_most(y, expected)
    slopes = fit.coef[n_kinds:]
    names = _names(cities)
    evidence = (
        dict(zip(ties["pair_key"], ties["evidence"], strict=True)) if "evidence" in ties else {}
    )
    rows = []
    for i, tie in enumerate(feats.to_dict("records")):
        factors = np.exp(slopes * (values[i] - means))
        drivers = sorted(
            (
                {"term": term, "value": _raw_value(tie, term), "factor": float(f)}
                for term, f in zip(TERMS, factors, strict=True)
            ),
            key=_driver_order,
        )
        raising = [d for d in drivers if d["factor"] >= default("opp_min_factor")]
        for j, kind in enumerate(KINDS):
            row = i * n_kinds + j
            gap = float(expected[row] - y[row])
            if gap <= 0:
                continue
            name_a = city_name(names[tie["iranian"]], lang)
            name_b = city_name(names[tie["partner"]], lang)
            rows.append(
                {
                    "city_a": tie["iranian"],
                    "city_b": tie["partner"],
                    "name_a": name_a,
                    "name_b": name_b,
                    "country_a": names[tie["iranian"]]["country"],
                    "country_b": names[tie["partner"]]["country"],
                    "kind": kind,
                    "evidence": evidence.get(tie["pair_key"]),
                    "expected": float(expected[row]),
                    "interval": [float(lower[row]), float(upper[row])],
                    "actual": float(y[row]),
                    "gap": gap,
                    "below_interval": bool(y[row] < lower[row]),
                    "chance": float(chance[row]),
                    "drivers": raising,
                    "reasons": driver_reasons(raising, name_a, name_b, lang),
                }
            )
    rows.sort(
        key=lambda r: (not r["below_interval"], -r["gap"], r["name_a"], r["name_b"], r["kind"])
    )
    return rows, _model_summary(fit, feats, measure, n_kinds, _period(exchanges))


def _period(exchanges: pd.DataFrame) -> list[int] | None:
    """The first and last year of the dated exchanges (the period the activity covers)."""
    years = pd.to_numeric(exchanges["date"].astype(str).str[:4], errors="coerce").dropna()
    return [int(years.min()), int(years.max())] if len(years) else None


def _driver_order(driver: dict) -> tuple[bool, float]:
    """Strongest first, but the Iranian city's own size last: it is the same for every tie
    of that city, so a list of one city's ties would open each row with the same words
    and leave the pair's own reasons unsaid."""
    return driver["term"] == "population_iranian", -driver["factor"]


def _raw_value(tie: dict, term: str) -> float:
    return {
        "population_iranian": tie["pop_iranian"],
        "population_partner": tie["pop_partner"],
        "distance": tie["km"],
        "air_routes": tie["routes"],
        "shared_partners": tie["shared_partners"],
    }[term]


def _millions(pop: float, lang: str) -> str:
    return digits(round(pop / 1e6, 1), lang)


def driver_reasons(
    drivers: list[dict], name_a: str, name_b: str, lang: str, limit: int = 2
) -> list[str]:
    """The first ``limit`` drivers of a tie in plain words (``name_a`` is its Iranian city).

    >>> [r] = driver_reasons([{"term": "air_routes", "value": 3, "factor": 1.4}], "A", "B", "en")
    >>> r.replace("\u2060", "").replace("\u00a0", " ")
    '3 direct air routes: ×1.4'
    """
    if not drivers:
        return [t("opp.reason.average", lang)]
    out = []
    for d in drivers[:limit]:
        factor = no_break(digits(round(d["factor"], 1), lang))
        term = d["term"]
        if term in ("population_iranian", "population_partner"):
            text = t(
                "opp.reason.population",
                lang,
                city=name_a if term == "population_iranian" else name_b,
                millions=_millions(d["value"], lang),
                factor=factor,
            )
        elif term == "distance":
            text = t("opp.reason.distance", lang, km=int(round(d["value"])), factor=factor)
        elif term == "air_routes":
            key = "opp.reason.air_route_one" if d["value"] == 1 else "opp.reason.air_routes"
            text = t(key, lang, n=int(d["value"]), factor=factor)
        else:
            text = t("opp.reason.shared_partners", lang, n=int(d["value"]), factor=factor)
        # the factor stays on the line of the words it belongs to (no break before ×)
        out.append(text.replace(" ×", "\u00a0×\u2060"))
    return out


def _model_summary(
    fit: GravityFit, feats: pd.DataFrame, measure: str, n_kinds: int, period: list[int] | None
) -> dict:
    labels = [f"kind_{k}" for k in KINDS] + list(TERMS)
    return {
        "fitted": True,
        "measure": measure,
        "unit": UNITS[measure],
        "period": period,
        "family": fit.family,
        "alpha": fit.alpha,
        "overdispersion_p": fit.overdispersion_p,
        "formula": "log E[activity] = b_kind + b1 log(pop Iranian) + b2 log(pop partner) "
        "+ b3 log(km) + b4 log1p(air routes) + b5 log1p(shared partners)",
        "coefficients": {
            name: {"estimate": float(c), "se": float(s), "low": float(lo), "high": float(hi)}
            for name, c, s, lo, hi in zip(
                labels, fit.coef, fit.se, fit.ci_low, fit.ci_high, strict=True
            )
        },
        "n": fit.n,
        "ties": int(len(feats)),
        "imputed_populations": int(feats["pop_imputed"].sum()),
        "deviance": fit.deviance,
        "null_deviance": fit.null_deviance,
        "pseudo_r2": fit.pseudo_r2,
        "dispersion": fit.dispersion,
        "converged": fit.converged,
        "interval": "95% prediction interval: the fitted distribution's 2.5% and 97.5% "
        "quantiles at the ends of the mean's 95% confidence interval",
    }


# --- dormant ties -------------------------------------------------------------------------


def dormant_ties(
    cities: pd.DataFrame,
    ties: pd.DataFrame,
    exchanges: pd.DataFrame,
    years: float | None = None,
    lang: str = "en",
    today: date | None = None,
) -> list[dict]:
    """Ties with no dated exchange in the last ``years`` years (default: the setting
    ``dormant_years``), or none at all.

    Each item: ``city_a``, ``city_b`` (Iranian city first when there is one), names,
    ``relation``, ``status``, ``since``, ``evidence``, ``exchanges`` (count),
    ``last_exchange`` (ISO text or None), ``years_silent`` and ``reasons``. Ties that
    were once active come first (most recently active first), then the never-active.
    """
    years = float(years if years is not None else default("dormant_years"))
    if years <= 0:
        raise ValueError(f"dormant years must be positive, not {years}")
    today = today or current_day()
    names = _names(cities)
    dated = exchanges[exchanges["date"].notna()]
    last = dated.groupby("pair_key")["date"].max().to_dict()
    counts = exchanges.groupby("pair_key").size().to_dict()
    out = []
    for tie in ties.to_dict("records"):
        pk = tie["pair_key"]
        n = int(counts.get(pk, 0))
        when = last.get(pk)
        silent = age_in_years(when, today) if when else None
        if silent is not None and silent < years:
            continue
        a, b = tie["city_a"], tie["city_b"]
        if names[b]["country"] == "IR" and names[a]["country"] != "IR":
            a, b = b, a
        out.append(
            {
                "city_a": a,
                "city_b": b,
                "name_a": city_name(names[a], lang),
                "name_b": city_name(names[b], lang),
                "country_a": names[a]["country"],
                "country_b": names[b]["country"],
                "relation": tie["relation"],
                "status": tie["status"],
                "since": None if pd.isna(tie["since"]) else int(tie["since"]),
                "evidence": tie["evidence"],
                "exchanges": n,
                "last_exchange": when,
                "years_silent": None if silent is None else round(silent, 1),
                "reasons": [_dormant_reason(n, when, silent, lang)],
            }
        )
    out.sort(
        key=lambda r: (
            r["last_exchange"] is None,
            _negated(r["last_exchange"]),
            r["name_a"],
            r["name_b"],
        )
    )
    return out


def _negated(text: str | None) -> tuple:
    return tuple(-int(p) for p in text.split("-")) if text else ()


def _dormant_reason(n: int, when: str | None, silent: float | None, lang: str) -> str:
    if n == 0:
        return t("opp.dormant.never", lang)
    if when is None:
        return t("opp.dormant.undated", lang, n=n)
    return t("opp.dormant.silent", lang, years=int(math.floor(silent or 0)))


# --- both, from the store -------------------------------------------------------------------


def opportunities(
    store: Store,
    top: int | None = None,
    dormant_years: float | None = None,
    measure: str = "intensity",
    lang: str = "en",
    half_life: float | None = None,
    today: date | None = None,
) -> dict:
    """The ``opportunities`` contract: ``{"dormant", "underused", "model"}`` plus totals.

    ``top`` cuts both lists (``None`` keeps all); ``dormant_total`` and
    ``underused_total`` give their full lengths.
    """
    cities, ties, exchanges = store.cities(), store.ties("iran"), store.exchanges()
    dormant = dormant_ties(cities, ties, exchanges, dormant_years, lang, today)
    underused, model = underused_ties(
        cities,
        ties,
        exchanges,
        store.air_links(),
        store.ties("world"),
        measure=measure,
        lang=lang,
        half_life=half_life,
        today=today,
    )
    years = dormant_years if dormant_years is not None else default("dormant_years")
    return {
        "dormant_years": years,
        "dormant_total": len(dormant),
        "underused_total": len(underused),
        "below_interval_total": sum(r["below_interval"] for r in underused),
        "dormant": dormant[:top] if top else dormant,
        "underused": underused[:top] if top else underused,
        "model": model,
    }
