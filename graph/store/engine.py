"""The store: SQLAlchemy 2 tables in an embedded SQLite file, or PostgreSQL by URL.

``open_store()`` is the one way in: it creates the database when it is missing, runs
the schema migrations it has not seen yet and seeds it from ``data/`` (see
:mod:`graph.store.seed`). Readers get pandas DataFrames, the form the graph builder and the
pages want.

Which database: the ``url`` argument, else the ``DIPLOMACY_DB_URL`` environment
variable, else the SQLite file ``var/diplomacy.sqlite`` beside the code (git ignores
``var/``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from graph.model import SCOPES

__all__ = [
    "DB_URL_ENV",
    "SCHEMA_VERSION",
    "Store",
    "StoreError",
    "default_url",
    "open_store",
    "pair_key",
    "reset_store",
]

DB_URL_ENV = "DIPLOMACY_DB_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "diplomacy.sqlite"
SQLITE_BUSY_MS = 60_000  # how long a SQLite writer waits for the write lock

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


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says what to do."""


def pair_key(city_a: str, city_b: str) -> str:
    """The order-free key of a city pair: ties and air links are undirected.

    >>> pair_key("b", "a") == pair_key("a", "b")
    True
    """
    first, second = sorted((city_a, city_b))
    return f"{first}|{second}"


def default_url() -> str:
    """The database URL in force: ``DIPLOMACY_DB_URL`` or the embedded SQLite file."""
    return os.environ.get(DB_URL_ENV) or f"sqlite:///{DEFAULT_DB_PATH}"


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


def _get_meta(conn: Connection, key: str) -> str | None:
    row = conn.execute(sa.select(meta_table.c.value).where(meta_table.c.key == key)).first()
    return row[0] if row else None


def _set_meta(conn: Connection, key: str, value: str) -> None:
    updated = conn.execute(
        meta_table.update().where(meta_table.c.key == key).values(value=value)
    ).rowcount
    if not updated:
        conn.execute(meta_table.insert().values(key=key, value=value))


def migrate(engine: Engine) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`; return the version found before."""
    with engine.begin() as conn:
        meta_table.create(conn, checkfirst=True)
        found = int(_get_meta(conn, "schema_version") or 0)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {found}, newer than this program's "
            f"{SCHEMA_VERSION}: update the program (git pull) before opening it"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        with engine.begin() as conn:
            MIGRATIONS[version - 1](conn)
            _set_meta(conn, "schema_version", str(version))
    return found


class Store:
    """A handle on one database. Cheap to keep; every read opens its own connection."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def meta(self, key: str) -> str | None:
        """A value from the meta table (``schema_version``, ``seed_version``...)."""
        with self.engine.connect() as conn:
            return _get_meta(conn, key)

    def _frame(self, table: sa.Table, order_by: str) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(sa.select(table).order_by(table.c[order_by]), conn)

    def cities(self) -> pd.DataFrame:
        """All cities; ``iranian`` is True for cities in Iran."""
        frame = self._frame(cities_table, "city_id")
        frame["population"] = frame["population"].astype("Int64")
        frame["geonameid"] = frame["geonameid"].astype("Int64")
        frame["iranian"] = frame["country"] == "IR"
        return frame

    def ties(self, scope: str = "world") -> pd.DataFrame:
        """Ties in a scope: ``iran`` (at least one Iranian city) or ``world`` (all).

        ``sources`` is a list of strings; ``unverified`` marks Wikidata-only ties.
        """
        if scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
        frame = self._frame(ties_table, "tie_id")
        if scope == "iran":
            iranian = set(self._iranian_ids())
            frame = frame[frame["city_a"].isin(iranian) | frame["city_b"].isin(iranian)]
            frame = frame.reset_index(drop=True)
        frame["since"] = frame["since"].astype("Int64")
        frame["sources"] = frame["sources"].map(json.loads)
        frame["one_sided"] = frame["one_sided"].astype(bool)
        frame["unverified"] = frame["evidence"] == "wikidata"
        return frame

    def exchanges(self) -> pd.DataFrame:
        """All recorded exchanges; ``year`` is empty for undated ones."""
        frame = self._frame(exchanges_table, "exchange_id")
        frame["year"] = frame["year"].astype("Int64")
        return frame

    def air_links(self) -> pd.DataFrame:
        """Direct-flight links between cities (routes as of June 2014)."""
        return self._frame(air_links_table, "pair_key")

    def _iranian_ids(self) -> list[str]:
        query = sa.select(cities_table.c.city_id).where(cities_table.c.country == "IR")
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())

    def counts(self) -> dict[str, int]:
        """Row counts per table, for messages and tests."""
        tables = (cities_table, ties_table, exchanges_table, air_links_table)
        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                for t in tables
            }

    def content_hash(self) -> str:
        """A short hash that changes whenever any stored row changes (for caches)."""
        digest = hashlib.sha256()
        with self.engine.connect() as conn:
            for table in (cities_table, ties_table, exchanges_table, air_links_table):
                query = sa.select(table).order_by(*table.primary_key.columns)
                for row in conn.execute(query):
                    digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()[:16]


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder {folder} for the store: {exc}") from exc
    try:
        engine = sa.create_engine(url, future=True, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(
            f"cannot use database URL {url!r}: {exc}. Use sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DB"
        ) from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    # A writer waits for another one (a large import holds the write lock for seconds)
    # up to this long instead of failing with "database is locked" after the 5 s default.
    cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
    cursor.close()


def open_store(url: str | None = None, seed: bool = True) -> Store:
    """Open (creating, migrating and seeding as needed) the store at ``url``.

    Raises :class:`StoreError` with a one-line explanation when the database cannot
    be reached.
    """
    url = url or default_url()
    engine = _make_engine(url)
    try:
        migrate(engine)
        store = Store(engine)
        if seed:
            from graph.store.seed import seed_store

            seed_store(store)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        shown = engine.url.render_as_string(hide_password=True)
        raise StoreError(
            f"cannot reach the database {shown}: {reason}. Check {DB_URL_ENV} "
            "or the --db option, and that the server is running"
        ) from exc
    return store


def reset_store(url: str | None = None) -> None:
    """Drop every table of the store at ``url`` (``init --reset``); the next open seeds anew."""
    engine = _make_engine(url or default_url())
    try:
        with engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                table.drop(conn, checkfirst=True)
    except OperationalError as exc:
        raise StoreError(f"cannot reach the database to reset it: {exc.orig}") from exc
