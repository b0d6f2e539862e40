"""An import racing an edit of the same tie, on SQLite and PostgreSQL.

The editor read the tie (its ``version``) before the import started. Whatever the
interleaving, exactly the writes that a serial order allows are stored: when both
succeed the edit was committed first and the import then overwrote the fields it
carries; otherwise the loser is told (ConflictError for the edit, a ``conflict`` issue for
the import) and nothing of it is stored. Versions go up by one per stored write, the
change log's images chain (each change's ``before`` is the previous change's ``after``),
and undoing the last batch brings the previous content back.

Interleavings: the two serial orders; a forced one where the import is paused right
before it updates the tie (with an engine event, the real store underneath) while the
edit runs; and free races started together by a ``threading.Barrier``. Every outcome
is checked against the same invariants, so no outcome depends on timing.
"""

from __future__ import annotations

import json
import threading

import sqlalchemy as sa

from graph.io.importer import import_file
from graph.store.changes import ConflictError, batch_changes, edit_tie, list_batches, undo_batch
from graph.store.engine import SQLITE_BUSY_MS
from graph.store.schema import changes_table, pair_key
from tests.builders import make_store
from tests.graph.io.test_io import TIES_HEADER, csv_bytes

PAIR = pair_key("tehran", "paris_fr")
FIELDS = ("relation", "status", "since", "evidence", "sources", "note")
FREE_RACES = 6
JOIN_SECONDS = 60


def tie_row(store) -> dict:
    return store.ties().set_index("pair_key").loc[PAIR].to_dict()


def file_for(round_no: int) -> tuple[bytes, dict]:
    """A ties file that changes the Tehran - Paris tie, and the fields it stores."""
    relation = "cooperation" if round_no % 2 == 0 else "friendship"
    note = f"from file {round_no}"
    data = csv_bytes(
        [
            TIES_HEADER,
            ["Tehran", "Paris, FR", relation, "signed", "2000", "official", "", note],
        ]
    )
    return data, {"relation": relation, "note": note}


class Outcome:
    """What each side of one race reported."""

    def __init__(self) -> None:
        self.edit_batch: int | None = None
        self.edit_conflict: ConflictError | None = None
        self.report = None
        self.errors: list[BaseException] = []


def run_edit(store, tie_id: int, read: int, note: str, outcome: Outcome) -> None:
    try:
        outcome.edit_batch = edit_tie(store, tie_id, read, {"note": note}, "editor")
    except ConflictError as exc:
        outcome.edit_conflict = exc
    except BaseException as exc:  # reported by the test, not lost in the thread
        outcome.errors.append(exc)


def run_import(store, data: bytes, outcome: Outcome) -> None:
    try:
        outcome.report = import_file(store, data, "importer", filename="race.csv")
    except BaseException as exc:
        outcome.errors.append(exc)


def check_round(store, start: dict, outcome: Outcome, filed: dict, edited_note: str) -> None:
    """The invariants of one race, whatever its interleaving."""
    assert not outcome.errors, outcome.errors  # no traceback ("database is locked" ...)
    report = outcome.report
    assert report is not None
    edit_ok = outcome.edit_batch is not None
    assert edit_ok != (outcome.edit_conflict is not None)
    import_ok = report.accepted and report.batch_id is not None
    if not import_ok:
        assert [e.to_dict()["code"] for e in report.errors] == ["conflict"]
        assert (report.inserted, report.updated) == (0, 0)
    assert edit_ok or import_ok, "one of the two must win"
    final = tie_row(store)
    assert final["version"] == start["version"] + edit_ok + import_ok
    if import_ok:
        # the import is last in any serial order that lets both succeed: its fields win
        assert {f: final[f] for f in filed} == filed
        if edit_ok:  # the edit went first and was stored whole
            (edited,) = _changes_of(store, outcome.edit_batch)
            assert edited["after"]["version"] == start["version"] + 1
            assert edited["after"]["note"] == edited_note
    else:
        assert final["note"] == edited_note and final["relation"] == start["relation"]
    if outcome.edit_conflict is not None:
        theirs = outcome.edit_conflict.theirs
        assert theirs["version"] > start["version"]
        assert theirs["note"] == filed["note"]
    batch_ids = {b["batch_id"] for b in list_batches(store)}
    assert (outcome.edit_batch in batch_ids) == edit_ok
    if import_ok:
        assert report.batch_id in batch_ids
        assert len(_changes_of(store, report.batch_id)) == 1
    # nothing half-written: no batch without its change, none for the side that lost
    assert all(b["rows"] >= 1 for b in list_batches(store))
    check_chain(store, final)


def _changes_of(store, batch_id: int) -> list[dict]:
    return [
        {
            **c,
            "before": json.loads(c["before"] or "null"),
            "after": json.loads(c["after"] or "null"),
        }
        for c in batch_changes(store, batch_id)
    ]


def check_chain(store, final: dict) -> None:
    """Every change of the tie, in version order: before == the previous after."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(changes_table).where(
                changes_table.c.table_name == "ties", changes_table.c.row_key == PAIR
            )
        ).mappings()
        images = [(json.loads(r["before"]), json.loads(r["after"])) for r in rows]
    images.sort(key=lambda pair: pair[1]["version"])
    versions = [after["version"] for _, after in images]
    assert versions == list(range(2, 2 + len(images))), versions
    for (_, previous_after), (before, _) in zip(images, images[1:], strict=False):
        assert before == previous_after
    stored = {k: v for k, v in final.items() if k in images[-1][1]}
    assert images[-1][1]["version"] == stored["version"]
    assert {f: images[-1][1][f] for f in FIELDS} == {f: _plain(stored[f]) for f in FIELDS}


def _plain(value):
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if value != value:  # NaN from pandas for a missing year
        return None
    return int(value) if isinstance(value, float) and value.is_integer() else value


def undo_last_and_check(store) -> None:
    """Undo the newest open batch: the tie's content is what it was before that batch."""
    last = max(
        (b for b in list_batches(store) if b["undone_by"] is None and b["action"] != "undo"),
        key=lambda b: _changes_of(store, b["batch_id"])[0]["after"]["version"],
    )
    (change,) = _changes_of(store, last["batch_id"])
    undo_batch(store, last["batch_id"], "lead")
    now = tie_row(store)
    assert {f: _plain(now[f]) for f in FIELDS} == {f: change["before"][f] for f in FIELDS}
    assert now["version"] == change["after"]["version"] + 1
    check_chain(store, now)


def test_serial_orders_import_first_then_edit_first(store):
    # import first: the edit, made from the version read before, is refused
    start = tie_row(store)
    data, filed = file_for(0)
    outcome = Outcome()
    run_import(store, data, outcome)
    run_edit(store, int(start["tie_id"]), int(start["version"]), "edit 0", outcome)
    assert outcome.edit_conflict is not None
    check_round(store, start, outcome, filed, "edit 0")
    # edit first: both are stored, the import's fields last
    start = tie_row(store)
    data, filed = file_for(1)
    outcome = Outcome()
    run_edit(store, int(start["tie_id"]), int(start["version"]), "edit 1", outcome)
    run_import(store, data, outcome)
    assert outcome.edit_batch is not None and outcome.report.updated == 1
    check_round(store, start, outcome, filed, "edit 1")
    undo_last_and_check(store)


def test_edit_lands_while_the_import_is_about_to_update_the_tie(store, db_url):
    """The import has read the tie and is paused right before its UPDATE; the edit runs.

    PostgreSQL: the edit commits (the import holds no lock on the tie yet), then the
    import's version check finds the tie changed and the import stores nothing.
    SQLite: the import already holds the database's write lock (it wrote its batch row),
    so the edit waits for it and then finds the tie changed: the edit is refused.
    """
    start = tie_row(store)
    data, filed = file_for(2)
    at_update, go_on = threading.Event(), threading.Event()
    importer: threading.Thread | None = None  # the import thread, set below

    def pause_import(conn, cursor, statement, parameters, context, executemany):
        if threading.current_thread() is importer and statement.lstrip().upper().startswith(
            "UPDATE TIES"
        ):
            at_update.set()
            assert go_on.wait(JOIN_SECONDS), "the test never let the import go on"

    sa.event.listen(store.engine, "before_cursor_execute", pause_import)
    outcome = Outcome()
    importer = threading.Thread(target=run_import, args=(store, data, outcome), name="import")
    importer.start()
    try:
        assert at_update.wait(JOIN_SECONDS), "the import never reached its UPDATE"
        editor = threading.Thread(
            target=run_edit,
            args=(store, int(start["tie_id"]), int(start["version"]), "edit 2", outcome),
        )
        editor.start()
        if store.engine.dialect.name == "postgresql":
            editor.join(JOIN_SECONDS)  # commits without waiting for the import
            assert not editor.is_alive()
        go_on.set()
        editor.join(JOIN_SECONDS)
        importer.join(JOIN_SECONDS)
    finally:
        go_on.set()
        sa.event.remove(store.engine, "before_cursor_execute", pause_import)
    assert not editor.is_alive() and not importer.is_alive()
    if store.engine.dialect.name == "postgresql":
        assert outcome.edit_batch is not None and not outcome.report.accepted
    else:
        assert outcome.edit_conflict is not None and outcome.report.updated == 1
    check_round(store, start, outcome, filed, "edit 2")
    undo_last_and_check(store)


# Where the import thread meets the edit thread: before the import writes anything,
# when it reads the tie inside its transaction, right before it updates the tie.
MEETING_POINTS = (
    ("INSERT INTO BATCHES", ""),
    ("SELECT", "FROM TIES"),
    ("UPDATE TIES", ""),
)


def race_once(store, round_no: int) -> Outcome:
    """One race: the import meets the edit at MEETING_POINTS[round_no % 3], then both run."""
    start = tie_row(store)
    data, filed = file_for(round_no + 3)
    note = f"edit {round_no}"
    outcome = Outcome()
    barrier = threading.Barrier(2)
    prefix, contains = MEETING_POINTS[round_no % len(MEETING_POINTS)]
    met: list[bool] = []

    def meet(conn, cursor, statement, parameters, context, executemany):
        text = " ".join(statement.split()).upper()
        in_import = threading.current_thread().name == "import"
        if in_import and not met and text.startswith(prefix) and contains in text:
            met.append(True)
            barrier.wait(JOIN_SECONDS)

    def edit_when_met():
        barrier.wait(JOIN_SECONDS)
        run_edit(store, int(start["tie_id"]), int(start["version"]), note, outcome)

    threads = [
        threading.Thread(target=run_import, args=(store, data, outcome), name="import"),
        threading.Thread(target=edit_when_met, name="edit"),
    ]
    if (round_no // len(MEETING_POINTS)) % 2:
        threads.reverse()  # start them in both orders
    sa.event.listen(store.engine, "before_cursor_execute", meet)
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(JOIN_SECONDS)
    finally:
        barrier.abort()  # never leave a thread waiting if the other one failed
        sa.event.remove(store.engine, "before_cursor_execute", meet)
    assert met, "the import never reached its meeting point"
    assert not any(thread.is_alive() for thread in threads)
    check_round(store, start, outcome, filed, note)
    return outcome


def test_free_races_started_together(store):
    """Both threads cross a Barrier together, the import at each of MEETING_POINTS, in
    both start orders, then run freely: every outcome must keep the invariants."""
    for round_no in range(FREE_RACES):
        race_once(store, round_no)
    undo_last_and_check(store)


def test_sqlite_writers_wait_long_enough_for_a_large_import(tmp_path):
    """An 8,000-row import holds SQLite's write lock for several seconds; an editor saving
    meanwhile waits for it (then gets a ConflictError or succeeds) instead of failing
    with "database is locked" after SQLite's default 5 s."""
    store = make_store(f"sqlite:///{tmp_path}/s.sqlite")
    with store.engine.connect() as conn:
        waits = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
        enforced = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    store.engine.dispose()
    assert waits == SQLITE_BUSY_MS >= 30_000
    assert enforced == 1


def test_an_import_without_a_note_column_keeps_an_edited_note(store):
    start = tie_row(store)
    edit_tie(store, int(start["tie_id"]), int(start["version"]), {"note": "kept"}, "editor")
    data = csv_bytes([["city_a", "city_b", "relation"], ["Tehran", "Paris, FR", "cooperation"]])
    report = import_file(store, data, "importer")
    assert report.accepted and report.updated == 1
    final = tie_row(store)
    assert final["relation"] == "cooperation"
    assert (final["note"], final["since"], final["evidence"]) == ("kept", 2000, "official")
