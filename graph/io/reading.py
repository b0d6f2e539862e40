"""Reading an uploaded file into a table of text cells.

The bytes of a CSV or XLSX file become rows of cleaned text: the encoding is found
(UTF-8 with or without BOM, UTF-16, Windows-1256), the CSV delimiter guessed, binary or
oversized content refused (:class:`Rejected`, carrying the :class:`~graph.io.report.Issue`),
a TSV file's query-service literals unwrapped (``"Tehran"@en`` is Tehran), and a JSON
adjacency list flattened to one row per pair (:func:`read_json`). Which column holds what
is :mod:`graph.io.mapping`'s to say.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import time
import zipfile
from typing import Any

from graph.io.report import Issue
from graph.settings import default

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_SECONDS",
    "MAX_SHARED_STRINGS",
    "MAX_TEXT_BYTES",
    "MAX_UNPACKED",
    "Rejected",
    "check_workbook",
    "cell_value",
    "decode",
    "read_csv",
    "read_header",
    "read_json",
    "read_table",
    "read_xlsx",
]

MAX_BYTES = default("import_max_bytes")
MAX_ROWS = default("import_max_rows")
MAX_COLUMNS = default("import_max_columns")
MAX_CELLS = default("import_max_cells")
MAX_UNPACKED = default("import_max_unpacked")
MAX_SHARED_STRINGS = default("import_max_shared_strings")
MAX_TEXT_BYTES = default("import_max_text_bytes")
MAX_SECONDS = default("import_max_seconds")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# a TSV cell as the Wikidata query service writes it: "Tehran"@en, <http://...Q3616>
_LITERAL_SAMPLE = re.compile(r'(^|\t)"[^"\t]*"@[a-zA-Z-]+(\t|$)', re.MULTILINE)
_LITERAL = re.compile(r'^"(.*)"(?:@[a-zA-Z-]+|\^\^<[^>]*>)?$', re.DOTALL)


def _unwrap(cell: str) -> str:
    """A query-service TSV cell's value: ``"Tehran"@en`` -> Tehran, ``<http://x>`` -> http://x."""
    text = cell.strip()
    m = _LITERAL.match(text)
    if m:
        return m.group(1).replace('\\"', '"')
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    return cell


class Rejected(Exception):
    """The file cannot be read at all; ``issue`` says why."""

    def __init__(self, issue: Issue):
        self.issue = issue


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the zero bytes fall on one side of each byte pair
    only (the high byte of the ASCII letters, digits, commas and line ends), else None."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    if not pairs:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd >= max(2, pairs // 10) and even == 0:
        return "utf-16-le"
    if even >= max(2, pairs // 10) and odd == 0:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """BOM first, then UTF-16 without BOM (told by its zero bytes), UTF-8, then
    Windows-1256; binary content is refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise Rejected(Issue("encoding")) from None
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise Rejected(Issue("binary"))
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise Rejected(Issue("binary")) from None
        if "\x00" in text:
            raise Rejected(Issue("binary"))
        return text, encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise Rejected(Issue("encoding")) from None
    return text, "cp1256"


class _Limits:
    """The bounds of one reading: rows that hold something, cells, and the time taken."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.rows = 0
        self.cells = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise Rejected(Issue("too_slow", params={"seconds": int(MAX_SECONDS)}))

    def row(self, number: int, cells: list[str]) -> list[str] | None:
        """``cells`` as kept (None for an empty row, which is not counted), or Rejected."""
        self.cells += len(cells)
        if self.cells > MAX_CELLS:
            raise Rejected(Issue("too_many_cells", params={"n": MAX_CELLS}))
        if not any(c.strip() for c in cells):
            return None
        if len(cells) > MAX_COLUMNS:
            while cells and not cells[-1].strip():
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise Rejected(Issue("too_many_columns", row=number, params={"n": MAX_COLUMNS}))
        self.rows += 1
        if self.rows > MAX_ROWS + 1:  # the header and MAX_ROWS data rows
            raise Rejected(Issue("too_many_rows", params={"n": MAX_ROWS}))
        return cells


def read_csv(text: str) -> list[tuple[int, list[str]]]:
    """The non-empty rows of CSV text with their numbers (1 = the first line's record);
    the delimiter (comma, semicolon or tab) is the first line's."""
    if _CONTROL.search(text):
        raise Rejected(Issue("binary"))
    sample = text[:4096]
    delimiter = ","
    first = sample.splitlines()[0] if sample.splitlines() else ""
    if first.count(";") > first.count(",") and first.count(";") >= first.count("\t"):
        delimiter = ";"
    elif first.count("\t") > first.count(","):
        delimiter = "\t"
    # a long cell is read whole and reported by the rules as too long, with its row and
    # column; the file's size bounds it (csv's own limit would call it a quoting error)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    literals = delimiter == "\t" and _LITERAL_SAMPLE.search(sample) is not None
    quoting = csv.QUOTE_NONE if literals else csv.QUOTE_MINIMAL
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, strict=True, quoting=quoting
    )
    limits = _Limits()
    rows = []
    try:
        for number, row in enumerate(reader, start=1):
            if number % 4096 == 0:
                limits.tick()
            if literals:
                row = [_unwrap(cell) for cell in row]
            kept = limits.row(number, row)
            if kept is not None:
                rows.append((number, kept))
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


def _scan_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: _Limits
) -> int:
    """Unpack one XML part in chunks without keeping it: refuse it when it unpacks to more
    than ``budget`` bytes, holds a text longer than MAX_TEXT_BYTES or too many shared
    strings; return the bytes it unpacked to."""
    read = 0
    run = 0  # bytes since the last "<": the text of one cell (or one tag)
    strings = 0
    carry = b""
    shared = info.filename.lower().endswith("sharedstrings.xml")
    with archive.open(info) as part:
        while chunk := part.read(1 << 20):
            limits.tick()
            read += len(chunk)
            if read > budget:
                raise Rejected(Issue("unpacked_too_big", params={"mb": MAX_UNPACKED >> 20}))
            pieces = chunk.split(b"<")
            run += len(pieces[0])
            longest = max(run, max(map(len, pieces[1:-1]), default=0))
            if len(pieces) > 1:
                run = len(pieces[-1])
            if max(longest, run) > MAX_TEXT_BYTES:
                raise Rejected(Issue("too_long", params={"n": MAX_TEXT_BYTES // 4}))
            if shared:
                joined = carry + chunk
                strings += joined.count(b"<si>") + joined.count(b"<si ")
                strings -= carry.count(b"<si>") + carry.count(b"<si ")
                carry = chunk[-3:]
                if strings > MAX_SHARED_STRINGS:
                    raise Rejected(Issue("too_many_cells", params={"n": MAX_SHARED_STRINGS}))
    return read


def check_workbook(data: bytes) -> None:
    """Refuse a workbook by what it really holds before openpyxl opens it: its parts'
    declared and actual unpacked sizes, the longest text and the shared strings."""
    limits = _Limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > MAX_UNPACKED:
                raise Rejected(Issue("unpacked_too_big", params={"mb": MAX_UNPACKED >> 20}))
            budget = MAX_UNPACKED
            for info in members:
                if info.filename.lower().endswith((".xml", ".rels")):
                    budget -= _scan_part(archive, info, budget, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise Rejected(Issue("xlsx", value="zip")) from None


def read_xlsx(data: bytes) -> list[tuple[int, list[str]]]:
    """The non-empty rows of a workbook's first sheet, as text, with their row numbers."""
    check_workbook(data)
    from openpyxl import load_workbook  # heavy: loaded on the first XLSX file

    limits = _Limits()
    rows = []
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # the rows the sheet holds, not the size it claims
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number % 256 == 0:
                    limits.tick()
                kept = limits.row(number, [cell_value(v) for v in values])
                if kept is not None:
                    rows.append((number, kept))
        finally:
            book.close()
    except Rejected:
        raise
    except Exception as exc:  # a broken workbook can fail in many ways inside openpyxl
        raise Rejected(Issue("xlsx", value=type(exc).__name__)) from None
    return rows


# the keys a JSON entry lists its partners under, and a partner's own keys
_PARTNER_LISTS = ("sisters", "sister_cities", "partners", "twins", "twin_towns", "ties",
                  "jumelages", "villes_jumelles", "partenaires", "adjacency", "links",
                  "خواهرخوانده‌ها", "شرکا", "پیوندها")  # fmt: skip
_JSON_EXAMPLES = {
    "example": '{"city": "Tehran", "sisters": ["Kazan"]}',
    "whole": '{"Tehran": ["Kazan"]}',
}
# objects, lists and values a JSON file may hold per pair (a partner with its own city,
# country, relation, status, since, sources and note needs about ten)
_JSON_TOKENS_PER_ROW = 25
_SIDE_B = {"city_a": "city_b", "country_a": "country_b", "lat_a": "lat_b", "lon_a": "lon_b"}


def _scalar(value: Any) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)[:200]
    return "" if value is None else cell_value(value)


def _partner_key(key: str) -> str:
    """The header of a partner's own key: its city and country are side b's."""
    from graph.io.mapping import guess_column

    column = guess_column(key)
    return _SIDE_B.get(column or "", key if column is None else column)


def _json_pairs(document: Any) -> list[tuple[dict[str, Any], Any]]:
    """(the entry's own values, one partner) for every pair of an adjacency list:
    ``{"Tehran": ["Kazan", ...]}``, ``{"Tehran": [{"city": "Kazan", ...}]}``,
    ``[{"city": "Tehran", "sisters": [...]}]`` or networkx's ``adjacency_data``."""
    if isinstance(document, dict) and isinstance(document.get("adjacency"), list):
        nodes = document.get("nodes") or []
        pairs = []
        for node, partners in zip(nodes, document["adjacency"], strict=False):
            own = node if isinstance(node, dict) else {"id": node}
            own = {("city" if k == "id" else k): v for k, v in own.items()}
            for partner in partners if isinstance(partners, list) else []:
                if isinstance(partner, dict):
                    partner = {("city" if k == "id" else k): v for k, v in partner.items()}
                pairs.append((own, partner))
        return pairs
    if isinstance(document, dict):
        return [
            ({"city": city}, partner)
            for city, partners in document.items()
            for partner in (partners if isinstance(partners, list) else [partners])
        ]
    pairs = []
    for number, entry in enumerate(document if isinstance(document, list) else [], start=1):
        if not isinstance(entry, dict):
            raise Rejected(
                Issue("json_shape", row=number, value=_scalar(entry), params=_JSON_EXAMPLES)
            )
        listed = [k for k in entry if isinstance(entry[k], list)]
        key = next((k for k in listed if k.casefold() in _PARTNER_LISTS), None)
        key = key or (listed[0] if len(listed) == 1 else None)
        if key is None:  # one pair per entry: {"city_a": ..., "city_b": ...}
            pairs.append(({k: v for k, v in entry.items()}, None))
            continue
        own = {k: v for k, v in entry.items() if k != key}
        pairs += [(own, partner) for partner in entry[key]]
    return pairs


def read_json(text: str) -> list[tuple[int, list[str]]]:
    """A JSON adjacency list as a table: a header row (numbered 0) and one row per pair,
    numbered from 1 in reading order; an entry's own keys keep their names, a partner's
    city and country become side b's (``city_b``, ``country_b``)."""
    # what the decoded document may hold is bounded before decoding: each object, list
    # and value beyond the first is opened by one of these characters
    if sum(text.count(c) for c in "{[,") > MAX_ROWS * _JSON_TOKENS_PER_ROW:
        raise Rejected(Issue("too_many_rows", params={"n": MAX_ROWS}))
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Rejected(Issue("json", row=exc.lineno, value=exc.msg)) from None
    except RecursionError:
        raise Rejected(Issue("json", value="nested too deeply")) from None
    limits = _Limits()
    header: list[str] = []
    cells: list[dict[str, str]] = []
    for number, (own, partner) in enumerate(_json_pairs(document), start=1):
        if number % 4096 == 0:
            limits.tick()
        row = {str(k): _scalar(v) for k, v in own.items()}
        if isinstance(partner, dict):
            row |= {_partner_key(str(k)): _scalar(v) for k, v in partner.items()}
        elif partner is not None:
            row["city_b"] = _scalar(partner)
        for key in row:
            if key not in header:
                header.append(key)
                if len(header) > MAX_COLUMNS:
                    raise Rejected(Issue("too_many_columns", row=number, params={"n": MAX_COLUMNS}))
        cells.append(row)
        limits.row(number, list(row.values()))
    if not cells:
        raise Rejected(Issue("empty"))
    return [(0, header)] + [
        (number, [row.get(k, "") for k in header]) for number, row in enumerate(cells, start=1)
    ]


def read_table(data: bytes) -> tuple[list[tuple[int, list[str]]], str]:
    """The non-empty rows of an uploaded CSV, TSV, XLSX or JSON file, each with its row
    number, and the file's encoding (``xlsx`` for a workbook, ``json`` for JSON)."""
    if len(data) > MAX_BYTES:
        raise Rejected(Issue("too_big", params={"mb": MAX_BYTES // (1024 * 1024)}))
    if not data.strip():
        raise Rejected(Issue("empty"))
    if data[:4] == b"PK\x03\x04":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise Rejected(Issue("xlsx", value="zip"))
        return read_xlsx(data), "xlsx"
    text, encoding = decode(data)
    if text.lstrip()[:1] in ("{", "["):
        return read_json(text), "json"
    return read_csv(text), encoding


def read_header(row: list[str]) -> tuple[list[str | None], list[str]]:
    """The column each header cell names (None: unknown or repeated), and the unknown ones
    (guessed from the header's words: :func:`graph.io.mapping.map_columns`)."""
    from graph.io.mapping import map_columns

    mapped = map_columns(row)
    return mapped.names, mapped.unknown
