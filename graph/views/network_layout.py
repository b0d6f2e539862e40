"""Where the network view puts its nodes: computed here, with a fixed seed, so that a
view looks the same on every run and draws at once.

A force layout (Fruchterman-Reingold on igraph's C core) or a geographic one
(longitude and latitude, equirectangular), in vis-network canvas pixels. This module
never imports streamlit.
"""

from __future__ import annotations

import math
import random
import threading
from collections import Counter
from typing import Any

import igraph as ig
import networkx as nx
import numpy as np

from graph.analysis.metrics import to_igraph
from graph.analysis.network import check_choice
from graph.settings import default

__all__ = ["LAYOUTS", "LAYOUT_SEED", "force_layout", "geo_layout", "layout_positions"]

LAYOUTS = ("force", "geo")
LAYOUT_SEED = default("network_layout_seed")
_IGRAPH_RNG = threading.Lock()


def _canvas_side(n: int) -> float:
    """Side of the square the layout fills, in vis-network canvas pixels."""
    return max(500.0, 90.0 * math.sqrt(max(n, 1)))


def _fit(points: np.ndarray, side: float) -> np.ndarray:
    if len(points) == 0:
        return points
    centred = points - (points.max(axis=0) + points.min(axis=0)) / 2
    span = float(np.abs(centred).max()) or 1.0
    return centred * (side / 2 / span)


def force_layout(graph: nx.Graph, seed: int = LAYOUT_SEED) -> dict[Any, tuple[float, float]]:
    """Fruchterman-Reingold positions (igraph), the same for the same graph and seed.

    Nodes are ordered by name first, so the result does not depend on insertion order.
    """
    if graph.number_of_nodes() == 0:
        return {}
    small = to_igraph(graph, canonical=True)
    nodes = small.vs["name"]
    start = np.random.default_rng(seed).uniform(-1, 1, size=(len(nodes), 2)).tolist()
    # igraph draws random numbers from a process-wide generator: pin it while we use it
    with _IGRAPH_RNG:
        ig.set_random_number_generator(random.Random(seed))
        try:
            layout = small.layout_fruchterman_reingold(seed=start, niter=_iterations(len(nodes)))
        finally:
            ig.set_random_number_generator(random)
    points = _pull_in(np.asarray(layout.coords, dtype=float))
    points = _fit(points, _canvas_side(len(nodes)))
    return {
        n: (round(float(x), 2), round(float(y), 2)) for n, (x, y) in zip(nodes, points, strict=True)
    }


def _pull_in(points: np.ndarray, power: float = 0.6) -> np.ndarray:
    """Move far nodes in and spread the core: distance from the centre ``r -> r ** power``.

    Force layouts of dense networks put a few loosely tied nodes far out, and fitting the
    view to them shrinks the crowded core to a blot; this keeps the order of distances.
    """
    if len(points) < 3:
        return points
    centre = np.median(points, axis=0)
    offsets = points - centre
    radius = np.hypot(offsets[:, 0], offsets[:, 1])
    top = float(radius.max()) or 1.0
    scale = np.where(radius > 0, (radius / top) ** power * top / np.maximum(radius, 1e-12), 1.0)
    return centre + offsets * scale[:, None]


def _iterations(n: int) -> int:
    """Fruchterman-Reingold steps: 500 up to 1,000 nodes, fewer (down to 100) above, where
    each step costs more and a readable picture is out of reach anyway."""
    return max(100, min(500, 500_000 // max(n, 1)))


def geo_layout(graph: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Equirectangular positions: x grows with longitude, y with southern latitude.

    Cities at the same place are set apart on a small circle so that none is hidden.
    """
    nodes = sorted(graph.nodes, key=str)
    if not nodes:
        return {}
    lonlat = np.array(
        [(graph.nodes[n].get("lon") or 0.0, -(graph.nodes[n].get("lat") or 0.0)) for n in nodes],
        dtype=float,
    )
    points = _fit(lonlat, _canvas_side(len(nodes)) * 1.6)
    seen: Counter = Counter()
    result = {}
    for node, (x, y) in zip(nodes, points, strict=True):
        spot = (round(x / 6), round(y / 6))
        k = seen[spot]
        seen[spot] += 1
        if k:
            angle, radius = k * 2.399963, 12.0 * math.sqrt(k)  # golden-angle spiral
            x, y = x + radius * math.cos(angle), y + radius * math.sin(angle)
        result[node] = (round(float(x), 2), round(float(y), 2))
    return result


def layout_positions(graph: nx.Graph, layout: str = "force") -> dict[Any, tuple[float, float]]:
    """Positions for ``layout`` (``force`` or ``geo``)."""
    check_choice(layout, LAYOUTS, "layout")
    return force_layout(graph) if layout == "force" else geo_layout(graph)
