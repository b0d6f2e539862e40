"""CSV and XLSX exports stay one cell per value, and never a live formula, whatever is stored.

The hostile texts are written straight into the store, past the import's cleaning, as an
old database or a restored backup could hold them: a carriage return, a line feed, quotes
and commas inside names, titles and notes, and formulas at the start of the cell and
after a line break inside it.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from graph.io.export import EXPORT_TABLES, FORMULA_START, export_data
from graph.store.schema import cities_table, exchanges_table, ties_table
from tests.builders import insert, make_city, make_exchange, make_tie

CR_FORMULA = "x\r@SUM(1+1)"
LF_FORMULA = "=1+1\n-2"
HOSTILE = [
    CR_FORMULA, LF_FORMULA, ' -2+3,"quoted"', "\t=cmd", "a\r\n+1", "ok\u2028=2", "v\x0b=3\x1c@4",
]


@pytest.fixture()
def hostile_store(store):
    insert(store, cities_table, [make_city(
        city_id="evil", name_en=CR_FORMULA, name_fa=LF_FORMULA, country="FR", lat=1.0,
        lon=-2.0, note=HOSTILE[2],
    )])
    insert(store, ties_table, [make_tie(
        city_a="tehran", city_b="evil", note=CR_FORMULA, since=1999,
    ), make_tie(
        city_a="isfahan", city_b="evil", note=LF_FORMULA,
    )])
    insert(store, exchanges_table, [make_exchange(
        city_a="tehran", city_b="evil", title=title, note=note, source=note,
        evidence="news",
    ) for title, note in zip(HOSTILE, reversed(HOSTILE), strict=True)])
    return store


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _live(cell: object) -> bool:
    """A text a spreadsheet (or a reader that splits lines) would run as a formula."""
    if not isinstance(cell, str) or not cell or _number(cell):
        return False
    lines = cell.splitlines() or [cell]
    return cell.startswith(FORMULA_START) or any(
        line.lstrip().startswith(("=", "+", "-", "@")) for line in lines
    )


@pytest.mark.parametrize("table", EXPORT_TABLES)
def test_csv_keeps_every_row_whole_and_no_formula_live(hostile_store, table):
    text = export_data(hostile_store, "csv", scope="world", table=table).decode("utf-8-sig")
    assert "\r" not in text  # no carriage return left to start a row
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    stored = {"ties": 3, "exchanges": 1 + len(HOSTILE), "cities": None}[table]
    if stored is not None:
        assert len(body) == stored
    assert all(len(row) == len(header) for row in body), body
    live = [cell for row in body for cell in row if _live(cell)]
    assert not live
    # a reader that splits the file at every line break sees no formula either
    for line in text.splitlines():
        cells = next(csv.reader([line]), [])
        assert not [c for c in cells if _live(c)], line
    if table == "ties":
        notes = {row[header.index("note")] for row in body}
        assert "x @SUM(1+1)" not in notes  # a note is multi-line: the break is kept...
        assert "x\n'@SUM(1+1)" in notes and "'=1+1\n'-2" in notes  # ...and disarmed
        names = {row[header.index("name_b")] for row in body}
        assert "x @SUM(1+1)" in names  # a name is single-line: one space


def test_xlsx_keeps_every_row_whole_and_no_formula_live(hostile_store):
    book = load_workbook(io.BytesIO(export_data(hostile_store, "xlsx", scope="world")))
    for name in EXPORT_TABLES:
        sheet = book[name]
        rows = list(sheet.iter_rows())
        width = len(rows[0])
        assert all(len(row) == width for row in rows)
        assert not [c.coordinate for row in rows for c in row if c.data_type == "f"]
        live = [c.value for row in rows[1:] for c in row if _live(c.value)]
        assert not live, name
    assert len(list(book["exchanges"].iter_rows())) - 1 == 1 + len(HOSTILE)
