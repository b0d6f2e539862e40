"""Write graph/places/countries.py: ISO 3166-1 alpha-2 code -> English and Persian name,
continent.

Run once by hand (the app never runs it):

    .venv/bin/python scripts/make_country_table.py

It rewrites the table in that file and keeps the functions written after it (then
`ruff format graph/places/countries.py` gives the project's quoting).

A second table, ``OTHER_NAMES``, holds the other ways a file may name a country, for
:func:`country_code` (an import's country cells): iso-codes' name, official and common
names in English, French and Persian, Natural Earth's long, formal and French formal
names, "Korea, Republic of" also in reading order, and the everyday names in ``ALIASES``.

Sources: English names and continents from the Natural Earth GeoJSON in data/ (public
domain), falling back to Debian's iso-codes (LGPL-2.1+); Persian names from iso-codes'
Persian translation catalogue (``/usr/share/locale/fa/LC_MESSAGES/iso_3166-1.mo``), with
the corrections in ``FIXES`` (short everyday names, as a council member says them).
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
ISO = Path("/usr/share/iso-codes/json/iso_3166-1.json")

# Where Natural Earth has no ISO_A2 for a territory (or none at all), or no continent.
CONTINENTS = {
    "BQ": "North America",
    "BV": "Antarctica",
    "CC": "Asia",
    "CX": "Asia",
    "GF": "South America",
    "GI": "Europe",
    "GP": "North America",
    "MQ": "North America",
    "NO": "Europe",
    "RE": "Africa",
    "SJ": "Europe",
    "TK": "Oceania",
    "TV": "Oceania",
    "UM": "Oceania",
    "XK": "Europe",
    "YT": "Africa",
    # Natural Earth's "Seven seas (open ocean)", placed on the nearest continent
    "GS": "South America",
    "HM": "Oceania",
    "IO": "Asia",
    "MU": "Africa",
    "MV": "Asia",
    "SC": "Africa",
    "SH": "Africa",
    "TF": "Africa",
}
FIXES = {  # code: (English, Persian)
    "IR": ("Iran", "ایران"),
    "RU": ("Russia", "روسیه"),
    "TR": ("Türkiye", "ترکیه"),
    "US": ("United States", "آمریکا"),
    "GB": ("United Kingdom", "بریتانیا"),
    "KR": ("South Korea", "کره جنوبی"),
    "KP": ("North Korea", "کره شمالی"),
    "SY": ("Syria", "سوریه"),
    "VE": ("Venezuela", "ونزوئلا"),
    "BO": ("Bolivia", "بولیوی"),
    "TZ": ("Tanzania", "تانزانیا"),
    "MD": ("Moldova", "مولداوی"),
    "VN": ("Vietnam", "ویتنام"),
    "LA": ("Laos", "لائوس"),
    "XK": ("Kosovo", "کوزوو"),
    "PS": ("Palestine", "فلسطین"),
    "TW": ("Taiwan", "تایوان"),
    "CZ": ("Czechia", "چک"),
}

ALIASES = {  # code: everyday names a spreadsheet uses that no source above gives
    "US": ("USA", "U.S.A.", "U.S.", "America", "امریکا", "ایالات متحده"),
    "GB": (
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "انگلستان",
        "انگلیس",
        "Royaume-Uni",
        "Angleterre",
    ),
    "TR": ("Turkey", "Turquie"),
    "NL": ("Holland",),
    "CZ": ("Czech Republic", "République tchèque"),
    "CI": ("Ivory Coast",),
    "MM": ("Burma", "برمه"),
    "SZ": ("Eswatini",),
    "MK": ("North Macedonia", "Macédoine du Nord"),
    "CV": ("Cape Verde",),
    "RU": ("Russian Federation",),
    "IN": ("هند",),
    "CD": ("DR Congo", "DRC"),
    "VA": ("Holy See", "Vatican City"),
    "PS": ("State of Palestine",),
    "TL": ("East Timor",),
}
# iso-codes' names that are a short name after a comma: "Korea, Republic of"
_COMMA = ", "

TARGET = Path(__file__).resolve().parent.parent / "graph" / "places" / "countries.py"


def _code_after_table() -> str:
    """What the module holds after the tables (its functions, written by hand): kept as is."""
    text = TARGET.read_text(encoding="utf-8")
    start = text.index("OTHER_NAMES") if "OTHER_NAMES:" in text else 0
    return text[text.index("\n}\n", start) + 3 :]


def _reading_order(name: str) -> list[str]:
    """``name`` and, for "Korea, Republic of" / "Corée, République de", the name in
    reading order ("Republic of Korea", "République de Corée")."""
    if _COMMA not in name:
        return [name]
    head, _, tail = name.partition(_COMMA)
    joiner = "" if tail.endswith("'") else " "
    return [name, f"{tail}{joiner}{head}"]


def _iso_names(iso: dict) -> list[str]:
    """iso-codes' names of a country in English, French and Persian."""
    fr = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fr"])
    fa = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fa"])
    names = []
    for key in ("name", "official_name", "common_name"):
        if iso.get(key):
            for catalogue in (None, fr, fa):
                names.append(iso[key] if catalogue is None else catalogue.gettext(iso[key]))
    return names


def _short_names(iso_rows: dict[str, dict]) -> dict[str, str]:
    """The short names before the comma of "Russie, Fédération de": code by name, for the
    names only one country has ("Corée, République de" and "Corée, République populaire
    démocratique de" share theirs: neither gets it)."""
    owners: dict[str, set[str]] = {}
    for code, iso in iso_rows.items():
        for name in _iso_names(iso):
            if _COMMA in name:
                owners.setdefault(name.partition(_COMMA)[0], set()).add(code)
    return {name: next(iter(codes)) for name, codes in owners.items() if len(codes) == 1}


def _other_names(
    code: str, iso: dict, ne: dict, main: tuple[str, str], short: dict[str, str]
) -> tuple[str, ...]:
    """Every other name of ``code`` (see the module's text), without the table's own."""
    names: list[str] = []
    for text in _iso_names(iso):
        names += _reading_order(text)
        head = text.partition(_COMMA)[0]
        if _COMMA in text and short.get(head) == code:
            names.append(head)
    for key in ("NAME", "NAME_LONG", "FORMAL_EN", "FORMAL_FR", "ADMIN"):
        if ne.get(key):
            names.append(ne[key])
    names += ALIASES.get(code, ())
    seen = {n.casefold() for n in main}
    kept = []
    for name in names:
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name)
    return tuple(kept)


def main() -> None:
    fa = gettext.translation("iso_3166-1", "/usr/share/locale", languages=["fa"])
    ne_names: dict[str, str] = {}
    ne_rows: dict[str, dict] = {}
    continents: dict[str, str] = {}
    for res in ("50m", "110m"):
        for feature in json.loads((DATA / f"countries_{res}.geojson").read_text())["features"]:
            p = feature["properties"]
            for key in ("ISO_A2", "ISO_A2_EH", "WB_A2"):
                code = p.get(key)
                if code and len(code) == 2 and code != "-99":
                    continents.setdefault(code, p["CONTINENT"])
                    ne_names.setdefault(code, p["NAME"])
                    ne_rows.setdefault(code, p)
    rows = []
    iso_rows = {c["alpha_2"]: c for c in json.loads(ISO.read_text())["3166-1"]}
    for c in iso_rows.values():
        code = c["alpha_2"]
        en = ne_names.get(code) or c.get("common_name") or c["name"]
        rows.append((code, en, fa.gettext(c["name"]), CONTINENTS.get(code) or continents[code]))
    rows.append(("XK", "Kosovo", "کوزوو", "Europe"))
    lines = [
        '"""Countries by ISO 3166-1 alpha-2 code: English name, Persian name, continent.',
        "",
        "The table is generated by scripts/make_country_table.py (sources and licences there):",
        'edit the script, not the table. The functions after it are kept as they are."""',
        "",
        "COUNTRIES: dict[str, tuple[str, str, str]] = {",
    ]
    for code, en, name_fa, continent in sorted(rows):
        en, name_fa = FIXES.get(code, (en, name_fa))
        lines.append(f"    {code!r}: ({en!r}, {name_fa!r}, {continent!r}),")
    lines.append("}")
    lines += [
        "# other names of a country, in English, French and Persian (for country_code)",
        "OTHER_NAMES: dict[str, tuple[str, ...]] = {",
    ]
    short = _short_names(iso_rows)
    for code, en, name_fa, _continent in sorted(rows):
        main = FIXES.get(code, (en, name_fa))
        other = _other_names(code, iso_rows.get(code, {}), ne_rows.get(code, {}), main, short)
        if other:
            lines.append(f"    {code!r}: {other!r},")
    lines.append("}")
    TARGET.write_text("\n".join(lines) + "\n" + _code_after_table(), encoding="utf-8")


if __name__ == "__main__":
    main()
