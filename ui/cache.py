"""Cached results for the pages, keyed by small frozen dataclasses.

Every key holds a :class:`Source`: the database URL and the store's content hash
(``version``, from :func:`ui.data.data_version`), so an edit anywhere invalidates
everything derived from the rows. Streamlit hashes a dataclass argument by its fields
(``dataclasses.asdict``), so two equal keys share one cached value.

World-scope statistics take tens of seconds and fitting the suggestion model most of a
minute (the model is kept on disk after): both are computed once per data version, not
once per visit. What the Statistics, Map and Opportunities pages show first
(:mod:`graph.views.precompute`) is also kept on disk per store content
(:class:`graph.store.results.Results`), filled by ``python -m graph precompute``
(``run.sh`` runs it) or by the first visit, so a restart or another replica reads it back
instead of computing it again. Network positions are
computed once per (data version, view, layout) and reused on every rerun and in every
language, so a view never jumps. ``graph`` does the work and stays free of Streamlit.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import plotly.graph_objects as go
import streamlit as st

from graph.analysis.city import city_card
from graph.analysis.map_filter import MapView, filter_graph
from graph.analysis.metrics import city_metrics
from graph.analysis.network import ego_view, whole_view
from graph.analysis.suggest import evaluate_link_prediction, explain_pair
from graph.exports.timeline import write_timeline_gif
from graph.model import KINDS
from graph.places.lookup import find_city
from graph.settings import today
from graph.store.results import Results
from graph.views import precompute
from graph.views.map import map_figure
from graph.views.network import network_html
from graph.views.network_layout import layout_positions
from ui import data


@dataclass(frozen=True)
class Source:
    """The store at one content version: part of every cache key."""

    url: str
    version: str


@dataclass(frozen=True)
class NetworkSpec:
    """Which network view: the scope's ties of ``kinds``, around ``centre`` (None: the
    whole network) to ``hops`` steps, cut to ``top_n`` cities by ``metric``."""

    source: Source
    scope: str
    kinds: tuple[str, ...] = KINDS
    centre: str | None = None
    hops: int = 1
    metric: str = "partners"
    top_n: int = 300
    layout: str = "force"


@dataclass(frozen=True)
class NetworkLook:
    """How a network view is drawn: language, colours, moving nodes."""

    lang: str
    colour_by: str = "iranian"
    physics: bool = False


def _kept(source: Source, task: precompute.Task, on_disk: bool = True) -> Any:
    """``task``'s result for the store content of ``source``: read from disk when kept
    there, else computed on the page's shared graphs and kept (not kept: ``on_disk``
    false)."""

    def graph_of(scope: str) -> nx.Graph:
        return data.graph(source.url, source.version, scope)

    store = data.get_store(source.url)
    if not on_disk:
        return task.compute(graph_of, store)
    return task.run(Results(source.version), graph_of, store)


# --- Network --------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=16)
def network_view(spec: NetworkSpec) -> tuple[Any, dict]:
    """The view (``graph.views.network.NetworkView``) and its positions; shared, do not modify."""
    src = spec.source
    graph = data.graph(src.url, src.version, spec.scope, spec.kinds)
    if spec.centre is None:
        view = whole_view(graph, spec.scope, spec.metric)
    else:
        view = ego_view(graph, spec.centre, spec.hops, spec.metric, spec.top_n)
    return view, layout_positions(view.graph, spec.layout)


@st.cache_data(show_spinner=False, max_entries=16)
def network_page(spec: NetworkSpec, look: NetworkLook) -> str:
    """The standalone HTML of a view (see :func:`graph.views.network.network_html`)."""
    view, positions = network_view(spec)
    return network_html(
        view,
        look.lang,
        look.colour_by,
        positions,
        kinds=spec.kinds,
        physics=look.physics,
        exchanges=data.exchanges(spec.source.url, spec.source.version),
    )


@st.cache_data(show_spinner=False, max_entries=64)
def city_by_name(source: Source, query: str) -> dict:
    """:func:`graph.places.lookup.find_city` over all cities; its errors are raised, not cached."""
    return find_city(data.cities(source.url, source.version), query)


# --- Statistics, City card, Opportunities ---------------------------------------------------
@st.cache_data(show_spinner=False)
def stats(source: Source, scope: str) -> dict:
    """The ``stats`` contract of ``scope`` (:func:`graph.analysis.metrics.network_stats`)."""
    return _kept(source, precompute.stats_task(scope))


@st.cache_data(show_spinner=False)
def degrees(source: Source, scope: str):
    """The degree distribution of ``scope`` (partners -> number of cities)."""
    return _kept(source, precompute.degrees_task(scope))


@st.cache_data(show_spinner=False)
def top_cities_table(source: Source, scope: str, lang: str):
    """The cities of ``scope`` with most partners (Iran's with their betweenness)."""
    return _kept(source, precompute.top_cities_task(scope, lang))


@st.cache_data(show_spinner=False)
def betweenness_of(source: Source, scope: str) -> dict:
    """Exact betweenness of every city of ``scope`` (igraph)."""
    return _kept(source, precompute.betweenness_task(scope))


@st.cache_data(show_spinner=False)
def metrics_rows(source: Source, scope: str) -> list[dict]:
    """Per-city metrics of ``scope`` (:func:`graph.analysis.metrics.city_metrics`)."""
    return city_metrics(data.graph(source.url, source.version, scope))


@st.cache_data(show_spinner=False)
def card(source: Source, city_id: str) -> dict:
    """The city card (:func:`graph.analysis.city.city_card`) of ``city_id``."""
    return city_card(data.get_store(source.url), city_id)


@dataclass(frozen=True)
class OpportunityQuery:
    """Which opportunities: ties silent for ``dormant_years``, use measured by ``measure``."""

    source: Source
    dormant_years: int
    measure: str
    lang: str


@st.cache_data(show_spinner=False)
def opportunities(query: OpportunityQuery) -> dict:
    """Dormant and underused ties with the model
    (:func:`graph.analysis.opportunities.opportunities`)."""
    task = precompute.opportunities_task(query.dormant_years, query.measure, query.lang, today())
    return _kept(query.source, task)


@st.cache_data(show_spinner=False)
def air_links(source: Source):
    """Direct-flight links (routes as of June 2014)."""
    return data.get_store(source.url).air_links()


@st.cache_data(show_spinner=False)
def suggestions(source: Source, city_id: str, top: int, lang: str) -> list[dict]:
    """Suggested partners of ``city_id`` (:func:`graph.analysis.suggest.suggest_partners`),
    kept per store content."""
    return _kept(source, precompute.suggestions_task(city_id, top, lang))


@st.cache_data(show_spinner=False, max_entries=64)
def explanation(source: Source, city_id: str, other_id: str, lang: str) -> dict:
    """Why (or why not) ``other_id`` for ``city_id``
    (:func:`graph.analysis.suggest.explain_pair`)."""
    return explain_pair(
        data.cities(source.url, source.version),
        data.ties(source.url, source.version, "world"),
        air_links(source),
        city_id,
        other_id,
        lang=lang,
    )


@st.cache_data(show_spinner=False)
def evaluation(source: Source) -> dict:
    """The suggestion model's held-out figures beside its baselines (fitted once per data
    content and kept on disk, see :mod:`graph.analysis.partner_model`)."""
    return evaluate_link_prediction(
        data.cities(source.url, source.version),
        data.ties(source.url, source.version, "world"),
        air_links(source),
    )


# --- Map ------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def year_bounds(source: Source, scope: str) -> tuple[int, int] | None:
    """The first and last year a tie of ``scope`` was signed (None when no tie is dated)."""
    return _kept(source, precompute.year_bounds_task(scope))


@st.cache_resource(show_spinner=False, max_entries=16)
def filtered_graph(source: Source, view: MapView) -> nx.Graph:
    """The scope's network filtered by ``view`` (shared: do not modify it)."""
    return filter_graph(data.graph(source.url, source.version, view.scope), view)


@st.cache_data(show_spinner=False, max_entries=16)
def map_page_figure(source: Source, view: MapView) -> go.Figure:
    """The map of ``view`` (:func:`graph.views.map.map_figure`)."""
    return map_figure(filtered_graph(source, view), view)


@st.cache_data(show_spinner=False, max_entries=16)
def map_page_webgl(source: Source, view: MapView) -> dict[str, Any]:
    """The WebGL map of ``view`` (:func:`graph.views.map_webgl.map_data`)."""
    return _kept(source, precompute.map_webgl_task(view), precompute.first_view(view))


@st.cache_data(show_spinner=False, max_entries=16)
def map_counts(source: Source, view: MapView) -> tuple[int, int, int]:
    """Ties and cities on the map of ``view``, and ties its Wikidata switches hide."""
    return _kept(source, precompute.map_counts_task(view), precompute.first_view(view))


@st.cache_data(show_spinner=False, max_entries=16)
def map_years(source: Source, view: MapView):
    """Exchanges per year and kind of the ties on the map of ``view``."""
    return _kept(source, precompute.map_years_task(view), precompute.first_view(view))


@st.cache_data(show_spinner=False, max_entries=4)
def timeline_gif(source: Source, view: MapView) -> bytes:
    """The view's timeline as an animated GIF (drawn by Chromium; a few seconds)."""
    graph = data.graph(source.url, source.version, view.scope)
    with tempfile.TemporaryDirectory() as tmp:
        return write_timeline_gif(graph, view, Path(tmp) / "t.gif").read_bytes()
