"""Reading a hostile file is bounded by what it really holds, not by what it claims.

Each workbook is written by hand into a zip file (the XML parts a spreadsheet program
writes), so a test can make one claim a huge sheet, hold a million shared strings or one
enormous cell. The bombs built here are read in a fresh interpreter under a memory limit
by the hostile-file corpus (test_hostile_corpus.py), which measures them.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from graph.io.importer import validate

CITIES = pd.DataFrame(columns=["city_id", "name_en", "name_fa", "country", "population"])

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = '<row r="1">' + "".join(
    _cell(f"{col}1", name)
    for col, name in zip("ABC", ("city_a", "city_b", "relation"), strict=True)
) + "</row>"


def write_workbook(path: Path, sheet_parts, shared_parts=("",), shared_count: int = 0) -> Path:
    """A workbook whose sheet and shared strings are the given XML pieces, streamed into
    the archive so that a part of hundreds of megabytes never sits in memory here."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, head, parts, tail in (
            ("xl/worksheets/sheet1.xml", f"<worksheet {_NS}>", sheet_parts, "</worksheet>"),
            (
                "xl/sharedStrings.xml",
                f'<sst {_NS} count="{shared_count}" uniqueCount="{shared_count}">',
                shared_parts,
                "</sst>",
            ),
        ):
            with archive.open(name, "w", force_zip64=True) as part:
                part.write(b'<?xml version="1.0" encoding="UTF-8"?>' + head.encode())
                for piece in parts:
                    part.write(piece.encode() if isinstance(piece, str) else piece)
                part.write(tail.encode())
    return path


def _dimension_bomb(path: Path) -> Path:
    """2 KB that claims a sheet of A1:XFD1048576 (17 billion cells) and holds a header
    and one cell, at XFD1048576."""
    last = '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>"
    return write_workbook(
        path,
        ['<dimension ref="A1:XFD1048576"/><sheetData>', HEADER_ROW, last, "</sheetData>"],
    )


def _shared_strings_bomb(path: Path) -> Path:
    """Three million distinct-looking shared strings (about 50 MB unpacked)."""
    chunk = "<si><t>x</t></si>" * 100_000
    return write_workbook(
        path,
        ["<sheetData>", HEADER_ROW, "</sheetData>"],
        shared_parts=[chunk] * 30,
        shared_count=3_000_000,
    )


def _single_cell_bomb(path: Path) -> Path:
    """One shared string of 60 MB, used by one cell."""
    block = b"A" * (1 << 20)
    return write_workbook(
        path,
        ["<sheetData>", HEADER_ROW, '<row r="2"><c r="A2" t="s"><v>0</v></c></row></sheetData>'],
        shared_parts=[b"<si><t>", *([block] * 60), b"</t></si>"],
        shared_count=1,
    )


def _declared_bomb(path: Path) -> Path:
    """A part that unpacks to 200 MB (the archive declares it, so it is refused unread)."""
    block = b"<!--" + b"-" * (1 << 20) + b"-->"
    return write_workbook(path, ["<sheetData>", HEADER_ROW, *([block] * 200), "</sheetData>"])


def _empty_lines(path: Path) -> Path:
    path.write_bytes(b"city_a,city_b,relation\n" + b"\n" * 1_000_000 + b",,sister\n")
    return path


def test_empty_lines_are_not_rows() -> None:
    data = b"city_a,city_b,relation\n" + b"\n" * 30_000 + b"Tehran,Kazan,sister\n"
    report = validate(data, CITIES)
    assert "too_many_rows" not in [i.problem for i in report.errors]
    assert report.rows == 1
    assert {i.row for i in report.errors} == {30_002}  # the row as the file numbers it


def test_an_empty_row_in_a_workbook_keeps_the_rows_numbers(tmp_path) -> None:
    path = write_workbook(tmp_path / "gap.xlsx", [
        "<sheetData>", HEADER_ROW,
        '<row r="5">' + _cell("A5", "Tehran") + _cell("B5", "Kazan") + _cell("C5", "sister")
        + "</row></sheetData>",
    ])
    report = validate(path.read_bytes(), CITIES)
    assert report.rows == 1
    assert {i.row for i in report.errors} == {5}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(encoding) -> None:
    data = "city_a,city_b,relation\nتهران,Kazan,sister\n".encode(encoding)
    report = validate(data, CITIES)
    assert report.encoding == encoding
    assert "binary" not in [i.problem for i in report.errors]
    assert report.rows == 1


def test_binary_content_is_still_refused() -> None:
    report = validate(bytes(range(256)) * 40, CITIES)
    assert [i.problem for i in report.errors] == ["binary"]


def test_a_very_long_cell_is_reported_as_too_long_with_its_row_and_column() -> None:
    data = ("city_a,city_b,relation,note\nTehran,Kazan,sister," + "x" * 200_000 + "\n").encode()
    report = validate(data, CITIES)
    problems = [(i.problem, i.row, i.column) for i in report.errors]
    assert ("too_long", 2, "note") in problems
    assert "quoting" not in [p for p, _, _ in problems]


def test_a_row_too_wide_is_refused_with_its_row() -> None:
    data = b"city_a,city_b,relation\n" + b"a," * 500 + b"b\n"
    report = validate(data, CITIES)
    assert [(i.problem, i.row) for i in report.errors] == [("too_many_columns", 2)]


def test_a_part_whose_declared_size_lies_is_refused(tmp_path) -> None:
    """A sheet part that unpacks to 100 MB but declares 2 KB is stopped at what it
    declares (and refused as a damaged workbook), never unpacked whole."""
    path = tmp_path / "lying.xlsx"
    block = b"<!--" + b"-" * (1 << 20) + b"-->"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f"<worksheet {_NS}><sheetData>{HEADER_ROW}".encode() + block * 100
            + b"</sheetData></worksheet>",
        )
        real = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    data = bytearray(path.read_bytes())
    size = real.to_bytes(4, "little")
    lie = (2048).to_bytes(4, "little")
    assert data.count(size) >= 2
    data = data.replace(size, lie)  # in the local header and in the central directory
    report = validate(bytes(data), CITIES)
    assert [i.problem for i in report.errors] == ["xlsx"]
