"""The Map page's state: its view in the session and in the URL, and its sidebar filters.

The canonical view is one :class:`graph.views.map.MapView` under ``state.MAP_VIEW`` in the
session state. Its scope, Iranian cities and language are the shared sidebar's (see
:mod:`ui.state`); the rest is drawn here. After every run the whole view is written to
``st.query_params``, and the first run of a session reads it back, so a copied link
opens the same view in another tab.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from graph.analysis.map_filter import PROJECTIONS, REGIONS, MapView
from graph.analysis.overview import EVIDENCE_ORDER, KIND_ORDER, RELATION_ORDER, STATUS_ORDER
from graph.i18n import gregorian_and_jalali, label, t
from ui import state
from ui.widgets.sliders import number_slider, steps, year_text

QUERY_KEYS = tuple(MapView().__dataclass_fields__)
MAX_WEIGHT = 10.0
WEIGHT_STEP = 0.5


def widget(field: str) -> str:
    """The key of the filter widget of the view's ``field``."""
    return state.MAP_WIDGET.format(field=field)


def restore_from_query() -> None:
    """On a session's first run, take the view (and shared scope, cities, language) from
    the URL. Call before :func:`ui.page.page_setup`, so the shared sidebar shows them."""
    if st.session_state.get(state.MAP_RESTORED):
        return
    st.session_state[state.MAP_RESTORED] = True
    query = {key: st.query_params.get(key) for key in st.query_params}
    view = MapView.from_query(query)
    st.session_state[state.MAP_VIEW] = view
    if "scope" in query:
        st.session_state[state.SCOPE] = view.scope
    if "iran_cities" in query:
        st.session_state[state.IRAN_CITIES] = list(view.iran_cities)
    if "lang" in query:
        st.session_state[state.LANG] = view.lang


def current_view(lang: str, scope: str, iran_cities: tuple[str, ...]) -> MapView:
    """The session's view with the shared sidebar's language, scope and cities."""
    view = st.session_state.get(state.MAP_VIEW)
    if not isinstance(view, MapView):
        view = MapView()
    view = replace(view, lang=lang, scope=scope, iran_cities=tuple(iran_cities))
    st.session_state[state.MAP_VIEW] = view
    return view


def set_view(**changes: Any) -> MapView:
    """Change parts of the session's view and return it."""
    view = replace(st.session_state.get(state.MAP_VIEW, MapView()), **changes)
    st.session_state[state.MAP_VIEW] = view
    return view


def write_query(view: MapView) -> None:
    """Mirror the view in the URL: its non-default parts, plus the language."""
    wanted = view.to_query()
    wanted[state.QUERY_LANG] = view.lang
    for key in QUERY_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def _copy(field: str) -> None:
    value = st.session_state[widget(field)]
    if field in ("kinds", "relations", "statuses", "evidence"):
        value = tuple(value)
    elif field == "years":
        low, high = st.session_state[state.MAP_YEAR_BOUNDS]
        set_view(
            year_from=None if value[0] <= low else int(value[0]),
            year_to=None if value[1] >= high else int(value[1]),
        )
        return
    set_view(**{field: value})


def _multiselect(kept: dict[str, Any], options: tuple[str, ...], key: str, lang: str) -> None:
    st.multiselect(
        t(key, lang),
        options,
        format_func=lambda v: label(v, lang),
        placeholder=t("mapview.filter.all", lang),
        **kept,
    )


def sidebar_filters(view: MapView, year_bounds: tuple[int, int] | None) -> None:
    """Draw the map's filters under the shared sidebar; each change updates the view."""
    lang = view.lang
    values: dict[str, Any] = {
        "kinds": list(view.kinds),
        "relations": list(view.relations),
        "statuses": list(view.statuses),
        "evidence": list(view.evidence),
        "include_unverified": view.include_unverified,
        "include_one_sided": view.include_one_sided,
        "undated": view.undated,
        "min_weight": float(min(view.min_weight, MAX_WEIGHT)),
        "projection": view.projection,
        "region": view.region,
        "aggregate": view.aggregate,
    }
    if year_bounds:
        low, high = year_bounds
        st.session_state[state.MAP_YEAR_BOUNDS] = year_bounds
        values["years"] = (
            max(low, min(view.year_from if view.year_from is not None else low, high)),
            min(high, max(view.year_to if view.year_to is not None else high, low)),
        )

    def kept(field: str) -> dict[str, Any]:
        return state.kept_widget(widget(field), values[field], _copy, field)

    with st.sidebar:
        st.subheader(t("mapview.filters", lang))
        _multiselect(kept("kinds"), KIND_ORDER, "mapview.filter.kinds", lang)
        _multiselect(kept("relations"), RELATION_ORDER, "mapview.filter.relations", lang)
        _multiselect(kept("statuses"), STATUS_ORDER, "mapview.filter.statuses", lang)
        _multiselect(kept("evidence"), EVIDENCE_ORDER, "mapview.filter.evidence", lang)
        st.checkbox(
            t("mapview.filter.unverified", lang),
            **kept("include_unverified"),
        )
        st.checkbox(
            t("mapview.filter.one_sided", lang),
            **kept("include_one_sided"),
            disabled=not view.include_unverified,
        )
        if year_bounds and year_bounds[0] < year_bounds[1]:
            number_slider(
                st,
                t("mapview.filter.years", lang),
                range(year_bounds[0], year_bounds[1] + 1),
                lang,
                year_text(lang),
                **kept("years"),
            )
        st.checkbox(
            t("mapview.filter.undated", lang),
            **kept("undated"),
        )
        number_slider(
            st,
            t("mapview.filter.min_weight", lang),
            steps(0.0, MAX_WEIGHT, WEIGHT_STEP, values["min_weight"]),
            lang,
            **kept("min_weight"),
            help=t("mapview.filter.min_weight_help", lang),
        )
        st.radio(
            t("mapview.filter.projection", lang),
            PROJECTIONS,
            format_func=lambda p: t(f"mapview.projection.{p}", lang),
            **kept("projection"),
        )
        st.selectbox(
            t("mapview.filter.region", lang),
            tuple(REGIONS),
            format_func=lambda r: t(f"mapview.region.{r}", lang),
            **kept("region"),
            disabled=view.projection == "orthographic",
        )
        st.checkbox(
            t("mapview.filter.aggregate", lang),
            **kept("aggregate"),
        )


def select_city_from_chart() -> None:
    """``on_select`` callback of the map: a click on a city selects it."""
    event = st.session_state.get(state.MAP_CHART)
    points = (event or {}).get("selection", {}).get("points", []) if event else []
    for point in points:
        city = point.get("customdata")
        if isinstance(city, list):
            city = city[0] if city else None
        if isinstance(city, str) and city:
            set_view(city=city)
            return


def _copy_year() -> None:
    set_view(year=st.session_state[widget("year")])


def timeline(view: MapView, bounds: tuple[int, int]) -> None:
    """The year slider (the network as it stood in a year) and the play/stop button."""
    lang = view.lang
    years = list(range(bounds[0], bounds[1] + 1))
    key = widget("year")
    slider, play = st.columns([4, 1], vertical_alignment="bottom")
    slider.select_slider(
        t("mapview.timeline", lang),
        [*years, None],
        format_func=lambda y: (
            t("mapview.timeline.all", lang) if y is None else gregorian_and_jalali(y, lang)
        ),
        **state.kept_widget(key, view.year if view.year in years else None, _copy_year),
    )
    playing = bool(st.session_state.get(state.MAP_PLAYING))
    if play.button(
        t("mapview.timeline.stop" if playing else "mapview.timeline.play", lang),
        key=state.MAP_PLAY,
        width="stretch",
    ):
        playing = not playing
        st.session_state[state.MAP_PLAYING] = playing
        if playing:
            set_view(year=years[0])
