"""Presenter exports: each saved view as a 1920x1080 slide (PNG, PDF, offline HTML).

Map views reuse :func:`graph.views.map.map_figure` and its kaleido export
(:func:`graph.exports.images.write_map`); network views reuse
:func:`graph.views.network.network_html` and its Playwright screenshot
(:func:`graph.exports.images.write_png`). Each slide carries the view's caption as title,
the figure's legend, its key figures (ties, partners) and the data attribution. The
PowerPoint deck of all saved views is :mod:`graph.exports.deck`.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analysis.build import build_graph
from graph.analysis.map_filter import filter_graph, hidden_by_evidence
from graph.analysis.network import ego_view, whole_view
from graph.exports.images import SLIDE_SIZE, RenderError, write_map, write_map_pngs, write_png
from graph.exports.saved_views import SavedView
from graph.i18n import t
from graph.i18n.bidi import in_reading_order
from graph.model import KINDS
from graph.places.lookup import find_city
from graph.settings import default
from graph.store.engine import Store
from graph.views.map import map_figure
from graph.views.network import network_html
from graph.views.network_layout import layout_positions

__all__ = [
    "Slide",
    "SlideGraphs",
    "attribution",
    "export_view",
    "render_slides",
    "slide_for",
]


@dataclass
class Slide:
    """One saved view drawn for a slide: the map figure or the network page, plus facts."""

    view: SavedView
    lang: str
    title: str
    ties: int
    cities: int
    figure: Any = None  # plotly figure (map views)
    page: str = ""  # standalone HTML (network views)
    screen_page: str = ""  # the same without the title band (shown under the page's title)
    facts: dict[str, int] = field(default_factory=dict)
    hidden: int = 0  # ties the view's Wikidata switches keep off the map

    def key_figures(self) -> str:
        """ "Ties: N · Cities: M" in the slide's language, and how many more ties the
        view's Wikidata switches leave undrawn, so the slide adds up to the city card."""
        figures = t("present.key_figures", self.lang, ties=self.ties, cities=self.cities)
        if not self.hidden:
            return figures
        return t("present.key_figures_hidden", self.lang, figures=figures, n=self.hidden)


class SlideGraphs:
    """Built tie networks shared by the slides of one deck (one build per scope/kinds)."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[tuple, nx.Graph] = {}
        self._exchanges = None

    def get(self, scope: str, kinds: tuple[str, ...] | None = None) -> nx.Graph:
        key = (scope, kinds)
        if key not in self._cache:
            extra = {"kinds": kinds} if kinds else {}
            self._cache[key] = build_graph(
                self.store, scope, half_life=default("half_life_years"), **extra
            )
        return self._cache[key]

    def exchanges(self):
        if self._exchanges is None:
            self._exchanges = self.store.exchanges()
        return self._exchanges


def attribution(lang: str) -> str:
    """Where the data comes from, as every slide and the deck say it."""
    return t("overview.attribution", lang)


SLIDE_MARGIN = {"l": 0, "r": 0, "t": 140, "b": 120}


def _two_lines(text: str) -> list[str]:
    """``text`` cut at the space nearest its middle (plotly annotations do not wrap)."""
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return [text]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def _map_slide(view: SavedView, lang: str, graphs: SlideGraphs) -> Slide:
    mv = view.map_view(lang)
    graph = graphs.get(mv.scope)
    shown = filter_graph(graph, mv)
    cities = shown.number_of_nodes() - (1 if mv.city and mv.city in shown else 0)
    slide = Slide(view, lang, view.caption(lang), shown.number_of_edges(), max(cities, 0))
    slide.hidden = hidden_by_evidence(graph, mv)
    fig = map_figure(
        shown,
        mv,
        height=SLIDE_SIZE["height"],
        label_area=(
            SLIDE_SIZE["width"],
            SLIDE_SIZE["height"] - SLIDE_MARGIN["t"] - SLIDE_MARGIN["b"],
        ),
        label_px=19,
    )
    fig.update_layout(
        width=SLIDE_SIZE["width"],
        height=SLIDE_SIZE["height"],
        font={"size": 20},
        title={
            # plotly shows &quot; as is
            "text": in_reading_order(html.escape(slide.title, quote=False), lang),
            "font": {"size": 40},
            "pad": {"t": 24},
            "subtitle": {
                "text": in_reading_order(html.escape(slide.key_figures(), quote=False), lang),
                "font": {"size": 26},
            },
        },
        margin=SLIDE_MARGIN,
        legend={"font": {"size": 20}, "y": -0.005},
    )
    fig.add_annotation(
        text=in_reading_order(
            "<br>".join(html.escape(line, quote=False) for line in _two_lines(attribution(lang))),
            lang,
        ),
        xref="paper",
        yref="paper",
        x=0.5,
        y=-0.065,
        xanchor="center",
        yanchor="top",
        showarrow=False,
        font={"size": 15, "color": "#555555"},
        align="center",
    )
    slide.figure = fig
    return slide


_SLIDE_STYLE = """
<style>#cde-legend { font-size: 17px; max-width: 360px; top: 16px; }
#cde-legend .cde-legend-title { font-size: 19px; }
#cde-legend .cde-note { font-size: 15px; }</style>
"""
_HEAD = """
<div id="cde-slide-head" dir="%(dir)s" style="position:fixed;top:0;%(align)s:0;z-index:20;
 max-width:calc(100%% - 420px);background:rgba(255,255,255,0.92);padding:14px 32px;
 font-family:Vazirmatn,sans-serif;text-align:%(align)s">
 <div style="font-size:40px;font-weight:bold;color:#111">%(title)s</div>
 <div style="font-size:24px;color:#333">%(facts)s</div></div>
"""
_FOOT = """
<div id="cde-slide-foot" dir="%(dir)s" style="position:fixed;bottom:0;left:0;right:0;z-index:20;
 background:rgba(255,255,255,0.92);padding:6px 32px;font-family:Vazirmatn,sans-serif;
 font-size:13px;color:#555;text-align:center">%(attribution)s</div>
"""


def _network_slide(view: SavedView, lang: str, graphs: SlideGraphs, store: Store) -> Slide:
    cfg = view.config
    kinds = tuple(k for k in cfg.get("kinds", ",".join(KINDS)).split(",") if k) or KINDS
    scope = cfg.get("scope", "iran")
    graph = graphs.get(scope, kinds if set(kinds) != set(KINDS) else None)
    metric = cfg.get("metric", "partners")
    top = int(cfg.get("top", 300))
    city = cfg.get("city")
    if city and cfg.get("aggregate") != "1":
        if city not in graph:
            city = str(find_city(store.cities(), city)["city_id"])
        if city not in graph:
            raise RenderError(f"city {city} has no tie in scope {scope}")
        nv = ego_view(graph, city, int(cfg.get("hops", 1)), metric, top)
    else:
        nv = whole_view(graph, "world" if cfg.get("aggregate") == "1" else scope, metric)
    shown = nv.graph
    cities = shown.number_of_nodes() - (1 if nv.centre is not None else 0)
    slide = Slide(view, lang, view.caption(lang), shown.number_of_edges(), max(cities, 0))
    positions = layout_positions(shown, cfg.get("layout", "force"))
    page = network_html(
        nv,
        lang,
        cfg.get("color_by", "community"),
        positions,
        kinds=kinds,
        exchanges=graphs.exchanges(),
        title=slide.title,
    )
    parts = {
        "dir": "rtl" if lang == "fa" else "ltr",
        "align": "right" if lang == "fa" else "left",
        "title": in_reading_order(html.escape(slide.title), lang),
        "facts": in_reading_order(html.escape(slide.key_figures()), lang),
        "attribution": in_reading_order(html.escape(attribution(lang)), lang),
    }
    head, sep, rest = page.rpartition("</body>")
    foot = _SLIDE_STYLE + _FOOT % parts
    slide.page = head + foot + _HEAD % parts + sep + rest
    slide.screen_page = head + foot + sep + rest  # the Present page shows the title itself
    return slide


def slide_for(store: Store, view: SavedView, lang: str | None = None, graphs=None) -> Slide:
    """Draw ``view`` for a slide in ``lang`` (default: the view's language).

    City views are drawn as the city's network (one step). Raises
    :class:`graph.exports.images.RenderError` when the view cannot be drawn.
    """
    lang = lang or view.lang
    graphs = graphs or SlideGraphs(store)
    if view.page == "map":
        return _map_slide(view, lang, graphs)
    if view.page == "city":
        view = SavedView(
            view.name,
            "network",
            {"city": view.config.get("city", ""), "scope": "world", "hops": "1"},
            view.caption_fa,
            view.caption_en,
            view.lang,
        )
    return _network_slide(view, lang, graphs, store)


def _network_png(page: str, out: Path) -> None:
    """:func:`graph.exports.images.write_png` at slide size."""
    write_png(page, Path(out), SLIDE_SIZE["width"], SLIDE_SIZE["height"])


def export_view(store: Store, view: SavedView, out: str | Path, lang: str | None = None) -> Path:
    """Write ``view`` as a 1920x1080 slide to ``out`` by its extension.

    Map views: .png, .pdf (Vazirmatn embedded) or .html (standalone, offline). Network
    and city views: .png, .html, or .pdf (one page holding the slide's picture: the
    network is drawn on a canvas, so it is a picture in the browser too). Raises
    :class:`RenderError` otherwise.
    """
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    slide = slide_for(store, view, lang)
    if slide.figure is not None:
        return write_map(slide.figure, out, size=SLIDE_SIZE)
    if fmt == "html":
        out.write_text(slide.page, encoding="utf-8")
        return out
    if fmt == "png":
        _network_png(slide.page, out)
        return out
    if fmt == "pdf":
        from PIL import Image

        with tempfile.TemporaryDirectory() as tmp:
            picture = Path(tmp) / "slide.png"
            _network_png(slide.page, picture)
            Image.open(picture).convert("RGB").save(out, "PDF", resolution=144.0)
        return out
    raise RenderError(f"a network view is written as .png, .pdf or .html, not {out.name!r}")


def render_slides(
    store: Store,
    views: Iterable[SavedView],
    folder: Path,
    lang: str,
    batched: bool = True,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[Slide, Path]]:
    """Draw every view as a PNG in ``folder``; maps in one kaleido call when ``batched``."""
    graphs = SlideGraphs(store)
    slides: list[tuple[Slide, Path]] = []
    pending: list[tuple[Any, Path]] = []
    for i, view in enumerate(views):
        slide = slide_for(store, view, lang, graphs)
        path = Path(folder) / f"slide-{i:03d}.png"
        if slide.figure is not None:
            if batched:
                pending.append((slide.figure, path))
            else:
                write_map(slide.figure, path, size=SLIDE_SIZE)
        else:
            _network_png(slide.page, path)
        slides.append((slide, path))
        if progress:
            progress(view.name)
    write_map_pngs(pending)
    return slides
