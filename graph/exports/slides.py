"""Presenter exports: each saved view as a 1920x1080 slide (PNG, PDF, offline HTML) and
a PowerPoint deck of all saved views.

Map views reuse :func:`graph.views.map.map_figure` and its kaleido export
(:func:`graph.views.map.write_map`); network views reuse :func:`graph.views.network.network_html`
and its Playwright screenshot (:func:`graph.views.network.write_png`). Each slide carries the
view's caption as title, the figure's legend, its key figures (ties, partners) and the
data attribution. Persian text in the deck is set in Vazirmatn, right to left.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph.exports.saved_views import SavedView
from graph.i18n import t
from graph.model import KINDS, TEHRAN
from graph.settings import default
from graph.settings import today as current_day
from graph.store.engine import Store
from graph.views.map import RenderError, filter_graph, map_figure, write_map

__all__ = [
    "SLIDE_SIZE",
    "Slide",
    "build_deck",
    "export_view",
    "render_deck_command",
    "render_view_command",
    "render_slides",
    "slide_for",
    "write_map_pngs",
]

SLIDE_SIZE = {"width": 1920, "height": 1080, "scale": 1}
FONT_NAME = "Vazirmatn"
DECK_EDITOR = "cli:render deck"  # the change log's name for the ready deck made by the command


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

    def key_figures(self) -> str:
        """ "Ties: N · Cities: M" in the slide's language."""
        return t(
            "present.key_figures",
            self.lang,
            ties=self.ties,
            cities=self.cities,
        )


class _Graphs:
    """Built tie networks shared by the slides of one deck (one build per scope/kinds)."""

    def __init__(self, store: Store):
        self.store = store
        self._cache: dict[tuple, nx.Graph] = {}
        self._exchanges = None

    def get(self, scope: str, kinds: tuple[str, ...] | None = None) -> nx.Graph:
        from graph.analysis.build import build_graph

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


def _attribution(lang: str) -> str:
    return t("overview.attribution", lang)


def _two_lines(text: str) -> list[str]:
    """``text`` cut at the space nearest its middle (plotly annotations do not wrap)."""
    middle = len(text) // 2
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces:
        return [text]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


def _map_slide(view: SavedView, lang: str, graphs: _Graphs) -> Slide:
    mv = view.map_view(lang)
    shown = filter_graph(graphs.get(mv.scope), mv)
    cities = shown.number_of_nodes() - (1 if mv.city and mv.city in shown else 0)
    slide = Slide(view, lang, view.caption(lang), shown.number_of_edges(), max(cities, 0))
    fig = map_figure(shown, mv, height=SLIDE_SIZE["height"])
    fig.update_layout(
        width=SLIDE_SIZE["width"],
        height=SLIDE_SIZE["height"],
        font={"size": 20},
        title={
            "text": html.escape(slide.title, quote=False),  # plotly shows &quot; as is
            "font": {"size": 40},
            "pad": {"t": 24},
            "subtitle": {"text": html.escape(slide.key_figures()), "font": {"size": 26}},
        },
        margin={"l": 0, "r": 0, "t": 140, "b": 120},
        legend={"font": {"size": 20}, "y": -0.005},
    )
    fig.add_annotation(
        text="<br>".join(html.escape(line) for line in _two_lines(_attribution(lang))),
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


def _network_slide(view: SavedView, lang: str, graphs: _Graphs, store: Store) -> Slide:
    from graph.places.lookup import find_city
    from graph.views.network import ego_view, layout_positions, network_html, whole_view

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
        "title": html.escape(slide.title),
        "facts": html.escape(slide.key_figures()),
        "attribution": html.escape(_attribution(lang)),
    }
    head, sep, rest = page.rpartition("</body>")
    foot = _SLIDE_STYLE + _FOOT % parts
    slide.page = head + foot + _HEAD % parts + sep + rest
    slide.screen_page = head + foot + sep + rest  # the Present page shows the title itself
    return slide


def slide_for(store: Store, view: SavedView, lang: str | None = None, graphs=None) -> Slide:
    """Draw ``view`` for a slide in ``lang`` (default: the view's language).

    City views are drawn as the city's network (one step). Raises
    :class:`graph.views.map.RenderError` when the view cannot be drawn.
    """
    lang = lang or view.lang
    graphs = graphs or _Graphs(store)
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
    """:func:`graph.views.network.write_png` at slide size."""
    from graph.views.network import write_png

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


def write_map_pngs(items: Sequence[tuple[Any, Path]]) -> None:
    """Write several map figures as 1920x1080 PNGs with ONE kaleido browser (faster than
    one :func:`write_map` call each, which starts Chromium every time)."""
    if not items:
        return
    from graph.views.map import _chromium, _font_config

    os.environ["BROWSER_PATH"] = _chromium()
    os.environ["FONTCONFIG_FILE"] = str(_font_config())
    import kaleido

    try:
        kaleido.write_fig_from_object_sync(
            [
                {"fig": fig, "path": str(path), "opts": {"format": "png", **SLIDE_SIZE}}
                for fig, path in items
            ],
            kopts={"mathjax": False},
        )
    except Exception as exc:  # kaleido raises several of its own types
        raise RenderError(f"could not draw the slides: {exc}".splitlines()[0]) from exc


def render_slides(
    store: Store,
    views: Iterable[SavedView],
    folder: Path,
    lang: str,
    batched: bool = True,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[Slide, Path]]:
    """Draw every view as a PNG in ``folder``; maps in one kaleido call when ``batched``."""
    graphs = _Graphs(store)
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


# --- the PowerPoint deck ----------------------------------------------------------------


def _style_paragraph(paragraph, lang: str, size: int, bold: bool = False, colour=None) -> None:
    """Vazirmatn for every script; right to left in Persian (``a:pPr rtl="1"``)."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    if lang == "fa":
        paragraph._p.get_or_add_pPr().set("rtl", "1")
        paragraph.alignment = PP_ALIGN.RIGHT
    for run in paragraph.runs:
        run.font.name = FONT_NAME
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour:
            run.font.color.rgb = RGBColor.from_string(colour)
        rpr = run._r.get_or_add_rPr()
        for tag in ("a:ea", "a:cs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                rpr.append(el)
            el.set("typeface", FONT_NAME)
        if lang == "fa":
            rpr.set("lang", "fa-IR")
            rpr.set("altLang", "en-US")


def _text(slide, left, top, width, height, lines, lang, size, bold=False, colour=None, fill=None):
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_AUTO_SIZE

    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # keep the box's size (its fill covers)
    if fill:
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor.from_string(fill)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        _style_paragraph(
            paragraph, lang, size if i == 0 else max(size - 6, 12), bold and i == 0, colour
        )
    return box


def _city_name(store: Store, city: str, lang: str) -> str:
    cities = store.cities()
    row = cities[cities["city_id"].astype(str) == str(city)]
    if row.empty:
        return str(city)
    first = row.iloc[0]
    return str(first["name_fa"] or first["name_en"]) if lang == "fa" else str(first["name_en"])


def _opportunity_rows(store: Store, city: str, lang: str, top: int = 4) -> list[list[str]]:
    """The top ``top`` underused and ``top`` dormant ties of ``city`` as table rows."""
    from graph.analysis.opportunities import opportunities

    result = opportunities(store, top=None, lang=lang)
    joiner = "؛ " if lang == "fa" else "; "
    rows: list[list[str]] = []
    for key, kinded in (("underused", True), ("dormant", False)):
        mine = [r for r in result[key] if city in (str(r["city_a"]), str(r["city_b"]))][:top]
        for row in mine:
            rows.append(
                [
                    t(f"present.opp.{key}", lang),
                    f"{row['name_b']} ({row['country_b']})",
                    t(f"kind.{row['kind']}", lang) if kinded else "",
                    joiner.join(row["reasons"][:2]),
                ]
            )
    return rows


def build_deck(
    store: Store,
    out: str | Path,
    views: Sequence[SavedView],
    lang: str = "fa",
    opportunities_city: str | None = None,
    title: str | None = None,
    today: date | None = None,
) -> Path:
    """Write the PowerPoint deck of ``views`` to ``out`` (16:9): a title slide, one slide
    per view (its 1920x1080 picture filling the slide, caption and key figures), a table of
    the top opportunities of ``opportunities_city`` (a city id) when given, and a sources
    slide. Returns ``out``."""
    from pptx import Presentation
    from pptx.util import Emu, Inches

    from graph.i18n import gregorian_and_jalali

    if not views:
        raise RenderError("there is no saved view to put in a deck")
    out = Path(out)
    if out.suffix.lower() != ".pptx":
        raise RenderError(f"cannot write {out.name!r}: the deck is a .pptx file")
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12_192_000), Emu(6_858_000)  # 16:9
    width, height = deck.slide_width, deck.slide_height
    blank = deck.slide_layouts[6]
    margin = Inches(0.6)

    first = deck.slides.add_slide(blank)
    _text(
        first,
        margin,
        Inches(2.4),
        width - 2 * margin,
        Inches(2.6),
        [
            title or t("present.deck_title", lang),
            t("present.deck_subtitle", lang, n=len(views)),
            gregorian_and_jalali((today or current_day()).isoformat(), lang),
        ],
        lang,
        44,
        bold=True,
        colour="1F3A5F",
    )

    with tempfile.TemporaryDirectory() as tmp:
        for slide_data, png in render_slides(store, views, Path(tmp), lang):
            slide = deck.slides.add_slide(blank)
            slide.shapes.add_picture(str(png), 0, 0, width=width, height=height)
            # the caption and key figures as real text over the picture's own title band
            _text(
                slide,
                Inches(0.1),
                0,
                width - Inches(0.2),
                Inches(1.02),
                [slide_data.title, slide_data.key_figures()],
                lang,
                26,
                bold=True,
                colour="111111",
                fill="FFFFFF",
            )
            slide.notes_slide.notes_text_frame.text = slide_data.key_figures()

    if opportunities_city:
        rows = _opportunity_rows(store, opportunities_city, lang)
        slide = deck.slides.add_slide(blank)
        _text(
            slide,
            margin,
            Inches(0.4),
            width - 2 * margin,
            Inches(0.9),
            [t("present.opp.title", lang, city=_city_name(store, opportunities_city, lang))],
            lang,
            32,
            bold=True,
        )
        header = [t(f"present.opp.{k}", lang) for k in ("type", "partner", "kind", "why")]
        body = rows or [["", t("present.opp.none", lang), "", ""]]
        table = slide.shapes.add_table(
            len(body) + 1,
            4,
            margin,
            Inches(1.5),
            width - 2 * margin,
            Inches(0.55) * (len(body) + 1),
        ).table
        if lang == "fa":
            table._tbl.tblPr.set("rtl", "1")
        for c, text in enumerate(header):
            cell = table.cell(0, c)
            cell.text = text
            _style_paragraph(cell.text_frame.paragraphs[0], lang, 16, bold=True)
        for r, row in enumerate(body, 1):
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.text = str(text)
                _style_paragraph(cell.text_frame.paragraphs[0], lang, 13)
        table.columns[3].width = Emu(int((width - 2 * margin) * 0.5))
        for c in range(3):
            table.columns[c].width = Emu(int((width - 2 * margin) * 0.5 / 3))

    sources = deck.slides.add_slide(blank)
    _text(
        sources,
        margin,
        Inches(0.8),
        width - 2 * margin,
        Inches(5.5),
        [t("present.sources", lang), _attribution(lang)],
        lang,
        32,
        bold=True,
    )
    deck.save(str(out))
    return out


def render_deck_command(args: Any, store: Store) -> int:
    """``python -m graph render deck --out FILE.pptx [--lang fa|en] [--city NAME]``.

    With no saved view yet, the ready deck "Tehran's partner network" is created first
    (see :func:`graph.exports.saved_views.ensure_default_views`) and Tehran's opportunities added.
    """
    from graph.exports.saved_views import ensure_default_views, list_views
    from graph.places.lookup import find_city

    views = list_views(store)
    city = None
    if not views:
        views = ensure_default_views(store, who=DECK_EDITOR)
        city = TEHRAN
    if getattr(args, "city", None):
        city = str(find_city(store.cities(), args.city)["city_id"])
    title = t("present.deck_title" if city == TEHRAN else "present.deck_title_any", args.lang)
    out = build_deck(store, args.out, views, args.lang, opportunities_city=city, title=title)
    print(f"wrote {out}: {len(views)} views")
    return 0


def render_view_command(args: Any, store: Store) -> int:
    """``python -m graph render map|network --view NAME --out FILE``: the saved view's
    page and settings are used (the other filter options are ignored), drawn as a
    1920x1080 slide in ``--lang``."""
    from graph.exports.saved_views import get_view

    view = get_view(store, args.view)
    out = export_view(store, view, args.out, args.lang)
    print(f"wrote {out}: view {view.name!r} ({view.page})")
    return 0
