"""Benchmark: building the world-scope tie graph, ours against a naive baseline.

    .venv/bin/python bench/bench_build.py [--repeat N] [--scope world|iran] [--db URL] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``), then measures in
this one process:

- ours:     ``graph.analysis.build.build_graph(store, scope)`` (reads cities, ties, exchanges and
            air links from the store and builds the weighted networkx graph);
- baseline: the textbook way: read ``store.ties(scope)`` and ``store.cities()`` and add
            every edge and node row by row with ``DataFrame.iterrows()``
            (``G.add_edge(row.city_a, row.city_b, **row.to_dict())``); no weights.

For each: the median wall time over ``--repeat`` runs (after one untimed warm-up) and
the peak Python heap during one further run under ``tracemalloc`` (a separate run, so
tracing does not slow the timed ones). Ratios are baseline / ours: above 1 means ours is
faster / lighter. Both graphs must have the same number of edges (exit code 3 otherwise).
Nothing here asserts on time: benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402


def baseline_build(store, scope: str = "world") -> nx.Graph:
    """The naive way: one add_edge / add_node call per DataFrame row via iterrows()."""
    ties = store.ties(scope)
    cities = store.cities()
    graph = nx.Graph()
    for _, row in ties.iterrows():
        graph.add_edge(row.city_a, row.city_b, **row.to_dict())
    for _, row in cities.iterrows():
        if row.city_id in graph:
            graph.add_node(row.city_id, **row.to_dict())
    return graph


def time_runs(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times of ``repeat`` calls of fn, after one untimed warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def peak_memory(fn: Callable[[], object]) -> int:
    """Peak bytes traced by tracemalloc while fn runs (what fn allocates, incl. its result)."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def run_bench(store, scope: str, repeat: int, half_life: float) -> dict:
    from graph.analysis.build import build_graph

    def ours() -> nx.Graph:
        return build_graph(store, scope=scope, half_life=half_life)

    def baseline() -> nx.Graph:
        return baseline_build(store, scope)

    g_ours, g_base = ours(), baseline()
    results = {}
    for name, fn, g in (("ours", ours, g_ours), ("baseline", baseline, g_base)):
        times = time_runs(fn, repeat)
        results[name] = {
            "median_s": statistics.median(times),
            "times_s": times,
            "peak_bytes": peak_memory(fn),
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
        }
    o, b = results["ours"], results["baseline"]
    results["ratio"] = {
        "time": b["median_s"] / o["median_s"] if o["median_s"] else None,
        "memory": b["peak_bytes"] / o["peak_bytes"] if o["peak_bytes"] else None,
    }
    results["edges_match"] = o["edges"] == b["edges"]
    return results


def environment() -> dict:
    import networkx
    import pandas

    return {
        "python": platform.python_version(),
        "networkx": networkx.__version__,
        "pandas": pandas.__version__,
        "machine": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
    }


def markdown(report: dict) -> str:
    o, b, r = report["ours"], report["baseline"], report["ratio"]
    mib = 1024 * 1024

    def ratio(x):
        return f"{x:.1f}x" if x is not None else "n/a"

    lines = [
        f"Build the `{report['scope']}` graph; store {report['store']}; "
        f"seeded in {report['seed_s']:.1f} s (not timed); median of {report['repeat']} runs.",
        "",
        "| measure | ours (`build_graph`) | baseline (`iterrows`) | baseline / ours |",
        "|---|---:|---:|---:|",
        f"| median wall time | {o['median_s']:.3f} s | {b['median_s']:.3f} s "
        f"| {ratio(r['time'])} |",
        f"| peak memory (tracemalloc) | {o['peak_bytes'] / mib:.1f} MiB "
        f"| {b['peak_bytes'] / mib:.1f} MiB | {ratio(r['memory'])} |",
        f"| nodes | {o['nodes']:,} | {b['nodes']:,} | |",
        f"| edges | {o['edges']:,} | {b['edges']:,} | |",
        "",
        "Environment: " + ", ".join(f"{k} {v}" for k, v in report["environment"].items()),
    ]
    if not report["edges_match"]:
        lines.append("\n**Edge counts differ: the two builds do not describe the same graph.**")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per build (default 3)")
    parser.add_argument("--scope", choices=("world", "iran"), default="world")
    parser.add_argument("--half-life", type=float, default=5.0, help="years (default 5)")
    parser.add_argument("--db", help="use this store URL instead of a fresh temporary SQLite")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    from graph.store.engine import open_store

    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        url = args.db or f"sqlite:///{tmp}/store.sqlite"
        start = time.perf_counter()
        store = open_store(url)
        seed_s = time.perf_counter() - start
        try:
            report = {
                "bench": "build_graph",
                "scope": args.scope,
                "repeat": args.repeat,
                "store": "temporary SQLite" if not args.db else store.url,
                "seed_s": seed_s,
                **run_bench(store, args.scope, args.repeat, args.half_life),
                "environment": environment(),
            }
        finally:
            engine = getattr(store, "engine", None)
            if engine is not None:
                engine.dispose()

    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))
    if not report["edges_match"]:
        print(
            f"bench_build: edge counts differ (ours {report['ours']['edges']}, "
            f"baseline {report['baseline']['edges']})",
            file=sys.stderr,
        )
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
