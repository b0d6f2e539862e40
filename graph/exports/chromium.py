"""Debian's Chromium as every picture export and the browser tests start it: where it is
and the flags that keep it quiet and offline (no background requests, no updates)."""

from __future__ import annotations

import os
import shutil

__all__ = ["CHROMIUM_ARGS", "find_chromium"]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """The Chromium executable: ``BROWSER_PATH`` (kaleido's variable), Debian's
    ``/usr/bin/chromium``, else ``chromium`` or ``chromium-browser`` on the PATH; None
    when there is none."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")
