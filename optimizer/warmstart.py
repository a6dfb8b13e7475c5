"""A starting portfolio for HiGHS, from the LP relaxation (a project-wise RENS).

Why: on portfolio models HiGHS 1.16 proves a good bound quickly but finds good
portfolios late; its own heuristics spend most of the time in conflict
propagation (profiled with perf: 67 % of a 500-project solve). Given a portfolio
within the gap, the same solve ends at the root: 500 projects x 13 measures took
15-30 s without a start and 1.4-3.5 s with this one, depending on the load of
the machine (benchmarks/portfolio_solve.py). At 5,000 projects the restricted MIP
below is itself slow (30-45 s) and its result varies from run to run.

How (after Berthold 2014, "RENS: the optimal rounding", Math. Prog. Comp. 6):
1. solve the LP relaxation on the session itself (its basis then serves the
   MIP's root LP);
2. every project whose items are all 0 or 1 in the LP keeps those values; all
   items of the other projects (and fractional region-wide items) stay free.
   Freeing whole projects, not single fractional items, matters: the LP often
   takes half of a dependent pair, and the best repair uses an item the LP left
   at 0 (measured: fixing single items loses 0.3-2 % of value, whole projects
   0.001 %);
3. the MIP over the free items is solved with presolve on (it is much smaller);
4. its portfolio is offered to the full MIP as a start.

Any portfolio found is feasible for the full model (only bounds were fixed), and
the caller checks it against the rules like any other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from optimizer.model import PortfolioModel
from optimizer.solvers import SolverBackend, SolverSession
from optimizer.status import SolveStatus

__all__ = ["WarmStart", "lp_guided_start"]

_FRACTIONAL = 1e-6


@dataclass(frozen=True)
class WarmStart:
    """What the start search produced.

    Attributes
    ----------
    x : numpy.ndarray or None
        A feasible solution of the full model, or None.
    objective : float or None
        Its total value.
    lp_bound : float or None
        Optimum of the LP relaxation (an upper bound on the total value).
    lp_status : SolveStatus
    free_items : int
        Items left free in the restricted MIP.
    lp_seconds, restricted_seconds : float
    """

    x: np.ndarray | None
    objective: float | None
    lp_bound: float | None
    lp_status: SolveStatus
    free_items: int
    lp_seconds: float
    restricted_seconds: float


def lp_guided_start(
    model: PortfolioModel,
    session: SolverSession,
    backend: SolverBackend,
    *,
    gap: float,
    deadline: float | None,
) -> WarmStart:
    """Find a starting portfolio for ``model`` (see the module docstring).

    Parameters
    ----------
    model : PortfolioModel
    session : SolverSession
        A HiGHS session holding ``model`` (its LP relaxation is solved in place).
    backend : SolverBackend
        Opens the restricted MIP.
    gap : float
        Relative gap the caller asks of the full solve; the restricted MIP gets half.
    deadline : float or None
        ``time.perf_counter()`` value by which the start must be ready.
    """
    relax = getattr(session, "solve_relaxation", None)
    n = model.n_items
    started = time.perf_counter()
    # under a time limit the LP gets half of it: the MIP must keep time of its own
    # (at 20,000 projects the LP alone can take the whole limit)
    lp_limit = None if deadline is None else max(0.5 * (deadline - started), 0.01)
    if relax is None:
        return WarmStart(None, None, None, SolveStatus.NO_SOLUTION, 0, 0.0, 0.0)
    lp = relax(time_limit=lp_limit)
    lp_seconds = time.perf_counter() - started
    if not lp.status.has_solution or lp.x is None:
        return WarmStart(None, None, None, lp.status, 0, lp_seconds, 0.0)
    x = np.asarray(lp.x)[:n]
    fractional = (x > _FRACTIONAL) & (x < 1 - _FRACTIONAL)
    project = model.problem.project_index
    free = fractional & (project < 0)
    free |= np.isin(project, np.unique(project[fractional & (project >= 0)])) & (project >= 0)
    fixed = np.flatnonzero(~free)
    sub_started = time.perf_counter()
    if deadline is None:
        # the start must not cost more than a few LP solves
        limit: float | None = max(10.0, 4.0 * lp_seconds)
    else:
        limit = 0.4 * (deadline - sub_started)
        if limit < 0.05:
            return WarmStart(None, None, lp.objective, lp.status, int(free.sum()), lp_seconds, 0.0)
    restricted = backend.open(model.mip, options={"presolve": "on"})
    values = np.round(x[fixed])
    restricted.set_col_bounds(fixed, values, values)
    out = restricted.solve(time_limit=limit, gap=gap / 2)
    sub_seconds = time.perf_counter() - sub_started
    if not out.status.has_solution or out.x is None:
        return WarmStart(None, None, lp.objective, lp.status, int(free.sum()), lp_seconds, sub_seconds)
    return WarmStart(np.asarray(out.x), out.objective, lp.objective, lp.status, int(free.sum()),
                     lp_seconds, sub_seconds)
