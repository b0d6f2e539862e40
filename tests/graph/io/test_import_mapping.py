"""Importing other people's files: a column mapping (given or guessed from English,
Persian and French headers), TSV and JSON adjacency lists, countries by name, "City,
Region" cells, coordinates, repeated rows, file-wide source and relation.

The files in ``files/`` are written in the shapes councils bring: a Wikidata query
export (TSV, labels as ``"Tehran"@en``), a ``country, city, sister`` list with "Gering,
Nebraska" cells, French headers with longitude before latitude, a JSON adjacency list;
each with a twin holding bad rows. Stores written to are the six-city store of
``tests/builders.make_store`` plus the partner cities below, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from graph.cli.main import main
from graph.io.importer import import_file, validate
from graph.io.mapping import guess_column, map_columns, mapping_json, parse_map, read_mapping
from graph.io.reading import Rejected, read_table
from graph.io.rules import check_coordinates, split_place
from graph.places.countries import country_code
from graph.store.changes import batch_changes
from graph.store.schema import cities_table, pair_key, ties_table
from tests.builders import insert, make_city, make_store

FILES = Path(__file__).parent / "files"
# partners of the files, beside make_store's six cities (coordinates as GeoNames has them)
PARTNERS = [
    ("gering", "Gering", None, "US", 41.8258, -103.6605),
    ("kearney", "Kearney", None, "US", 40.69946, -99.08148),
    ("florence_it", "Florence", "فلورانس", "IT", 43.77925, 11.24626),
    ("florence_us", "Florence", None, "US", 40.11955, -74.80544),
    ("sofia", "Sofia", "صوفیه", "BG", 42.69751, 23.32415),
    ("lyon", "Lyon", "لیون", "FR", 45.74906, 4.84789),
]


def _store(url: str):
    store = make_store(url)
    insert(store, cities_table, [
        make_city(city_id=c[0], name_en=c[1], name_fa=c[2], country=c[3], lat=c[4], lon=c[5])
        for c in PARTNERS
    ])  # fmt: skip
    return store


@pytest.fixture(scope="module")
def cities():
    return _store("sqlite://").cities()


@pytest.fixture()
def partner_store(db_url):
    store = _store(db_url)
    yield store
    store.engine.dispose()


def _file(name: str) -> bytes:
    return (FILES / name).read_bytes()


def _stored_pairs(store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(sa.select(ties_table.c.pair_key)).scalars())


def _issues(report, kind: str = "errors") -> list[tuple]:
    return [(i["row"], i["column"], i["code"]) for i in report.to_dict()[kind]]


# --- the mapping ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("origincityLabel", "city_a"),
        ("origincountry", "country_a"),
        ("sistercityLabel", "city_b"),
        ("destination_countryLabel", "country_b"),
        ("ville_A_nom", "city_a"),
        ("ville_B_nom", "city_b"),
        ("ville_A_pays", "country_a"),
        ("ville_B_lon", "lon_b"),
        ("Ville A lat", "lat_a"),
        ("شهر خواهرخوانده", "city_b"),
        ("کشور مقصد", "country_b"),
        ("country", "country_a"),
        ("sister", "city_b"),
        ("city_a", "city_a"),
        ("population", None),
    ],
)
def test_headers_are_guessed_in_english_persian_and_french(header, column):
    assert guess_column(header) == column


def test_an_explicit_mapping_wins_and_a_label_wins_over_its_item():
    header = ["origincity", "origincityLabel", "partner", "twin_town", "notes"]
    guessed = map_columns(header)
    assert guessed.names[:2] == [None, "city_a"]  # the label, not the item's address
    assert guessed.names[2:4] == ["city_b", None]  # a column from one header only
    given = map_columns(header, {"city_b": "twin_town", "note": ""})
    assert given.names == [None, "city_a", None, "city_b", None]
    assert given.guessed == {"city_a"}
    assert given.unknown == ["origincity", "partner", "notes"]


def test_an_explicit_mapping_naming_what_the_file_lacks_is_located(cities):
    data = _file("wikidata_sister_cities.tsv")
    report = validate(data, cities, {"city_a": "originLabel", "town": "origincityLabel"})
    assert not report.accepted
    assert _issues(report) == [(1, "city_a", "map_header"), (1, "town", "map_column")]
    shown = report.to_dict()["errors"][0]
    assert "origincityLabel" in shown["fix"] and shown["value"] == "originLabel"


def test_a_mapping_is_parsed_saved_and_read_again():
    columns = parse_map("city_a=origincityLabel, country_b = destination_countryLabel")
    assert columns == {"city_a": "origincityLabel", "country_b": "destination_countryLabel"}
    saved = mapping_json(columns, {"relation": "sister", "source": ""})
    assert read_mapping(saved) == (columns, {"relation": "sister"})
    with pytest.raises(ValueError, match="column=header"):
        parse_map("city_a origincityLabel")
    with pytest.raises(ValueError, match="mapping"):
        read_mapping(b'["city_a"]')


# --- countries, places, coordinates -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bulgaria", "BG"),
        ("ایتالیا", "IT"),
        ("Italie", "IT"),
        ("Russie", "RU"),
        ("United States of America", "US"),
        ("États-Unis", "US"),
        ("Iran, Islamic Republic of", "IR"),
        ("جمهوری اسلامی ایران", "IR"),
        ("ru", "RU"),
        ("Corée", None),  # both Koreas: neither
        ("Atlantis", None),
    ],
)
def test_countries_are_read_by_code_or_name(text, code):
    assert country_code(text) == code


def test_city_region_cells_are_split_and_the_region_read():
    assert split_place("Gering, Nebraska") == ("Gering", "Nebraska", "US")
    assert split_place("تبریز، ایران") == ("تبریز", "ایران", "IR")
    assert split_place("Hamburg, Bavaria") == ("Hamburg", "Bavaria", None)
    assert split_place("Kazan") == ("Kazan", "", None)


def test_coordinates_are_checked_against_the_stored_city():
    lyon = {"lat": 45.74906, "lon": 4.84789, "name_en": "Lyon", "country": "FR"}
    assert check_coordinates("45.75", "4.85", lyon) == (None, {})
    assert check_coordinates("4.85", "45.75", lyon)[0] == "swapped"
    assert check_coordinates("۴۵٫۷۵", "۴٫۸۵", lyon) == (None, {})
    assert check_coordinates("95", "4.85", lyon)[0] == "coordinate"
    assert check_coordinates("45.75", "", lyon)[0] == "coordinate"
    problem, params = check_coordinates("10", "10", lyon)
    assert problem == "coordinates_far" and params["city"] == "Lyon, FR" and params["km"] > 1000


# --- the four shapes --------------------------------------------------------------------


def test_a_wikidata_tsv_imports_with_country_names_and_a_file_wide_relation(partner_store):
    data = _file("wikidata_sister_cities.tsv")
    fill = {"relation": "sister", "source": "https://query.wikidata.org"}
    report = import_file(partner_store, data, "ali", filename="w.tsv", fill=fill)
    assert report.accepted, report.to_dict()["errors"]
    assert report.kind == "ties" and report.rows == 4
    assert report.headers == {
        "city_a": "origincityLabel",
        "country_a": "origincountry",
        "city_b": "sistercityLabel",
        "country_b": "destination_countryLabel",
    }
    assert report.filled == fill
    warnings = _issues(report, "warnings")
    assert (1, "relation", "filled") in warnings and (1, "source", "filled") in warnings
    assert (4, "", "duplicate") in warnings  # اصفهان - Florence repeats Isfahan - Florence
    expected = {
        pair_key("tehran", "kazan"),
        pair_key("isfahan", "florence_it"),  # Florence, ایتالیا: not Florence, US
        pair_key("isfahan", "sofia"),
    }
    assert expected <= _stored_pairs(partner_store)
    assert report.inserted == 3 and report.updated == 0  # the repeated row merged
    with partner_store.engine.connect() as conn:
        sources = conn.execute(
            sa.select(ties_table.c.sources).where(
                ties_table.c.pair_key == pair_key("isfahan", "sofia")
            )
        ).scalar_one()
    assert json.loads(sources) == ["https://query.wikidata.org"]
    changes = batch_changes(partner_store, report.batch_id)
    assert sorted(c["row_key"] for c in changes) == sorted(expected)


def test_a_wikidata_tsv_with_bad_rows_is_refused_with_located_reasons(partner_store):
    before = _stored_pairs(partner_store)
    report = import_file(
        partner_store, _file("wikidata_bad_rows.tsv"), "ali", fill={"relation": "sister"}
    )
    assert not report.accepted
    errors = report.to_dict()["errors"]
    assert [(e["row"], e["column"], e["code"], e["header"], e["value"]) for e in errors] == [
        (3, "city_a", "city_unknown", "origincityLabel", "Narnia"),
        (4, "country_b", "country", "destination_countryLabel", "Atlantis"),
    ]
    assert all(e["fix"] for e in errors)
    assert _stored_pairs(partner_store) == before  # all or nothing


def test_a_country_city_sister_list_splits_city_region_cells(partner_store):
    report = import_file(
        partner_store, _file("country_city_sister.csv"), "ali", fill={"relation": "sister"}
    )
    assert report.accepted, report.to_dict()["errors"]
    assert report.headers == {"country_a": "country", "city_a": "city", "city_b": "sister"}
    assert {
        pair_key("kearney", "gering"),
        pair_key("tehran", "paris_us"),  # "Paris, Texas": the US one
        pair_key("shiraz", "paris_fr"),
    } <= _stored_pairs(partner_store)


def test_a_region_that_contradicts_the_country_is_located(cities):
    report = validate(_file("country_city_sister_bad.csv"), cities, fill={"relation": "sister"})
    assert _issues(report) == [(3, "city_a", "region_country")]
    shown = report.to_dict("fa")["errors"][0]
    assert "Texas" in shown["problem"] and shown["fix"]


def test_a_region_naming_another_country_than_the_citys_says_where_it_is(cities):
    data = b'city,sister\nTehran,"Lyon, Italy"\nTehran,"Lyon, France"\n'
    report = validate(data, cities, fill={"relation": "sister"})
    assert _issues(report) == [(2, "city_b", "region_other")]
    assert "France" in report.to_dict("en")["errors"][0]["problem"]
    assert "فرانسه" in report.to_dict("fa")["errors"][0]["problem"]


def test_french_headers_with_longitude_first_and_swapped_coordinates(partner_store):
    report = import_file(partner_store, _file("villes_jumelees.csv"), "ali")
    assert report.accepted, report.to_dict()["errors"]
    assert report.headers["lon_a"] == "ville_A_lon" and report.headers["relation"] == "type"
    assert _issues(report, "warnings") == [(3, "lat_a, lon_a", "swapped")]
    swapped = report.to_dict("fa")["warnings"][0]
    assert swapped["header"] == "ville_A_lat, ville_A_lon" and "۴۵" in swapped["problem"]
    assert {pair_key("lyon", "kazan"), pair_key("lyon", "isfahan")} <= _stored_pairs(partner_store)
    with partner_store.engine.connect() as conn:
        lyon = conn.execute(
            sa.select(cities_table.c.lat).where(cities_table.c.city_id == "lyon")
        ).scalar_one()
    assert lyon == pytest.approx(45.74906)  # the stored coordinates are kept


def test_french_coordinates_that_do_not_fit_are_located(cities):
    report = validate(_file("villes_jumelees_bad.csv"), cities)
    assert _issues(report) == [
        (2, "lat_b, lon_b", "coordinates_far"),
        (3, "lat_a, lon_a", "coordinate"),
    ]


def test_a_json_adjacency_list_imports(partner_store):
    report = import_file(partner_store, _file("adjacency.json"), "ali", fill={"relation": "sister"})
    assert report.accepted, report.to_dict()["errors"]
    assert report.encoding == "json" and report.rows == 3
    assert {pair_key("tehran", "sofia"), pair_key("shiraz", "florence_it")} <= _stored_pairs(
        partner_store
    )
    with partner_store.engine.connect() as conn:
        since = conn.execute(
            sa.select(ties_table.c.since).where(
                ties_table.c.pair_key == pair_key("tehran", "kazan")
            )
        ).scalar_one()
    assert since == 2019


def test_a_json_adjacency_list_with_bad_pairs_is_located(cities):
    report = validate(_file("adjacency_bad.json"), cities, fill={"relation": "sister"})
    assert _issues(report) == [(2, "city_b", "city_unknown"), (3, "country_b", "country")]
    with pytest.raises(Rejected) as refused:
        read_table(b'[{"city": "Tehran", "sisters": ["Kazan"]}, 7]')
    assert refused.value.issue.problem == "json_shape" and refused.value.issue.row == 2
    with pytest.raises(Rejected) as broken:
        read_table(b'{"Tehran": ["Kazan",\n ]}')
    assert broken.value.issue.problem == "json" and broken.value.issue.row == 2


def test_a_file_wide_value_never_overrides_the_files_own_column(cities):
    header = b"city_a,city_b,relation\nTehran,Kazan,friendship\n"
    report = validate(header, cities, fill={"relation": "sister", "status": "signed"})
    assert _issues(report) == [(1, "status", "fill_column")]
    report = validate(header, cities, fill={"relation": "sister"})
    assert report.accepted and report.records[0]["relation"] == "friendship"
    assert _issues(report, "warnings") == [(1, "relation", "fill_ignored")]


# --- the command line -------------------------------------------------------------------


def test_the_command_line_maps_saves_and_reuses_a_mapping(partner_store, tmp_path, capsys):
    src = tmp_path / "export.tsv"
    src.write_bytes(
        _file("wikidata_sister_cities.tsv").replace(b"sistercityLabel", b"twin_label_x")
    )
    saved = tmp_path / "map.json"
    base = ["import", str(src), "--db", partner_store.url, "--who", "ali", "--dry-run"]
    assert main(base + ["--relation", "sister"]) == 1  # twin_label_x: city_b not guessed
    assert "city_b" in capsys.readouterr().out
    code = main(
        base
        + ["--map", "city_b=twin_label_x", "--relation", "sister", "--save-map", str(saved)]
        + ["--source", "https://query.wikidata.org", "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["accepted"] and out["columns"]["city_b"] == "twin_label_x"
    assert out["filled"] == {"relation": "sister", "source": "https://query.wikidata.org"}
    columns, fill = read_mapping(saved.read_bytes())
    assert columns["city_b"] == "twin_label_x" and fill["relation"] == "sister"
    code = main(["import", str(src), "--db", partner_store.url, "--who", "ali"]
                + ["--map-file", str(saved)])  # fmt: skip
    text = capsys.readouterr().out
    assert code == 0 and "city_b=twin_label_x" in text
    assert "(guessed)" not in text  # the saved mapping names every column
    assert pair_key("isfahan", "sofia") in _stored_pairs(partner_store)
    assert main(base + ["--map", "city_b twin"]) == 2


# --- hostile JSON: bounded before it is decoded -----------------------------------------


def _many_objects(path: Path) -> Path:
    path.write_bytes(b"[" + b"{}," * 6_000_000 + b"{}]")  # 18 MB, under the size limit
    return path


def _deep(path: Path) -> Path:
    path.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    return path


@pytest.mark.parametrize(("build", "problem"), [(_many_objects, "too_many_rows"), (_deep, "json")])
def test_a_hostile_json_file_is_refused_within_bounds(tmp_path, build, problem):
    from tests.reliability.test_hostile_corpus import measure  # peak memory bounded there

    done = measure("import", build(tmp_path / "hostile.json"))
    assert done["errors"][0][0] == problem
