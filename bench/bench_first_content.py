"""Benchmark: time to first content and to complete on Statistics, the world Map and
Opportunities, in the real app in Chromium, without and with kept results.

    .venv/bin/python bench/bench_first_content.py [--pages statistics,map,opportunities]
                                                  [--lang fa|en] [--db URL] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``). For each page it
starts a fresh ``streamlit run app.py`` (empty in-memory caches, as after a restart) and
opens the page in headless Debian Chromium, every off-machine request refused, in three
cases measured in this one run:

- baseline: an empty results folder: the visit computes everything, as before results
  were kept (``graph/store/results.py``);
- ours:     a folder filled once by ``python -m graph precompute`` (not timed), then a
            fresh server: a first visit after ``run.sh``;
- warm:     the same page opened again in that server (its in-memory caches filled);
- moved:    in that server, the Overview opened first, then the page chosen in the
            sidebar: the journey of a reader who opens the app and moves on. Streamlit's
            frontend and plotly.js are then already loaded, as they are for every page
            but the first a reader opens.

With ``--script`` it measures the pages' Python side only, without a browser: each page
script run under Streamlit's AppTest in a fresh process (``baseline``: empty results
folder; ``ours``: the kept folder), then run again in that process (``warm``).

"First content" is the first element that holds the page's data (Statistics: a metric
card; Map: the map's frame; Opportunities: the first table or message under a heading);
"complete" is when the script run has finished and no spinner is left; for the Map also
"drawn", when its WebGL map's first frame is on the screen. Ratios
are baseline / ours: above 1 means ours is faster. The floor, in the same browser, is a bare
Streamlit page (a title, a metric, a table), without and with one small plotly chart: what
Streamlit's frontend and plotly.js take before any page of ours could show its first card.
Benchmarks report; they never assert on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.exports.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402
from graph.store.engine import open_store  # noqa: E402

PAGES = {
    "statistics": ("/statistics", '[data-testid="stMetric"]'),
    "map": ("/map?scope=world", 'iframe, [data-testid="stPlotlyChart"]'),
    "opportunities": ("/opportunities", '[data-testid="stTable"], [data-testid="stDataFrame"]'),
}
TITLES = {"statistics": "stats.title", "map": "mapview.page_title", "opportunities": "opp.title"}
# the Map's WebGL map has drawn its first frame (inside the page's frame), and that frame
# is on the screen: two animation frames later (the draw calls return before the software
# GL has finished them; the page's frames wait for it)
MAP_DRAWN = "() => !!(window.cityMapStats && window.cityMapStats.firstDraw !== null)"
TWO_FRAMES = """() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""
# the page's own title and first content are drawn: not the Overview's, left stale
# (``data-stale``) until the new page's run replaces them
ARRIVED = """([title, first]) => {
    const fresh = (e) => !e.closest('[data-stale="true"]');
    const heading = [...document.querySelectorAll("h1")].some(
        (h) => fresh(h) && h.textContent.trim().startsWith(title));
    return heading && [...document.querySelectorAll(first)].some(fresh);
}"""
DONE = """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
    && !document.querySelector('[data-testid="stSpinner"]')"""
LIMIT_MS = 300_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(
    db_url: str, results: Path, workdir: Path, script: Path = ROOT / "app.py"
) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {
        **os.environ,
        "DIPLOMACY_DB_URL": db_url,
        "DIPLOMACY_RESULTS_DIR": str(results),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    log = (workdir / f"streamlit-{port}.log").open("wb")
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port",
           str(port), "--server.headless", "true", "--server.address", "127.0.0.1"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for _ in range(240):
        try:
            with opener.open(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"streamlit did not start; see {log.name}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def _map_drawn(page, start: float) -> float:
    """Seconds from ``start`` until the WebGL map in one of the page's frames has drawn and
    that frame is on the screen."""
    while time.perf_counter() - start < LIMIT_MS / 1000:
        for frame in page.frames[1:]:
            try:
                if frame.evaluate(MAP_DRAWN):
                    frame.evaluate(TWO_FRAMES)
                    return time.perf_counter() - start
            except Exception:  # noqa: BLE001 - a frame replaced while it is read
                continue
        page.wait_for_timeout(50)
    return float("nan")


def _visit(
    browser, url: str, path: str, first: str, lang: str, drawn: bool = False
) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    sep = "&" if "?" in path else "?"
    start = time.perf_counter()
    page.goto(f"{url}{path}{sep}lang={lang}", wait_until="commit")
    page.wait_for_selector(first, timeout=LIMIT_MS)
    first_s = time.perf_counter() - start
    page.wait_for_timeout(300)
    page.wait_for_function(DONE, timeout=LIMIT_MS)
    done_s = time.perf_counter() - start
    row = {"first": first_s, "complete": done_s}
    if drawn:
        row["drawn"] = _map_drawn(page, start)
    page.close()
    return row


def _moved(browser, url: str, page_name: str, lang: str) -> dict[str, float]:
    """The Overview opened and complete, then ``page_name`` chosen in the sidebar: the time
    from the click to the page's own first content, and to complete."""
    from graph.i18n import t

    path, first = PAGES[page_name]
    where, _, query = path.partition("?")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page.goto(f"{url}/?{query + '&' if query else ''}lang={lang}", wait_until="commit")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=LIMIT_MS)
    page.wait_for_timeout(300)
    page.wait_for_function(DONE, timeout=LIMIT_MS)
    link = page.locator(f'[data-testid="stSidebarNavLink"][href$="{where}"]')
    start = time.perf_counter()
    link.click()
    page.wait_for_function(ARRIVED, arg=[t(TITLES[page_name], lang), first], timeout=LIMIT_MS)
    first_s = time.perf_counter() - start
    page.wait_for_timeout(300)
    page.wait_for_function(DONE, timeout=LIMIT_MS)
    done_s = time.perf_counter() - start
    row = {"first": first_s, "complete": done_s}
    if page_name == "map":
        row["drawn"] = _map_drawn(page, start)
    page.close()
    return row


def precomputed(db_url: str, workdir: Path) -> Path:
    """A results folder filled by ``python -m graph precompute`` (not timed)."""
    kept = Path(tempfile.mkdtemp(dir=workdir))
    subprocess.run(
        [sys.executable, "-m", "graph", "precompute", "--db", db_url, "--results-dir", str(kept)],
        cwd=ROOT, check=True, capture_output=True,
    )
    return kept


def measure(page_name: str, db_url: str, lang: str, workdir: Path, browser, kept: Path) -> dict:
    path, first = PAGES[page_name]
    row: dict = {"page": page_name}
    empty = Path(tempfile.mkdtemp(dir=workdir))
    proc, url = _start(db_url, empty, workdir)
    drawn = page_name == "map"
    try:
        row["baseline"] = _visit(browser, url, path, first, lang, drawn)
    finally:
        _stop(proc)
    proc, url = _start(db_url, kept, workdir)
    try:
        row["ours"] = _visit(browser, url, path, first, lang, drawn)
        row["warm"] = _visit(browser, url, path, first, lang, drawn)
        row["moved"] = _moved(browser, url, page_name, lang)
    finally:
        _stop(proc)
    for what in ("first", "complete"):
        row[f"ratio_{what}"] = row["baseline"][what] / row["ours"][what]
    return row


# The floor: a bare Streamlit page with what Statistics shows first (a title, a metric card,
# a table), without and with one small plotly chart, in the same browser. What it takes is
# Streamlit's frontend and plotly.js, which no page of ours can go below.
_BARE_PAGE = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.title("Statistics")
st.metric("Iranian cities", 29)
st.table(pd.DataFrame({"city": ["Tehran", "Isfahan"], "partners": [36, 20]}))
if st.query_params.get("chart") == "1":
    st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])))
"""


def floor(browser, workdir: Path) -> dict[str, dict[str, float]]:
    """The bare page's warm visit (its second), without and with its plotly chart."""
    script = workdir / "bare_page.py"
    script.write_text(_BARE_PAGE, encoding="utf-8")
    proc, url = _start("sqlite://", workdir, workdir, script)
    out = {}
    try:
        for name, path in (("bare", "/?chart=0"), ("bare_chart", "/?chart=1")):
            _visit(browser, url, path, '[data-testid="stMetric"]', "en")
            out[name] = _visit(browser, url, path, '[data-testid="stMetric"]', "en")
    finally:
        _stop(proc)
    return out


_SCRIPT_RUN = """
import json, sys, time
from streamlit.testing.v1 import AppTest
page, lang = sys.argv[1], sys.argv[2]
times = []
for _ in range(2):
    at = AppTest.from_file(page, default_timeout=900)
    at.session_state["lang"] = lang
    if page.endswith("map.py"):
        at.query_params["scope"] = "world"
    start = time.perf_counter()
    at.run()
    times.append(time.perf_counter() - start)
    assert not at.exception, [e.value for e in at.exception]
print(json.dumps(times))
"""


def script_runs(page_name: str, db_url: str, lang: str, results: Path) -> list[float]:
    """A fresh process's first and second run of the page script (seconds)."""
    env = {**os.environ, "DIPLOMACY_DB_URL": db_url, "DIPLOMACY_RESULTS_DIR": str(results)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT_RUN, str(ROOT / "pages" / f"{page_name}.py"), lang],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_script(page_name: str, db_url: str, lang: str, workdir: Path, kept: Path) -> dict:
    cold = script_runs(page_name, db_url, lang, Path(tempfile.mkdtemp(dir=workdir)))
    ours = script_runs(page_name, db_url, lang, kept)
    row = {
        "page": page_name,
        "baseline": {"first": cold[0], "complete": cold[0]},
        "ours": {"first": ours[0], "complete": ours[0]},
        "warm": {"first": ours[1], "complete": ours[1]},
    }
    row["ratio_first"] = row["ratio_complete"] = cold[0] / ours[0]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--lang", choices=("fa", "en"), default="fa")
    parser.add_argument("--db", metavar="URL")
    parser.add_argument("--script", action="store_true", help="page scripts only, no browser")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        db_url = args.db or f"sqlite:///{workdir}/store.sqlite"
        open_store(db_url).engine.dispose()
        kept = precomputed(db_url, workdir)
        if args.script:
            names = args.pages.split(",")
            rows = [measure_script(n, db_url, args.lang, workdir, kept) for n in names]
            return _report(rows, args.json)
        from playwright.sync_api import sync_playwright  # dev requirement: benchmarks only

        rows = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            for name in args.pages.split(","):
                rows.append(measure(name, db_url, args.lang, workdir, browser, kept))
            bare = floor(browser, workdir)
            browser.close()
    return _report(rows, args.json, bare)


def _report(rows: list[dict], as_json: bool, bare: dict | None = None) -> int:
    if as_json:
        print(json.dumps({"machine": platform.platform(), "rows": rows, "floor": bare}, indent=2))
        return 0
    print("| page | baseline first (s) | baseline complete (s) | ours first (s) | "
          "ours complete (s) | warm first (s) | warm complete (s) | moved first (s) | "
          "moved complete (s) | ratio first | ratio complete |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        b, o, w = r["baseline"], r["ours"], r["warm"]
        m = r.get("moved") or {"first": float("nan"), "complete": float("nan")}
        print(f"| {r['page']} | {b['first']:.1f} | {b['complete']:.1f} | {o['first']:.1f} | "
              f"{o['complete']:.1f} | {w['first']:.1f} | {w['complete']:.1f} | "
              f"{m['first']:.1f} | {m['complete']:.1f} | "
              f"{r['ratio_first']:.1f}x | {r['ratio_complete']:.1f}x |")
    for r in rows:
        if "drawn" in r["warm"]:
            print(f"\n{r['page']}: its WebGL map drawn at "
                  + ", ".join(f"{r[k]['drawn']:.1f} s {k}" for k in ("baseline", "ours", "warm",
                                                                    "moved")) + ".")
    if bare:
        print("\nThe floor, warm, in the same browser: a bare Streamlit page (title, metric, "
              f"table) first {bare['bare']['first']:.1f} s, complete "
              f"{bare['bare']['complete']:.1f} s; with one small plotly chart first "
              f"{bare['bare_chart']['first']:.1f} s, complete "
              f"{bare['bare_chart']['complete']:.1f} s.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
