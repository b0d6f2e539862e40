"""Checking another people's file (mapped columns, country names, TSV literals, a
file-wide relation) against checking the same rows in the import's own CSV template.

Both files hold the same ties, taken from the seeded store's world ties (so every city
resolves), in the same process and run:

- **plain** (baseline): ``city_a, country_a, city_b, country_b, relation, since`` with
  ISO codes, as the Data page's template writes it;
- **mapped**: a Wikidata-style TSV (``origincityLabel``, ``origincountry``,
  ``sistercityLabel``, ``destination_countryLabel``, ``inception``) with ``"Tehran"@en``
  labels, English country names, a city column named by ``--map``-style mapping, and no
  relation column (``fill={"relation": "sister"}``).

Each is checked with :func:`graph.io.importer.validate` against the store's cities (no
writes). Reported: the median wall time over ``--repeat`` runs after one warm-up, the peak
Python heap of one further run under tracemalloc, and the ratio mapped / plain. The two
reports must accept the same number of records, else the script exits with code 3.
Benchmarks report; they never assert on time.

    .venv/bin/python bench/bench_import_mapping.py             # Markdown table
    .venv/bin/python bench/bench_import_mapping.py --rows 5000 --json
    .venv/bin/python bench/bench_import_mapping.py --db sqlite:////tmp/seeded.sqlite
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.io.importer import validate  # noqa: E402
from graph.places.countries import country_name  # noqa: E402
from graph.store.engine import open_store  # noqa: E402


def files(store, rows: int) -> tuple[bytes, bytes]:
    """(plain CSV, mapped TSV) of the same ``rows`` ties of the store."""
    cities = store.cities().set_index("city_id")
    ties = store.ties("world").head(rows)
    plain, mapped = io.StringIO(), io.StringIO()
    out = csv.writer(plain, lineterminator="\n")
    out.writerow(["city_a", "country_a", "city_b", "country_b", "relation", "since"])
    mapped.write("origincityLabel\torigincountry\tsistercityLabel\tdestination_countryLabel")
    mapped.write("\tinception\n")
    for tie in ties.itertuples():
        a, b = cities.loc[tie.city_a], cities.loc[tie.city_b]
        since = "" if pd.isna(tie.since) else str(int(tie.since))
        out.writerow([a.name_en, a.country, b.name_en, b.country, tie.relation, since])
        mapped.write(
            f'"{a.name_en}"@en\t"{country_name(a.country, "en")}"@en\t"{b.name_en}"@en\t'
            f'"{country_name(b.country, "en")}"@en\t{since}\n'
        )
    return plain.getvalue().encode(), mapped.getvalue().encode()


def measure(data: bytes, cities, repeat: int, **options) -> dict:
    validate(data, cities, **options)  # warm-up: caches, lazy tables
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        report = validate(data, cities, **options)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    validate(data, cities, **options)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return {
        "median_s": statistics.median(times),
        "peak_mb": peak,
        "records": len(report.records),
        "errors": len(report.errors),
        "bytes": len(data),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", default=None, help="an existing store (default: seed one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    url = args.db or f"sqlite:///{tempfile.mkdtemp()}/seeded.sqlite"
    store = open_store(url)
    cities = store.cities()
    plain, mapped = files(store, args.rows)
    mapping = {"city_a": "origincityLabel", "city_b": "sistercityLabel", "since": "inception"}
    results = {
        "plain": measure(plain, cities, args.repeat),
        "mapped": measure(
            mapped, cities, args.repeat, mapping=mapping, fill={"relation": "sister"}
        ),
    }
    results["ratio_time"] = results["mapped"]["median_s"] / results["plain"]["median_s"]
    results["ratio_peak"] = results["mapped"]["peak_mb"] / results["plain"]["peak_mb"]
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print("| file | rows accepted | errors | bytes | median s | peak MB |")
        print("|---|---|---|---|---|---|")
        for name in ("plain", "mapped"):
            r = results[name]
            print(
                f"| {name} | {r['records']} | {r['errors']} | {r['bytes']:,} | "
                f"{r['median_s']:.3f} | {r['peak_mb']:.1f} |"
            )
        print(
            f"\nmapped / plain: time {results['ratio_time']:.2f}x, "
            f"peak heap {results['ratio_peak']:.2f}x"
        )
    same = results["plain"]["records"] == results["mapped"]["records"]
    return 0 if same else 3


if __name__ == "__main__":
    sys.exit(main())
