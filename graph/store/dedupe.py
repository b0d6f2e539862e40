"""One city per place: which stored cities are copies of one another, and their merge.

A city is keyed by its country and :func:`graph.store.schema.city_name_key` (its folded
English name) and, where it has one, by its GeoNames id; unique indexes hold both.
:func:`plan_cities` is the one rule, used by the seed on its rows and by
:func:`merge_city_duplicates` on a store's (schema migration 6, a restore of an older
backup):

- cities of one country whose names fold alike are one place, merged into the first
  (the GeoNames id's own city first, then by id), unless both have GeoNames ids and they
  differ: GeoNames knows them apart (Fürth and Furth, Löhne and Lohne), so both stay and
  the later one is keyed ``KEY#GEONAMEID``;
- of the cities left that share a GeoNames id (a district matched to its city, "Tehran
  District 12"), the id's own city keeps it and the others keep their ties without it.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from graph.i18n.changelog import batch_description
from graph.store.audit import record_batch, record_change, require_editor, row_image
from graph.store.schema import (
    NAME_KEY_LENGTH,
    air_links_table,
    cities_table,
    city_name_key,
    exchange_key,
    exchanges_table,
    pair_key,
    ties_table,
)

__all__ = ["CityPlan", "MergeReport", "merge_city_duplicates", "plan_cities"]

log = logging.getLogger(__name__)


@dataclass
class CityPlan:
    """What :func:`plan_cities` decided for a set of cities."""

    # city_id of a copy -> city_id of the city it is merged into
    merged: dict[str, str] = field(default_factory=dict)
    # city_id of every city kept -> its name_key
    keys: dict[str, str] = field(default_factory=dict)
    # city_id of every city kept -> its GeoNames id after the plan (None: none)
    geonameids: dict[str, int | None] = field(default_factory=dict)

    def kept(self, city_id: str) -> str:
        """The id ``city_id`` is stored under after the merge."""
        return self.merged.get(city_id, city_id)


def _geonameid(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def plan_cities(rows: Iterable[Mapping[str, Any]]) -> CityPlan:
    """Decide which of ``rows`` (``city_id``, ``geonameid``, ``name_en``, ``country``) are
    copies of one place and which GeoNames id each kept city holds (module docstring)."""

    def owner_first(row: Mapping[str, Any]) -> tuple[bool, str]:
        gid = _geonameid(row["geonameid"])
        return (gid is None or str(row["city_id"]) != str(gid), str(row["city_id"]))

    ordered = sorted(rows, key=owner_first)
    plan = CityPlan()
    places: dict[tuple[str, str], list[str]] = {}
    for row in ordered:
        city_id, gid = str(row["city_id"]), _geonameid(row["geonameid"])
        key = city_name_key(row["name_en"])
        same_key = places.setdefault((row["country"], key), [])
        same = next((p for p in same_key if gid is None or plan.geonameids[p] in (None, gid)), None)
        if same is not None:
            plan.merged[city_id] = same
            if plan.geonameids[same] is None:
                plan.geonameids[same] = gid
            continue
        plan.keys[city_id] = key if not same_key else f"{key}#{gid}"[:NAME_KEY_LENGTH]
        plan.geonameids[city_id] = gid
        same_key.append(city_id)
    owners: dict[int, str] = {}
    for row in ordered:
        city_id = str(row["city_id"])
        gid = plan.geonameids.get(city_id)
        if gid is None:
            continue
        if gid in owners:
            plan.geonameids[city_id] = None
        else:
            owners[gid] = city_id
    return plan


@dataclass
class MergeReport:
    """What :func:`merge_city_duplicates` changed."""

    # (copy's id, its name, kept city's id) for every copy merged away
    merged: list[tuple[str, str, str]] = field(default_factory=list)
    ties_moved: int = 0
    exchanges_moved: int = 0
    # rows of the copies that the kept city already had (the kept city's row stays)
    rows_dropped: int = 0
    geonameids_dropped: int = 0
    batch_id: int | None = None


class _Batch:
    """The change-log batch of one merge, opened at its first change."""

    def __init__(self, conn: Connection, who: str, plan: CityPlan) -> None:
        self.conn, self.who, self.plan, self.batch_id = conn, who, plan, None

    def change(self, table: str, key: str, operation: str, before: Any, after: Any) -> None:
        if self.batch_id is None:
            description = batch_description("merge_cities", n=len(self.plan.merged))
            self.batch_id = record_batch(self.conn, self.who, "merge_cities", description)
        record_change(
            self.conn, self.batch_id, table, key, operation, row_image(before), row_image(after)
        )


def _one(conn: Connection, table: sa.Table, where: Any) -> dict:
    return dict(conn.execute(sa.select(table).where(where)).mappings().one())


def _move_paired(
    conn: Connection, table: sa.Table, plan: CityPlan, batch: _Batch, report: MergeReport
) -> None:
    """Point the rows of ``table`` that name a copy at its kept city; a row the kept city
    already has (or that would tie it to itself) is deleted instead."""
    copies = list(plan.merged)
    if not copies:
        return
    c = table.c
    rows = [
        dict(r)
        for r in conn.execute(
            sa.select(table).where(c.city_a.in_(copies) | c.city_b.in_(copies))
        ).mappings()
    ]
    if table is exchanges_table:
        taken = set(conn.execute(sa.select(c.record_key)).scalars())
        id_column, row_key = c.exchange_id, lambda row: str(row["exchange_id"])
    else:
        taken = set(conn.execute(sa.select(c.pair_key)).scalars())
        id_column = c.tie_id if table is ties_table else c.pair_key
        row_key = lambda row: row["pair_key"]  # noqa: E731
    name = table.name
    for row in rows:
        a, b = plan.kept(row["city_a"]), plan.kept(row["city_b"])
        pair = pair_key(a, b)
        values: dict[str, Any] = {"city_a": a, "city_b": b, "pair_key": pair}
        if table is exchanges_table:
            values["record_key"] = exchange_key(pair, row["date"], row["kind"], row["title"])
            own, new = row["record_key"], values["record_key"]
        else:
            own, new = row["pair_key"], pair
        where = id_column == row[id_column.name]
        if a == b or new in taken:
            conn.execute(table.delete().where(where))
            batch.change(name, row_key(row), "delete", row, None)
            report.rows_dropped += 1
            continue
        taken.discard(own)
        taken.add(new)
        if "version" in c:
            values["version"] = row["version"] + 1
        conn.execute(table.update().where(where).values(**values))
        # an air link is keyed by its pair, which has just changed
        after = _one(conn, table, c.pair_key == pair if id_column is c.pair_key else where)
        batch.change(name, row_key(after), "update", row, after)
        if table is ties_table:
            report.ties_moved += 1
        elif table is exchanges_table:
            report.exchanges_moved += 1


def merge_city_duplicates(conn: Connection, who: str) -> MergeReport:
    """Merge the stored cities :func:`plan_cities` finds to be copies of one place, give
    every city its ``name_key`` and GeoNames id by the plan, and return what changed.

    Run with the cities' unique indexes dropped (:func:`graph.store.schema.drop_unique_indexes`).
    Ties, exchanges and air links move to the kept city, which also takes a copy's Persian
    name where it has none; every change is one ``merge_cities`` batch by ``who``.
    """
    who = require_editor(who)
    stored = {r["city_id"]: dict(r) for r in conn.execute(sa.select(cities_table)).mappings()}
    plan = plan_cities(stored.values())
    report = MergeReport()
    batch = _Batch(conn, who, plan)
    for table in (ties_table, exchanges_table, air_links_table):
        _move_paired(conn, table, plan, batch, report)
    kept_changes: dict[str, dict[str, Any]] = {}
    for copy_id, kept_id in sorted(plan.merged.items()):
        copy, kept = stored[copy_id], stored[kept_id]
        if not kept["name_fa"] and copy["name_fa"]:
            kept_changes.setdefault(kept_id, {}).update(
                name_fa=copy["name_fa"], name_fa_origin=copy["name_fa_origin"]
            )
            kept = {**kept, "name_fa": copy["name_fa"]}
            stored[kept_id] = kept
        conn.execute(cities_table.delete().where(cities_table.c.city_id == copy_id))
        batch.change("cities", copy_id, "delete", copy, None)
        report.merged.append((copy_id, copy["name_en"], kept_id))
    for city_id, gid in plan.geonameids.items():
        if _geonameid(stored[city_id]["geonameid"]) != gid:
            kept_changes.setdefault(city_id, {})["geonameid"] = gid
            if gid is None:
                report.geonameids_dropped += 1
    for city_id, values in sorted(kept_changes.items()):
        where = cities_table.c.city_id == city_id
        before = _one(conn, cities_table, where)
        conn.execute(cities_table.update().where(where).values(**values))
        batch.change("cities", city_id, "update", before, _one(conn, cities_table, where))
    fills = [
        {"id": city_id, "key": key}
        for city_id, key in plan.keys.items()
        if stored[city_id].get("name_key") != key
    ]
    if fills:  # a derived column, as exchanges.record_key: filled, not recorded
        conn.execute(
            cities_table.update()
            .where(cities_table.c.city_id == sa.bindparam("id"))
            .values(name_key=sa.bindparam("key")),
            fills,
        )
    report.batch_id = batch.batch_id
    if report.merged:
        log.warning(
            "merged %d cities stored more than once (%d ties and %d exchanges moved, %d rows "
            "the kept city already had dropped; change log batch %s): %s",
            len(report.merged),
            report.ties_moved,
            report.exchanges_moved,
            report.rows_dropped,
            report.batch_id,
            "; ".join(f"{name} ({copy}) into {kept}" for copy, name, kept in report.merged[:50]),
        )
    return report
