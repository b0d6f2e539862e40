"""The data model in the users' words: cities, ties, exchanges, air links.

The allowed values are written down once here; the store, the seed, the importer and
the catalogue of labels all read them from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Kind",
    "Relation",
    "Status",
    "Evidence",
    "Origin",
    "KINDS",
    "City",
    "Tie",
    "Exchange",
    "AirLink",
]


class Kind(StrEnum):
    """What an exchange between two cities was about."""

    TECHNICAL = "technical"
    CULTURAL = "cultural"
    TRANSIT = "transit"


KINDS: tuple[str, ...] = tuple(k.value for k in Kind)


class Relation(StrEnum):
    """The formal kind of a tie."""

    SISTER = "sister"
    COOPERATION = "cooperation"
    FRIENDSHIP = "friendship"
    PARTNER = "partner"


class Status(StrEnum):
    """The formal state of the agreement (not whether it is active: that is computed)."""

    SIGNED = "signed"
    PROPOSED = "proposed"
    DISPUTED = "disputed"
    SUSPENDED = "suspended"
    HISTORICAL = "historical"


class Evidence(StrEnum):
    """The best source tier behind a tie or an exchange, most trustworthy first."""

    OFFICIAL = "official"
    NEWS = "news"
    WIKIPEDIA = "wikipedia"
    WIKIDATA = "wikidata"
    USER = "user"


class Origin(StrEnum):
    """Where a stored row came from. Seed rows may be replaced by a newer seed; user rows never."""

    SEED_IRAN = "seed_iran"
    SEED_WORLD = "seed_world"
    USER = "user"


@dataclass(frozen=True)
class City:
    """A city (or district) that takes part in at least one tie, exchange or air link."""

    city_id: str
    name_en: str
    country: str
    lat: float
    lon: float
    name_fa: str | None = None
    population: int | None = None
    geonameid: int | None = None

    @property
    def iranian(self) -> bool:
        return self.country == "IR"


@dataclass(frozen=True)
class Tie:
    """A formal relationship between two cities: undirected, one per pair."""

    city_a: str
    city_b: str
    relation: Relation
    status: Status
    evidence: Evidence
    since: int | None = None
    sources: tuple[str, ...] = field(default_factory=tuple)
    note: str = ""
    one_sided: bool = False

    @property
    def unverified(self) -> bool:
        """Wikidata-only ties could not be confirmed by any other source (data audit)."""
        return self.evidence == Evidence.WIKIDATA


@dataclass(frozen=True)
class Exchange:
    """An event between two cities, with or without a tie."""

    city_a: str
    city_b: str
    kind: Kind
    intensity: int
    title: str
    date: str | None = None
    source: str = ""
    evidence: Evidence = Evidence.NEWS
    note: str = ""


@dataclass(frozen=True)
class AirLink:
    """Direct-flight connectivity between two cities (OpenFlights, routes as of June 2014)."""

    city_a: str
    city_b: str
    routes: int
    routes_codeshare: int = 0
    airlines: int = 0
