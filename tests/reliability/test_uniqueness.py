"""What the importer calls "already stored" has a unique key behind it in the store.

Two imports of one file at the same moment both see nothing stored, both write: the
store's unique index on the exchange's key (pair, date, kind, folded title) and on the
tie's pair stops the second, which then writes again and finds every row already stored.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

import graph.io.importer as importer
from graph.io.edits import Edit, EditRejected, add_exchange, edit_rows
from graph.store.engine import migrate
from graph.store.schema import exchange_key, exchanges_table, set_meta, ties_table
from tests.builders import insert, make_exchange, make_store

ROWS = 40


def _exchanges_file() -> bytes:
    lines = ["city_a,city_b,date,kind,intensity,title"]
    lines += [f"Tehran,Kazan,2020-01-{i % 28 + 1:02d},cultural,1,Visit {i}" for i in range(ROWS)]
    return ("\n".join(lines) + "\n").encode()


def _ties_file() -> bytes:
    return b"city_a,city_b,relation\nTehran,Kazan,sister\nIsfahan,Kazan,friendship\n"


def _import_twice_at_once(store, data: bytes, monkeypatch) -> list:
    """Import ``data`` from two threads whose transactions both begin (and so both read
    what is stored) before either writes its rows."""
    barrier = threading.Barrier(2, timeout=5)  # SQLite lets one writer in: it times out
    record_batch = importer.record_batch

    def batch_then_wait(*args, **kwargs):
        batch_id = record_batch(*args, **kwargs)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return batch_id

    monkeypatch.setattr(importer, "record_batch", batch_then_wait)
    reports: list = [None, None]
    failures: list = []

    def run(i: int) -> None:
        try:
            reports[i] = importer.import_file(store, data, who=f"editor{i}")
        except Exception as exc:  # a traceback is the defect this test is about
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    return reports


def test_one_exchanges_file_imported_twice_at_once_is_stored_once(db_url, monkeypatch):
    store = make_store(db_url)
    reports = _import_twice_at_once(store, _exchanges_file(), monkeypatch)
    with store.engine.connect() as conn:
        titles = list(conn.execute(sa.select(exchanges_table.c.title).where(
            exchanges_table.c.title.like("Visit %"))).scalars())
    assert len(titles) == ROWS, f"{len(titles) - len(set(titles))} duplicates"
    assert sorted(r.inserted for r in reports) == [0, ROWS]
    assert all(r.accepted and not r.errors for r in reports), [r.errors for r in reports]
    assert sorted(r.unchanged for r in reports) == [0, ROWS]


def test_one_ties_file_imported_twice_at_once_is_stored_once(db_url, monkeypatch):
    store = make_store(db_url)
    reports = _import_twice_at_once(store, _ties_file(), monkeypatch)
    with store.engine.connect() as conn:
        pairs = list(conn.execute(sa.select(ties_table.c.pair_key)).scalars())
    assert sorted(pairs) == sorted(set(pairs)) and len(pairs) == 3
    assert all(not r.errors for r in reports), [r.errors for r in reports]


def test_the_same_exchange_cannot_be_stored_twice(db_url):
    store = make_store(db_url)
    # the builders' seed exchange: Tehran - Paris, 2015-05, cultural, "Iran week"
    with pytest.raises(sa.exc.IntegrityError):
        insert(store, exchanges_table, [make_exchange(
            city_a="paris_fr", city_b="tehran", date="2015-05", year=2015, title="IRAN WEEK"
        )])


def test_add_exchange_refuses_an_exchange_stored_meanwhile(db_url):
    store = make_store(db_url)
    fields = {"city_a": "Tehran", "city_b": "Kazan", "date": "2020", "kind": "cultural",
              "intensity": 1, "title": "Film week"}
    add_exchange(store, fields, "a")
    with pytest.raises(EditRejected):
        add_exchange(store, {**fields, "title": "FILM WEEK"}, "b")


def test_migration_merges_exchanges_stored_more_than_once(db_url):
    store = make_store(db_url)
    with store.engine.begin() as conn:  # a store of schema version 2, duplicates and all
        conn.execute(sa.text("DROP INDEX uq_exchange_record"))
        conn.execute(exchanges_table.update().values(record_key=None))
        insert(conn, exchanges_table, [
            make_exchange(city_a="tehran", city_b="paris_fr", date="2015-05", year=2015,
                          title="Iran Week", record_key=None),
            make_exchange(city_a="tehran", city_b="kazan", title="Visit", record_key=None),
            make_exchange(city_a="kazan", city_b="tehran", title="visit ", record_key=None),
        ])
        set_meta(conn, "schema_version", "2")
    assert migrate(store.engine) == 2
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(exchanges_table.c.title, exchanges_table.c.record_key)).all()
    assert sorted(r.title for r in rows) == ["Iran week", "Visit"]  # the first stored is kept
    assert all(r.record_key for r in rows)
    with pytest.raises(sa.exc.IntegrityError):
        insert(store, exchanges_table, [make_exchange(title="VISIT")])


def test_an_edit_keeps_the_key_in_step(db_url):
    store = make_store(db_url)
    stored = store.exchanges().iloc[0]
    edit = Edit(row_id=int(stored["exchange_id"]), read=stored.to_dict(),
                changes={"title": "Culture week"})
    edit_rows(store, "exchanges", [edit], "a")
    with store.engine.connect() as conn:
        key = conn.execute(sa.select(exchanges_table.c.record_key)).scalar_one()
    assert key == exchange_key(stored["pair_key"], stored["date"], stored["kind"], "culture WEEK")
