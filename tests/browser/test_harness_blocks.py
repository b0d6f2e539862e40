"""Self-test of the browser harness: off-machine requests are recorded AND never sent.

A local page (Python's http.server on a free port) asks for an image, a script, a
stylesheet, a fetch and a WebSocket off the machine; the recorder must list each of them
and on-machine requests must still go through. To prove "aborted, never sent" and not just
"recorded", one image points at a canary server on 127.0.0.2, which the harness treats as
off-machine: with the harness the canary receives nothing, while a control context without
the harness (loading a page with only the canary, nothing truly off-machine) does reach it.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

OFF_MACHINE = [
    "https://example.org/x.png",
    "https://cdn.example.com/lib.js",
    "https://fonts.example.net/css?family=Vazirmatn",
    "https://api.example.com/data.json",
]


class _Recorder(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, pages: dict[str, bytes]):
        self.pages = pages
        self.hits: list[str] = []
        super().__init__(address, _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Recorder

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        body = self.server.pages.get(self.path.split("?")[0])
        if body is None:
            self.send_error(404)
            return
        kind = "text/html; charset=utf-8" if self.path.endswith(".html") else "image/gif"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


# a 1x1 transparent GIF
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
       b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _serve(host: str, port: int, pages: dict[str, bytes]) -> Iterator[_Recorder]:
    server = _Recorder((host, port), pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def canary(free_port) -> Iterator[_Recorder]:
    """A server on 127.0.0.2: reachable, but not an address the harness lets through."""
    try:
        yield from _serve("127.0.0.2", free_port(), {"/canary.gif": GIF})
    except OSError as exc:  # pragma: no cover - Linux routes all of 127/8 to loopback
        pytest.fail(f"cannot listen on 127.0.0.2: {exc}")


@pytest.fixture
def site(free_port, canary) -> Iterator[_Recorder]:
    canary_url = f"http://127.0.0.2:{canary.server_address[1]}/canary.gif"
    page = f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{OFF_MACHINE[2]}">
<script src="{OFF_MACHINE[1]}"></script></head>
<body><h1>harness</h1>
<img id="local" src="/local.gif">
<img src="{OFF_MACHINE[0]}">
<img src="{canary_url}">
</body></html>"""
    control = f'<!doctype html><html><body><img src="{canary_url}"></body></html>'
    pages = {"/index.html": page.encode(), "/control.html": control.encode(), "/local.gif": GIF}
    yield from _serve("127.0.0.1", free_port(), pages)


def test_off_machine_requests_are_recorded_and_never_sent(
    offline_page, blocked_requests, site, canary
):
    base = f"http://127.0.0.1:{site.server_address[1]}"
    offline_page.goto(f"{base}/index.html", wait_until="load")
    outcome = offline_page.evaluate(
        """async ([api, ws]) => {
            const out = {};
            try { await fetch(api); out.fetch = 'sent'; } catch (e) { out.fetch = 'failed'; }
            out.ws = await new Promise(resolve => {
                const s = new WebSocket(ws);
                s.onopen = () => resolve('open');
                s.onerror = () => resolve('failed');
                s.onclose = () => resolve('closed');
                setTimeout(() => resolve('timeout'), 10000);
            });
            out.localImage = document.getElementById('local').naturalWidth;
            return out;
        }""",
        [OFF_MACHINE[3], "wss://ws.example.net/socket"],
    )

    # on-machine traffic went through
    assert "/index.html" in site.hits and "/local.gif" in site.hits
    assert outcome["localImage"] == 1
    # every off-machine attempt was recorded ...
    canary_url = f"http://127.0.0.2:{canary.server_address[1]}/canary.gif"
    for url in [*OFF_MACHINE, canary_url, "wss://ws.example.net/socket"]:
        assert url in blocked_requests, (url, blocked_requests)
    assert outcome["fetch"] == "failed"
    assert outcome["ws"] in ("failed", "closed")
    # ... and aborted before leaving: the canary, which would have answered, saw nothing
    assert canary.hits == []
    # the harness would fail this test at teardown; here the requests were provoked on purpose
    blocked_requests.clear()


def test_control_without_harness_reaches_the_canary(browser, site, canary):
    """Without the harness the canary is reachable, so its silence above means 'blocked'."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/control.html", wait_until="load")
    finally:
        context.close()
    assert canary.hits == ["/canary.gif"]


def test_on_machine_classification(is_on_machine):
    for url in ["http://127.0.0.1:8501/", "http://localhost/app/static/x.woff2",
                "ws://127.0.0.1:8501/_stcore/stream", "http://[::1]:80/", "data:,x",
                "blob:http://127.0.0.1:8501/3f2a"]:
        assert is_on_machine(url), url
    for url in ["https://example.org/", "http://127.0.0.2/", "http://localhost.example.com/",
                "https://cdn.plot.ly/plotly.js", "wss://example.net/", "file:///etc/passwd",
                "http://10.0.0.1/", "http://0.0.0.0:8501/"]:
        assert not is_on_machine(url), url
