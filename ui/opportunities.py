"""The Opportunities page's parts: rows for the chosen city, the model's expander, and the
suggested partners with the editors' "propose" form."""

from __future__ import annotations

import streamlit as st

from graph.analysis.opportunities import driver_reasons
from graph.analysis.suggest import propose_partner
from graph.i18n import t
from graph.model import TEHRAN
from graph.names import city_name
from ui import data, state
from ui.style import text_align
from ui.tables import model_table

ALL = state.OPP_ALL


def for_city(rows: list[dict], city: str) -> list[dict]:
    """The rows of ``city`` (an Iranian city's id), or all rows for :data:`ALL`."""
    return rows if city == ALL else [r for r in rows if city in (r["city_a"], r["city_b"])]


def reasons_for(city: str, lang: str):
    """A row's reasons; for one chosen city, leave out its own size (the same in every row)."""

    def reasons(row: dict) -> list[str]:
        if city == ALL:
            return row["reasons"]
        drivers = [d for d in row["drivers"] if d["term"] != "population_iranian"]
        return driver_reasons(drivers, row["name_a"], row["name_b"], lang)

    return reasons


def suggestion_target(city: str, names: dict[str, str]) -> str:
    """Whose partners to suggest: the chosen city; for all cities Tehran (or the first)."""
    if city != ALL:
        return city
    return TEHRAN if TEHRAN in names else next(iter(names))


def model_expander(model: dict, lang: str) -> None:
    """The exchange model behind "underused": its terms and fit, folded away."""
    align = text_align(lang)
    with st.expander(t("opp.model.title", lang), expanded=False):
        if not model.get("fitted"):
            st.info(t("opp.model.not_fitted", lang))
            return
        st.markdown(t("opp.model.body", lang), text_alignment=align)
        st.table(model_table(model["coefficients"], lang), hide_index=True)
        st.caption(
            t(
                "opp.model.fit",
                lang,
                n=model["n"],
                ties=model["ties"],
                r2=round(model["pseudo_r2"], 3),
                dispersion=round(model["dispersion"], 2),
            ),
            text_alignment=align,
        )


def propose_form(url: str, target: str, suggestions: list[dict], editor: str, lang: str):
    """Editors: record one suggested city as a proposed partner of ``target``."""
    with st.form(state.PROPOSE_FORM):
        chosen = st.selectbox(
            t("opp.propose.pick", lang),
            [r["city_id"] for r in suggestions],
            format_func=lambda cid: next(
                city_name(r, lang) for r in suggestions if r["city_id"] == cid
            ),
            key=state.PROPOSE_CITY,
        )
        if st.form_submit_button(t("opp.propose.button", lang)):
            report = propose_partner(
                data.get_store(url),
                target,
                chosen,
                who=editor,
                note=t("opp.propose.note", "en"),
            )
            if report.accepted:
                data.data_version.clear()
                st.success(t("opp.propose.done", lang))
            else:
                st.error(t("opp.propose.failed", lang))
