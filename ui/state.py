"""Session state shared by every page, and the shared sidebar.

Keys are named constants. The canonical values live under these keys; widgets use keys of
their own (``WIDGET_*``) and copy their value back in a callback, so that a value
survives page switches even though Streamlit forgets the state of widgets a run does not
draw. Every page calls :func:`page_setup` (AppTest runs one page file at a time, without
``app.py``).

The language is mirrored in the URL (``?lang=en``), so a link opens in the language it
was shared in.
"""

from __future__ import annotations

import streamlit as st

from graph.i18n import DEFAULT_LANG, LANGS, t
from graph.model import SCOPES

LANG = "lang"
SCOPE = "scope"
IRAN_CITIES = "iran_cities"

DEFAULT_SCOPE = "iran"

WIDGET_LANG = "widget_lang"
WIDGET_SCOPE = "widget_scope"
WIDGET_IRAN_CITIES = "widget_iran_cities"

QUERY_LANG = "lang"


def init_state() -> str:
    """Give every shared key a value (URL first for the language) and return the language."""
    if st.session_state.get(LANG) not in LANGS:
        from_url = st.query_params.get(QUERY_LANG)
        st.session_state[LANG] = from_url if from_url in LANGS else DEFAULT_LANG
    if st.session_state.get(SCOPE) not in SCOPES:
        st.session_state[SCOPE] = DEFAULT_SCOPE
    if not isinstance(st.session_state.get(IRAN_CITIES), list):
        st.session_state[IRAN_CITIES] = []
    lang = st.session_state[LANG]
    if st.query_params.get(QUERY_LANG) != lang:
        st.query_params[QUERY_LANG] = lang
    return lang


def current_lang() -> str:
    """The language of this run (after :func:`init_state`)."""
    return st.session_state.get(LANG, DEFAULT_LANG)


def _copy(widget_key: str, state_key: str) -> None:
    st.session_state[state_key] = st.session_state[widget_key]
    if state_key == LANG:
        st.query_params[QUERY_LANG] = st.session_state[LANG]


def sidebar(iran_city_names: dict[str, str] | None = None) -> None:
    """Draw the shared sidebar: language, scope and the Iranian-city filter.

    ``iran_city_names`` maps city ids to names in the current language, in display
    order; without it (no data) the city filter is left out.
    """
    lang = current_lang()
    st.session_state[WIDGET_LANG] = st.session_state[LANG]
    st.session_state[WIDGET_SCOPE] = st.session_state[SCOPE]
    with st.sidebar:
        st.radio(
            t("sidebar.language", lang),
            LANGS,
            format_func=lambda code: t(f"lang.{code}", lang),
            key=WIDGET_LANG,
            on_change=_copy,
            args=(WIDGET_LANG, LANG),
            horizontal=True,
        )
        st.radio(
            t("sidebar.scope", lang),
            SCOPES,
            format_func=lambda scope: t(f"scope.{scope}", lang),
            key=WIDGET_SCOPE,
            on_change=_copy,
            args=(WIDGET_SCOPE, SCOPE),
        )
        if iran_city_names:
            chosen = [c for c in st.session_state[IRAN_CITIES] if c in iran_city_names]
            st.session_state[IRAN_CITIES] = chosen
            st.session_state[WIDGET_IRAN_CITIES] = chosen
            st.multiselect(
                t("sidebar.cities", lang),
                list(iran_city_names),
                format_func=lambda city_id: iran_city_names.get(city_id, city_id),
                key=WIDGET_IRAN_CITIES,
                on_change=_copy,
                args=(WIDGET_IRAN_CITIES, IRAN_CITIES),
                placeholder=t("sidebar.cities_placeholder", lang),
                help=t("sidebar.cities_help", lang),
            )
