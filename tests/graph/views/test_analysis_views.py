"""Tables and figures of the Statistics and City pages, on hand-made data and the seed."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.city import city_card
from graph.analysis.metrics import structure_stats
from graph.analysis.opportunities import TERMS
from graph.i18n import CATALOGUE, t
from graph.model import KINDS
from graph.names import AUTOMATIC_MARK, listed_names_note
from graph.views.city import (
    CARD_METRICS,
    evidence_text,
    exchange_timeline,
    metric_table,
    partner_table,
    sources_html,
)
from graph.views.statistics import (
    KONECT_TWIN,
    STAT_ROWS,
    comparison_table,
    degree_distribution,
    degree_figure,
    top_cities,
)


def test_keys_built_at_run_time_exist():
    keys = [f"stats.row.{k}" for k, _ in STAT_ROWS]
    keys += [f"city.metric.{k}" for k, _ in CARD_METRICS] + ["city.metric.community"]
    keys += [f"opp.term.kind_{k}" for k in KINDS] + [f"opp.term.{k}" for k in TERMS]
    keys += ["opp.measure.intensity", "opp.measure.decayed", "stats.col.iran", "stats.col.world"]
    assert [k for k in keys if k not in CATALOGUE] == []


def test_konect_figures_are_the_published_ones():
    assert KONECT_TWIN == {
        "nodes": 14_274,
        "edges": 20_573,
        "max_degree": 99,
        "largest_component": 10_320,
        "mean_distance": 7.65,
        "clustering": 0.111,
        "assortativity": 0.387,
    }


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_comparison_table(lang):
    iran = {"nodes": 152, "edges": 163, "assortativity": -0.426, "mean_distance": 4.234}
    world = {"nodes": 17183, "assortativity": 0.37, "clustering": None}
    table = comparison_table(iran, world, lang)
    assert len(table) == len(STAT_ROWS) and table.shape[1] == 4
    rows = table.set_index(t("stats.col.measure", lang))
    nodes = rows.loc[t("stats.row.nodes", lang)]
    expected = ["152", "17,183", "14,274"] if lang == "en" else ["۱۵۲", "۱۷٬۱۸۳", "۱۴٬۲۷۴"]
    assert list(nodes) == expected
    assortativity = list(rows.loc[t("stats.row.assortativity", lang)])
    assert assortativity == (
        ["-0.426", "+0.370", "+0.387"] if lang == "en" else ["-۰٫۴۲۶", "+۰٫۳۷۰", "+۰٫۳۸۷"]
    )
    assert rows.loc[t("stats.row.clustering", lang)].iloc[1] == "–"  # missing: a dash


def test_degree_distribution_and_figure():
    graph = nx.disjoint_union(nx.star_graph(4), nx.path_graph(3))
    dist = degree_distribution(graph)
    assert dist.to_dict("list") == {"partners": [1, 2, 4], "cities": [6, 1, 1]}
    fig = degree_figure({"iran": dist, "world": dist}, "fa")
    assert [tr.name for tr in fig.data] == [t("stats.col.iran", "fa"), t("stats.col.world", "fa")]
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert list(fig.layout.xaxis.ticktext) == ["۱"]  # up to 4 partners: one decade
    assert fig.layout.yaxis.side == "right"


def test_top_cities_in_both_languages():
    graph = nx.star_graph(3)
    names = {0: ("Tehran", "تهران"), 1: ("Kazan", None), 2: ("Baku", "باکو"), 3: ("Ufa", None)}
    for node, (en, fa) in names.items():
        graph.nodes[node].update(name_en=en, name_fa=fa, country="XX")
    table = top_cities(graph, "fa", n=2, extra={"میانجی‌گری": {0: 1.0}})
    assert list(table[t("stats.col.city", "fa")]) == ["تهران", "باکو"]  # then by English name
    assert list(table[t("stats.col.partners", "fa")]) == ["۳", "۱"]
    assert list(table["میانجی‌گری"]) == ["۱٫۰۰۰", "۰٫۰۰۰"]


def test_structure_stats_by_hand():
    graph = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
    graph.add_edge("c", "x")
    nx.set_node_attributes(graph, {n: ("IR" if n in "abc" else "TR") for n in graph}, "country")
    stats = structure_stats(graph)
    assert stats["communities"] == 2
    assert stats["international_share"] == pytest.approx(1 / 7)
    assert stats["country_assortativity"] > 0.5
    assert stats["modularity"] == pytest.approx(
        nx.community.modularity(graph, [set("abc"), set("xyz")])
    )
    assert structure_stats(nx.empty_graph(3))["communities"] == 0


# --- city card views ---------------------------------------------------------------------


def _card() -> dict:
    partner = {
        "city_id": "m",
        "name_en": "Moscow",
        "name_fa": "مسکو",
        "country": "RU",
        "relation": "sister",
        "since": 2004,
        "status": "signed",
        "evidence": "wikidata",
        "sources": ["https://example.org/a?x=1&y=2", "Tehran municipality letter 12/3"],
        "exchanges_by_kind": {"technical": 2, "cultural": 0, "transit": 1},
        "exchanges": 3,
        "last_exchange": "2025-10-27",
        "routes": 4,
        "weights": {"technical": 1.0, "cultural": 0.0, "transit": 1.6},
    }
    return {"city": {"city_id": "t", "name_en": "Tehran"}, "partners": [partner]}


def test_evidence_badges():
    assert evidence_text("wikidata", "en") == "Wikidata · unverified"
    assert evidence_text("wikipedia", "fa") == "ویکی‌پدیا · فقط دانشنامه"
    assert evidence_text("news", "en") == "News"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_partner_table(lang):
    table = partner_table(_card(), lang)
    row = table.iloc[0]
    assert row[t("city.col.partner", lang)] == ("مسکو" if lang == "fa" else "Moscow")
    assert row[t("city.col.since", lang)] == ("۱۳۸۳ (۲۰۰۴ م)" if lang == "fa" else "2004 (1383 SH)")
    assert row[t("city.col.last", lang)].startswith("۵ آبان ۱۴۰۴" if lang == "fa" else "2025-10-27")
    assert row[t("kind.technical", lang)] == ("۲" if lang == "fa" else "2")
    assert row[t("city.col.routes", lang)] == ("۴" if lang == "fa" else "4")
    assert t("badge.unverified", lang) in row[t("city.col.evidence", lang)]


def test_partner_table_marks_an_automatic_persian_name_and_says_why():
    card = _card()
    assert listed_names_note(card["partners"], "fa") == ""  # a checked name: no mark
    card["partners"][0]["name_fa_origin"] = "automatic"
    fa = partner_table(card, "fa").iloc[0][t("city.col.partner", "fa")]
    en = partner_table(card, "en").iloc[0][t("city.col.partner", "en")]
    assert fa == f"مسکو {AUTOMATIC_MARK}" and en == "Moscow"  # the English name is not chosen
    note = listed_names_note(card["partners"], "fa")
    assert note.startswith(AUTOMATIC_MARK) and "GeoNames" in note
    assert listed_names_note(card["partners"], "en") == ""


def test_sources_html_escapes_and_links_only_http():
    card = _card()
    card["partners"][0]["name_en"] = "<script>x</script>"
    card["partners"][0]["sources"].append("javascript:alert(1)")
    page = sources_html(card, "en")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count("<a ") == 1
    assert 'href="https://example.org/a?x=1&amp;y=2"' in page
    assert "Tehran municipality letter 12/3" in page and "javascript:alert(1)" in page
    assert 'href="javascript' not in page


def test_exchange_timeline_escapes_and_colours_by_kind():
    exchanges = pd.DataFrame(
        {
            "city_a": ["t", "m", "t"],
            "city_b": ["m", "t", "m"],
            "date": ["2019-08-07", "2021", None],
            "kind": ["technical", "transit", "cultural"],
            "intensity": [2, 3, 1],
            "title": ["<b>metro</b> deal", "train", "undated"],
        }
    )
    names = {"m": {"name_en": "Moscow", "name_fa": "مسکو"}}
    fig = exchange_timeline(exchanges, "t", names, "fa")
    assert [tr.name for tr in fig.data] == [t("kind.technical", "fa"), t("kind.transit", "fa")]
    assert "&lt;b&gt;metro&lt;/b&gt;" in fig.data[0].hovertext[0]
    assert list(fig.data[0].y) == ["مسکو"]
    assert fig.layout.xaxis.autorange is True  # time runs left to right, as on the Overview
    assert "۱۳۹۸" in fig.layout.xaxis.ticktext[0]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_exchange_timeline_marks_cities_with_no_tie(lang):
    exchanges = pd.DataFrame(
        {
            "city_a": ["t", "k", "t"],
            "city_b": ["m", "t", "k"],
            "date": ["2019-08-07", "2020-01", "2021"],
            "kind": ["technical", "technical", "cultural"],
            "intensity": [2, 1, 1],
            "title": ["metro", "visit", "festival"],
        }
    )
    names = {
        "m": {"name_en": "Moscow", "name_fa": "مسکو"},
        "k": {"name_en": "Konya", "name_fa": "قونیه"},
    }
    fig = exchange_timeline(exchanges, "t", names, lang, partners=["m"])
    konya = t("city.timeline.no_tie", lang, city="قونیه" if lang == "fa" else "Konya")
    moscow = "مسکو" if lang == "fa" else "Moscow"
    rows = {y for trace in fig.data for y in trace.y}
    assert rows == {moscow, konya}
    assert all(
        konya in h
        for trace in fig.data
        for h, y in zip(trace.hovertext, trace.y, strict=True)
        if y == konya
    )
    # Without the partners the rows are the plain names, as before.
    plain = exchange_timeline(exchanges, "t", names, lang)
    assert {y for trace in plain.data for y in trace.y} == {
        moscow,
        "قونیه" if lang == "fa" else "Konya",
    }


def test_metric_table_ranks():
    rows = [
        {
            "city_id": c,
            "partners": p,
            "strength_technical": 0.0,
            "strength_cultural": 0.0,
            "strength_transit": 0.0,
            "betweenness": b,
            "eigenvector": 1.0,
            "constraint": k,
            "community": 0,
        }
        for c, p, b, k in [("t", 5, 0.5, 0.2), ("s", 2, 0.1, 0.6), ("m", 9, 0.9, 0.1)]
    ]
    table = metric_table(rows, "t", {"t", "s"}, "en")
    ranks = dict(zip(table["Measure"], table["Rank among Iranian cities"], strict=True))
    assert ranks["Partners"] == "1 of 2"  # Moscow is not Iranian
    assert ranks["Burt's constraint (low = broker)"] == "1 of 2"
    assert dict(zip(table["Measure"], table["Value"], strict=True))["Community"] == "1"
    assert metric_table(rows, "zz", {"t"}, "en").empty


def test_seeded_tehran_card_views(seeded_store):
    card = city_card(seeded_store, "Tehran")
    table = partner_table(card, "fa")
    assert len(table) == 36
    page = sources_html(card, "fa")
    assert page.count("<li>") == 36 and 'dir="rtl"' in page


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_every_time_axis_runs_the_same_way(lang):
    """The City card's timeline and the exchanges by year (Overview, Map) run the same
    way, earliest on the left, in both languages (the City card's ran right to left in
    Persian, the Overview's left to right)."""
    from graph.views.overview import exchanges_by_year_chart
    from graph.views.style import TIME_AXIS

    exchanges = pd.DataFrame(
        {
            "city_a": ["t", "t"],
            "city_b": ["m", "m"],
            "date": ["2015-03-01", "2021-06-01"],
            "kind": ["technical", "cultural"],
            "intensity": [1, 2],
            "title": ["a", "b"],
        }
    )
    names = {"m": {"name_en": "Moscow", "name_fa": "مسکو"}}
    card = exchange_timeline(exchanges, "t", names, lang)
    table = pd.DataFrame(
        {"year": [2015, 2021], "kind": ["technical", "cultural"], "exchanges": [1, 2]}
    )
    by_year = exchanges_by_year_chart(table, lang)
    for fig in (card, by_year):
        assert fig.layout.xaxis.autorange == TIME_AXIS["autorange"] is True
    # the earliest tick is the first one, drawn on the left
    assert card.layout.xaxis.tickvals[0] < card.layout.xaxis.tickvals[-1]
    assert by_year.layout.xaxis.tickvals[0] < by_year.layout.xaxis.tickvals[-1]
