"""Benchmark: exporting a presentation of ten saved views (1920x1080 PNGs and a deck).

    .venv/bin/python bench/bench_deck.py [--db URL] [--json]

Seeds a temporary SQLite store once (not timed; or uses ``--db URL``) and saves ten views:
the five of the ready deck "Tehran's partner network" (four maps, one network) plus four
maps of other Iranian cities and one more network. Then, in this one process:

- draw:     ``graph.exports.slides.slide_for`` for each view (figures and network pages);
- baseline: each map slide written as a PNG with its own kaleido call
            (``graph.exports.images.write_map``, which starts Chromium every time);
- batched:  all map slides written with ONE kaleido call (``write_map_pngs``);
- network:  each network slide screenshot by Playwright (``graph.exports.images.write_png``);
- deck:     ``graph.exports.deck.build_deck`` end to end (batched path, PowerPoint written).

Ratios are baseline / batched: above 1 means the batched path is faster. Nothing here
asserts on time: benchmarks report, tests check behaviour.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.exports.deck import build_deck  # noqa: E402
from graph.exports.images import SLIDE_SIZE, write_map, write_map_pngs, write_png  # noqa: E402
from graph.exports.saved_views import create_view, ensure_default_views, list_views  # noqa: E402
from graph.exports.slides import SlideGraphs, slide_for  # noqa: E402
from graph.store.engine import open_store  # noqa: E402

EXTRA = (  # GeoNames ids
    ("isfahan-map", "map", {"city": "418863", "iran_cities": "418863", "scope": "world"}),
    ("mashhad-map", "map", {"city": "124665", "iran_cities": "124665", "scope": "world"}),
    ("shiraz-map", "map", {"city": "115019", "iran_cities": "115019", "scope": "world"}),
    ("tabriz-map", "map", {"city": "113646", "iran_cities": "113646", "scope": "world"}),
    ("iran-network", "network", {"scope": "iran"}),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-deck-"))
    store = open_store(args.db or f"sqlite:///{tmp / 'store.sqlite'}")
    ensure_default_views(store, who="bench")
    known = {v.name for v in list_views(store)}
    for name, page, config in EXTRA:
        if name not in known:
            create_view(store, name, page, config, caption_en=name, who="bench")
    views = list_views(store)[:10]

    graphs = SlideGraphs(store)
    started = time.perf_counter()
    slides = []
    draw = {}
    for view in views:
        t0 = time.perf_counter()
        slides.append(slide_for(store, view, "fa", graphs))
        draw[view.name] = time.perf_counter() - t0
    draw_total = time.perf_counter() - started

    maps = [s for s in slides if s.figure is not None]
    nets = [s for s in slides if s.figure is None]
    per_map = {}
    t0 = time.perf_counter()
    for i, s in enumerate(maps):
        t1 = time.perf_counter()
        write_map(s.figure, tmp / f"one-{i}.png", size=SLIDE_SIZE)
        per_map[s.view.name] = time.perf_counter() - t1
    baseline = time.perf_counter() - t0
    t0 = time.perf_counter()
    write_map_pngs([(s.figure, tmp / f"batch-{i}.png") for i, s in enumerate(maps)])
    batched = time.perf_counter() - t0
    per_net = {}
    for i, s in enumerate(nets):
        t1 = time.perf_counter()
        write_png(s.page, tmp / f"net-{i}.png", SLIDE_SIZE["width"], SLIDE_SIZE["height"])
        per_net[s.view.name] = time.perf_counter() - t1
    t0 = time.perf_counter()
    build_deck(store, tmp / "deck.pptx", views, "fa")
    deck = time.perf_counter() - t0

    report = {
        "machine": f"{platform.machine()}, {platform.python_version()}",
        "views": len(views),
        "maps": len(maps),
        "networks": len(nets),
        "draw_s": {k: round(v, 2) for k, v in draw.items()},
        "draw_total_s": round(draw_total, 2),
        "map_png_one_call_each_s": {k: round(v, 2) for k, v in per_map.items()},
        "map_png_baseline_total_s": round(baseline, 2),
        "map_png_batched_total_s": round(batched, 2),
        "batched_ratio": round(baseline / batched, 2) if batched else None,
        "network_png_s": {k: round(v, 2) for k, v in per_net.items()},
        "deck_total_s": round(deck, 2),
        "deck_bytes": (tmp / "deck.pptx").stat().st_size,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key:>26}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
