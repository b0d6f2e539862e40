"""The network view drawn with pyvis as one offline HTML page.

What is drawn is a :class:`graph.analysis.network.NetworkView` (an ego network, a
scope's whole network or the world summed by country); where its nodes sit comes from
:mod:`graph.views.network_layout`. vis-network's physics is off unless asked for on a
small graph. Node size follows a metric (partners, strength, betweenness or eigenvector
centrality), node colour a community (Louvain), a continent or Iranian/foreign; a tie's
colour is its dominant kind of exchange, its width the weight of the selected kinds, and
a tie with no recorded exchange is dashed.

Offline: pyvis inlines vis-network (``cdn_resources="in_line"``) but its template still
adds two bootstrap tags from a CDN; :func:`strip_remote_tags` removes them and
:func:`offsite_references` lists anything off the machine that is left (tests assert it
is empty). The Vazirmatn font is embedded as a ``data:`` URI.

Escaping: vis-network (9.x) shows a string ``title`` as plain text. Tooltips here are
small HTML documents in which every data-derived string went through
:func:`html.escape`; an inline script turns each into a DOM element, so markup of our
own (bold, line breaks) renders and a hostile exchange title shows as text.

This module never imports streamlit.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from graph.analysis.metrics import communities
from graph.analysis.network import NetworkView, check_choice
from graph.i18n import LIST_SEPARATOR, digits, gregorian_and_jalali, join_list, label, t
from graph.i18n.bidi import in_reading_order
from graph.model import KINDS
from graph.names import city_name, other_name
from graph.places.countries import COUNTRIES, country_name
from graph.settings import default
from graph.views.network_layout import LAYOUT_SEED
from graph.views.style import (
    FONT_FAMILY,
    IRANIAN_COLOUR,
    KIND_COLOURS,
    NO_EXCHANGE_COLOUR,
    OKABE_ITO,
    name_mark,
)

__all__ = [
    "COLOUR_BY",
    "PHYSICS_NODE_LIMIT",
    "EdgeStyle",
    "NodeStyle",
    "edge_styles",
    "font_face_css",
    "network_html",
    "node_styles",
    "offsite_references",
    "strip_remote_tags",
]

COLOUR_BY = ("community", "region", "iranian")
COMMUNITY_SEED = default("network_community_seed")
# Above this many nodes vis-network's physics takes minutes: off.
PHYSICS_NODE_LIMIT = default("network_physics_nodes")
# Only the largest nodes carry a label on the canvas; every node has its tooltip.
LABELLED_NODES = default("network_labelled_nodes")
MIN_NODE_SIZE, MAX_NODE_SIZE = 7.0, 38.0
MIN_EDGE_WIDTH, MAX_EDGE_WIDTH = 0.8, 7.0
RECENT_EXCHANGES = default("network_recent_exchanges")
FONT_FILE = Path(__file__).resolve().parents[2] / "static" / "fonts" / "Vazirmatn-Regular.woff2"

FOREIGN_NODE_COLOUR = OKABE_ITO["sky_blue"]
OTHER_COMMUNITY_COLOUR = "#BBBBBB"
# the legend shows NO_EXCHANGE_COLOUR; on the canvas many such ties must not drown the rest
NO_EXCHANGE_EDGE = "rgba(140,140,140,0.5)"
# Okabe-Ito without black (edges and labels are dark) in an order that keeps
# neighbouring communities apart.
COMMUNITY_COLOURS = (
    OKABE_ITO["orange"],
    OKABE_ITO["blue"],
    OKABE_ITO["green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
)
CONTINENT_COLOURS = {
    "Asia": OKABE_ITO["orange"],
    "Europe": OKABE_ITO["blue"],
    "Africa": OKABE_ITO["yellow"],
    "North America": OKABE_ITO["green"],
    "South America": OKABE_ITO["sky_blue"],
    "Oceania": OKABE_ITO["purple"],
    "Antarctica": OTHER_COMMUNITY_COLOUR,
}
CONTINENT_KEYS = {
    "Asia": "asia",
    "Europe": "europe",
    "Africa": "africa",
    "North America": "north_america",
    "South America": "south_america",
    "Oceania": "oceania",
    "Antarctica": "antarctica",
}

_REMOTE_TAG = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>"
    r"|<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script\s*>",
    re.IGNORECASE,
)
_OFFSITE = re.compile(
    r"""(?:\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:|wss?:)?//[^\s"'>]+)"""
    r"""|(?:@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//[^\s"')]+)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//[^\s"')]+)""",
    re.IGNORECASE,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)


# --- HTML ------------------------------------------------------------------------------------


def strip_remote_tags(page: str) -> str:
    """Remove every ``<link href=...>`` and ``<script src=...></script>`` that points off
    the machine (pyvis's template adds bootstrap from a CDN even with inlined resources)."""
    return _REMOTE_TAG.sub("", page)


def offsite_references(page: str) -> list[str]:
    """Every off-machine reference left in ``page``: ``src``/``href`` attributes,
    ``@import`` and ``url(...)`` pointing at ``http(s)://`` or ``//`` addresses.

    >>> offsite_references('<img src="https://x.org/a.png"><a href="#top">')
    ['src="https://x.org/a.png']
    """
    return [m.group(0) for m in _OFFSITE.finditer(page)]


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """The Vazirmatn ``@font-face`` rule with the font inlined (empty without the file)."""
    try:
        data = base64.b64encode(FONT_FILE.read_bytes()).decode("ascii")
    except OSError:  # without the font the system's fallback draws Persian
        return ""
    return (
        "@font-face{font-family:Vazirmatn;font-style:normal;font-weight:400;"
        f"src:url(data:font/woff2;base64,{data}) format('woff2');}}"
    )


def _continent(data: Mapping) -> str:
    continent = data.get("continent")
    if continent:
        return continent
    entry = COUNTRIES.get(data.get("country") or "")
    return entry[2] if entry else ""


def _number(value: float, lang: str) -> str:
    if float(value).is_integer():
        return digits(int(value), lang)
    return digits(value, lang, ndigits=3 if abs(value) < 1 else 2)


def _scaled(value: float, top: float, low: float, high: float) -> float:
    if top <= 0:
        return low
    return round(low + (high - low) * math.sqrt(max(value, 0.0) / top), 2)


def _dominant_kind(weights: Mapping[str, float], kinds: Iterable[str]) -> str | None:
    best = max(((weights.get(k, 0.0), k) for k in kinds), default=(0.0, None))
    return best[1] if best[0] > 0 else None


def _recent_titles(exchanges: pd.DataFrame | None) -> dict[str, list[tuple]]:
    if exchanges is None or exchanges.empty:
        return {}
    frame = exchanges[["pair_key", "date", "kind", "title"]].copy()
    frame["order"] = frame["date"].fillna("")
    frame = frame.sort_values(["pair_key", "order"], ascending=[True, False])
    result: dict[str, list[tuple]] = defaultdict(list)
    for key, when, kind, title in zip(
        frame["pair_key"], frame["date"], frame["kind"], frame["title"], strict=True
    ):
        if len(result[key]) < RECENT_EXCHANGES:
            result[key].append((when, kind, title))
    return result


def _pair_key(a: Any, b: Any) -> str:
    first, second = sorted((str(a), str(b)))
    return f"{first}|{second}"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _node_colours(
    view: NetworkView, colour_by: str, groups: Mapping[Any, int]
) -> tuple[dict, list[tuple[str, str]]]:
    """Colour of every node and the legend entries (colour, already-escaped text)."""
    graph = view.graph
    if colour_by == "iranian":
        colours = {
            n: IRANIAN_COLOUR
            if d.get("iranian") or d.get("country") == "IR"
            else FOREIGN_NODE_COLOUR
            for n, d in graph.nodes(data=True)
        }
        return colours, [("iranian", IRANIAN_COLOUR), ("foreign", FOREIGN_NODE_COLOUR)]
    if colour_by == "region":
        present = Counter(_continent(d) for _, d in graph.nodes(data=True))
        colours = {
            n: CONTINENT_COLOURS.get(_continent(d), OTHER_COMMUNITY_COLOUR)
            for n, d in graph.nodes(data=True)
        }
        entries = [
            (f"continent:{c}", CONTINENT_COLOURS[c]) for c in CONTINENT_COLOURS if present[c]
        ]
        return colours, entries
    colours = {
        n: COMMUNITY_COLOURS[g] if g < len(COMMUNITY_COLOURS) else OTHER_COMMUNITY_COLOUR
        for n, g in groups.items()
    }
    entries = []
    for g in range(min(len(COMMUNITY_COLOURS), len(set(groups.values())))):
        members = [n for n, k in groups.items() if k == g]
        lead = max(members, key=lambda n: (view.metric_values.get(n, 0.0), str(n)))
        entries.append((f"community:{g}:{lead}", COMMUNITY_COLOURS[g]))
    if len(set(groups.values())) > len(COMMUNITY_COLOURS):
        entries.append(("community:other", OTHER_COMMUNITY_COLOUR))
    return colours, entries


def _legend_text(entry: str, view: NetworkView, lang: str) -> str:
    if entry in ("iranian", "foreign"):
        return _esc(t(f"network.legend.{entry}", lang))
    if entry.startswith("continent:"):
        return _esc(t(f"continent.{CONTINENT_KEYS[entry.split(':', 1)[1]]}", lang))
    if entry == "community:other":
        return _esc(t("network.legend.community_other", lang))
    _, number, lead = entry.split(":", 2)
    node = next((n for n in view.graph if str(n) == lead), None)
    lead_name = city_name(view.graph.nodes[node], lang) if node is not None else lead
    return _esc(t("network.legend.community", lang, n=int(number) + 1, lead=lead_name))


def _node_tooltip(view: NetworkView, node: Any, lang: str, metric_label: str, group: str) -> str:
    data = view.graph.nodes[node]
    lines = [f"<b>{_esc(city_name(data, lang))}</b>"]
    other = other_name(data, lang)
    if other:
        lines[0] += f" ({_esc(other)})"
    if view.kind == "countries":
        lines.append(_esc(t("network.tip.cities", lang, n=int(data.get("cities", 0)))))
        lines.append(_esc(t("network.tip.domestic", lang, n=int(data.get("domestic_ties", 0)))))
    else:
        lines.append(
            _esc(t("network.tip.country", lang, country=country_name(data.get("country"), lang)))
        )
    lines.append(_esc(t("network.tip.partners", lang, n=view.graph.degree[node])))
    value = _number(view.metric_values.get(node, 0.0), lang)
    lines.append(_esc(f"{metric_label}: {value}"))
    if group:
        lines.append(group)
    return in_reading_order("<br>".join(lines) + name_mark(data, lang), lang)


def _edge_tooltip(
    view: NetworkView, a: Any, b: Any, lang: str, kinds: tuple[str, ...], recent: dict
) -> str:
    g = view.graph
    data = g.edges[a, b]
    head = f"<b>{_esc(city_name(g.nodes[a], lang))} — {_esc(city_name(g.nodes[b], lang))}</b>"
    lines = [head]
    if view.kind == "countries":
        lines.append(_esc(t("network.tip.ties", lang, n=int(data.get("ties", 0)))))
    else:
        since = data.get("since")
        parts = [label(data["relation"], lang), label(data["status"], lang)]
        if since:
            parts.append(t("network.tip.since", lang, year=gregorian_and_jalali(since, lang)))
        lines.append(_esc(" · ".join(parts)))
        evidence = t("network.tip.evidence", lang, evidence=label(data["evidence"], lang))
        if data.get("unverified"):
            evidence += f" ({t('badge.unverified', lang)})"
        lines.append(_esc(evidence))
    lines.append(_esc(t("network.tip.exchanges", lang, n=int(data.get("exchanges", 0)))))
    weights = data.get("weights", {})
    per_kind = join_list(
        [f"{label(k, lang)} {_number(round(weights.get(k, 0.0), 2), lang)}" for k in KINDS], lang
    )
    lines.append(_esc(t("network.tip.weights", lang, weights=per_kind)))
    if view.kind != "countries":
        last = data.get("last_exchange")
        if last:
            lines.append(_esc(t("network.tip.last", lang, date=gregorian_and_jalali(last, lang))))
        for when, kind, title in recent.get(_pair_key(a, b), []):
            when_text = gregorian_and_jalali(when, lang) if when else t("date.unknown", lang)
            comma = LIST_SEPARATOR[lang]
            lines.append(f"• {_esc(title)} ({_esc(label(kind, lang))}{comma}{_esc(when_text)})")
    if not data.get("exchanges"):
        lines.append(f"<i>{_esc(t('network.legend.no_exchange', lang))}</i>")
    return in_reading_order("<br>".join(lines), lang)


def _legend_html(
    view: NetworkView,
    lang: str,
    colour_by: str,
    colour_entries: list[tuple[str, str]],
    kinds: tuple[str, ...],
) -> str:
    direction = "rtl" if lang == "fa" else "ltr"
    rows = [f'<summary class="cde-legend-title">{_esc(t("network.legend.title", lang))}</summary>']
    metric = t(f"network.metric.{view.metric}", lang)
    rows.append(f"<div>{_esc(t('network.legend.size', lang, metric=metric))}</div>")
    rows.append(
        f"<div class='cde-legend-head'>{_esc(t(f'network.colour.{colour_by}', lang))}</div>"
    )
    for entry, colour in colour_entries:
        rows.append(
            f'<div><span class="cde-dot" style="background:{colour}"></span>'
            f"{_legend_text(entry, view, lang)}</div>"
        )
    rows.append(f"<div class='cde-legend-head'>{_esc(t('network.legend.tie_colour', lang))}</div>")
    for kind in kinds:
        rows.append(
            f'<div><span class="cde-line" style="border-top-color:{KIND_COLOURS[kind]}"></span>'
            f"{_esc(label(kind, lang))}</div>"
        )
    rows.append(
        f'<div><span class="cde-line cde-dashed" style="border-top-color:{NO_EXCHANGE_COLOUR}">'
        f"</span>{_esc(t('network.legend.no_exchange', lang))}</div>"
    )
    width_key = "network.legend.width_ties" if view.width_attr == "ties" else "network.legend.width"
    rows.append(f"<div class='cde-note'>{_esc(t(width_key, lang))}</div>")
    rows.append(f"<div class='cde-note'>{_esc(t('network.legend.click', lang))}</div>")
    body = "".join(rows)
    return f'<details id="cde-legend" dir="{direction}" lang="{lang}" open>{body}</details>'


_STYLE = """
html, body { margin: 0; padding: 0; height: 100%; background: #ffffff; }
#mynetwork { width: 100% !important; height: 100vh !important; border: 0 !important;
  float: none !important; }
.card { border: 0; }
#cde-legend { position: fixed; top: 8px; inset-inline-end: 8px; max-width: 270px;
  background: rgba(255,255,255,0.93); border: 1px solid #cccccc; border-radius: 6px;
  padding: 8px 10px; font: 13px/1.5 Vazirmatn, Tahoma, sans-serif; color: #222222;
  z-index: 10; max-height: calc(100vh - 32px); overflow: auto; }
#cde-legend .cde-legend-title { font-weight: bold; font-size: 14px; cursor: pointer; }
#cde-legend .cde-legend-head { font-weight: bold; margin-top: 6px; }
#cde-legend .cde-note { color: #555555; font-size: 12px; margin-top: 6px; }
.cde-dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid #555555; margin-inline-end: 6px; vertical-align: middle; }
.cde-line { display: inline-block; width: 22px; border-top: 3px solid; margin-inline-end: 6px;
  vertical-align: middle; }
.cde-line.cde-dashed { border-top-style: dashed; }
div.vis-tooltip { font: 13px/1.5 Vazirmatn, Tahoma, sans-serif; white-space: normal;
  max-width: 360px; background: #ffffff; border: 1px solid #999999; color: #222222; }
/* wins over vis-network's own (later) "white-space: nowrap": long names wrap in the box */
body div.vis-tooltip { white-space: normal; overflow-wrap: anywhere; }
div.vis-tooltip[dir="rtl"], .cde-tip[dir="rtl"] { text-align: right; }
"""

# Runs after pyvis's drawGraph(): tooltips become DOM elements built from our escaped
# HTML (vis-network would show a string as raw text), and a click on a city fades every
# city and tie that is not its neighbour. Inline: nothing is loaded from anywhere.
_SCRIPT = """
(function () {
  var dir = %(dir)s;
  function asElement(markup) {
    var box = document.createElement("div");
    box.className = "cde-tip";
    box.setAttribute("dir", dir);
    box.innerHTML = markup;
    return box;
  }
  function withElements(dataset) {
    var changed = [];
    dataset.forEach(function (item) {
      if (typeof item.title === "string") {
        changed.push({id: item.id, title: asElement(item.title)});
      }
    });
    dataset.update(changed);
  }
  withElements(nodes);
  withElements(edges);
  var nodeColour = {}, edgeColour = {};
  nodes.forEach(function (n) { nodeColour[n.id] = n.color; });
  edges.forEach(function (e) { edgeColour[e.id] = e.color; });
  var faded = "rgba(200,200,200,0.35)";
  window.cdeHighlight = function (nodeId) {
    var near = {};
    if (nodeId !== null && nodeId !== undefined) {
      near[nodeId] = true;
      network.getConnectedNodes(nodeId).forEach(function (m) { near[m] = true; });
    }
    var all = nodeId === null || nodeId === undefined;
    nodes.update(nodes.map(function (n) {
      return {id: n.id, color: (all || near[n.id]) ? nodeColour[n.id] : faded};
    }));
    edges.update(edges.map(function (e) {
      var on = all || e.from === nodeId || e.to === nodeId;
      return {id: e.id, color: on ? edgeColour[e.id] : faded};
    }));
  };
  network.on("click", function (params) {
    window.cdeHighlight(params.nodes.length ? params.nodes[0] : null);
  });
  // a narrow frame keeps the drawing free: the legend starts folded
  var legend = document.getElementById("cde-legend");
  if (legend && window.innerWidth < 760) { legend.removeAttribute("open"); }
  // ready once drawn where it stays: an export's picture or a pointer aimed at a city
  // taken before then would see the drawing before it moved
  function ready() { window.cdeReady = true; }
  // an open legend covers a side of the canvas: shrink and shift the drawing beside it
  network.once("afterDrawing", function () {
    var frame = document.getElementById("mynetwork").clientWidth;
    if (!legend || !legend.open || !frame) { ready(); return; }
    var room = legend.getBoundingClientRect().width + 16;
    var spots = Object.values(network.getPositions());
    if (room > frame * 0.45 || !spots.length) { ready(); return; }
    var xs = spots.map(function (p) { return p.x; });
    var ys = spots.map(function (p) { return p.y; });
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs);
    var top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var scale = network.getScale();
    var wide = (right - left) * scale + 60;  // drawn width, with room for labels
    scale = scale * Math.min(1, (frame - room) / wide);
    var shift = room / 2 / scale * (dir === "rtl" ? -1 : 1);
    network.moveTo({
      position: {x: (left + right) / 2 + shift, y: (top + bottom) / 2},
      scale: scale,
    });
    network.once("afterDrawing", ready);
  });
  if (document.fonts && document.fonts.ready) {
    document.fonts.ready.then(function () { network.redraw(); });
  }
})();
"""


@dataclass(frozen=True)
class NodeStyle:
    """How the network view draws a node: ``colour`` (``#rrggbb``), ``size`` (pixels,
    the centre of an ego network 1.2 times its metric's size), ``group`` (its community,
    from 0, when coloured by community)."""

    colour: str
    size: float
    group: int | None = None


@dataclass(frozen=True)
class EdgeStyle:
    """How the network view draws a tie: ``kind`` (its dominant kind of exchange, None
    without weight), ``colour`` (that kind's, or grey), ``width`` (pixels, from its
    weight) and ``dashed`` (no exchange recorded)."""

    kind: str | None
    colour: str
    width: float
    dashed: bool


def _groups(view: NetworkView, colour_by: str) -> dict[Any, int]:
    if colour_by != "community":
        return {}
    weight = "ties" if view.kind == "countries" else None
    return communities(view.graph, weight=weight, seed=COMMUNITY_SEED)


def node_styles(
    view: NetworkView, colour_by: str = "community", groups: Mapping[Any, int] | None = None
) -> dict[Any, NodeStyle]:
    """Every node's colour and size as the network view draws them (HTML, PNG, GEXF).

    ``groups`` are the communities when already computed (``colour_by="community"``).
    """
    check_choice(colour_by, COLOUR_BY, "colouring")
    groups = _groups(view, colour_by) if groups is None else groups
    colours, _ = _node_colours(view, colour_by, groups)
    top_metric = max(view.metric_values.values(), default=0.0)
    styles = {}
    for node in view.graph.nodes:
        size = _scaled(view.metric_values.get(node, 0.0), top_metric, MIN_NODE_SIZE, MAX_NODE_SIZE)
        styles[node] = NodeStyle(
            colour=colours.get(node, OTHER_COMMUNITY_COLOUR),
            size=round(size * (1.2 if node == view.centre else 1.0), 2),
            group=groups.get(node),
        )
    return styles


def edge_styles(view: NetworkView, kinds: Iterable[str] = KINDS) -> dict[tuple, EdgeStyle]:
    """Every tie's colour, width and dash as the network view draws them, keyed by its
    (a, b) as ``view.graph.edges`` gives them."""
    kinds = tuple(kinds) or KINDS
    graph = view.graph
    widths = [float(d.get(view.width_attr, 0.0) or 0.0) for _, _, d in graph.edges(data=True)]
    top_width = max(widths, default=0.0)
    styles = {}
    for a, b, data in graph.edges(data=True):
        dominant = _dominant_kind(data.get("weights", {}), kinds)
        styles[(a, b)] = EdgeStyle(
            kind=dominant,
            colour=KIND_COLOURS[dominant] if dominant else NO_EXCHANGE_COLOUR,
            width=_scaled(
                float(data.get(view.width_attr, 0.0) or 0.0),
                top_width,
                MIN_EDGE_WIDTH,
                MAX_EDGE_WIDTH,
            ),
            dashed=not data.get("exchanges"),
        )
    return styles


def network_html(
    view: NetworkView,
    lang: str = "fa",
    colour_by: str = "community",
    positions: Mapping[Any, tuple[float, float]] | None = None,
    kinds: Iterable[str] = KINDS,
    physics: bool = False,
    exchanges: pd.DataFrame | None = None,
    title: str = "",
) -> str:
    """The standalone HTML page of ``view``: no request leaves the machine.

    ``positions`` (canvas pixels, e.g. from :func:`layout_positions`) fix where nodes
    are drawn; without them vis-network's physics places them. ``physics`` lets nodes
    move and is refused above :data:`PHYSICS_NODE_LIMIT` nodes. ``exchanges`` (the
    store's exchanges table) adds a tie's latest exchange titles to its tooltip.
    ``kinds`` are the selected kinds of exchange (dominant-kind colour).
    """
    from pyvis.network import Network  # imported here: only this view needs pyvis

    check_choice(colour_by, COLOUR_BY, "colouring")
    kinds = tuple(kinds) or KINDS
    graph = view.graph
    if physics and graph.number_of_nodes() > PHYSICS_NODE_LIMIT:
        raise ValueError(
            f"physics is only offered up to {PHYSICS_NODE_LIMIT} cities; this view has "
            f"{graph.number_of_nodes()}: use the computed layout"
        )
    groups = _groups(view, colour_by)
    _, entries = _node_colours(view, colour_by, groups)
    net = Network(height="100vh", width="100%", cdn_resources="in_line", bgcolor="#ffffff")
    net.heading = ""
    _add_nodes(net, view, lang, groups, node_styles(view, colour_by, groups), positions)
    recent = _recent_titles(exchanges) if view.kind != "countries" else {}
    _add_edges(net, view, lang, kinds, recent)
    net.options = _options(physics, positions is not None)
    page = net.generate_html(notebook=False)
    legend = _legend_html(view, lang, colour_by, entries, kinds)
    return _finished_page(page, lang, title, legend)


def _add_nodes(
    net: Any,
    view: NetworkView,
    lang: str,
    groups: Mapping[Any, int],
    styles: Mapping[Any, NodeStyle],
    positions: Mapping[Any, tuple[float, float]] | None,
) -> None:
    """Every node, in name order: sized by the metric, labelled when among the largest;
    ``groups`` (empty unless coloured by community) adds the community to the tooltip."""
    graph = view.graph
    metric_label = t(f"network.metric.{view.metric}", lang)
    ranked = sorted(graph.nodes, key=lambda n: (-view.metric_values.get(n, 0.0), str(n)))
    labelled = set(ranked[:LABELLED_NODES]) | {view.centre}
    for node in sorted(graph.nodes, key=str):
        data = graph.nodes[node]
        group = ""
        if node in groups:
            group = _esc(t("network.tip.community", lang, n=groups[node] + 1))
        extra: dict[str, Any] = {}
        if positions is not None and node in positions:
            extra["x"], extra["y"] = positions[node]
        is_centre = node == view.centre
        net.add_node(
            str(node),
            label=city_name(data, lang) if node in labelled else " ",
            title=_node_tooltip(view, node, lang, metric_label, group),
            color=styles[node].colour,
            size=styles[node].size,
            borderWidth=4 if is_centre else 1,
            shape="dot",
            **extra,
        )


def _add_edges(
    net: Any, view: NetworkView, lang: str, kinds: tuple[str, ...], recent: dict
) -> None:
    """Every tie: coloured by its dominant kind, as wide as its weight, dashed if idle."""
    styles = edge_styles(view, kinds)
    for a, b in sorted(view.graph.edges, key=lambda e: (str(e[0]), str(e[1]))):
        style = styles[(a, b)]
        # appended directly: pyvis's add_edge scans every edge for a duplicate (quadratic)
        net.edges.append(
            {
                "from": str(a),
                "to": str(b),
                "title": _edge_tooltip(view, a, b, lang, kinds, recent),
                "color": style.colour if style.kind else NO_EXCHANGE_EDGE,
                "width": style.width,
                "dashes": style.dashed,
            }
        )


def _finished_page(page: str, lang: str, title: str, legend: str) -> str:
    """pyvis's page made offline and ours: no CDN tags, our style, title, legend, script."""
    page = _EMPTY_HEADING.sub("", strip_remote_tags(page))
    style = f"<style>{font_face_css()}{_STYLE}</style>"
    page_title = f"<title>{_esc(title or t('network.title', lang))}</title>"
    page = page.replace("<head>", f"<head>\n{page_title}\n{style}", 1)
    page = re.sub(r"<html>", f'<html lang="{lang}">', page, count=1)
    script = _SCRIPT % {"dir": json.dumps("rtl" if lang == "fa" else "ltr")}
    tail = f"{legend}\n<script>{script}</script>\n</body>"
    head, sep, rest = page.rpartition("</body>")
    return head + tail + rest if sep else page + tail


def _options(physics: bool, positioned: bool) -> dict[str, Any]:
    return {
        "nodes": {
            "font": {
                "face": FONT_FAMILY,
                "size": 15,
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "color": "#222222",
            },
            "borderWidthSelected": 4,
            "color": {"border": "#333333"},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": True,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": bool(physics or not positioned),
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
    }
