"""Timeline playback: the years played, and the GIF the command line writes."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from PIL import Image, ImageChops

from graph.analysis.map_filter import MapView
from graph.cli.main import main
from graph.exports.images import RenderError
from graph.exports.timeline import timeline_years, write_timeline_gif


def _tie(since, evidence="official", **extra):
    return {
        "relation": "sister",
        "status": "signed",
        "since": since,
        "evidence": evidence,
        "sources": [],
        "note": "",
        "unverified": evidence == "wikidata",
        "one_sided": False,
        "weights": {"technical": 0.0, "cultural": 0.0, "transit": 0.0},
        "weight": 0.0,
        "exchanges": 0,
        "exchanges_by_kind": {"technical": 0, "cultural": 0, "transit": 0},
        "last_exchange": None,
        "routes": 0,
        **extra,
    }


@pytest.fixture()
def small() -> nx.Graph:
    g = nx.Graph()
    for node, country, lon, lat in [
        ("THR", "IR", 51.4, 35.7),
        ("MOW", "RU", 37.6, 55.8),
        ("PEK", "CN", 116.4, 39.9),
        ("HAV", "CU", -82.4, 23.1),
        ("LAX", "US", -118.2, 34.1),
    ]:
        g.add_node(
            node,
            name_en=node,
            name_fa=None,
            country=country,
            lon=lon,
            lat=lat,
            population=1000,
            iranian=country == "IR",
        )
    g.add_edge("THR", "MOW", **_tie(2004))
    g.add_edge("THR", "PEK", **_tie(2014))
    g.add_edge("THR", "HAV", **_tie(None))
    g.add_edge("THR", "LAX", **_tie(1972, status="historical"))
    return g


def test_years_are_the_distinct_years_signed_of_the_shown_ties(small):
    assert timeline_years(small, MapView()) == [1972, 2004, 2014]
    assert timeline_years(small, MapView(year_from=2000)) == [2004, 2014]
    assert timeline_years(small, MapView(year=1980)) == [1972, 2004, 2014]


def test_a_view_without_years_has_nothing_to_play(small, tmp_path):
    with pytest.raises(RenderError, match="nothing to play"):
        write_timeline_gif(small, MapView(), tmp_path / "t.gif", years=[])


def test_only_gif_files(small, tmp_path):
    with pytest.raises(RenderError, match=".gif"):
        write_timeline_gif(small, MapView(), tmp_path / "t.mp4")


@pytest.mark.browser
def test_command_line_writes_a_growing_animation(seeded_store, tmp_path, capsys, skip_or_fail):
    import shutil

    if not shutil.which("chromium") and not Path("/usr/bin/chromium").exists():
        skip_or_fail("the timeline needs Debian chromium (apt-get install chromium)")
    out = tmp_path / "tehran.gif"
    code = main(
        [
            "render",
            "timeline",
            "--city",
            "Tehran",
            "--iran-cities",
            "Tehran",
            "--lang",
            "fa",
            "--out",
            str(out),
            "--db",
            seeded_store.url,
        ]
    )
    assert code == 0, capsys.readouterr().err
    gif = Image.open(out)
    assert gif.n_frames >= 5 and gif.size == (1280, 720)
    gif.seek(0)
    first = gif.convert("RGB")
    gif.seek(gif.n_frames - 1)
    last = gif.convert("RGB")
    assert ImageChops.difference(first, last).getbbox() is not None  # the network grew
    assert len(last.getcolors(maxcolors=1 << 20)) > 20  # not blank
