"""The GeoPackage, GeoJSON, GEXF and GraphML exports, each read back by a real client:
GDAL's ``ogrinfo`` (Debian gdal-bin), pyogrio, graphology-gexf under node (the parser of
Gephi Lite), networkx and igraph."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import igraph as ig
import networkx as nx
import pyogrio
import pytest

from graph.analysis.build import build_graph
from graph.cli.main import main
from graph.exports.data_files import (
    FILE_FORMATS,
    GPKG_LAYERS,
    export_file,
    tie_network,
)
from graph.model import KINDS
from graph.store.schema import cities_table, ties_table
from graph.views.network import node_styles
from graph.views.network_layout import layout_positions
from tests.builders import insert, make_city, make_tie
from tests.conftest import skip_or_fail

JS = Path(__file__).resolve().parents[2] / "js"
PACIFIC = [
    ("suva", "Suva", "سووا", "FJ", -18.14, 178.44),
    ("apia", "Apia", "آپیا", "WS", -13.83, -171.76),
]


@pytest.fixture()
def pacific(store):
    """The small store plus a tie across the antimeridian (Suva - Apia)."""
    insert(
        store,
        cities_table,
        [
            make_city(city_id=c, name_en=en, name_fa=fa, country=cc, lat=lat, lon=lon)
            for c, en, fa, cc, lat, lon in PACIFIC
        ],
    )
    insert(store, ties_table, [make_tie(city_a="apia", city_b="suva", since=2012)])
    return store


def _ogrinfo(path: Path, *args: str, layer: str | None = None) -> str:
    if shutil.which("ogrinfo") is None:
        skip_or_fail("GDAL's ogrinfo is missing (apt-get install gdal-bin)")
    done = subprocess.run(
        ["ogrinfo", "-ro", *args, str(path), *([layer] if layer else [])],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _gpkg(store, tmp_path, scope="world") -> Path:
    path = tmp_path / "export.gpkg"
    path.write_bytes(export_file(store, "gpkg", scope))
    return path


def test_geopackage_opens_in_ogrinfo_with_three_layers(pacific, tmp_path):
    path = _gpkg(pacific, tmp_path)
    listing = _ogrinfo(path, "-so")
    assert "1: cities (Point)" in listing
    assert "2: ties (Multi Line String)" in listing
    assert "3: countries (Multi Polygon)" in listing
    assert "partially supported" not in listing  # GeoPackage 1.2, for older GDAL and QGIS
    summary = _ogrinfo(path, "-so", layer="ties")
    assert 'ID["EPSG",4326]' in summary
    assert f"Feature Count: {len(pacific.ties('world'))}" in summary
    for column in ("relation", "status", "evidence", "since", *(f"weight_{k}" for k in KINDS)):
        assert f"{column}: " in summary


def test_geopackage_keeps_persian_names(pacific, tmp_path):
    path = _gpkg(pacific, tmp_path)
    tehran = _ogrinfo(path, "-where", "city_id = 'tehran'", layer="cities")
    assert "name_fa (String) = تهران" in tehran
    assert "country_fa (String) = ایران" in tehran
    ties = _ogrinfo(path, "-where", "city_a = 'apia'", layer="ties")
    assert "name_fa_b (String) = سووا" in ties
    iran = _ogrinfo(path, "-where", "code = 'IR'", layer="countries")
    assert "name_fa (String) = ایران" in iran


def test_geopackage_ties_are_split_at_the_antimeridian(pacific, tmp_path):
    ties = pyogrio.read_dataframe(_gpkg(pacific, tmp_path), layer="ties")
    (line,) = ties[ties["city_a"] == "apia"].geometry
    first, second = line.geoms
    assert abs(first.coords[-1][0]) == abs(second.coords[0][0]) == 180.0
    assert first.coords[-1][1] == pytest.approx(second.coords[0][1])
    assert all(-180 <= x <= 180 for part in line.geoms for x, _ in part.coords)
    tehran_paris = ties[ties["city_b"] == "paris_fr"].geometry.iloc[0]
    assert len(tehran_paris.geoms) == 1


def test_geopackage_weights_and_counts_follow_the_store(pacific, tmp_path):
    path = _gpkg(pacific, tmp_path)
    assert [name for name, _ in pyogrio.list_layers(path)] == list(GPKG_LAYERS)
    ties = pyogrio.read_dataframe(path, layer="ties").set_index("tie_id")
    graph = build_graph(pacific, "world")
    for _, _, data in graph.edges(data=True):
        for kind in KINDS:
            assert ties.loc[data["tie_id"], f"weight_{kind}"] == pytest.approx(
                data["weights"][kind], abs=1e-6
            )
    countries = pyogrio.read_dataframe(path, layer="countries").set_index("code")
    stored = pacific.ties("world")
    country = pacific.cities().set_index("city_id")["country"]
    for code in ("IR", "FR", "FJ", "RU"):
        touching = sum(
            code in {country[a], country[b]}
            for a, b in zip(stored["city_a"], stored["city_b"], strict=True)
        )
        assert countries.loc[code, "ties"] == touching
    assert countries.crs.to_epsg() == 4326


def test_geojson_follows_rfc_7946(pacific):
    def no_constants(name):
        raise AssertionError(f"{name} is not JSON (RFC 7946 needs plain numbers)")

    text = export_file(pacific, "geojson", "world").decode("utf-8")
    document = json.loads(text, parse_constant=no_constants)
    assert document["type"] == "FeatureCollection" and "crs" not in document
    apia = next(
        f
        for f in document["features"]
        if f["properties"].get("feature") == "tie" and f["properties"]["city_a"] == "apia"
    )
    assert apia["geometry"]["type"] == "MultiLineString"
    for feature in document["features"]:
        geometry = feature["geometry"]
        points = (
            [geometry["coordinates"]]
            if geometry["type"] == "Point"
            else geometry["coordinates"]
            if geometry["type"] == "LineString"
            else [p for part in geometry["coordinates"] for p in part]
        )
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    read = pyogrio.read_dataframe(io.BytesIO(text.encode("utf-8")))
    assert len(read) == len(document["features"])
    assert "تهران" in set(read["name_fa"].dropna())


def _gexf_view(store):
    view = tie_network(store, "iran")
    return view, layout_positions(view.graph, "force"), node_styles(view, "community")


def test_gexf_reads_in_networkx_with_positions_colours_sizes(store):
    data = export_file(store, "gexf", "iran", lang="fa")
    assert data.startswith(b"<?xml") and b'version="1.3"' in data
    graph = nx.read_gexf(io.BytesIO(data), version="1.3")
    view, positions, styles = _gexf_view(store)
    assert set(graph.nodes) == {str(n) for n in view.graph.nodes}
    assert graph.number_of_edges() == view.graph.number_of_edges()
    for node, (x, y) in positions.items():
        attrs = graph.nodes[str(node)]
        assert attrs["viz"]["position"]["x"] == pytest.approx(x)
        assert attrs["viz"]["position"]["y"] == pytest.approx(-y)
        assert attrs["viz"]["size"] == pytest.approx(styles[node].size)
        colour = attrs["viz"]["color"]
        assert "#{:02X}{:02X}{:02X}".format(colour["r"], colour["g"], colour["b"]) == (
            styles[node].colour.upper()
        )
    assert graph.nodes["tehran"]["label"] == "تهران"
    assert graph.nodes["tehran"]["name_en"] == "Tehran"
    assert graph.nodes["tehran"]["country_fa"] == "ایران"
    tie = graph.edges["tehran", "paris_fr"]
    assert tie["relation"] == "sister" and tie["since"] == 2000
    assert tie["weight"] == pytest.approx(view.graph.edges["tehran", "paris_fr"]["weight"])


def test_gexf_reads_in_graphology(store, tmp_path):
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "graphology-gexf").is_dir():
        skip_or_fail("graphology-gexf is not installed (scripts/setup.sh --test runs npm ci)")
    path = tmp_path / "network.gexf"
    path.write_bytes(export_file(store, "gexf", "iran", lang="en"))
    done = subprocess.run(
        [node, str(JS / "read_gexf.js"), str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    view, positions, styles = _gexf_view(store)
    assert read["order"] == view.graph.number_of_nodes()
    assert read["size"] == view.graph.number_of_edges()
    tehran = read["nodes"]["tehran"]
    assert tehran["label"] == "Tehran" and tehran["name_fa"] == "تهران"
    assert (tehran["x"], tehran["y"]) == pytest.approx(
        (positions["tehran"][0], -positions["tehran"][1])
    )
    assert tehran["size"] == pytest.approx(styles["tehran"].size)
    hex_colour = styles["tehran"].colour
    assert tehran["color"] == "rgba({},{},{},1)".format(
        *(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    )
    (tie,) = [e for e in read["edges"] if {e["source"], e["target"]} == {"tehran", "paris_fr"}]
    assert tie["attributes"]["relation"] == "sister"
    assert tie["attributes"]["since"] == 2000


def test_graphml_reads_in_igraph_and_networkx(store, tmp_path):
    path = tmp_path / "network.graphml"
    path.write_bytes(export_file(store, "graphml", "iran"))
    with_nx = nx.read_graphml(path)
    with_ig = ig.Graph.Read_GraphML(str(path))
    ties = store.ties("iran")
    assert with_nx.number_of_edges() == with_ig.ecount() == len(ties)
    assert with_nx.number_of_nodes() == with_ig.vcount()
    assert "تهران" in set(with_ig.vs["name_fa"])
    assert with_nx.nodes["tehran"]["name_fa"] == "تهران"


@pytest.mark.parametrize("fmt", ["gpkg", "gexf"])
def test_cli_exports_geopackage_and_gexf(store, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--format", fmt, str(out), "--db", store.url]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    if fmt == "gpkg":
        assert [name for name, _ in pyogrio.list_layers(out)] == list(GPKG_LAYERS)
    else:
        assert nx.read_gexf(out, version="1.3").number_of_nodes() > 0


def test_unknown_format_is_refused(store):
    with pytest.raises(ValueError, match=", ".join(FILE_FORMATS)):
        export_file(store, "shp")


def test_hostile_text_survives_every_reader(store, tmp_path):
    """Markup shows as text; characters XML cannot hold are dropped from the GEXF only."""
    name = 'Evil <b onmouseover="x">&amp;</b>\x07 "q"'
    insert(
        store,
        cities_table,
        [
            make_city(
                city_id="evil",
                name_en=name,
                name_fa="شهر\x0b <script>",
                country="FR",
                lat=1.0,
                lon=-2.0,
            )
        ],
    )
    insert(store, ties_table, [make_tie(city_a="tehran", city_b="evil", note="]]> \x1f <!--")])
    network = nx.read_gexf(io.BytesIO(export_file(store, "gexf", "iran", lang="en")), version="1.3")
    assert network.nodes["evil"]["label"] == name.replace("\x07", "")
    assert network.nodes["evil"]["name_fa"] == "شهر <script>"
    assert network.edges["tehran", "evil"]["note"] == "]]>  <!--"
    path = tmp_path / "hostile.gpkg"
    path.write_bytes(export_file(store, "gpkg", "iran"))
    cities = pyogrio.read_dataframe(path, layer="cities").set_index("city_id")
    assert cities.loc["evil", "name_en"] == name
