"""Opportunities: dormant ties, ties far below what they could carry, and suggested partners."""

from __future__ import annotations

import streamlit as st

from graph.i18n import digits, label, t
from graph.model import KINDS
from graph.settings import SETTINGS
from ui import cache, data, opportunities, state
from ui.opportunities import ALL, DORMANT_YEARS
from ui.page import page_setup, stop_on_error
from ui.safe_text import md
from ui.state import keep
from ui.style import text_align
from ui.tables import dormant_table, suggestions_table, underused_table
from ui.widgets import auth
from ui.widgets.city_picker import opportunities_city
from ui.widgets.sliders import number_slider

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("opp.title", lang), text_alignment=align)
st.caption(t("opp.intro", lang), text_alignment=align)
stop_on_error(ctx)

names = ctx.iranian_names
if not names:
    st.info(t("error.no_ties", lang))
    st.stop()
c1, c2, c3 = st.columns([2, 2, 2])
city = opportunities_city(c1, names, ctx.iran_cities, lang)
years = number_slider(
    c2,
    t("opp.dormant_years", lang),
    DORMANT_YEARS,
    lang,
    help=t("opp.dormant_years_help", lang),
    **keep(state.OPP_YEARS, valid=lambda v: v in DORMANT_YEARS),
)
measure = c3.radio(
    t("opp.measure", lang),
    ("intensity", "decayed"),
    format_func=lambda m: t(f"opp.measure.{m}", lang),
    horizontal=True,
    **keep(state.OPP_MEASURE),
)
top = int(SETTINGS["top_n"].default)
one_city = city != ALL

with st.spinner(t("opp.computing", lang)):
    result = cache.opportunities(cache.OpportunityQuery(ctx.source, years, measure, lang))

# --- dormant -------------------------------------------------------------------------------
dormant = opportunities.for_city(result["dormant"], city)
st.subheader(t("opp.dormant.title", lang, n=len(dormant)), text_alignment=align)
st.caption(t("howto.dormant", lang, years=years), text_alignment=align)
if dormant:
    st.dataframe(dormant_table(dormant, lang, one_city), hide_index=True, width="stretch")
else:
    st.success(t("opp.dormant.none", lang))

# --- underused -----------------------------------------------------------------------------
st.subheader(t("opp.underused.title", lang), text_alignment=align)
st.caption(opportunities.underused_caption(result, lang), text_alignment=align)
underused = opportunities.for_city(result["underused"], city)
reasons = opportunities.reasons_for(city, lang)
for kind, tab in zip(KINDS, st.tabs([label(k, lang) for k in KINDS]), strict=True):
    rows = [r for r in underused if r["kind"] == kind][:top]
    with tab:
        if rows:
            st.table(underused_table(rows, lang, one_city, reasons), hide_index=True)
        else:
            st.info(t("opp.underused.none", lang))
opportunities.model_expander(result["model"], lang)

# --- suggestions -----------------------------------------------------------------------------
target = opportunities.suggestion_target(city, names)
st.subheader(t("opp.suggest.title", lang, city=md(names[target])), text_alignment=align)
st.caption(t("opp.suggest.caption", lang), text_alignment=align)
with st.spinner(t("opp.computing", lang)):
    suggestions = cache.suggestions(ctx.source, target, top, lang)
    evaluation = cache.evaluation(ctx.source)
left, right = st.columns([3, 1])
with left:
    if suggestions:
        st.table(suggestions_table(suggestions, lang), hide_index=True)
    else:
        st.info(t("opp.suggest.none", lang))
    editor = auth.current_editor()
    if suggestions and editor:
        opportunities.propose_form(ctx.url, target, suggestions, editor, lang)
    elif suggestions:
        st.caption(t("opp.propose.sign_in", lang), text_alignment=align)
if evaluation is not None:  # a network too small to learn from has no model
    with right:
        st.metric(
            t("opp.auc", lang),
            digits(round(evaluation["auc"], 2), lang, ndigits=2),
            delta=t(
                "opp.auc.delta",
                lang,
                aa=digits(round(evaluation["baselines"]["adamic_adar"]["auc"], 2), lang, 2),
            ),
            delta_color="gray",
            delta_arrow="off",
            help=t("opp.auc.help", lang),
            border=True,
        )
    st.caption(
        t(
            "opp.auc.caption",
            lang,
            auc=digits(round(evaluation["auc"], 2), lang, 2),
            held_out=digits(evaluation["held_out"], lang),
            chance=digits(round(evaluation["auc"] * 100), lang),
            hits=digits(round(evaluation["hits_at_10"] * 100), lang),
            hits_aa=digits(round(evaluation["baselines"]["adamic_adar"]["hits_at_10"] * 100), lang),
        ),
        text_alignment=align,
    )
    opportunities.model_card(evaluation, lang)
    opportunities.explain_box(
        ctx.source, target, data.cities(ctx.source.url, ctx.source.version), lang
    )
with st.expander(t("opp.how.title", lang)):
    st.markdown(t("opp.how.body", lang, years=years), text_alignment=align)
