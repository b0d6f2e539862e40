"""The network view in a real Chromium, with every off-machine request blocked.

- In the app (Persian and English): the page draws its network inside the iframe (the
  canvas has non-blank pixels), a tooltip shows on hover, a click highlights the
  neighbours, and no uncaught JavaScript error happens.
- The standalone HTML of a network whose data is hostile (a city named with a
  ``<script>``, an exchange titled ``<img src=x onerror=...>``): hovering the node and
  the tie shows the markup as text, creates no element from it and runs no script.
"""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.network import ego_view
from graph.i18n.bidi import plain
from graph.views.network import network_html
from graph.views.network_layout import force_layout
from tests.browser.conftest import NODE_POINT, TIE_POINT

pytestmark = pytest.mark.browser

HOSTILE_TITLE = "<img src=x onerror=window.__xss=1>"
HOSTILE_NAME = "<img src=y onerror=window.__xss=2>Evilton"
FADED = "rgba(200,200,200,0.35)"

CANVAS_INK = """() => {
    const canvas = document.querySelector('#mynetwork canvas');
    if (!canvas) return -1;
    const ctx = canvas.getContext('2d');
    const {width, height} = canvas;
    const pixels = ctx.getImageData(0, 0, width, height).data;
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        const a = pixels[i + 3];
        if (a > 0 && (pixels[i] < 235 || pixels[i + 1] < 235 || pixels[i + 2] < 235)) ink++;
    }
    return ink;
}"""


TOOLTIP = """() => {
    const tip = document.querySelector('div.vis-tooltip');
    if (!tip || tip.style.visibility === 'hidden' || !tip.textContent) return null;
    return {text: tip.innerText, images: tip.querySelectorAll('img, script').length};
}"""


def _hostile_page(lang: str) -> str:
    g = nx.Graph()
    city = {"country": "IR", "lat": 35.7, "lon": 51.4, "iranian": True}
    g.add_node("teh", name_en="Tehran", name_fa="تهران", **city)
    g.add_node("evil", name_en=HOSTILE_NAME, name_fa=None, country="FR", lat=48.9, lon=2.3)
    g.add_node("mos", name_en="Moscow", name_fa="مسکو", country="RU", lat=55.8, lon=37.6)
    tie = {
        "relation": "sister",
        "status": "signed",
        "since": 2004,
        "evidence": "official",
        "unverified": False,
        "weights": {"technical": 1.0, "cultural": 0.0, "transit": 0.0},
        "weight": 1.0,
        "exchanges": 1,
        "last_exchange": "2019-08-07",
    }
    g.add_edge("teh", "evil", **tie)
    g.add_edge("teh", "mos", **tie)
    import pandas as pd

    exchanges = pd.DataFrame(
        {
            "pair_key": ["evil|teh"],
            "date": ["2019-08-07"],
            "kind": ["technical"],
            "title": [HOSTILE_TITLE],
        }
    )
    view = ego_view(g, "teh", 1)
    return network_html(view, lang, "iranian", force_layout(view.graph), exchanges=exchanges)


def _hover_tooltip(target, mouse, point) -> dict | None:
    mouse.move(point["x"] + 40, point["y"] + 40)
    mouse.move(point["x"], point["y"], steps=4)
    for _ in range(30):
        tip = target.evaluate(TOOLTIP)
        if tip:  # compared without the reading-order marks Persian lines carry
            return {**tip, "text": plain(tip["text"])}
        target.wait_for_timeout(100)
    return None


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_hostile_titles_show_as_text_and_run_nothing(lang, offline_page, screenshot):
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # the hostile strings would set window.__xss if they ever ran
    markup = _hostile_page(lang).replace("<head>", "<head><script>window.__xss = 0;</script>", 1)
    page.set_content(markup, wait_until="load")
    page.wait_for_function("() => window.cdeReady === true")
    assert page.evaluate(CANVAS_INK) > 500, "the canvas is blank"

    node_tip = _hover_tooltip(page, page.mouse, page.evaluate(NODE_POINT, "evil"))
    assert node_tip is not None, "no tooltip over the hostile city"
    assert HOSTILE_NAME in node_tip["text"] and node_tip["images"] == 0, node_tip

    page.mouse.move(5, 5)
    page.wait_for_timeout(300)
    tie_tip = _hover_tooltip(page, page.mouse, page.evaluate(TIE_POINT, ["teh", "evil", 0.5]))
    assert tie_tip is not None, "no tooltip over the tie"
    assert HOSTILE_TITLE in tie_tip["text"] and tie_tip["images"] == 0, tie_tip
    screenshot(page, f"network_hostile_tooltip_{lang}.png", full_page=False)

    assert page.evaluate("() => window.__xss") == 0, "a hostile string ran as script"
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert errors == []


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_network_page_draws_offline(lang, app_server, offline_page, wait_for_streamlit, screenshot):
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # console errors of the drawn network itself (Streamlit's frontend probes
    # /network/_stcore/health on a page URL and logs the 404: not ours)
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and m.location.get("url", "").startswith("about:")
            else None
        ),
    )

    # the app first: until app.py has run once, Streamlit maps /network to the bare file
    page.goto(f"{app_server.url}/?lang={lang}", wait_until="load")
    wait_for_streamlit(page, timeout_ms=120_000)
    page.goto(f"{app_server.url}/network?lang={lang}", wait_until="load")
    page.locator("iframe").first.wait_for(state="attached", timeout=120_000)
    wait_for_streamlit(page, timeout_ms=120_000)
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, exceptions.first.inner_text()

    frame = page.locator("iframe").first.content_frame
    frame.locator("#mynetwork canvas").wait_for(timeout=60_000)
    inner = next(f for f in page.frames if f != page.main_frame and f.url.startswith("about:"))
    inner.wait_for_function("() => window.cdeReady === true", timeout=60_000)
    page.wait_for_timeout(500)
    assert inner.evaluate(CANVAS_INK) > 2000, "the network canvas is blank"
    direction = inner.evaluate("() => document.getElementById('cde-legend').dir")
    assert direction == ("rtl" if lang == "fa" else "ltr")

    # hover Tehran: its tooltip names it in the page's language
    page.locator("iframe").first.scroll_into_view_if_needed()
    box = page.locator("iframe").first.bounding_box()
    spot = inner.evaluate(NODE_POINT, "112931")
    tip = _hover_tooltip(inner, page.mouse, {"x": box["x"] + spot["x"], "y": box["y"] + spot["y"]})
    assert tip is not None, "no tooltip over Tehran"
    assert ("تهران" if lang == "fa" else "Tehran") in tip["text"]
    path = screenshot(page, f"network_{lang}.png")

    # click Tehran: cities that are not its neighbours fade, its partners keep their colour
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_timeout(300)
    colours = inner.evaluate(
        "() => { const near = new Set(network.getConnectedNodes('112931'));"
        " near.add('112931');"
        " return nodes.get().map(n => [near.has(n.id), n.color]); }"
    )
    assert any(c == FADED for near, c in colours if not near), "nothing faded"
    assert all(c != FADED for near, c in colours if near), "a neighbour faded"
    assert errors == [], errors
    assert path.stat().st_size > 20_000


def test_command_line_png(tmp_path, skip_or_fail):
    """``python -m graph render network --out FILE.png`` screenshots the standalone page.

    Run as a separate process: this session's Playwright already drives a browser.
    """
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from PIL import Image

    if not Path("/usr/bin/chromium").exists() and not shutil.which("chromium"):
        skip_or_fail("chromium not found (apt-get install chromium, or run ./test.sh)")
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "tehran.png"
    db = f"sqlite:///{tmp_path}/store.sqlite"
    argv = ["render", "network", "--db", db, "--city", "Tehran", "--hops", "2", "--lang", "fa"]
    done = subprocess.run(
        [sys.executable, "-m", "graph", *argv, "--out", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    with Image.open(out) as img:
        assert img.size == (1400, 900)
        colours = img.convert("RGB").getcolors(maxcolors=1 << 24) or []
    assert len(colours) > 50, f"{out} looks blank"
