"""The portfolio through scenarios: values from the ranking, rules in the scenario's names,
HiGHS = CBC on the bundled scenarios, and infeasibility explained in the scenario's terms."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from api.pipeline.evaluate import evaluate
from api.pipeline.portfolio import build_problem, optimise_portfolio, value_scores
from api.scenario.load import load_scenario, validate_data
from optimizer.portfolio import solve
from optimizer.verify import verify_selection

ROOT = Path(__file__).parents[2]
BUNDLED = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_scenarios_highs_and_cbc_agree(path: Path) -> None:
    s = load_scenario(path).scenario
    e = evaluate(s)
    problem, _, _ = build_problem(s, e)
    highs = solve(problem, solver="highs", gap=0.0, time_limit=120)
    cbc = solve(problem, solver="cbc", gap=0.0, time_limit=120)
    assert highs.status.value == cbc.status.value == "optimal"
    assert highs.objective == pytest.approx(cbc.objective, rel=1e-6)
    # the returned portfolio respects every rule, checked apart from the model
    import numpy as np

    mask = np.array([it.id in set(highs.selected) for it in problem.items])
    verify_selection(problem, mask.astype(float))


def test_item_value_is_score_times_effect_with_overrides() -> None:
    s = load_scenario(ROOT / "scenarios/roadmap_pilots.yaml").scenario
    e = evaluate(s)
    problem, scores, _ = build_problem(s, e)
    topsis = dict(zip(e.rankings.results["topsis"].alternatives, e.rankings.results["topsis"].scores))
    assert scores.method == "topsis" and not scores.rescaled
    values = {it.id: it.value for it in problem.items}
    assert values["rostov_agromash/2.1"] == pytest.approx(topsis["rostov_agromash"] * 1.6)
    assert values["tomsk_education/2.4"] == pytest.approx(topsis["tomsk_education"] * 1.8), "per-project effect"
    assert values["1.3"] == 0.25, "region-wide value given directly"
    costs = {it.id: it.cost for it in problem.items}
    assert costs["leningrad_gas/3.1"] == (120.0, 150.0, 130.0)


def test_lower_is_better_scores_are_rescaled_best_to_one() -> None:
    s = load_scenario(ROOT / "scenarios/export_clusters.yaml").scenario
    e = evaluate(s)
    vs = value_scores(e, "vikor")
    q = dict(zip(e.rankings.results["vikor"].alternatives, e.rankings.results["vikor"].scores))
    best = min(q, key=q.get)
    worst = max(q, key=q.get)
    assert vs.rescaled and vs.scores[best] == 1.0 and vs.scores[worst] == 0.0


def test_ineligible_projects_get_nothing_and_rules_hold() -> None:
    s = load_scenario(ROOT / "scenarios/roadmap_pilots.yaml").scenario
    e = evaluate(s)
    outcome = optimise_portfolio(e)
    assert outcome.solution.status.value == "optimal"
    ranks = dict(zip(e.primary_ranking.alternatives, e.primary_ranking.ranks))
    supported = set(outcome.solution.spend.supported_projects)
    assert all(ranks[p] <= 4 for p in supported), "rules.eligible.top_n: 4"
    assert len(supported) >= 3, "rules.min_supported_projects: 3"
    assert "1.3" in outcome.solution.selected, "mandatory"
    for period, amount in s.portfolio.budget_per_period.items():
        assert outcome.solution.spend.by_period[period] <= amount + 1e-6


def test_infeasible_scenario_names_the_conflicting_rules_in_its_own_terms() -> None:
    s = load_scenario(ROOT / "tests/api/data/infeasible.yaml").scenario
    outcome = optimise_portfolio(evaluate(s))
    assert outcome.solution.status.value == "infeasible"
    assert outcome.solution.selected is None and outcome.solution.objective is None
    report = outcome.infeasibility
    summary = report.summary()
    assert "(portfolio.budget)" in " ".join(report.rules_in_conflict) or "budget" in summary
    # the mandatory measures alone cost 110 against a budget of 100
    assert "110" in summary and "100" in summary
    assert any("min_supported_projects" in r or "eligible" in r for r in report.rules_in_conflict)
    data = outcome.to_dict()
    assert data["infeasibility"]["relaxations"], "each needed relaxation is reported"


def test_cli_run_prints_a_portfolio_for_every_bundled_scenario(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    for path in BUNDLED:
        result = CliRunner().invoke(app, ["run", str(path), "-o", str(tmp_path / path.stem)])
        assert result.exit_code == 0, result.output
        assert "Portfolio of support measures: proven optimal" in result.stdout
        assert "Funded measures" in result.stdout
        assert (tmp_path / path.stem / "portfolio_items.csv").exists()


def test_direct_values_override_score_times_effect() -> None:
    data = yaml.safe_load((ROOT / "tests/api/data/infeasible.yaml").read_text(encoding="utf-8"))
    data["portfolio"]["rules"] = {}
    data["portfolio"]["values"] = {"gamma": {"3.1": 42.0}}
    s = validate_data(data).scenario
    problem, _, _ = build_problem(s, evaluate(s))
    assert {it.id: it.value for it in problem.items}["gamma/3.1"] == 42.0


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_scenario_strategy_reaches_the_solver_and_both_find_the_same_optimum(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {}
    for strategy in ("mip", "lagrangian"):
        data["portfolio"].setdefault("solver", {}).update(strategy=strategy, gap=0.0)
        s = validate_data(data, base_dir=path.parent).scenario
        outcome = optimise_portfolio(evaluate(s))
        assert outcome.solution.strategy == strategy
        found[strategy] = outcome.solution.objective
    assert found["mip"] == pytest.approx(found["lagrangian"], rel=1e-6)
