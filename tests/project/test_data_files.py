"""The files in data/ agree with data/README.md: documented, present, counted, well formed.

Reads only the repository's own data/ folder (no network, no pandas).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
README = DATA / "README.md"

# Expected header of each CSV file, written as the file's first line.
CITY_COLUMNS = (
    "geonameid,name,name_fa,country,lat,lon,population,geonames_name,match,"
    "in_iran_file,in_world_file,scraped_lat,scraped_lon,note"
)
EXPECTED_HEADERS: dict[str, list[str]] = {
    name: header.split(",")
    for name, header in {
        "sister_cities_iran.csv": (
            "city_a,country_a,city_b,country_b,relation,status,year,source,note,"
            "name_fa,name_fa_b,n_sources,evidence"
        ),
        "sister_cities_world.csv": (
            "city_a,country_a,city_b,country_b,relation,year,source,note,"
            "country_a_name,country_b_name,lat_a,lon_a,lat_b,lon_b"
        ),
        "cities.csv": CITY_COLUMNS,
        "cities_extra.csv": CITY_COLUMNS,
        "city_names_fa.csv": "geonameid,name,country,name_fa,check,note",
        "exchanges_iran.csv": (
            "city_a,country_a,city_b,country_b,date,kind,title,intensity,source,"
            "evidence,relation_status,geonameid_a,geonameid_b,note"
        ),
        "flight_links.csv": (
            "city_a,country_a,city_b,country_b,geonameid_a,geonameid_b,routes,"
            "routes_codeshare,airlines,airports_a,airports_b,match_by_distance,source"
        ),
    }.items()
}
GEOJSON_FILES = ["countries_110m.geojson", "countries_50m.geojson"]
# Licence texts that travel with the data they cover (no row count).
LICENCE_FILES = ["LICENSE_OpenFlights_ODbL.txt"]

SECTION_RE = re.compile(r"^##\s+`([^`]+)`\s*$", re.MULTILINE)
TABLE_ROW_RE = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([\d,]+|–)\s*\|")


def _readme() -> str:
    return README.read_text(encoding="utf-8") if README.is_file() else ""


def _documented_sections() -> list[str]:
    return SECTION_RE.findall(_readme())


def _overview_counts() -> dict[str, int | None]:
    """Parse the table under '## Overview': file name -> stated row/feature count."""
    text = _readme()
    start = text.find("## Overview")
    assert start != -1, "data/README.md has no '## Overview' section"
    end = text.find("\n## ", start + 1)
    counts = {}
    for line in text[start : end if end != -1 else None].splitlines():
        m = TABLE_ROW_RE.match(line)
        if m:
            stated = m.group(2)
            counts[m.group(1)] = None if stated == "–" else int(stated.replace(",", ""))
    return counts


def _data_entries() -> list[str]:
    return sorted(
        p.name for p in DATA.iterdir() if p.name != "README.md" and not p.name.startswith(".")
    )


def _csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    # Strict UTF-8 decoding: a bad byte raises UnicodeDecodeError and fails the test.
    with path.open(encoding="utf-8", errors="strict", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


def test_readme_exists() -> None:
    assert README.is_file(), "data/README.md is missing"


def test_expectations_cover_exactly_the_data_files() -> None:
    # Keeps this test's tables in step with the folder.
    known = {*EXPECTED_HEADERS, *GEOJSON_FILES, *LICENCE_FILES}
    present = set(_data_entries())
    assert not present - known, f"no expectations in this test for {sorted(present - known)}"
    assert not known - present, f"missing from data/: {sorted(known - present)}"


@pytest.mark.parametrize("name", _data_entries())
def test_every_data_file_is_documented(name: str) -> None:
    assert name in _documented_sections(), (
        f"data/{name} has no '## `{name}`' section in data/README.md"
    )


@pytest.mark.parametrize("name", _documented_sections())
def test_every_documented_file_exists(name: str) -> None:
    assert (DATA / name).is_file(), f"data/README.md documents {name}, which is not in data/"


def test_overview_table_lists_every_data_file() -> None:
    listed = set(_overview_counts())
    present = set(_data_entries())
    assert not present - listed, f"not in the overview table: {sorted(present - listed)}"
    assert not listed - present, f"listed but not in data/: {sorted(listed - present)}"


@pytest.mark.parametrize("name", sorted(EXPECTED_HEADERS))
def test_csv_row_count_matches_readme(name: str) -> None:
    stated = _overview_counts().get(name)
    assert stated is not None, f"{name} is missing from the overview table of data/README.md"
    _, rows = _csv_rows(DATA / name)
    assert len(rows) == stated, f"{name}: README says {stated} rows, file has {len(rows)}"


@pytest.mark.parametrize("name", GEOJSON_FILES)
def test_geojson_feature_count_matches_readme(name: str) -> None:
    stated = _overview_counts().get(name)
    assert stated is not None, f"{name} is missing from the overview table of data/README.md"
    with (DATA / name).open(encoding="utf-8") as fh:
        doc = json.load(fh)
    assert doc["type"] == "FeatureCollection"
    n = len(doc["features"])
    assert n == stated, f"{name}: README says {stated} features, file has {n}"


@pytest.mark.parametrize(("name", "expected"), sorted(EXPECTED_HEADERS.items()))
def test_csv_is_utf8_with_expected_header(name: str, expected: list[str]) -> None:
    raw = (DATA / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name} starts with a byte-order mark"
    header, rows = _csv_rows(DATA / name)
    assert header == expected
    ragged = [i + 2 for i, row in enumerate(rows) if len(row) != len(expected)]
    assert not ragged, f"{name}: wrong number of fields on lines {ragged[:10]}"


@pytest.mark.parametrize("name", _data_entries())
def test_no_git_lfs_pointer(name: str) -> None:
    path = DATA / name
    if path.is_file():
        with path.open("rb") as fh:
            head = fh.read(64)
        assert not head.startswith(b"version https://git-lfs"), f"{name} is a Git LFS pointer"
