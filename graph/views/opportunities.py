"""The Opportunities page's figure: the suggestion model's calibration plot."""

from __future__ import annotations

import plotly.graph_objects as go

from graph.analysis.suggest import rounded_likelier
from graph.i18n import digits, t
from graph.views.style import FONT_FAMILY

__all__ = ["calibration_figure", "times_likelier"]


def times_likelier(value: float, lang: str) -> str:
    """A "times likelier" to two significant figures, in ``lang``'s digits (3,200; 16; 5.2)."""
    return digits(rounded_likelier(value), lang)


def calibration_figure(calibration: list[dict], lang: str) -> go.Figure:
    """Stated "times likelier than a random city" against the observed, one point per
    group of test candidates (``calibration`` rows: ``predicted``, ``observed``,
    ``pairs``, ``partners``), beside the diagonal; both axes logarithmic."""
    drawn = [r for r in calibration if r["observed"] > 0 and r["predicted"] > 0]
    values = [r[k] for r in drawn for k in ("predicted", "observed")] or [1.0]
    low, high = min(values) / 1.5, max(values) * 1.5
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[low, high],
            y=[low, high],
            mode="lines",
            line={"color": "#999", "dash": "dot"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    hover = [
        t(
            "opp.card.calibration_point",
            lang,
            stated=times_likelier(r["predicted"], lang),
            observed=times_likelier(r["observed"], lang),
            pairs=int(r["pairs"]),
            partners=int(r["partners"]),
        )
        for r in drawn
    ]
    fig.add_trace(
        go.Scatter(
            x=[r["predicted"] for r in drawn],
            y=[r["observed"] for r in drawn],
            mode="lines+markers",
            marker={"color": "#0072B2", "size": 9},
            hovertext=hover,
            hoverinfo="text",
            showlegend=False,
        )
    )
    rtl = lang == "fa"
    ticks = [v for v in (0.1, 1, 10, 100, 1000, 10000) if low <= v <= high]
    tick_text = [digits(v, lang) for v in ticks]
    fig.update_layout(
        height=320,
        margin={"l": 50, "r": 20, "t": 20, "b": 50},
        font={"family": FONT_FAMILY},
        # in Persian the value grows leftwards, as the text reads
        xaxis={
            "title": t("opp.card.predicted", lang),
            "type": "log",
            "autorange": "reversed" if rtl else True,
            "tickvals": ticks,
            "ticktext": tick_text,
        },
        yaxis={
            "title": t("opp.card.observed", lang),
            "type": "log",
            "side": "right" if rtl else "left",
            "tickvals": ticks,
            "ticktext": tick_text,
        },
    )
    return fig
