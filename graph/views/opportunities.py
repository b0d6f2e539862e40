"""The Opportunities page's figure: the suggestion model's calibration plot."""

from __future__ import annotations

import plotly.graph_objects as go

from graph.i18n import digits, t
from graph.views.style import FONT_FAMILY

__all__ = ["calibration_figure"]


def calibration_figure(calibration: list[dict], lang: str) -> go.Figure:
    """Stated chance against the share of real ties, one point per group of test pairs
    (``calibration`` rows: ``predicted``, ``observed``, ``pairs``), beside the diagonal."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            line={"color": "#999", "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    hover = [
        f"{digits(round(r['predicted'], 2), lang, 2)} → {digits(round(r['observed'], 2), lang, 2)}"
        f" ({digits(int(r['pairs']), lang)})"
        for r in calibration
    ]
    fig.add_trace(
        go.Scatter(
            x=[r["predicted"] for r in calibration],
            y=[r["observed"] for r in calibration],
            mode="lines+markers",
            marker={"color": "#0072B2", "size": 9},
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    rtl = lang == "fa"
    fig.update_layout(
        height=320,
        margin={"l": 50, "r": 20, "t": 20, "b": 50},
        font={"family": FONT_FAMILY},
        # in Persian the chance grows leftwards, as the text reads
        xaxis={"title": t("opp.card.predicted", lang), "range": [1, 0] if rtl else [0, 1]},
        yaxis={
            "title": t("opp.card.observed", lang),
            "range": [0, 1],
            "side": "right" if rtl else "left",
        },
    )
    return fig
