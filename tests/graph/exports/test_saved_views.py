"""Saved views: CRUD on SQLite and PostgreSQL, the config check, links that round-trip."""

from __future__ import annotations

import pytest

from graph.analysis.map_filter import MapView
from graph.exports.saved_views import (
    DEFAULT_VIEWS,
    SavedView,
    ViewError,
    create_view,
    delete_view,
    ensure_default_views,
    get_view,
    list_views,
    normalise_config,
    parse_link,
    reorder_views,
    update_view,
    view_link,
)
from graph.store.engine import open_store


@pytest.fixture
def store(db_url):
    return open_store(db_url, seed=False)


def test_crud_and_order(store):
    assert list_views(store) == []
    a = create_view(
        store, "a", "map", {"kinds": "cultural", "city": "112931"}, "الف", "A", who="sara"
    )
    b = create_view(store, "b", "network", {"city": "112931", "hops": "2"}, lang="en", who="sara")
    c = create_view(store, "c", "city", {"city": "112931"}, who="sara")
    assert [v.name for v in list_views(store)] == ["a", "b", "c"]
    assert (a.position, b.position, c.position) == (0, 1, 2)
    got = get_view(store, "a")
    assert got.config == {"kinds": "cultural", "city": "112931"}
    assert got.caption("fa") == "الف" and got.caption("en") == "A"
    assert got.created_at is not None and got.view_id is not None
    assert get_view(store, "b").caption("fa") == "b"  # no caption: the name

    updated = update_view(
        store, "a", caption_en="Cultural ties", config={"kinds": "transit"}, who="sara"
    )
    assert updated.caption_en == "Cultural ties" and updated.config == {"kinds": "transit"}
    renamed = update_view(store, "a", name="a2", who="sara")
    assert renamed.name == "a2" and renamed.position == 0
    with pytest.raises(ViewError):
        get_view(store, "a")

    assert [v.name for v in reorder_views(store, ["c", "a2"], who="sara")] == ["c", "a2", "b"]
    assert [v.position for v in list_views(store)] == [0, 1, 2]
    assert delete_view(store, "a2", who="sara") is True
    assert delete_view(store, "a2", who="sara") is False
    assert [v.name for v in list_views(store)] == ["c", "b"]
    # a new view goes to the end
    create_view(store, "d", "map", {}, who="sara")
    assert [v.name for v in list_views(store)] == ["c", "b", "d"]


def test_refusals(store):
    create_view(store, "x", "map", {}, who="sara")
    with pytest.raises(ViewError, match="already exists"):
        create_view(store, "x", "map", {}, who="sara")
    with pytest.raises(ViewError, match="page"):
        create_view(store, "y", "timeline", {}, who="sara")
    with pytest.raises(ViewError, match="name"):
        create_view(store, "  ", "map", {}, who="sara")
    with pytest.raises(ViewError, match="city"):
        create_view(store, "y", "city", {}, who="sara")
    with pytest.raises(ViewError, match="metric"):
        create_view(store, "y", "network", {"metric": "fame"}, who="sara")
    with pytest.raises(ViewError, match="language"):
        create_view(store, "y", "map", {}, lang="de", who="sara")
    with pytest.raises(ViewError, match="no saved view"):
        reorder_views(store, ["nope"], who="sara")
    create_view(store, "z", "map", {}, who="sara")
    with pytest.raises(ViewError, match="already exists"):
        update_view(store, "z", name="x", who="sara")
    assert [v.name for v in list_views(store)] == ["x", "z"]


def test_map_config_round_trips_through_mapview():
    view = MapView(kinds=("cultural",), year_from=2000, region="europe", city="112931")
    config = normalise_config("map", view.to_query())
    assert MapView.from_query(config) == view
    # malformed values fall back to the defaults, the language is kept apart
    assert normalise_config("map", {"region": "mars", "kinds": "bogus", "lang": "en"}) == {}


@pytest.mark.parametrize(
    ("page", "config"),
    [
        ("map", {"kinds": "technical,transit", "region": "middle_east", "year_to": "2010"}),
        ("network", {"city": "112931", "hops": "2", "metric": "strength", "top": "50"}),
        ("city", {"city": "112931"}),
    ],
)
def test_link_round_trip(page, config):
    view = SavedView("v", page, normalise_config(page, config), lang="en")
    link = view_link(view, "http://localhost:8501/")
    assert link.startswith(f"http://localhost:8501/{page}?")
    assert parse_link(link) == (page, view.config, "en")


def test_parse_link_refuses_other_pages_and_reads_bare_queries():
    with pytest.raises(ViewError):
        parse_link("http://localhost:8501/opportunities?x=1")
    assert parse_link("kinds=cultural&lang=fa") == ("map", {"kinds": "cultural"}, "fa")


def test_default_views_are_made_once(store):
    first = ensure_default_views(store, who="sara")
    again = ensure_default_views(store, who="sara")
    assert [v.name for v in first] == [v.name for v in again] == [d[0] for d in DEFAULT_VIEWS]
    pages = {v.page for v in first}
    assert pages == {"map", "network"}
    assert all(v.caption_fa and v.caption_en for v in first)
    kinds = {v.config.get("kinds") for v in first if v.page == "map"}
    assert {"technical", "cultural", "transit"} <= kinds
