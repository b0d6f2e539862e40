"""Import of ties and exchanges from CSV or XLSX files, and export of the data.

Import is two steps. :func:`validate` reads the bytes of a file (no database involved
beyond the cities it is given) and returns a :class:`ValidationReport`: every problem
located by row and column, with what is wrong and how to fix it, in Persian and English
(catalogue keys ``io.problem.*`` / ``io.fix.*``), and the clean rows ready to store.
:func:`import_file` validates and, when nothing is wrong, writes all rows in ONE
transaction together with their record of changes (:mod:`graph.store.changes`); one bad row and
nothing is written.

What a council's spreadsheet may hold and is understood: UTF-8 (with or without BOM),
UTF-16 and Windows-1256 text; Persian (۰-۹) and Arabic-Indic (٠-٩) digits; Jalali
years (1300-1500, e.g. 1398 -> 2019) and dates (1398/05/12), converted with a warning;
city names in Persian or English, with an optional country column; column headers in
English or Persian. Export writes CSV, XLSX, GeoJSON or GraphML; CSV and XLSX cells
that start with ``= + - @`` get a leading apostrophe so spreadsheets do not run them.
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import jdatetime
import pandas as pd
import sqlalchemy as sa

from graph.i18n import LANGS, country_name, label, t
from graph.i18n.changelog import batch_description
from graph.model import Evidence, Kind, Origin, Relation, Status
from graph.names import AmbiguousCity, CityNotFound, fold
from graph.places.gazetteer import NotInStore, describe, stored_match
from graph.places.lookup import find_city
from graph.settings import today as current_day
from graph.store.changes import record_batch, record_change, row_image
from graph.store.engine import Store
from graph.store.schema import exchanges_table, pair_key, ties_table

__all__ = [
    "EXCHANGE_COLUMNS",
    "EXPORT_TABLES",
    "FORMATS",
    "Issue",
    "TIE_COLUMNS",
    "ValidationReport",
    "FIELD_RULES",
    "cell_text",
    "check_fields",
    "check_row",
    "export_data",
    "import_file",
    "neutralise",
    "template",
    "validate",
]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL = 2_000
TIE_COLUMNS = ("city_a", "city_b", "relation", "status", "since", "evidence", "sources", "note")
EXCHANGE_COLUMNS = (
    "city_a",
    "city_b",
    "date",
    "kind",
    "intensity",
    "title",
    "source",
    "evidence",
    "note",
)
REQUIRED = {
    "ties": ("city_a", "city_b", "relation"),
    "exchanges": ("city_a", "city_b", "kind", "intensity", "title"),
}
# header spellings (folded) -> canonical column
_ALIASES: dict[str, tuple[str, ...]] = {
    "city_a": ("city_a", "citya", "city1", "شهر_الف", "شهرالف", "شهر۱", "شهر1", "شهراول", "شهر"),
    "city_b": ("city_b", "cityb", "city2", "شهر_ب", "شهرب", "شهر۲", "شهر2", "شهردوم", "شریک"),
    "country_a": ("country_a", "countrya", "country1", "کشور_الف", "کشورالف", "کشوراول"),
    "country_b": ("country_b", "countryb", "country2", "کشور_ب", "کشورب", "کشوردوم"),
    "relation": ("relation", "نوعپیوند", "پیوند", "رابطه"),
    "status": ("status", "وضعیت"),
    "since": ("since", "year", "سال", "ازسال"),
    "evidence": ("evidence", "شواهد", "مدرک", "سند"),
    "sources": ("sources", "منابع"),
    "source": ("source", "منبع"),
    "note": ("note", "notes", "یادداشت", "توضیح", "توضیحات"),
    "date": ("date", "تاریخ"),
    "kind": ("kind", "نوع", "نوعتبادل"),
    "intensity": ("intensity", "شدت"),
    "title": ("title", "عنوان"),
}
_HEADER = {fold(alias).replace("_", ""): name for name, v in _ALIASES.items() for alias in v}
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_TO_PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_CHOICES: dict[str, type] = {
    "relation": Relation,
    "status": Status,
    "evidence": Evidence,
    "kind": Kind,
}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "geojson", "graphml")
EXPORT_TABLES = ("ties", "exchanges", "cities")


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
        prefix = "io.warn" if self.problem.startswith("warn.") else "io.problem"
        name = self.problem.removeprefix("warn.")
        fix_key = "io.fix." + name
        # a parameter given per language ("found_fa", "found_en") fills {found} in each
        params = {k: v for k, v in self.params.items() if not k.endswith(("_fa", "_en"))}
        params |= {
            k.removesuffix(f"_{lang}"): v for k, v in self.params.items() if k.endswith(f"_{lang}")
        }
        if lang == "fa":  # dates and years in the reader's digits
            params = {
                k: v.translate(_TO_PERSIAN) if k in ("jalali", "gregorian") else v
                for k, v in params.items()
            }
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value[:200],
            "problem": t(f"{prefix}.{name}", lang, **params),
            "fix": t(fix_key, lang, **params) if prefix == "io.problem" else "",
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
        }


class _Concurrent(Exception):
    def __init__(self, row: int):
        self.row = row


class _Rejected(Exception):
    def __init__(self, issue: Issue):
        self.issue = issue


# --- reading the file -----------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """BOM first, then UTF-8, then Windows-1256; binary content is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _Rejected(Issue("encoding")) from None
    if b"\x00" in data:
        raise _Rejected(Issue("binary"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise _Rejected(Issue("encoding")) from None
    return text, "cp1256"


def _read_csv(text: str) -> list[list[str]]:
    if _CONTROL.search(text):
        raise _Rejected(Issue("binary"))
    sample = text[:4096]
    delimiter = ","
    first = sample.splitlines()[0] if sample.splitlines() else ""
    if first.count(";") > first.count(",") and first.count(";") >= first.count("\t"):
        delimiter = ";"
    elif first.count("\t") > first.count(","):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise _Rejected(Issue("too_many_rows", params={"n": MAX_ROWS}))
    except csv.Error as exc:
        raise _Rejected(
            Issue("quoting", row=reader.line_num, value=str(exc)[:120], params={})
        ) from None
    return rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                raise _Rejected(Issue("too_many_rows", params={"n": MAX_ROWS}))
        book.close()
    except _Rejected:
        raise
    except Exception as exc:  # a broken workbook can fail in many ways inside openpyxl
        raise _Rejected(Issue("xlsx", value=type(exc).__name__)) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def _table(data: bytes) -> tuple[list[list[str]], str]:
    if len(data) > MAX_BYTES:
        raise _Rejected(Issue("too_big", params={"mb": MAX_BYTES // (1024 * 1024)}))
    if not data.strip():
        raise _Rejected(Issue("empty"))
    if data[:4] == b"PK\x03\x04":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _Rejected(Issue("xlsx", value="zip"))
        return _read_xlsx(data), "xlsx"
    text, encoding = _decode(data)
    return _read_csv(text), encoding


# --- values ---------------------------------------------------------------------------


def _clean(value: str) -> str:
    """A cell without control characters nor invisible direction overrides/isolates
    (U+202A-U+202E, U+2066-U+2069: an unclosed one flips the rest of a line wherever the
    text is shown); ZWNJ and the RLM/LRM marks Persian text uses are kept."""
    return _BIDI.sub("", _CONTROL.sub("", value)).strip()


def _choice_map(enum: type) -> dict[str, str]:
    out = {}
    for member in enum:
        out[fold(member.value)] = member.value
        for lang in LANGS:
            out[fold(label(member.value, lang))] = member.value
    return out


_CHOICE_MAPS = {name: _choice_map(enum) for name, enum in _CHOICES.items()}


def _choice(column: str, value: str) -> str:
    found = _CHOICE_MAPS[column].get(fold(value))
    if found is None:
        allowed = ", ".join(m.value for m in _CHOICES[column])
        raise ValueError(("choice", {"allowed": allowed}))
    return found


def _gregorian_year_ok(year: int) -> bool:
    return 1800 <= year <= current_day().year + 5


def _year(value: str) -> tuple[int, int | None]:
    """(Gregorian year, Jalali year it came from or None)."""
    text = value.translate(_DIGITS).strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text) is None:
        raise ValueError(("year", {}))
    year = int(float(text))
    if 1300 <= year <= 1500:
        return year + 621, year
    if not _gregorian_year_ok(year):
        raise ValueError(("year", {}))
    return year, None


def _date(value: str) -> tuple[str, int, str | None]:
    """(ISO date text YYYY[-MM[-DD]], Gregorian year, Jalali text it came from or None)."""
    text = value.translate(_DIGITS).strip()
    text = re.sub(r"[T ]00:00(:00)?$", "", text)
    m = _DATE.match(text)
    if m is None:
        raise ValueError(("date", {}))
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    jalali = 1300 <= year <= 1500
    try:
        if jalali:
            if month is None:
                return str(year + 621), year + 621, text
            j = jdatetime.date(year, month, day or 15)
            g = j.togregorian()
            iso = g.isoformat() if day else g.isoformat()[:7]
            return iso, g.year, text
        if not _gregorian_year_ok(year):
            raise ValueError(("date", {}))
        if month is None:
            return f"{year:04d}", year, None
        g = _dt.date(year, month, day or 1)
        return (g.isoformat() if day else g.isoformat()[:7]), year, None
    except (ValueError, TypeError, OverflowError) as exc:
        if exc.args and isinstance(exc.args[0], tuple):
            raise
        raise ValueError(("date", {})) from None


def _intensity(value: str) -> int:
    text = value.translate(_DIGITS).strip()
    if re.fullmatch(r"[123](\.0+)?", text) is None:
        raise ValueError(("intensity", {}))
    return int(float(text))


def _links(value: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\s+\|\s+|\n|;", value) if p.strip()]
    for part in parts:
        m = _SCHEME.match(part)
        if m and m.group(1).lower() not in ("http", "https") and not re.match(r"^\d", part):
            raise ValueError(("link", {}))
    return parts


# --- cities ---------------------------------------------------------------------------


class _CityResolver:
    """find_city with a folded index, so a file of many rows stays quick on 17,000 cities."""

    def __init__(self, cities: pd.DataFrame):
        self.cities = cities
        self.folded_en = cities["name_en"].fillna("").map(fold)
        self.folded_fa = cities["name_fa"].fillna("").map(fold)
        self.countries = set(cities["country"])
        self.cache: dict[tuple[str, str], Any] = {}
        self._names: dict[str, list] | None = None

    def resolve(self, name: str, country: str) -> dict:
        key = (name, country)
        if key not in self.cache:
            try:
                self.cache[key] = self._resolve(name, country)
            except (CityNotFound, AmbiguousCity, ValueError) as exc:
                self.cache[key] = exc
        found = self.cache[key]
        if isinstance(found, Exception):
            raise found
        return found

    def _resolve(self, name: str, country: str) -> dict:
        if country and country not in self.countries:
            raise ValueError(("country", {}))
        wanted = fold(name)
        mask = (self.folded_en == wanted) | (self.folded_fa == wanted)
        mask |= self.cities["city_id"] == name
        if country:
            mask &= self.cities["country"] == country
        subset = self.cities[mask]
        if len(subset):
            return find_city(subset, name)
        pool = self.cities if not country else self.cities[self.cities["country"] == country]
        try:
            return find_city(pool, name, gazetteer=False)  # raises CityNotFound with suggestions
        except CityNotFound as exc:
            if not exc.suggestions:
                exc.suggestions = self._close(wanted, pool.index)
            try:  # another language's name of a stored city? (GeoNames alternate names)
                city, place = stored_match(self.cities, name, country or None)
            except NotInStore as known:
                known.suggestions = exc.suggestions
                raise known from None
            except CityNotFound:
                raise exc from None
            return {**city, "_gazetteer": place}

    def _close(self, wanted: str, index: pd.Index) -> list[str]:
        """Names that look like ``wanted`` (spelling mistakes), for the report's suggestions."""
        if not wanted:
            return []
        if self._names is None:
            self._names = {}
            for i, en, fa in zip(self.cities.index, self.folded_en, self.folded_fa, strict=True):
                for key in (en, fa):
                    if key:
                        self._names.setdefault(key, []).append(i)
        allowed = set(index)
        close = difflib.get_close_matches(wanted, list(self._names), n=8, cutoff=0.75)
        rows = [i for key in close for i in self._names[key] if i in allowed]
        found = self.cities.loc[list(dict.fromkeys(rows))]
        found = found.sort_values("population", ascending=False, na_position="last")
        return [f"{r.name_en}, {r.country}" for r in found.head(5).itertuples()]


# --- validation -----------------------------------------------------------------------


def _header(row: list[str]) -> tuple[list[str | None], list[str]]:
    names: list[str | None] = []
    unknown = []
    for cell in row:
        key = fold(_clean(cell).lower()).replace("_", "")
        name = _HEADER.get(key)
        if name in names:
            name = None
        names.append(name)
        if name is None and _clean(cell):
            unknown.append(_clean(cell)[:40])
    return names, unknown


def _kind_of(columns: set[str]) -> str | None:
    if columns & {"date", "kind", "intensity", "title"}:
        return "exchanges"
    if columns & {"relation", "status", "since", "sources"}:
        return "ties"
    return None


def validate(data: bytes, cities: pd.DataFrame) -> ValidationReport:
    """Read a CSV or XLSX file of ties or exchanges and check every row.

    Never raises on bad input: every problem becomes an :class:`Issue` in the report,
    and ``accepted`` is False when there is at least one error.
    """
    report = ValidationReport(accepted=False)
    try:
        table, report.encoding = _table(data)
    except _Rejected as exc:
        report.errors.append(exc.issue)
        return report
    while table and not any(_clean(c) for c in table[0]):
        table.pop(0)
    if not table:
        report.errors.append(Issue("empty"))
        return report
    names, unknown = _header(table[0])
    report.headers = {n: _clean(c) for n, c in zip(names, table[0], strict=False) if n}
    present = {n for n in names if n}
    kind = _kind_of(present)
    if kind is None:
        report.errors.append(
            Issue(
                "columns",
                row=1,
                value=", ".join(c for c in table[0] if c)[:200],
                params={"columns": ", ".join(REQUIRED["ties"])},
            )
        )
        return report
    report.kind = kind
    missing = [c for c in REQUIRED[kind] if c not in present]
    if missing:
        report.errors.append(
            Issue(
                "columns", row=1, column=", ".join(missing), params={"columns": ", ".join(missing)}
            )
        )
        return report
    if unknown:
        report.warnings.append(
            Issue(
                "warn.unknown_columns",
                row=1,
                value=", ".join(unknown),
                params={"columns": ", ".join(unknown)},
            )
        )
    if report.encoding == "cp1256":
        report.warnings.append(Issue("warn.encoding", params={"encoding": "Windows-1256"}))
    resolver = _CityResolver(cities)
    records: dict[str, dict] = {}
    for index, raw in enumerate(table[1:], start=2):
        if not any(_clean(c) for c in raw):
            continue
        report.rows += 1
        if len(raw) > len(names) and any(_clean(c) for c in raw[len(names) :]):
            report.errors.append(
                Issue("field_count", row=index, params={"found": len(raw), "expected": len(names)})
            )
            continue
        cells = {n: _clean(raw[i]) if i < len(raw) else "" for i, n in enumerate(names) if n}
        record = _check_row(kind, index, cells, resolver, report)
        if record is None:
            continue
        key = _record_key(kind, record)
        if key in records:
            _merge(kind, records[key], record, index, report)
        else:
            record["_rows"] = [index]
            records[key] = record
    report.records = list(records.values())
    report.accepted = not report.errors and report.rows > 0
    if report.rows == 0 and not report.errors:
        report.errors.append(Issue("empty"))
    return report


def _record_key(kind: str, record: dict) -> str:
    if kind == "ties":
        return record["pair_key"]
    return "|".join(
        [record["pair_key"], record["date"] or "", record["kind"], fold(record["title"])]
    )


def _merge(kind: str, kept: dict, new: dict, index: int, report: ValidationReport) -> None:
    fields = ("relation", "status", "since") if kind == "ties" else ("intensity",)
    clash = [f for f in fields if new.get(f) is not None and kept.get(f) not in (None, new[f])]
    if clash:
        report.errors.append(
            Issue(
                "duplicate_conflict",
                row=index,
                column=", ".join(clash),
                params={"first": kept["_rows"][0]},
            )
        )
        return
    if kind == "ties":
        sources = json.loads(kept["sources"])
        sources += [s for s in json.loads(new["sources"]) if s not in sources]
        kept["sources"] = json.dumps(sources, ensure_ascii=False)
        if new["note"] and new["note"] not in kept["note"]:
            kept["note"] = (kept["note"] + " | " + new["note"]).strip(" |")
        kept["_given"] = kept.get("_given", set()) | new.get("_given", set())
    kept["_rows"].append(index)
    report.warnings.append(Issue("warn.duplicate", row=index, params={"first": kept["_rows"][0]}))


def _check_row(
    kind: str,
    index: int | None,
    cells: dict[str, str],
    resolver: _CityResolver,
    report: ValidationReport,
) -> dict | None:
    errors_before = len(report.errors)

    def error(column: str, problem: str, **params: Any) -> None:
        report.errors.append(
            Issue(problem, row=index, column=column, value=cells.get(column, ""), params=params)
        )

    for column, value in cells.items():
        if len(value) > MAX_CELL:
            error(column, "too_long", n=MAX_CELL)
            cells[column] = value[:MAX_CELL]
    ids = {}
    for side in ("a", "b"):
        column = f"city_{side}"
        name = cells.get(column, "")
        country = cells.get(f"country_{side}", "").upper()
        if not name:
            error(column, "required")
            continue
        try:
            found = resolver.resolve(name, country)
            ids[side] = str(found["city_id"])
            if "_gazetteer" in found:  # matched through GeoNames alternate names: say so
                report.warnings.append(
                    Issue(
                        "warn.city_gazetteer",
                        row=index,
                        column=column,
                        value=name,
                        params={
                            "name": name,
                            "city_en": f"{found['name_en']}, {found['country']}",
                            "city_fa": f"{found['name_fa'] or found['name_en']}، "
                            f"{country_name(found['country'], 'fa')}",
                        },  # {city} in each language
                    )
                )
        except AmbiguousCity as exc:
            listed = "; ".join(f"{c['name_en']}, {c['country']}" for c in exc.candidates[:6])
            error(column, "city_ambiguous", candidates=listed)
        except NotInStore as exc:
            found_fa = "؛ ".join(describe(p, "fa") for p in exc.places[:3])
            found_en = "; ".join(describe(p, "en") for p in exc.places[:3])
            error(column, "city_not_stored", name=name, found_fa=found_fa, found_en=found_en)
        except CityNotFound as exc:
            shown = ", ".join(exc.suggestions) or "-"
            error(column, "city_unknown", suggestions=shown)
        except ValueError:
            report.errors.append(
                Issue("country", row=index, column=f"country_{side}", value=country)
            )
    if len(ids) == 2 and ids["a"] == ids["b"]:
        error("city_b", "self_loop")
    record: dict[str, Any] = {}
    if len(ids) == 2:
        record.update(city_a=ids["a"], city_b=ids["b"], pair_key=pair_key(ids["a"], ids["b"]))

    def parse(column: str, parser, default=None):
        value = cells.get(column, "")
        if not value:
            if column in REQUIRED[kind]:
                error(column, "required")
            return default
        try:
            return parser(value)
        except ValueError as exc:
            problem, params = (
                exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else ("invalid", {})
            )
            error(column, problem, **params)
            return default

    def converted(column: str, jalali: Any, gregorian: Any) -> None:
        """Say that a Jalali year or date was read as its Gregorian one."""
        params = {"jalali": str(jalali), "gregorian": str(gregorian)}
        report.warnings.append(
            Issue("warn.jalali", row=index, column=column, value=cells[column], params=params)
        )

    if kind == "ties":
        record["relation"] = parse("relation", lambda v: _choice("relation", v))
        record["status"] = parse("status", lambda v: _choice("status", v), Status.SIGNED.value)
        since = parse("since", _year)
        record["since"] = since[0] if since else None
        if since and since[1] is not None:
            converted("since", since[1], since[0])
        record["evidence"] = parse("evidence", lambda v: _choice("evidence", v), "user")
        links = parse("sources", _links, []) + parse("source", _links, [])
        record["sources"] = json.dumps(links, ensure_ascii=False)
        record["note"] = cells.get("note", "")
        # the fields this row gives: a stored tie keeps the others (an empty cell or a
        # column the file lacks never wipes what is stored)
        given = {"relation"} | {f for f in _TIE_FIELDS if cells.get(f)}
        record["_given"] = given | ({"sources"} if cells.get("source") else set())
    else:
        date = parse("date", _date)
        record["date"], record["year"] = (date[0], date[1]) if date else (None, None)
        if date and date[2] is not None:
            converted("date", date[2], date[0])
        record["kind"] = parse("kind", lambda v: _choice("kind", v))
        record["intensity"] = parse("intensity", _intensity)
        record["title"] = parse("title", str, "")
        source = parse("source", _links, [])
        record["source"] = " | ".join(source)
        record["evidence"] = parse("evidence", lambda v: _choice("evidence", v), "user")
        record["note"] = cells.get("note", "")
    return record if len(report.errors) == errors_before else None


# --- checking single values and rows (in-place editing and the add-exchange form) -------


def _text(value: str) -> str:
    return value


def _population(value: str) -> int:
    text = value.translate(_DIGITS).replace(",", "").replace("\u066c", "").strip()
    if re.fullmatch(r"\d{1,12}(\.0+)?", text) is None:
        raise ValueError(("population", {}))
    return int(float(text))


# kind -> column -> parser of a non-empty cell; the same rules as an imported row
FIELD_RULES: dict[str, dict[str, Callable[[str], Any]]] = {
    "ties": {
        "relation": lambda v: _choice("relation", v),
        "status": lambda v: _choice("status", v),
        "since": lambda v: _year(v)[0],
        "evidence": lambda v: _choice("evidence", v),
        "sources": lambda v: json.dumps(_links(v), ensure_ascii=False),
        "note": _text,
    },
    "exchanges": {
        "date": _date,
        "kind": lambda v: _choice("kind", v),
        "intensity": _intensity,
        "title": _text,
        "source": lambda v: " | ".join(_links(v)),
        "evidence": lambda v: _choice("evidence", v),
        "note": _text,
    },
    "cities": {
        "name_fa": _text,
        "name_en": _text,
        "population": _population,
        "note": _text,
    },
}
# what an emptied cell stores
_EMPTY: dict[str, Any] = {
    "since": None,
    "sources": "[]",
    "source": "",
    "note": "",
    "name_fa": None,
    "population": None,
    "evidence": Evidence.USER.value,
    "status": Status.SIGNED.value,
}
_REQUIRED_FIELDS = {**REQUIRED, "cities": ("name_en",)}


def cell_text(value: Any) -> str:
    """A cell as text: empty for None/NaN/NA, whole floats without ``.0``, lists joined."""
    if isinstance(value, list | tuple):
        return " | ".join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return _clean(_cell(value))


def check_fields(kind: str, fields: dict[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """Check changed values of a stored tie, exchange or city with the import's rules.

    ``fields`` maps a column of ``kind`` (``ties``, ``exchanges`` or ``cities``; see
    :data:`FIELD_RULES`) to the new value as typed (text, number or empty). Returns the
    values to store (a ``date`` also sets ``year``) and the problems, each an
    :class:`Issue` located by column (its ``row`` is left for the caller to set).

    >>> check_fields("exchanges", {"date": "۱۴۰۳/۰۵/۱۲", "intensity": 2})[0]
    {'date': '2024-08-02', 'year': 2024, 'intensity': 2}
    >>> [i.problem for i in check_fields("ties", {"relation": "enemy"})[1]]
    ['choice']
    """
    rules = FIELD_RULES[kind]
    values: dict[str, Any] = {}
    issues: list[Issue] = []
    for column, raw in fields.items():
        if column not in rules:
            raise ValueError(f"{column!r} of {kind} cannot be edited; editable: {', '.join(rules)}")
        text = cell_text(raw)
        if len(text) > MAX_CELL:
            issues.append(Issue("too_long", column=column, value=text, params={"n": MAX_CELL}))
            continue
        if not text:
            if column in _REQUIRED_FIELDS[kind]:
                issues.append(Issue("required", column=column))
            elif column == "date":
                values.update(date=None, year=None)
            else:
                values[column] = _EMPTY.get(column, "")
            continue
        try:
            value = rules[column](text)
        except ValueError as exc:
            problem, params = (
                exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else ("invalid", {})
            )
            issues.append(Issue(problem, column=column, value=text, params=params))
            continue
        if column == "date":
            values.update(date=value[0], year=value[1])
        else:
            values[column] = value
    return values, issues


def check_row(kind: str, cells: dict[str, str], cities: pd.DataFrame) -> ValidationReport:
    """One row of ``kind`` checked exactly as an imported file's row is (cities resolved
    among ``cities``, self-loops refused); ``records`` holds it when it is accepted."""
    report = ValidationReport(accepted=False, kind=kind, rows=1)
    cleaned = {k: _clean(cell_text(v)) for k, v in cells.items()}
    record = _check_row(kind, None, cleaned, _CityResolver(cities), report)
    if record is not None:
        report.records = [record]
    report.accepted = record is not None and not report.errors
    return report


# --- writing --------------------------------------------------------------------------

_TIE_FIELDS = ("relation", "status", "since", "evidence", "sources", "note")


def import_file(
    store: Store,
    data: bytes,
    who: str,
    dry_run: bool = False,
    filename: str = "",
    before_write: Callable[[], object] | None = None,
    description: str = "",
) -> ValidationReport:
    """Validate ``data`` and, when accepted and not ``dry_run``, store it all at once.

    New ties and exchanges get ``origin='user'``; a tie for a pair already stored is
    updated (its version goes up). Exchanges already stored (same pair, date, kind and
    title) are left alone and reported. The whole import and its record of changes are
    one transaction: when anything fails, nothing stored changes. ``before_write`` (e.g.
    an automatic backup) runs once the file is accepted, before anything is written.
    ``description`` (from :func:`graph.i18n.changelog.batch_description`) replaces the
    change log's default description of the import.
    """
    report = validate(data, store.cities())
    if not report.accepted:
        return report
    if before_write is not None and not dry_run:
        before_write()
    with store.engine.connect() as conn:
        transaction = conn.begin()
        try:
            report.batch_id = record_batch(
                conn,
                who,
                "import",
                description
                or batch_description(
                    "import_file" if filename else "import",
                    kind=report.kind,
                    rows=report.rows,
                    **({"file": filename} if filename else {}),
                ),
            )
            if report.kind == "ties":
                _write_ties(conn, report)
            else:
                _write_exchanges(conn, report)
            if report.errors:
                transaction.rollback()
                report.batch_id = None
                report.accepted = False
            elif dry_run or not (report.inserted or report.updated):
                transaction.rollback()  # a dry run, or nothing new: no empty batch
                report.batch_id = None
            else:
                transaction.commit()
        except (_Concurrent, sa.exc.IntegrityError) as exc:
            # another editor wrote the same rows at the same moment: nothing is stored
            transaction.rollback()
            report.accepted = False
            report.batch_id = None
            report.inserted = report.updated = report.unchanged = 0
            row = exc.row if isinstance(exc, _Concurrent) else None
            report.errors.append(Issue("conflict", row=row))
        except BaseException:
            transaction.rollback()
            raise
    return report


def _write_ties(conn: sa.Connection, report: ValidationReport) -> None:
    for record in report.records:
        values = {k: v for k, v in record.items() if not k.startswith("_")}
        current = (
            conn.execute(sa.select(ties_table).where(ties_table.c.pair_key == values["pair_key"]))
            .mappings()
            .first()
        )
        if current is None:
            result = conn.execute(
                ties_table.insert().values(
                    **values, origin=Origin.USER.value, one_sided=False, version=1
                )
            )
            tie_id = result.inserted_primary_key[0]
            after = row_image(
                conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == tie_id))
                .mappings()
                .first()
            )
            record_change(conn, report.batch_id, "ties", values["pair_key"], "insert", None, after)
            report.inserted += 1
            continue
        before = row_image(current)
        new = {f: values[f] for f in _TIE_FIELDS if f in record.get("_given", _TIE_FIELDS)}
        if "sources" in new:  # sources add up: a file's links join the stored ones
            stored = json.loads(before["sources"] or "[]")
            added = [u for u in json.loads(new["sources"]) if u not in stored]
            new["sources"] = json.dumps(stored + added, ensure_ascii=False)
        if all(before[f] == new[f] for f in new):
            report.unchanged += 1
            report.warnings.append(Issue("warn.already_stored", row=record["_rows"][0]))
            continue
        updated = conn.execute(
            ties_table.update()
            .where(ties_table.c.tie_id == before["tie_id"])
            .where(ties_table.c.version == before["version"])  # nobody changed it meanwhile
            .values(**new, origin=Origin.USER.value, version=before["version"] + 1)
        ).rowcount
        if updated != 1:
            raise _Concurrent(record["_rows"][0])
        after = row_image(
            conn.execute(sa.select(ties_table).where(ties_table.c.tie_id == before["tie_id"]))
            .mappings()
            .first()
        )
        record_change(conn, report.batch_id, "ties", values["pair_key"], "update", before, after)
        report.updated += 1
        report.warnings.append(Issue("warn.updates_tie", row=record["_rows"][0]))


def _write_exchanges(conn: sa.Connection, report: ValidationReport) -> None:
    pairs = {r["pair_key"] for r in report.records}
    stored = set()
    for start in range(0, len(pairs), 500):
        chunk = sorted(pairs)[start : start + 500]
        query = sa.select(
            exchanges_table.c.pair_key,
            exchanges_table.c.date,
            exchanges_table.c.kind,
            exchanges_table.c.title,
        ).where(exchanges_table.c.pair_key.in_(chunk))
        for row in conn.execute(query):
            stored.add("|".join([row.pair_key, row.date or "", row.kind, fold(row.title)]))
    for record in report.records:
        if _record_key("exchanges", record) in stored:
            report.unchanged += 1
            report.warnings.append(Issue("warn.already_stored", row=record["_rows"][0]))
            continue
        values = {k: v for k, v in record.items() if not k.startswith("_")}
        result = conn.execute(exchanges_table.insert().values(**values, origin=Origin.USER.value))
        exchange_id = result.inserted_primary_key[0]
        after = row_image(
            conn.execute(
                sa.select(exchanges_table).where(exchanges_table.c.exchange_id == exchange_id)
            )
            .mappings()
            .first()
        )
        record_change(conn, report.batch_id, "exchanges", str(exchange_id), "insert", None, after)
        report.inserted += 1


# --- templates and export -------------------------------------------------------------


def template(kind: str) -> bytes:
    """A CSV template (UTF-8 with BOM, so Excel shows Persian) with one example row."""
    if kind == "ties":
        header = TIE_COLUMNS + ("country_a", "country_b")
        example = (
            "Tehran",
            "Kazan",
            "sister",
            "signed",
            "2019",
            "official",
            "https://example.org/agreement",
            "",
            "IR",
            "RU",
        )
    elif kind == "exchanges":
        header = EXCHANGE_COLUMNS + ("country_a", "country_b")
        example = (
            "تهران",
            "Kazan",
            "1398/05/12",
            "cultural",
            "2",
            "Week of culture",
            "https://example.org/news",
            "news",
            "",
            "IR",
            "RU",
        )
    else:
        raise ValueError(f"kind must be 'ties' or 'exchanges', not {kind!r}")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow(example)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _export_frames(
    store: Store, scope: str, iran_cities: Iterable[str] = ()
) -> dict[str, pd.DataFrame]:
    cities = store.cities()
    ties = store.ties(scope)
    chosen = set(map(str, iran_cities))
    if chosen:
        ties = ties[ties["city_a"].isin(chosen) | ties["city_b"].isin(chosen)]
    names = cities.set_index("city_id")[["name_en", "name_fa", "country"]]
    ties = ties.drop(columns=["unverified"], errors="ignore")
    ties["sources"] = ties["sources"].map(lambda s: " | ".join(s))
    for side in ("a", "b"):
        ties[f"name_{side}"] = ties[f"city_{side}"].map(names["name_en"])
        ties[f"country_{side}"] = ties[f"city_{side}"].map(names["country"])
    exchanges = store.exchanges()
    kept = set(ties["city_a"]) | set(ties["city_b"])
    if scope == "iran":
        iranian = set(cities.loc[cities["country"] == "IR", "city_id"])
        exchanges = exchanges[exchanges["city_a"].isin(iranian) | exchanges["city_b"].isin(iranian)]
    if chosen:
        exchanges = exchanges[exchanges["city_a"].isin(chosen) | exchanges["city_b"].isin(chosen)]
    kept |= set(exchanges["city_a"]) | set(exchanges["city_b"])
    for side in ("a", "b"):
        exchanges[f"name_{side}"] = exchanges[f"city_{side}"].map(names["name_en"])
    return {
        "ties": ties.reset_index(drop=True),
        "exchanges": exchanges.reset_index(drop=True),
        "cities": cities[cities["city_id"].isin(kept)]
        .drop(columns=["iranian"])
        .reset_index(drop=True),
    }


def _safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.map(neutralise)


def export_data(
    store: Store,
    fmt: str,
    scope: str = "iran",
    table: str = "ties",
    iran_cities: Iterable[str] = (),
) -> bytes:
    """The data of ``scope`` as ``csv`` (one ``table``: ties, exchanges or cities),
    ``xlsx`` (ties, exchanges, cities sheets), ``geojson`` (city points and tie lines) or
    ``graphml`` (the tie network). ``iran_cities`` (city ids) keeps only the ties and
    exchanges of those cities, as the pages' sidebar filter does."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if table not in EXPORT_TABLES:
        raise ValueError(f"table must be one of {', '.join(EXPORT_TABLES)}, not {table!r}")
    frames = _export_frames(store, scope, iran_cities)
    if fmt == "csv":
        return ("\ufeff" + _safe_frame(frames[table]).to_csv(index=False)).encode("utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        for name, frame in frames.items():
            sheet = book.create_sheet(name)
            safe = _safe_frame(frame)
            sheet.append([str(c) for c in safe.columns])
            for row in safe.itertuples(index=False):
                sheet.append([_xlsx_value(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
    if fmt == "geojson":
        return json.dumps(_geojson(frames), ensure_ascii=False).encode("utf-8")
    return _graphml(frames)


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, int | float | str | bool):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if value is pd.NA:
        return None
    return value


def _geojson(frames: dict[str, pd.DataFrame]) -> dict:
    cities = frames["cities"].set_index("city_id", drop=False)
    features = []
    for row in cities.to_dict("records"):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                "properties": {k: _plain(v) for k, v in row.items() if k not in ("lat", "lon")}
                | {"feature": "city"},
            }
        )
    for row in frames["ties"].to_dict("records"):
        if row["city_a"] not in cities.index or row["city_b"] not in cities.index:
            continue
        a, b = cities.loc[row["city_a"]], cities.loc[row["city_b"]]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[a["lon"], a["lat"]], [b["lon"], b["lat"]]],
                },
                "properties": {k: _plain(v) for k, v in row.items()} | {"feature": "tie"},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _graphml(frames: dict[str, pd.DataFrame]) -> bytes:
    import networkx as nx

    graph = nx.Graph()
    for row in frames["cities"].to_dict("records"):
        graph.add_node(row["city_id"], **_graphml_attrs(row, skip=("city_id",)))
    for row in frames["ties"].to_dict("records"):
        graph.add_edge(
            row["city_a"], row["city_b"], **_graphml_attrs(row, skip=("city_a", "city_b"))
        )
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()


def _graphml_attrs(row: dict, skip: Iterable[str]) -> dict:
    attrs = {}
    for key, value in row.items():
        if key in skip:
            continue
        value = _plain(value)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            value = " | ".join(map(str, value))
        if not isinstance(value, int | float | str | bool):
            value = str(value)
        attrs[key] = value
    return attrs
