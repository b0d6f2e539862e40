"""In-place edits (graph.io.edits.edit_rows) and the add-exchange form's writer
(graph.io.edits.add_exchange), on SQLite and PostgreSQL, on the six-city hand-made store.

Every edit batch is checked for all-or-nothing: a bad value or a conflict leaves the
store's content hash unchanged and records no batch.
"""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from graph.io.edits import Edit as E
from graph.io.edits import EditRejected, RowConflict, add_exchange, edit_rows
from graph.io.rules import check_fields
from graph.store.changes import ConflictError, batch_changes, list_batches, undo_batch
from graph.store.schema import exchanges_table
from tests.builders import insert, make_exchange


def row(frame, column, value) -> dict:
    return frame[frame[column] == value].iloc[0].to_dict()


def add_second_exchange(store) -> int:
    (exchange_id,) = insert(store, exchanges_table, [make_exchange(
        city_a="isfahan", city_b="kazan", kind="technical", title="Metro talks",
    )])
    return int(exchange_id)

def test_multi_row_edit_is_one_batch_and_undo_restores_all(store):
    second = add_second_exchange(store)
    exchanges = store.exchanges()
    first = exchanges.iloc[0].to_dict()
    other = row(exchanges, "exchange_id", second)
    before = store.content_hash()
    batch = edit_rows(
        store,
        "exchanges",
        [
            E(first["exchange_id"], first, {"date": "۱۴۰۳/۰۵/۱۲", "intensity": "3"}),
            E(second, other, {"title": "Metro agreement", "source": "https://example.org/m"}),
        ],
        "sara",
    )
    after = store.exchanges()
    edited = row(after, "exchange_id", first["exchange_id"])
    assert (edited["date"], edited["year"], edited["intensity"]) == ("2024-08-02", 2024, 3)
    assert edited["origin"] == "user", "a newer seed never overwrites an edited row"
    assert row(after, "exchange_id", second)["title"] == "Metro agreement"
    (recorded,) = list_batches(store)
    assert (recorded["batch_id"], recorded["action"], recorded["rows"]) == (batch, "edit", 2)
    assert [c["operation"] for c in batch_changes(store, batch)] == ["update", "update"]
    undo_batch(store, batch, "sara")
    assert store.content_hash() == before


def test_tie_edit_bumps_version_and_stores_sources_as_a_list(store):
    tie = store.ties().iloc[0].to_dict()
    batch = edit_rows(
        store,
        "ties",
        [
            E(
                tie["tie_id"],
                tie,
                {
                    "status": "suspended",
                    "since": "1398",
                    "sources": "https://a.org | https://b.org",
                },
            )
        ],
        "sara",
    )
    edited = store.ties().iloc[0]
    assert (edited["status"], edited["since"], edited["version"]) == ("suspended", 2019, 2)
    assert edited["sources"] == ["https://a.org", "https://b.org"]
    assert edited["origin"] == "user"
    assert list_batches(store)[0]["batch_id"] == batch


def test_city_edit_and_unchanged_values_write_nothing(store):
    cities = store.cities()
    shiraz = row(cities, "city_id", "shiraz")
    assert edit_rows(store, "cities", [E("shiraz", shiraz, {"name_en": "Shiraz"})], "sara") is None
    assert list_batches(store) == []
    batch = edit_rows(
        store, "cities", [E("shiraz", shiraz, {"population": "۱٬۶۰۰٬۰۰۰", "name_fa": ""})], "sara"
    )
    edited = row(store.cities(), "city_id", "shiraz")
    assert (edited["population"], edited["origin"]) == (1_600_000, "user")
    assert pd.isna(edited["name_fa"]), "an emptied Persian name is stored as NULL"
    assert batch is not None


@pytest.mark.parametrize(
    ("table", "changes", "problems"),
    [
        (
            "ties",
            {"relation": "enemy", "since": "1750"},
            {("relation", "choice"), ("since", "year")},
        ),
        (
            "ties",
            {"sources": "javascript:alert(1)", "note": "x" * 2001},
            {("sources", "link"), ("note", "too_long")},
        ),
        (
            "exchanges",
            {"date": "1402/13/10", "intensity": 7, "title": "", "kind": "war"},
            {
                ("date", "date"),
                ("intensity", "intensity"),
                ("title", "required"),
                ("kind", "choice"),
            },
        ),
        (
            "cities",
            {"population": "-5", "name_en": ""},
            {("population", "population"), ("name_en", "required")},
        ),
    ],
)
def test_invalid_values_write_nothing_and_are_located(store, table, changes, problems):
    frames = {"ties": store.ties(), "exchanges": store.exchanges(), "cities": store.cities()}
    id_column = {"ties": "tie_id", "exchanges": "exchange_id", "cities": "city_id"}[table]
    first = frames[table].iloc[0].to_dict()
    good = store.ties().iloc[0].to_dict()
    before = store.content_hash()
    edits = [E(first[id_column], first, changes)]
    if table != "ties":  # one valid edit of another table does not matter; same table does
        edits.append(E(first[id_column], first, {"note": "fine"}))
    with pytest.raises(EditRejected) as caught:
        edit_rows(store, table, edits, "sara")
    found = {(i.issue.column, i.issue.problem) for i in caught.value.issues}
    assert found == problems
    assert all(i.row == first[id_column] for i in caught.value.issues)
    shown = caught.value.issues[0].to_dict("fa")
    assert set(shown) >= {"row", "column", "value", "problem", "fix"}
    assert shown["problem"] and shown["fix"]
    assert store.content_hash() == before
    assert list_batches(store) == []
    assert good["version"] == 1


def test_tie_conflict_by_version_writes_nothing(store):
    tie = store.ties().iloc[0].to_dict()
    edit_rows(store, "ties", [E(tie["tie_id"], tie, {"note": "first editor"})], "maryam")
    before = store.content_hash()
    with pytest.raises(ConflictError) as caught:
        edit_rows(store, "ties", [E(tie["tie_id"], tie, {"note": "second editor"})], "reza")
    assert caught.value.theirs["note"] == "first editor"
    assert caught.value.mine["note"] == "second editor"
    assert store.content_hash() == before
    assert len(list_batches(store)) == 1


@pytest.mark.parametrize("table", ["exchanges", "cities"])
def test_conflict_by_read_image_writes_nothing(store, table):
    second = add_second_exchange(store)
    frame = store.exchanges() if table == "exchanges" else store.cities()
    id_column = "exchange_id" if table == "exchanges" else "city_id"
    first = frame.iloc[0].to_dict()
    untouched = frame.iloc[-1].to_dict() if table == "cities" else row(frame, id_column, second)
    edit_rows(store, table, [E(first[id_column], first, {"note": "first editor"})], "maryam")
    before = store.content_hash()
    with pytest.raises(RowConflict) as caught:
        edit_rows(
            store,
            table,
            [
                E(untouched[id_column], untouched, {"note": "would be fine alone"}),
                E(first[id_column], first, {"note": "second editor"}),
            ],
            "reza",
        )
    assert isinstance(caught.value, ConflictError)
    assert caught.value.theirs["note"] == "first editor"
    assert caught.value.mine["note"] == "second editor"
    assert store.content_hash() == before, "the other row of the batch is not written either"


def test_a_row_removed_since_it_was_read_is_a_conflict(store):
    second = add_second_exchange(store)
    read = row(store.exchanges(), "exchange_id", second)
    with store.engine.begin() as conn:
        conn.execute(exchanges_table.delete().where(exchanges_table.c.exchange_id == second))
    before = store.content_hash()
    with pytest.raises(RowConflict) as caught:
        edit_rows(store, "exchanges", [E(second, read, {"note": "too late"})], "sara")
    assert caught.value.theirs == {} and caught.value.mine["note"] == "too late"
    assert store.content_hash() == before


def test_renaming_a_city_onto_another_of_its_country_is_refused(store):
    cities = store.cities()
    shiraz = row(cities, "city_id", "shiraz")
    before = store.content_hash()
    with pytest.raises(EditRejected) as caught:
        edit_rows(store, "cities", [E("shiraz", shiraz, {"name_en": "Isfahan"})], "sara")
    assert [(i.row, i.issue.problem) for i in caught.value.issues] == [("shiraz", "name_taken")]
    assert store.content_hash() == before


def test_ids_and_coordinates_are_not_editable(store):
    city = store.cities().iloc[0].to_dict()
    with pytest.raises(ValueError, match="cannot be edited"):
        edit_rows(store, "cities", [E(city["city_id"], city, {"lat": 1.0})], "sara")


def test_check_fields_uses_the_import_rules():
    values, issues = check_fields("exchanges", {"date": "1403", "intensity": "۲"})
    assert values == {"date": "2024", "year": 2024, "intensity": 2} and issues == []
    assert check_fields("ties", {"since": ""}) == ({"since": None}, [])
    assert [i.problem for i in check_fields("exchanges", {"source": "ftp://x.org/a"})[1]] == [
        "link"
    ]


@pytest.mark.parametrize(
    ("typed", "stored", "year"),
    [
        ("1403/05/12", "2024-08-02", 2024),
        ("۱۴۰۳-۰۵-۱۲", "2024-08-02", 2024),
        ("2024-08-02", "2024-08-02", 2024),
        ("1403", "2024", 2024),
        ("2024-08", "2024-08", 2024),
    ],
)
def test_add_exchange_stores_a_jalali_date_as_gregorian(store, typed, stored, year):
    batch = add_exchange(
        store,
        {
            "city_a": "اصفهان",
            "city_b": "kazan",
            "date": typed,
            "kind": "cultural",
            "intensity": 2,
            "title": "Week of culture",
            "source": "https://example.org/news",
            "evidence": "news",
        },
        "sara",
    )
    added = store.exchanges().iloc[-1]
    assert (added["date"], added["year"], added["city_a"], added["city_b"]) == (
        stored,
        year,
        "isfahan",
        "kazan",
    )
    assert added["origin"] == "user"
    (recorded,) = list_batches(store)
    assert (recorded["batch_id"], recorded["action"], recorded["rows"]) == (
        batch,
        "add_exchange",
        1,
    )
    undo_batch(store, batch, "sara")
    assert len(store.exchanges()) == 1, "undo deletes the added exchange"


@pytest.mark.parametrize(
    ("fields", "problems"),
    [
        ({"city_b": "tehran"}, {("city_b", "self_loop")}),
        ({"city_b": "Qwxzrtyville"}, {("city_b", "city_unknown")}),
        ({"date": "1403/13/40", "intensity": "4"}, {("date", "date"), ("intensity", "intensity")}),
        (
            {"source": "javascript:alert(1)", "title": ""},
            {("source", "link"), ("title", "required")},
        ),
        (
            {"city_b": "paris_fr", "date": "2015-05", "title": "IRAN WEEK"},
            {("title", "exchange_stored")},
        ),
    ],
)
def test_add_exchange_refuses_what_an_import_refuses(store, fields, problems):
    before = store.content_hash()
    good = {
        "city_a": "tehran",
        "city_b": "kazan",
        "date": "1403/05/12",
        "kind": "cultural",
        "intensity": 2,
        "title": "Week",
    }
    with pytest.raises(EditRejected) as caught:
        add_exchange(store, {**good, **fields}, "sara")
    assert {(i.issue.column, i.issue.problem) for i in caught.value.issues} == problems
    assert store.content_hash() == before
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(exchanges_table)).scalar() == 1
