"""Map: ties as arcs on an offline world map, with filters, a timeline and city cards."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from graph.analysis.city import partner_rows
from graph.analysis.map_filter import exchanges_by_year
from graph.exports.images import RenderError
from graph.i18n import digits, gregorian_and_jalali, jalali, join_list, label, t
from graph.model import KINDS
from graph.views.overview import exchanges_by_year_chart
from ui import city_name, data, map_filters, page_setup, stop_on_error
from ui.safe_text import md
from ui.style import text_align

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "scrollZoom": True}
PLAY_STEP_SECONDS = 1.2

# A shared link opens this page directly; keep the wide layout app.py asks for.
st.set_page_config(layout="wide")
map_filters.restore_from_query()
ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("mapview.page_title", lang), text_alignment=align)
st.caption(t("mapview.intro", lang), text_alignment=align)
stop_on_error(ctx)

view = map_filters.current_view(lang, ctx.scope, ctx.iran_cities)
bounds = map_filters.year_bounds(ctx.url, ctx.version, view.scope)
map_filters.sidebar_filters(view, bounds)
view = st.session_state[map_filters.VIEW]

# Timeline: the network as it stood in a year (ties signed up to then).
if bounds:
    years = list(range(bounds[0], bounds[1] + 1))
    options = [*years, None]
    year = view.year if view.year in years else None
    st.session_state["map_w_year"] = year
    timeline, play = st.columns([4, 1], vertical_alignment="bottom")
    timeline.select_slider(
        t("mapview.timeline", lang),
        options,
        format_func=lambda y: (
            t("mapview.timeline.all", lang) if y is None else gregorian_and_jalali(y, lang)
        ),
        key="map_w_year",
        on_change=lambda: map_filters.set_view(year=st.session_state["map_w_year"]),
    )
    playing = bool(st.session_state.get(map_filters.PLAYING))
    if play.button(
        t("mapview.timeline.stop" if playing else "mapview.timeline.play", lang),
        key="map_play",
        width="stretch",
    ):
        playing = not playing
        st.session_state[map_filters.PLAYING] = playing
        if playing:
            map_filters.set_view(year=years[0])
    view = st.session_state[map_filters.VIEW]

map_filters.write_query(view)
shown = map_filters.filtered_graph(ctx.url, ctx.version, view)

left, right = st.columns([2, 1])
with left:
    st.plotly_chart(
        map_filters.figure(ctx.url, ctx.version, view),
        width="stretch",
        theme=None,
        config=PLOTLY_CONFIG,
        key=map_filters.CHART_KEY,
        on_select=map_filters.select_city_from_chart,
        selection_mode="points",
    )
    st.caption(
        t(
            "mapview.counts",
            lang,
            ties=shown.number_of_edges(),
            cities=shown.number_of_nodes(),
        )
        + " "
        + t("mapview.caption", lang)
        + " "
        + t("mapview.width_note", lang),
        text_alignment=align,
    )
    st.caption(t("overview.attribution", lang), text_alignment=align)

with right:
    network = data.graph(ctx.url, ctx.version, view.scope)
    city = view.city if view.city in network else None
    if city is None:
        st.info(t("mapview.card.hint", lang))
    else:
        node = network.nodes[city]
        st.subheader(
            t("mapview.card.title", lang, city=md(city_name(node, lang))), text_alignment=align
        )
        rows = partner_rows(network, city)
        active = sum(1 for r in rows if r["exchanges"])
        st.caption(
            t("mapview.card.summary", lang, partners=len(rows), active=active),
            text_alignment=align,
        )

        def exchanges_text(row: dict) -> str:
            counts = row["exchanges_by_kind"]
            parts = [f"{label(k, lang)} {digits(counts[k], lang)}" for k in KINDS if counts[k]]
            return join_list(parts, lang) if parts else digits(0, lang)

        table = pd.DataFrame(
            {
                t("mapview.col.partner", lang): [
                    f"{city_name(r, lang)} ({r['country']})" for r in rows
                ],
                t("mapview.col.relation", lang): [label(r["relation"], lang) for r in rows],
                t("mapview.col.since", lang): [
                    jalali(r["since"], lang)
                    if lang == "fa" or r["since"] is None
                    else str(r["since"])
                    for r in rows
                ],
                t("mapview.col.evidence", lang): [label(r["evidence"], lang) for r in rows],
                t("mapview.col.exchanges", lang): [exchanges_text(r) for r in rows],
            }
        )
        st.dataframe(table, hide_index=True, width="stretch", height=420)
        if st.button(t("mapview.card.clear", lang), key="map_clear_city"):
            map_filters.set_view(city=None)
            st.rerun()

table = exchanges_by_year(data.exchanges(ctx.url, ctx.version), shown, view)
if len(table):
    chart = exchanges_by_year_chart(table, lang)
    chart.update_layout(height=300, title_text=t("mapview.chart.title", lang))
    st.plotly_chart(chart, width="stretch", theme=None, config=PLOTLY_CONFIG, key="map_years")

if bounds and st.toggle(t("timeline.gif.toggle", lang), key="map_make_gif"):
    with st.spinner(t("timeline.gif.making", lang)):
        try:
            gif = map_filters.timeline_gif(ctx.url, ctx.version, view)
        except RenderError as exc:
            st.error(t("timeline.gif.failed", lang, error=str(exc)))
        else:
            st.download_button(
                t("timeline.gif.download", lang),
                gif,
                file_name="timeline.gif",
                mime="image/gif",
                key="map_gif_download",
            )

if bounds and st.session_state.get(map_filters.PLAYING):
    time.sleep(PLAY_STEP_SECONDS)
    following = (view.year or bounds[0]) + 1
    if following > bounds[1]:
        st.session_state[map_filters.PLAYING] = False
        map_filters.set_view(year=None)
    else:
        map_filters.set_view(year=following)
    st.rerun()
