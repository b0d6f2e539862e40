"""The numbers behind the Overview page, from the store's city, tie and exchange tables.

Everything here takes and returns plain pandas DataFrames (columns as
``Store.cities()``, ``Store.ties()`` and ``Store.exchanges()`` return them) and never
imports streamlit, so the page, the command line and the tests share one definition of
"an Iranian city with ties" or "a foreign partner".

Definitions (they matter for the headline numbers):

- an *international tie* joins an Iranian and a non-Iranian city;
- *Iranian cities with ties* are the Iranian cities on the Iranian side of at least one
  international tie: a city whose only ties are with other Iranian cities does not count;
- *foreign partners* are the distinct non-Iranian cities with a tie to an Iranian city;
- *Tehran's partners* are the distinct cities (any country) with a tie to Tehran.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import pandas as pd

__all__ = [
    "ARTICLE_FOREIGN_PARTNERS",
    "ARTICLE_TEHRAN_PARTNERS",
    "EVIDENCE_ORDER",
    "KIND_ORDER",
    "RELATION_ORDER",
    "STATUS_ORDER",
    "dominant_kind",
    "find_city_id",
    "iranian_cities_with_ties",
    "map_nodes",
    "overview_summary",
    "tie_edges",
]

# Figures from the Tehran city council article the explorer answers, shown beside ours:
# Iranian cities together could activate "more than 100" partner cities...
ARTICLE_FOREIGN_PARTNERS = 100
# ... and Tehran is twinned with "about 27" world cities.
ARTICLE_TEHRAN_PARTNERS = 27

KIND_ORDER = ("technical", "cultural", "transit")
RELATION_ORDER = ("sister", "cooperation", "friendship", "partner")
STATUS_ORDER = ("signed", "proposed", "disputed", "suspended", "historical")
# Strongest evidence first.
EVIDENCE_ORDER = ("official", "news", "wikipedia", "wikidata", "user")


def find_city_id(cities: pd.DataFrame, name_en: str, country: str = "IR") -> str | None:
    """Return the ``city_id`` of the city called ``name_en`` in ``country``, or None.

    When several match, the most populous wins (GeoNames keeps districts apart).
    """
    match = cities[(cities["name_en"] == name_en) & (cities["country"] == country)]
    if match.empty:
        return None
    if "population" in match:
        match = match.sort_values("population", ascending=False, na_position="last")
    return str(match["city_id"].iloc[0])


def _iranian_ids(cities: pd.DataFrame) -> set[str]:
    return set(cities.loc[cities["iranian"].astype(bool), "city_id"].astype(str))


def iranian_cities_with_ties(
    pairs: Iterable[tuple[str, str]], iranian: Collection[str]
) -> set[str]:
    """The Iranian cities on the Iranian side of at least one international tie.

    The one definition behind the Overview's count, ``stats``' ``iranian_cities`` and
    the City card's rank ("1 of N"): a city whose only ties are with other Iranian
    cities is not counted.

    >>> sorted(iranian_cities_with_ties([("thr", "mow"), ("isf", "shz")], {"thr", "isf", "shz"}))
    ['thr']
    """
    out: set[str] = set()
    for a, b in pairs:
        a_ir, b_ir = a in iranian, b in iranian
        if a_ir != b_ir:
            out.add(a if a_ir else b)
    return out


def _pairs(ties: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"a": ties["city_a"].astype(str), "b": ties["city_b"].astype(str)})


def _counts(frame: pd.DataFrame, column: str, order: tuple[str, ...], name: str) -> pd.DataFrame:
    """Count rows per value of ``column``, every value of ``order`` present (zeros kept)."""
    counts = frame[column].value_counts() if len(frame) else pd.Series(dtype="int64")
    extra = [v for v in counts.index if v not in order]
    index = list(order) + sorted(map(str, extra))
    out = counts.reindex(index, fill_value=0).astype("int64")
    return out.rename_axis(column).reset_index(name=name)


def _in_order(frame: pd.DataFrame, column: str, order: tuple[str, ...]) -> pd.DataFrame:
    """Sort rows by the position of ``column``'s value in ``order`` (unknown values last)."""
    rank = frame[column].map({v: i for i, v in enumerate(order)}).fillna(len(order))
    return (
        frame.assign(_rank=rank)
        .sort_values(["_rank", column])
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def _exchange_years(exchanges: pd.DataFrame) -> pd.Series:
    """Year of each exchange as a nullable integer, from ``year`` or else ``date``."""
    if "year" in exchanges:
        years = pd.to_numeric(exchanges["year"], errors="coerce")
    else:
        years = pd.to_numeric(exchanges["date"].astype("string").str[:4], errors="coerce")
    return years.astype("Int64")


def overview_summary(
    cities: pd.DataFrame, ties: pd.DataFrame, exchanges: pd.DataFrame
) -> dict[str, Any]:
    """Compute the Overview's headline numbers and chart tables.

    Parameters
    ----------
    cities : DataFrame with ``city_id``, ``name_en``, ``country``, ``iranian``.
    ties : DataFrame with ``city_a``, ``city_b``, ``relation``, ``status``, ``evidence``
        and, if present, ``unverified`` (else evidence ``wikidata`` means unverified).
    exchanges : DataFrame with ``kind`` and ``year`` (or ``date``).

    Returns
    -------
    dict with ints ``iranian_cities``, ``foreign_partners``, ``tehran_partners``,
    ``ties``, ``international_ties`` (Iranian-foreign ties), ``unverified``,
    ``undated_exchanges``, ``exchanges``; the article's figures
    ``article_foreign_partners`` and ``article_tehran_partners``; and DataFrames
    ``ties_by_evidence_relation`` (evidence, relation, ties), ``ties_by_status`` (status,
    ties), ``exchanges_by_kind`` (kind, exchanges) and ``exchanges_by_year_kind`` (year,
    kind, exchanges; dated exchanges only, undated ones are counted in
    ``undated_exchanges``).
    """
    iranian = _iranian_ids(cities)
    pairs = _pairs(ties)
    a_ir, b_ir = pairs["a"].isin(iranian), pairs["b"].isin(iranian)
    international = pairs[a_ir != b_ir]
    ir_side = iranian_cities_with_ties(zip(pairs["a"], pairs["b"], strict=True), iranian)
    foreign = set(international["a"][~international["a"].isin(iranian)])
    foreign |= set(international["b"][~international["b"].isin(iranian)])

    tehran = find_city_id(cities, "Tehran")
    tehran_partners = set(pairs["b"][pairs["a"] == tehran]) | set(pairs["a"][pairs["b"] == tehran])
    tehran_partners.discard(tehran)

    if "unverified" in ties:
        unverified = int(ties["unverified"].fillna(False).astype(bool).sum())
    else:
        unverified = int((ties["evidence"] == "wikidata").sum())

    years = _exchange_years(exchanges)
    dated = exchanges.assign(year=years)[years.notna()]
    by_year = (
        dated.groupby(["year", "kind"]).size().rename("exchanges").reset_index()
        if len(dated)
        else pd.DataFrame({"year": pd.Series(dtype="Int64"), "kind": [], "exchanges": []})
    )
    by_year["exchanges"] = by_year["exchanges"].astype("int64")

    by_evidence_relation = (
        ties.groupby(["evidence", "relation"]).size().rename("ties").reset_index()
        if len(ties)
        else pd.DataFrame({"evidence": [], "relation": [], "ties": []})
    )
    by_evidence_relation = _in_order(by_evidence_relation, "evidence", EVIDENCE_ORDER)

    return {
        "iranian_cities": len(ir_side),
        "foreign_partners": len(foreign),
        "tehran_partners": len(tehran_partners),
        "article_foreign_partners": ARTICLE_FOREIGN_PARTNERS,
        "article_tehran_partners": ARTICLE_TEHRAN_PARTNERS,
        "ties": len(ties),
        "international_ties": len(international),
        "unverified": unverified,
        "exchanges": len(exchanges),
        "undated_exchanges": int(years.isna().sum()),
        "ties_by_evidence_relation": by_evidence_relation,
        "ties_by_status": _counts(ties, "status", STATUS_ORDER, "ties"),
        "exchanges_by_kind": _counts(exchanges, "kind", KIND_ORDER, "exchanges"),
        "exchanges_by_year_kind": by_year.sort_values(["year", "kind"]).reset_index(drop=True),
    }


def dominant_kind(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Per unordered city pair: exchange count and the kind with the largest total intensity.

    Ties between kinds go to the earlier kind in :data:`KIND_ORDER`. A missing
    ``intensity`` counts as 1.

    Returns a DataFrame with columns ``a``, ``b`` (``a <= b`` as text), ``kind``,
    ``exchanges``.
    """
    if exchanges.empty:
        return pd.DataFrame({"a": [], "b": [], "kind": [], "exchanges": []})
    a = exchanges["city_a"].astype(str)
    b = exchanges["city_b"].astype(str)
    intensity = (
        pd.to_numeric(exchanges["intensity"], errors="coerce").fillna(1)
        if "intensity" in exchanges
        else pd.Series(1, index=exchanges.index)
    )
    frame = pd.DataFrame(
        {
            "a": a.where(a <= b, b),
            "b": b.where(a <= b, a),
            "kind": exchanges["kind"],
            "intensity": intensity,
        }
    )
    totals = frame.groupby(["a", "b", "kind"])["intensity"].sum().reset_index()
    totals["order"] = totals["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    totals = totals.sort_values(
        ["a", "b", "intensity", "order"], ascending=[True, True, False, True]
    )
    best = totals.drop_duplicates(["a", "b"])[["a", "b", "kind"]]
    counts = frame.groupby(["a", "b"]).size().rename("exchanges").reset_index()
    return best.merge(counts, on=["a", "b"]).reset_index(drop=True)


def tie_edges(ties: pd.DataFrame, exchanges: pd.DataFrame) -> pd.DataFrame:
    """Ties with their exchange count and dominant exchange kind, ready for the map.

    Adds ``kind`` (None when the pair has no recorded exchange) and ``exchanges`` (int)
    to a copy of ``ties``. Exchanges between cities with no tie are ignored here.
    """
    out = ties.copy()
    a = out["city_a"].astype(str)
    b = out["city_b"].astype(str)
    out["_a"], out["_b"] = a.where(a <= b, b), b.where(a <= b, a)
    merged = out.merge(
        dominant_kind(exchanges), how="left", left_on=["_a", "_b"], right_on=["a", "b"]
    )
    merged.index = out.index
    out["kind"] = merged["kind"].astype(object).where(merged["kind"].notna(), None)
    out["exchanges"] = merged["exchanges"].fillna(0).astype("int64")
    return out.drop(columns=["_a", "_b"])


def map_nodes(cities: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """The cities that appear in ``ties``, each with its number of ties (column ``ties``)."""
    ends = pd.concat([ties["city_a"], ties["city_b"]]).astype(str)
    degree = ends.value_counts().rename("ties")
    nodes = cities.assign(city_id=cities["city_id"].astype(str))
    nodes = nodes[nodes["city_id"].isin(degree.index)].copy()
    nodes["ties"] = nodes["city_id"].map(degree).astype("int64")
    return nodes.reset_index(drop=True)
