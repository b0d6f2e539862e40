"""The Present page in a real Chromium against the real server, off-machine requests
blocked: the ready deck is made, the full-screen mode hides Streamlit's chrome, and the
keys presentation clickers send (arrows, Page Up/Page Down) move between slides."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SLIDE_NO = "#cde-slide-no"


def _slide(page) -> str:
    return page.get_attribute(SLIDE_NO, "data-slide")


def _press_and_wait(page, key: str, before: str, wait_for_streamlit) -> str:
    page.keyboard.press(key)
    page.wait_for_function(
        "(b) => { const e = document.querySelector('#cde-slide-no');"
        " return e && e.dataset.slide !== b; }",
        arg=before,
        timeout=60_000,
    )
    wait_for_streamlit(page)
    return _slide(page)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_keys_move_between_slides(
    editor_server, offline_page, wait_for_streamlit, sign_in, screenshot, lang
):
    """Only a signed-in editor makes the ready deck: sign in on the Data page, then go to
    Present through the app's own navigation (a reload would start a new session)."""
    page = offline_page
    page.goto(f"{editor_server.url}/data?lang={lang}")
    page.wait_for_selector('[data-testid="stExpander"]', timeout=120_000)
    wait_for_streamlit(page)
    sign_in(page)
    page.locator('[data-testid="stSidebarNav"] a[href$="/present"]').first.click()
    page.wait_for_selector(".st-key-present_defaults button", timeout=120_000)
    wait_for_streamlit(page)
    if not page.query_selector(".st-key-present_start button"):
        page.click(".st-key-present_defaults button")
        page.wait_for_selector(".st-key-present_start button", timeout=60_000)
        wait_for_streamlit(page)
    page.click(".st-key-present_start button")
    page.wait_for_selector(SLIDE_NO, timeout=120_000)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .js-plotly-plot .geo', timeout=120_000)
    wait_for_streamlit(page)
    assert _slide(page) == "1"
    # Streamlit's chrome is hidden
    for selector in ('header[data-testid="stHeader"]', '[data-testid="stSidebar"]'):
        element = page.query_selector(selector)
        assert element is None or not element.is_visible(), selector
    page.mouse.click(5, 400)  # focus the page, not a field
    # the arrow that goes on points the way the page reads: left in Persian
    forward, backward = ("ArrowLeft", "ArrowRight") if lang == "fa" else ("ArrowRight", "ArrowLeft")
    assert _press_and_wait(page, forward, "1", wait_for_streamlit) == "2"
    assert _press_and_wait(page, "PageDown", "2", wait_for_streamlit) == "3"
    assert _press_and_wait(page, backward, "3", wait_for_streamlit) == "2"
    assert _press_and_wait(page, "PageUp", "2", wait_for_streamlit) == "1"
    screenshot(page, f"present_slide_{lang}.png", full_page=False)
    # the network slide (the last): a click in its frame must not take the keys away
    for before in ("1", "2", "3", "4"):
        _press_and_wait(page, "PageDown", before, wait_for_streamlit)
    frame = page.wait_for_selector('[data-testid="stIFrame"], iframe', timeout=120_000)
    box = frame.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    screenshot(page, f"present_network_{lang}.png", full_page=False)
    assert _press_and_wait(page, "PageUp", "5", wait_for_streamlit) == "4"
