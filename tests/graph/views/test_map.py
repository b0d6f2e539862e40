"""The Map page's figure, filters and shareable view (graph/views/map.py), on hand-made ties
and on the real seeded store; plus ``python -m graph render map``."""

from __future__ import annotations

import os
import re
from dataclasses import fields

import networkx as nx
import numpy as np
import pytest

from graph.analysis.map_filter import REGIONS, MapView, aggregate_countries, filter_graph
from graph.analysis.overview import KIND_ORDER
from graph.cli.main import main
from graph.exports.images import RenderError, write_map
from graph.i18n.bidi import plain
from graph.places.geo import km_between
from graph.views.map import WEIGHT_CLASSES, great_circle_arcs, map_figure, midpoints
from graph.views.style import GEO_LAYERS

HOSTILE = "<img src=x onerror=alert(1)>"
ZERO = dict.fromkeys(KIND_ORDER, 0)


def _tie(**attrs) -> dict:
    counts = {**ZERO, **attrs.pop("counts", {})}
    weights = {k: float(v) for k, v in {**ZERO, **attrs.pop("weights", {})}.items()}
    base = {
        "relation": "sister",
        "status": "signed",
        "since": 2000,
        "evidence": "official",
        "unverified": False,
        "one_sided": False,
        "weights": weights,
        "exchanges": sum(counts.values()),
        "exchanges_by_kind": counts,
        "last_exchange": "2020-05" if sum(counts.values()) else None,
        "routes": 0,
    }
    return {**base, **attrs}


def _city(name: str, country: str, lon: float, lat: float, fa: str | None = None) -> dict:
    return {
        "name_en": name,
        "name_fa": fa,
        "country": country,
        "lon": lon,
        "lat": lat,
        "population": 1000,
        "iranian": country == "IR",
    }


@pytest.fixture
def small() -> nx.Graph:
    """Tehran and Isfahan with five foreign partners, one tie of each filterable sort."""
    g = nx.Graph()
    g.add_node("THR", **_city("Tehran", "IR", 51.4, 35.7, "تهران"))
    g.add_node("ISF", **_city("Isfahan", "IR", 51.7, 32.6, "اصفهان"))
    g.add_node("MOW", **_city("Moscow", "RU", 37.6, 55.8))
    g.add_node("PEK", **_city("Beijing", "CN", 116.4, 39.9))
    g.add_node("CCS", **_city("Caracas", "VE", -66.9, 10.5))
    g.add_node("BAD", **_city(HOSTILE, "XX", 10.0, 10.0))
    g.add_node("HAV", **_city("Havana", "CU", -82.4, 23.1))
    g.add_edge("THR", "MOW", **_tie(counts={"technical": 4}, weights={"technical": 4.0}))
    g.add_edge("THR", "PEK", **_tie(counts={"cultural": 1}, weights={"cultural": 0.5}))
    g.add_edge("THR", "CCS", **_tie(relation="friendship", since=None))
    g.add_edge(
        "ISF", "BAD", **_tie(evidence="wikidata", unverified=True, status="proposed", since=2015)
    )
    g.add_edge("ISF", "HAV", **_tie(evidence="wikidata", unverified=True, one_sided=True))
    return g


def _edges(g: nx.Graph) -> set[frozenset]:
    return {frozenset(e) for e in g.edges}


def _pairs(*pairs: str) -> set[frozenset]:
    return {frozenset(p.split("-")) for p in pairs}


# --- geometry ---------------------------------------------------------------------------


def test_arc_midpoint_on_the_equator_and_a_meridian() -> None:
    lons, lats = great_circle_arcs(np.array([[0.0, 0.0]]), np.array([[90.0, 0.0]]), n=2)
    assert lons[1] == pytest.approx(45.0) and lats[1] == pytest.approx(0.0)
    lons, lats = great_circle_arcs(np.array([[10.0, 0.0]]), np.array([[10.0, 60.0]]), n=2)
    assert lons[1] == pytest.approx(10.0) and lats[1] == pytest.approx(30.0)


def test_arc_midpoint_is_halfway_along_the_great_circle() -> None:
    # Tehran to New York: the middle of the great circle lies far north of both ends.
    start, end = (51.4, 35.7), (-74.0, 40.7)
    lon, lat = midpoints(np.array([start]), np.array([end]))
    half = km_between(*start, *end) / 2
    assert km_between(*start, lon[0], lat[0]) == pytest.approx(half, rel=1e-6)
    assert km_between(lon[0], lat[0], *end) == pytest.approx(half, rel=1e-6)
    assert lat[0] > 55  # over Scandinavia and Greenland, far north of both ends


def test_arcs_are_cut_at_the_antimeridian() -> None:
    # Tokyo to San Francisco crosses longitude 180 over the Pacific.
    lons, lats = great_circle_arcs(np.array([[139.7, 35.7]]), np.array([[-122.4, 37.8]]), n=16)
    finite = ~np.isnan(lons)
    # No drawn segment jumps across the map.
    for i in range(1, len(lons)):
        if finite[i] and finite[i - 1]:
            assert abs(lons[i] - lons[i - 1]) < 180
    # The arc is split in two pieces that meet at ±180 degrees.
    assert np.isnan(lons).sum() == 2
    assert 180.0 in np.abs(lons[finite]).round(6)
    # An arc that stays on one side is not split.
    lons, _ = great_circle_arcs(np.array([[51.4, 35.7]]), np.array([[37.6, 55.8]]), n=16)
    assert np.isnan(lons).sum() == 1 and len(lons) == 18


def test_regions_are_valid_ranges() -> None:
    assert set(REGIONS) == {"world", "middle_east", "europe", "east_asia", "africa", "americas"}
    for (lon0, lon1), (lat0, lat1) in REGIONS.values():
        assert -180 <= lon0 < lon1 <= 180 and -90 <= lat0 < lat1 <= 90
    # Tehran is in the Middle East preset, Paris in Europe's, Lima in the Americas'.
    for region, (lon, lat) in {
        "middle_east": (51.4, 35.7),
        "europe": (2.35, 48.85),
        "americas": (-77.0, -12.0),
        "east_asia": (139.7, 35.7),
        "africa": (36.8, -1.3),
    }.items():
        (lon0, lon1), (lat0, lat1) = REGIONS[region]
        assert lon0 <= lon <= lon1 and lat0 <= lat <= lat1, region


def test_region_and_projection_reach_the_figure(small) -> None:
    fig = map_figure(small, MapView(region="europe"))
    assert list(fig.layout.geo.lonaxis.range) == list(REGIONS["europe"][0])
    assert list(fig.layout.geo.lataxis.range) == list(REGIONS["europe"][1])
    assert fig.layout.geo.projection.type == "natural earth"
    globe = map_figure(small, MapView(projection="orthographic", city="MOW"))
    assert globe.layout.geo.projection.type == "orthographic"
    assert globe.layout.geo.projection.rotation.lon == pytest.approx(37.6)
    assert globe.layout.geo.projection.rotation.lat == pytest.approx(55.8)


# --- the figure -------------------------------------------------------------------------


def _random_graph(ties: int, seed: int = 1) -> nx.Graph:
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    for i in range(ties + 1):
        g.add_node(
            f"c{i}",
            **_city(
                f"City {i}", "IR" if i % 7 == 0 else "FR", *rng.uniform((-180, -60), (180, 70))
            ),
        )
    for i in range(ties):
        kind = KIND_ORDER[i % 3]
        weight = float(rng.choice([0, 0.5, 2, 5]))
        counts = {kind: 1} if weight else {}
        g.add_edge(f"c{i}", f"c{i + 1}", **_tie(counts=counts, weights={kind: weight}))
    return g


def test_trace_count_does_not_grow_with_the_ties() -> None:
    counts = {len(map_figure(_random_graph(n), MapView()).data) for n in (0, 3, 40, 2500)}
    assert counts == {1 + 1 + len(KIND_ORDER) * len(WEIGHT_CLASSES) + 1 + 2 + 1 + 1}


def test_every_tie_is_drawn_in_its_kind_and_width_class(small) -> None:
    fig = map_figure(small, MapView(lang="en"))
    arcs = {}
    for trace in fig.data:
        if trace.mode == "lines" and trace.fill != "toself" and trace.lon is not None:
            drawn = int(np.isnan(np.asarray(trace.lon, dtype=float)).sum())
            if drawn:
                arcs[(trace.name, trace.line.width)] = drawn
    # One NaN closes each arc (none of these crosses the antimeridian).
    assert sum(arcs.values()) == small.number_of_edges()
    # Tehran-Moscow (technical weight 4) is thick, Tehran-Beijing (cultural 0.5) thin.
    assert arcs[("Technical", max(w for n, w in arcs if n == "Technical"))] == 1
    technical = [w for n, w in arcs if n == "Technical"]
    cultural = [w for n, w in arcs if n == "Cultural"]
    assert technical and cultural and max(technical) > max(cultural)
    assert arcs[("No recorded exchange", 0.8)] == 3


def test_figure_is_offline(small) -> None:
    fig = map_figure(small, MapView())
    for layer in GEO_LAYERS:
        assert fig.layout.geo[layer] is False, layer
    for trace in fig.data:
        assert trace.locations is None and trace.locationmode is None


def test_hover_text_is_escaped(small) -> None:
    for lang in ("fa", "en"):
        fig = map_figure(small, MapView(lang=lang))
        texts = [
            plain(str(x))
            for trace in fig.data
            for x in list(trace.hovertext or ()) + list(trace.text or ())
            if x is not None
        ]
        assert any("&lt;img src=x onerror=alert(1)&gt;" in x for x in texts), lang
        assert not any(HOSTILE in x for x in texts), lang


def test_tie_hover_has_the_whole_story(small) -> None:
    fig = map_figure(small, MapView(lang="en"))
    texts = [str(x) for trace in fig.data for x in (trace.hovertext or ())]
    moscow = next(x for x in texts if "Tehran – Moscow" in x)
    for part in (
        "Sister city",
        "2000 (1379 SH)",
        "Signed",
        "Official",
        "Technical 4",
        "Last exchange",
        "Direct air routes",
    ):
        assert part in moscow, part
    fa = [str(x) for tr in map_figure(small, MapView(lang="fa")).data for x in (tr.hovertext or ())]
    assert any("تهران" in x and "۱۳۷۹" in x for x in fa)


def test_legend_is_in_the_reader_language(small) -> None:
    for lang, word in (("fa", "همکاری فنی"), ("en", "Technical")):
        names = {t.name for t in map_figure(small, MapView(lang=lang)).data if t.showlegend}
        assert word in names, (lang, names)


def test_selected_city_is_ringed_and_labelled(small) -> None:
    fig = map_figure(small, MapView(city="CCS", lang="en"))
    ring = [t for t in fig.data if t.customdata is not None and list(t.customdata) == ["CCS"]]
    assert ring
    labels = [t for t in fig.data if t.mode == "lines+text"][0]
    assert "Caracas" in [plain(x) for x in labels.text]


def test_cities_carry_their_id_for_click_selection(small) -> None:
    fig = map_figure(small, MapView())
    ids = {c for t in fig.data if t.mode == "markers" for c in (t.customdata or ())}
    assert {"THR", "ISF", "MOW"} <= ids


def test_a_district_at_its_city_point_does_not_take_the_city_marker(small) -> None:
    # Tehran District 12 lies on Tehran's point; the smaller marker would catch the click.
    small.add_node("D12", **_city("Tehran District 12", "IR", 51.4, 35.7))
    small.add_edge("D12", "PEK", **_tie())
    fig = map_figure(small, MapView())
    markers = [t for t in fig.data if t.mode == "markers" and t.customdata]
    ids = [c for t in markers for c in t.customdata]
    assert "THR" in ids and "D12" not in ids
    assert any("D12" in e for e in _edges(small))  # its tie is still drawn


# --- filters ----------------------------------------------------------------------------


def test_default_view_hides_only_one_sided_claims(small) -> None:
    assert _edges(filter_graph(small, MapView())) == _pairs(
        "THR-MOW", "THR-PEK", "THR-CCS", "ISF-BAD"
    )


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (MapView(include_one_sided=True), ["THR-MOW", "THR-PEK", "THR-CCS", "ISF-BAD", "ISF-HAV"]),
        (
            MapView(include_unverified=False, include_one_sided=True),
            ["THR-MOW", "THR-PEK", "THR-CCS"],
        ),
        (MapView(kinds=("technical",)), ["THR-MOW"]),
        (MapView(relations=("friendship",)), ["THR-CCS"]),
        (MapView(statuses=("proposed",)), ["ISF-BAD"]),
        (MapView(evidence=("wikidata",)), ["ISF-BAD"]),
        (MapView(year_from=2010), ["THR-CCS", "ISF-BAD"]),
        (MapView(year_to=2010, undated=False), ["THR-MOW", "THR-PEK"]),
        (MapView(year=2005), ["THR-MOW", "THR-PEK", "THR-CCS"]),
        (MapView(iran_cities=("ISF",)), ["ISF-BAD"]),
        (MapView(min_weight=1.0), ["THR-MOW"]),
        (MapView(min_weight=0.2, kinds=("cultural",)), ["THR-PEK"]),
    ],
)
def test_each_filter_changes_the_ties(small, view, expected) -> None:
    assert _edges(filter_graph(small, view)) == _pairs(*expected)


def test_filtered_graph_keeps_only_the_cities_at_the_ends(small) -> None:
    shown = filter_graph(small, MapView(iran_cities=("ISF",)))
    assert set(shown.nodes) == {"ISF", "BAD"}
    assert shown.nodes["BAD"]["country"] == "XX"


def test_country_view(small) -> None:
    countries = aggregate_countries(small)
    assert set(countries.nodes) == {"IR", "RU", "CN", "VE", "XX", "CU"}
    assert countries.edges["IR", "RU"]["ties"] == 1
    fig = map_figure(small, MapView(aggregate=True, lang="en"))
    assert len(fig.data) == len(map_figure(small, MapView()).data)
    assert any("Ties: 1" in str(x) for t in fig.data for x in (t.hovertext or ()))


# --- the shareable view -----------------------------------------------------------------


def test_view_round_trips_through_the_url() -> None:
    view = MapView(
        kinds=("technical", "transit"),
        relations=("sister",),
        statuses=("signed", "proposed"),
        evidence=("official", "news"),
        include_unverified=False,
        include_one_sided=True,
        year_from=1990,
        year_to=2020,
        undated=False,
        iran_cities=("112931", "418863"),
        min_weight=1.5,
        scope="world",
        city="524901",
        projection="orthographic",
        region="europe",
        lang="en",
        year=2010,
        aggregate=True,
    )
    query = view.to_query()
    assert set(query) == {f.name for f in fields(MapView)}
    assert all(isinstance(v, str) for v in query.values())
    assert MapView.from_query(query) == view
    assert MapView.from_query(MapView().to_query()) == MapView()
    assert MapView().to_query() == {}


def test_bad_url_values_fall_back_to_the_default() -> None:
    view = MapView.from_query(
        {"kinds": "x,<b>", "year": "soon", "min_weight": "nan", "region": "moon", "lang": "de"}
    )
    assert view == MapView(kinds=())


# --- files ------------------------------------------------------------------------------

URL = re.compile(r"""(?:src|href)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)


def test_standalone_html_needs_no_network(small, tmp_path) -> None:
    path = write_map(map_figure(small, MapView(lang="fa")), tmp_path / "map.html")
    text = path.read_text(encoding="utf-8")
    assert text.lower().startswith("<!doctype html>")
    text = plain(re.sub(r"\\u206[6-9]|\\u200[ef]", "", text))
    # plotly.js is inlined; nothing outside it loads a script, style or image from a URL.
    start = text.index("<script>/**\n* plotly.js")
    end = text.index("</script>", start)
    outside = text[:start] + text[end:]
    assert not URL.search(outside), URL.search(outside)
    assert "cdn.plot.ly" not in outside and "topojson" not in outside.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;" in text or "\\u0026lt;img" in text


def test_write_map_refuses_other_formats(small, tmp_path) -> None:
    with pytest.raises(RenderError, match=r"\.html, \.png or \.pdf"):
        write_map(map_figure(small, MapView()), tmp_path / "map.svg")


def test_render_map_html_from_the_command_line(seeded_store, tmp_path, capsys) -> None:
    out = tmp_path / "tehran.html"
    code = main(
        [
            "render",
            "map",
            "--db",
            seeded_store.url,
            "--out",
            str(out),
            "--city",
            "Tehran",
            "--lang",
            "en",
            "--kinds",
            "technical,cultural",
            "--region",
            "middle_east",
            "--year-to",
            "2020",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert out.stat().st_size > 1_000_000  # plotly.js inlined
    assert "Tehran" in out.read_text(encoding="utf-8")
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "map.svg"], ".html, .png or .pdf"),
        (["--out", "map.html", "--city", "Atlantis"], "Atlantis"),
        (["--out", "map.html", "--relations", "enemy"], "enemy"),
        (["--out", "map.html", "--region", "mars"], "invalid choice"),
    ],
)
def test_render_map_errors_are_one_line(seeded_store, tmp_path, capsys, argv, message) -> None:
    argv = [a.replace("map.", str(tmp_path / "map.")) for a in argv]
    code = main(["render", "map", "--db", seeded_store.url, *argv])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and err.startswith("error: ") and message in err


def _distinct_colours(path) -> int:
    from PIL import Image

    with Image.open(path) as img:
        return len(img.convert("RGB").getcolors(maxcolors=1 << 24) or [])


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_render_map_png_and_pdf(seeded_store, tmp_path, capsys, skip_or_fail, lang) -> None:
    if not any(
        os.access(p, os.X_OK) for p in ("/usr/bin/chromium", os.environ.get("BROWSER_PATH", ""))
    ):
        skip_or_fail("chromium not found (apt-get install chromium, or run ./test.sh)")
    png = tmp_path / f"map_{lang}.png"
    pdf = tmp_path / f"map_{lang}.pdf"
    for out in (png, pdf):
        code = main(["render", "map", "--db", seeded_store.url, "--out", str(out), "--lang", lang])
        assert code == 0, capsys.readouterr().err
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _distinct_colours(png) > 50, "the PNG looks blank"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_command_line_choices_match_the_map() -> None:
    from graph.analysis.map_filter import PROJECTIONS
    from graph.cli.main import _parser

    render = _parser()._subparsers._group_actions[0].choices["render"]
    options = {a.dest: a for a in render._actions}
    assert tuple(options["region"].choices) == tuple(REGIONS)
    assert tuple(options["projection"].choices) == PROJECTIONS


@pytest.mark.browser
def test_exports_find_the_bundled_vazirmatn(skip_or_fail) -> None:
    """Chromium finds fonts through fontconfig: the export's config adds static/fonts."""
    import shutil
    import subprocess

    from graph.exports.images import font_config

    fc_match = shutil.which("fc-match")
    if fc_match is None:
        skip_or_fail("fc-match not found (fontconfig comes with chromium)")
    env = {**os.environ, "FONTCONFIG_FILE": str(font_config())}
    found = subprocess.run(
        [fc_match, "Vazirmatn"], env=env, capture_output=True, text=True, check=True
    )
    assert found.stdout.startswith("Vazirmatn"), found.stdout
