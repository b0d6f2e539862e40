"""Overview: the partner network of Iranian cities in numbers, on a map and in charts."""

from __future__ import annotations

import streamlit as st

from graph.i18n import join_list, t
from graph.names import city_name
from graph.views.overview import (
    exchanges_by_kind_chart,
    exchanges_by_year_chart,
    overview_map,
    ties_by_evidence_chart,
)
from ui import data, state
from ui.page import page_setup, stop_on_error
from ui.safe_text import md
from ui.style import text_align
from ui.tables import headline_cards

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("overview.title", lang), text_alignment=align)
st.caption(t("overview.intro", lang), text_alignment=align)
stop_on_error(ctx)

summary = data.overview(ctx.url, ctx.version)
if summary["ties"] == 0:
    st.info(t("error.no_ties", lang))
    st.stop()
if ctx.scope == "world":
    st.info(t("overview.world_note", lang))

for card, (label, value, delta, about) in zip(
    st.columns(4), headline_cards(summary, lang), strict=True
):
    card.metric(
        label,
        value,
        delta=delta,
        delta_color="gray",
        delta_arrow="off",
        help=about,
        border=True,
    )

nodes, edges = data.overview_map_data(ctx.url, ctx.version)
if ctx.iran_cities:
    chosen = nodes[nodes["city_id"].isin(ctx.iran_cities)].to_dict("records")
    names = join_list([city_name(r, lang) for r in chosen], lang)
    st.caption(t("overview.focus_note", lang, cities=md(names)), text_alignment=align)
st.plotly_chart(
    overview_map(nodes, edges, lang, focus_city_ids=ctx.iran_cities),
    width="stretch",
    theme=None,
    config=PLOTLY_CONFIG,
    key=state.OVERVIEW_MAP,
)
st.caption(t("map.caption", lang), text_alignment=align)

st.subheader(t("overview.section.charts", lang), text_alignment=align)
left, right = st.columns(2)
left.plotly_chart(
    ties_by_evidence_chart(summary["ties_by_evidence_relation"], lang),
    width="stretch",
    theme=None,
    config=PLOTLY_CONFIG,
    key=state.TIES_BY_EVIDENCE,
)
right.plotly_chart(
    exchanges_by_kind_chart(summary["exchanges_by_kind"], lang),
    width="stretch",
    theme=None,
    config=PLOTLY_CONFIG,
    key=state.EXCHANGES_BY_KIND,
)
st.plotly_chart(
    exchanges_by_year_chart(summary["exchanges_by_year_kind"], lang),
    width="stretch",
    theme=None,
    config=PLOTLY_CONFIG,
    key=state.EXCHANGES_BY_YEAR,
)
if summary["undated_exchanges"]:
    st.caption(t("chart.undated", lang, n=summary["undated_exchanges"]), text_alignment=align)

with st.expander(t("overview.how.title", lang)):
    st.markdown(
        t(
            "overview.how.body",
            lang,
            tehran=summary["article_tehran_partners"],
            partners=summary["article_foreign_partners"],
        ),
        text_alignment=align,
    )
st.caption(t("overview.attribution", lang), text_alignment=align)
