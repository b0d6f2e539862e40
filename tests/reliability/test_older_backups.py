"""A backup written by any earlier schema version restores, migrated to this one.

Each backup here is written as that version wrote it (its tables and columns only), and
holds what the later unique keys forbid: one city under two spellings, and for the
versions before exchanges had a key, one exchange stored twice. The restore fills the
keys, merges the copies (recorded in the change log as the editor's) and leaves a store
every command opens.
"""

from __future__ import annotations

import copy
import json

import pytest
import sqlalchemy as sa

from graph.cli.main import main
from graph.store.backup import backup, restore
from graph.store.changes import list_batches
from graph.store.schema import SCHEMA_VERSION, cities_table, exchanges_table
from tests.builders import make_city, make_exchange, make_tie

CEDILLA, COMMA = "Chi\u015fin\u0103u", "Chi\u0219in\u0103u"

# what each schema version added (graph/store/migrations.py MIGRATIONS)
ADDED_TABLES = {2: ("batches", "changes", "saved_views"), 4: ("sign_in_failures",)}
ADDED_COLUMNS = {3: ("exchanges", "record_key"), 5: ("cities", "name_fa_origin"),
                 6: ("cities", "name_key")}


def _as_written_by(document: dict, version: int) -> dict:
    """``document`` (a backup of this version) as schema ``version`` wrote it."""
    old = copy.deepcopy(document)
    tables = old["tables"]
    for added, names in ADDED_TABLES.items():
        if version < added:
            for name in names:
                tables.pop(name)
    for added, (table, column) in ADDED_COLUMNS.items():
        if version < added:
            for row in tables[table]:
                row.pop(column, None)
    old["schema_version"] = version
    for row in tables["meta"]:
        if row["key"] == "schema_version":
            row["value"] = str(version)
    return old


def _with_copies(document: dict, version: int) -> dict:
    """Add Chişinău under two spellings, each tied to Tehran, one also to Kazan; before
    schema 3, also an exchange stored twice."""
    tables = document["tables"]
    for city_id, name in (("618426", CEDILLA), ("chisinau-md", COMMA)):
        row = make_city(city_id=city_id, geonameid=618426, name_en=name, name_fa=None,
                        country="MD", lat=47.0, lon=28.9)
        tables["cities"].append({k: v for k, v in row.items() if k in tables["cities"][0]})
    ties = tables["ties"]
    next_id = max(t["tie_id"] for t in ties) + 1
    for offset, (a, b) in enumerate(
        [("618426", "tehran"), ("chisinau-md", "tehran"), ("chisinau-md", "kazan")]
    ):
        tie = make_tie(city_a=a, city_b=b, tie_id=next_id + offset)
        ties.append({k: v for k, v in tie.items() if k in ties[0]})
    if version < 3:
        exchanges = tables["exchanges"]
        first = exchanges[0]
        exchanges.append({**first, "exchange_id": first["exchange_id"] + 100,
                          "title": first["title"].upper()})
        exchanges.append({k: v for k, v in make_exchange(
            exchange_id=first["exchange_id"] + 101, city_a="chisinau-md", city_b="isfahan",
            title="Carpets").items() if k in first})
    return document


@pytest.fixture()
def document(store, tmp_path) -> dict:
    path = tmp_path / "now.json"
    backup(store, path)
    return json.loads(path.read_text())


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_backup_of_every_earlier_schema_restores_migrated(store, document, tmp_path,
                                                             version):
    path = tmp_path / f"schema{version}.json"
    path.write_text(json.dumps(_with_copies(_as_written_by(document, version), version)))
    restore(store, path, who="admin")
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    cities = store.cities()
    assert list(cities[cities["country"] == "MD"]["city_id"]) == ["618426"]
    ties = store.ties()
    assert sorted(ties[ties["pair_key"].str.contains("618426")]["pair_key"]) == [
        "618426|kazan", "618426|tehran"
    ]
    with store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).where(
            cities_table.c.name_key.is_(None))).scalar() == 0
        keys = list(conn.execute(sa.select(exchanges_table.c.record_key)).scalars())
    assert None not in keys and len(keys) == len(set(keys))
    exchanges = store.exchanges()
    assert len(exchanges) == (2 if version < 3 else 1)  # the copy merged, Carpets moved
    assert not (exchanges[["city_a", "city_b"]] == "chisinau-md").any().any()
    named = cities[cities["name_fa"].notna()]
    assert named["name_fa_origin"].notna().all()
    actions = [(b["action"], b["who"]) for b in list_batches(store)]
    assert ("merge_cities", "admin") in actions and ("restore", "admin") in actions
    url = store.engine.url.render_as_string(hide_password=False)
    assert main(["stats", "--json", "--db", url]) == 0
    assert main(["city", "Chișinău, MD", "--json", "--db", url]) == 0
    # and this version's backup of the result restores as it is
    again = tmp_path / "again.json"
    backup(store, again)
    restore(store, again, who="admin")
    assert len(store.cities()) == len(cities)
