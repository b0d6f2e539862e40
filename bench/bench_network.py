"""Benchmark: a 5,000-city network in headless Chromium, our drawing against pyvis defaults.

    .venv/bin/python bench/bench_network.py [--nodes 5000] [--limit 120] [--db URL] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``), builds the world
tie network and takes the first ``--nodes`` cities reached breadth-first from Tehran
(with the ties among them). Then, in this one run:

- ours:     :func:`graph.views.network.network_html` with positions computed in Python
            (:func:`graph.views.network_layout.force_layout`) and vis-network's physics off;
- baseline: pyvis with its defaults (``Network(cdn_resources="in_line")``, one
            ``add_node``/``add_edge`` per city and tie, physics on, Barnes-Hut), the same
            two CDN tags stripped so that it can draw offline too.

Each page is opened from a file in Debian's Chromium (Playwright), every request off the
machine refused. "Stable" is the first ``afterDrawing`` event for ours (nothing moves
after it) and, for the baseline, the first of ``stabilizationIterationsDone`` (pyvis
hides its loading bar and shows the graph, though nodes may still drift) and
``stabilized`` (physics has settled): the reading most favourable to the baseline. A
baseline that has neither after ``--limit`` seconds is reported as "more than N s".
Python time (layout and HTML for ours, HTML for the baseline) is reported beside it.
Nothing here asserts on time: benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

from graph.exports.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402

TEHRAN = "112931"
# Appended to both pages after pyvis's drawGraph(): stabilisation runs in timed batches,
# so listeners attached here see every event.
PROBE = """<script>
window.__bench = {drawn: null, iterationsDone: null, stabilized: null};
network.once("afterDrawing", function () { window.__bench.drawn = performance.now(); });
network.once("stabilizationIterationsDone", function () {
  window.__bench.iterationsDone = performance.now(); });
network.once("stabilized", function () { window.__bench.stabilized = performance.now(); });
</script>
</body>"""


def bfs_subgraph(graph: nx.Graph, start: str, size: int) -> nx.Graph:
    """The first ``size`` nodes reached breadth-first from ``start``, neighbours in id order."""
    seen = {start}
    order = deque([start])
    queue = deque([start])
    while queue and len(seen) < size:
        node = queue.popleft()
        for other in sorted(graph[node], key=str):
            if other not in seen:
                seen.add(other)
                order.append(other)
                queue.append(other)
                if len(seen) >= size:
                    break
    return graph.subgraph(seen).copy()


def ours_html(graph: nx.Graph) -> tuple[str, float]:
    from graph.analysis.network import whole_view
    from graph.views.network import network_html
    from graph.views.network_layout import force_layout

    started = time.perf_counter()
    view = whole_view(graph, "iran", "partners")
    page = network_html(view, "en", "region", force_layout(view.graph))
    return page, time.perf_counter() - started


def baseline_html(graph: nx.Graph) -> tuple[str, float]:
    from pyvis.network import Network

    from graph.views.network import strip_remote_tags

    started = time.perf_counter()
    net = Network(cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.add_node(str(node), label=str(data.get("name_en") or node))
    for a, b in graph.edges:
        net.add_edge(str(a), str(b))
    page = strip_remote_tags(net.generate_html(notebook=False))
    return page, time.perf_counter() - started


def time_in_browser(browser, path: Path, events: tuple[str, ...], limit_s: float) -> dict:
    """Seconds from navigation start to the first of ``events`` (None when cut at
    ``limit_s``)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    started = time.perf_counter()
    page.goto(path.as_uri(), wait_until="load", timeout=int(limit_s * 1000) + 60_000)
    try:
        ready = " || ".join(f"window.__bench.{e} !== null" for e in events)
        page.wait_for_function(
            f"() => window.__bench && ({ready})", timeout=int(limit_s * 1000), polling=250
        )
        marks = page.evaluate("() => window.__bench")
        seconds = min(marks[e] for e in events if marks[e] is not None) / 1000
    except Exception:  # playwright's TimeoutError: cut at the limit
        seconds = None
    wall = time.perf_counter() - started
    marks = page.evaluate("() => window.__bench")
    context.close()
    return {"seconds": seconds, "wall": wall, "marks": marks, "errors": errors, "blocked": blocked}


def seeded_store(db: str | None):
    from graph.store.engine import open_store

    if db:
        return open_store(db), None
    tmp = tempfile.TemporaryDirectory()
    return open_store(f"sqlite:///{tmp.name}/bench.sqlite"), tmp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before the cut")
    parser.add_argument("--db", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from graph.analysis.build import build_graph

    store, tmp = seeded_store(args.db)
    world = build_graph(store, "world")
    graph = bfs_subgraph(world, TEHRAN, args.nodes)
    ours_page, ours_py = ours_html(graph)
    base_page, base_py = baseline_html(graph)
    with tempfile.TemporaryDirectory() as folder:
        ours_path = Path(folder) / "ours.html"
        base_path = Path(folder) / "baseline.html"
        ours_path.write_text(ours_page.replace("</body>", PROBE, 1), encoding="utf-8")
        base_path.write_text(base_page.replace("</body>", PROBE, 1), encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS
            )
            try:
                ours = time_in_browser(browser, ours_path, ("drawn",), args.limit)
                base = time_in_browser(
                    browser, base_path, ("iterationsDone", "stabilized"), args.limit
                )
            finally:
                browser.close()
    if tmp is not None:
        tmp.cleanup()

    ours_total = ours_py + (ours["seconds"] or float("nan"))
    base_total = None if base["seconds"] is None else base_py + base["seconds"]
    report = {
        "machine": f"{platform.node()} ({platform.machine()}, {os.cpu_count()} cpus)",
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "ours_python_s": round(ours_py, 2),
        "ours_browser_s": ours["seconds"] and round(ours["seconds"], 2),
        "ours_total_s": round(ours_total, 2),
        "baseline_python_s": round(base_py, 2),
        "baseline_browser_s": base["seconds"] and round(base["seconds"], 2),
        "baseline_total_s": base_total and round(base_total, 2),
        "baseline_iterations_done_s": base["marks"]["iterationsDone"]
        and round(base["marks"]["iterationsDone"] / 1000, 2),
        "baseline_stabilized_s": base["marks"]["stabilized"]
        and round(base["marks"]["stabilized"] / 1000, 2),
        "limit_s": args.limit,
        "ratio": round((base_total if base_total else base_py + args.limit) / ours_total, 1),
        "ratio_is_lower_bound": base_total is None,
        "errors": ours["errors"] + base["errors"],
        "blocked": ours["blocked"] + base["blocked"],
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    more = "more than " if report["ratio_is_lower_bound"] else ""
    base_text = (
        f"more than {args.limit:.0f} s"
        if base_total is None
        else f"{report['baseline_total_s']} s ({report['baseline_browser_s']} s in the browser)"
    )
    print(f"{report['nodes']:,} cities, {report['edges']:,} ties (BFS from Tehran, world scope)")
    print(
        f"ours:     {report['ours_total_s']} s until drawn and still "
        f"(Python layout + HTML {report['ours_python_s']} s, browser {report['ours_browser_s']} s)"
    )
    print(f"baseline: {base_text}; pyvis defaults, physics on")
    print(f"ratio baseline / ours: {more}{report['ratio']}x")
    if report["errors"] or report["blocked"]:
        print(f"errors: {report['errors']}  blocked: {report['blocked']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
