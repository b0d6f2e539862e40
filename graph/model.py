"""The data model in the users' words: kinds of exchange, relations, statuses, evidence tiers,
scopes, and the city pages start from.

The allowed values are written down once here; the store, the seed, the importer and
the catalogue of labels all read them from this module.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

__all__ = [
    "Kind",
    "Relation",
    "Status",
    "Evidence",
    "Origin",
    "Source",
    "parse_source",
    "KINDS",
    "SCOPES",
    "TEHRAN",
]


class Kind(StrEnum):
    """What an exchange between two cities was about."""

    TECHNICAL = "technical"
    CULTURAL = "cultural"
    TRANSIT = "transit"


KINDS: tuple[str, ...] = tuple(k.value for k in Kind)


class Relation(StrEnum):
    """The formal kind of a tie."""

    SISTER = "sister"
    COOPERATION = "cooperation"
    FRIENDSHIP = "friendship"
    PARTNER = "partner"


class Status(StrEnum):
    """The formal state of the agreement (not whether it is active: that is computed)."""

    SIGNED = "signed"
    PROPOSED = "proposed"
    DISPUTED = "disputed"
    SUSPENDED = "suspended"
    HISTORICAL = "historical"


class Evidence(StrEnum):
    """The best source tier behind a tie or an exchange, most trustworthy first."""

    OFFICIAL = "official"
    NEWS = "news"
    WIKIPEDIA = "wikipedia"
    WIKIDATA = "wikidata"
    USER = "user"


class NameOrigin(StrEnum):
    """Where a city's Persian name came from (none: the city has no Persian name)."""

    CHECKED = "checked"  # the checked names file or the Iranian cities' seed names
    AUTOMATIC = "automatic"  # chosen from GeoNames' alternate names by the seed
    EDITOR = "editor"  # typed or confirmed by an editor


class Origin(StrEnum):
    """Where a stored row came from. Seed rows may be replaced by a newer seed; user rows never."""

    SEED_IRAN = "seed_iran"
    SEED_WORLD = "seed_world"
    USER = "user"


SCOPES: tuple[str, ...] = ("iran", "world")
"""The networks a page can show: Iranian cities and their partners, or the whole world."""

TEHRAN = "112931"
"""Tehran's city id (its GeoNames id): the city pages open on and the ready deck is about."""


# --- a tie's or an exchange's source, as written in the data ---------------------------

_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_SLUG_SUFFIX = re.compile(r"\.(html?|aspx?|php)$", re.IGNORECASE)


class Source(NamedTuple):
    """One source: ``url`` (None when it is not a web link), a ``title`` to show and a
    ``note`` (how it was obtained, e.g. "via github.com/..."; empty when none)."""

    url: str | None
    title: str
    note: str


def _url_title(url: str) -> str:
    """A short readable title for a link: "Wikipedia: <article>", "Wikidata Q3616", or
    the site with the page's slug ("tehrantimes.com: Tehran Karbala ink sisterhood
    agreement"), else the site alone."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    segments = [unquote(p) for p in parts.path.split("/") if p]
    if host.endswith("wikipedia.org") and len(segments) >= 2 and segments[0] == "wiki":
        return f"Wikipedia: {segments[-1].replace('_', ' ')}"
    if host.endswith("wikidata.org") and segments:
        return f"Wikidata {segments[-1]}"
    slug = _SLUG_SUFFIX.sub("", segments[-1]) if segments else ""
    if len(slug) >= 8 and re.search(r"[-_]", slug) and re.search(r"[^\W\d_]{3,}", slug):
        return f"{host}: {re.sub(r'[-_]+', ' ', slug).strip()}"
    return host or url


def _trim_url(url: str) -> str:
    """Punctuation that closes the sentence around a link is not part of it."""
    while True:
        trimmed = url.rstrip(".,;:")
        if trimmed.endswith(")") and trimmed.count("(") < trimmed.count(")"):
            trimmed = trimmed[:-1]
        if trimmed == url:
            return url
        url = trimmed


def parse_source(text: str) -> Source:
    """Split a stored source into link, title and note.

    The link is the first ``http(s)://`` run and stops at the first space; the words
    before it are the title (else one is made from the link) and the words after it the
    note (outer parentheses dropped). A source with no link is its own title.

    >>> parse_source("https://en.wikipedia.org/wiki/Tehran (via github.com/a/b.csv)")[1:]
    ('Wikipedia: Tehran', 'via github.com/a/b.csv')
    >>> parse_source("Persian article, 2007 dump https://mirror.example/fa.7z").title
    'Persian article, 2007 dump'
    >>> parse_source("Tehran municipality letter (2019)")
    Source(url=None, title='Tehran municipality letter', note='2019')
    """
    text = " ".join(str(text).split())
    match = _URL.search(text)
    if match is None:
        title, note = _trailing_note(text)
        return Source(None, title, note)
    url = _trim_url(match.group(0))
    before = text[: match.start()].strip().rstrip(":").strip()
    after = text[match.start() + len(url) :].strip()
    if after.startswith("(") and after.endswith(")") and after.count("(") == 1:
        after = after[1:-1].strip()
    return Source(url, before or _url_title(url), after)


def _trailing_note(text: str) -> tuple[str, str]:
    """ "English Wikipedia list (via github.com/x)" -> the list, and "via github.com/x"."""
    found = re.fullmatch(r"(.+?)\s+\(([^()]*)\)", text)
    return (found.group(1), found.group(2).strip()) if found else (text, "")
