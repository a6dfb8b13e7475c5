"""Our own solve status, and how each solver's report maps onto it.

PuLP's status is not used: PuLP 3.3 reports a time-limited HiGHS solve as
"Optimal" and an unbounded HiGHS model as "Infeasible" (see
``pulp/apis/highs_api.py``, ``findSolutionValues``), and CBC's "Stopped" as
"Not Solved" whether or not a solution exists. Each mapper below reads the
solver's own model status and whether it holds a primal solution.
"""

from __future__ import annotations

import enum
import math

__all__ = ["SolveStatus", "relative_gap", "status_from_cbc", "status_from_highs"]


class SolveStatus(enum.Enum):
    """Outcome of a solve.

    OPTIMAL: proven optimal within the requested relative gap (the gap is
    reported and is at most that tolerance).
    FEASIBLE: a limit (time, nodes, interrupt) stopped the solver holding a
    solution; the gap to the best bound is reported.
    INFEASIBLE: proven that no portfolio satisfies every rule.
    UNBOUNDED_OR_INFEASIBLE: the solver proved only that no finite optimum exists.
    NO_SOLUTION: the solver stopped without a solution and without a proof.
    """

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNBOUNDED_OR_INFEASIBLE = "unbounded_or_infeasible"
    NO_SOLUTION = "no_solution"

    @property
    def has_solution(self) -> bool:
        """True when a solution (and thus a portfolio) comes with this status."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


def relative_gap(objective: float | None, bound: float | None) -> float | None:
    """HiGHS's relative gap ``|bound - objective| / max(|objective|, 1e-9)``.

    The same formula for every solver, so gaps are comparable; 0 when both are
    equal, None when either is missing or not finite.
    """
    if objective is None or bound is None or not (math.isfinite(objective) and math.isfinite(bound)):
        return None
    if bound == objective:
        return 0.0
    return abs(bound - objective) / max(abs(objective), 1e-9)


# HiGHS model statuses, by name so that this module imports without highspy.
_HIGHS_PROVEN = {
    "kOptimal": SolveStatus.OPTIMAL,
    "kInfeasible": SolveStatus.INFEASIBLE,
    "kUnboundedOrInfeasible": SolveStatus.UNBOUNDED_OR_INFEASIBLE,
    "kUnbounded": SolveStatus.UNBOUNDED_OR_INFEASIBLE,
}
_HIGHS_STOPPED = {
    "kTimeLimit",
    "kIterationLimit",
    "kSolutionLimit",
    "kInterrupt",
    "kHighsInterrupt",
    "kMemoryLimit",
    "kObjectiveBound",
    "kObjectiveTarget",
}


def status_from_highs(model_status: str, has_primal_solution: bool, all_bounded: bool) -> SolveStatus:
    """Map a HiGHS model status name (e.g. ``"kTimeLimit"``) to our status.

    Parameters
    ----------
    model_status : str
        ``HighsModelStatus`` member name.
    has_primal_solution : bool
        HiGHS's ``primal_solution_status`` is feasible (a stopped MIP may or may
        not hold an incumbent).
    all_bounded : bool
        Every column has finite bounds, so the model cannot be unbounded and
        "unbounded or infeasible" can only mean infeasible.
    """
    if model_status == "kOptimal":
        # HiGHS says optimal only with a feasible primal solution; anything else
        # would be a solver bug we must not turn into a portfolio.
        return SolveStatus.OPTIMAL if has_primal_solution else SolveStatus.NO_SOLUTION
    if model_status in _HIGHS_PROVEN:
        status = _HIGHS_PROVEN[model_status]
        if status is SolveStatus.UNBOUNDED_OR_INFEASIBLE and all_bounded:
            return SolveStatus.INFEASIBLE
        return status
    if model_status in _HIGHS_STOPPED:
        return SolveStatus.FEASIBLE if has_primal_solution else SolveStatus.NO_SOLUTION
    return SolveStatus.NO_SOLUTION


def status_from_cbc(log: str, status_line: str, all_bounded: bool) -> SolveStatus:
    """Map CBC's own reports to our status.

    Parameters
    ----------
    log : str
        CBC's log (its "Result - ..." and "Problem is ..." lines are read).
    status_line : str
        First line of CBC's solution file, e.g. "Stopped on time - objective value 7",
        "Infeasible - objective value 0", "Integer infeasible - objective value 0.5",
        "Optimal - objective value 12".
    all_bounded : bool
        Every column has finite bounds, so the model cannot be unbounded.
    """
    text = log.lower()
    first = status_line.strip().lower()
    # CBC's preprocessing says "infeasible or unbounded" and then writes
    # "Integer infeasible" to the solution file: only bounds settle which.
    either = "infeasible or unbounded" in text
    if first.startswith("unbounded") or "problem is unbounded" in text or (either and not all_bounded):
        return SolveStatus.INFEASIBLE if all_bounded else SolveStatus.UNBOUNDED_OR_INFEASIBLE
    if first.startswith(("infeasible", "integer infeasible")) or "problem is infeasible" in text:
        return SolveStatus.INFEASIBLE
    if first.startswith("optimal") and "objective value" in first:
        return SolveStatus.OPTIMAL
    if first.startswith("stopped"):
        # "Stopped on time - objective value X" carries an incumbent; CBC writes
        # "Stopped on time - no integer solution" (or similar) when it has none.
        has_incumbent = "objective value" in first and "no integer" not in first
        return SolveStatus.FEASIBLE if has_incumbent else SolveStatus.NO_SOLUTION
    return SolveStatus.NO_SOLUTION
