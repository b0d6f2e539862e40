"""The presenter's PowerPoint deck: a title slide, one slide per saved view (its 1920x1080
picture from :func:`graph.exports.slides.render_slides`, with the caption and key figures
as real text), an optional table of a city's top opportunities and a sources slide.

Persian text is set in Vazirmatn, right to left, and the font travels inside the deck
(:mod:`graph.exports.fonts`). python-pptx is imported where a deck is
written (it is slow to load and only the deck needs it). This module never imports
streamlit.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from graph.analysis.opportunities import opportunities
from graph.exports.fonts import embed_fonts
from graph.exports.images import RenderError
from graph.exports.saved_views import SavedView
from graph.exports.slides import attribution, render_slides
from graph.i18n import gregorian_and_jalali, t
from graph.i18n.bidi import in_reading_order
from graph.names import city_name
from graph.places.countries import country_name
from graph.settings import today as current_day
from graph.store.engine import Store

__all__ = ["build_deck", "shared_city"]

FONT_NAME = "Vazirmatn"


def _style_paragraph(paragraph, lang: str, size: int, bold: bool = False, colour=None) -> None:
    """Vazirmatn for every script; right to left in Persian (``a:pPr rtl="1"``)."""
    # python-pptx is imported here and below, on first use: it is slow to load
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
        paragraph.text = in_reading_order(line, lang, marks=True)
        _style_paragraph(
            paragraph, lang, size if i == 0 else max(size - 6, 12), bold and i == 0, colour
        )
    return box


def _opportunity_rows(store: Store, city: str, lang: str, top: int = 4) -> list[list[str]]:
    """The top ``top`` underused and ``top`` dormant ties of ``city`` as table rows."""
    result = opportunities(store, top=None, lang=lang)
    joiner = "؛ " if lang == "fa" else "; "
    rows: list[list[str]] = []
    for key, kinded in (("underused", True), ("dormant", False)):
        mine = [r for r in result[key] if city in (str(r["city_a"]), str(r["city_b"]))][:top]
        for row in mine:
            # the partner is the other end, whichever side the city is on
            side = "b" if str(row["city_a"]) == city else "a"
            rows.append(
                [
                    t(f"present.opp.{key}", lang),
                    f"{row[f'name_{side}']} ({country_name(row[f'country_{side}'], lang)})",
                    t(f"kind.{row['kind']}", lang) if kinded else "",
                    joiner.join(row["reasons"][:2]),
                ]
            )
    return rows


def _city_row(store: Store, city: str) -> Mapping[str, Any]:
    """The store's row of ``city`` (read once per deck); only its id when it is unknown."""
    cities = store.cities()
    row = cities[cities["city_id"].astype(str) == str(city)]
    return row.iloc[0].to_dict() if not row.empty else {"city_id": str(city)}


def _title_slide(deck: Any, title: str, lang: str, count: int, today: date | None) -> None:
    from pptx.util import Inches

    margin = Inches(0.6)
    first = deck.slides.add_slide(deck.slide_layouts[6])
    _text(
        first,
        margin,
        Inches(2.4),
        deck.slide_width - 2 * margin,
        Inches(2.6),
        [
            title,
            t("present.deck_subtitle", lang, n=count),
            gregorian_and_jalali((today or current_day()).isoformat(), lang),
        ],
        lang,
        44,
        bold=True,
        colour="1F3A5F",
    )


def _view_slides(deck: Any, store: Store, views: Sequence[SavedView], lang: str) -> None:
    """One slide per view: its picture filling the slide, caption and key figures on top."""
    from pptx.util import Inches

    width, height = deck.slide_width, deck.slide_height
    with tempfile.TemporaryDirectory() as tmp:
        for slide_data, png in render_slides(store, views, Path(tmp), lang):
            slide = deck.slides.add_slide(deck.slide_layouts[6])
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


def _opportunities_slide(deck: Any, store: Store, city: str, lang: str) -> None:
    """The top opportunities of ``city`` (a city id) as a table."""
    from pptx.util import Emu, Inches

    width, margin = deck.slide_width, Inches(0.6)
    rows = _opportunity_rows(store, city, lang)
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    name = city_name(_city_row(store, city), lang)
    _text(
        slide,
        margin,
        Inches(0.4),
        width - 2 * margin,
        Inches(0.9),
        [t("present.opp.title", lang, city=name)],
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
        cell.text = in_reading_order(text, lang, marks=True)
        _style_paragraph(cell.text_frame.paragraphs[0], lang, 16, bold=True)
    for r, row in enumerate(body, 1):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = in_reading_order(str(text), lang, marks=True)
            _style_paragraph(cell.text_frame.paragraphs[0], lang, 13)
    table.columns[3].width = Emu(int((width - 2 * margin) * 0.5))
    for c in range(3):
        table.columns[c].width = Emu(int((width - 2 * margin) * 0.5 / 3))


def _sources_slide(deck: Any, lang: str) -> None:
    from pptx.util import Inches

    margin = Inches(0.6)
    sources = deck.slides.add_slide(deck.slide_layouts[6])
    _text(
        sources,
        margin,
        Inches(0.8),
        deck.slide_width - 2 * margin,
        Inches(5.5),
        [t("present.sources", lang), attribution(lang)],
        lang,
        32,
        bold=True,
    )


def shared_city(views: Sequence[SavedView]) -> str | None:
    """The city every view of a deck is about (its ``city`` setting), if they share one:
    the deck's opportunities slide is that city's.

    >>> shared_city([SavedView("a", "map", {"city": "1"}), SavedView("b", "city", {"city": "1"})])
    '1'
    >>> shared_city([SavedView("a", "map", {"city": "1"}), SavedView("b", "map", {})]) is None
    True
    """
    cities = {str(v.config.get("city") or "") for v in views}
    return cities.pop() or None if len(cities) == 1 else None


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
    the top opportunities of ``opportunities_city`` (a city id; by default the city all
    views share, :func:`shared_city`), and a sources slide. Returns ``out``."""
    from pptx import Presentation
    from pptx.util import Emu

    if not views:
        raise RenderError("there is no saved view to put in a deck")
    out = Path(out)
    if out.suffix.lower() != ".pptx":
        raise RenderError(f"cannot write {out.name!r}: the deck is a .pptx file")
    deck = Presentation()
    deck.slide_width, deck.slide_height = Emu(12_192_000), Emu(6_858_000)  # 16:9
    _title_slide(deck, title or t("present.deck_title", lang), lang, len(views), today)
    _view_slides(deck, store, views, lang)
    opportunities_city = opportunities_city or shared_city(views)
    if opportunities_city:
        _opportunities_slide(deck, store, opportunities_city, lang)
    _sources_slide(deck, lang)
    embed_fonts(deck)
    deck.save(str(out))
    return out
