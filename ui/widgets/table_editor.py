"""The Browse tab's grid: editors change cells in place, viewers only read.

The grid shows the stored rows with their ids as the (hidden) index, so an edited row is
found by its id whatever the search filter shows. Each run compares the grid with the
stored rows and keeps the changed cells in ``st.session_state`` (``pending``) together
with each changed row as it was read (``read``); "Save changes" sends them all to
:func:`graph.io.edits.edit_rows` at once. A refused save keeps the edits; a conflict shows
both versions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from graph.i18n import digits, gregorian_and_jalali, label, t
from graph.io.edits import EDITABLE, ROW_IDS, Edit, EditRejected, edit_rows
from graph.io.rules import cell_text
from graph.model import Evidence, Kind, Relation, Status
from graph.names import fold
from graph.store.changes import ConflictError
from graph.store.engine import Store
from ui import data
from ui.state import GRID, GRID_BASE, GRID_DISCARD, GRID_FLASH, GRID_NONCE, GRID_SAVE, GRID_STATE
from ui.style import text_align
from ui.tables import GRID_COLUMNS, both_versions_table, grid_issues_table

CHOICES = {"relation": Relation, "status": Status, "evidence": Evidence, "kind": Kind}
GRID_HEIGHT = 420
# fixed widths (px) where names are short, so the grid's layout is the same for every search
WIDTHS = {"partner_a": 140, "partner_b": 140, "date": 110}
ROW_HEIGHT = 35  # the grid's default row height, px


def grid_height(rows: int) -> int:
    """Pixels for a grid of ``rows`` rows: no empty lines below a short table."""
    return min(GRID_HEIGHT, ROW_HEIGHT * (rows + 1) + 3)


def search_rows(frame: pd.DataFrame, query: str, columns: list[str]) -> pd.DataFrame:
    """The rows of ``frame`` whose ``columns`` contain ``query`` (folded: case, Persian
    letter forms and digits do not matter)."""
    wanted = fold(query)
    if not wanted:
        return frame
    text = frame[columns].map(cell_text).agg(" ".join, axis=1).map(fold)
    return frame[text.str.contains(wanted, regex=False)]


def grid_frame(raw: pd.DataFrame, what: str, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The stored rows as the grid shows them, indexed by row id; choices stay raw values
    (the grid labels them), sources joined by `` | ``, dates as stored."""
    frame = raw.copy()
    if what != "cities":
        frame["partner_a"] = frame["city_a"].map(names)
        frame["partner_b"] = frame["city_b"].map(names)
    if what == "ties":
        frame["sources"] = frame["sources"].map(" | ".join)
    if what == "exchanges":
        frame["date"] = frame["date"].fillna("")
        frame["date_both"] = frame["date"].map(lambda d: gregorian_and_jalali(d or None, lang))
    for column in ("note", "name_fa", "source", "title"):
        if column in frame:
            frame[column] = frame[column].fillna("")
    frame = frame.set_index(ROW_IDS[what][1])
    frame.index.name = None
    return frame[list(GRID_COLUMNS[what])]


def _search_text(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The grid's text as a reader sees it (choices by their labels), for the search."""
    shown = frame.copy()
    for column in CHOICES:
        if column in shown:
            shown[column] = shown[column].map(lambda v: label(v, lang) if v else "")
    return shown


def _column_config(what: str, lang: str) -> dict[str, Any]:
    config: dict[str, Any] = {
        c: st.column_config.Column(t(f"data.field.{c}", lang), width=WIDTHS.get(c))
        for c in GRID_COLUMNS[what]
        if c != "date_both"
    }
    if what == "exchanges":
        config["date_both"] = st.column_config.TextColumn(t("grid.date_both", lang))
    for column, enum in CHOICES.items():
        if column in GRID_COLUMNS[what]:
            config[column] = st.column_config.SelectboxColumn(
                t(f"data.field.{column}", lang),
                options=[m.value for m in enum],
                format_func=lambda v: label(v, lang),
                required=column in ("relation", "kind"),
            )
    numbers = {
        "since": {"step": 1, "format": "%d"},
        "intensity": {"step": 1, "min_value": 1, "max_value": 3, "format": "%d"},
        "population": {"step": 1, "min_value": 0, "format": "%d"},
    }
    for column, options in numbers.items():
        if column in GRID_COLUMNS[what]:
            config[column] = st.column_config.NumberColumn(
                t(f"data.field.{column}", lang), **options
            )
    return config


def _grid_data(what: str, identity: tuple, shown: pd.DataFrame, pending: dict) -> pd.DataFrame:
    """The rows handed to the grid: ``shown`` with the unsaved edits made under another
    search. Kept as it is while the grid, the search and the language stay the same:
    handing the grid changed data makes it drop its edits and rerun the page, and a click
    on "Save changes" in that moment would be lost."""
    kept = st.session_state.get(GRID_BASE.format(what=what))
    if kept is not None and kept[0] == identity:
        return kept[1]
    view = shown.copy()
    for row_id, changed in pending.items():
        if row_id in view.index:
            for column, value in changed.items():
                try:
                    view.at[row_id, column] = value
                except (TypeError, ValueError):  # not of the column's type: the save says so
                    pass
    st.session_state[GRID_BASE.format(what=what)] = (identity, view)
    return view


def _same(a: Any, b: Any) -> bool:
    return cell_text(a) == cell_text(b)


def _row_label(what: str, row_id: Any, frame: pd.DataFrame, names: Mapping[str, str]) -> str:
    """A row as the reader knows it: "Tehran – Paris" for a tie or an exchange, a city's name."""
    if what == "cities":
        return str(names.get(str(row_id), row_id))
    if row_id not in frame.index:
        return str(row_id)
    row = frame.loc[row_id]
    return f"{row['partner_a']} – {row['partner_b']}"


def _track(
    state: dict,
    out: pd.DataFrame,
    frame: pd.DataFrame,
    raw_rows: Callable[[Any], dict],
    what: str,
    edited: dict,
) -> None:
    """Record in ``state`` which cells of the shown rows differ from the stored ones.

    Only rows the grid reports as edited (``edited``: its ``edited_rows``, by position)
    and rows with unsaved edits are compared, so a grid of 17,000 cities stays quick."""
    positions = [int(p) for p in edited.get("edited_rows", {})]
    candidates = {out.index[p] for p in positions if 0 <= p < len(out)}
    candidates |= {i for i in state["pending"] if i in out.index}
    for row_id in candidates:
        changed = {
            c: out.at[row_id, c]
            for c in EDITABLE[what]
            if c in out.columns and not _same(out.at[row_id, c], frame.at[row_id, c])
        }
        if changed:
            state["read"].setdefault(row_id, raw_rows(row_id))
            state["pending"][row_id] = changed
        else:
            state["pending"].pop(row_id, None)
            state["read"].pop(row_id, None)


def edit_table(
    store: Store,
    what: str,
    raw: pd.DataFrame,
    names: Mapping[str, str],
    query: str,
    editor: str,
    lang: str,
    version: str,
) -> None:
    """The grid of ``what`` (ties, exchanges or cities) for a signed-in editor, with
    "Save changes"; ``raw`` is the table as stored (e.g. ``data.ties``), ``version`` the
    data version it was read at."""
    align = text_align(lang)
    state = st.session_state.setdefault(GRID_STATE.format(what=what), {"read": {}, "pending": {}})
    nonce = st.session_state.get(GRID_NONCE.format(what=what), 0)
    flash = st.session_state.get(GRID_FLASH)
    # the last save's message stays until the next edit, save or discard of this table
    if flash and flash[:2] == (what, nonce) and not state["pending"]:
        st.success(flash[2])
    frame = grid_frame(raw, what, names, lang)
    raw_by_id = raw.set_index(ROW_IDS[what][1], drop=False)
    shown = frame.loc[search_rows(_search_text(frame, lang), query, list(frame.columns)).index]
    widget = GRID.format(what=what, version=version, nonce=nonce)
    view = _grid_data(what, (widget, query, lang), shown, state["pending"])
    st.caption(t("data.rows_shown", lang, n=len(shown), total=len(frame)), text_alignment=align)
    st.caption(t("grid.help", lang), text_alignment=align)
    out = st.data_editor(
        view,
        key=widget,
        hide_index=True,
        num_rows="fixed",
        placeholder="",  # an empty cell, not "None"
        width="stretch",
        height=grid_height(len(view)),
        column_config=_column_config(what, lang),
        disabled=[c for c in GRID_COLUMNS[what] if c not in EDITABLE[what]],
    )
    edited = st.session_state.get(widget) or {}
    _track(state, out, frame, lambda i: raw_by_id.loc[i].to_dict(), what, edited)
    pending = state["pending"]
    if pending:
        st.caption(t("grid.pending", lang, n=len(pending)), text_alignment=align)
    left, right = st.columns(2)
    save = left.button(t("grid.save", lang), type="primary", key=GRID_SAVE.format(what=what))
    if pending and right.button(t("grid.discard", lang), key=GRID_DISCARD.format(what=what)):
        _reset(what)
        st.rerun()
    if not save:
        return
    if not pending:
        st.info(t("grid.nothing", lang))
        return
    edits = [Edit(i, state["read"][i], changes) for i, changes in pending.items()]
    try:
        batch = edit_rows(store, what, edits, editor)
    except EditRejected as exc:
        st.error(t("grid.rejected", lang, n=len(exc.issues)))
        issues = [i.to_dict(lang) for i in exc.issues]
        issues_table = grid_issues_table(issues, lang, lambda r: _row_label(what, r, frame, names))
        st.dataframe(issues_table, hide_index=True, width="stretch")
        return
    except ConflictError as exc:
        row_id = next((i for i in pending if str(i) in _conflict_ids(exc, what)), None)
        st.error(t("grid.conflict", lang, row=_row_label(what, row_id, frame, names)))
        st.dataframe(both_versions_table(exc, what, lang).astype(str), width="stretch")
        return
    if batch is None:
        st.info(t("grid.nothing", lang))
        _reset(what)
        return
    _reset(what)
    message = t("grid.saved", lang, n=len(edits), batch=digits(str(batch), lang))
    st.session_state[GRID_FLASH] = (what, nonce + 1, message)
    data.data_version.clear()
    st.rerun()


def _conflict_ids(exc: ConflictError, what: str) -> set[str]:
    id_column = ROW_IDS[what][1]
    return {str(exc.theirs.get(id_column)), str(exc.mine.get(id_column))}


def _reset(what: str) -> None:
    st.session_state.pop(GRID_STATE.format(what=what), None)
    st.session_state.pop(GRID_BASE.format(what=what), None)
    nonce = GRID_NONCE.format(what=what)
    st.session_state[nonce] = st.session_state.get(nonce, 0) + 1
