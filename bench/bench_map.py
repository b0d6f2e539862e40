"""Benchmark: the world-scope map figure, ours against the naive one-trace-per-tie figure.

    .venv/bin/python bench/bench_map.py [--repeat N] [--scope world|iran] [--db URL]
                                        [--draw-limit SECONDS] [--no-draw] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``), builds the tie
graph once (not timed), then measures in this one process:

- ours:     ``graph.views.map.map_figure(filter_graph(G, view), view)``: a fixed number
            of traces (arcs concatenated per kind and width class, fewer points per arc
            for the world, numpy arrays sent as typed arrays);
- baseline: ``graph.views.map.naive_map_figure(G)``: the same basemap and great-circle
            arcs, one ``Scattergeo`` trace per tie with its hover text.

For each: the median figure build time over ``--repeat`` runs (after one untimed warm-up),
the size of the standalone HTML (plotly.js inlined), and, unless ``--no-draw``, the time
from opening that HTML in headless Debian Chromium to the figure's first drawing (plotly's
``plotly_afterplot`` event), cut at ``--draw-limit`` seconds (reported as "more than N s").
Ratios are baseline / ours: above 1 means ours is faster / smaller. Benchmarks report;
they never assert on time.
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


def time_runs(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls of fn, after one untimed warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def time_to_draw(html: Path, limit: float) -> float | None:
    """Seconds from navigation to the figure's first drawing in headless Chromium, or None
    when it takes longer than ``limit``. Off-machine requests are aborted."""
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
            )
            start = time.perf_counter()
            try:
                page.goto(html.as_uri(), wait_until="load", timeout=limit * 1000)
                left = max(limit - (time.perf_counter() - start), 0.1)
                page.wait_for_function(
                    "() => !!document.querySelector('.js-plotly-plot .scattergeo path')",
                    timeout=left * 1000,
                )
            except Error:
                return None
            return time.perf_counter() - start
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
            "ours": lambda: map_figure(filter_graph(graph, view), view),
            "baseline": lambda: naive_map_figure(shown, "en"),
        }
        result: dict = {
            "scope": args.scope,
            "ties": shown.number_of_edges(),
            "cities": shown.number_of_nodes(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        }
        for name, build in figures.items():
            times = time_runs(build, args.repeat)
            fig = build()
            html = folder / f"{name}.html"
            fig.write_html(str(html), include_plotlyjs=True, full_html=True)
            drawn = None if args.no_draw else time_to_draw(html, args.draw_limit)
            result[name] = {
                "traces": len(fig.data),
                "build_s": statistics.median(times),
                "html_mb": html.stat().st_size / 1e6,
                "draw_s": drawn,
            }
    ours, base = result["ours"], result["baseline"]
    result["build_ratio"] = base["build_s"] / ours["build_s"]
    result["html_ratio"] = base["html_mb"] / ours["html_mb"]
    if not args.no_draw:
        if ours["draw_s"] and base["draw_s"]:
            result["draw_ratio"] = base["draw_s"] / ours["draw_s"]
        elif ours["draw_s"]:
            result["draw_ratio"] = f"more than {args.draw_limit / ours['draw_s']:.1f}"
    if args.json:
        print(json.dumps(result, indent=2))
        return 0

    def drawn(value) -> str:
        if args.no_draw:
            return "not run"
        return f"{value:.1f}" if value else f"more than {args.draw_limit:.0f} s"

    print(
        "| scope | ties | ours traces | baseline traces | ours build (s) | baseline build (s) "
        "| build ratio | ours HTML (MB) | baseline HTML (MB) | HTML ratio | ours drawn (s) "
        "| baseline drawn (s) | draw ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    ratio = result.get("draw_ratio", "not run")
    ratio = f"{ratio:.1f}x" if isinstance(ratio, float) else f"{ratio}x"
    print(
        f"| {args.scope} | {result['ties']:,} | {ours['traces']} | {base['traces']:,} "
        f"| {ours['build_s']:.2f} | {base['build_s']:.2f} | {result['build_ratio']:.1f}x "
        f"| {ours['html_mb']:.1f} | {base['html_mb']:.1f} | {result['html_ratio']:.1f}x "
        f"| {drawn(ours['draw_s'])} | {drawn(base['draw_s'])} | {ratio} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
