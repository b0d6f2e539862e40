"""What the slow pages show, as named results kept per store content.

Each result is a :class:`Task`: a key (plain values) and how to compute it from the
scope's graph and the store. The pages (``ui/cache.py``) and ``python -m graph
precompute`` use the same tasks and keys, so what the command computed is what a page
reads back (:class:`graph.store.results.Results`). :func:`ready_tasks` lists what the
Statistics page, the world and Iran maps and the Opportunities page need on a first
visit, in both languages.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from graph.analysis.build import build_graph
from graph.analysis.map_filter import (
    MapView,
    exchanges_by_year,
    filter_graph,
    hidden_by_evidence,
)
from graph.analysis.metrics import betweenness, network_stats
from graph.analysis.opportunities import opportunities
from graph.analysis.suggest import suggest_partners
from graph.i18n import LANGS, t
from graph.model import SCOPES, TEHRAN
from graph.settings import default
from graph.settings import today as current_day
from graph.store.engine import Store
from graph.store.results import Results
from graph.views.map_webgl import map_data
from graph.views.statistics import degree_distribution, top_cities

__all__ = [
    "Task",
    "first_view",
    "betweenness_task",
    "degrees_task",
    "map_counts_task",
    "map_years_task",
    "map_webgl_task",
    "opportunities_task",
    "precompute",
    "ready_tasks",
    "stats_task",
    "suggestions_task",
    "top_cities_task",
    "year_bounds_task",
]

GraphOf = Callable[[str], nx.Graph]


@dataclass(frozen=True)
class Task:
    """One kept result: ``key`` names it; ``compute(graph_of, store)`` makes it, where
    ``graph_of(scope)`` is the scope's tie network (built once and shared)."""

    key: tuple
    compute: Callable[[GraphOf, Store], Any]

    def run(self, results: Results, graph_of: GraphOf, store: Store) -> Any:
        """The kept result, computed and kept when missing."""
        return results.fetch(self.key, lambda: self.compute(graph_of, store))


def stats_task(scope: str) -> Task:
    """``stats`` of ``scope`` (:func:`graph.analysis.metrics.network_stats`)."""
    return Task(("stats", scope), lambda g, _: network_stats(g(scope), scope))


def degrees_task(scope: str) -> Task:
    """The degree distribution of ``scope``."""
    return Task(("degrees", scope), lambda g, _: degree_distribution(g(scope)))


def betweenness_task(scope: str) -> Task:
    """Exact betweenness of every city of ``scope``."""
    return Task(("betweenness", scope), lambda g, _: betweenness(g(scope)))


def top_cities_task(scope: str, lang: str) -> Task:
    """The Statistics page's table of the cities with most partners; Iran's with each
    city's betweenness beside it."""

    def compute(graph_of: GraphOf, store: Store):
        graph = graph_of(scope)
        extra = None
        if scope == "iran":
            extra = {t("stats.col.betweenness", lang): betweenness(graph)}
        return top_cities(graph, lang, extra=extra)

    return Task(("top_cities", scope, lang), compute)


def year_bounds_task(scope: str) -> Task:
    """The first and last year a tie of ``scope`` was signed (None when none is dated)."""

    def compute(graph_of: GraphOf, store: Store) -> tuple[int, int] | None:
        edges = graph_of(scope).edges(data=True)
        years = [int(d["since"]) for *_, d in edges if d.get("since") is not None]
        return (min(years), max(years)) if years else None

    return Task(("year_bounds", scope), compute)


def first_view(view: MapView) -> bool:
    """Whether ``view`` is the map a first visit shows (the scope's default view in one
    language): only these are kept on disk, not every filter a reader tries."""
    return view == MapView(scope=view.scope, lang=view.lang)


def _view_key(view: MapView) -> tuple:
    return tuple(sorted(view.to_query().items()))


def map_webgl_task(view: MapView) -> Task:
    """The WebGL map's data of ``view`` (:func:`graph.views.map_webgl.map_data`)."""
    return Task(
        ("map_webgl", _view_key(view)),
        lambda g, _: map_data(filter_graph(g(view.scope), view), view),
    )


def map_counts_task(view: MapView) -> Task:
    """``(ties, cities, hidden)`` under the map of ``view``: ties and cities drawn, and
    ties the Wikidata switches hide (:func:`graph.analysis.map_filter.hidden_by_evidence`)."""

    def compute(graph_of: GraphOf, store: Store) -> tuple[int, int, int]:
        graph = graph_of(view.scope)
        shown = filter_graph(graph, view)
        return shown.number_of_edges(), shown.number_of_nodes(), hidden_by_evidence(graph, view)

    return Task(("map_counts", _view_key(view)), compute)


def map_years_task(view: MapView) -> Task:
    """The exchanges by year and kind of the ties on the map of ``view`` (the chart under
    the map; :func:`graph.analysis.map_filter.exchanges_by_year`)."""

    def compute(graph_of: GraphOf, store: Store):
        shown = filter_graph(graph_of(view.scope), view)
        return exchanges_by_year(store.exchanges(), shown, view)

    return Task(("map_years", _view_key(view)), compute)


def opportunities_task(dormant_years: int, measure: str, lang: str, day: date) -> Task:
    """Dormant and underused ties (:func:`graph.analysis.opportunities.opportunities`)
    as of ``day``, whose date is part of the key (ties fall dormant as time passes)."""
    return Task(
        ("opportunities", int(dormant_years), measure, lang, day.isoformat()),
        lambda _, store: opportunities(
            store, dormant_years=dormant_years, measure=measure, lang=lang, today=day
        ),
    )


def suggestions_task(city_id: str, top: int, lang: str) -> Task:
    """The ``top`` suggested partners of ``city_id``
    (:func:`graph.analysis.suggest.suggest_partners`). The first one computed for a store
    content fits the suggestion model, which is kept on disk for every other city."""
    return Task(
        ("suggestions", city_id, int(top), lang),
        lambda _, store: suggest_partners(
            store.cities(),
            store.ties("world"),
            store.air_links(),
            city_id,
            top=int(top),
            lang=lang,
        ),
    )


def ready_tasks(day: date | None = None) -> list[Task]:
    """What a first visit to Statistics, the Map (both scopes, default view) and
    Opportunities (default window and measure, Tehran's suggested partners) reads, in
    every language."""
    day = day or current_day()
    tasks = [
        task
        for scope in SCOPES
        for task in (stats_task(scope), degrees_task(scope), year_bounds_task(scope))
    ]
    tasks.append(betweenness_task("iran"))
    for lang in LANGS:
        tasks += [top_cities_task(scope, lang) for scope in SCOPES]
        for scope in SCOPES:
            view = MapView(scope=scope, lang=lang)
            tasks += [map_webgl_task(view), map_counts_task(view), map_years_task(view)]
        tasks.append(opportunities_task(int(default("dormant_years")), "intensity", lang, day))
        tasks.append(suggestions_task(TEHRAN, int(default("top_n")), lang))
    return tasks


def precompute(
    store: Store, results: Results | None = None, tasks: Iterable[Task] | None = None
) -> list[dict]:
    """Compute and keep every task's result that is missing for the store's content;
    one row per task: ``key``, ``seconds`` and ``computed`` (False: it was kept)."""
    results = results or Results(store.content_hash())
    graphs: dict[str, nx.Graph] = {}

    def graph_of(scope: str) -> nx.Graph:
        if scope not in graphs:
            graphs[scope] = build_graph(store, scope)
        return graphs[scope]

    report = []
    for task in ready_tasks() if tasks is None else tasks:
        started = time.perf_counter()
        computed = not results.has(task.key)
        task.run(results, graph_of, store)
        report.append(
            {"key": list(task.key), "seconds": time.perf_counter() - started, "computed": computed}
        )
    return report
