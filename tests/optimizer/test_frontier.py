"""The efficient frontier: best value per budget, from one model reused across levels."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import optimizer.frontier as frontier_module
from optimizer.errors import PortfolioInputError
from optimizer.frontier import efficient_frontier
from optimizer.problem import Item, PeriodBudget, PortfolioProblem, ProjectShareCap, Rules, TotalBudget

from .brute import brute_optimum
from .strategies import problems


def _at(problem: PortfolioProblem, budget: float) -> PortfolioProblem:
    """The problem at another total budget; each period's budget keeps its share of the total."""
    total = problem.rules.total_budget
    name = total.name if total is not None else ""
    periods = tuple(
        dataclasses.replace(p, amount=p.amount * budget / total.amount) if total is not None and total.amount > 0 else p
        for p in problem.rules.period_budgets
    )
    return dataclasses.replace(problem, rules=dataclasses.replace(
        problem.rules, total_budget=TotalBudget(budget, name=name), period_budgets=periods))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_items=10))
def test_each_level_equals_brute_force_at_that_budget(problem) -> None:  # noqa: ANN001
    front = efficient_frontier(problem, 5, gap=0.0)
    assert len(front.points) == 5
    assert list(front.budgets) == sorted(front.budgets)
    for point in front.points:
        best, _ = brute_optimum(_at(problem, point.budget))
        if best is None:
            assert point.value is None
        else:
            assert point.value == pytest.approx(best, abs=1e-6)
    # marginal value is the slope between consecutive levels
    for a, b in zip(front.points, front.points[1:]):
        if a.value is not None and b.value is not None and b.budget > a.budget:
            assert a.marginal_value == pytest.approx((b.value - a.value) / (b.budget - a.budget))
    assert front.points[-1].marginal_value is None


def test_model_is_built_once_and_caps_follow_the_budget(monkeypatch) -> None:  # noqa: ANN001
    calls = []
    real = frontier_module.build_model
    monkeypatch.setattr(frontier_module, "build_model", lambda p, **kw: calls.append(1) or real(p, **kw))
    items = tuple(Item(f"{p}:{m}", m, "1", (10.0,), v, project=p)
                  for p, v0 in (("A", 5.0), ("B", 3.0)) for m, v in (("1.1", v0), ("1.2", v0 - 1)))
    # a project may take half of the budget: nothing fits at 10 M (cap 5 M), one
    # measure each at 20 M, both measures each at 40 M
    problem = PortfolioProblem(items, Rules(total_budget=TotalBudget(20.0), project_share_cap=ProjectShareCap(0.5)))
    front = efficient_frontier(problem, [20.0, 40.0, 10.0])
    assert len(calls) == 1
    assert front.budgets == (10.0, 20.0, 40.0)
    assert front.values == pytest.approx([0.0, 8.0, 14.0])
    assert front.points[0].marginal_value == pytest.approx(8.0 / 10.0)
    assert front.points[1].marginal_value == pytest.approx(6.0 / 20.0)


def test_period_budgets_keep_their_share_of_the_total_along_the_frontier() -> None:
    """Two years, 10 M each of a 20 M total: at 40 M each year may spend 20 M, so the frontier
    does not flatten where the original per-year budgets would cap it."""
    items = tuple(Item(f"P{k}:m", "m", "1", (10.0, 0.0) if k % 2 else (0.0, 10.0), 1.0, project=f"P{k}") for k in range(4))
    rules = Rules(total_budget=TotalBudget(20.0), period_budgets=(PeriodBudget("y1", 10.0), PeriodBudget("y2", 10.0)))
    problem = PortfolioProblem(items, rules, periods=("y1", "y2"))
    front = efficient_frontier(problem, [20.0, 40.0], gap=0.0)
    assert front.values == pytest.approx([2.0, 4.0])
    assert front.points[1].solution.spend.by_period == {"y1": 20.0, "y2": 20.0}


def test_default_levels_span_to_everything_fundable() -> None:
    items = tuple(Item(f"i{k}", "1.1", "1", (float(k + 1),), 1.0) for k in range(4))
    front = efficient_frontier(PortfolioProblem(items), 3)
    assert front.budgets == pytest.approx([0.0, 5.0, 10.0])
    assert front.values[-1] == pytest.approx(4.0)


def test_bad_levels_are_refused() -> None:
    problem = PortfolioProblem((Item("a", "1.1", "1", (1.0,), 1.0),))
    with pytest.raises(PortfolioInputError, match="levels must be >= 1"):
        efficient_frontier(problem, 0)
    with pytest.raises(PortfolioInputError, match="finite budgets >= 0"):
        efficient_frontier(problem, [np.inf])
