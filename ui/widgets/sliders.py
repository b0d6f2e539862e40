"""Sliders that write their numbers the way the page's language writes them.

Streamlit's ``st.slider`` prints Latin digits whatever the page's language, so a Persian
page showed «5» beside «سال». These sliders are ``st.select_slider`` over the values a user
can choose, each written by :func:`graph.i18n.digits`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from graph.i18n import digits


def number_slider(
    where: Any,
    label: str,
    values: Sequence[Any],
    lang: str,
    text: Callable[[Any], str] | None = None,
    **widget: Any,
) -> Any:
    """A slider over ``values`` (in order) drawn in ``where`` (``st`` or a column), each
    value written by ``text`` (by default the number in ``lang``'s digits). A pair as the
    widget's value makes it a range. ``widget`` holds the rest of Streamlit's arguments
    (``key``, ``help``, ``on_change``...)."""
    held = st.session_state.get(widget.get("key", ""))
    if isinstance(held, (tuple, list)) and "value" not in widget:
        # Streamlit takes a select slider for a range only from its ``value``: the value it
        # holds under its key (see ui.state.kept_widget) is passed again
        widget["value"] = tuple(held)
    return where.select_slider(
        label,
        list(values),
        format_func=text or (lambda value: digits(value, lang)),
        **widget,
    )


def year_text(lang: str) -> Callable[[int], str]:
    """How a year is written in ``lang``: its digits, with no thousands separator."""
    return lambda year: digits(str(year), lang)


def steps(low: float, high: float, step: float, also: float | None = None) -> list[float]:
    """``low`` to ``high`` by ``step``, with ``also`` (a value set elsewhere, e.g. in a link)
    put in its place when it falls between two steps, so that it is shown as it is."""
    count = round((high - low) / step)
    values = [round(low + i * step, 10) for i in range(count + 1)]
    if also is not None and low <= also <= high and also not in values:
        values = sorted([*values, also])
    return values
