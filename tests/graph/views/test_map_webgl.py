"""The WebGL map's data and standalone page: the same ties, encodings and texts as the
plotly map the print exports draw, escaped, and nothing fetched from off the machine."""

from __future__ import annotations

import hashlib
import json
import re

import networkx as nx
import numpy as np
import pytest

import graph.views.map as svg_map
import graph.views.map_webgl as webgl
from graph.analysis.map_filter import MapView, filter_graph
from graph.cli.main import main
from graph.i18n import t
from graph.i18n.bidi import plain
from graph.views.map import map_figure, midpoints, node_name
from graph.views.map_webgl import DECK_BUNDLE, MARK, map_data, map_html, webgl_drawn
from graph.views.network import offsite_references
from tests.graph.views.test_map import HOSTILE, small  # noqa: F401  (the fixture)


def _fill(template: str, values: dict[str, str]) -> str:
    """The browser's one-pass template filling (map.js ``fill``)."""
    return re.sub(f"{MARK}(\\w+){MARK}", lambda m: values[m.group(1)], template)


def _hovers(data: dict) -> list[str]:
    ties, names = data["ties"], data["cities"]["name"]
    if "hover" in ties:
        return ties["hover"]
    return [
        _fill(
            data["template"],
            {
                "a": names[a],
                "b": names[b],
                "relation": data["relations"][r],
                "since": data["sinces"][s],
            },
        )
        for a, b, r, s in zip(ties["a"], ties["b"], ties["relation"], ties["since"], strict=True)
    ]


def _city_hovers(data: dict) -> list[str]:
    """The cities' hovers as the browser fills them in (map.js ``cityHover``)."""
    c, h = data["cities"], data["city_hover"]
    whole, names = h["whole"], h["names"]
    return [
        whole[i]
        if i in whole
        else _fill(
            h["template"],
            {
                "name": names.get(i, c["name"][i]),
                "country": h["countries"][c["country"][i]],
                "ties": h["counts"][c["count"][i]],
            },
        )
        + h["notes"][c["note"][i]]
        for i in range(len(c["id"]))
    ]


def _trace(fig, name: str):
    return next(d for d in fig.data if d.name == name)


def _printed_ties(fig, lang: str) -> list[tuple[float, float, str]]:
    """The printed figure's ties: each tie's midpoint and hover (its hover trace)."""
    mids = _trace(fig, t("mapview.legend.ties", lang))
    return sorted(
        (round(float(x), 3), round(float(y), 3), plain(text))
        for x, y, text in zip(mids.lon, mids.lat, mids.hovertext, strict=True)
    )


def _screen_ties(data: dict) -> list[tuple[float, float, str]]:
    c, ties = data["cities"], data["ties"]
    starts = np.array([[c["lon"][a], c["lat"][a]] for a in ties["a"]]).reshape(-1, 2)
    ends = np.array([[c["lon"][b], c["lat"][b]] for b in ties["b"]]).reshape(-1, 2)
    lons, lats = midpoints(starts, ends)
    return sorted(
        (round(float(x), 3), round(float(y), 3), plain(text))
        for x, y, text in zip(lons, lats, _hovers(data), strict=True)
    )


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize(
    "view",
    [MapView(), MapView(kinds=("technical",)), MapView(aggregate=True), MapView(city="THR")],
    ids=["all", "technical", "countries", "selected"],
)
def test_the_screen_map_shows_the_ties_the_print_map_shows(small, view, lang) -> None:  # noqa: F811
    view = MapView(**{**view.__dict__, "lang": lang})
    shown = filter_graph(small, view)
    data = map_data(shown, view)
    fig = map_figure(shown, view)
    assert len(data["ties"]["a"]) == len(fig.data[-4].lon) > 0
    assert _screen_ties(data) == _printed_ties(fig, lang)
    # the same markers (ids and hovers) and the same labelled names
    printed = [
        (city, text)
        for name in ("legend.foreign_city", "legend.iranian_city")
        for city, text in zip(
            _trace(fig, t(name, lang)).customdata, _trace(fig, t(name, lang)).hovertext, strict=True
        )
    ]
    assert list(zip(data["cities"]["id"], _city_hovers(data), strict=True)) == printed
    # sent as one template, not a text per city
    assert "hover" not in data["cities"] and MARK in data["city_hover"]["template"]
    # labels: the screen map hides crowded names while zoomed out and shows them on
    # zooming in, so it names its own choice, by the same naming function as the print map
    names = {node_name(shown, node, lang) for node in shown}
    names |= {d.get("country") for _, d in shown.nodes(data=True)}  # the countries view
    assert data["labels"] and {label["text"] for label in data["labels"]} <= names


def test_each_tie_keeps_its_kind_width_and_dash(small) -> None:  # noqa: F811
    view = MapView(lang="en")
    data = map_data(small, view)
    groups = data["groups"]
    ids = data["cities"]["id"]
    style = {
        frozenset((ids[a], ids[b])): groups[g]
        for a, b, g in zip(data["ties"]["a"], data["ties"]["b"], data["ties"]["group"], strict=True)
    }
    moscow = style[frozenset(("THR", "MOW"))]  # technical, weight 4: the widest class
    assert moscow["name"] == t("kind.technical", "en")
    assert moscow["width"] == max(svg_map.CLASS_WIDTHS)
    caracas = style[frozenset(("THR", "CCS"))]  # no exchange: grey, dashed when ties are few
    assert caracas["name"] == t("legend.no_exchange", "en") and caracas["dash"] is True
    assert caracas["legend"] is True
    assert {k["name"] for k in data["kinds"]} == {t(f"kind.{k}", "en") for k in svg_map.KIND_ORDER}


def test_the_world_hovers_share_one_template(small, monkeypatch) -> None:  # noqa: F811
    # With more ties than MANY_TIES both maps give the short hover; the WebGL map sends
    # it as one template with the names, relations and years filled in by the browser.
    monkeypatch.setattr(webgl, "MANY_TIES", 2)
    monkeypatch.setattr(svg_map, "MANY_TIES", 2)
    for lang in ("fa", "en"):
        view = MapView(lang=lang)
        data = map_data(small, view)
        assert "hover" not in data["ties"] and MARK in data["template"]
        assert _screen_ties(data) == _printed_ties(map_figure(small, view), lang)


def test_data_strings_are_escaped(small) -> None:  # noqa: F811
    view = MapView(lang="en")
    data = map_data(small, view)
    page = map_html(small, view)
    assert HOSTILE not in json.dumps(data, ensure_ascii=False)
    assert "&lt;img src=x onerror=alert(1)&gt;" in data["cities"]["name"]
    assert HOSTILE not in page


def test_a_name_cannot_close_the_page_script() -> None:
    g = nx.Graph()
    g.add_node("A", name_en="</script><b>x", country="IR", lon=51.0, lat=35.0, iranian=True)
    g.add_node("B", name_en="B", country="FR", lon=2.3, lat=48.9, iranian=False)
    g.add_edge("A", "B", relation="sister", status="signed", since=1999, evidence="official")
    page = map_html(g, MapView(lang="en"))
    assert page.count("</script>") == page.count("<script>")


def test_the_standalone_page_inlines_everything(small) -> None:  # noqa: F811
    page = map_html(small, MapView(lang="fa"))
    bundle = DECK_BUNDLE.read_text(encoding="utf-8")
    assert bundle in page
    assert offsite_references(page.replace(bundle, "")) == []
    # the bundle's own CDN addresses are local paths (scripts/vendor_deckgl.sh)
    assert offsite_references(bundle) == []
    assert "font/woff2;base64," in page
    assert '<html lang="fa" dir="rtl">' in page


def test_the_globe_stays_a_plotly_map() -> None:
    assert webgl_drawn(MapView(projection="natural_earth"))
    assert not webgl_drawn(MapView(projection="orthographic"))


def test_the_vendored_bundle_is_the_recorded_one() -> None:
    # static/webgl_map/README.md records the npm package, version and checksum.
    readme = (webgl.ASSETS / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(DECK_BUNDLE.read_bytes()).hexdigest()
    assert digest in readme
    assert (DECK_BUNDLE.parent / "LICENSE").read_text(encoding="utf-8").startswith("Copyright")


def test_the_vendored_bundle_names_no_cdn() -> None:
    # scripts/vendor_deckgl.sh makes the CDNs deck.gl's loaders fetch code from local paths
    bundle = DECK_BUNDLE.read_text(encoding="utf-8")
    for cdn in ("unpkg.com", "www.gstatic.com", "raw.githubusercontent.com", "jsdelivr.net"):
        assert cdn not in bundle, cdn


def test_render_map_writes_the_webgl_page(seeded_store, tmp_path, capsys) -> None:
    out = tmp_path / "map.html"
    argv = ["render", "map", "--db", seeded_store.url, "--webgl", "--lang", "en"]
    assert main([*argv, "--out", str(out)]) == 0, capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert "CityMap.draw" in page
    bundle = DECK_BUNDLE.read_text(encoding="utf-8")
    assert offsite_references(page.replace(bundle, "")) == []
    capsys.readouterr()
    assert main([*argv, "--out", str(tmp_path / "map.png")]) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "--webgl" in err
