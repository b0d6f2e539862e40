"""The City, Opportunities and Statistics pages under AppTest, in Persian and English.

Each page file runs on its own (AppTest does not run ``st.navigation``) against one
seeded SQLite store in a temporary folder, as tests/app/test_overview_page.py does.
"""

from __future__ import annotations

import json
import os
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from graph.analysis.city import city_card, partner_counts, untied_exchange_partners
from graph.analysis.overview import ARTICLE_TEHRAN_PARTNERS, overview_summary
from graph.i18n import digits, join_list, t
from graph.names import city_name
from graph.store.engine import open_store
from tests.app import conftest as app_page
from tests.app.conftest import assert_ok
from ui.state import IRAN_CITIES

FIRST_RUN_TIMEOUT = 240
RUN_TIMEOUT = 120
TEHRAN_ID = "112931"
ISFAHAN_ID = "418863"
LATIN_DIGIT = re.compile(r"[0-9]")
# Persian digits, separators and decimal mark back to Latin, to read a figure's value
TO_LATIN = str.maketrans("۰۱۲۳۴۵۶۷۸۹٬٫", "0123456789,.")


@pytest.fixture(autouse=True)
def _environment(seeded_url) -> None:
    """Every test reads the shared seeded store (tests/app/conftest.py)."""


def run_page(name: str, lang: str, **state) -> AppTest:
    at = app_page.run_page(name, lang, RUN_TIMEOUT, FIRST_RUN_TIMEOUT, **state)
    assert_ok(at)
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.subheader, *at.header)]
    parts += [e.value for e in at.info] + [e.value for e in at.warning]
    return "\n".join(str(p) for p in parts)


def frames(at: AppTest) -> list:
    return [d.value for d in at.dataframe] + [tb.value for tb in at.table]


# --- statistics ---------------------------------------------------------------------------


def _figure(at: AppTest, index: int) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_statistics_map_of_ties_per_country_then_continent(lang):
    at = run_page("statistics", lang)
    figure = _figure(at, 1)
    assert figure["layout"]["geo"]["projection"]["type"] == "equal earth"
    assert figure["layout"]["geo"]["showland"] is False, "drawn offline, no plotly layer"
    assert figure["layout"]["title"]["text"].strip("\u2066\u2067\u2069") == t(
        "stats.map.title.country", lang
    )
    legend = [tr["name"] for tr in figure["data"] if tr.get("name")]
    assert any(t("stats.map.class.none", lang) in name for name in legend)
    hovers = next(tr["hovertext"] for tr in figure["data"] if tr.get("hovertext"))
    iran = "ایران" if lang == "fa" else "Iran"
    assert any(h.strip("\u2066\u2067\u2069").startswith(f"{iran}:") for h in hovers)
    at.radio(key="stats_map_grouping").set_value("continent").run()
    assert_ok(at)
    continents = _figure(at, 1)
    labels = next(tr["text"] for tr in continents["data"] if tr.get("text"))
    asia = t("continent.asia", lang)
    assert any(asia in label for label in labels)
    assert len(labels) < len(hovers), "continents, fewer than countries"


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_statistics_page(lang):
    at = run_page("statistics", lang)
    assert at.title[0].value == t("stats.title", lang)
    table = at.table[0].value
    assert list(table.columns) == [
        t("stats.col.measure", lang),
        t("stats.col.iran", lang),
        t("stats.col.world", lang),
        t("stats.col.konect", lang),
    ]
    konect = dict(zip(table.iloc[:, 0], table.iloc[:, 3], strict=True))
    expected_nodes = "۱۴٬۲۷۴" if lang == "fa" else "14,274"
    assert konect[t("stats.row.nodes", lang)] == expected_nodes
    iran = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert iran[t("stats.row.edges", lang)] == ("۱۶۳" if lang == "fa" else "163")
    assert len(at.get("plotly_chart")) == 2, "the degree distribution and the ties map"
    assert len(at.table) == 3, "summary and two top-city tables"
    top_iran = at.table[1].value
    first_city = top_iran.iloc[0][t("stats.col.city", lang)]
    assert first_city == ("تهران" if lang == "fa" else "Tehran")
    assert t("stats.differ.title", lang) in [e.label for e in at.expander]
    if lang == "fa":
        for frame in frames(at):
            for value in frame.to_numpy().ravel():
                assert not LATIN_DIGIT.search(str(value)) or "KONECT" in str(value), value


# --- city card ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tehran_figures(seeded_file) -> tuple[dict, dict]:
    """Tehran's card and the Overview's numbers, straight from the store."""
    store = open_store(f"sqlite:///{seeded_file}", seed=False)
    summary = overview_summary(store.cities(), store.ties("iran"), store.exchanges())
    return city_card(store, "Tehran"), summary


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_city_page_shows_tehran_by_default(lang, tehran_figures):
    card, summary = tehran_figures
    at = run_page("city", lang)
    assert at.title[0].value == t("city.title", lang)
    assert at.header[0].value == ("تهران" if lang == "fa" else "Tehran")
    partners = at.dataframe[0].value
    assert len(partners) == summary["tehran_partners"]
    for key in ("city.col.partner", "city.col.since", "city.col.evidence", "city.col.routes"):
        assert t(key, lang) in partners.columns, key
    evidence = set(partners[t("city.col.evidence", lang)])
    assert any(t("badge.encyclopedia_only", lang) in e for e in evidence)
    metrics = at.table[0].value
    ranks = dict(zip(metrics.iloc[:, 0], metrics.iloc[:, 2], strict=True))
    # Ranked among the Iranian cities the Overview counts, in the header and the table.
    rank = t("city.rank", lang, rank=1, of=summary["iranian_cities"])
    assert ranks[t("city.metric.partners", lang)] == rank
    assert at.metric[2].value == rank
    # The partner count is explained: by evidence, what the map hides, the article's figure.
    counts = partner_counts(card["partners"])
    assert counts["hidden_on_map"] and counts["wikidata"] and counts["wikipedia"]
    captions = texts(at)
    assert t("city.partners.breakdown", lang, **counts) in captions
    assert t("city.partners.hidden", lang, n=counts["hidden_on_map"]) in captions
    # why 36 against the council article's "about 27": the comparable figure is named
    article = t(
        "city.partners.article",
        lang,
        article=ARTICLE_TEHRAN_PARTNERS,
        documented=counts["documented"],
    )
    assert article in captions
    assert counts["documented"] + counts["wikidata"] + counts["wikipedia"] == len(partners)
    assert len(at.get("plotly_chart")) == 2, "timeline and map"
    assert t("city.sources.title", lang) in [e.label for e in at.expander]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_city_timeline_marks_exchanges_with_cities_that_are_not_partners(lang, seeded_file):
    store = open_store(f"sqlite:///{seeded_file}", seed=False)
    card = city_card(store, "Tehran")
    untied = untied_exchange_partners(
        store.exchanges(), TEHRAN_ID, [p["city_id"] for p in card["partners"]]
    )
    assert untied, "the seed records exchanges of Tehran with cities it has no tie to"
    names = store.cities().set_index("city_id").to_dict("index")
    at = run_page("city", lang)
    listed = join_list([city_name(names[c], lang) for c in untied], lang)
    assert t("city.timeline.no_tie_note", lang, cities=listed) in texts(at)
    timeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    rows = {y for trace in timeline["data"] for y in trace["y"]}
    for city in untied:
        assert t("city.timeline.no_tie", lang, city=city_name(names[city], lang)) in rows
    for partner in card["partners"]:
        assert t("city.timeline.no_tie", lang, city=city_name(partner, lang)) not in rows


def test_sidebar_city_box_picks_one_city_per_enter():
    at = run_page("city", "fa")
    box = next(m for m in at.multiselect if m.label == t("sidebar.cities", "fa"))
    assert box.proto.select_all == 0, "no 'select all matches': Enter picks one city"


def test_city_page_follows_the_sidebar_city_and_the_search_box():
    at = run_page("city", "en", **{IRAN_CITIES: [ISFAHAN_ID]})
    assert at.header[0].value == "Isfahan"
    at.text_input(key="city_page_query").set_value("moscow").run(timeout=RUN_TIMEOUT)
    assert not at.exception
    assert "Moscow, Russia" in texts(at) and "Moscow, United States" in texts(at)  # asks back
    at.text_input(key="city_page_query").set_value("moscow, ru").run(timeout=RUN_TIMEOUT)
    assert at.header[0].value == "Moscow"
    at.text_input(key="city_page_query").set_value("Moscow, United States").run(timeout=RUN_TIMEOUT)
    assert at.header[0].value == "Moscow" and not at.exception  # the country as the list names it
    at.text_input(key="city_page_query").set_value("Atlantis").run(timeout=RUN_TIMEOUT)
    assert not at.exception
    assert "Atlantis" in texts(at) and at.header[0].value == "Isfahan"
    at.text_input(key="city_page_query").set_value("کرمانشاه").run(timeout=RUN_TIMEOUT)
    assert at.header[0].value == "Kermanshah"


def test_city_sources_only_link_http():
    at = run_page("city", "en")
    html_blocks = [h.proto.body for h in at.get("html") if "<ul" in h.proto.body]
    assert html_blocks, "the sources list"
    body = html_blocks[0]
    hrefs = re.findall(r'href="([^"]+)"', body)
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    # A link stops at the first space: the note after it is shown beside, not linked.
    assert not any(" " in h or "(via" in h for h in hrefs)
    assert not any(s.startswith("http") for s in re.findall(r">([^<>]+)</a>", body))


# --- opportunities ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_opportunities_page(lang):
    at = run_page("opportunities", lang)
    assert at.title[0].value == t("opp.title", lang)
    assert at.selectbox(key="opp_city").value == TEHRAN_ID
    # the years are written in the page's digits (Streamlit's own slider wrote «5» in Persian)
    years = at.select_slider(key="opp_dormant_years")
    assert years.options[4] == digits(5, lang) == ("۵" if lang == "fa" else "5")
    subheaders = [s.value for s in at.subheader]
    assert any(s.startswith(t("opp.dormant.title", lang, n=0)[:6]) for s in subheaders)
    dormant = at.dataframe[0].value
    assert len(dormant) > 0
    assert t("opp.col.iranian_city", lang) not in dormant.columns, "one city: no city column"
    assert dormant[t("opp.col.why", lang)].str.len().min() > 0
    underused = table_with(at, t("opp.col.expected", lang))  # first tab: technical
    drivers = underused[t("opp.col.drivers", lang)]
    assert drivers.str.len().min() > 0
    tehran = "تهران" if lang == "fa" else "Tehran"
    assert not any(tehran in d for d in drivers), "the chosen city's own size is left out"
    suggestions = table_with(at, t("opp.col.score", lang))
    assert len(suggestions) == 10
    # the score told as "times likelier than a random city", in the page's digits: it
    # tells the first suggestion from the tenth (a raw probability read 0.98-1.00)
    likelier = list(suggestions[t("opp.col.score", lang)])
    assert all(v.startswith("×") for v in likelier), likelier
    if lang == "fa":
        assert not any(LATIN_DIGIT.search(v) for v in likelier), likelier
    numbers = [float(v[1:].translate(TO_LATIN).replace(",", "")) for v in likelier]
    assert numbers == sorted(numbers, reverse=True) and numbers[0] > numbers[-1] > 1
    assert suggestions[t("opp.col.why", lang)].str.len().min() > 0
    evaluation = _evaluation()
    auc = next(m for m in at.metric if m.label == t("opp.auc", lang))
    assert auc.value == digits(round(evaluation["auc"], 2), lang, 2)
    model_table = table_with(at, t("opp.col.estimate", lang))
    assert len(model_table) == 8, "three kind constants and five terms"
    assert t("opp.col.low", lang) in model_table.columns
    # expected activity with its range and the tie's evidence; no formula, no filler
    assert {t("opp.col.interval", lang), t("opp.col.evidence", lang)} <= set(underused.columns)
    assert not any(re.search(r"×\s*(1\.0|۱٫۰)\b", d) for d in drivers)
    page = texts(at)
    assert "آدامیک-آدار +" not in page and "Adamic-Adar index of shared partners +" not in page
    assert t("opp.unit.intensity", lang) in page
    # the expected activity's unit and the period of the recorded exchanges it covers
    dates = open_store(os.environ["DIPLOMACY_DB_URL"]).exchanges()["date"].astype(str).str[:4]
    years = pd.to_numeric(dates, errors="coerce").dropna()
    period = f"{digits(str(int(years.min())), lang)}–{digits(str(int(years.max())), lang)}"
    caption = next(c for c in at.caption if period in c.value)
    assert t("opp.unit.intensity", lang) in caption.value
    # the model card: held-out figures beside the baselines
    card = table_with(at, t("opp.card.col.hits", lang))
    assert list(card[t("opp.card.col.method", lang)]) == [
        t(f"opp.method.{m}", lang)
        for m in ("model", "hand_score", "adamic_adar", "preferential_attachment")
    ]
    assert t("opp.card.cannot", lang)[:20] in page


def _evaluation() -> dict:
    from graph.analysis.suggest import evaluate_link_prediction
    from graph.store.engine import open_store

    store = open_store(os.environ["DIPLOMACY_DB_URL"])
    return evaluate_link_prediction(store.cities(), store.ties("world"), store.air_links())


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_planner_asks_why_cairo_for_tehran(lang):
    at = run_page("opportunities", lang)
    at.text_input(key="opp_explain").set_value("Cairo").run(timeout=RUN_TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    cairo, tehran = ("قاهره", "تهران") if lang == "fa" else ("Cairo", "Tehran")
    answer = next(m.value for m in at.markdown if cairo in m.value and tehran in m.value)
    assert t("opp.explain.for", lang) in answer and t("opp.explain.against", lang) in answer
    assert "=" not in answer and "log" not in answer.lower(), "no formula"
    if lang == "fa":
        assert not LATIN_DIGIT.search(answer), answer
    at.text_input(key="opp_explain").set_value("Atlantisville").run(timeout=RUN_TIMEOUT)
    assert t("opp.explain.not_found", lang) in texts(at)
    assert page


def table_with(at: AppTest, column: str):
    """The first static table that has ``column``."""
    return next(tb.value for tb in at.table if column in tb.value.columns)


def test_opportunities_for_all_cities_and_a_shorter_window():
    at = run_page("opportunities", "en")
    tehran_dormant = len(at.dataframe[0].value)
    at.selectbox(key="opp_city").set_value("__all__").run(timeout=RUN_TIMEOUT)
    assert not at.exception
    all_dormant = len(at.dataframe[0].value)
    assert "Tehran" in set(at.dataframe[0].value["Iranian city"])
    assert all_dormant > tehran_dormant
    at.select_slider(key="opp_dormant_years").set_value(1).run(timeout=RUN_TIMEOUT)
    assert not at.exception
    assert len(at.dataframe[0].value) >= all_dormant
    assert "Suggested partners for Tehran" in texts(at)


def test_city_page_for_a_city_with_no_iranian_tie():
    at = run_page("city", "fa")
    at.text_input(key="city_page_query").set_value("Zagreb").run(timeout=FIRST_RUN_TIMEOUT)
    assert not at.exception, [e.value for e in at.exception]
    assert at.header[0].value == "زاگرب"  # the Persian page names it in Persian
    assert t("city.world_scope", "fa") in texts(at)
    assert t("city.metrics.world", "fa") in texts(at)
    assert len(at.dataframe[0].value) > 0  # its partners in the world network
