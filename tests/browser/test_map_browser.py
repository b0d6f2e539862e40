"""The Map page in a real Chromium against the real server, with off-machine requests blocked.

Checks what only a browser can: the map draws land, borders and arcs (counted in the
screenshot's pixels) in Persian and in English, and a click on Tehran's marker selects
the city and shows its card.
"""

from __future__ import annotations

import pytest

from graph.i18n import t
from graph.views.style import BORDER_COLOUR, IRANIAN_COLOUR, LAND_COLOUR
from tests.browser.conftest import show_vector_map

pytestmark = pytest.mark.browser

TEHRAN_ID = "112931"  # GeoNames
PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'

# Where to click on the scattergeo marker drawn at (lon, lat) in the first plotly figure:
# plotly gives a click to the marker with the smallest max(distance - radius, 1 - 3 /
# radius), so a smaller marker drawn on top of a big one (Tehran District 12 on Tehran)
# takes clicks at the big one's centre. Click on the big marker's rim, on the side
# farthest from any other marker.
CLICK_POINT = """(cityId) => {
    const gd = document.querySelector('.js-plotly-plot');
    const centre = el => {
        const r = el.getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2, r: r.width / 2};
    };
    let target = null;
    const others = [];
    for (const el of gd.querySelectorAll('.scattergeo path.point')) {
        const d = el.__data__;
        if (!d || el.getBoundingClientRect().width === 0) continue;
        const trace = el.closest('.trace').__data__[0].trace;
        const id = trace.customdata ? trace.customdata[d.i] : null;
        if (id === cityId) {
            target = centre(el);
        } else if (trace.marker.opacity !== 0) {
            others.push(centre(el));
        }
    }
    if (!target) return null;
    let best = null;
    for (let k = 0; k < 16; k++) {
        const a = (2 * Math.PI * k) / 16;
        const p = {x: target.x + 0.7 * target.r * Math.cos(a),
                   y: target.y + 0.7 * target.r * Math.sin(a)};
        const room = Math.min(...others.map(o => Math.hypot(o.x - p.x, o.y - p.y) - o.r));
        if (!best || room > best.room) best = {x: p.x, y: p.y, room};
    }
    return best;
}"""


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))


def _near(colour, target, tolerance: int = 6) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, target, strict=True))


def _count_colours(path, box) -> dict[str, int]:
    """Pixels of land, white (borders, background), Iranian markers and coloured arcs.

    Arcs are drawn a little transparent and anti-aliased, so they are counted as the
    strongly coloured pixels that are not the Iranian markers' vermilion.
    """
    from PIL import Image  # Pillow is a dependency of streamlit

    with Image.open(path) as img:
        counts = img.convert("RGB").crop(box).getcolors(maxcolors=1 << 24) or []
    land, iranian = _rgb(LAND_COLOUR), _rgb(IRANIAN_COLOUR)
    out = {"land": 0, "white": 0, "iranian": 0, "arcs": 0}
    for n, colour in counts:
        if _near(colour, land, 2):
            out["land"] += n
        elif colour == _rgb(BORDER_COLOUR):
            out["white"] += n
        elif _near(colour, iranian, 12):
            out["iranian"] += n
        elif max(colour) - min(colour) > 50:
            out["arcs"] += n
    return out


def _open_map(page, url: str, wait_for_streamlit, lang: str = "en") -> None:
    page.goto(url, wait_until="load")
    wait_for_streamlit(page, timeout_ms=120_000)
    show_vector_map(page, lang, wait_for_streamlit)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_map_draws_land_borders_and_arcs(
    lang, app_server, offline_page, wait_for_streamlit, screenshot
):
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _open_map(page, f"{app_server.url}/map?lang={lang}", wait_for_streamlit, lang)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert errors == []
    h1 = page.locator('[data-testid="stMain"] h1').first
    assert h1.inner_text() == t("mapview.page_title", lang)
    assert h1.evaluate("el => getComputedStyle(el).direction") == ("rtl" if lang == "fa" else "ltr")

    path = screenshot(page, f"map_{lang}.png", full_page=False)
    plot = page.locator(PLOT).first.bounding_box()
    box = tuple(
        int(v)
        for v in (plot["x"], plot["y"], plot["x"] + plot["width"], plot["y"] + plot["height"])
    )
    counts = _count_colours(path, box)
    area = (box[2] - box[0]) * (box[3] - box[1])
    assert counts["land"] > area * 0.03, counts  # the basemap's countries are filled
    assert counts["white"] > area * 0.2, counts  # white borders and background
    assert counts["arcs"] > 300, counts  # arcs in the kinds' colours
    assert counts["iranian"] > 50, counts  # Iranian city markers


def test_click_on_tehran_selects_it(app_server, offline_page, wait_for_streamlit, screenshot):
    page = offline_page
    # Zoomed to the region, so that Tehran's marker is not buried under its neighbours'.
    _open_map(page, f"{app_server.url}/map?lang=en&region=middle_east", wait_for_streamlit)
    title = t("mapview.card.title", "en", city="Tehran")
    assert page.get_by_text(title).count() == 0
    where = page.evaluate(CLICK_POINT, TEHRAN_ID)
    assert where is not None, "Tehran's marker is not on the map"
    assert where["room"] > 0, f"no free spot on Tehran's marker: {where}"
    page.mouse.click(where["x"], where["y"])
    page.get_by_text(title).first.wait_for(state="visible", timeout=60_000)
    wait_for_streamlit(page, timeout_ms=60_000)
    assert "city=112931" in page.url
    screenshot(page, "map_tehran_selected.png", full_page=False)
