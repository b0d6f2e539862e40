"""Data: browse ties, exchanges and cities; editors import files, undo changes; anyone exports."""

from __future__ import annotations

import streamlit as st

from graph.i18n import t
from graph.names import city_name
from ui import data, data_tabs
from ui.page import page_setup, stop_on_error
from ui.style import text_align
from ui.widgets import auth
from ui.widgets.add_city import add_city_box
from ui.widgets.add_exchange import add_exchange_box

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)
st.title(t("data.title", lang), text_alignment=align)
st.caption(t("data.intro", lang), text_alignment=align)
stop_on_error(ctx)
store = data.get_store(ctx.url)
editor = auth.sign_in_box(lang)
if editor is None:
    st.caption(t("data.viewer_note", lang), text_alignment=align)

cities = data.cities(ctx.url, ctx.version)
names = {str(r["city_id"]): city_name(r, lang) for r in cities.to_dict("records")}
browse, add, upload, export, log, check = st.tabs(
    [
        t("data.tab.browse", lang),
        t("data.tab.add", lang),
        t("data.tab.import", lang),
        t("data.tab.export", lang),
        t("data.tab.log", lang),
        t("data.tab.check", lang),
    ]
)
with browse:
    data_tabs.browse_tab(ctx, store, cities, names, editor)
with add:
    if editor is None:
        st.info(t("data.add.sign_in_first", lang))
    else:
        add_city_box(store, editor, lang)
        add_exchange_box(store, cities, editor, lang)
with upload:
    if editor is None:
        st.info(t("data.import.sign_in_first", lang))
    else:
        data_tabs.import_tab(ctx, store, cities, names, editor)
with export:
    data_tabs.export_tab(ctx, store, names)
with log:
    data_tabs.log_tab(store, names, editor, lang)
with check:
    data_tabs.check_tab(ctx, names)
