"""Hostile data in the figures, pages and exports: escaped where rendered, shown literally.

On a real seeded store with the corpus of ``tests/hostile.py`` written into its rows: the
map and network exports of the command line and a saved view's HTML export never carry a
hostile string as markup; plotly texts keep quotes as quotes (plotly shows ``&quot;``
literally); the city card's sources link only http(s); the Markdown escape of the pages
(``ui.safe_text.md``) turns every corpus string into text that reads the same.
The browser side (nothing runs, text shows) is tests/browser/test_hostile_browser.py.
"""

from __future__ import annotations

import html
import re

import pytest

from graph.cli.main import main
from graph.exports.saved_views import get_view
from graph.exports.slides import export_view
from graph.names import city_name
from graph.views.city import exchange_timeline, sources_html
from tests import hostile as H
from ui.safe_text import md

# The corpus strings that are markup: none may reach an HTML page verbatim.
MARKUP = [s for s in H.CORPUS if "<" in s] + [H.MOSCOW_NAME, H.MOSCOW_NAME_FA, H.SEOUL_NAME]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "store.sqlite"
    return H.hostile_store(path), path


# What starts Markdown or Streamlit syntax inside a line (see ui.safe_text).
MARKDOWN_SPECIAL = set("\\`*_[]<>&~$:|#")


@pytest.mark.parametrize(
    "text", [*H.CORPUS, H.SEOUL_NAME, H.BAGHDAD_NAME, H.ANKARA_NAME, "- a", "1. b", "2) c"]
)
def test_markdown_escape_reads_back_the_same_text(text):
    escaped = md(text)
    # every character that could start Markdown syntax is escaped, and so is a list marker
    unescaped = re.sub(r"\\.", "", escaped)
    assert not set(unescaped) & MARKDOWN_SPECIAL, unescaped
    assert not re.match(r"\s*([-+]|\d+[.)])", unescaped), unescaped
    # and removing the escapes gives the text back
    assert re.sub(r"\\(.)", r"\1", escaped) == text


def test_markdown_escape_keeps_plain_punctuation_and_flattens_line_breaks():
    assert md("Moscow, RU; tehran-map (1.5)") == "Moscow, RU; tehran-map (1.5)"
    assert md("a\nb\r\nc") == "a b c"
    assert md(None) == ""


def test_plotly_names_keep_quotes_and_escape_markup():
    shown = city_name({"name_en": H.MOSCOW_NAME}, "en", escape=True)
    assert shown == html.escape(H.MOSCOW_NAME, quote=False)
    assert "&quot;" not in shown and "<img" not in shown


def test_sources_link_only_http():
    card = {"partners": [{"name_en": H.MOSCOW_NAME, "evidence": "news", "sources": H.TIE_SOURCES}]}
    page = sources_html(card, "en")
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs == [html.escape(H.GOOD_SOURCE)]
    for source in H.TIE_SOURCES[1:]:
        assert html.escape(source) in page  # shown, as text
    for markup in MARKUP:
        assert markup not in page


def test_timeline_hover_shows_hostile_title_as_text(hostile):
    store, _ = hostile
    names = store.cities().set_index("city_id")[["name_en", "name_fa"]].to_dict("index")
    fig = exchange_timeline(store.exchanges(), H.MOSCOW_ID, names, "en")
    hovers = [h for trace in fig.data for h in (trace.hovertext or [])]
    assert hovers, "Moscow has dated exchanges"
    assert all(html.escape(H.EXCHANGE_TITLE, quote=False) in h for h in hovers)
    assert all("<img" not in h and "&quot;" not in h for h in hovers)


@pytest.mark.parametrize(
    ("what", "extra"),
    [
        ("map", ["--lang", "en"]),
        ("map", ["--lang", "fa", "--scope", "world"]),
        ("network", ["--city", "Tehran", "--lang", "fa"]),
        ("network", ["--city", "Tehran", "--lang", "en"]),
    ],
)
def test_command_line_exports_carry_no_markup_from_data(hostile, tmp_path, what, extra):
    _, path = hostile
    out = tmp_path / f"{what}.html"
    assert main(["render", what, "--db", f"sqlite:///{path}", "--out", str(out), *extra]) == 0
    page = out.read_text(encoding="utf-8")
    for markup in MARKUP:
        assert markup not in page, markup
    # the hostile partner is in the export (escaped: as text)
    assert "Moscow" in page


def test_saved_view_export_carries_no_markup_from_data(hostile, tmp_path):
    store, _ = hostile
    out = export_view(store, get_view(store, H.VIEW_NAME), tmp_path / "view.html")
    page = out.read_text(encoding="utf-8")
    for markup in [*MARKUP, H.VIEW_CAPTION_EN]:
        assert markup not in page, markup
    # the title, escaped for plotly (quotes kept as quotes), inside the figure's JSON
    title = html.escape(H.VIEW_CAPTION_EN, quote=False).replace('"', '\\"')
    assert title in page
