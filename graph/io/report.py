"""The outcome of checking a file, a row or a value: located issues and the report.

An :class:`Issue` is one problem or warning, located by spreadsheet row and column, shown
in Persian or English from the catalogue keys ``io.problem.*``, ``io.fix.*`` and
``io.warn.*``. A :class:`ValidationReport` is what reading a file (or one row) produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.i18n import t

__all__ = ["Issue", "ValidationReport"]

_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass
class Issue:
    """One problem (or warning) of an import, located by spreadsheet row and column."""

    problem: str  # catalogue key suffix: io.problem.<problem>, io.fix.<problem>
    row: int | None = None  # 1 = header line; data starts at 2
    column: str = ""
    value: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, lang: str = "en") -> dict:
        """The issue as the CLI's JSON and the page's table show it."""
        warn = self.problem.startswith("warn.")
        name = self.problem.removeprefix("warn.")
        # a parameter given per language ("found_fa", "found_en") fills {found} in each
        params = {k: v for k, v in self.params.items() if not k.endswith(("_fa", "_en"))}
        params |= {
            k.removesuffix(f"_{lang}"): v for k, v in self.params.items() if k.endswith(f"_{lang}")
        }
        if lang == "fa":  # dates and years in the reader's digits
            params = {
                k: v.translate(_TO_PERSIAN) if k in ("jalali", "gregorian", "lat", "lon") else v
                for k, v in params.items()
            }
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value[:200],
            "problem": t(f"io.warn.{name}" if warn else f"io.problem.{name}", lang, **params),
            "fix": "" if warn else t(f"io.fix.{name}", lang, **params),
            "code": name,
        }


@dataclass
class ValidationReport:
    """The outcome of reading a file: accepted or not, every problem, the rows to store."""

    accepted: bool
    kind: str | None = None  # "ties" | "exchanges"
    rows: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    encoding: str | None = None
    batch_id: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # column -> header as written
    header: list[str] = field(default_factory=list)  # the file's header cells, as written
    guessed: list[str] = field(default_factory=list)  # the columns guessed from their header
    filled: dict[str, str] = field(default_factory=dict)  # column -> file-wide value
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def _located(self, issue: Issue, lang: str) -> dict:
        """The issue's dict plus ``header``: its column as the file's header wrote it."""
        out = issue.to_dict(lang)
        columns = [c.strip() for c in issue.column.split(",") if c.strip()]
        out["header"] = ", ".join(self.headers.get(c, c) for c in columns)
        return out

    def to_dict(self, lang: str = "en") -> dict:
        """The JSON shape of DESIGN.md: accepted, rows, errors, warnings (+ a few more)."""
        return {
            "accepted": self.accepted,
            "kind": self.kind,
            "rows": self.rows,
            "errors": [self._located(e, lang) for e in self.errors],
            "warnings": [self._located(w, lang) for w in self.warnings],
            "encoding": self.encoding,
            "batch_id": self.batch_id,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "columns": dict(self.headers),
            "guessed": list(self.guessed),
            "filled": dict(self.filled),
        }
