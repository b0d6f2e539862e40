"""Statistics: the Iran and world tie networks in numbers, beside the published KONECT figures."""

from __future__ import annotations

import streamlit as st

from graph.analysis.geography import GROUPINGS
from graph.i18n import digits, t
from graph.views.statistics import (
    KONECT_TWIN,
    comparison_table,
    degree_figure,
    ties_map_figure,
)
from ui import cache, data, state
from ui.page import page_setup, stop_on_error
from ui.state import keep
from ui.style import text_align

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("stats.title", lang), text_alignment=align)
st.caption(t("stats.intro", lang), text_alignment=align)
stop_on_error(ctx)

# Iran's figures first (quick); the world's, tens of seconds when not kept
# (python -m graph precompute), fill their places as they come.
iran = cache.stats(ctx.source, "iran")
st.subheader(t("stats.table.title", lang), text_alignment=align)
table = st.empty()
st.caption(t("stats.table.caption", lang), text_alignment=align)
cards = st.columns(3)
cards[0].metric(t("metric.iranian_cities", lang), digits(iran["iranian_cities"], lang))
cards[1].metric(t("metric.foreign_partners", lang), digits(iran["world_partners"], lang))
with table.container(), st.spinner(t("stats.computing", lang)):
    world = cache.stats(ctx.source, "world")
table.table(comparison_table(iran, world, lang), hide_index=True)
cards[2].metric(
    t("stats.largest_share", lang),
    t("stats.share", lang, share=round(100 * world["largest_component"] / world["nodes"])),
)

with st.spinner(t("stats.computing", lang)):
    degrees = {scope: cache.degrees(ctx.source, scope) for scope in ("iran", "world")}
st.plotly_chart(
    degree_figure(degrees, lang),
    width="stretch",
    theme=None,
    config=PLOTLY_CONFIG,
    key=state.DEGREE_DISTRIBUTION,
)
st.caption(t("stats.degree.caption", lang), text_alignment=align)

st.subheader(t("stats.top.title", lang), text_alignment=align)
left, right = st.columns(2)
for column, scope in ((left, "iran"), (right, "world")):
    with column:
        st.markdown(f"**{t(f'stats.col.{scope}', lang)}**", text_alignment=align)
        with st.spinner(t("stats.computing", lang)):
            top = cache.top_cities_table(ctx.source, scope, lang)
        st.table(top, hide_index=True)

st.subheader(t("stats.map.heading", lang), text_alignment=align)
grouping = st.radio(
    t("stats.map.grouping", lang),
    GROUPINGS,
    format_func=lambda g: t(f"stats.map.grouping.{g}", lang),
    horizontal=True,
    **keep(state.STATS_MAP_GROUPING),
)
st.plotly_chart(
    ties_map_figure(data.area_ties(ctx.url, ctx.version, ctx.scope, grouping), grouping, lang),
    width="stretch",
    theme=None,
    config=PLOTLY_CONFIG,
    key=state.STATS_MAP,
)
st.caption(t("stats.map.caption", lang), text_alignment=align)

with st.expander(t("stats.differ.title", lang), expanded=True):
    st.markdown(
        t(
            "stats.differ.body",
            lang,
            nodes=world["nodes"],
            edges=world["edges"],
            konect_nodes=int(KONECT_TWIN["nodes"]),
            konect_edges=int(KONECT_TWIN["edges"]),
            max_degree=world["max_degree"],
            clustering=round(world["clustering"], 3),
        ),
        text_alignment=align,
    )
with st.expander(t("stats.how.title", lang)):
    st.markdown(t("stats.how.body", lang), text_alignment=align)
