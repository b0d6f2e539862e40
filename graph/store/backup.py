"""Backups and restores of the whole store.

A backup is one JSON document (optionally gzip-compressed) of every table, meta
included, independent of the database: a SQLite backup restores into PostgreSQL.
A restore replaces everything in one transaction and is recorded as a ``restore`` batch.
"""

from __future__ import annotations

import datetime as _dt
import gzip
import json
import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from graph.i18n.changelog import batch_description
from graph.settings import default
from graph.store.changes import record_batch, row_image
from graph.store.engine import PROJECT_ROOT, Store, StoreError
from graph.store.schema import SCHEMA_VERSION, metadata

__all__ = [
    "AUTO_BACKUPS_KEPT",
    "BACKUP_DIR",
    "BACKUP_DIR_ENV",
    "BACKUP_FORMAT",
    "auto_backup",
    "backup",
    "restore",
]

BACKUP_DIR = PROJECT_ROOT / "var" / "backups"
BACKUP_DIR_ENV = "DIPLOMACY_BACKUP_DIR"
BACKUP_FORMAT = "city-diplomacy-backup/1"
AUTO_BACKUPS_KEPT = default("auto_backups_kept")


def backup(store: Store, out: str | Path) -> dict:
    """Write every table (meta, data, record of changes, saved views) to ``out`` as JSON.

    ``.gz`` at the end of the name compresses it. Returns row counts per table.
    """
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
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".gz":
        data = gzip.compress(data)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    return {name: len(rows) for name, rows in document["tables"].items()}


def _read_backup(path: Path) -> dict:
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        document = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, EOFError) as exc:
        raise StoreError(f"{path} is not a readable backup: {exc}") from exc
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise StoreError(f"{path} is not a backup made by 'python -m graph backup'")
    if int(document.get("schema_version", 0)) > SCHEMA_VERSION:
        raise StoreError(
            f"{path} comes from a newer program (schema {document['schema_version']}); "
            "update the program first"
        )
    return document


def _typed(table: sa.Table, row: dict) -> dict:
    out = {}
    for name, value in row.items():
        if name not in table.c:
            continue
        if value is not None and isinstance(table.c[name].type, sa.DateTime):
            value = _dt.datetime.fromisoformat(value)
        out[name] = value
    return out


def restore(store: Store, path: str | Path, who: str = "restore") -> dict:
    """Replace everything in the store with the backup at ``path`` (one transaction).

    The restore itself is then recorded as a ``restore`` batch. Returns row counts.
    """
    path = Path(path)
    document = _read_backup(path)
    tables = document["tables"]
    with store.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
        for table in metadata.sorted_tables:
            rows = [_typed(table, r) for r in tables.get(table.name, [])]
            for start in range(0, len(rows), 5000):
                conn.execute(table.insert(), rows[start : start + 5000])
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
        record_batch(conn, who, "restore", batch_description("restore", file=path.name))
    return {name: len(rows) for name, rows in tables.items()}


def auto_backup(store: Store, folder: Path | None = None, keep: int = AUTO_BACKUPS_KEPT) -> Path:
    """A compressed backup before an import; keeps the last ``keep``.

    The folder is ``folder``, else ``DIPLOMACY_BACKUP_DIR``, else ``var/backups/`` (not in git).
    """
    folder = Path(folder or os.environ.get(BACKUP_DIR_ENV) or BACKUP_DIR)
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    out = Path(folder) / f"before-import-{stamp}.json.gz"
    backup(store, out)
    old = sorted(Path(folder).glob("before-import-*.json.gz"))
    for stale in old[:-keep]:
        stale.unlink(missing_ok=True)
    return out
