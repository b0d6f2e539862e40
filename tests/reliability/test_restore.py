"""A restore never wipes nor bricks the store: the whole backup is checked first.

Every malformed backup here is refused with a located message (exit code 2 from the
command line, no traceback) and leaves every table, the change log included, as it was.
"""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from graph.cli.main import main
from graph.io.importer import import_file
from graph.store.backup import BackupError, backup, restore
from graph.store.changes import list_batches
from graph.store.schema import SCHEMA_VERSION, metadata, pair_key

REPO = Path(__file__).resolve().parents[2]
TIES_HEADER = ["city_a", "city_b", "relation", "status", "since", "evidence", "sources", "note"]


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def everything(store) -> list:
    """Every row of every table, the change log and meta included."""
    with store.engine.connect() as conn:
        return [
            (t.name, [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key))])
            for t in metadata.sorted_tables
        ]


def db_args(store) -> list[str]:
    return ["--db", store.engine.url.render_as_string(hide_password=False)]


@pytest.fixture()
def document(store, tmp_path) -> dict:
    """A valid backup of the store (with one batch in its change log), as JSON."""
    import_file(store, csv_bytes([TIES_HEADER, ["Tehran", "Kazan", "sister", "signed",
                                                "2001", "official", "", ""]]), "ali")
    path = tmp_path / "valid.json"
    backup(store, path)
    return json.loads(path.read_text())


def _table(doc: dict, name: str) -> list:
    return doc["tables"][name]


def _set(name: str, column: str, value, row: int = 0):
    def change(doc: dict) -> None:
        _table(doc, name)[row][column] = value
    return change


DEEP = "@deep@"  # replaced by 100,000 nested lists once the document is JSON text


MALFORMED = {
    "empty tables": lambda d: d.update(tables={}),
    "no tables": lambda d: d.pop("tables"),
    "tables is a list": lambda d: d.update(tables=[]),
    "document is a list": None,  # written as a list below
    "schema version 99": lambda d: d.update(schema_version=99),
    "schema version text": lambda d: d.update(schema_version="abc"),
    "meta says schema 99": lambda d: [r.update(value="99") for r in _table(d, "meta")
                                      if r["key"] == "schema_version"],
    "no format": lambda d: d.pop("format"),
    "a table missing": lambda d: d["tables"].pop("changes"),
    "an unknown table": lambda d: d["tables"].update(extra=[]),
    "an unknown column": _set("cities", "colour", "red"),
    "since is text": _set("ties", "since", "soon"),
    "sources not JSON": _set("ties", "sources", "not json"),
    "sources not a list": _set("ties", "sources", '{"a": 1}'),
    "text in lat": _set("cities", "lat", "north"),
    "lat out of range": _set("cities", "lat", 91.5),
    "NaN lon": _set("cities", "lon", float("nan")),
    "unknown relation": _set("ties", "relation", "rival"),
    "unknown origin": _set("cities", "origin", "hacker"),
    "intensity 9": _set("exchanges", "intensity", 9),
    "a list in a cell": _set("ties", "note", [[["x"]]]),
    "deep nesting in a cell": _set("ties", "note", DEEP),
    "tie to an unknown city": lambda d: _table(d, "ties")[0].update(
        city_a="atlantis", pair_key=pair_key("atlantis", _table(d, "ties")[0]["city_b"])
    ),
    "change of an unknown batch": _set("changes", "batch_id", 999),
    "a name too long": _set("cities", "name_en", "x" * 201),
    "a required cell empty": _set("cities", "name_en", None),
    "a row not an object": lambda d: _table(d, "ties").append(["x"]),
    "a duplicate key": lambda d: _table(d, "cities").append(dict(_table(d, "cities")[0])),
    "a tie to itself": lambda d: _table(d, "ties")[0].update(city_b=_table(d, "ties")[0]["city_a"]),
    "a wrong pair key": _set("ties", "pair_key", "a|b"),
    "a huge integer": _set("ties", "since", 10**30),
    "a bad date": _set("batches", "at", "yesterday"),
    "no cities": lambda d: [_table(d, n).clear() for n in
                            ("changes", "batches", "ties", "exchanges", "air_links", "cities")],
}


def _write(tmp_path: Path, case: str, doc: dict) -> Path:
    path = tmp_path / "bad.json.gz"
    if case == "document is a list":
        text = json.dumps([doc])
    else:
        bad = copy.deepcopy(doc)
        MALFORMED[case](bad)
        text = json.dumps(bad).replace(f'"{DEEP}"', "[" * 100_000 + "]" * 100_000)
    path.write_bytes(gzip.compress(text.encode()))
    return path


@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_backup_is_refused_and_nothing_changes(store, document, tmp_path, case):
    path = _write(tmp_path, case, document)
    before = everything(store)
    with pytest.raises(BackupError, match="nothing was changed"):
        restore(store, path, who="admin")
    assert everything(store) == before


def test_the_command_line_refuses_every_malformed_backup_with_exit_code_2(
    store, document, tmp_path, capsys
):
    before = everything(store)
    for case in MALFORMED:
        path = _write(tmp_path, case, document)
        assert main(["restore", str(path), *db_args(store)]) == 2, case
        err = capsys.readouterr().err
        assert err.startswith("error: ") and "Traceback" not in err, case
        assert "nothing was changed" in err, case
    assert everything(store) == before
    assert not (tmp_path / "backups").exists()  # refused before the automatic backup
    # and the store still works afterwards, init and restore included
    assert main(["init", *db_args(store)]) == 0
    assert main(["stats", "--json", *db_args(store)]) == 0
    assert main(["city", "Tehran", "--json", *db_args(store)]) == 0


def test_the_message_names_table_row_and_column(store, document, tmp_path):
    path = _write(tmp_path, "since is text", document)
    with pytest.raises(BackupError) as caught:
        restore(store, path, who="admin")
    message = str(caught.value)
    assert "table ties, row 1" in message and "column since" in message
    assert '"soon" is not a whole number' in message
    path = _write(tmp_path, "tie to an unknown city", document)
    with pytest.raises(BackupError, match='column city_a: "atlantis" is not a city_id'):
        restore(store, path, who="admin")


def test_a_valid_backup_still_restores_after_an_automatic_backup(
    store, document, tmp_path, capsys
):
    before = everything(store)
    path = tmp_path / "valid.json"
    import_file(store, csv_bytes([TIES_HEADER, ["Isfahan", "Kazan", "sister", "signed",
                                                "", "official", "", ""]]), "sara")
    replaced = everything(store)
    assert main(["restore", str(path), "--who", "admin", *db_args(store)]) == 0
    (kept,) = (tmp_path / "backups").glob("before-restore-*.json.gz")
    assert str(kept) in capsys.readouterr().out
    assert [t for t in everything(store) if t[0] not in ("batches", "changes")] == [
        t for t in before if t[0] not in ("batches", "changes")
    ]
    assert [b["action"] for b in list_batches(store)][:1] == ["restore"]
    # the automatic backup brings back what the restore replaced
    restore(store, kept, who="admin")
    assert [t for t in everything(store) if t[0] not in ("batches", "changes")] == [
        t for t in replaced if t[0] not in ("batches", "changes")
    ]


def test_a_schema_1_backup_restores_with_an_empty_change_log(store, document, tmp_path):
    old = copy.deepcopy(document)
    old["schema_version"] = 1
    for name in ("batches", "changes", "saved_views", "sign_in_failures"):
        old["tables"].pop(name)
    for row in old["tables"]["meta"]:
        if row["key"] == "schema_version":
            row["value"] = "1"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    restore(store, path, who="admin")
    assert store.meta("schema_version") == str(SCHEMA_VERSION)
    assert [b["action"] for b in list_batches(store)] == ["restore"]
    assert main(["stats", "--json", *db_args(store)]) == 0


# --- a gzip bomb: refused while it is read, in bounded memory ------------------------------

BOMB_GB = 2
PROBE = r"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from graph.cli.main import main
code = main(["restore", sys.argv[1], "--db", sys.argv[2]])
# VmHWM: this program's own peak (ru_maxrss would carry the forking parent's over exec)
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print("peak_kb", peak.split()[1])
sys.exit(code)
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """A few MB of gzip that unpacks to 2 GB of zeros."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.json.gz"
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    zeros = b"\0" * (1 << 24)
    with path.open("wb") as out:
        for _ in range(BOMB_GB * 64):
            out.write(packer.compress(zeros))
        out.write(packer.flush())
    return path


def test_a_gzip_bomb_is_refused_in_bounded_memory(store, bomb, tmp_path):
    assert bomb.stat().st_size < 5 * 2**20
    before = everything(store)
    url = store.engine.url.render_as_string(hide_password=False)
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(bomb), url],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1",
             "DIPLOMACY_BACKUP_DIR": str(tmp_path / "backups")},
    )
    assert run.returncode == 2, run.stderr
    assert "unpacks to more than 512 MB" in run.stderr and "Traceback" not in run.stderr
    maxrss_mb = int(run.stdout.split()[-1]) / 1024
    print(f"peak memory of the gzip bomb restore: {maxrss_mb:.0f} MB")
    assert maxrss_mb < 300
    assert everything(store) == before
