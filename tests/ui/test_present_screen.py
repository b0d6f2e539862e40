"""The Present page's full-screen map in each theme: the selected city's ring, and its
legend icon, stand out from the background (in the dark theme it was black on black)."""

from __future__ import annotations

import pytest

from graph.analysis.map_filter import MapView
from graph.views.map import map_figure
from tests.graph.views.test_map import small  # noqa: F401 - the fixture
from ui.present import THEMES, screen_figure


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize("lang", ["fa", "en"])
def test_the_selected_citys_ring_stands_out_in_every_theme(small, theme, lang) -> None:  # noqa: F811
    fig = map_figure(small, MapView(city="CCS", lang=lang))
    screen = screen_figure(fig, theme, 700)
    [ring] = [tr for tr in screen.data if getattr(tr.marker, "symbol", None) == "circle-open"]
    assert ring.showlegend, "the ring has its legend entry"
    background = THEMES[theme]["bg"]
    assert screen.layout.paper_bgcolor == background
    assert _contrast(ring.marker.color, background) >= 4.5, (theme, ring.marker.color)
    # the slide's own figure is left as it was (the exports draw it on white)
    [original] = [tr for tr in fig.data if getattr(tr.marker, "symbol", None) == "circle-open"]
    assert original.marker.color != THEMES["dark"]["bg"]
