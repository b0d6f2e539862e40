"""Benchmark the geography of the exports and the data check against plain baselines.

- **lines**: the world's ties as great-circle lines split at the antimeridian, ours
  (``geodesic_parts_many``, one vectorised slerp for all ties) against the per-tie
  ``great_circle`` the maps use, split afterwards;
- **check**: ``check_cities`` on the seed's cities, ours (``sjoin`` for all points, the
  distance to the own country only for those outside it, in a local azimuthal
  equidistant projection computed with numpy) against the same check with a pyproj
  ``Transformer`` built for each of those cities.

Prints the median wall time of ``--repeat`` runs and the ratio baseline / ours (above 1:
ours is faster). Reports only; nothing asserts on time.

    .venv/bin/python bench/bench_geo.py [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.places import country_check  # noqa: E402
from graph.places.country_check import check_cities  # noqa: E402
from graph.places.geo import geodesic_parts_many, great_circle  # noqa: E402
from graph.store.engine import open_store  # noqa: E402

ARC_POINTS = 24


def _median(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _split(lons, lats):
    parts = [[]]
    for lon, lat in zip(lons, lats, strict=True):
        if lon is None:
            parts.append([])
        else:
            parts[-1].append((lon, lat))
    return [p for p in parts if len(p) > 1]


def _pyproj_km(shape, lon: float, lat: float) -> float:
    from pyproj import Transformer
    from shapely.geometry import Point
    from shapely.ops import transform

    local = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m", always_xy=True
    )
    return transform(local.transform, shape).distance(Point(0, 0)) / 1000.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(f"sqlite:///{folder}/bench.sqlite")
        cities = store.cities().set_index("city_id")
        ties = store.ties("world")
        a = cities.loc[ties["city_a"], ["lon", "lat"]].to_numpy(float)
        b = cities.loc[ties["city_b"], ["lon", "lat"]].to_numpy(float)
        frame = store.cities()
        store.engine.dispose()
    results = {"ties": len(ties), "cities": len(frame)}
    ours = _median(
        lambda: geodesic_parts_many(a[:, 0], a[:, 1], b[:, 0], b[:, 1], ARC_POINTS), args.repeat
    )
    base = _median(
        lambda: [_split(*great_circle(*p, *q, ARC_POINTS)) for p, q in zip(a, b, strict=True)],
        args.repeat,
    )
    results["lines"] = {"ours_s": ours, "baseline_s": base, "ratio": base / ours}
    check_cities(frame)  # warm the Natural Earth frame's cache
    ours = _median(lambda: check_cities(frame), args.repeat)
    original = country_check.km_to_shape
    country_check.km_to_shape = lambda shape, lon, lat: _pyproj_km(shape, lon, lat)
    try:
        base = _median(lambda: check_cities(frame), args.repeat)
    finally:
        country_check.km_to_shape = original
    results["check"] = {"ours_s": ours, "baseline_s": base, "ratio": base / ours}
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{results['ties']:,} ties, {results['cities']:,} cities, median of {args.repeat}")
    print("| task | ours (s) | baseline (s) | baseline / ours |")
    print("| --- | --- | --- | --- |")
    for task in ("lines", "check"):
        r = results[task]
        print(f"| {task} | {r['ours_s']:.2f} | {r['baseline_s']:.2f} | {r['ratio']:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
