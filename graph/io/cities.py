"""Adding a city to the store, as an editor confirmed it from the gazetteer or typed it.

:func:`add_city` stores the city (``origin='user'``) with its record of changes (action
``add_city``), so the change log shows it and it can be undone. The search that offers
the places is :mod:`graph.places.gazetteer`, which only reads.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from graph.i18n import t
from graph.i18n.changelog import batch_description
from graph.model import NameOrigin, Origin
from graph.names import clean_text
from graph.places.countries import COUNTRIES
from graph.store.changes import record_batch, record_change, require_editor, row_image
from graph.store.engine import Store
from graph.store.schema import cities_table, city_name_key
from graph.store.seed import slug

__all__ = ["CityExists", "InvalidCity", "add_city"]


class CityExists(ValueError):
    """The city is stored already; ``city`` is the stored row, ``key``/``params`` the message."""

    def __init__(self, city: dict, by: str):
        self.city = city
        self.key = f"gaz.exists.{by}"
        persian = f" ({city['name_fa']})" if city.get("name_fa") else ""
        self.params = {
            "name": city["name_en"] + persian,
            "country": city["country"],
            "city_id": city["city_id"],
        }
        super().__init__(t(self.key, "en", **self.params))


class InvalidCity(ValueError):
    """A field of the new city is missing or wrong; ``key``/``params`` give the message."""

    def __init__(self, key: str, **params: Any):
        self.key = key
        self.params = params
        super().__init__(t(key, "en", **params))


"""Never part of a name (PostgreSQL cannot even store NUL): dropped from the names typed."""


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    name_en = clean_text(str(fields.get("name_en") or ""))
    name_fa = clean_text(str(fields.get("name_fa") or "")) or None
    country = str(fields.get("country") or "").strip().upper()
    if not name_en:
        raise InvalidCity("gaz.invalid.name")
    for name, column in ((name_en, cities_table.c.name_en), (name_fa, cities_table.c.name_fa)):
        limit = column.type.length
        if name and len(name) > limit:  # checked here: PostgreSQL refuses it, SQLite does not
            raise InvalidCity("gaz.invalid.too_long", length=len(name), limit=limit)
    if country not in COUNTRIES:
        raise InvalidCity("gaz.invalid.country", country=country)
    try:
        lat, lon = float(fields["lat"]), float(fields["lon"])
    except (KeyError, TypeError, ValueError):
        raise InvalidCity("gaz.invalid.coordinates") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidCity("gaz.invalid.coordinates")
    geonameid = fields.get("geonameid")
    population = fields.get("population")
    return {
        "geonameid": int(geonameid) if geonameid not in (None, "") else None,
        "name_en": name_en,
        "name_fa": name_fa,
        "country": country,
        "lat": lat,
        "lon": lon,
        "population": int(population) if population not in (None, "") else None,
        "note": clean_text(str(fields.get("note") or ""), multiline=True),
        "origin": Origin.USER.value,
        "name_fa_origin": NameOrigin.EDITOR.value if name_fa else None,
    }


ID_ROOM = 8  # characters kept free in a city id for a "-2", "-3"... suffix


def _city_id_base(name: str, country: str) -> str:
    """The slug id of a city without its own GeoNames id, short enough for the id column."""
    base = slug(name, country)
    longest = cities_table.c.city_id.type.length - ID_ROOM
    if len(base) <= longest:
        return base
    tail = f"-{country.lower()}"
    return base[: longest - len(tail)].rstrip("-") + tail


def add_city(store: Store, fields: dict[str, Any], who: str) -> int:
    """Store a new city (``origin='user'``) with its record of changes; return the batch id.

    ``fields``: ``name_en``, ``country`` (ISO code), ``lat``, ``lon``, and optionally
    ``geonameid``, ``name_fa`` (as the editor confirmed it), ``population``, ``note``.
    Its id is the GeoNames id where there is one (the seed's convention), else a slug of
    name and country. Raises :class:`CityExists` when that GeoNames id, or that name in
    that country, is stored already, and :class:`InvalidCity` for a bad field; without an
    editor's name ``who``, :class:`graph.store.changes.EditorRequired`.
    """
    who = require_editor(who)
    row = _clean_fields(fields)
    try:
        return _insert_city(store, row, who)
    except sa.exc.IntegrityError:
        # another editor stored it meanwhile: the unique keys stopped this one
        with store.engine.connect() as conn:
            same = _same_city(conn, row)
        if same is None:
            raise
        raise CityExists(*same) from None


def _same_city(conn: sa.Connection, row: dict[str, Any]) -> tuple[dict, str] | None:
    """The stored city ``row`` would repeat and why ("geonameid" or "name"), or None."""
    if row["geonameid"] is not None:
        query = sa.select(cities_table).where(cities_table.c.geonameid == row["geonameid"])
        same = conn.execute(query).mappings().first()
        if same is not None:
            return dict(same), "geonameid"
    same = (
        conn.execute(
            sa.select(cities_table)
            .where(
                cities_table.c.country == row["country"],
                cities_table.c.name_key == city_name_key(row["name_en"]),
            )
        )
        .mappings()
        .first()
    )
    return (dict(same), "name") if same is not None else None


def _insert_city(store: Store, row: dict[str, Any], who: str) -> int:
    with store.engine.begin() as conn:
        same = _same_city(conn, row)
        if same is not None:
            raise CityExists(*same)
        taken = set(conn.execute(sa.select(cities_table.c.city_id)).scalars())
        city_id = str(row["geonameid"]) if row["geonameid"] is not None else ""
        if not city_id or city_id in taken:
            city_id = base = _city_id_base(row["name_en"], row["country"])
            suffix = 2
            while city_id in taken:
                city_id, suffix = f"{base}-{suffix}", suffix + 1
        conn.execute(cities_table.insert().values(city_id=city_id, **row))
        stored = (
            conn.execute(sa.select(cities_table).where(cities_table.c.city_id == city_id))
            .mappings()
            .one()
        )
        batch_id = record_batch(conn, who, "add_city", batch_description("add_city", city=city_id))
        record_change(conn, batch_id, "cities", city_id, "insert", None, row_image(stored))
    return batch_id
