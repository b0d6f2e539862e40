"""The sidebar's Iranian-cities box in a real Chromium: typing a name and pressing Enter
adds one city, the best match, not every city whose name contains it (Streamlit's
"select all matches"): «تهران» adds Tehran, not also "District 12 of Tehran"."""

from __future__ import annotations

import pytest

from graph.i18n import t

pytestmark = pytest.mark.browser

SIDEBAR = '[data-testid="stSidebar"]'


@pytest.mark.parametrize(("lang", "typed", "shown"), [("fa", "تهران", "تهران"),
                                                       ("en", "Tehran", "Tehran")])
def test_enter_adds_one_city(lang, typed, shown, app_server, offline_page, wait_for_streamlit):
    page = offline_page
    page.goto(f"{app_server.url}/?lang={lang}", wait_until="load")
    box = page.locator(SIDEBAR).locator('[data-testid="stMultiSelect"]').filter(
        has_text=t("sidebar.cities", lang))
    box.wait_for(state="visible", timeout=60_000)
    wait_for_streamlit(page)
    box.locator("input").click()
    box.locator("input").fill(typed)
    page.wait_for_timeout(500)
    # The typed name matches more than one city: the choice is a real one.
    options = page.locator('[role="option"]')
    assert options.count() >= 2, "«تهران» also matches a district of Tehran"
    page.keyboard.press("Enter")
    wait_for_streamlit(page)
    chips = box.locator(".react-aria-ComboBox [data-tag]")
    assert chips.all_inner_texts() == [shown]
