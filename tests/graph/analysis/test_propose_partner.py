"""A suggested partner becomes a proposed tie through the audited importer, and can be undone."""

from __future__ import annotations

from graph.analysis.suggest import propose_partner
from graph.store.changes import list_batches, undo_batch
from graph.store.engine import open_store

TEHRAN, SHANGHAI = "112931", "1796236"


def test_suggestion_becomes_a_proposed_user_tie_that_can_be_undone(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/s.sqlite")
    before = store.content_hash()
    report = propose_partner(store, TEHRAN, SHANGHAI, who="planner", note="suggested")
    assert report.accepted, report.errors
    ties = store.ties("iran")
    tie = ties[(ties.city_a == TEHRAN) & (ties.city_b == SHANGHAI)].iloc[0]
    assert (tie.status, tie.origin, tie.evidence) == ("proposed", "user", "user")
    batch = list_batches(store)[0]
    assert batch["who"] == "planner" and batch["batch_id"] == report.batch_id
    undo_batch(store, report.batch_id, who="planner")
    assert store.content_hash() == before  # the data is as it was; the log keeps both
    assert len(store.ties("iran")) == 163


def test_an_unknown_city_is_refused_and_nothing_is_stored(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/s.sqlite")
    before = store.content_hash()
    report = propose_partner(store, TEHRAN, "no-such-city", who="planner")
    assert not report.accepted and report.errors
    assert store.content_hash() == before
