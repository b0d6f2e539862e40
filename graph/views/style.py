"""The look every figure shares: fonts, the colour-blind-safe palette, the offline basemap,
city labels and the base plotly layout (title and legend placed for the reading direction).

Offline rules (see the project's OFFLINE notes): maps never use plotly's built-in geo
layers (:data:`GEO_LAYERS`), which fetch a topojson file from a CDN; :func:`basemap_trace`
draws the Natural Earth countries itself as one filled ``Scattergeo`` trace.

This module never imports streamlit.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from typing import Any

import plotly.graph_objects as go

from graph.i18n import t
from graph.i18n.bidi import in_reading_order
from graph.names import name_note
from graph.places.geo import basemap_lonlat, km_between
from graph.settings import default

__all__ = [
    "name_mark",
    "BORDER_COLOUR",
    "FONT_FAMILY",
    "TIME_AXIS",
    "FOREIGN_COLOUR",
    "GEO_LAYERS",
    "IRANIAN_COLOUR",
    "KIND_COLOURS",
    "LABEL_HALO",
    "LAND_COLOUR",
    "NO_EXCHANGE_COLOUR",
    "OKABE_ITO",
    "RELATION_COLOURS",
    "base_layout",
    "basemap_trace",
    "label_positions",
    "label_trace",
    "spread_out",
]

FONT_FAMILY = "Vazirmatn, Tahoma, sans-serif"

# Time runs left to right on every chart, in both languages: the earliest year on the
# left, as on the Map's year slider and timeline just above its chart (Streamlit's sliders
# run left to right whatever the page's direction). Categories and values follow the
# reading direction; time does not.
TIME_AXIS = {"autorange": True}

# Okabe-Ito colour-blind-safe palette.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
KIND_COLOURS = {
    "technical": OKABE_ITO["blue"],
    "cultural": OKABE_ITO["purple"],
    "transit": OKABE_ITO["green"],
}
RELATION_COLOURS = {
    "sister": OKABE_ITO["blue"],
    "cooperation": OKABE_ITO["orange"],
    "friendship": OKABE_ITO["green"],
    "partner": OKABE_ITO["purple"],
}
NO_EXCHANGE_COLOUR = "#8C8C8C"
IRANIAN_COLOUR = OKABE_ITO["vermillion"]
FOREIGN_COLOUR = "#FFFFFF"
LAND_COLOUR = "#E4E4E4"
BORDER_COLOUR = "#FFFFFF"

# Every built-in plotly geo layer; each one, when shown, makes plotly.js fetch topojson.
GEO_LAYERS = (
    "showland",
    "showcountries",
    "showcoastlines",
    "showocean",
    "showlakes",
    "showrivers",
    "showsubunits",
    "showframe",
)


# Labelled cities keep this far apart, so labels do not pile up at world scale
# (Tehran District 12 is not labelled over Tehran, nor Isfahan under it).
LABEL_MIN_KM = default("label_min_km")
LABEL_HALO = "1px 1px 1px #fff, -1px -1px 1px #fff, 1px -1px 1px #fff, -1px 1px 1px #fff"


def base_layout(lang: str, title: str, height: int) -> dict[str, Any]:
    """Layout shared by every figure: font, title placed for the reading direction."""
    rtl = lang == "fa"
    return {
        "template": "plotly_white",
        "font": {"family": FONT_FAMILY, "size": 13, "color": "#222222"},
        # The title sits below plotly's toolbar (top right), which would cover it in Persian.
        "title": {
            "text": in_reading_order(html.escape(title), lang),
            "x": 0.99 if rtl else 0.01,
            "xanchor": "right" if rtl else "left",
            "xref": "container",
            "y": 1.0,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 30},
            "font": {"size": 16},
        },
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 70, "b": 10},
        "hoverlabel": {"font": {"family": FONT_FAMILY}, "align": "right" if rtl else "left"},
        "legend": {
            "orientation": "h",
            "x": 1.0 if rtl else 0.0,
            "xanchor": "right" if rtl else "left",
            "y": -0.02,
            "yanchor": "top",
            # Legends flow left to right; reversed, a Persian reader meets the first
            # entry first, at the right.
            "traceorder": "reversed" if rtl else "normal",
            "title": {"side": "top right" if rtl else "top left"},
        },
    }


def spread_out(rows: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """Take up to ``limit`` rows in order, skipping any closer than LABEL_MIN_KM to a taken one."""
    taken: list[dict[str, Any]] = []
    for row in rows:
        if len(taken) == limit:
            break
        if all(
            km_between(row["lon"], row["lat"], o["lon"], o["lat"]) >= LABEL_MIN_KM for o in taken
        ):
            taken.append(row)
    return taken


def label_positions(rows: list[dict[str, Any]]) -> list[str]:
    """Place labels: the first (largest) city's above it, the others pointing away from it.

    >>> label_positions([{"lon": 51, "lat": 36}, {"lon": 60, "lat": 36}, {"lon": 52, "lat": 30}])
    ['top center', 'middle right', 'bottom center']
    """
    if not rows:
        return []
    first = rows[0]
    positions = ["top center"]
    for r in rows[1:]:
        angle = math.degrees(math.atan2(r["lat"] - first["lat"], r["lon"] - first["lon"]))
        vertical = "top" if 30 < angle < 150 else "bottom" if -150 < angle < -30 else "middle"
        horizontal = "right" if abs(angle) <= 60 else "left" if abs(angle) >= 120 else "center"
        positions.append(f"{vertical} {horizontal}")
    return positions


def basemap_trace(lang: str) -> go.Scattergeo:
    """The countries as one filled trace (Natural Earth 1:110m): the offline basemap.

    Plotly's own geo layers fetch a topojson from a CDN; this draws land and borders
    from ``data/`` instead, so maps and their exports work with no network.
    """
    base_lons, base_lats = basemap_lonlat("110m")
    return go.Scattergeo(
        lon=base_lons,
        lat=base_lats,
        mode="lines",
        fill="toself",
        fillcolor=LAND_COLOUR,
        line={"color": BORDER_COLOUR, "width": 0.6},
        name=t("legend.basemap", lang),
        hoverinfo="skip",
        showlegend=False,
    )


def label_trace(rows: list[dict], texts: list[str], lang: str) -> go.Scattergeo:
    """City names at ``rows`` (dicts with ``lon``, ``lat``), bold with a white halo,
    placed so that neighbouring labels do not overlap."""
    return go.Scattergeo(
        lon=[r["lon"] for r in rows],
        lat=[r["lat"] for r in rows],
        mode="text",
        text=texts,
        textposition=label_positions(rows),
        textfont={
            "family": FONT_FAMILY,
            "size": 13,
            "color": "#111111",
            "weight": "bold",
            "shadow": LABEL_HALO,
        },
        name=t("legend.labels", lang),
        hoverinfo="skip",
        showlegend=False,
    )


def name_mark(city: Mapping[str, Any], lang: str) -> str:
    """A hover's or tooltip's subtle last line marking an automatic Persian name
    (:func:`graph.names.name_note`: "automatic, from GeoNames"), or ''."""
    note = name_note(city, lang)
    if not note:
        return ""
    return f"<br><span style='font-size:0.8em;color:#666'>{html.escape(note, quote=False)}</span>"
