"""The Statistics page's map of ties per country or continent: equal-area, offline, a
legend class per range of counts, names in Persian or English."""

from __future__ import annotations

import pytest

from graph.analysis.geography import ties_by_area
from graph.i18n import t
from graph.views.statistics import MAP_PROJECTION, TIE_CLASSES, area_name, ties_map_figure


@pytest.fixture(scope="module")
def areas(seeded_store):
    return {
        g: ties_by_area(seeded_store.ties("world"), seeded_store.cities(), g)
        for g in ("country", "continent")
    }


@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("grouping", ["country", "continent"])
def test_map_is_equal_area_and_drawn_offline(areas, grouping, lang):
    fig = ties_map_figure(areas[grouping], grouping, lang)
    geo = fig.layout.geo
    assert MAP_PROJECTION == "equal earth" and geo.projection.type == MAP_PROJECTION
    assert not any((geo.showland, geo.showcountries, geo.showcoastlines, geo.showocean))
    fills = [tr for tr in fig.data if tr.fill == "toself"]
    used = {
        i
        for i, (low, high) in enumerate(TIE_CLASSES)
        if any(low <= n and (high is None or n <= high) for n in areas[grouping]["ties"])
    }
    assert len(fills) == len(used), "one legend entry per class that occurs"
    assert all(tr.showlegend is not False for tr in fills)
    assert fig.layout.legend.title.text == t("stats.map.legend", lang)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_hovers_name_each_area_with_its_ties(areas, lang):
    frame = areas["continent"]
    fig = ties_map_figure(frame, "continent", lang)
    hovers = " ".join(fig.data[-1].hovertext)
    for row in frame.to_dict("records"):
        assert area_name(row, "continent", lang) in hovers
    assert t("continent.europe", lang) in hovers
    countries = ties_map_figure(areas["country"], "country", lang)
    assert ("ایران" if lang == "fa" else "Iran") in " ".join(countries.data[-1].hovertext)
