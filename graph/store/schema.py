"""The store's tables, their migrations and the schema version.

The tables are SQLAlchemy Core tables on one :data:`metadata`; :data:`MIGRATIONS` moves a
store from one schema version to the next (run by :func:`graph.store.engine.migrate`).
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "air_links_table",
    "batches_table",
    "changes_table",
    "cities_table",
    "exchanges_table",
    "get_meta",
    "meta_table",
    "metadata",
    "pair_key",
    "saved_views_table",
    "set_meta",
    "ties_table",
]

metadata = sa.MetaData()

meta_table = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

cities_table = sa.Table(
    "cities",
    metadata,
    sa.Column("city_id", sa.String(120), primary_key=True),
    sa.Column("geonameid", sa.BigInteger, nullable=True),
    sa.Column("name_en", sa.String(200), nullable=False),
    sa.Column("name_fa", sa.String(200), nullable=True),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("population", sa.BigInteger, nullable=True),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.UniqueConstraint("name_en", "country", name="uq_city_name_country"),
)

ties_table = sa.Table(
    "ties",
    metadata,
    sa.Column("tie_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("pair_key", sa.String(250), nullable=False, unique=True),
    sa.Column(
        "city_a", sa.String(120), sa.ForeignKey("cities.city_id"), nullable=False, index=True
    ),
    sa.Column(
        "city_b", sa.String(120), sa.ForeignKey("cities.city_id"), nullable=False, index=True
    ),
    sa.Column("relation", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("since", sa.Integer, nullable=True),
    sa.Column("evidence", sa.String(20), nullable=False),
    sa.Column("sources", sa.Text, nullable=False, default="[]"),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("one_sided", sa.Boolean, nullable=False, default=False),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.CheckConstraint("city_a <> city_b", name="ck_tie_not_self"),
)

exchanges_table = sa.Table(
    "exchanges",
    metadata,
    sa.Column("exchange_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("pair_key", sa.String(250), nullable=False, index=True),
    sa.Column("city_a", sa.String(120), sa.ForeignKey("cities.city_id"), nullable=False),
    sa.Column("city_b", sa.String(120), sa.ForeignKey("cities.city_id"), nullable=False),
    sa.Column("date", sa.String(10), nullable=True),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("intensity", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False, default=""),
    sa.Column("evidence", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("origin", sa.String(20), nullable=False),
    sa.CheckConstraint("intensity BETWEEN 1 AND 3", name="ck_exchange_intensity"),
)

air_links_table = sa.Table(
    "air_links",
    metadata,
    sa.Column("pair_key", sa.String(250), primary_key=True),
    sa.Column("city_a", sa.String(120), sa.ForeignKey("cities.city_id"), nullable=False),
    sa.Column("city_b", sa.String(120), sa.ForeignKey("cities.city_id"), nullable=False),
    sa.Column("routes", sa.Integer, nullable=False),
    sa.Column("routes_codeshare", sa.Integer, nullable=False, default=0),
    sa.Column("airlines", sa.Integer, nullable=False, default=0),
    sa.Column("origin", sa.String(20), nullable=False),
)


# --- schema version 2: the record of changes, and the presenter's saved views -------------

batches_table = sa.Table(
    "batches",
    metadata,
    sa.Column("batch_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("who", sa.String(120), nullable=False),
    # import | edit | undo | restore
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("undone_by", sa.Integer, nullable=True),
)

changes_table = sa.Table(
    "changes",
    metadata,
    sa.Column("change_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "batch_id", sa.Integer, sa.ForeignKey("batches.batch_id"), nullable=False, index=True
    ),
    sa.Column("table_name", sa.String(40), nullable=False),
    sa.Column("row_key", sa.String(250), nullable=False),
    # insert | update | delete; before/after are JSON documents of the whole row
    sa.Column("operation", sa.String(10), nullable=False),
    sa.Column("before", sa.Text, nullable=True),
    sa.Column("after", sa.Text, nullable=True),
)

saved_views_table = sa.Table(
    "saved_views",
    metadata,
    sa.Column("view_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("caption_fa", sa.Text, nullable=False, default=""),
    sa.Column("caption_en", sa.Text, nullable=False, default=""),
    # map | network | city
    sa.Column("page", sa.String(20), nullable=False),
    # the page's view as query parameters (JSON object), e.g. MapView.to_query()
    sa.Column("config", sa.Text, nullable=False, default="{}"),
    sa.Column("lang", sa.String(2), nullable=False, default="fa"),
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)


def pair_key(city_a: str, city_b: str) -> str:
    """The order-free key of a city pair: ties and air links are undirected.

    >>> pair_key("b", "a") == pair_key("a", "b")
    True
    """
    first, second = sorted((city_a, city_b))
    return f"{first}|{second}"


# --- migrations -----------------------------------------------------------------------
# Each entry moves the schema from version N-1 to N inside one transaction. Append new
# steps; never edit a released one (stores in the field have already run it).


def _migration_1_create_tables(conn: Connection) -> None:
    for table in (cities_table, ties_table, exchanges_table, air_links_table):
        table.create(conn, checkfirst=True)


def _migration_2_changes_and_saved_views(conn: Connection) -> None:
    for table in (batches_table, changes_table, saved_views_table):
        table.create(conn, checkfirst=True)


MIGRATIONS: list[Callable[[Connection], None]] = [
    _migration_1_create_tables,
    _migration_2_changes_and_saved_views,
]
SCHEMA_VERSION = len(MIGRATIONS)


def get_meta(conn: Connection, key: str) -> str | None:
    """A value of the meta table (``schema_version``, ``seed_version``...), or None."""
    row = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == key)).first()
    return row[0] if row else None


def set_meta(conn: Connection, key: str, value: str) -> None:
    """Set a value of the meta table, inserting the key when it is new."""
    updated = conn.execute(
        meta_table.update().where(meta_table.c.key == key).values(value=value)
    ).rowcount
    if not updated:
        conn.execute(meta_table.insert().values(key=key, value=value))
