"""The fa/en catalogue, Persian digits, Jalali dates and directions (graph/i18n/__init__.py)."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import re
from pathlib import Path

import pytest

from graph import i18n
from graph.i18n import (
    CATALOGUE,
    CATALOGUE_DIR,
    DEFAULT_LANG,
    KEY_FAMILIES,
    LANGS,
    LATIN_ALLOWED,
    PLURAL_COUNT,
    PLURAL_FORMS,
    digits,
    direction,
    family_keys,
    gregorian_and_jalali,
    jalali,
    join_list,
    label,
    load_catalogue,
    t,
    texts,
)
from tests.sources import module_name, python_files

REPO = Path(__file__).resolve().parents[3]
PERSIAN_LETTER = re.compile(r"[\u0621-\u064A\u067E\u0686\u0698\u06A9\u06AF\u06CC]")
# t("key" / t('key' as the first argument of a call named t (not e.g. st.t or format()).
T_CALL = re.compile(r"(?<![\w.])t\(\s*[\"']([^\"']+)[\"']")
# Arabic forms Persian text should not use: ي (yeh) and ك (kaf).
ARABIC_FORMS = re.compile(r"[\u064A\u0643]")


def _sources() -> list[Path]:
    return [REPO / "app.py", *python_files("pages", "graph", "ui")]


def test_languages() -> None:
    assert LANGS == ("fa", "en")
    assert DEFAULT_LANG == "fa"


def _fields(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def _trees() -> list[tuple[str, ast.AST]]:
    return [
        (path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
        for path in _sources()
    ]


def _run_time_patterns() -> dict[str, list[str]]:
    """The key pattern of every t(f"...") call (``{}`` for each field), with where it is."""
    found: dict[str, list[str]] = {}
    for where, tree in _trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "t"):
                continue
            first = node.args[0] if node.args else None
            choices = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
            for arg in choices:
                if isinstance(arg, ast.JoinedStr):
                    pattern = "".join(
                        part.value if isinstance(part, ast.Constant) else "{}"
                        for part in arg.values
                    )
                    found.setdefault(pattern, []).append(f"{where}:{node.lineno}")
    return found


def _literal_strings() -> set[str]:
    """Every string constant in the sources (keys kept in variables, tables, exceptions)."""
    return {
        node.value
        for _, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    assert isinstance(entry["fa"], str), f"{key}: Persian has one plural form, give one text"
    for lang in LANGS:
        if isinstance(entry[lang], dict):
            assert set(entry[lang]) - {PLURAL_COUNT} == set(PLURAL_FORMS), f"{key}: {lang} forms"
        for text in texts(key, lang):
            assert isinstance(text, str) and text.strip(), f"{key}: empty {lang} text"


@pytest.mark.parametrize("key", sorted(set(CATALOGUE) - LATIN_ALLOWED))
def test_persian_text_is_persian(key: str) -> None:
    text = CATALOGUE[key]["fa"]
    assert PERSIAN_LETTER.search(text), f"{key}: fa text has no Persian letter: {text!r}"
    assert not ARABIC_FORMS.search(text), f"{key}: use Persian ی and ک, not Arabic: {text!r}"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_placeholders_match_between_languages(key: str) -> None:
    fields = {lang: [_fields(text) for text in texts(key, lang)] for lang in LANGS}
    assert all(f == fields["fa"][0] for lang in LANGS for f in fields[lang]), (
        f"{key}: placeholders differ {fields}"
    )


PLURAL_KEYS = sorted(k for k in CATALOGUE if isinstance(CATALOGUE[k]["en"], dict))


@pytest.mark.parametrize("key", PLURAL_KEYS)
def test_plural_count_is_a_placeholder(key: str) -> None:
    count = CATALOGUE[key]["en"].get(PLURAL_COUNT, "n")
    assert count in _fields(texts(key, "en")[-1]), f"{key}: counts {{{count}}}, not in its text"


def test_catalogue_is_read_from_the_toml_files() -> None:
    files = sorted(p.name for p in CATALOGUE_DIR.glob("*.toml"))
    assert CATALOGUE_DIR == REPO / "graph" / "i18n" / "catalogue"
    assert {"common.toml", "map.toml", "network.toml", "settings.toml"} <= set(files)
    assert load_catalogue() == CATALOGUE


def test_a_key_defined_in_two_files_is_refused(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('["x.y"]\nfa = "ایکس"\nen = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="x.y"):
        load_catalogue(tmp_path)


def test_every_used_key_exists() -> None:
    sources = _sources()
    assert any(p.match("graph/views/overview.py") for p in sources)
    used = {
        (path.relative_to(REPO).as_posix(), key)
        for path in sources
        for key in T_CALL.findall(path.read_text(encoding="utf-8"))
    }
    assert used, "found no t(...) calls to check"
    missing = sorted((path, key) for path, key in used if key not in CATALOGUE)
    assert not missing, f"keys used but not in CATALOGUE: {missing}"


def test_every_run_time_key_is_a_declared_family() -> None:
    patterns = _run_time_patterns()
    assert "kind.{}" in patterns, "found no t(f...) calls to check"
    undeclared = {p: where for p, where in patterns.items() if p not in KEY_FAMILIES}
    assert not undeclared, f"declare these key families in graph.i18n.KEY_FAMILIES: {undeclared}"


def test_every_family_key_exists() -> None:
    missing = sorted(family_keys() - set(CATALOGUE))
    assert not missing, f"keys produced by KEY_FAMILIES but not in the catalogue: {missing}"


def test_no_orphan_keys() -> None:
    used = _literal_strings() | family_keys()
    orphans = sorted(set(CATALOGUE) - used)
    assert not orphans, f"catalogue keys neither used in the sources nor in a family: {orphans}"


# Families whose values are a constant of a higher layer (graph.i18n may not import it).
FAMILY_SOURCES = [
    ("network.metric.{}", "graph.analysis.network", "METRICS", None),
    ("network.colour.{}", "graph.views.network", "COLOUR_BY", None),
    ("network.layout.{}", "graph.views.network_layout", "LAYOUTS", None),
    ("continent.{}", "graph.views.network", "CONTINENT_KEYS", "values"),
    ("mapview.projection.{}", "graph.analysis.map_filter", "PROJECTIONS", None),
    ("mapview.region.{}", "graph.analysis.map_filter", "REGIONS", None),
    ("present.download.{}", "graph.exports.images", "FORMATS", None),
    ("city.metric.{}", "graph.views.city", "CARD_METRICS", "first"),
    ("stats.row.{}", "graph.views.statistics", "STAT_ROWS", "first"),
    ("data.export.about.{}", "graph.exports.data_files", "FILE_FORMATS", None),
    ("data.table.{}", "graph.io.export", "EXPORT_TABLES", None),
    ("page.{}", "graph.exports.saved_views", "PAGES", None),
    ("check.status.{}", "graph.places.country_check", "STATUSES", None),
    ("stats.map.title.{}", "graph.analysis.geography", "GROUPINGS", None),
    ("stats.map.grouping.{}", "graph.analysis.geography", "GROUPINGS", None),
]


@pytest.mark.parametrize(("pattern", "module", "name", "how"), FAMILY_SOURCES)
def test_family_values_match_their_source(pattern: str, module: str, name: str, how) -> None:
    value = getattr(importlib.import_module(module), name)
    if how == "values":
        value = value.values()
    elif how == "first":
        value = [row[0] for row in value]
    assert set(KEY_FAMILIES[pattern]) == set(value), f"{pattern} vs {module}.{name}"


def test_opportunity_terms_family_matches_the_model() -> None:
    opportunities = importlib.import_module("graph.analysis.opportunities")
    expected = {f"kind_{k}" for k in i18n.ENUM_LABEL_KEYS["kind"]} | set(opportunities.TERMS)
    assert set(KEY_FAMILIES["opp.term.{}"]) == expected


def test_i18n_imports_only_the_lowest_layer() -> None:
    allowed = {"graph.model", "graph.settings", "graph.i18n"}
    for path in python_files("graph/i18n"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            for name in names:
                if name == "graph" or name.startswith("graph."):
                    assert name in allowed, f"{module_name(path)} imports {name}"


@pytest.mark.parametrize(
    ("key", "fmt", "lang", "expected"),
    [
        ("metric.iranian_cities.delta", {"n": 1}, "en", "1 tie abroad"),
        ("metric.iranian_cities.delta", {"n": 2}, "en", "2 ties abroad"),
        ("metric.iranian_cities.delta", {"n": 0}, "en", "0 ties abroad"),
        ("chart.undated", {"n": 1}, "en", "1 undated exchange is left out of the yearly chart."),
        ("mapview.counts", {"ties": 1, "cities": 2}, "en", "1 tie between 2 cities on the map"),
        ("mapview.counts", {"ties": 3, "cities": 4}, "en", "3 ties between 4 cities on the map"),
        ("data.rows_shown", {"n": 1, "total": 1}, "en", "1 of 1 row"),
        ("data.rows_shown", {"n": 1, "total": 1_200}, "en", "1 of 1,200 rows"),
    ],
)
def test_english_plural_forms(key: str, fmt: dict, lang: str, expected: str) -> None:
    assert t(key, lang, **fmt) == expected


def test_persian_has_one_form() -> None:
    assert t("metric.iranian_cities.delta", "fa", n=1) == "با ۱ پیوند خارجی"
    assert t("metric.iranian_cities.delta", "fa", n=2) == "با ۲ پیوند خارجی"
    assert i18n.plural_form(1, "fa") == "other"


def test_a_plural_text_without_its_count_reads_other() -> None:
    assert t("metric.iranian_cities.delta", "en", n="1") == "1 ties abroad"


@pytest.mark.parametrize(
    ("items", "lang", "expected"),
    [
        (["تهران", "مشهد", "قم"], "fa", "تهران، مشهد، قم"),
        (["Tehran", "Mashhad"], "en", "Tehran, Mashhad"),
        ([], "en", ""),
        (iter(["a"]), "fa", "a"),
    ],
)
def test_join_list(items, lang: str, expected: str) -> None:
    assert join_list(items, lang) == expected


def test_unknown_key_names_the_key() -> None:
    with pytest.raises(KeyError, match="no.such.key"):
        t("no.such.key", "fa")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="de"):
        t("page.overview", "de")
    with pytest.raises(ValueError):
        direction("ar")


def test_numbers_in_format_arguments_use_the_language_digits() -> None:
    assert t("chart.undated", "fa", n=1234).startswith("۱٬۲۳۴ ")
    assert t("chart.undated", "en", n=1234).startswith("1,234 ")


@pytest.mark.parametrize(("lang", "expected"), [("fa", "rtl"), ("en", "ltr")])
def test_direction(lang: str, expected: str) -> None:
    assert direction(lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (0, "fa", "۰"),
        (29, "fa", "۲۹"),
        (121, "fa", "۱۲۱"),
        (1234, "fa", "۱٬۲۳۴"),
        (1234, "en", "1,234"),
        (1234567, "fa", "۱٬۲۳۴٬۵۶۷"),
        (-42, "fa", "-۴۲"),
        (2.5, "fa", "۲٫۵"),
        (2.5, "en", "2.5"),
        (1234.5, "fa", "۱٬۲۳۴٫۵"),
        ("2019", "fa", "۲۰۱۹"),
        ("2019", "en", "2019"),
        ("Tehran 12", "fa", "Tehran ۱۲"),
    ],
)
def test_digits(value: object, lang: str, expected: str) -> None:
    assert digits(value, lang) == expected


def test_digits_rounds_floats_when_asked() -> None:
    assert digits(0.123456, "fa", ndigits=2) == "۰٫۱۲"
    assert digits(0.123456, "en", ndigits=3) == "0.123"


def test_digits_accepts_numpy_integers() -> None:
    np = pytest.importorskip("numpy")
    assert digits(np.int64(36), "fa") == "۳۶"


def test_digits_refuses_bool() -> None:
    with pytest.raises(TypeError):
        digits(True, "fa")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        # A Gregorian year shows the Jalali year holding most of it (the one with 1 July).
        (2019, "fa", "۱۳۹۸"),
        (2019, "en", "1398"),
        (1979, "en", "1358"),
        ("2014", "en", "1393"),
        # Exact conversions of full dates, on both sides of Nowruz.
        ("2019-03-20", "en", "29 Esfand 1397"),
        ("2019-03-21", "en", "1 Farvardin 1398"),
        ("2013-12-18", "fa", "۲۷ آذر ۱۳۹۲"),
        (dt.date(2026, 2, 1), "en", "12 Bahman 1404"),
        # Month precision: the Jalali month of the Gregorian month's 15th.
        ("2019-08", "en", "Mordad 1398"),
        (None, "fa", "بی‌تاریخ"),
        (None, "en", "undated"),
    ],
)
def test_jalali(value: object, lang: str, expected: str) -> None:
    assert jalali(value, lang) == expected


def test_jalali_accepts_missing_values_from_pandas() -> None:
    pd = pytest.importorskip("pandas")
    assert jalali(pd.NA, "en") == "undated"
    assert jalali(float("nan"), "en") == "undated"
    assert jalali(pd.array([2019], dtype="Int64")[0], "en") == "1398"


def test_jalali_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="YYYY"):
        jalali("last spring", "en")


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (2019, "fa", "۱۳۹۸ (۲۰۱۹ م)"),
        (2019, "en", "2019 (1398 SH)"),
        (None, "en", "undated"),
    ],
)
def test_gregorian_and_jalali(value: object, lang: str, expected: str) -> None:
    assert gregorian_and_jalali(value, lang) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("technical", "fa", "همکاری فنی"),
        ("cultural", "fa", "تبادل فرهنگی"),
        ("transit", "en", "Transit"),
        ("sister", "fa", "خواهرخواندگی"),
        ("partner", "en", "Partnership"),
        ("signed", "en", "Signed"),
        ("historical", "en", "Historical"),
        ("wikidata", "fa", "ویکی‌داده"),
        ("user", "en", "User-entered"),
    ],
)
def test_label(value: str, lang: str, expected: str) -> None:
    assert label(value, lang) == expected


def test_label_covers_every_enum_value() -> None:
    for values in i18n.ENUM_LABEL_KEYS.values():
        for value in values:
            for lang in LANGS:
                assert label(value, lang)


def test_label_accepts_enum_members() -> None:
    from enum import StrEnum

    class Kind(StrEnum):
        TECHNICAL = "technical"

    assert label(Kind.TECHNICAL, "en") == "Technical"


def test_label_refuses_unknown_values() -> None:
    with pytest.raises(ValueError, match="tourism"):
        label("tourism", "en")


def test_enum_labels_match_the_model() -> None:
    model = pytest.importorskip("graph.model")
    for prefix, enum_name in (
        ("kind", "Kind"),
        ("relation", "Relation"),
        ("status", "Status"),
        ("evidence", "Evidence"),
    ):
        enum = getattr(model, enum_name, None)
        if enum is None:
            pytest.skip(f"graph.model has no {enum_name}")
        assert {m.value for m in enum} == set(i18n.ENUM_LABEL_KEYS[prefix]), enum_name


def test_i18n_does_not_import_streamlit() -> None:
    text = Path(i18n.__file__).read_text(encoding="utf-8")
    assert "streamlit" not in re.sub(r'""".*?"""', "", text, flags=re.S)
