"""Reading an uploaded file into a table of text cells.

The bytes of a CSV or XLSX file become rows of cleaned text: the encoding is found
(UTF-8 with or without BOM, UTF-16, Windows-1256), the CSV delimiter guessed, binary or
oversized content refused (:class:`Rejected`, carrying the :class:`~graph.io.report.Issue`),
and the header's English or Persian spellings mapped to the columns they name.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
from typing import Any

from graph.io.report import Issue
from graph.names import fold
from graph.settings import default

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "Rejected",
    "cell_value",
    "clean",
    "decode",
    "read_csv",
    "read_header",
    "read_table",
    "read_xlsx",
]

MAX_BYTES = default("import_max_bytes")
MAX_ROWS = default("import_max_rows")
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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


class Rejected(Exception):
    """The file cannot be read at all; ``issue`` says why."""

    def __init__(self, issue: Issue):
        self.issue = issue


def decode(data: bytes) -> tuple[str, str]:
    """BOM first, then UTF-8, then Windows-1256; binary content is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Rejected(Issue("encoding")) from None
    if b"\x00" in data:
        raise Rejected(Issue("binary"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise Rejected(Issue("encoding")) from None
    return text, "cp1256"


def read_csv(text: str) -> list[list[str]]:
    """The rows of CSV text; the delimiter (comma, semicolon or tab) is the first line's."""
    if _CONTROL.search(text):
        raise Rejected(Issue("binary"))
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
                raise Rejected(Issue("too_many_rows", params={"n": MAX_ROWS}))
    except csv.Error as exc:
        raise Rejected(
            Issue("quoting", row=reader.line_num, value=str(exc)[:120], params={})
        ) from None
    return rows


def cell_value(value: Any) -> str:
    """A spreadsheet cell's value as text: dates in ISO form, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes) -> list[list[str]]:
    """The rows of a workbook's first sheet, as text."""
    from openpyxl import load_workbook  # heavy: loaded on the first XLSX file

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([cell_value(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                raise Rejected(Issue("too_many_rows", params={"n": MAX_ROWS}))
        book.close()
    except Rejected:
        raise
    except Exception as exc:  # a broken workbook can fail in many ways inside openpyxl
        raise Rejected(Issue("xlsx", value=type(exc).__name__)) from None
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    return rows


def read_table(data: bytes) -> tuple[list[list[str]], str]:
    """The rows of an uploaded CSV or XLSX file and its encoding (``xlsx`` for a workbook)."""
    if len(data) > MAX_BYTES:
        raise Rejected(Issue("too_big", params={"mb": MAX_BYTES // (1024 * 1024)}))
    if not data.strip():
        raise Rejected(Issue("empty"))
    if data[:4] == b"PK\x03\x04":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise Rejected(Issue("xlsx", value="zip"))
        return read_xlsx(data), "xlsx"
    text, encoding = decode(data)
    return read_csv(text), encoding


def clean(value: str) -> str:
    """A cell without control characters nor invisible direction overrides/isolates
    (U+202A-U+202E, U+2066-U+2069: an unclosed one flips the rest of a line wherever the
    text is shown); ZWNJ and the RLM/LRM marks Persian text uses are kept."""
    return _BIDI.sub("", _CONTROL.sub("", value)).strip()


def read_header(row: list[str]) -> tuple[list[str | None], list[str]]:
    """The column each header cell names (None: unknown or repeated), and the unknown ones."""
    names: list[str | None] = []
    unknown = []
    for cell in row:
        key = fold(clean(cell).lower()).replace("_", "")
        name = _HEADER.get(key)
        if name in names:
            name = None
        names.append(name)
        if name is None and clean(cell):
            unknown.append(clean(cell)[:40])
    return names, unknown
