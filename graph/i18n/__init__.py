"""Persian and English text for everything the user reads, plus digits, dates and direction.

One catalogue, ``CATALOGUE``, maps a dotted key to its Persian (``fa``) and English (``en``)
text. The texts live in ``graph/i18n/catalogue/*.toml``, one file per page area, and are read
once when this module is imported. Pages, figures and exports look text up with :func:`t`.
Keys built at run time (``kind.<value>``, ``setting.<name>``, ...) are declared in
:data:`KEY_FAMILIES`; a test checks that every key used in the sources or produced by a
family exists, that every key is used, and that both languages are filled.

A text that prints a count beside a noun may be a plural table (English "1 tie abroad",
"2 ties abroad"); Persian has a single form. Lists are joined with :func:`join_list`.

Persian is the default language. In Persian every number is written with Persian digits
(۰-۹), the thousands separator is «٬» (U+066C) and the decimal separator «٫» (U+066B).

Dates are shown in the Solar Hijri (Jalali) calendar beside the Gregorian one. A Gregorian
*year* overlaps two Jalali years (2019 runs from 11 Dey 1397 to 10 Dey 1398); we show the
Jalali year that holds most of it, the one containing 1 July: 2019 -> 1398, i.e. ``year -
621``. Dates with a month or a day are converted exactly (a month is placed at its 15th).

This module is pure Python: it never imports streamlit.
"""

from __future__ import annotations

import datetime as _dt
import numbers
import tomllib
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import jdatetime

from graph.model import SCOPES, Evidence, Kind, Relation, Status
from graph.settings import SETTINGS

__all__ = [
    "CATALOGUE",
    "CATALOGUE_DIR",
    "DEFAULT_LANG",
    "ENUM_LABEL_KEYS",
    "KEY_FAMILIES",
    "LANGS",
    "LIST_SEPARATOR",
    "PLURAL_FORMS",
    "digits",
    "direction",
    "family_keys",
    "gregorian_and_jalali",
    "jalali",
    "join_list",
    "label",
    "load_catalogue",
    "plural_form",
    "t",
    "texts",
]

LANGS: tuple[str, str] = ("fa", "en")
DEFAULT_LANG = "fa"

# Keys whose Persian text may legitimately hold no Persian letter (proper names, pure
# formats). The i18n test allows these and nothing else.
LATIN_ALLOWED: frozenset[str] = frozenset({"date.day", "date.month"})

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
# English has two plural forms, Persian one (CLDR): see plural_form().
PLURAL_FORMS: tuple[str, str] = ("one", "other")
# A plural table may name the argument that holds its count; it is ``n`` when it does not.
PLURAL_COUNT = "count"

Text = str | dict[str, str]


def load_catalogue(folder: Path = CATALOGUE_DIR) -> dict[str, dict[str, Text]]:
    """Read every ``*.toml`` file of ``folder`` into one ``{key: {"fa": ..., "en": ...}}``.

    A text is a string, or a plural table ``{one = "...", other = "..."}`` (optionally with
    ``count = "<argument>"``) that :func:`t` chooses from by the count.

    Raises
    ------
    ValueError
        When two files define the same key.
    """
    catalogue: dict[str, dict[str, Text]] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            entries = tomllib.load(handle)
        twice = sorted(set(entries) & set(catalogue))
        if twice:
            raise ValueError(f"{path.name} defines keys defined already: {twice}")
        catalogue.update(entries)
    return catalogue


# Read once, when the module is first imported.
CATALOGUE: dict[str, dict[str, Text]] = load_catalogue()

# Which catalogue prefix names the values of each enum-like column.
ENUM_LABEL_KEYS: dict[str, tuple[str, ...]] = {
    name: tuple(member.value for member in enum)
    for name, enum in (
        ("kind", Kind),
        ("relation", Relation),
        ("status", Status),
        ("evidence", Evidence),
    )
}
_VALUE_TO_KEY: dict[str, str] = {
    value: f"{prefix}.{value}" for prefix, values in ENUM_LABEL_KEYS.items() for value in values
}

# Key families: keys built at run time, as a pattern and the values it is filled with. Every
# t(f"...") call site fills one of these patterns; the i18n test expands them all, so a key
# is neither missing nor orphaned. Values come from graph.model and graph.settings where they
# are defined there, and are listed here otherwise.
# Problem codes of an import (each has an io.problem.<code> text and an io.fix.<code> advice).
# the columns an imported file may hold (graph.io.mapping.COLUMNS, which a test compares)
IMPORT_COLUMNS: tuple[str, ...] = (
    "city_a",
    "country_a",
    "city_b",
    "country_b",
    "relation",
    "status",
    "since",
    "evidence",
    "sources",
    "source",
    "note",
    "date",
    "kind",
    "intensity",
    "title",
    "lat_a",
    "lon_a",
    "lat_b",
    "lon_b",
)
IMPORT_PROBLEMS: tuple[str, ...] = (
    "binary",
    "choice",
    "city_ambiguous",
    "city_not_stored",
    "city_unknown",
    "columns",
    "conflict",
    "coordinate",
    "coordinates_far",
    "country",
    "date",
    "duplicate_conflict",
    "empty",
    "encoding",
    "exchange_stored",
    "field_count",
    "fill_column",
    "intensity",
    "invalid",
    "json",
    "json_shape",
    "link",
    "map_column",
    "map_header",
    "name_taken",
    "population",
    "quoting",
    "region_country",
    "region_other",
    "required",
    "self_loop",
    "too_big",
    "too_long",
    "too_many_cells",
    "too_many_columns",
    "too_many_rows",
    "too_slow",
    "unpacked_too_big",
    "xlsx",
    "year",
)


KEY_FAMILIES: dict[str, tuple[str, ...]] = {
    # label(): graph.model's enums (kind.<value>, relation.<value>, ...)
    **{prefix + ".{}": values for prefix, values in ENUM_LABEL_KEYS.items()},
    # the sidebar (ui/state.py), the Jalali months, the settings (graph/settings.py)
    "lang.{}": LANGS,
    "scope.{}": SCOPES,
    "month.{}": tuple(str(m) for m in range(1, 13)),
    "setting.{}": tuple(n for n, s in SETTINGS.items() if s.shown),
    "setting.{}.help": tuple(n for n, s in SETTINGS.items() if s.shown),
    # saved views' pages (graph/exports/saved_views.py PAGES)
    "page.{}": ("map", "network", "city"),
    # the change log (graph/i18n/changelog.py): batch actions, descriptions, undo refusals
    "data.action.{}": (
        "add_city",
        "add_exchange",
        "edit",
        "import",
        "merge_cities",
        "restore",
        "saved_view",
        "undo",
    ),
    # where a city's Persian name came from (graph.model.NameOrigin, or none)
    "names.origin.{}": ("checked", "automatic", "editor", "none"),
    # the Opportunities page's models (graph/analysis/opportunities.py, partner_model.py)
    "opp.unit.{}": ("intensity", "decayed"),
    "opp.family.{}": ("poisson", "negative_binomial"),
    "opp.model.{}": ("gradient_boosting", "logistic_regression"),
    "opp.method.{}": ("model", "hand_score", "adamic_adar", "preferential_attachment"),
    "log.desc.{}": (
        "add_city",
        "add_exchange",
        "edit_rows",
        "edit_tie",
        "name_fa",
        "import",
        "import_file",
        "merge_cities",
        "propose",
        "restore",
        "undo",
        # saved views (graph/exports/saved_views.py)
        "save_view",
        "change_view",
        "rename_view",
        "reorder_views",
        "delete_view",
    ),
    "undo.error.{}": (
        "already_undone",
        "changed_later",
        "changed_outside",
        "city_in_use",
        "no_batch",
        "refused",
    ),
    # import problems and warnings (graph/io/importer.py Issue.problem)
    "io.problem.{}": IMPORT_PROBLEMS,
    "io.fix.{}": IMPORT_PROBLEMS,
    "io.warn.{}": (
        "already_stored",
        "city_gazetteer",
        "duplicate",
        "encoding",
        "filled",
        "fill_ignored",
        "jalali",
        "region_unchecked",
        "swapped",
        "unknown_columns",
        "updates_tie",
    ),
    # the Import tab's Columns step: each column the importer reads (graph/io/mapping.py)
    "data.import.column.{}": IMPORT_COLUMNS,
    # the gazetteer's "stored already" refusals (graph/places/gazetteer.py)
    "gaz.exists.{}": ("geonameid", "name"),
    # the Data page, the grid and the add-exchange box
    "data.table.{}": ("ties", "exchanges", "cities"),
    "data.export.about.{}": ("csv", "xlsx", "geojson", "graphml", "gpkg", "gexf"),
    # the data check (graph/places/country_check.py STATUSES)
    "check.status.{}": (
        "inside",
        "near",
        "swapped",
        "out_of_range",
        "other_country",
        "at_sea",
        "untested",
    ),
    # the Statistics page's map (graph/analysis/geography.py GROUPINGS)
    "stats.map.title.{}": ("country", "continent"),
    "stats.map.grouping.{}": ("country", "continent"),
    "check.col.{}": ("city", "country", "status", "lat", "lon", "km", "found"),
    "data.col.{}": ("row", "column", "value", "problem", "fix"),
    "data.log.{}": ("batch_id", "at", "who", "action", "description", "rows", "undone_by"),
    "data.field.{}": (
        "country",
        "date",
        "evidence",
        "intensity",
        "kind",
        "lat",
        "lon",
        "name_en",
        "name_fa",
        "note",
        "origin",
        "partner_a",
        "partner_b",
        "population",
        "relation",
        "since",
        "source",
        "sources",
        "status",
        "title",
        "version",
    ),
    "addx.{}": ("city_a", "city_b"),
    "addx.intensity.{}": ("1", "2", "3"),
    # the Map page (graph/views/map.py PROJECTIONS, REGIONS)
    "mapview.projection.{}": ("natural_earth", "orthographic"),
    "mapview.region.{}": ("world", "middle_east", "europe", "east_asia", "africa", "americas"),
    # the Network page (graph/views/network.py METRICS, COLOUR_BY, LAYOUTS, CONTINENT_KEYS)
    "network.metric.{}": ("partners", "strength", "betweenness", "eigenvector"),
    "network.colour.{}": ("community", "region", "iranian"),
    "network.layout.{}": ("force", "geo"),
    "network.legend.{}": ("iranian", "foreign"),
    "continent.{}": (
        "asia",
        "europe",
        "africa",
        "north_america",
        "south_america",
        "oceania",
        "antarctica",
    ),
    # the City card (graph/views/city.py CARD_METRICS)
    "city.metric.{}": (
        "partners",
        "strength_technical",
        "strength_cultural",
        "strength_transit",
        "betweenness",
        "eigenvector",
        "constraint",
    ),
    # the Statistics page (graph/views/statistics.py STAT_ROWS; the scopes)
    "stats.row.{}": (
        "nodes",
        "edges",
        "components",
        "largest_component",
        "avg_degree",
        "max_degree",
        "clustering",
        "average_clustering",
        "assortativity",
        "mean_distance",
        "communities",
        "modularity",
        "country_assortativity",
        "international_share",
    ),
    "stats.col.{}": SCOPES,
    # the Opportunities page (graph/analysis/opportunities.py model terms)
    "opp.measure.{}": ("intensity", "decayed"),
    "opp.term.{}": (
        *(f"kind_{kind}" for kind in ENUM_LABEL_KEYS["kind"]),
        "population_iranian",
        "population_partner",
        "distance",
        "air_routes",
        "shared_partners",
    ),
    # presenter mode and slides (ui/present.py THEMES, graph/exports/slides.py)
    "present.theme.{}": ("light", "dark"),
    "present.download.{}": ("html", "png", "pdf"),
    "present.opp.{}": ("type", "partner", "kind", "why", "dormant", "underused"),
}

# The separator of a list in running text, per language.
LIST_SEPARATOR: dict[str, str] = {"fa": "، ", "en": ", "}

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FA_THOUSANDS = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
_FA_DECIMAL = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def direction(lang: str) -> Literal["rtl", "ltr"]:
    """Return the writing direction of ``lang``: ``"rtl"`` for Persian, ``"ltr"`` for English.

    >>> direction("fa"), direction("en")
    ('rtl', 'ltr')
    """
    return "rtl" if _check_lang(lang) == "fa" else "ltr"


def digits(value: Any, lang: str, ndigits: int | None = None) -> str:
    """Write a number (or the digits in a text) the way ``lang`` writes them.

    Integers get a thousands separator («٬» in Persian, "," in English); floats are
    rounded to ``ndigits`` when given and use «٫» as decimal point in Persian. A string is
    kept as it is, except that in Persian its ASCII digits become Persian digits (so
    "2019-07-01" becomes "۲۰۱۹-۰۷-۰۱"); strings get no separators, so years stay
    unseparated when passed as text.

    >>> digits(1234, "fa"), digits(1234, "en"), digits(2.5, "fa"), digits("12", "fa")
    ('۱٬۲۳۴', '1,234', '۲٫۵', '۱۲')
    """
    _check_lang(lang)
    if isinstance(value, bool):
        raise TypeError("digits() takes a number or a text, not a bool")
    if isinstance(value, numbers.Integral):
        text = f"{int(value):,}"
    elif isinstance(value, numbers.Real):
        text = f"{float(value):,.{ndigits}f}" if ndigits is not None else f"{float(value):,}"
    else:
        text = str(value)
        return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text
    if lang == "en":
        return text
    # Swap separators through a placeholder so "," and "." do not collide.
    text = text.replace(",", "\0").replace(".", _FA_DECIMAL).replace("\0", _FA_THOUSANDS)
    return text.translate(_PERSIAN_DIGITS)


def plural_form(n: Any, lang: str) -> str:
    """The CLDR plural category of the count ``n`` in ``lang``: ``"one"`` or ``"other"``.

    English uses "one" for exactly 1; Persian always uses "other" (one form). A missing or
    non-numeric count gives "other".

    >>> plural_form(1, "en"), plural_form(2, "en"), plural_form(1, "fa")
    ('one', 'other', 'other')
    """
    _check_lang(lang)
    is_number = isinstance(n, numbers.Real) and not isinstance(n, bool)
    return "one" if lang == "en" and is_number and n == 1 else "other"


def texts(key: str, lang: str) -> tuple[str, ...]:
    """Every form of ``key``'s text in ``lang``: one text, or each plural form.

    >>> texts("metric.iranian_cities.delta", "en")
    ('{n} tie abroad', '{n} ties abroad')
    """
    text = CATALOGUE[key][_check_lang(lang)]
    if isinstance(text, str):
        return (text,)
    return tuple(text[form] for form in PLURAL_FORMS if form in text)


def join_list(items: Iterable[str], lang: str) -> str:
    """Join a list the reader sees with the language's separator: «، » or ", ".

    >>> join_list(["تهران", "مشهد"], "fa"), join_list(["Tehran", "Mashhad"], "en")
    ('تهران، مشهد', 'Tehran, Mashhad')
    """
    return LIST_SEPARATOR[_check_lang(lang)].join(items)


def family_keys() -> set[str]:
    """Every key the families of :data:`KEY_FAMILIES` produce.

    >>> "relation.sister" in family_keys(), "setting.top_n.help" in family_keys()
    (True, True)
    """
    return {pattern.format(value) for pattern, values in KEY_FAMILIES.items() for value in values}


def t(key: str, lang: str, **fmt: Any) -> str:
    """Return the text for ``key`` in ``lang``, formatted with ``fmt``.

    Integer and float arguments are written with :func:`digits` (Persian digits in fa,
    thousands separators in both), so pass years as text (``str(2019)``) or through
    :func:`jalali`. Text arguments are inserted as they are: escape data that ends up in
    HTML yourself.

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`CATALOGUE`; the message names the key.
    ValueError
        When ``lang`` is not one of :data:`LANGS`.

    >>> t("page.overview", "en")
    'Overview'
    >>> t("chart.undated", "fa", n=3)
    '۳ تبادل بی‌تاریخ در نمودار سالانه نیامده است.'
    >>> t("metric.iranian_cities.delta", "en", n=1), t("metric.iranian_cities.delta", "en", n=2)
    ('1 tie abroad', '2 ties abroad')
    """
    _check_lang(lang)
    try:
        text = CATALOGUE[key][lang]
    except KeyError:
        raise KeyError(f"unknown i18n key {key!r}: add it to the catalogue") from None
    if isinstance(text, dict):
        text = text[plural_form(fmt.get(text.get(PLURAL_COUNT, "n")), lang)]
    if not fmt:
        return text
    args = {
        name: digits(v, lang) if isinstance(v, numbers.Real) and not isinstance(v, bool) else v
        for name, v in fmt.items()
    }
    return text.format(**args)


def label(value: str | Enum, lang: str) -> str:
    """Return the display name of an enum value (kind, relation, status or evidence tier).

    Accepts the plain string (``"technical"``) or an :class:`~enum.Enum` member whose
    ``value`` is that string.

    Raises
    ------
    ValueError
        When the value is not one of the known kinds, relations, statuses or tiers.

    >>> label("sister", "fa"), label("wikidata", "en")
    ('خواهرخواندگی', 'Wikidata')
    """
    raw = value.value if isinstance(value, Enum) else value
    key = _VALUE_TO_KEY.get(str(raw))
    if key is None:
        allowed = ", ".join(_VALUE_TO_KEY)
        raise ValueError(f"no label for {raw!r}; known values: {allowed}")
    return t(key, lang)


def _is_missing(value: Any) -> bool:
    """True for None, NaN and pandas.NA (which compare unequal or raise on bool())."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses bool()
        return True


def _as_date_text(value: Any) -> _dt.date | str:
    """Normalise a year (int, numpy int, whole float) or a date to a date or an ISO text."""
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return str(int(value))
    return str(value)


def _jalali_date(value: _dt.date | str) -> tuple[jdatetime.date, str]:
    """Convert a date or an ISO text (YYYY, YYYY-MM, YYYY-MM-DD) to (Jalali date, precision)."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return jdatetime.date.fromgregorian(date=value), "day"
    parts = str(value).strip().split("-")
    try:
        numbers_ = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD") from None
    if len(numbers_) == 1:
        # Most of a Gregorian year falls in the Jalali year holding 1 July.
        return jdatetime.date.fromgregorian(date=_dt.date(numbers_[0], 7, 1)), "year"
    if len(numbers_) == 2:
        return jdatetime.date.fromgregorian(date=_dt.date(numbers_[0], numbers_[1], 15)), "month"
    if len(numbers_) == 3:
        return jdatetime.date.fromgregorian(date=_dt.date(*numbers_)), "day"
    raise ValueError(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")


def jalali(value: Any, lang: str) -> str:
    """Write a Gregorian year or date in the Solar Hijri (Jalali) calendar.

    A year gives the Jalali year holding most of it (2019 -> 1398); ``"YYYY-MM"`` gives the
    Jalali month of the Gregorian month's 15th; a full date is converted exactly. ``None``
    gives the "undated" text.

    >>> jalali(2019, "fa"), jalali(2019, "en")
    ('۱۳۹۸', '1398')
    >>> jalali("2013-12-18", "en")
    '27 Azar 1392'
    """
    _check_lang(lang)
    if _is_missing(value):
        return t("date.unknown", lang)
    date, precision = _jalali_date(_as_date_text(value))
    year = digits(str(date.year), lang)
    if precision == "year":
        return year
    month = t(f"month.{date.month}", lang)
    if precision == "month":
        return t("date.month", lang, month=month, year=year)
    return t("date.day", lang, day=digits(str(date.day), lang), month=month, year=year)


def gregorian_and_jalali(value: Any, lang: str) -> str:
    """Show a year (or date) in both calendars, the reader's own calendar first.

    Persian reads «۱۳۹۸ (۲۰۱۹ م)», English "2019 (1398 SH)".

    >>> gregorian_and_jalali(2019, "fa"), gregorian_and_jalali(2019, "en")
    ('۱۳۹۸ (۲۰۱۹ م)', '2019 (1398 SH)')
    """
    _check_lang(lang)
    if _is_missing(value):
        return t("date.unknown", lang)
    value = _as_date_text(value)
    if isinstance(value, _dt.date):
        value = value.isoformat()[:10]
    gregorian = digits(value, lang)
    return t("date.both", lang, jalali=jalali(value, lang), gregorian=gregorian)
