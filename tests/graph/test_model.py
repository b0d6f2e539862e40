"""A stored source split into link, title and note (graph/model.py ``parse_source``), and
the City card's list of sources built from it (graph/views/city.py)."""

from __future__ import annotations

import re

import pytest

from graph.model import Source, parse_source
from graph.views.city import source_html, sources_html

WIKI_IRAN = "https://en.wikipedia.org/wiki/List_of_twin_towns_and_sister_cities_in_Iran"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"{WIKI_IRAN} (via github.com/Hekman/twincities/twin_cities_raw.csv)",
            Source(
                WIKI_IRAN,
                "Wikipedia: List of twin towns and sister cities in Iran",
                "via github.com/Hekman/twincities/twin_cities_raw.csv",
            ),
        ),
        (
            "https://www.wikidata.org/wiki/Q3616 (P190; via github.com/x/relations.tsv)",
            Source(
                "https://www.wikidata.org/wiki/Q3616",
                "Wikidata Q3616",
                "P190; via github.com/x/relations.tsv",
            ),
        ),
        (
            "https://www.tehrantimes.com/news/475772/Tehran-Karbala-ink-sisterhood-agreement",
            Source(
                "https://www.tehrantimes.com/news/475772/Tehran-Karbala-ink-sisterhood-agreement",
                "tehrantimes.com: Tehran Karbala ink sisterhood agreement",
                "",
            ),
        ),
        (
            "http://atlas.tehran.ir/Default.aspx?tabid=252",
            Source("http://atlas.tehran.ir/Default.aspx?tabid=252", "atlas.tehran.ir", ""),
        ),
        (
            "Persian Wikipedia article, Sept 2007 static dump https://mirror.example/fa.7z",
            Source(
                "https://mirror.example/fa.7z",
                "Persian Wikipedia article, Sept 2007 static dump",
                "",
            ),
        ),
        (
            "English Wikipedia twin-town list for Cuba (via github.com/Hekman/twincities)",
            Source(
                None,
                "English Wikipedia twin-town list for Cuba",
                "via github.com/Hekman/twincities",
            ),
        ),
        ("(see https://a.example/p.)", Source("https://a.example/p", "(see", ".)")),
        ("javascript:alert(1)", Source(None, "javascript:alert(1)", "")),
        ("  Tehran   municipality letter ", Source(None, "Tehran municipality letter", "")),
    ],
)
def test_parse_source(text, expected) -> None:
    assert parse_source(text) == expected


def test_a_link_stops_at_the_first_space() -> None:
    for text in (f"{WIKI_IRAN} (via github.com/a)", f"{WIKI_IRAN}\tnote", f"{WIKI_IRAN}\nnote"):
        assert parse_source(text).url == WIKI_IRAN


def test_the_card_shows_titled_links_with_their_notes(seeded_store) -> None:
    from graph.analysis.city import city_card

    card = city_card(seeded_store, "Tehran")
    page = sources_html(card, "en")
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert hrefs
    assert all(" " not in h and "(via" not in h and "%20" not in h for h in hrefs)
    shown = re.findall(r">([^<>]+)</a>", page)
    assert shown and not any(s.startswith(("http://", "https://")) for s in shown)
    assert "via github.com/" in page  # notes are kept, beside the link
    for partner in card["partners"]:
        assert [Source(**s) for s in partner["source_links"]] == [
            parse_source(s) for s in partner["sources"]
        ]


def test_source_html_escapes_title_and_note() -> None:
    shown = source_html('<b>x</b> https://a.example/"q (<script>)')
    assert "<b>" not in shown and "<script>" not in shown
    assert 'href="https://a.example/&quot;q"' in shown
