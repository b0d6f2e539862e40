"""Tables as the reader sees them: DataFrames with column names and values in the page's
language (labels, names, both calendars, Persian digits), for st.dataframe and st.table.

The numbers and rows come from ``graph``; only the wording is decided here. The Statistics
and City card tables are ``graph.views``'s own (:mod:`graph.views.statistics`,
:mod:`graph.views.city`); the Browse grid's column set-up is :mod:`ui.widgets.table_editor`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from graph.analysis.opportunities import TERMS
from graph.i18n import digits, gregorian_and_jalali, jalali, join_list, label, t
from graph.i18n.changelog import action_label
from graph.io.edits import EDITABLE
from graph.io.rules import cell_text
from graph.model import KINDS
from graph.names import city_name, listed_name
from graph.places.countries import country_name
from graph.store.changes import ConflictError
from graph.views.city import evidence_text
from graph.views.opportunities import times_likelier

ISSUE_COLUMNS = ("row", "column", "value", "problem", "fix")
# the columns of the Data page's tables, per table (editable ones: graph.io.edits.EDITABLE)
GRID_COLUMNS = {
    "ties": (
        "partner_a",
        "partner_b",
        "relation",
        "status",
        "since",
        "evidence",
        "sources",
        "note",
        "origin",
        "version",
    ),
    "exchanges": (
        "partner_a",
        "partner_b",
        "date",
        "date_both",
        "kind",
        "intensity",
        "title",
        "source",
        "evidence",
        "note",
        "origin",
    ),
    "cities": ("name_en", "name_fa", "country", "population", "lat", "lon", "note", "origin"),
}
LOG_COLUMNS = ("batch_id", "at", "who", "action", "description", "rows", "undone_by")


def separator(lang: str) -> str:
    """Between reasons in one cell: a semicolon, Persian or Latin."""
    return "؛ " if lang == "fa" else "; "


def _number(value: float, lang: str, ndigits: int) -> str:
    return digits(round(value, ndigits), lang, ndigits=ndigits)


def with_field_names(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with its stored column names (``data.field.*``) in ``lang``."""
    return frame.rename(columns={c: t(f"data.field.{c}", lang) for c in frame.columns})


# --- Overview -----------------------------------------------------------------------------
def headline_cards(summary: Mapping[str, Any], lang: str) -> list[tuple[str, str, str, str]]:
    """The Overview's four numbers as (label, value, delta, help): Iranian cities, foreign
    partners, Tehran's partners, ties not yet verified."""
    partners = summary["article_foreign_partners"]
    tehran = summary["article_tehran_partners"]
    return [
        (
            t("metric.iranian_cities", lang),
            digits(summary["iranian_cities"], lang),
            t("metric.iranian_cities.delta", lang, n=summary["international_ties"]),
            t("metric.iranian_cities.help", lang),
        ),
        (
            t("metric.foreign_partners", lang),
            digits(summary["foreign_partners"], lang),
            t("metric.foreign_partners.delta", lang, n=partners),
            t("metric.foreign_partners.help", lang, n=partners),
        ),
        (
            t("metric.tehran_partners", lang),
            digits(summary["tehran_partners"], lang),
            t("metric.tehran_partners.delta", lang, n=tehran),
            t("metric.tehran_partners.help", lang, n=tehran),
        ),
        (
            t("metric.unverified", lang),
            digits(summary["unverified"], lang),
            t("metric.unverified.delta", lang, total=summary["ties"]),
            t("metric.unverified.help", lang),
        ),
    ]


# --- Opportunities --------------------------------------------------------------------------
def dormant_table(rows: list[dict], lang: str, one_city: bool) -> pd.DataFrame:
    """Dormant ties: the cities, why, relation, since, evidence, last exchange. For one
    Iranian city its name, the same in every row, is left out."""

    def when(value: Any) -> str:
        return t("opp.never", lang) if value is None else gregorian_and_jalali(str(value), lang)

    sep = separator(lang)
    table = pd.DataFrame(
        {
            t("opp.col.iranian_city", lang): [r["name_a"] for r in rows],
            t("opp.col.partner", lang): [r["name_b"] for r in rows],
            t("city.col.country", lang): [country_name(r["country_b"], lang) for r in rows],
            t("opp.col.why", lang): [sep.join(r["reasons"]) for r in rows],
            t("city.col.relation", lang): [label(r["relation"], lang) for r in rows],
            t("city.col.since", lang): [
                "–" if r["since"] is None else gregorian_and_jalali(str(r["since"]), lang)
                for r in rows
            ],
            t("city.col.evidence", lang): [evidence_text(r["evidence"], lang) for r in rows],
            t("city.col.last", lang): [when(r["last_exchange"]) for r in rows],
        }
    )
    return table.drop(columns=[t("opp.col.iranian_city", lang)]) if one_city else table


def underused_table(
    rows: list[dict], lang: str, one_city: bool, reasons: Callable[[dict], list[str]]
) -> pd.DataFrame:
    """Underused ties: the tie's evidence, expected activity with its 95% range, recorded
    activity, the gap, and ``reasons(row)``."""
    sep = separator(lang)
    table = pd.DataFrame(
        {
            t("opp.col.iranian_city", lang): [r["name_a"] for r in rows],
            t("opp.col.partner", lang): [r["name_b"] for r in rows],
            t("opp.col.evidence", lang): [evidence_text(r["evidence"], lang) for r in rows],
            t("opp.col.expected", lang): [_number(r["expected"], lang, 1) for r in rows],
            t("opp.col.interval", lang): [
                f"{digits(int(r['interval'][0]), lang)}–{digits(int(r['interval'][1]), lang)}"
                for r in rows
            ],
            t("opp.col.actual", lang): [_number(r["actual"], lang, 1) for r in rows],
            t("opp.col.gap", lang): [_number(r["gap"], lang, 1) for r in rows],
            t("opp.col.drivers", lang): [sep.join(reasons(r)) for r in rows],
        }
    )
    return table.drop(columns=[t("opp.col.iranian_city", lang)]) if one_city else table


def model_table(coefficients: Mapping[str, dict], lang: str) -> pd.DataFrame:
    """The exchange model's terms: estimate with its 95% interval, effect of doubling."""
    terms = [f"kind_{k}" for k in KINDS] + list(TERMS)
    return pd.DataFrame(
        {
            t("opp.col.term", lang): [t(f"opp.term.{n}", lang) for n in terms],
            t("opp.col.estimate", lang): [
                _number(coefficients[n]["estimate"], lang, 3) for n in terms
            ],
            t("opp.col.low", lang): [_number(coefficients[n]["low"], lang, 3) for n in terms],
            t("opp.col.high", lang): [_number(coefficients[n]["high"], lang, 3) for n in terms],
            t("opp.col.doubling", lang): [
                "–"
                if n.startswith("kind_")
                else "×" + _number(2 ** coefficients[n]["estimate"], lang, 2)
                for n in terms
            ],
        }
    )


def suggestions_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """Suggested partners, best first: rank, city, country, times likelier than a random
    city, why."""
    sep = separator(lang)
    return pd.DataFrame(
        {
            t("stats.col.rank", lang): [digits(i, lang) for i in range(1, len(rows) + 1)],
            t("stats.col.city", lang): [city_name(r, lang) for r in rows],
            t("city.col.country", lang): [country_name(r["country"], lang) for r in rows],
            t("opp.col.score", lang): ["×" + times_likelier(r["likelier"], lang) for r in rows],
            t("opp.col.why", lang): [sep.join(r["reasons"]) for r in rows],
        }
    )


def evaluation_table(evaluation: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """The suggestion model's held-out figures beside the baselines', one row per method."""
    methods = {"model": evaluation, **evaluation["baselines"]}
    return pd.DataFrame(
        {
            t("opp.card.col.method", lang): [t(f"opp.method.{m}", lang) for m in methods],
            t("opp.card.col.auc", lang): [_number(f["auc"], lang, 3) for f in methods.values()],
            t("opp.card.col.hard", lang): [
                _number(f["auc_hard"], lang, 3) for f in methods.values()
            ],
            t("opp.card.col.ap", lang): [
                _number(f["average_precision"], lang, 3) for f in methods.values()
            ],
            t("opp.card.col.hits", lang): [
                _number(f["hits_at_10"], lang, 3) for f in methods.values()
            ],
            t("opp.card.col.mrr", lang): [_number(f["mrr"], lang, 3) for f in methods.values()],
        }
    )


# --- Map ------------------------------------------------------------------------------------
def map_partner_table(rows: list[dict], lang: str) -> pd.DataFrame:
    """The Map's city card: partners, relation, since, evidence, exchanges by kind."""

    def exchanges_text(row: dict) -> str:
        counts = row["exchanges_by_kind"]
        parts = [f"{label(k, lang)} {digits(counts[k], lang)}" for k in KINDS if counts[k]]
        return join_list(parts, lang) if parts else digits(0, lang)

    return pd.DataFrame(
        {
            t("mapview.col.partner", lang): [
                f"{listed_name(r, lang)} ({country_name(r['country'], lang)})" for r in rows
            ],
            t("mapview.col.relation", lang): [label(r["relation"], lang) for r in rows],
            t("mapview.col.since", lang): [
                jalali(r["since"], lang) if lang == "fa" or r["since"] is None else str(r["since"])
                for r in rows
            ],
            t("mapview.col.evidence", lang): [label(r["evidence"], lang) for r in rows],
            t("mapview.col.exchanges", lang): [exchanges_text(r) for r in rows],
        }
    )


# --- Data page ------------------------------------------------------------------------------
def browse_table(raw: pd.DataFrame, what: str, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """A stored table as a viewer reads it (stored column names, translated values):
    partners by name, choices by label, sources joined, dates in both calendars."""
    frame = raw.copy()
    if what == "ties":
        frame["sources"] = frame["sources"].map(" | ".join)
        frame["since"] = frame["since"].map(lambda y: "" if pd.isna(y) else str(int(y)))
    elif what == "exchanges":
        frame["date"] = frame["date"].map(lambda d: gregorian_and_jalali(d, lang))
    else:
        frame["name_fa"] = frame["name_fa"].fillna("")
    if what != "cities":
        frame["partner_a"] = frame["city_a"].map(names)
        frame["partner_b"] = frame["city_b"].map(names)
        for column in ("relation", "status", "evidence", "kind"):
            if column in frame:
                frame[column] = frame[column].map(lambda v: label(v, lang))
    return frame[[c for c in GRID_COLUMNS[what] if c in frame]]


def import_preview(records: list[dict], kind: str, names: Mapping[str, str], lang: str):
    """The first rows of an accepted file, as the Browse tab would show them."""
    preview = pd.DataFrame(records[:200])
    preview["partner_a"] = preview["city_a"].map(names)
    preview["partner_b"] = preview["city_b"].map(names)
    return with_field_names(preview[[c for c in GRID_COLUMNS[kind] if c in preview]], lang)


def import_issues_table(
    issues: list[dict], lang: str, columns: tuple[str, ...] = ISSUE_COLUMNS
) -> pd.DataFrame:
    """A file's problems: row, the column as the file's own header names it, value, why, fix."""
    frame = pd.DataFrame(issues)
    if "header" in frame:  # the column as the file's own header names it
        frame["column"] = frame["header"].where(frame["header"] != "", frame["column"])
    frame = frame.reindex(columns=list(columns))
    frame["row"] = frame["row"].map(lambda r: "" if r is None else digits(int(r), lang))
    return frame.rename(columns={c: t(f"data.col.{c}", lang) for c in columns})


def change_log_table(batches: list[dict], described: Mapping[Any, str], lang: str):
    """The change log: batch, when (both calendars), who, what, rows, undone by."""
    log = pd.DataFrame(batches)[list(LOG_COLUMNS)]
    log["description"] = log["batch_id"].map(described)
    log["at"] = log["at"].map(
        lambda v: gregorian_and_jalali(str(v)[:10], lang) + " " + digits(str(v)[11:16], lang)
    )
    log["action"] = log["action"].map(lambda a: action_label(a, lang))
    for column in ("batch_id", "rows", "undone_by"):
        log[column] = log[column].map(lambda v: "" if pd.isna(v) else digits(str(int(v)), lang))
    return log.rename(columns={c: t(f"data.log.{c}", lang) for c in log.columns})


def grid_issues_table(
    issues: list[dict], lang: str, row_label: Callable[[Any], str]
) -> pd.DataFrame:
    """A refused save's problems: the row as the reader knows it, the column by its name."""
    shown = pd.DataFrame(issues, columns=list(ISSUE_COLUMNS))
    shown["row"] = shown["row"].map(row_label)
    shown["column"] = shown["column"].map(lambda c: t(f"data.field.{c}", lang) if c else "")
    return shown.rename(columns={c: t(f"data.col.{c}", lang) for c in ISSUE_COLUMNS})


def both_versions_table(exc: ConflictError, what: str, lang: str) -> pd.DataFrame:
    """A conflicting save: the stored row (theirs) above the editor's (mine)."""
    columns = list(EDITABLE[what]) + (["version"] if what == "ties" else [])
    both = pd.DataFrame(
        [
            {c: cell_text(exc.theirs.get(c)) for c in columns},
            {c: cell_text(exc.mine.get(c)) for c in columns},
        ],
        index=[t("data.edit.theirs", lang), t("data.edit.mine", lang)],
    )
    return both.rename(columns={c: t(f"data.field.{c}", lang) for c in columns})


def exchange_issues_table(issues: list[dict], lang: str) -> pd.DataFrame:
    """A refused new exchange's problems, located by the form's field names."""

    def field_label(column: str) -> str:
        if not column:
            return ""
        if column in ("city_a", "city_b"):
            return t(f"addx.{column}", lang)
        return t(f"data.field.{column}", lang)

    columns = ("column", "value", "problem", "fix")
    frame = pd.DataFrame(issues).reindex(columns=list(columns))
    frame["column"] = frame["column"].map(field_label)
    return frame.rename(columns={c: t(f"data.col.{c}", lang) for c in columns})


def check_table(findings: list, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The data check's findings (:class:`graph.places.country_check.CityFinding`) as a
    table: the city and countries by name in ``lang``, the finding in words."""
    rows = [
        {
            "city": names.get(f.city_id) or f.name_en,
            "country": country_name(f.country, lang),
            "status": t(f"check.status.{f.status}", lang),
            "lat": "" if f.lat is None else digits(f.lat, lang, 4),
            "lon": "" if f.lon is None else digits(f.lon, lang, 4),
            "km": "" if f.km is None else digits(f.km, lang, 1),
            "found": country_name(f.found, lang),
        }
        for f in findings
    ]
    columns = ("city", "country", "status", "lat", "lon", "km", "found")
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.rename(columns={c: t(f"check.col.{c}", lang) for c in columns})
