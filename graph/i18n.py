"""Persian and English text for everything the user reads, plus digits, dates and direction.

One catalogue, ``CATALOGUE``, maps a dotted key to its Persian (``fa``) and English (``en``)
text. Pages, figures and exports look text up with :func:`t`; a test checks that every key
used in the sources exists and that both languages are filled.

Persian is the default language. In Persian every number is written with Persian digits
(۰-۹), the thousands separator is «٬» (U+066C) and the decimal separator «٫» (U+066B).

Dates are shown in the Solar Hijri (Jalali) calendar beside the Gregorian one. A Gregorian
*year* overlaps two Jalali years (2019 runs from 11 Dey 1397 to 10 Dey 1398); we show the
Jalali year that holds most of it, the one containing 1 July: 2019 -> 1398, i.e. ``year -
621``. Dates with a month or a day are converted exactly (a month is placed at its 15th).

This module is pure Python: it never imports streamlit.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from enum import Enum
from typing import Any, Literal

import jdatetime

from graph.model import Evidence, Kind, Relation, Status

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANG",
    "ENUM_LABEL_KEYS",
    "LANGS",
    "digits",
    "direction",
    "gregorian_and_jalali",
    "jalali",
    "label",
    "t",
]

LANGS: tuple[str, str] = ("fa", "en")
DEFAULT_LANG = "fa"

# Keys whose Persian text may legitimately hold no Persian letter (proper names, pure
# formats). The i18n test allows these and nothing else.
LATIN_ALLOWED: frozenset[str] = frozenset({"date.day", "date.month"})

CATALOGUE: dict[str, dict[str, str]] = {
    # --- application and pages -------------------------------------------------------
    "app.title": {"fa": "کاوشگر دیپلماسی شهری", "en": "City Diplomacy Explorer"},
    "page.overview": {"fa": "نمای کلی", "en": "Overview"},
    "overview.title": {
        "fa": "دیپلماسی شهری ایران در یک نگاه",
        "en": "Iran's city diplomacy at a glance",
    },
    "overview.intro": {
        "fa": "پیوندهای خواهرخواندگی، همکاری و دوستی شهرهای ایران با شهرهای جهان، و "
        "تبادل‌های فنی، فرهنگی و حمل‌ونقلی که این پیوندها را زنده نگه می‌دارند.",
        "en": "Sister-city, cooperation and friendship ties between Iranian and world "
        "cities, and the technical, cultural and transit exchanges that keep them alive.",
    },
    "overview.world_note": {
        "fa": "نمای کلی همیشه پیوندهای شهرهای ایران را خلاصه می‌کند؛ شبکهٔ جهانی در این "
        "صفحه فقط زمینه است.",
        "en": "The overview always summarises the ties of Iranian cities; the world network "
        "is only context here.",
    },
    "overview.focus_note": {
        "fa": "نقشه فقط پیوندهای این شهرها را نشان می‌دهد: {cities}",
        "en": "The map shows only the ties of: {cities}",
    },
    "overview.section.map": {"fa": "نقشهٔ پیوندها", "en": "Map of ties"},
    "overview.section.charts": {"fa": "پیوندها و تبادل‌ها", "en": "Ties and exchanges"},
    # --- sidebar -----------------------------------------------------------------------
    "sidebar.language": {"fa": "زبان", "en": "Language"},
    "lang.fa": {"fa": "فارسی", "en": "فارسی (Persian)"},
    "lang.en": {"fa": "انگلیسی (English)", "en": "English"},
    "sidebar.scope": {"fa": "دامنه", "en": "Scope"},
    "scope.iran": {"fa": "شهرهای ایران و همتایانشان", "en": "Iranian cities and partners"},
    "scope.world": {"fa": "شبکهٔ جهانی شهرهای خواهرخوانده", "en": "World twin-town network"},
    "sidebar.cities": {"fa": "شهرهای ایران", "en": "Iranian cities"},
    "sidebar.cities_placeholder": {"fa": "همهٔ شهرها", "en": "All cities"},
    "sidebar.cities_help": {
        "fa": "شهرهایی که نقشه باید روی پیوندهایشان تمرکز کند؛ خالی یعنی همه.",
        "en": "Cities whose ties the map should focus on; empty means all.",
    },
    # --- metric cards ------------------------------------------------------------------
    "metric.iranian_cities": {"fa": "شهرهای ایرانی دارای پیوند", "en": "Iranian cities with ties"},
    "metric.iranian_cities.delta": {
        "fa": "با {n} پیوند خارجی",
        "en": "{n} ties abroad",
    },
    "metric.iranian_cities.help": {
        "fa": "شهرهای ایران که دست‌کم یک پیوند با شهری بیرون از ایران دارند. پیوند میان "
        "دو شهر ایرانی در این شمارش نمی‌آید.",
        "en": "Iranian cities with at least one tie to a city outside Iran. A tie between "
        "two Iranian cities does not count here.",
    },
    "metric.foreign_partners": {"fa": "شهرهای همتای خارجی", "en": "Foreign partner cities"},
    "metric.foreign_partners.delta": {
        "fa": "مقاله: «بیش از {n}»",
        "en": "article: “more than {n}”",
    },
    "metric.foreign_partners.help": {
        "fa": "شمار شهرهای جداگانهٔ بیرون از ایران که دست‌کم با یک شهر ایرانی پیوند دارند، "
        "در برابر گفتهٔ مقاله که شهرهای ایران می‌توانند بیش از {n} پیوند را فعال کنند.",
        "en": "Distinct cities outside Iran tied to at least one Iranian city, against the "
        "article's claim that Iranian cities could activate more than {n} ties.",
    },
    "metric.tehran_partners": {"fa": "همتایان تهران", "en": "Tehran's partners"},
    "metric.tehran_partners.delta": {"fa": "مقاله: «حدود {n}»", "en": "article: “about {n}”"},
    "metric.tehran_partners.help": {
        "fa": "شهرهایی که پیوندی ثبت‌شده با تهران دارند، با هر سطح شواهد، در برابر «حدود "
        "{n}» شهری که مقاله برمی‌شمارد.",
        "en": "Cities with a recorded tie to Tehran at any evidence tier, against the "
        "“about {n}” the article gives.",
    },
    "metric.unverified": {"fa": "پیوندهای تأییدنشده", "en": "Unverified ties"},
    "metric.unverified.delta": {"fa": "از {total} پیوند", "en": "of {total} ties"},
    "metric.unverified.help": {
        "fa": "پیوندهایی که تنها منبعشان ویکی‌داده است؛ با احتیاط بخوانید.",
        "en": "Ties whose only source is Wikidata; read them with care.",
    },
    # --- map -----------------------------------------------------------------------------
    "map.title": {
        "fa": "پیوندهای شهرهای ایران با شهرهای جهان",
        "en": "Ties of Iranian cities with world cities",
    },
    "map.caption": {
        "fa": "رنگ هر کمان نوع غالب تبادل‌های ثبت‌شده میان دو شهر است (بیشترین مجموع شدت). "
        "کمان خاکستریِ خط‌چین یعنی هنوز تبادلی برای آن پیوند ثبت نشده است.",
        "en": "Each arc's colour is the main kind of recorded exchange between the two cities "
        "(largest total intensity). A grey dashed arc means no exchange has been recorded "
        "for that tie yet.",
    },
    "map.empty": {
        "fa": "برای این انتخاب پیوندی روی نقشه نیست.",
        "en": "No ties to map for this selection.",
    },
    "legend.iranian_city": {"fa": "شهر ایرانی", "en": "Iranian city"},
    "legend.foreign_city": {"fa": "شهر همتای خارجی", "en": "Foreign partner city"},
    "legend.no_exchange": {"fa": "بدون تبادل ثبت‌شده", "en": "No recorded exchange"},
    "legend.basemap": {"fa": "کشورها", "en": "Countries"},
    "legend.labels": {"fa": "نام شهرها", "en": "City names"},
    "hover.city": {
        "fa": "<b>{name}</b><br>کشور: {country}<br>پیوندها: {ties}",
        "en": "<b>{name}</b><br>Country: {country}<br>Ties: {ties}",
    },
    "hover.tie": {
        "fa": "<b>{a} – {b}</b><br>رابطه: {relation}<br>وضعیت: {status}<br>از: {since}"
        "<br>شواهد: {evidence}<br>تبادل‌های ثبت‌شده: {exchanges}",
        "en": "<b>{a} – {b}</b><br>Relation: {relation}<br>Status: {status}<br>Since: {since}"
        "<br>Evidence: {evidence}<br>Recorded exchanges: {exchanges}",
    },
    # --- charts --------------------------------------------------------------------------
    "chart.ties_by_evidence": {
        "fa": "پیوندها بر پایهٔ سطح شواهد و نوع رابطه",
        "en": "Ties by evidence tier and relation",
    },
    "chart.exchanges_by_kind": {"fa": "تبادل‌ها بر پایهٔ نوع", "en": "Exchanges by kind"},
    "chart.exchanges_by_year": {
        "fa": "تبادل‌ها در گذر سال‌ها، بر پایهٔ نوع",
        "en": "Exchanges by year and kind",
    },
    "chart.undated": {
        "fa": "{n} تبادل بی‌تاریخ در نمودار سالانه نیامده است.",
        "en": "{n} undated exchanges are left out of the yearly chart.",
    },
    "chart.empty": {"fa": "داده‌ای برای نمایش نیست.", "en": "Nothing to show yet."},
    "axis.evidence": {"fa": "سطح شواهد", "en": "Evidence tier"},
    "axis.ties": {"fa": "شمار پیوندها", "en": "Number of ties"},
    "axis.kind": {"fa": "نوع تبادل", "en": "Kind of exchange"},
    "axis.exchanges": {"fa": "شمار تبادل‌ها", "en": "Number of exchanges"},
    "axis.year": {"fa": "سال (خورشیدی و میلادی)", "en": "Year (Gregorian and Solar Hijri)"},
    "legend.relation": {"fa": "نوع رابطه", "en": "Relation"},
    "legend.kind": {"fa": "نوع تبادل", "en": "Kind of exchange"},
    # --- enum labels ---------------------------------------------------------------------
    "kind.technical": {"fa": "همکاری فنی", "en": "Technical"},
    "kind.cultural": {"fa": "تبادل فرهنگی", "en": "Cultural"},
    "kind.transit": {"fa": "حمل‌ونقل", "en": "Transit"},
    "relation.sister": {"fa": "خواهرخواندگی", "en": "Sister city"},
    "relation.cooperation": {"fa": "همکاری", "en": "Cooperation"},
    "relation.friendship": {"fa": "دوستی", "en": "Friendship"},
    "relation.partner": {"fa": "شراکت", "en": "Partnership"},
    "status.signed": {"fa": "امضاشده", "en": "Signed"},
    "status.proposed": {"fa": "پیشنهادی", "en": "Proposed"},
    "status.disputed": {"fa": "مورد مناقشه", "en": "Disputed"},
    "status.suspended": {"fa": "تعلیق‌شده", "en": "Suspended"},
    "status.historical": {"fa": "تاریخی (پایان‌یافته)", "en": "Historical"},
    "evidence.official": {"fa": "رسمی", "en": "Official"},
    "evidence.news": {"fa": "خبری", "en": "News"},
    "evidence.wikipedia": {"fa": "ویکی‌پدیا", "en": "Wikipedia"},
    "evidence.wikidata": {"fa": "ویکی‌داده", "en": "Wikidata"},
    "evidence.user": {"fa": "ثبت کاربر", "en": "User-entered"},
    "badge.unverified": {"fa": "تأییدنشده", "en": "unverified"},
    "badge.encyclopedia_only": {"fa": "فقط دانشنامه", "en": "encyclopedia only"},
    # --- how to read / how is this computed ------------------------------------------------
    "overview.how.title": {
        "fa": "این صفحه را چگونه بخوانیم؟ سطح‌های شواهد",
        "en": "How to read this page: evidence tiers",
    },
    "overview.how.body": {
        "fa": "- **پیوند** رابطه‌ای رسمی میان دو شهر است: خواهرخواندگی، همکاری، دوستی یا "
        "شراکت. **تبادل** رویدادی میان دو شهر است (دیدار، توافق، رویداد یا پروژه) از نوع "
        "فنی، فرهنگی یا حمل‌ونقل.\n"
        "- **سطح شواهد** می‌گوید هر پیوند بر چه منبعی تکیه دارد: **رسمی** (سایت یا سند "
        "شهرداری)، **خبری** (گزارش رسانه)، **ویکی‌پدیا** (فقط دانشنامه)، **ویکی‌داده** "
        "(ادعای ثبت‌شده در ویکی‌داده، تأییدنشده) و **ثبت کاربر** (واردشده در همین ابزار).\n"
        "- پیوندهایی که تنها منبعشان ویکی‌داده است نشان «تأییدنشده» می‌گیرند؛ ادعاهای "
        "یک‌سویهٔ ویکی‌داده به‌طور پیش‌فرض پنهان‌اند.\n"
        "- فعال یا خاموش بودن پیوند ذخیره نمی‌شود و از تبادل‌های ثبت‌شده حساب می‌شود. "
        "پیوندی که تبادلی برایش ثبت نشده همچنان روی نقشه هست، با کمان خاکستری خط‌چین.\n"
        "- عددهای «مقاله» از یادداشت شورای شهر تهران است: تهران با حدود {tehran} شهر "
        "جهان خواهرخوانده است و شهرهای ایران می‌توانند بیش از {partners} پیوند را فعال کنند.",
        "en": "- A **tie** is a formal relationship between two cities: sister city, "
        "cooperation, friendship or partnership. An **exchange** is an event between two "
        "cities (a visit, an agreement, an event or a project) of technical, cultural or "
        "transit kind.\n"
        "- The **evidence tier** says what a tie rests on: **official** (a city website or "
        "document), **news** (a media report), **Wikipedia** (encyclopedia only), "
        "**Wikidata** (a claim recorded in Wikidata, unverified) and **user-entered** (typed "
        "into this tool).\n"
        "- Ties resting on Wikidata alone carry an “unverified” badge; one-sided Wikidata "
        "claims are hidden by default.\n"
        "- Whether a tie is active or dormant is not stored: it is computed from the recorded "
        "exchanges. A tie with no recorded exchange is still on the map, as a grey dashed "
        "arc.\n"
        "- The “article” figures come from the Tehran city council's piece: Tehran is twinned "
        "with about {tehran} world cities and Iranian cities could activate more than "
        "{partners} ties.",
    },
    "howto.weights.title": {
        "fa": "وزن پیوندها چگونه حساب می‌شود؟",
        "en": "How are tie weights computed?",
    },
    "howto.weights.body": {
        "fa": "- **فنی** و **فرهنگی**: مجموع شدت تبادل‌های آن نوع (۱ دیدار، ۲ توافق یا "
        "رویداد، ۳ پروژهٔ تحویل‌شده یا برنامهٔ چندساله)، هر یک ضرب در ۰٫۵ به توان (سن "
        "تبادل به سال ÷ نیمه‌عمر)؛ نیمه‌عمر پیش‌فرض {half_life} سال است.\n"
        "- **حمل‌ونقل**: لگاریتم (۱ + شمار مسیرهای پرواز مستقیم) به‌اضافهٔ تبادل‌های "
        "حمل‌ونقلی به همان روش.\n"
        "- **وزن کل**: مجموع نوع‌های انتخاب‌شده. در سنجه‌های مبتنی بر مسیر، فاصله = ۱ ÷ "
        "وزن است: پیوند قوی‌تر یعنی راه کوتاه‌تر.\n"
        "- هیچ وزنی ساختگی نیست: هر عدد از یک تبادل ثبت‌شده یا دادهٔ مسیرهای پرواز می‌آید.",
        "en": "- **Technical** and **cultural**: the sum of the intensities of that kind's "
        "exchanges (1 visit, 2 agreement or event, 3 delivered project or multi-year "
        "programme), each times 0.5 to the power (age in years ÷ half-life); the half-life "
        "defaults to {half_life} years.\n"
        "- **Transit**: log(1 + direct flight routes) plus transit exchanges weighted the "
        "same way.\n"
        "- **Total**: the sum over the selected kinds. Path-based metrics use distance = 1 ÷ "
        "weight: a stronger tie is a shorter path.\n"
        "- No weight is invented: every number comes from a recorded exchange or the route "
        "data.",
    },
    "howto.dormant": {
        "fa": "پیوندی که {years} سال هیچ تبادل ثبت‌شده‌ای نداشته باشد «خاموش» به شمار می‌آید؛ "
        "پیوندی که هرگز تبادلی برایش ثبت نشده نیز خاموش است.",
        "en": "A tie with no recorded exchange in {years} years counts as dormant; so does a "
        "tie that never had one.",
    },
    "overview.attribution": {
        "fa": "منابع داده: فهرست‌های شهرهای خواهرخواندهٔ ویکی‌پدیا (فوریهٔ ۲۰۲۶ / بهمن "
        "۱۴۰۴)، ویکی‌داده (۲۰۱۶ / ۱۳۹۵)، GeoNames (مختصات و جمعیت)، مسیرهای پرواز "
        "OpenFlights (ژوئن ۲۰۱۴ / خرداد ۱۳۹۳، پروانهٔ ODbL)، مرز کشورها از Natural Earth "
        "(مالکیت عمومی)، و خبرها و سایت‌های رسمی که برای هر پیوند و تبادل آمده‌اند. "
        "قلم: وزیرمتن (پروانهٔ OFL).",
        "en": "Data sources: Wikipedia lists of twin towns and sister cities (February "
        "2026), Wikidata (2016), GeoNames (coordinates and population), OpenFlights routes "
        "(June 2014, ODbL), Natural Earth country borders (public domain), and the news and "
        "official pages cited for each tie and exchange. Font: Vazirmatn (OFL).",
    },
    # --- errors and empty states ------------------------------------------------------------
    "error.store": {
        "fa": "داده‌ها باز نشد: {error}",
        "en": "The data could not be opened: {error}",
    },
    "error.no_ties": {
        "fa": "هنوز پیوندی ثبت نشده است. برای ساختن داده‌ها `python -m graph init` را اجرا کنید.",
        "en": "No ties recorded yet. Run `python -m graph init` to build the data.",
    },
    # --- dates ---------------------------------------------------------------------------
    "date.unknown": {"fa": "بی‌تاریخ", "en": "undated"},
    "date.both": {"fa": "{jalali} ({gregorian} م)", "en": "{gregorian} ({jalali} SH)"},
    "date.day": {"fa": "{day} {month} {year}", "en": "{day} {month} {year}"},
    "date.month": {"fa": "{month} {year}", "en": "{month} {year}"},
    "month.1": {"fa": "فروردین", "en": "Farvardin"},
    "month.2": {"fa": "اردیبهشت", "en": "Ordibehesht"},
    "month.3": {"fa": "خرداد", "en": "Khordad"},
    "month.4": {"fa": "تیر", "en": "Tir"},
    "month.5": {"fa": "مرداد", "en": "Mordad"},
    "month.6": {"fa": "شهریور", "en": "Shahrivar"},
    "month.7": {"fa": "مهر", "en": "Mehr"},
    "month.8": {"fa": "آبان", "en": "Aban"},
    "month.9": {"fa": "آذر", "en": "Azar"},
    "month.10": {"fa": "دی", "en": "Dey"},
    "month.11": {"fa": "بهمن", "en": "Bahman"},
    "month.12": {"fa": "اسفند", "en": "Esfand"},
    # --- settings (issue 2): one label and one help text per entry of graph/settings.py ---
    "setting.half_life_years": {"fa": "نیمه‌عمر تبادل (سال)", "en": "Exchange half-life (years)"},
    "setting.half_life_years.help": {
        "fa": "هر تبادل پس از این چند سال نیمی از وزنش را از دست می‌دهد: "
        "وزن = مجموع شدت × ۰٫۵ به توان (سن به سال ÷ نیمه‌عمر).",
        "en": "An exchange counts half as much after this many years: "
        "weight = sum of intensity × 0.5 ^ (age in years ÷ half-life).",
    },
    "setting.dormant_years": {"fa": "سال‌های خاموشی", "en": "Years before a tie is dormant"},
    "setting.dormant_years.help": {
        "fa": "پیوندی که در این چند سال هیچ تبادل ثبت‌شده‌ای نداشته باشد خاموش است.",
        "en": "A tie with no recorded exchange in this many years is dormant.",
    },
    "setting.top_n": {"fa": "شمار ردیف‌ها", "en": "Rows to show"},
    "setting.top_n.help": {
        "fa": "فهرست‌های رتبه‌بندی‌شده چند ردیف نشان دهند.",
        "en": "How many rows ranked lists show.",
    },
    # --- end settings ---
    # --- opportunities, city card, statistics (issue 5) ---
    "opp.reason.average": {
        "fa": "نزدیک به یک پیوند میانگین؛ هیچ عاملی انتظار را بالا نمی‌برد",
        "en": "close to an average tie; no factor raises the expectation",
    },
    "opp.reason.population": {
        "fa": "{city} شهری بزرگ است ({millions} میلیون نفر): ×{factor}",
        "en": "{city} is a large city ({millions} million people): ×{factor}",
    },
    "opp.reason.distance": {
        "fa": "فاصلهٔ کم ({km} کیلومتر): ×{factor}",
        "en": "short distance ({km} km): ×{factor}",
    },
    "opp.reason.air_routes": {
        "fa": "{n} مسیر پرواز مستقیم: ×{factor}",
        "en": "{n} direct air routes: ×{factor}",
    },
    "opp.reason.shared_partners": {
        "fa": "{n} همتای مشترک در شبکهٔ جهانی: ×{factor}",
        "en": "{n} shared partners in the world network: ×{factor}",
    },
    "opp.dormant.never": {
        "fa": "هیچ تبادلی برای این پیوند ثبت نشده است",
        "en": "no exchange has ever been recorded for this tie",
    },
    "opp.dormant.undated": {
        "fa": "فقط {n} تبادل بی‌تاریخ ثبت شده است؛ فعال بودن پیوند نشان داده نمی‌شود",
        "en": "only {n} undated exchanges recorded; they do not show the tie is alive",
    },
    "opp.dormant.silent": {
        "fa": "آخرین تبادل ثبت‌شده: {last}، {years} سال پیش",
        "en": "last recorded exchange {last}, {years} years ago",
    },
    "suggest.more": {"fa": "{n} شهر دیگر", "en": "{n} more"},
    "suggest.reason.shared": {
        "fa": "هر دو با {names} پیوند دارند",
        "en": "both are twinned with {names}",
    },
    "suggest.reason.shared_one": {
        "fa": "هر دو با {names} پیوند دارند",
        "en": "both are twinned with {names}",
    },
    "suggest.reason.routes": {
        "fa": "{n} مسیر پرواز مستقیم",
        "en": "{n} direct air routes",
    },
    "suggest.reason.population": {
        "fa": "جمعیت {millions} میلیون نفر",
        "en": "population {millions} million",
    },
}

# Which catalogue prefix names the values of each enum-like column.
ENUM_LABEL_KEYS: dict[str, tuple[str, ...]] = {
    name: tuple(member.value for member in enum)
    for name, enum in (
        ("kind", Kind),
        ("relation", Relation),
        ("status", Status),
        ("evidence", Evidence),
    )
}
_VALUE_TO_KEY: dict[str, str] = {
    value: f"{prefix}.{value}" for prefix, values in ENUM_LABEL_KEYS.items() for value in values
}

_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FA_THOUSANDS = "\u066c"  # ٬ ARABIC THOUSANDS SEPARATOR
_FA_DECIMAL = "\u066b"  # ٫ ARABIC DECIMAL SEPARATOR


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang


def direction(lang: str) -> Literal["rtl", "ltr"]:
    """Return the writing direction of ``lang``: ``"rtl"`` for Persian, ``"ltr"`` for English.

    >>> direction("fa"), direction("en")
    ('rtl', 'ltr')
    """
    return "rtl" if _check_lang(lang) == "fa" else "ltr"


def digits(value: Any, lang: str, ndigits: int | None = None) -> str:
    """Write a number (or the digits in a text) the way ``lang`` writes them.

    Integers get a thousands separator («٬» in Persian, "," in English); floats are
    rounded to ``ndigits`` when given and use «٫» as decimal point in Persian. A string is
    kept as it is, except that in Persian its ASCII digits become Persian digits (so
    "2019-07-01" becomes "۲۰۱۹-۰۷-۰۱"); strings get no separators, so years stay
    unseparated when passed as text.

    >>> digits(1234, "fa"), digits(1234, "en"), digits(2.5, "fa"), digits("12", "fa")
    ('۱٬۲۳۴', '1,234', '۲٫۵', '۱۲')
    """
    _check_lang(lang)
    if isinstance(value, bool):
        raise TypeError("digits() takes a number or a text, not a bool")
    if isinstance(value, numbers.Integral):
        text = f"{int(value):,}"
    elif isinstance(value, numbers.Real):
        text = f"{float(value):,.{ndigits}f}" if ndigits is not None else f"{float(value):,}"
    else:
        text = str(value)
        return text.translate(_PERSIAN_DIGITS) if lang == "fa" else text
    if lang == "en":
        return text
    # Swap separators through a placeholder so "," and "." do not collide.
    text = text.replace(",", "\0").replace(".", _FA_DECIMAL).replace("\0", _FA_THOUSANDS)
    return text.translate(_PERSIAN_DIGITS)


def t(key: str, lang: str, **fmt: Any) -> str:
    """Return the text for ``key`` in ``lang``, formatted with ``fmt``.

    Integer and float arguments are written with :func:`digits` (Persian digits in fa,
    thousands separators in both), so pass years as text (``str(2019)``) or through
    :func:`jalali`. Text arguments are inserted as they are: escape data that ends up in
    HTML yourself.

    Raises
    ------
    KeyError
        When ``key`` is not in :data:`CATALOGUE`; the message names the key.
    ValueError
        When ``lang`` is not one of :data:`LANGS`.

    >>> t("page.overview", "en")
    'Overview'
    >>> t("chart.undated", "fa", n=3)
    '۳ تبادل بی‌تاریخ در نمودار سالانه نیامده است.'
    """
    _check_lang(lang)
    try:
        text = CATALOGUE[key][lang]
    except KeyError:
        raise KeyError(f"unknown i18n key {key!r}: add it to graph/i18n.py CATALOGUE") from None
    if not fmt:
        return text
    args = {
        name: digits(v, lang) if isinstance(v, numbers.Real) and not isinstance(v, bool) else v
        for name, v in fmt.items()
    }
    return text.format(**args)


def label(value: str | Enum, lang: str) -> str:
    """Return the display name of an enum value (kind, relation, status or evidence tier).

    Accepts the plain string (``"technical"``) or an :class:`~enum.Enum` member whose
    ``value`` is that string.

    Raises
    ------
    ValueError
        When the value is not one of the known kinds, relations, statuses or tiers.

    >>> label("sister", "fa"), label("wikidata", "en")
    ('خواهرخواندگی', 'Wikidata')
    """
    raw = value.value if isinstance(value, Enum) else value
    key = _VALUE_TO_KEY.get(str(raw))
    if key is None:
        allowed = ", ".join(_VALUE_TO_KEY)
        raise ValueError(f"no label for {raw!r}; known values: {allowed}")
    return t(key, lang)


def _is_missing(value: Any) -> bool:
    """True for None, NaN and pandas.NA (which compare unequal or raise on bool())."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses bool()
        return True


def _as_date_text(value: Any) -> _dt.date | str:
    """Normalise a year (int, numpy int, whole float) or a date to a date or an ISO text."""
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return str(int(value))
    return str(value)


def _jalali_date(value: _dt.date | str) -> tuple[jdatetime.date, str]:
    """Convert a date or an ISO text (YYYY, YYYY-MM, YYYY-MM-DD) to (Jalali date, precision)."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return jdatetime.date.fromgregorian(date=value), "day"
    parts = str(value).strip().split("-")
    try:
        numbers_ = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD") from None
    if len(numbers_) == 1:
        # Most of a Gregorian year falls in the Jalali year holding 1 July.
        return jdatetime.date.fromgregorian(date=_dt.date(numbers_[0], 7, 1)), "year"
    if len(numbers_) == 2:
        return jdatetime.date.fromgregorian(date=_dt.date(numbers_[0], numbers_[1], 15)), "month"
    if len(numbers_) == 3:
        return jdatetime.date.fromgregorian(date=_dt.date(*numbers_)), "day"
    raise ValueError(f"not a date: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD")


def jalali(value: Any, lang: str) -> str:
    """Write a Gregorian year or date in the Solar Hijri (Jalali) calendar.

    A year gives the Jalali year holding most of it (2019 -> 1398); ``"YYYY-MM"`` gives the
    Jalali month of the Gregorian month's 15th; a full date is converted exactly. ``None``
    gives the "undated" text.

    >>> jalali(2019, "fa"), jalali(2019, "en")
    ('۱۳۹۸', '1398')
    >>> jalali("2013-12-18", "en")
    '27 Azar 1392'
    """
    _check_lang(lang)
    if _is_missing(value):
        return t("date.unknown", lang)
    date, precision = _jalali_date(_as_date_text(value))
    year = digits(str(date.year), lang)
    if precision == "year":
        return year
    month = t(f"month.{date.month}", lang)
    if precision == "month":
        return t("date.month", lang, month=month, year=year)
    return t("date.day", lang, day=digits(str(date.day), lang), month=month, year=year)


def gregorian_and_jalali(value: Any, lang: str) -> str:
    """Show a year (or date) in both calendars, the reader's own calendar first.

    Persian reads «۱۳۹۸ (۲۰۱۹ م)», English "2019 (1398 SH)".

    >>> gregorian_and_jalali(2019, "fa"), gregorian_and_jalali(2019, "en")
    ('۱۳۹۸ (۲۰۱۹ م)', '2019 (1398 SH)')
    """
    _check_lang(lang)
    if _is_missing(value):
        return t("date.unknown", lang)
    value = _as_date_text(value)
    if isinstance(value, _dt.date):
        value = value.isoformat()[:10]
    gregorian = digits(value, lang)
    return t("date.both", lang, jalali=jalali(value, lang), gregorian=gregorian)
