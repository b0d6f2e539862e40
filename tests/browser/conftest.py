"""Browser harness: the real Streamlit server, Debian's Chromium, and a page that cannot
reach anything off this machine.

- ``app_server``: ``streamlit run app.py`` from the repository root on a free port, with a
  fresh SQLite store in a temp dir (the app creates and seeds it on first use).
- ``browser``: Playwright driving ``/usr/bin/chromium`` (``playwright install`` cannot
  download browsers here; ``./test.sh`` installs the Debian package).
- ``offline_page``: a new context and page; every request not to 127.0.0.1 / localhost /
  [::1] (or ``data:`` / ``blob:``) is aborted before it leaves and recorded, and the test
  fails at teardown listing the off-machine URLs that were attempted.

Missing Chromium or Playwright skips the test on a developer machine and fails it under CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graph.exports.chromium import CHROMIUM_ARGS, find_chromium
from graph.i18n import t

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
HEALTH_TIMEOUT_S = 120
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
LOCAL_SCHEMES = frozenset({"data", "blob"})
VIEWPORT = {"width": 1400, "height": 900}


def is_on_machine(url: str) -> bool:
    """True for URLs that stay on this machine: loopback hosts, data: and blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


@pytest.fixture(name="is_on_machine", scope="session")
def _is_on_machine_fixture() -> Callable[[str], bool]:
    """The :func:`is_on_machine` rule the routes apply, for the harness self-test."""
    return is_on_machine


@pytest.fixture
def screenshot() -> Callable:
    """screenshot(page, name, full_page=True) -> Path under tests/browser/screenshots/.

    The folder is git-ignored; the path is printed so a failing test's log points at it.
    """

    def take(page, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        page.screenshot(path=str(path), full_page=full_page)
        print(f"screenshot: {path}")
        return path

    return take


# --- the server -------------------------------------------------------------------------


@dataclass
class StreamlitServer:
    url: str  # http://127.0.0.1:PORT, no trailing slash
    port: int
    db_url: str
    log_path: Path
    process: subprocess.Popen

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"


# never through an http(s)_proxy from the environment: the server is on this machine
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _healthy(url: str) -> bool:
    try:
        with _DIRECT.open(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, ValueError):
        return False


def start_streamlit(script: Path, cwd: Path, workdir: Path, port: int,
                    timeout: float = HEALTH_TIMEOUT_S,
                    extra_env: dict[str, str] | None = None) -> StreamlitServer:
    """Start ``streamlit run script`` on 127.0.0.1:port and wait for /_stcore/health.

    The store is a fresh SQLite file in ``workdir``; stdout and stderr go to
    ``workdir/streamlit.log``, printed when the server does not come up.
    """
    db_url = f"sqlite:///{workdir}/store.sqlite"
    log_path = workdir / "streamlit.log"
    env = {
        **os.environ,
        "DIPLOMACY_DB_URL": db_url,
        # belt and braces over .streamlit/config.toml: no usage statistics, no address lookup
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_BROWSER_SERVER_ADDRESS": "localhost",
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    cmd = [sys.executable, "-m", "streamlit", "run", str(script),
           "--server.port", str(port), "--server.headless", "true",
           "--server.address", "127.0.0.1"]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    server = StreamlitServer(f"http://127.0.0.1:{port}", port, db_url, log_path, proc)
    print(f"streamlit: pid {proc.pid} on {server.url}, log {log_path}")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if _healthy(server.url):
            return server
        time.sleep(0.25)
    state = (f"exited with code {proc.returncode}" if proc.poll() is not None
             else f"not healthy after {timeout:.0f} s")
    stop_streamlit(server)
    print(f"--- streamlit log {log_path} ---\n{server.log()}")
    pytest.fail(f"streamlit server {state}: {' '.join(cmd)}\n{server.log()[-4000:]}",
                pytrace=False)


def stop_streamlit(server: StreamlitServer) -> None:
    proc = server.process
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, free_port) -> Iterator[StreamlitServer]:
    """The real app (app.py at the repository root) on a free port with a fresh store."""
    workdir = tmp_path_factory.mktemp("app_server")
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, workdir, free_port())
    try:
        yield server
    finally:
        stop_streamlit(server)


EDITOR_NAME = "maryam"
EDITOR_PASSWORD = "browser-test-pass"


@pytest.fixture(scope="session")
def editor_server(tmp_path_factory, free_port) -> Iterator[StreamlitServer]:
    """Like ``app_server``, with one editor configured (``EDITOR_NAME``/``EDITOR_PASSWORD``
    through ``DIPLOMACY_EDITORS``, as in production) and backups kept in its temp dir."""
    from graph.store.editors import editor_entry

    workdir = tmp_path_factory.mktemp("editor_server")
    env = {
        "DIPLOMACY_EDITORS": editor_entry(EDITOR_NAME, EDITOR_PASSWORD),
        "DIPLOMACY_BACKUP_DIR": str(workdir / "backups"),
    }
    server = start_streamlit(REPO_ROOT / "app.py", REPO_ROOT, workdir, free_port(),
                             extra_env=env)
    try:
        yield server
    finally:
        stop_streamlit(server)


@pytest.fixture
def sign_in(wait_for_streamlit) -> Callable:
    """sign_in(page): open the Data page's sign-in box and sign in as the test editor.

    The page must already show the Data page; returns when the signed-in line shows."""

    signed_in = ".st-key-data_sign_out button"
    refused = '[data-testid="stExpander"] [data-testid="stAlert"]'

    def run(page) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        # a submit can be lost on a loaded machine (the form was redrawn under the click,
        # taking the typed values with it): try again, at most three times of the five a
        # name may fail before it is locked out
        for _ in range(3):
            wait_for_streamlit(page)
            if page.locator(signed_in).count():
                return
            name = page.locator(".st-key-data_sign_in_name input")
            if not name.first.is_visible():
                _once_settled(page, page.locator('[data-testid="stExpander"] summary')).click()
            _once_settled(page, name).fill(EDITOR_NAME)
            page.locator(".st-key-data_sign_in_password input").first.fill(EDITOR_PASSWORD)
            page.locator('[data-testid="stFormSubmitButton"] button').first.click()
            try:
                page.wait_for_selector(f"{signed_in}, {refused}", timeout=60_000)
            except PlaywrightTimeout:
                pass
        wait_for_streamlit(page)
        alerts = page.locator(refused).all_inner_texts()
        assert page.locator(signed_in).count(), f"the test editor could not sign in: {alerts}"

    return run


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(skip_or_fail):
    """Debian's Chromium under Playwright, headless, with background networking off."""
    executable = find_chromium()
    if executable is None:
        skip_or_fail("chromium not found (apt-get install chromium, or run ./test.sh)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright Python package is missing (pip install -r "
                     "requirements.txt, or run ./run.sh)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True,
                                     args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def blocked_requests() -> list[str]:
    """Off-machine URLs the current test's page attempted (and that were aborted).

    ``offline_page`` fails the test at teardown when this list is not empty; a test that
    provokes such requests on purpose asserts on them and then clears the list.
    """
    return []


def install_offline_routes(context, blocked: list[str], allow_files: bool = False) -> None:
    """Let on-machine requests (and ``file:`` ones when ``allow_files``) through; abort
    and record every other one."""

    def handle(route) -> None:
        url = route.request.url
        if is_on_machine(url) or (allow_files and url.startswith("file:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    def handle_ws(ws) -> None:
        blocked.append(ws.url)
        ws.close()

    context.route("**/*", handle)
    # WebSockets bypass context.route; only off-machine ones are intercepted here, so
    # Streamlit's own /_stcore/stream socket is not proxied.
    context.route_web_socket(lambda url: not is_on_machine(url), handle_ws)


@pytest.fixture
def offline_page(browser, blocked_requests) -> Iterator:
    """A fresh context + page (1400x900) that can only reach this machine."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    install_offline_routes(context, blocked_requests)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()
    if blocked_requests:
        listing = "\n  ".join(dict.fromkeys(blocked_requests))
        pytest.fail(f"the page tried to reach {len(blocked_requests)} off-machine URL(s) "
                    f"(aborted, never sent):\n  {listing}", pytrace=False)


@pytest.fixture
def wait_for_streamlit() -> Callable:
    """wait_for_streamlit(page, timeout_ms): block until no script run is in progress."""

    # no run in progress, and no element left over from the last run (a run's first
    # moments can come before the running icon shows, with the old page still on screen)
    idle = """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-stale="true"]')"""

    def wait(page, timeout_ms: int = 60_000) -> None:
        page.wait_for_function(idle, timeout=timeout_ms)
        # a rerun can start right after one ends (e.g. query parameters applied): settle
        page.wait_for_timeout(1000)
        page.wait_for_function(idle, timeout=timeout_ms)

    return wait


# Page coordinates of a vis-network node, or of a point on a tie, from its own positions.
NODE_POINT = """(id) => {
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
}"""
TIE_POINT = """([a, b, share]) => {
    const pos = network.getPositions([a, b]);
    const p = network.canvasToDOM({x: pos[a].x + (pos[b].x - pos[a].x) * share,
                                   y: pos[a].y + (pos[b].y - pos[a].y) * share});
    const box = document.getElementById('mynetwork').getBoundingClientRect();
    return {x: box.left + p.x, y: box.top + p.y};
}"""


def _once_settled(page, locator):
    """``locator`` once a rerun's leftover copy of its widget has gone (a rerun can leave
    the previous copy on screen for a moment, and a click on it is lost)."""
    for _ in range(50):
        if locator.count() == 1:
            break
        page.wait_for_timeout(200)
    return locator.first


def open_tab(page, name: str, wait: Callable) -> None:
    """Click the Streamlit tab ``name``."""
    _once_settled(page, page.get_by_role("tab", name=name, exact=True)).click()
    wait(page)


def choose_option(page, key: str, label: str, wait: Callable) -> None:
    """Choose ``label`` in the Streamlit radio keyed ``key`` and wait until it is the
    checked one (the page has rerun with it)."""
    option = page.locator(f".st-key-{key}").get_by_role("radio", name=label, exact=True)
    for _ in range(3):
        _once_settled(page, option).check(force=True)
        wait(page)
        option = page.locator(f".st-key-{key}").get_by_role("radio", name=label, exact=True)
        if _once_settled(page, option).is_checked():
            return
    raise AssertionError(f"the option {label!r} of {key!r} could not be chosen")


def show_vector_map(page, lang: str, wait: Callable) -> None:
    """Switch the Map page from its WebGL drawing to the plotly vector map (the toggle under
    the map), for the tests that read plotly's SVG, and wait for its markers."""
    page.get_by_text(t("mapview.svg_toggle", lang), exact=True).wait_for(
        state="visible", timeout=120_000
    )
    # a click during a rerun can be lost: click until the page has rerun with it on
    switch = page.locator(".st-key-map_svg input")
    for _ in range(3):
        _once_settled(page, page.get_by_text(t("mapview.svg_toggle", lang), exact=True)).click()
        wait(page, timeout_ms=120_000)
        if _once_settled(page, switch).is_checked():
            break
    else:
        raise AssertionError("the vector map's switch could not be turned on")
    # plotly draws after its element is attached; the markers are its last layer (the
    # first vector drawing of a scope is computed then, which takes minutes on a busy machine)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot .scattergeo path.point').length > 50",
        timeout=240_000,
    )
