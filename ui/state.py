"""Every session-state key and widget key of the app, declared once, and the one way a
widget keeps its value across pages.

Streamlit forgets a widget's value when a run does not draw it, so a page switch resets
every widget of the page left. A widget declared ``kept`` therefore has a shadow key (a
plain session-state value Streamlit never drops): :func:`keep` copies the shadow into the
widget's key just before the widget is drawn, and the widget's ``on_change`` copies a
new choice back into the shadow (:func:`kept_widget` is that step for any holder: the
Map page's filters are held in its view, which the URL mirrors). A page draws such a
widget as ``st.radio(label, options, **keep(KEY))``, without ``value=``, ``index=`` or
``default=``: the default is the registry's (or the page's: ``keep(KEY, default=...)``).

The shared sidebar's shadows are the keys every page reads: ``lang``, ``scope``,
``iran_cities``. The language is also mirrored in the URL (``?lang=en``), so a link opens
in the language it was shared in. Every page calls :func:`ui.page.page_setup` (AppTest
runs one page file at a time, without ``app.py``), which calls :func:`init_state`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from graph.analysis.network import DEFAULT_TOP_N
from graph.i18n import DEFAULT_LANG, LANGS
from graph.io.export import EXPORT_TABLES, FORMATS
from graph.model import KINDS, SCOPES
from graph.settings import default as setting_default
from graph.views.network import COLOUR_BY
from graph.views.network_layout import LAYOUTS

SHADOW = "kept_"  # a kept widget's shadow key: SHADOW + widget key (unless named)
QUERY_LANG = "lang"


@dataclass(frozen=True)
class Key:
    """One session-state key (or a family of keys, ``{name}`` fields filled by the caller).

    ``default`` is the value a run starts from (a zero-argument callable is called);
    ``kept`` marks a widget key whose value survives page switches through its shadow,
    ``shadow`` names that shadow when it is not ``SHADOW + name``.
    """

    name: str
    default: Any = None
    kept: bool = False
    shadow: str | None = None
    about: str = ""

    def fresh(self) -> Any:
        """A new copy of the default."""
        return self.default() if callable(self.default) else copy.deepcopy(self.default)

    def shadow_key(self, name: str) -> str:
        return self.shadow or SHADOW + name


REGISTRY: dict[str, Key] = {}
FAMILIES: list[tuple[re.Pattern[str], Key]] = []


def declare(
    name: str,
    default: Any = None,
    *,
    kept: bool = False,
    shadow: str | None = None,
    about: str = "",
) -> str:
    """Register a key; returns its name (a family's template, to ``.format``)."""
    if name in REGISTRY:
        raise ValueError(f"session-state key declared twice: {name}")
    key = Key(name, default, kept, shadow, about)
    REGISTRY[name] = key
    if "{" in name:
        pattern = re.escape(name)
        pattern = re.sub(r"\\\{\w+\\\}", ".+", pattern)
        FAMILIES.append((re.compile(f"^{pattern}$"), key))
    return name


def spec(name: str) -> Key:
    """The declaration of ``name`` (a declared key or a member of a declared family)."""
    if name in REGISTRY:
        return REGISTRY[name]
    # the most specific family: "data_filter_ties_edited" is not a "data_filter_{what}_{field}"
    matches = [key for pattern, key in FAMILIES if pattern.match(name)]
    if not matches:
        raise KeyError(f"undeclared session-state key: {name}")
    return max(matches, key=lambda key: len(re.sub(r"\{\w+\}", "", key.name)))


# --- shared: the sidebar (every page) -------------------------------------------------------
LANG = declare("lang", DEFAULT_LANG, about="the language of the app")
SCOPE = declare("scope", "iran", about="Iran or world network")
IRAN_CITIES = declare("iran_cities", list, about="the sidebar's chosen Iranian cities (ids)")
WIDGET_LANG = declare("widget_lang", kept=True, shadow=LANG)
WIDGET_SCOPE = declare("widget_scope", kept=True, shadow=SCOPE)
WIDGET_IRAN_CITIES = declare("widget_iran_cities", kept=True, shadow=IRAN_CITIES)
DEFAULT_SCOPE = REGISTRY[SCOPE].default

# --- Network page ---------------------------------------------------------------------------
NETWORK_VIEW = declare("network_view", "ego", kept=True)
NETWORK_CITY_QUERY = declare("network_city_query", kept=True, about="default: Tehran's name")
NETWORK_HOPS = declare("network_hops", 2, kept=True)
NETWORK_KINDS = declare("network_kinds", list(KINDS), kept=True)
# partners of partners, sized by betweenness: the brokers stand out at first sight
NETWORK_METRIC = declare("network_metric", "betweenness", kept=True)
NETWORK_COLOUR = declare("network_colour", COLOUR_BY[0], kept=True)
NETWORK_LAYOUT = declare("network_layout", LAYOUTS[0], kept=True)
NETWORK_TOP_N = declare("network_top_n", DEFAULT_TOP_N, kept=True)
NETWORK_PHYSICS = declare("network_physics", False, kept=True)
NETWORK_DOWNLOAD = declare("network_download")

# --- City card ------------------------------------------------------------------------------
CITY_CHOSEN = declare("city_page_city", kept=True, about="default: the sidebar's city")
CITY_QUERY = declare("city_page_query", "", kept=True)
CITY_TIMELINE = declare("city_timeline")
CITY_MAP = declare("city_map")

# --- Opportunities --------------------------------------------------------------------------
OPP_ALL = "__all__"  # the "all cities" choice of OPP_CITY
OPP_CITY = declare("opp_city", kept=True, about="default: the sidebar's city")
OPP_YEARS = declare("opp_dormant_years", int(setting_default("dormant_years")), kept=True)
OPP_MEASURE = declare("opp_measure", "intensity", kept=True)
OPP_EXPLAIN = declare("opp_explain", "")
PROPOSE_FORM = declare("propose_partner")
PROPOSE_CITY = declare("propose_partner_city")

# --- Overview and Statistics charts ---------------------------------------------------------
OVERVIEW_MAP = declare("overview_map")
TIES_BY_EVIDENCE = declare("ties_by_evidence")
EXCHANGES_BY_KIND = declare("exchanges_by_kind")
EXCHANGES_BY_YEAR = declare("exchanges_by_year")
DEGREE_DISTRIBUTION = declare("degree_distribution")
STATS_MAP_GROUPING = declare("stats_map_grouping", "country", kept=True)
STATS_MAP = declare("stats_map")

# --- Map page (its widgets are kept through its view, see ui.widgets.map_filters) ---------
MAP_VIEW = declare("map_view", about="the Map page's graph.views.map.MapView")
MAP_RESTORED = declare("map_view_restored", False, about="the URL was read this session")
MAP_PLAYING = declare("map_playing", False, about="the timeline is playing")
MAP_CHART = declare("map_chart")
MAP_WEBGL = declare("map_webgl", about="the WebGL map's last click ({city, at})")
MAP_SVG = declare("map_svg", False, about="the Map is drawn as the plotly vector map")
MAP_YEAR_BOUNDS = declare("map_year_bounds", about="(first, last) year of the years slider")
MAP_WIDGET = declare("map_w_{field}", about="the map filter of one MapView field")
MAP_PLAY = declare("map_play")
MAP_CLEAR_CITY = declare("map_clear_city")
MAP_YEARS_CHART = declare("map_years")
MAP_MAKE_GIF = declare("map_make_gif", False)
MAP_GIF_DOWNLOAD = declare("map_gif_download")

# --- Present page ---------------------------------------------------------------------------
PRESENT_ON = declare("present_on", False, about="the full-screen presentation is shown")
PRESENT_SLIDE = declare("present_slide", 0, about="the slide shown")
PRESENT_THEME = declare("present_theme", "light")
PRESENT_NEXT = declare("present_next")
PRESENT_PREV = declare("present_prev")
PRESENT_CHART = declare("present_chart_{i}")
PRESENT_THEME_SWITCH = declare("present_theme_switch")
PRESENT_STOP = declare("present_stop")
PRESENT_DEFAULTS = declare("present_defaults")
PRESENT_START = declare("present_start")
PRESENT_VIEW_BOX = declare("present_view_{i}")
PRESENT_UP = declare("present_up_{i}")
PRESENT_DOWN = declare("present_down_{i}")
PRESENT_DELETE = declare("present_delete_{i}")
PRESENT_FILES = declare("present_files_{i}", False)
PRESENT_DOWNLOAD = declare("present_dl_{fmt}_{i}")
PRESENT_DECK = declare("present_deck", False)
PRESENT_DOWNLOAD_DECK = declare("present_dl_deck")
PRESENT_SAVE_FORM = declare("present_save")
PRESENT_SAVE_NAME = declare("present_save_name", "")
PRESENT_SAVE_FA = declare("present_save_fa", "")
PRESENT_SAVE_EN = declare("present_save_en", "")
PRESENT_SAVE_LINK = declare("present_save_link", "")

# --- Data page ------------------------------------------------------------------------------
DATA_SEARCH = declare("data_search", "", kept=True)
DATA_TABLE = declare("data_table", "ties", kept=True)
DATA_FILTER = declare("data_filter_{what}_{field}", list, kept=True, about="a Browse filter")
DATA_FILTER_EDITED = declare("data_filter_{what}_edited", False, kept=True)
DATA_TEMPLATE = declare("data_template_{kind}")
DATA_UPLOAD = declare("data_upload")
DATA_PASTE = declare("data_paste", "")
DATA_IMPORT_CONFIRM = declare("data_import_confirm")
DATA_IMPORT_COLUMN = declare("data_import_column_{file}_{column}", about="a Columns selectbox")
DATA_IMPORT_FILL = declare("data_import_fill_{column}", "", about="a value for every row")
DATA_IMPORT_MAP_UPLOAD = declare("data_import_map_upload")
DATA_IMPORT_MAP_DOWNLOAD = declare("data_import_map_download")
DATA_IMPORT_MAP_LOADED = declare(
    "data_import_map_loaded", about="(file digest, upload id, saved columns) last applied"
)
DATA_IMPORT_DONE = declare("data_import_done", about="(file digest, the import's report)")
DATA_EXPORT_FORMAT = declare("data_export_format", FORMATS[0], kept=True)
DATA_EXPORT_TABLE = declare("data_export_table", EXPORT_TABLES[0], kept=True)
DATA_EXPORT_PREPARE = declare("data_export_prepare")
DATA_EXPORT = declare("data_export", about="(what was asked for, the prepared file)")
DATA_EXPORT_DOWNLOAD = declare("data_export_download")
DATA_UNDO_FLASH = declare("data_undo_flash", about="(batch undone, undo batch) to report")
DATA_UNDO_CHOICE = declare("data_undo_choice_{batch}")
DATA_UNDO = declare("data_undo")

# --- sign-in (Data page) --------------------------------------------------------------------
EDITOR = declare("data_editor", about="the signed-in editor's name")
EDITOR_SEEN = declare("data_editor_seen", 0.0, about="when the editor was last active")
AUTH_EXPIRED = declare("data_auth_expired", False)
SIGN_OUT = declare("data_sign_out")
SIGN_IN_FORM = declare("data_sign_in")
SIGN_IN_NAME = declare("data_sign_in_name", "")
SIGN_IN_PASSWORD = declare("data_sign_in_password", "")

# --- the Browse grid (Data page) ------------------------------------------------------------
GRID_STATE = declare(
    "grid_state_{what}", about='{"read": {id: row as read}, "pending": {id: {column: value}}}'
)
GRID_NONCE = declare("grid_nonce_{what}", 0, about="bumped to give the grid a fresh widget")
GRID_FLASH = declare("grid_flash", about="(table, nonce, message) of the last save")
GRID_BASE = declare("grid_base_{what}", about="((widget key, search, language), grid rows)")
GRID = declare("grid_{what}_{version}_{nonce}", about="the data editor widget")
GRID_SAVE = declare("grid_save_{what}")
GRID_DISCARD = declare("grid_discard_{what}")

# --- adding a city from the gazetteer (Data page) -------------------------------------------
GAZ_QUERY = declare("gaz_query", "", kept=True)
GAZ_COUNTRY = declare("gaz_country", "", kept=True, about="a country code, or '' for any")
GAZ_CHOICE = declare("gaz_choice")
GAZ_ADDED = declare("gaz_added", about="(geonameid, message) of the last addition")
GAZ_NAME_FA = declare("gaz_name_fa_{geonameid}")
GAZ_ADD = declare("gaz_add")

# the City card's Persian names, for a signed-in editor (ui/widgets/name_editor.py)
NAME_CITY = declare("name_city", about="the city id whose Persian name is edited")
NAME_FA = declare("name_fa_{city_id}")
NAME_SAVE = declare("name_save")
NAME_SAVED = declare("name_saved", about="the message of the last saved name")

# --- adding an exchange (Data page) ---------------------------------------------------------
ADDX_FORM = declare("addx_form")
ADDX_RESULT = declare("addx_result", about="the last submission's date read, batch or issues")
ADDX_CITY_A = declare("addx_city_a")
ADDX_CITY_B = declare("addx_city_b")
ADDX_DATE = declare("addx_date", "")
ADDX_KIND = declare("addx_kind")
ADDX_INTENSITY = declare("addx_intensity")
ADDX_TITLE = declare("addx_title", "")
ADDX_SOURCE = declare("addx_source", "")
ADDX_EVIDENCE = declare("addx_evidence")
ADDX_NOTE = declare("addx_note", "")


def value(name: str) -> Any:
    """The session's value of the (non-widget) key ``name``, given its default first."""
    if name not in st.session_state:
        st.session_state[name] = spec(name).fresh()
    return st.session_state[name]


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


def keep(
    name: str,
    default: Any = None,
    valid: Callable[[Any], bool] | None = None,
    on_change: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Ready the kept widget ``name`` to be drawn: its value is the shadow's (the last
    choice, on any page), else ``default`` (else the registry's). A shadow value that
    ``valid`` refuses (e.g. a city no longer offered) falls back to the default.

    Returns the widget's ``key``, ``on_change`` and ``args`` to pass on; ``on_change``
    here runs after the choice is kept.
    """
    declared = spec(name)
    if not declared.kept:
        raise ValueError(f"{name} is not declared kept")
    shadow = declared.shadow_key(name)
    if shadow not in st.session_state or (valid and not valid(st.session_state[shadow])):
        st.session_state[shadow] = declared.fresh() if default is None else default
    return kept_widget(name, st.session_state[shadow], remember, name, on_change)


def kept_widget(name: str, kept: Any, store: Callable[..., None], *args: Any) -> dict[str, Any]:
    """The one way a widget keeps its value: ``kept`` (held where Streamlit never drops
    it) is copied into the widget's key ``name`` before the widget is drawn, and the
    widget's ``on_change`` calls ``store(*args)`` to hold a new choice there.

    :func:`keep` holds the value in a shadow key; the Map page holds its filters in its
    view (``MAP_VIEW``), which is also written to the URL. Returns the widget's ``key``,
    ``on_change`` and ``args``.
    """
    st.session_state[name] = copy.copy(kept)
    return {"key": name, "on_change": store, "args": args}


def remember(name: str, then: Callable[[], None] | None = None) -> None:
    """``on_change`` of a kept widget: copy its new value into its shadow."""
    shadow = spec(name).shadow_key(name)
    st.session_state[shadow] = copy.copy(st.session_state[name])
    if shadow == LANG:
        st.query_params[QUERY_LANG] = st.session_state[LANG]
    if then is not None:
        then()
