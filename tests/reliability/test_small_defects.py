"""Exports of whatever is stored, hash-password, failed backups and over-long city names."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph.cli.main import main
from graph.io.cities import InvalidCity, add_city
from graph.io.export import export_data
from graph.store.backup import backup
from graph.store.editors import editor_entry, parse_editors, verify_password
from graph.store.engine import StoreError
from graph.store.schema import cities_table, ties_table
from tests.builders import insert, make_city, make_tie

CONTROL = "\x07\x0b\x1b"  # (PostgreSQL cannot store NUL at all)


def _with_control_characters_and_gaps(store) -> None:
    insert(store, cities_table, [make_city(
        city_id="qom", name_en="Qom" + CONTROL, name_fa="قم\x07", country="IR", lat=34.6,
        lon=50.9, population=None, note="bell\x07",
    )])
    insert(store, ties_table, [make_tie(city_a="qom", city_b="kazan", since=None,
                                        note="tab\tand\x0bvtab", origin="user")])


def test_xlsx_and_graphml_export_whatever_is_stored(store):
    _with_control_characters_and_gaps(store)
    book = load_workbook(io.BytesIO(export_data(store, "xlsx", scope="world")))
    names = [row[2] for row in book["cities"].iter_rows(values_only=True)]
    assert "Qom" in names
    graph = nx.read_graphml(io.BytesIO(export_data(store, "graphml", scope="world")))
    assert graph.nodes["qom"]["name_fa"] == "قم"
    assert graph.edges["qom", "kazan"]["note"] == "tab\tandvtab"


def test_whole_number_columns_export_as_whole_numbers(store):
    _with_control_characters_and_gaps(store)
    rows = list(csv.DictReader(io.StringIO(
        export_data(store, "csv", scope="world").decode("utf-8-sig"))))
    assert sorted(r["since"] for r in rows) == ["", "2000"]
    cities = list(csv.DictReader(io.StringIO(
        export_data(store, "csv", scope="world", table="cities").decode("utf-8-sig"))))
    assert {r["city_id"]: r["population"] for r in cities}["qom"] == ""
    assert {r["city_id"]: r["population"] for r in cities}["tehran"] == "8700000"
    exchanges = export_data(store, "csv", scope="world", table="exchanges").decode("utf-8-sig")
    assert ",2015,cultural,2," in exchanges
    book = load_workbook(io.BytesIO(export_data(store, "xlsx", scope="world")))
    header, *values = book["ties"].iter_rows(values_only=True)
    since = [row[header.index("since")] for row in values]
    assert sorted(since, key=lambda v: v or 0) == [None, 2000]
    assert all(isinstance(v, int) for v in since if v is not None)


def test_hash_password_never_touches_the_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a good password")
    db = tmp_path / "never.sqlite"
    assert main(["hash-password", "  Sara ", "--db", f"sqlite:///{db}"]) == 0
    assert not db.exists()
    entry = capsys.readouterr().out.strip()
    assert entry.startswith("Sara:")
    # the name typed at sign-in (stripped, as ui/auth.py reads it) signs in
    assert verify_password(parse_editors(entry), "Sara", "a good password")


def test_an_entry_with_spaces_around_the_name_still_signs_in():
    entry = editor_entry("Ali", "pw").replace("Ali:", " Ali :", 1)
    assert verify_password(parse_editors(entry), "Ali", "pw")
    with pytest.raises(ValueError):
        editor_entry("   ", "pw")
    with pytest.raises(ValueError):
        editor_entry("new\nline", "pw")


def _parts(folder: Path) -> list[Path]:
    return list(folder.rglob("*.part"))


def test_backup_to_a_folder_says_so_and_leaves_nothing(store, tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    db = ["--db", store.engine.url.render_as_string(hide_password=False)]
    assert main(["backup", str(folder), *db]) == 1
    err = capsys.readouterr().err
    assert "is a folder" in err and "Traceback" not in err
    assert _parts(tmp_path) == []
    with pytest.raises(StoreError, match="is a folder"):
        backup(store, folder)


def test_a_failed_backup_leaves_no_part_file(store, tmp_path, monkeypatch):
    def refuse(self, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OSError):
        backup(store, tmp_path / "b.json.gz")
    assert _parts(tmp_path) == [] and not (tmp_path / "b.json.gz").exists()


def _place(name: str, **more) -> dict:
    return {"name_en": name, "country": "IR", "lat": 30.0, "lon": 50.0, **more}


def test_an_over_long_city_name_is_refused_clearly_on_both_backends(store):
    before = store.content_hash()
    with pytest.raises(InvalidCity) as caught:
        add_city(store, _place("x" * 500), "sara")
    assert caught.value.key == "gaz.invalid.too_long"
    assert "500 characters" in str(caught.value) and "at most 200" in str(caught.value)
    with pytest.raises(InvalidCity, match="at most 200"):
        add_city(store, _place("Kashan", name_fa="ک" * 201), "sara")
    assert store.content_hash() == before


def test_the_longest_allowed_name_gets_an_id_that_fits(store):
    add_city(store, _place("Long " * 39 + "name"), "sara")  # 199 characters, no GeoNames id
    add_city(store, _place("Long " * 39 + "nama"), "sara")
    ids = [i for i in store.cities()["city_id"] if i.startswith("long-")]
    assert len(ids) == 2 and all(len(i) <= 120 for i in ids)


def test_control_characters_never_enter_a_city_name(store):
    add_city(store, _place("Kashan\x00\x07", name_fa="کاشان\x1b"), "sara")
    row = store.cities().set_index("name_en").loc["Kashan"]
    assert row["name_fa"] == "کاشان"
