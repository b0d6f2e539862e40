"""Data management: import validation, all-or-nothing writes, audit and undo, conflicts,
export neutralisation, backup and restore, editors' passwords.

Stores that are written to are small and hand-made (six cities, one tie, one exchange),
created per test on SQLite and PostgreSQL (fixture ``db_url``); validation is also
checked against the cities of the real seeded store.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import networkx as nx
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli.main import main
from graph.io.export import export_data, neutralise
from graph.io.importer import import_file, template, validate
from graph.store.backup import backup, restore
from graph.store.changes import (
    ConflictError,
    UndoError,
    batch_changes,
    edit_tie,
    list_batches,
    undo_batch,
)
from graph.store.editors import LockOut, editor_entry, parse_editors, verify_password
from graph.store.schema import pair_key
from tests.builders import make_store


@pytest.fixture(scope="module")
def cities():
    with_rows = make_store("sqlite://")
    return with_rows.cities()


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


TIES_HEADER = ["city_a", "city_b", "relation", "status", "since", "evidence", "sources", "note"]
EX_HEADER = ["city_a", "city_b", "date", "kind", "intensity", "title", "source", "evidence"]
GOOD_TIE = ["تهران", "Kazan", "sister", "signed", "2019", "official", "https://ex.org/k", ""]
GOOD_EX = ["Isfahan", "Kazan", "2021-03-04", "technical", "3", "Metro cars", "", "news"]


def codes(report) -> list[str]:
    return [e.to_dict()["code"] for e in report.errors]


# --- reading -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1256"]
)
def test_encodings_are_recognised(cities, encoding):
    rows = [TIES_HEADER, ["تهران", "قازان", "sister", "signed", "2019", "official", "", "دست‌نوشته"]]
    if encoding == "utf-16-le-bom":
        data = b"\xff\xfe" + csv_bytes(rows, "utf-16-le")
    elif encoding == "utf-16-be-bom":
        data = b"\xfe\xff" + csv_bytes(rows, "utf-16-be")
    else:
        data = csv_bytes(rows, encoding)
    report = validate(data, cities)
    assert report.accepted, report.to_dict()
    (record,) = report.records
    assert (record["city_a"], record["city_b"], record["note"]) == ("tehran", "kazan", "دست‌نوشته")


@pytest.mark.parametrize(
    ("since", "intensity", "date", "want_since", "want_date"),
    [
        ("2019", "2", "2019-08-03", 2019, "2019-08-03"),
        ("۲۰۱۹", "۲", "۲۰۱۹-۰۸-۰۳", 2019, "2019-08-03"),  # Persian digits
        ("٢٠١٩", "٢", "٢٠١٩/٠٨/٠٣", 2019, "2019-08-03"),  # Arabic-Indic digits
        ("۱۳۹۸", "2", "۱۳۹۸/۰۵/۱۲", 2019, "2019-08-03"),  # Jalali
        ("1398", "2.0", "1398/05", 2019, "2019-08"),  # Jalali month, Excel's 2.0
        ("1398", "2", "1398", 2019, "2019"),
        ("1399", "2", "1399/12/30", 2020, "2021-03-20"),  # Jalali leap day
        ("2019", "2", "2019-02", 2019, "2019-02"),
    ],
)
def test_digits_and_jalali(cities, since, intensity, date, want_since, want_date):
    ties = validate(csv_bytes([TIES_HEADER, ["Tehran", "Kazan", "sister", "", since]]), cities)
    assert ties.accepted and ties.records[0]["since"] == want_since
    assert any(w.problem == "warn.jalali" for w in ties.warnings) == since.startswith(("13", "۱۳"))
    ex = validate(
        csv_bytes([EX_HEADER, ["Tehran", "Kazan", date, "cultural", intensity, "x"]]), cities
    )
    assert ex.accepted, ex.to_dict()
    assert ex.records[0]["date"] == want_date and ex.records[0]["intensity"] == int(
        float(intensity.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")))
    )
    warned = [w.to_dict("en")["problem"] for w in ex.warnings if w.problem == "warn.jalali"]
    if date.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")).startswith("13"):
        assert warned and want_date in warned[0]


def test_persian_headers_and_labels(cities):
    data = csv_bytes(
        [
            ["شهر الف", "شهر ب", "نوع پیوند", "وضعیت", "سال", "شواهد"],
            ["اصفهان", "قازان", "خواهرخواندگی", "امضاشده", "۱۴۰۰", "رسمی"],
        ]
    )
    report = validate(data, cities)
    assert report.accepted, report.to_dict()
    record = report.records[0]
    assert (record["relation"], record["status"], record["since"], record["evidence"]) == (
        "sister",
        "signed",
        2021,
        "official",
    )


def test_defaults_evidence_user_and_status_signed(cities):
    report = validate(
        csv_bytes([["city_a", "city_b", "relation"], ["Tehran", "Kazan", "sister"]]), cities
    )
    assert report.accepted
    assert report.records[0]["evidence"] == "user" and report.records[0]["status"] == "signed"


def test_country_columns_disambiguate(cities):
    rows = [
        ["city_a", "country_a", "city_b", "country_b", "relation"],
        ["Paris", "us", "Shiraz", "IR", "friendship"],
    ]
    report = validate(csv_bytes(rows), cities)
    assert report.accepted and report.records[0]["city_a"] == "paris_us"


def test_xlsx_with_dates_and_numbers(cities):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(EX_HEADER)
    sheet.append(["Isfahan", "Kazan", dt.datetime(2022, 5, 1), "transit", 1, "Flights", None, None])
    sheet.append(["اصفهان", "قازان", "۱۴۰۱/۰۲/۱۱", "transit", 1.0, "Flights", None, None])
    out = io.BytesIO()
    book.save(out)
    report = validate(out.getvalue(), cities)
    assert report.accepted, report.to_dict()
    # 11 Ordibehesht 1401 is 1 May 2022: the same exchange, merged and reported
    assert len(report.records) == 1 and report.records[0]["date"] == "2022-05-01"
    assert [w.problem for w in report.warnings].count("warn.duplicate") == 1


def test_duplicates_merged_and_conflicts_rejected(cities):
    same = validate(
        csv_bytes(
            [
                TIES_HEADER,
                GOOD_TIE,
                [
                    "Tehran",
                    "Kazan",
                    "sister",
                    "signed",
                    "2019",
                    "official",
                    "https://ex.org/other",
                    "more",
                ],
            ]
        ),
        cities,
    )
    assert same.accepted and len(same.records) == 1
    assert json.loads(same.records[0]["sources"]) == ["https://ex.org/k", "https://ex.org/other"]
    clash = validate(
        csv_bytes([TIES_HEADER, GOOD_TIE, ["Tehran", "Kazan", "friendship", "signed", "2019"]]),
        cities,
    )
    assert not clash.accepted and codes(clash) == ["duplicate_conflict"]


BAD_ROWS = [
    ("self_loop", TIES_HEADER, ["Tehran", "تهران", "sister"]),
    ("city_unknown", TIES_HEADER, ["Narnia", "Kazan", "sister"]),
    # Atlantis is a South African town GeoNames knows: add it first (the offline gazetteer)
    ("city_not_stored", TIES_HEADER, ["Atlantis", "Kazan", "sister"]),
    ("city_ambiguous", TIES_HEADER, ["Paris", "Kazan", "sister"]),
    ("required", TIES_HEADER, ["", "Kazan", "sister"]),
    ("choice", TIES_HEADER, ["Tehran", "Kazan", "lovers"]),
    ("choice", TIES_HEADER, ["Tehran", "Kazan", "sister", "pending"]),
    ("choice", TIES_HEADER, ["Tehran", "Kazan", "sister", "signed", "", "rumour"]),
    ("year", TIES_HEADER, ["Tehran", "Kazan", "sister", "signed", "2500"]),
    ("year", TIES_HEADER, ["Tehran", "Kazan", "sister", "signed", "19"]),
    ("year", TIES_HEADER, ["Tehran", "Kazan", "sister", "signed", "next year"]),
    ("link", TIES_HEADER, ["Tehran", "Kazan", "sister", "", "", "", "javascript:alert(1)"]),
    ("link", TIES_HEADER, ["Tehran", "Kazan", "sister", "", "", "", "data:text/html,<b>"]),
    ("date", EX_HEADER, ["Tehran", "Kazan", "2019-02-30", "cultural", "1", "t"]),
    ("date", EX_HEADER, ["Tehran", "Kazan", "1398/12/30", "cultural", "1", "t"]),  # not leap
    ("date", EX_HEADER, ["Tehran", "Kazan", "2019-13-01", "cultural", "1", "t"]),
    ("date", EX_HEADER, ["Tehran", "Kazan", "0999", "cultural", "1", "t"]),
    ("date", EX_HEADER, ["Tehran", "Kazan", "yesterday", "cultural", "1", "t"]),
    ("intensity", EX_HEADER, ["Tehran", "Kazan", "2019", "cultural", "0", "t"]),
    ("intensity", EX_HEADER, ["Tehran", "Kazan", "2019", "cultural", "4", "t"]),
    ("intensity", EX_HEADER, ["Tehran", "Kazan", "2019", "cultural", "high", "t"]),
    ("choice", EX_HEADER, ["Tehran", "Kazan", "2019", "military", "1", "t"]),
    ("required", EX_HEADER, ["Tehran", "Kazan", "2019", "cultural", "1", ""]),
    ("country", ["city_a", "country_a", "city_b", "relation"], ["Paris", "XX", "Kazan", "sister"]),
    ("field_count", TIES_HEADER[:3], ["Tehran", "Kazan", "sister", "extra"]),
    ("too_long", TIES_HEADER, ["Tehran", "Kazan", "sister", "", "", "", "", "x" * 5000]),
]


@pytest.mark.parametrize(("code", "header", "row"), BAD_ROWS)
def test_each_bad_row_is_rejected_with_a_located_message(cities, code, header, row):
    report = validate(csv_bytes([header, row]), cities)
    assert not report.accepted
    assert code in codes(report)
    issue = next(e for e in report.errors if e.to_dict()["code"] == code)
    assert issue.row == 2
    for lang in ("fa", "en"):
        shown = issue.to_dict(lang)
        assert shown["problem"] and shown["fix"]


BAD_FILES = [
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
    ("empty", b""),
    ("empty", b"   \r\n"),
    ("empty", csv_bytes([TIES_HEADER])),
    ("columns", csv_bytes([["name", "partner"], ["Tehran", "Kazan"]])),
    ("columns", csv_bytes([["city_a", "relation"], ["Tehran", "sister"]])),
    ("quoting", b'city_a,city_b,relation\n"Tehran,Kazan,sister\n'),
    ("quoting", b'city_a,city_b,relation\n"Tehran"x,Kazan,sister\n'),
    ("xlsx", b"PK\x03\x04" + b"not really a zip" * 10),
    ("binary", b"city_a,city_b,relation\nTeh\x01ran,Kazan,sister\n"),
]


@pytest.mark.parametrize(("code", "data"), BAD_FILES)
def test_bad_files_are_rejected_never_raise(cities, code, data):
    report = validate(data, cities)
    assert not report.accepted and code in codes(report), report.to_dict()
    assert report.to_dict("fa")["errors"][0]["problem"]


def test_a_zip_that_is_not_a_workbook(cities):
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    report = validate(out.getvalue(), cities)
    assert not report.accepted and codes(report) == ["xlsx"]


def test_templates_validate(cities):
    for kind in ("ties", "exchanges"):
        report = validate(template(kind), cities)
        assert report.accepted and report.kind == kind, report.to_dict()


def test_validation_on_the_seeded_store(seeded_store):
    data = csv_bytes([EX_HEADER, ["تهران", "Kazan", "۱۴۰۲/۰۱/۱۵", "فرهنگی", "۲", "هفتهٔ فرهنگی"]])
    report = validate(data, seeded_store.cities())
    assert not report.accepted and codes(report) == ["choice"]  # "فرهنگی" alone is no label
    data = csv_bytes([EX_HEADER, ["تهران", "Kazan", "۱۴۰۲/۰۱/۱۵", "تبادل فرهنگی", "۲", "هفته"]])
    report = validate(data, seeded_store.cities())
    assert report.accepted, report.to_dict()
    assert report.records[0]["date"] == "2023-04-04"


# --- writing: all or nothing, audit, undo, conflicts (SQLite and PostgreSQL) ----------


def test_import_writes_user_rows_and_records_the_batch(store):
    before = store.content_hash()
    data = csv_bytes([TIES_HEADER, GOOD_TIE, ["Shiraz", "Kazan", "friendship"]])
    report = import_file(store, data, "maryam")
    assert report.accepted and report.inserted == 2 and report.batch_id
    ties = store.ties().set_index("pair_key")
    row = ties.loc[pair_key("tehran", "kazan")]
    assert row["origin"] == "user" and row["evidence"] == "official" and row["version"] == 1
    assert ties.loc[pair_key("shiraz", "kazan")]["evidence"] == "user"
    (batch,) = list_batches(store)
    assert (batch["who"], batch["action"], batch["rows"]) == ("maryam", "import", 2)
    changes = batch_changes(store, report.batch_id)
    assert {c["operation"] for c in changes} == {"insert"}
    assert undo_batch(store, report.batch_id, "maryam")
    assert store.content_hash() == before
    assert list_batches(store)[1]["undone_by"] is not None


def test_one_bad_row_changes_nothing(store):
    before = store.content_hash()
    rows = [TIES_HEADER] + [GOOD_TIE] * 3 + [["Tehran", "Atlantis", "sister"]]
    report = import_file(store, csv_bytes(rows), "maryam")
    assert not report.accepted
    assert store.content_hash() == before and list_batches(store) == []


def test_dry_run_changes_nothing(store):
    before = store.content_hash()
    report = import_file(store, csv_bytes([EX_HEADER, GOOD_EX]), "maryam", dry_run=True)
    assert report.accepted and report.inserted == 1 and report.batch_id is None
    assert store.content_hash() == before and list_batches(store) == []


def test_update_of_a_seed_tie_and_undo_restores_it_under_a_new_version(store):
    original = store.ties().iloc[0].to_dict()
    data = csv_bytes([TIES_HEADER, ["Tehran", "Paris, FR", "cooperation", "signed", "۱۳۷۹"]])
    report = import_file(store, data, "ali")
    assert report.accepted and report.updated == 1
    tie = store.ties().iloc[0]
    assert (tie["relation"], tie["since"], tie["version"], tie["origin"]) == (
        "cooperation",
        2000,
        2,
        "user",
    )
    undo_batch(store, report.batch_id, "ali")
    restored = store.ties().iloc[0].to_dict()
    # the content comes back; the version moves on (3), never back to 1, so an editor
    # who read version 2 (the import) cannot save over a later edit made from version 1
    assert restored["version"] == 3
    assert {**restored, "version": 1} == original


def test_an_update_keeps_what_the_file_leaves_blank_and_adds_sources(store):
    """Blank cells never wipe a stored tie's fields; a file's sources join the stored ones."""
    header = ["city_a", "city_b", "relation", "status", "since", "evidence", "sources", "note"]
    data = csv_bytes(
        [header, ["Tehran", "Paris, FR", "sister", "", "", "", "https://example.org/b", ""]]
    )
    report = import_file(store, data, "ali")
    assert report.accepted and report.updated == 1
    tie = store.ties().iloc[0]
    assert (tie["status"], tie["since"], tie["evidence"]) == ("signed", 2000, "official")
    assert list(tie["sources"]) == ["https://example.org/a", "https://example.org/b"]
    again = import_file(store, data, "ali")  # the same file again changes nothing
    assert again.accepted and again.unchanged == 1 and again.updated == 0


def test_exchanges_import_skips_already_stored_and_undo(store):
    before = store.content_hash()
    rows = [EX_HEADER, GOOD_EX, ["Tehran", "Paris, FR", "2015-05", "cultural", "2", "Iran week"]]
    report = import_file(store, csv_bytes(rows), "ali")
    assert report.accepted and (report.inserted, report.unchanged) == (1, 1)
    exchanges = store.exchanges()
    assert len(exchanges) == 2 and exchanges.iloc[-1]["origin"] == "user"
    undo_batch(store, report.batch_id, "ali")
    assert store.content_hash() == before
    with pytest.raises(UndoError, match="already undone"):
        undo_batch(store, report.batch_id, "ali")


def test_a_file_with_nothing_new_records_no_batch(store):
    rows = [EX_HEADER, ["Tehran", "Paris, FR", "2015-05", "cultural", "2", "Iran week"]]
    report = import_file(store, csv_bytes(rows), "ali")
    assert report.accepted and report.unchanged == 1 and report.batch_id is None
    assert list_batches(store) == []


def test_undo_refused_when_a_later_batch_changed_the_rows(store):
    report = import_file(store, csv_bytes([TIES_HEADER, GOOD_TIE]), "ali")
    tie = store.ties().set_index("pair_key").loc[pair_key("tehran", "kazan")]
    edit = edit_tie(store, int(tie["tie_id"]), int(tie["version"]), {"note": "edited"}, "sara")
    hash_after_edit = store.content_hash()
    with pytest.raises(UndoError, match=f"batch {edit}"):
        undo_batch(store, report.batch_id, "ali")
    assert store.content_hash() == hash_after_edit
    undo_batch(store, edit, "sara")
    undo_batch(store, report.batch_id, "ali")
    assert pair_key("tehran", "kazan") not in set(store.ties()["pair_key"])


def test_two_sessions_editing_the_same_tie_conflict(store):
    tie = store.ties().iloc[0]
    tie_id, read = int(tie["tie_id"]), int(tie["version"])
    first = edit_tie(store, tie_id, read, {"note": "from session one"}, "sara")
    assert first
    with pytest.raises(ConflictError) as caught:
        edit_tie(store, tie_id, read, {"note": "from session two", "status": "suspended"}, "reza")
    conflict = caught.value
    assert conflict.theirs["note"] == "from session one" and conflict.theirs["version"] == 2
    assert conflict.mine["note"] == "from session two" and conflict.read_version == 1
    assert "version 1" in str(conflict) and "version 2" in str(conflict)
    stored = store.ties().iloc[0]
    assert (stored["note"], stored["status"], stored["version"]) == (
        "from session one",
        "signed",
        2,
    )
    assert [b["who"] for b in list_batches(store)] == ["sara"]


def test_backup_restore_round_trip(store, tmp_path):
    import_file(store, csv_bytes([TIES_HEADER, GOOD_TIE]), "ali")
    before = store.content_hash()
    path = tmp_path / "backup.json.gz"
    counts = backup(store, path)
    assert counts["ties"] == 2 and counts["batches"] == 1 and counts["meta"] >= 2
    undo_batch(store, 1, "ali")
    assert store.content_hash() != before
    restore(store, path, who="admin")
    assert store.content_hash() == before
    # a restored PostgreSQL store keeps numbering rows after the restored ones
    report = import_file(store, csv_bytes([EX_HEADER, GOOD_EX]), "ali")
    assert report.accepted and report.batch_id > 2


def test_sqlite_backup_restores_into_this_backend(store, tmp_path):
    source = make_store(f"sqlite:///{tmp_path}/other.sqlite")
    import_file(source, csv_bytes([EX_HEADER, GOOD_EX]), "ali")
    path = tmp_path / "b.json"
    backup(source, path)
    restore(store, path, who="admin")
    assert store.content_hash() == source.content_hash()


def test_restore_refuses_a_file_that_is_not_a_backup(store, tmp_path):
    from graph.store.engine import StoreError

    path = tmp_path / "x.json"
    path.write_text('{"hello": 1}')
    before = store.content_hash()
    with pytest.raises(StoreError, match="not a backup"):
        restore(store, path, who="admin")
    assert store.content_hash() == before


# --- export ---------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["=1+2", "+SUM(A1)", "-3", "@cmd", '=HYPERLINK("x")'])
def test_neutralise(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Tehran") == "Tehran" and neutralise(5) == 5


def test_direction_overrides_are_dropped_persian_marks_kept(store):
    """An unclosed RLO (U+202E) would flip the rest of a line wherever the note is shown;
    ZWNJ (U+200C) and RLM (U+200F), which Persian text uses, stay."""
    note = "\u202egnp.exe\u2066 نامه\u200cها\u200f"
    data = csv_bytes([TIES_HEADER, ["Tehran", "Kazan", "sister", "", "", "", "", note]])
    assert import_file(store, data, "ali").accepted
    stored = store.ties().set_index("pair_key").loc[pair_key("kazan", "tehran"), "note"]
    assert stored == "gnp.exe نامه\u200cها\u200f"


def test_exports_neutralise_and_parse(store):
    hostile = '=HYPERLINK("http://evil","click")'
    data = csv_bytes([TIES_HEADER, ["Tehran", "Kazan", "sister", "", "", "", "", hostile]])
    assert import_file(store, data, "ali").accepted
    text = export_data(store, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["note"] for r in rows} == {"", "'" + hostile}
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export_data(store, "xlsx")))
    notes = [c.value for c in book["ties"]["K"]] + [
        c.value for row in book["ties"].iter_rows() for c in row
    ]
    assert "'" + hostile in notes and hostile not in notes
    geo = json.loads(export_data(store, "geojson"))
    kinds = {f["geometry"]["type"] for f in geo["features"]}
    assert kinds == {"Point", "LineString"}
    graph = nx.read_graphml(io.BytesIO(export_data(store, "graphml")))
    assert graph.has_edge("tehran", "kazan")
    assert graph.edges["tehran", "paris_fr"]["sources"] == "https://example.org/a"


# --- command line ---------------------------------------------------------------------


def test_cli_import_json_and_exit_codes(store, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DIPLOMACY_BACKUP_DIR", str(tmp_path / "backups"))
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([EX_HEADER, GOOD_EX]))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([EX_HEADER, GOOD_EX, ["Tehran", "Tehran", "x", "y", "9", ""]]))
    db = ["--db", store.engine.url.render_as_string(hide_password=False)]
    before = store.content_hash()
    assert main(["import", str(bad), "--json", *db]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["accepted"] is False and {"row", "column", "value", "problem", "fix"} <= set(
        out["errors"][0]
    )
    assert main(["import", str(good), "--dry-run", "--json", *db]) == 0
    capsys.readouterr()
    assert store.content_hash() == before
    assert main(["import", str(good), "--who", "cli-test", *db]) == 0
    (batch,) = list_batches(store)
    assert batch["who"] == "cli-test"
    assert f"batch {batch['batch_id']}" in capsys.readouterr().out
    assert len(list((tmp_path / "backups").glob("before-import-*.json.gz"))) == 1
    assert main(["undo", str(batch["batch_id"]), *db]) == 0
    assert store.content_hash() == before
    assert main(["undo", str(batch["batch_id"]), *db]) == 1
    assert "already undone" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "missing.csv"), *db]) == 1
    for fmt in ("csv", "xlsx", "geojson", "graphml"):
        assert main(["export", "--format", fmt, str(tmp_path / f"out.{fmt}"), *db]) == 0
    assert main(["backup", str(tmp_path / "b.json"), *db]) == 0
    assert main(["restore", str(tmp_path / "b.json"), *db]) == 0
    assert store.content_hash() == before


# --- robustness: random and mutated files never crash and never half-write ------------

SEEDS = [csv_bytes([TIES_HEADER, GOOD_TIE]), csv_bytes([EX_HEADER, GOOD_EX, GOOD_EX])]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_always_give_a_report(cities, data):
    report = validate(data, cities)
    assert isinstance(report.accepted, bool)
    assert report.accepted or report.errors
    json.dumps(report.to_dict("fa"), ensure_ascii=False)


@st.composite
def mutated(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(
                st.sampled_from([b'"', b",", b"\n", b"\x00", b"\xd9", "۱".encode(), b"=", b"\r"])
            )
        elif data:
            del data[pos]
    return bytes(data)


_FUZZ_STORE: dict = {}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_files_never_crash_nor_half_write(tmp_path_factory, data):
    if "store" not in _FUZZ_STORE:
        _FUZZ_STORE["store"] = make_store(
            f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/fuzz.sqlite"
        )
    store = _FUZZ_STORE["store"]
    before = store.content_hash()
    batches = len(list_batches(store))
    report = import_file(store, data, "fuzz", dry_run=False)
    if report.accepted:
        with store.engine.connect() as conn:
            count = conn.execute(
                sa.select(sa.func.count()).select_from(sa.table("changes"))
            ).scalar()
        assert count >= report.inserted + report.updated
        undo_batch(store, report.batch_id, "fuzz")
        assert store.content_hash() == before
    else:
        assert report.errors and store.content_hash() == before
        assert len(list_batches(store)) == batches


# --- editors --------------------------------------------------------------------------


def test_editor_entries_and_verification():
    entry = editor_entry("maryam", "correct horse", salt=b"0123456789abcdef")
    name, salt, digest = entry.split(":")
    assert name == "maryam" and salt == b"0123456789abcdef".hex() and "correct" not in entry
    editors = parse_editors(entry + ";broken;x:nothex:1;" + editor_entry("ali", "pw"))
    assert set(editors) == {"maryam", "ali"}
    assert verify_password(editors, "maryam", "correct horse")
    assert not verify_password(editors, "maryam", "wrong")
    assert not verify_password(editors, "nobody", "correct horse")
    with pytest.raises(ValueError):
        editor_entry("a:b", "pw")


def test_lock_out_after_five_failures_for_five_minutes(store):
    now = [1000.0]
    lock = LockOut(store, clock=lambda: now[0])
    for _ in range(4):
        assert lock.claim("maryam").allowed
    assert lock.locked_for("maryam") == 0
    assert lock.claim("maryam").locked_for == pytest.approx(300)
    assert lock.locked_for("maryam") == pytest.approx(300)
    now[0] += 299
    assert lock.locked_for("maryam") > 0
    assert not lock.claim("maryam").allowed
    now[0] += 2
    assert lock.locked_for("maryam") == 0
    assert lock.locked_for("ali") == 0


def test_cli_hash_password_prints_a_working_entry(store, capsys, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "tehran-1404")
    db = ["--db", store.engine.url.render_as_string(hide_password=False)]
    assert main(["hash-password", "maryam", *db]) == 0
    entry = capsys.readouterr().out.strip()
    assert "tehran-1404" not in entry
    assert verify_password(parse_editors(entry), "maryam", "tehran-1404")
