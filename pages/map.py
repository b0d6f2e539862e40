"""Map: ties as arcs on an offline world map, with filters, a timeline and city cards."""

from __future__ import annotations

import time

import streamlit as st

from graph.analysis.city import partner_counts, partner_rows
from graph.exports.images import RenderError
from graph.i18n import t
from graph.names import city_name, listed_names_note
from graph.views.map_webgl import webgl_drawn
from graph.views.overview import exchanges_by_year_chart
from ui import cache, data, state
from ui.page import page_setup, stop_on_error
from ui.safe_text import md
from ui.style import text_align
from ui.tables import map_partner_table
from ui.widgets import map_filters
from ui.widgets.webgl_map import webgl_map

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
bounds = cache.year_bounds(ctx.source, view.scope)
map_filters.sidebar_filters(view, bounds)
if bounds:  # the network as it stood in a year (ties signed up to then)
    map_filters.timeline(st.session_state[state.MAP_VIEW], bounds)
view = st.session_state[state.MAP_VIEW]

map_filters.write_query(view)

left, right = st.columns([2, 1])
with left:
    if webgl_drawn(view) and not st.session_state.get(state.MAP_SVG):
        with st.spinner(t("mapview.drawing", lang)):
            drawn = cache.map_page_webgl(ctx.source, view)
        webgl_map(drawn, revision=f"{ctx.version}|{view!r}")
    else:
        with st.spinner(t("mapview.drawing", lang)):
            figure = cache.map_page_figure(ctx.source, view)
        st.plotly_chart(
            figure,
            width="stretch",
            theme=None,
            config=PLOTLY_CONFIG,
            key=state.MAP_CHART,
            on_select=map_filters.select_city_from_chart,
            selection_mode="points",
        )
    if webgl_drawn(view):
        st.toggle(
            t("mapview.svg_toggle", lang),
            key=state.MAP_SVG,
            help=t("mapview.svg_toggle.help", lang),
        )
    ties, cities, hidden = cache.map_counts(ctx.source, view)
    counts = t("mapview.counts", lang, ties=ties, cities=cities)
    if hidden:
        counts = f"{counts}. {t('mapview.hidden', lang, n=hidden)}"
    notes = (counts, t("mapview.caption", lang), t("mapview.width_note", lang))
    st.caption(" ".join(notes), text_alignment=align)
    st.caption(t("overview.attribution", lang), text_alignment=align)

with right:
    city, network = None, None
    if view.city:
        with st.spinner(t("mapview.loading", lang)):
            network = data.graph(ctx.url, ctx.version, view.scope)
        city = view.city if view.city in network else None
    if city is None:
        st.info(t("mapview.card.hint", lang))
    else:
        title = t("mapview.card.title", lang, city=md(city_name(network.nodes[city], lang)))
        st.subheader(title, text_alignment=align)
        rows = partner_rows(network, city)
        active = sum(1 for r in rows if r["exchanges"])
        summary = t("mapview.card.summary", lang, partners=len(rows), active=active)
        hidden_partners = partner_counts(rows, view)["hidden_on_map"]
        if hidden_partners:
            summary = f"{summary}. {t('mapview.card.hidden', lang, n=hidden_partners)}"
        st.caption(summary, text_alignment=align)
        st.dataframe(map_partner_table(rows, lang), hide_index=True, width="stretch", height=420)
        if note := listed_names_note(rows, lang):
            st.caption(note, text_alignment=align)
        if st.button(t("mapview.card.clear", lang), key=state.MAP_CLEAR_CITY):
            map_filters.set_view(city=None)
            st.rerun()

with st.spinner(t("mapview.loading", lang)):
    table = cache.map_years(ctx.source, view)
if len(table):
    chart = exchanges_by_year_chart(table, lang)
    chart.update_layout(height=300, title_text=t("mapview.chart.title", lang))
    st.plotly_chart(
        chart, width="stretch", theme=None, config=PLOTLY_CONFIG, key=state.MAP_YEARS_CHART
    )

if bounds and st.toggle(t("timeline.gif.toggle", lang), key=state.MAP_MAKE_GIF):
    with st.spinner(t("timeline.gif.making", lang)):
        try:
            gif = cache.timeline_gif(ctx.source, view)
        except RenderError as exc:
            st.error(t("timeline.gif.failed", lang, error=str(exc)))
        else:
            st.download_button(
                t("timeline.gif.download", lang),
                gif,
                file_name="timeline.gif",
                mime="image/gif",
                key=state.MAP_GIF_DOWNLOAD,
            )

if bounds and st.session_state.get(state.MAP_PLAYING):
    time.sleep(PLAY_STEP_SECONDS)
    following = (view.year or bounds[0]) + 1
    if following > bounds[1]:
        st.session_state[state.MAP_PLAYING] = False
        map_filters.set_view(year=None)
    else:
        map_filters.set_view(year=following)
    st.rerun()
