"""City labels placed on a map without overlap, with leader lines where cities crowd.

:func:`place_labels` is the one placer every map uses (the Map page's plotly figure and its
PNG, PDF, PPTX and GIF exports; any other renderer can take its result too). It works in
the picture's pixels: each city is projected as plotly draws it (Natural Earth or
orthographic, :func:`project`), every label is a box of the text's estimated size, and
labels are placed one by one in priority order:

1. beside the city's own marker, in the first of eight positions that overlaps no label
   placed before and no other city's marker;
2. otherwise further out, on rings up to :data:`REACH` pixels away, joined to its city by
   a thin leader line (Europe, the Persian Gulf);
3. otherwise it is left out, unless it is one that must show (the selected city), which
   then takes its first position beside the marker whatever it covers.

The result gives each label's anchor in longitude and latitude (just outside its city's
marker, or at the far end of its leader line), plotly's ``textposition`` there, and
whether a leader line is drawn. This module never imports
streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.settings import default

__all__ = ["Canvas", "PlacedLabel", "label_box", "place_labels", "project", "unproject"]

REACH = default("map_label_reach_px")
GAP = default("map_label_gap_px")
CHAR_WIDTH = default("map_label_char_width")  # Vazirmatn bold, Latin and Persian alike
LINE_HEIGHT = default("map_label_line_height")
_NEAR = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "top left",
    "bottom right",
    "bottom left",
)


@dataclass(frozen=True)
class Canvas:
    """The picture a map is drawn in: its plot area in pixels, the projection and the part
    of the world shown (plotly's lon/lat axis ranges, or the globe's centre)."""

    width: float
    height: float
    projection: str = "natural_earth"  # or "orthographic"
    lon_range: tuple[float, float] = (-180.0, 180.0)
    lat_range: tuple[float, float] = (-90.0, 90.0)
    centre: tuple[float, float] = (0.0, 0.0)  # orthographic only

    def _unit(self, lon: float, lat: float) -> tuple[float, float]:
        return project(lon, lat, self.projection, self.centre)

    def _frame(self) -> tuple[float, float, float, float]:
        """Scale and offsets fitting the shown part of the world into the plot area."""
        if self.projection == "orthographic":
            span = 2.0
            scale = min(self.width, self.height) / span
            return scale, self.width / 2, self.height / 2, 0.0
        lon0, lon1 = self.lon_range
        lat0, lat1 = self.lat_range
        xs, ys = [], []
        for i in range(9):
            lon = lon0 + (lon1 - lon0) * i / 8
            for lat in (lat0, lat1, (lat0 + lat1) / 2, 0.0 if lat0 < 0 < lat1 else lat0):
                x, y = self._unit(lon, lat)
                xs.append(x)
                ys.append(y)
        bw, bh = max(xs) - min(xs), max(ys) - min(ys)
        scale = min(self.width / bw, self.height / bh)
        cx = self.width / 2 - scale * (min(xs) + max(xs)) / 2
        cy = self.height / 2 + scale * (min(ys) + max(ys)) / 2
        return scale, cx, cy, 0.0

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixel position (x right, y down) of a point."""
        scale, cx, cy, _ = self._frame()
        x, y = self._unit(lon, lat)
        return cx + scale * x, cy - scale * y

    def to_lonlat(self, x: float, y: float) -> tuple[float, float]:
        """The point drawn at pixel ``(x, y)``."""
        scale, cx, cy, _ = self._frame()
        return unproject((x - cx) / scale, (cy - y) / scale, self.projection, self.centre)


def project(lon: float, lat: float, projection: str, centre=(0.0, 0.0)) -> tuple[float, float]:
    """A point in projected units: Natural Earth (Šavrič et al. 2011, the polynomial d3 and
    plotly use) or orthographic around ``centre``.

    >>> [round(v, 4) for v in project(0, 0, "natural_earth")]
    [0.0, 0.0]
    >>> round(project(180, 0, "natural_earth")[0], 4)
    2.7354
    """
    lam, phi = math.radians(lon), math.radians(lat)
    if projection == "orthographic":
        lam0, phi0 = math.radians(centre[0]), math.radians(centre[1])
        x = math.cos(phi) * math.sin(lam - lam0)
        y = math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam - lam0)
        return x, y
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def unproject(x: float, y: float, projection: str, centre=(0.0, 0.0)) -> tuple[float, float]:
    """The inverse of :func:`project` (Newton's method for Natural Earth's latitude).

    >>> [round(v, 6) for v in unproject(*project(12.5, 41.9, "natural_earth"), "natural_earth")]
    [12.5, 41.9]
    """
    if projection == "orthographic":
        lam0, phi0 = math.radians(centre[0]), math.radians(centre[1])
        rho = math.hypot(x, y)
        if rho < 1e-12:
            return centre[0], centre[1]
        c = math.asin(min(rho, 1.0))
        phi = math.asin(math.cos(c) * math.sin(phi0) + y * math.sin(c) * math.cos(phi0) / rho)
        lam = lam0 + math.atan2(
            x * math.sin(c), rho * math.cos(phi0) * math.cos(c) - y * math.sin(phi0) * math.sin(c)
        )
        return math.degrees(lam), math.degrees(phi)
    phi = y
    for _ in range(25):
        p2 = phi * phi
        p4 = p2 * p2
        fy = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
        dy = 1.007226 + p2 * (
            3 * 0.015085 + p4 * (-7 * 0.044475 + 9 * 0.028874 * p2 - 11 * 0.005916 * p4)
        )
        step = (fy - y) / dy
        phi -= step
        if abs(step) < 1e-12:
            break
    p2 = phi * phi
    p4 = p2 * p2
    k = 0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4))
    return math.degrees(x / k), math.degrees(phi)


@dataclass(frozen=True)
class PlacedLabel:
    """One label as placed: its city, text, anchor (lon, lat), plotly ``textposition`` at
    the anchor, whether a leader line joins it to the city, and its box in pixels."""

    id: str
    text: str
    lon: float
    lat: float
    anchor_lon: float
    anchor_lat: float
    position: str
    leader: bool
    box: tuple[float, float, float, float]


def label_box(
    x: float, y: float, position: str, width: float, height: float, gap: float
) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) of a ``width`` x ``height`` label placed at ``position``
    of the point ``(x, y)`` (plotly's ``textposition``), ``gap`` pixels away.

    >>> label_box(100, 100, "middle right", 40, 10, 2)
    (102, 95.0, 142, 105.0)
    """
    vertical, horizontal = position.split()
    if horizontal == "right":
        x0 = x + gap
    elif horizontal == "left":
        x0 = x - gap - width
    else:
        x0 = x - width / 2
    if vertical == "top":
        y0 = y - gap - height
    elif vertical == "bottom":
        y0 = y + gap
    else:
        y0 = y - height / 2
    return x0, y0, x0 + width, y0 + height


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _hits_marker(box: tuple[float, ...], markers: Iterable[tuple[float, float, float]]) -> bool:
    for mx, my, r in markers:
        nx = min(max(mx, box[0]), box[2])
        ny = min(max(my, box[1]), box[3])
        if (nx - mx) ** 2 + (ny - my) ** 2 < r * r:
            return True
    return False


def _outward(angle: float) -> str:
    """The ``textposition`` of a label standing out from its city at ``angle`` (screen)."""
    dx, dy = math.cos(angle), math.sin(angle)
    horizontal = "right" if dx > 0.38 else "left" if dx < -0.38 else "center"
    vertical = "bottom" if dy > 0.38 else "top" if dy < -0.38 else "middle"
    return f"{vertical} {horizontal}"


def place_labels(
    cities: Sequence[dict],
    canvas: Canvas,
    font_px: float,
    keep: Iterable[str] = (),
    markers: Sequence[dict] = (),
    reach: float = REACH,
) -> list[PlacedLabel]:
    """Place the labels of ``cities`` (dicts with ``id``, ``lon``, ``lat``, ``text`` and
    optionally ``radius``, the marker's radius in pixels) in the given order, which is
    the priority: a label that does not fit is dropped, except those whose id is in
    ``keep`` (always placed, first). ``markers`` are other marker circles labels must not
    cover (dicts with ``lon``, ``lat``, ``radius``). Returns the placed labels."""
    keep = set(keep)
    ordered = [c for c in cities if c["id"] in keep] + [c for c in cities if c["id"] not in keep]
    circles = []
    for m in [*cities, *markers]:
        x, y = canvas.to_px(m["lon"], m["lat"])
        circles.append((x, y, float(m.get("radius", 4.0))))
    boxes: list[tuple[float, float, float, float]] = []
    placed: list[PlacedLabel] = []
    inside = (0.0, 0.0, canvas.width, canvas.height)
    for city in ordered:
        x, y = canvas.to_px(city["lon"], city["lat"])
        radius = float(city.get("radius", 4.0))
        width = max(len(city["text"]), 1) * font_px * CHAR_WIDTH
        height = font_px * LINE_HEIGHT
        others = [c for c in circles if abs(c[0] - x) > 0.5 or abs(c[1] - y) > 0.5]

        def free(box: tuple[float, float, float, float], others=others) -> bool:
            return (
                box[0] >= inside[0]
                and box[1] >= inside[1]
                and box[2] <= inside[2]
                and box[3] <= inside[3]
                and not any(_overlaps(box, b) for b in boxes)
                and not _hits_marker(box, others)
            )

        choice = None
        for position in _NEAR:
            ax, ay = _beside(x, y, position, radius)
            box = label_box(ax, ay, position, width, height, GAP)
            if free(box):
                choice = (ax, ay, position, False, box)
                break
        if choice is None:
            choice = _far_place(x, y, width, height, reach, free)
        if choice is None and city["id"] in keep:
            position = _NEAR[0]
            ax, ay = _beside(x, y, position, radius)
            choice = (ax, ay, position, False, label_box(ax, ay, position, width, height, GAP))
        if choice is None:
            continue
        ax, ay, position, leader, box = choice
        anchor = canvas.to_lonlat(ax, ay)
        boxes.append(box)
        placed.append(
            PlacedLabel(
                str(city["id"]),
                city["text"],
                city["lon"],
                city["lat"],
                anchor[0],
                anchor[1],
                position,
                leader,
                box,
            )
        )
    return placed


def _beside(x: float, y: float, position: str, radius: float) -> tuple[float, float]:
    """The anchor of a label at ``position`` just outside a marker of ``radius`` at
    ``(x, y)`` (plotly sets a text-only point's label right against the point)."""
    vertical, horizontal = position.split()
    dx = {"right": 1.0, "left": -1.0}.get(horizontal, 0.0)
    dy = {"bottom": 1.0, "top": -1.0}.get(vertical, 0.0)
    if dx and dy:
        dx, dy = dx * 0.71, dy * 0.71
    return x + dx * radius, y + dy * radius


def _far_place(x, y, width, height, reach, free):
    """The nearest free spot on rings around ``(x, y)``, up to ``reach`` pixels out."""
    step = max(height, 12.0)
    radius = step * 1.5
    while radius <= reach:
        for k in range(24):
            # Start from straight out to the side and sweep both ways.
            angle = (k // 2) * (math.pi / 12) * (1 if k % 2 == 0 else -1)
            for base in (0.0, math.pi):
                a = base + angle
                ax, ay = x + radius * math.cos(a), y + radius * math.sin(a)
                position = _outward(a)
                box = label_box(ax, ay, position, width, height, GAP)
                if free(box):
                    return ax, ay, position, True, box
        radius += step
    return None
