"""The Map page's WebGL map in a real Chromium (software GL) against the real server, with
every off-machine request blocked (the ``offline_page`` fixture fails the test on one).

The world map: it draws, a wheel zoom and a drag pan each reach a finished frame (their
times are printed, never asserted), a hover over an arc shows a tie's hover, and a click
on Tehran opens its card and puts the city in the URL. Persian names are HTML over the
canvas (the browser shapes them); screenshots at world and Iran scope in both languages.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from graph.i18n import t

pytestmark = pytest.mark.browser

TEHRAN_ID = "112931"  # GeoNames
MAP_FRAME = 'iframe[title="ui.widgets.webgl_map.city_map"]'
DRAW_TIMEOUT_MS = 240_000  # SwiftShader compiles deck.gl's shaders in seconds


def _open(page, url: str, wait_for_streamlit):
    """Open ``url`` and return the map's frame once it has drawn."""
    page.goto(url, wait_until="load")
    page.locator(MAP_FRAME).wait_for(state="attached", timeout=120_000)
    wait_for_streamlit(page, timeout_ms=120_000)
    # a rerun can replace the frame just after it came: take the one there once it settles
    frame = page.locator(MAP_FRAME).last.element_handle(timeout=120_000).content_frame()
    frame.wait_for_function(
        "() => !!(window.cityMapStats && window.cityMapStats.firstDraw !== null)",
        timeout=DRAW_TIMEOUT_MS,
        polling=200,
    )
    return frame


def _on_page(page, frame, point) -> tuple[float, float]:
    box = page.locator(MAP_FRAME).bounding_box()
    return box["x"] + point[0], box["y"] + point[1]


def _wait_frames(frame, kind: str, at_least: int) -> None:
    frame.wait_for_function(
        f"() => window.cityMapStats.frames.{kind}.length >= {at_least}",
        timeout=60_000,
        polling=100,
    )


def test_world_map_zooms_pans_hovers_and_opens_a_card(
    app_server, offline_page, wait_for_streamlit, screenshot
) -> None:
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    frame = _open(page, f"{app_server.url}/map?lang=en&scope=world", wait_for_streamlit)
    ties = frame.evaluate("() => window.cityMap.tieCount")
    assert ties > 20_000
    screenshot(page, "map_webgl_world_en.png", full_page=False)

    # zoom three times at Tehran, then drag
    tehran = frame.evaluate(f"() => window.cityMap.whereCity('{TEHRAN_ID}')")
    x, y = _on_page(page, frame, tehran)
    page.mouse.move(x, y)
    for k in range(1, 4):
        page.mouse.wheel(0, -300)
        _wait_frames(frame, "zoom", k)
        page.wait_for_timeout(400)
    page.mouse.down()
    for k in range(1, 6):
        page.mouse.move(x + 15 * k, y + 5 * k)
        page.wait_for_timeout(200)
    page.mouse.up()
    _wait_frames(frame, "pan", 1)

    # hover a point on the map where deck.gl itself picks a tie (the middle of an arc can
    # lie under a city's dot or under another arc); a person's pointer moves a little
    where = frame.evaluate(
        """() => {
            const w = window.innerWidth, h = window.innerHeight, m = window.cityMap;
            let tried = 0;
            for (let i = 0; i < m.tieCount && tried < 60; i++) {
                const p = m.whereTie(i);
                if (!p || p[0] < 60 || p[1] < 60 || p[0] > w - 60 || p[1] > h - 60) continue;
                tried += 1;
                const hit = m.deck.pickObject({ x: p[0], y: p[1], radius: 2 });
                if (hit && hit.layer && hit.layer.id.startsWith("ties-")) return p;
            }
            return null;
        }"""
    )
    assert where is not None, "no arc deck.gl picks on the map after zooming"
    x, y = _on_page(page, frame, where)
    tooltip = frame.locator(".deck-tooltip")
    for dx in (0, 1, -1, 0, 1):
        page.mouse.move(x + dx, y)
        try:
            tooltip.wait_for(state="visible", timeout=20_000)
            break
        except PlaywrightTimeout:
            continue
    tooltip.wait_for(state="visible", timeout=30_000)
    assert " – " in tooltip.inner_text()  # "A – B": every tie's hover starts with its ends

    stats = frame.evaluate("() => window.cityMapStats")
    print("WebGL world map frame times (ms):", json.dumps(stats["frames"]))
    assert stats["frames"]["zoom"] and stats["frames"]["pan"]

    # a click on Tehran opens its card and puts it in the URL
    tehran = frame.evaluate(f"() => window.cityMap.whereCity('{TEHRAN_ID}')")
    page.mouse.click(*_on_page(page, frame, tehran))
    page.wait_for_url(f"**city={TEHRAN_ID}**", timeout=90_000)
    # the card is the world's Tehran: a rerun that reads its ties, slow on a busy machine
    title = t("mapview.card.title", "en", city="Tehran")
    page.get_by_text(title).first.wait_for(state="visible", timeout=180_000)
    wait_for_streamlit(page, timeout_ms=60_000)
    assert errors == []


@pytest.mark.parametrize(("lang", "scope"), [("fa", "world"), ("fa", "iran"), ("en", "iran")])
def test_labels_and_legend_in_both_languages(
    lang, scope, app_server, offline_page, wait_for_streamlit, screenshot
) -> None:
    page = offline_page
    frame = _open(page, f"{app_server.url}/map?lang={lang}&scope={scope}", wait_for_streamlit)
    legend = frame.locator(".city-map-legend")
    assert legend.evaluate("el => getComputedStyle(el).direction") == (
        "rtl" if lang == "fa" else "ltr"
    )
    assert t("legend.iranian_city", lang) in legend.inner_text()
    shown = frame.evaluate(
        """() => [...document.querySelectorAll('.city-map-labels > div')]
                 .filter(n => n.style.visibility === 'visible' && n.innerText)
                 .map(n => n.innerText)"""
    )
    assert shown, "no city is named on the map"
    if lang == "fa":  # the labelled cities are Iranian ones: named in Persian
        assert all(any("\u0600" <= ch <= "\u06ff" for ch in name) for name in shown), shown
    screenshot(page, f"map_webgl_{scope}_{lang}.png", full_page=False)
