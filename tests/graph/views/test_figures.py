"""Overview figures (graph/views/overview.py): fixed trace count, offline geo, escaping,
language."""

from __future__ import annotations

import random
import re

import pandas as pd
import plotly.graph_objects as go
import plotly.offline
import pytest

from graph.i18n import label, t
from graph.i18n.bidi import plain
from graph.views.overview import (
    exchanges_by_kind_chart,
    exchanges_by_year_chart,
    overview_map,
    ties_by_evidence_chart,
)
from graph.views.style import FONT_FAMILY, GEO_LAYERS

KINDS = ("technical", "cultural", "transit", None)


def synthetic(n_ties: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_ties`` ties between 10 Iranian cities and many foreign ones, random kinds."""
    rng = random.Random(seed)
    iranian = [
        {
            "city_id": f"ir{i}",
            "name_en": f"Iran City {i}",
            "name_fa": f"شهر {i}",
            "country": "IR",
            "lat": 27 + i,
            "lon": 46 + i,
            "population": 1_000_000 * (10 - i),
            "iranian": True,
        }
        for i in range(10)
    ]
    foreign = [
        {
            "city_id": f"f{j}",
            "name_en": f"Foreign {j}",
            "name_fa": None,
            "country": "DE",
            "lat": rng.uniform(-50, 70),
            "lon": rng.uniform(-179, 179),
            "population": 10_000,
            "iranian": False,
        }
        for j in range(n_ties)
    ]
    nodes = pd.DataFrame(iranian + foreign)
    edges = pd.DataFrame(
        {
            "city_a": [f"ir{j % 10}" for j in range(n_ties)],
            "city_b": [f"f{j}" for j in range(n_ties)],
            "relation": ["sister"] * n_ties,
            "status": ["signed"] * n_ties,
            "since": pd.array([2000 + j % 20 for j in range(n_ties)], dtype="Int64"),
            "evidence": ["news"] * n_ties,
            "kind": [KINDS[j % 4] for j in range(n_ties)],
            "exchanges": [j % 3 for j in range(n_ties)],
        }
    )
    nodes["ties"] = 1
    return nodes, edges


@pytest.fixture(scope="module")
def small_map() -> go.Figure:
    return overview_map(*synthetic(5), "fa")


def test_trace_count_does_not_grow_with_ties(small_map) -> None:
    big = overview_map(*synthetic(500), "fa")
    assert len(small_map.data) == len(big.data)
    assert len(big.data) <= 10


def test_all_ties_are_drawn_in_the_big_map() -> None:
    nodes, edges = synthetic(500)
    fig = overview_map(nodes, edges, "en")
    arcs = [tr for tr in fig.data if tr.mode == "lines" and tr.fill != "toself"]
    assert len(arcs) == 4, "one arc trace per kind plus one for ties without exchange"
    # Each tie ends with a None break (antimeridian crossings add more).
    assert sum(list(tr.lon).count(None) for tr in arcs) >= 500


def test_geo_builtin_layers_are_off(small_map) -> None:
    geo = small_map.layout.geo
    for layer in GEO_LAYERS:
        assert getattr(geo, layer) is False, layer
    assert geo.projection.type == "natural earth"


def test_basemap_is_one_filled_trace(small_map) -> None:
    filled = [tr for tr in small_map.data if getattr(tr, "fill", None) == "toself"]
    assert len(filled) == 1
    assert list(filled[0].lon).count(None) > 100


def test_nothing_makes_plotly_fetch_topojson(small_map) -> None:
    # plotly.js fetches topojson when a show* layer is on or a trace has a locationmode
    # (set with `locations`); a Choropleth always fetches it.
    for trace in small_map.data:
        assert not isinstance(trace, go.Choropleth)
        assert isinstance(trace, go.Scattergeo)
        assert trace.locations is None
        assert trace.locationmode is None
        assert trace.geojson is None


def test_html_export_loads_nothing_from_the_network(small_map) -> None:
    page = small_map.to_html(include_plotlyjs=True, full_html=True)
    # plotly.js itself carries its *default* topojson address as a string; drop the bundle
    # and check what is ours: the figure, the config and the page around them.
    bundle = plotly.offline.get_plotlyjs()
    assert bundle in page
    ours = page.replace(bundle, "")
    assert "cdn.plot.ly" not in ours
    assert "topojson" not in ours.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", ours)
    assert "fonts.googleapis" not in ours


def test_no_topojson_url_in_layout(small_map) -> None:
    layout = small_map.layout.to_plotly_json()
    assert "topojson" not in str(layout).lower()


def test_view_is_fitted_to_the_data() -> None:
    nodes, edges = synthetic(1)
    nodes = nodes[nodes["city_id"].isin(["ir0", "ir1", "f0"])]
    nodes.loc[nodes["city_id"] == "f0", ["lon", "lat"]] = (30.0, 40.0)
    fig = overview_map(nodes, edges, "en")
    lon_range = fig.layout.geo.lonaxis.range
    lat_range = fig.layout.geo.lataxis.range
    assert lon_range[0] < 30 < 47 < lon_range[1]
    assert lon_range[1] - lon_range[0] < 120, "a regional network is not shown world-wide"
    assert lat_range[0] < 27 < 40 < lat_range[1]


def test_hover_text_escapes_data(small_map) -> None:
    nodes, edges = synthetic(5)
    nodes.loc[0, "name_en"] = "<script>alert(1)</script>"
    nodes.loc[0, "name_fa"] = "<script>alert(1)</script>"
    fig = overview_map(nodes, edges, "fa")
    texts = [
        str(x)
        for tr in fig.data
        for x in list(tr.hovertext or []) + list(tr.text or [])
        if x is not None
    ]
    joined = " ".join(texts)
    assert "<script>" not in joined
    assert "&lt;script&gt;" in joined


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_legend_names_follow_the_language(lang) -> None:
    fig = overview_map(*synthetic(8), lang)
    names = {tr.name for tr in fig.data if tr.showlegend is not False}
    expected = {label(k, lang) for k in ("technical", "cultural", "transit")}
    expected |= {t(k, lang) for k in ("legend.no_exchange", "legend.iranian_city")}
    expected.add(t("legend.foreign_city", lang))
    assert names == expected
    assert plain(fig.layout.title.text) == t("map.title", lang)


def test_legend_names_differ_between_languages() -> None:
    fa = {tr.name for tr in overview_map(*synthetic(5), "fa").data}
    en = {tr.name for tr in overview_map(*synthetic(5), "en").data}
    assert not fa & en


def test_persian_map_uses_persian_names_and_the_font(small_map) -> None:
    labels = [tr for tr in small_map.data if tr.mode == "text"]
    assert len(labels) == 1
    assert labels[0].text and all("شهر" in x for x in labels[0].text)
    assert small_map.layout.font.family == FONT_FAMILY
    assert small_map.layout.title.xanchor == "right"


def test_only_a_few_iranian_cities_are_labelled() -> None:
    fig = overview_map(*synthetic(50), "en")
    labels = next(tr for tr in fig.data if tr.mode == "text")
    assert 1 <= len(labels.text) <= 4
    assert labels.text[0] == "Iran City 0", "the largest city is labelled first"


def test_focus_keeps_only_the_ties_of_the_chosen_cities() -> None:
    nodes, edges = synthetic(20)
    full = overview_map(nodes, edges, "en")
    focused = overview_map(nodes, edges, "en", focus_city_ids=["ir3"])
    assert len(focused.data) == len(full.data)

    def breaks(fig):
        return sum(
            list(tr.lon).count(None)
            for tr in fig.data
            if tr.mode == "lines" and tr.fill != "toself"
        )

    assert breaks(focused) < breaks(full)
    markers = [tr for tr in focused.data if tr.mode == "markers"]
    assert sum(len(tr.lon) for tr in markers) == 1 + (edges["city_a"] == "ir3").sum()


def test_map_with_no_ties_still_draws() -> None:
    nodes, edges = synthetic(0)
    fig = overview_map(nodes, edges, "fa")
    assert len(fig.data) == len(overview_map(*synthetic(5), "fa").data)


EVIDENCE_TABLE = pd.DataFrame(
    {
        "evidence": ["official", "official", "news", "wikidata"],
        "relation": ["sister", "cooperation", "sister", "sister"],
        "ties": [30, 6, 36, 30],
    }
)
KIND_TABLE = pd.DataFrame({"kind": ["technical", "cultural", "transit"], "exchanges": [52, 60, 48]})
YEAR_TABLE = pd.DataFrame(
    {
        "year": [2013, 2019, 2019, 2021],
        "kind": ["cultural", "technical", "transit", "cultural"],
        "exchanges": [2, 4, 9, 6],
    }
)


@pytest.mark.parametrize(
    ("build", "table", "title_key"),
    [
        (ties_by_evidence_chart, EVIDENCE_TABLE, "chart.ties_by_evidence"),
        (exchanges_by_kind_chart, KIND_TABLE, "chart.exchanges_by_kind"),
        (exchanges_by_year_chart, YEAR_TABLE, "chart.exchanges_by_year"),
    ],
)
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_bar_charts_are_labelled_in_the_language(build, table, title_key, lang) -> None:
    fig = build(table, lang)
    assert plain(fig.layout.title.text) == t(title_key, lang)
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert fig.layout.font.family == FONT_FAMILY
    ticks = " ".join(fig.layout.yaxis.ticktext or ())
    if lang == "fa":
        assert fig.layout.yaxis.side == "right"
        assert re.search("[۰-۹]", ticks) and not re.search("[0-9]", ticks)
    else:
        assert re.search("[0-9]", ticks)


def test_evidence_chart_stacks_relations_over_tiers() -> None:
    fig = ties_by_evidence_chart(EVIDENCE_TABLE, "en")
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == [label("sister", "en"), label("cooperation", "en")]
    sister = fig.data[0]
    assert list(sister.x) == [label(e, "en") for e in ("official", "news", "wikidata")]
    assert list(sister.y) == [30, 36, 30]


def test_kind_chart_values() -> None:
    fig = exchanges_by_kind_chart(KIND_TABLE, "fa")
    assert list(fig.data[0].y) == [52, 60, 48]
    assert list(fig.data[0].text) == ["۵۲", "۶۰", "۴۸"]


def test_year_chart_ticks_show_both_calendars() -> None:
    fig = exchanges_by_year_chart(YEAR_TABLE, "fa")
    assert fig.layout.barmode == "stack"
    ticks = list(fig.layout.xaxis.ticktext)
    index = list(fig.layout.xaxis.tickvals).index(2019)
    assert "۱۳۹۸" in ticks[index] and "۲۰۱۹" in ticks[index]
    en = exchanges_by_year_chart(YEAR_TABLE, "en")
    assert "2019" in en.layout.xaxis.ticktext[list(en.layout.xaxis.tickvals).index(2019)]


def test_year_chart_without_dated_exchanges() -> None:
    empty = pd.DataFrame({"year": pd.array([], dtype="Int64"), "kind": [], "exchanges": []})
    fig = exchanges_by_year_chart(empty, "fa")
    assert len(fig.data) == 0


def test_figure_modules_do_not_import_streamlit() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import graph.views.overview, graph.places.geo, graph.analysis.overview, "
        "graph.i18n; "
        "sys.exit('streamlit' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr or "graph/ imported streamlit"
