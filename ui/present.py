"""The Present page's Streamlit glue: cached slides and files, full-screen CSS, key script.

The drawing is :mod:`graph.exports.slides`'s; this module only caches it per (data version,
view, language) and holds what only a browser page needs.
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from graph.exports.chromium import find_chromium
from graph.exports.deck import build_deck
from graph.exports.saved_views import SavedView, get_view, list_views
from graph.exports.slides import Slide, export_view, slide_for
from graph.i18n import t
from ui import data
from ui.state import PRESENT_NEXT, PRESENT_PREV

THEMES = {
    "light": {"bg": "#ffffff", "fg": "#111111", "muted": "#444444", "button": "#f3f3f3"},
    "dark": {"bg": "#111418", "fg": "#f2f2f2", "muted": "#c8c8c8", "button": "#262b33"},
}


def need_picture_tools(pages: Iterable[str], lang: str) -> None:
    """Raise ValueError, in ``lang``, when this machine lacks what a PNG, PDF or deck of
    views of ``pages`` is drawn with: Debian's Chromium for every picture, the playwright
    package for the network and city ones (``./run.sh`` installs both when it can)."""
    if find_chromium() is None:
        raise ValueError(t("present.needs_chromium", lang))
    if any(page != "map" for page in pages) and find_spec("playwright") is None:
        raise ValueError(t("present.needs_playwright", lang))


@st.cache_resource(show_spinner=False, max_entries=32)
def slide(url: str, version: str, name: str, updated: str, lang: str) -> Slide:
    """The drawn slide of the saved view ``name`` (``updated`` keys the cache); shared."""
    store = data.get_store(url)
    return slide_for(store, get_view(store, name), lang)


@st.cache_data(show_spinner=False, max_entries=32)
def view_file(url: str, version: str, name: str, updated: str, lang: str, fmt: str) -> bytes:
    """One export of the view ``name`` (png, pdf or html) as bytes."""
    store = data.get_store(url)
    view = get_view(store, name)
    if fmt != "html":
        need_picture_tools([view.page], lang)
    with tempfile.TemporaryDirectory() as tmp:
        out = export_view(store, view, Path(tmp) / f"view.{fmt}", lang)
        return out.read_bytes()


@st.cache_data(show_spinner=False, max_entries=4)
def deck_file(url: str, version: str, names: tuple[str, ...], stamp: str, lang: str) -> bytes:
    """The PowerPoint deck of the saved views ``names`` (in this order) as bytes."""
    store = data.get_store(url)
    views = [v for name in names for v in list_views(store) if v.name == name]
    need_picture_tools([v.page for v in views], lang)
    with tempfile.TemporaryDirectory() as tmp:
        return build_deck(store, Path(tmp) / "deck.pptx", views, lang).read_bytes()


# links read left to right in either language
LINK_CSS = '[data-testid="stCode"] { direction: ltr; text-align: left; }'


def base_url(url: str | None) -> str:
    """The app's root from the page's address (``st.context.url``), e.g.
    ``http://host:8501`` for ``http://host:8501/present``; empty when unknown."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    root = path.rsplit("/", 1)[0] if path.endswith("/present") else path
    return f"{parts.scheme}://{parts.netloc}{root}" if parts.netloc else ""


def stamp(view: SavedView) -> str:
    """What changes when the view is edited (cache key)."""
    return str(view.updated_at)


def _is_ring(trace) -> bool:
    """Whether ``trace`` is the selected city's ring (an open circle)."""
    marker = getattr(trace, "marker", None)
    return marker is not None and marker.symbol == "circle-open"


def screen_figure(fig, theme: str, height: int):
    """A copy of a slide's map figure sized for the screen, in the theme's colours."""
    colours = THEMES[theme]
    fig = copy.deepcopy(fig)
    fig.update_layout(
        width=None,
        height=height,
        paper_bgcolor=colours["bg"],
        plot_bgcolor=colours["bg"],
        font={"color": colours["fg"]},
        legend={"font": {"color": colours["fg"]}},
        title={"text": ""},
        margin={"t": 10, "b": 110},
    )
    fig.update_layout(title={"subtitle": {"text": ""}})
    fig.update_geos(bgcolor=colours["bg"])
    # the selected city's ring (and its legend icon) is drawn in the theme's text colour
    fig.update_traces(marker_color=colours["fg"], selector=_is_ring)
    return fig


# the network page is drawn on white: inverted (hues kept) it suits the dark theme
DARK_IFRAME = "[data-testid='stIFrame'], iframe { filter: invert(0.9) hue-rotate(180deg); }"


def fullscreen_css(theme: str) -> str:
    """Hide Streamlit's header, toolbar and sidebar; large type in the theme's colours."""
    c = THEMES[theme]
    return f"""
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"], footer {{ display: none !important; }}
.stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    background: {c["bg"]} !important; color: {c["fg"]} !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
    padding: 0.6rem 1.5rem 0.4rem 1.5rem !important; max-width: 100% !important; }}
.cde-slide-title {{ font-size: 2.6rem; font-weight: 700; line-height: 1.25;
    color: {c["fg"]}; margin: 0; }}
.cde-slide-facts {{ font-size: 1.6rem; color: {c["muted"]}; margin: 0.1rem 0 0 0; }}
.cde-slide-no {{ font-size: 1.3rem; color: {c["muted"]}; }}
.stApp button p {{ font-size: 1.2rem; }}
.stApp button[kind="secondary"] {{ background: {c["button"]} !important;
    color: {c["fg"]} !important; border-color: {c["muted"]} !important; }}
.stApp button[kind="secondary"]:disabled {{ opacity: 0.45; }}
{DARK_IFRAME if theme == "dark" else ""}
"""


# Arrow keys and Page Up/Page Down (what presentation clickers send) click the slide
# buttons. The arrows follow the reading direction: in Persian (right to left) the left
# arrow goes on, the right arrow back; down, Page Down and space always go on. The page's
# direction is read at each key press from the slide number (``data-dir``). A click in a
# network slide's frame would keep the keys there: when the page loses focus to a frame
# while a slideshow is on, focus comes back to the page (the frame still takes clicks,
# drags and hovers). Inline, installed once per page; skips keys typed into a field.
KEY_SCRIPT = """
<script>
(function () {
  var w = window.parent || window;
  if (w.__cdePresentKeys) { return; }
  w.__cdePresentKeys = true;
  var ON = ["ArrowDown", "PageDown", " "], BACK = ["ArrowUp", "PageUp"];
  function showing() { return w.document.querySelector(".st-key-__NEXT__ button"); }
  function rtl() {
    var no = w.document.getElementById("cde-slide-no");
    return !!no && no.getAttribute("data-dir") === "rtl";
  }
  w.document.addEventListener("keydown", function (e) {
    var tag = (e.target && e.target.tagName) || "";
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(tag) || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var forward = rtl() ? "ArrowLeft" : "ArrowRight", backward = rtl() ? "ArrowRight" : "ArrowLeft";
    var key = (ON.indexOf(e.key) >= 0 || e.key === forward) ? "__NEXT__"
      : (BACK.indexOf(e.key) >= 0 || e.key === backward) ? "__PREV__" : null;
    if (!key) { return; }
    var button = w.document.querySelector(".st-key-" + key + " button");
    if (button && !button.disabled) { e.preventDefault(); button.click(); }
  }, true);
  w.addEventListener("blur", function () {
    setTimeout(function () {
      var active = w.document.activeElement;
      if (showing() && active && active.tagName === "IFRAME") { active.blur(); w.focus(); }
    }, 0);
  });
})();
</script>
""".replace("__NEXT__", PRESENT_NEXT).replace("__PREV__", PRESENT_PREV)
