"""The change log's writing half: who writes (no write is anonymous) and the rows a batch
records. Below the store's engine, so that whatever writes rows (an import, an edit, a
schema migration merging copies) records them the same way; :mod:`graph.store.changes`
reads the log back and undoes it.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy.engine import Connection

from graph.store.schema import batches_table, changes_table

__all__ = ["EditorRequired", "record_batch", "record_change", "require_editor", "row_image"]


class EditorRequired(PermissionError):
    """A write was asked for without an editor's name; nothing was written."""


def require_editor(who: object) -> str:
    """The editor's name ``who`` without surrounding spaces, or :class:`EditorRequired`.

    Every write of the store calls it before anything is written (and
    :func:`record_batch` again, inside the transaction), so no write is anonymous.
    """
    name = who.strip() if isinstance(who, str) else ""
    if not name:
        raise EditorRequired(
            "only a signed-in editor can change the store (on the command line: --who NAME); "
            "nothing was written"
        )
    return name


def _jsonable(value: Any) -> Any:
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def row_image(row: Mapping[str, Any] | None) -> dict | None:
    """A stored row as a plain JSON-able dict (the form kept in ``changes``)."""
    if row is None:
        return None
    return {k: _jsonable(v) for k, v in dict(row).items()}


def _dump(image: dict | None) -> str | None:
    return None if image is None else json.dumps(image, ensure_ascii=False, sort_keys=True)


def record_batch(conn: Connection, who: str, action: str, description: str = "") -> int:
    """Open a batch (``import``, ``edit``, ``undo``, ``restore``, ...); return its id.

    ``description`` should come from :func:`graph.i18n.changelog.batch_description` (a
    language-free key and parameters, shown in fa or en by the change log); plain text
    is shown as it is. Without an editor's name ``who``, :class:`EditorRequired`.
    """
    who = require_editor(who)
    result = conn.execute(
        batches_table.insert().values(
            at=_dt.datetime.now(_dt.UTC),
            who=who[:120],
            action=action,
            description=description,
        )
    )
    return int(result.inserted_primary_key[0])


def record_change(
    conn: Connection,
    batch_id: int,
    table_name: str,
    row_key: str,
    operation: str,
    before: dict | None,
    after: dict | None,
) -> None:
    """Record one row change of a batch (whole row images before and after)."""
    conn.execute(
        changes_table.insert().values(
            batch_id=batch_id,
            table_name=table_name,
            row_key=str(row_key),
            operation=operation,
            before=_dump(before),
            after=_dump(after),
        )
    )
