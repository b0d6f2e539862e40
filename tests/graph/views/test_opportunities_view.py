"""The suggestion model's calibration figure, in Persian and English."""

from __future__ import annotations

import pytest

from graph.i18n import t
from graph.views.opportunities import calibration_figure, times_likelier

ROWS = [
    {"predicted": 0.2, "observed": 0.25, "pairs": 2_181_046, "partners": 29},
    {"predicted": 16.2, "observed": 12.3, "pairs": 34_878, "partners": 25},
    {"predicted": 3224.4, "observed": 3333.1, "pairs": 108, "partners": 21},
    {"predicted": 9000.0, "observed": 0.0, "pairs": 3, "partners": 0},
]


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_calibration_figure(lang):
    fig = calibration_figure(ROWS, lang)
    diagonal, points = fig.data
    drawn = ROWS[:3]  # a group with no hidden partner has no place on a log scale
    assert list(points.x) == [r["predicted"] for r in drawn]
    assert list(points.y) == [r["observed"] for r in drawn]
    assert diagonal.x[0] < 0.2 and diagonal.x[1] > 3333.1 and list(diagonal.x) == list(diagonal.y)
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "log"
    # in Persian the value grows leftwards, as the text reads
    assert fig.layout.xaxis.autorange == ("reversed" if lang == "fa" else True)
    assert fig.layout.xaxis.title.text == t("opp.card.predicted", lang)
    assert fig.layout.yaxis.title.text == t("opp.card.observed", lang)
    if lang == "fa":
        assert "۳٬۲۰۰" in points.hovertext[2] and "۲۱" in points.hovertext[2]
        assert "۱۰۰۰" in fig.layout.xaxis.ticktext or "۱٬۰۰۰" in fig.layout.xaxis.ticktext
    else:
        assert "3,200" in points.hovertext[2] and "1,000" in fig.layout.xaxis.ticktext


def test_times_likelier_is_written_to_two_figures():
    assert [times_likelier(v, "en") for v in (3224.4, 16.2, 5.23, 0.229)] == [
        "3,200",
        "16",
        "5.2",
        "0.23",
    ]
    assert times_likelier(3224.4, "fa") == "۳٬۲۰۰"
