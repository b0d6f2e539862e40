"""The Present page's full-screen presentation: one saved view per slide, with buttons
(and arrow keys) to move, a light or dark theme, and a way out."""

from __future__ import annotations

from html import escape

import streamlit as st

from graph.exports.saved_views import SavedView, ViewError
from graph.i18n import t
from ui import present, state
from ui.page import PageContext
from ui.safe_text import md
from ui.style import text_align

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
SCREEN_HEIGHT = 760


def move(step: int, count: int) -> None:
    """Go ``step`` slides on (within the ``count`` slides)."""
    slide = state.value(state.PRESENT_SLIDE) + step
    st.session_state[state.PRESENT_SLIDE] = max(0, min(count - 1, slide))


def set_theme(theme: str) -> None:
    st.session_state[state.PRESENT_THEME] = theme


def set_on(on: bool) -> None:
    """Start (True) or stop (False) the presentation."""
    st.session_state[state.PRESENT_ON] = on


def slideshow(ctx: PageContext, views: list[SavedView]) -> None:
    """Draw the slide being shown full screen and the buttons under it."""
    lang = ctx.lang
    align = text_align(lang)
    theme = state.value(state.PRESENT_THEME)
    st.html(f"<style>{present.fullscreen_css(theme)}</style>")
    st.html(present.KEY_SCRIPT, unsafe_allow_javascript=True)
    index = min(state.value(state.PRESENT_SLIDE), len(views) - 1)
    view = views[index]
    head, number = st.columns([5, 1], vertical_alignment="bottom")
    try:
        shown = present.slide(ctx.url, ctx.version, view.name, present.stamp(view), lang)
    except (ViewError, ValueError) as exc:
        shown = None
        st.error(t("present.error", lang, error=md(exc)))
    if shown is not None:
        head.html(
            f'<div dir="{"rtl" if lang == "fa" else "ltr"}" style="text-align:{align}">'
            f'<p class="cde-slide-title">{escape(shown.title)}</p>'
            f'<p class="cde-slide-facts">{escape(shown.key_figures())}</p></div>'
        )
    number.html(
        f'<p class="cde-slide-no" id="cde-slide-no" data-slide="{index + 1}" '
        f'data-dir="{"rtl" if lang == "fa" else "ltr"}">'
        f"{escape(t('present.slide_no', lang, n=index + 1, total=len(views)))}</p>"
    )
    if shown is not None and shown.figure is not None:
        st.plotly_chart(
            present.screen_figure(shown.figure, theme, SCREEN_HEIGHT),
            config=PLOTLY_CONFIG,
            key=state.PRESENT_CHART.format(i=index),
        )
    elif shown is not None:
        st.iframe(shown.screen_page, height=SCREEN_HEIGHT)
    prev, nxt, themes, stop = st.columns(4)
    prev.button(
        t("present.prev", lang),
        key=state.PRESENT_PREV,
        on_click=move,
        args=(-1, len(views)),
        disabled=index == 0,
        width="stretch",
    )
    nxt.button(
        t("present.next", lang),
        key=state.PRESENT_NEXT,
        on_click=move,
        args=(1, len(views)),
        disabled=index >= len(views) - 1,
        width="stretch",
        type="primary",
    )
    other = "dark" if theme == "light" else "light"
    themes.button(
        f"{t('present.theme', lang)}: {t(f'present.theme.{other}', lang)}",
        key=state.PRESENT_THEME_SWITCH,
        on_click=set_theme,
        args=(other,),
        width="stretch",
    )
    stop.button(
        t("present.stop", lang),
        key=state.PRESENT_STOP,
        on_click=set_on,
        args=(False,),
        width="stretch",
    )
