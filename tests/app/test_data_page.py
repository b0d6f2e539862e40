"""The Data page under AppTest, in Persian and English, on a small hand-made store.

A viewer sees the tables and the export but no import or undo controls; an editor
(configured through ``DIPLOMACY_EDITORS`` as in production) signs in, pastes a small
file, sees the validation report, stores it and finds the batch in the change log under
their name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import digits, t
from graph.store.changes import list_batches
from graph.store.engine import open_store
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok, editor_session
from ui.state import EDITOR

PAGE = "data"
RUN_TIMEOUT = 60
GOOD = "city_a,city_b,date,kind,intensity,title\nاصفهان,Kazan,۱۴۰۲/۰۲/۱۰,همکاری فنی,۳,Metro\n"
BAD = "city_a,city_b,date,kind,intensity,title\nاصفهان,Atlantis,1402/13/10,technical,7,x\n"


def run_page(lang: str, **state) -> AppTest:
    return app_page.run_page(PAGE, lang, RUN_TIMEOUT, **state)


def keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in at.get(kind) if getattr(w, "key", None)}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_viewer_sees_data_but_no_edit_controls(url, lang):
    at = run_page(lang)
    assert_ok(at)
    assert at.title[0].value == t("data.title", lang)
    assert at.dataframe, "the browse table"
    assert "data_paste" not in keys(at, "text_area")
    assert not at.get("file_uploader")
    assert "data_undo" not in keys(at, "button")
    assert not at.data_editor, "the in-place grid is for editors only"
    assert "data_import_confirm" not in keys(at, "button")
    infos = " ".join(i.value for i in at.info)
    assert t("data.import.sign_in_first", lang) in infos


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_editor_imports_sees_report_and_the_log_names_them(url, lang):
    at = run_page(lang, **editor_session())
    assert_ok(at)
    assert t("auth.signed_in", lang, name="maryam") in [s.value for s in at.success]
    at.text_area(key="data_paste").input(BAD).run()
    assert_ok(at)
    assert at.error[0].value == t("data.import.rejected", lang, n=3)
    report = at.dataframe[-1].value
    assert list(report.columns) == [
        t(f"data.col.{c}", lang) for c in ("row", "column", "value", "problem", "fix")
    ]
    assert set(report[t("data.col.column", lang)]) == {"city_b", "date", "intensity"}
    assert "data_import_confirm" not in keys(at, "button")
    store = open_store(url, seed=False)
    before = store.content_hash()

    at.text_area(key="data_paste").input(GOOD).run()
    assert_ok(at)
    assert t("data.import.accepted", lang, rows=1, kind=t("data.table.exchanges", lang)) in [
        s.value for s in at.success
    ]
    warnings = at.dataframe[-1].value  # the Jalali date was converted, and says so
    converted = digits("2023-04-30", lang)
    assert converted in " ".join(warnings[t("data.col.problem", lang)])
    at.button(key="data_import_confirm").click().run()
    assert_ok(at)
    assert store.content_hash() != before
    (batch,) = list_batches(store)
    assert (batch["who"], batch["action"], batch["rows"]) == ("maryam", "import", 1)
    assert any(
        t("data.import.done", lang, batch=batch["batch_id"], inserted=1, updated=0, unchanged=0)
        == s.value
        for s in at.success
    )
    assert "data_import_confirm" not in keys(at, "button"), "the same file is stored once"
    backups = Path(os.environ["DIPLOMACY_BACKUP_DIR"]).glob("before-import-*.json.gz")
    assert len(list(backups)) == 1, "an automatic backup before the import"
    assert "data_undo" in keys(at, "button")
    at.button(key="data_undo").click().run()
    assert_ok(at)
    assert store.content_hash() == before


def test_sign_in_with_the_form_and_lock_out(url):
    at = run_page("en")
    at.text_input(key="data_sign_in_name").input("maryam")
    at.text_input(key="data_sign_in_password").input("wrong")
    submit = [b for b in at.button if b.label == t("auth.sign_in", "en")]
    assert submit, [b.label for b in at.button]
    submit[0].click().run()
    assert_ok(at)
    assert t("auth.failed", "en") in [e.value for e in at.error]
    at.text_input(key="data_sign_in_name").input("maryam")
    at.text_input(key="data_sign_in_password").input("s3cret-pass")
    [b for b in at.button if b.label == t("auth.sign_in", "en")][0].click().run()
    assert_ok(at)
    assert at.session_state[EDITOR] == "maryam"
    assert "data_paste" in keys(at, "text_area")
