"""The suggestion model's calibration figure, in Persian and English."""

from __future__ import annotations

import pytest

from graph.i18n import t
from graph.views.opportunities import calibration_figure

ROWS = [
    {"predicted": 0.1, "observed": 0.05, "pairs": 400},
    {"predicted": 0.5, "observed": 0.6, "pairs": 120},
    {"predicted": 0.9, "observed": 0.85, "pairs": 300},
]


@pytest.mark.parametrize(("lang", "x_range"), [("en", (0, 1)), ("fa", (1, 0))])
def test_calibration_figure(lang, x_range):
    fig = calibration_figure(ROWS, lang)
    diagonal, points = fig.data
    assert list(diagonal.x) == [0, 1] and list(diagonal.y) == [0, 1]
    assert list(points.x) == [r["predicted"] for r in ROWS]
    assert list(points.y) == [r["observed"] for r in ROWS]
    assert tuple(fig.layout.xaxis.range) == x_range
    assert fig.layout.xaxis.title.text == t("opp.card.predicted", lang)
    assert fig.layout.yaxis.title.text == t("opp.card.observed", lang)
    if lang == "fa":
        assert "۴۰۰" in points.hovertext[0]
