"""Behaviour pinned for the seeded store: what the command line prints and what it draws.

The expected documents live beside this file in ``expected/``. A change that alters them on
purpose records them again with ``GOLDEN_RECORD=1 ./test.sh tests/golden`` and says why in its
commit. Reports are computed for a fixed day (``DIPLOMACY_TODAY``), since weights decay.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).with_name("expected")
RECORD = bool(os.environ.get("GOLDEN_RECORD"))
DAY = "2026-12-01"

COMMANDS = {
    "stats_iran": ["stats", "--scope", "iran", "--json"],
    "stats_world": ["stats", "--scope", "world", "--json"],
    "city_tehran": ["city", "Tehran", "--json"],
    "opportunities": ["opportunities", "--json"],
    "suggest_tehran": ["suggest", "Tehran", "--json"],
}
RENDERS = {
    "map_fa": ["render", "map", "--lang", "fa"],
    "map_en": ["render", "map", "--lang", "en", "--city", "Tehran"],
    "network_fa": ["render", "network", "--lang", "fa"],
    "network_en": ["render", "network", "--lang", "en", "--city", "Tehran", "--hops", "2"],
}


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("golden")
    environment = {
        **os.environ,
        "DIPLOMACY_DB_URL": f"sqlite:///{folder}/golden.sqlite",
        "DIPLOMACY_TODAY": DAY,
        "PYTHONHASHSEED": "0",  # sums over sets then add up in one order
        "DIPLOMACY_BACKUP_DIR": str(folder / "backups"),
    }
    _graph(environment, "init")
    return environment


def _graph(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "graph", *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _rounded(value):
    """Floats to 10 significant digits: the last bits of a sum depend on its order."""
    if isinstance(value, float):
        return float(f"{value:.10g}")
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _compare(name: str, document) -> None:
    document = _rounded(document)
    path = EXPECTED / f"{name}.json"
    text = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if RECORD:
        EXPECTED.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert document == expected, f"{name} differs from {path.relative_to(ROOT)}"


def _json_values(html: str, marker: str, count: int) -> list:
    """The first ``count`` JSON values after each ``marker`` in an HTML page."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(re.escape(marker), html):
        at = match.end()
        values = []
        while len(values) < count:
            while html[at] in " \t\r\n,":
                at += 1
            value, at = decoder.raw_decode(html, at)
            values.append(value)
        found.append(values)
    return found


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def _map_figure(html: str) -> dict:
    ((_div, data, layout),) = _json_values(html, "Plotly.newPlot(", 3)
    for trace in data:  # the basemap's outline is large and fixed: keep its fingerprint
        if trace.get("fill") == "toself":
            trace["lon"], trace["lat"] = _digest(trace["lon"]), _digest(trace["lat"])
    layout.pop("template", None)
    return {"data": data, "layout": layout}


def _network(html: str) -> dict:
    (nodes,), (edges,) = _json_values(html, "new vis.DataSet(", 1)
    return {"nodes": nodes, "edges": edges}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_json_unchanged(env, name):
    _compare(name, json.loads(_graph(env, *COMMANDS[name], "--db", env["DIPLOMACY_DB_URL"])))


@pytest.mark.parametrize("name", sorted(RENDERS))
def test_render_unchanged(env, name, tmp_path):
    out = tmp_path / f"{name}.html"
    _graph(env, *RENDERS[name], "--out", str(out))
    html = out.read_text(encoding="utf-8")
    _compare(name, _map_figure(html) if name.startswith("map") else _network(html))
