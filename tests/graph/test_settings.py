"""Every setting is registered once, with a default, documented, and read by the code."""

from __future__ import annotations

import re

import pytest

from graph.i18n import CATALOGUE, LANGS
from graph.settings import SETTINGS, default, settings_table
from tests.sources import ROOT, python_files

SHOWN = sorted(n for n, s in SETTINGS.items() if s.shown)


@pytest.mark.parametrize("name", SHOWN)
def test_shown_setting_has_label_and_help_in_both_languages(name):
    for key in (f"setting.{name}", f"setting.{name}.help"):
        assert key in CATALOGUE, f"{key} is missing from graph/i18n/catalogue/settings.toml"
        for lang in LANGS:
            assert CATALOGUE[key][lang].strip(), f"{key} has no {lang} text"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_is_documented(name):
    setting = SETTINGS[name]
    assert default(name) >= 0 and len(setting.help) >= 20 and setting.help.endswith((".", ")"))


def test_docs_list_every_setting():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert settings_table() in text, "docs/settings.md is out of date: paste settings_table()"


def test_every_setting_is_read_by_the_code():
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in python_files("graph", "ui", "pages")
        if p.name != "settings.py"
    )
    read = set(re.findall(r"""default\(\s*["']([a-z0-9_]+)["']""", sources))
    read |= set(re.findall(r"""SETTINGS\[\s*["']([a-z0-9_]+)["']""", sources))
    assert set(SETTINGS) - read == set(), "settings nothing reads"


# Numbers that are facts or formats, not tunables: they stay where they are.
FACTS = {
    "EARTH_RADIUS_KM",  # a physical constant
    "SEED_FORMAT",  # a file format version
    "SCHEMA_VERSION",  # the store's format version (the number of its migrations)
    "ID_ROOM",  # room left in a city id for a numbered suffix
    "ARTICLE_FOREIGN_PARTNERS",  # figures the council's source article gives
    "ARTICLE_TEHRAN_PARTNERS",
    "NAME_KEY_LENGTH",  # a column's width in the store's schema
    "SEED",  # the suggestion model's evaluation protocol: its fixed random seed
    "DEFAULT_CHARSET",  # a field of the Embedded OpenType format
}


def test_tunable_numbers_come_from_the_registry():
    """A module-level number in graph/ is either a fact or read from a setting."""
    pattern = re.compile(r"^([A-Z][A-Z0-9_]*)(?: *: *[a-z]+)? = [-0-9][0-9_.]*(?: |$)", re.M)
    written = {
        f"{path.relative_to(ROOT)}: {match.group(1)}"
        for path in python_files("graph")
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
        if match.group(1) not in FACTS
    }
    assert written == set(), "make these settings in graph/settings.py"
