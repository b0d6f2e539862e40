"""The change log in Persian and English, and undo refusing to orphan a city's ties.

Batch descriptions are stored language-free (graph.i18n.changelog.batch_description) and
rendered by describe_batch; undo refusals carry a code and parameters (UndoError) and
read as English on the command line and in either language on the page. Stores are
small and hand-made (tests.builders.make_store), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from graph.analysis.suggest import propose_partner
from graph.cli.main import main
from graph.i18n import digits, t
from graph.i18n.changelog import (
    action_label,
    batch_description,
    describe_batch,
    parse_description,
)
from graph.io.importer import import_file
from graph.store.backup import backup, restore
from graph.store.changes import (
    UndoError,
    edit_tie,
    list_batches,
    record_batch,
    record_change,
    row_image,
    undo_batch,
)
from graph.store.schema import air_links_table, cities_table, pair_key
from tests.builders import insert, make_air_link, make_city
from tests.graph.io.test_io import EX_HEADER, TIES_HEADER, csv_bytes

NAMES_FA = {"tehran": "تهران", "kazan": "قازان", "isfahan": "اصفهان", "qom": "قم"}
NAMES_EN = {"tehran": "Tehran", "kazan": "Kazan", "isfahan": "Isfahan", "qom": "Qom"}
TIE_ROW = ["Tehran", "Kazan", "sister", "signed", "2019", "official", "https://ex.org/k", ""]


def _batch(key: str, batch_action: str = "import", **params) -> dict:
    return {"action": batch_action, "description": batch_description(key, **params)}


# --- descriptions -------------------------------------------------------------------------


def test_descriptions_are_stored_language_free_and_parse_back():
    text = batch_description("undo", batch=3, action="import")
    assert json.loads(text) == {"key": "undo", "params": {"action": "import", "batch": 3}}
    assert parse_description(text) == ("undo", {"action": "import", "batch": 3})
    for old in ("edit of tie a|b", "", None, "{not json", '{"no": "key"}'):
        assert parse_description(old) == (None, {})


@pytest.mark.parametrize(
    ("batch", "fa", "en"),
    [
        (
            _batch("import_file", kind="ties", rows=12, file="ties.csv"),
            "پیوندها: ۱۲ سطر از پروندهٔ ties.csv",
            "Ties: 12 row(s) from ties.csv",
        ),
        (_batch("import", kind="exchanges", rows=1), "تبادل‌ها: ۱ سطر", "Exchanges: 1 row(s)"),
        (
            _batch("undo", "undo", batch=3, action="import"),
            "برگرداندن دستهٔ ۳ (ورود پرونده)",
            "undo of batch 3 (import)",
        ),
        (
            _batch("edit_tie", "edit", tie=pair_key("tehran", "kazan")),
            "ویرایش پیوند قازان – تهران",
            "edit of the tie Kazan – Tehran",
        ),
        (
            _batch("restore", "restore", file="b.json.gz"),
            "بازیابی از پشتیبان b.json.gz",
            "restore from b.json.gz",
        ),
        (
            _batch("propose", city_a="tehran", city_b="kazan"),
            "پیشنهاد قازان به‌عنوان شریک تهران",
            "Kazan proposed as a partner of Tehran",
        ),
        (_batch("add_city", "add_city", city="qom"), "افزودن شهر قم", "city Qom added"),
        (
            _batch("add_exchange", "add_exchange", city_a="isfahan", city_b="kazan"),
            "افزودن تبادل اصفهان – قازان",
            "exchange Isfahan – Kazan added",
        ),
    ],
)
def test_every_description_reads_in_both_languages(batch, fa, en):
    assert describe_batch(batch, "fa", NAMES_FA) == fa
    assert describe_batch(batch, "en", NAMES_EN) == en


def test_without_names_city_ids_are_shown():
    batch = _batch("edit_tie", "edit", tie="kazan|tehran")
    assert describe_batch(batch, "en") == "edit of the tie kazan – tehran"


def test_old_plain_text_rows_are_shown_as_they_are():
    batch = {"action": "edit", "description": "edit of tie kazan|tehran"}
    assert describe_batch(batch, "fa") == "edit of tie kazan|tehran"
    assert describe_batch({"action": "import", "description": ""}, "fa") == ""


def test_unknown_keys_and_actions_fall_back_without_failing():
    batch = _batch("merge_cities", "merge", city="qom", rows=2)
    assert describe_batch(batch, "en", NAMES_EN) == "merge (city: Qom, rows: 2)"
    assert describe_batch(batch, "fa", NAMES_FA) == "merge (city: قم, rows: ۲)"
    assert action_label("merge", "fa") == "merge"
    assert action_label("add_city", "fa") == "افزودن شهر"
    assert action_label("import", "fa") == t("data.action.import", "fa")
    # a known key with parameters that do not fit its text: the action label and params
    wrong = _batch("undo", "undo", number=4)
    assert describe_batch(wrong, "fa") == f"{t('data.action.undo', 'fa')} (number: ۴)"
    assert describe_batch(_batch("edit_tie", "edit"), "en") == "edit"


def test_every_writer_stores_a_structured_description(store, tmp_path):
    report = import_file(store, csv_bytes([TIES_HEADER, TIE_ROW]), "ali", filename="t.csv")
    tie = store.ties().set_index("pair_key").loc[pair_key("tehran", "kazan")]
    edit = edit_tie(store, int(tie["tie_id"]), int(tie["version"]), {"note": "n"}, "sara")
    undo = undo_batch(store, edit, "sara")
    path = tmp_path / "b.json"
    backup(store, path)
    restore(store, path, who="admin")
    proposed = propose_partner(store, "isfahan", "kazan", who="planner")
    assert proposed.accepted, proposed.errors
    batches = {b["batch_id"]: b for b in list_batches(store)}
    keys = [parse_description(b["description"])[0] for _, b in sorted(batches.items())]
    assert keys == ["import_file", "edit_tie", "undo", "restore", "propose"]
    en = {i: describe_batch(b, "en", NAMES_EN) for i, b in batches.items()}
    fa = {i: describe_batch(b, "fa", NAMES_FA) for i, b in batches.items()}
    assert en[report.batch_id] == "Ties: 1 row(s) from t.csv"
    assert fa[report.batch_id] == "پیوندها: ۱ سطر از پروندهٔ t.csv"
    assert en[edit] == "edit of the tie Kazan – Tehran"
    assert fa[undo] == "برگرداندن دستهٔ ۲ (ویرایش)"
    assert en[proposed.batch_id] == "Kazan proposed as a partner of Isfahan"
    assert fa[proposed.batch_id] == "پیشنهاد قازان به‌عنوان شریک اصفهان"


# --- undo refusals --------------------------------------------------------------------------


def test_undo_refusals_carry_a_code_and_read_in_both_languages(store):
    with pytest.raises(UndoError) as caught:
        undo_batch(store, 99, "ali")
    assert (caught.value.code, caught.value.params) == ("no_batch", {"batch": 99})
    assert str(caught.value) == "there is no batch 99: see the change log for the numbers"
    assert caught.value.message("fa") == (
        "دسته‌ای با شمارهٔ ۹۹ نیست؛ شماره‌ها را در دفتر تغییرها ببینید."
    )
    report = import_file(store, csv_bytes([TIES_HEADER, TIE_ROW]), "ali")
    tie = store.ties().set_index("pair_key").loc[pair_key("tehran", "kazan")]
    edit = edit_tie(store, int(tie["tie_id"]), int(tie["version"]), {"note": "later"}, "sara")
    with pytest.raises(UndoError) as caught:
        undo_batch(store, report.batch_id, "ali")
    error = caught.value
    assert error.code == "changed_later"
    assert str(error) == (
        f"cannot undo batch {report.batch_id}: the tie kazan – tehran was changed later by "
        f"batch {edit}; undo that batch first"
    )
    assert error.message("fa", NAMES_FA) == (
        "دستهٔ ۱ برگردانده نمی‌شود: پیوند قازان – تهران بعدها با دستهٔ ۲ تغییر کرده است؛ "
        "نخست آن دسته را برگردانید."
    )
    undo = undo_batch(store, edit, "sara")
    with pytest.raises(UndoError) as caught:
        undo_batch(store, edit, "sara")
    assert caught.value.params == {"batch": edit, "by": undo}
    # (PostgreSQL does not reuse the number the refused undo took: compute it)
    shown = digits(str(undo), "fa")
    assert caught.value.message("fa") == f"دستهٔ ۲ پیش‌تر با دستهٔ {shown} برگردانده شده است."


def test_cli_undo_speaks_english(store, capsys):
    db = ["--db", store.engine.url.render_as_string(hide_password=False)]
    report = import_file(store, csv_bytes([TIES_HEADER, TIE_ROW]), "ali")
    tie = store.ties().set_index("pair_key").loc[pair_key("tehran", "kazan")]
    edit_tie(store, int(tie["tie_id"]), int(tie["version"]), {"note": "later"}, "sara")
    capsys.readouterr()
    assert main(["undo", str(report.batch_id), *db]) == 1
    err = capsys.readouterr().err
    assert "the tie kazan – tehran was changed later by batch 2; undo that batch first" in err
    assert not any("\u0600" <= c <= "\u06ff" for c in err), err


# --- undo must not orphan a city's ties ---------------------------------------------------

QOM = make_city(
    city_id="qom", name_en="Qom", name_fa="قم", lat=34.64, lon=50.88, population=1_200_000,
    origin="user",
)


def add_city(store, who: str = "maryam") -> int:
    """Add Qom the way an audited city-adding tool does: one batch, one recorded insert."""
    with store.engine.begin() as conn:
        batch = record_batch(conn, who, "add_city", batch_description("add_city", city="qom"))
        conn.execute(cities_table.insert().values(**QOM))
        after = row_image(
            conn.execute(sa.select(cities_table).where(cities_table.c.city_id == "qom"))
            .mappings()
            .first()
        )
        record_change(conn, batch, "cities", "qom", "insert", None, after)
    return batch


def test_the_database_itself_enforces_the_city_foreign_keys(store):
    add_city(store)
    import_file(store, csv_bytes([TIES_HEADER, ["Qom", "Kazan", "sister"]]), "ali")
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as conn:
        conn.execute(cities_table.delete().where(cities_table.c.city_id == "qom"))


def test_undo_of_a_city_still_used_is_refused_and_changes_nothing(store):
    added = add_city(store)
    ties = import_file(store, csv_bytes([TIES_HEADER, ["Qom", "Kazan", "sister"]]), "ali")
    exchange = ["Qom", "Isfahan", "2021-03-04", "technical", "2", "Seminary visit", "", "news"]
    exchanges = import_file(store, csv_bytes([EX_HEADER, exchange]), "ali")
    assert ties.accepted and exchanges.accepted, (ties.errors, exchanges.errors)
    before, batches = store.content_hash(), len(list_batches(store))
    with pytest.raises(UndoError) as caught:
        undo_batch(store, added, "maryam")
    error = caught.value
    assert error.code == "city_in_use"
    assert error.params == {"batch": added, "city": "qom", "ties": 1, "exchanges": 1}
    assert str(error) == (
        f"cannot undo batch {added}: city qom is used by 1 tie(s) and 1 exchange(s); "
        "undo or remove those first"
    )
    assert error.message("fa", NAMES_FA) == (
        "دستهٔ ۱ برگردانده نمی‌شود: شهر قم در ۱ پیوند و ۱ تبادل به کار رفته است؛ "
        "نخست آن‌ها را برگردانید یا حذف کنید."
    )
    assert store.content_hash() == before and len(list_batches(store)) == batches
    assert list_batches(store)[-1]["undone_by"] is None
    # undo the users of the city first, then the city goes
    undo_batch(store, exchanges.batch_id, "maryam")
    with pytest.raises(UndoError, match=r"used by 1 tie\(s\) and 0 exchange\(s\)"):
        undo_batch(store, added, "maryam")
    undo_batch(store, ties.batch_id, "maryam")
    undo_batch(store, added, "maryam")
    assert "qom" not in set(store.cities()["city_id"])


def test_a_batch_that_added_a_city_and_its_tie_undoes_whole(store):
    with store.engine.begin() as conn:
        batch = record_batch(conn, "maryam", "add_city", batch_description("add_city", city="qom"))
        conn.execute(cities_table.insert().values(**QOM))
        record_change(conn, batch, "cities", "qom", "insert", None, dict(QOM))
    report = import_file(store, csv_bytes([TIES_HEADER, ["Qom", "Kazan", "sister"]]), "ali")
    # move the tie into the city's batch: one batch that added both, in that order
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE changes SET batch_id = :b WHERE batch_id = :r"),
            {"b": batch, "r": report.batch_id},
        )
    undo_batch(store, batch, "maryam")
    assert "qom" not in set(store.cities()["city_id"])
    assert not store.ties()["pair_key"].str.contains("qom").any()


def test_other_rows_needing_the_city_make_undo_refuse_cleanly(store):
    """Rows outside ties/exchanges (an air link) that need the city: the database refuses,
    and undo says so instead of failing with a database error."""
    added = add_city(store)
    insert(store, air_links_table, [make_air_link(city_a="qom", city_b="kazan")])
    before = store.content_hash()
    with pytest.raises(UndoError) as caught:
        undo_batch(store, added, "maryam")
    assert caught.value.code == "refused"
    assert isinstance(caught.value.__cause__, sa.exc.IntegrityError)
    assert "nothing was changed" in str(caught.value)
    assert t("undo.error.refused", "fa", batch="۱") == caught.value.message("fa")
    assert store.content_hash() == before
    assert [b["undone_by"] for b in list_batches(store)] == [None]


def test_a_restored_tie_gets_a_new_version_so_a_stale_form_cannot_save(store):
    """Undo puts the old content back under a NEW version: an editor who read the undone
    version gets a conflict instead of silently overwriting a later edit."""
    from graph.store.changes import ConflictError

    tie = store.ties().iloc[0]
    tie_id = int(tie["tie_id"])
    first = edit_tie(store, tie_id, 1, {"note": "first"}, "sara")  # version 2
    stale_read = 2  # someone opens the form now
    undo_batch(store, first, "ali")  # content of version 1, as version 3
    edit_tie(store, tie_id, 3, {"note": "after the undo"}, "reza")  # version 4
    with pytest.raises(ConflictError):
        edit_tie(store, tie_id, stale_read, {"note": "stale"}, "stale")
    stored = store.ties().iloc[0]
    assert (stored["note"], stored["version"]) == ("after the undo", 4)
    assert [b["action"] for b in list_batches(store)] == ["edit", "undo", "edit"]
