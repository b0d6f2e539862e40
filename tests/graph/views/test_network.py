"""The network view: cuts, aggregation, layouts, metrics, and the offline, escaped HTML."""

from __future__ import annotations

import json
import re

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.build import build_graph
from graph.analysis.metrics import communities
from graph.analysis.network import HOPS, METRICS, country_network, ego_view, node_metric, whole_view
from graph.cli import main as cli
from graph.i18n import label, t
from graph.model import KINDS
from graph.places.countries import COUNTRIES
from graph.views.network import (
    COLOUR_BY,
    PHYSICS_NODE_LIMIT,
    network_html,
    offsite_references,
    strip_remote_tags,
)
from graph.views.network_layout import LAYOUTS, force_layout, geo_layout, layout_positions

TEHRAN = "112931"
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_NAME = '<script>alert("x")</script>Evilton'
DATASET = re.compile(r"(nodes|edges) = new vis\.DataSet\((\[.*?\])\);", re.DOTALL)


def _weights(technical=0.0, cultural=0.0, transit=0.0) -> dict[str, float]:
    return {"technical": technical, "cultural": cultural, "transit": transit}


def _tie(exchanges=0, **weights) -> dict:
    w = _weights(**weights)
    return {
        "relation": "sister",
        "status": "signed",
        "since": 2004,
        "evidence": "official",
        "unverified": False,
        "weights": w,
        "weight": sum(w.values()),
        "exchanges": exchanges,
        "last_exchange": "2019-08-07" if exchanges else None,
    }


def _city(name_en, country, lat, lon, name_fa=None) -> dict:
    return {
        "name_en": name_en,
        "name_fa": name_fa,
        "country": country,
        "lat": lat,
        "lon": lon,
        "iranian": country == "IR",
    }


@pytest.fixture
def small() -> nx.Graph:
    """Tehran with three partners, one of them with a partner of its own."""
    g = nx.Graph()
    g.add_node("teh", **_city("Tehran", "IR", 35.7, 51.4, "تهران"))
    g.add_node("mos", **_city("Moscow", "RU", 55.8, 37.6, "مسکو"))
    g.add_node("kaz", **_city("Kazan", "RU", 55.8, 49.1))
    g.add_node("evil", **_city(HOSTILE_NAME, "FR", 48.9, 2.3))
    g.add_node("nice", **_city("Nice", "FR", 43.7, 7.3))
    g.add_edge("teh", "mos", **_tie(exchanges=2, technical=1.5, cultural=0.2))
    g.add_edge("teh", "kaz", **_tie(exchanges=1, cultural=0.8))
    g.add_edge("teh", "evil", **_tie())
    g.add_edge("evil", "nice", **_tie())
    g.add_edge("mos", "kaz", **_tie())
    return g


@pytest.fixture
def hostile_exchanges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "pair_key": ["mos|teh", "mos|teh"],
            "date": ["2019-08-07", None],
            "kind": ["technical", "cultural"],
            "title": [HOSTILE, "Metro & tram know-how"],
        }
    )


def _datasets(page: str) -> dict[str, list[dict]]:
    found = {name: json.loads(body) for name, body in DATASET.findall(page)}
    assert set(found) == {"nodes", "edges"}, "pyvis template changed: no vis.DataSet found"
    return found


# --- cuts and aggregation ------------------------------------------------------------------


def test_ego_view_hops(small):
    one = ego_view(small, "teh", 1)
    assert set(one.graph) == {"teh", "mos", "kaz", "evil"}
    assert (one.pool, one.dropped, one.centre, one.hops) == (4, 0, "teh", 1)
    two = ego_view(small, "teh", 2)
    assert set(two.graph) == set(small)


def test_ego_view_keeps_top_n_with_centre_and_partners_first(small):
    view = ego_view(small, "teh", 2, metric="partners", top_n=4)
    assert view.graph.number_of_nodes() == 4
    assert view.dropped == 1 and view.pool == 5
    assert "nice" not in view.graph and "teh" in view.graph


def test_ego_view_rejects_bad_input(small):
    with pytest.raises(ValueError, match="no tie"):
        ego_view(small, "nowhere", 1)
    with pytest.raises(ValueError, match="hops"):
        ego_view(small, "teh", 4)
    with pytest.raises(ValueError, match="metric"):
        ego_view(small, "teh", 1, metric="fame")


def test_country_network_sums_ties(small):
    countries = country_network(small)
    assert set(countries) == {"IR", "RU", "FR"}
    assert countries.edges["IR", "RU"]["ties"] == 2
    assert countries.edges["IR", "RU"]["weight"] == 2.0
    assert countries.edges["IR", "RU"]["exchanges"] == 3
    assert countries.edges["IR", "RU"]["weights"]["technical"] == pytest.approx(1.5)
    assert countries.edges["IR", "RU"]["weights"]["cultural"] == pytest.approx(1.0)
    assert countries.nodes["RU"]["domestic_ties"] == 1
    assert countries.nodes["FR"]["domestic_ties"] == 1
    assert countries.nodes["RU"]["cities"] == 2
    assert countries.nodes["IR"]["name_fa"] == "ایران"
    assert countries.nodes["FR"]["continent"] == "Europe"


def test_world_scope_becomes_country_blocs(seeded_store):
    world = build_graph(seeded_store, "world")
    view = whole_view(world, "world")
    countries = view.graph
    assert view.kind == "countries" and view.width_attr == "ties"
    assert 150 <= countries.number_of_nodes() <= 250
    between = sum(d["ties"] for _, _, d in countries.edges(data=True))
    inside = sum(d["domestic_ties"] for _, d in countries.nodes(data=True))
    assert between + inside == world.number_of_edges()
    assert all(code in COUNTRIES for code in countries)


def test_world_ego_sizes_on_the_seeded_store(seeded_store):
    world = build_graph(seeded_store, "world")
    one = ego_view(world, TEHRAN, 1, top_n=None)
    assert one.graph.number_of_nodes() == world.degree[TEHRAN] + 1
    three = ego_view(world, TEHRAN, 3, metric="betweenness", top_n=120)
    assert three.pool == nx.ego_graph(world, TEHRAN, radius=3).number_of_nodes()
    assert three.pool > 120
    assert three.graph.number_of_nodes() <= 120
    assert three.dropped == three.pool - three.graph.number_of_nodes()
    assert set(world[TEHRAN]) <= set(three.graph), "direct partners are always kept"


# --- metrics and communities ----------------------------------------------------------------


def test_metrics_on_named_graphs():
    star = nx.star_graph(4)
    assert node_metric(star, "partners")[0] == 4.0
    assert node_metric(star, "betweenness") == pytest.approx({0: 1.0, 1: 0, 2: 0, 3: 0, 4: 0})
    eigen = node_metric(star, "eigenvector")
    assert eigen[0] == pytest.approx(1.0) and all(0 < eigen[n] < 1 for n in range(1, 5))
    weighted = nx.Graph()
    weighted.add_edge("a", "b", weight=2.0)
    weighted.add_edge("a", "c", weight=0.5)
    assert node_metric(weighted, "strength") == {"a": 2.5, "b": 2.0, "c": 0.5}


def test_betweenness_agrees_with_networkx(small):
    ours = node_metric(small, "betweenness")
    assert ours == pytest.approx(nx.betweenness_centrality(small))


def test_communities_are_stable_and_numbered_by_size():
    two_cliques = nx.barbell_graph(5, 0)
    first = communities(two_cliques)
    assert first == communities(two_cliques)
    assert sorted(set(first.values())) == [0, 1]


# --- layouts -------------------------------------------------------------------------------


def test_force_layout_is_deterministic_and_order_free(small):
    first = force_layout(small)
    assert first == force_layout(small)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(reversed(list(small.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(small.edges(data=True))))
    assert force_layout(shuffled) == first
    assert len({xy for xy in first.values()}) == small.number_of_nodes()


def test_force_layout_is_deterministic_on_a_large_graph():
    g = nx.gnm_random_graph(1200, 2400, seed=3)
    assert force_layout(g) == force_layout(g)


def test_geo_layout_puts_east_right_and_north_up(small):
    pos = geo_layout(small)
    assert pos["teh"][0] > pos["mos"][0] > pos["nice"][0]  # east is right
    assert pos["mos"][1] < pos["teh"][1]  # north is up (canvas y grows downwards)
    assert pos == geo_layout(small)


def test_geo_layout_sets_apart_cities_at_one_place():
    g = nx.Graph()
    g.add_node("a", lat=35.7, lon=51.4)
    g.add_node("b", lat=35.7, lon=51.4)
    g.add_edge("a", "b")
    pos = geo_layout(g)
    assert pos["a"] != pos["b"]


def test_layout_positions_checks_its_name(small):
    assert layout_positions(small, "geo") == geo_layout(small)
    with pytest.raises(ValueError, match="layout"):
        layout_positions(small, "circle")


# --- HTML: offline, escaped, legend -----------------------------------------------------------


def test_offsite_references_finds_every_form():
    page = (
        '<script src="https://cdn.example/x.js"></script><link href=//cdn.example/a.css>'
        "<style>@import url('http://x.org/f.css'); b{background:url(https://x.org/b.png)}"
        '</style><a href="#top"><img src="data:image/png;base64,AAAA">'
    )
    found = offsite_references(page)
    assert len(found) == 4, found
    assert offsite_references("<a href='#top'><img src='data:,'>") == []


def test_strip_remote_tags_removes_pyvis_bootstrap():
    from pyvis.network import Network

    net = Network(cdn_resources="in_line")
    net.add_node(1)
    raw = net.generate_html(notebook=False)
    assert offsite_references(raw), "pyvis no longer adds remote tags: simplify strip_remote_tags"
    cleaned = strip_remote_tags(raw)
    assert offsite_references(cleaned) == []
    assert "vis.Network(" in cleaned


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("colour_by", COLOUR_BY)
def test_page_has_nothing_off_the_machine(small, lang, colour_by):
    view = ego_view(small, "teh", 2)
    page = network_html(view, lang, colour_by, layout_positions(view.graph))
    assert offsite_references(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page
    assert "data:font/woff2;base64," in page, "the font is embedded"


def test_hostile_strings_are_escaped(small, hostile_exchanges):
    view = ego_view(small, "teh", 2)
    page = network_html(
        view, "en", "community", force_layout(view.graph), exchanges=hostile_exchanges
    )
    assert HOSTILE not in page and "<script>alert" not in page
    data = _datasets(page)
    tie = next(e for e in data["edges"] if {e["from"], e["to"]} == {"teh", "mos"})
    assert "&lt;img src=x onerror=alert(1)&gt;" in tie["title"]
    assert "Metro &amp; tram know-how" in tie["title"]
    assert "<img" not in tie["title"]
    evil = next(n for n in data["nodes"] if n["id"] == "evil")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Evilton" in evil["title"]
    assert "<script" not in evil["title"]
    # labels are drawn on the canvas as text, never parsed as HTML: the raw name is right,
    # and the JSON inside the page's <script> escapes "<" so it cannot close the script
    assert evil["label"] == HOSTILE_NAME
    legend = page[page.index('<details id="cde-legend"') :]
    assert "<script>alert" not in legend


def test_encoding_size_colour_dashes(small):
    view = ego_view(small, "teh", 1, metric="partners")
    data = _datasets(network_html(view, "en", "iranian", force_layout(view.graph)))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["teh"]["size"] > nodes["kaz"]["size"]
    assert nodes["teh"]["color"] != nodes["mos"]["color"]
    assert all("x" in n and "y" in n for n in nodes.values())
    edges = {frozenset((e["from"], e["to"])): e for e in data["edges"]}
    assert edges[frozenset(("teh", "evil"))]["dashes"] is True
    assert edges[frozenset(("teh", "mos"))]["dashes"] is False
    from graph.views.style import KIND_COLOURS

    assert edges[frozenset(("teh", "mos"))]["color"] == KIND_COLOURS["technical"]
    assert edges[frozenset(("teh", "kaz"))]["color"] == KIND_COLOURS["cultural"]
    assert edges[frozenset(("teh", "mos"))]["width"] > edges[frozenset(("teh", "kaz"))]["width"]


def test_dominant_kind_follows_the_selected_kinds(small):
    view = ego_view(small, "teh", 1)
    data = _datasets(network_html(view, "en", "iranian", kinds=("cultural",)))
    tie = next(e for e in data["edges"] if {e["from"], e["to"]} == {"teh", "mos"})
    from graph.views.style import KIND_COLOURS

    assert tie["color"] == KIND_COLOURS["cultural"]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_legend_in_each_language(small, lang):
    view = ego_view(small, "teh", 2, metric="betweenness")
    page = network_html(view, lang, "community", force_layout(view.graph))
    legend = page[page.index('<details id="cde-legend"') :]
    assert f'dir="{"rtl" if lang == "fa" else "ltr"}"' in legend
    for text in (
        t("network.legend.title", lang),
        t("network.colour.community", lang),
        t("network.metric.betweenness", lang),
        *(label(k, lang) for k in KINDS),
    ):
        assert text in legend, text
    assert t("network.legend.no_exchange", lang).split(" (")[0] in legend
    region = network_html(view, lang, "region", force_layout(view.graph))
    assert t("continent.europe", lang) in region and t("continent.asia", lang) in region


def test_labels_in_the_chosen_language(small):
    view = ego_view(small, "teh", 1)
    fa = {n["id"]: n for n in _datasets(network_html(view, "fa", "iranian"))["nodes"]}
    en = {n["id"]: n for n in _datasets(network_html(view, "en", "iranian"))["nodes"]}
    assert fa["teh"]["label"] == "تهران" and en["teh"]["label"] == "Tehran"
    assert fa["kaz"]["label"] == "Kazan", "no Persian name known: English"


def test_physics_on_request_only_for_small_graphs(small):
    view = ego_view(small, "teh", 1)
    assert '"enabled": false' in network_html(view, "en", positions=force_layout(view.graph))
    assert '"enabled": true' in network_html(
        view, "en", positions=force_layout(view.graph), physics=True
    )
    big = whole_view(nx.path_graph(PHYSICS_NODE_LIMIT + 1), "iran")
    with pytest.raises(ValueError, match="physics"):
        network_html(big, "en", "iranian", physics=True)


def test_seeded_tehran_view_is_offline_and_escaped(seeded_store):
    world = build_graph(seeded_store, "world")
    view = ego_view(world, TEHRAN, 2, metric="eigenvector")
    page = network_html(
        view, "fa", "community", layout_positions(view.graph), exchanges=seeded_store.exchanges()
    )
    assert offsite_references(page) == []
    nodes = {n["id"]: n for n in _datasets(page)["nodes"]}
    assert nodes[TEHRAN]["label"] == "تهران"
    assert len(nodes) == view.graph.number_of_nodes()


# --- command line --------------------------------------------------------------------------


def test_cli_choices_match_the_module():
    parser = cli._parser()
    render = parser._subparsers._group_actions[0].choices["render"]
    choices = {a.dest: tuple(a.choices) for a in render._actions if a.choices}
    assert choices["hops"] == HOPS
    assert choices["metric"] == METRICS
    assert choices["color_by"] == COLOUR_BY
    assert choices["layout"] == LAYOUTS


def test_cli_render_network_html(seeded_store, tmp_path, capsys):
    out = tmp_path / "tehran.html"
    argv = ["render", "network", "--db", seeded_store.url, "--city", "تهران", "--hops", "2"]
    code = cli.main([*argv, "--metric", "betweenness", "--lang", "en", "--out", str(out)])
    printed, err = capsys.readouterr()
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert offsite_references(page) == []
    assert "Tehran" in page and str(out) in printed


def test_cli_render_world_countries(seeded_store, tmp_path, capsys):
    out = tmp_path / "world.html"
    argv = ["render", "network", "--db", seeded_store.url, "--scope", "world"]
    code = cli.main([*argv, "--color-by", "region", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    nodes = _datasets(out.read_text(encoding="utf-8"))["nodes"]
    assert {"IR", "RU", "DE"} <= {n["id"] for n in nodes}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--city", "Atlantis"], "no city named"),
        (["--out-format-typo"], "unrecognized arguments"),
        (["--out", "x.pdf"], "written as .html or .png"),
        (["--kinds", "sports"], "--kinds"),
    ],
)
def test_cli_errors_are_one_line(seeded_store, tmp_path, capsys, argv, message):
    base = ["render", "network", "--db", seeded_store.url]
    if "--out" not in argv:
        base += ["--out", str(tmp_path / "x.html")]
    code = cli.main([*base, *argv])
    _, err = capsys.readouterr()
    assert code != 0
    assert message in err and err.count("\n") == 1, err
