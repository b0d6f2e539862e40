"""Saved views: every write needs an editor's name and is in the change log, undoable."""

from __future__ import annotations

import pytest

from graph.exports.saved_views import (
    VIEW_ACTION,
    ViewError,
    create_view,
    delete_view,
    ensure_default_views,
    list_views,
    reorder_views,
    update_view,
)
from graph.i18n.changelog import describe_batch, parse_description
from graph.store.backup import backup, restore
from graph.store.changes import batch_changes, list_batches, undo_batch

CITY = {"city": "tehran"}


def _names(store) -> list[str]:
    return [v.name for v in list_views(store)]


@pytest.mark.parametrize("who", [None, "", "   "])
def test_every_write_refuses_without_an_editor(store, who):
    create_view(store, "kept", "city", CITY, who="sara")
    batches = list_batches(store)
    writes = [
        lambda: create_view(store, "new", "city", CITY, who=who),
        lambda: update_view(store, "kept", caption_en="x", who=who),
        lambda: update_view(store, "kept", name="renamed", who=who),
        lambda: reorder_views(store, ["kept"], who=who),
        lambda: delete_view(store, "kept", who=who),
        lambda: ensure_default_views(store, who=who),
    ]
    for write in writes:
        with pytest.raises(ViewError, match="signed-in editor"):
            write()
    assert _names(store) == ["kept"] and list_views(store)[0].caption_en == ""
    assert list_batches(store) == batches


def test_every_write_is_recorded_with_its_editor(store):
    create_view(store, "a", "city", CITY, who="sara")
    create_view(store, "b", "city", CITY, caption_en="B", who="sara")
    update_view(store, "a", caption_en="A", who="ali")
    update_view(store, "a", name="a2", who="ali")
    reorder_views(store, ["b", "a2"], who="maryam")
    delete_view(store, "b", who="maryam")
    batches = sorted(list_batches(store), key=lambda b: b["batch_id"])
    assert [b["action"] for b in batches] == [VIEW_ACTION] * 6
    assert [b["who"] for b in batches] == ["sara", "sara", "ali", "ali", "maryam", "maryam"]
    keys = [parse_description(b["description"])[0] for b in batches]
    assert keys == [
        "save_view", "save_view", "change_view", "rename_view", "reorder_views", "delete_view"
    ]
    assert [describe_batch(b, "en") for b in batches][3] == "view a renamed to a2"
    assert describe_batch(batches[4], "en") == "2 views moved in the presentation"
    assert all(describe_batch(b, "fa") for b in batches)
    assert [c["operation"] for c in batch_changes(store, batches[5]["batch_id"])] == ["delete"]


def test_saved_view_writes_can_be_undone(store):
    create_view(store, "a", "city", CITY, who="sara")
    create_view(store, "b", "city", CITY, who="sara")
    reorder_views(store, ["b", "a"], who="sara")
    delete_view(store, "a", who="sara")
    undone = sorted(list_batches(store), key=lambda b: -b["batch_id"])
    undo_batch(store, undone[0]["batch_id"], "sara")  # the delete
    assert _names(store) == ["b", "a"]
    undo_batch(store, undone[1]["batch_id"], "sara")  # the reorder
    assert _names(store) == ["a", "b"]
    undo_batch(store, undone[2]["batch_id"], "sara")  # the creation of b
    assert _names(store) == ["a"]


def test_a_backup_with_saved_view_changes_restores(store, tmp_path):
    create_view(store, "a", "city", CITY, who="sara")
    update_view(store, "a", caption_fa="الف", who="sara")
    path = tmp_path / "views.json.gz"
    backup(store, path)
    delete_view(store, "a", who="sara")
    restore(store, path, who="admin")
    assert _names(store) == ["a"] and list_views(store)[0].caption_fa == "الف"
