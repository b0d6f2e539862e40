"""The Present page's list of saved views (reorder, delete, files, the deck) and the form
that saves a new view."""

from __future__ import annotations

import streamlit as st

from graph.analysis.map_filter import MapView
from graph.exports.saved_views import (
    SavedView,
    ViewError,
    create_view,
    delete_view,
    parse_link,
    reorder_views,
    view_link,
)
from graph.i18n import t
from graph.store.engine import Store
from ui import present, state
from ui.page import PageContext
from ui.safe_text import md
from ui.style import text_align

FILE_FORMATS = ("png", "pdf", "html")


def swapped(names: list[str], i: int, j: int) -> list[str]:
    """``names`` with the views at ``i`` and ``j`` in each other's place."""
    order = names[:]
    order[i], order[j] = order[j], order[i]
    return order


def view_box(
    ctx: PageContext, store: Store, views: list[SavedView], i: int, base: str, editor: str | None
) -> None:
    """One saved view: caption, page, link, its files; a signed-in ``editor`` also moves it up
    or down and deletes it (recorded in the change log under the editor's name)."""
    lang = ctx.lang
    view = views[i]
    names = [v.name for v in views]
    with st.container(border=True, key=state.PRESENT_VIEW_BOX.format(i=i)):
        st.markdown(f"**{i + 1}. {md(view.caption(lang))}** — {md(view.name)}")
        st.caption(t("present.page_kind", lang, page=t(f"page.{view.page}", lang)))
        st.caption(t("present.link", lang))
        st.code(view_link(view, base), language=None)
        up, down, remove, files = st.columns(4)
        if editor and up.button(
            t("present.up", lang), key=state.PRESENT_UP.format(i=i), disabled=i == 0
        ):
            reorder_views(store, swapped(names, i - 1, i), who=editor)
            st.rerun()
        last = i == len(views) - 1
        if editor and down.button(
            t("present.down", lang), key=state.PRESENT_DOWN.format(i=i), disabled=last
        ):
            reorder_views(store, swapped(names, i + 1, i), who=editor)
            st.rerun()
        delete = state.PRESENT_DELETE.format(i=i)
        if editor and remove.button(t("present.delete", lang), key=delete):
            delete_view(store, view.name, who=editor)
            st.toast(t("present.deleted", lang, name=md(view.name)))
            st.rerun()
        if files.toggle(t("present.make_files", lang), key=state.PRESENT_FILES.format(i=i)):
            view_files(ctx, view, i)


def view_files(ctx: PageContext, view: SavedView, i: int) -> None:
    """Download buttons for the view as PNG, PDF and HTML."""
    lang = ctx.lang
    for column, fmt in zip(st.columns(len(FILE_FORMATS)), FILE_FORMATS, strict=True):
        try:
            payload = present.view_file(
                ctx.url, ctx.version, view.name, present.stamp(view), lang, fmt
            )
        except (ViewError, ValueError) as exc:
            column.error(t("present.error", lang, error=md(exc)))
            continue
        column.download_button(
            t(f"present.download.{fmt}", lang),
            data=payload,
            file_name=f"{view.name}_{lang}.{fmt}",
            key=state.PRESENT_DOWNLOAD.format(fmt=fmt, i=i),
        )


def deck_download(ctx: PageContext, views: list[SavedView]) -> None:
    """The PowerPoint deck of all views, made when asked for."""
    lang = ctx.lang
    if not st.toggle(t("present.deck_button", lang), key=state.PRESENT_DECK):
        return
    stamp = "|".join(present.stamp(v) for v in views)
    names = tuple(v.name for v in views)
    try:
        deck = present.deck_file(ctx.url, ctx.version, names, stamp, lang)
        st.download_button(
            t("present.download.deck", lang),
            data=deck,
            file_name=f"presentation_{lang}.pptx",
            key=state.PRESENT_DOWNLOAD_DECK,
        )
    except (ViewError, ValueError) as exc:
        st.error(t("present.error", lang, error=md(exc)))


def save_form(store: Store, lang: str, editor: str) -> None:
    """Save a view from a link, or the Map page's current view when no link is given; the
    change log records it under ``editor``'s name."""
    st.subheader(t("present.save.title", lang), text_alignment=text_align(lang))
    with st.form(state.PRESENT_SAVE_FORM, clear_on_submit=False):
        name = st.text_input(t("present.save.name", lang), key=state.PRESENT_SAVE_NAME)
        caption_fa = st.text_input(t("present.save.caption_fa", lang), key=state.PRESENT_SAVE_FA)
        caption_en = st.text_input(t("present.save.caption_en", lang), key=state.PRESENT_SAVE_EN)
        link = st.text_input(t("present.save.link", lang), key=state.PRESENT_SAVE_LINK)
        submitted = st.form_submit_button(t("present.save.submit", lang))
    if not submitted:
        return
    try:
        if link.strip():
            page, config, link_lang = parse_link(link)
        else:
            current = st.session_state.get(state.MAP_VIEW)
            current = current if isinstance(current, MapView) else MapView(lang=lang)
            page, config, link_lang = "map", current.to_query(), current.lang
        create_view(
            store, name, page, config, caption_fa, caption_en, link_lang or lang, who=editor
        )
        st.toast(t("present.save.done", lang, name=md(name.strip())))
        st.rerun()
    except ViewError as exc:
        st.error(t("present.save.error", lang, error=md(exc)))
