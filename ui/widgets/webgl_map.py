"""The Map page's WebGL map (``static/webgl_map/``, drawn by deck.gl) as a Streamlit
component: it shows :func:`graph.views.map_webgl.map_data` and a click on a city selects
it, as a click on the plotly map does."""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from graph.views.map_webgl import ASSETS
from ui import state
from ui.widgets.map_filters import set_view

_COMPONENT = components.declare_component("city_map", path=str(ASSETS))


def _clicked() -> None:
    """``on_change`` of the map: the city the user clicked becomes the selected one."""
    value = st.session_state.get(state.MAP_WEBGL)
    city = value.get("city") if isinstance(value, dict) else None
    if isinstance(city, str) and city:
        set_view(city=city)


def webgl_map(data: dict[str, Any], revision: str) -> None:
    """Show the map ``data``; ``revision`` changes whenever the data does (the browser
    redraws only then, keeping the user's zoom and pan)."""
    _COMPONENT(data=data, revision=revision, key=state.MAP_WEBGL, default=None, on_change=_clicked)
