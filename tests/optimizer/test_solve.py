"""solve(): solver registry, limits, honest gaps, loud failures, and a pure package."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import optimizer.portfolio as solve_module
from optimizer.errors import PortfolioInputError, SolutionCheckError
from optimizer.model import build_model
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    DirectionSpend,
    Item,
    MaxItemsPerProject,
    PortfolioProblem,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import solve
from optimizer.solvers import RawOutcome, get_solver
from optimizer.status import SolveStatus


def _problem(projects: int = 3) -> PortfolioProblem:
    rng = np.random.default_rng(3)
    items = []
    for p in range(projects):
        for m, d in (("1.1", "1"), ("1.2", "1"), ("2.1", "2"), ("2.3", "2"), ("3.1", "3"), ("3.4", "3")):
            items.append(Item(f"Cluster {p} / {m}", m, d, (float(rng.integers(1, 9)),),
                              float(rng.integers(1, 20)), project=f"Cluster {p}"))
    cost = sum(it.cost[0] for it in items)
    rules = Rules(total_budget=TotalBudget(round(cost / 3)), balanced=BalancedPackage(),
                  max_items_per_project=MaxItemsPerProject(4),
                  direction_spend=tuple(DirectionSpend(d, min_share=0.2) for d in "123"))
    return PortfolioProblem(tuple(items), rules)


def test_unknown_solver_lists_the_valid_ones() -> None:
    with pytest.raises(PortfolioInputError, match=r"solver 'gurobi' is not known; valid solvers: cbc, highs, pulp-highs"):
        solve(_problem(), solver="gurobi")


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"time_limit": 0}, r"time_limit must be a positive number of seconds or None, got 0"),
    ({"time_limit": float("nan")}, r"time_limit must be a positive"),
    ({"gap": 1.5}, r"gap must be a relative gap in \[0, 1\) or None, got 1.5"),
    ({"gap": -0.1}, r"gap must be a relative gap"),
])
def test_bad_limits_are_refused(kwargs, match) -> None:  # noqa: ANN001
    with pytest.raises(PortfolioInputError, match=match):
        solve(_problem(), **kwargs)


def test_bad_solver_option_is_refused() -> None:
    with pytest.raises(PortfolioInputError, match=r"solver option no_such_option=1 was refused by HiGHS"):
        solve(_problem(), solver_options={"no_such_option": 1})


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_highs_and_cbc_agree_and_report_spend(solver: str) -> None:
    problem = _problem(6)
    ref = solve(problem, solver="highs", gap=0.0, warm_start=False)
    sol = solve(problem, solver=solver, gap=0.0)
    assert sol.status is SolveStatus.OPTIMAL
    assert sol.objective == pytest.approx(ref.objective)
    chosen = [problem.items[problem.index[i]] for i in sol.selected]
    assert sum(sol.spend_by_direction.values()) == pytest.approx(sum(it.cost[0] for it in chosen))
    assert sol.spend_by_project["Cluster 0"] == pytest.approx(
        sum(it.cost[0] for it in chosen if it.project == "Cluster 0"))
    assert sol.spend_by_period["total"] == pytest.approx(sol.spend.total)
    assert sol.gap_tolerance == 0.0 and sol.solver == solver
    assert sol.total_seconds >= sol.solve_seconds > 0


def test_no_solution_means_every_number_is_none() -> None:
    problem = _problem()
    broke = PortfolioProblem(problem.items, Rules(total_budget=TotalBudget(1.0),
                                                  direction_spend=(DirectionSpend("1", min_amount=5.0),)))
    sol = solve(broke)
    assert sol.status is SolveStatus.INFEASIBLE
    assert (sol.objective, sol.best_bound, sol.gap, sol.selected, sol.spend) == (None, None, None, None, None)
    assert sol.spend_by_direction is None and sol.spend_by_project is None


class _LyingSession:
    """A solver that claims a portfolio which breaks the budget."""

    handover_seconds = 0.0

    def __init__(self, n: int, x: np.ndarray) -> None:
        self.x = x

    def solve(self, *, time_limit, gap) -> RawOutcome:  # noqa: ANN001
        return RawOutcome(SolveStatus.OPTIMAL, self.x, None, None, None, 0.01, "liar: Optimal")


@pytest.mark.parametrize("values", [1.0, 0.5])
def test_a_bad_portfolio_is_a_loud_error(monkeypatch, values: float) -> None:  # noqa: ANN001
    """Like CBC's leftovers after an infeasible solve: everything selected (breaks
    the budget) or fractional values (not integral). Never returned as a result."""
    problem = _problem()
    backend = get_solver("highs")
    model = build_model(problem)
    fake = _LyingSession(model.n_items, np.full(model.mip.n_cols, values))
    monkeypatch.setattr(type(backend), "open", lambda self, mip, options=None: fake)
    with pytest.raises(SolutionCheckError, match="breaks|non-integral"):
        solve_module.solve(problem, warm_start=False)


def _hard_problem(projects: int) -> PortfolioProblem:
    """At most 5 of 13 measures per project, with measures that need others: the LP
    relaxation takes halves of dependent pairs, and closing that gap takes HiGHS
    many seconds (see benchmarks/portfolio_solve.py)."""
    rng = np.random.default_rng(7)
    measures = ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5")
    items, deps = [], []
    for p in range(projects):
        size, score = rng.lognormal(0, 0.5), rng.uniform(0.05, 1)
        for m in measures:
            items.append(Item(f"P{p} {m}", m, m[0], (round(size * rng.uniform(0.5, 5), 3),),
                              round(score * rng.uniform(0.2, 1), 4), project=f"P{p}"))
        deps += [Dependency(f"P{p} 1.2", f"P{p} 1.1"), Dependency(f"P{p} 2.4", f"P{p} 1.3"),
                 Dependency(f"P{p} 3.4", f"P{p} 3.3")]
    budget = 0.15 * sum(it.cost[0] for it in items)
    rules = Rules(total_budget=TotalBudget(budget), balanced=BalancedPackage(),
                  max_items_per_project=MaxItemsPerProject(5), dependencies=tuple(deps),
                  direction_spend=tuple(DirectionSpend(d, min_share=0.2, max_share=0.5) for d in "123"))
    return PortfolioProblem(tuple(items), rules)


def test_time_limited_solve_reports_its_gap_honestly() -> None:
    """A 1 s limit on a 5,200-item instance: FEASIBLE, the gap is the distance to the
    reported bound, and the bound is above the value (a maximisation)."""
    problem = _hard_problem(400)
    sol = solve(problem, time_limit=1.0, gap=0.0, warm_start=False)
    assert sol.status is SolveStatus.FEASIBLE
    assert sol.best_bound is not None and sol.best_bound > sol.objective
    assert sol.gap == pytest.approx((sol.best_bound - sol.objective) / sol.objective)
    assert any("not optimal" in w for w in sol.warnings)
    assert sol.solve_seconds < 1.0 + 3.0  # the watchdog's grace at most


def test_optimizer_imports_nothing_from_mcda_api_or_web() -> None:
    code = ("import sys, optimizer.portfolio, optimizer.frontier, optimizer.explain, optimizer.infeasibility; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('mcda', 'api', 'pydantic', 'fastapi')]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"
