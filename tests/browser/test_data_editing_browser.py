"""In-place editing and the add-exchange form in a real Chromium.

An editor double-clicks a date cell in the Browse grid, types a Jalali date, presses
Enter, saves, and after a reload sees the Gregorian date stored; an editor adds an
exchange with a Jalali date in Persian digits through the Add tab's form and finds it in
the Browse exchanges table. Off-machine requests are blocked and fail the test.
"""

from __future__ import annotations

import pytest

from graph.i18n import gregorian_and_jalali, t
from graph.io.edits import add_exchange
from graph.store.engine import open_store
from tests.browser.conftest import choose_option, open_tab

pytestmark = pytest.mark.browser

ISFAHAN, KAZAN = "418863", "551487"  # city ids (GeoNames ids) of the seeded store
HEADER_HEIGHT = ROW_HEIGHT = 35  # the grid's default header and row heights, px
PARTNER_WIDTH = 140  # ui.widgets.table_editor.WIDTHS: the two partner columns before the date


def _open_data_page(page, server_url: str, wait, lang: str = "en") -> None:
    page.goto(f"{server_url}/data?lang={lang}")
    page.wait_for_selector('[data-testid="stExpander"]', timeout=120_000)
    wait(page)


def _search(page, text: str, wait) -> None:
    field = page.locator(".st-key-data_search input").first
    field.fill(text)
    field.press("Enter")
    wait(page)


def _show_exchanges(page, lang: str, wait) -> None:
    choose_option(page, "data_table", t("data.table.exchanges", lang), wait)


def _grid_texts(page) -> list[str]:
    """The texts of the shown grid's cells (its accessible table mirrors the canvas)."""
    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    grid.wait_for(timeout=60_000)
    page.wait_for_timeout(500)
    return grid.locator('[role="gridcell"]').all_inner_texts()


def _wait_for_row(page, title: str, wait, attempts: int = 8) -> list[str]:
    """The grid's cells once the row titled ``title`` shows (the app re-reads the store's
    content hash every few seconds, so a row written outside the app appears shortly)."""
    for _ in range(attempts):
        _search(page, title, wait)
        cells = _grid_texts(page)
        if title in cells:
            return cells
        page.wait_for_timeout(2_000)
        _search(page, "", wait)
    raise AssertionError(f"the exchange {title!r} never showed in the grid")


def test_edit_a_date_cell_save_and_see_it_after_reload(
    editor_server, offline_page, wait_for_streamlit, sign_in, screenshot
):
    page, wait = offline_page, wait_for_streamlit
    title = "Browser grid test: metro delegation"
    _open_data_page(page, editor_server.url, wait)  # the first page seeds the store
    store = open_store(editor_server.db_url, seed=False)
    add_exchange(
        store,
        {
            "city_a": ISFAHAN,
            "city_b": KAZAN,
            "date": "2021-03-01",
            "kind": "technical",
            "intensity": 1,
            "title": title,
        },
        "setup",
    )
    sign_in(page)
    _show_exchanges(page, "en", wait)
    assert "2021-03-01" in _wait_for_row(page, title, wait)

    grid = page.locator('[data-testid="stDataFrame"]:visible').first
    box = grid.bounding_box()
    date_cell = (
        box["x"] + 2 * PARTNER_WIDTH + 40,
        box["y"] + HEADER_HEIGHT + ROW_HEIGHT / 2,
    )
    page.mouse.dblclick(*date_cell)
    editor = page.locator("textarea.gdg-input")
    editor.wait_for(timeout=30_000)
    page.keyboard.press("Control+A")
    page.keyboard.type("۱۴۰۲/۰۱/۱۵")
    # the cell editor takes the typed text in asynchronously; a person never presses Enter
    # within the same millisecond, and an Enter that comes first commits the old value
    editor.press("End")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.get_by_text(t("grid.pending", "en", n=1)).wait_for(timeout=60_000)
    wait(page)
    page.locator(".st-key-grid_save_exchanges button").click()
    saved = t("grid.saved", "en", n=1, batch="X").split("X")[0]
    page.get_by_text(saved.split("batch")[0].strip()).first.wait_for(timeout=60_000)
    wait(page)
    screenshot(page, "grid_saved_en.png")

    stored = store.exchanges().set_index("title").loc[title]
    assert (stored["date"], stored["year"], stored["origin"]) == ("2023-04-04", 2023, "user")
    _open_data_page(page, editor_server.url, wait)  # a reload: a new session, a viewer
    _show_exchanges(page, "en", wait)
    cells = _wait_for_row(page, title, wait)
    assert gregorian_and_jalali("2023-04-04", "en") in cells, cells


def test_add_an_exchange_with_a_jalali_date_and_find_it_in_browse(
    editor_server, offline_page, wait_for_streamlit, sign_in, screenshot
):
    page, wait = offline_page, wait_for_streamlit
    title = "هفتهٔ فرهنگی آزمون مرورگر"
    _open_data_page(page, editor_server.url, wait, "fa")
    sign_in(page)
    open_tab(page, t("data.tab.add", "fa"), wait)
    for key, name in (("addx_city_a", "اصفهان"), ("addx_city_b", "Kazan")):
        page.locator(f".st-key-{key}").click()
        page.keyboard.type(name)
        page.get_by_role("option").first.click(timeout=90_000)  # the gazetteer loads first
    page.locator(".st-key-addx_date input").fill("۱۴۰۳/۰۵/۱۲")
    choose_option(page, "addx_intensity", t("addx.intensity.2", "fa"), wait)
    page.locator(".st-key-addx_title input").fill(title)
    page.locator(".st-key-addx_source input").fill("https://example.org/week")
    page.get_by_role("button", name=t("addx.submit", "fa")).click()
    wait(page)
    saved = t("addx.saved", "fa", batch="X").split("X")[0].strip()
    page.get_by_text(saved).first.wait_for(timeout=60_000)
    as_read = t("addx.date_read", "fa", date=gregorian_and_jalali("2024-08-02", "fa"))
    assert page.get_by_text(as_read).is_visible()
    screenshot(page, "add_exchange_saved_fa.png")

    stored = open_store(editor_server.db_url, seed=False).exchanges().set_index("title")
    assert (stored.loc[title, "date"], stored.loc[title, "intensity"]) == ("2024-08-02", 2)
    open_tab(page, t("data.tab.browse", "fa"), wait)
    _show_exchanges(page, "fa", wait)
    _search(page, title, wait)
    cells = _grid_texts(page)
    assert title in cells and "2024-08-02" in cells, cells
    screenshot(page, "grid_exchanges_fa.png")
