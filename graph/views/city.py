"""What the City page draws from a city card: tables, the sources list and the timeline.

Every text comes from :mod:`graph.i18n`; every string from data is escaped where it
becomes HTML (the sources list and the timeline's hover labels). Only ``http(s)`` source
links are made clickable; anything else (a book, "Tehran municipality letter") stays text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from graph.analysis.city import untied_exchange_partners
from graph.analysis.metrics import rank_among
from graph.i18n import digits, gregorian_and_jalali, label, t
from graph.model import KINDS, parse_source
from graph.names import city_name, listed_name
from graph.places.countries import country_name
from graph.views.style import FONT_FAMILY, KIND_COLOURS, TIME_AXIS

__all__ = [
    "CARD_METRICS",
    "evidence_text",
    "exchange_timeline",
    "metric_table",
    "partner_table",
    "source_html",
    "sources_html",
]

# Metrics shown on the card with their rank among Iranian cities, and their decimals.
CARD_METRICS: tuple[tuple[str, int | None], ...] = (
    ("partners", None),
    ("strength_technical", 2),
    ("strength_cultural", 2),
    ("strength_transit", 2),
    ("betweenness", 3),
    ("eigenvector", 3),
    ("constraint", 3),
)


def evidence_text(evidence: str, lang: str) -> str:
    """The evidence tier with its badge: Wikidata-only ties are "unverified", Wikipedia
    ties "encyclopedia only".

    >>> evidence_text("wikipedia", "en"), evidence_text("official", "en")
    ('Wikipedia · encyclopedia only', 'Official')
    """
    badge = {"wikidata": "badge.unverified", "wikipedia": "badge.encyclopedia_only"}.get(evidence)
    text = label(evidence, lang)
    return f"{text} · {t(badge, lang)}" if badge else text


def _when(value, lang: str) -> str:
    if value is None or value != value:
        return "–"
    return gregorian_and_jalali(str(value), lang)


def partner_table(card: dict, lang: str) -> pd.DataFrame:
    """One row per partner: name, country, relation, since (both calendars), status,
    evidence with badge, exchanges per kind, last exchange, direct air routes."""
    rows = []
    for p in card["partners"]:
        row = {
            t("city.col.partner", lang): listed_name(p, lang),
            t("city.col.country", lang): country_name(p.get("country") or "", lang),
            t("city.col.relation", lang): label(p["relation"], lang),
            t("city.col.since", lang): _when(p.get("since"), lang),
            t("city.col.status", lang): label(p["status"], lang),
            t("city.col.evidence", lang): evidence_text(p["evidence"], lang),
        }
        for kind in KINDS:
            row[label(kind, lang)] = digits(int(p["exchanges_by_kind"].get(kind, 0)), lang)
        row[t("city.col.last", lang)] = _when(p.get("last_exchange"), lang)
        row[t("city.col.routes", lang)] = digits(int(p.get("routes") or 0), lang)
        rows.append(row)
    return pd.DataFrame(rows)


def source_html(source: str) -> str:
    """One source as HTML: its title as a link (http(s) links only; the address shows on
    hover), then its note. Everything from the data is escaped.

    >>> shown = source_html("https://a.example/x?q=1&r=2 (via b.example)")
    >>> shown.startswith('<a href="https://a.example/x?q=1&amp;r=2" title=')
    True
    >>> shown.endswith('>a.example</a> <span style="color:#666">(via b.example)</span>')
    True
    >>> source_html("javascript:alert(1)")
    'javascript:alert(1)'
    """
    parsed = parse_source(source)
    title = html.escape(parsed.title)
    if parsed.url:
        href = html.escape(parsed.url, quote=True)
        title = (
            f'<a href="{href}" title="{href}" target="_blank" '
            f'rel="noopener noreferrer">{title}</a>'
        )
    if parsed.note:
        title += f' <span style="color:#666">({html.escape(parsed.note)})</span>'
    return title


def sources_html(card: dict, lang: str) -> str:
    """The evidence of every tie as an HTML list: each source's title as a link, then its
    note (:func:`graph.model.parse_source`); only http(s) sources are links.

    >>> card = {"partners": [{"name_en": "<b>X</b>", "evidence": "news",
    ...          "sources": ["https://a.example/?q=1&r=2", "javascript:alert(1)"]}]}
    >>> html_text = sources_html(card, "en")
    >>> '<a href="https://a.example/?q=1&amp;r=2"' in html_text, "<b>X" in html_text
    (True, False)
    >>> 'href="javascript' in html_text
    False
    """
    side = "rtl" if lang == "fa" else "ltr"
    items = []
    for p in card["partners"]:
        links = [f"<bdi>{source_html(str(s))}</bdi>" for s in p.get("sources") or []]
        shown = "<br>".join(links) if links else html.escape(t("city.no_source", lang))
        items.append(
            f"<li><b>{html.escape(city_name(p, lang))}</b> "
            f"({html.escape(evidence_text(p['evidence'], lang))})"
            f'<div dir="ltr" style="font-size:0.85em">{shown}</div></li>'
        )
    return f'<ul dir="{side}" style="font-family:{FONT_FAMILY}">{"".join(items)}</ul>'


def _day(text: str) -> date:
    parts = [int(x) for x in str(text).split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)


def exchange_timeline(
    exchanges: pd.DataFrame,
    city_id: str,
    names: dict[str, dict],
    lang: str,
    partners: Iterable[str] | None = None,
) -> go.Figure:
    """The city's dated exchanges over time: one row per city, colour by kind, size by
    intensity. ``names`` maps city ids to rows with ``name_en``/``name_fa``. With
    ``partners`` (the city's tied partners), a city it has exchanges with but no tie to
    is marked "(no tie)" on its row and in its hovers
    (:func:`graph.analysis.city.untied_exchange_partners`)."""
    untied = (
        set(untied_exchange_partners(exchanges, city_id, partners))
        if partners is not None
        else set()
    )

    def row_name(other: str, escape: bool = False) -> str:
        name = city_name(names.get(other, {"name_en": other}), lang, escape=escape)
        return t("city.timeline.no_tie", lang, city=name) if other in untied else name

    mine = exchanges[(exchanges["city_a"] == city_id) | (exchanges["city_b"] == city_id)]
    mine = mine[mine["date"].notna()]
    fig = go.Figure()
    first, last = None, None
    for kind in KINDS:
        part = mine[mine["kind"] == kind]
        if part.empty:
            continue
        others = [
            b if a == city_id else a for a, b in zip(part["city_a"], part["city_b"], strict=True)
        ]
        when = [_day(d) for d in part["date"]]
        first = min([first, *when] if first else when)
        last = max([last, *when] if last else when)
        hover = [
            "<b>{}</b><br>{}<br>{}<br>{}".format(
                # quote=False: plotly shows &quot; literally
                html.escape(str(title), quote=False),
                row_name(o, escape=True),
                html.escape(gregorian_and_jalali(d, lang)),
                html.escape(t("city.timeline.intensity", lang, n=int(i))),
            )
            for title, o, d, i in zip(
                part["title"], others, part["date"], part["intensity"], strict=True
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=when,
                y=[row_name(o) for o in others],
                mode="markers",
                name=label(kind, lang),
                marker={
                    "color": KIND_COLOURS[kind],
                    "size": [8 + 5 * int(i) for i in part["intensity"]],
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                hovertext=hover,
                hoverinfo="text",
            )
        )
    rtl = lang == "fa"
    years = _tick_years(first.year, last.year + 1) if first else []
    fig.update_layout(
        template="plotly_white",
        font={"family": FONT_FAMILY, "size": 13},
        title={
            "text": html.escape(t("city.timeline.title", lang)),
            "x": 0.99 if rtl else 0.01,
            "xanchor": "right" if rtl else "left",
        },
        height=max(260, 60 + 26 * mine[["city_a", "city_b"]].drop_duplicates().shape[0]),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={
            "orientation": "h",
            "y": -0.15,
            "x": 1.0 if rtl else 0.0,
            "xanchor": "right" if rtl else "left",
        },
        xaxis={
            "tickmode": "array",
            "tickvals": [date(y, 1, 1) for y in years],
            "ticktext": [_year_tick(y, lang) for y in years],
            **TIME_AXIS,
        },
        yaxis={"side": "right" if rtl else "left", "automargin": True},
    )
    return fig


def _tick_years(first: int, last: int, most: int = 12) -> list[int]:
    """Round years from ``first`` to ``last``, at most ``most`` of them (step 1, 2, 5, 10...).

    >>> _tick_years(2013, 2026)
    [2014, 2016, 2018, 2020, 2022, 2024, 2026]
    >>> _tick_years(1963, 2026)[:3]
    [1970, 1980, 1990]
    """
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if (last - first) / s <= most)
    start = -(-first // step) * step
    return list(range(start, last + 1, step))


def _year_tick(year: int, lang: str) -> str:
    """A year tick in both calendars: "2019<br>1398" / «۱۳۹۸<br>۲۰۱۹»."""
    jalali_year = digits(str(year - 621), lang)
    gregorian = digits(str(year), lang)
    return f"{jalali_year}<br>{gregorian}" if lang == "fa" else f"{gregorian}<br>{jalali_year}"


def metric_table(rows: list[dict], city_id: str, iranian: set, lang: str) -> pd.DataFrame:
    """The card's metrics with the city's rank among the Iranian cities ``iranian``."""
    mine = next((r for r in rows if r["city_id"] == city_id), None)
    out = []
    if mine is None:
        return pd.DataFrame(out)
    ranked = len([r for r in rows if r["city_id"] in iranian])
    for key, decimals in CARD_METRICS:
        value = mine[key]
        shown = (
            "–"
            if value is None
            else (
                digits(int(value), lang)
                if decimals is None
                else digits(round(float(value), decimals), lang, ndigits=decimals)
            )
        )
        rank = rank_among(rows, city_id, iranian, key)
        out.append(
            {
                t("city.col.metric", lang): t(f"city.metric.{key}", lang),
                t("city.col.value", lang): shown,
                t("city.col.rank", lang): "–"
                if rank is None
                else t("city.rank", lang, rank=rank, of=ranked),
            }
        )
    community = mine.get("community")
    out.append(
        {
            t("city.col.metric", lang): t("city.metric.community", lang),
            t("city.col.value", lang): "–" if community is None else digits(community + 1, lang),
            t("city.col.rank", lang): "",
        }
    )
    return pd.DataFrame(out)
