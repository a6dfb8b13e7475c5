"""Portfolios when item values are uncertain: how often each item is in the optimal portfolio,
and the portfolio that is best on average or in the worst case over value samples.

Robust Portfolio Modelling (Liesiö, J., Mild, P. & Salo, A. 2007. Preference programming for
robust portfolio modeling and project selection. EJOR 181(3), 1488-1505): under incomplete
weight information many portfolios are optimal for some admissible weights; an item in all of
them is *core*, in none *exterior*, otherwise *borderline*, and its core index is the share of
those portfolios that hold it. Here the admissible weights come as samples (SMAA), so we solve
the portfolio for each value sample and take, per item, the share of the samples whose optimal
portfolio includes it; core = 1, exterior = 0. (RPM computes the index over the non-dominated
portfolios, each counted once; ours counts each sample's optimum, so it also says how likely.)

Two single choices across the samples:

* expected value: maximise sum_i mean_s(v_si) x_i. The objective is linear, so this is the
  same model with the mean values;
* worst case (maximin, the absolute robust criterion of Kouvelis & Yu 1997, Robust Discrete
  Optimization and its Applications, ch. 1): maximise t subject to t <= sum_i v_si x_i for
  every sample s and every rule: the optimizer's own model plus one free column and one row
  per sample.

Every returned portfolio is checked against every rule by ``verify_selection``, and its
worst-case and expected values are recomputed from the samples, not read from the solver.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from optimizer.errors import PortfolioInputError, SolutionCheckError
from optimizer.model import MipArrays, build_model
from optimizer.problem import PortfolioProblem
from optimizer.portfolio import PortfolioSolution, check_options, solve
from optimizer.solvers import get_solver
from optimizer.spend import Spend, spend_of
from optimizer.status import SolveStatus, relative_gap
from optimizer.verify import verify_selection

__all__ = [
    "RobustChoice",
    "SampledOptima",
    "expected_value_portfolio",
    "sample_optima",
    "value_samples",
    "with_values",
    "worst_case_portfolio",
]

#: Default cap on the number of value samples solved one by one.
MAX_SAMPLES = 200


def _ro(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def with_values(problem: PortfolioProblem, values: np.ndarray) -> PortfolioProblem:
    """The same problem with item values replaced (one per item, in ``problem.items`` order)."""
    v = np.asarray(values, dtype=float)
    if v.shape != (len(problem.items),):
        raise PortfolioInputError(f"values must hold one value per item ({len(problem.items)}), got shape {v.shape}")
    items = tuple(dataclasses.replace(item, value=float(x)) for item, x in zip(problem.items, v))
    return dataclasses.replace(problem, items=items)


def value_samples(problem: PortfolioProblem, values: np.ndarray) -> list[PortfolioProblem]:
    """One copy of `problem` per row of `values` (samples, items), for :func:`sample_optima`."""
    return [with_values(problem, row) for row in _check_values(problem, values, None)]


def _check_values(problem: PortfolioProblem, values: np.ndarray, limit: int | None) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    n = len(problem.items)
    if v.ndim != 2 or v.shape[1] != n or v.shape[0] < 1:
        raise PortfolioInputError(f"values must be an array (samples, {n} items), got shape {v.shape}")
    if limit is not None and v.shape[0] > limit:
        raise PortfolioInputError(f"values holds {v.shape[0]} samples; at most {limit} are solved one by one")
    if not np.all(np.isfinite(v)):
        s, i = map(int, np.argwhere(~np.isfinite(v))[0])
        raise PortfolioInputError(f"values: sample {s}, item {problem.items[i].id!r} is {float(v[s, i])!r}; values must be finite")
    return v


@dataclass(frozen=True)
class SampledOptima:
    """The optimal portfolio of every value sample and what they have in common.

    Attributes
    ----------
    items : tuple of str, item ids in problem order
    selected : (samples, items) bool, read-only; row s = the optimal portfolio of sample s
    objective : (samples,) read-only, the value of each sample's optimum under that sample
    core_index : (items,) read-only, share of the samples' optima that fund the item
    statuses : tuple of SolveStatus, one per sample
    gaps : (samples,) read-only, relative gap of each solve (0 when proven optimal)
    solve_seconds : float, total
    warnings : tuple of str
    """

    items: tuple[str, ...]
    selected: np.ndarray
    objective: np.ndarray
    core_index: np.ndarray
    statuses: tuple[SolveStatus, ...]
    gaps: np.ndarray
    solve_seconds: float
    warnings: tuple[str, ...]

    @property
    def core(self) -> tuple[str, ...]:
        """Items funded in every sample's optimal portfolio."""
        return tuple(i for i, c in zip(self.items, self.core_index) if c == 1.0)

    @property
    def exterior(self) -> tuple[str, ...]:
        """Items funded in no sample's optimal portfolio."""
        return tuple(i for i, c in zip(self.items, self.core_index) if c == 0.0)

    @property
    def borderline(self) -> tuple[str, ...]:
        """Items funded in some samples' optimal portfolios but not all."""
        return tuple(i for i, c in zip(self.items, self.core_index) if 0.0 < c < 1.0)


def sample_optima(
    problems: Sequence[PortfolioProblem],
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    max_samples: int | None = MAX_SAMPLES,
    progress: Callable[[int, int], None] | None = None,
) -> SampledOptima:
    """Solve one portfolio problem per sample.

    Parameters
    ----------
    problems : one PortfolioProblem per sample, all with the same items in the same order
        (their values, and rules such as eligibility, may differ); ``[with_values(p, v) for v
        in values]`` when only the values vary
    solver, time_limit, gap : as for :func:`optimizer.solve`, per sample
    max_samples : refuse more samples than this (None: no cap)
    progress : called as progress(done, total) after each solve

    Raises
    ------
    PortfolioInputError
        Items differ between samples, too many samples, or a sample's rules admit no portfolio.
    """
    problems = tuple(problems)
    if not problems:
        raise PortfolioInputError("problems must hold at least one sample's problem, got none")
    if max_samples is not None and len(problems) > max_samples:
        raise PortfolioInputError(f"{len(problems)} samples given; at most {max_samples} are solved one by one")
    ids = tuple(item.id for item in problems[0].items)
    for k, p in enumerate(problems):
        if tuple(item.id for item in p.items) != ids:
            raise PortfolioInputError(f"sample {k}: its items differ from sample 0's; every sample needs the same items in the same order")
    check_options(time_limit, gap)
    s, n = len(problems), len(ids)
    selected = np.zeros((s, n), dtype=bool)
    objective = np.zeros(s)
    gaps = np.zeros(s)
    statuses: list[SolveStatus] = []
    seconds = 0.0
    for k, problem in enumerate(problems):
        sol = solve(problem, solver=solver, time_limit=time_limit, gap=gap)
        seconds += sol.total_seconds
        if not sol.status.has_solution:
            raise PortfolioInputError(
                f"sample {k}: the portfolio rules admit no solution ({sol.status.value}: {sol.solver_detail})"
            )
        statuses.append(sol.status)
        chosen = set(sol.selected or ())
        selected[k] = [i in chosen for i in ids]
        objective[k] = float(problem.values @ selected[k])
        gaps[k] = sol.gap or 0.0
        if progress is not None:
            progress(k + 1, s)
    notes = []
    stopped = sum(1 for st in statuses if st is SolveStatus.FEASIBLE)
    if stopped:
        notes.append(
            f"{stopped} of {s} sample solves stopped at a limit (largest gap {gaps.max():.3%}); "
            "their portfolios are near-optimal, so core indices near 0 or 1 may be slightly off."
        )
    return SampledOptima(
        items=ids,
        selected=_ro(selected),
        objective=_ro(objective),
        core_index=_ro(selected.mean(axis=0)),
        statuses=tuple(statuses),
        gaps=_ro(gaps),
        solve_seconds=seconds,
        warnings=tuple(notes),
    )


@dataclass(frozen=True)
class RobustChoice:
    """One portfolio chosen across the value samples.

    Attributes
    ----------
    criterion : "expected" or "worst_case"
    status : SolveStatus
    selected : tuple of str or None, funded item ids in problem order
    expected_value : float or None, mean over the samples of the portfolio's value
    worst_value : float or None, smallest value over the samples
    values : (samples,) read-only or None, the portfolio's value in each sample
    best_bound : float or None, the solver's bound on the criterion
    gap : float or None
    spend : Spend or None
    solve_seconds : float
    solver_detail : str
    warnings : tuple of str
    """

    criterion: str
    status: SolveStatus
    selected: tuple[str, ...] | None
    expected_value: float | None
    worst_value: float | None
    values: np.ndarray | None
    best_bound: float | None
    gap: float | None
    spend: Spend | None
    solve_seconds: float
    solver_detail: str
    warnings: tuple[str, ...] = ()


def _choice(criterion: str, problem: PortfolioProblem, v: np.ndarray, status: SolveStatus, mask: np.ndarray | None,
            bound: float | None, seconds: float, detail: str, notes: list[str]) -> RobustChoice:
    if mask is None:
        return RobustChoice(criterion, status, None, None, None, None, None, None, None, seconds, detail, tuple(notes))
    per_sample = v @ mask
    achieved = float(per_sample.mean() if criterion == "expected" else per_sample.min())
    if bound is not None and bound < achieved:
        bound = achieved  # solver noise; the portfolio itself was re-checked
    gap = relative_gap(achieved, bound)
    return RobustChoice(
        criterion=criterion,
        status=status,
        selected=tuple(item.id for item, on in zip(problem.items, mask) if on),
        expected_value=float(per_sample.mean()),
        worst_value=float(per_sample.min()),
        values=_ro(np.array(per_sample, dtype=float)),
        best_bound=bound,
        gap=gap,
        spend=spend_of(problem, mask),
        solve_seconds=seconds,
        solver_detail=detail,
        warnings=tuple(notes),
    )


def expected_value_portfolio(
    problem: PortfolioProblem,
    values: np.ndarray,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
) -> RobustChoice:
    """The portfolio of greatest mean value over the samples (the model with mean item values)."""
    v = _check_values(problem, values, None)
    sol: PortfolioSolution = solve(with_values(problem, v.mean(axis=0)), solver=solver, time_limit=time_limit, gap=gap)
    mask = None
    if sol.status.has_solution:
        chosen = set(sol.selected or ())
        mask = np.array([item.id in chosen for item in problem.items], dtype=bool)
    return _choice("expected", problem, v, sol.status, mask, sol.best_bound, sol.total_seconds, sol.solver_detail,
                   list(sol.warnings))


def _maximin_mip(mip: MipArrays, n_items: int, v: np.ndarray) -> MipArrays:
    """``mip`` with a free column t as the only objective and rows t - v_s.x <= 0."""
    s = v.shape[0]
    t_col = mip.n_cols
    nz = [np.flatnonzero(row) for row in v]
    new_index = np.concatenate([np.append(cols, t_col) for cols in nz])
    new_value = np.concatenate([np.append(-row[cols], 1.0) for row, cols in zip(v, nz)])
    lengths = np.array([cols.size + 1 for cols in nz], dtype=np.int64)
    row_start = np.concatenate([mip.row_start, mip.row_start[-1] + np.cumsum(lengths)])
    return MipArrays(
        objective=np.concatenate([np.zeros(mip.n_cols), [1.0]]),
        col_lower=np.concatenate([mip.col_lower, [-np.inf]]),
        col_upper=np.concatenate([mip.col_upper, [np.inf]]),
        integrality=np.concatenate([mip.integrality, [False]]),
        row_lower=np.concatenate([mip.row_lower, np.full(s, -np.inf)]),
        row_upper=np.concatenate([mip.row_upper, np.zeros(s)]),
        row_start=row_start,
        row_index=np.concatenate([mip.row_index, new_index]),
        row_value=np.concatenate([mip.row_value, new_value]),
        maximize=True,
    )


def worst_case_portfolio(
    problem: PortfolioProblem,
    values: np.ndarray,
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
    max_samples: int | None = 5000,
) -> RobustChoice:
    """The portfolio whose smallest value over the samples is largest (maximin).

    Raises
    ------
    SolutionCheckError
        The solver's portfolio breaks a rule, or its worst-case value disagrees with the
        solver's objective (a bug, never data).
    """
    v = _check_values(problem, values, max_samples)
    tolerance = check_options(time_limit, gap)
    model = build_model(problem)
    mip = _maximin_mip(model.mip, model.n_items, v)
    backend = get_solver(solver)
    started = time.perf_counter()
    session = backend.open(mip)
    raw = session.solve(time_limit=time_limit, gap=tolerance)
    seconds = model.build_seconds + (time.perf_counter() - started)
    notes: list[str] = []
    if not raw.status.has_solution or raw.x is None:
        return _choice("worst_case", problem, v, raw.status, None, None, seconds, raw.detail, notes)
    mask = verify_selection(problem, raw.x)
    worst = float((v @ mask).min())
    if raw.objective is not None and abs(raw.objective - worst) > 1e-6 * max(1.0, float(np.abs(v).sum(axis=1).max())):
        raise SolutionCheckError(
            f"the solver reports a worst-case value {raw.objective!r} but its portfolio's worst sample is worth {worst!r}"
        )
    if raw.status is SolveStatus.FEASIBLE:
        notes.append(f"The solver stopped at a limit ({raw.detail}): this portfolio is not proven maximin-optimal.")
    return _choice("worst_case", problem, v, raw.status, mask, raw.bound, seconds, raw.detail, notes)
