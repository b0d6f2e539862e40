"""Cached results for the Statistics, City and Opportunities pages.

Everything is keyed by the database URL and the store's content hash (``version``, from
:func:`ui.data.data_version`), so an edit anywhere invalidates it. World-scope statistics
take several seconds and the link-prediction evaluation about one: both are computed once
per data version, not once per visit.
"""

from __future__ import annotations

import streamlit as st

from graph.analysis.city import city_card
from graph.analysis.metrics import betweenness, city_metrics, network_stats
from graph.analysis.opportunities import opportunities as find_opportunities
from graph.analysis.suggest import evaluate_link_prediction, suggest_partners
from graph.views.statistics import degree_distribution
from ui import data


@st.cache_data(show_spinner=False)
def stats(url: str, version: str, scope: str) -> dict:
    """The ``stats`` contract of ``scope`` (:func:`graph.analysis.metrics.network_stats`)."""
    return network_stats(data.graph(url, version, scope), scope)


@st.cache_data(show_spinner=False)
def degrees(url: str, version: str, scope: str):
    """The degree distribution of ``scope`` (partners -> number of cities)."""
    return degree_distribution(data.graph(url, version, scope))


@st.cache_data(show_spinner=False)
def betweenness_of(url: str, version: str, scope: str) -> dict:
    """Exact betweenness of every city of ``scope`` (igraph)."""
    return betweenness(data.graph(url, version, scope))


@st.cache_data(show_spinner=False)
def metrics_rows(url: str, version: str, scope: str) -> list[dict]:
    """Per-city metrics of ``scope`` (:func:`graph.analysis.metrics.city_metrics`)."""
    return city_metrics(data.graph(url, version, scope))


@st.cache_data(show_spinner=False)
def card(url: str, version: str, city_id: str) -> dict:
    """The city card (:func:`graph.analysis.city.city_card`) of ``city_id``."""
    return city_card(data.get_store(url), city_id)


@st.cache_data(show_spinner=False)
def opportunities(url: str, version: str, dormant_years: int, measure: str, lang: str) -> dict:
    """Dormant and underused ties with the model
    (:func:`graph.analysis.opportunities.opportunities`)."""
    return find_opportunities(
        data.get_store(url), dormant_years=dormant_years, measure=measure, lang=lang
    )


@st.cache_data(show_spinner=False)
def air_links(url: str, version: str):
    """Direct-flight links (routes as of June 2014)."""
    return data.get_store(url).air_links()


@st.cache_data(show_spinner=False)
def suggestions(url: str, version: str, city_id: str, top: int, lang: str) -> list[dict]:
    """Suggested partners of ``city_id`` (:func:`graph.analysis.suggest.suggest_partners`)."""
    return suggest_partners(
        data.cities(url, version),
        data.ties(url, version, "world"),
        air_links(url, version),
        city_id,
        top=top,
        lang=lang,
    )


@st.cache_data(show_spinner=False)
def evaluation(url: str, version: str) -> dict:
    """Held-out AUC of the suggestion score on the world network."""
    return evaluate_link_prediction(
        data.cities(url, version), data.ties(url, version, "world"), air_links(url, version)
    )
