"""The store: SQLAlchemy 2 tables (:mod:`graph.store.schema`) in an embedded SQLite file,
or PostgreSQL by URL.

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
import re
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from graph.model import SCOPES
from graph.settings import default
from graph.store.migrations import MIGRATIONS
from graph.store.schema import (
    SCHEMA_VERSION,
    air_links_table,
    cities_table,
    exchanges_table,
    get_meta,
    meta_table,
    metadata,
    set_meta,
    ties_table,
)
from graph.store.seed import seed_store

__all__ = [
    "DB_URL_ENV",
    "Store",
    "StoreError",
    "default_url",
    "masked_text",
    "masked_url",
    "migrate",
    "open_store",
    "reset_store",
]

DB_URL_ENV = "DIPLOMACY_DB_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = PROJECT_ROOT / "var" / "diplomacy.sqlite"
SQLITE_BUSY_MS = default("sqlite_busy_ms")


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says what to do."""


def default_url() -> str:
    """The database URL in force: ``DIPLOMACY_DB_URL`` or the embedded SQLite file."""
    return os.environ.get(DB_URL_ENV) or f"sqlite:///{DEFAULT_DB_PATH}"


# user:password@ after a scheme, else after any word (text that is not a URL at all)
_PASSWORD_IN_URL = re.compile(r"(?P<user>://[^:/?#@\s]*):[^\s]*@")
_PASSWORD_IN_TEXT = re.compile(r"(?P<user>[^\s:/@'\"]+):[^\s]*@")
_PASSWORD_IN_QUERY = re.compile(r"(?P<key>[?&]password=)[^&\s'\"]*", re.IGNORECASE)


def masked_url(url: object) -> str:
    """``url`` with its password replaced by ``***``: the only form a URL is ever shown in.

    Text that is not a URL is masked too (anything between ``user:`` and ``@``).

    >>> masked_url("postgresql+psycopg://ali:s3cret@db.example/diplomacy")
    'postgresql+psycopg://ali:***@db.example/diplomacy'
    >>> masked_url("postgresql://ali:s3cret@db:port/x")
    'postgresql://ali:***@db:port/x'
    >>> masked_url("not a url ali:s3cret@db")
    'not a url ali:***@db'
    """
    text = str(url)
    if "@" not in text and "password=" not in text.lower():
        return text  # nothing to hide: shown as typed
    try:
        text = make_url(text).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        pass  # not a URL: the patterns below still find user:password@
    pattern = _PASSWORD_IN_URL if "://" in text else _PASSWORD_IN_TEXT
    text = pattern.sub(r"\g<user>:***@", text)
    return _PASSWORD_IN_QUERY.sub(r"\g<key>***", text)


def masked_text(text: object, url: str) -> str:
    """``text`` (an error message) with ``url`` in it masked."""
    return str(text).replace(url, masked_url(url)) if url else str(text)


def migrate(engine: Engine) -> int:
    """Bring the schema up to :data:`SCHEMA_VERSION`; return the version found before."""
    with engine.begin() as conn:
        meta_table.create(conn, checkfirst=True)
        found = int(get_meta(conn, "schema_version") or 0)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {found}, newer than this program's "
            f"{SCHEMA_VERSION}: update the program (git pull) before opening it"
        )
    for version in range(found + 1, SCHEMA_VERSION + 1):
        with engine.begin() as conn:
            MIGRATIONS[version - 1](conn)
            set_meta(conn, "schema_version", str(version))
    return found


class Store:
    """A handle on one database. Cheap to keep; every read opens its own connection."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def url(self) -> str:
        return masked_url(self.engine.url.render_as_string(hide_password=True))

    def meta(self, key: str) -> str | None:
        """A value from the meta table (``schema_version``, ``seed_version``...)."""
        with self.engine.connect() as conn:
            return get_meta(conn, key)

    def _frame(self, table: sa.Table, order_by: str) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(sa.select(table).order_by(table.c[order_by]), conn)

    def cities(self) -> pd.DataFrame:
        """All cities; ``iranian`` is True for cities in Iran (without the internal
        ``name_key``, as exports and grids show them)."""
        frame = self._frame(cities_table, "city_id").drop(columns=["name_key"])
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
        frame = self._frame(exchanges_table, "exchange_id").drop(columns=["record_key"])
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
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise StoreError(
            f"cannot use database URL {masked_url(url)!r}: {masked_text(exc, url)}. Use "
            "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
        ) from None
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
            seed_store(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        reason = masked_text(reason, url)
        shown = masked_url(engine.url.render_as_string(hide_password=True))
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
        raise StoreError(
            f"cannot reach the database to reset it: {masked_text(exc.orig, url or default_url())}"
        ) from exc
