"""Presenter exports: 1920x1080 slides (PNG, PDF, HTML) and the PowerPoint deck."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest
from PIL import Image

from graph.analysis.city import partner_counts, partner_rows
from graph.analysis.map_filter import filter_graph
from graph.cli.main import main
from graph.exports.chromium import find_chromium
from graph.exports.deck import build_deck
from graph.exports.fonts import DECK_FONTS
from graph.exports.images import SLIDE_SIZE
from graph.exports.saved_views import DEFAULT_VIEWS, create_view, ensure_default_views, get_view
from graph.exports.slides import SlideGraphs, export_view, slide_for
from graph.i18n import t
from graph.i18n.bidi import PDI, RLI, plain
from graph.model import TEHRAN
from graph.names import city_name
from graph.store.engine import open_store
from graph.views.network import offsite_references
from tests.graph.exports.test_fonts import eot_to_ttf

A_NAMESPACE = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P_NAMESPACE = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A seeded store of its own (these tests save views) with the ready deck's views."""
    path = tmp_path_factory.mktemp("present") / "store.sqlite"
    store = open_store(f"sqlite:///{path}")
    ensure_default_views(store, who="sara")
    create_view(store, "escaped", "map", {}, "<b>پیوند</b>", "<script>x</script>", who="sara")
    return store


def _need_chromium(skip_or_fail) -> None:
    if find_chromium() is None:
        skip_or_fail("chromium not found (apt-get install chromium, or run ./test.sh)")


def _distinct_colours(path) -> int:
    with Image.open(path) as img:
        return len(img.convert("RGB").getcolors(maxcolors=1 << 24) or [])


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_map_slide_has_title_key_figures_legend_and_attribution(store, lang):
    view = get_view(store, "tehran-map")
    slide = slide_for(store, view, lang)
    fig = slide.figure
    assert (fig.layout.width, fig.layout.height) == (1920, 1080)
    assert plain(fig.layout.title.text) == html.escape(view.caption(lang), quote=False)
    assert slide.ties > 0 and slide.cities > 0
    assert plain(fig.layout.title.subtitle.text) == html.escape(slide.key_figures())
    assert any(trace.showlegend is not False for trace in fig.data)
    notes = plain(" ".join(a.text for a in fig.layout.annotations))
    assert ("GeoNames" in notes) and (("منابع" in notes) == (lang == "fa"))


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_map_slide_adds_up_to_the_city_card(store, lang):
    """The slide says how many ties its Wikidata switches leave undrawn, so its ties and
    those add up to the partners on the city card (34 + 2 = 36 for Tehran)."""
    slide = slide_for(store, get_view(store, "tehran-map"), lang)
    graph = SlideGraphs(store).get("world")
    partners = partner_counts(partner_rows(graph, TEHRAN))
    assert slide.hidden == partners["hidden_on_map"] > 0
    assert slide.ties + slide.hidden == partners["partners"]
    hidden = t("present.key_figures_hidden", lang, figures="", n=slide.hidden).strip(" ()")
    assert hidden in slide.key_figures()
    assert hidden in plain(slide.figure.layout.title.subtitle.text)


def test_captions_are_escaped(store):
    view = get_view(store, "escaped")
    assert "<script>" not in slide_for(store, view, "en").figure.layout.title.text
    assert "&lt;b&gt;" in plain(slide_for(store, view, "fa").figure.layout.title.text)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_network_slide_is_offline_and_captioned(store, lang):
    view = get_view(store, "tehran-network")
    slide = slide_for(store, view, lang)
    assert slide.figure is None
    assert offsite_references(slide.page) == []
    assert html.escape(view.caption(lang)) in slide.page
    assert 'id="cde-slide-head"' in slide.page and 'id="cde-legend"' in slide.page
    assert slide.ties > slide.cities > 0


@pytest.mark.browser
def test_map_exports_png_pdf_html(store, tmp_path, skip_or_fail):
    _need_chromium(skip_or_fail)
    view = get_view(store, "tehran-map")
    png, pdf, page = (export_view(store, view, tmp_path / f"m.{x}") for x in ("png", "pdf", "html"))
    with Image.open(png) as img:
        assert img.size == (SLIDE_SIZE["width"], SLIDE_SIZE["height"])
    assert _distinct_colours(png) > 50, "the PNG looks blank"
    text = page.read_text(encoding="utf-8")
    # plotly.js is inlined (its source names URLs); outside it nothing is loaded
    start = text.index("<script>/**\n* plotly.js")
    outside = text[:start] + text[text.index("</script>", start) :]
    assert offsite_references(outside) == [] and "cdn.plot.ly" not in outside
    if not (shutil.which("pdftoppm") and shutil.which("pdffonts")):
        skip_or_fail("pdftoppm/pdffonts not found (apt-get install poppler-utils)")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in fonts.stdout.splitlines() if "Vazirmatn" in line]
    assert rows, fonts.stdout
    assert all(row[-5] == "yes" for row in rows), "Vazirmatn is not embedded"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    pages = sorted(tmp_path.glob("p-*.png"))
    assert pages and _distinct_colours(pages[0]) > 20, "the PDF's first page looks blank"


@pytest.mark.browser
def test_network_export_png(store, tmp_path, skip_or_fail):
    _need_chromium(skip_or_fail)
    out = export_view(store, get_view(store, "tehran-network"), tmp_path / "n.png", "en")
    with Image.open(out) as img:
        assert img.size == (1920, 1080)
    assert _distinct_colours(out) > 50


@pytest.mark.browser
def test_network_export_pdf(store, tmp_path, skip_or_fail):
    _need_chromium(skip_or_fail)
    if not shutil.which("pdftoppm"):
        skip_or_fail("pdftoppm not found (apt-get install poppler-utils)")
    out = export_view(store, get_view(store, "tehran-network"), tmp_path / "n.pdf", "fa")
    assert out.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(out), str(tmp_path / "n")], check=True)
    pages = sorted(tmp_path.glob("n-*.png"))
    assert len(pages) == 1 and _distinct_colours(pages[0]) > 20, "the PDF page looks blank"


def _paragraphs(slide):
    for shape in slide.shapes:
        if shape.has_text_frame:
            yield from shape.text_frame.paragraphs


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_deck(store, tmp_path, skip_or_fail, lang):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    _need_chromium(skip_or_fail)
    views = [get_view(store, d[0]) for d in DEFAULT_VIEWS]
    if lang == "en":
        views = views[-2:]  # one map, one network: enough for the English run
    # no city named: the opportunities slide is the city every view is about (Tehran),
    # as in the deck the Present page makes
    out = build_deck(store, tmp_path / "deck.pptx", views, lang)
    deck = Presentation(str(out))
    slides = list(deck.slides)
    assert len(slides) == 1 + len(views) + 2  # title, views, opportunities, sources
    assert deck.slide_width * 9 == deck.slide_height * 16
    title_text = " ".join(p.text for p in _paragraphs(slides[0]))
    assert ("تهران" in title_text) == (lang == "fa") and title_text
    for slide, view in zip(slides[1 : 1 + len(views)], views, strict=True):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1
        assert pictures[0].width == deck.slide_width
        assert view.caption(lang) in plain(" ".join(p.text for p in _paragraphs(slide)))
    tables = [s for s in slides[-2].shapes if s.has_table]
    assert tables and len(tables[0].table.rows) > 1
    after_city = t("present.opp.title", lang, city="\0").split("\0")[1]
    assert after_city in plain(" ".join(p.text for p in _paragraphs(slides[-2])))
    assert "GeoNames" in " ".join(p.text for p in _paragraphs(slides[-1]))
    for slide in slides:
        for paragraph in _paragraphs(slide):
            if not paragraph.text:
                continue
            ppr = paragraph._p.pPr
            assert (ppr is not None and ppr.get("rtl") == "1") == (lang == "fa")
            for run in paragraph.runs:
                assert run.font.name == "Vazirmatn"
                cs = run._r.rPr.find(f"{A_NAMESPACE}cs")
                assert cs is not None and cs.get("typeface") == "Vazirmatn"
    # the font travels with the deck: Vazirmatn's regular and bold, as libeot reads them
    listed = deck.part._element.find(f"{P_NAMESPACE}embeddedFontLst")
    [entry] = listed.findall(f"{P_NAMESPACE}embeddedFont")
    assert entry.find(f"{P_NAMESPACE}font").get("typeface") == "Vazirmatn"
    for slot, path in DECK_FONTS["Vazirmatn"].items():
        part = deck.part.related_part(entry.find(f"{P_NAMESPACE}{slot}").get(R_ID))
        assert part.content_type == "application/x-fontdata"
        assert eot_to_ttf(part.blob, tmp_path, skip_or_fail) == path.read_bytes()


@pytest.mark.browser
def test_command_line_deck_and_view(tmp_path, capsys, skip_or_fail):
    _need_chromium(skip_or_fail)
    url = f"sqlite:///{tmp_path}/cli.sqlite"
    deck = tmp_path / "d.pptx"
    assert main(["render", "deck", "--db", url, "--out", str(deck), "--lang", "en"]) == 0
    assert deck.stat().st_size > 10_000
    png = tmp_path / "v.png"
    code = main(["render", "map", "--db", url, "--view", "tehran-transit", "--out", str(png)])
    assert code == 0, capsys.readouterr().err
    assert _distinct_colours(png) > 50
    assert main(["render", "map", "--db", url, "--view", "nope", "--out", str(png)]) == 1
    assert "no saved view" in capsys.readouterr().err
    assert main(["render", "deck", "--db", url, "--out", str(tmp_path / "d.pdf")]) == 1


def test_the_ready_decks_network_is_tehrans_own(store):
    """The ready deck's network slide shows Tehran and its partners, not two steps out
    into the world (119 cities, Tehran at the edge)."""
    view = get_view(store, "tehran-network")
    graphs = SlideGraphs(store)
    slide = slide_for(store, view, "fa", graphs)
    assert slide.cities == graphs.get("world").degree(TEHRAN)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_slide_of_tehrans_ties_names_every_partner(store, lang):
    """Before, the slide of Tehran's technical exchanges named three cities."""
    slide = slide_for(store, get_view(store, "tehran-technical"), lang)
    labels = next(tr for tr in slide.figure.data if tr.mode == "lines+text")
    named = {plain(x) for x in labels.text if x}
    graph = SlideGraphs(store).get("world")
    partners = {n for n in graph.neighbors(TEHRAN)}
    shown = filter_graph(graph, get_view(store, "tehran-technical").map_view(lang))
    expected = {city_name(shown.nodes[n], lang) for n in shown if n in partners or n == TEHRAN}
    assert expected <= named and len(expected) > 3


def test_a_persian_slide_footnote_is_in_reading_order(store):
    slide = slide_for(store, get_view(store, "tehran-map"), "fa")
    note = slide.figure.layout.annotations[0].text
    for line in note.split("<br>"):
        assert line.startswith(RLI) and line.endswith(PDI)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_deck_opportunities_name_the_partner_and_its_country(store, lang):
    from graph.exports.deck import _opportunity_rows
    from graph.places.countries import country_name

    rows = _opportunity_rows(store, TEHRAN, lang)
    assert rows
    cities = store.cities().set_index("city_id")
    own = city_name(cities.loc[TEHRAN].to_dict() | {"city_id": TEHRAN}, lang)
    for row in rows:
        partner = plain(row[1])
        assert not partner.startswith(own + " (")  # the other end, never the city itself
        assert not re.search(r"\([A-Z]{2}\)", partner)  # a country's name, never its code
    assert any(f"({country_name('IQ', lang)})" in plain(r[1]) for r in rows)


@pytest.mark.parametrize("name", ["tehran-technical", "tehran-transit"])
def test_a_kind_slide_counts_the_ties_it_draws(store, name):
    """A slide of one kind of exchange counts only the ties it draws, each with an
    exchange of that kind (the transit slide said 26 ties while three arcs showed)."""
    view = get_view(store, name)
    slide = slide_for(store, view, "en")
    names = {t("mapview.legend.ties", lang) for lang in ("fa", "en")}
    midpoints = next(tr for tr in slide.figure.data if tr.name in names)
    drawn = len(midpoints.lon)
    shown = filter_graph(SlideGraphs(store).get("world"), view.map_view("en"))
    assert slide.ties == drawn == shown.number_of_edges() > 0
    [kind] = view.map_view("en").chosen_kinds()
    for a, b, data in shown.edges(data=True):
        assert data["exchanges_by_kind"][kind] > 0, (a, b, data["exchanges_by_kind"])
