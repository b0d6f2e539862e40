"""Every schema migration, in order: :data:`MIGRATIONS` moves a store from version ``n`` to
``n + 1`` (:meth:`graph.store.engine.Store` runs them). The tables' own steps are in
:mod:`graph.store.schema`; a step that rewrites rows (merging one city's stored copies) records
them in the change log, so it sits here, above both.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from graph.store.dedupe import merge_city_duplicates
from graph.store.schema import (
    MIGRATION_EDITOR,
    NAME_KEY_LENGTH,
    SCHEMA_VERSION,
    TABLE_MIGRATIONS,
    create_unique_indexes,
    drop_unique_indexes,
)

__all__ = ["MIGRATIONS"]


def _unique_cities(conn: Connection) -> None:
    # one city stored under two spellings ("Chişinău", "Chișinău") or twice under one
    # GeoNames id split its ties and made name-plus-country lookups ambiguous: merge the
    # copies (their ties and exchanges move to the kept city, audited) and let unique
    # indexes stop the next
    columns = {c["name"] for c in sa.inspect(conn).get_columns("cities")}
    if "name_key" not in columns:
        conn.execute(sa.text(f"ALTER TABLE cities ADD COLUMN name_key VARCHAR({NAME_KEY_LENGTH})"))
    names = ("uq_city_country_key", "uq_city_geonameid")
    drop_unique_indexes(conn, names)
    merge_city_duplicates(conn, MIGRATION_EDITOR)
    create_unique_indexes(conn, names)


MIGRATIONS: list[Callable[[Connection], None]] = [*TABLE_MIGRATIONS, _unique_cities]
if len(MIGRATIONS) != SCHEMA_VERSION:
    raise RuntimeError(f"{len(MIGRATIONS)} migrations for schema version {SCHEMA_VERSION}")
