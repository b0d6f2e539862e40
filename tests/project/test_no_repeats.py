"""No block of logic is written twice: a run of more than 10 identical code lines that stands
in two places of graph/ or ui/ fails, so that shared logic lives in one function.

Lines are compared after stripping indentation; blank lines, comments, docstring-only lines,
imports and lone brackets are passed over, as they carry no logic of their own.
"""

from __future__ import annotations

import hashlib
import re

from tests.sources import ROOT, python_files

RUN = 11  # "over 10 lines"
SKIPPED = re.compile(r"^(#|import |from \S+ import |[\[\](){},:]*$|\"\"\"|''')")


def _logic_lines(text: str) -> list[tuple[int, str]]:
    kept = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not SKIPPED.match(line):
            kept.append((number, line))
    return kept


def repeated_runs(files, root=ROOT) -> list[str]:
    """Places where the same ``RUN`` logic lines stand again, as 'a.py:10 ~ b.py:40'."""
    seen: dict[str, tuple[str, int, int]] = {}  # window -> (file, line, index) first seen
    found: dict[tuple[str, str], str] = {}
    for path in files:
        lines = _logic_lines(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(root))
        for i in range(len(lines) - RUN + 1):
            window = "\n".join(text for _, text in lines[i : i + RUN])
            key = hashlib.sha1(window.encode()).hexdigest()
            first_name, first_line, first_index = seen.setdefault(key, (name, lines[i][0], i))
            overlaps = first_name == name and i - first_index < RUN
            if not overlaps:  # each pair of files is reported once, at its first repeat
                place = f"{first_name}:{first_line} ~ {name}:{lines[i][0]}"
                found.setdefault((first_name, name), place)
    return sorted(found.values())


def test_repeated_runs_are_found(tmp_path):
    block = "\n".join(f"    value_{i} = compute({i}) + offset  " for i in range(RUN)) + "\n"
    (tmp_path / "a.py").write_text("def f():\n" + block)
    (tmp_path / "b.py").write_text("def g():\n    # the same, again\n\n" + block)
    (tmp_path / "c.py").write_text("def h():\n" + block.replace("value_3", "other"))
    files = sorted(tmp_path.glob("*.py"))
    assert repeated_runs(files, tmp_path) == ["a.py:2 ~ b.py:4"]
    assert repeated_runs(files[::2], tmp_path) == []


def test_no_block_of_logic_stands_twice():
    assert repeated_runs(python_files("graph", "ui")) == []
