"""One cleaning rule (graph.names.clean_text) for every writer of stored text.

A carriage return kept in an imported title would let a CSV export start a new row
there, whose first cell (``@SUM(...)``) a spreadsheet then runs.
"""

from __future__ import annotations

from graph.io.cities import add_city
from graph.io.edits import Edit, add_exchange, edit_rows
from graph.io.importer import import_file
from graph.names import clean_text
from tests.builders import make_store


def test_the_rule() -> None:
    assert clean_text("a\r@SUM(1+1)\u202e\x07") == "a @SUM(1+1)"
    assert clean_text("one\r\ntwo\rthree\u2029four", multiline=True) == "one\ntwo\nthree\nfour"
    assert clean_text("نیم\u200cفاصله\u200f") == "نیم\u200cفاصله\u200f"  # ZWNJ and RLM kept


def test_an_imported_carriage_return_is_not_stored(db_url) -> None:
    store = make_store(db_url)
    data = (
        'city_a,city_b,date,kind,intensity,title,note\r\n'
        'Tehran,Kazan,2020,cultural,1,"Week\r@SUM(1+1)\u202e","one\r\ntwo\rthree"\r\n'
    ).encode()
    report = import_file(store, data, "a")
    assert report.inserted == 1, report.errors
    row = store.exchanges().set_index("title").loc["Week @SUM(1+1)"]
    assert row["note"] == "one\ntwo\nthree"


def test_every_writer_cleans(db_url) -> None:
    store = make_store(db_url)
    add_exchange(store, {"city_a": "Tehran", "city_b": "Kazan", "kind": "cultural",
                         "intensity": 1, "title": "Film\r\nweek", "note": "a\rb"}, "a")
    stored = store.exchanges().set_index("title").loc["Film week"]
    assert stored["note"] == "a\nb"
    edit = Edit(row_id=int(stored["exchange_id"]), read=stored.to_dict() | {"title": "Film week"},
                changes={"title": "Book\rweek\u2066"})
    edit_rows(store, "exchanges", [edit], "a")
    assert "Book week" in set(store.exchanges()["title"])
    add_city(store, {"name_en": "New\rTown\u202e", "name_fa": "شهر\nنو", "country": "IR",
                     "lat": 30, "lon": 50, "note": "x\r\ny"}, "a")
    city = store.cities().set_index("name_en").loc["New Town"]
    assert city["name_fa"] == "شهر نو" and city["note"] == "x\ny"
