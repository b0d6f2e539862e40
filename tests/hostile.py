"""A corpus of hostile strings, and a store whose data is full of them.

Every string that could run script sets ``window.__pwned`` (``PWNED``); a page that
renders these strings inert leaves it undefined, creates no element from them and shows
them as text. ``hostile_store(path)`` seeds a throwaway SQLite store the normal way
(:func:`graph.store.engine.open_store`) and then writes the corpus DIRECTLY into rows with
SQLAlchemy, as an old database or a restore could hold them (the importer would refuse
some of them, e.g. ``javascript:`` sources): cities tied to Tehran get hostile names and
notes, their ties hostile notes and sources, their exchanges hostile titles, sources and
notes, and a saved map view gets a hostile name and captions.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from graph.store.engine import Store, open_store
from graph.store.schema import cities_table, exchanges_table, saved_views_table, ties_table

PWNED = "window.__pwned"

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
SVG = "<svg onload=window.__pwned=1>"
BREAK_OUT = '"><b onmouseover=window.__pwned=1>x</b>'
JS_LINK = "javascript:window.__pwned=1"
DATA_LINK = "data:text/html,<script>window.__pwned=1</script>"
TEMPLATE = "{{7*7}}"
IFRAME = "</div><iframe src=javascript:alert(1)>"
MD_LINK = "[click me](javascript:window.__pwned=1)"
RTL_OVERRIDE = "\u202eevil\u202c gnp.exe"
ALREADY_ESCAPED = "&lt;escaped&gt;"
PERSIAN_MARKUP = "شهر <b onmouseover=window.__pwned=1>پررنگ</b> <script>window.__pwned=1</script>"
LONG = "Long" + "x" * 1500 + "<img src=x onerror=window.__pwned=1>"

CORPUS = (
    SCRIPT,
    IMG,
    SVG,
    BREAK_OUT,
    JS_LINK,
    DATA_LINK,
    TEMPLATE,
    IFRAME,
    MD_LINK,
    RTL_OVERRIDE,
    ALREADY_ESCAPED,
    PERSIAN_MARKUP,
    LONG,
)

# Partners of Tehran (GeoNames ids) that show on the default views, and what they become.
TEHRAN_ID = "112931"
MOSCOW_ID = "524901"  # the most exchanges with Tehran
SEOUL_ID = "1835848"
BAGHDAD_ID = "98182"
ANKARA_ID = "323786"

# Short, recognisable markers: each hostile city's English name starts with one, so a test
# can tell that the name is shown (as text) without matching the whole string.
MOSCOW_NAME = f"Moscow {IMG}"
MOSCOW_NAME_FA = f"مسکو {SCRIPT}"
SEOUL_NAME = f"Seoul {BREAK_OUT} {ALREADY_ESCAPED}"
SEOUL_NAME_FA = PERSIAN_MARKUP
BAGHDAD_NAME = f"Baghdad {SVG} {TEMPLATE} {RTL_OVERRIDE}"
ANKARA_NAME = f"Ankara {IFRAME} {MD_LINK}"

HOSTILE_CITIES = {
    MOSCOW_ID: {"name_en": MOSCOW_NAME, "name_fa": MOSCOW_NAME_FA, "note": LONG},
    SEOUL_ID: {"name_en": SEOUL_NAME, "name_fa": SEOUL_NAME_FA, "note": MD_LINK},
    BAGHDAD_ID: {"name_en": BAGHDAD_NAME, "name_fa": None, "note": IFRAME},
    ANKARA_ID: {"name_en": ANKARA_NAME, "name_fa": None, "note": SCRIPT},
}

GOOD_SOURCE = "https://example.org/tehran-moscow?a=1&b=2"
TIE_SOURCES = [GOOD_SOURCE, JS_LINK, DATA_LINK, f"{IMG} plain-text source", MD_LINK]
TIE_NOTE = f"{SCRIPT} {BREAK_OUT} {ALREADY_ESCAPED}"

EXCHANGE_TITLE = f"Expo {IMG} {ALREADY_ESCAPED}"
EXCHANGE_NOTE = f"{SVG} {TEMPLATE}"
EXCHANGE_SOURCE = JS_LINK

VIEW_NAME = f"view {SCRIPT}"
VIEW_CAPTION_EN = f"Caption {IMG} {MD_LINK} `tick` {ALREADY_ESCAPED}"
VIEW_CAPTION_FA = PERSIAN_MARKUP


def pair(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{first}|{second}"


def hostile_store(path: Path) -> Store:
    """Seed a SQLite store at ``path`` and write the corpus into its rows (see module doc)."""
    store = open_store(f"sqlite:///{path}")
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        for city_id, values in HOSTILE_CITIES.items():
            conn.execute(
                cities_table.update().where(cities_table.c.city_id == city_id).values(**values)
            )
        keys = [pair(TEHRAN_ID, c) for c in HOSTILE_CITIES]
        changed = conn.execute(
            ties_table.update()
            .where(ties_table.c.pair_key.in_(keys))
            .values(sources=json.dumps(TIE_SOURCES), note=TIE_NOTE)
        ).rowcount
        assert changed == len(keys), f"expected {len(keys)} ties with Tehran, got {changed}"
        changed = conn.execute(
            exchanges_table.update()
            .where(exchanges_table.c.pair_key.in_(keys))
            .values(title=EXCHANGE_TITLE, source=EXCHANGE_SOURCE, note=EXCHANGE_NOTE)
        ).rowcount
        assert changed > 0, "no exchanges with the hostile partners"
        conn.execute(
            saved_views_table.insert().values(
                name=VIEW_NAME,
                caption_fa=VIEW_CAPTION_FA,
                caption_en=VIEW_CAPTION_EN,
                page="map",
                config=json.dumps({"lang": "en"}),
                lang="en",
                position=0,
                created_at=now,
                updated_at=now,
            )
        )
    # a changed row must not be taken for a stale seed: the next open changes nothing
    assert (
        open_store(f"sqlite:///{path}").cities().set_index("city_id").loc[MOSCOW_ID, "name_en"]
        == MOSCOW_NAME
    )
    return store
