"""Every package the app imports is named in requirements.txt, so a user's install has it
(a package that only arrives as another one's dependency can vanish with its next release)."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions

from tests.sources import ROOT, python_files

OWN = {"graph", "ui", "pages", "tests"}


def _imported_top_levels() -> dict[str, str]:
    """Top-level module -> one file importing it, over app.py, pages/, ui/ and graph/."""
    found: dict[str, str] = {}
    for path in [ROOT / "app.py", *python_files("pages", "ui", "graph")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], str(path.relative_to(ROOT)))
    return found


def _required() -> set[str]:
    text = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    names = re.findall(r"^([A-Za-z0-9_.\-]+)", text, re.M)
    return {re.sub(r"[-_.]+", "-", n).lower() for n in names}


def test_every_imported_package_is_required():
    distributions = packages_distributions()
    required = _required()
    missing = {}
    for module, where in _imported_top_levels().items():
        if module in OWN or module in sys.stdlib_module_names:
            continue
        owners = {re.sub(r"[-_.]+", "-", d).lower() for d in distributions.get(module, [])}
        if not owners & required:
            missing[module] = where
    assert missing == {}, f"imported but not in requirements.txt: {missing}"
