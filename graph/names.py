"""Names: how they are compared, the lookup errors, and how a city is named to a reader.

Names are compared after folding (:func:`fold`): case, Latin diacritics (``Zürich`` =
``Zurich``), Arabic and Persian letter variants (ي/ی, ك/ک, ة/ه, أ/إ/آ/ا), Arabic vowel
marks, tatweel and the zero-width non-joiner. :func:`city_name` is the one way every
figure, table, card, export and deck names a city in the reader's language.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from graph.i18n import t

__all__ = [
    "clean_text",
    "LETTER_VARIANTS",
    "PUNCTUATION",
    "AmbiguousCity",
    "CityNotFound",
    "AUTOMATIC_MARK",
    "AUTOMATIC_MARK",
    "automatic_name",
    "city_name",
    "listed_name",
    "listed_names_note",
    "listed_name",
    "listed_names_note",
    "fold",
    "name_note",
    "other_name",
]

LETTER_VARIANTS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "\u200c": " ",  # zero-width non-joiner: a separator, like a space
        "\u200d": "",  # zero-width joiner
        "\u0640": "",  # tatweel
    }
)
PUNCTUATION = re.compile(r"[\s\-‐–—_'’`.,()]+")


class CityNotFound(LookupError):
    """No city has this name."""

    def __init__(self, name: str, suggestions: list[str] | None = None):
        self.name = name
        self.suggestions = suggestions or []
        hint = f"; did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"no city named {name!r}{hint}")


class AmbiguousCity(LookupError):
    """Several cities have this name; ``candidates`` lists them (name, country, id)."""

    def __init__(self, name: str, candidates: list[dict]):
        self.name = name
        self.candidates = candidates
        listed = "; ".join(
            f"{c['name_en']}, {c['country']} (population {c['population'] or 'unknown'})"
            for c in candidates
        )
        super().__init__(
            f"{name!r} names {len(candidates)} cities: {listed}. "
            f"Add the country, e.g. '{candidates[0]['name_en']}, {candidates[0]['country']}'"
        )


@lru_cache(maxsize=1)
def _combining() -> dict[int, None]:
    """A ``str.translate`` table deleting every combining mark (built once, on first use)."""
    return {cp: None for cp in range(sys.maxunicode + 1) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """The form names are compared in. ASCII names (most) take a short path.

    >>> fold("Zürich") == fold("zurich")
    True
    >>> fold("كرمانشاه") == fold("کرمانشاه")
    True
    >>> fold("شاهین‌شهر") == fold("شاهین شهر") == fold("شاهینشهر")
    True
    """
    if text.isascii():
        return PUNCTUATION.sub("", text).casefold()
    text = unicodedata.normalize("NFC", text).translate(LETTER_VARIANTS)
    kept = unicodedata.normalize("NFKD", text).translate(_combining())
    kept = unicodedata.normalize("NFC", kept).translate(LETTER_VARIANTS)
    # Separators are dropped: users write شاهین‌شهر, شاهین شهر or شاهینشهر alike.
    return PUNCTUATION.sub("", kept).casefold()


def _text(value: Any) -> str:
    """A stored name as text; missing values (None, NaN, blank) as ''."""
    return value.strip() if isinstance(value, str) else ""


def city_name(city: Mapping[str, Any], lang: str, *, escape: bool = False) -> str:
    """The city's name for a reader of ``lang``: its Persian name in Persian where one is
    known, otherwise its English name, otherwise its id.

    The store keeps one Persian name per city, the best by its origin (``name_fa_origin``:
    an editor's, else a checked one, else one chosen from GeoNames, ``automatic``; the seed
    never lets a lesser one replace a better one), and every origin is shown: an automatic
    name is marked where it is shown with :func:`name_note`.

    ``city`` is any mapping with ``name_en``, ``name_fa`` and ``city_id`` (a store row, a
    graph node's data, a pandas row). ``escape`` HTML-escapes it for plotly and HTML, which
    decode ``&lt; &gt; &amp;`` but would show ``&quot;`` literally.

    >>> city_name({"name_en": "Kazan", "name_fa": "قازان"}, "fa")
    'قازان'
    >>> city_name({"name_en": "Kazan", "name_fa": float("nan")}, "fa")
    'Kazan'
    >>> city_name({"name_en": "A<B", "name_fa": None}, "en", escape=True)
    'A&lt;B'
    """
    name = _text(city.get("name_fa")) if lang == "fa" else ""
    name = name or _text(city.get("name_en")) or str(city.get("city_id") or "")
    return html.escape(name, quote=False) if escape else name


def automatic_name(city: Mapping[str, Any], lang: str) -> bool:
    """True when the name :func:`city_name` gives in ``lang`` is a Persian name chosen
    automatically from GeoNames (not checked, nor an editor's).

    >>> automatic_name({"name_en": "Rome", "name_fa": "رم", "name_fa_origin": "automatic"}, "fa")
    True
    >>> automatic_name({"name_en": "Rome", "name_fa": "رم", "name_fa_origin": "automatic"}, "en")
    False
    """
    return (
        lang == "fa"
        and bool(_text(city.get("name_fa")))
        and city.get("name_fa_origin") == "automatic"
    )


def name_note(city: Mapping[str, Any], lang: str) -> str:
    """The subtle mark of an automatic name ("automatic, from GeoNames" in ``lang``) for a
    tooltip or hover, or '' when the name shown is not one.

    >>> name_note({"name_fa": "رم", "name_fa_origin": "automatic"}, "fa")
    'نام خودکار، از GeoNames'
    >>> name_note({"name_fa": "مسکو", "name_fa_origin": "checked"}, "fa")
    ''
    """
    return t("names.automatic", lang) if automatic_name(city, lang) else ""


AUTOMATIC_MARK = "*"


def listed_name(city: Mapping[str, Any], lang: str) -> str:
    """:func:`city_name` for a table's cell, where no tooltip can say where a name comes from:
    an automatic Persian name ends with :data:`AUTOMATIC_MARK`, explained under the table
    (:func:`graph.views.style.automatic_names_note`).

    >>> listed_name({"name_en": "Rome", "name_fa": "رم", "name_fa_origin": "automatic"}, "fa")
    'رم *'
    >>> listed_name({"name_en": "Moscow", "name_fa": "مسکو", "name_fa_origin": "checked"}, "fa")
    'مسکو'
    """
    name = city_name(city, lang)
    return f"{name} {AUTOMATIC_MARK}" if automatic_name(city, lang) else name


def listed_names_note(cities: Iterable[Mapping[str, Any]], lang: str) -> str:
    """The line under a table of ``cities`` explaining :data:`AUTOMATIC_MARK`, or '' when no
    name it lists carries the mark.

    >>> listed_names_note([{"name_fa": "رم", "name_fa_origin": "automatic"}], "en")
    ''
    """
    if any(automatic_name(c, lang) for c in cities):
        return t("names.automatic.listed", lang, mark=AUTOMATIC_MARK)
    return ""


def other_name(city: Mapping[str, Any], lang: str) -> str:
    """The city's name in the other language, or '' where it is the same or unknown.

    >>> other_name({"name_en": "Kazan", "name_fa": "قازان"}, "fa")
    'Kazan'
    >>> other_name({"name_en": "Kazan", "name_fa": None}, "en")
    ''
    """
    other = _text(city.get("name_en") if lang == "fa" else city.get("name_fa"))
    return other if other != city_name(city, lang) else ""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\s*[\n\t\u2028\u2029]+\s*")


def clean_text(value: str, multiline: bool = False) -> str:
    """Text as the store keeps it, whoever writes it: no control characters nor invisible
    direction overrides/isolates (U+202A-U+202E, U+2066-U+2069: an unclosed one flips the
    rest of a line wherever the text is shown; ZWNJ and the RLM/LRM marks Persian text
    uses are kept), and no carriage return (a CSV export would start a new row there).
    A single-line field (a name, a title) has its line breaks and tabs made one space; a
    ``multiline`` one (a note, a list of links) keeps its line breaks as ``\\n``.

    >>> clean_text(" Week\\r\\nof culture\\u202e ")
    'Week of culture'
    >>> clean_text("first\\r\\nsecond\\rthird", multiline=True)
    'first\\nsecond\\nthird'
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    else:
        text = _LINE_BREAKS.sub(" ", text)
    return _BIDI.sub("", _CONTROL.sub("", text)).strip()
