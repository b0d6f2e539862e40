"""Figures to files: plotly maps as standalone HTML, PNG or PDF (kaleido driving Debian's
Chromium) and network pages as PNG screenshots (Playwright).

Persian is set in the bundled Vazirmatn: Chromium finds fonts through fontconfig, and
:func:`font_config` writes a config that adds ``static/fonts`` to the system's fonts.
Nothing is fetched from the network. This module never imports streamlit.
"""

from __future__ import annotations

import html
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import plotly.graph_objects as go

from graph.exports.chromium import CHROMIUM_ARGS, find_chromium

__all__ = [
    "FORMATS",
    "IMAGE_SIZE",
    "SLIDE_SIZE",
    "RenderError",
    "chromium_path",
    "font_config",
    "write_map",
    "write_map_pngs",
    "write_png",
]

FORMATS = ("html", "png", "pdf")
REPO_DIR = Path(__file__).resolve().parents[2]
FONT_DIR = REPO_DIR / "static" / "fonts"
IMAGE_SIZE = {"width": 1600, "height": 900}
# The presenter's pictures: slides and timeline frames.
SLIDE_SIZE = {"width": 1920, "height": 1080, "scale": 1}


class RenderError(ValueError):
    """A map cannot be rendered to a file (wrong extension, no browser); says what to do."""


def font_config() -> Path:
    """A fontconfig file that adds the bundled Vazirmatn to the system's fonts."""
    folder = Path(tempfile.gettempdir()) / f"diplomacy-fonts-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    path = folder / "fonts.conf"
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{html.escape(str(FONT_DIR))}</dir>\n"
        f"  <cachedir>{html.escape(str(folder / 'cache'))}</cachedir>\n"
        "</fontconfig>\n"
    )
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def chromium_path() -> str:
    """The Chromium kaleido should drive; :class:`RenderError` when there is none."""
    found = find_chromium()
    if found:
        return found
    raise RenderError(
        "PNG and PDF need Chromium: install it (apt-get install chromium) or set "
        "BROWSER_PATH; HTML export works without it"
    )


def _kaleido() -> ModuleType:
    """kaleido, pointed at Debian's Chromium and the bundled fonts."""
    os.environ["BROWSER_PATH"] = chromium_path()
    os.environ["FONTCONFIG_FILE"] = str(font_config())
    import kaleido  # imported on first use: it is slow to load and only pictures need it

    return kaleido


def write_map(fig: go.Figure, path: str | Path, size: Mapping[str, float] | None = None) -> Path:
    """Write ``fig`` to ``path`` by its extension: .html (standalone, plotly.js inlined,
    opens with no network), .png or .pdf (kaleido driving Debian's Chromium, Persian set
    in the bundled Vazirmatn).

    ``size`` (``width``, ``height``, ``scale``) replaces :data:`IMAGE_SIZE` and scale 1
    (the presenter's exports draw 1920x1080). Raises :class:`RenderError` for another
    extension or when Chromium is missing.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise RenderError(f"cannot write {path.name!r}: use a .html, .png or .pdf file name")
    if not path.parent.exists():
        raise RenderError(f"folder {str(path.parent)!r} does not exist")
    if fmt == "html":
        fig.write_html(
            str(path),
            include_plotlyjs=True,
            full_html=True,
            config={"displaylogo": False, "responsive": True},
        )
        return path
    kaleido = _kaleido()
    try:
        kaleido.write_fig_sync(
            fig,
            path=str(path),
            opts={"format": fmt, **IMAGE_SIZE, "scale": 1, **(size or {})},
            kopts={"mathjax": False},
        )
    except Exception as exc:  # kaleido raises several of its own types
        raise RenderError(f"could not draw {path.name}: {exc}".splitlines()[0]) from exc
    return path


def write_map_pngs(
    items: Sequence[tuple[Any, Path]], size: Mapping[str, float] = SLIDE_SIZE
) -> None:
    """Write several map figures as PNGs (1920x1080 unless ``size`` says otherwise) with
    ONE kaleido browser (faster than one :func:`write_map` call each, which starts
    Chromium every time)."""
    if not items:
        return
    kaleido = _kaleido()
    try:
        kaleido.write_fig_from_object_sync(
            [
                {"fig": fig, "path": str(path), "opts": {"format": "png", **size}}
                for fig, path in items
            ],
            kopts={"mathjax": False},
        )
    except Exception as exc:  # kaleido raises several of its own types
        raise RenderError(f"could not draw the slides: {exc}".splitlines()[0]) from exc


def write_png(page: str, out: Path, width: int = 1400, height: int = 900) -> None:
    """Screenshot the standalone page in headless Chromium (Playwright) as a PNG.

    Every request off the machine is refused while the page draws. The work runs in a
    thread of its own: Playwright's sync API refuses to start where an asyncio loop is
    already running in the caller's thread (a test's browser, a notebook, a server).
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_screenshot, page, Path(out), width, height).result()


def _screenshot(page: str, out: Path, width: int, height: int) -> None:
    try:
        # imported on first use: Playwright is heavy and only network pictures need it
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise ValueError(
            "PNG needs the playwright package (./run.sh installs it from requirements.txt); "
            "write .html instead"
        ) from None

    chromium = find_chromium()
    if chromium is None:
        raise ValueError("PNG needs Chromium (apt-get install chromium); write .html instead")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "network.html"
        source.write_text(page, encoding="utf-8")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=chromium, headless=True, args=CHROMIUM_ARGS
            )
            try:
                context = browser.new_context(viewport={"width": width, "height": height})
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(("file:", "data:", "blob:"))
                        else route.abort()
                    ),
                )
                tab = context.new_page()
                tab.goto(source.as_uri(), wait_until="load")
                tab.wait_for_function("() => window.cdeReady === true", timeout=60_000)
                tab.evaluate("() => document.fonts.ready")
                tab.wait_for_timeout(300)
                tab.screenshot(path=str(out))
            finally:
                browser.close()
