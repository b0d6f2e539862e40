"""The Network page's controls (view, city, hops, kinds, metric, colours, layout, size) and
the search for the centre city; every choice is kept across pages (:func:`ui.state.keep`)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from graph.analysis.network import DEFAULT_TOP_N, HOPS, METRICS
from graph.i18n import digits, join_list, label, t
from graph.model import KINDS
from graph.names import AmbiguousCity, CityNotFound, city_name
from graph.places.countries import country_name
from graph.views.network import COLOUR_BY
from graph.views.network_layout import LAYOUTS
from ui import cache, data, state
from ui.safe_text import md
from ui.state import keep

# how many cities a city's network may show at most (a Streamlit number box writes Latin
# digits whatever the page's language; a choice of round sizes is written in its digits)
TOP_N_CHOICES = tuple(sorted({50, 100, 200, 300, 500, 1000, 2000, DEFAULT_TOP_N}))


@dataclass(frozen=True)
class NetworkChoices:
    """What the reader chose above the network."""

    view: str
    query: str
    hops: int
    kinds: tuple[str, ...]
    metric: str
    colour_by: str
    layout: str
    top_n: int


def network_controls(lang: str, scope: str, default_name: str) -> tuple[NetworkChoices, object]:
    """Draw the controls; return the choices and the column left for the physics toggle
    (drawn once the view's size is known)."""
    whole_key = "network.view.countries" if scope == "world" else "network.view.whole"
    row1 = st.columns([2, 3, 3])
    view_kind = row1[0].radio(
        t("network.view", lang),
        ("ego", "whole"),
        format_func=lambda v: t("network.view.ego" if v == "ego" else whole_key, lang),
        **keep(state.NETWORK_VIEW),
    )
    query = row1[1].text_input(
        t("network.search", lang),
        help=t("network.search_help", lang),
        disabled=view_kind != "ego",
        **keep(state.NETWORK_CITY_QUERY, default=default_name),
    )
    hops = row1[2].select_slider(
        t("network.hops", lang),
        HOPS,
        format_func=lambda n: digits(n, lang),
        help=t("network.hops_help", lang),
        disabled=view_kind != "ego",
        **keep(state.NETWORK_HOPS, valid=lambda v: v in HOPS),
    )
    row3 = st.columns([3, 2], vertical_alignment="bottom")
    kinds = row3[0].multiselect(
        t("network.kinds", lang),
        KINDS,
        format_func=lambda k: label(k, lang),
        **keep(state.NETWORK_KINDS, valid=lambda v: set(v) <= set(KINDS)),
    )
    row2 = st.columns([2, 2, 2, 2])
    metric = row2[0].selectbox(
        t("network.metric", lang),
        METRICS,
        format_func=lambda m: t(f"network.metric.{m}", lang),
        help=t("network.metric_help", lang),
        **keep(state.NETWORK_METRIC),
    )
    colour_by = row2[1].selectbox(
        t("network.colour", lang),
        COLOUR_BY,
        format_func=lambda c: t(f"network.colour.{c}", lang),
        **keep(state.NETWORK_COLOUR),
    )
    layout = row2[2].radio(
        t("network.layout", lang),
        LAYOUTS,
        format_func=lambda v: t(f"network.layout.{v}", lang),
        horizontal=True,
        **keep(state.NETWORK_LAYOUT),
    )
    top_n = row2[3].selectbox(
        t("network.top", lang),
        TOP_N_CHOICES,
        format_func=lambda n: digits(n, lang),
        disabled=view_kind != "ego",
        **keep(state.NETWORK_TOP_N, valid=lambda n: n in TOP_N_CHOICES),
    )
    choices = NetworkChoices(
        view_kind,
        query or default_name,
        hops,
        tuple(kinds or KINDS),
        metric,
        colour_by,
        layout,
        int(top_n),
    )
    return choices, row3[1]


def centre_city(source: cache.Source, choices: NetworkChoices, scope: str, lang: str) -> str:
    """The id of the city the search names, in the network of ``choices.kinds``; says why
    and stops the page when the name is unknown, ambiguous or the city has no tie."""
    query = choices.query
    try:
        with st.spinner(t("city.searching", lang)):  # a first unknown name reads GeoNames
            city = cache.city_by_name(source, query)
    except AmbiguousCity as exc:
        shown = [
            f"{city_name(c, lang)} ({country_name(c['country'], lang)})" for c in exc.candidates[:6]
        ]
        listed = join_list(shown, lang)
        st.warning(t("network.ambiguous", lang, name=md(query), names=md(listed)))
        st.stop()
    except CityNotFound as exc:
        st.warning(t("network.not_found", lang, name=md(query)))
        if exc.suggestions:
            st.caption(t("network.did_you_mean", lang, names=md(join_list(exc.suggestions, lang))))
        st.stop()
    graph = data.graph(source.url, source.version, scope, choices.kinds)
    if city["city_id"] not in graph:
        st.info(t("network.no_ties", lang, city=md(city_name(city, lang))))
        st.stop()
    return str(city["city_id"])
