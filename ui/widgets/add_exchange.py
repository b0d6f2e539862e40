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
from graph.io.edits import EditRejected, add_exchange
from graph.io.rules import check_fields
from graph.model import Evidence, Kind
from graph.names import city_name
from graph.places.countries import country_name
from graph.store.engine import Store
from ui import data
from ui.state import (
    ADDX_CITY_A,
    ADDX_CITY_B,
    ADDX_DATE,
    ADDX_EVIDENCE,
    ADDX_FORM,
    ADDX_INTENSITY,
    ADDX_KIND,
    ADDX_NOTE,
    ADDX_RESULT,
    ADDX_SOURCE,
    ADDX_TITLE,
)
from ui.style import text_align
from ui.tables import exchange_issues_table


def _city_options(cities: pd.DataFrame, lang: str) -> dict[str, str]:
    """city id -> "name, country" in ``lang``, largest cities first (found sooner)."""
    ordered = cities.sort_values("population", ascending=False, na_position="last")
    return {
        str(r["city_id"]): f"{city_name(r, lang)}، {country_name(r['country'], lang)}"
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


def add_exchange_box(store: Store, cities: pd.DataFrame, editor: str, lang: str) -> None:
    """A form: two cities, date (Jalali or Gregorian), kind, intensity, title, source."""
    align = text_align(lang)
    st.subheader(t("addx.title", lang), text_alignment=align)
    options = _city_options(cities, lang)
    with st.form(ADDX_FORM, clear_on_submit=False):
        left, right = st.columns(2)
        city_a = left.selectbox(
            t("addx.city_a", lang),
            list(options),
            index=None,
            format_func=options.get,
            placeholder=t("addx.city_placeholder", lang),
            key=ADDX_CITY_A,
        )
        city_b = right.selectbox(
            t("addx.city_b", lang),
            list(options),
            index=None,
            format_func=options.get,
            placeholder=t("addx.city_placeholder", lang),
            key=ADDX_CITY_B,
        )
        date = st.text_input(
            t("addx.date", lang),
            key=ADDX_DATE,
            help=t("addx.date_help", lang),
            placeholder="۱۴۰۳/۰۵/۱۲" if lang == "fa" else "1403/05/12",
        )
        left, right = st.columns(2)
        kind = left.selectbox(
            t("addx.kind", lang),
            [k.value for k in Kind],
            format_func=lambda v: label(v, lang),
            key=ADDX_KIND,
        )
        intensity = right.radio(
            t("addx.intensity", lang),
            (1, 2, 3),
            index=0,
            format_func=lambda n: t(f"addx.intensity.{n}", lang),
            key=ADDX_INTENSITY,
        )
        title = st.text_input(t("addx.title_field", lang), key=ADDX_TITLE)
        source = st.text_input(t("addx.source", lang), key=ADDX_SOURCE)
        evidence = st.selectbox(
            t("addx.evidence", lang),
            [e.value for e in Evidence],
            index=[e.value for e in Evidence].index(Evidence.NEWS.value),
            format_func=lambda v: label(v, lang),
            key=ADDX_EVIDENCE,
        )
        note = st.text_area(t("addx.note", lang), key=ADDX_NOTE, height=80)
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
        st.session_state[ADDX_RESULT] = result
    result = st.session_state.get(ADDX_RESULT)
    if not result:
        return
    if result.get("date"):
        shown = gregorian_and_jalali(result["date"], lang)
        st.caption(t("addx.date_read", lang, date=shown), text_alignment=align)
    if "batch" in result:
        st.success(t("addx.saved", lang, batch=digits(str(result["batch"]), lang)))
    else:
        st.error(t("addx.rejected", lang, n=len(result["issues"])))
        issues = [i.to_dict(lang) for i in result["issues"]]
        st.dataframe(exchange_issues_table(issues, lang), hide_index=True, width="stretch")
