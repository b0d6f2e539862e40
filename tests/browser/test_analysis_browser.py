"""City card, Opportunities and Statistics in a real Chromium against the real server.

What only a browser shows: each page renders without a Streamlit exception, in the right
direction, its tables and figures are drawn, and (through ``offline_page``) nothing is
requested off the machine, not even by the source links of the city card.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PERSIAN = re.compile(r"[\u0600-\u06FF]")
H1 = '[data-testid="stMain"] h1'

PAGES = {
    # path: (what must be on the page: a selector, a text in fa, a text in en)
    "city": ('[data-testid="stDataFrame"]', "همتایان و پیوندها", "Partners and ties"),
    "opportunities": ('[data-testid="stMetric"]', "کیفیت پیشنهادها", "Suggestion quality"),
    "statistics": (".js-plotly-plot", "KONECT", "KONECT"),
}


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_page_renders_offline(path, lang, app_server, offline_page, wait_for_streamlit, screenshot):
    page = offline_page
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    # the first visit seeds the store and computes world figures: give it time
    page.goto(f"{app_server.url}/{path}?lang={lang}", wait_until="load")
    page.locator(H1).first.wait_for(state="visible", timeout=180_000)
    selector, fa_text, en_text = PAGES[path]
    page.locator(selector).first.wait_for(state="attached", timeout=180_000)
    wait_for_streamlit(page, timeout_ms=180_000)

    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page_errors == []
    main = page.locator('[data-testid="stMain"]')
    assert (fa_text if lang == "fa" else en_text) in main.inner_text()
    heading = page.locator(H1).first
    direction = heading.evaluate("el => getComputedStyle(el).direction")
    assert direction == ("rtl" if lang == "fa" else "ltr")
    assert bool(PERSIAN.search(heading.inner_text())) == (lang == "fa")
    screenshot(page, f"{path}_{lang}.png")


def test_city_sources_open_no_request(app_server, offline_page, wait_for_streamlit):
    page = offline_page
    page.goto(f"{app_server.url}/city?lang=en", wait_until="load")
    page.locator('[data-testid="stDataFrame"]').first.wait_for(state="attached", timeout=180_000)
    wait_for_streamlit(page, timeout_ms=180_000)
    page.get_by_text("Evidence and sources of each tie").click()
    links = page.locator('[data-testid="stMain"] a[target="_blank"]')
    links.first.wait_for(state="attached")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    # the ego network from the Network page's builder, drawn offline in its frame
    frame = page.locator('[data-testid="stMain"] iframe').first
    frame.wait_for(state="attached", timeout=60_000)
    canvas = frame.content_frame.locator("#mynetwork canvas")
    canvas.first.wait_for(state="attached", timeout=60_000)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_planner_reads_why_cairo_for_tehran(
    lang, app_server, offline_page, wait_for_streamlit, screenshot
):
    page = offline_page
    page.goto(f"{app_server.url}/opportunities?lang={lang}", wait_until="load")
    page.locator('[data-testid="stMetric"]').first.wait_for(state="attached", timeout=180_000)
    wait_for_streamlit(page, timeout_ms=180_000)
    card = "این پیشنهادها چگونه ساخته می‌شوند؟" if lang == "fa" else "How are these suggestions"
    page.get_by_text(card).first.click()
    page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=60_000)
    box = page.locator('[data-testid="stTextInput"] input').last
    box.fill("Cairo")
    box.press("Enter")
    cairo, tehran = ("قاهره", "تهران") if lang == "fa" else ("Cairo", "Tehran")
    answer = page.locator('[data-testid="stMarkdown"]', has_text=cairo).filter(has_text=tehran)
    answer.first.wait_for(state="visible", timeout=120_000)
    wait_for_streamlit(page, timeout_ms=120_000)
    text = answer.first.inner_text()
    assert ("به سود" if lang == "fa" else "For:") in text
    direction = answer.first.evaluate("el => getComputedStyle(el).direction")
    assert direction == ("rtl" if lang == "fa" else "ltr")
    assert page.locator('[data-testid="stException"]').count() == 0
    answer.first.scroll_into_view_if_needed()
    screenshot(page, f"opportunities_why_cairo_{lang}.png")
