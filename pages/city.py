"""City card: a city's partners, evidence, exchanges over time and rank among Iranian cities."""

from __future__ import annotations

import streamlit as st

from graph.analysis.city import ranked_iranian_cities, untied_exchange_partners
from graph.i18n import join_list, t
from graph.model import KINDS
from graph.names import city_name, listed_names_note
from graph.views.city import exchange_timeline, metric_table, partner_table, sources_html
from graph.views.overview import overview_map
from ui import cache, data, state
from ui.city_card import card_header, city_exchanges
from ui.page import page_setup, stop_on_error
from ui.safe_text import md
from ui.style import text_align
from ui.widgets.auth import current_editor
from ui.widgets.city_picker import city_card_choice
from ui.widgets.name_editor import name_editor

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
EGO_TOP_N = 300
EGO_HEIGHT = 560

ctx = page_setup()
lang = ctx.lang
align = text_align(lang)

st.title(t("city.title", lang), text_alignment=align)
st.caption(t("city.intro", lang), text_alignment=align)
stop_on_error(ctx)

names = ctx.iranian_names
if not names:
    st.info(t("error.no_ties", lang))
    st.stop()
cities = data.cities(ctx.url, ctx.version)
city_id = city_card_choice(names, ctx.iran_cities, cities, lang)

with st.spinner(t("city.computing", lang)):
    card = cache.card(ctx.source, city_id)
card_header(card, lang)
partners = card["partners"]

st.subheader(t("city.partners.title", lang), text_alignment=align)
if partners:
    st.dataframe(partner_table(card, lang), hide_index=True, width="stretch")
    notes = (t("city.partners.caption", lang), listed_names_note(partners, lang))
    st.caption(" ".join(n for n in notes if n), text_alignment=align)
    with st.expander(t("city.sources.title", lang)):
        st.html(sources_html(card, lang))
else:
    st.info(t("city.no_partners", lang))
editor = current_editor()
if editor:
    with st.expander(t("names.editor.title", lang)):
        name_editor(
            data.get_store(ctx.url), [city_id, *(p["city_id"] for p in partners)], editor, lang
        )

mine = city_exchanges(data.exchanges(ctx.url, ctx.version), city_id)
partner_ids = [p["city_id"] for p in partners]
lookup = cities.set_index("city_id")[["name_en", "name_fa", "name_fa_origin"]].to_dict("index")
st.subheader(t("city.timeline.heading", lang), text_alignment=align)
if mine["date"].notna().any():
    st.plotly_chart(
        exchange_timeline(mine, city_id, lookup, lang, partners=partner_ids),
        width="stretch",
        theme=None,
        config=PLOTLY_CONFIG,
        key=state.CITY_TIMELINE,
    )
untied = untied_exchange_partners(mine, city_id, partner_ids)
if untied:
    listed = join_list([city_name(lookup.get(c, {"name_en": c}), lang) for c in untied], lang)
    st.caption(t("city.timeline.no_tie_note", lang, cities=md(listed)), text_alignment=align)
undated = int(mine["date"].isna().sum())
if mine.empty:
    st.info(t("city.timeline.none", lang))
elif undated:
    st.caption(t("chart.undated", lang, n=undated), text_alignment=align)

st.subheader(t("city.metrics.title", lang), text_alignment=align)
if card["scope"] == "iran":
    rows = cache.metrics_rows(ctx.source, "iran")
    ranked = ranked_iranian_cities(data.graph(ctx.url, ctx.version, "iran"))
    st.table(metric_table(rows, city_id, ranked, lang), hide_index=True)
    st.caption(t("city.metrics.caption", lang), text_alignment=align)
    nodes, edges = data.overview_map_data(ctx.url, ctx.version)
    st.plotly_chart(
        overview_map(nodes, edges, lang, focus_city_ids=[city_id]),
        width="stretch",
        theme=None,
        config=PLOTLY_CONFIG,
        key=state.CITY_MAP,
    )
else:
    st.caption(t("city.metrics.world", lang), text_alignment=align)

if partners:
    # The Network page's own builder: the city and its partners, drawn offline.
    st.subheader(t("city.ego.title", lang), text_alignment=align)
    spec = cache.NetworkSpec(ctx.source, card["scope"], KINDS, city_id, 1, "partners", EGO_TOP_N)
    ego = cache.network_page(spec, cache.NetworkLook(lang, "iranian", False))
    st.iframe(ego, height=EGO_HEIGHT)
