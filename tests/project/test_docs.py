"""The documentation and the code speak for themselves.

- No "issue N" markers in the README, docs/, the code (graph/ with the UI text catalogue,
  ui/, pages/, app.py), the requirements files or the scripts: a reader has no issue
  tracker to look them up in, so a comment or a heading says what the thing does instead.
- Every relative link in README.md and docs/ points to a file of the repository (and, for
  a Markdown file with ``#anchor``, to one of its headings); none leaves the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISSUE_MARKER = re.compile(r"\bissue\s+\d+", re.IGNORECASE)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
CODE_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def _files(*patterns: str) -> list[Path]:
    found: set[Path] = set()
    for pattern in patterns:
        found.update(p for p in ROOT.glob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return sorted(found)


def _docs() -> list[Path]:
    return _files("README.md", "docs/**/*.md")


CHECKED = _files(
    "README.md", "docs/**/*.md", "graph/**/*.py", "ui/**/*.py", "pages/**/*.py", "app.py",
    "requirements*.txt", "scripts/*", "run.sh", "test.sh",
)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_checked_files_are_found():
    names = {_name(p) for p in CHECKED}
    assert {"README.md", "graph/i18n/__init__.py", "requirements.txt",
            "scripts/setup.sh"} <= names


@pytest.mark.parametrize("path", CHECKED, ids=_name)
def test_no_issue_markers(path):
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    marked = [f"{_name(path)}:{n}: {line.strip()}" for n, line in enumerate(lines, 1)
              if ISSUE_MARKER.search(line)]
    assert not marked, "say what it does instead of naming an issue:\n" + "\n".join(marked)


def slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    body = CODE_BLOCK.sub("", markdown)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", body, re.MULTILINE)}


def test_slug_follows_github():
    assert slug("Adding a city from the offline gazetteer") == (
        "adding-a-city-from-the-offline-gazetteer")
    assert slug("Data: import, export, undo, backups") == "data-import-export-undo-backups"
    assert slug("`bench_map.py`: the map") == "bench_mappy-the-map"


@pytest.mark.parametrize("path", _docs(), ids=_name)
def test_relative_links_point_to_files_of_the_repository(path):
    text = CODE_BLOCK.sub("", path.read_text(encoding="utf-8"))
    problems = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # http:, mailto:, ...
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.is_relative_to(ROOT):
            problems.append(f"{target}: outside the repository")
        elif not linked.exists():
            problems.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text(
                encoding="utf-8")):
            problems.append(f"{target}: no heading #{anchor} in {_name(linked)}")
    assert not problems, f"{_name(path)}: " + "; ".join(problems)
