"""Solve a portfolio problem and return a checked solution."""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from optimizer.errors import PortfolioInputError, SolutionCheckError
from optimizer.model import build_model
from optimizer.problem import PortfolioProblem
from optimizer.solvers import DEFAULT_GAP, RawOutcome, SolverBackend, get_solver
from optimizer.spend import Spend, spend_of
from optimizer.status import SolveStatus, relative_gap
from optimizer.verify import verify_selection
from optimizer.warmstart import WarmStart, lp_guided_start

__all__ = ["PortfolioSolution", "check_options", "solution_from_outcome", "solve"]


@dataclass(frozen=True)
class PortfolioSolution:
    """A solve's outcome; every portfolio number is None when there is no solution.

    Attributes
    ----------
    status : SolveStatus
    objective : float or None
        Total value of the selected items (recomputed from the problem).
    best_bound : float or None
        The solver's proven upper bound on the total value.
    gap : float or None
        ``|best_bound - objective| / |objective|`` (HiGHS's definition, for every
        solver), a fraction; at most ``gap_tolerance`` when OPTIMAL.
    gap_tolerance : float
        Relative gap the solver was asked to reach.
    time_limit : float or None
        Seconds the solver was allowed; None for no limit.
    build_seconds, handover_seconds, solve_seconds : float
        Wall time to build the arrays, to hand them to the solver, and to solve.
    solver, solver_version : str
    solver_detail : str
        The solver's own words for its outcome, e.g. "HiGHS: Time limit reached".
    options : mapping
        Solver options in force (ours and the caller's).
    phases : mapping of str to float
        Seconds per solve phase ("lp_relaxation", "start_search", "mip").
    selected : tuple of str or None
        Ids of the funded items, in problem order.
    spend : Spend or None
        Spend per period, direction, project and region (money units).
    warnings : tuple of str
        Plain sentences about anything a reader should know.
    """

    status: SolveStatus
    objective: float | None
    best_bound: float | None
    gap: float | None
    gap_tolerance: float
    time_limit: float | None
    build_seconds: float
    handover_seconds: float
    solve_seconds: float
    solver: str
    solver_version: str
    solver_detail: str
    options: Mapping[str, object] = field(default_factory=dict)
    phases: Mapping[str, float] = field(default_factory=dict)
    selected: tuple[str, ...] | None = None
    spend: Spend | None = None
    warnings: tuple[str, ...] = ()

    @property
    def spend_by_direction(self) -> Mapping[str, float] | None:
        """Spend per direction, money units; None without a solution."""
        return None if self.spend is None else self.spend.by_direction

    @property
    def spend_by_project(self) -> Mapping[str, float] | None:
        """Spend per project, money units; None without a solution."""
        return None if self.spend is None else self.spend.by_project

    @property
    def spend_by_period(self) -> Mapping[str, float] | None:
        """Spend per period, money units; None without a solution."""
        return None if self.spend is None else self.spend.by_period

    @property
    def total_seconds(self) -> float:
        """Build, hand-over and solve time together."""
        return self.build_seconds + self.handover_seconds + self.solve_seconds


def check_options(time_limit: float | None, gap: float | None) -> float:
    """Validate the solve limits; returns the gap tolerance to use."""
    if time_limit is not None:
        if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)) or not (
            math.isfinite(time_limit) and time_limit > 0
        ):
            raise PortfolioInputError(f"time_limit must be a positive number of seconds or None, got {time_limit!r}")
    if gap is None:
        return DEFAULT_GAP
    if isinstance(gap, bool) or not isinstance(gap, (int, float)) or not (0.0 <= gap < 1.0):
        raise PortfolioInputError(f"gap must be a relative gap in [0, 1) or None, got {gap!r}")
    return float(gap)


def solution_from_outcome(
    problem: PortfolioProblem,
    raw: RawOutcome,
    *,
    build_seconds: float,
    backend: SolverBackend,
    options: Mapping[str, object],
    gap_tolerance: float,
    time_limit: float | None,
    handover_seconds: float,
    phases: Mapping[str, float] | None = None,
) -> PortfolioSolution:
    """Check a raw solver outcome against the problem and package it.

    Raises
    ------
    SolutionCheckError
        When the solver's selection is not integral, breaks a rule, or its
        objective disagrees with the items' values.
    """
    common = dict(
        status=raw.status, gap_tolerance=gap_tolerance, time_limit=time_limit,
        build_seconds=build_seconds, handover_seconds=handover_seconds, solve_seconds=raw.solve_seconds,
        solver=backend.name, solver_version=backend.version(), solver_detail=raw.detail,
        options=MappingProxyType(dict(options)),
        phases=MappingProxyType(dict(phases or {"mip": raw.solve_seconds})),
    )
    if not raw.status.has_solution or raw.x is None:
        return PortfolioSolution(objective=None, best_bound=None, gap=None, **common)  # type: ignore[arg-type]
    mask = verify_selection(problem, raw.x)
    spend = spend_of(problem, mask)
    objective = spend.value
    if raw.objective is not None:
        scale = 1e-6 * max(1.0, float(abs(problem.values).sum()))
        if abs(raw.objective - objective) > scale:
            raise SolutionCheckError(
                f"the solver reports total value {raw.objective!r} but its selection is worth {objective!r}"
            )
    bound = raw.bound
    warnings: list[str] = []
    if bound is not None and bound < objective:
        # numerical noise of the solver; the portfolio itself is checked
        bound = objective
    gap = relative_gap(objective, bound)
    if raw.status is SolveStatus.FEASIBLE:
        if gap is None:
            warnings.append(f"The solver stopped at a limit ({raw.detail}) and gave no bound: "
                            "how far this portfolio is from the best one is unknown.")
        else:
            warnings.append(f"The solver stopped at a limit ({raw.detail}): this portfolio is proven "
                            f"within {gap:.3%} of the best possible total value, not optimal.")
    selected = tuple(item.id for item, chosen in zip(problem.items, mask) if chosen)
    return PortfolioSolution(objective=objective, best_bound=bound, gap=gap, selected=selected, spend=spend,
                             warnings=tuple(warnings), **common)  # type: ignore[arg-type]


def _combine(raw: RawOutcome, start: WarmStart | None) -> RawOutcome:
    """The better of the MIP's outcome and the warm start, with the tighter bound."""
    if start is None:
        return raw
    if start.lp_status is SolveStatus.INFEASIBLE and not raw.status.has_solution:
        return raw
    if start.x is None:
        if raw.status.has_solution and start.lp_bound is not None and raw.bound is not None:
            bound = min(raw.bound, start.lp_bound)
            return dataclasses.replace(raw, bound=bound, gap=relative_gap(raw.objective, bound))
        return raw
    if raw.status in (SolveStatus.INFEASIBLE, SolveStatus.UNBOUNDED_OR_INFEASIBLE):
        raise SolutionCheckError(
            f"HiGHS reports {raw.status.value} ({raw.detail}) but found a portfolio from the LP relaxation; "
            "refusing to guess which is right"
        )
    bounds = [b for b in (raw.bound, start.lp_bound) if b is not None]
    bound = min(bounds) if bounds else None
    if raw.status.has_solution and raw.objective is not None and (
        start.objective is None or raw.objective >= start.objective
    ):
        return dataclasses.replace(raw, bound=bound, gap=relative_gap(raw.objective, bound))
    detail = f"{raw.detail}; the portfolio is the LP-guided start, better than what HiGHS returned"
    return RawOutcome(SolveStatus.FEASIBLE, start.x, start.objective, bound, relative_gap(start.objective, bound),
                      raw.solve_seconds, detail)


def solve(
    problem: PortfolioProblem,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    solver_options: Mapping[str, object] | None = None,
    warm_start: bool | None = None,
) -> PortfolioSolution:
    """Choose the items that maximise total value under every rule.

    Parameters
    ----------
    problem : PortfolioProblem
    solver : str
        "highs" (default), "cbc" or "pulp-highs"; an unknown name lists the valid ones.
    time_limit : float or None
        Seconds the solver may take (all phases, after the model is handed over);
        None for no limit.
    gap : float or None
        Relative gap at which the solver may stop, a fraction (0.001 = 0.1 %);
        None for ``DEFAULT_GAP``.
    solver_options : mapping or None
        Extra solver-specific options (override ours; recorded in the result).
    warm_start : bool or None
        Search a starting portfolio from the LP relaxation first
        (``optimizer.warmstart``); None means yes for "highs", no otherwise.

    Returns
    -------
    PortfolioSolution
        Checked against every rule before it is returned.

    Raises
    ------
    PortfolioInputError
        Unknown solver or bad limits.
    SolutionCheckError
        The solver returned a portfolio that breaks a rule (a bug, never data).
    """
    backend = get_solver(solver)
    tolerance = check_options(time_limit, gap)
    model = build_model(problem)
    session = backend.open(model.mip, options=solver_options)
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    use_start = backend.name == "highs" if warm_start is None else bool(warm_start)
    phases: dict[str, float] = {}
    start = None
    if use_start and hasattr(session, "solve_relaxation"):
        start = lp_guided_start(model, session, backend, gap=tolerance, deadline=deadline)
        phases["lp_relaxation"] = start.lp_seconds
        phases["start_search"] = start.restricted_seconds
        if start.x is not None:
            session.set_start(start.x)
    if start is not None and start.lp_status is SolveStatus.INFEASIBLE:
        raw = RawOutcome(SolveStatus.INFEASIBLE, None, None, None, None, 0.0,
                         "HiGHS: the LP relaxation is infeasible")
    else:
        remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.05)
        raw = session.solve(time_limit=remaining, gap=tolerance)
    phases["mip"] = raw.solve_seconds
    raw = _combine(raw, start)
    raw = dataclasses.replace(raw, solve_seconds=time.perf_counter() - started)
    options = backend.effective_options(solver_options)
    if start is not None:
        options["warm_start"] = "LP-guided (optimizer.warmstart)"
    return solution_from_outcome(
        problem, raw, build_seconds=model.build_seconds, backend=backend, options=options,
        gap_tolerance=tolerance, time_limit=time_limit, handover_seconds=session.handover_seconds,
        phases=phases,
    )
