"""Benchmark: the suggestion model on the world network: fit time, warm suggestions, and
the held-out table beside the baselines, all in one run.

    .venv/bin/python bench/bench_suggest.py [--db URL] [--city Tehran] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``) and keeps fitted
models in a temporary folder (``DIPLOMACY_CACHE_DIR``), so the first fit is a real one.

- **fit**: :func:`graph.analysis.partner_model.fit_partner_model` on the world network
  (wall and CPU seconds), against the baseline in the same run: the former evaluation,
  the hand score of 10% hidden ties against as many random untied pairs.
- **warm suggestions** for one city: the model read back from disk (a new process's
  first request, the features of the whole network with it) and from memory (every later
  request), against the baseline: networkx's Adamic-Adar on the partners of partners.
- **table**: AUC, average precision (uniform and hard negatives), Hits@10 and MRR of the
  model and of the hand score, Adamic-Adar and preferential attachment on the same test
  ties, and the time split where ties are dated.

Ratios are ours / baseline. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def _hand_evaluation(cities, world, air, seed: int = 20260101) -> float:
    """The former evaluation: hand score of 10% hidden ties against random untied pairs."""
    from graph.analysis.suggest import auc_by_rank, pair_score
    from graph.store.schema import pair_key

    rng = random.Random(seed)
    pairs = list(zip(world["city_a"], world["city_b"], strict=True))
    hidden = set(rng.sample(range(len(pairs)), len(pairs) // 10))
    adj: dict[str, set[str]] = {}
    for i, (a, b) in enumerate(pairs):
        if i not in hidden:
            adj.setdefault(a, set()).add(b)
            adj.setdefault(b, set()).add(a)
    routes = dict(zip(air["pair_key"], air["routes"], strict=True))
    pop = cities.set_index("city_id")["population"].to_dict()
    tied = {pair_key(a, b) for a, b in pairs}
    nodes = sorted({c for p in pairs for c in p})
    neg = []
    while len(neg) < len(hidden):
        a, b = rng.sample(nodes, 2)
        if pair_key(a, b) not in tied:
            neg.append((a, b))
    pos_s = [pair_score(adj, routes, pop, *pairs[i])["score"] for i in sorted(hidden)]
    neg_s = [pair_score(adj, routes, pop, a, b)["score"] for a, b in neg]
    return auc_by_rank(pos_s, neg_s)


def _networkx_suggestions(world, city_id: str) -> list[str]:
    import networkx as nx

    graph = nx.from_pandas_edgelist(world, "city_a", "city_b")
    partners = set(graph[city_id])
    candidates = {c for p in partners for c in graph[p]} - partners - {city_id}
    scored = nx.adamic_adar_index(graph, [(city_id, c) for c in candidates])
    return [c for _, c, _ in sorted(scored, key=lambda x: -x[2])[:10]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing store (default: a fresh seeded SQLite file)")
    parser.add_argument("--city", default="Tehran")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="bench-suggest-")
    os.environ["DIPLOMACY_CACHE_DIR"] = folder
    from graph.analysis import partner_model as pm
    from graph.analysis.suggest import suggest_partners
    from graph.places.lookup import find_city
    from graph.store.engine import open_store

    store = open_store(args.db or f"sqlite:///{folder}/store.sqlite")
    cities, world, air = store.cities(), store.ties("world"), store.air_links()
    city = find_city(cities, args.city)["city_id"]

    auc_hand, base_wall, base_cpu = _timed(lambda: _hand_evaluation(cities, world, air))
    model, fit_wall, fit_cpu = _timed(lambda: pm.partner_model(cities, world, air))
    pm._LOADED.clear()  # a new process: the model comes from disk
    _, disk_wall, _ = _timed(lambda: suggest_partners(cities, world, air, city, top=10))
    rows, warm_wall, _ = _timed(lambda: suggest_partners(cities, world, air, city, top=10))
    _, nx_wall, _ = _timed(lambda: _networkx_suggestions(world, city))
    ev = model.evaluation
    result = {
        "ties": len(world),
        "cities": len(cities),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "fit_wall_seconds": fit_wall,
        "fit_cpu_seconds": fit_cpu,
        "baseline_evaluation_wall_seconds": base_wall,
        "baseline_evaluation_cpu_seconds": base_cpu,
        "fit_ratio_cpu": fit_cpu / base_cpu,
        "suggest_from_disk_seconds": disk_wall,
        "suggest_warm_seconds": warm_wall,
        "networkx_adamic_adar_seconds": nx_wall,
        "warm_ratio": warm_wall / nx_wall,
        "baseline_hand_auc_former_protocol": auc_hand,
        "top": [r["name_en"] for r in rows],
        "evaluation": {k: v for k, v in ev.items() if k != "calibration"},
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(
        f"world: {result['cities']:,} cities, {result['ties']:,} ties; "
        f"{result['cpus']} cores, load average {result['load_average']:.1f}"
    )
    print(
        f"fit: {fit_wall:.1f} s wall, {fit_cpu:.1f} s CPU; former evaluation "
        f"{base_wall:.1f} s wall, {base_cpu:.1f} s CPU; CPU ratio {result['fit_ratio_cpu']:.1f}x"
    )
    print(
        f"suggestions for {args.city}: {disk_wall:.2f} s from disk, {warm_wall:.3f} s warm; "
        f"networkx Adamic-Adar {nx_wall:.3f} s; warm ratio {result['warm_ratio']:.2f}x"
    )
    print(f"model chosen: {ev['model']}; {ev['protocol']['held_out']} test ties\n")
    print("| method | AUC | AP | AUC hard | AP hard | Hits@10 | MRR |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, f in {"fitted model": ev, **ev["baselines"]}.items():
        print(
            f"| {name.replace('_', ' ')} | {f['auc']:.3f} | {f['average_precision']:.3f} | "
            f"{f['auc_hard']:.3f} | {f['average_precision_hard']:.3f} | "
            f"{f['hits_at_10']:.3f} | {f['mrr']:.3f} |"
        )
    split = ev.get("time_split")
    if split:
        print(f"\ntime split ({split['note']}; {split['ties']} ties):")
        for name in ("model", "hand_score", "adamic_adar", "preferential_attachment"):
            f = split[name]
            print(f"  {name:>24}: AUC {f['auc']:.3f}, Hits@10 {f['hits_at_10']:.3f}, "
                  f"MRR {f['mrr']:.3f}")
    reach = ev["by_reach"]
    print(f"\nranked test ties by reach: {reach['near_share']:.0%} of the partners within three "
          "steps through partners in the feature network")
    for where in ("near", "far"):
        shown = ", ".join(
            f"{name.replace('_', ' ')} Hits@10 {f['hits_at_10']:.3f} MRR {f['mrr']:.3f}"
            for name, f in reach[where].items()
            if name in ("model", "adamic_adar")
        )
        print(f"  {where} ({reach[where]['ties']} ties): {shown}")
    print("\ntop 10:", ", ".join(result["top"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
