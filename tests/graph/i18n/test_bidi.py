"""Mixed-direction text: a Persian sentence with Latin names, digits or links reads in
order whatever direction the renderer starts from. The renderers are stood in for by the
Unicode bidirectional algorithm (python-bidi): plotly's SVG text and Streamlit's canvas
tables start left to right; PowerPoint guesses from the first letter."""

from __future__ import annotations

import re

import pytest
from bidi import get_display

from graph.i18n import t
from graph.i18n.bidi import in_reading_order, no_break, plain

SENTENCES = [
    t("overview.attribution", "fa"),
    "هر دو با Istanbul، London، Saint Petersburg پیوند دارند.",
    "منبع: https://en.wikipedia.org/wiki/List (دیده‌شده ۱۴۰۴)",
    "GeoNames منبع مختصات است (۲۰۲۶).",
    "مسکو (Moscow)<br>پیوند از ۲۰۰۰ (Wikidata, CC0)",
]


LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.,:/ ]*[A-Za-z0-9]|[A-Za-z]")


def _lines(text: str) -> list[str]:
    return text.replace("<br>", "\n").split("\n")


def _reads_right_to_left(logical: str, shown: str) -> bool:
    """Whether ``shown`` (the line as drawn, left to right) reads as Persian does: its
    first word at the right end and every Latin run right of the ones after it."""
    shown = plain(shown)
    runs = LATIN.findall(logical)
    places = []
    for run in runs:
        where = shown.find(run)
        if where < 0:
            return False
        places.append(where)
    first = logical.split()[0]
    starts_persian = not LATIN.match(first)
    head_ok = shown.rstrip().endswith(first[::-1]) if starts_persian else True
    return head_ok and places == sorted(places, reverse=True)


@pytest.mark.parametrize("text", SENTENCES)
def test_a_persian_sentence_reads_right_to_left_in_a_left_to_right_renderer(text):
    """Plotly's SVG text starts left to right: a line shows as
    ``get_display(line, base_dir="L")``. Marked, each line reads right to left, with a
    list of Latin names in the Persian order (the first at the right)."""
    marked = in_reading_order(text, "fa")
    for shown, line in zip(_lines(marked), _lines(text), strict=True):
        assert _reads_right_to_left(line, get_display(shown, base_dir="L")), line


def test_the_footnote_and_a_list_of_names_were_jumbled_without_the_marks():
    for text in (t("overview.attribution", "fa"), SENTENCES[1]):
        assert not _reads_right_to_left(text, get_display(text, base_dir="L"))
    # even a right-to-left paragraph runs a list of Latin names left to right
    assert not _reads_right_to_left(SENTENCES[1], get_display(SENTENCES[1], base_dir="R"))


@pytest.mark.parametrize("text", SENTENCES)
def test_marks_set_the_direction_where_the_renderer_guesses_it(text):
    """PowerPoint runs: the paragraph is rtl, or the direction is guessed from the first
    letter; both read the marked line from the right."""
    marked = in_reading_order(text, "fa", marks=True)
    for shown, line in zip(_lines(marked), _lines(text), strict=True):
        for base in ("R", None):
            drawn = get_display(shown, base_dir=base) if base else get_display(shown)
            assert _reads_right_to_left(line, drawn), (base, line)


def test_english_is_isolated_left_to_right_and_markup_is_untouched():
    text = "Tehran – <b>مسکو</b> &amp; Kazan"
    marked = in_reading_order(text, "en")
    assert plain(marked) == text
    assert plain(get_display(marked, base_dir="R")) == get_display(text, base_dir="L")
    assert "<b>" in in_reading_order("<b>Tehran</b>", "fa")
    assert "&amp;" in in_reading_order("A &amp; B", "fa")


def test_marking_twice_changes_nothing():
    once = in_reading_order(SENTENCES[1], "fa")
    assert in_reading_order(once, "fa") == once


def test_a_factor_stays_on_one_line():
    kept = no_break("× ۱٫۳")
    assert " " not in kept and plain(kept.replace("\u2060", "")) == "×\u00a0۱٫۳"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_reasons_factor_never_wraps_apart_from_its_words(lang):
    """Before, «×۱٫۳» drifted to the next line of the Opportunities reasons column."""
    from graph.analysis.opportunities import driver_reasons

    drivers = [
        {"term": "distance", "value": 850.0, "factor": 1.31},
        {"term": "shared_partners", "value": 2, "factor": 1.27},
    ]
    for reason in driver_reasons(drivers, "تهران", "Moscow", lang):
        tail = reason[reason.index("×") - 1 :]
        assert " " not in tail and tail.startswith("\u00a0×"), reason



def test_signs_are_not_latin_letters():
    """× and ÷ sit among the Latin-1 letters; a factor «×۲٫۰» is not a Latin run."""
    assert in_reading_order("×۲٫۰ ÷", "fa", marks=True) == "\u200f×۲٫۰ ÷"
