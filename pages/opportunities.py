"""Opportunities: dormant ties, ties far below what they could carry, and suggested partners."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.opportunities import TERMS, driver_reasons
from graph.analysis.suggest import propose_partner
from graph.i18n import digits, gregorian_and_jalali, label, t
from graph.model import KINDS, TEHRAN
from graph.settings import SETTINGS, default
from graph.views.city import evidence_text
from ui import analysis, auth, city_name, data, page_setup, stop_on_error
from ui.safe_text import md
from ui.style import text_align

ALL = "__all__"
CITY = "opp_city"
YEARS = "opp_dormant_years"
MEASURE = "opp_measure"

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)
sep = "؛ " if lang == "fa" else "; "

st.title(t("opp.title", lang), text_alignment=align)
st.caption(t("opp.intro", lang), text_alignment=align)
stop_on_error(ctx)

names = ctx.iranian_names
if not names:
    st.info(t("error.no_ties", lang))
    st.stop()
options = [ALL, *names]
start = next((c for c in ctx.iran_cities if c in names), TEHRAN if TEHRAN in names else ALL)
c1, c2, c3 = st.columns([2, 2, 2])
city = c1.selectbox(
    t("opp.city", lang),
    options,
    index=options.index(start),
    format_func=lambda c: t("opp.all_cities", lang) if c == ALL else names[c],
    key=CITY,
)
years = c2.slider(
    t("opp.dormant_years", lang),
    1,
    15,
    int(default("dormant_years")),
    key=YEARS,
    help=t("opp.dormant_years_help", lang),
)
measure = c3.radio(
    t("opp.measure", lang),
    ("intensity", "decayed"),
    format_func=lambda m: t(f"opp.measure.{m}", lang),
    key=MEASURE,
    horizontal=True,
)
top = int(SETTINGS["top_n"].default)

with st.spinner(t("opp.computing", lang)):
    result = analysis.opportunities(ctx.url, ctx.version, years, measure, lang)


def _mine(rows: list[dict]) -> list[dict]:
    return rows if city == ALL else [r for r in rows if city in (r["city_a"], r["city_b"])]


def _when(value) -> str:
    return t("opp.never", lang) if value is None else gregorian_and_jalali(str(value), lang)


# --- dormant -------------------------------------------------------------------------------
dormant = _mine(result["dormant"])
st.subheader(t("opp.dormant.title", lang, n=len(dormant)), text_alignment=align)
st.caption(t("howto.dormant", lang, years=years), text_alignment=align)
if dormant:
    table = pd.DataFrame(
        {
            t("opp.col.iranian_city", lang): [r["name_a"] for r in dormant],
            t("opp.col.partner", lang): [r["name_b"] for r in dormant],
            t("city.col.country", lang): [r["country_b"] for r in dormant],
            t("opp.col.why", lang): [sep.join(r["reasons"]) for r in dormant],
            t("city.col.relation", lang): [label(r["relation"], lang) for r in dormant],
            t("city.col.since", lang): [
                "–" if r["since"] is None else gregorian_and_jalali(str(r["since"]), lang)
                for r in dormant
            ],
            t("city.col.evidence", lang): [evidence_text(r["evidence"], lang) for r in dormant],
            t("city.col.last", lang): [_when(r["last_exchange"]) for r in dormant],
        }
    )
    if city != ALL:  # one Iranian city: its name in every row says nothing
        table = table.drop(columns=[t("opp.col.iranian_city", lang)])
    st.dataframe(table, hide_index=True, width="stretch")
else:
    st.success(t("opp.dormant.none", lang))


def _drivers(row: dict) -> list[str]:
    """A row's reasons; for one chosen city, leave out its own size (the same in every row)."""
    if city == ALL:
        return row["reasons"]
    drivers = [d for d in row["drivers"] if d["term"] != "population_iranian"]
    return driver_reasons(drivers, row["name_a"], row["name_b"], lang)


# --- underused -----------------------------------------------------------------------------
model = result["model"]
st.subheader(t("opp.underused.title", lang), text_alignment=align)
st.caption(t("opp.underused.caption", lang), text_alignment=align)
underused = _mine(result["underused"])
tabs = st.tabs([label(k, lang) for k in KINDS])
for kind, tab in zip(KINDS, tabs, strict=True):
    rows = [r for r in underused if r["kind"] == kind][:top]
    with tab:
        if not rows:
            st.info(t("opp.underused.none", lang))
            continue
        table = pd.DataFrame(
            {
                t("opp.col.iranian_city", lang): [r["name_a"] for r in rows],
                t("opp.col.partner", lang): [r["name_b"] for r in rows],
                t("opp.col.expected", lang): [
                    digits(round(r["expected"], 2), lang, ndigits=2) for r in rows
                ],
                t("opp.col.actual", lang): [
                    digits(round(r["actual"], 2), lang, ndigits=2) for r in rows
                ],
                t("opp.col.gap", lang): [digits(round(r["gap"], 2), lang, ndigits=2) for r in rows],
                t("opp.col.drivers", lang): [sep.join(_drivers(r)) for r in rows],
            }
        )
        if city != ALL:
            table = table.drop(columns=[t("opp.col.iranian_city", lang)])
        st.table(table, hide_index=True)

with st.expander(t("opp.model.title", lang), expanded=False):
    if not model.get("fitted"):
        st.info(t("opp.model.not_fitted", lang))
    else:
        st.markdown(t("opp.model.body", lang), text_alignment=align)
        coefs = model["coefficients"]
        terms = [f"kind_{k}" for k in KINDS] + list(TERMS)
        st.table(
            pd.DataFrame(
                {
                    t("opp.col.term", lang): [t(f"opp.term.{n}", lang) for n in terms],
                    t("opp.col.estimate", lang): [
                        digits(round(coefs[n]["estimate"], 3), lang, ndigits=3) for n in terms
                    ],
                    t("opp.col.se", lang): [
                        digits(round(coefs[n]["se"], 3), lang, ndigits=3) for n in terms
                    ],
                    t("opp.col.doubling", lang): [
                        "–"
                        if n.startswith("kind_")
                        else "×" + digits(round(2 ** coefs[n]["estimate"], 2), lang, ndigits=2)
                        for n in terms
                    ],
                }
            ),
            hide_index=True,
        )
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

# --- suggestions -----------------------------------------------------------------------------
target = TEHRAN if city == ALL and TEHRAN in names else (city if city != ALL else ALL)
if target == ALL:
    target = next(iter(names))
st.subheader(t("opp.suggest.title", lang, city=md(names[target])), text_alignment=align)
st.caption(t("opp.suggest.caption", lang), text_alignment=align)
with st.spinner(t("opp.computing", lang)):
    suggestions = analysis.suggestions(ctx.url, ctx.version, target, top, lang)
    evaluation = analysis.evaluation(ctx.url, ctx.version)
left, right = st.columns([3, 1])
with left:
    if suggestions:
        st.table(
            pd.DataFrame(
                {
                    t("stats.col.rank", lang): [
                        digits(i, lang) for i in range(1, len(suggestions) + 1)
                    ],
                    t("stats.col.city", lang): [city_name(r, lang) for r in suggestions],
                    t("city.col.country", lang): [r["country"] for r in suggestions],
                    t("opp.col.score", lang): [
                        digits(round(r["score"], 2), lang, ndigits=2) for r in suggestions
                    ],
                    t("opp.col.why", lang): [sep.join(r["reasons"]) for r in suggestions],
                }
            ),
            hide_index=True,
        )
    else:
        st.info(t("opp.suggest.none", lang))
    editor = auth.current_editor()
    if suggestions and editor:
        with st.form("propose_partner"):
            chosen = st.selectbox(
                t("opp.propose.pick", lang),
                [r["city_id"] for r in suggestions],
                format_func=lambda cid: next(
                    city_name(r, lang) for r in suggestions if r["city_id"] == cid
                ),
                key="propose_partner_city",
            )
            if st.form_submit_button(t("opp.propose.button", lang)):
                report = propose_partner(
                    data.get_store(ctx.url),
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
    elif suggestions:
        st.caption(t("opp.propose.sign_in", lang), text_alignment=align)
with right:
    st.metric(
        t("opp.auc", lang),
        digits(round(evaluation["auc"], 2), lang, ndigits=2),
        delta=t("opp.auc.delta", lang, aa=round(evaluation["auc_adamic_adar_only"], 2)),
        delta_color="gray",
        delta_arrow="off",
        help=t("opp.auc.help", lang),
        border=True,
    )
st.caption(
    t(
        "opp.auc.caption",
        lang,
        auc=round(evaluation["auc"], 2),
        held_out=evaluation["held_out"],
        chance=round(evaluation["auc"] * 100),
    ),
    text_alignment=align,
)
with st.expander(t("opp.how.title", lang)):
    st.markdown(t("opp.how.body", lang, years=years), text_alignment=align)
