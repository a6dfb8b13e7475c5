"""Efficient frontier: the best total value at each budget level.

The model is built and handed to the solver once. Between levels only the
bounds of the rows that depend on the budget change (the total budget row and
the project and region caps, which are shares of it); levels are solved in
ascending order and each starts from the previous portfolio, which stays
feasible when the budget grows.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from optimizer.errors import PortfolioInputError
from optimizer.model import build_model
from optimizer.problem import PortfolioProblem, TotalBudget
from optimizer.portfolio import PortfolioSolution, check_options, solution_from_outcome
from optimizer.solvers import get_solver
from optimizer.status import SolveStatus

__all__ = ["Frontier", "FrontierPoint", "default_budget_levels", "efficient_frontier"]


@dataclass(frozen=True)
class FrontierPoint:
    """One budget level.

    Attributes
    ----------
    budget : float
        Total budget, money units.
    solution : PortfolioSolution
        The checked solve at this budget (status, value, gap, selection, spend).
    marginal_value : float or None
        Extra total value per unit of money from this level to the next one
        (value units per money unit); None at the last level or when either
        level has no portfolio.
    """

    budget: float
    solution: PortfolioSolution
    marginal_value: float | None

    @property
    def value(self) -> float | None:
        """Best total value found at this budget (None without a portfolio)."""
        return self.solution.objective

    @property
    def status(self) -> SolveStatus:
        """Status of the solve at this level."""
        return self.solution.status


@dataclass(frozen=True)
class Frontier:
    """Total value against budget.

    Attributes
    ----------
    points : tuple of FrontierPoint
        Ascending budgets.
    money_unit : str
    build_seconds, handover_seconds : float
        Spent once for all levels.
    solve_seconds : float
        Sum over levels.
    """

    points: tuple[FrontierPoint, ...]
    money_unit: str
    build_seconds: float
    handover_seconds: float
    solve_seconds: float

    @property
    def budgets(self) -> tuple[float, ...]:
        """The budget levels, ascending."""
        return tuple(p.budget for p in self.points)

    @property
    def values(self) -> tuple[float | None, ...]:
        """Best total value at each level."""
        return tuple(p.value for p in self.points)


def default_budget_levels(problem: PortfolioProblem, levels: int) -> np.ndarray:
    """``levels`` budgets from the cost of the mandatory items to the cost of
    every item that may be funded (beyond which the budget cannot bind), and at
    least up to the problem's own total budget."""
    allowed = problem.eligible_items.copy()
    if problem.rules.forbidden is not None:
        for item_id in problem.rules.forbidden.items:
            allowed[problem.index[item_id]] = False
    low = 0.0
    if problem.rules.mandatory is not None:
        low = float(sum(problem.total_costs[problem.index[i]] for i in problem.rules.mandatory.items))
    high = float(problem.total_costs[allowed].sum())
    if problem.rules.total_budget is not None:
        high = max(high, problem.rules.total_budget.amount)
    if levels == 1:
        return np.array([high])
    return np.linspace(low, max(high, low), levels)


def efficient_frontier(
    problem: PortfolioProblem,
    levels: int | Sequence[float] = 20,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
) -> Frontier:
    """Best total value at each of several total budgets.

    Parameters
    ----------
    problem : PortfolioProblem
        Its total budget (if any) is replaced by each level in turn; project and
        region caps follow the level, being shares of it, and each period's budget
        keeps its share of the total.
    levels : int or sequence of float
        Number of evenly spaced levels (see ``default_budget_levels``), or the
        budgets themselves (money units, >= 0; sorted ascending here).
    solver, time_limit, gap
        As for ``solve``; ``time_limit`` applies to each level.

    Returns
    -------
    Frontier
    """
    backend = get_solver(solver)
    tolerance = check_options(time_limit, gap)
    if isinstance(levels, (int, np.integer)) and not isinstance(levels, bool):
        if levels < 1:
            raise PortfolioInputError(f"levels must be >= 1, got {levels}")
        budgets = default_budget_levels(problem, int(levels))
    else:
        try:
            budgets = np.sort(np.array([float(b) for b in levels], dtype=float))  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise PortfolioInputError(f"levels must be an int or a sequence of budgets, got {levels!r}") from None
        if budgets.size == 0 or not np.isfinite(budgets).all() or (budgets < 0).any():
            raise PortfolioInputError(f"levels must be finite budgets >= 0, got {list(levels)!r}")  # type: ignore[arg-type]
    name = problem.rules.total_budget.name if problem.rules.total_budget is not None else ""

    total = problem.rules.total_budget.amount if problem.rules.total_budget is not None else 0.0

    def at(budget: float) -> PortfolioProblem:
        # Budgets per period keep their share of the total (the model's budget_factor rows).
        periods = tuple(
            dataclasses.replace(p, amount=p.amount * budget / total) if total > 0 else p
            for p in problem.rules.period_budgets
        )
        rules = dataclasses.replace(problem.rules, total_budget=TotalBudget(float(budget), name=name), period_budgets=periods)
        return dataclasses.replace(problem, rules=rules)

    model = build_model(at(budgets[0]))
    session = backend.open(model.mip)
    moving = [(blk.budget_factor, np.arange(blk.start, blk.stop)) for blk in model.blocks if blk.budget_factor is not None]
    if total > 0:
        # each period's budget keeps its share of the (original) total budget
        share = {p.period: p.amount / total for p in problem.rules.period_budgets}
        moving += [
            (share[blk.subjects[0]], np.arange(blk.start, blk.stop)) for blk in model.blocks if blk.kind == "period_budget"
        ]
    solutions: list[PortfolioSolution] = []
    previous: np.ndarray | None = None
    started = time.perf_counter()
    for budget in budgets:
        for factor, rows in moving:
            upper = np.full(rows.size, factor * budget)
            session.set_row_bounds(rows, session.row_lower[rows], upper)
        if previous is not None:
            session.set_start(previous)
        raw = session.solve(time_limit=time_limit, gap=tolerance)
        sol = solution_from_outcome(
            at(budget), raw, build_seconds=0.0, backend=backend, options=backend.effective_options(None),
            gap_tolerance=tolerance, time_limit=time_limit, handover_seconds=0.0,
        )
        solutions.append(sol)
        previous = raw.x if raw.x is not None else previous
    points = []
    for k, (budget, sol) in enumerate(zip(budgets, solutions)):
        marginal = None
        if k + 1 < len(budgets):
            nxt = solutions[k + 1]
            step = budgets[k + 1] - budget
            if sol.objective is not None and nxt.objective is not None and step > 0:
                marginal = float((nxt.objective - sol.objective) / step)
        points.append(FrontierPoint(float(budget), sol, marginal))
    return Frontier(tuple(points), problem.money_unit, model.build_seconds, session.handover_seconds,
                    time.perf_counter() - started)
