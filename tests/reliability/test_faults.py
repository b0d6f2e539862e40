"""Faults and concurrency: nothing half-written, nothing stored twice.

- An import and a restore are killed (SIGKILL, in a child process) at random moments of
  their work; the store is then exactly as before or exactly as after, never between.
- Several imports of one file and several edits of one tie run at once; every exchange
  is stored once, every tie edit is one version and one batch, or a clean conflict.

Both run on SQLite and PostgreSQL. The moments are drawn from a fixed seed, within the
time a full run of the same work takes on this machine (measured first).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from graph.io.importer import import_file
from graph.store.backup import backup, restore
from graph.store.changes import ConflictError, edit_tie
from graph.store.schema import (
    batches_table,
    changes_table,
    exchanges_table,
    metadata,
    ties_table,
)
from tests.conftest import REPO_ROOT

KILLS = 4  # per kind of work and database
ROWS = 300
SEED = 12

_CHILD = r"""
import sys
from graph.store.engine import open_store
store = open_store(sys.argv[2], seed=False)
data = open(sys.argv[3], "rb").read()
if sys.argv[1] == "import":
    from graph.io.importer import import_file
    work = lambda: import_file(store, data, who="killed")
else:
    from graph.store.backup import restore
    work = lambda: restore(store, sys.argv[3], who="killed")
print("ready", flush=True)
sys.stdin.readline()
work()
print("done", flush=True)
"""

# columns that differ between two runs of the same work (ids drawn from a sequence, times)
_VOLATILE = {"exchange_id", "tie_id", "batch_id", "change_id", "at", "undone_by"}


def exchanges_file(rows: int = ROWS) -> bytes:
    lines = ["city_a,city_b,date,kind,intensity,title"]
    lines += [f"Tehran,Kazan,2020-01-{i % 28 + 1:02d},cultural,1,Visit {i}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def snapshot(store) -> dict[str, list[tuple]]:
    """Every table's rows without the columns two runs of the same work differ in; the
    change log as the tables and operations it records."""
    with store.engine.connect() as conn:
        out = {}
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in _VOLATILE]
            if table is changes_table:
                columns = [table.c.table_name, table.c.operation]
            out[table.name] = sorted(
                (tuple(repr(v) for v in row) for row in conn.execute(sa.select(*columns))),
            )
        return out


class Child:
    """The work in a child process, started and ready (imports done, store open)."""

    def __init__(self, kind: str, url: str, path: Path, tmp: Path):
        env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "OPENBLAS_NUM_THREADS": "1",
               "DIPLOMACY_BACKUP_DIR": str(tmp / "backups")}
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CHILD, kind, url, str(path)],
            cwd=REPO_ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )
        line = self.process.stdout.readline()
        assert line.strip() == "ready", self.process.stderr.read()

    def go(self) -> float:
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        return time.monotonic()

    def finish(self) -> float:
        start = self.go()
        out, err = self.process.communicate(timeout=300)
        assert self.process.returncode == 0 and "done" in out, err
        return time.monotonic() - start

    def kill_after(self, seconds: float) -> None:
        self.go()
        time.sleep(seconds)
        self.process.send_signal(signal.SIGKILL)
        self.process.communicate(timeout=60)


def _undo_import(store) -> None:
    """Put the store back as before an import (the test's own reset, not a user's undo)."""
    with store.engine.begin() as conn:
        ids = list(conn.execute(sa.select(batches_table.c.batch_id).where(
            batches_table.c.who == "killed")).scalars())
        conn.execute(changes_table.delete().where(changes_table.c.batch_id.in_(ids)))
        conn.execute(batches_table.delete().where(batches_table.c.batch_id.in_(ids)))
        conn.execute(exchanges_table.delete().where(exchanges_table.c.title.like("Visit %")))


def _kill_at_random_moments(store, kind: str, path: Path, tmp: Path, reset) -> Counter:
    url = store.engine.url.render_as_string(hide_password=False)
    before = snapshot(store)
    took = Child(kind, url, path, tmp).finish()
    after = snapshot(store)
    assert after != before
    reset()
    before = snapshot(store)
    rng = random.Random(f"{SEED}-{kind}-{store.engine.dialect.name}")
    outcomes: Counter = Counter()
    for _ in range(KILLS):
        moment = rng.uniform(0, took * 0.8)  # the end of a run is mostly the exit
        Child(kind, url, path, tmp).kill_after(moment)
        found = snapshot(store)
        assert found in (before, after), f"half-written after a kill at {moment:.2f} s"
        outcomes["before" if found == before else "after"] += 1
        if found == after:
            reset()
            before = snapshot(store)
    print(f"{kind} on {store.engine.dialect.name}: a full run {took:.2f} s, "
          f"{KILLS} kills survived ({dict(outcomes)})")
    return outcomes


def test_an_import_killed_at_any_moment_leaves_all_or_nothing(store, tmp_path):
    path = tmp_path / "exchanges.csv"
    path.write_bytes(exchanges_file())
    outcomes = _kill_at_random_moments(store, "import", path, tmp_path,
                                       lambda: _undo_import(store))
    assert sum(outcomes.values()) == KILLS


def test_a_restore_killed_at_any_moment_leaves_all_or_nothing(store, tmp_path):
    kept = tmp_path / "before.json"
    backup(store, kept)
    import_file(store, exchanges_file(), who="sara")
    bigger = tmp_path / "bigger.json"
    backup(store, bigger)
    restore(store, kept, who="sara")
    outcomes = _kill_at_random_moments(store, "restore", bigger, tmp_path,
                                       lambda: restore(store, kept, who="sara"))
    assert sum(outcomes.values()) == KILLS


# --- at the same moment ------------------------------------------------------------------

IMPORTS, EDITS = 4, 4


def test_imports_and_edits_at_once_store_everything_once(store):
    data = exchanges_file(200)
    tie_id = int(store.ties().iloc[0]["tie_id"])
    start = threading.Barrier(IMPORTS + EDITS, timeout=30)
    results: list = []
    failures: list = []

    def importing(i: int) -> None:
        start.wait()
        try:
            results.append(("import", import_file(store, data, who=f"importer{i}")))
        except Exception as exc:  # a traceback is a defect here
            failures.append(exc)

    def editing(i: int) -> None:
        start.wait()
        try:
            # everyone read version 1: one edit wins, the others are told of the conflict
            results.append(("edit", edit_tie(store, tie_id, 1, {"note": f"edit {i}"},
                                             f"editor{i}")))
        except ConflictError as exc:
            results.append(("conflict", exc))
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=importing, args=(i,)) for i in range(IMPORTS)]
    threads += [threading.Thread(target=editing, args=(i,)) for i in range(EDITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not failures, failures
    with store.engine.connect() as conn:
        titles = list(conn.execute(sa.select(exchanges_table.c.title).where(
            exchanges_table.c.title.like("Visit %"))).scalars())
        tie = conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == tie_id)).one()
        edit_batches = conn.execute(sa.select(sa.func.count()).where(
            batches_table.c.who.like("editor%"))).scalar()
    duplicates = len(titles) - len(set(titles))
    print(f"{IMPORTS} imports and {EDITS} edits at once on {store.engine.dialect.name}: "
          f"{duplicates} duplicates, {Counter(kind for kind, _ in results)}")
    assert duplicates == 0 and len(set(titles)) == 200
    imports = [r for kind, r in results if kind == "import"]
    assert sorted(r.inserted for r in imports) == [0] * (IMPORTS - 1) + [200]
    edits = [r for kind, r in results if kind == "edit"]
    assert len(edits) == 1 and edit_batches == 1
    assert tie.version == 2 and tie.note.startswith("edit ")
