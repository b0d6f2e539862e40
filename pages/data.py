"""Data: browse ties, exchanges and cities; editors import files, undo changes; anyone exports."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from graph.i18n import digits, gregorian_and_jalali, join_list, label, t
from graph.i18n.changelog import action_label, describe_batch
from graph.io.export import EXPORT_TABLES, FORMATS, export_data
from graph.io.importer import import_file, template
from graph.store.backup import auto_backup
from graph.store.changes import UndoError, list_batches, undo_batch
from ui import auth, city_name, data, page_setup, stop_on_error
from ui.add_city import add_city_box
from ui.add_exchange import add_exchange_box
from ui.style import text_align
from ui.table_editor import GRID_COLUMNS, edit_table, grid_height, search_rows
from ui.table_filters import filter_rows

ISSUE_COLUMNS = ("row", "column", "value", "problem", "fix")
LOG_LIMIT = 50
UNDO_FLASH = "data_undo_flash"

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)
st.title(t("data.title", lang), text_alignment=align)
st.caption(t("data.intro", lang), text_alignment=align)
stop_on_error(ctx)
store = data.get_store(ctx.url)
editor = auth.sign_in_box(lang)
if editor is None:
    st.caption(t("data.viewer_note", lang), text_alignment=align)


def _issues_table(issues: list[dict], columns: tuple[str, ...] = ISSUE_COLUMNS) -> pd.DataFrame:
    frame = pd.DataFrame(issues)
    if "header" in frame:  # the column as the file's own header names it
        frame["column"] = frame["header"].where(frame["header"] != "", frame["column"])
    frame = frame.reindex(columns=list(columns))
    frame["row"] = frame["row"].map(lambda r: "" if r is None else digits(int(r), lang))
    return frame.rename(columns={c: t(f"data.col.{c}", lang) for c in columns})


cities = data.cities(ctx.url, ctx.version)
names = {str(r["city_id"]): city_name(r, lang) for r in cities.to_dict("records")}
tabs = st.tabs(
    [
        t("data.tab.browse", lang),
        t("data.tab.add", lang),
        t("data.tab.import", lang),
        t("data.tab.export", lang),
        t("data.tab.log", lang),
    ]
)

with tabs[0]:
    query = st.text_input(t("data.search", lang), key="data_search")
    what = st.radio(
        t("data.table", lang),
        ("ties", "exchanges", "cities"),
        format_func=lambda k: t(f"data.table.{k}", lang),
        horizontal=True,
        key="data_table",
    )
    raw = {
        "ties": lambda: data.ties(ctx.url, ctx.version, ctx.scope),
        "exchanges": lambda: data.exchanges(ctx.url, ctx.version),
        "cities": lambda: cities,
    }[what]()
    raw, filters = filter_rows(raw, what, lang, ctx.iran_cities)
    if editor is None:
        frame = raw.copy()
        if what == "ties":
            frame["sources"] = frame["sources"].map(" | ".join)
            frame["since"] = frame["since"].map(lambda y: "" if pd.isna(y) else str(int(y)))
        elif what == "exchanges":
            frame["date"] = frame["date"].map(lambda d: gregorian_and_jalali(d, lang))
        else:
            frame["name_fa"] = frame["name_fa"].fillna("")
        if what != "cities":
            frame["partner_a"] = frame["city_a"].map(names)
            frame["partner_b"] = frame["city_b"].map(names)
            for column in ("relation", "status", "evidence", "kind"):
                if column in frame:
                    frame[column] = frame[column].map(lambda v: label(v, lang))
        frame = frame[[c for c in GRID_COLUMNS[what] if c in frame]]
        shown = search_rows(frame, query, list(frame.columns))
        st.caption(t("data.rows_shown", lang, n=len(shown), total=len(frame)), text_alignment=align)
        st.dataframe(
            shown.rename(columns={c: t(f"data.field.{c}", lang) for c in shown.columns}),
            hide_index=True,
            width="stretch",
            height=grid_height(len(shown)),
        )
    else:  # a new grid when the filters change; unsaved edits are kept by row id
        edit_table(store, what, raw, names, query, editor, lang, f"{ctx.version}-{filters}")

with tabs[1]:
    if editor is None:
        st.info(t("data.add.sign_in_first", lang))
    else:
        add_city_box(store, editor, lang)
        add_exchange_box(store, cities, editor, lang)

with tabs[2]:
    if editor is None:
        st.info(t("data.import.sign_in_first", lang))
    else:
        st.markdown(t("data.import.help", lang), text_alignment=align)
        left, right = st.columns(2)
        left.download_button(
            t("data.import.template_ties", lang),
            template("ties"),
            "ties_template.csv",
            "text/csv",
            key="data_template_ties",
        )
        right.download_button(
            t("data.import.template_exchanges", lang),
            template("exchanges"),
            "exchanges_template.csv",
            "text/csv",
            key="data_template_exchanges",
        )
        upload = st.file_uploader(
            t("data.import.file", lang), type=["csv", "xlsx", "txt"], key="data_upload"
        )
        pasted = st.text_area(t("data.import.paste", lang), key="data_paste", height=120)
        content = upload.getvalue() if upload is not None else pasted.encode("utf-8")
        filename = upload.name if upload is not None else "pasted.csv"
        if content.strip():
            digest = hashlib.sha256(content).hexdigest()
            report = data.validation(ctx.url, ctx.version, digest, content)
            shown = report.to_dict(lang)
            if report.accepted:
                st.success(
                    t(
                        "data.import.accepted",
                        lang,
                        rows=report.rows,
                        kind=t(f"data.table.{report.kind}", lang),
                    )
                )
                preview = pd.DataFrame(report.records[:200])
                preview["partner_a"] = preview["city_a"].map(names)
                preview["partner_b"] = preview["city_b"].map(names)
                fields = [c for c in GRID_COLUMNS[report.kind] if c in preview]
                preview = preview[fields].rename(
                    columns={c: t(f"data.field.{c}", lang) for c in fields}
                )
                st.caption(t("data.import.preview", lang), text_alignment=align)
                st.dataframe(preview, hide_index=True, width="stretch")
            else:
                st.error(t("data.import.rejected", lang, n=len(report.errors)))
                st.dataframe(_issues_table(shown["errors"]), hide_index=True, width="stretch")
            if shown["warnings"]:
                st.caption(t("data.import.warnings", lang), text_alignment=align)
                warned = _issues_table(shown["warnings"], ISSUE_COLUMNS[:4])
                st.dataframe(warned, hide_index=True, width="stretch")
            done = st.session_state.get("data_import_done")
            stored_already = done is not None and done[0] == digest
            if (
                report.accepted
                and not stored_already
                and st.button(
                    t("data.import.confirm", lang), type="primary", key="data_import_confirm"
                )
            ):
                done = import_file(
                    store,
                    content,
                    editor,
                    filename=filename,
                    before_write=lambda: auto_backup(store),
                )
                if done.accepted:
                    st.session_state["data_import_done"] = (digest, done.to_dict(lang))
                    data.data_version.clear()
                    st.rerun()
                st.error(t("data.import.rejected", lang, n=len(done.errors)))
        done = st.session_state.get("data_import_done")
        if done and (not content.strip() or done[0] == hashlib.sha256(content).hexdigest()):
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

with tabs[3]:
    fmt = st.radio(
        t("data.export.format", lang),
        FORMATS,
        horizontal=True,
        format_func=str.upper,
        key="data_export_format",
    )
    table = "ties"
    if fmt == "csv":
        table = st.radio(
            t("data.table", lang),
            EXPORT_TABLES,
            format_func=lambda k: t(f"data.table.{k}", lang),
            horizontal=True,
            key="data_export_table",
        )
    st.caption(t(f"data.export.about.{fmt}", lang), text_alignment=align)
    if ctx.iran_cities:
        chosen = join_list([names.get(c, c) for c in ctx.iran_cities], lang)
        st.caption(t("data.export.filtered", lang, cities=chosen), text_alignment=align)
    wanted = (fmt, table, ctx.scope, ctx.iran_cities, ctx.version)
    if st.button(t("data.export.prepare", lang), key="data_export_prepare"):
        content = export_data(store, fmt, ctx.scope, table=table, iran_cities=ctx.iran_cities)
        st.session_state["data_export"] = (wanted, content)
    ready = st.session_state.get("data_export")
    if ready and ready[0] == wanted:
        name = f"city_diplomacy_{ctx.scope}" + (f"_{table}" if fmt == "csv" else "")
        st.download_button(
            t("data.export.download", lang),
            ready[1],
            f"{name}.{fmt}",
            key="data_export_download",
        )

with tabs[4]:
    flash = st.session_state.pop(UNDO_FLASH, None)
    if flash:
        done, undo_id = (digits(str(b), lang) for b in flash)
        st.success(t("data.log.undone", lang, batch=done, undo=undo_id))
    batches = list_batches(store, limit=LOG_LIMIT)
    if not batches:
        st.info(t("data.log.empty", lang))
    else:
        described = {b["batch_id"]: describe_batch(b, lang, names) for b in batches}
        log = pd.DataFrame(batches)[
            ["batch_id", "at", "who", "action", "description", "rows", "undone_by"]
        ]
        log["description"] = log["batch_id"].map(described)
        log["at"] = log["at"].map(
            lambda v: gregorian_and_jalali(str(v)[:10], lang) + " " + digits(str(v)[11:16], lang)
        )
        log["action"] = log["action"].map(lambda a: action_label(a, lang))
        for column in ("batch_id", "rows", "undone_by"):
            log[column] = log[column].map(lambda v: "" if pd.isna(v) else digits(str(int(v)), lang))
        st.dataframe(
            log.rename(columns={c: t(f"data.log.{c}", lang) for c in log.columns}),
            hide_index=True,
            width="stretch",
        )
        if editor is not None:
            open_batches = [b["batch_id"] for b in batches if b["undone_by"] is None]
            if open_batches:
                # keyed by the newest batch: after a new change the list offers that change
                # first again, so "undo" right after a mistake undoes that mistake
                chosen = st.selectbox(
                    t("data.log.choose", lang),
                    open_batches,
                    format_func=lambda b: f"{digits(str(b), lang)} – {described[b]}",
                    key=f"data_undo_choice_{open_batches[0]}",
                )
                if st.button(t("data.log.undo", lang), key="data_undo"):
                    try:
                        undo_id = undo_batch(store, int(chosen), editor)
                    except UndoError as exc:
                        reason = exc.message(lang, names)
                        st.error(reason[:1].upper() + reason[1:])
                    else:
                        data.data_version.clear()
                        # draw the log again: the undone batch closed, the undo listed
                        st.session_state[UNDO_FLASH] = (int(chosen), undo_id)
                        st.rerun()
