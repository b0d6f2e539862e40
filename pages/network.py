"""Network: a city's partners and their partners, or the whole network, as a graph."""

from __future__ import annotations

import streamlit as st

from graph.analysis.network import DEFAULT_TOP_N, HOPS, METRICS
from graph.i18n import digits, join_list, label, t
from graph.model import KINDS, TEHRAN
from graph.names import AmbiguousCity, CityNotFound
from graph.views.network import COLOUR_BY, PHYSICS_NODE_LIMIT
from graph.views.network_layout import LAYOUTS
from ui import city_name, data, page_setup, stop_on_error
from ui.network_data import city_by_name, network_page, network_view
from ui.safe_text import md
from ui.style import text_align

CITY_QUERY = "network_city_query"
VIEW = "network_view"
HOPS_KEY = "network_hops"
METRIC = "network_metric"
COLOUR = "network_colour"
LAYOUT = "network_layout"
KINDS_KEY = "network_kinds"
PHYSICS = "network_physics"
TOP_N = "network_top_n"
# partners of partners, sized by betweenness: the brokers stand out at first sight
DEFAULT_METRIC = "betweenness"
IFRAME_HEIGHT = 720

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("network.title", lang), text_alignment=align)
st.caption(t("network.intro", lang), text_alignment=align)
stop_on_error(ctx)

cities = data.cities(ctx.url, ctx.version)
whole_key = "network.view.countries" if ctx.scope == "world" else "network.view.whole"
row1 = st.columns([2, 3, 3])
view_kind = row1[0].radio(
    t("network.view", lang),
    ("ego", "whole"),
    format_func=lambda v: t("network.view.ego" if v == "ego" else whole_key, lang),
    key=VIEW,
)
default_name = city_name(cities[cities["city_id"] == TEHRAN].iloc[0].to_dict(), lang)
query = row1[1].text_input(
    t("network.search", lang),
    value=default_name,
    key=CITY_QUERY,
    help=t("network.search_help", lang),
    disabled=view_kind != "ego",
)
hops = row1[2].select_slider(
    t("network.hops", lang),
    HOPS,
    value=2,
    format_func=lambda n: digits(n, lang),
    key=HOPS_KEY,
    help=t("network.hops_help", lang),
    disabled=view_kind != "ego",
)
row3 = st.columns([3, 2], vertical_alignment="bottom")
kinds = row3[0].multiselect(
    t("network.kinds", lang),
    KINDS,
    default=list(KINDS),
    format_func=lambda k: label(k, lang),
    key=KINDS_KEY,
)
row2 = st.columns([2, 2, 2, 2])
metric = row2[0].selectbox(
    t("network.metric", lang),
    METRICS,
    index=METRICS.index(DEFAULT_METRIC),
    format_func=lambda m: t(f"network.metric.{m}", lang),
    key=METRIC,
    help=t("network.metric_help", lang),
)
colour_by = row2[1].selectbox(
    t("network.colour", lang),
    COLOUR_BY,
    format_func=lambda c: t(f"network.colour.{c}", lang),
    key=COLOUR,
)
layout = row2[2].radio(
    t("network.layout", lang),
    LAYOUTS,
    format_func=lambda v: t(f"network.layout.{v}", lang),
    key=LAYOUT,
    horizontal=True,
)
top_n = int(
    row2[3].number_input(
        t("network.top", lang),
        min_value=20,
        max_value=2000,
        value=DEFAULT_TOP_N,
        step=20,
        key=TOP_N,
        disabled=view_kind != "ego",
    )
)

centre = None
if view_kind == "ego":
    try:
        with st.spinner(t("city.searching", lang)):  # a first unknown name reads GeoNames
            city = city_by_name(ctx.url, ctx.version, query or default_name)
    except AmbiguousCity as exc:
        found = [f"{city_name(c, lang)} ({c['country']})" for c in exc.candidates[:6]]
        listed = join_list(found, lang)
        st.warning(t("network.ambiguous", lang, name=md(query), names=md(listed)))
        st.stop()
    except CityNotFound as exc:
        st.warning(t("network.not_found", lang, name=md(query)))
        if exc.suggestions:
            st.caption(t("network.did_you_mean", lang, names=md(join_list(exc.suggestions, lang))))
        st.stop()
    graph = data.graph(ctx.url, ctx.version, ctx.scope, tuple(kinds or KINDS))
    if city["city_id"] not in graph:
        st.info(t("network.no_ties", lang, city=md(city_name(city, lang))))
        st.stop()
    centre = city["city_id"]
elif ctx.scope == "world":
    st.caption(t("network.countries_note", lang), text_alignment=align)

spec = (ctx.url, ctx.version, ctx.scope, tuple(kinds or KINDS), centre, hops, metric, top_n)
view, _ = network_view(*spec, layout)
nodes = view.graph.number_of_nodes()
physics = (
    row3[1].toggle(
        t("network.physics", lang),
        value=False,
        key=PHYSICS,
        help=t("network.physics_help", lang, n=PHYSICS_NODE_LIMIT),
        disabled=nodes > PHYSICS_NODE_LIMIT,
    )
    and nodes <= PHYSICS_NODE_LIMIT
)
st.caption(
    t("network.summary", lang, nodes=nodes, edges=view.graph.number_of_edges()),
    text_alignment=align,
)
if view.dropped:
    st.info(
        t(
            "network.cut",
            lang,
            pool=view.pool,
            shown=nodes,
            metric=t(f"network.metric.{metric}", lang),
        )
    )
page = network_page(*spec, layout, lang, colour_by, physics)
st.iframe(page, height=IFRAME_HEIGHT)
st.download_button(
    t("network.download", lang),
    data=page.encode("utf-8"),
    file_name=f"network_{lang}.html",
    mime="text/html",
    key="network_download",
)
