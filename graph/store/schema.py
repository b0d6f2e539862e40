"""The store's tables, their migrations and the schema version.

The tables are SQLAlchemy Core tables on one :data:`metadata`; :data:`TABLE_MIGRATIONS` are
the steps between schema versions that need only the tables, and
:data:`graph.store.migrations.MIGRATIONS` all of them (run by
:func:`graph.store.engine.migrate`).
"""

from __future__ import annotations

import hashlib
import logging
import unicodedata
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from graph.names import fold

__all__ = [
    "TABLE_MIGRATIONS",
    "SCHEMA_VERSION",
    "air_links_table",
    "batches_table",
    "changes_table",
    "cities_table",
    "city_name_key",
    "create_unique_indexes",
    "drop_unique_indexes",
    "exchange_key",
    "exchanges_table",
    "fill_name_origins",
    "get_meta",
    "meta_table",
    "metadata",
    "pair_key",
    "saved_views_table",
    "set_meta",
    "sign_in_failures_table",
    "ties_table",
]

metadata = sa.MetaData()
log = logging.getLogger(__name__)


def exchange_key(pair_key: str, date: str | None, kind: str, title: str) -> str:
    """What makes an exchange the same one: its pair, date, kind and folded title (the
    import's "already stored"), as a fixed-length hash a unique index can hold.

    >>> exchange_key("a|b", None, "cultural", "Week") == exchange_key("a|b", "", "cultural", "WEEK")
    True
    """
    text = "|".join([pair_key, date or "", kind, fold(title)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


NAME_KEY_LENGTH = 250


def city_name_key(name: str) -> str:
    """A city's English name as its country's unique ``name_key`` holds it: folded as every
    name is compared (:func:`graph.names.fold`: NFKC forms, case, diacritics and
    separators go, so "Chişinău" and "Chișinău" are one key).

    >>> city_name_key("Chişinău") == city_name_key("CHIȘINĂU") == city_name_key("Chisinau")
    True
    """
    return fold(unicodedata.normalize("NFKC", name or ""))[:NAME_KEY_LENGTH]


def _name_key_default(context) -> str | None:  # noqa: ANN001 (SQLAlchemy's context)
    """The ``name_key`` of an inserted city, from its English name."""
    values = context.get_current_parameters()
    return city_name_key(values["name_en"]) if "name_en" in values else None


def _exchange_key_default(context) -> str | None:  # noqa: ANN001 (SQLAlchemy's context)
    """The ``record_key`` of an inserted exchange, from the row's own values."""
    values = context.get_current_parameters()
    if not {"pair_key", "kind", "title"} <= values.keys():
        return None
    return exchange_key(values["pair_key"], values.get("date"), values["kind"], values["title"])


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
    # schema version 5: where name_fa came from (graph.model.NameOrigin), None without one
    sa.Column("name_fa_origin", sa.String(20), nullable=True),
    # schema version 6: city_name_key(name_en), one city per key and country; a second
    # place GeoNames knows apart (its own id) whose name folds alike is keyed "KEY#ID"
    # (graph/store/dedupe.py); and one city per GeoNames id
    sa.Column("name_key", sa.String(NAME_KEY_LENGTH), nullable=True, default=_name_key_default),
    sa.UniqueConstraint("name_en", "country", name="uq_city_name_country"),
    sa.Index("uq_city_country_key", "country", "name_key", unique=True),
    sa.Index("uq_city_geonameid", "geonameid", unique=True),
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
    # schema version 3: exchange_key() of the row, filled on insert from the row's values;
    # an update of pair, date, kind or title sets it again (graph/io/edits.py)
    sa.Column("record_key", sa.String(64), nullable=True, default=_exchange_key_default),
    sa.CheckConstraint("intensity BETWEEN 1 AND 3", name="ck_exchange_intensity"),
    sa.Index("uq_exchange_record", "record_key", unique=True),
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

# --- schema version 4: failed sign-ins per editor name, shared by every server -------------

sign_in_failures_table = sa.Table(
    "sign_in_failures",
    metadata,
    # the name as sign-in compares it (graph.store.editors.editor_name)
    sa.Column("name", sa.String(200), primary_key=True),
    # wrong passwords (and attempts still being checked) since window_start
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    # seconds since the epoch, as the sign-in clock reads them
    sa.Column("window_start", sa.Float, nullable=False),
    # the name is refused without a password check until then (0: not locked out)
    sa.Column("locked_until", sa.Float, nullable=False, default=0.0),
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


def merge_exchange_duplicates(conn: Connection) -> int:
    """Fill every exchange's ``record_key`` and delete the later copies of an exchange
    stored more than once (same key; the first stored is kept); return how many went."""
    rows = conn.execute(
        sa.select(
            exchanges_table.c.exchange_id,
            exchanges_table.c.pair_key,
            exchanges_table.c.date,
            exchanges_table.c.kind,
            exchanges_table.c.title,
            exchanges_table.c.record_key,
        ).order_by(exchanges_table.c.exchange_id)
    ).all()
    seen: set[str] = set()
    copies = []
    fills = []
    for row in rows:
        key = exchange_key(row.pair_key, row.date, row.kind, row.title)
        if key in seen:
            copies.append(row.exchange_id)
            continue
        seen.add(key)
        if row.record_key != key:
            fills.append({"id": row.exchange_id, "key": key})
    for start in range(0, len(copies), 500):
        chunk = copies[start : start + 500]
        conn.execute(exchanges_table.delete().where(exchanges_table.c.exchange_id.in_(chunk)))
    if fills:
        conn.execute(
            exchanges_table.update()
            .where(exchanges_table.c.exchange_id == sa.bindparam("id"))
            .values(record_key=sa.bindparam("key")),
            fills,
        )
    if copies:
        log.warning("merged %d exchanges stored more than once: ids %s", len(copies), copies[:50])
    return len(copies)


def _migration_3_unique_exchanges(conn: Connection) -> None:
    # an exchange stored twice (two imports of one file at the same moment) was possible:
    # give every exchange its key, keep the first copy and let a unique index stop the next
    columns = {c["name"] for c in sa.inspect(conn).get_columns("exchanges")}
    if "record_key" not in columns:
        conn.execute(sa.text("ALTER TABLE exchanges ADD COLUMN record_key VARCHAR(64)"))
    indexes = {i["name"] for i in sa.inspect(conn).get_indexes("exchanges")}
    if "uq_exchange_record" in indexes:
        conn.execute(sa.text("DROP INDEX uq_exchange_record"))
    merge_exchange_duplicates(conn)
    conn.execute(sa.text("CREATE UNIQUE INDEX uq_exchange_record ON exchanges (record_key)"))


UNIQUE_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "uq_exchange_record": ("exchanges", ("record_key",)),
    "uq_city_country_key": ("cities", ("country", "name_key")),
    "uq_city_geonameid": ("cities", ("geonameid",)),
}
"""The unique indexes a merge of stored duplicates works without (then makes again)."""


def drop_unique_indexes(conn: Connection, names: tuple[str, ...] = tuple(UNIQUE_INDEXES)) -> None:
    """Drop those of the unique indexes ``names`` that exist, so duplicates can be read in
    and merged (:func:`create_unique_indexes` makes them again)."""
    for name in names:
        table = UNIQUE_INDEXES[name][0]
        if name in {i["name"] for i in sa.inspect(conn).get_indexes(table)}:
            conn.execute(sa.text(f"DROP INDEX {name}"))


def create_unique_indexes(conn: Connection, names: tuple[str, ...] = tuple(UNIQUE_INDEXES)) -> None:
    """Create those of the unique indexes ``names`` that do not exist yet."""
    for name in names:
        table, columns = UNIQUE_INDEXES[name]
        if name not in {i["name"] for i in sa.inspect(conn).get_indexes(table)}:
            conn.execute(sa.text(f"CREATE UNIQUE INDEX {name} ON {table} ({', '.join(columns)})"))


def _migration_4_sign_in_failures(conn: Connection) -> None:
    # the lock-out counted failures in each server process's memory: a restart or a second
    # replica started from zero; the count now lives in the store
    sign_in_failures_table.create(conn, checkfirst=True)


def fill_name_origins(conn: Connection) -> None:
    """Give the Persian names stored without an origin (before schema 5, or restored from
    such a backup) the one they had: a user row's is an editor's (a city an editor added
    or edited), a seed row's the seed's checked Iranian name."""
    named = cities_table.c.name_fa.is_not(None) & cities_table.c.name_fa_origin.is_(None)
    user = cities_table.c.origin == "user"
    conn.execute(cities_table.update().where(named, user).values(name_fa_origin="editor"))
    conn.execute(cities_table.update().where(named, ~user).values(name_fa_origin="checked"))


def _migration_5_name_origin(conn: Connection) -> None:
    # a Persian name now says where it came from (checked, automatic, editor)
    columns = {c["name"] for c in sa.inspect(conn).get_columns("cities")}
    if "name_fa_origin" not in columns:
        conn.execute(sa.text("ALTER TABLE cities ADD COLUMN name_fa_origin VARCHAR(20)"))
    fill_name_origins(conn)


MIGRATION_EDITOR = "schema migration"
"""The name the change log gives the rows a migration changes."""

TABLE_MIGRATIONS: list[Callable[[Connection], None]] = [
    _migration_1_create_tables,
    _migration_2_changes_and_saved_views,
    _migration_3_unique_exchanges,
    _migration_4_sign_in_failures,
    _migration_5_name_origin,
]
"""The migrations that need only the tables; :data:`graph.store.migrations.MIGRATIONS` adds
those that rewrite rows through the change log (a layer above)."""
SCHEMA_VERSION = 6
"""The number of :data:`graph.store.migrations.MIGRATIONS` (checked when it loads)."""


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
