"""The Map drawn with WebGL (deck.gl): the same ties, encodings and texts as the plotly map.

:func:`map_data` turns the (already filtered) tie network and its
:class:`graph.analysis.map_filter.MapView` into plain JSON for ``static/webgl_map/map.js``,
which draws it with the deck.gl bundle vendored beside it (``static/webgl_map/deck.gl/``,
from the npm registry, MIT). The page shows it as a Streamlit component; :func:`map_html`
writes the same map as one standalone HTML file with the library, the data and the font
inlined, so it opens from a file with no network.

What it shares with :mod:`graph.views.map` (so the map on screen and the printed plotly
map show the same ties): the tie grouping (:func:`graph.views.map.sorted_ties`: kind and
width class, or no exchange), the colours and widths, the city markers and their hovers,
the labelled cities and every hover text, escaped the same way. Arcs are sent as their two
ends; the browser draws the great circle (``arc_points`` points) and cuts it at the
antimeridian. City names are drawn as HTML over the canvas, so the browser shapes Persian
and sets it right to left. The globe (orthographic) stays a plotly map.

This module never imports streamlit.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analysis.map_filter import REGIONS, MapView, aggregate_countries
from graph.analysis.overview import KIND_ORDER
from graph.i18n import digits, label, t
from graph.i18n.bidi import in_reading_order, runs_in_reading_order
from graph.names import city_name
from graph.places.geo import basemap_lonlat
from graph.views.map import (
    AGG_OPACITY,
    AGG_WIDTHS,
    CLASS_WIDTHS,
    COUNTRY_COLOUR,
    MANY_TIES,
    arc_points,
    city_markers,
    label_rows,
    sorted_ties,
)
from graph.views.network import font_face_css
from graph.views.style import (
    BORDER_COLOUR,
    FOREIGN_COLOUR,
    IRANIAN_COLOUR,
    KIND_COLOURS,
    LAND_COLOUR,
    NO_EXCHANGE_COLOUR,
)

__all__ = ["ASSETS", "DECK_BUNDLE", "WEBGL_PROJECTIONS", "map_data", "map_html", "webgl_drawn"]

ASSETS = Path(__file__).resolve().parents[2] / "static" / "webgl_map"
DECK_BUNDLE = ASSETS / "deck.gl" / "dist.min.js"
RENDERER = ASSETS / "map.js"
# The WebGL map is a flat (Web Mercator) map; the globe is drawn by plotly.
WEBGL_PROJECTIONS = ("natural_earth",)
# A field of a hover template: replaced in the browser in one pass, so a name that
# happens to contain a field's mark is never expanded.
MARK = "\u0001"
_FIELDS = re.compile(f"{MARK}(\\w+){MARK}")


def webgl_drawn(view: MapView) -> bool:
    """True when ``view`` is drawn with WebGL (its projection is a flat one)."""
    return view.projection in WEBGL_PROJECTIONS


def _field(name: str) -> str:
    return f"{MARK}{name}{MARK}"


def _round(values: Any, places: int = 4) -> list[float]:
    return [round(float(v), places) for v in values]


@lru_cache(maxsize=2)
def _basemap() -> list[list[float]]:
    """The countries' rings (Natural Earth 1:110m), each a flat [lon, lat, lon, lat, ...]."""
    lons, lats = basemap_lonlat("110m")
    rings: list[list[float]] = []
    ring: list[float] = []
    for lon, lat in zip(lons, lats, strict=True):
        if lon is None or lat is None:
            if ring:
                rings.append(ring)
            ring = []
        else:
            ring += [round(lon, 2), round(lat, 2)]
    if ring:
        rings.append(ring)
    return rings


def _groups(view: MapView, few: bool) -> tuple[list[Any], list[dict[str, Any]]]:
    """The line groups in the figure's order (no exchange, then kind by width class)."""
    lang = view.lang
    keys: list[Any] = ["none"]
    styles: list[dict[str, Any]] = [
        {
            "colour": NO_EXCHANGE_COLOUR,
            "width": 0.8 if few else 0.3,
            "dash": few,
            "opacity": 0.7 if few else 0.35,
            "name": t("legend.no_exchange", lang),
            "legend": not view.aggregate,
        }
    ]
    for k, kind in enumerate(KIND_ORDER):
        for c, width in enumerate(CLASS_WIDTHS):
            keys.append((kind, c))
            if view.aggregate:
                style = {
                    "colour": COUNTRY_COLOUR,
                    "width": AGG_WIDTHS[c],
                    "opacity": AGG_OPACITY[c],
                    "name": t("mapview.legend.country_ties", lang),
                    "legend": k == 0 and c == len(CLASS_WIDTHS) - 1,
                }
            else:
                style = {
                    "colour": KIND_COLOURS[kind],
                    "width": width,
                    "opacity": 0.85,
                    "name": label(kind, lang),
                    "legend": False,
                }
            styles.append({"dash": False, **style})
    return keys, styles


def _fill(template: str, values: dict[str, str]) -> str:
    """The browser's filling of a template (map.js ``fill``): every field in one pass."""
    return _FIELDS.sub(lambda m: values[m.group(1)], template)


def _index(value: str, seen: dict[str, int]) -> int:
    return seen.setdefault(value, len(seen))


def _city_hovers(markers: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    """The cities' hovers as one template and its pieces (a megabyte at world scope as
    whole texts): the template is the hover put in reading order around private marks,
    so the browser's filling gives each city's hover text exactly. ``name`` is filled
    from the cities' names; a city whose hover name differs (Latin runs isolated in
    Persian, a name that is the id) is in ``names``, and any hover the template would not
    give exactly is in ``whole``."""
    slots = {"name": "\ue000", "country": "\ue001", "ties": "\ue002"}
    template = in_reading_order(t("hover.city", lang, **slots), lang)
    for key, slot in slots.items():
        template = template.replace(slot, _field(key))
    countries: dict[str, int] = {}
    counts: dict[str, int] = {}
    notes: dict[str, int] = {}
    columns: dict[str, list[int]] = {"country": [], "count": [], "note": []}
    names: dict[int, str] = {}
    whole: dict[int, str] = {}
    for i, m in enumerate(markers):
        parts = m["parts"]
        values = {
            "name": runs_in_reading_order(parts["name"], lang),
            "country": runs_in_reading_order(parts["country"], lang),
            "ties": runs_in_reading_order(parts["ties"], lang),
        }
        columns["country"].append(_index(values["country"], countries))
        columns["count"].append(_index(values["ties"], counts))
        columns["note"].append(_index(parts["note"], notes))
        if values["name"] != m["name"]:
            names[i] = values["name"]
        if _fill(template, values) + parts["note"] != m["hover"]:
            whole[i] = m["hover"]
    return {
        "template": template,
        "countries": list(countries),
        "counts": list(counts),
        "notes": list(notes),
        "columns": columns,
        "names": names,
        "whole": whole,
    }


def map_data(graph: nx.Graph, view: MapView, height: int = 620) -> dict[str, Any]:
    """The map of the filtered network ``graph`` as ``view`` says, as plain JSON values.

    Keys: ``lang``, ``rtl``, ``title``, ``height``, ``arc_points``, ``bounds`` (the region
    as [[west, south], [east, north]]), ``basemap`` (rings), ``colours``, ``groups`` (line
    styles and legend names), ``cities`` (columns: ``id``, ``lon``, ``lat``, ``iranian``,
    ``size``, ``name``, and ``country``, ``count``, ``note``: indices into ``city_hover``'s
    lists), ``city_hover`` (the cities' hover template and its pieces: see
    :func:`_city_hovers`; map.js ``cityHover`` fills it in), ``ties`` (columns: ``a``,
    ``b`` as indices into the cities, ``group``; and either ``hover``, one text per tie,
    or ``template`` with the ``relation``/``since`` indices into ``relations``/``sinces``),
    ``labels``,
    ``selected`` (a city's index or None) and ``legend_cities`` (marker legend names).
    Every text that comes from the data is HTML-escaped, as in the plotly map.
    """
    lang = view.lang
    shown = aggregate_countries(graph) if view.aggregate else graph
    edges = shown.number_of_edges()
    few = edges <= MANY_TIES
    ties = sorted_ties(shown, view, few)
    degree = dict(shown.degree())
    markers = city_markers(shown, degree, few, lang)
    index = {m["id"]: i for i, m in enumerate(markers)}
    # Ties start at every place, also at one whose marker belongs to a bigger place there.
    place = {(m["lon"], m["lat"]): i for i, m in enumerate(markers)}
    for node, d in shown.nodes(data=True):
        index.setdefault(node, place[(d["lon"], d["lat"])])
    keys, styles = _groups(view, few)
    group_of = {pair: keys.index(key) for key, pairs in ties.groups.items() for pair in pairs}
    columns: dict[str, Any] = {
        "a": [index[a] for a, _ in ties.pairs],
        "b": [index[b] for _, b in ties.pairs],
        "group": [group_of[pair] for pair in ties.pairs],
    }
    data: dict[str, Any] = {"ties": columns}
    if few or view.aggregate:
        columns["hover"] = ties.texts
    else:
        # The world's short hovers share one template: names, relation and year.
        relations: list[str] = []
        sinces: list[str] = []
        rel_cols, since_cols = [], []
        for a, b in ties.pairs:
            tie = shown.edges[a, b]
            relation = label(tie["relation"], lang)
            since = digits(str(tie["since"]), lang) if tie.get("since") else t("date.unknown", lang)
            for value, seen, col in ((relation, relations, rel_cols), (since, sinces, since_cols)):
                if value not in seen:
                    seen.append(value)
                col.append(seen.index(value))
        columns["relation"], columns["since"] = rel_cols, since_cols
        data["relations"], data["sinces"] = relations, sinces
        data["template"] = t(
            "mapview.hover.tie_short",
            lang,
            a=_field("a"),
            b=_field("b"),
            relation=_field("relation"),
            since=_field("since"),
        )
    rows, texts = label_rows(shown, view, degree)
    (west, east), (south, north) = REGIONS[view.region]
    selected = view.city if view.city in shown else None
    names = (
        [city_name(shown.nodes[m["id"]], lang, escape=True) or m["id"] for m in markers]
        if not view.aggregate
        else [m["id"] for m in markers]
    )
    hovers = _city_hovers([{**m, "name": n} for m, n in zip(markers, names, strict=True)], lang)
    data.update(
        {
            "lang": lang,
            "rtl": lang == "fa",
            "title": t("mapview.title", lang),
            "height": height,
            "arc_points": arc_points(edges),
            "bounds": [[west, south], [east, north]],
            "basemap": _basemap(),
            "colours": {
                "land": LAND_COLOUR,
                "border": BORDER_COLOUR,
                "iranian": IRANIAN_COLOUR,
                "foreign": FOREIGN_COLOUR,
                "outline": "#222222",
                "selected": "#000000",
            },
            "groups": styles,
            "kinds": [
                {"name": label(kind, lang), "colour": KIND_COLOURS[kind]} for kind in KIND_ORDER
            ]
            if not view.aggregate
            else [],
            "cities": {
                "id": [m["id"] for m in markers],
                "lon": _round(m["lon"] for m in markers),
                "lat": _round(m["lat"] for m in markers),
                "iranian": [int(m["iranian"]) for m in markers],
                "size": _round((m["size"] for m in markers), 1),
                "name": names,
                **hovers["columns"],
            },
            "city_hover": {k: v for k, v in hovers.items() if k != "columns"},
            "labels": [
                {"lon": r["lon"], "lat": r["lat"], "text": text}
                for r, text in zip(rows, texts, strict=True)
            ],
            "selected": index.get(selected) if selected else None,
            "legend_cities": {
                "iranian": t("legend.iranian_city", lang),
                "foreign": t("legend.foreign_city", lang),
                "selected": t("mapview.legend.selected", lang),
            },
        }
    )
    return data


def map_html(graph: nx.Graph, view: MapView, height: int = 620) -> str:
    """The WebGL map as one standalone HTML page: deck.gl, the renderer, the data and the
    Vazirmatn font inlined; it opens from a file with no network."""
    payload = json.dumps(map_data(graph, view, height), ensure_ascii=False, separators=(",", ":"))
    # "</" in the data (a name) must not close the script element
    payload = payload.replace("</", "<\\/")
    direction = "rtl" if view.lang == "fa" else "ltr"
    return (
        f'<!DOCTYPE html><html lang="{view.lang}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{t('mapview.title', view.lang)}</title>"
        f"<style>{font_face_css()}html,body{{margin:0;height:100%}}</style>"
        f"<script>{DECK_BUNDLE.read_text(encoding='utf-8')}</script>"
        f"<script>{RENDERER.read_text(encoding='utf-8')}</script>"
        '</head><body><div id="map"></div>'
        f"<script>CityMap.draw(document.getElementById('map'), {payload});</script>"
        "</body></html>"
    )
