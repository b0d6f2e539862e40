"""Exports of the Data page and ``python -m graph export``: one CSV table of the chosen
scope, and the sidebar's Iranian-city filter applied to every format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from graph.io.export import export_data

TEHRAN = "112931"


def _csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("table", ["ties", "exchanges", "cities"])
def test_csv_holds_the_chosen_table(seeded_store, table):
    rows = _csv(export_data(seeded_store, "csv", "iran", table=table))
    ties = seeded_store.ties("iran")
    if table == "ties":
        assert len(rows) == len(ties) == 163
    elif table == "exchanges":
        stored = seeded_store.exchanges()
        assert 0 < len(rows) <= len(stored)
        assert {"date", "kind", "intensity", "title", "source"} <= set(rows[0])
    else:
        ids = {r["city_id"] for r in rows}
        assert ids >= set(ties["city_a"]) | set(ties["city_b"])


def test_sidebar_cities_filter_every_table(seeded_store):
    rows = _csv(export_data(seeded_store, "csv", "iran", table="ties", iran_cities=[TEHRAN]))
    assert len(rows) == 36  # Tehran's partners (data/README.md)
    assert all(TEHRAN in (r["city_a"], r["city_b"]) for r in rows)
    exchanges = _csv(
        export_data(seeded_store, "csv", "iran", table="exchanges", iran_cities=[TEHRAN])
    )
    assert exchanges and all(TEHRAN in (r["city_a"], r["city_b"]) for r in exchanges)
    book = load_workbook(
        io.BytesIO(export_data(seeded_store, "xlsx", "iran", iran_cities=[TEHRAN])),
        read_only=True,
    )
    assert len(list(book["ties"].values)) - 1 == 36
    geo = json.loads(export_data(seeded_store, "geojson", "iran", iran_cities=[TEHRAN]))
    lines = [f for f in geo["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 36


def test_unknown_table_is_refused(seeded_store):
    with pytest.raises(ValueError, match="table must be one of ties, exchanges, cities"):
        export_data(seeded_store, "csv", table="people")


def test_cli_exports_a_table(seeded_store, tmp_path):
    out = tmp_path / "exchanges.csv"
    done = subprocess.run(
        [sys.executable, "-m", "graph", "export", "--format", "csv", "--table", "exchanges",
         str(out)],
        env={"DIPLOMACY_DB_URL": str(seeded_store.engine.url), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = _csv(out.read_bytes())
    assert rows and "kind" in rows[0]


def test_csv_and_xlsx_carry_persian_names_and_their_origin(seeded_store):
    rows = _csv(export_data(seeded_store, "csv", "iran", table="ties", iran_cities=[TEHRAN]))
    moscow = next(r for r in rows if "524901" in (r["city_a"], r["city_b"]))
    side = "a" if moscow["city_a"] == "524901" else "b"
    assert (moscow[f"name_fa_{side}"], moscow[f"name_fa_origin_{side}"]) == ("مسکو", "checked")
    cities = _csv(export_data(seeded_store, "csv", "world", table="cities"))
    assert {"name_fa", "name_fa_origin"} <= set(cities[0])
    assert {r["name_fa_origin"] for r in cities} == {"checked", "automatic", ""}
    book = load_workbook(io.BytesIO(export_data(seeded_store, "xlsx", "iran")), read_only=True)
    header = next(book["ties"].values)
    assert {"name_fa_a", "name_fa_b", "name_fa_origin_a", "name_fa_origin_b"} <= set(header)
