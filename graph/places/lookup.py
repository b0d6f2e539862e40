"""Find a city by the name a user types, in English or Persian.

Names are compared after folding (:func:`graph.names.fold`). A name that fits several
cities is never guessed: :class:`AmbiguousCity` lists the candidates with their countries, and the
user can add the country, by code or name (``Paris, FR``, ``Paris, France``).
"""

from __future__ import annotations

import pandas as pd

from graph.names import AmbiguousCity, CityNotFound, fold
from graph.places.countries import country_code

__all__ = ["find_city"]


def _split_country(query: str, countries: set[str]) -> tuple[str, str | None]:
    head, sep, tail = query.replace("،", ",").rpartition(",")  # Persian comma too
    code = country_code(tail) if sep else None
    if code in countries:
        return head, code
    return query, None


def find_city(cities: pd.DataFrame, query: str, gazetteer: bool = True) -> dict:
    """The one city ``query`` names, as a dict of its row.

    ``query`` is an English or Persian name, optionally followed by ``, CC`` (ISO
    country code) or ``, Country`` (its English or Persian name), or a city id. Raises
    :class:`CityNotFound` or :class:`AmbiguousCity`.
    A name no stored city has is looked up in the offline gazetteer (``gazetteer``,
    GeoNames' names in every language, :func:`graph.places.gazetteer.stored_match`): a stored
    city it names is returned; a place it knows but the store lacks raises
    :class:`graph.places.gazetteer.NotInStore` (a :class:`CityNotFound`).
    """
    query = query.strip()
    by_id = cities[cities["city_id"] == query]
    if len(by_id) == 1:
        return by_id.iloc[0].to_dict()
    name, country = _split_country(query, set(cities["country"]))
    wanted = fold(name)
    if not wanted:
        raise CityNotFound(query)
    pool = cities if country is None else cities[cities["country"] == country]
    names_en = pool["name_en"].map(fold)
    names_fa = pool["name_fa"].fillna("").map(fold)
    hits = pool[(names_en == wanted) | (names_fa == wanted)]
    if len(hits) == 1:
        return hits.iloc[0].to_dict()
    if len(hits) > 1:
        ranked = hits.sort_values("population", ascending=False, na_position="last")
        raise AmbiguousCity(query, ranked.to_dict("records"))
    starts = pool[names_en.str.startswith(wanted) | names_fa.str.startswith(wanted)]
    suggestions = starts.sort_values("population", ascending=False, na_position="last")
    suggested = [f"{r.name_en}, {r.country}" for r in suggestions.head(5).itertuples()]
    if gazetteer:  # not a stored name: perhaps another language's name of a stored city
        # lazy: the gazetteer loads GeoNames (seconds, ~140 MB); only a miss needs it
        from graph.places.gazetteer import NotInStore, stored_match

        try:
            return stored_match(cities, name, country)[0]
        except NotInStore as exc:
            raise NotInStore(query, exc.places, suggested) from None
        except CityNotFound:
            pass
    raise CityNotFound(query, suggested)
