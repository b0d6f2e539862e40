"""The store's commands: init, backup, restore, undo and hash-password."""

from __future__ import annotations

import argparse
import getpass

from graph.cli.common import print_json, who
from graph.exports.saved_views import ensure_default_views, list_views
from graph.store.backup import BACKUP_DIR_ENV, auto_backup, backup, restore
from graph.store.changes import UndoError, list_batches, undo_batch
from graph.store.editors import editor_entry, editor_name
from graph.store.engine import Store, open_store, reset_store
from graph.store.seed import seed_store

__all__ = ["run_backup", "run_hash_password", "run_init", "run_restore", "run_undo"]


def run_init(args: argparse.Namespace) -> int:
    """``init``: create, migrate and seed the store (``--reset`` drops it first)."""
    if args.reset:
        reset_store(args.db)
    store = open_store(args.db, seed=False)
    changed = seed_store(store.engine)
    _first_views(store)
    report = {
        "db": store.url,
        "seeded": changed,
        "schema_version": int(store.meta("schema_version")),
        "seed_version": store.meta("seed_version"),
        **store.counts(),
    }
    if args.json:
        print_json(report)
    else:
        state = "seeded" if changed else "already up to date"
        print(
            f"Store {report['db']} {state}: {report['cities']:,} cities, "
            f"{report['ties']:,} ties, {report['exchanges']:,} exchanges, "
            f"{report['air_links']:,} air links."
        )
    return 0


INIT_EDITOR = "cli:init"  # the change log's name for the ready views a new store starts with


def _first_views(store: Store) -> None:
    """A brand-new store (no saved view, no change ever recorded) starts with the ready
    deck's views, so that a presenter finds them on the Present page before any editor is
    set up; they are in the change log under ``cli:init``. A store whose views an editor
    deleted is left as it is."""
    if not list_views(store) and not list_batches(store):
        ensure_default_views(store, who=INIT_EDITOR)


def run_backup(args: argparse.Namespace, store: Store) -> int:
    """``backup``: write every table to a JSON file."""
    try:
        counts = backup(store, args.out)
    except OSError as exc:
        raise ValueError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def run_restore(args: argparse.Namespace, store: Store) -> int:
    """``restore``: replace the store's content with a backup, once the whole backup has
    been checked, and after an automatic backup of the content it replaces."""
    saved: list = []

    def keep_current() -> None:
        try:
            saved.append(auto_backup(store, before="restore"))
        except OSError as exc:
            raise ValueError(
                f"cannot take the automatic backup before the restore ({exc}); nothing was "
                f"changed. Set {BACKUP_DIR_ENV} to a folder you can write to"
            ) from None

    counts = restore(store, args.file, who=who(args), before_write=keep_current)
    shown = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"restored {args.file} into {store.url}: {shown}")
    print(f"the content it replaced is kept in {saved[0]}")
    return 0


def run_undo(args: argparse.Namespace, store: Store) -> int:
    """``undo``: undo one batch of the change log."""
    try:
        undo_id = undo_batch(store, args.batch, who(args))
    except UndoError as exc:
        raise ValueError(str(exc)) from None
    print(f"batch {args.batch} undone (recorded as batch {undo_id})")
    return 0


def run_hash_password(args: argparse.Namespace) -> int:
    """``hash-password``: print a DIPLOMACY_EDITORS entry for an editor (the store is never
    opened). The name is read as sign-in reads it (:func:`editor_name`)."""
    name = editor_name(args.name)
    password = getpass.getpass(f"password for {name}: ")
    if getpass.getpass("again: ") != password:
        raise ValueError("the two passwords differ")
    print(editor_entry(name, password))
    return 0
