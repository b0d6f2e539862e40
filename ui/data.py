"""Cached access to the store for the pages.

The store handle is a resource, one per database URL. Tables are cached as data, keyed
by the URL and the store's content hash, so any edit (here or by another replica)
invalidates them; the hash itself is re-read at most every ``HASH_TTL_SECONDS``.
Caching lives here and in ``pages/`` only; ``graph/`` stays free of Streamlit.
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from graph.analysis.build import build_graph
from graph.analysis.geography import ties_by_area
from graph.analysis.overview import map_nodes, overview_summary, tie_edges
from graph.io.importer import validate
from graph.io.report import ValidationReport
from graph.model import KINDS
from graph.places.country_check import CityCheck, check_cities
from graph.store.engine import Store, default_url, open_store

HASH_TTL_SECONDS = 10


def store_url() -> str:
    """The database URL this run uses (``DIPLOMACY_DB_URL`` or the default SQLite file)."""
    return default_url()


@st.cache_resource(show_spinner=False)
def get_store(url: str | None = None) -> Store:
    """The store at ``url`` (created and seeded on first use), shared by all sessions."""
    return open_store(url or store_url())


@st.cache_data(ttl=HASH_TTL_SECONDS, show_spinner=False)
def data_version(url: str) -> str:
    """The store's content hash: the cache key of everything derived from its rows."""
    return get_store(url).content_hash()


@st.cache_data(show_spinner=False)
def cities(url: str, version: str) -> pd.DataFrame:
    """All cities (see ``Store.cities``)."""
    return get_store(url).cities()


@st.cache_data(show_spinner=False)
def ties(url: str, version: str, scope: str = "iran") -> pd.DataFrame:
    """The ties of ``scope`` (see ``Store.ties``)."""
    return get_store(url).ties(scope)


@st.cache_data(show_spinner=False)
def exchanges(url: str, version: str) -> pd.DataFrame:
    """All recorded exchanges (see ``Store.exchanges``)."""
    return get_store(url).exchanges()


@st.cache_data(show_spinner=False)
def overview(url: str, version: str) -> dict[str, Any]:
    """The Overview's numbers and tables (:func:`graph.analysis.overview.overview_summary`)."""
    return overview_summary(
        cities(url, version), ties(url, version, "iran"), exchanges(url, version)
    )


@st.cache_data(show_spinner=False)
def overview_map_data(url: str, version: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges of the Overview map: Iran-scope ties with their dominant kind."""
    scope_ties = ties(url, version, "iran")
    return map_nodes(cities(url, version), scope_ties), tie_edges(
        scope_ties, exchanges(url, version)
    )


@st.cache_data(show_spinner=False)
def iranian_cities_with_ties(url: str, version: str) -> pd.DataFrame:
    """Iranian cities that have at least one tie, largest first (for the city filter)."""
    nodes, _ = overview_map_data(url, version)
    iranian = nodes[nodes["iranian"].astype(bool)]
    return iranian.sort_values(["population", "name_en"], ascending=[False, True]).reset_index(
        drop=True
    )


@st.cache_data(show_spinner=False, max_entries=8)
def validation(
    url: str,
    version: str,
    digest: str,
    _content: bytes,
    mapping: tuple[tuple[str, str], ...] = (),
    fill: tuple[tuple[str, str], ...] = (),
) -> ValidationReport:
    """The check of an uploaded file (:func:`graph.io.importer.validate`) against the
    store's cities, kept per file content (``digest``: the sha256 of ``_content``), store
    version and column mapping (column, header) and file-wide values (column, value), so
    a rerun of the Data page does not read and check the file again."""
    return validate(_content, cities(url, version), dict(mapping), dict(fill))


@st.cache_resource(show_spinner=False, max_entries=8)
def graph(
    url: str,
    version: str,
    scope: str = "iran",
    kinds: tuple[str, ...] = KINDS,
    half_life: float = 5.0,
) -> nx.Graph:
    """The tie network (:func:`graph.analysis.build.build_graph`); shared, so do not modify it."""
    return build_graph(get_store(url), scope=scope, kinds=kinds, half_life=half_life)


@st.cache_data(show_spinner=False)
def city_check(url: str, version: str) -> CityCheck:
    """Each city's point against its country (:func:`graph.places.country_check.check_cities`)."""
    return check_cities(cities(url, version))


@st.cache_data(show_spinner=False)
def area_ties(url: str, version: str, scope: str, grouping: str) -> Any:
    """Ties of ``scope`` per country or continent, with their polygons
    (:func:`graph.analysis.geography.ties_by_area`, a GeoDataFrame)."""
    return ties_by_area(ties(url, version, scope), cities(url, version), grouping)
