"""The Import tab's Columns step: which header of the uploaded file holds which column.

The mapping is guessed by :func:`graph.io.mapping.map_columns` (the importer's own); this
step shows it as one selectbox per column, lets the editor pick another header or none,
gives a source and a relation for every row when the file lacks them, and saves or
reuses a mapping (the JSON of ``python -m graph import --save-map``). The page reads
:func:`chosen` before checking the file, and draws :func:`columns_step` after.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from graph.i18n import join_list, label, t
from graph.io.mapping import COLUMNS, FILL_COLUMNS, mapping_json, read_mapping
from graph.io.report import ValidationReport
from graph.model import Relation
from ui import state
from ui.style import text_align

__all__ = ["chosen", "columns_step"]

_RELATIONS = tuple(r.value for r in Relation)


def _key(digest: str, column: str) -> str:
    return state.DATA_IMPORT_COLUMN.format(file=digest[:16], column=column)


def chosen(digest: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The mapping chosen for the file ``digest`` (column, header; "" drops a guess) and
    the values for every row (column, value), as the file's check takes them: a saved
    mapping just applied, then the selectboxes' choices over it."""
    loaded = st.session_state.get(state.DATA_IMPORT_MAP_LOADED)
    mapping = dict(loaded[2]) if loaded and loaded[0] == digest else {}
    for column in COLUMNS:
        value = st.session_state.get(_key(digest, column))
        if value is not None:
            mapping[column] = value
    fill = {
        c: st.session_state.get(state.DATA_IMPORT_FILL.format(column=c)) or "" for c in FILL_COLUMNS
    }
    return tuple(sorted(mapping.items())), tuple(sorted((c, v) for c, v in fill.items() if v))


def _apply_saved(digest: str, lang: str) -> None:
    """Apply an uploaded saved mapping once: its columns replace the selectboxes' choices
    (drawn again from the check's mapping) and its values fill the two fields."""
    upload = st.session_state.get(state.DATA_IMPORT_MAP_UPLOAD)
    if upload is None:
        return
    content = upload.getvalue()
    marker = hashlib.sha256(content).hexdigest()
    loaded = st.session_state.get(state.DATA_IMPORT_MAP_LOADED)
    if loaded and loaded[:2] == (digest, marker):
        return
    try:
        columns, fill = read_mapping(content)
    except ValueError as exc:
        st.error(t("data.import.map.bad", lang, reason=str(exc)))
        return
    st.session_state[state.DATA_IMPORT_MAP_LOADED] = (digest, marker, columns)
    for column in COLUMNS:
        st.session_state.pop(_key(digest, column), None)
    fill["relation"] = fill.get("relation", "") if fill.get("relation") in _RELATIONS else ""
    for column in FILL_COLUMNS:
        st.session_state[state.DATA_IMPORT_FILL.format(column=column)] = fill.get(column, "")
    st.rerun()


def columns_step(digest: str, report: ValidationReport, lang: str) -> None:
    """The Columns step for the checked file: the mapping used, editable, the values for
    every row, and the saved mapping's download and upload."""
    _apply_saved(digest, lang)
    align = text_align(lang)
    headers = list(dict.fromkeys(h for h in report.header if h))
    options = ["", *headers]
    with st.expander(t("data.import.columns", lang), expanded=not report.accepted):
        st.caption(t("data.import.columns.help", lang), text_alignment=align)
        if report.guessed:
            guessed = join_list([t(f"data.import.column.{c}", lang) for c in report.guessed], lang)
            st.caption(
                t("data.import.columns.guessed", lang, columns=guessed), text_alignment=align
            )
        if headers:
            grid = st.columns(3)
            for i, column in enumerate(COLUMNS):
                used = report.headers.get(column, "")
                with grid[i % 3]:
                    st.selectbox(
                        t(f"data.import.column.{column}", lang),
                        options,
                        index=options.index(used) if used in options else 0,
                        format_func=lambda h: h or t("data.import.columns.none", lang),
                        key=_key(digest, column),
                    )
        st.caption(t("data.import.fill", lang), text_alignment=align)
        left, right = st.columns(2)
        left.text_input(
            t("data.import.fill.source", lang),
            key=state.DATA_IMPORT_FILL.format(column="source"),
        )
        right.selectbox(
            t("data.import.fill.relation", lang),
            ["", *_RELATIONS],
            format_func=lambda r: label(r, lang) if r else t("data.import.columns.none", lang),
            key=state.DATA_IMPORT_FILL.format(column="relation"),
        )
        save, use = st.columns(2)
        save.download_button(
            t("data.import.map.download", lang),
            mapping_json(report.headers, report.filled),
            "column_mapping.json",
            "application/json",
            key=state.DATA_IMPORT_MAP_DOWNLOAD,
        )
        use.file_uploader(
            t("data.import.map.upload", lang), type=["json"], key=state.DATA_IMPORT_MAP_UPLOAD
        )
