"""Present: saved views listed and ordered, shown full screen as slides, and exported."""

from __future__ import annotations

import streamlit as st

from graph.exports.saved_views import ensure_default_views, list_views
from graph.i18n import t
from ui import data, present, saved_views, state
from ui.page import page_setup, stop_on_error
from ui.slideshow import set_on, slideshow
from ui.style import text_align
from ui.widgets import auth

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)
stop_on_error(ctx)
store = data.get_store(ctx.url)
editor = auth.current_editor()  # only a signed-in editor changes the saved views
views = list_views(store)

if state.value(state.PRESENT_ON) and views:
    slideshow(ctx, views)
    st.stop()

st.title(t("present.title", lang), text_alignment=align)
st.caption(t("present.intro", lang), text_alignment=align)
if not views:
    st.info(t("present.empty", lang))
if not editor:
    st.info(t("present.sign_in", lang))
elif st.button(t("present.make_default", lang), key=state.PRESENT_DEFAULTS):
    ensure_default_views(store, lang, who=editor)
    st.rerun()

if views:
    st.caption(t("present.keys_help", lang), text_alignment=align)
    st.button(
        t("present.start", lang),
        key=state.PRESENT_START,
        type="primary",
        on_click=set_on,
        args=(True,),
    )
    st.subheader(t("present.views", lang), text_alignment=align)
    st.html(f"<style>{present.LINK_CSS}</style>")
    base = present.base_url(st.context.url)
    for i in range(len(views)):
        saved_views.view_box(ctx, store, views, i, base, editor)
    st.subheader(t("present.downloads", lang), text_alignment=align)
    saved_views.deck_download(ctx, views)

if editor:
    saved_views.save_form(store, lang, editor)
