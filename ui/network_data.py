"""Cached network views for the Network page: graph cut, layout and HTML.

Positions are computed once per (data version, view, layout) and reused on every rerun
and in every language, so a view never jumps; the HTML is cached per language and
encoding as well. ``graph/views/network.py`` does the work and stays free of Streamlit.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from graph.analysis.network import ego_view, whole_view
from graph.places.lookup import find_city
from graph.views.network import network_html
from graph.views.network_layout import layout_positions
from ui import data


@st.cache_resource(show_spinner=False, max_entries=16)
def network_view(
    url: str,
    version: str,
    scope: str,
    kinds: tuple[str, ...],
    centre: str | None,
    hops: int,
    metric: str,
    top_n: int,
    layout: str,
) -> tuple[Any, dict]:
    """The view (a ``graph.analysis.network.NetworkView``) and its positions; shared: do
    not modify."""
    graph = data.graph(url, version, scope, kinds)
    if centre is None:
        view = whole_view(graph, scope, metric)
    else:
        view = ego_view(graph, centre, hops, metric, top_n)
    return view, layout_positions(view.graph, layout)


@st.cache_data(show_spinner=False, max_entries=16)
def network_page(
    url: str,
    version: str,
    scope: str,
    kinds: tuple[str, ...],
    centre: str | None,
    hops: int,
    metric: str,
    top_n: int,
    layout: str,
    lang: str,
    colour_by: str,
    physics: bool,
) -> str:
    """The standalone HTML of a view (see :func:`graph.views.network.network_html`)."""
    view, positions = network_view(url, version, scope, kinds, centre, hops, metric, top_n, layout)
    return network_html(
        view,
        lang,
        colour_by,
        positions,
        kinds=kinds,
        physics=physics,
        exchanges=data.exchanges(url, version),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def city_by_name(url: str, version: str, query: str) -> dict:
    """:func:`graph.places.lookup.find_city` over all cities; its errors are raised, not cached."""
    return find_city(data.cities(url, version), query)
