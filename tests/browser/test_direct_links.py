"""A page link opened first on a freshly started server still goes through app.py.

Streamlit stays in its old "pages folder" mode until a run calls ``st.navigation``; a
shared link such as ``/map`` opened before anyone opened ``/`` used to run the page file
alone (file names in the sidebar, no wide layout). ``ui.page.page_setup`` reroutes it.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import REPO_ROOT, start_streamlit, stop_streamlit

pytestmark = pytest.mark.browser


@pytest.fixture()
def fresh_server(tmp_path, free_port):
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, tmp_path, free_port())
    try:
        yield server
    finally:
        stop_streamlit(server)


def test_first_visit_to_a_page_link_uses_the_app_navigation(
    fresh_server, offline_page, wait_for_streamlit, screenshot
):
    page = offline_page
    page.goto(f"{fresh_server.url}/map?lang=en")
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=90_000)
    wait_for_streamlit(page)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    screenshot(page, "direct_link_map_en.png", full_page=False)
    # app.py's navigation names pages by their titles; the pages-folder mode by file name
    assert "Overview" in nav and "Map" in nav, nav
    assert "overview" not in nav.split() and "app" not in nav.split(), nav
    assert page.url.split("?")[0].endswith("/map")
    assert page.locator('[data-testid="stException"]').count() == 0
