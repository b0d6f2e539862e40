"""The ``opportunities`` and ``suggest`` commands: JSON contract, text output, errors."""

from __future__ import annotations

import json

import pytest

from graph.cli.main import main


@pytest.fixture()
def db(seeded_store) -> list[str]:
    return ["--db", seeded_store.url]


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_opportunities_json_contract(db, capsys):
    code, out, err = _run(capsys, "opportunities", "--top", "5", "--json", *db)
    result = json.loads(out)
    assert code == 0 and err == ""
    assert {"dormant", "underused", "model"} <= set(result)
    assert len(result["dormant"]) == 5 and len(result["underused"]) == 5
    for row in result["underused"]:
        assert {"city_a", "city_b", "kind", "expected", "actual", "reasons"} <= set(row)
        assert row["kind"] in {"technical", "cultural", "transit"}
        assert row["expected"] > row["actual"] and row["reasons"]
        low, high = row["interval"]
        assert low <= high and row["evidence"]
    for row in result["dormant"]:
        assert {"city_a", "city_b", "last_exchange", "reasons"} <= set(row)
    model = result["model"]
    assert model["fitted"] and model["n"] == 489
    assert {"estimate", "se", "low", "high"} == set(model["coefficients"]["distance"])
    assert model["family"] in ("poisson", "negative_binomial") and model["deviance"] > 0


def test_opportunities_dormant_years_option(db, capsys):
    _, out, _ = _run(capsys, "opportunities", "--json", "--dormant-years", "1", *db)
    one_year = json.loads(out)["dormant_total"]
    _, out, _ = _run(capsys, "opportunities", "--json", "--dormant-years", "20", *db)
    twenty_years = json.loads(out)["dormant_total"]
    assert one_year > twenty_years > 0


def test_opportunities_text(db, capsys):
    code, out, err = _run(capsys, "opportunities", "--top", "3", *db)
    assert code == 0 and err == ""
    assert "Dormant ties" in out and "Underused ties" in out and "pseudo-R2" in out
    assert "GLM" in out and "95%" in out
    assert "expected" in out and "Tehran" in out


def test_opportunities_in_persian(db, capsys):
    code, out, _ = _run(capsys, "opportunities", "--top", "3", "--lang", "fa", "--json", *db)
    assert code == 0 and "تهران" in json.loads(out)["underused"][0]["name_a"]


def test_suggest_json_contract(db, capsys):
    code, out, err = _run(capsys, "suggest", "Tehran", "--top", "10", "--json", *db)
    result = json.loads(out)
    assert code == 0 and err == ""
    assert result["city"]["name_en"] == "Tehran"
    assert len(result["suggestions"]) == 10
    for row in result["suggestions"]:
        assert {"city_id", "name_en", "name_fa", "country", "score", "reasons"} <= set(row)
        assert row["reasons"]
    evaluation = result["evaluation"]
    assert {"auc", "average_precision", "hits_at_10", "mrr", "baselines", "protocol"} <= set(
        evaluation
    )
    assert {"hand_score", "adamic_adar"} <= set(evaluation["baselines"])
    assert {"seed", "split", "negatives"} <= set(evaluation["protocol"])
    assert 0.5 < evaluation["auc"] <= 1


def test_suggest_text_names_the_quality(db, capsys):
    code, out, _ = _run(capsys, "suggest", "تهران", "--top", "2", *db)
    assert code == 0 and out.startswith("Suggested partners for Tehran, IR:")
    assert "  1. " in out and "  2. " in out and "  3. " not in out
    assert "AUC" in out and "held-out" in out and "Hits@10" in out and "adamic adar" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["suggest", "Atlantis"], 1, "no city named 'Atlantis'"),
        (["suggest", "Paris"], 1, "Add the country"),
        (["suggest"], 2, "required"),
        (["suggest", "Tehran", "--top", "0"], 2, "1 or more"),
        (["opportunities", "--top", "many"], 2, "not a whole number"),
        (["opportunities", "--dormant-years", "-2"], 2, "positive"),
        (["opportunities", "--measure", "vibes"], 2, "invalid choice"),
    ],
)
def test_mistakes_get_one_line_and_an_exit_code(db, capsys, argv, code, message):
    got, out, err = _run(capsys, *argv, *db)
    assert got == code and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
