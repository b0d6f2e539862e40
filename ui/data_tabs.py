"""The Data page's tabs: Browse (read or edit), Import (check, then store), Export, and
the change log with undo. Each draws one tab; the page only lays them out."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from graph.exports.data_files import FILE_FORMATS, export_file
from graph.i18n import digits, join_list, t
from graph.i18n.changelog import describe_batch
from graph.io.export import EXPORT_TABLES
from graph.io.importer import import_file, template
from graph.places.country_check import FLAGGED
from graph.store.backup import auto_backup
from graph.store.changes import UndoError, list_batches, undo_batch
from graph.store.engine import Store
from ui import data, import_columns, state
from ui.page import PageContext
from ui.state import keep
from ui.style import text_align
from ui.tables import (
    ISSUE_COLUMNS,
    browse_table,
    change_log_table,
    check_table,
    import_issues_table,
    import_preview,
    with_field_names,
)
from ui.widgets.table_editor import edit_table, grid_height, search_rows
from ui.widgets.table_filters import filter_rows

LOG_LIMIT = 50
TABLES = ("ties", "exchanges", "cities")


def browse_tab(
    ctx: PageContext,
    store: Store,
    cities: pd.DataFrame,
    names: Mapping[str, str],
    editor: str | None,
) -> None:
    """Search and filter a table; viewers read it, editors change cells in place."""
    lang = ctx.lang
    query = st.text_input(t("data.search", lang), **keep(state.DATA_SEARCH))
    what = st.radio(
        t("data.table", lang),
        TABLES,
        format_func=lambda k: t(f"data.table.{k}", lang),
        horizontal=True,
        **keep(state.DATA_TABLE),
    )
    raw = {
        "ties": lambda: data.ties(ctx.url, ctx.version, ctx.scope),
        "exchanges": lambda: data.exchanges(ctx.url, ctx.version),
        "cities": lambda: cities,
    }[what]()
    raw, filters = filter_rows(raw, what, lang, ctx.iran_cities)
    if editor is not None:  # a new grid when the filters change; unsaved edits kept by row id
        edit_table(store, what, raw, names, query, editor, lang, f"{ctx.version}-{filters}")
        return
    frame = browse_table(raw, what, names, lang)
    shown = search_rows(frame, query, list(frame.columns))
    st.caption(
        t("data.rows_shown", lang, n=len(shown), total=len(frame)),
        text_alignment=text_align(lang),
    )
    st.dataframe(
        with_field_names(shown, lang),
        hide_index=True,
        width="stretch",
        height=grid_height(len(shown)),
    )


def import_tab(
    ctx: PageContext, store: Store, cities: pd.DataFrame, names: Mapping[str, str], editor: str
):
    """Templates, a file or pasted rows, the check's report, and "store" once it passes.
    A file's check is kept per content and store version (a rerun does not check it again)."""
    lang = ctx.lang
    align = text_align(lang)
    st.markdown(t("data.import.help", lang), text_alignment=align)
    left, right = st.columns(2)
    templates = (
        (left, "ties", t("data.import.template_ties", lang)),
        (right, "exchanges", t("data.import.template_exchanges", lang)),
    )
    for column, kind, text in templates:
        column.download_button(
            text,
            template(kind),
            f"{kind}_template.csv",
            "text/csv",
            key=state.DATA_TEMPLATE.format(kind=kind),
        )
    upload = st.file_uploader(
        t("data.import.file", lang),
        type=["csv", "tsv", "xlsx", "json", "txt"],
        key=state.DATA_UPLOAD,
    )
    pasted = st.text_area(t("data.import.paste", lang), key=state.DATA_PASTE, height=120)
    content = upload.getvalue() if upload is not None else pasted.encode("utf-8")
    filename = upload.name if upload is not None else "pasted.csv"
    digest = hashlib.sha256(content).hexdigest()
    mapping, fill = import_columns.chosen(digest)
    if content.strip():
        report = data.validation(ctx.url, ctx.version, digest, content, mapping, fill)
        import_columns.columns_step(digest, report, lang)
        shown = report.to_dict(lang)
        if report.accepted:
            kind = t(f"data.table.{report.kind}", lang)
            st.success(t("data.import.accepted", lang, rows=report.rows, kind=kind))
            st.caption(t("data.import.preview", lang), text_alignment=align)
            preview = import_preview(report.records, report.kind, names, lang)
            st.dataframe(preview, hide_index=True, width="stretch")
        else:
            st.error(t("data.import.rejected", lang, n=len(report.errors)))
            errors = import_issues_table(shown["errors"], lang)
            st.dataframe(errors, hide_index=True, width="stretch")
        if shown["warnings"]:
            st.caption(t("data.import.warnings", lang), text_alignment=align)
            warned = import_issues_table(shown["warnings"], lang, ISSUE_COLUMNS[:4])
            st.dataframe(warned, hide_index=True, width="stretch")
        done = st.session_state.get(state.DATA_IMPORT_DONE)
        stored_already = done is not None and done[0] == digest
        if (
            report.accepted
            and not stored_already
            and st.button(
                t("data.import.confirm", lang), type="primary", key=state.DATA_IMPORT_CONFIRM
            )
        ):
            done = import_file(
                store,
                content,
                editor,
                filename=filename,
                before_write=lambda: auto_backup(store),
                mapping=dict(mapping),
                fill=dict(fill),
            )
            if done.accepted:
                st.session_state[state.DATA_IMPORT_DONE] = (digest, done.to_dict(lang))
                data.data_version.clear()
                st.rerun()
            st.error(t("data.import.rejected", lang, n=len(done.errors)))
    done = st.session_state.get(state.DATA_IMPORT_DONE)
    if done and (not content.strip() or done[0] == digest):
        result = done[1]
        if result["batch_id"] is None:
            st.info(t("data.import.nothing", lang))
        else:
            st.success(
                t(
                    "data.import.done",
                    lang,
                    batch=result["batch_id"],
                    inserted=result["inserted"],
                    updated=result["updated"],
                    unchanged=result["unchanged"],
                )
            )


def export_tab(ctx: PageContext, store: Store, names: Mapping[str, str]) -> None:
    """A format (and for CSV a table), then a file of the scope and the sidebar's cities."""
    lang = ctx.lang
    align = text_align(lang)
    fmt = st.radio(
        t("data.export.format", lang),
        FILE_FORMATS,
        horizontal=True,
        format_func=str.upper,
        **keep(state.DATA_EXPORT_FORMAT),
    )
    table = "ties"
    if fmt == "csv":
        table = st.radio(
            t("data.table", lang),
            EXPORT_TABLES,
            format_func=lambda k: t(f"data.table.{k}", lang),
            horizontal=True,
            **keep(state.DATA_EXPORT_TABLE),
        )
    st.caption(t(f"data.export.about.{fmt}", lang), text_alignment=align)
    if ctx.iran_cities:
        chosen = join_list([names.get(c, c) for c in ctx.iran_cities], lang)
        st.caption(t("data.export.filtered", lang, cities=chosen), text_alignment=align)
    wanted = (fmt, table, ctx.scope, ctx.iran_cities, ctx.version, lang)
    if st.button(t("data.export.prepare", lang), key=state.DATA_EXPORT_PREPARE):
        with st.spinner(t("data.export.preparing", lang)):
            content = export_file(
                store, fmt, ctx.scope, table=table, iran_cities=ctx.iran_cities, lang=lang
            )
        st.session_state[state.DATA_EXPORT] = (wanted, content)
    ready = st.session_state.get(state.DATA_EXPORT)
    if ready and ready[0] == wanted:
        name = f"city_diplomacy_{ctx.scope}" + (f"_{table}" if fmt == "csv" else "")
        st.download_button(
            t("data.export.download", lang),
            ready[1],
            f"{name}.{fmt}",
            key=state.DATA_EXPORT_DOWNLOAD,
        )


def log_tab(store: Store, names: Mapping[str, str], editor: str | None, lang: str) -> None:
    """The latest changes; editors undo one of them."""
    flash = st.session_state.pop(state.DATA_UNDO_FLASH, None)
    if flash:
        done, undo_id = (digits(str(b), lang) for b in flash)
        st.success(t("data.log.undone", lang, batch=done, undo=undo_id))
    batches = list_batches(store, limit=LOG_LIMIT)
    if not batches:
        st.info(t("data.log.empty", lang))
        return
    described = {b["batch_id"]: describe_batch(b, lang, names) for b in batches}
    st.dataframe(change_log_table(batches, described, lang), hide_index=True, width="stretch")
    open_batches = [b["batch_id"] for b in batches if b["undone_by"] is None]
    if editor is None or not open_batches:
        return
    # keyed by the newest batch: after a new change the list offers that change first
    # again, so "undo" right after a mistake undoes that mistake
    chosen = st.selectbox(
        t("data.log.choose", lang),
        open_batches,
        format_func=lambda b: f"{digits(str(b), lang)} – {described[b]}",
        key=state.DATA_UNDO_CHOICE.format(batch=open_batches[0]),
    )
    if st.button(t("data.log.undo", lang), key=state.DATA_UNDO):
        try:
            undo_id = undo_batch(store, int(chosen), editor)
        except UndoError as exc:
            reason = exc.message(lang, names)
            st.error(reason[:1].upper() + reason[1:])
        else:
            data.data_version.clear()
            # draw the log again: the undone batch closed, the undo listed
            st.session_state[state.DATA_UNDO_FLASH] = (int(chosen), undo_id)
            st.rerun()


def check_tab(ctx: PageContext, names: Mapping[str, str]) -> None:
    """Each city's point against its country: the counts, then the cities to look at."""
    lang = ctx.lang
    align = text_align(lang)
    result = data.city_check(ctx.url, ctx.version)
    counts = result.counts
    st.caption(t("check.intro", lang, km=digits(result.tolerance_km, lang)), text_alignment=align)
    st.markdown(
        t(
            "check.summary",
            lang,
            total=digits(result.total, lang),
            inside=digits(counts["inside"], lang),
            near=digits(counts["near"], lang),
            flagged=digits(len(result.flagged), lang),
            untested=digits(counts["untested"], lang),
        ),
        text_alignment=align,
    )
    flagged = [f for f in result.findings if f.status in FLAGGED]
    if not flagged:
        st.success(t("check.none", lang))
    else:
        st.subheader(t("check.flagged", lang), text_alignment=align)
        st.dataframe(check_table(flagged, names, lang), hide_index=True, width="stretch")
    others = [f for f in result.findings if f.status not in FLAGGED]
    if others:
        with st.expander(t("check.others", lang)):
            st.caption(t("check.untested_note", lang), text_alignment=align)
            st.dataframe(check_table(others, names, lang), hide_index=True, width="stretch")
