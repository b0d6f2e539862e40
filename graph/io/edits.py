"""Edits of stored rows in place (the Data page's grid) and single new exchanges (its form).

:func:`edit_rows` changes fields of several ties, exchanges or cities at once. Every
new value is checked first with the import's rules (:func:`graph.io.rules.check_fields`); one
bad value and nothing is written, and :class:`EditRejected` lists every problem located
by row and column. Then, in ONE transaction recorded as ONE ``edit`` batch (so one
:func:`graph.store.changes.undo_batch` undoes it all), each row is written only if nobody
changed it since it was read: a tie by its ``version``, an exchange or a city by
comparing the row as the editor read it with the stored one. Otherwise
:class:`RowConflict` (a :class:`graph.store.changes.ConflictError`) shows both versions and
nothing is written. Edited rows become ``origin='user'`` so a newer seed never
overwrites them.

:func:`add_exchange` stores one exchange checked exactly as an imported row is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from graph.i18n.changelog import batch_description
from graph.io.report import Issue
from graph.io.rules import FIELD_RULES, check_fields, check_row
from graph.model import NameOrigin, Origin
from graph.names import fold
from graph.store.changes import (
    ConflictError,
    record_batch,
    record_change,
    require_editor,
    row_image,
)
from graph.store.engine import Store
from graph.store.schema import (
    cities_table,
    city_name_key,
    exchange_key,
    exchanges_table,
    ties_table,
)

__all__ = [
    "EDITABLE",
    "ROW_IDS",
    "Edit",
    "EditRejected",
    "LocatedIssue",
    "RowConflict",
    "add_exchange",
    "edit_rows",
    "set_name_fa",
]

# table name -> (table, the column that names a row in an edit, the key kept in ``changes``)
ROW_IDS: dict[str, tuple[sa.Table, str, str]] = {
    "ties": (ties_table, "tie_id", "pair_key"),
    "exchanges": (exchanges_table, "exchange_id", "exchange_id"),
    "cities": (cities_table, "city_id", "city_id"),
}
# the columns an editor may change, per table (ids, partners, coordinates stay as they are)
EDITABLE: dict[str, tuple[str, ...]] = {name: tuple(rules) for name, rules in FIELD_RULES.items()}
# columns derived from an edited one, which change with it
_DERIVED = {"exchanges": ("year",)}


@dataclass
class Edit:
    """One row to change: its id, the row as the editor read it, and the new values.

    ``read`` needs the editable columns (and ``version`` for a tie); other columns are
    ignored. ``changes`` maps editable columns to new values as typed (text or numbers).
    """

    row_id: int | str
    read: Mapping[str, Any]
    changes: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class LocatedIssue:
    """A problem with one new value: the row it belongs to (its id) and the issue."""

    row: int | str
    issue: Issue

    def to_dict(self, lang: str = "en") -> dict:
        """row, column, value, problem, fix (in ``lang``), code."""
        return {**self.issue.to_dict(lang), "row": self.row}


class EditRejected(ValueError):
    """Some new values break the rules; ``issues`` locates each. Nothing was written."""

    def __init__(self, issues: list[LocatedIssue]):
        self.issues = issues
        listed = "; ".join(
            f"row {i.row}, {i.issue.column}: {i.issue.to_dict()['problem']}" for i in issues
        )
        super().__init__(f"nothing was saved: {listed}")


class RowConflict(ConflictError):
    """A row was changed by someone else since it was read; ``theirs`` and ``mine`` show both."""

    def __init__(self, table_name: str, row_key: str, read: dict, theirs: dict, mine: dict):
        RuntimeError.__init__(
            self,
            f"the {table_name} row {row_key} was changed by someone else since you read it: "
            f"theirs {json.dumps(theirs, ensure_ascii=False, default=str)}; "
            f"yours {json.dumps(mine, ensure_ascii=False, default=str)}. "
            "Reload and apply your change again",
        )
        self.table_name = table_name
        self.row_key = row_key
        self.read_version = int(read.get("version") or 0)
        self.read = read
        self.theirs = theirs
        self.mine = mine


def _plain(value: Any) -> Any:
    """A value as stored, for comparing what was read with what is stored."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    if repr(value) == "<NA>":  # pandas.NA
        return None
    if isinstance(value, list | tuple):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check(table_name: str, edits: Iterable[Edit]) -> list[tuple[Edit, dict]]:
    """Each edit with its values to store, or :class:`EditRejected` listing every problem."""
    if table_name not in ROW_IDS:
        raise ValueError(f"table must be one of {', '.join(ROW_IDS)}, not {table_name!r}")
    checked, issues = [], []
    for edit in edits:
        values, problems = check_fields(table_name, dict(edit.changes))
        for issue in problems:
            issue.value = issue.value or str(edit.changes.get(issue.column) or "")
            issues.append(LocatedIssue(edit.row_id, issue))
        checked.append((edit, values))
    if issues:
        raise EditRejected(issues)
    return checked


def _unchanged(table_name: str, edit: Edit, current: dict) -> bool:
    """True when the stored row is still the one the editor read."""
    if table_name == "ties":
        return _plain(edit.read.get("version")) == current["version"]
    columns = [c for c in EDITABLE[table_name] if c in edit.read]
    return all(_plain(edit.read[c]) == _plain(current[c]) for c in columns)


def _same_row(table: sa.Table, table_name: str, current: dict) -> list:
    """WHERE conditions that hold only while the row is as ``current`` (compare and swap)."""
    if table_name == "ties":
        return [table.c.version == current["version"]]
    columns = EDITABLE[table_name] + _DERIVED.get(table_name, ())
    return [
        table.c[c].is_(None) if current[c] is None else table.c[c] == current[c] for c in columns
    ]


def _name_key(city: dict, name_en: str) -> str:
    """The ``name_key`` of ``city`` renamed ``name_en``: its own while the name folds as
    before (a place kept apart by its GeoNames id keeps its ``KEY#ID``), else the new name's."""
    if city_name_key(name_en) == city_name_key(city["name_en"]) and city.get("name_key"):
        return city["name_key"]
    return city_name_key(name_en)


def _name_taken(conn: Connection, city: dict, name_en: str) -> bool:
    """True when another city of the country has ``name_en`` or a name folding alike."""
    query = sa.select(cities_table.c.city_id).where(
        (cities_table.c.name_en == name_en)
        | (cities_table.c.name_key == _name_key(city, name_en)),
        cities_table.c.country == city["country"],
        cities_table.c.city_id != city["city_id"],
    )
    return conn.execute(query).first() is not None


def edit_rows(
    store: Store,
    table_name: str,
    edits: Iterable[Edit],
    who: str,
    description: str = "",
) -> int | None:
    """Change fields of several rows of ``ties``, ``exchanges`` or ``cities`` at once.

    Returns the id of the one ``edit`` batch that records them all, or None when no
    edit changes anything. Raises :class:`EditRejected` when a new value breaks the
    import's rules, or :class:`RowConflict` when a row changed since it was read; in
    both cases nothing is written; without an editor's name ``who``,
    :class:`graph.store.changes.EditorRequired`.
    """
    who = require_editor(who)
    checked = _check(table_name, edits)
    table, id_column, key_column = ROW_IDS[table_name]
    with store.engine.begin() as conn:
        planned = []  # (row id, row key, row as stored, the values that change, mine)
        for edit, values in checked:
            row_id = int(edit.row_id) if id_column != "city_id" else str(edit.row_id)
            row = conn.execute(sa.select(table).where(table.c[id_column] == row_id)).mappings()
            current = row_image(row.first())
            if current is None:  # removed since it was read (an undo, say): a conflict too
                raise RowConflict(table_name, str(row_id), dict(edit.read), {}, dict(values))
            row_key = str(current[key_column])
            mine = {**current, **values}
            if not _unchanged(table_name, edit, current):
                raise RowConflict(table_name, row_key, dict(edit.read), current, mine)
            changed = {c: v for c, v in values.items() if current.get(c) != v}
            if table_name == "cities" and "name_fa" in values:
                # a Persian name an editor typed or kept is an editor's from now on
                origin = NameOrigin.EDITOR.value if values["name_fa"] else None
                if current.get("name_fa_origin") != origin:
                    changed["name_fa_origin"] = origin
            if "name_en" in changed:
                if _name_taken(conn, current, changed["name_en"]):
                    issue = Issue("name_taken", column="name_en", value=changed["name_en"])
                    raise EditRejected([LocatedIssue(edit.row_id, issue)])
                changed["name_key"] = _name_key(current, changed["name_en"])
            if changed:
                planned.append((row_id, row_key, current, changed, mine, edit.read))
        if not planned:
            return None
        batch_id = record_batch(
            conn,
            who,
            "edit",
            description or batch_description("edit_rows", table=table_name, n=len(planned)),
        )
        for row_id, row_key, current, changed, mine, read in planned:
            changed["origin"] = Origin.USER.value
            if table_name == "ties":
                changed["version"] = current["version"] + 1
            if table_name == "exchanges":
                row = {**current, **changed}
                changed["record_key"] = exchange_key(
                    row["pair_key"], row["date"], row["kind"], row["title"]
                )
            try:
                updated = conn.execute(
                    table.update()
                    .where(table.c[id_column] == row_id, *_same_row(table, table_name, current))
                    .values(**changed)
                ).rowcount
            except sa.exc.IntegrityError:  # the edit makes it another stored row
                if table_name == "cities":  # a rename another editor committed meanwhile
                    issue = Issue("name_taken", column="name_en", value=str(mine["name_en"]))
                elif table_name == "exchanges":
                    issue = Issue("exchange_stored", column="title", value=str(mine["title"]))
                else:
                    raise
                raise EditRejected([LocatedIssue(str(row_id), issue)]) from None
            if updated != 1:  # a concurrent commit slipped in between the read and the write
                theirs = _read_row(conn, table, id_column, row_id)
                raise RowConflict(table_name, row_key, dict(read), theirs or {}, mine)
            after = _read_row(conn, table, id_column, row_id)
            record_change(conn, batch_id, table_name, row_key, "update", current, after)
    return batch_id


def set_name_fa(store: Store, city: Mapping[str, Any], name_fa: str, who: str) -> int | None:
    """An editor confirms (the same name) or corrects (another) ``city``'s Persian name.

    ``city`` is the row as the editor read it. The name is checked as a grid edit is, and
    becomes the editor's (``name_fa_origin='editor'``), so no seed replaces it; one
    ``edit`` batch records it (undone by :func:`graph.store.changes.undo_batch`). Returns
    the batch id, or None when the name was already the editor's.
    """
    description = batch_description("name_fa", city=str(city["city_id"]), name=name_fa)
    edit = Edit(str(city["city_id"]), {"name_fa": city.get("name_fa")}, {"name_fa": name_fa})
    return edit_rows(store, "cities", [edit], who, description)


def _read_row(conn: Connection, table: sa.Table, id_column: str, row_id: Any) -> dict | None:
    query = sa.select(table).where(table.c[id_column] == row_id)
    return row_image(conn.execute(query).mappings().first())


def add_exchange(store: Store, fields: Mapping[str, Any], who: str) -> int:
    """Store one new exchange; return the id of the ``add_exchange`` batch recording it.

    ``fields`` are the columns of an imported exchange row (``city_a``, ``city_b`` by
    name or id, ``date`` Jalali or Gregorian, ``kind``, ``intensity``, ``title``,
    ``source``, ``evidence``, ``note``), checked with the same rules; problems raise
    :class:`EditRejected` (row None) and nothing is written. The same exchange (pair,
    date, kind and title) stored already is refused too. Undoing the batch deletes it.
    Without an editor's name ``who``, :class:`graph.store.changes.EditorRequired`.
    """
    who = require_editor(who)
    report = check_row("exchanges", {k: v for k, v in fields.items()}, store.cities())
    if not report.accepted:
        raise EditRejected([LocatedIssue("", issue) for issue in report.errors])
    record = report.records[0]
    with store.engine.begin() as conn:
        same = sa.select(exchanges_table.c.title).where(
            exchanges_table.c.pair_key == record["pair_key"],
            exchanges_table.c.kind == record["kind"],
            exchanges_table.c.date.is_(None)
            if record["date"] is None
            else exchanges_table.c.date == record["date"],
        )
        if any(fold(title) == fold(record["title"]) for title in conn.execute(same).scalars()):
            issue = Issue("exchange_stored", column="title", value=record["title"])
            raise EditRejected([LocatedIssue("", issue)])
        try:
            result = conn.execute(
                exchanges_table.insert().values(**record, origin=Origin.USER.value)
            )
        except sa.exc.IntegrityError:  # stored by someone else since the check above
            issue = Issue("exchange_stored", column="title", value=record["title"])
            raise EditRejected([LocatedIssue("", issue)]) from None
        exchange_id = result.inserted_primary_key[0]
        after = _read_row(conn, exchanges_table, "exchange_id", exchange_id)
        description = batch_description(
            "add_exchange", city_a=record["city_a"], city_b=record["city_b"]
        )
        batch_id = record_batch(conn, who, "add_exchange", description)
        record_change(conn, batch_id, "exchanges", str(exchange_id), "insert", None, after)
    return batch_id
