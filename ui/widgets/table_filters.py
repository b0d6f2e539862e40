"""Filters of the Data page's Browse tab: a few lists per table (relation, status, kind,
evidence, country), "only rows editors changed", and the sidebar's Iranian cities."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER, STATUS_ORDER
from graph.i18n import label, t
from graph.places.countries import country_name
from ui.state import DATA_FILTER, DATA_FILTER_EDITED, keep

# table -> (column, its values, in the map's filter order) offered as a multiselect;
# nothing chosen means all
CHOICES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "ties": (("relation", RELATION_ORDER), ("status", STATUS_ORDER), ("evidence", EVIDENCE_ORDER)),
    "exchanges": (("kind", KIND_ORDER), ("evidence", EVIDENCE_ORDER)),
    "cities": (),
}


def filter_rows(
    raw: pd.DataFrame, what: str, lang: str, iran_cities: tuple[str, ...]
) -> tuple[pd.DataFrame, str]:
    """Draw the filters of table ``what`` and return its rows that pass them, with a short
    signature of the filters (for widget keys that must change when they do)."""
    chosen: dict[str, list[str]] = {}
    lists = list(CHOICES[what])
    if what == "cities":
        codes = sorted(raw["country"].dropna().unique(), key=lambda c: country_name(c, lang))
        lists.append(("country", tuple(codes)))
    columns = st.columns(len(lists) + 1, vertical_alignment="bottom")
    for column, (field, values) in zip(columns, lists, strict=False):
        shown = (
            (lambda v: country_name(v, lang)) if field == "country" else (lambda v: label(v, lang))
        )
        chosen[field] = column.multiselect(
            t(f"data.field.{field}", lang),
            values,
            format_func=shown,
            placeholder=t("data.filter.all", lang),
            **keep(
                DATA_FILTER.format(what=what, field=field),
                valid=lambda v, values=values: set(v) <= set(values),
            ),
        )
    edited_only = columns[-1].toggle(
        t("data.filter.edited", lang),
        help=t("data.filter.edited_help", lang),
        **keep(DATA_FILTER_EDITED.format(what=what)),
    )
    passes = pd.Series(True, index=raw.index)
    for field, values in chosen.items():
        if values:
            passes &= raw[field].isin(values)
    if edited_only:
        passes &= raw["origin"] == "user"
    if iran_cities and what != "cities":
        passes &= raw["city_a"].isin(iran_cities) | raw["city_b"].isin(iran_cities)
    parts = [",".join(v) for v in chosen.values()] + [str(edited_only), ",".join(iran_cities)]
    return raw[passes], hashlib.sha1("|".join(parts).encode()).hexdigest()[:10]
