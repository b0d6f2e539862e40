"""Editor sign-in as the pages show it (AppTest): lock-out, idle expiry, viewers.

Editors come from ``DIPLOMACY_EDITORS`` as in production. The lock-out count lives in the
store (``graph.store.editors.LockOut``), and each test has its own store, so each starts
from no failures. Every "no editing control" check is paired with the same page for a
signed-in editor, so the controls looked for really exist.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from graph.i18n import digits, t
from graph.io.importer import import_file
from graph.names import city_name
from graph.store.changes import UndoError, edit_tie, undo_batch
from graph.store.editors import LOCK_LIMIT, LOCK_SECONDS
from graph.store.engine import open_store
from graph.store.schema import pair_key, sign_in_failures_table
from tests.app.conftest import EDITOR_PASSWORD, assert_ok, editor_session, run_page
from tests.graph.io.test_io import EX_HEADER, GOOD_EX, TIES_HEADER, csv_bytes
from ui.state import EDITOR, EDITOR_SEEN
from ui.widgets.auth import SESSION_SECONDS

DATA_PAGE = "data"
OPP_PAGE = "opportunities"
PASSWORD = EDITOR_PASSWORD
RUN_TIMEOUT = 60
TIE_ROW = ["Tehran", "Kazan", "sister", "signed", "2019", "official", "https://ex.org/k", ""]
OPP_TIMEOUT = 300
INPUT_KINDS = (
    "button",
    "text_input",
    "text_area",
    "selectbox",
    "multiselect",
    "number_input",
    "date_input",
    "checkbox",
    "radio",
    "toggle",
    "file_uploader",
)
TAB_BROWSE, TAB_ADD, TAB_IMPORT, TAB_EXPORT, TAB_LOG = range(5)
# what a viewer may use on the Data page (Export is open to everyone and not checked)
# what a viewer may use on Browse: search, table choice and the filters (ties shown first)
VIEWER_BROWSE = {
    "text_input:data_search",
    "radio:data_table",
    "multiselect:data_filter_ties_relation",
    "multiselect:data_filter_ties_status",
    "multiselect:data_filter_ties_evidence",
    "toggle:data_filter_ties_edited",
}


@pytest.fixture()
def url(url) -> str:
    """The small store (tests/app/conftest.py) with one import batch, so the undo control
    has something to offer."""
    store = open_store(url, seed=False)
    report = import_file(store, csv_bytes([EX_HEADER, GOOD_EX]), "maryam")
    assert report.accepted, report.errors
    store.engine.dispose()
    return url


def run(page: str, lang: str, timeout: float = RUN_TIMEOUT, **state) -> AppTest:
    at = run_page(page, lang, timeout, **state)
    assert_ok(at)
    return at


def keys(at: AppTest, kind: str) -> set[str]:
    return {w.key for w in at.get(kind) if getattr(w, "key", None)}


def controls(at: AppTest, tab: int) -> set[str]:
    """The input widgets of one tab of the Data page, as ``kind:key`` (or ``kind:label``)."""
    block = at.tabs[tab]
    return {
        f"{kind}:{getattr(w, 'key', None) or getattr(w, 'label', '')}"
        for kind in INPUT_KINDS
        for w in block.get(kind)
    }


def editing_controls(at: AppTest) -> dict[int, set[str]]:
    """Input widgets that only an editor should have, by tab (empty dict: none)."""
    found = {
        TAB_BROWSE: controls(at, TAB_BROWSE) - VIEWER_BROWSE,
        TAB_ADD: controls(at, TAB_ADD),
        TAB_IMPORT: controls(at, TAB_IMPORT),
        TAB_LOG: controls(at, TAB_LOG),
    }
    return {tab: found_here for tab, found_here in found.items() if found_here}


def assert_editor_controls(at: AppTest) -> None:
    """The positive control: a signed-in editor has controls in every editing tab."""
    found = editing_controls(at)
    assert set(found) == {TAB_BROWSE, TAB_ADD, TAB_IMPORT, TAB_LOG}, found
    assert "text_area:data_paste" in found[TAB_IMPORT]
    assert "file_uploader:data_upload" in found[TAB_IMPORT]
    assert "button:data_undo" in found[TAB_LOG]
    assert any(c.startswith("selectbox:data_undo_choice_") for c in found[TAB_LOG]), found


def sign_in(at: AppTest, lang: str, name: str, password: str) -> AppTest:
    at.text_input(key="data_sign_in_name").input(name)
    at.text_input(key="data_sign_in_password").input(password)
    (submit,) = [b for b in at.button if b.label == t("auth.sign_in", lang)]
    submit.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_five_wrong_passwords_lock_the_name_out_even_for_the_right_one(url, lang):
    at = run(DATA_PAGE, lang)
    locked = t("auth.locked", lang, minutes=digits(LOCK_SECONDS // 60, lang))
    for attempt in range(LOCK_LIMIT - 1):
        sign_in(at, lang, "maryam", f"wrong-{attempt}")
        assert [e.value for e in at.error] == [t("auth.failed", lang)], attempt
        assert EDITOR not in at.session_state
    # the last failure allowed says at once that the name is now locked out
    sign_in(at, lang, "maryam", "wrong-last")
    assert [e.value for e in at.error] == [t("auth.failed", lang) + " " + locked]
    sign_in(at, lang, "maryam", "still-wrong")
    assert [e.value for e in at.error] == [locked]
    # the right password is refused while the name is locked out
    sign_in(at, lang, "maryam", PASSWORD)
    assert [e.value for e in at.error] == [locked]
    assert EDITOR not in at.session_state
    assert editing_controls(at) == {}
    assert t("data.import.sign_in_first", lang) in [i.value for i in at.info]
    # the lock is kept in the store: once it is over (moved into the past), the right
    # password works
    store = open_store(url, seed=False)
    with store.engine.begin() as conn:
        conn.execute(sign_in_failures_table.update().values(locked_until=time.time() - 1))
    store.engine.dispose()
    sign_in(at, lang, "maryam", PASSWORD)
    assert at.session_state[EDITOR] == "maryam"
    assert_editor_controls(at)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_an_idle_session_is_signed_out_and_loses_every_editing_control(url, lang):
    active = run(DATA_PAGE, lang, **editor_session())
    assert t("auth.signed_in", lang, name="maryam") in [s.value for s in active.success]
    assert_editor_controls(active)
    assert t("data.add.sign_in_first", lang) not in [i.value for i in active.info]

    idle = time.time() - SESSION_SECONDS - 60
    at = run(DATA_PAGE, lang, **{EDITOR: "maryam", EDITOR_SEEN: idle})
    assert t("auth.expired", lang) in [i.value for i in at.info]
    assert EDITOR not in at.session_state and EDITOR_SEEN not in at.session_state
    assert t("auth.signed_in", lang, name="maryam") not in [s.value for s in at.success]
    assert editing_controls(at) == {}
    infos = [i.value for i in at.info]
    for message in ("data.add.sign_in_first", "data.import.sign_in_first"):
        assert t(message, lang) in infos
    # pasting a file is not possible, so no import can be confirmed either
    assert not [b for b in at.button if b.label == t("data.import.confirm", lang)]
    assert not [b for b in at.button if b.label == t("data.log.undo", lang)]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_viewer_sees_the_change_log_but_no_editing_control(url, lang):
    at = run(DATA_PAGE, lang)
    assert EDITOR not in at.session_state
    assert editing_controls(at) == {}
    assert t("data.viewer_note", lang) in [c.value for c in at.caption]
    log = at.tabs[4].get("dataframe")
    assert log, "the change log is open to everyone"
    frame = log[0].value
    assert list(frame[t("data.log.who", lang)]) == ["maryam"]
    described = list(frame[t("data.log.description", lang)])
    assert described == [t("log.desc.import", lang, kind=t("data.table.exchanges", lang), rows=1)]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_change_log_and_an_undo_refusal_read_in_the_page_language(url, lang):
    store = open_store(url, seed=False)
    ties = import_file(store, csv_bytes([TIES_HEADER, TIE_ROW]), "maryam", filename="t.csv")
    tie = store.ties().set_index("pair_key").loc[pair_key("tehran", "kazan")]
    edit = edit_tie(store, int(tie["tie_id"]), int(tie["version"]), {"note": "n"}, "sara")
    names = {r["city_id"]: city_name(r, lang) for r in store.cities().to_dict("records")}
    with pytest.raises(UndoError) as caught:  # what the page must say, in its language
        undo_batch(store, ties.batch_id, "maryam")
    expected = caught.value.message(lang, names)
    before = store.content_hash()

    at = run(DATA_PAGE, lang, **editor_session())
    frame = at.tabs[TAB_LOG].get("dataframe")[0].value
    described = list(frame[t("data.log.description", lang)])
    assert described == [
        t("log.desc.edit_tie", lang, tie=f"{names['kazan']} – {names['tehran']}"),
        t("log.desc.import_file", lang, kind=t("data.table.ties", lang), rows=1, file="t.csv"),
        t("log.desc.import", lang, kind=t("data.table.exchanges", lang), rows=1),
    ]
    assert list(frame[t("data.log.batch_id", lang)]) == [digits(str(i), lang) for i in (3, 2, 1)]
    # the choice is keyed by the newest batch (3), so it offers that one first
    choice = at.selectbox(key="data_undo_choice_3")
    assert choice.value == 3
    choice.set_value(ties.batch_id).run()
    at.button(key="data_undo").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (error,) = [e.value for e in at.error]
    assert error == expected[:1].upper() + expected[1:]
    assert names["kazan"] in error and names["tehran"] in error
    if lang == "fa":
        assert "برگردانده نمی‌شود" in error and digits(str(edit), "fa") in error
    assert store.content_hash() == before
    store.engine.dispose()


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_opportunities_offers_propose_only_to_a_signed_in_editor(
    seeded_copy, editors, lang
):
    button = t("opp.propose.button", lang)

    editor = run(OPP_PAGE, lang, OPP_TIMEOUT, **editor_session())
    assert "propose_partner_city" in keys(editor, "selectbox")
    assert button in [b.label for b in editor.button]

    for state in ({}, editor_session(time.time() - SESSION_SECONDS - 60)):
        at = run(OPP_PAGE, lang, OPP_TIMEOUT, **state)
        assert "propose_partner_city" not in keys(at, "selectbox")
        assert button not in [b.label for b in at.button]
        assert t("opp.propose.sign_in", lang) in [c.value for c in at.caption]
        assert EDITOR not in at.session_state
