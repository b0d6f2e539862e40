"""Page set-up: state, direction and font, the store, the shared sidebar, the page context.

A page starts with :func:`page_setup` and then only reads state, calls ``graph`` and draws.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from graph.i18n import LANGS, t
from graph.model import SCOPES
from graph.names import city_name
from graph.store.engine import StoreError, masked_text, masked_url
from ui import data, state, style
from ui.cache import Source
from ui.widgets.city_picker import iranian_cities_box

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageContext:
    """What every page needs to know about this run."""

    lang: str
    scope: str
    iran_cities: tuple[str, ...]
    url: str
    version: str | None
    error: str | None
    # Iranian cities with at least one tie, id -> name in ``lang`` (the sidebar's list)
    iranian_names: dict[str, str] = field(default_factory=dict)

    @property
    def source(self) -> Source:
        """The cache key of this run's data (the store at its content version)."""
        return Source(self.url, self.version or "")


def run_through_app_navigation() -> None:
    """Make a page link opened first after the server starts go through ``app.py``.

    Streamlit keeps its old "pages folder" mode until the first run calls
    ``st.navigation``. If a server's first visitor opens ``/map`` directly, Streamlit runs
    ``pages/map.py`` on its own: no shared navigation, file names in the sidebar, no wide
    layout. Leaving that mode and rerunning sends the same link through ``app.py``.
    """
    if PagesManager.uses_pages_directory and entry_script_is_app():
        PagesManager.uses_pages_directory = False
        st.rerun()


def entry_script_is_app() -> bool:
    """True when this server's entry script is ``app.py`` (not a page run by AppTest)."""
    ctx = get_script_run_ctx()
    main = getattr(getattr(ctx, "pages_manager", None), "main_script_path", "") or ""
    return str(main).endswith("app.py")


def page_setup() -> PageContext:
    """Initialise state, set direction and font, open the data, draw the shared sidebar.

    When the store cannot be opened the sidebar is still drawn (the language can be
    changed) and ``error`` says why (the URL's password masked); :func:`stop_on_error`
    then shows every visitor a generic message and stops the page. The reason goes to
    the server's log only: it names the database's host and user.
    """
    run_through_app_navigation()
    lang = state.init_state()
    style.apply_direction(lang)
    url = data.store_url()
    version: str | None = None
    error: str | None = None
    names: dict[str, str] = {}
    try:
        version = data.data_version(url)
        for row in data.iranian_cities_with_ties(url, version).to_dict("records"):
            names[str(row["city_id"])] = city_name(row, lang)
    except StoreError as exc:
        error = masked_url(masked_text(exc, url))
        log.error("the page cannot open the store %s: %s", masked_url(url), error)
    sidebar(names)
    return PageContext(
        lang=lang,
        scope=st.session_state[state.SCOPE],
        iran_cities=tuple(st.session_state[state.IRAN_CITIES]),
        url=url,
        version=version,
        error=error,
        iranian_names=names,
    )


def stop_on_error(ctx: PageContext) -> None:
    """When the store could not be opened, say so in the page's language and stop the page.

    The message is the same whatever went wrong: the reason (in the server's log, see
    :func:`page_setup`) is for the administrator, not for every visitor.
    """
    if ctx.error is not None or ctx.version is None:
        st.error(t("error.store", ctx.lang))
        st.stop()


def sidebar(iran_city_names: dict[str, str] | None = None) -> None:
    """Draw the shared sidebar: language, scope and the Iranian-city filter.

    ``iran_city_names`` maps city ids to names in the current language, in display
    order; without it (no data) the city filter is left out.
    """
    lang = state.current_lang()
    with st.sidebar:
        st.radio(
            t("sidebar.language", lang),
            LANGS,
            format_func=lambda code: t(f"lang.{code}", lang),
            horizontal=True,
            **state.keep(state.WIDGET_LANG),
        )
        st.radio(
            t("sidebar.scope", lang),
            SCOPES,
            format_func=lambda scope: t(f"scope.{scope}", lang),
            **state.keep(state.WIDGET_SCOPE),
        )
        if iran_city_names:
            chosen = [c for c in st.session_state[state.IRAN_CITIES] if c in iran_city_names]
            st.session_state[state.IRAN_CITIES] = chosen
            iranian_cities_box(iran_city_names, lang, **state.keep(state.WIDGET_IRAN_CITIES))
