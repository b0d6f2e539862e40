"""How the project's modules import each other: no private names across modules, no cycles.

Both tests read the sources with :mod:`ast` (nothing is imported), so a lazy import inside
a function counts exactly as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.sources import ROOT, module_name, python_files

PROJECT_PACKAGES = ("graph", "ui", "pages")


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _absolute(module: str, node: ast.ImportFrom, path: Path) -> str:
    """The absolute module an ``ImportFrom`` reads from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.stem == "__init__" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """Every import of the file, anywhere in it: (module, names taken from it, line)."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            found.append((_absolute(module, node, path), names, node.lineno))
    return found


def _ours(module: str) -> bool:
    return module.split(".")[0] in PROJECT_PACKAGES


def test_no_module_imports_another_modules_private_names():
    offences = []
    for path in python_files(*PROJECT_PACKAGES):
        own = module_name(path)
        for module, names, line in _imports(path):
            if not _ours(module) or module == own:
                continue
            offences += [
                f"{path.relative_to(ROOT)}:{line} imports {name} from {module}"
                for name in names
                if _is_private(name)
            ]
    assert not offences, "make these names public where they are shared:\n" + "\n".join(
        offences
    )


def _import_graph() -> dict[str, set[str]]:
    """graph module -> the graph modules it imports (a name that is a sub-module counts
    as that sub-module; any other name as the module it comes from)."""
    paths = python_files("graph")
    modules = {module_name(p) for p in paths}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for path in paths:
        own = module_name(path)
        for module, names, _line in _imports(path):
            targets = {f"{module}.{n}" for n in names if f"{module}.{n}" in modules}
            if not names or len(targets) < len(names):
                targets.add(module)
            edges[own] |= {t for t in targets if t in modules and t != own}
    return edges


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    cycles = []
    for group in groups:
        members = set(group)
        path, seen = [group[0]], {group[0]}
        while True:  # walk inside the group until a module repeats: that is a cycle
            step = sorted(edges[path[-1]] & members)[0]
            if step in seen:
                cycles.append(path[path.index(step) :] + [step])
                break
            path.append(step)
            seen.add(step)
    return cycles


def test_cycle_finder_reports_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_graph_modules_import_each_other_without_cycles():
    cycles = _cycles(_import_graph())
    assert not cycles, "import cycles among graph modules:\n" + "\n".join(
        " -> ".join(cycle) for cycle in cycles
    )
