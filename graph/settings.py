"""Every tunable number in one registry, each with its default and a help text.

A module reads its tunables here (``ARC_POINTS = default("arc_points")``) rather than writing
the number down itself. A setting a page lets the user change (``shown``) also has a label
and a help text in both languages in the catalogue (``setting.<name>`` and
``setting.<name>.help``); a test checks it, and that docs/settings.md lists every setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

__all__ = ["Setting", "SETTINGS", "default", "settings_table", "today"]

TODAY_ENV = "DIPLOMACY_TODAY"


@dataclass(frozen=True)
class Setting:
    """One tunable: its name, its default value and what it does, in the users' words."""

    name: str
    default: float | int
    help: str
    shown: bool = False  # a page lets the user change it


_SETTINGS = (
    Setting(
        "half_life_years",
        5.0,
        "An exchange counts half as much after this many years: weight = sum(intensity * 0.5 "
        "** (age_years / half_life)).",
        shown=True,
    ),
    Setting(
        "dormant_years",
        5,
        "A tie with no recorded exchange in this many years is dormant.",
        shown=True,
    ),
    Setting(
        "top_n",
        10,
        "How many rows ranked lists show.",
        shown=True,
    ),
    Setting(
        "gazetteer_fuzzy_cutoff",
        75.0,
        "How close a spelling must be (rapidfuzz ratio, 0-100) for the gazetteer to offer it.",
    ),
    Setting(
        "gazetteer_fuzzy_weight",
        0.85,
        "Rank factor of a close spelling in the gazetteer, so it ranks below every whole-name "
        "or prefix match.",
    ),
    Setting(
        "gazetteer_prefix_keys",
        3000,
        "Names the gazetteer reads per prefix search (a short prefix matches thousands).",
    ),
    Setting(
        "overview_labelled_iranian_cities",
        3,
        "Iranian cities labelled on the Overview map, largest first.",
    ),
    Setting(
        "label_min_km",
        650.0,
        "Labels on a small map stand at least this many kilometres apart.",
    ),
    Setting(
        "arc_points",
        24,
        "Points along each great-circle arc of a map.",
    ),
    Setting(
        "arc_points_many",
        8,
        "Points along each arc when a map shows many ties.",
    ),
    Setting(
        "many_ties",
        2000,
        "From this many ties on, the map draws coarser arcs and shorter hovers.",
    ),
    Setting(
        "map_labelled_cities",
        12,
        "On a map of more than one city's partners, the most-tied cities labelled (the "
        "selected city always); a map of one city's partners labels every partner.",
    ),
    Setting(
        "map_label_reach_px",
        260,
        "How far in pixels a crowded city's label may stand from it, joined by a leader line.",
    ),
    Setting(
        "map_label_gap_px",
        3.0,
        "Pixels between a city's marker (or a leader line's end) and its label.",
    ),
    Setting(
        "map_label_char_width",
        0.56,
        "A label character's estimated width, in font sizes, when labels are placed.",
    ),
    Setting(
        "map_label_line_height",
        1.3,
        "A label's estimated height, in font sizes, when labels are placed.",
    ),
    Setting(
        "map_selected_ring_px",
        22,
        "Size in pixels of the ring around the selected city on the map.",
    ),
    Setting(
        "map_label_canvas_px",
        1200,
        "Width in pixels the Map page's labels are placed for (the page's map is about this wide).",
    ),
    Setting(
        "map_max_marker_px",
        24,
        "Size in pixels of the largest city marker on the map.",
    ),
    Setting(
        "network_layout_seed",
        7,
        "Random seed of the network's force layout, so that a view draws the same each time.",
    ),
    Setting(
        "network_community_seed",
        7,
        "Random seed of the community detection that colours the network.",
    ),
    Setting(
        "network_physics_nodes",
        300,
        "Up to this many cities the network view lets the layout move when dragged.",
    ),
    Setting(
        "network_top_n",
        300,
        "Cities a network view keeps at most, the most connected first.",
    ),
    Setting(
        "network_labelled_nodes",
        60,
        "Cities whose names the network view writes beside their dots.",
    ),
    Setting(
        "network_recent_exchanges",
        3,
        "Recent exchanges listed in a tie's tooltip on the network.",
    ),
    Setting(
        "timeline_frame_ms",
        900,
        "How long each year shows in the timeline animation, in milliseconds.",
    ),
    Setting(
        "timeline_last_frame_ms",
        3000,
        "How long the timeline animation holds its last year, in milliseconds.",
    ),
    Setting(
        "sqlite_busy_ms",
        60000,
        "How long a SQLite writer waits for the write lock, in milliseconds.",
    ),
    Setting(
        "sign_in_lock_limit",
        5,
        "Wrong passwords a name may try before sign-in locks it out (every server shares "
        "the count, kept in the store).",
    ),
    Setting(
        "sign_in_lock_seconds",
        300,
        "How long a locked-out name stays locked, and the window its wrong passwords are "
        "counted in, in seconds.",
    ),
    Setting(
        "view_name_max",
        200,
        "Longest name of a saved view, in characters.",
    ),
    Setting(
        "auto_backups_kept",
        10,
        "Automatic backups kept before imports and restores; older ones are deleted.",
    ),
    Setting(
        "import_max_columns",
        200,
        "The widest row an import file may hold, in cells (after its trailing empty cells).",
    ),
    Setting(
        "import_max_cells",
        2000000,
        "Cells the rows of one workbook may hold in all, empty ones included (a styled "
        "column reaching XFD makes every row 16,384 cells wide).",
    ),
    Setting(
        "import_max_unpacked",
        67108864,
        "Bytes a workbook may unpack to, all its parts together; the bytes really unpacked "
        "are counted, whatever the archive declares.",
    ),
    Setting(
        "import_max_shared_strings",
        500000,
        "Distinct texts the shared-strings part of a workbook may hold.",
    ),
    Setting(
        "import_max_text_bytes",
        262144,
        "The longest text one cell of a workbook part may hold, in bytes of XML.",
    ),
    Setting(
        "import_max_seconds",
        30.0,
        "How long reading one import file may take, whatever else holds.",
    ),
    Setting(
        "restore_max_mb",
        512,
        "A backup that unpacks to more than this many megabytes is refused while it is read "
        "(DIPLOMACY_RESTORE_MAX_MB overrides it).",
    ),
    Setting(
        "restore_text_max",
        1000000,
        "The longest text one cell of a backup may hold, in characters.",
    ),
    Setting(
        "restore_problems_shown",
        10,
        "How many problems a refused backup lists before it stops looking.",
    ),
    Setting(
        "import_max_bytes",
        20971520,
        "Largest file an import reads, in bytes.",
    ),
    Setting(
        "import_max_rows",
        20000,
        "Most rows one import file may hold.",
    ),
    Setting(
        "import_max_cell",
        2000,
        "Longest text one cell of an import may hold, in characters.",
    ),
    Setting(
        "suggest_air_weight",
        0.5,
        "Weight of direct air routes in a suggested partner's hand score.",
    ),
    Setting(
        "suggest_size_weight",
        0.1,
        "Weight of the candidate's population in a suggested partner's hand score.",
    ),
    Setting(
        "suggest_size_unit",
        100000,
        "Population unit of the hand score's size term (log10 of population over this).",
    ),
    Setting(
        "suggest_uniform_negatives",
        5,
        "Untied cities drawn at random per tie to fit the suggestion model.",
    ),
    Setting(
        "suggest_candidate_sources",
        1000,
        "Fitting ties whose source city also gives the suggestion model negatives drawn from "
        "its own candidates (the cities it ranks for that city).",
    ),
    Setting(
        "suggest_candidate_negatives",
        60,
        "Untied candidates of a source city drawn per such fitting tie.",
    ),
    Setting(
        "suggest_validation_ranked_ties",
        100,
        "Validation ties whose partner is ranked against every city to choose the "
        "suggestion model (by MRR).",
    ),
    Setting(
        "suggest_threads",
        1,
        "Threads the suggestion model fits and scores with (scikit-learn's OpenMP).",
    ),
    Setting(
        "suggest_ranked_ties",
        200,
        "Held-out ties whose partner is ranked against every city (Hits@10, MRR).",
    ),
    Setting(
        "suggest_shown_shared",
        3,
        "Shared partners named in a suggestion's reasons.",
    ),
    Setting(
        "gexf_force_nodes",
        3000,
        "Up to this many cities the GEXF export places them with the network view's force "
        "layout; above it (the world's whole network) with the geographic one, which takes "
        "no time.",
    ),
    Setting(
        "coordinate_tolerance_km",
        50.0,
        "An imported file's coordinates of a city agree with the stored ones within this "
        "many kilometres (else they are told as far, or as swapped).",
    ),
    Setting(
        "kept_results",
        3,
        "Store contents whose precomputed page results are kept on disk (the newest).",
    ),
    Setting(
        "suggest_min_contribution",
        0.05,
        "A suggestion's reason is told when it moves the model's score by at least this "
        "much (log-odds).",
    ),
    Setting(
        "opp_min_factor",
        1.05,
        "An underused tie's driver is told when it changes the expected activity by at least "
        "this factor.",
    ),
    Setting(
        "coast_tolerance_km",
        25.0,
        "The data check accepts a city this many kilometres outside its country's Natural "
        "Earth polygon (coasts and islands are simplified at 1:50m).",
    ),
)
SETTINGS: dict[str, Setting] = {s.name: s for s in _SETTINGS}


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


def settings_table() -> str:
    """Every setting as a Markdown table (docs/settings.md is this table; a test compares).

    >>> settings_table().splitlines()[0]
    '| setting | default | what it does |'
    """
    rows = ["| setting | default | what it does |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.default!r} | {s.help} |" for s in _SETTINGS]
    return "\n".join(rows) + "\n"
