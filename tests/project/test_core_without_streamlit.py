"""graph/ is importable and usable without Streamlit (DESIGN: pages -> graph, never back)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.sources import graph_modules, python_files

ROOT = Path(__file__).resolve().parents[2]
MODULES = graph_modules()


def test_every_sub_package_is_walked():
    assert {"graph.store.engine", "graph.views.map", "graph.cli.main"} <= set(MODULES)
    assert len(MODULES) >= 38


def test_every_core_module_imports_without_streamlit():
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'streamlit' not in sys.modules, 'a graph module imported streamlit'\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_core_source_mentions_streamlit_imports():
    for path in python_files("graph"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path.name
