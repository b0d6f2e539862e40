"""The record of changes: batches of row changes, undo, tie edits with version checks.

Every import or edit writes one row in ``batches`` and one row per changed row in
``changes`` (the whole row before and after, as JSON) in the SAME transaction as the
change itself, so the record and the data never disagree. :func:`undo_batch` puts the
``before`` images back, refusing when a later change touched the same rows, and is
itself recorded as a batch. Backups are in :mod:`graph.store.backup`.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from graph.i18n.changelog import batch_description, undo_message
from graph.store.audit import EditorRequired, record_batch, record_change, require_editor, row_image
from graph.store.engine import Store
from graph.store.schema import (
    air_links_table,
    batches_table,
    changes_table,
    cities_table,
    city_name_key,
    exchanges_table,
    saved_views_table,
    ties_table,
)

__all__ = [
    "ConflictError",
    "EditorRequired",
    "UndoError",
    "batch_changes",
    "edit_tie",
    "list_batches",
    "record_batch",
    "record_change",
    "require_editor",
    "row_image",
    "undo_batch",
]

# table name -> (table, column that names a row in ``changes.row_key``)
ROW_KEYS: dict[str, tuple[sa.Table, str]] = {
    "cities": (cities_table, "city_id"),
    "air_links": (air_links_table, "pair_key"),
    "ties": (ties_table, "pair_key"),
    "exchanges": (exchanges_table, "exchange_id"),
    "saved_views": (saved_views_table, "view_id"),
}
EDITABLE_TIE_FIELDS = ("relation", "status", "since", "evidence", "sources", "note")


class ConflictError(RuntimeError):
    """Someone else changed the row since it was read; ``mine`` and ``theirs`` show both."""

    def __init__(self, row_key: str, read_version: int, theirs: dict, mine: dict):
        self.row_key = row_key
        self.read_version = read_version
        self.theirs = theirs
        self.mine = mine
        super().__init__(
            f"the tie {row_key} was changed by someone else since you opened it "
            f"(you read version {read_version}, it is now version {theirs.get('version')}): "
            f"theirs {json.dumps(theirs, ensure_ascii=False, default=str)}; "
            f"yours {json.dumps(mine, ensure_ascii=False, default=str)}. "
            "Reload the tie and apply your change again"
        )


class UndoError(RuntimeError):
    """A batch cannot be undone; the message says why and what to do.

    ``code`` and ``params`` name the reason language-free (catalogue key
    ``undo.error.<code>``); ``str(exc)`` is the English text, :meth:`message` any language.
    """

    def __init__(self, code: str, **params: Any):
        self.code = code
        self.params = params
        super().__init__(undo_message(code, params, "en"))

    def message(self, lang: str, names: Mapping[str, str] | None = None) -> str:
        """The reason in ``lang``; ``names`` maps city ids to names in that language."""
        return undo_message(self.code, self.params, lang, names)


def _current(conn: Connection, table_name: str, row_key: str, lock: bool = False) -> dict | None:
    """The stored row now; ``lock`` holds it (PostgreSQL) until the transaction ends."""
    table, key = ROW_KEYS[table_name]
    query = sa.select(table).where(table.c[key] == _key_value(table, key, row_key))
    if lock:
        query = query.with_for_update()
    return row_image(conn.execute(query).mappings().first())


def _key_value(table: sa.Table, key: str, row_key: str) -> Any:
    """``changes.row_key`` (text) as the key column's type."""
    return int(row_key) if isinstance(table.c[key].type, sa.Integer) else row_key


def _stored_values(table: sa.Table, image: dict) -> dict:
    """A row image (JSON: dates as ISO text) as values to write back into ``table``."""
    values = dict(image)
    for name, value in image.items():
        if isinstance(value, str) and isinstance(table.c[name].type, sa.DateTime):
            values[name] = _dt.datetime.fromisoformat(value)
    if table is cities_table and "name_key" not in values and "name_en" in values:
        values["name_key"] = city_name_key(values["name_en"])  # an image from before schema 6
    return values


def _same_content(current: dict | None, expected: dict | None) -> bool:
    """Equal rows, ignoring ``version`` (an undo moves it on without changing the content)
    and the columns an image recorded before they were added lacks (``name_key``...)."""
    if current is None or expected is None:
        return current is expected
    return all(current.get(k) == v for k, v in expected.items() if k != "version")


def list_batches(store: Store, limit: int = 200) -> list[dict]:
    """The latest batches, newest first, with how many rows each changed."""
    counts = (
        sa.select(changes_table.c.batch_id, sa.func.count().label("rows"))
        .group_by(changes_table.c.batch_id)
        .subquery()
    )
    query = (
        sa.select(batches_table, sa.func.coalesce(counts.c.rows, 0).label("rows"))
        .outerjoin(counts, counts.c.batch_id == batches_table.c.batch_id)
        .order_by(batches_table.c.batch_id.desc())
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def batch_changes(store: Store, batch_id: int) -> list[dict]:
    """The row changes of one batch, in the order they were made."""
    query = (
        sa.select(changes_table)
        .where(changes_table.c.batch_id == batch_id)
        .order_by(changes_table.c.change_id)
    )
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def _later_batch(
    conn: Connection, batch_id: int, table_name: str, row_key: str, undo_id: int
) -> int | None:
    query = sa.select(sa.func.max(changes_table.c.batch_id)).where(
        changes_table.c.batch_id > batch_id,
        changes_table.c.batch_id != undo_id,
        changes_table.c.table_name == table_name,
        changes_table.c.row_key == row_key,
    )
    return conn.execute(query).scalar()


def _city_use(conn: Connection, city_id: str) -> tuple[int, int]:
    """How many ties and exchanges use the city ``city_id``."""
    counts = []
    for table in (ties_table, exchanges_table):
        query = (
            sa.select(sa.func.count())
            .select_from(table)
            .where(sa.or_(table.c.city_a == city_id, table.c.city_b == city_id))
        )
        counts.append(int(conn.execute(query).scalar() or 0))
    return counts[0], counts[1]


def undo_batch(store: Store, batch_id: int, who: str) -> int:
    """Revert batch ``batch_id``; return the id of the undo batch that records it.

    Refuses (:class:`UndoError`) when the batch does not exist, was already undone, a
    later batch changed one of its rows (undo that one first), or it added a city that
    ties or exchanges now use. All or nothing. A tie put back gets a NEW version (one
    above the current one), so an editor who read the undone version cannot save over it.
    """
    try:
        with store.engine.begin() as conn:
            return _undo(conn, batch_id, who)
    except sa.exc.IntegrityError as exc:  # a rule of the database, e.g. a foreign key
        raise UndoError("refused", batch=batch_id) from exc


def _undo(conn: Connection, batch_id: int, who: str) -> int:
    # locked (PostgreSQL): a second undo of the same batch waits, then sees it undone
    query = sa.select(batches_table).where(batches_table.c.batch_id == batch_id)
    batch = conn.execute(query.with_for_update()).mappings().first()
    if batch is None:
        raise UndoError("no_batch", batch=batch_id)
    if batch["undone_by"] is not None:
        raise UndoError("already_undone", batch=batch_id, by=batch["undone_by"])
    changes = conn.execute(
        sa.select(changes_table)
        .where(changes_table.c.batch_id == batch_id)
        .order_by(changes_table.c.change_id.desc())
    ).mappings()
    changes = [dict(c) for c in changes]
    description = batch_description("undo", batch=batch_id, action=batch["action"])
    undo_id = record_batch(conn, who, "undo", description)
    put_back: dict[tuple[str, str], dict | None] = {}  # rows this undo already wrote
    for change in changes:
        name, key = change["table_name"], change["row_key"]
        table, key_column = ROW_KEYS[name]
        after = json.loads(change["after"]) if change["after"] else None
        before = json.loads(change["before"]) if change["before"] else None
        current = _current(conn, name, key, lock=True)
        expected = put_back.get((name, key), after)
        if not _same_content(current, expected):
            later = _later_batch(conn, batch_id, name, key, undo_id)
            if later:
                raise UndoError("changed_later", batch=batch_id, table=name, row=key, later=later)
            raise UndoError("changed_outside", batch=batch_id, table=name, row=key)
        if name == "cities" and before is None:
            ties, exchanges = _city_use(conn, key)
            if ties or exchanges:
                raise UndoError(
                    "city_in_use", batch=batch_id, city=key, ties=ties, exchanges=exchanges
                )
        where = table.c[key_column] == _key_value(table, key_column, key)
        if before is None:
            conn.execute(table.delete().where(where))
        elif current is None:
            conn.execute(table.insert().values(**_stored_values(table, before)))
        else:
            values = _stored_values(table, before)
            if "version" in table.c:  # never reuse a version number (see the docstring)
                values["version"] = int(current["version"]) + 1
            conn.execute(table.update().where(where).values(**values))
        restored = _current(conn, name, key)
        put_back[(name, key)] = restored
        record_change(conn, undo_id, name, key, _inverse(change["operation"]), current, restored)
    conn.execute(
        batches_table.update().where(batches_table.c.batch_id == batch_id).values(undone_by=undo_id)
    )
    return undo_id


def _inverse(operation: str) -> str:
    return {"insert": "delete", "delete": "insert"}.get(operation, "update")


def edit_tie(
    store: Store,
    tie_id: int,
    read_version: int,
    changes: Mapping[str, Any],
    who: str,
    description: str = "",
) -> int:
    """Change fields of one tie, if nobody changed it since it was read; return the batch id.

    ``read_version`` is the ``version`` the editor saw. When the stored version differs,
    :class:`ConflictError` shows both versions and nothing is written. ``sources`` may
    be a list (stored as JSON). The tie becomes ``origin='user'`` so a newer seed never
    overwrites it. Without an editor's name ``who``, :class:`EditorRequired`.
    """
    who = require_editor(who)
    unknown = set(changes) - set(EDITABLE_TIE_FIELDS)
    if unknown:
        raise ValueError(
            f"cannot edit {', '.join(sorted(unknown))}; editable: {', '.join(EDITABLE_TIE_FIELDS)}"
        )
    values = dict(changes)
    if isinstance(values.get("sources"), list | tuple):
        values["sources"] = json.dumps(list(values["sources"]), ensure_ascii=False)
    with store.engine.begin() as conn:
        row = (
            conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == tie_id))
            .mappings()
            .first()
        )
        if row is None:
            raise ValueError(f"there is no tie {tie_id}")
        before = row_image(row)
        if before["version"] != read_version:
            raise ConflictError(before["pair_key"], read_version, before, {**before, **values})
        values.update(version=read_version + 1, origin="user")
        # the version check in WHERE makes the write safe against a concurrent commit
        updated = conn.execute(
            ties_table.update()
            .where(ties_table.c.tie_id == tie_id, ties_table.c.version == read_version)
            .values(**values)
        ).rowcount
        if updated != 1:
            theirs = row_image(
                conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == tie_id))
                .mappings()
                .first()
            )
            raise ConflictError(before["pair_key"], read_version, theirs or {}, values)
        after = _current(conn, "ties", before["pair_key"])
        description = description or batch_description("edit_tie", tie=before["pair_key"])
        batch_id = record_batch(conn, who, "edit", description)
        record_change(conn, batch_id, "ties", before["pair_key"], "update", before, after)
    return batch_id
