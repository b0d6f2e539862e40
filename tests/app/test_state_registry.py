"""Every session-state key and widget key is declared once, in ui/state.py.

Pages and ui modules name keys through ``ui.state``'s constants; a string literal as a
``key=`` or a ``st.session_state[...]`` index elsewhere would be a second, undeclared
home for a key.
"""

from __future__ import annotations

import re

import pytest

from tests.sources import ROOT, python_files
from ui import state

LITERAL_KEY = re.compile(
    r"""key=f?["']|session_state(\.get|\.pop|\.setdefault)?\(\s*f?["']|session_state\[f?["']"""
    r"""|st\.form\(\s*f?["']"""
)


@pytest.mark.parametrize(
    "path",
    [p for p in python_files("pages", "ui") if p.name != "state.py"] + [ROOT / "app.py"],
    ids=str,
)
def test_no_key_is_spelled_out_outside_the_registry(path) -> None:
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL_KEY.search(line)
    ]
    assert not found, found


def test_every_family_member_resolves_to_its_own_declaration() -> None:
    assert state.spec("data_filter_ties_edited").name == state.DATA_FILTER_EDITED
    assert state.spec("data_filter_ties_relation").name == state.DATA_FILTER
    assert state.spec("map_w_include_unverified").name == state.MAP_WIDGET
    assert state.spec("present_dl_png_2").name == state.PRESENT_DOWNLOAD
    with pytest.raises(KeyError):
        state.spec("not_a_declared_key")


def test_a_key_cannot_be_declared_twice() -> None:
    with pytest.raises(ValueError):
        state.declare(state.NETWORK_HOPS)


def test_kept_widgets_have_shadows_of_their_own() -> None:
    kept = [k for k in state.REGISTRY.values() if k.kept]
    shadows = [k.shadow_key(k.name) for k in kept]
    assert len(set(shadows)) == len(shadows)
    assert not set(shadows) & set(state.REGISTRY) - {state.LANG, state.SCOPE, state.IRAN_CITIES}
    assert {state.NETWORK_HOPS, state.CITY_CHOSEN, state.OPP_CITY} <= {k.name for k in kept}
