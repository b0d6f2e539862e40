"""The sign-in lock-out under concurrency, across servers and restarts, on both backends.

Wrong passwords arrive at once from many threads, split between two Store objects (two
engines, as two server processes on one database). Whatever the concurrency, at most
``LOCK_LIMIT`` passwords are checked (counted by wrapping ``verify_password``) and every
other attempt is refused as locked out without a check; the right password is refused
during the lock; once the lock is over (an injected clock) sign-in works and the count
starts again.
"""

from __future__ import annotations

import copy
import json
import threading

import pytest
import sqlalchemy as sa

from graph.store import editors as editors_module
from graph.store.backup import backup, check_backup, restore
from graph.store.editors import (
    LOCK_LIMIT,
    LOCK_SECONDS,
    LockOut,
    SignIn,
    editor_entry,
    parse_editors,
)
from graph.store.engine import open_store
from graph.store.schema import SCHEMA_VERSION, sign_in_failures_table

NAME = "maryam"
PASSWORD = "s3cret-pass"
START = 1_000_000.0


@pytest.fixture()
def known() -> dict[str, tuple[bytes, str]]:
    return parse_editors(editor_entry(NAME, PASSWORD))


@pytest.fixture()
def checks(monkeypatch) -> list[str]:
    """The passwords ``verify_password`` was asked to check, in order (thread-safe)."""
    checked: list[str] = []
    guard = threading.Lock()
    real = editors_module.verify_password

    def counted(editors, name, password):
        with guard:
            checked.append(password)
        return real(editors, name, password)

    monkeypatch.setattr(editors_module, "verify_password", counted)
    return checked


@pytest.fixture()
def other(store):
    """A second Store on the same database: its own engine, as another server process."""
    second = open_store(store.engine.url.render_as_string(hide_password=False), seed=False)
    yield second
    second.engine.dispose()


def failures_row(store) -> dict | None:
    table = sign_in_failures_table
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(table).where(table.c.name == NAME)).mappings().first()
    return dict(row) if row else None


def at_once(locks: list[LockOut], known, passwords: list[str], names=None) -> list[SignIn]:
    """Every password tried at the same moment (for NAME, or for ``names[i]``), one thread
    each, the threads taking the lock-outs (stores) in turn."""
    names = names or [NAME] * len(passwords)
    results: list[SignIn | BaseException | None] = [None] * len(passwords)
    barrier = threading.Barrier(len(passwords))

    def attempt(i: int) -> None:
        try:
            barrier.wait()
            results[i] = locks[i % len(locks)].sign_in(known, names[i], passwords[i])
        except BaseException as exc:  # a deadlock or a lost row: reported below
            results[i] = exc

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(passwords))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [r for r in results if not isinstance(r, SignIn)]
    assert not errors, errors[:3]
    return results  # type: ignore[return-value]


@pytest.mark.parametrize("attempts", [16, 50])
def test_simultaneous_wrong_passwords_from_two_servers_check_only_the_limit(
    store, other, known, checks, attempts
):
    now = [START]
    locks = [LockOut(s, clock=lambda: now[0]) for s in (store, other)]
    results = at_once(locks, known, [f"wrong-{i}" for i in range(attempts)])

    assert len(checks) == LOCK_LIMIT, f"{len(checks)} passwords checked of {attempts}"
    assert all(r.editor is None for r in results)
    checked = [r for r in results if r.checked]
    refused = [r for r in results if not r.checked]
    assert len(checked) == LOCK_LIMIT and len(refused) == attempts - LOCK_LIMIT
    # the try that used up the last one says at once that the name is now locked out
    assert sorted(r.locked_for for r in checked) == [0.0] * (LOCK_LIMIT - 1) + [LOCK_SECONDS]
    assert all(r.locked_for == pytest.approx(LOCK_SECONDS) for r in refused)
    row = failures_row(store)
    assert row["failures"] == LOCK_LIMIT
    assert row["locked_until"] == pytest.approx(START + LOCK_SECONDS)

    # the right password is refused during the lock, on either server, without a check
    for lock in locks:
        assert lock.sign_in(known, NAME, PASSWORD) == SignIn(None, False, LOCK_SECONDS)
    assert len(checks) == LOCK_LIMIT

    # once the lock is over, sign-in works and the count starts again
    now[0] += LOCK_SECONDS
    assert locks[1].sign_in(known, NAME, PASSWORD) == SignIn(NAME, True, 0.0)
    assert failures_row(store) is None
    for i in range(LOCK_LIMIT - 1):
        assert locks[i % 2].sign_in(known, NAME, f"again-{i}") == SignIn(None, True, 0.0)
    assert failures_row(store)["failures"] == LOCK_LIMIT - 1
    assert locks[0].sign_in(known, NAME, PASSWORD).editor == NAME


def test_many_names_at_once_while_stale_rows_are_forgotten(store, other, known, checks):
    names = [f"editor-{n}" for n in range(8)]
    now = [START]
    locks = [LockOut(s, clock=lambda: now[0]) for s in (store, other)]
    for name in names:  # rows whose window is over by the time the attempts arrive
        locks[0].claim(name)
    now[0] += LOCK_SECONDS
    tries = [(name, f"wrong-{i}") for i in range(LOCK_LIMIT + 3) for name in names]
    results = at_once(locks, known, [p for _, p in tries], [n for n, _ in tries])
    assert len(checks) == LOCK_LIMIT * len(names)
    for name in names:
        tried = [r for (n, _), r in zip(tries, results, strict=True) if n == name]
        assert sum(r.checked for r in tried) == LOCK_LIMIT, name


def test_the_lock_holds_across_a_restart(store, known, checks):
    now = [START]
    url = store.engine.url.render_as_string(hide_password=False)
    lock = LockOut(store, clock=lambda: now[0])
    for i in range(LOCK_LIMIT):
        lock.sign_in(known, NAME, f"wrong-{i}")
    store.engine.dispose()
    restarted = open_store(url, seed=False)
    try:
        again = LockOut(restarted, clock=lambda: now[0] + 60)
        assert again.sign_in(known, NAME, PASSWORD) == SignIn(None, False, LOCK_SECONDS - 60)
        assert again.locked_for(NAME) == pytest.approx(LOCK_SECONDS - 60)
    finally:
        restarted.engine.dispose()
    assert len(checks) == LOCK_LIMIT


def test_names_are_counted_as_sign_in_compares_them(store, known, checks):
    now = [START]
    lock = LockOut(store, clock=lambda: now[0])
    for i in range(LOCK_LIMIT):
        lock.sign_in(known, f"  {NAME} " if i % 2 else NAME, f"wrong-{i}")
    assert lock.sign_in(known, f" {NAME}", PASSWORD).checked is False
    # another name has its own count
    assert lock.sign_in(known, "ali", "x") == SignIn(None, True, 0.0)
    # a name that could never sign in is refused without a check or a row
    assert lock.sign_in(known, "a:b", "x") == SignIn(None, False, 0.0)
    assert lock.sign_in(known, "x" * 500, "x") == SignIn(None, False, 0.0)
    with store.engine.connect() as conn:
        names = set(conn.execute(sa.select(sign_in_failures_table.c.name)).scalars())
    assert names == {NAME, "ali"}


def test_failures_older_than_the_window_do_not_add_up(store, known):
    now = [START]
    lock = LockOut(store, clock=lambda: now[0])
    for i in range(LOCK_LIMIT - 1):
        lock.sign_in(known, NAME, f"wrong-{i}")
    now[0] += LOCK_SECONDS
    assert lock.sign_in(known, NAME, "wrong-late") == SignIn(None, True, 0.0)
    assert failures_row(store)["failures"] == 1


def test_names_whose_lock_and_window_are_over_are_forgotten(store, known):
    now = [START]
    lock = LockOut(store, clock=lambda: now[0])
    lock.sign_in(known, "typed-once", "x")
    for i in range(LOCK_LIMIT):
        lock.sign_in(known, NAME, f"wrong-{i}")
    now[0] += LOCK_SECONDS - 1
    lock.sign_in(known, "ali", "x")
    with store.engine.connect() as conn:
        names = set(conn.execute(sa.select(sign_in_failures_table.c.name)).scalars())
    assert names == {"typed-once", NAME, "ali"}  # nothing is over yet
    now[0] += 1
    lock.sign_in(known, "ali", "y")
    with store.engine.connect() as conn:
        names = set(conn.execute(sa.select(sign_in_failures_table.c.name)).scalars())
    assert names == {"ali"}


def test_backups_hold_the_failures_and_a_schema_3_backup_still_restores(store, tmp_path):
    now = [START]
    lock = LockOut(store, clock=lambda: now[0])
    for _ in range(LOCK_LIMIT):
        lock.claim(NAME)
    path = tmp_path / "now.json"
    counts = backup(store, path)
    assert counts["sign_in_failures"] == 1
    document = json.loads(path.read_text())
    check_backup(document)

    old = copy.deepcopy(document)
    old["schema_version"] = 3
    old["tables"].pop("sign_in_failures")
    for row in old["tables"]["meta"]:
        if row["key"] == "schema_version":
            row["value"] = "3"
    old_path = tmp_path / "schema3.json"
    old_path.write_text(json.dumps(old))
    restore(store, old_path, who="admin")
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert failures_row(store) is None  # the failures table restores empty
    assert lock.locked_for(NAME) == 0

    restore(store, path, who="admin")
    assert lock.locked_for(NAME) == pytest.approx(LOCK_SECONDS)
