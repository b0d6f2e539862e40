"""Find a city by the name a user types, in English or Persian.

Names are compared after folding: case, Latin diacritics (``Zürich`` = ``Zurich``),
Arabic and Persian letter variants (ي/ی, ك/ک, ة/ه, أ/إ/آ/ا), Arabic vowel marks,
tatweel and the zero-width non-joiner. A name that fits several cities is never
guessed: :class:`AmbiguousCity` lists the candidates with their countries, and the
user can add the country (``Paris, FR``).
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["AmbiguousCity", "CityNotFound", "find_city", "fold"]

_LETTER_VARIANTS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "\u200c": " ",  # zero-width non-joiner: a separator, like a space
        "\u200d": "",  # zero-width joiner
        "\u0640": "",  # tatweel
    }
)
_PUNCTUATION = re.compile(r"[\s\-‐–—_'’`.,()]+")


class CityNotFound(LookupError):
    """No city has this name."""

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name = name
        self.suggestions = suggestions or []
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no city named {name!r}{hint}")


class AmbiguousCity(LookupError):
    """Several cities have this name; ``candidates`` lists them (name, country, id)."""

    def __init__(self, name: str, candidates: list[dict]):
        self.name = name
        self.candidates = candidates
        listed = "; ".join(
            f"{c['name_en']}, {c['country']} (population {c['population'] or 'unknown'})"
            for c in candidates
        )
        super().__init__(
            f"{name!r} names {len(candidates)} cities: {listed}. "
            f"Add the country, e.g. '{candidates[0]['name_en']}, {candidates[0]['country']}'"
        )


def fold(text: str) -> str:
    """The form names are compared in.

    >>> fold("Zürich") == fold("zurich")
    True
    >>> fold("كرمانشاه") == fold("کرمانشاه")
    True
    """
    text = unicodedata.normalize("NFC", text).translate(_LETTER_VARIANTS)
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    kept = unicodedata.normalize("NFC", kept).translate(_LETTER_VARIANTS)
    # Separators are dropped: users write شاهین‌شهر, شاهین شهر or شاهینشهر alike.
    return _PUNCTUATION.sub("", kept).casefold()


def _split_country(query: str, countries: set[str]) -> tuple[str, str | None]:
    head, sep, tail = query.rpartition(",")
    if sep and tail.strip().upper() in countries:
        return head, tail.strip().upper()
    return query, None


def find_city(cities: pd.DataFrame, query: str, gazetteer: bool = True) -> dict:
    """The one city ``query`` names, as a dict of its row.

    ``query`` is an English or Persian name, optionally followed by ``, CC`` (ISO
    country code), or a city id. Raises :class:`CityNotFound` or :class:`AmbiguousCity`.
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
        from graph.places.gazetteer import NotInStore, stored_match  # loads GeoNames: misses only

        try:
            return stored_match(cities, name, country)[0]
        except NotInStore as exc:
            raise NotInStore(query, exc.places, suggested) from None
        except CityNotFound:
            pass
    raise CityNotFound(query, suggested)
