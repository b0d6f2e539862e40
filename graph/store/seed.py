"""Build the store's seed rows from the files in ``data/``.

Seeding is idempotent and versioned: the store remembers the seed version it holds
(the seeding code's format number plus a hash of the data files). Opening a store
whose version matches changes nothing. A newer version upgrades the store in place, in
one transaction: seed cities are inserted or updated, seed ties, exchanges and air
links are replaced, and rows that users added (``origin = 'user'``) are never touched;
a user's tie also wins over a seed tie for the same pair.

Persian names (``name_fa`` with its ``name_fa_origin``, :class:`graph.model.NameOrigin`):
the Iranian cities' names and ``city_names_fa.csv`` (the foreign partners of Iranian
cities) are ``checked``; every other city with a GeoNames id gets the name
:func:`graph.places.persian.pick_persian` chooses among its GeoNames alternate names,
``automatic``, except the partners the checked file leaves empty on purpose. An upgrade
never replaces an editor's name, nor a checked name with an automatic one.

Cities are keyed as the data files key them, by (name, country). A city's id is its
GeoNames id; where several names share one GeoNames entry (``Tehran`` and ``Tehran
District 12``, spelling variants in the world lists) the entry's own name keeps the id
and the others get a stable slug, so no tie is silently merged into another city's.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from graph.model import Evidence, Kind, NameOrigin, Origin, Relation, Status
from graph.names import clean_text
from graph.places.persian import NAMES_FILE, alternate_names, names_file_version, pick_persian
from graph.store.dedupe import plan_cities
from graph.store.schema import (
    air_links_table,
    cities_table,
    exchanges_table,
    get_meta,
    pair_key,
    set_meta,
    ties_table,
)

__all__ = ["DATA_DIR", "SEED_FORMAT", "SeedData", "seed_store", "seed_version", "load_seed"]

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Bump when the way rows are derived from the files changes, the Persian-name picker
# (graph/places/persian.py) included; the data hash covers the files and the GeoNames file.
SEED_FORMAT = 3
SEED_FILES = (
    "cities.csv",
    "cities_extra.csv",
    "city_names_fa.csv",
    "sister_cities_iran.csv",
    "sister_cities_world.csv",
    "exchanges_iran.csv",
    "flight_links.csv",
)
ONE_SIDED_MARK = "P190 only on the"


@dataclass
class SeedData:
    """All seed rows, ready to insert, keyed by table name."""

    cities: list[dict] = field(default_factory=list)
    ties: list[dict] = field(default_factory=list)
    exchanges: list[dict] = field(default_factory=list)
    air_links: list[dict] = field(default_factory=list)


# the seed's columns whose text keeps its line breaks (as graph.io.rules.MULTILINE_FIELDS)
_MULTILINE = ("note", "sources", "source")


def _read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a seed file, every cell cleaned as all stored text is."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: clean_text(v or "", multiline=k in _MULTILINE) for k, v in row.items()}
            for row in csv.DictReader(handle)
        ]


def seed_version(data_dir: Path = DATA_DIR) -> str:
    """``FORMAT:HASH`` of the seeding code and the data files it reads."""
    digest = hashlib.sha256()
    # the automatic Persian names come from the installed GeoNames file
    digest.update(f"{NAMES_FILE}:{names_file_version()}".encode())
    for name in SEED_FILES:
        digest.update(name.encode())
        digest.update((data_dir / name).read_bytes())
    return f"{SEED_FORMAT}:{digest.hexdigest()[:16]}"


def slug(name: str, country: str) -> str:
    """A stable ASCII id for a city without a GeoNames id of its own.

    >>> slug("Tehran District 12", "IR")
    'tehran-district-12-ir'
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "city"
    return f"{text}-{country.lower()}"


def _int_or_none(value: str) -> int | None:
    value = (value or "").strip()
    return int(float(value)) if value else None


def _city_rows(data_dir: Path) -> tuple[list[dict], dict[tuple[str, str], str]]:
    rows = _read_csv(data_dir / "cities.csv") + _read_csv(data_dir / "cities_extra.csv")
    # The GeoNames entry's own name (then the larger place, then the name) keeps the id.
    rows.sort(key=lambda r: (r["name"] != r["geonames_name"], r["name"], r["country"]))
    taken: set[str] = set()
    cities: list[dict] = []
    ids: dict[tuple[str, str], str] = {}
    for row in rows:
        geonameid = _int_or_none(row["geonameid"])
        city_id = str(geonameid) if geonameid is not None else ""
        if not city_id or city_id in taken:
            city_id = base = slug(row["name"], row["country"])
            suffix = 2
            while city_id in taken:
                city_id, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(city_id)
        ids[(row["name"], row["country"])] = city_id
        cities.append(
            {
                "city_id": city_id,
                "geonameid": geonameid,
                "name_en": row["name"],
                "name_fa": row["name_fa"] or None,
                "country": row["country"],
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "population": _int_or_none(row["population"]),
                "note": row["note"],
                "origin": Origin.SEED_IRAN if row["in_iran_file"] == "1" else Origin.SEED_WORLD,
                "name_fa_origin": NameOrigin.CHECKED.value if row["name_fa"] else None,
            }
        )
    return _one_per_place(cities, ids)


def _one_per_place(
    cities: list[dict], ids: dict[tuple[str, str], str]
) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """``cities`` with the copies of one place merged as the store merges them
    (:func:`graph.store.dedupe.plan_cities`: "Chişinău" and "Chișinău" are one city), each
    with its ``name_key``; ``ids`` maps every name of the files to the city kept. The kept
    city is Iranian-listed and has a Persian name where any of its copies has."""
    plan = plan_cities(cities)
    by_id = {c["city_id"]: c for c in cities}
    for copy_id, kept_id in plan.merged.items():
        copy, kept = by_id[copy_id], by_id[kept_id]
        if copy["origin"] == Origin.SEED_IRAN:
            kept["origin"] = Origin.SEED_IRAN
        if not kept["name_fa"] and copy["name_fa"]:
            kept["name_fa"], kept["name_fa_origin"] = copy["name_fa"], copy["name_fa_origin"]
    kept_cities = [c for c in cities if c["city_id"] not in plan.merged]
    for city in kept_cities:
        city["name_key"] = plan.keys[city["city_id"]]
    return kept_cities, {name: plan.kept(city_id) for name, city_id in ids.items()}


def _one_per_geonameid(cities: list[dict]) -> None:
    """Leave each GeoNames id to its own city (:func:`graph.store.dedupe.plan_cities`); the
    others sharing it (a district matched to its city) keep the Persian name it gave them."""
    geonameids = plan_cities(cities).geonameids
    for city in cities:
        city["geonameid"] = geonameids[city["city_id"]]


def _iran_ties(data_dir: Path, ids: dict[tuple[str, str], str]) -> tuple[list[dict], dict]:
    ties, persian_names, seen = [], {}, set()
    for row in _read_csv(data_dir / "sister_cities_iran.csv"):
        a, b = ids[(row["city_a"], row["country_a"])], ids[(row["city_b"], row["country_b"])]
        if row["name_fa_b"]:
            persian_names[b] = row["name_fa_b"]
        if a == b or pair_key(a, b) in seen:  # one partner under two spellings: tied once
            continue
        seen.add(pair_key(a, b))
        evidence = Evidence(row["evidence"])
        ties.append(
            {
                "pair_key": pair_key(a, b),
                "city_a": a,
                "city_b": b,
                "relation": Relation(row["relation"]).value,
                "status": Status(row["status"]).value,
                "since": _int_or_none(row["year"]),
                "evidence": evidence.value,
                "sources": json.dumps([s.strip() for s in row["source"].split(" | ") if s]),
                "note": row["note"],
                "one_sided": evidence == Evidence.WIKIDATA and ONE_SIDED_MARK in row["note"],
                "origin": Origin.SEED_IRAN.value,
                "version": 1,
            }
        )
    return ties, persian_names


def _world_ties(data_dir: Path, ids: dict[tuple[str, str], str], seen: set[str]) -> list[dict]:
    # Every world-list pair that involves Iran is also in the curated Iran file (data
    # README), often under a normalised name: the Iran file is the one source for them.
    ties = []
    for row in _read_csv(data_dir / "sister_cities_world.csv"):
        if "IR" in (row["country_a"], row["country_b"]):
            continue
        a, b = ids[(row["city_a"], row["country_a"])], ids[(row["city_b"], row["country_b"])]
        key = pair_key(a, b)
        if a == b or key in seen:
            continue
        seen.add(key)
        ties.append(
            {
                "pair_key": key,
                "city_a": a,
                "city_b": b,
                "relation": Relation.SISTER.value,
                "status": Status.SIGNED.value,
                "since": _int_or_none(row["year"]),
                "evidence": Evidence.WIKIPEDIA.value,
                "sources": json.dumps([row["source"]]),
                "note": row["note"],
                "one_sided": False,
                "origin": Origin.SEED_WORLD.value,
                "version": 1,
            }
        )
    return ties


def _exchanges(data_dir: Path, ids: dict[tuple[str, str], str]) -> list[dict]:
    rows = []
    for row in _read_csv(data_dir / "exchanges_iran.csv"):
        a, b = ids[(row["city_a"], row["country_a"])], ids[(row["city_b"], row["country_b"])]
        date = row["date"].strip() or None
        rows.append(
            {
                "pair_key": pair_key(a, b),
                "city_a": a,
                "city_b": b,
                "date": date,
                "year": int(date[:4]) if date else None,
                "kind": Kind(row["kind"]).value,
                "intensity": int(row["intensity"]),
                "title": row["title"],
                "source": row["source"],
                "evidence": Evidence(row["evidence"]).value,
                "note": row["note"],
                "origin": Origin.SEED_IRAN.value,
            }
        )
    return rows


def _air_links(data_dir: Path, ids: dict[tuple[str, str], str]) -> list[dict]:
    rows, seen = [], set()
    for row in _read_csv(data_dir / "flight_links.csv"):
        a, b = ids[(row["city_a"], row["country_a"])], ids[(row["city_b"], row["country_b"])]
        if a == b or pair_key(a, b) in seen:  # one city under two spellings: linked once
            continue
        seen.add(pair_key(a, b))
        rows.append(
            {
                "pair_key": pair_key(a, b),
                "city_a": a,
                "city_b": b,
                "routes": int(row["routes"]),
                "routes_codeshare": int(row["routes_codeshare"]),
                "airlines": int(row["airlines"]),
                "origin": Origin.SEED_WORLD.value,
            }
        )
    return rows


def _persian_names(cities: list[dict], ids: dict, data_dir: Path, iran: dict) -> None:
    """Give ``cities`` their Persian names and origins: checked ones (the Iran file's, the
    checked names file's), else GeoNames' (automatic); a partner the checked file leaves
    empty stays without one."""
    checked, withheld = dict(iran), set()
    for row in _read_csv(data_dir / "city_names_fa.csv"):
        city_id = ids[(row["name"], row["country"])]
        if row["name_fa"]:
            checked[city_id] = row["name_fa"]
        else:
            withheld.add(city_id)
    for city in cities:
        if not city["name_fa"] and city["city_id"] in checked:
            city["name_fa"] = checked[city["city_id"]]
            city["name_fa_origin"] = NameOrigin.CHECKED.value
    unnamed = [c for c in cities if not c["name_fa"] and c["city_id"] not in withheld]
    names = alternate_names(c["geonameid"] for c in unnamed if c["geonameid"] is not None)
    for city in unnamed:
        name = pick_persian(names.get(city["geonameid"], ()))
        if name:
            city["name_fa"], city["name_fa_origin"] = name, NameOrigin.AUTOMATIC.value


def load_seed(data_dir: Path = DATA_DIR) -> SeedData:
    """Read ``data/`` into rows for the store (no database involved)."""
    cities, ids = _city_rows(data_dir)
    iran_ties, persian_names = _iran_ties(data_dir, ids)
    _persian_names(cities, ids, data_dir, persian_names)
    _one_per_geonameid(cities)
    seen = {t["pair_key"] for t in iran_ties}
    return SeedData(
        cities=cities,
        ties=iran_ties + _world_ties(data_dir, ids, seen),
        exchanges=_exchanges(data_dir, ids),
        air_links=_air_links(data_dir, ids),
    )


def _kept_name(stored: sa.Row, city: dict) -> dict:
    """``city`` with the stored Persian name kept where the seed must not replace it: an
    editor's, or a checked one the seed would replace with an automatic one."""
    origin = stored.name_fa_origin
    if origin == NameOrigin.EDITOR or (
        origin == NameOrigin.CHECKED and city["name_fa_origin"] == NameOrigin.AUTOMATIC
    ):
        return {**city, "name_fa": stored.name_fa, "name_fa_origin": origin}
    return city


def _upsert_cities(conn: sa.Connection, cities: list[dict]) -> None:
    """Insert new seed cities and update changed ones; a user's city is left alone, and so
    is an editor's Persian name (:func:`_kept_name`)."""
    fields = [name for name in cities[0] if name != "city_id"]
    stored = {
        row.city_id: row
        for row in conn.execute(
            sa.select(cities_table.c.city_id, *(cities_table.c[f] for f in fields))
        )
    }
    cities = [_kept_name(stored[c["city_id"]], c) if c["city_id"] in stored else c for c in cities]
    new = [c for c in cities if c["city_id"] not in stored]
    changed = [
        c
        for c in cities
        if c["city_id"] in stored
        and stored[c["city_id"]].origin != Origin.USER
        and tuple(stored[c["city_id"]][1:]) != tuple(c[f] for f in fields)
    ]
    if new:
        conn.execute(cities_table.insert(), new)
    if changed:
        update = cities_table.update().where(cities_table.c.city_id == sa.bindparam("key"))
        update = update.values(**{name: sa.bindparam(name) for name in fields})
        conn.execute(update, [{**c, "key": c["city_id"]} for c in changed])


def _replace_seed_rows(conn: sa.Connection, table: sa.Table, rows: list[dict]) -> None:
    seed_origins = (Origin.SEED_IRAN.value, Origin.SEED_WORLD.value)
    conn.execute(table.delete().where(table.c.origin.in_(seed_origins)))
    if "pair_key" in table.c and table is not exchanges_table:
        # A user's tie or link for the same pair stays; the seed row steps aside.
        user_pairs = set(conn.execute(sa.select(table.c.pair_key)).scalars())
        rows = [r for r in rows if r["pair_key"] not in user_pairs]
    if rows:
        conn.execute(table.insert(), rows)


def seed_store(engine: sa.Engine, data_dir: Path = DATA_DIR, force: bool = False) -> bool:
    """Seed or upgrade the store's database from ``data_dir``; return True when anything changed.

    It takes the engine (``store.engine``), not the :class:`~graph.store.engine.Store`, so that
    seeding depends only on the schema and ``open_store`` can seed without an import cycle.
    """
    version = seed_version(data_dir)
    with engine.connect() as conn:
        if not force and get_meta(conn, "seed_version") == version:
            return False
    data = load_seed(data_dir)
    with engine.begin() as conn:
        if not force and get_meta(conn, "seed_version") == version:
            return False  # another process seeded it meanwhile
        _upsert_cities(conn, data.cities)
        for table, rows in (
            (ties_table, data.ties),
            (exchanges_table, data.exchanges),
            (air_links_table, data.air_links),
        ):
            _replace_seed_rows(conn, table, rows)
        set_meta(conn, "seed_version", version)
    return True
