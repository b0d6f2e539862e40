"""City labels: placed without overlap, with leader lines where cities crowd, the selected
city's always shown, and a stated rule for wider maps."""

from __future__ import annotations

import networkx as nx

from graph.analysis.map_filter import MapView
from graph.i18n import t
from graph.i18n.bidi import plain
from graph.views.labels import Canvas, place_labels, project, unproject
from graph.views.map import LABELLED_CITIES, map_figure

EUROPE = [  # crowded at world scale
    ("Paris", 2.35, 48.86),
    ("London", -0.13, 51.51),
    ("Brussels", 4.35, 50.85),
    ("Amsterdam", 4.90, 52.37),
    ("Vienna", 16.37, 48.21),
    ("Budapest", 19.04, 47.50),
    ("Milan", 9.19, 45.46),
    ("Berlin", 13.40, 52.52),
    ("Prague", 14.42, 50.08),
    ("Zagreb", 15.98, 45.81),
]
WORLD = Canvas(1920, 820)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_crowded_labels_do_not_overlap_and_get_leader_lines():
    cities = [{"id": n, "lon": x, "lat": y, "text": n} for n, x, y in EUROPE]
    placed = place_labels(cities, WORLD, font_px=19)
    assert {p.id for p in placed} == {n for n, _, _ in EUROPE}
    boxes = [p.box for p in placed]
    assert not any(_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert any(p.leader for p in placed)
    for p in placed:  # a label never covers another city's marker
        for q in placed:
            x, y = WORLD.to_px(q.lon, q.lat)
            inside = p.box[0] < x < p.box[2] and p.box[1] < y < p.box[3]
            assert not inside or p.id == q.id, (p.id, q.id)


def test_the_city_that_must_show_is_placed_first_and_beside_its_marker():
    cities = [{"id": n, "lon": x, "lat": y, "text": n * 3} for n, x, y in EUROPE]
    placed = place_labels(cities[::-1], WORLD, font_px=19, keep=["Paris"], reach=0)
    assert placed[0].id == "Paris" and not placed[0].leader


def test_projection_round_trips():
    for projection, centre in (("natural_earth", (0, 0)), ("orthographic", (51.4, 35.7))):
        for lon, lat in ((51.4, 35.7), (-0.1, 51.5), (44.4, 33.3)):
            back = unproject(*project(lon, lat, projection, centre), projection, centre)
            assert abs(back[0] - lon) < 1e-6 and abs(back[1] - lat) < 1e-6


def _star(n: int) -> nx.Graph:
    g = nx.Graph()
    g.add_node("THR", name_en="Tehran", name_fa="تهران", lon=51.39, lat=35.69, iranian=True)
    for i, (name, lon, lat) in enumerate(EUROPE[:n]):
        g.add_node(name, name_en=name, lon=lon, lat=lat, iranian=False, country="X")
        g.add_edge(
            "THR", name, relation="sister", status="signed", evidence="official", since=2000 + i
        )
    return g


def _labels(fig):
    return next(tr for tr in fig.data if tr.mode == "lines+text")


def test_a_map_of_one_citys_partners_names_every_partner_and_the_city():
    fig = map_figure(_star(10), MapView(city="THR", lang="fa"))
    labels = _labels(fig)
    named = {plain(x) for x in labels.text if x}
    assert named == {"تهران", *(n for n, _, _ in EUROPE)}
    assert labels.name == t("mapview.legend.labels_all", "fa")


def test_a_wider_map_names_the_most_tied_cities_by_its_stated_rule():
    g = _star(10)
    g.add_node("ISF", name_en="Isfahan", lon=51.67, lat=32.65, iranian=True)
    g.add_edge("ISF", "Paris", relation="sister", status="signed", evidence="official")
    fig = map_figure(g, MapView(lang="en"))
    labels = _labels(fig)
    named = [plain(x) for x in labels.text if x]
    assert 0 < len(named) <= LABELLED_CITIES
    assert named[0] == "Tehran"  # most ties first
    assert labels.name == t("mapview.legend.labels_top", "en", n=len(named))
