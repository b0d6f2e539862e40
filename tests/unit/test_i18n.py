"""The fa/en catalogue, Persian digits, Jalali dates and directions (graph/i18n/__init__.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from graph import i18n
from graph.i18n import (
    CATALOGUE,
    DEFAULT_LANG,
    LANGS,
    LATIN_ALLOWED,
    digits,
    direction,
    gregorian_and_jalali,
    jalali,
    label,
    t,
)
from tests.sources import python_files

REPO = Path(__file__).resolve().parents[2]
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


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_key_has_both_languages(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    for lang in LANGS:
        assert entry[lang].strip(), f"{key}: empty {lang} text"


@pytest.mark.parametrize("key", sorted(set(CATALOGUE) - LATIN_ALLOWED))
def test_persian_text_is_persian(key: str) -> None:
    text = CATALOGUE[key]["fa"]
    assert PERSIAN_LETTER.search(text), f"{key}: fa text has no Persian letter: {text!r}"
    assert not ARABIC_FORMS.search(text), f"{key}: use Persian ی and ک, not Arabic: {text!r}"


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_placeholders_match_between_languages(key: str) -> None:
    fields = {lang: set(re.findall(r"{(\w+)}", CATALOGUE[key][lang])) for lang in LANGS}
    assert fields["fa"] == fields["en"], f"{key}: placeholders differ {fields}"


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
