"""The overview page in a real Chromium against the real server, in Persian and English.

Checks what only a browser can: the page renders a heading and a plotly figure without a
Streamlit exception, Persian is right-to-left and English left-to-right, the bundled
Vazirmatn font loads from the app's own static files, the screenshot is not blank, and
(through ``offline_page``) nothing is requested off the machine.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PERSIAN = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
H1 = '[data-testid="stMain"] h1'
FONT_URL = "/app/static/fonts/Vazirmatn-Regular.woff2"

FONT_PROBE = """async () => {
    await document.fonts.ready;
    // check() alone is true for a family nobody declared; load() lists the declared faces
    const faces = await document.fonts.load('16px Vazirmatn', 'تهران Tehran');
    await document.fonts.ready;
    return {
        faces: faces.map(f => f.family + ':' + f.status),
        check: document.fonts.check('16px Vazirmatn'),
    };
}"""


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_overview_renders_offline(lang, app_server, offline_page, wait_for_streamlit,
                                  screenshot):
    page = offline_page
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))

    page.goto(f"{app_server.url}/?lang={lang}", wait_until="load")
    h1 = page.locator(H1).first
    h1.wait_for(state="visible", timeout=60_000)
    page.locator(".js-plotly-plot").first.wait_for(state="attached", timeout=60_000)
    wait_for_streamlit(page)

    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert page_errors == []

    text = h1.inner_text()
    direction = h1.evaluate("el => getComputedStyle(el).direction")
    if lang == "fa":
        assert PERSIAN.search(text), f"fa heading has no Persian letters: {text!r}"
        assert direction == "rtl", f"fa heading {text!r} is {direction}"
    else:
        assert LATIN.search(text), f"en heading has no Latin letters: {text!r}"
        assert not PERSIAN.search(text), f"en heading has Persian letters: {text!r}"
        assert direction == "ltr", f"en heading {text!r} is {direction}"

    font = page.request.get(f"{app_server.url}{FONT_URL}")
    assert font.ok, f"{FONT_URL}: HTTP {font.status}"
    fonts = page.evaluate(FONT_PROBE)
    assert fonts["faces"], "no Vazirmatn @font-face is declared on the page"
    assert all(f.endswith(":loaded") for f in fonts["faces"]), fonts
    assert fonts["check"] is True, fonts

    path = screenshot(page, f"overview_{lang}.png")
    assert _distinct_colours(path) > 50, f"{path} looks blank"


def _distinct_colours(path) -> int:
    from PIL import Image  # Pillow is a dependency of streamlit

    with Image.open(path) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1 << 24)
    return len(colours or [])
