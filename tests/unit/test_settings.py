"""Every setting is registered once, with a default, and documented in both languages."""

from __future__ import annotations

import pytest

from graph.i18n import CATALOGUE, LANGS
from graph.settings import SETTINGS, default


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_has_label_and_help_in_both_languages(name):
    for key in (f"setting.{name}", f"setting.{name}.help"):
        assert key in CATALOGUE, f"{key} is missing from graph/i18n/catalogue/settings.toml"
        for lang in LANGS:
            assert CATALOGUE[key][lang].strip(), f"{key} has no {lang} text"


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_setting_default_is_positive(name):
    assert default(name) > 0 and SETTINGS[name].help
