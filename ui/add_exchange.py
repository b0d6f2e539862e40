"""Add one exchange between two stored cities with a form (Data page, Add tab).

The date is typed as the council writes it: Jalali or Gregorian, Persian or Latin
digits, to the day, the month or only the year. The row is checked with the import's
rules (:func:`graph.io.edits.add_exchange`); after submitting, the page shows the date as
it was read in both calendars, and any problem located by field, with nothing saved.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.i18n import digits, gregorian_and_jalali, label, t
from graph.io.edits import EditRejected, LocatedIssue, add_exchange
from graph.io.rules import check_fields
from graph.model import Evidence, Kind
from graph.store.engine import Store
from ui import city_name, data
from ui.style import text_align

FORM = "addx_form"
RESULT = "addx_result"


def _city_options(cities: pd.DataFrame, lang: str) -> dict[str, str]:
    """city id -> "name, country" in ``lang``, largest cities first (found sooner)."""
    ordered = cities.sort_values("population", ascending=False, na_position="last")
    return {
        str(r["city_id"]): f"{city_name(r, lang)}، {r['country']}"
        if lang == "fa"
        else f"{city_name(r, lang)}, {r['country']}"
        for r in ordered.to_dict("records")
    }


def _date_as_read(text: str) -> str | None:
    """The typed date as stored (Gregorian ISO text), or None when it cannot be read."""
    if not text.strip():
        return None
    values, issues = check_fields("exchanges", {"date": text})
    return None if issues else values.get("date")


def _field_label(column: str, lang: str) -> str:
    if not column:
        return ""
    if column in ("city_a", "city_b"):
        return t(f"addx.{column}", lang)
    return t(f"data.field.{column}", lang)


def _issues_table(issues: list[LocatedIssue], lang: str) -> pd.DataFrame:
    columns = ("column", "value", "problem", "fix")
    frame = pd.DataFrame([i.to_dict(lang) for i in issues]).reindex(columns=list(columns))
    frame["column"] = frame["column"].map(lambda c: _field_label(c, lang))
    return frame.rename(columns={c: t(f"data.col.{c}", lang) for c in columns})


def add_exchange_box(store: Store, cities: pd.DataFrame, editor: str, lang: str) -> None:
    """A form: two cities, date (Jalali or Gregorian), kind, intensity, title, source."""
    align = text_align(lang)
    st.subheader(t("addx.title", lang), text_alignment=align)
    options = _city_options(cities, lang)
    with st.form(FORM, clear_on_submit=False):
        left, right = st.columns(2)
        city_a = left.selectbox(
            t("addx.city_a", lang),
            list(options),
            index=None,
            format_func=options.get,
            placeholder=t("addx.city_placeholder", lang),
            key="addx_city_a",
        )
        city_b = right.selectbox(
            t("addx.city_b", lang),
            list(options),
            index=None,
            format_func=options.get,
            placeholder=t("addx.city_placeholder", lang),
            key="addx_city_b",
        )
        date = st.text_input(
            t("addx.date", lang),
            key="addx_date",
            help=t("addx.date_help", lang),
            placeholder="۱۴۰۳/۰۵/۱۲" if lang == "fa" else "1403/05/12",
        )
        left, right = st.columns(2)
        kind = left.selectbox(
            t("addx.kind", lang),
            [k.value for k in Kind],
            format_func=lambda v: label(v, lang),
            key="addx_kind",
        )
        intensity = right.radio(
            t("addx.intensity", lang),
            (1, 2, 3),
            index=0,
            format_func=lambda n: t(f"addx.intensity.{n}", lang),
            key="addx_intensity",
        )
        title = st.text_input(t("addx.title_field", lang), key="addx_title")
        source = st.text_input(t("addx.source", lang), key="addx_source")
        evidence = st.selectbox(
            t("addx.evidence", lang),
            [e.value for e in Evidence],
            index=[e.value for e in Evidence].index(Evidence.NEWS.value),
            format_func=lambda v: label(v, lang),
            key="addx_evidence",
        )
        note = st.text_area(t("addx.note", lang), key="addx_note", height=80)
        submitted = st.form_submit_button(t("addx.submit", lang), type="primary")
    if submitted:
        fields = {
            "city_a": city_a or "",
            "city_b": city_b or "",
            "date": date,
            "kind": kind,
            "intensity": intensity,
            "title": title,
            "source": source,
            "evidence": evidence,
            "note": note,
        }
        result: dict = {"date": _date_as_read(date)}
        try:
            result["batch"] = add_exchange(store, fields, editor)
        except EditRejected as exc:
            result["issues"] = exc.issues
        else:
            data.data_version.clear()
        st.session_state[RESULT] = result
    result = st.session_state.get(RESULT)
    if not result:
        return
    if result.get("date"):
        shown = gregorian_and_jalali(result["date"], lang)
        st.caption(t("addx.date_read", lang, date=shown), text_alignment=align)
    if "batch" in result:
        st.success(t("addx.saved", lang, batch=digits(str(result["batch"]), lang)))
    else:
        st.error(t("addx.rejected", lang, n=len(result["issues"])))
        st.dataframe(_issues_table(result["issues"], lang), hide_index=True, width="stretch")
