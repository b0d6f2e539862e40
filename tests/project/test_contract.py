"""The layer contract of DESIGN.md, checked by import-linter (configuration: .importlinter).

pages -> ui -> graph views/exports/cli -> graph analysis/io -> graph store/places ->
graph names/model/settings/i18n; graph/ never imports Streamlit.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.sources import ROOT, python_files

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_layer_contract_holds():
    tool = str(LINT_IMPORTS) if LINT_IMPORTS.exists() else shutil.which("lint-imports")
    assert tool, "lint-imports is missing: ./test.sh installs requirements-dev.txt"
    done = subprocess.run(
        [tool, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_every_graph_package_is_in_a_layer():
    config = (ROOT / ".importlinter").read_text(encoding="utf-8")
    packages = {p.parent.name for p in python_files("graph") if p.name == "__init__.py"}
    modules = {p.stem for p in (ROOT / "graph").glob("*.py")} - {"__init__", "__main__"}
    for name in (packages - {"graph"}) | modules:
        assert f"graph.{name}" in config, f"graph.{name} is in no layer of .importlinter"


def test_pages_import_only_ui_and_graph():
    for page in python_files("pages"):
        text = page.read_text(encoding="utf-8")
        assert "from pages" not in text and "import pages" not in text, page.name
