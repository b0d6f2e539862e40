"""Timeline playback as an animated GIF: the map of ties as it grew, year by year.

Each frame is the Map page's figure (:func:`graph.views.map.map_figure`) for the view with
``year`` set, so a frame shows the ties signed up to that year (ties with no known year
are left out), with the year written in both calendars. Frames are drawn in one kaleido
call (:func:`graph.exports.slides.write_map_pngs`) and joined with Pillow; nothing is fetched
from the network.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from graph.i18n import gregorian_and_jalali, t
from graph.views.map import MapView, RenderError, filter_graph, map_figure

__all__ = ["FRAME_SIZE", "render_timeline_command", "timeline_years", "write_timeline_gif"]

FRAME_SIZE = (1280, 720)
FRAME_MS = 900
LAST_FRAME_MS = 3000


def timeline_years(graph: nx.Graph, view: MapView) -> list[int]:
    """The years in which a tie shown by ``view`` (whatever its timeline year) was signed,
    oldest first."""
    shown = filter_graph(graph, replace(view, year=None))
    return sorted({d["since"] for _, _, d in shown.edges(data=True) if d.get("since")})


def _frame(graph: nx.Graph, view: MapView, year: int):
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

    Raises :class:`graph.views.map.RenderError` when no shown tie has a year, or when the
    frames cannot be drawn (no Chromium).
    """
    from PIL import Image

    from graph.exports.slides import write_map_pngs

    out = Path(out)
    if out.suffix.lower() != ".gif":
        raise RenderError(f"cannot write {out.name!r}: a timeline is a .gif file")
    years = years if years is not None else timeline_years(graph, view)
    if not years:
        raise RenderError("no tie in this view has a year signed: nothing to play")
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{year}.png" for year in years]
        write_map_pngs([(_frame(graph, view, y), p) for y, p in zip(years, paths, strict=True)])
        frames = [Image.open(p).convert("RGB").resize(FRAME_SIZE) for p in paths]
    durations = [FRAME_MS] * (len(frames) - 1) + [LAST_FRAME_MS]
    frames[0].save(
        out, save_all=True, append_images=frames[1:], duration=durations, loop=0, optimize=True
    )
    return out


def render_timeline_command(args: Any, store: Any) -> int:
    """``python -m graph render timeline --out FILE.gif``: the map's timeline as a GIF."""
    from graph.analysis.build import build_graph
    from graph.views.map import view_from_args

    view = view_from_args(args, store)
    graph = build_graph(store, view.scope, half_life=args.half_life)
    years = timeline_years(graph, view)
    write_timeline_gif(graph, view, args.out, years)
    print(f"wrote {args.out} ({len(years)} frames, {years[0]}-{years[-1]})")
    return 0
