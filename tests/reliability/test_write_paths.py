"""Every write of the store needs an editor's name and leaves one batch in the change log.

``WRITE_PATHS`` lists every public function of graph/ that writes to the store, each with
a setup (run by the editor "setup") and a call with minimal valid arguments on the small
store of tests/builders.make_store. Without an editor (None, "", spaces) each must refuse
and change nothing in any table; with one it must write exactly one batch, by that editor.
:func:`test_every_write_path_is_listed` reads graph/ with ``ast`` so that a new write
path cannot be added without joining the table (and so without this check).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from graph.analysis.suggest import propose_partner
from graph.exports.saved_views import (
    DEFAULT_VIEWS,
    ViewError,
    create_view,
    delete_view,
    ensure_default_views,
    reorder_views,
    update_view,
)
from graph.io.cities import add_city
from graph.io.edits import Edit, add_exchange, edit_rows
from graph.io.importer import import_file
from graph.store.backup import backup, restore
from graph.store.changes import EditorRequired, edit_tie, undo_batch
from graph.store.dedupe import merge_city_duplicates
from graph.store.schema import (
    batches_table,
    cities_table,
    create_unique_indexes,
    drop_unique_indexes,
    metadata,
    ties_table,
)
from tests.builders import insert, make_city, make_tie

ROOT = Path(__file__).resolve().parents[2]
SETUP = "setup"
CITY = {"city": "tehran"}
TIES_CSV = b"city_a,city_b,relation,status,evidence\nIsfahan,Kazan,sister,signed,official\n"


def _tie_id(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(ties_table.c.tie_id)).scalar_one()


def _nothing(store, tmp_path) -> dict:
    return {}


def _a_batch(store, tmp_path) -> dict:
    return {"batch": add_city(store, {"name_en": "Tabriz", "country": "IR", "lat": 38.08,
                                      "lon": 46.29}, SETUP)}


def _a_backup(store, tmp_path) -> dict:
    path = tmp_path / "kept.json"
    backup(store, path)
    return {"path": path}


def _two_views(store, tmp_path) -> dict:
    create_view(store, "a", "city", CITY, who=SETUP)
    create_view(store, "b", "city", CITY, who=SETUP)
    return {}


def _all_defaults_but_one(store, tmp_path) -> dict:
    for name, page, config, caption_fa, caption_en in DEFAULT_VIEWS[:-1]:
        create_view(store, name, page, config, caption_fa, caption_en, who=SETUP)
    return {}


def _a_city_stored_twice(store, tmp_path) -> dict:
    with store.engine.begin() as conn:  # as a store before the unique name keys held them
        drop_unique_indexes(conn)
        insert(conn, cities_table, [make_city(city_id="tehran-2", name_en="Tehrān",
                                              name_key=None)])
        insert(conn, ties_table, [make_tie(city_a="tehran-2", city_b="isfahan")])
    return {}


def _merge(store, who) -> None:
    with store.engine.begin() as conn:
        merge_city_duplicates(conn, who)
        create_unique_indexes(conn)


# name -> (setup(store, tmp_path) -> context, write(store, context, who))
WRITE_PATHS: dict[str, tuple[Callable[..., dict], Callable[[Any, dict, Any], Any]]] = {
    "graph.store.changes.edit_tie": (
        _nothing, lambda s, c, who: edit_tie(s, _tie_id(s), 1, {"note": "changed"}, who)
    ),
    "graph.store.changes.undo_batch": (
        _a_batch, lambda s, c, who: undo_batch(s, c["batch"], who)
    ),
    "graph.io.edits.edit_rows": (
        _nothing,
        lambda s, c, who: edit_rows(
            s, "ties", [Edit(_tie_id(s), {"version": 1}, {"note": "changed"})], who
        ),
    ),
    "graph.io.edits.add_exchange": (
        _nothing,
        lambda s, c, who: add_exchange(
            s,
            {"city_a": "Tehran", "city_b": "Kazan", "date": "2020", "kind": "cultural",
             "intensity": 1, "title": "Film week", "evidence": "news"},
            who,
        ),
    ),
    "graph.io.cities.add_city": (
        _nothing,
        lambda s, c, who: add_city(
            s, {"name_en": "Mashhad", "country": "IR", "lat": 36.3, "lon": 59.6}, who
        ),
    ),
    "graph.io.importer.import_file": (
        _nothing, lambda s, c, who: import_file(s, TIES_CSV, who)
    ),
    "graph.analysis.suggest.propose_partner": (
        _nothing, lambda s, c, who: propose_partner(s, "isfahan", "kazan", who)
    ),
    "graph.store.backup.restore": (
        _a_backup, lambda s, c, who: restore(s, c["path"], who=who)
    ),
    "graph.store.dedupe.merge_city_duplicates": (
        _a_city_stored_twice, lambda s, c, who: _merge(s, who)
    ),
    "graph.exports.saved_views.create_view": (
        _nothing, lambda s, c, who: create_view(s, "new", "city", CITY, who=who)
    ),
    "graph.exports.saved_views.update_view": (
        _two_views, lambda s, c, who: update_view(s, "a", caption_en="A", who=who)
    ),
    "graph.exports.saved_views.delete_view": (
        _two_views, lambda s, c, who: delete_view(s, "a", who=who)
    ),
    "graph.exports.saved_views.reorder_views": (
        _two_views, lambda s, c, who: reorder_views(s, ["b", "a"], who=who)
    ),
    "graph.exports.saved_views.ensure_default_views": (
        _all_defaults_but_one, lambda s, c, who: ensure_default_views(s, who=who)
    ),
}

# Public functions that write but are not an editor's write: the audit itself, called
# inside a listed write's transaction (record_batch refuses without an editor too), and the
# sign-in lock-out, which counts the tries of someone not yet signed in (it changes no data
# and is tested in test_lockout.py).
NOT_EDITS = {
    "graph.store.audit.record_batch",
    "graph.store.audit.record_change",
    "graph.store.editors.claim",
    "graph.store.editors.succeed",
}
PROGRAM_MODULES = {"graph.store.seed", "graph.store.schema"}  # seed and migrations


def _snapshot(store) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    with store.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(repr(v) for v in row) for row in conn.execute(sa.select(table))),
            )
            for table in metadata.sorted_tables
        }


def _batches(store) -> list[dict]:
    with store.engine.connect() as conn:
        query = sa.select(batches_table).order_by(batches_table.c.batch_id)
        return [dict(r) for r in conn.execute(query).mappings()]


@pytest.mark.parametrize("name", sorted(WRITE_PATHS))
@pytest.mark.parametrize("who", [None, "", "   "], ids=["none", "empty", "spaces"])
def test_a_write_without_an_editor_is_refused_and_changes_nothing(store, tmp_path, name, who):
    setup, write = WRITE_PATHS[name]
    context = setup(store, tmp_path)
    before = _snapshot(store)
    with pytest.raises((EditorRequired, ViewError), match="signed-in editor"):
        write(store, context, who)
    assert _snapshot(store) == before


@pytest.mark.parametrize("name", sorted(WRITE_PATHS))
def test_a_write_by_an_editor_is_one_batch_of_the_change_log(store, tmp_path, name):
    setup, write = WRITE_PATHS[name]
    context = setup(store, tmp_path)
    before = _batches(store)
    write(store, context, "  sara ")
    after = _batches(store)
    kept = [b["batch_id"] for b in before]
    assert [b["batch_id"] for b in after[: len(before)]] == kept  # an undo marks its batch
    new = after[len(before) :]
    assert len(new) == 1, f"{name} wrote {len(new)} batches"
    assert new[0]["who"] == "sara"


# --- the scan: every function of graph/ that writes is listed ----------------------------

_DML = re.compile(r"^\s*(INSERT|UPDATE|DELETE|ALTER|DROP|CREATE|TRUNCATE)\b", re.I)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _writes_directly(node: ast.AST) -> bool:
    """A SQLAlchemy ``table.insert()``/``.update()``/``.delete()`` (no arguments: a dict's
    or list's method takes some), or SQL text that changes rows or the schema."""
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Call):
            continue
        func = sub.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in {"insert", "update", "delete"}
            and not sub.args
            and not sub.keywords
        ):
            return True
        if isinstance(func, ast.Attribute) and func.attr == "text" and sub.args:
            first = sub.args[0]
            text = first.value if isinstance(first, ast.Constant) else ""
            if isinstance(first, ast.JoinedStr):
                text = "".join(
                    p.value for p in first.values if isinstance(p, ast.Constant)
                )
            if isinstance(text, str) and _DML.match(text):
                return True
    return False


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            if isinstance(sub.func, ast.Name):
                names.add(sub.func.id)
            elif isinstance(sub.func, ast.Attribute):
                names.add(sub.func.attr)
    return names


def write_paths_in_graph() -> set[str]:
    """Public functions of graph/ that write, directly or through private helpers.

    A public function that writes only by calling another public write path is covered by
    that one's guard; a private one (``_name``) is followed up to the public functions
    that call it (by name, which may only find more, never fewer).
    """
    functions: dict[str, tuple[str, ast.AST]] = {}  # qualified name -> (short name, node)
    for path in sorted((ROOT / "graph").rglob("*.py")):
        module = _module(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[f"{module}.{node.name}"] = (node.name, node)
    writers = {q for q, (_, node) in functions.items() if _writes_directly(node)}
    while True:  # a function calling a private writer writes too
        private = {functions[q][0] for q in writers if functions[q][0].startswith("_")}
        more = {
            q for q, (_, node) in functions.items()
            if q not in writers and _calls(node) & private
        }
        if not more:
            break
        writers |= more
    return {
        q for q in writers
        if not functions[q][0].startswith("_") and q.rsplit(".", 1)[0] not in PROGRAM_MODULES
    }


def test_every_write_path_is_listed():
    found = write_paths_in_graph()
    unlisted = found - set(WRITE_PATHS) - NOT_EDITS
    assert not unlisted, (
        f"these functions write to the store but are not in WRITE_PATHS: {sorted(unlisted)}; "
        "make each call graph.store.audit.require_editor and record a batch, then list it"
    )
    # and the scan sees the writes it must see (so it is not blind)
    assert {"graph.io.importer.import_file", "graph.store.backup.restore"} <= found


def test_the_table_lists_only_functions_that_exist():
    for name in WRITE_PATHS:
        module, function = name.rsplit(".", 1)
        assert hasattr(__import__(module, fromlist=[function]), function), name


def test_the_command_line_refuses_a_blank_editor_name(store, tmp_path, capsys):
    from graph.cli.main import main

    path = tmp_path / "ties.csv"
    path.write_bytes(TIES_CSV)
    before = _snapshot(store)
    url = store.engine.url.render_as_string(hide_password=False)
    assert main(["import", str(path), "--db", url, "--who", "  "]) == 2
    assert "signed-in editor" in capsys.readouterr().err
    assert _snapshot(store) == before
