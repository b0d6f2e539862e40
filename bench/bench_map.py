"""Benchmark: the world-scope map, WebGL and SVG, against one plotly trace per tie.

    .venv/bin/python bench/bench_map.py [--repeat N] [--scope world|iran] [--db URL]
                                        [--draw-limit SECONDS] [--no-draw] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``), builds the tie
graph once (not timed), then measures in this one process:

- webgl:    ``graph.views.map_webgl.map_html(filter_graph(G, view), view)``: the Map page's
            deck.gl map (ties sent as their ends, arcs drawn in the browser);
- ours:     ``graph.views.map.map_figure(filter_graph(G, view), view)``: the plotly SVG
            map (a fixed number of traces; the print exports keep it);
- baseline: ``graph.views.map.naive_map_figure(G)``: the same basemap and great-circle
            arcs, one ``Scattergeo`` trace per tie with its hover text.

For each: the median build time over ``--repeat`` runs (after one untimed warm-up), the
size of the standalone HTML (the library inlined: deck.gl or plotly.js), and, unless
``--no-draw``, the time from opening that HTML in headless Debian Chromium to the first
drawing, cut at ``--draw-limit`` seconds (reported as "more than N s"). For webgl and ours
also the median time from a mouse-wheel zoom, and from each mouse move of a drag (pan),
to the next finished frame. Chromium runs headless; the GL renderer it reports is printed
(here its software GL, SwiftShader):
a real graphics card compiles deck.gl's shaders in milliseconds, SwiftShader takes
seconds, which the first drawing of webgl includes. Ratios are baseline / ours and
ours / webgl: above 1 means the second is faster / smaller. Benchmarks report; they
never assert on time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.analysis.build import build_graph  # noqa: E402
from graph.analysis.map_filter import MapView, filter_graph  # noqa: E402
from graph.exports.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402
from graph.store.engine import open_store  # noqa: E402
from graph.views.map import map_figure, naive_map_figure  # noqa: E402
from graph.views.map_webgl import DECK_BUNDLE, map_html  # noqa: E402


def time_runs(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls of fn, after one untimed warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


# In the page: the time from each wheel or drag move to the frame after it (plotly redraws
# its SVG in the event handler; the next animation frame and a task after it mark the
# drawn frame). The WebGL map records its own (window.cityMapStats, after deck.gl's frame).
SVG_FRAMES = """() => {
    window.svgFrames = {zoom: [], pan: []};
    const mark = (kind) => {
        const at = performance.now();
        const done = () => window.svgFrames[kind].push(performance.now() - at);
        requestAnimationFrame(() => setTimeout(done));
    };
    document.addEventListener('wheel', () => mark('zoom'), {capture: true, passive: true});
    document.addEventListener('mousemove', (e) => { if (e.buttons) mark('pan'); },
                              {capture: true, passive: true});
}"""
DRAWN = {
    "svg": "() => !!document.querySelector('.js-plotly-plot .scattergeo path')",
    "webgl": "() => !!(window.cityMapStats && window.cityMapStats.firstDraw !== null)",
}
FRAMES = {"svg": "() => window.svgFrames", "webgl": "() => window.cityMapStats.frames"}


def _interact(page) -> None:
    """Three wheel zooms at the middle of the map, then a drag of ten moves."""
    x, y = 700, 450
    page.mouse.move(x, y)
    for _ in range(3):
        page.mouse.wheel(0, -240)
        page.wait_for_timeout(1500)
    page.mouse.down()
    for k in range(1, 11):
        page.mouse.move(x + 12 * k, y + 4 * k)
        page.wait_for_timeout(300)
    page.mouse.up()
    page.wait_for_timeout(1500)


GL_RENDERER = """() => {
    const gl = document.createElement("canvas").getContext("webgl2");
    if (!gl) return "no WebGL";
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    return gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
}"""


def gl_renderer() -> str:
    """The GL renderer headless Chromium draws with here, as its WebGL reports it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.set_content("<html><body></body></html>")
            return str(page.evaluate(GL_RENDERER))
        finally:
            browser.close()


def time_to_draw(html: Path, limit: float, kind: str = "svg", interact: bool = False) -> dict:
    """Seconds from navigation to the map's first drawing in headless Chromium (None when
    it takes longer than ``limit``) and, with ``interact``, the median milliseconds from a
    zoom and from a pan move to their next frame. Off-machine requests are aborted."""
    from playwright.sync_api import Error, sync_playwright

    out: dict = {"draw_s": None, "zoom_ms": None, "pan_ms": None, "offsite": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def route(r) -> None:
                if r.request.url.startswith(("file:", "data:", "blob:")):
                    r.continue_()
                else:
                    out["offsite"].append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            start = time.perf_counter()
            try:
                page.goto(html.as_uri(), wait_until="load", timeout=limit * 1000)
                left = max(limit - (time.perf_counter() - start), 0.1)
                page.wait_for_function(DRAWN[kind], timeout=left * 1000, polling=50)
            except Error:
                return out
            out["draw_s"] = time.perf_counter() - start
            if interact:
                if kind == "svg":
                    page.evaluate(SVG_FRAMES)
                page.wait_for_timeout(1000)
                _interact(page)
                frames = page.evaluate(FRAMES[kind])
                for name in ("zoom", "pan"):
                    if frames[name]:
                        out[f"{name}_ms"] = statistics.median(frames[name])
            return out
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scope", choices=("world", "iran"), default="world")
    parser.add_argument("--db", default=None, help="an existing store (default: a temp one)")
    parser.add_argument("--draw-limit", type=float, default=60.0)
    parser.add_argument("--no-draw", action="store_true", help="skip the browser timing")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = open_store(args.db or f"sqlite:///{folder / 'store.sqlite'}")
        graph = build_graph(store, args.scope)
        view = MapView(scope=args.scope, lang="en")
        shown = filter_graph(graph, view)
        figures = {
            "webgl": lambda: map_html(filter_graph(graph, view), view),
            "ours": lambda: map_figure(filter_graph(graph, view), view),
            "baseline": lambda: naive_map_figure(shown, "en"),
        }
        result: dict = {
            "scope": args.scope,
            "ties": shown.number_of_edges(),
            "cities": shown.number_of_nodes(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "gl": "not run" if args.no_draw else f"headless Chromium, GL: {gl_renderer()}",
        }
        for name, build in figures.items():
            times = time_runs(build, args.repeat)
            made = build()
            html = folder / f"{name}.html"
            if isinstance(made, str):
                html.write_text(made, encoding="utf-8")
            else:
                made.write_html(str(html), include_plotlyjs=True, full_html=True)
            kind = "webgl" if name == "webgl" else "svg"
            drawn = (
                {"draw_s": None, "zoom_ms": None, "pan_ms": None, "offsite": []}
                if args.no_draw
                else time_to_draw(html, args.draw_limit, kind, interact=name != "baseline")
            )
            result[name] = {
                "traces": len(made.data) if not isinstance(made, str) else None,
                "build_s": statistics.median(times),
                "html_mb": html.stat().st_size / 1e6,
                **drawn,
            }
        result["deck_mb"] = DECK_BUNDLE.stat().st_size / 1e6
    webgl, ours, base = result["webgl"], result["ours"], result["baseline"]
    result["build_ratio"] = base["build_s"] / ours["build_s"]
    result["html_ratio"] = base["html_mb"] / ours["html_mb"]
    if not args.no_draw:
        if ours["draw_s"] and base["draw_s"]:
            result["draw_ratio"] = base["draw_s"] / ours["draw_s"]
        elif ours["draw_s"]:
            result["draw_ratio"] = f"more than {args.draw_limit / ours['draw_s']:.1f}"
        if webgl["draw_s"] and ours["draw_s"]:
            result["webgl_draw_ratio"] = ours["draw_s"] / webgl["draw_s"]
        for name in ("zoom_ms", "pan_ms"):
            if webgl[name] and ours[name]:
                result[f"webgl_{name[:-3]}_ratio"] = ours[name] / webgl[name]
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    def drawn(value) -> str:
        if args.no_draw:
            return "not run"
        return f"{value:.1f}" if value else f"more than {args.draw_limit:.0f} s"

    def ms(value) -> str:
        return "not run" if value is None else f"{value:.0f}"

    def ratio(key: str) -> str:
        value = result.get(key, "not run")
        return f"{value:.1f}x" if isinstance(value, float) else f"{value}x"

    print(
        f"{args.scope} scope: {result['ties']:,} ties, {result['cities']:,} cities; {result['gl']}"
    )
    print()
    print(
        "| map | traces | build (s) | HTML (MB) | first drawing (s) | zoom frame (ms) "
        "| pan frame (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, title in (
        ("webgl", "WebGL (deck.gl)"),
        ("ours", "SVG (plotly, ours)"),
        ("baseline", "SVG, one trace per tie"),
    ):
        row = result[name]
        traces = "-" if row["traces"] is None else f"{row['traces']:,}"
        print(
            f"| {title} | {traces} | {row['build_s']:.2f} | {row['html_mb']:.1f} "
            f"| {drawn(row['draw_s'])} | {ms(row['zoom_ms'])} | {ms(row['pan_ms'])} |"
        )
    print()
    print(
        f"SVG ours vs one trace per tie: build {ratio('build_ratio')}, HTML {ratio('html_ratio')}, "
        f"first drawing {ratio('draw_ratio')}. WebGL vs SVG ours: first drawing "
        f"{ratio('webgl_draw_ratio')}, zoom frame {ratio('webgl_zoom_ratio')}, pan frame "
        f"{ratio('webgl_pan_ratio')}. WebGL HTML includes deck.gl ({result['deck_mb']:.1f} MB)."
    )
    offsite = sorted({u for n in ("webgl", "ours", "baseline") for u in result[n]["offsite"]})
    if offsite:
        print("requests off the machine (aborted):", ", ".join(offsite))
    return 0


if __name__ == "__main__":
    sys.exit(main())
