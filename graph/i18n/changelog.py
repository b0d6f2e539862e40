"""The change log in the reader's language: batch descriptions and undo refusals.

A batch's ``description`` column holds a language-free JSON document made by
:func:`batch_description` — ``{"key": "edit_tie", "params": {"tie": "a|b"}}`` — and
:func:`describe_batch` renders it in Persian or English through the catalogue key
``log.desc.<key>``. Rows written before this existed hold plain text, shown as it is.

How a caller describes its batch::

    record_batch(conn, who, "add_city", batch_description("add_city", city=city_id))

Parameter names carry meaning when rendered: ``city``, ``city_a`` and ``city_b`` are city
ids (shown as the city's name when the page passes ``names``), ``tie`` is a tie's
``pair_key`` (shown as "A – B"), ``batch``/``later``/``by`` are batch numbers, ``action`` is
a batch action, ``kind`` or ``table`` a table name (``ties``, ``exchanges``, ``cities``);
other values are inserted as they are (numbers with the language's digits). A key without a
``log.desc.<key>`` entry in the catalogue is still shown, as its action label followed by
its parameters, so a new caller never breaks the change log.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from typing import Any

from graph.i18n import CATALOGUE, digits, t, texts

__all__ = [
    "action_label",
    "batch_description",
    "describe_batch",
    "parse_description",
    "render_message",
    "undo_message",
]

DESC_PREFIX = "log.desc."
CITY_PARAMS = ("city", "city_a", "city_b")
BATCH_PARAMS = ("batch", "later", "by")
ROW_SEPARATOR = " – "


def batch_description(key: str, **params: Any) -> str:
    """The language-free description of a batch, to store in ``batches.description``.

    >>> batch_description("undo", batch=3, action="import")
    '{"key": "undo", "params": {"action": "import", "batch": 3}}'
    """
    return json.dumps({"key": key, "params": params}, ensure_ascii=False, sort_keys=True)


def parse_description(text: str | None) -> tuple[str | None, dict]:
    """``(key, params)`` of a stored description, or ``(None, {})`` for old plain text."""
    if not text or not text.startswith("{"):
        return None, {}
    try:
        document = json.loads(text)
    except ValueError:
        return None, {}
    if not isinstance(document, dict) or not isinstance(document.get("key"), str):
        return None, {}
    params = document.get("params")
    return document["key"], params if isinstance(params, dict) else {}


def action_label(action: str, lang: str) -> str:
    """A batch's action (``import``, ``edit``, ``add_city`` ...) in ``lang``; unknown: as is."""
    key = f"data.action.{action}"
    return t(key, lang) if key in CATALOGUE else str(action)


def _city(city_id: Any, names: Mapping[str, str] | None) -> str:
    return str((names or {}).get(str(city_id), city_id))


def _param(name: str, value: Any, lang: str, names: Mapping[str, str] | None) -> Any:
    if value is None:
        return ""
    if name in CITY_PARAMS:
        return _city(value, names)
    if name in ("tie", "row") and isinstance(value, str) and "|" in value:
        return ROW_SEPARATOR.join(_city(part, names) for part in value.split("|", 1))
    if name in BATCH_PARAMS or name in ("row", "exchange"):
        return digits(str(value), lang)  # a number that names something: no separators
    if name == "action":
        return action_label(str(value), lang)
    if name in ("kind", "table") and f"data.table.{value}" in CATALOGUE:
        return t(f"data.table.{value}", lang)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return str(value)
    if isinstance(value, str):
        return digits(value, lang) if value.isdigit() else value
    return value  # numbers: t() writes them with the language's digits


def _fields(catalogue_key: str) -> set[str]:
    """The placeholders of a catalogue text (the same in both languages)."""
    return {
        name
        for text in texts(catalogue_key, "en")
        for _, name, _, _ in string.Formatter().parse(text)
        if name
    }


def _text(value: Any, lang: str) -> str:
    return digits(value, lang) if isinstance(value, int | float) else str(value)


def render_message(
    catalogue_key: str, params: Mapping[str, Any], lang: str, names: Mapping[str, str] | None = None
) -> str:
    """``catalogue_key`` formatted with ``params`` rendered for ``lang`` (see module doc)."""
    shown = {name: _param(name, value, lang, names) for name, value in params.items()}
    return t(catalogue_key, lang, **shown)


def describe_batch(
    batch: Mapping[str, Any], lang: str, names: Mapping[str, str] | None = None
) -> str:
    """The description of ``batch`` (a row of ``batches``) in ``lang``.

    ``names`` maps city ids to names in ``lang`` (optional). Old plain-text descriptions
    are returned as they are; a key missing from the catalogue, or parameters that do not
    fit its text, fall back to the action label and the parameters.
    """
    text = batch.get("description") or ""
    key, params = parse_description(text)
    if key is None:
        return text
    catalogue_key = DESC_PREFIX + key
    if catalogue_key in CATALOGUE and _fields(catalogue_key) <= set(params):
        try:
            return render_message(catalogue_key, params, lang, names)
        except (KeyError, IndexError, ValueError):
            pass  # the stored parameters do not fit the text: fall back below
    head = action_label(str(batch.get("action") or key), lang)
    shown = ", ".join(
        f"{name}: {_text(_param(name, value, lang, names), lang)}"
        for name, value in sorted(params.items())
    )
    return f"{head} ({shown})" if shown else head


ROW_TEXT = {"ties": "log.row.tie", "exchanges": "log.row.exchange", "cities": "log.row.city"}


def undo_message(
    code: str, params: Mapping[str, Any], lang: str, names: Mapping[str, str] | None = None
) -> str:
    """Why an undo was refused (``undo.error.<code>``) in ``lang``.

    ``params`` may name a row by ``table`` and ``row`` (its key in ``changes.row_key``);
    it is shown as "the tie A – B", "the exchange 12" or "the city A".
    """
    shown = {k: v for k, v in params.items() if k != "table"}
    table = params.get("table")
    if "row" in shown:
        row = shown["row"]
        if table == "cities":
            row = _city(row, names)
        else:
            row = _param("row", row, lang, names)
        shown["row"] = t(ROW_TEXT[table], lang, row=row) if table in ROW_TEXT else str(row)
    rendered = {k: v if k == "row" else _param(k, v, lang, names) for k, v in shown.items()}
    return t(f"undo.error.{code}", lang, **rendered)
