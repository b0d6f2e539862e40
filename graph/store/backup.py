"""Backups and restores of the whole store.

A backup is one JSON document (optionally gzip-compressed) of every table, meta
included, independent of the database: a SQLite backup restores into PostgreSQL.
A restore replaces everything in one transaction and is recorded as a ``restore`` batch.

Before a restore touches anything, the WHOLE backup is checked against the schema
(:func:`check_backup`): the format marker, the schema version (this program's, or an
older one listed in :data:`OLDER_SCHEMAS`), every table present and no unknown one, every
column known, the type and size of every cell, the allowed values of :mod:`graph.model`,
the JSON columns, unique keys and the references between tables. The file is read in
chunks and refused once it unpacks to more than :data:`RESTORE_MAX_MB` megabytes (a
gzip bomb never fills the memory). A refused backup raises :class:`BackupError`, whose
message names the table, row and column, and nothing is changed.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import json
import math
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DataError, IntegrityError

from graph.i18n import LANGS
from graph.i18n.changelog import batch_description
from graph.model import Evidence, Kind, NameOrigin, Origin, Relation, Status
from graph.settings import default
from graph.store.changes import record_batch, require_editor, row_image
from graph.store.dedupe import merge_city_duplicates
from graph.store.engine import PROJECT_ROOT, Store, StoreError
from graph.store.schema import (
    SCHEMA_VERSION,
    create_unique_indexes,
    drop_unique_indexes,
    fill_name_origins,
    merge_exchange_duplicates,
    metadata,
    pair_key,
    set_meta,
)

__all__ = [
    "AUTO_BACKUPS_KEPT",
    "BACKUP_DIR",
    "BACKUP_DIR_ENV",
    "BACKUP_FORMAT",
    "OLDER_SCHEMAS",
    "RESTORE_MAX_MB",
    "RESTORE_MAX_MB_ENV",
    "BackupError",
    "auto_backup",
    "backup",
    "check_backup",
    "read_backup",
    "restore",
]

BACKUP_DIR = PROJECT_ROOT / "var" / "backups"
BACKUP_DIR_ENV = "DIPLOMACY_BACKUP_DIR"
BACKUP_FORMAT = "city-diplomacy-backup/1"
AUTO_BACKUPS_KEPT = default("auto_backups_kept")
RESTORE_MAX_MB = default("restore_max_mb")
"""A backup that unpacks to more than this many megabytes is refused while it is read."""
RESTORE_MAX_MB_ENV = "DIPLOMACY_RESTORE_MAX_MB"
TEXT_MAX = default("restore_text_max")
"""The longest text a cell of a ``Text`` column may hold in a backup (characters)."""
OLDER_SCHEMAS: dict[int, tuple[str, ...]] = {
    # schema 1: before the record of changes and the saved views (their tables restore empty)
    1: ("meta", "cities", "ties", "exchanges", "air_links"),
    # schema 2: before exchanges had a unique key (filled, and copies merged, as migration 3)
    2: ("meta", "cities", "ties", "exchanges", "air_links", "batches", "changes", "saved_views"),
    # schema 3: before the sign-in failures were kept in the store (that table restores empty)
    3: ("meta", "cities", "ties", "exchanges", "air_links", "batches", "changes", "saved_views"),
    # schema 4: before the cities' Persian names had an origin (filled as migration 5 does)
    4: (
        "meta",
        "cities",
        "ties",
        "exchanges",
        "air_links",
        "batches",
        "changes",
        "saved_views",
        "sign_in_failures",
    ),
    # schema 5: before cities had a unique name key and GeoNames id (merged as migration 6)
    5: tuple(table.name for table in metadata.sorted_tables),
}
"""Older schema versions a backup may come from, with the tables such a backup holds."""
MAX_PROBLEMS = default("restore_problems_shown")
MIN_YEAR, MAX_YEAR = 1, 9999
INT_RANGE = {sa.BigInteger: 2**63, sa.Integer: 2**31}

# (table, column) -> the values allowed there
ALLOWED: dict[tuple[str, str], tuple[str, ...]] = {
    ("ties", "relation"): tuple(v.value for v in Relation),
    ("ties", "status"): tuple(v.value for v in Status),
    ("ties", "evidence"): tuple(v.value for v in Evidence),
    ("exchanges", "kind"): tuple(v.value for v in Kind),
    ("exchanges", "evidence"): tuple(v.value for v in Evidence),
    ("changes", "operation"): ("insert", "update", "delete"),
    # the pages a saved view can show (graph.exports.saved_views.PAGES, a layer above)
    ("saved_views", "page"): ("map", "network", "city"),
    ("saved_views", "lang"): tuple(LANGS),
    ("cities", "name_fa_origin"): tuple(v.value for v in NameOrigin),
    **{
        (name, "origin"): tuple(v.value for v in Origin)
        for name in ("cities", "ties", "exchanges", "air_links")
    },
}
# (table, column) -> the JSON a text cell must hold: a "list" of texts or an "object"
JSON_CELLS: dict[tuple[str, str], str] = {
    ("ties", "sources"): "list",
    ("changes", "before"): "object",
    ("changes", "after"): "object",
    ("saved_views", "config"): "object",
}
# (table, column) -> (lowest, highest) allowed number
RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("cities", "lat"): (-90, 90),
    ("cities", "lon"): (-180, 180),
    ("ties", "since"): (MIN_YEAR, MAX_YEAR),
    ("exchanges", "year"): (MIN_YEAR, MAX_YEAR),
    ("exchanges", "intensity"): (1, 3),
}
PAIRED = ("ties", "exchanges", "air_links")  # tables whose pair_key follows city_a/city_b


class BackupError(StoreError):
    """A backup is refused before anything is changed; the message says where and why."""


def backup(store: Store, out: str | Path) -> dict:
    """Write every table (meta, data, record of changes, saved views, sign-in failures) to
    ``out`` as JSON.

    ``.gz`` at the end of the name compresses it. Returns row counts per table. Nothing is
    left behind when writing fails (no ``.part`` file); ``out`` must not be a folder.
    """
    out = Path(out)
    if out.is_dir():
        raise StoreError(
            f"{out} is a folder: give the backup a file name, e.g. {out / 'backup.json.gz'}"
        )
    document: dict[str, Any] = {
        "format": BACKUP_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "made_at": _dt.datetime.now(_dt.UTC).isoformat(),
        "tables": {},
    }
    with store.engine.connect() as conn:
        for table in metadata.sorted_tables:
            if not sa.inspect(conn).has_table(table.name):
                continue
            query = sa.select(table).order_by(*table.primary_key.columns)
            document["tables"][table.name] = [row_image(r) for r in conn.execute(query).mappings()]
    data = json.dumps(document, ensure_ascii=False).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".gz":
        data = gzip.compress(data)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return {name: len(rows) for name, rows in document["tables"].items()}


def _limit_bytes() -> int:
    text = os.environ.get(RESTORE_MAX_MB_ENV)
    try:
        megabytes = float(text) if text else RESTORE_MAX_MB
    except ValueError:
        megabytes = RESTORE_MAX_MB
    return int(max(megabytes, 0) * 1024 * 1024)


def _open_unpacked(raw: Any) -> Any:
    compressed = raw.read(2) == b"\x1f\x8b"
    raw.seek(0)
    return gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, unpacked when gzip-compressed, refused beyond ``limit``.

    A first pass only counts the unpacked bytes, chunk by chunk, and stops past the limit,
    so a file that unpacks to gigabytes is refused without holding more than a chunk.
    """
    with path.open("rb") as raw:
        stream = _open_unpacked(raw)
        total = 0
        while chunk := stream.read(1 << 20):
            total += len(chunk)
            if total > limit:
                raise BackupError(
                    f"{path} unpacks to more than {limit // (1024 * 1024)} MB, more than a "
                    f"backup of this store can hold: refused, nothing was changed (set "
                    f"{RESTORE_MAX_MB_ENV} to allow a larger backup you trust)"
                )
        raw.seek(0)
        return _open_unpacked(raw).read(limit + 1)


def read_backup(path: str | Path) -> dict:
    """The JSON document of the backup at ``path`` (gzip or not), its size bounded while read.

    Raises :class:`BackupError` when the file cannot be read, unpacks to more than
    :data:`RESTORE_MAX_MB` megabytes, is not JSON or is nested too deep.
    """
    path = Path(path)
    try:
        raw = _read_bytes(path, _limit_bytes())
        document = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise BackupError(
            f"{path} is nested too deeply to be a backup: refused, nothing was changed"
        ) from None
    except (OSError, ValueError, EOFError, zlib.error) as exc:
        raise BackupError(
            f"{path} is not a readable backup ({exc}): refused, nothing was changed"
        ) from exc
    return document


class _Problems:
    """The problems found in a backup, each located; stops the check after a few."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.found.append(f"{where}: {what}")
        if len(self.found) >= MAX_PROBLEMS:
            raise _TooMany

    def __bool__(self) -> bool:
        return bool(self.found)


class _TooMany(Exception):
    pass


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _json_cell(text: str, want: str) -> str | None:
    """Why ``text`` is not the JSON ``want`` says, or None when it is."""
    try:
        value = json.loads(text)
    except RecursionError:
        return "holds JSON nested too deeply"
    except ValueError:
        return f"{_short(text)} is not JSON"
    if want == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{_short(text)} is not a JSON list of texts"
    elif not isinstance(value, dict):
        return f"{_short(text)} is not a JSON object"
    return None


def _check_cell(table: str, column: sa.Column, value: Any) -> tuple[Any, str | None]:
    """The value to insert for one cell, and why it is wrong (None when it is right)."""
    kind = column.type
    if value is None:
        return None, None if column.nullable else "is empty but must have a value"
    if isinstance(kind, sa.Boolean):
        if isinstance(value, bool) or value in (0, 1):
            return bool(value), None
        return value, f"{_short(value)} is not true or false"
    if isinstance(kind, sa.Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            return value, f"{_short(value)} is not a whole number"
        bound = INT_RANGE[sa.BigInteger if isinstance(kind, sa.BigInteger) else sa.Integer]
        if not -bound <= value < bound:
            return value, f"{value} is too large for the column"
    elif isinstance(kind, sa.Float):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return value, f"{_short(value)} is not a number"
        if not math.isfinite(value):
            return value, f"{value} is not a finite number"
        value = float(value)
    elif isinstance(kind, sa.DateTime):
        if not isinstance(value, str):
            return value, f"{_short(value)} is not a date and time"
        try:
            return _dt.datetime.fromisoformat(value), None
        except ValueError:
            return value, f"{_short(value)} is not an ISO date and time"
    elif isinstance(kind, sa.String):
        if not isinstance(value, str):
            return value, f"{_short(value)} is not a text"
        longest = kind.length or TEXT_MAX
        if len(value) > longest:
            return value, f"a text of {len(value):,} characters is longer than {longest:,}"
        if "\x00" in value:
            return value, "holds a NUL character"
        want = JSON_CELLS.get((table, column.name))
        if want:
            return value, _json_cell(value, want)
    allowed = ALLOWED.get((table, column.name))
    if allowed and value not in allowed:
        return value, f"{_short(value)} is not one of {', '.join(allowed)}"
    low, high = RANGES.get((table, column.name), (None, None))
    if low is not None and not low <= value <= high:
        return value, f"{value} is outside {low}..{high}"
    return value, None


def _unique_keys(table: sa.Table) -> list[tuple[str, ...]]:
    keys = [tuple(c.name for c in table.primary_key.columns)]
    keys += [
        tuple(c.name for c in cons.columns)
        for cons in table.constraints
        if isinstance(cons, sa.UniqueConstraint)
    ]
    keys += [(c.name,) for c in table.columns if c.unique]
    return list(dict.fromkeys(keys))


def _row_label(table: sa.Table, number: int, row: dict) -> str:
    pk = [c.name for c in table.primary_key.columns]
    key = ", ".join(f"{name} {_short(row.get(name))}" for name in pk)
    return f"table {table.name}, row {number} ({key})"


def _check_table(table: sa.Table, rows: Any, problems: _Problems) -> list[dict]:
    if not isinstance(rows, list):
        problems.add(f"table {table.name}", f"is {type(rows).__name__}, not a list of rows")
        return []
    out = []
    seen: dict[tuple[str, ...], dict[tuple, int]] = {k: {} for k in _unique_keys(table)}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.add(f"table {table.name}, row {number}", "is not an object of columns")
            continue
        label = _row_label(table, number, row)
        unknown = [name for name in row if name not in table.c]
        if unknown:
            problems.add(label, f"unknown column {', '.join(map(repr, unknown))}")
        typed = {}
        for column in table.columns:
            if column.name not in row:
                default = column.default
                if column.primary_key or not (column.nullable or default is not None):
                    problems.add(f"{label}, column {column.name}", "is missing")
                elif default is not None and default.is_scalar:
                    typed[column.name] = default.arg
                else:
                    typed[column.name] = None
                continue
            value, problem = _check_cell(table.name, column, row[column.name])
            if problem:
                problems.add(f"{label}, column {column.name}", problem)
            typed[column.name] = value
        if table.name in PAIRED and {"city_a", "city_b", "pair_key"} <= set(typed):
            a, b = typed["city_a"], typed["city_b"]
            if isinstance(a, str) and isinstance(b, str):
                if a == b:
                    problems.add(label, f"ties the city {_short(a)} to itself")
                elif typed["pair_key"] != pair_key(a, b):
                    problems.add(
                        f"{label}, column pair_key",
                        f"{_short(typed['pair_key'])} does not match city_a and city_b "
                        f"(it should be {_short(pair_key(a, b))})",
                    )
        for key, values in seen.items():
            if not all(name in typed for name in key):
                continue
            value = tuple(typed[name] for name in key)
            try:
                repeated = value in values
            except TypeError:  # an unhashable cell, reported above
                continue
            if repeated:
                problems.add(
                    label,
                    f"{', '.join(key)} {_short(list(value))} is the same as in row {values[value]}",
                )
            else:
                values[value] = number
        out.append(typed)
    return out


def _check_references(typed: dict[str, list[dict]], problems: _Problems) -> None:
    for table in metadata.sorted_tables:
        for column in table.columns:
            for fk in column.foreign_keys:
                target = fk.column
                stored = {r.get(target.name) for r in typed.get(target.table.name, [])}
                for number, row in enumerate(typed.get(table.name, []), start=1):
                    value = row.get(column.name)
                    if value is not None and value not in stored:
                        problems.add(
                            f"{_row_label(table, number, row)}, column {column.name}",
                            f"{_short(value)} is not a {target.name} of the backup's "
                            f"{target.table.name}",
                        )


def check_backup(document: Any, source: str = "the backup") -> dict[str, list[dict]]:
    """Check a whole backup document against the schema; return its rows ready to insert.

    Raises :class:`BackupError` listing (up to ten) located problems: which table, row and
    column, and what is wrong. Nothing is read from or written to any store.
    """

    def refuse(problems: list[str]) -> BackupError:
        return BackupError(
            f"{source} is refused, nothing was changed: "
            + "; ".join(problems)
            + ". Restore another backup (python -m graph backup makes one), or correct the file"
        )

    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise BackupError(
            f"{source} is not a backup made by 'python -m graph backup' (no format "
            f"{BACKUP_FORMAT!r}): refused, nothing was changed"
        )
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise refuse([f"schema_version {_short(version)} is not a whole number"])
    if version > SCHEMA_VERSION:
        raise refuse(
            [
                f"it comes from a newer program (schema {version}, this one has {SCHEMA_VERSION}); "
                "update the program first"
            ]
        )
    if version != SCHEMA_VERSION and version not in OLDER_SCHEMAS:
        raise refuse([f"schema_version {version} is not one this program can restore"])
    expected = (
        tuple(t.name for t in metadata.sorted_tables)
        if version == SCHEMA_VERSION
        else OLDER_SCHEMAS[version]
    )
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise refuse([f"'tables' is {type(tables).__name__}, not an object of tables"])
    problems = _Problems()
    typed: dict[str, list[dict]] = {}
    try:
        missing = [name for name in expected if name not in tables]
        unknown = [name for name in tables if name not in expected]
        if missing:
            problems.add("tables", f"missing {', '.join(missing)}")
        if unknown:
            problems.add("tables", f"unknown {', '.join(map(_short, unknown))}")
        for table in metadata.sorted_tables:
            if table.name in tables and table.name in expected:
                typed[table.name] = _check_table(table, tables[table.name], problems)
        if not problems:
            _check_references(typed, problems)
        meta = {r.get("key"): r.get("value") for r in typed.get("meta", [])}
        if not problems and meta.get("schema_version") != str(version):
            problems.add(
                "table meta, key schema_version",
                f"{_short(meta.get('schema_version'))} does not match the backup's "
                f"schema_version {version}",
            )
        if not problems and not typed.get("cities"):
            problems.add("table cities", "is empty: restoring it would empty the store")
    except _TooMany:
        pass
    if problems:
        raise refuse(problems.found)
    return typed


def restore(
    store: Store,
    path: str | Path,
    who: str,
    before_write: Callable[[], Any] | None = None,
) -> dict:
    """Replace everything in the store with the backup at ``path`` (one transaction).

    The whole backup is checked first (:func:`check_backup`); a refused one raises
    :class:`BackupError` and nothing is changed. ``before_write`` runs after the check
    and before anything is written (the command line takes an automatic backup there).
    The restore itself is then recorded as a ``restore`` batch by the editor ``who``
    (without one, :class:`graph.store.changes.EditorRequired`). Returns row counts.
    """
    who = require_editor(who)
    path = Path(path)
    tables = check_backup(read_backup(path), str(path))
    if before_write is not None:
        before_write()
    try:
        with store.engine.begin() as conn:
            _replace_everything(conn, tables, who)
            record_batch(conn, who, "restore", batch_description("restore", file=path.name))
    except (IntegrityError, DataError) as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise BackupError(
            f"{path} is refused by the database, nothing was changed: {reason}. "
            "Restore another backup, or correct the file"
        ) from exc
    return {name: len(rows) for name, rows in tables.items()}


def _unkeyed(tables: dict[str, list[dict]]) -> bool:
    """True for a backup from before the unique keys (schema 2 or 5 or older): rows
    without them may be copies of one another, merged as the migrations merge them."""
    return any(r.get("name_key") is None for r in tables.get("cities", [])) or any(
        r.get("record_key") is None for r in tables.get("exchanges", [])
    )


def _replace_everything(conn: sa.Connection, tables: dict[str, list[dict]], who: str) -> None:
    unkeyed = _unkeyed(tables)
    for table in reversed(metadata.sorted_tables):
        conn.execute(table.delete())
    if unkeyed:
        drop_unique_indexes(conn)
    for table in metadata.sorted_tables:
        rows = tables.get(table.name, [])
        for start in range(0, len(rows), 5000):
            conn.execute(table.insert(), rows[start : start + 5000])
    set_meta(conn, "schema_version", str(SCHEMA_VERSION))  # an older backup is migrated
    fill_name_origins(conn)  # an older backup's Persian names have no origin
    if unkeyed:
        merge_exchange_duplicates(conn)
        merge_city_duplicates(conn, who)
        create_unique_indexes(conn)
    if conn.dialect.name == "postgresql":
        for table in metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, sa.Integer) and pk[0].autoincrement:
                conn.execute(
                    sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', "
                        f"'{pk[0].name}'), COALESCE(MAX({pk[0].name}), 1), "
                        f"MAX({pk[0].name}) IS NOT NULL) FROM {table.name}"
                    )
                )


def auto_backup(
    store: Store,
    folder: Path | None = None,
    keep: int = AUTO_BACKUPS_KEPT,
    before: str = "import",
) -> Path:
    """A compressed backup before an import (or a restore: ``before="restore"``); keeps the
    last ``keep`` of each kind.

    The folder is ``folder``, else ``DIPLOMACY_BACKUP_DIR``, else ``var/backups/`` (not in git).
    """
    folder = Path(folder or os.environ.get(BACKUP_DIR_ENV) or BACKUP_DIR)
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    out = Path(folder) / f"before-{before}-{stamp}.json.gz"
    backup(store, out)
    old = sorted(Path(folder).glob(f"before-{before}-*.json.gz"))
    for stale in old[:-keep]:
        stale.unlink(missing_ok=True)
    return out
