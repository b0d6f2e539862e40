"""Add a city to the store from the offline gazetteer (Data page, Add tab).

The editor searches GeoNames' names in any language (``graph.places.gazetteer``), picks one
place, confirms or types its Persian name (the gazetteer's spellings are only offered)
and adds it; the addition is recorded in the change log and can be undone there.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.i18n import digits, t
from graph.io.cities import CityExists, InvalidCity, add_city
from graph.places.countries import COUNTRIES, country_name
from graph.places.gazetteer import Gazetteer, Place, load_gazetteer
from graph.store.engine import Store
from ui import data
from ui.safe_text import md
from ui.state import GAZ_ADD, GAZ_ADDED, GAZ_CHOICE, GAZ_COUNTRY, GAZ_NAME_FA, GAZ_QUERY, keep
from ui.style import text_align

RESULTS = 10


@st.cache_resource(show_spinner=False)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per server process and shared by all sessions."""
    return load_gazetteer()


def _results_table(places: list[Place], stored: set[int], lang: str) -> pd.DataFrame:
    separator = "؛ " if lang == "fa" else "; "  # GeoNames' names may hold commas
    rows = [
        {
            t("gaz.col.name", lang): p.name_en,
            t("gaz.col.names_fa", lang): separator.join(p.names_fa[:3]),
            t("gaz.col.country", lang): country_name(p.country, lang),
            t("gaz.col.population", lang): digits(p.population, lang) if p.population else "",
            t("gaz.col.coordinates", lang): coordinates(p.lat, p.lon, lang),
            t("gaz.col.stored", lang): t("gaz.stored_yes", lang) if p.geonameid in stored else "",
        }
        for p in places
    ]
    return pd.DataFrame(rows)


def coordinates(lat: float, lon: float, lang: str) -> str:
    """«۳۷٫۴۷۴ شمالی، ۹۷٫۲۴۴ غربی» / "37.474 N, 97.244 W": no minus sign for bidi to move."""
    return t(
        "gaz.coordinates",
        lang,
        lat=digits(abs(lat), lang, 3),
        ns=t("gaz.north" if lat >= 0 else "gaz.south", lang),
        lon=digits(abs(lon), lang, 3),
        ew=t("gaz.east" if lon >= 0 else "gaz.west", lang),
    )


def _label(place: Place, lang: str) -> str:
    persian = f" ({place.names_fa[0]})" if place.names_fa else ""
    population = digits(place.population, lang) if place.population else "?"
    return t(
        "gaz.describe",
        lang,
        name=place.name_en + persian,
        country=country_name(place.country, lang),
        population=population,
    )


def add_city_box(store: Store, editor: str, lang: str) -> None:
    """Search the gazetteer, pick a place, confirm its names, add it (audited)."""
    align = text_align(lang)
    st.subheader(t("gaz.title", lang), text_alignment=align)
    st.caption(t("gaz.intro", lang), text_alignment=align)
    added = st.session_state.pop(GAZ_ADDED, None)  # (geonameid, message) of the last addition
    left, right = st.columns([3, 2])
    query = left.text_input(
        t("gaz.search", lang), help=t("gaz.search_help", lang), **keep(GAZ_QUERY)
    )
    codes = sorted(COUNTRIES, key=lambda c: country_name(c, lang))
    country = right.selectbox(
        t("gaz.country", lang),
        ["", *codes],
        format_func=lambda c: country_name(c, lang) if c else t("gaz.country_any", lang),
        **keep(GAZ_COUNTRY),
    )
    st.caption(t("gaz.source", lang), text_alignment=align)
    if not query.strip():
        return
    with st.spinner(t("gaz.loading", lang)):
        places = gazetteer().search(query, country or None, limit=RESULTS)
    if not places:
        st.info(t("gaz.no_results", lang))
        return
    cities = store.cities()
    stored = {int(v) for v in cities["geonameid"].dropna()}
    st.dataframe(_results_table(places, stored, lang), hide_index=True, width="stretch")
    index = st.selectbox(
        t("gaz.choose", lang),
        range(len(places)),
        format_func=lambda i: _label(places[i], lang),
        key=GAZ_CHOICE,
    )
    place = places[index or 0]
    if added and added[0] == place.geonameid:
        st.success(added[1])  # where the editor clicked, not scrolled out of sight
        return
    if added:
        st.success(added[1])
    if place.geonameid in stored:
        st.info(t("gaz.already", lang))
        return
    name_fa = st.text_input(
        t("gaz.name_fa", lang),
        value=place.names_fa[0] if place.names_fa else "",
        key=GAZ_NAME_FA.format(geonameid=place.geonameid),
        help=t("gaz.name_fa_help", lang),
    )
    if not st.button(t("gaz.add", lang), type="primary", key=GAZ_ADD):
        return
    fields = {
        "geonameid": place.geonameid,
        "name_en": place.name_en,
        "name_fa": name_fa.strip() or None,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "population": place.population or None,
    }
    try:
        batch = add_city(store, fields, editor)
    except CityExists as exc:
        params = {**exc.params, "country": country_name(exc.params["country"], lang)}
        st.error(t(exc.key, lang, **{k: md(v) for k, v in params.items()}))
    except InvalidCity as exc:
        st.error(t(exc.key, lang, **{k: md(v) for k, v in exc.params.items()}))
    else:
        data.data_version.clear()
        name = (name_fa.strip() or place.name_en) if lang == "fa" else place.name_en
        message = t("gaz.added", lang, name=md(name), batch=digits(batch, lang))
        st.session_state[GAZ_ADDED] = (place.geonameid, message)
        st.rerun()
