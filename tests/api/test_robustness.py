"""The robustness pipeline and the ``cluster-mcda sensitivity`` command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from api.cli import app
from api.pipeline.robustness import analyse_robustness, value_bounds
from api.pipeline.evaluate import evaluate
from api.scenario.load import load_scenario
from api.scenario.problems import InvalidScenario
from mcda.methods import rank

ROOT = Path(__file__).parents[2]
ROADMAP = ROOT / "scenarios/roadmap_pilots.yaml"
runner = CliRunner()


def with_section(tmp_path: Path, section: dict, name: str = "robust.yaml") -> Path:
    """The road-map scenario with a robustness section added."""
    data = yaml.safe_load(ROADMAP.read_text(encoding="utf-8"))
    data["robustness"] = section
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_analysis_of_a_bundled_scenario_is_consistent_with_its_evaluation():
    scenario = load_scenario(ROADMAP).scenario
    result = analyse_robustness(scenario, samples=500, seed=3, portfolio_samples=0)
    e = result.evaluation
    assert result.settings.method == scenario.ranking.methods[0] and result.settings.samples == 500
    base = rank(e.matrix, [e.leaf_weights[c] for c in e.matrix.criteria], result.settings.method)
    assert result.sensitivity.base_ranks.tolist() == base.ranks.tolist()
    acc = result.smaa.acceptability
    np.testing.assert_allclose(acc.sum(axis=0), 1.0, atol=1e-12)
    np.testing.assert_allclose(acc.sum(axis=1), 1.0, atol=1e-12)
    data = result.to_dict()
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)  # no NaN or infinity anywhere
    assert json.loads(text)["smaa"]["samples"] == 500
    assert set(data["base_ranking"]) == set(e.matrix.alternatives)
    tables = result.tables()
    assert {"sensitivity_intervals", "rank_reversals", "rank_acceptability", "central_weights", "rank_reversal_check"} <= set(tables)
    assert len(tables["sensitivity_intervals"]) == len(e.matrix.criteria)


def test_same_seed_same_json(tmp_path: Path):
    scenario = load_scenario(ROADMAP).scenario
    a = analyse_robustness(scenario, samples=300, seed=11, portfolio_samples=4).to_dict()
    b = analyse_robustness(scenario, samples=300, seed=11, portfolio_samples=4).to_dict()
    c = analyse_robustness(scenario, samples=300, seed=12, portfolio_samples=0).to_dict()
    for d in (a, b):  # solve times differ from run to run; everything else must not
        d["robust_portfolio"]["sample_solves"].pop("seconds")
    assert a == b
    assert a["smaa"]["acceptability"] != c["smaa"]["acceptability"]


def test_section_settings_are_used(tmp_path: Path):
    path = with_section(tmp_path, {
        "method": "wsm", "samples": 400, "seed": 5, "weights": "uniform",
        "criteria_order": ["export_potential", "commercial_prospects"], "relative_range": 0.1, "top_k": 2,
        "value_ranges": {"tomsk_education": {"export_potential": [1.0, 40.0]}},
        "rank_reversal": False, "portfolio_samples": 0,
    })
    result = analyse_robustness(load_scenario(path).scenario)
    st = result.settings
    assert (st.method, st.samples, st.seed, st.weights, st.top_k) == ("wsm", 400, 5, "uniform", 2)
    assert result.rank_reversal is None and result.sensitivity.k == 2
    assert "ordinal ranking export_potential >= commercial_prospects" in result.smaa.weight_model
    low, high = value_bounds(result.evaluation)
    j = result.evaluation.matrix.criteria.index("export_potential")
    i = result.evaluation.matrix.alternatives.index("tomsk_education")
    assert (low[i, j], high[i, j]) == (1.0, 40.0)
    x = result.evaluation.matrix.values
    k = [c for c in range(x.shape[0]) if c != i][0]
    assert low[k, j] == pytest.approx(0.9 * x[k, j]) and high[k, j] == pytest.approx(1.1 * x[k, j])
    assert result.smaa.uncertain_cells > 0
    # CLI overrides beat the section
    assert analyse_robustness(load_scenario(path).scenario, method="topsis", samples=200, seed=1).settings.method == "topsis"
    assert result.portfolio is None, "portfolio_samples: 0 turns the robust portfolio off"


@pytest.mark.parametrize(
    "section, path, words",
    [
        ({"criteria_order": ["nonexistent"]}, "robustness.criteria_order[0]", "not a leaf criterion"),
        ({"criteria_order": ["export_potential", "export_potential"]}, "robustness.criteria_order[1]", "listed twice"),
        ({"value_ranges": {"nowhere": {"export_potential": [1, 2]}}}, "robustness.value_ranges.nowhere", "no such project"),
        ({"value_ranges": {"tomsk_education": {"export_potential": [90, 99]}}}, "robustness.value_ranges.tomsk_education.export_potential", "must contain the project's value"),
        ({"value_ranges": {"tomsk_education": {"social_risk": [0, 1]}}}, "robustness.value_ranges.tomsk_education.social_risk", "not a measured leaf criterion"),
        ({"samples": 5}, "robustness.samples", "greater than or equal to 100"),
        ({"concentration": 0}, "robustness.concentration", "greater than 0"),
        ({"unknown_key": 1}, "robustness.unknown_key", "unknown field"),
    ],
)
def test_bad_sections_name_the_path(tmp_path: Path, section, path, words):
    bad = with_section(tmp_path, section)
    with pytest.raises(InvalidScenario) as info:
        load_scenario(bad)
    text = str(info.value)
    assert path in text and words in text, text


def test_contradictory_order_is_an_invalid_scenario(tmp_path: Path):
    e = evaluate(load_scenario(ROADMAP).scenario)
    light = min(e.leaf_weights, key=e.leaf_weights.get)
    heavy = max(e.leaf_weights, key=e.leaf_weights.get)
    path = with_section(tmp_path, {"criteria_order": [light, heavy], "concentration": 1e6})
    with pytest.raises(InvalidScenario, match=r"robustness\.criteria_order: the ordinal ranking .* is almost never met"):
        analyse_robustness(load_scenario(path).scenario, samples=200, portfolio_samples=0)


def test_cli_writes_json_and_csv_and_prints_tables(tmp_path: Path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["sensitivity", str(ROADMAP), "--samples", "300", "--seed", "4", "--portfolio-samples", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Rank acceptability" in result.stdout and "Weight of each criterion" in result.stdout
    assert "Portfolios compared" in result.stdout
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert data["smaa"]["samples"] == 300 and data["smaa"]["seed"] == 4
    acc = pd.read_csv(out / "rank_acceptability.csv", encoding="utf-8-sig")
    ranks = [c for c in acc.columns if c.startswith("rank_")]
    np.testing.assert_allclose(acc[ranks].sum(axis=1), 1.0, atol=1e-9)
    assert dict(zip(acc["project"], acc["base_rank"])) == data["base_ranking"]
    intervals = pd.read_csv(out / "sensitivity_intervals.csv", encoding="utf-8-sig")
    assert (intervals["first_place_low"] <= intervals["weight"]).all() and (intervals["weight"] <= intervals["first_place_high"]).all()


def test_cli_russian_scenario_keeps_cyrillic(tmp_path: Path):
    out = tmp_path / "ru"
    result = runner.invoke(app, ["sensitivity", str(ROOT / "scenarios/krasnoyarsk_ru.yaml"), "-n", "200", "-m", "wpm", "--portfolio-samples", "3", "-o", str(out), "--xlsx"])
    assert result.exit_code == 0, result.output
    assert "лесной" in result.stdout
    sheets = pd.read_excel(out / "results.xlsx", sheet_name=None)
    assert "лесной" in set(sheets["rank_acceptability"]["project"])


@pytest.mark.parametrize(
    "args, words",
    [
        (["--samples", "5"], "--samples must be >= 100"),
        (["--seed", "-1"], "--seed must be >= 0"),
        (["--method", "electre"], "unknown method 'electre'"),
        (["--method", "topsis,wsm"], "--method takes one method"),
        (["--portfolio-samples", "5000"], "--portfolio-samples must be <= 2,000"),
    ],
)
def test_cli_bad_options_exit_2(tmp_path: Path, args, words):
    result = runner.invoke(app, ["sensitivity", str(ROADMAP), "-o", str(tmp_path / "x"), *args])
    assert result.exit_code == 2 and words in result.stderr
    assert not (tmp_path / "x").exists()


def test_cli_invalid_file_exits_2_naming_the_path(tmp_path: Path):
    bad = with_section(tmp_path, {"criteria_order": ["nonexistent"]})
    result = runner.invoke(app, ["sensitivity", str(bad), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "robustness.criteria_order[0]" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_schema_documents_the_section():
    from api.scenario.schema import Scenario

    schema = Scenario.model_json_schema()
    assert "robustness" in schema["properties"] and "Robustness" in schema["$defs"]


def test_robust_portfolio_values_items_per_sample_and_agrees_with_run():
    from api.pipeline.portfolio import optimise_portfolio
    from api.pipeline.robust_portfolio import RobustPortfolioOutcome

    scenario = load_scenario(ROADMAP).scenario
    result = analyse_robustness(scenario, samples=200, seed=8, portfolio_samples=6, method="topsis")
    o = result.portfolio
    assert isinstance(o, RobustPortfolioOutcome) and o.samples.selected.shape[0] == 6
    # the portfolio at the given weights is the one 'cluster-mcda run' picks
    assert o.given.selected == optimise_portfolio(result.evaluation).solution.selected
    # each sample values items as the portfolio pipeline does: sample score x effect (1.6 here)
    projects = list(result.evaluation.matrix.alternatives)
    k = [it.id for it in o.problem.items].index("rostov_agromash/2.1")
    np.testing.assert_allclose(o.values[:, k], result.smaa.kept_scores[:, projects.index("rostov_agromash")] * 1.6)
    assert set(o.samples.core) | set(o.samples.borderline) | set(o.samples.exterior) == {it.id for it in o.problem.items}
    assert all(0.0 <= f <= 1.0 for f in o.project_frequency.values())
    assert o.worst_case.worst_value >= o.expected.worst_value - 1e-9
    assert o.expected.expected_value >= o.worst_case.expected_value - 1e-9
    data = json.loads(json.dumps(result.to_dict(), allow_nan=False))
    assert data["robust_portfolio"]["samples"] == 6 and data["robust_portfolio"]["core"] == list(o.samples.core)
    tables = result.tables()
    assert len(tables["robust_portfolio_items"]) == len(o.problem.items)
    assert list(tables["robust_portfolio_choices"]["portfolio"]) == ["given weights", "max expected value", "max worst-case value"]
