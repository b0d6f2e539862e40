"""Data: browse ties, exchanges and cities; editors import files, undo changes; anyone exports."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from graph.audit import (
    ConflictError,
    UndoError,
    auto_backup,
    edit_tie,
    list_batches,
    undo_batch,
)
from graph.i18n import digits, gregorian_and_jalali, label, t
from graph.io import FORMATS, export_data, import_file, template, validate
from graph.lookup import fold
from graph.model import Relation, Status
from ui import auth, city_name, data, page_setup, stop_on_error
from ui.style import text_align

ISSUE_COLUMNS = ("row", "column", "value", "problem", "fix")
LOG_LIMIT = 50
EDIT_FIELDS = ("version", "relation", "status", "note")
SHOWN_COLUMNS = {
    "ties": (
        "partner_a",
        "partner_b",
        "relation",
        "status",
        "since",
        "evidence",
        "sources",
        "note",
        "origin",
        "version",
    ),
    "exchanges": (
        "partner_a",
        "partner_b",
        "date",
        "kind",
        "intensity",
        "title",
        "source",
        "evidence",
        "origin",
    ),
    "cities": ("name_en", "name_fa", "country", "population", "lat", "lon", "origin"),
}

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


def _search(frame: pd.DataFrame, query: str, columns: list[str]) -> pd.DataFrame:
    wanted = fold(query)
    if not wanted:
        return frame
    text = frame[columns].astype(str).agg(" ".join, axis=1).map(fold)
    return frame[text.str.contains(wanted, regex=False)]


def _issues_table(issues: list[dict], columns: tuple[str, ...] = ISSUE_COLUMNS) -> pd.DataFrame:
    frame = pd.DataFrame(issues, columns=list(columns))
    frame["row"] = frame["row"].map(lambda r: "" if r is None else digits(int(r), lang))
    return frame.rename(columns={c: t(f"data.col.{c}", lang) for c in columns})


def _edit_tie_form(ties: pd.DataFrame) -> None:
    """One tie's fields in a form; saving checks the version read when the form was drawn."""
    with st.expander(t("data.edit.title", lang)):
        labels = {
            int(r["tie_id"]): f"{names.get(r['city_a'], r['city_a'])} – "
            f"{names.get(r['city_b'], r['city_b'])}"
            for r in ties.to_dict("records")
        }
        tie_id = st.selectbox(
            t("data.edit.choose", lang), list(labels), format_func=labels.get, key="data_edit_tie"
        )
        row = ties[ties["tie_id"] == tie_id].iloc[0].to_dict()
        read_key = f"data_edit_read_{tie_id}"
        read = st.session_state.setdefault(read_key, int(row["version"]))
        with st.form(f"data_edit_form_{tie_id}"):
            relation = st.selectbox(
                t("data.field.relation", lang),
                [r.value for r in Relation],
                index=[r.value for r in Relation].index(row["relation"]),
                format_func=lambda v: label(v, lang),
                key=f"data_edit_relation_{tie_id}",
            )
            status = st.selectbox(
                t("data.field.status", lang),
                [s.value for s in Status],
                index=[s.value for s in Status].index(row["status"]),
                format_func=lambda v: label(v, lang),
                key=f"data_edit_status_{tie_id}",
            )
            note = st.text_area(
                t("data.field.note", lang), value=row["note"] or "", key=f"data_edit_note_{tie_id}"
            )
            saved = st.form_submit_button(t("data.edit.save", lang))
        if saved:
            try:
                edit_tie(
                    store,
                    tie_id,
                    read,
                    {"relation": relation, "status": status, "note": note},
                    editor,
                )
            except ConflictError as exc:
                st.error(t("data.edit.conflict", lang))
                both = pd.DataFrame(
                    [
                        {f: exc.theirs.get(f) for f in EDIT_FIELDS},
                        {f: exc.mine.get(f) for f in EDIT_FIELDS},
                    ],
                    index=[t("data.edit.theirs", lang), t("data.edit.mine", lang)],
                )
                st.dataframe(both.astype(str), width="stretch")
            else:
                st.success(t("data.edit.saved", lang))
                data.data_version.clear()
            for key in (read_key, *(f"data_edit_{f}_{tie_id}" for f in EDIT_FIELDS)):
                st.session_state.pop(key, None)


cities = data.cities(ctx.url, ctx.version)
names = {str(r["city_id"]): city_name(r, lang) for r in cities.to_dict("records")}
tabs = st.tabs(
    [
        t("data.tab.browse", lang),
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
    if what == "ties":
        frame = data.ties(ctx.url, ctx.version, ctx.scope).copy()
        frame["sources"] = frame["sources"].map(" | ".join)
        frame["since"] = frame["since"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    elif what == "exchanges":
        frame = data.exchanges(ctx.url, ctx.version).copy()
        frame["date"] = frame["date"].map(lambda d: gregorian_and_jalali(d, lang))
    else:
        frame = cities.copy()
        frame["name_fa"] = frame["name_fa"].fillna("")
    if what != "cities":
        frame["partner_a"] = frame["city_a"].map(names)
        frame["partner_b"] = frame["city_b"].map(names)
        for column in ("relation", "status", "evidence", "kind"):
            if column in frame:
                frame[column] = frame[column].map(lambda v: label(v, lang))
    frame = frame[list(SHOWN_COLUMNS[what])]
    shown = _search(frame, query, [c for c in frame.columns if frame[c].dtype == object])
    st.caption(t("data.rows_shown", lang, n=len(shown), total=len(frame)), text_alignment=align)
    st.dataframe(
        shown.rename(columns={c: t(f"data.field.{c}", lang) for c in shown.columns}),
        hide_index=True,
        width="stretch",
        height=420,
    )
    if editor is not None and what == "ties" and len(frame):
        _edit_tie_form(data.ties(ctx.url, ctx.version, ctx.scope))

with tabs[1]:
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
            report = validate(content, cities)
            digest = hashlib.sha256(content).hexdigest()
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
                fields = [c for c in SHOWN_COLUMNS[report.kind] if c in preview]
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

with tabs[2]:
    fmt = st.radio(
        t("data.export.format", lang),
        FORMATS,
        horizontal=True,
        format_func=str.upper,
        key="data_export_format",
    )
    st.caption(t(f"data.export.about.{fmt}", lang), text_alignment=align)
    if st.button(t("data.export.prepare", lang), key="data_export_prepare"):
        st.session_state["data_export"] = (fmt, ctx.scope, export_data(store, fmt, ctx.scope))
    ready = st.session_state.get("data_export")
    if ready and ready[:2] == (fmt, ctx.scope):
        st.download_button(
            t("data.export.download", lang),
            ready[2],
            f"city_diplomacy_{ctx.scope}.{fmt}",
            key="data_export_download",
        )

with tabs[3]:
    batches = list_batches(store, limit=LOG_LIMIT)
    if not batches:
        st.info(t("data.log.empty", lang))
    else:
        log = pd.DataFrame(batches)[
            ["batch_id", "at", "who", "action", "description", "rows", "undone_by"]
        ]
        log["at"] = log["at"].map(
            lambda v: gregorian_and_jalali(str(v)[:10], lang) + " " + str(v)[11:16]
        )
        log["action"] = log["action"].map(lambda a: t(f"data.action.{a}", lang))
        log["undone_by"] = log["undone_by"].map(lambda v: "" if pd.isna(v) else str(int(v)))
        st.dataframe(
            log.rename(columns={c: t(f"data.log.{c}", lang) for c in log.columns}),
            hide_index=True,
            width="stretch",
        )
        if editor is not None:
            open_batches = [b["batch_id"] for b in batches if b["undone_by"] is None]
            if open_batches:
                chosen = st.selectbox(
                    t("data.log.choose", lang), open_batches, key="data_undo_choice"
                )
                if st.button(t("data.log.undo", lang), key="data_undo"):
                    try:
                        undo_id = undo_batch(store, int(chosen), editor)
                    except UndoError as exc:
                        st.error(t("data.log.refused", lang, reason=str(exc)))
                    else:
                        data.data_version.clear()
                        st.success(t("data.log.undone", lang, batch=str(chosen), undo=str(undo_id)))
