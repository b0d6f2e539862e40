"""Which column of an imported file holds which of the importer's columns.

:func:`map_columns` is the one place a file's header becomes the importer's columns
(``city_a``, ``country_a``, ``relation``...): an explicit mapping (``--map`` on the command
line, the Columns step on the Data page, a saved mapping file) first, then a guess from
the header's words in English, Persian or French (``origincityLabel``, «شهر خواهرخوانده»,
``ville_B_nom``). A mapping is saved and read again as JSON (:func:`mapping_json`,
:func:`read_mapping`), with the file-wide values that fill columns a file lacks
(``source``, ``relation``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from graph.i18n import IMPORT_COLUMNS
from graph.io.report import Issue
from graph.names import clean_text, fold

__all__ = [
    "COLUMNS",
    "FILL_COLUMNS",
    "ColumnMapping",
    "guess_column",
    "map_columns",
    "mapping_json",
    "parse_map",
    "read_mapping",
]

# every column the importer reads, in the order the Columns step lists them
COLUMNS = IMPORT_COLUMNS
# the columns a file-wide value may fill when the file lacks them
FILL_COLUMNS = ("source", "relation")
# header spellings -> column (compared folded, without separators: "Ville A nom" is villeanom)
_ALIASES: dict[str, tuple[str, ...]] = {
    "city_a": (
        "city_a", "city1", "city", "origin_city", "origincity", "city_name", "town", "home_city",
        "ville", "ville_a", "ville_a_nom", "nom_ville_a", "ville1", "commune", "commune_a",
        "شهر_الف", "شهر۱", "شهر1", "شهر_اول", "شهر", "شهر_مبدا", "نام_شهر",
    ),
    "city_b": (
        "city_b", "city2", "sister", "sister_city", "sistercity", "twin", "twin_city",
        "twin_town", "partner", "partner_city", "destination_city", "destination",
        "ville_b", "ville_b_nom", "nom_ville_b", "ville2", "ville_jumelle", "jumelle",
        "partenaire", "ville_partenaire", "commune_b",
        "شهر_ب", "شهر۲", "شهر2", "شهر_دوم", "شریک", "خواهرخوانده", "شهر_خواهرخوانده",
        "شهر_مقصد", "شهر_شریک",
    ),
    "country_a": (
        "country_a", "country1", "country", "origin_country", "origincountry", "home_country",
        "pays", "pays_a", "ville_a_pays", "pays_ville_a", "pays1",
        "کشور_الف", "کشور_اول", "کشور", "کشور_مبدا",
    ),
    "country_b": (
        "country_b", "country2", "destination_country", "sister_country", "sister_city_country",
        "partner_country", "twin_country",
        "pays_b", "ville_b_pays", "pays_ville_b", "pays2", "pays_jumelle", "pays_partenaire",
        "کشور_ب", "کشور_دوم", "کشور_مقصد", "کشور_شریک", "کشور_خواهرخوانده",
    ),
    "relation": (
        "relation", "relationship", "tie", "tie_type", "type", "type_de_lien", "lien",
        "نوع_پیوند", "پیوند", "رابطه",
    ),
    "status": ("status", "statut", "etat", "état", "وضعیت"),
    "since": (
        "since", "year", "start", "start_year", "inception", "annee", "année",
        "depuis", "annee_jumelage", "سال", "از_سال",
    ),
    "evidence": ("evidence", "preuve", "شواهد", "مدرک", "سند"),
    "sources": ("sources", "references", "références", "منابع"),
    "source": ("source", "url", "link", "reference", "référence", "منبع", "پیوند_منبع"),
    "note": (
        "note", "notes", "comment", "comments", "remarque", "remarques", "commentaire",
        "یادداشت", "توضیح", "توضیحات",
    ),
    "date": ("date", "تاریخ"),
    "kind": ("kind", "genre", "نوع", "نوع_تبادل"),
    "intensity": ("intensity", "intensité", "شدت"),
    "title": ("title", "titre", "عنوان"),
    "lat_a": (
        "lat_a", "latitude_a", "lat", "latitude", "origin_lat", "ville_a_lat",
        "ville_a_latitude", "عرض_الف", "عرض_جغرافیایی_الف",
    ),
    "lon_a": (
        "lon_a", "lng_a", "long_a", "longitude_a", "lon", "lng", "longitude", "origin_lon",
        "ville_a_lon", "ville_a_long", "ville_a_longitude", "طول_الف", "طول_جغرافیایی_الف",
    ),
    "lat_b": (
        "lat_b", "latitude_b", "sister_lat", "destination_lat", "ville_b_lat",
        "ville_b_latitude", "عرض_ب", "عرض_جغرافیایی_ب",
    ),
    "lon_b": (
        "lon_b", "lng_b", "long_b", "longitude_b", "sister_lon", "destination_lon",
        "ville_b_lon", "ville_b_long", "ville_b_longitude", "طول_ب", "طول_جغرافیایی_ب",
    ),
}  # fmt: skip


def _key(header: str) -> str:
    return fold(clean_text(header).lower()).replace("_", "")


_GUESS = {_key(alias): name for name, spellings in _ALIASES.items() for alias in spellings}
# Wikidata query exports name a label column after its item: "origincityLabel"
_SUFFIXES = ("label", "name", "nom", "code", "iso", "iso2")


def guess_column(header: str) -> str | None:
    """The importer's column a header names, from its words in English, Persian or French
    (``origincityLabel`` is city_a, ``ville_B_nom`` city_b, «کشور مقصد» country_b), or None.

    >>> guess_column("origincityLabel"), guess_column("Ville B nom"), guess_column("x")
    ('city_a', 'city_b', None)
    """
    key = _key(header)
    if key in _GUESS:
        return _GUESS[key]
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and key[: -len(suffix)] in _GUESS:
            return _GUESS[key[: -len(suffix)]]
    return None


@dataclass
class ColumnMapping:
    """A header mapped: the column each header cell holds (None: not read), the
    columns guessed (not given), the headers not read, and the problems of the
    explicit mapping (a header the file lacks, a column the importer does not read)."""

    names: list[str | None]
    guessed: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)
    problems: list[Issue] = field(default_factory=list)

    def headers(self, header: list[str]) -> dict[str, str]:
        """column -> the header cell that holds it, as written."""
        return {n: clean_text(c) for n, c in zip(self.names, header, strict=False) if n}


def map_columns(
    header: list[str], explicit: Mapping[str, str] | None = None, row: int | None = 1
) -> ColumnMapping:
    """Map a file's header row to the importer's columns.

    ``explicit`` maps a column to the header that holds it (the header as written, or
    folded alike); an empty header drops the column's guess. The other headers are
    guessed (:func:`guess_column`); a column is read from one header only: the explicit
    one, else the first guessed. ``row`` locates the mapping's problems.
    """
    cleaned = [clean_text(c) for c in header]
    names: list[str | None] = [None] * len(header)
    problems: list[Issue] = []
    given: set[str] = set()
    for column, wanted in (explicit or {}).items():
        if column not in COLUMNS:
            problems.append(Issue("map_column", row=row, column=column, value=wanted,
                                  params={"columns": ", ".join(COLUMNS)}))  # fmt: skip
            continue
        given.add(column)
        if not clean_text(wanted):
            continue
        at = [i for i, c in enumerate(cleaned) if c == clean_text(wanted)]
        at = at or [i for i, c in enumerate(cleaned) if _key(c) == _key(wanted)]
        if not at:
            shown = ", ".join(c for c in cleaned if c)[:200]
            problems.append(Issue("map_header", row=row, column=column, value=wanted,
                                  params={"headers": shown}))  # fmt: skip
            continue
        names[at[0]] = column
    # a column is guessed from one header: a Wikidata label ("origincityLabel") before
    # its item ("origincity", the item's address), else the first
    candidates: dict[str, list[tuple[bool, int]]] = {}
    for i, cell in enumerate(cleaned):
        column = guess_column(cell) if cell and names[i] is None else None
        if column is not None and column not in given:
            candidates.setdefault(column, []).append((not _key(cell).endswith("label"), i))
    guessed: set[str] = set()
    for column, found in candidates.items():
        names[min(found)[1]] = column
        guessed.add(column)
    unknown = [c[:40] for c, n in zip(cleaned, names, strict=True) if c and n is None]
    return ColumnMapping(names, guessed, unknown, problems)


def parse_map(text: str) -> dict[str, str]:
    """``"city_a=origincityLabel,country_a=origincountry"`` as {column: header}.

    Raises ValueError saying which part is not ``column=header``.

    >>> parse_map("city_a=origincityLabel, city_b = sistercityLabel")
    {'city_a': 'origincityLabel', 'city_b': 'sistercityLabel'}
    """
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        column, sep, header = part.partition("=")
        if not sep or not column.strip():
            raise ValueError(f"{part.strip()!r} is not column=header (e.g. city_a=origincityLabel)")
        out[column.strip()] = header.strip()
    return out


def mapping_json(columns: Mapping[str, str], fill: Mapping[str, str] | None = None) -> bytes:
    """A mapping (column -> header) and its file-wide values, as a file to use again."""
    document = {"columns": dict(columns), "fill": {k: v for k, v in (fill or {}).items() if v}}
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def read_mapping(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """The (columns, fill) of a saved mapping (:func:`mapping_json`); ValueError when
    the file is not one."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a saved column mapping (JSON): {exc}") from None
    columns = document.get("columns") if isinstance(document, dict) else None
    fill = document.get("fill", {}) if isinstance(document, dict) else None
    if not isinstance(columns, dict) or not isinstance(fill, dict):
        raise ValueError('not a saved column mapping: expected {"columns": {...}, "fill": {...}}')
    if not all(isinstance(v, str) for v in (*columns.values(), *fill.values())):
        raise ValueError("a saved column mapping holds text values only")
    return {str(k): v for k, v in columns.items()}, {str(k): v for k, v in fill.items()}
