"""Network: a city's partners and their partners, or the whole network, as a graph."""

from __future__ import annotations

import streamlit as st

from graph.i18n import t
from graph.model import TEHRAN
from graph.names import city_name
from graph.views.network import PHYSICS_NODE_LIMIT
from ui import cache, data, state
from ui.page import page_setup, stop_on_error
from ui.state import keep
from ui.style import text_align
from ui.widgets.network_controls import centre_city, network_controls

IFRAME_HEIGHT = 720

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("network.title", lang), text_alignment=align)
st.caption(t("network.intro", lang), text_alignment=align)
stop_on_error(ctx)

cities = data.cities(ctx.url, ctx.version)
default_name = city_name(cities[cities["city_id"] == TEHRAN].iloc[0].to_dict(), lang)
choices, physics_column = network_controls(lang, ctx.scope, default_name)

centre = None
if choices.view == "ego":
    centre = centre_city(ctx.source, choices, ctx.scope, lang)
elif ctx.scope == "world":
    st.caption(t("network.countries_note", lang), text_alignment=align)

spec = cache.NetworkSpec(
    ctx.source,
    ctx.scope,
    choices.kinds,
    centre,
    choices.hops,
    choices.metric,
    choices.top_n,
    choices.layout,
)
view, _ = cache.network_view(spec)
nodes = view.graph.number_of_nodes()
physics = (
    physics_column.toggle(
        t("network.physics", lang),
        help=t("network.physics_help", lang, n=PHYSICS_NODE_LIMIT),
        disabled=nodes > PHYSICS_NODE_LIMIT,
        **keep(state.NETWORK_PHYSICS),
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
            metric=t(f"network.metric.{choices.metric}", lang),
        )
    )
page = cache.network_page(spec, cache.NetworkLook(lang, choices.colour_by, physics))
st.iframe(page, height=IFRAME_HEIGHT)
st.download_button(
    t("network.download", lang),
    data=page.encode("utf-8"),
    file_name=f"network_{lang}.html",
    mime="text/html",
    key=state.NETWORK_DOWNLOAD,
)
