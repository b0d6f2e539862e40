"""City card: a city's partners, evidence, exchanges over time and rank among Iranian cities."""

from __future__ import annotations

import streamlit as st

from graph.i18n import digits, t
from graph.model import KINDS, TEHRAN
from graph.names import AmbiguousCity, CityNotFound
from graph.places.lookup import find_city
from graph.views.city import exchange_timeline, metric_table, partner_table, sources_html
from graph.views.overview import overview_map
from ui import analysis, city_name, data, page_setup, stop_on_error
from ui.network_data import network_page
from ui.safe_text import md
from ui.style import text_align

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
CHOSEN = "city_page_city"
QUERY = "city_page_query"
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
ids = list(names)
start = next(
    (c for c in ctx.iran_cities if c in names), TEHRAN if TEHRAN in names else ids[0]
)
left, right = st.columns(2)
chosen = left.selectbox(
    t("city.choose", lang),
    ids,
    index=ids.index(start),
    format_func=lambda c: names.get(c, c),
    key=CHOSEN,
)
query = right.text_input(t("city.other", lang), key=QUERY, help=t("city.other_help", lang))

cities = data.cities(ctx.url, ctx.version)
city_id = chosen
if query.strip():
    try:
        with st.spinner(t("city.searching", lang)):  # a first unknown name reads GeoNames
            city_id = str(find_city(cities, query)["city_id"])
    except AmbiguousCity as exc:
        comma = "، " if lang == "fa" else "; "
        listed = comma.join(f"{c['name_en']}, {c['country']}" for c in exc.candidates[:6])
        st.warning(t("city.ambiguous", lang, name=md(query), cities=md(listed)))
    except CityNotFound as exc:
        hint = (
            t("city.did_you_mean", lang, names=md(" / ".join(exc.suggestions)))
            if (exc.suggestions)
            else ""
        )
        st.warning(t("city.not_found", lang, name=md(query)) + " " + hint)

with st.spinner(t("city.computing", lang)):
    card = analysis.card(ctx.url, ctx.version, city_id)
city = card["city"]
shown = city_name(city, lang)
other = city["name_en"] if lang == "fa" else (city.get("name_fa") or "")
st.header(md(shown), text_alignment=align)
details = [md(other)] if other and other != shown else []
details.append(t("city.country", lang, country=md(city["country"])))
if city.get("population"):
    details.append(t("city.population", lang, n=int(city["population"])))
st.caption(" · ".join(details), text_alignment=align)
if card["scope"] == "world":
    st.info(t("city.world_scope", lang))

partners = card["partners"]
active = sum(1 for p in partners if p["exchanges"])
cols = st.columns(3)
cols[0].metric(t("city.metric.partners", lang), digits(len(partners), lang), border=True)
cols[1].metric(t("city.ties_with_exchanges", lang), digits(active, lang), border=True)
rank = card["metrics"].get("rank_among_iranian_cities_by_partners")
cols[2].metric(
    t("city.rank_by_partners", lang),
    "–"
    if rank is None
    else t("city.rank", lang, rank=rank, of=card["metrics"]["iranian_cities_ranked"]),
    border=True,
)

st.subheader(t("city.partners.title", lang), text_alignment=align)
if partners:
    st.dataframe(partner_table(card, lang), hide_index=True, width="stretch")
    st.caption(t("city.partners.caption", lang), text_alignment=align)
    with st.expander(t("city.sources.title", lang)):
        st.html(sources_html(card, lang))
else:
    st.info(t("city.no_partners", lang))

exchanges = data.exchanges(ctx.url, ctx.version)
mine = exchanges[(exchanges["city_a"] == city_id) | (exchanges["city_b"] == city_id)]
st.subheader(t("city.timeline.heading", lang), text_alignment=align)
if mine["date"].notna().any():
    lookup = cities.set_index("city_id")[["name_en", "name_fa"]].to_dict("index")
    st.plotly_chart(
        exchange_timeline(mine, city_id, lookup, lang),
        width="stretch",
        theme=None,
        config=PLOTLY_CONFIG,
        key="city_timeline",
    )
undated = int(mine["date"].isna().sum())
if mine.empty:
    st.info(t("city.timeline.none", lang))
elif undated:
    st.caption(t("chart.undated", lang, n=undated), text_alignment=align)

st.subheader(t("city.metrics.title", lang), text_alignment=align)
if card["scope"] == "iran":
    rows = analysis.metrics_rows(ctx.url, ctx.version, "iran")
    iranian_ids = set(names)
    st.table(metric_table(rows, city_id, iranian_ids, lang), hide_index=True)
    st.caption(t("city.metrics.caption", lang), text_alignment=align)
    nodes, edges = data.overview_map_data(ctx.url, ctx.version)
    st.plotly_chart(
        overview_map(nodes, edges, lang, focus_city_ids=[city_id]),
        width="stretch",
        theme=None,
        config=PLOTLY_CONFIG,
        key="city_map",
    )
else:
    st.caption(t("city.metrics.world", lang), text_alignment=align)

if partners:
    # The Network page's own builder: the city and its partners, drawn offline.
    st.subheader(t("city.ego.title", lang), text_alignment=align)
    ego = network_page(
        ctx.url,
        ctx.version,
        card["scope"],
        KINDS,
        city_id,
        1,
        "partners",
        EGO_TOP_N,
        "force",
        lang,
        "iranian",
        False,
    )
    st.iframe(ego, height=EGO_HEIGHT)
