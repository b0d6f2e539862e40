"""Results kept per store content (graph/store/results.py, graph/views/precompute.py) and
``python -m graph precompute``: what is kept equals what is computed, a second run
computes nothing, an edit makes a new content folder, old folders are pruned."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph.analysis.build import build_graph
from graph.analysis.map_filter import MapView, exchanges_by_year, filter_graph
from graph.analysis.metrics import network_stats
from graph.cli.main import main
from graph.model import TEHRAN
from graph.settings import default
from graph.store import results as results_module
from graph.store.results import Results
from graph.store.schema import cities_table, ties_table
from graph.views.map_webgl import map_data
from graph.views.precompute import (
    first_view,
    map_counts_task,
    map_webgl_task,
    map_years_task,
    precompute,
    ready_tasks,
    stats_task,
    year_bounds_task,
)
from tests.builders import insert, make_city, make_tie

DAY = date(2026, 3, 21)
LIGHT = [stats_task("iran"), stats_task("world"), year_bounds_task("iran")]


def test_kept_results_equal_computed_ones(store, tmp_path) -> None:
    kept = Results(store.content_hash(), tmp_path)
    view = MapView(scope="world", lang="fa")
    tasks = [*LIGHT, map_webgl_task(view), map_counts_task(view), map_years_task(view)]
    first = precompute(store, kept, tasks)
    assert [r["computed"] for r in first] == [True] * len(tasks)
    world = build_graph(store, "world")
    assert kept.get(("stats", "world")) == network_stats(world, "world")
    shown = filter_graph(world, view)
    assert kept.get(map_webgl_task(view).key) == map_data(shown, view)
    assert kept.get(map_counts_task(view).key) == (
        shown.number_of_edges(),
        shown.number_of_nodes(),
        0,
    )
    years = kept.get(map_years_task(view).key)
    assert years.equals(exchanges_by_year(store.exchanges(), shown, view)) and len(years)
    again = precompute(store, kept, tasks)
    assert [r["computed"] for r in again] == [False] * len(tasks)


def test_an_edit_is_a_new_content_folder(store, tmp_path) -> None:
    before = Results(store.content_hash(), tmp_path)
    precompute(store, before, LIGHT)
    with store.engine.begin() as conn:
        city = make_city(city_id="weinsberg", name_en="Weinsberg", name_fa="واینسبرگ", country="DE")
        insert(conn, cities_table, [city])
        insert(conn, ties_table, [make_tie(city_a="tehran", city_b="weinsberg")])
    after = Results(store.content_hash(), tmp_path)
    assert after.version != before.version
    assert not after.has(("stats", "iran"))
    precompute(store, after, LIGHT)
    assert after.get(("stats", "iran"))["edges"] == before.get(("stats", "iran"))["edges"] + 1


def test_only_the_newest_content_folders_are_kept(tmp_path) -> None:
    kept_versions = int(default("kept_results"))
    for i in range(kept_versions + 2):
        Results(f"v{i}", tmp_path).put(("x",), i)
    kept = sorted(p.name for p in tmp_path.iterdir())
    newest = Results(f"v{kept_versions + 1}", tmp_path).folder.name
    assert len(kept) == kept_versions and newest in kept


def test_a_new_program_never_reads_an_older_ones_results(tmp_path, monkeypatch) -> None:
    """Results are kept per store content and per program: after an upgrade, a kept
    result without a field the new pages read is computed again, not shown."""
    older = Results("content", tmp_path)
    older.put(("suggestions",), {"score": 0.99})
    monkeypatch.setattr(results_module, "program_fingerprint", lambda: "newer")
    newer = Results("content", tmp_path)
    assert newer.folder != older.folder and not newer.has(("suggestions",))
    assert newer.fetch(("suggestions",), lambda: {"score": 0.99, "likelier": 40.0}) == {
        "score": 0.99,
        "likelier": 40.0,
    }


def test_an_unreadable_result_is_computed_again(tmp_path) -> None:
    kept = Results("v", tmp_path)
    kept.put(("x",), 1)
    next(kept.folder.glob("*.pickle")).write_bytes(b"not a pickle")
    assert kept.fetch(("x",), lambda: 2) == 2
    assert kept.get(("x",)) == 2


def test_a_folder_that_cannot_be_written_still_gives_the_value(tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert Results("v", blocked).fetch(("x",), lambda: 3) == 3


def test_ready_tasks_cover_the_first_visit_in_both_languages() -> None:
    keys = [task.key for task in ready_tasks(DAY)]
    assert len(keys) == len(set(keys))
    for lang in ("fa", "en"):
        for scope in ("iran", "world"):
            assert map_webgl_task(MapView(scope=scope, lang=lang)).key in keys
        assert ("opportunities", 5, "intensity", lang, DAY.isoformat()) in keys
        # the Opportunities page's default city: its suggestions fit the model up front
        assert ("suggestions", TEHRAN, default("top_n"), lang) in keys
    assert ("stats", "world") in keys
    assert first_view(MapView(scope="world", lang="en"))
    assert not first_view(MapView(scope="world", lang="en", kinds=("cultural",)))


@pytest.mark.parametrize("as_json", [True, False])
def test_precompute_command(store, tmp_path, capsys, monkeypatch, as_json) -> None:
    monkeypatch.setenv("DIPLOMACY_TODAY", DAY.isoformat())
    url = str(store.engine.url.render_as_string(hide_password=False))
    argv = ["precompute", "--db", url, "--results-dir", str(tmp_path)]
    assert main([*argv, "--json"] if as_json else argv) == 0
    out = capsys.readouterr().out
    if as_json:
        document = json.loads(out)
        assert document["version"] == store.content_hash()
        assert all(task["computed"] for task in document["tasks"])
        assert len(document["tasks"]) == len(ready_tasks(DAY))
    else:
        assert f"{len(ready_tasks(DAY))} of {len(ready_tasks(DAY))} results computed" in out
    files = list(Results(store.content_hash(), tmp_path).folder.glob("*.pickle"))
    assert len(files) == len(ready_tasks(DAY))
    assert main([*argv, "--json"]) == 0
    assert not any(task["computed"] for task in json.loads(capsys.readouterr().out)["tasks"])
