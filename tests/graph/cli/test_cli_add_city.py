"""``python -m graph add-city``: a city from the offline gazetteer, found by a name in any
language, added with the Persian name the user confirms, recorded in the change log;
ambiguous and unknown names ask back instead of guessing."""

from __future__ import annotations

import json

import pandas as pd

from graph.cli.main import main
from graph.store.changes import list_batches, undo_batch

WEINSBERG = "2812158"  # GeoNames id of Weinsberg, DE (11,855 inhabitants)


def run(store, capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--db", str(store.engine.url.render_as_string(hide_password=False))])
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_shows_the_place_and_its_persian_candidates(store, capsys):
    code, out, err = run(store, capsys, "add-city", "Weinsberg", "--dry-run")
    assert code == 0, err
    assert "would add: Weinsberg, Germany" in out and "GeoNames 2812158" in out
    assert "واینزبرگ" in out and "--fa" in out
    assert WEINSBERG not in set(store.cities()["city_id"])


def test_added_with_the_confirmed_persian_name_and_undone(store, capsys):
    code, out, err = run(
        store, capsys, "add-city", "واینزبرگ", "--fa", "واینسبرگ", "--who", "ali", "--json"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["place"]["name_en"] == "Weinsberg" and doc["batch_id"] is not None
    city = store.cities().set_index("city_id").loc[WEINSBERG]
    assert (city["name_fa"], city["country"], city["origin"]) == ("واینسبرگ", "DE", "user")
    (batch,) = list_batches(store, limit=1)
    assert (batch["who"], batch["action"]) == ("ali", "add_city")
    undo_batch(store, doc["batch_id"], "ali")
    assert WEINSBERG not in set(store.cities()["city_id"])


def test_no_persian_name_is_stored_unless_given(store, capsys):
    code, _, err = run(store, capsys, "add-city", "Weinsberg", "--who", "ali")
    assert code == 0, err
    assert pd.isna(store.cities().set_index("city_id").loc[WEINSBERG, "name_fa"])


def test_ambiguous_name_asks_for_the_country(store, capsys):
    before = store.content_hash()
    code, _, err = run(store, capsys, "add-city", "Paris")
    assert code == 2
    assert "several places" in err and "--country FR" in err and "--country US" in err
    assert store.content_hash() == before


def test_a_stored_city_and_an_unknown_name_are_refused(store, capsys):
    code, _, err = run(store, capsys, "add-city", "Weinsberg", "--who", "ali")
    assert code == 0, err
    before = store.content_hash()
    code, _, err = run(store, capsys, "add-city", "Weinsberg")
    assert code == 1 and "stored already" in err
    code, _, err = run(store, capsys, "add-city", "Narnia")
    assert code == 2 and "no place is named exactly 'Narnia'" in err and "did you mean" in err
    assert store.content_hash() == before



def test_a_reader_that_leaves_early_is_not_an_error(store, monkeypatch):
    """`python -m graph city Tehran --json | head -2`: when the reader has gone, writing
    raises BrokenPipeError; the command ends quietly with exit code 0."""
    import os
    import sys

    read_end, write_end = os.pipe()

    class GoneReader:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return write_end

    monkeypatch.setattr(sys, "stdout", GoneReader())
    url = store.engine.url.render_as_string(hide_password=False)
    try:
        assert main(["city", "Tehran", "--json", "--db", url]) == 0
    finally:
        os.close(read_end)
        os.close(write_end)
