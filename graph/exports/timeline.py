"""Timeline playback as an animated GIF: the map of ties as it grew, year by year.

Each frame is the Map page's figure (:func:`graph.views.map.map_figure`) for the view with
``year`` set, so a frame shows the ties signed up to that year (ties with no known year
are left out), with the year written in both calendars. Frames are drawn at slide size in
one kaleido call (:func:`graph.exports.images.write_map_pngs`) and joined with Pillow;
nothing is fetched from the network.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import networkx as nx
import plotly.graph_objects as go

from graph.analysis.map_filter import MapView, filter_graph
from graph.exports.images import RenderError, write_map_pngs
from graph.i18n import gregorian_and_jalali, t
from graph.settings import default
from graph.views.map import map_figure

__all__ = ["FRAME_SIZE", "timeline_years", "write_timeline_gif"]

FRAME_SIZE = (1280, 720)
FRAME_MS = default("timeline_frame_ms")
LAST_FRAME_MS = default("timeline_last_frame_ms")


def timeline_years(graph: nx.Graph, view: MapView) -> list[int]:
    """The years in which a tie shown by ``view`` (whatever its timeline year) was signed,
    oldest first."""
    shown = filter_graph(graph, replace(view, year=None))
    return sorted({d["since"] for _, _, d in shown.edges(data=True) if d.get("since")})


def _frame(graph: nx.Graph, view: MapView, year: int) -> go.Figure:
    # Ties with no year signed would stand in every frame and hide the growth.
    frame_view = replace(view, year=year, undated=False)
    fig = map_figure(filter_graph(graph, frame_view), frame_view)
    fig.add_annotation(
        text=t("timeline.frame", view.lang, year=gregorian_and_jalali(year, view.lang)),
        xref="paper",
        yref="paper",
        x=0.99 if view.lang == "fa" else 0.01,
        xanchor="right" if view.lang == "fa" else "left",
        y=0.02,
        showarrow=False,
        font={"size": 34, "color": "#222222"},
        bgcolor="rgba(255,255,255,0.8)",
    )
    return fig


def write_timeline_gif(
    graph: nx.Graph, view: MapView, out: str | Path, years: list[int] | None = None
) -> Path:
    """Write the view's network growing by year signed as an animated GIF at ``out``.

    Raises :class:`graph.exports.images.RenderError` when no shown tie has a year, or when the
    frames cannot be drawn (no Chromium).
    """
    from PIL import Image  # imported on first use: only the GIF needs Pillow

    out = Path(out)
    if out.suffix.lower() != ".gif":
        raise RenderError(f"cannot write {out.name!r}: a timeline is a .gif file")
    years = years if years is not None else timeline_years(graph, view)
    if not years:
        raise RenderError("no tie in this view has a year signed: nothing to play")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{year}.png" for year in years]
        figures = [(_frame(graph, view, y), p) for y, p in zip(years, paths, strict=True)]
        write_map_pngs(figures)
        frames = [Image.open(p).convert("RGB").resize(FRAME_SIZE) for p in paths]
    durations = [FRAME_MS] * (len(frames) - 1) + [LAST_FRAME_MS]
    frames[0].save(
        out, save_all=True, append_images=frames[1:], duration=durations, loop=0, optimize=True
    )
    return out
