"""Every tunable number in one registry, each with its default and a help text.

Each setting has a label and a help text in both languages in the catalogue
(``setting.<name>`` and ``setting.<name>.help`` in :mod:`graph.i18n`); a test checks it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

__all__ = ["Setting", "SETTINGS", "default", "today"]

TODAY_ENV = "DIPLOMACY_TODAY"


@dataclass(frozen=True)
class Setting:
    name: str
    default: float | int
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting(
            "half_life_years",
            5.0,
            "An exchange counts half as much after this many years: "
            "weight = sum(intensity * 0.5 ** (age_years / half_life)).",
        ),
        Setting(
            "dormant_years",
            5,
            "A tie with no recorded exchange in this many years is dormant.",
        ),
        Setting("top_n", 10, "How many rows ranked lists show."),
    )
}


def default(name: str) -> float | int:
    """The default value of a setting.

    >>> default("half_life_years")
    5.0
    """
    return SETTINGS[name].default


def today() -> date:
    """The day reports are computed for: today, or the ISO date in ``DIPLOMACY_TODAY``.

    Setting it reproduces a report exactly as it read on that day (weights decay with time).

    >>> isinstance(today(), date)
    True
    """
    text = os.environ.get(TODAY_ENV, "").strip()
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{TODAY_ENV}={text!r} is not a date like 2026-03-21") from None
