"""``python -m graph render ...``: the map, the network view, the timeline, a saved view or
the PowerPoint deck, drawn to a file with no network access.

Each command reads its options from the parsed arguments (see :mod:`graph.cli.main`),
builds the tie network, draws it with :mod:`graph.views` and writes it with
:mod:`graph.exports`. This module never imports streamlit.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from graph.analysis.build import build_graph
from graph.analysis.map_filter import MapView, filter_graph
from graph.analysis.network import ego_view, whole_view
from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER, STATUS_ORDER
from graph.exports.deck import build_deck
from graph.exports.images import FORMATS, RenderError, write_map, write_png
from graph.exports.saved_views import ensure_default_views, get_view, list_views
from graph.exports.slides import export_view
from graph.exports.timeline import timeline_years, write_timeline_gif
from graph.i18n import t
from graph.model import KINDS, TEHRAN
from graph.places.lookup import find_city
from graph.store.engine import Store
from graph.views.map import map_figure
from graph.views.map_webgl import map_html, webgl_drawn
from graph.views.network import network_html
from graph.views.network_layout import layout_positions

__all__ = [
    "render_deck_command",
    "render_map_command",
    "render_network_command",
    "render_timeline_command",
    "render_view_command",
    "view_from_args",
]

DECK_EDITOR = "cli:render deck"  # the change log's name for the ready deck made by the command


def _listed(args: Any, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The comma-separated option ``name``, checked against ``allowed``, in their order."""
    text = getattr(args, name, None)
    if not text:
        return ()
    chosen = [v.strip() for v in text.split(",") if v.strip()]
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise RenderError(
            f"unknown {name.replace('_', ' ')} {', '.join(unknown)}; use {', '.join(allowed)}"
        )
    return tuple(v for v in allowed if v in chosen)


def view_from_args(args: Any, store: Store) -> MapView:
    """The :class:`MapView` the ``render map`` options describe (city names looked up)."""
    cities = store.cities()
    city = None
    if getattr(args, "city", None):
        city = str(find_city(cities, args.city)["city_id"])
    iran = tuple(
        str(find_city(cities, name.strip())["city_id"])
        for name in (getattr(args, "iran_cities", None) or "").split(",")
        if name.strip()
    )
    kinds = _listed(args, "kinds", KIND_ORDER)
    return MapView(
        kinds=() if set(kinds) == set(KIND_ORDER) else kinds,
        relations=_listed(args, "relations", RELATION_ORDER),
        statuses=_listed(args, "statuses", STATUS_ORDER),
        evidence=_listed(args, "evidence", EVIDENCE_ORDER),
        include_unverified=not getattr(args, "no_unverified", False),
        include_one_sided=bool(getattr(args, "one_sided", False)),
        year_from=getattr(args, "year_from", None),
        year_to=getattr(args, "year_to", None),
        undated=not getattr(args, "no_undated", False),
        iran_cities=iran,
        min_weight=float(getattr(args, "min_weight", 0.0) or 0.0),
        scope=args.scope,
        city=city,
        projection=getattr(args, "projection", "natural_earth"),
        region=getattr(args, "region", "world"),
        lang=args.lang,
        aggregate=bool(getattr(args, "aggregate_countries", False)),
    )


def render_map_command(args: Any, store: Store) -> int:
    """``python -m graph render map --out FILE``: draw the filtered map to a file."""
    out = Path(args.out)
    if out.suffix.lower().lstrip(".") not in FORMATS:
        raise RenderError(f"cannot write {out.name!r}: use a .html, .png or .pdf file name")
    view = view_from_args(args, store)
    graph = build_graph(store, view.scope, half_life=args.half_life)
    shown = filter_graph(graph, view)
    if getattr(args, "webgl", False):
        if out.suffix.lower() != ".html":
            raise RenderError(f"cannot write {out.name!r} with --webgl: use a .html file name")
        if not webgl_drawn(view):
            raise RenderError("--webgl draws flat maps only: leave out --projection orthographic")
        out.write_text(map_html(shown, view), encoding="utf-8")
    else:
        write_map(map_figure(shown, view), out)
    print(f"wrote {out} ({shown.number_of_edges():,} ties, {shown.number_of_nodes():,} cities)")
    return 0


def _parse_kinds(text: str) -> tuple[str, ...]:
    chosen = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in chosen if k not in KINDS]
    if unknown or not chosen:
        raise ValueError(f"--kinds {text!r}: choose among {', '.join(KINDS)}")
    return chosen


def render_network_command(args: argparse.Namespace, store: Store) -> int:
    """``render network``: write the network view to ``--out`` (.html, or .png)."""
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".html", ".htm", ".png"):
        raise ValueError(f"--out {args.out!r}: the network view is written as .html or .png")
    kinds = _parse_kinds(getattr(args, "kinds", ",".join(KINDS)))
    graph = build_graph(store, args.scope, kinds=kinds, half_life=args.half_life)
    metric = getattr(args, "metric", "partners")
    if args.city and not getattr(args, "aggregate_countries", False):
        city = find_city(store.cities(), args.city)
        if city["city_id"] not in graph:
            raise ValueError(f"{city['name_en']} has no tie in scope {args.scope}")
        view = ego_view(graph, city["city_id"], getattr(args, "hops", 1), metric, args.top)
    elif getattr(args, "aggregate_countries", False):
        view = whole_view(graph, "world", metric)
    else:
        view = whole_view(graph, args.scope, metric)
    positions = layout_positions(view.graph, getattr(args, "layout", "force"))
    page = network_html(
        view,
        args.lang,
        getattr(args, "color_by", "community"),
        positions,
        kinds=kinds,
        exchanges=store.exchanges(),
    )
    if suffix == ".png":
        write_png(page, out)
    else:
        out.write_text(page, encoding="utf-8")
    shown = f"{view.graph.number_of_nodes()} nodes, {view.graph.number_of_edges()} ties"
    cut = f" (top {view.graph.number_of_nodes()} of {view.pool})" if view.dropped else ""
    print(f"wrote {out}: {shown}{cut}")
    return 0


def render_timeline_command(args: Any, store: Store) -> int:
    """``python -m graph render timeline --out FILE.gif``: the map's timeline as a GIF."""
    view = view_from_args(args, store)
    graph = build_graph(store, view.scope, half_life=args.half_life)
    years = timeline_years(graph, view)
    write_timeline_gif(graph, view, args.out, years)
    print(f"wrote {args.out} ({len(years)} frames, {years[0]}-{years[-1]})")
    return 0


def render_deck_command(args: Any, store: Store) -> int:
    """``python -m graph render deck --out FILE.pptx [--lang fa|en] [--city NAME]``.

    With no saved view yet, the ready deck "Tehran's partner network" is created first
    (see :func:`graph.exports.saved_views.ensure_default_views`) and Tehran's opportunities added.
    """
    views = list_views(store)
    city = None
    if not views:
        views = ensure_default_views(store, who=DECK_EDITOR)
        city = TEHRAN
    if getattr(args, "city", None):
        city = str(find_city(store.cities(), args.city)["city_id"])
    title = t("present.deck_title" if city == TEHRAN else "present.deck_title_any", args.lang)
    out = build_deck(store, args.out, views, args.lang, opportunities_city=city, title=title)
    print(f"wrote {out}: {len(views)} views")
    return 0


def render_view_command(args: Any, store: Store) -> int:
    """``python -m graph render map|network --view NAME --out FILE``: the saved view's
    page and settings are used (the other filter options are ignored), drawn as a
    1920x1080 slide in ``--lang``."""
    view = get_view(store, args.view)
    out = export_view(store, view, args.out, args.lang)
    print(f"wrote {out}: view {view.name!r} ({view.page})")
    return 0
