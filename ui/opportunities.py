"""The Opportunities page's parts: rows for the chosen city, the model's expander, and the
suggested partners with the editors' "propose" form."""

from __future__ import annotations

import streamlit as st

from graph.analysis.opportunities import driver_reasons
from graph.analysis.suggest import propose_partner
from graph.i18n import digits, t
from graph.model import TEHRAN
from graph.names import AmbiguousCity, CityNotFound, city_name
from graph.places.lookup import find_city
from graph.views.opportunities import calibration_figure, times_likelier
from ui import cache, data, state
from ui.safe_text import md
from ui.style import text_align
from ui.tables import evaluation_table, model_table, separator

ALL = state.OPP_ALL
# the spans a planner can choose for "no exchange in this many years"
DORMANT_YEARS = range(1, 16)


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
                family=t(f"opp.family.{model['family']}", lang),
                n=digits(model["n"], lang),
                ties=digits(model["ties"], lang),
                deviance=digits(round(model["deviance"], 1), lang, 1),
                null=digits(round(model["null_deviance"], 1), lang, 1),
                r2=digits(round(model["pseudo_r2"], 2), lang, 2),
                p=digits(f"{model['overdispersion_p']:.1g}", lang),
            ),
            text_alignment=align,
        )


def underused_caption(result: dict, lang: str) -> str:
    """What the underused tables count: unit, period, how many fall below their range."""
    model = result["model"]
    period = model.get("period")
    span = f"{digits(str(period[0]), lang)}–{digits(str(period[1]), lang)}" if period else "–"
    unit = t(f"opp.unit.{model.get('measure', 'intensity')}", lang)
    return t(
        "opp.underused.caption",
        lang,
        unit=unit,
        period=span,
        below=digits(result.get("below_interval_total", 0), lang),
    )


def model_card(evaluation: dict, lang: str) -> None:
    """The suggestion model's card: data, held-out figures beside baselines, calibration,
    what it cannot know; folded away."""
    align = text_align(lang)
    protocol = evaluation["protocol"]
    with st.expander(t("opp.card.title", lang), expanded=False):
        st.markdown(
            t(
                "opp.card.body",
                lang,
                ties=digits(protocol["ties"], lang),
                cities=digits(protocol["cities"], lang),
                held_out=digits(protocol["held_out"], lang),
                seed=digits(str(protocol["seed"]), lang),
                model=t(f"opp.model.{evaluation['model']}", lang),
            ),
            text_alignment=align,
        )
        st.caption(t("opp.card.table", lang), text_alignment=align)
        st.table(evaluation_table(evaluation, lang), hide_index=True)
        st.caption(t("opp.card.calibration", lang), text_alignment=align)
        st.plotly_chart(calibration_figure(evaluation["calibration"], lang), width="stretch")
        st.markdown(t("opp.card.cannot", lang), text_alignment=align)


def explain_box(source, target: str, cities, lang: str) -> None:
    """A planner names any city and reads why the model ranks it as it does for ``target``."""
    align = text_align(lang)
    st.subheader(t("opp.explain.title", lang), text_alignment=align)
    query = st.text_input(t("opp.explain.pick", lang), key=state.OPP_EXPLAIN)
    if not query:
        return
    try:
        other = find_city(cities, query, gazetteer=False)["city_id"]
    except AmbiguousCity as exc:  # the most populous of the cities of that name
        other = exc.candidates[0]["city_id"]
    except CityNotFound:
        st.warning(t("opp.explain.not_found", lang))
        return
    if other == target:
        st.info(t("opp.explain.same", lang))
        return
    result = cache.explanation(source, target, other, lang)
    city, partner = city_name(result["city"], lang), city_name(result["other"], lang)
    if result["tied"]:
        head = t("opp.explain.tied", lang, city=city, other=partner)
    elif result["rank"] is None:
        head = t("opp.explain.unranked", lang, city=city, other=partner)
    else:
        head = t(
            "opp.explain.rank",
            lang,
            city=city,
            other=partner,
            times=times_likelier(result["likelier"], lang),
            rank=digits(result["rank"], lang),
            candidates=digits(result["candidates"], lang),
        )
    sep = separator(lang)
    lines = [
        md(head),
        f"- {t('opp.explain.for', lang)} "
        + md(sep.join(result["for"]) or t("opp.explain.none", lang)),
        f"- {t('opp.explain.against', lang)} "
        + md(sep.join(result["against"]) or t("opp.explain.none", lang)),
    ]
    st.markdown("\n".join(lines), text_alignment=align)


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
