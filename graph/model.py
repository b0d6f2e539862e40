"""The data model in the users' words: kinds of exchange, relations, statuses, evidence tiers,
scopes, and the city pages start from.

The allowed values are written down once here; the store, the seed, the importer and
the catalogue of labels all read them from this module.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Kind",
    "Relation",
    "Status",
    "Evidence",
    "Origin",
    "KINDS",
    "SCOPES",
    "TEHRAN",
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


class NameOrigin(StrEnum):
    """Where a city's Persian name came from (none: the city has no Persian name)."""

    CHECKED = "checked"  # the checked names file or the Iranian cities' seed names
    AUTOMATIC = "automatic"  # chosen from GeoNames' alternate names by the seed
    EDITOR = "editor"  # typed or confirmed by an editor


class Origin(StrEnum):
    """Where a stored row came from. Seed rows may be replaced by a newer seed; user rows never."""

    SEED_IRAN = "seed_iran"
    SEED_WORLD = "seed_world"
    USER = "user"


SCOPES: tuple[str, ...] = ("iran", "world")
"""The networks a page can show: Iranian cities and their partners, or the whole world."""

TEHRAN = "112931"
"""Tehran's city id (its GeoNames id): the city pages open on and the ready deck is about."""
