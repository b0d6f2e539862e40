"""Present: saved views listed and ordered, shown full screen as slides, and exported."""

from __future__ import annotations

from html import escape as _esc

import streamlit as st

from graph.exports.saved_views import (
    ViewError,
    create_view,
    delete_view,
    ensure_default_views,
    list_views,
    parse_link,
    reorder_views,
    view_link,
)
from graph.i18n import t
from graph.views.map import MapView
from ui import auth, data, page_setup, stop_on_error
from ui import present as ui
from ui.safe_text import md
from ui.style import text_align

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
MAP_VIEW = "map_view"  # where the Map page keeps its view (ui.map_filters.VIEW)

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)
stop_on_error(ctx)
store = data.get_store(ctx.url)
editor = auth.current_editor()  # only a signed-in editor changes the saved views
views = list_views(store)
st.session_state.setdefault(ui.ON, False)
st.session_state.setdefault(ui.SLIDE, 0)
st.session_state.setdefault(ui.THEME, "light")


def _move(step: int) -> None:
    st.session_state[ui.SLIDE] = max(0, min(len(views) - 1, st.session_state[ui.SLIDE] + step))


def _set_theme(theme: str) -> None:
    st.session_state[ui.THEME] = theme


def _set_on(value: bool) -> None:
    st.session_state[ui.ON] = value


# --- the full-screen presentation ---------------------------------------------------------
if st.session_state[ui.ON] and views:
    theme = st.session_state[ui.THEME]
    st.html(f"<style>{ui.fullscreen_css(theme)}</style>")
    st.html(ui.KEY_SCRIPT, unsafe_allow_javascript=True)
    index = min(st.session_state[ui.SLIDE], len(views) - 1)
    view = views[index]
    head, number = st.columns([5, 1], vertical_alignment="bottom")
    try:
        shown = ui.slide(ctx.url, ctx.version, view.name, ui.stamp(view), lang)
    except (ViewError, ValueError) as exc:
        shown = None
        st.error(t("present.error", lang, error=md(exc)))
    if shown is not None:
        head.html(
            f'<div dir="{"rtl" if lang == "fa" else "ltr"}" style="text-align:{align}">'
            f'<p class="cde-slide-title">{_esc(shown.title)}</p>'
            f'<p class="cde-slide-facts">{_esc(shown.key_figures())}</p></div>'
        )
    number.html(
        f'<p class="cde-slide-no" id="cde-slide-no" data-slide="{index + 1}">'
        f"{_esc(t('present.slide_no', lang, n=index + 1, total=len(views)))}</p>"
    )
    if shown is not None and shown.figure is not None:
        st.plotly_chart(
            ui.screen_figure(shown.figure, theme, 760),
            config=PLOTLY_CONFIG,
            key=f"present_chart_{index}",
        )
    elif shown is not None:
        st.iframe(shown.screen_page, height=760)
    prev, nxt, themes, stop = st.columns(4)
    prev.button(
        t("present.prev", lang),
        key=ui.PREV_KEY,
        on_click=_move,
        args=(-1,),
        disabled=index == 0,
        width="stretch",
    )
    nxt.button(
        t("present.next", lang),
        key=ui.NEXT_KEY,
        on_click=_move,
        args=(1,),
        disabled=index >= len(views) - 1,
        width="stretch",
        type="primary",
    )
    other = "dark" if theme == "light" else "light"
    themes.button(
        f"{t('present.theme', lang)}: {t(f'present.theme.{other}', lang)}",
        key="present_theme_switch",
        on_click=_set_theme,
        args=(other,),
        width="stretch",
    )
    stop.button(
        t("present.stop", lang),
        key="present_stop",
        on_click=_set_on,
        args=(False,),
        width="stretch",
    )
    st.stop()

# --- managing the saved views ---------------------------------------------------------------
st.title(t("present.title", lang), text_alignment=align)
st.caption(t("present.intro", lang), text_alignment=align)

if not views:
    st.info(t("present.empty", lang))
if not editor:
    st.info(t("present.sign_in", lang))
elif st.button(t("present.make_default", lang), key="present_defaults"):
    ensure_default_views(store, lang, who=editor)
    st.rerun()

if views:
    st.caption(t("present.keys_help", lang), text_alignment=align)
    st.button(
        t("present.start", lang),
        key="present_start",
        type="primary",
        on_click=_set_on,
        args=(True,),
    )
    st.subheader(t("present.views", lang), text_alignment=align)
    st.html(f"<style>{ui.LINK_CSS}</style>")
    base = ui.base_url(st.context.url)
    names = [v.name for v in views]
    for i, view in enumerate(views):
        with st.container(border=True, key=f"present_view_{i}"):
            st.markdown(f"**{i + 1}. {md(view.caption(lang))}** — {md(view.name)}")
            st.caption(t("present.page_kind", lang, page=t(f"page.{view.page}", lang)))
            st.caption(t("present.link", lang))
            st.code(view_link(view, base), language=None)
            up, down, remove, files = st.columns(4)
            if editor and up.button(t("present.up", lang), key=f"present_up_{i}", disabled=i == 0):
                order = names[:]
                order[i - 1], order[i] = order[i], order[i - 1]
                reorder_views(store, order, who=editor)
                st.rerun()
            if editor and down.button(
                t("present.down", lang), key=f"present_down_{i}", disabled=i == len(views) - 1
            ):
                order = names[:]
                order[i + 1], order[i] = order[i], order[i + 1]
                reorder_views(store, order, who=editor)
                st.rerun()
            if editor and remove.button(t("present.delete", lang), key=f"present_delete_{i}"):
                delete_view(store, view.name, who=editor)
                st.toast(t("present.deleted", lang, name=md(view.name)))
                st.rerun()
            if files.toggle(t("present.make_files", lang), key=f"present_files_{i}"):
                formats = ("png", "pdf", "html")
                columns = st.columns(len(formats))
                for column, fmt in zip(columns, formats, strict=True):
                    try:
                        payload = ui.view_file(
                            ctx.url, ctx.version, view.name, ui.stamp(view), lang, fmt
                        )
                    except (ViewError, ValueError) as exc:
                        column.error(t("present.error", lang, error=md(exc)))
                        continue
                    column.download_button(
                        t(f"present.download.{fmt}", lang),
                        data=payload,
                        file_name=f"{view.name}_{lang}.{fmt}",
                        key=f"present_dl_{fmt}_{i}",
                    )

    st.subheader(t("present.downloads", lang), text_alignment=align)
    if st.toggle(t("present.deck_button", lang), key="present_deck"):
        stamp = "|".join(ui.stamp(v) for v in views)
        try:
            deck = ui.deck_file(ctx.url, ctx.version, tuple(names), stamp, lang)
            st.download_button(
                t("present.download.deck", lang),
                data=deck,
                file_name=f"presentation_{lang}.pptx",
                key="present_dl_deck",
            )
        except (ViewError, ValueError) as exc:
            st.error(t("present.error", lang, error=md(exc)))

# --- saving a view (signed-in editors only) ----------------------------------------------
if editor:
    st.subheader(t("present.save.title", lang), text_alignment=align)
    with st.form("present_save", clear_on_submit=False):
        name = st.text_input(t("present.save.name", lang), key="present_save_name")
        caption_fa = st.text_input(t("present.save.caption_fa", lang), key="present_save_fa")
        caption_en = st.text_input(t("present.save.caption_en", lang), key="present_save_en")
        link = st.text_input(t("present.save.link", lang), key="present_save_link")
        submitted = st.form_submit_button(t("present.save.submit", lang))
    if submitted:
        try:
            if link.strip():
                page, config, link_lang = parse_link(link)
            else:
                current = st.session_state.get(MAP_VIEW)
                current = current if isinstance(current, MapView) else MapView(lang=lang)
                page, config, link_lang = "map", current.to_query(), current.lang
            create_view(
                store, name, page, config, caption_fa, caption_en, link_lang or lang, who=editor
            )
            st.toast(t("present.save.done", lang, name=md(name.strip())))
            st.rerun()
        except ViewError as exc:
            st.error(t("present.save.error", lang, error=md(exc)))
