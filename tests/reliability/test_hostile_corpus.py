"""The hostile-file corpus: each file is read in a fresh interpreter whose address space
is capped (``RLIMIT_AS``), its peak memory (VmHWM) and time measured and printed.

Import files go through the import's check (:func:`graph.io.importer.validate`), backups
through the restore's (:func:`graph.store.backup.read_backup` and ``check_backup``). Each
must end in a clean refusal that says what is wrong and where (an import problem with its
row, a backup message naming the file), never a traceback nor a memory error, within
:data:`PEAK_MB` (the issue's goal; the real figures are far below). Times are printed,
not asserted: speed is the benches' business.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT
from tests.reliability.test_bounded_reading import (
    _declared_bomb,
    _dimension_bomb,
    _empty_lines,
    _shared_strings_bomb,
    _single_cell_bomb,
)

PEAK_MB = 300
ADDRESS_SPACE_MB = 1024

_CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[3]) * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.monotonic()
out = {}
try:
    if sys.argv[1] == "import":
        import pandas as pd
        from graph.io.importer import validate
        cities = pd.DataFrame(
            [["tehran", "Tehran", "تهران", "IR", 8_700_000],
             ["kazan", "Kazan", "قازان", "RU", 1_200_000]],
            columns=["city_id", "name_en", "name_fa", "country", "population"],
        )
        start = time.monotonic()
        report = validate(open(sys.argv[2], "rb").read(), cities)
        out["encoding"] = report.encoding
        out["errors"] = [[i.problem, i.row, i.column] for i in report.errors[:5]]
    else:
        from graph.store.backup import BackupError, check_backup, read_backup
        start = time.monotonic()
        try:
            check_backup(read_backup(sys.argv[2]), sys.argv[2])
            out["refused"] = None
        except BackupError as exc:
            out["refused"] = str(exc)
except MemoryError:
    out["memory_error"] = True
out["seconds"] = time.monotonic() - start
# this program's own peak (ru_maxrss would carry the forking test process's over exec)
out["peak_mb"] = next(int(line.split()[1]) for line in open("/proc/self/status")
                      if line.startswith("VmHWM:")) / 1024
print(json.dumps(out))
"""


def measure(kind: str, path: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO_ROOT),
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, str(path), str(ADDRESS_SPACE_MB)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"{path.name}: {path.stat().st_size:,} bytes, peak {result['peak_mb']:.0f} MB, "
        f"{result['seconds']:.2f} s, {result.get('errors') or result.get('refused')}"
    )
    assert not result.get("memory_error"), result
    assert result["peak_mb"] < PEAK_MB, result
    return result


# --- import files --------------------------------------------------------------------------


UTF16_ROWS = 5_000


def _utf16_without_bom(path: Path) -> Path:
    """Persian text in UTF-16 without a byte-order mark: read as text, and its one bad
    row (the last) named."""
    rows = ["city_a,city_b,relation"] + ["تهران,Kazan,sister"] * UTF16_ROWS
    rows.append("تهران,Kazan,cousin")
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-16-le"))
    return path


def _long_cell(path: Path) -> Path:
    path.write_bytes(b"city_a,city_b,relation,note\nTehran,Kazan,sister," + b"x" * 200_000 + b"\n")
    return path


IMPORTS = {
    # name: (build, first problem, the row it names (None: the whole file))
    "dimension_claim.xlsx": (_dimension_bomb, "too_many_columns", 1048576),
    "shared_strings.xlsx": (_shared_strings_bomb, "too_many_cells", None),
    "single_cell.xlsx": (_single_cell_bomb, "too_long", None),  # refused as it is read
    "declared_huge.xlsx": (_declared_bomb, "unpacked_too_big", None),
    "empty_lines.csv": (_empty_lines, "required", 1_000_002),
    "utf16_no_bom.csv": (_utf16_without_bom, "choice", UTF16_ROWS + 2),
    "long_cell.csv": (_long_cell, "too_long", 2),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_a_hostile_import_file_is_refused_cleanly_in_bounded_memory(tmp_path, name):
    build, problem, row = IMPORTS[name]
    result = measure("import", build(tmp_path / name))
    assert result["errors"], result
    assert result["errors"][0][:2] == [problem, row], result
    if name == "utf16_no_bom.csv":  # read as the text it is, not refused as binary
        assert result["encoding"] == "utf-16-le"


# --- backups ---------------------------------------------------------------------------------


def _deep_json(path: Path) -> Path:
    depth = 200_000
    path.write_text(
        '{"format": "city-diplomacy-backup/1", "tables": ' + "[" * depth + "]" * depth + "}"
    )
    return path


def _gzip_bomb(path: Path) -> Path:
    """About a megabyte of gzip that unpacks to 1 GB of spaces inside a JSON text."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    block = b" " * (1 << 24)
    with path.open("wb") as out:
        out.write(packer.compress(b'{"format": "city-diplomacy-backup/1", "tables": "'))
        for _ in range(64):
            out.write(packer.compress(block))
        out.write(packer.compress(b'"}'))
        out.write(packer.flush())
    return path


BACKUPS = {
    # name: (build, words the refusal must hold)
    "deep.json": (_deep_json, "nest"),
    "bomb.json.gz": (_gzip_bomb, "unpacks to more than"),
}


@pytest.mark.parametrize("name", sorted(BACKUPS))
def test_a_hostile_backup_is_refused_cleanly_in_bounded_memory(tmp_path, name):
    build, words = BACKUPS[name]
    path = build(tmp_path / name)
    result = measure("backup", path)
    assert result["refused"] and str(path) in result["refused"], result
    assert words in result["refused"], result
