"""The navigation's page icons can be drawn with the fonts a fresh install has.

The icons are emoji (app.py says why). Chromium draws an emoji from whatever installed font
has it; a Debian machine set up by ./run.sh has no colour-emoji font, and an icon no font
has is drawn as nothing.
"""

from __future__ import annotations

import ast
import shutil
import subprocess

from tests.conftest import REPO_ROOT

VARIATION_SELECTOR = 0xFE0F  # asks for the emoji presentation; not a glyph of its own


def _icons() -> set[str]:
    tree = ast.parse((REPO_ROOT / "app.py").read_text(encoding="utf-8"))
    icons = {
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.keyword)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and any(ord(c) > 0x2000 for c in node.value.value)
    }
    assert len(icons) >= 8, icons  # one per page
    return icons


def test_every_page_icon_has_a_font(skip_or_fail) -> None:
    if shutil.which("fc-list") is None:
        skip_or_fail("fc-list (fontconfig, installed with chromium) is missing")
    missing = []
    for icon in sorted(_icons()):
        for char in icon:
            if ord(char) == VARIATION_SELECTOR:
                continue
            fonts = subprocess.run(
                ["fc-list", f":charset={ord(char):x}", "family"],
                capture_output=True, text=True, check=True,
            ).stdout
            if not fonts.strip():
                missing.append(f"{icon} (U+{ord(char):04X})")
    assert missing == [], f"no installed font draws these page icons: {missing}"
