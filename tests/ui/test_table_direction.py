"""Streamlit tables follow the page's reading direction (before, Persian reasons were
left-aligned)."""

from __future__ import annotations

from ui.style import direction_css


def test_tables_follow_the_reading_direction():
    for lang, side in (("fa", "right"), ("en", "left")):
        table_rule = direction_css(lang).split("stTable")[-1]
        assert f"text-align: {side} !important" in table_rule
