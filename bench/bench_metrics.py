"""Benchmark: world-scope city metrics on igraph (ours) against pure networkx, and suggestions.

    .venv/bin/python bench/bench_metrics.py [--limit SECONDS] [--tasks a,b] [--db URL] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``), builds the world
tie graph and saves it. Then every task runs twice, each time in a fresh Python process
so that time and memory do not leak from one run into the next:

- ours:     ``graph.analysis.metrics`` (igraph's C core behind the networkx graph);
- networkx: the pure-networkx exact computation of the same figure.

Eigenvector centrality and the mean distance are computed on the largest connected
component (networkx refuses eigenvector centrality on a split network).

A run that passes ``--limit`` seconds (default 120) is stopped and reported as "more than
LIMIT s". Peak memory is the process's peak resident size above what it held once the
graph was loaded (the kernel's peak-RSS counter, reset after loading; igraph allocates
in C, which Python's tracemalloc cannot see). When both finish, the largest absolute
difference between their values is printed: the two must agree. Then the suggestions
for one city (Tehran) and the held-out AUC evaluation are timed in this process, against
networkx's ``adamic_adar_index`` on the same candidate pairs. Ratios are networkx / ours:
above 1 means ours is faster / lighter.
Nothing here asserts on time: benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pickle
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402

TASKS = ("betweenness", "closeness", "eigenvector", "constraint", "mean_distance")
TEHRAN_ID = "112931"


def _largest(graph: nx.Graph) -> nx.Graph:
    return graph.subgraph(max(nx.connected_components(graph), key=len))


def _ours(task: str, graph: nx.Graph):
    from graph.analysis import metrics
    if task == "eigenvector":  # networkx refuses split networks: both use the largest part
        return metrics.eigenvector(_largest(graph))
    return {
        "betweenness": metrics.betweenness,
        "closeness": metrics.closeness,
        "eigenvector": metrics.eigenvector,
        "constraint": metrics.constraint,
        "mean_distance": metrics.mean_distance,
    }[task](graph)


def _networkx(task: str, graph: nx.Graph):
    if task == "betweenness":
        return nx.betweenness_centrality(graph)
    if task == "closeness":
        return nx.closeness_centrality(graph)
    if task == "eigenvector":
        values = nx.eigenvector_centrality_numpy(_largest(graph))
        top = max(values.values())
        return {n: v / top for n, v in values.items()}
    if task == "constraint":
        return nx.constraint(graph)
    return nx.average_shortest_path_length(_largest(graph))


def _reset_peak() -> None:
    """Reset the kernel's peak-RSS counter of this process (Linux 4.0+: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # then the peak includes loading the graph; the report says "since start"


def _peak_mib() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def worker(task: str, impl: str, graph_file: str, out_file: str) -> None:
    """Run one task once in this (fresh) process; write time, memory and values."""
    with open(graph_file, "rb") as f:
        graph = pickle.load(f)
    gc.collect()
    _reset_peak()  # the unpickling peak is not the task's
    before = _rss_mib()
    start = time.perf_counter()
    values = (_ours if impl == "ours" else _networkx)(task, graph)
    seconds = time.perf_counter() - start
    peak = _peak_mib()
    with open(out_file, "wb") as f:
        pickle.dump({"seconds": seconds, "peak_mib": max(peak - before, 0.0), "values": values}, f)


def run_one(task: str, impl: str, graph_file: str, limit: float) -> dict:
    """One task in a subprocess; ``seconds`` is None when it passed ``limit``."""
    with tempfile.NamedTemporaryFile(suffix=".pkl", delete=False) as out:
        out_file = out.name
    cmd = [sys.executable, __file__, "--worker", task, impl, graph_file, out_file]
    try:
        subprocess.run(cmd, check=True, timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "peak_mib": None, "values": None}
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{impl} {task} failed (exit {exc.returncode}); see above") from None
    with open(out_file, "rb") as f:
        result = pickle.load(f)
    os.unlink(out_file)
    return result


def largest_difference(a, b) -> float | None:
    """The largest absolute difference of two results (numbers or dicts of numbers)."""
    if a is None or b is None:
        return None
    if isinstance(a, dict):
        diffs = [abs(a[k] - b[k]) for k in a if a[k] is not None and b.get(k) == b.get(k)]
        return max(diffs, default=0.0)
    return abs(a - b)


def bench_suggestions(store) -> dict:
    """Suggestions for Tehran (ours) vs networkx Adamic-Adar on the same candidates."""
    from graph.analysis.suggest import evaluate_link_prediction, suggest_partners

    cities, world, air = store.cities(), store.ties("world"), store.air_links()
    start = time.perf_counter()
    rows = suggest_partners(cities, world, air, TEHRAN_ID, top=10)
    ours = time.perf_counter() - start
    start = time.perf_counter()  # the baseline builds its graph from the same frame
    graph = nx.from_pandas_edgelist(world, "city_a", "city_b")
    partners = set(graph[TEHRAN_ID])
    candidates = {c for p in partners for c in graph[p]} - partners - {TEHRAN_ID}
    scored = sorted(
        nx.adamic_adar_index(graph, [(TEHRAN_ID, c) for c in candidates]), key=lambda x: -x[2]
    )[:10]
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    evaluation = evaluate_link_prediction(cities, world, air)
    auc_seconds = time.perf_counter() - start
    return {
        "suggest_seconds": ours,
        "networkx_adamic_adar_seconds": baseline,
        "top": [r["name_en"] for r in rows],
        "networkx_top_by_adamic_adar": [
            cities.set_index("city_id").at[c, "name_en"] for _, c, _ in scored
        ],
        "evaluation_seconds": auc_seconds,
        "auc": evaluation["auc"],
        "held_out": evaluation["held_out"],
    }


def _store(db: str | None, folder: str):
    from graph.store.engine import open_store

    return open_store(db or f"sqlite:///{folder}/bench.sqlite")


def _fmt(seconds: float | None, limit: float) -> str:
    return f"more than {limit:.0f}" if seconds is None else f"{seconds:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per run")
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--db", default=None)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return 0
    from graph.analysis.build import build_graph

    tasks = [t for t in args.tasks.split(",") if t]
    with tempfile.TemporaryDirectory() as folder:
        store = _store(args.db, folder)
        graph = build_graph(store, "world")
        graph_file = f"{folder}/world.pkl"
        with open(graph_file, "wb") as f:
            pickle.dump(graph, f)
        rows = []
        for task in tasks:
            ours = run_one(task, "ours", graph_file, args.limit)
            theirs = run_one(task, "networkx", graph_file, args.limit)
            ratio = (
                theirs["seconds"] / ours["seconds"]
                if ours["seconds"] and theirs["seconds"] is not None
                else None
            )
            rows.append(
                {
                    "task": task,
                    "ours_seconds": ours["seconds"],
                    "networkx_seconds": theirs["seconds"],
                    "time_ratio": ratio,
                    "time_ratio_at_least": None
                    if theirs["seconds"] is not None or not ours["seconds"]
                    else args.limit / ours["seconds"],
                    "ours_peak_mib": ours["peak_mib"],
                    "networkx_peak_mib": theirs["peak_mib"],
                    "largest_difference": largest_difference(ours["values"], theirs["values"]),
                }
            )
        suggestions = bench_suggestions(store)
    report = {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "limit_seconds": args.limit,
        "python": platform.python_version(),
        "networkx": nx.__version__,
        "metrics": rows,
        "suggestions": suggestions,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(
        f"world scope: {report['nodes']:,} cities, {report['edges']:,} ties; "
        f"networkx runs stopped after {args.limit:.0f} s"
    )
    print(
        "| task | ours (s) | networkx (s) | time ratio | ours peak (MiB) | networkx peak (MiB) "
        "| largest difference |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if r["time_ratio"] is not None:
            ratio = f"{r['time_ratio']:.0f}x"
        elif r["time_ratio_at_least"]:
            ratio = f"more than {r['time_ratio_at_least']:.0f}x"
        else:
            ratio = "–"
        peak_nx = "–" if r["networkx_peak_mib"] is None else f"{r['networkx_peak_mib']:.0f}"
        diff = "–" if r["largest_difference"] is None else f"{r['largest_difference']:.1e}"
        print(
            f"| {r['task']} | {_fmt(r['ours_seconds'], args.limit)} | "
            f"{_fmt(r['networkx_seconds'], args.limit)} | {ratio} | "
            f"{r['ours_peak_mib']:.0f} | {peak_nx} | {diff} |"
        )
    s = suggestions
    print(
        f"suggestions for Tehran: {s['suggest_seconds']:.3f} s (networkx Adamic-Adar on the "
        f"same partners of partners: {s['networkx_adamic_adar_seconds']:.3f} s); "
        f"held-out AUC {s['auc']:.3f} on {s['held_out']} ties in "
        f"{s['evaluation_seconds']:.2f} s"
    )
    print("top 10:", ", ".join(s["top"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
