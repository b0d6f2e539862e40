"""Export of the data as CSV, XLSX, GeoJSON or GraphML.

GeoJSON follows RFC 7946: longitude, latitude in WGS 84 with no ``crs`` member; a tie is
its great-circle line, a ``MultiLineString`` of two parts where it crosses the
antimeridian (section 3.1.9); no NaN or infinity is written. (GeoPackage and GEXF, which
carry the network's weights and layout, are in :mod:`graph.exports.data_files`.)

CSV and XLSX cells are made safe whatever is stored (an old database or a restored
backup may hold what an import would have cleaned, :func:`export_cell`): a single-line
field (a name, a title) has its line breaks made one space, a multi-line one (a note,
sources) keeps them as ``\n`` only, so no carriage return can start a new row; then a
cell, or a line inside a cell, whose first non-space character is ``= + - @`` (or that
starts with a tab or carriage return) gets a leading apostrophe (:func:`neutralise`) so
spreadsheets do not run it as a formula. The CSV writer quotes every cell holding a line
break, a quote or a comma.
XLSX and GraphML are XML, which cannot hold most control characters: those are dropped
from the text written there (:func:`xml_safe`), so whatever is stored can be exported.
Whole-number columns stay whole numbers (``2013``, not ``2013.0``); a missing one is empty.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx
import pandas as pd

from graph.io.rules import MULTILINE_FIELDS
from graph.places.geo import geodesic_parts, geodesic_parts_many
from graph.settings import default
from graph.store.engine import Store

__all__ = [
    "EXPORT_TABLES",
    "FORMATS",
    "FORMULA_START",
    "XML_ILLEGAL",
    "export_cell",
    "export_data",
    "export_frames",
    "tie_geometry",
    "neutralise",
    "xml_safe",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "geojson", "graphml")
EXPORT_TABLES = ("ties", "exchanges", "cities")
ARC_POINTS = int(default("arc_points"))
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""The characters XML 1.0 cannot hold (tab, line feed and carriage return it can)."""


LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""What a reader may take for the end of a line."""
SPLITLINES_CONTROL = re.compile("[\x0b\x0c\x1c-\x1e]")
"""Control characters ``str.splitlines`` also breaks at: dropped from an exported text."""
_FORMULA_FIRST = tuple(c for c in FORMULA_START if not c.isspace())


def _formula(line: str) -> bool:
    return line.startswith(("\t", "\r")) or line.lstrip().startswith(_FORMULA_FIRST)


def neutralise(value: Any) -> Any:
    r"""A text a spreadsheet would run as a formula gets a leading apostrophe: the cell, and
    each line inside it, whose first non-space character starts a formula.

    >>> neutralise(" =1+1")
    "' =1+1"
    >>> neutralise("note\r@SUM(1+1)")
    "note\r'@SUM(1+1)"
    """
    if not isinstance(value, str):
        return value
    parts = re.split(f"({LINE_BREAK.pattern})", value)  # lines and, between them, breaks
    text = "".join("'" + p if i % 2 == 0 and _formula(p) else p for i, p in enumerate(parts))
    return "'" + text if value.startswith("\r") else text  # a cell opening with a CR too


def export_cell(value: Any, multiline: bool = False) -> Any:
    r"""A text as a CSV or XLSX cell: line breaks one space (``\n`` in a ``multiline``
    field), the other controls ``str.splitlines`` breaks at dropped, then
    :func:`neutralise`; anything else as it is.

    >>> export_cell("x\r@SUM(1+1)")
    'x @SUM(1+1)'
    >>> export_cell("=1+1\r\n-2", multiline=True)
    "'=1+1\n'-2"
    """
    if not isinstance(value, str):
        return value
    text = SPLITLINES_CONTROL.sub("", value)
    return neutralise(LINE_BREAK.sub("\n" if multiline else " ", text))


def xml_safe(value: Any) -> Any:
    """A text without the characters XML cannot hold; anything else as it is.

    >>> xml_safe("Qom\x07")
    'Qom'
    """
    return XML_ILLEGAL.sub("", value) if isinstance(value, str) else value


def _add_names(frame: pd.DataFrame, side: str, names: pd.DataFrame) -> None:
    """The English and Persian names of ``frame``'s ``city_<side>``, and where the Persian
    one came from (``checked``, ``automatic``, ``editor``; empty without one)."""
    ids = frame[f"city_{side}"]
    frame[f"name_{side}"] = ids.map(names["name_en"])
    frame[f"name_fa_{side}"] = ids.map(names["name_fa"])
    frame[f"name_fa_origin_{side}"] = ids.map(names["name_fa_origin"])


def export_frames(
    store: Store, scope: str, iran_cities: Iterable[str] = ()
) -> dict[str, pd.DataFrame]:
    """The ``ties``, ``exchanges`` and ``cities`` every export writes: the ties of
    ``scope`` (of ``iran_cities`` only, when given) with both cities' English and Persian
    names and countries, their exchanges, and the cities they name."""
    cities = store.cities()
    ties = store.ties(scope)
    chosen = set(map(str, iran_cities))
    if chosen:
        ties = ties[ties["city_a"].isin(chosen) | ties["city_b"].isin(chosen)]
    names = cities.set_index("city_id")[["name_en", "name_fa", "name_fa_origin", "country"]]
    ties = ties.drop(columns=["unverified"], errors="ignore")
    ties["sources"] = ties["sources"].map(lambda s: " | ".join(s))
    for side in ("a", "b"):
        _add_names(ties, side, names)
        ties[f"country_{side}"] = ties[f"city_{side}"].map(names["country"])
    exchanges = store.exchanges()
    kept = set(ties["city_a"]) | set(ties["city_b"])
    if scope == "iran":
        iranian = set(cities.loc[cities["country"] == "IR", "city_id"])
        exchanges = exchanges[exchanges["city_a"].isin(iranian) | exchanges["city_b"].isin(iranian)]
    if chosen:
        exchanges = exchanges[exchanges["city_a"].isin(chosen) | exchanges["city_b"].isin(chosen)]
    kept |= set(exchanges["city_a"]) | set(exchanges["city_b"])
    for side in ("a", "b"):
        _add_names(exchanges, side, names)
    return {
        "ties": ties.reset_index(drop=True),
        "exchanges": exchanges.reset_index(drop=True),
        "cities": cities[cities["city_id"].isin(kept)]
        .drop(columns=["iranian"])
        .reset_index(drop=True),
    }


def _cell(value: Any, multiline: bool) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars: a whole number stays an int
        value = value.item()
    return export_cell(value, multiline)


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as plain Python values (missing ones None), formulas neutralised.

    Built column by column as ``object`` so that pandas never turns a whole-number column
    with gaps into floats.
    """
    return pd.DataFrame(
        {
            name: pd.Series([_cell(v, name in MULTILINE_FIELDS) for v in frame[name]], dtype=object)
            for name in frame
        },
        columns=frame.columns,
    )


def export_data(
    store: Store,
    fmt: str,
    scope: str = "iran",
    table: str = "ties",
    iran_cities: Iterable[str] = (),
) -> bytes:
    """The data of ``scope`` as ``csv`` (one ``table``: ties, exchanges or cities),
    ``xlsx`` (ties, exchanges, cities sheets), ``geojson`` (city points and tie lines) or
    ``graphml`` (the tie network). ``iran_cities`` (city ids) keeps only the ties and
    exchanges of those cities, as the pages' sidebar filter does."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if table not in EXPORT_TABLES:
        raise ValueError(f"table must be one of {', '.join(EXPORT_TABLES)}, not {table!r}")
    frames = export_frames(store, scope, iran_cities)
    if fmt == "csv":
        text = _safe_frame(frames[table]).to_csv(
            index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
        )
        return ("\ufeff" + text).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook  # heavy: loaded on the first XLSX export

        book = Workbook(write_only=True)
        for name, frame in frames.items():
            sheet = book.create_sheet(name)
            safe = _safe_frame(frame)
            sheet.append([xml_safe(str(c)) for c in safe.columns])
            for row in safe.itertuples(index=False):
                sheet.append([xml_safe(_xlsx_value(v)) for v in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    if fmt == "geojson":
        return json.dumps(_geojson(frames), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return _graphml(frames)


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str | bool):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if value is pd.NA:
        return None
    return value


def _geojson(frames: dict[str, pd.DataFrame]) -> dict:
    cities = frames["cities"].set_index("city_id", drop=False)
    features = []
    for row in cities.to_dict("records"):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {k: _plain(v) for k, v in row.items() if k not in ("lat", "lon")}
                | {"feature": "city"},
            }
        )
    ties = [
        row
        for row in frames["ties"].to_dict("records")
        if row["city_a"] in cities.index and row["city_b"] in cities.index
    ]
    a = cities.loc[[row["city_a"] for row in ties], ["lon", "lat"]].to_numpy(dtype=float)
    b = cities.loc[[row["city_b"] for row in ties], ["lon", "lat"]].to_numpy(dtype=float)
    lines = geodesic_parts_many(a[:, 0], a[:, 1], b[:, 0], b[:, 1], ARC_POINTS) if ties else []
    for row, parts in zip(ties, lines, strict=True):
        features.append(
            {
                "type": "Feature",
                "geometry": _line_geometry(parts),
                "properties": {k: _plain(v) for k, v in row.items()} | {"feature": "tie"},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _line_geometry(parts: list[list[tuple[float, float]]]) -> dict:
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": [list(p) for p in parts[0]]}
    return {"type": "MultiLineString", "coordinates": [[list(p) for p in part] for part in parts]}


def tie_geometry(lon_a: float, lat_a: float, lon_b: float, lat_b: float) -> dict:
    """A tie's GeoJSON geometry: its great-circle line, split at the antimeridian into a
    ``MultiLineString`` (RFC 7946, 3.1.9).

    >>> tie_geometry(0, 0, 90, 0)["type"]
    'LineString'
    >>> tie_geometry(170, 0, -170, 0)["type"]
    'MultiLineString'
    """
    return _line_geometry(
        geodesic_parts(float(lon_a), float(lat_a), float(lon_b), float(lat_b), ARC_POINTS)
    )


def _graphml(frames: dict[str, pd.DataFrame]) -> bytes:
    graph = nx.Graph()
    for row in frames["cities"].to_dict("records"):
        graph.add_node(xml_safe(row["city_id"]), **_graphml_attrs(row, skip=("city_id",)))
    for row in frames["ties"].to_dict("records"):
        graph.add_edge(
            xml_safe(row["city_a"]),
            xml_safe(row["city_b"]),
            **_graphml_attrs(row, skip=("city_a", "city_b")),
        )
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()


def _graphml_attrs(row: dict, skip: Iterable[str]) -> dict:
    attrs = {}
    for key, value in row.items():
        if key in skip:
            continue
        value = _plain(value)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            value = " | ".join(map(str, value))
        if not isinstance(value, int | float | str | bool):
            value = str(value)
        attrs[key] = xml_safe(value)
    return attrs
