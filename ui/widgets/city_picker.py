"""Choosing a city: one of the Iranian cities with ties, or any city typed by name (City
card), the Iranian city (or all of them) of the Opportunities page, and the sidebar's
Iranian cities. The choices are
kept across pages (:func:`ui.state.keep`); a first visit starts from the sidebar's city."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st

from graph.i18n import t
from graph.model import TEHRAN
from graph.names import AmbiguousCity, CityNotFound, city_name
from graph.places.countries import country_name
from graph.places.lookup import find_city
from ui import state
from ui.safe_text import md
from ui.state import keep


def first_choice(names: Mapping[str, str], iran_cities: tuple[str, ...], fallback: str) -> str:
    """The sidebar's first city that is offered, else Tehran, else ``fallback``."""
    return next((c for c in iran_cities if c in names), TEHRAN if TEHRAN in names else fallback)


def iranian_cities_box(names: Mapping[str, str], lang: str, **kept: Any) -> list[str]:
    """The sidebar's Iranian cities, several at once. Typing a name and pressing Enter
    adds the one best match: Streamlit's "Select all matches" is switched off, since
    «تهران» also matches "District 12 of Tehran" and a council member means Tehran.
    ``kept`` is :func:`ui.state.keep`'s (key and value kept across pages)."""
    return st.multiselect(
        t("sidebar.cities", lang),
        list(names),
        format_func=lambda city_id: names.get(city_id, city_id),
        placeholder=t("sidebar.cities_placeholder", lang),
        help=t("sidebar.cities_help", lang),
        select_all=False,
        **kept,
    )


def city_card_choice(
    names: Mapping[str, str], iran_cities: tuple[str, ...], cities: pd.DataFrame, lang: str
) -> str:
    """The City card's city: the one typed in the search box if it is found (else a
    warning says why), otherwise the one chosen in the list."""
    ids = list(names)
    left, right = st.columns(2)
    chosen = left.selectbox(
        t("city.choose", lang),
        ids,
        format_func=lambda c: names.get(c, c),
        **keep(
            state.CITY_CHOSEN,
            default=first_choice(names, iran_cities, ids[0]),
            valid=lambda c: c in names,
        ),
    )
    query = right.text_input(
        t("city.other", lang), help=t("city.other_help", lang), **keep(state.CITY_QUERY)
    )
    if not query.strip():
        return chosen
    try:
        with st.spinner(t("city.searching", lang)):  # a first unknown name reads GeoNames
            return str(find_city(cities, query)["city_id"])
    except AmbiguousCity as exc:
        comma = "، " if lang == "fa" else "; "
        listed = comma.join(
            f"{city_name(c, lang)}، {country_name(c['country'], lang)}"
            if lang == "fa"
            else f"{city_name(c, lang)}, {country_name(c['country'], lang)}"
            for c in exc.candidates[:6]
        )
        st.warning(t("city.ambiguous", lang, name=md(query), cities=md(listed)))
    except CityNotFound as exc:
        hint = (
            t("city.did_you_mean", lang, names=md(" / ".join(exc.suggestions)))
            if (exc.suggestions)
            else ""
        )
        st.warning(t("city.not_found", lang, name=md(query)) + " " + hint)
    return chosen


def opportunities_city(
    column, names: Mapping[str, str], iran_cities: tuple[str, ...], lang: str
) -> str:
    """The Opportunities page's Iranian city, or :data:`ui.state.OPP_ALL` for all."""
    options = [state.OPP_ALL, *names]
    return column.selectbox(
        t("opp.city", lang),
        options,
        format_func=lambda c: t("opp.all_cities", lang) if c == state.OPP_ALL else names[c],
        **keep(
            state.OPP_CITY,
            default=first_choice(names, iran_cities, state.OPP_ALL),
            valid=lambda c: c in options,
        ),
    )
