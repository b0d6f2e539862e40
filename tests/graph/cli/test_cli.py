"""The command line contract: commands, JSON shapes, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli.main import main

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture()
def db(seeded_store) -> list[str]:
    return ["--db", seeded_store.url]


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_is_idempotent(tmp_path, capsys):
    url = f"sqlite:///{tmp_path}/s.sqlite"
    code, out, _ = _run(capsys, "init", "--db", url, "--json")
    assert code == 0 and json.loads(out)["seeded"] is True
    code, out, _ = _run(capsys, "init", "--db", url, "--json")
    report = json.loads(out)
    assert report["seeded"] is False and report["ties"] == 24814
    code, out, _ = _run(capsys, "init", "--db", url, "--reset")
    assert code == 0 and "seeded" in out


def test_stats_iran_json(db, capsys):
    code, out, err = _run(capsys, "stats", "--scope", "iran", "--json", *db)
    stats = json.loads(out)
    assert code == 0 and err == ""
    for key in (
        "scope nodes edges components largest_component avg_degree max_degree clustering "
        "assortativity mean_distance iranian_cities world_partners partners_by_city"
    ).split():
        assert key in stats, key
    assert (stats["iranian_cities"], stats["world_partners"], stats["edges"]) == (29, 121, 163)


def test_stats_world_json(db, capsys):
    code, out, _ = _run(capsys, "stats", "--scope", "world", "--json", *db)
    stats = json.loads(out)
    assert code == 0 and stats["scope"] == "world"
    assert abs(stats["nodes"] - 17000) < 300 and abs(stats["edges"] - 24800) < 200


@pytest.mark.parametrize("name", ["Tehran", "تهران", "tehran", "TEHRĀN"])
def test_city_card_json(db, capsys, name):
    code, out, _ = _run(capsys, "city", name, "--json", *db)
    card = json.loads(out)
    assert code == 0
    assert set(card["city"]) == {
        "city_id",
        "name_en",
        "name_fa",
        "name_fa_origin",
        "country",
        "lat",
        "lon",
        "population",
    }
    assert card["city"]["name_fa"] == "تهران"
    assert card["city"]["name_fa_origin"] == "checked"
    assert len(card["partners"]) == 36
    for partner in card["partners"]:
        for key in (
            "city_id name_en name_fa country relation since status evidence sources "
            "weights last_exchange"
        ).split():
            assert key in partner, key
        assert set(partner["weights"]) == {"technical", "cultural", "transit"}
        assert partner["sources"]
    assert "partners" in card["metrics"]


def test_city_card_text(db, capsys):
    code, out, _ = _run(capsys, "city", "Tehran", *db)
    assert code == 0 and "36 partners" in out and "Moscow, RU" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["city", "Atlantis"], 1, "no city named 'Atlantis'"),
        (["city", "Paris"], 1, "Add the country"),
        (["stats", "--scope", "moon"], 2, "invalid choice"),
        (["stats", "--half-life", "-1"], 2, "positive number"),
        (["fly"], 2, "invalid choice"),
        ([], 2, "required"),
    ],
)
def test_user_mistakes_get_one_line_and_an_exit_code(db, capsys, argv, code, message):
    got, out, err = _run(capsys, *argv, *(db if argv and argv[0] != "fly" else []))
    assert got == code and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_unreachable_database_is_one_line(capsys):
    code, out, err = _run(capsys, "stats", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert code == 1 and err.count("\n") == 1 and "cannot reach the database" in err


def test_python_dash_m_graph_runs(seeded_store):
    done = subprocess.run(
        [sys.executable, "-m", "graph", "city", "تهران", "--json", "--db", seeded_store.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["partners"]) == 36


def test_a_new_store_starts_with_the_ready_views_and_keeps_what_editors_delete(tmp_path, capsys):
    from graph.exports.saved_views import DEFAULT_VIEWS, delete_view, list_views
    from graph.store.changes import list_batches
    from graph.store.engine import open_store

    url = f"sqlite:///{tmp_path}/views.sqlite"
    assert _run(capsys, "init", "--db", url)[0] == 0
    store = open_store(url)
    assert [v.name for v in list_views(store)] == [v[0] for v in DEFAULT_VIEWS]
    assert {b["who"] for b in list_batches(store)} == {"cli:init"}
    delete_view(store, DEFAULT_VIEWS[0][0], who="maryam")
    assert _run(capsys, "init", "--db", url)[0] == 0  # run.sh runs init at every start
    assert DEFAULT_VIEWS[0][0] not in [v.name for v in list_views(store)]
