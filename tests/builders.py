"""Rows for the store's tables (graph/store/schema.py), with defaults for every column.

A test names only the cells it cares about::

    insert(store, ties_table, [make_tie(city_a="tehran", city_b="kazan", status="proposed")])

``pair_key`` follows ``city_a``/``city_b`` unless given. The defaults describe a plain
seeded row (``origin="seed_iran"``); a test about editors' rows passes ``origin="user"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from graph.store.engine import Store, open_store
from graph.store.schema import cities_table, exchanges_table, meta_table, pair_key, ties_table
from graph.store.seed import seed_version


def make_city(**overrides: Any) -> dict:
    """A row of ``cities``: Tehran-like defaults; ``city_id`` picks the id."""
    row = dict(
        city_id="tehran",
        geonameid=None,
        name_en="Tehran",
        name_fa="تهران",
        country="IR",
        lat=35.69,
        lon=51.39,
        population=None,
        note="",
        origin="seed_iran",
    )
    row.update(overrides)
    row.setdefault("name_fa_origin", "checked" if row["name_fa"] else None)
    return row


def _with_pair_key(row: dict, overrides: Mapping[str, Any]) -> dict:
    row.update(overrides)
    if "pair_key" not in overrides:
        row["pair_key"] = pair_key(row["city_a"], row["city_b"])
    return row


def make_tie(**overrides: Any) -> dict:
    """A row of ``ties``: a signed sister tie, no date, official evidence, version 1."""
    row = dict(
        city_a="tehran",
        city_b="kazan",
        relation="sister",
        status="signed",
        since=None,
        evidence="official",
        sources="[]",
        note="",
        one_sided=False,
        origin="seed_iran",
        version=1,
    )
    return _with_pair_key(row, overrides)


def make_exchange(**overrides: Any) -> dict:
    """A row of ``exchanges``: one undated cultural exchange of intensity 1, from the news."""
    row = dict(
        city_a="tehran",
        city_b="kazan",
        date=None,
        year=None,
        kind="cultural",
        intensity=1,
        title="Exchange",
        source="",
        evidence="news",
        note="",
        origin="seed_iran",
    )
    return _with_pair_key(row, overrides)


def make_air_link(**overrides: Any) -> dict:
    """A row of ``air_links``: one route by one airline, no codeshare."""
    row = dict(
        city_a="tehran",
        city_b="kazan",
        routes=1,
        routes_codeshare=0,
        airlines=1,
        origin="seed_air",
    )
    return _with_pair_key(row, overrides)


def insert(target: Store | sa.Connection, table: sa.Table, rows: Iterable[dict]) -> list:
    """Insert rows into table, in one transaction when given a store (or in the caller's
    connection); returns the new rows' primary keys, in order."""
    rows = list(rows)
    if isinstance(target, sa.Connection):
        return [target.execute(table.insert().values(**r)).inserted_primary_key[0]
                for r in rows]
    with target.engine.begin() as conn:
        return insert(conn, table, rows)


# --- the small hand-made store ------------------------------------------------------------

SMALL_CITIES = [
    ("tehran", "Tehran", "تهران", "IR", 35.69, 51.39, 8_700_000),
    ("isfahan", "Isfahan", "اصفهان", "IR", 32.65, 51.67, 2_000_000),
    ("kazan", "Kazan", "قازان", "RU", 55.79, 49.12, 1_200_000),
    ("paris_fr", "Paris", "پاریس", "FR", 48.85, 2.35, 2_100_000),
    ("paris_us", "Paris", None, "US", 33.66, -95.55, 25_000),
    ("shiraz", "Shiraz", "شیراز", "IR", 29.61, 52.53, 1_500_000),
]


def make_store(url: str) -> Store:
    """A store with six cities, one seed tie (Tehran - Paris, FR) and one seed exchange,
    marked as seeded so that opening it never loads data/."""
    store = open_store(url, seed=False)
    with store.engine.begin() as conn:
        insert(conn, cities_table, [
            make_city(city_id=c[0], name_en=c[1], name_fa=c[2], country=c[3], lat=c[4],
                      lon=c[5], population=c[6])
            for c in SMALL_CITIES
        ])
        insert(conn, ties_table, [make_tie(
            city_a="tehran", city_b="paris_fr", since=2000,
            sources='["https://example.org/a"]',
        )])
        insert(conn, exchanges_table, [make_exchange(
            city_a="tehran", city_b="paris_fr", date="2015-05", year=2015, intensity=2,
            title="Iran week",
        )])
        insert(conn, meta_table, [{"key": "seed_version", "value": seed_version()}])
    return store
