"""Hostile data renders inert, in the real app and in the HTML exports, in a real Chromium.

The store (``tests/hostile.py``) holds script tags, event handlers, ``javascript:`` and
``data:`` links, template braces, an RTL override, very long and already-escaped strings
in city names and notes, ties' notes and sources, exchanges' titles, sources and notes,
and a saved view's name and captions, as an old database or a restore could hold them.
Every page of the app is opened on that store (and the city card, map and network hovered
where the hostile strings show); the map and network exports of the command line and the
Present page's HTML export of a saved view are opened from disk. Each time:

- no dialog opens and ``window.__pwned`` stays undefined in the page and in every frame;
- no element carries an event handler, or a ``javascript:``/``data:`` link, from the data;
- no request leaves the machine (``offline_page``);
- where a hostile string is shown, it is shown as text (checked in a tooltip or hover).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.i18n import t
from graph.i18n.bidi import plain
from tests import hostile as H
from tests.browser.conftest import (
    NODE_POINT,
    REPO_ROOT,
    TIE_POINT,
    VIEWPORT,
    choose_option,
    install_offline_routes,
    show_vector_map,
    start_streamlit,
    stop_streamlit,
)

pytestmark = pytest.mark.browser

MAIN = '[data-testid="stMain"]'
PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'

# Elements that hostile markup would have created: an event handler naming __pwned, a
# link or frame with a script-capable scheme, a <script> that is exactly the payload.
INJECTED = r"""() => {
    const found = [];
    const bad = /^\s*(javascript|data|vbscript):/i;
    for (const el of document.querySelectorAll('*')) {
        for (const name of el.getAttributeNames()) {
            const value = el.getAttribute(name) || '';
            const lower = name.toLowerCase();
            if (lower.startsWith('on') && value.includes('__pwned')) {
                found.push(el.outerHTML.slice(0, 160));
            }
            const linkish = ['href', 'src', 'xlink:href', 'action', 'formaction'];
            if (linkish.includes(lower) && bad.test(value) && el.tagName !== 'LINK'
                    && !(el.tagName === 'IMG' && /^data:image\//i.test(value))) {
                found.push(el.outerHTML.slice(0, 160));
            }
        }
        if (el.tagName === 'SCRIPT' && el.textContent.trim() === 'window.__pwned=1') {
            found.push('<script>window.__pwned=1</script>');
        }
        if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') {
            found.push(el.outerHTML.slice(0, 160));
        }
    }
    return found;
}"""


def assert_inert(page, dialogs: list[str], where: str) -> None:
    """No dialog, ``window.__pwned`` undefined and no injected element, in every frame."""
    assert dialogs == [], f"{where}: a dialog opened: {dialogs}"
    for frame in page.frames:
        try:
            pwned = frame.evaluate(f"() => typeof {H.PWNED}")
            injected = frame.evaluate(INJECTED)
        except Exception as exc:  # a frame detached while the page redrew
            if "detached" in str(exc) or "destroyed" in str(exc):
                continue
            raise
        assert pwned == "undefined", f"{where}: a hostile string ran in frame {frame.url!r}"
        assert injected == [], f"{where}: injected elements in frame {frame.url!r}: {injected}"


def watch(page) -> list[str]:
    """Record every dialog (alert/confirm/prompt) the page opens, and dismiss it."""
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, free_port) -> Iterator:
    """The app on a store full of hostile strings (``tests/hostile.py``)."""
    workdir = tmp_path_factory.mktemp("hostile_app")
    H.hostile_store(workdir / "store.sqlite")  # start_streamlit uses workdir/store.sqlite
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, workdir, free_port())
    try:
        yield server
    finally:
        stop_streamlit(server)


def _open(page, url: str, wait_for_streamlit, ready: str = "h1") -> None:
    page.goto(url, wait_until="load")
    page.locator(f"{MAIN} {ready}").first.wait_for(state="attached", timeout=180_000)
    wait_for_streamlit(page, timeout_ms=180_000)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()


# Centre of the scattergeo marker of a city (customdata = city id) in the first figure.
MARKER = """(cityId) => {
    for (const gd of document.querySelectorAll('.js-plotly-plot')) {
        for (const el of gd.querySelectorAll('.scattergeo path.point')) {
            const d = el.__data__;
            const r = el.getBoundingClientRect();
            if (!d || r.width === 0) continue;
            const trace = el.closest('.trace').__data__[0].trace;
            if (trace.customdata && trace.customdata[d.i] === cityId) {
                return {x: r.x + r.width / 2, y: r.y + r.height / 2};
            }
        }
    }
    return null;
}"""
HOVER_TEXT = """() => {
    const layers = [...document.querySelectorAll('.hoverlayer')];
    return layers.map(l => l.textContent).join(' ');
}"""


def _hover_marker(page, city_id: str, expect: str) -> str:
    """Hover the city's marker (its centre, then around its rim: an arc's hover point
    or a neighbour can sit on top) until a hover label containing ``expect`` shows."""
    point = page.evaluate(MARKER, city_id)
    assert point is not None, f"no marker for {city_id}"
    seen = []
    offsets = [(0, 0)] + [(dx, dy) for dx in (-3, 0, 3) for dy in (-3, 0, 3) if dx or dy]
    for dx, dy in offsets:
        x, y = point["x"] + dx, point["y"] + dy
        page.mouse.move(x + 30, y + 30)
        page.mouse.move(x, y, steps=5)
        for _ in range(10):
            text = page.evaluate(HOVER_TEXT)
            if text.strip():
                break
            page.wait_for_timeout(100)
        if expect in text:
            return text
        seen.append(text)
    return " / ".join(seen)


def test_overview_and_map_render_hostile_names_as_text(
    hostile_server, offline_page, wait_for_streamlit, screenshot
):
    page = offline_page
    dialogs = watch(page)
    for lang in ("en", "fa"):
        _open(page, f"{hostile_server.url}/?lang={lang}", wait_for_streamlit)
        page.locator(PLOT).first.wait_for(state="attached", timeout=120_000)
        assert_inert(page, dialogs, f"overview {lang}")

    _open(page, f"{hostile_server.url}/map?lang=en&region=europe", wait_for_streamlit)
    assert_inert(page, dialogs, "WebGL map")  # the default drawing, names as HTML over it
    show_vector_map(page, "en", wait_for_streamlit)
    hover = _hover_marker(page, H.MOSCOW_ID, "Moscow <img")
    assert H.MOSCOW_NAME in hover, hover  # the whole name, as text
    screenshot(page, "hostile_map_hover_en.png", full_page=False)
    assert_inert(page, dialogs, "map hover")
    # a click selects the city: its card names it, as text
    point = page.evaluate(MARKER, H.MOSCOW_ID)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**city=524901**", timeout=60_000)
    wait_for_streamlit(page, timeout_ms=120_000)
    assert "Moscow <img" in page.locator(MAIN).inner_text()
    screenshot(page, "hostile_map_card_en.png", full_page=False)
    assert_inert(page, dialogs, "map card")



TIP_FITS = """() => {
    const tip = document.querySelector('div.vis-tooltip');
    return tip.scrollWidth <= tip.clientWidth + 1;
}"""
TOOLTIP = """() => {
    const tip = document.querySelector('div.vis-tooltip');
    if (!tip || tip.style.visibility === 'hidden' || !tip.textContent) return null;
    return tip.innerText;
}"""


# vis-network's id of the tie between two cities
TIE_ID = """([a, b]) => network.getConnectedEdges(a).find(
    (e) => network.getConnectedEdges(b).includes(e)) ?? null"""
# what vis-network and the page have at a point of the page: the tie, the city, the element
WHAT_IS_AT = """([x, y]) => {
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    const p = {x: x - box.left, y: y - box.top};
    const el = document.elementFromPoint(x, y);
    return {edge: network.getEdgeAt(p) ?? null, node: network.getNodeAt(p) ?? null,
            element: el ? el.tagName : null};
}"""


def _network_frame(page):
    page.locator("iframe").first.wait_for(state="attached", timeout=120_000)
    for _ in range(600):
        for frame in page.frames:
            if frame != page.main_frame:
                try:
                    if frame.evaluate("() => window.cdeReady === true"):
                        return frame
                except Exception:  # not ready, or detached while the page redraws
                    pass
        page.wait_for_timeout(100)
    raise AssertionError("the network never became ready")


def _hover(page, frame, x: float, y: float, want: str = "", attempts: int = 5) -> str | None:
    """Move onto (x, y) and return the tooltip's text once shown (and holding ``want``),
    without the reading-order marks Persian lines carry; on a busy machine the tooltip can
    come late or the first move can be missed, so move in again a few times."""
    for _ in range(attempts):
        page.mouse.move(x + 40, y + 40)
        page.mouse.move(x, y, steps=4)
        for _ in range(20):
            tip = plain(frame.evaluate(TOOLTIP) or "")
            if tip and want in tip:
                return tip
            page.wait_for_timeout(100)
    return None


def _hover_node(page, frame, node: str, offset=(0, 0)) -> str | None:
    spot = frame.evaluate(NODE_POINT, node)
    return _hover(page, frame, spot["x"] + offset[0], spot["y"] + offset[1])


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_network_tooltips_show_hostile_names_as_text(
    lang, hostile_server, offline_page, wait_for_streamlit, screenshot
):
    page = offline_page
    dialogs = watch(page)
    _open(page, f"{hostile_server.url}/?lang={lang}", wait_for_streamlit)
    _open(page, f"{hostile_server.url}/network?lang={lang}", wait_for_streamlit)
    frame = _network_frame(page)
    page.locator("iframe").first.scroll_into_view_if_needed()
    box = page.locator("iframe").first.bounding_box()
    tip = _hover_node(page, frame, H.MOSCOW_ID, (box["x"], box["y"]))
    assert tip is not None, "no tooltip over the hostile city"
    shown = H.MOSCOW_NAME if lang == "en" else H.MOSCOW_NAME_FA
    assert shown in tip, tip
    screenshot(page, f"hostile_network_tooltip_{lang}.png", full_page=False)
    assert_inert(page, dialogs, f"network {lang}")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_city_cards_show_hostile_text_and_only_web_links(
    lang, hostile_server, offline_page, wait_for_streamlit, screenshot
):
    page = offline_page
    dialogs = watch(page)
    _open(page, f"{hostile_server.url}/city?lang={lang}", wait_for_streamlit)
    assert_inert(page, dialogs, "Tehran's card")
    sources = page.locator('[data-testid="stExpander"] summary').first
    sources.click()
    page.locator(f'a[href="{H.GOOD_SOURCE}"]').first.wait_for(state="attached", timeout=30_000)
    hrefs = page.eval_on_selector_all(
        f"{MAIN} a[href]", "els => els.map(a => a.getAttribute('href'))"
    )
    assert H.GOOD_SOURCE in hrefs
    assert not [h for h in hrefs if not h.startswith(("http://", "https://", "/", "#", "?"))]
    text = page.locator(MAIN).inner_text()
    # the refused sources are shown as plain text, whole
    assert H.JS_LINK in text and H.DATA_LINK in text, "a refused source was dropped"
    assert_inert(page, dialogs, "Tehran's sources")

    # hostile partners (not Iranian) by their ids in the "other city" box: the heading is
    # the stored name, literally (no markdown link, no decoded entity)
    cards = [(H.MOSCOW_ID, H.MOSCOW_NAME if lang == "en" else H.MOSCOW_NAME_FA)]
    if lang == "en":
        cards.append((H.SEOUL_ID, H.SEOUL_NAME))
    for city_id, name in cards:
        box = page.get_by_label(t("city.other", lang), exact=True)
        box.fill(city_id)
        box.press("Enter")
        page.wait_for_function(
            "(name) => [...document.querySelectorAll('[data-testid=stMain] h2')]"
            ".some(h => h.innerText.trim() === name)",
            arg=name,
            timeout=180_000,
        )
        wait_for_streamlit(page, timeout_ms=180_000)
        page.locator(PLOT).first.wait_for(state="attached", timeout=120_000)
        assert_inert(page, dialogs, f"card of {city_id}")
        if city_id == H.MOSCOW_ID:
            screenshot(page, f"hostile_city_card_{lang}.png")
            # the exchanges' timeline: every exchange with Tehran has the hostile title
            dot = page.locator(".js-plotly-plot .scatterlayer path.point").first
            dot.scroll_into_view_if_needed()
            dot.hover(force=True)
            page.wait_for_function(
                "() => [...document.querySelectorAll('.hoverlayer')]"
                ".some(l => l.textContent.length > 0)",
                timeout=10_000,
            )
            assert H.EXCHANGE_TITLE in page.evaluate(HOVER_TEXT)
            screenshot(page, f"hostile_city_timeline_hover_{lang}.png", full_page=False)
            assert_inert(page, dialogs, "timeline hover")


@pytest.mark.parametrize("path", ["opportunities", "statistics", "present"])
def test_other_pages_are_inert(path, hostile_server, offline_page, wait_for_streamlit):
    page = offline_page
    dialogs = watch(page)
    for lang in ("en", "fa"):
        _open(page, f"{hostile_server.url}/{path}?lang={lang}", wait_for_streamlit)
        assert_inert(page, dialogs, f"{path} {lang}")
        if path == "present":  # the saved view's name and caption, literally
            text = page.locator(MAIN).inner_text()
            assert H.VIEW_NAME in text, text
            assert (H.VIEW_CAPTION_EN if lang == "en" else H.VIEW_CAPTION_FA) in text, text


def test_present_slide_is_inert(hostile_server, offline_page, wait_for_streamlit, screenshot):
    page = offline_page
    dialogs = watch(page)
    _open(page, f"{hostile_server.url}/present?lang=en", wait_for_streamlit)
    page.click(".st-key-present_start button")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .geo', timeout=120_000)
    wait_for_streamlit(page)
    assert H.VIEW_CAPTION_EN in page.locator(MAIN).inner_text()
    screenshot(page, "hostile_present_slide_en.png", full_page=False)
    assert_inert(page, dialogs, "present slide")


def test_data_page_tables_are_inert(hostile_server, offline_page, wait_for_streamlit):
    page = offline_page
    dialogs = watch(page)
    _open(page, f"{hostile_server.url}/data?lang=en", wait_for_streamlit)
    for table in ("Ties", "Exchanges", "Cities"):
        choose_option(page, "data_table", table, wait_for_streamlit)
        search = page.locator(f"{MAIN} input[type=text]").first
        search.fill("pwned")  # only the hostile rows
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        wait_for_streamlit(page, timeout_ms=120_000)
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)
        shown = re.search(r"([\d,]+) of [\d,]+ rows", page.locator(MAIN).inner_text())
        assert shown and int(shown.group(1).replace(",", "")) > 0, (
            f"no hostile {table} row is listed"
        )
        assert_inert(page, dialogs, f"data {table}")
        search.fill("")
        page.keyboard.press("Enter")
        wait_for_streamlit(page, timeout_ms=120_000)


# --- the HTML exports ------------------------------------------------------------------


@pytest.fixture
def file_page(browser, blocked_requests) -> Iterator:
    """Like ``offline_page``, for files opened from disk: file: URLs are let through too;
    every off-machine request is aborted and recorded, and fails the test at teardown."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    install_offline_routes(context, blocked_requests, allow_files=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()
    assert blocked_requests == [], f"off-machine requests (aborted): {blocked_requests}"


@pytest.fixture(scope="module")
def export_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile_exports") / "store.sqlite"
    H.hostile_store(path)
    return path


def _render(store: Path, what: str, out: Path, *extra: str) -> Path:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "graph",
            "render",
            what,
            "--db",
            f"sqlite:///{store}",
            "--out",
            str(out),
            *extra,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return out


def test_map_export_is_inert(export_store, file_page, screenshot):
    page = file_page
    dialogs = watch(page)
    out = _render(
        export_store, "map", export_store.parent / "map.html", "--lang", "en", "--region", "europe"
    )
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .scattergeo path.point').length > 50",
        timeout=60_000,
    )
    hover = _hover_marker(page, H.MOSCOW_ID, "Moscow <img")
    assert H.MOSCOW_NAME in hover, hover  # the whole name, as text
    screenshot(page, "hostile_map_export_hover.png", full_page=False)
    assert_inert(page, dialogs, "map export")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_network_export_is_inert(lang, export_store, file_page, screenshot):
    page = file_page
    dialogs = watch(page)
    out = export_store.parent / f"network_{lang}.html"
    _render(export_store, "network", out, "--city", "Tehran", "--lang", lang)
    page.goto(out.as_uri(), wait_until="load")
    page.wait_for_function("() => window.cdeReady === true", timeout=60_000)
    tip = _hover_node(page, page.main_frame, H.MOSCOW_ID)
    assert tip is not None, "no tooltip over the hostile city"
    assert (H.MOSCOW_NAME if lang == "en" else H.MOSCOW_NAME_FA) in tip, tip
    # the long hostile name wraps inside the tooltip's box instead of running out of it
    assert page.evaluate(TIP_FITS), "the tooltip's text runs out of its box"
    screenshot(page, f"hostile_network_export_{lang}.png", full_page=False)
    page.mouse.move(5, 5)
    page.wait_for_timeout(300)
    # the tie's tooltip lists its latest exchanges: the hostile title, as text
    # (on a spot of this tie that vis-network gives to it: another city's tie can run along
    # part of it, another city or the legend can cover a spot)
    tie = page.evaluate(TIE_ID, [H.TEHRAN_ID, H.MOSCOW_ID])
    tip, seen = None, []
    for share in (0.5, 0.35, 0.65, 0.25, 0.75, 0.45, 0.55, 0.85, 0.15, 0.9, 0.8, 0.7, 0.6):
        spot = page.evaluate(TIE_POINT, [H.TEHRAN_ID, H.MOSCOW_ID, share])
        under = page.evaluate(WHAT_IS_AT, [spot["x"], spot["y"]])
        seen.append((share, under))
        if under != {"edge": tie, "node": None, "element": "CANVAS"}:
            continue
        tip = _hover(page, page.main_frame, spot["x"], spot["y"], H.EXCHANGE_TITLE, attempts=4)
        if tip:
            break
        seen.append(("tooltip", plain(page.evaluate(TOOLTIP) or "")[:120]))
        page.mouse.move(5, 5)
    assert tip is not None and H.EXCHANGE_TITLE in tip, seen
    assert_inert(page, dialogs, "network export")


@pytest.mark.parametrize("page_kind", ["map", "network"])
def test_saved_view_html_export_is_inert(page_kind, export_store, file_page):
    from graph.exports.saved_views import create_view, get_view
    from graph.exports.slides import export_view
    from graph.store.engine import open_store

    store = open_store(f"sqlite:///{export_store}")
    name = H.VIEW_NAME if page_kind == "map" else f"net {H.IMG}"
    if page_kind == "network":
        try:
            get_view(store, name)
        except Exception:
            create_view(
                store,
                name,
                "network",
                {"city": H.TEHRAN_ID, "hops": "1"},
                H.VIEW_CAPTION_FA,
                H.VIEW_CAPTION_EN,
                "en",
                who="hostile-test",
            )
    out = export_view(store, get_view(store, name), export_store.parent / f"{page_kind}.html")
    page = file_page
    dialogs = watch(page)
    page.goto(out.as_uri(), wait_until="load")
    if page_kind == "map":
        page.wait_for_function(
            "() => document.querySelectorAll('.js-plotly-plot .scattergeo path.point').length",
            timeout=60_000,
        )
        title = page.evaluate(
            "() => [...document.querySelectorAll('.gtitle')].map(t => t.textContent).join(' ')"
        )
        assert H.VIEW_CAPTION_EN in title, title
    else:
        page.wait_for_function("() => window.cdeReady === true", timeout=60_000)
        assert H.VIEW_CAPTION_EN in page.locator("body").inner_text()
        tip = _hover_node(page, page.main_frame, H.MOSCOW_ID)
        assert tip is not None and H.MOSCOW_NAME in tip, tip
    assert_inert(page, dialogs, f"{page_kind} view export")
