"""Solve a portfolio problem and return a checked solution.

Two strategies (``solve(..., strategy=...)``):

- "mip": the whole model goes to the solver (for HiGHS after an LP-guided start,
  ``optimizer.warmstart``).
- "lagrangian": the coupling rows are priced and each project picks its package
  on its own (``optimizer.decomposition``, ``optimizer.lagrangian``); the bound is
  the Lagrangian dual's, the portfolio comes from a small restricted MIP. When
  that does not reach the gap in time, the whole model goes to the solver with
  the portfolio as its start, and the tighter of the two bounds is reported.
- "auto" (default): "lagrangian" for HiGHS from ``AUTO_MIN_PROJECTS`` projects on,
  when the decomposition handles every rule; else "mip". Chosen by measurement
  (``benchmarks/portfolio_solve.py``), see ``AUTO_MIN_PROJECTS``.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from optimizer.decomposition import Decomposition, NotDecomposable, decompose
from optimizer.errors import PortfolioInputError, SolutionCheckError
from optimizer.lagrangian import LagrangianResult, lagrangian_search
from optimizer.model import PortfolioModel, build_model
from optimizer.problem import PortfolioProblem
from optimizer.solvers import DEFAULT_GAP, RawOutcome, SolverBackend, get_solver
from optimizer.spend import Spend, spend_of
from optimizer.status import SolveStatus, relative_gap
from optimizer.verify import verify_selection
from optimizer.warmstart import WarmStart, lp_guided_start

__all__ = ["AUTO_MIN_PROJECTS", "STRATEGIES", "PortfolioSolution", "check_options", "solution_from_outcome", "solve"]

STRATEGIES = ("auto", "mip", "lagrangian")
"""Valid values of ``solve(..., strategy=...)``."""

AUTO_MIN_PROJECTS = 200
"""From this many projects on, "auto" uses the Lagrangian strategy (with HiGHS).

The Lagrangian bound exceeds the optimum by at most about one project's package
value per coupling row (only that many projects are split in the convex-hull
relaxation), so its relative gap shrinks like 1 / projects. Measured on the
benchmark's instances (median / worst of three seeds, seconds, 2 loaded cores):

=========  ==========================  ==========================
projects   gap 0.1 %: MIP / Lagrangian  gap 0.01 %: MIP / Lagrangian
=========  ==========================  ==========================
20         0.29 / 0.56                 0.29 / 0.61 (always ends in the MIP)
100        0.41 / 0.24                 1.08 / 0.92 (ends in the MIP)
200        0.47 / 0.37                 1.72 / 1.97, worst 12.0 / 12.4
300        0.66 / 0.17                 0.68 / 0.28
500        1.11 / 0.31                 1.40 / 0.31, worst 10.6 / 0.40
=========  ==========================  ==========================

Below ~200 projects the Lagrangian gap often stays above 0.01 % and the strategy
ends in the full MIP (little lost in time, nothing in value); from a few hundred
on it closes the gap by itself and the full MIP is never needed.
"""

BOUND_SOURCES = ("solver", "lp_relaxation", "lagrangian")


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
        Seconds per solve phase ("lp_relaxation", "start_search", "mip";
        "lagrangian_dual", "restricted_mip" for the Lagrangian strategy).
    selected : tuple of str or None
        Ids of the funded items, in problem order.
    spend : Spend or None
        Spend per period, direction, project and region (money units).
    warnings : tuple of str
        Plain sentences about anything a reader should know.
    strategy : str
        "mip" or "lagrangian": how the solve went (see the module docstring).
    bound_source : str or None
        Where ``best_bound`` comes from: "solver" (the MIP solver's own bound),
        "lp_relaxation" (the model's LP relaxation), "lagrangian" (the
        Lagrangian dual); None without a bound.
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
    strategy: str = "mip"
    bound_source: str | None = None

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
    strategy: str = "mip",
    bound_source: str = "solver",
    warnings: tuple[str, ...] = (),
) -> PortfolioSolution:
    """Check a raw solver outcome against the problem and package it.

    ``bound_source`` names where ``raw.bound`` comes from (see
    ``PortfolioSolution.bound_source``); ``warnings`` are prepended to the result's.

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
        strategy=strategy,
    )
    if not raw.status.has_solution or raw.x is None:
        return PortfolioSolution(objective=None, best_bound=None, gap=None, warnings=tuple(warnings),
                                 **common)  # type: ignore[arg-type]
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
    notes: list[str] = list(warnings)
    if bound is not None and bound < objective:
        # numerical noise of the solver; the portfolio itself is checked
        bound = objective
    gap = relative_gap(objective, bound)
    if raw.status is SolveStatus.FEASIBLE:
        if gap is None:
            notes.append(f"The solver stopped at a limit ({raw.detail}) and gave no bound: "
                            "how far this portfolio is from the best one is unknown.")
        else:
            notes.append(f"The solver stopped at a limit ({raw.detail}): this portfolio is proven "
                            f"within {gap:.3%} of the best possible total value, not optimal.")
    selected = tuple(item.id for item, chosen in zip(problem.items, mask) if chosen)
    return PortfolioSolution(objective=objective, best_bound=bound, gap=gap, selected=selected, spend=spend,
                             warnings=tuple(notes), bound_source=None if bound is None else bound_source,
                             **common)  # type: ignore[arg-type]


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


def _check_strategy(strategy: str) -> str:
    if not isinstance(strategy, str) or strategy not in STRATEGIES:
        raise PortfolioInputError(f"strategy must be one of {', '.join(STRATEGIES)}, got {strategy!r}")
    return strategy


def _pick_strategy(
    strategy: str, model: PortfolioModel, backend: SolverBackend
) -> tuple[str, Decomposition | None, str, float]:
    """The strategy to use, its decomposition, why, and the seconds spent deciding."""
    if strategy == "mip":
        return "mip", None, "asked for", 0.0
    n_projects = len(model.problem.projects)
    if strategy == "auto" and backend.name != "highs":
        return "mip", None, f"auto: the Lagrangian strategy is used with HiGHS only, not {backend.name}", 0.0
    if strategy == "auto" and n_projects < AUTO_MIN_PROJECTS:
        return "mip", None, f"auto: {n_projects} projects, fewer than {AUTO_MIN_PROJECTS}", 0.0
    started = time.perf_counter()
    try:
        decomp = decompose(model)
    except NotDecomposable as exc:
        return "mip", None, f"{strategy}: not decomposable ({exc})", time.perf_counter() - started
    why = "asked for" if strategy == "lagrangian" else f"auto: {n_projects} projects, at least {AUTO_MIN_PROJECTS}"
    return "lagrangian", decomp, why, time.perf_counter() - started


def _merge(raw: RawOutcome, found: LagrangianResult, tolerance: float) -> tuple[RawOutcome, str]:
    """The full MIP's outcome and the Lagrangian search's, with the tighter bound and
    the better portfolio; returns the outcome and the bound's source."""
    if raw.status in (SolveStatus.INFEASIBLE, SolveStatus.UNBOUNDED_OR_INFEASIBLE):
        if found.x is not None:
            raise SolutionCheckError(
                f"the MIP solver reports {raw.status.value} ({raw.detail}) but the Lagrangian search found a "
                "portfolio that keeps every rule; refusing to guess which is right"
            )
        return raw, "solver"
    candidates = [(raw.objective, raw.x, raw.detail)] if raw.status.has_solution and raw.x is not None else []
    if found.x is not None:
        candidates.append((found.objective, found.x, f"Lagrangian search ({found.detail})"))
    if not candidates:
        return raw, "solver"
    objective, x, whose = max(candidates, key=lambda c: c[0])
    bounds = [(b, src) for b, src in ((raw.bound, "solver"), (found.bound, "lagrangian")) if b is not None]
    bound, source = min(bounds) if bounds else (None, "solver")
    gap = relative_gap(objective, bound)
    # our value is at least the solver's and our bound at most its bound, so its
    # proof of optimality within the gap carries over
    proven = raw.status is SolveStatus.OPTIMAL or (gap is not None and gap <= tolerance)
    status = SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE
    detail = raw.detail if x is raw.x else f"{raw.detail}; the portfolio is from the {whose}"
    return RawOutcome(status, x, objective, bound, gap, raw.solve_seconds, detail), source


def _solve_lagrangian(
    problem: PortfolioProblem,
    model: PortfolioModel,
    decomp: Decomposition,
    backend: SolverBackend,
    *,
    tolerance: float,
    time_limit: float | None,
    solver_options: Mapping[str, object] | None,
    build_seconds: float,
    notes: tuple[str, ...],
    why: str,
) -> PortfolioSolution:
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    found = lagrangian_search(decomp, backend, gap=tolerance, deadline=deadline,
                              restricted_options=dict(solver_options or {}))
    phases = {"lagrangian_dual": found.dual_seconds, "restricted_mip": found.restricted_seconds}
    handover = found.handover_seconds
    source = "lagrangian"
    head = f"Lagrangian decomposition ({found.iterations} dual iterations)"
    if found.infeasible:
        if found.x is not None:
            raise SolutionCheckError("the Lagrangian bound proves the problem infeasible, yet a portfolio "
                                     "that keeps every rule was found; refusing to report either")
        raw = RawOutcome(SolveStatus.INFEASIBLE, None, None, None, None, 0.0, f"{head}: {found.detail}")
    else:
        gap = relative_gap(found.objective, found.bound)
        remaining = None if deadline is None else deadline - time.perf_counter()
        if found.x is not None and gap is not None and gap <= tolerance:
            raw = RawOutcome(SolveStatus.OPTIMAL, found.x, found.objective, found.bound, gap, 0.0,
                             f"{head}: within the gap; {found.detail}")
        elif remaining is None or remaining > 0.05:
            # the gap is not reached: the whole model, started from the portfolio found
            session = backend.open(model.mip, options=solver_options)
            handover += session.handover_seconds
            if found.x is not None:
                session.set_start(found.x)
            out = session.solve(time_limit=remaining, gap=tolerance)
            phases["mip"] = out.solve_seconds
            raw, source = _merge(out, found, tolerance)
            raw = dataclasses.replace(raw, detail=f"{head}, then the full MIP: {raw.detail}")
        elif found.x is not None:
            raw = RawOutcome(SolveStatus.FEASIBLE, found.x, found.objective, found.bound, gap, 0.0,
                             f"{head}: time limit reached; {found.detail}")
        else:
            raw = RawOutcome(SolveStatus.NO_SOLUTION, None, None, None, None, 0.0,
                             f"{head}: time limit reached before a portfolio was found")
    raw = dataclasses.replace(raw, solve_seconds=time.perf_counter() - started)
    options = backend.effective_options(solver_options)
    options["strategy"] = f"lagrangian ({why})"
    return solution_from_outcome(
        problem, raw, build_seconds=build_seconds, backend=backend, options=options,
        gap_tolerance=tolerance, time_limit=time_limit, handover_seconds=handover, phases=phases,
        strategy="lagrangian", bound_source=source, warnings=notes,
    )


def solve(
    problem: PortfolioProblem,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    solver_options: Mapping[str, object] | None = None,
    warm_start: bool | None = None,
    strategy: str = "auto",
) -> PortfolioSolution:
    """Choose the items that maximise total value under every rule.

    Parameters
    ----------
    problem : PortfolioProblem
    solver : str
        "highs" (default), "cbc" or "pulp-highs"; an unknown name lists the valid ones.
    time_limit : float or None
        Seconds the solver may take (all phases, after the model is built and
        handed over); None for no limit.
    gap : float or None
        Relative gap at which the solver may stop, a fraction (0.001 = 0.1 %);
        None for ``DEFAULT_GAP``.
    solver_options : mapping or None
        Extra solver-specific options (override ours; recorded in the result).
    warm_start : bool or None
        In the "mip" strategy, search a starting portfolio from the LP relaxation
        first (``optimizer.warmstart``); None means yes for "highs", no otherwise.
    strategy : str
        "auto" (default), "mip" or "lagrangian" (see the module docstring). A
        problem the decomposition cannot take is solved as one MIP, with a
        warning when "lagrangian" was asked for.

    Returns
    -------
    PortfolioSolution
        Checked against every rule before it is returned.

    Raises
    ------
    PortfolioInputError
        Unknown solver or strategy, or bad limits.
    SolutionCheckError
        The solver returned a portfolio that breaks a rule (a bug, never data).
    """
    backend = get_solver(solver)
    tolerance = check_options(time_limit, gap)
    strategy = _check_strategy(strategy)
    model = build_model(problem)
    chosen, decomp, why, decide_seconds = _pick_strategy(strategy, model, backend)
    notes: tuple[str, ...] = ()
    if strategy == "lagrangian" and chosen == "mip":
        notes = (f"The Lagrangian strategy cannot take this problem ({why.split('(', 1)[-1].rstrip(')')}); "
                 "it was solved as one MIP.",)
    if decomp is not None:
        return _solve_lagrangian(problem, model, decomp, backend, tolerance=tolerance, time_limit=time_limit,
                                 solver_options=solver_options, build_seconds=model.build_seconds + decide_seconds,
                                 notes=notes, why=why)
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
    solver_bound = raw.bound
    raw = _combine(raw, start)
    source = "solver"
    if (start is not None and start.lp_bound is not None and raw.bound == start.lp_bound
            and (solver_bound is None or start.lp_bound < solver_bound)):
        source = "lp_relaxation"
    raw = dataclasses.replace(raw, solve_seconds=time.perf_counter() - started)
    options = backend.effective_options(solver_options)
    if start is not None:
        options["warm_start"] = "LP-guided (optimizer.warmstart)"
    options["strategy"] = f"mip ({why})"
    return solution_from_outcome(
        problem, raw, build_seconds=model.build_seconds + decide_seconds, backend=backend, options=options,
        gap_tolerance=tolerance, time_limit=time_limit, handover_seconds=session.handover_seconds,
        phases=phases, strategy="mip", bound_source=source, warnings=notes,
    )
