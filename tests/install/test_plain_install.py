"""A plain install draws every export a user can click.

``./run.sh`` installs ``requirements.txt`` alone (no ``requirements-dev.txt``). This test
builds that environment on its own: a fresh virtualenv from ``requirements.txt`` only
(``python -m venv`` plus ``pip install -r requirements.txt``, with pip's cache), seeds a
store in it (``python -m graph init``, SQLite in a tmp folder) and draws the deck, the
network view as PNG and PDF and the map as PDF through ``python -m graph render``. Each
file is then opened with a real client: python-pptx for the deck, Pillow for the PNG,
poppler's ``pdftoppm`` and ``pdffonts`` for the PDFs. The data exports a user can click
that need more than the standard library (GeoPackage through geopandas and pyogrio, GEXF
with the network view's layout) and the data check run there too; GDAL's ``ogrinfo`` and
networkx read them back.

The virtualenv is kept in ``.venv-plain/<sha256 of requirements.txt and Python>`` so a
rerun takes seconds; the first run takes minutes (pip). Chromium and poppler-utils come
from Debian (``./test.sh`` installs them); without them this skips, or fails under CI.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from graph.exports.chromium import find_chromium

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT / "requirements.txt"
VENVS = ROOT / ".venv-plain"
PIP_TIMEOUT = 900  # seconds: a cold pip install of requirements.txt takes a few minutes
RENDER_TIMEOUT = 300
NETWORK_SIZE = (1400, 900)  # graph.views.network.write_png's default
DEV_ONLY = ("pytest", "ruff", "hypothesis", "importlinter")  # requirements-dev.txt alone


def _venv_key() -> str:
    digest = hashlib.sha256(REQUIREMENTS.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment of a plain shell: nothing from the test's own virtualenv leaks in
    (no PYTHONPATH, no VIRTUAL_ENV, no user site-packages); ``graph`` is found on
    ``PYTHONPATH=ROOT`` as ``python -m graph`` from the checkout finds it."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "__PYVENV_LAUNCHER__")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(sys.prefix)
    )
    env["PYTHONNOUSERSITE"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


def _build_venv(venv: Path, skip_or_fail) -> None:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=_clean_env())
    pip = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "-q",
        "-r",
        str(REQUIREMENTS),
    ]
    try:
        done = subprocess.run(
            pip, capture_output=True, text=True, timeout=PIP_TIMEOUT, env=_clean_env()
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(venv, ignore_errors=True)
        skip_or_fail(f"pip install -r requirements.txt took over {PIP_TIMEOUT} s")
    if done.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-5:])
        skip_or_fail(f"pip install -r requirements.txt failed (offline?):\n{tail}")


@pytest.fixture(scope="module")
def plain_python(skip_or_fail) -> Path:
    """The python of a virtualenv holding requirements.txt and nothing else (cached)."""
    VENVS.mkdir(exist_ok=True)
    key = _venv_key()
    venv = VENVS / key
    with open(VENVS / ".lock", "w") as lock:  # two test runs at once build it once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (venv / ".complete").exists():
            shutil.rmtree(venv, ignore_errors=True)
            for old in VENVS.iterdir():  # an older requirements.txt's venv
                if old.is_dir() and old.name != key:
                    shutil.rmtree(old, ignore_errors=True)
            _build_venv(venv, skip_or_fail)
            (venv / ".complete").write_text(REQUIREMENTS.read_text(encoding="utf-8"))
    return venv / "bin" / "python"


@pytest.fixture(scope="module")
def plain_env(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("plain-store")
    return _clean_env(
        PYTHONPATH=str(ROOT), DIPLOMACY_DB_URL=f"sqlite:///{folder / 'diplomacy.sqlite'}"
    )


def _run(python: Path, env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=RENDER_TIMEOUT,
    )
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _colours(path: Path) -> int:
    picture = Image.open(path).convert("RGB")
    picture.thumbnail((400, 400))
    return len(picture.getcolors(maxcolors=1 << 20) or ())


def _pdf_checks(pdf: Path, folder: Path) -> tuple[int, str]:
    """Render every page with pdftoppm (each must draw several colours); return the page
    count and pdffonts' listing."""
    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(prefix)], check=True)
    pages = sorted(folder.glob(f"{pdf.stem}-*.png"))
    assert pages, f"pdftoppm drew no page of {pdf.name}"
    for page in pages:
        assert _colours(page) >= 8, f"{page.name} is blank"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return len(pages), fonts.stdout


def _embedded_fonts(listing: str) -> list[tuple[str, str]]:
    """(name, emb) of each font row of pdffonts' table."""
    rows = listing.splitlines()[2:]  # header and rule
    out = []
    for row in rows:
        parts = row.split()
        # name type [encoding words] emb sub uni object ID: emb is the 5th field from the end
        out.append((parts[0], parts[-5]))
    return out


def test_plain_install_draws_every_export(plain_python, plain_env, tmp_path, skip_or_fail):
    if find_chromium() is None:
        skip_or_fail("chromium not found (apt-get install chromium, or run ./test.sh)")
    if not (shutil.which("pdftoppm") and shutil.which("pdffonts")):
        skip_or_fail("pdftoppm/pdffonts not found (apt-get install poppler-utils)")

    # playwright comes from the plain virtualenv itself, and nothing dev-only is there
    probe = (
        "import importlib.util, json, sys, playwright.sync_api as p; print(json.dumps("
        "{'playwright': p.__file__, 'prefix': sys.prefix, 'path': sys.path, 'dev': "
        f"[m for m in {DEV_ONLY!r} if importlib.util.find_spec(m)]}}))"
    )
    found = json.loads(_run(plain_python, plain_env, tmp_path, "-c", probe))
    venv = plain_python.parent.parent
    assert Path(found["prefix"]) == venv
    assert Path(found["playwright"]).is_relative_to(venv), found["playwright"]
    assert found["dev"] == [], f"dev-only packages in the plain install: {found['dev']}"
    for entry in found["path"]:
        # a path test (.venv-plain starts with the same letters as .venv: compare folders)
        leaked = entry and Path(entry).is_relative_to(Path(sys.prefix))
        assert not leaked, f"the test's own virtualenv leaks in: {entry}"
        assert "shared" not in Path(entry).parts, entry

    _run(plain_python, plain_env, tmp_path, "-m", "graph", "init")
    out = tmp_path / "out"
    out.mkdir()
    deck, png = out / "deck.pptx", out / "n.png"
    network_pdf, map_pdf = out / "n.pdf", out / "m.pdf"
    _run(plain_python, plain_env, tmp_path, "-m", "graph", "render", "deck", "--out", str(deck))
    _run(plain_python, plain_env, tmp_path, "-m", "graph", "render", "network", "--out", str(png))
    # the network view as PDF is the presenter's slide of a saved view (the deck above made
    # the ready views); ``render network`` without --view writes .html or .png
    _run(
        plain_python,
        plain_env,
        tmp_path,
        *("-m", "graph", "render", "network", "--view", "tehran-network"),
        *("--out", str(network_pdf)),
    )
    _run(plain_python, plain_env, tmp_path, "-m", "graph", "render", "map", "--out", str(map_pdf))

    from pptx import Presentation  # the test's own python-pptx opens the file

    slides = list(Presentation(str(deck)).slides)
    assert len(slides) >= 3
    text = [
        shape.text_frame.text
        for slide in slides
        for shape in slide.shapes
        if shape.has_text_frame and shape.text_frame.text.strip()
    ]
    assert len(text) >= len(slides), "the deck's slides carry no text"
    pictures = [s for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert pictures, "the deck holds no picture"

    with Image.open(png) as picture:
        assert picture.format == "PNG"
        assert picture.size == NETWORK_SIZE
    assert _colours(png) >= 8, "the network PNG is blank"

    pages, _ = _pdf_checks(network_pdf, tmp_path)
    assert pages == 1  # one slide (a picture: the network is drawn on a canvas)

    pages, listing = _pdf_checks(map_pdf, tmp_path)
    assert pages == 1
    fonts = _embedded_fonts(listing)
    assert fonts, f"the map PDF holds no font:\n{listing}"
    assert all(emb == "yes" for _, emb in fonts), listing
    assert any("Vazirmatn" in name for name, _ in fonts), listing

    sizes = {p.name: p.stat().st_size for p in (deck, png, network_pdf, map_pdf)}
    print(f"\nplain install exports: {sizes}; {len(slides)} slides; map PDF fonts:\n{listing}")


def test_plain_install_exports_geopackage_gexf_and_checks_the_data(
    plain_python, plain_env, tmp_path, skip_or_fail
):
    if shutil.which("ogrinfo") is None:
        skip_or_fail("GDAL's ogrinfo not found (apt-get install gdal-bin, or run ./test.sh)")
    _run(plain_python, plain_env, tmp_path, "-m", "graph", "init")
    gpkg, gexf = tmp_path / "data.gpkg", tmp_path / "network.gexf"
    for fmt, out in (("gpkg", gpkg), ("gexf", gexf)):
        _run(plain_python, plain_env, tmp_path, "-m", "graph", "export", "--format", fmt, str(out))
    listing = subprocess.run(
        ["ogrinfo", "-ro", "-so", str(gpkg)], capture_output=True, text=True, check=True
    ).stdout
    for layer in ("cities (Point)", "ties (Multi Line String)", "countries (Multi Polygon)"):
        assert layer in listing, listing

    import networkx as nx  # the test's own networkx reads the file

    network = nx.read_gexf(gexf, version="1.3")
    assert network.number_of_edges() > 0
    assert all("position" in data["viz"] for _, data in network.nodes(data=True))

    check = json.loads(
        _run(plain_python, plain_env, tmp_path, "-m", "graph", "check-data", "--json")
    )
    assert check["total"] == sum(check["counts"].values()) > 0
    print(f"\nplain install: {gpkg.stat().st_size:,} bytes GPKG, {gexf.stat().st_size:,} GEXF")
