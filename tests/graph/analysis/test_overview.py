"""Headline numbers and chart tables of the Overview (graph/analysis/overview.py), on tiny
tables."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analysis.overview import (
    ARTICLE_FOREIGN_PARTNERS,
    ARTICLE_TEHRAN_PARTNERS,
    dominant_kind,
    find_city_id,
    map_nodes,
    overview_summary,
    tie_edges,
)

# id, name, country, population
CITIES = [
    ("thr", "Tehran", "IR", 8_000_000),
    ("thr12", "Tehran District 12", "IR", 250_000),
    ("isf", "Isfahan", "IR", 2_000_000),
    ("bam", "Bam", "IR", 100_000),
    ("mhd", "Mashhad", "IR", 3_000_000),
    ("ank", "Ankara", "TR", 5_000_000),
    ("ist", "Istanbul", "TR", 15_000_000),
    ("bjs", "Beijing", "CN", 20_000_000),
    ("par", "Paris", "FR", 2_000_000),
    ("ber", "Berlin", "DE", 3_500_000),
]


def cities_frame(rows=CITIES) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["city_id", "name_en", "country", "population"])
    frame["name_fa"] = None
    frame["lat"] = 0.0
    frame["lon"] = 0.0
    frame["iranian"] = frame["country"] == "IR"
    return frame


def ties_frame(rows) -> pd.DataFrame:
    """rows: (city_a, city_b, relation, status, evidence)."""
    frame = pd.DataFrame(rows, columns=["city_a", "city_b", "relation", "status", "evidence"])
    frame["since"] = pd.array([None] * len(frame), dtype="Int64")
    frame["unverified"] = frame["evidence"] == "wikidata"
    return frame


def exchanges_frame(rows) -> pd.DataFrame:
    """rows: (city_a, city_b, kind, date, intensity)."""
    frame = pd.DataFrame(rows, columns=["city_a", "city_b", "kind", "date", "intensity"])
    years = pd.to_numeric(frame["date"].astype("string").str[:4], errors="coerce")
    frame["year"] = years.astype("Int64")
    return frame


NO_EXCHANGES = exchanges_frame([])


@pytest.mark.parametrize(
    ("name", "ties", "iranian_cities", "foreign_partners", "tehran_partners"),
    [
        ("no ties", [], 0, 0, 0),
        ("one tie", [("thr", "ank", "sister", "signed", "official")], 1, 1, 1),
        (
            "partner order does not matter",
            [
                ("ank", "thr", "sister", "signed", "news"),
                ("isf", "ank", "sister", "signed", "news"),
            ],
            2,
            1,
            1,
        ),
        (
            "a domestic tie makes no Iranian city count and no foreign partner",
            [("isf", "bam", "sister", "signed", "wikipedia")],
            0,
            0,
            0,
        ),
        (
            "a domestic tie does not add its city when the other has foreign ties",
            [
                ("isf", "bam", "sister", "signed", "wikipedia"),
                ("isf", "par", "sister", "signed", "official"),
            ],
            1,
            1,
            0,
        ),
        (
            "Tehran's partners count Iranian partners too, districts apart",
            [
                ("thr", "ank", "sister", "signed", "official"),
                ("thr", "bjs", "sister", "signed", "news"),
                ("thr", "mhd", "friendship", "signed", "news"),
                ("thr12", "ber", "cooperation", "signed", "official"),
            ],
            2,
            3,
            3,
        ),
        (
            "foreign-only ties (world scope) count for nothing",
            [
                ("ank", "ist", "sister", "signed", "wikidata"),
                ("par", "ber", "sister", "signed", "user"),
            ],
            0,
            0,
            0,
        ),
    ],
)
def test_headline_counts(name, ties, iranian_cities, foreign_partners, tehran_partners) -> None:
    summary = overview_summary(cities_frame(), ties_frame(ties), NO_EXCHANGES)
    assert summary["iranian_cities"] == iranian_cities, name
    assert summary["foreign_partners"] == foreign_partners, name
    assert summary["tehran_partners"] == tehran_partners, name
    assert summary["ties"] == len(ties)


def test_international_ties_leave_out_domestic_and_foreign_only_ties() -> None:
    ties = ties_frame(
        [
            ("thr", "ank", "sister", "signed", "official"),
            ("bjs", "isf", "sister", "signed", "news"),
            ("isf", "bam", "sister", "signed", "wikipedia"),
            ("par", "ber", "sister", "signed", "wikidata"),
        ]
    )
    assert overview_summary(cities_frame(), ties, NO_EXCHANGES)["international_ties"] == 2


def test_article_figures_are_given_beside_ours() -> None:
    summary = overview_summary(cities_frame(), ties_frame([]), NO_EXCHANGES)
    assert summary["article_foreign_partners"] == ARTICLE_FOREIGN_PARTNERS == 100
    assert summary["article_tehran_partners"] == ARTICLE_TEHRAN_PARTNERS == 27


@pytest.mark.parametrize(
    ("evidence", "unverified"),
    [
        ([], 0),
        (["official", "news"], 0),
        (["wikidata", "official", "wikidata"], 2),
    ],
)
def test_unverified_counts_wikidata_only_ties(evidence, unverified) -> None:
    ties = ties_frame([("thr", "ank", "sister", "signed", e) for e in evidence])
    assert overview_summary(cities_frame(), ties, NO_EXCHANGES)["unverified"] == unverified
    without_column = ties.drop(columns="unverified")
    assert overview_summary(cities_frame(), without_column, NO_EXCHANGES)["unverified"] == (
        unverified
    )


def test_ties_by_evidence_and_relation_strongest_tier_first() -> None:
    ties = ties_frame(
        [
            ("thr", "ank", "sister", "signed", "wikidata"),
            ("thr", "bjs", "sister", "signed", "official"),
            ("isf", "par", "cooperation", "signed", "official"),
            ("mhd", "ist", "sister", "proposed", "news"),
        ]
    )
    table = overview_summary(cities_frame(), ties, NO_EXCHANGES)["ties_by_evidence_relation"]
    assert list(table.columns) == ["evidence", "relation", "ties"]
    assert list(table.itertuples(index=False, name=None)) == [
        ("official", "cooperation", 1),
        ("official", "sister", 1),
        ("news", "sister", 1),
        ("wikidata", "sister", 1),
    ]


def test_ties_by_status_keeps_every_status() -> None:
    ties = ties_frame(
        [
            ("thr", "ank", "sister", "signed", "official"),
            ("thr", "bjs", "sister", "signed", "official"),
            ("mhd", "ist", "sister", "suspended", "news"),
        ]
    )
    table = overview_summary(cities_frame(), ties, NO_EXCHANGES)["ties_by_status"]
    assert dict(zip(table["status"], table["ties"], strict=True)) == {
        "signed": 2,
        "proposed": 0,
        "disputed": 0,
        "suspended": 1,
        "historical": 0,
    }


EXCHANGES = [
    ("thr", "ank", "cultural", "2013-12-18", 2),
    ("ank", "thr", "transit", "2019-08", 2),
    ("thr", "ank", "cultural", "2019", 1),
    ("thr", "bjs", "technical", "2019-05-01", 3),
    ("isf", "par", "technical", None, 1),
]


def test_exchanges_by_kind_lists_every_kind() -> None:
    summary = overview_summary(cities_frame(), ties_frame([]), exchanges_frame(EXCHANGES))
    table = summary["exchanges_by_kind"]
    assert dict(zip(table["kind"], table["exchanges"], strict=True)) == {
        "technical": 2,
        "cultural": 2,
        "transit": 1,
    }
    assert summary["exchanges"] == 5


def test_exchanges_by_year_counts_undated_apart() -> None:
    summary = overview_summary(cities_frame(), ties_frame([]), exchanges_frame(EXCHANGES))
    table = summary["exchanges_by_year_kind"]
    assert list(table.itertuples(index=False, name=None)) == [
        (2013, "cultural", 1),
        (2019, "cultural", 1),
        (2019, "technical", 1),
        (2019, "transit", 1),
    ]
    assert summary["undated_exchanges"] == 1


def test_exchanges_by_year_from_date_when_year_column_is_missing() -> None:
    exchanges = exchanges_frame(EXCHANGES).drop(columns="year")
    summary = overview_summary(cities_frame(), ties_frame([]), exchanges)
    assert summary["exchanges_by_year_kind"]["exchanges"].sum() == 4
    assert summary["undated_exchanges"] == 1


def test_empty_exchanges() -> None:
    summary = overview_summary(cities_frame(), ties_frame([]), NO_EXCHANGES)
    assert summary["exchanges_by_year_kind"].empty
    assert summary["undated_exchanges"] == 0
    assert summary["exchanges_by_kind"]["exchanges"].sum() == 0


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], {}),
        ([("thr", "ank", "cultural", "2013", 1)], {("ank", "thr"): ("cultural", 1)}),
        # Largest total intensity wins, whatever the order of the pair.
        (
            [
                ("thr", "ank", "cultural", "2013", 1),
                ("ank", "thr", "cultural", "2014", 1),
                ("thr", "ank", "transit", "2019", 3),
            ],
            {("ank", "thr"): ("transit", 3)},
        ),
        # A draw goes to the earlier kind: technical, cultural, transit.
        (
            [("thr", "bjs", "transit", "2019", 2), ("thr", "bjs", "technical", "2020", 2)],
            {("bjs", "thr"): ("technical", 2)},
        ),
    ],
)
def test_dominant_kind(rows, expected) -> None:
    table = dominant_kind(exchanges_frame(rows))
    got = {(r.a, r.b): (r.kind, r.exchanges) for r in table.itertuples()}
    assert got == expected


def test_tie_edges_marks_ties_without_exchanges() -> None:
    ties = ties_frame(
        [
            ("thr", "ank", "sister", "signed", "official"),
            ("thr", "bjs", "sister", "signed", "news"),
            ("isf", "par", "sister", "signed", "news"),
        ]
    )
    edges = tie_edges(ties, exchanges_frame(EXCHANGES[:4]))
    assert list(edges["kind"]) == ["cultural", "technical", None]
    assert list(edges["exchanges"]) == [3, 1, 0]
    assert len(edges) == len(ties)
    assert list(edges.columns[: len(ties.columns)]) == list(ties.columns)


def test_map_nodes_counts_ties_per_city() -> None:
    ties = ties_frame(
        [
            ("thr", "ank", "sister", "signed", "official"),
            ("thr", "bjs", "sister", "signed", "news"),
        ]
    )
    nodes = map_nodes(cities_frame(), ties)
    assert dict(zip(nodes["city_id"], nodes["ties"], strict=True)) == {
        "thr": 2,
        "ank": 1,
        "bjs": 1,
    }


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [("Tehran", "IR", "thr"), ("Ankara", "TR", "ank"), ("Ankara", "IR", None), ("Qom", "IR", None)],
)
def test_find_city_id(name, country, expected) -> None:
    assert find_city_id(cities_frame(), name, country) == expected
