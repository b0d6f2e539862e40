"""The data editor's whole story, tried in a real Chromium as a council's staff member would:

a viewer cannot change anything; an editor signs in, imports a Persian Excel sheet of this
year's delegations, reads the two rows the report points at, fixes them, imports again,
sees the new exchanges on the map's city card, undoes a mistaken change, and exports the
data for a colleague. Off-machine requests are blocked and fail the test.
"""

from __future__ import annotations

import io

import jdatetime
import pytest
from openpyxl import Workbook, load_workbook

from graph.i18n import label, t
from graph.store.changes import list_batches
from graph.store.engine import open_store
from tests.browser.conftest import open_tab

pytestmark = pytest.mark.browser

TEHRAN = "112931"
HEADERS = (
    "شهر اول",
    "کشور اول",
    "شهر دوم",
    "کشور دوم",
    "تاریخ",
    "نوع",
    "شدت",
    "عنوان",
    "منبع",
    "سند",
)
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# a sheet title nobody else uses, to find the rows again in the export
TITLE = "هیئت آزمایشی شهرداری"


def _fa(text: str) -> str:
    return text.translate(PERSIAN_DIGITS)


def _this_year_dates() -> list[str]:
    """Jalali dates in Persian digits from this Jalali year, none in the future."""
    today = jdatetime.date.today()
    days = [jdatetime.date(today.year, 1, 15), jdatetime.date(today.year, 1, 20)]
    return [_fa(f"{d.year}/{d.month:02d}/{d.day:02d}") for d in days]


def _sheet(rows: list[tuple]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "هیئت‌ها"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(city_b: str, intensity: str) -> list[tuple]:
    first, second = _this_year_dates()
    cultural, technical, news = (
        label("cultural", "fa"),
        label("technical", "fa"),
        label("news", "fa"),
    )
    return [
        (
            "تهران",
            "IR",
            "Kazan",
            "RU",
            first,
            cultural,
            "۲",
            f"{TITLE} ۱",
            "https://example.org/a",
            news,
        ),
        (
            "تهران",
            "IR",
            city_b,
            "RU",
            second,
            technical,
            intensity,
            f"{TITLE} ۲",
            "https://example.org/b",
            news,
        ),
        (
            "تهران",
            "IR",
            "Kazan",
            "RU",
            second,
            cultural,
            "۱",
            f"{TITLE} ۳",
            "https://example.org/c",
            news,
        ),
    ]


def _upload(page, name: str, content: bytes, wait) -> None:
    page.set_input_files(
        '[data-testid="stFileUploaderDropzoneInput"]',
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ],
    )
    wait(page)


def _grid_cells(grid) -> list[list[str]]:
    """The cells of a Streamlit data grid, row by row (the grid is drawn on a canvas; its
    accessible table mirrors the cells)."""
    rows = grid.locator('[role="row"]')
    return [rows.nth(i).locator('[role="gridcell"]').all_inner_texts() for i in range(rows.count())]


def _visible_grid(page):
    """The first data grid on screen, once its cells are drawn."""
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    grid.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=60_000)
    return grid


def _kazan_exchanges(page, server_url: str, wait) -> str:
    """The 'exchanges' cell of Kazan's row (قازان, as the Persian page names it) on Tehran's
    card on the Map page."""
    # wide enough for the card's grid to draw every column (it draws only those in view)
    page.set_viewport_size({"width": 2800, "height": 1000})
    page.goto(f"{server_url}/map?lang=fa&city={TEHRAN}")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=120_000)
    wait(page)
    grid = _visible_grid(page)
    headers = [h.strip() for h in grid.locator('[role="columnheader"]').all_inner_texts()]
    assert t("mapview.col.exchanges", "fa") in headers, headers
    column = headers.index(t("mapview.col.exchanges", "fa"))
    found = [cells[column] for cells in _grid_cells(grid) if cells and cells[0].startswith("قازان")]
    page.set_viewport_size({"width": 1400, "height": 900})
    if found:
        return found[0]
    raise AssertionError("Kazan is not among Tehran's partners on the map card")


def test_viewer_cannot_change_anything(editor_server, offline_page, wait_for_streamlit):
    page = offline_page
    page.goto(f"{editor_server.url}/data?lang=fa")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=120_000)
    wait_for_streamlit(page)
    assert page.get_by_text(t("data.viewer_note", "fa")).is_visible()
    assert (
        page.locator('[data-testid="stDataFrameGlideDataEditor"][aria-readonly="false"]').count()
        == 0
    )
    open_tab(page, t("data.tab.import", "fa"), wait_for_streamlit)
    assert page.get_by_text(t("data.import.sign_in_first", "fa")).is_visible()
    assert page.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
    open_tab(page, t("data.tab.log", "fa"), wait_for_streamlit)
    assert page.locator(".st-key-data_undo button").count() == 0


def test_editor_imports_fixes_sees_undoes_exports(
    editor_server, offline_page, wait_for_streamlit, sign_in, screenshot
):
    page = offline_page
    wait = wait_for_streamlit
    before = _kazan_exchanges(page, editor_server.url, wait)

    page.goto(f"{editor_server.url}/data?lang=fa")
    page.wait_for_selector('[data-testid="stExpander"]', timeout=120_000)
    wait(page)
    sign_in(page)

    # 1. the sheet with two mistakes: a misspelt partner and an intensity of 5
    open_tab(page, t("data.tab.import", "fa"), wait)
    _upload(page, "delegations.xlsx", _sheet(_rows("Kazann", "۵")), wait)
    rejected = t("data.import.rejected", "fa", n=2).split("(")[0].strip()
    page.get_by_text(rejected).first.wait_for(timeout=60_000)
    report = [cells for cells in _grid_cells(_visible_grid(page)) if cells]
    # both problems point at spreadsheet row 3 (the header is row 1): the partner's name
    # and the intensity, each with what to do
    assert [r[0] for r in report] == [_fa("3"), _fa("3")], report
    # the columns as the sheet's own Persian header names them
    assert {(r[1], r[2]) for r in report} == {("شهر دوم", "Kazann"), ("شدت", "۵")}, report
    assert all(r[-1].strip() for r in report), report
    assert page.locator(".st-key-data_import_confirm button").count() == 0
    screenshot(page, "story_import_rejected_fa.png")

    # 2. fixed and imported again: accepted, stored as one batch
    _upload(page, "delegations-fixed.xlsx", _sheet(_rows("Kazan", "۳")), wait)
    page.wait_for_selector(".st-key-data_import_confirm button", timeout=60_000)
    page.click(".st-key-data_import_confirm button")
    wait(page)
    done = t("data.import.done", "fa", batch="", inserted="", updated="", unchanged="")
    page.get_by_text(done.split("(")[0].strip()).first.wait_for(timeout=60_000)
    screenshot(page, "story_import_done_fa.png")

    # 3. a mistaken change: an exchange entered twice by hand on the Add tab; the change
    # log names it, and undoing it takes it out of the store again
    mistake = f"{TITLE} (تکراری)"
    open_tab(page, t("data.tab.add", "fa"), wait)
    for key, name in (("addx_city_a", "تهران"), ("addx_city_b", "Kazan")):
        page.locator(f".st-key-{key}").click()
        page.keyboard.type(name)
        page.get_by_role("option").first.click()
    page.locator(".st-key-addx_date input").fill(_this_year_dates()[0])
    page.locator(".st-key-addx_title input").fill(mistake)
    page.get_by_role("button", name=t("addx.submit", "fa")).click()
    wait(page)
    page.get_by_text(t("addx.saved", "fa", batch="X").split("X")[0].strip()).first.wait_for(
        timeout=60_000
    )
    store = open_store(editor_server.db_url, seed=False)
    assert mistake in set(store.exchanges()["title"])
    open_tab(page, t("data.tab.log", "fa"), wait)
    # the newest change is the one offered for undo
    (added,) = [b["batch_id"] for b in list_batches(store, limit=1)]  # the mistake's batch
    offered = page.locator('[class*="st-key-data_undo_choice_"] input').input_value()
    assert offered.startswith(_fa(str(added)) + " "), offered
    page.click(".st-key-data_undo button")
    wait(page)
    undone = t("data.log.undone", "fa", batch=_fa(str(added)), undo=_fa(str(added + 1)))
    page.get_by_text(undone).wait_for(timeout=60_000)
    screenshot(page, "story_undo_fa.png")
    assert mistake not in set(store.exchanges()["title"])
    assert len([x for x in store.exchanges()["title"] if TITLE in x]) == 3

    # 4. the map's card for Tehran counts the three new exchanges with Kazan
    after = _kazan_exchanges(page, editor_server.url, wait)
    assert after != before, (before, after)
    screenshot(page, "story_map_card_fa.png")

    # 5. export for a colleague: the workbook's exchanges sheet holds the three new rows,
    # their Jalali dates stored as Gregorian ones
    page.goto(f"{editor_server.url}/data?lang=fa")
    page.wait_for_selector('[data-testid="stExpander"]', timeout=120_000)
    wait(page)
    open_tab(page, t("data.tab.export", "fa"), wait)
    page.get_by_text("XLSX", exact=True).click()
    wait(page)
    page.get_by_text(t("data.export.prepare", "fa")).click()
    wait(page)
    with page.expect_download() as download_info:
        page.get_by_text(t("data.export.download", "fa")).click()
    book = load_workbook(io.BytesIO(download_info.value.path().read_bytes()), read_only=True)
    rows = list(book["exchanges"].values)
    header, body = rows[0], rows[1:]
    ours = [dict(zip(header, r, strict=True)) for r in body if TITLE in str(r)]
    assert len(ours) == 3, ours
    first = _this_year_dates()[0].translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    year, month, day = map(int, first.split("/"))
    gregorian = jdatetime.date(year, month, day).togregorian().isoformat()
    assert gregorian in {str(r["date"]) for r in ours}, ours
