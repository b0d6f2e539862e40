"""Saved views: a named page (map, network or city) with its settings, kept in the store.

A saved view holds a caption in Persian and English, the page, the page's query
parameters (``config``), a language and a position in the presentation. The map's config
round-trips through :meth:`graph.analysis.map_filter.MapView.from_query`, so a saved map view
is exactly what a copied map link restores; :func:`view_link` gives that link.

Every write (:func:`create_view`, :func:`update_view`, :func:`reorder_views`,
:func:`delete_view`, :func:`ensure_default_views`) takes the editor's name ``who`` and
refuses without one; it is recorded in the change log (action ``saved_view``, one row
change per view) in the same transaction, so it shows there and can be undone.

This module never imports streamlit.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import sqlalchemy as sa

from graph.analysis.map_filter import MapView
from graph.i18n import LANGS
from graph.i18n.changelog import batch_description
from graph.model import TEHRAN
from graph.settings import default
from graph.store.changes import (
    EditorRequired,
    record_batch,
    record_change,
    require_editor,
    row_image,
)
from graph.store.engine import Store
from graph.store.schema import saved_views_table

__all__ = [
    "NETWORK_KEYS",
    "PAGES",
    "URL_PATHS",
    "VIEW_ACTION",
    "SavedView",
    "ViewError",
    "create_view",
    "delete_view",
    "ensure_default_views",
    "get_view",
    "list_views",
    "normalise_config",
    "parse_link",
    "reorder_views",
    "update_view",
    "view_link",
]

PAGES = ("map", "network", "city")
# the Streamlit url_path of each page (app.py)
URL_PATHS = {"map": "map", "network": "network", "city": "city"}
# the network view's settings (same names as the ``render network`` options)
NETWORK_KEYS = {
    "scope": ("iran", "world"),
    "hops": ("1", "2", "3"),
    "metric": ("partners", "strength", "betweenness", "eigenvector"),
    "color_by": ("community", "region", "iranian"),
    "layout": ("force", "geo"),
}
NAME_MAX = default("view_name_max")
VIEW_ACTION = "saved_view"  # the change log's action for every write of a saved view


class ViewError(ValueError):
    """A saved view cannot be made or found; the message says why."""


@dataclass(frozen=True)
class SavedView:
    """One saved view as stored; ``config`` holds the page's query parameters."""

    name: str
    page: str
    config: dict[str, str] = field(default_factory=dict)
    caption_fa: str = ""
    caption_en: str = ""
    lang: str = "fa"
    position: int = 0
    view_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def caption(self, lang: str) -> str:
        """The caption in ``lang``, else the other language's, else the name."""
        first, other = (
            (self.caption_fa, self.caption_en)
            if lang == "fa"
            else (self.caption_en, self.caption_fa)
        )
        return first or other or self.name

    def map_view(self, lang: str | None = None) -> MapView:
        """The :class:`MapView` of a map view, in ``lang`` (default: the view's)."""
        return MapView.from_query({**self.config, "lang": lang or self.lang})


def _split(text: Any) -> list[str]:
    return [v.strip() for v in str(text).split(",") if v.strip()]


def normalise_config(page: str, config: Mapping[str, Any]) -> dict[str, str]:
    """Check ``config`` for ``page`` and return it as plain query strings.

    Map: the config is read by :meth:`MapView.from_query` and written back (unknown or
    malformed values fall back to the defaults, ``lang`` is kept apart). Network: the
    keys of :data:`NETWORK_KEYS` plus ``city``, ``kinds``, ``top`` and ``aggregate``.
    City: ``city`` is required. Raises :class:`ViewError` for anything else.
    """
    if page not in PAGES:
        raise ViewError(f"unknown page {page!r}; use {', '.join(PAGES)}")
    if not isinstance(config, Mapping):
        raise ViewError("the settings of a view must be a mapping of names to values")
    if page == "map":
        query = MapView.from_query(config).to_query()
        query.pop("lang", None)
        return query
    out: dict[str, str] = {}
    if config.get("city"):
        out["city"] = str(config["city"])
    if page == "city":
        if "city" not in out:
            raise ViewError("a city view needs a city")
        return out
    for key, allowed in NETWORK_KEYS.items():
        if key in config and config[key] not in (None, ""):
            value = str(config[key])
            if value not in allowed:
                raise ViewError(f"{key} {value!r}: use {', '.join(allowed)}")
            out[key] = value
    if config.get("kinds"):
        kinds = _split(config["kinds"])
        bad = [k for k in kinds if k not in ("technical", "cultural", "transit")]
        if bad or not kinds:
            raise ViewError(f"unknown kinds {', '.join(bad)}")
        out["kinds"] = ",".join(kinds)
    if config.get("top") not in (None, ""):
        try:
            top = int(config["top"])
        except (TypeError, ValueError):
            raise ViewError(f"top {config['top']!r} is not a whole number") from None
        if top < 1:
            raise ViewError("top must be 1 or more")
        out["top"] = str(top)
    if str(config.get("aggregate", "")).lower() in ("1", "true", "yes", "on"):
        out["aggregate"] = "1"
    return out


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ViewError("a view needs a name")
    if len(name) > NAME_MAX:
        raise ViewError(f"a view name has at most {NAME_MAX} characters")
    return name


def _editor(who: str | None) -> str:
    try:
        return require_editor(who)
    except EditorRequired:
        raise ViewError(
            "only a signed-in editor can change the saved views: sign in first"
        ) from None


def _stored(conn: sa.Connection, view_id: int) -> dict | None:
    t = saved_views_table
    return row_image(conn.execute(sa.select(t).where(t.c.view_id == view_id)).mappings().first())


def _record(
    conn: sa.Connection,
    who: str,
    key: str,
    changes: Iterable[tuple[int, str, dict | None, dict | None]],
    **params: Any,
) -> int:
    """One change-log batch for a write of saved views: ``(view_id, operation, before,
    after)`` per view it changed."""
    batch_id = record_batch(conn, who, VIEW_ACTION, batch_description(key, **params))
    table = saved_views_table.name
    for view_id, operation, before, after in changes:
        record_change(conn, batch_id, table, str(view_id), operation, before, after)
    return batch_id


def _row(row: Mapping[str, Any]) -> SavedView:
    try:
        config = json.loads(row["config"] or "{}")
    except json.JSONDecodeError:
        config = {}
    return SavedView(
        name=row["name"],
        page=row["page"],
        config={str(k): str(v) for k, v in config.items()},
        caption_fa=row["caption_fa"] or "",
        caption_en=row["caption_en"] or "",
        lang=row["lang"] or "fa",
        position=int(row["position"] or 0),
        view_id=int(row["view_id"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def list_views(store: Store) -> list[SavedView]:
    """All saved views in presentation order (position, then creation)."""
    t = saved_views_table
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(t).order_by(t.c.position, t.c.view_id)).mappings().all()
    return [_row(r) for r in rows]


def get_view(store: Store, name: str) -> SavedView:
    """The view called ``name``; raises :class:`ViewError` when there is none."""
    t = saved_views_table
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(t).where(t.c.name == name)).mappings().first()
    if row is None:
        known = ", ".join(v.name for v in list_views(store)) or "none yet"
        raise ViewError(f"no saved view called {name!r} (saved: {known})")
    return _row(row)


def create_view(
    store: Store,
    name: str,
    page: str,
    config: Mapping[str, Any] | None = None,
    caption_fa: str = "",
    caption_en: str = "",
    lang: str = "fa",
    *,
    who: str,
) -> SavedView:
    """Save a new view at the end of the presentation; the name must be new. ``who`` is the
    editor, recorded in the change log."""
    who = _editor(who)
    name = _check_name(name)
    if lang not in LANGS:
        raise ViewError(f"language {lang!r}: use {', '.join(LANGS)}")
    clean = normalise_config(page, config or {})
    t = saved_views_table
    now = datetime.now(UTC)
    with store.engine.begin() as conn:
        if conn.execute(sa.select(t.c.view_id).where(t.c.name == name)).first():
            raise ViewError(f"a view called {name!r} already exists")
        last = conn.execute(sa.select(sa.func.max(t.c.position))).scalar()
        result = conn.execute(
            t.insert().values(
                name=name,
                page=page,
                config=json.dumps(clean, ensure_ascii=False, sort_keys=True),
                caption_fa=caption_fa or "",
                caption_en=caption_en or "",
                lang=lang,
                position=(last + 1) if last is not None else 0,
                created_at=now,
                updated_at=now,
            )
        )
        view_id = int(result.inserted_primary_key[0])
        after = _stored(conn, view_id)
        _record(conn, who, "save_view", [(view_id, "insert", None, after)], view=name)
    return get_view(store, name)


def update_view(store: Store, name: str, /, *, who: str, **changes: Any) -> SavedView:
    """Change fields of the view ``name`` (``name``, ``page``, ``config``, captions,
    ``lang``); the config is checked again against the (new) page. ``who`` is the editor."""
    who = _editor(who)
    allowed = {"name", "page", "config", "caption_fa", "caption_en", "lang"}
    unknown = set(changes) - allowed
    if unknown:
        raise ViewError(f"cannot change {', '.join(sorted(unknown))}")
    current = get_view(store, name)
    page = changes.get("page", current.page)
    values: dict[str, Any] = {}
    if "page" in changes or "config" in changes:
        config = normalise_config(page, changes.get("config", current.config))
        values["page"] = page
        values["config"] = json.dumps(config, ensure_ascii=False, sort_keys=True)
    if "name" in changes:
        values["name"] = _check_name(changes["name"])
    if "lang" in changes:
        if changes["lang"] not in LANGS:
            raise ViewError(f"language {changes['lang']!r}: use {', '.join(LANGS)}")
        values["lang"] = changes["lang"]
    for key in ("caption_fa", "caption_en"):
        if key in changes:
            values[key] = changes[key] or ""
    values["updated_at"] = datetime.now(UTC)
    t = saved_views_table
    with store.engine.begin() as conn:
        new_name = values.get("name", name)
        if (
            new_name != name
            and conn.execute(sa.select(t.c.view_id).where(t.c.name == new_name)).first()
        ):
            raise ViewError(f"a view called {new_name!r} already exists")
        before = _stored(conn, current.view_id)
        conn.execute(t.update().where(t.c.view_id == current.view_id).values(**values))
        after = _stored(conn, current.view_id)
        change = [(current.view_id, "update", before, after)]
        if new_name != name:
            _record(conn, who, "rename_view", change, view=name, to=new_name)
        else:
            _record(conn, who, "change_view", change, view=name)
    return get_view(store, values.get("name", name))


def delete_view(store: Store, name: str, *, who: str) -> bool:
    """Delete the view ``name``; False when there was none. ``who`` is the editor."""
    who = _editor(who)
    t = saved_views_table
    with store.engine.begin() as conn:
        row = conn.execute(sa.select(t).where(t.c.name == name)).mappings().first()
        if row is None:
            return False
        before = row_image(row)
        conn.execute(t.delete().where(t.c.view_id == row["view_id"]))
        _record(conn, who, "delete_view", [(row["view_id"], "delete", before, None)], view=name)
    return True


def reorder_views(store: Store, names: Iterable[str], *, who: str) -> list[SavedView]:
    """Put the views in the order of ``names``; views not named keep their order after them.
    ``who`` is the editor; only the views whose position changes are recorded."""
    who = _editor(who)
    names = list(dict.fromkeys(names))
    views = list_views(store)
    known = {v.name for v in views}
    missing = [n for n in names if n not in known]
    if missing:
        raise ViewError(f"no saved view called {', '.join(map(repr, missing))}")
    order = names + [v.name for v in views if v.name not in names]
    ids = {v.name: v.view_id for v in views}
    t = saved_views_table
    with store.engine.begin() as conn:
        changed = []
        for position, name in enumerate(order):
            before = _stored(conn, ids[name])
            if before is None or before["position"] == position:
                continue
            conn.execute(t.update().where(t.c.view_id == ids[name]).values(position=position))
            changed.append((ids[name], "update", before, _stored(conn, ids[name])))
        if changed:
            _record(conn, who, "reorder_views", changed, n=len(changed))
    return list_views(store)


def view_link(view: SavedView, base: str = "") -> str:
    """The shareable link of ``view``: the page's path plus its query string.

    >>> view_link(SavedView("a", "map", {"kinds": "cultural"}, lang="en"))
    '/map?kinds=cultural&lang=en'
    """
    query = {**view.config, "lang": view.lang}
    return f"{base.rstrip('/')}/{URL_PATHS[view.page]}?{urlencode(query)}"


def parse_link(link: str) -> tuple[str, dict[str, str], str | None]:
    """Read a link made by :func:`view_link` (or copied from the Map page's address bar):
    ``(page, config, lang)``. A bare query string (``kinds=cultural&...``) is a map view.
    Raises :class:`ViewError` when the page is not one of :data:`PAGES`.
    """
    text = (link or "").strip()
    if "?" not in text and "=" in text and "/" not in text:
        text = "/map?" + text
    parts = urlsplit(text)
    segment = parts.path.rstrip("/").rsplit("/", 1)[-1] or "map"
    pages = {path: page for page, path in URL_PATHS.items()}
    if segment not in pages:
        raise ViewError(f"the link does not point at a page that can be saved: {segment!r}")
    query = dict(parse_qsl(parts.query, keep_blank_values=False))
    lang = query.pop("lang", None)
    page = pages[segment]
    return page, normalise_config(page, query), lang if lang in LANGS else None


# --- the ready deck: Tehran's partner network -------------------------------------------

DEFAULT_VIEWS: tuple[tuple[str, str, dict[str, str], str, str], ...] = (
    (
        "tehran-map",
        "map",
        {"city": TEHRAN, "iran_cities": TEHRAN, "scope": "world"},
        "پیوندهای تهران با شهرهای جهان",
        "Tehran's ties with the world's cities",
    ),
    (
        "tehran-technical",
        "map",
        {"city": TEHRAN, "iran_cities": TEHRAN, "scope": "world", "kinds": "technical"},
        "تبادل‌های فنی تهران",
        "Tehran's technical exchanges",
    ),
    (
        "tehran-cultural",
        "map",
        {"city": TEHRAN, "iran_cities": TEHRAN, "scope": "world", "kinds": "cultural"},
        "تبادل‌های فرهنگی تهران",
        "Tehran's cultural exchanges",
    ),
    (
        "tehran-transit",
        "map",
        {"city": TEHRAN, "iran_cities": TEHRAN, "scope": "world", "kinds": "transit"},
        "تبادل‌های حمل‌ونقل تهران",
        "Tehran's transit exchanges",
    ),
    (
        "tehran-network",
        "network",
        {"city": TEHRAN, "scope": "world", "hops": "1"},
        "شبکهٔ شریک‌های تهران",
        "Tehran's partner network",
    ),
)


def ensure_default_views(store: Store, lang: str = "fa", *, who: str) -> list[SavedView]:
    """Create the views of the ready deck "Tehran's partner network" that are missing
    (Tehran's ties on the map, by kind, and as a network, captioned in both languages);
    return all saved views in order. ``who`` is the editor (or the command) that asked."""
    who = _editor(who)
    existing = {v.name for v in list_views(store)}
    for name, page, config, caption_fa, caption_en in DEFAULT_VIEWS:
        if name not in existing:
            create_view(store, name, page, config, caption_fa, caption_en, lang, who=who)
    return list_views(store)
