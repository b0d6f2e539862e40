"""The project's own source files, found by walking the folders (sub-packages included).

Tests that read every module use these, so that moving a module into a sub-package can
never leave it unchecked.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def python_files(*folders: str) -> list[Path]:
    """Every ``.py`` file below the named top-level folders, sorted."""
    found = sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))
    assert found, f"no Python files below {folders}"
    return found


def module_name(path: Path) -> str:
    """``graph/views/map.py`` -> ``graph.views.map``; a package's ``__init__`` -> the package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def graph_modules() -> list[str]:
    """Every importable module of ``graph/`` (``python -m graph``'s ``__main__`` aside)."""
    return [module_name(p) for p in python_files("graph") if p.stem != "__main__"]
