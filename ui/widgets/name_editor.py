"""The City card's Persian names, for a signed-in editor: confirm or correct in place.

A name the seed chose from GeoNames (``automatic``) or a checked one can be confirmed as
it is or corrected; either way it becomes the editor's, in one audited, undoable batch
(:func:`graph.io.edits.set_name_fa`).
"""

from __future__ import annotations

import streamlit as st

from graph.i18n import digits, t
from graph.io.edits import EditRejected, RowConflict, set_name_fa
from graph.names import city_name
from graph.places.countries import country_name
from graph.store.engine import Store
from ui import data
from ui.safe_text import md
from ui.state import NAME_CITY, NAME_FA, NAME_SAVE, NAME_SAVED
from ui.style import text_align


def origin_text(city: dict, lang: str) -> str:
    """Where the city's Persian name came from, in ``lang``."""
    origin = city.get("name_fa_origin") if city.get("name_fa") else None
    return t(f"names.origin.{origin or 'none'}", lang)


def name_editor(store: Store, city_ids: list[str], editor: str, lang: str) -> None:
    """Choose one of ``city_ids`` (the city and its partners), see its Persian name and
    where it came from, and confirm or correct it."""
    align = text_align(lang)
    st.caption(t("names.editor.intro", lang), text_alignment=align)
    saved = st.session_state.pop(NAME_SAVED, None)
    if saved:
        st.success(saved)
    cities = store.cities().set_index("city_id")
    ids = [c for c in city_ids if c in cities.index]
    if not ids:
        return

    def label(city_id: str) -> str:
        row = {"city_id": city_id, **cities.loc[city_id].to_dict()}
        country = country_name(row["country"], lang)
        return f"{city_name(row, lang)} ({country}) · {origin_text(row, lang)}"

    city_id = st.selectbox(t("names.editor.city", lang), ids, format_func=label, key=NAME_CITY)
    row = {"city_id": city_id, **cities.loc[city_id].to_dict()}
    current = row["name_fa"] if isinstance(row.get("name_fa"), str) else ""
    st.caption(
        t("names.editor.current", lang, name=md(row["name_en"]), origin=origin_text(row, lang)),
        text_alignment=align,
    )
    name = st.text_input(
        t("names.editor.name", lang), value=current, key=NAME_FA.format(city_id=city_id)
    )
    if not st.button(t("names.editor.save", lang), key=NAME_SAVE):
        return
    try:
        batch = set_name_fa(store, row, name, editor)
    except EditRejected as exc:
        for issue in exc.issues:
            st.error(issue.issue.to_dict(lang)["problem"])
        return
    except RowConflict:
        st.error(t("names.editor.conflict", lang))
        return
    if batch is None:
        st.info(t("names.editor.unchanged", lang))
        return
    data.data_version.clear()
    st.session_state[NAME_SAVED] = t(
        "names.editor.saved", lang, name=md(name or row["name_en"]), batch=digits(batch, lang)
    )
    st.rerun()
