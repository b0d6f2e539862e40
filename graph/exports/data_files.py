"""Every data export the Data page and ``python -m graph export`` offer, by format.

CSV, XLSX, GeoJSON and GraphML are written by :func:`graph.io.export.export_data`; this
module adds the two that carry what only the analysis knows (the weight of each kind of
exchange) and the network view's drawing:

- **GeoPackage** (``gpkg``, EPSG:4326, UTF-8), three layers: ``cities`` (points),
  ``ties`` (great-circle lines split at the antimeridian, ``MultiLineString``) with their
  weight per kind of exchange, relation, status, evidence and year, and ``countries``
  (Natural Earth 1:50m) with the ties and cities counted in each. Written with pyogrio.
- **GEXF 1.3** (``gexf``) for Gephi and Gephi Lite: the tie network with the network
  view's positions, colours and sizes (:func:`graph.views.network.node_styles`,
  :func:`graph.views.network_layout.layout_positions`) and the same attributes.

Both export the scope's ties (of the sidebar's Iranian cities only, when given), as the
other formats do. This module never imports streamlit.
"""

from __future__ import annotations

import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from graph.analysis.build import build_graph
from graph.analysis.geography import countries_with_ties
from graph.analysis.network import NetworkView, check_choice, cities_view
from graph.io.export import FORMATS, export_data, export_frames, xml_safe
from graph.model import KINDS
from graph.names import city_name
from graph.places.countries import country_name
from graph.places.geo import geodesic_parts_many
from graph.settings import default
from graph.store.engine import Store
from graph.views.network import COLOUR_BY, edge_styles, node_styles
from graph.views.network_layout import LAYOUTS, layout_positions

__all__ = [
    "FILE_FORMATS",
    "GEXF_NAMESPACE",
    "GPKG_LAYERS",
    "export_file",
    "geopackage",
    "gexf",
    "gexf_document",
    "tie_network",
]

FILE_FORMATS = (*FORMATS, "gpkg", "gexf")
GPKG_LAYERS = ("cities", "ties", "countries")
GPKG_VERSION = "1.2"
GEXF_NAMESPACE = "http://gexf.net/1.3"
GEXF_VIZ = "http://gexf.net/1.3/viz"
_G, _VIZ = f"{{{GEXF_NAMESPACE}}}", f"{{{GEXF_VIZ}}}"
ARC_POINTS = int(default("arc_points"))
FORCE_NODES = int(default("gexf_force_nodes"))
WEIGHT_COLUMNS = tuple(f"weight_{k}" for k in KINDS)
CREATOR = "City Diplomacy Explorer"


def export_file(
    store: Store,
    fmt: str,
    scope: str = "iran",
    table: str = "ties",
    iran_cities: Iterable[str] = (),
    lang: str = "fa",
) -> bytes:
    """The data of ``scope`` as a file of ``fmt`` (one of :data:`FILE_FORMATS`).

    ``lang`` names the GEXF's node labels; ``table`` is the one table of a CSV. Raises
    ValueError for an unknown format, table or scope.
    """
    if fmt == "gpkg":
        return geopackage(store, scope, iran_cities)
    if fmt == "gexf":
        return gexf(store, scope, iran_cities, lang)
    if fmt not in FILE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(FILE_FORMATS)}, not {fmt!r}")
    return export_data(store, fmt, scope, table=table, iran_cities=iran_cities)


def _tie_weights(store: Store, scope: str) -> pd.DataFrame:
    """Per tie_id: the weight of each kind of exchange, their sum and the exchanges."""
    graph = build_graph(store, scope)
    rows = [
        {
            "tie_id": d["tie_id"],
            **{f"weight_{k}": round(d["weights"][k], 6) for k in KINDS},
            "weight": round(d["weight"], 6),
            "exchanges": d["exchanges"],
        }
        for _, _, d in graph.edges(data=True)
    ]
    columns = ["tie_id", *WEIGHT_COLUMNS, "weight", "exchanges"]
    return pd.DataFrame(rows, columns=columns).set_index("tie_id")


def _text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """String columns as object (None for missing), so GDAL writes them as text."""
    out = frame.copy()
    for name in out.columns:
        if name != "geometry" and pd.api.types.is_string_dtype(out[name]):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


def geopackage(store: Store, scope: str = "iran", iran_cities: Iterable[str] = ()) -> bytes:
    """The GeoPackage (EPSG:4326) of ``scope``: layers ``cities``, ``ties``, ``countries``.

    Example
    -------
    ``pyogrio.list_layers`` of the file lists the three layers; ``ogrinfo`` reads it.
    """
    import geopandas as gpd  # heavy: loaded on the first GeoPackage export
    from shapely.geometry import MultiLineString

    frames = export_frames(store, scope, iran_cities)
    cities = frames["cities"].copy()
    cities["country_en"] = cities["country"].map(lambda c: country_name(c, "en"))
    cities["country_fa"] = cities["country"].map(lambda c: country_name(c, "fa"))
    city_points = gpd.GeoDataFrame(
        _text_columns(cities),
        geometry=gpd.points_from_xy(cities["lon"], cities["lat"]),
        crs="EPSG:4326",
    )
    place = cities.set_index("city_id")[["lon", "lat"]]
    ties = frames["ties"]
    ties = ties[ties["city_a"].isin(place.index) & ties["city_b"].isin(place.index)]
    ties = ties.join(_tie_weights(store, scope), on="tie_id")
    a = place.loc[ties["city_a"]].to_numpy(dtype=float)
    b = place.loc[ties["city_b"]].to_numpy(dtype=float)
    parts = geodesic_parts_many(a[:, 0], a[:, 1], b[:, 0], b[:, 1], ARC_POINTS) if len(a) else []
    lines = [MultiLineString(p) for p in parts]
    tie_lines = gpd.GeoDataFrame(
        _text_columns(ties.reset_index(drop=True)), geometry=lines, crs="EPSG:4326"
    )
    countries = countries_with_ties(frames["ties"], frames["cities"])
    layers = {"cities": city_points, "ties": tie_lines, "countries": _text_columns(countries)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        for i, name in enumerate(GPKG_LAYERS):
            layers[name].to_file(
                path,
                layer=name,
                driver="GPKG",
                engine="pyogrio",
                promote_to_multi=name != "cities",
                # GeoPackage 1.2: read by GDAL and QGIS releases older than the bundled GDAL
                dataset_options={"VERSION": GPKG_VERSION} if i == 0 else None,
            )
        return path.read_bytes()


def tie_network(
    store: Store,
    scope: str = "iran",
    iran_cities: Iterable[str] = (),
    metric: str = "partners",
) -> NetworkView:
    """The whole tie network of ``scope`` (cities, never summed by country) as the
    network view draws it, cut to the ties of ``iran_cities`` when given."""
    graph = build_graph(store, scope)
    chosen = {str(c) for c in iran_cities}
    if chosen:
        kept = [(a, b) for a, b in graph.edges if a in chosen or b in chosen]
        graph = graph.edge_subgraph(kept).copy()
    return cities_view(graph, metric)


def gexf(
    store: Store,
    scope: str = "iran",
    iran_cities: Iterable[str] = (),
    lang: str = "fa",
    colour_by: str = "community",
    layout: str | None = None,
    metric: str = "partners",
) -> bytes:
    """The tie network of ``scope`` as GEXF 1.3 (UTF-8): each city with the network
    view's position (``viz:position``), colour and size, its names in English and
    Persian, country and coordinates; each tie with its colour and thickness, weight per
    kind of exchange, relation, status, evidence and year. Labels are in ``lang``.

    ``layout`` is ``force`` or ``geo``; by default ``force`` up to the setting
    ``gexf_force_nodes`` cities and ``geo`` above.
    """
    check_choice(colour_by, COLOUR_BY, "colouring")
    view = tie_network(store, scope, iran_cities, metric)
    if layout is None:
        layout = "force" if view.graph.number_of_nodes() <= FORCE_NODES else "geo"
    check_choice(layout, LAYOUTS, "layout")
    return gexf_document(view, lang, colour_by, layout_positions(view.graph, layout))


NODE_FIELDS: tuple[tuple[str, str], ...] = (
    ("name_en", "string"),
    ("name_fa", "string"),
    ("name_fa_origin", "string"),
    ("country", "string"),
    ("country_en", "string"),
    ("country_fa", "string"),
    ("lat", "double"),
    ("lon", "double"),
    ("population", "long"),
    ("iranian", "boolean"),
    ("metric", "double"),
    ("community", "integer"),
)
EDGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("tie_id", "long"),
    ("relation", "string"),
    ("status", "string"),
    ("evidence", "string"),
    ("since", "integer"),
    ("sources", "string"),
    ("note", "string"),
    *((f"weight_{k}", "double") for k in KINDS),
    ("exchanges", "integer"),
    ("kind", "string"),
    ("dashed", "boolean"),
)


def _rgb(colour: str) -> dict[str, str]:
    value = colour.lstrip("#")
    return {
        "r": str(int(value[0:2], 16)),
        "g": str(int(value[2:4], 16)),
        "b": str(int(value[4:6], 16)),
    }


def _text(value: Any, kind: str) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("integer", "long"):
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    if isinstance(value, list | tuple):
        value = " | ".join(map(str, value))
    return xml_safe(str(value))


def _attributes(parent: ET.Element, cls: str, fields: tuple[tuple[str, str], ...]) -> None:
    block = ET.SubElement(parent, _G + "attributes", {"class": cls, "mode": "static"})
    for name, kind in fields:
        ET.SubElement(block, _G + "attribute", {"id": name, "title": name, "type": kind})


def _attvalues(parent: ET.Element, values: dict, fields: tuple[tuple[str, str], ...]) -> None:
    block = ET.SubElement(parent, _G + "attvalues")
    for name, kind in fields:
        text = _text(values.get(name), kind)
        if text is not None:
            ET.SubElement(block, _G + "attvalue", {"for": name, "value": text})


def gexf_document(
    view: NetworkView,
    lang: str,
    colour_by: str,
    positions: dict[Any, tuple[float, float]],
) -> bytes:
    """``view`` as a GEXF 1.3 document with the given ``positions`` (canvas pixels; GEXF's
    y grows upwards, so it is the canvas's y negated) and the view's colours and sizes."""
    ET.register_namespace("", GEXF_NAMESPACE)
    ET.register_namespace("viz", GEXF_VIZ)
    g = _G
    root = ET.Element(g + "gexf", {"version": "1.3"})
    meta = ET.SubElement(root, g + "meta", {"lastmodifieddate": date.today().isoformat()})
    ET.SubElement(meta, g + "creator").text = CREATOR
    graph_el = ET.SubElement(root, g + "graph", {"defaultedgetype": "undirected", "mode": "static"})
    _attributes(graph_el, "node", NODE_FIELDS)
    _attributes(graph_el, "edge", EDGE_FIELDS)
    graph = view.graph
    nodes = ET.SubElement(graph_el, g + "nodes")
    styles = node_styles(view, colour_by)
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        element = ET.SubElement(
            nodes, g + "node", {"id": xml_safe(str(node)), "label": xml_safe(city_name(data, lang))}
        )
        values = dict(data) | {
            "country_en": country_name(data.get("country"), "en"),
            "country_fa": country_name(data.get("country"), "fa"),
            "metric": view.metric_values.get(node, 0.0),
            "community": styles[node].group,
        }
        _attvalues(element, values, NODE_FIELDS)
        x, y = positions.get(node, (0.0, 0.0))
        ET.SubElement(element, _VIZ + "color", _rgb(styles[node].colour) | {"a": "1"})
        ET.SubElement(
            element, _VIZ + "position", {"x": repr(float(x)), "y": repr(-float(y)), "z": "0.0"}
        )
        ET.SubElement(element, _VIZ + "size", {"value": repr(float(styles[node].size))})
    edges = ET.SubElement(graph_el, g + "edges")
    ties = edge_styles(view)
    for i, (a, b) in enumerate(sorted(graph.edges, key=lambda e: (str(e[0]), str(e[1])))):
        data = graph.edges[a, b]
        style = ties[(a, b)] if (a, b) in ties else ties[(b, a)]
        element = ET.SubElement(
            edges,
            g + "edge",
            {
                "id": str(i),
                "source": xml_safe(str(a)),
                "target": xml_safe(str(b)),
                "weight": repr(float(data.get("weight", 0.0))),
            },
        )
        values = dict(data) | {
            **{f"weight_{k}": data.get("weights", {}).get(k, 0.0) for k in KINDS},
            "kind": style.kind,
            "dashed": style.dashed,
        }
        _attvalues(element, values, EDGE_FIELDS)
        ET.SubElement(element, _VIZ + "color", _rgb(style.colour) | {"a": "1"})
        ET.SubElement(element, _VIZ + "thickness", {"value": repr(float(style.width))})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
