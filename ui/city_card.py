"""The City card's header: the city's names, country, population and three numbers."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.analysis.city import partner_counts
from graph.analysis.overview import ARTICLE_TEHRAN_PARTNERS
from graph.i18n import digits, t
from graph.model import TEHRAN
from graph.names import city_name, name_note
from graph.places.countries import country_name
from ui.safe_text import md
from ui.style import text_align


def card_header(card: dict, lang: str) -> None:
    """The city's name (and its other name), country, population, scope note, and its
    partners, ties with exchanges and rank among Iranian cities as metrics."""
    align = text_align(lang)
    city = card["city"]
    shown = city_name(city, lang)
    other = city["name_en"] if lang == "fa" else (city.get("name_fa") or "")
    st.header(md(shown), text_alignment=align)
    details = [md(other)] if other and other != shown else []
    details.append(t("city.country", lang, country=md(country_name(city["country"], lang))))
    if city.get("population"):
        details.append(t("city.population", lang, n=int(city["population"])))
    if name_note(city, lang):
        details.append(name_note(city, lang))
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
    if partners:
        st.caption(partners_note(card, lang), text_alignment=align)


def partners_note(card: dict, lang: str) -> str:
    """What the partner count is made of, by evidence; how many of the partners the map
    hides by default; and, for Tehran, how the count compares with the council's article."""
    counts = partner_counts(card["partners"])
    notes = [t("city.partners.breakdown", lang, **counts)]
    if counts["hidden_on_map"]:
        notes.append(t("city.partners.hidden", lang, n=counts["hidden_on_map"]))
    if card["city"]["city_id"] == TEHRAN:
        notes.append(
            t(
                "city.partners.article",
                lang,
                article=ARTICLE_TEHRAN_PARTNERS,
                documented=counts["documented"],
            )
        )
    return " ".join(notes)


def city_exchanges(exchanges: pd.DataFrame, city_id: str) -> pd.DataFrame:
    """The exchanges ``city_id`` took part in."""
    return exchanges[(exchanges["city_a"] == city_id) | (exchanges["city_b"] == city_id)]
