"""Each solver's outcome maps to the right status, every time.

Fixtures are raw MIPs at the solver layer (status reading is what is tested):
optimal, LP-infeasible, infeasible only because of integrality, unbounded,
stopped by a time limit with and without an incumbent, and stopped by the gap.
"""

from __future__ import annotations

import numpy as np
import pytest

from optimizer.model import MipArrays
from optimizer.solvers import get_solver
from optimizer.status import SolveStatus, relative_gap, status_from_cbc, status_from_highs

SOLVERS = ["highs", "cbc", "pulp-highs"]


def mip(c, rows, lo, hi, *, col_lo=None, col_hi=None, integer=None, maximize=True) -> MipArrays:  # noqa: ANN001
    """A MIP from dense rows (small fixtures only)."""
    A = np.asarray(rows, dtype=float).reshape(len(lo), len(c))
    n = len(c)
    start = [0]
    index: list[int] = []
    value: list[float] = []
    for row in A:
        nz = np.flatnonzero(row)
        index += nz.tolist()
        value += row[nz].tolist()
        start.append(len(index))
    return MipArrays(
        objective=np.asarray(c, dtype=float),
        col_lower=np.zeros(n) if col_lo is None else np.asarray(col_lo, dtype=float),
        col_upper=np.ones(n) if col_hi is None else np.asarray(col_hi, dtype=float),
        integrality=np.ones(n, dtype=bool) if integer is None else np.asarray(integer, dtype=bool),
        row_lower=np.asarray(lo, dtype=float), row_upper=np.asarray(hi, dtype=float),
        row_start=np.asarray(start), row_index=np.asarray(index), row_value=np.asarray(value), maximize=maximize,
    )


def multi_knapsack(n: int = 400, m: int = 30, seed: int = 1) -> MipArrays:
    """Random multidimensional knapsack: an incumbent comes at once, the proof takes long."""
    rng = np.random.default_rng(seed)
    A = rng.integers(1, 100, (m, n))
    c = rng.integers(1, 100, n) + A.sum(axis=0) // m
    return mip(c, A, np.full(m, -np.inf), A.sum(axis=1) // 4)


def market_split(n: int = 50, m: int = 6, seed: int = 1) -> MipArrays:
    """Cornuéjols & Dawande (1999) market split: equalities on 0/1 variables;
    neither a solution nor a proof is found within a second."""
    rng = np.random.default_rng(seed)
    A = rng.integers(0, 100, (m, n))
    b = A.sum(axis=1) // 2
    return mip(np.zeros(n), A, b, b)


@pytest.mark.parametrize("solver", SOLVERS)
def test_optimal(solver: str) -> None:
    # max 5a + 4b + 3c, a + b <= 1, b + c <= 1 -> a = c = 1, value 8
    out = get_solver(solver).open(mip([5, 4, 3], [[1, 1, 0], [0, 1, 1]], [-np.inf] * 2, [1, 1])).solve(
        time_limit=None, gap=0.0)
    assert out.status is SolveStatus.OPTIMAL
    assert out.objective == pytest.approx(8.0)
    assert np.allclose(out.x, [1, 0, 1])
    assert out.bound == pytest.approx(8.0) and out.gap == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lp_infeasible(solver: str) -> None:
    # two binaries cannot sum to 3: the LP relaxation is infeasible already
    out = get_solver(solver).open(mip([1, 1], [[1, 1]], [3], [np.inf])).solve(time_limit=None, gap=0.0)
    assert out.status is SolveStatus.INFEASIBLE
    # CBC leaves values such as 1.0 and 2.0 in PuLP's variables here: none may leak out
    assert out.x is None and out.objective is None and out.bound is None and out.gap is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_integrality_only_infeasible(solver: str) -> None:
    # 2a + 2b = 1 has the LP solution a = 0.5 but no 0/1 solution
    out = get_solver(solver).open(mip([1, 1], [[2, 2]], [1], [1])).solve(time_limit=None, gap=0.0)
    assert out.status is SolveStatus.INFEASIBLE
    assert out.x is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_unbounded(solver: str) -> None:
    # max z + a with z >= a, z integer without upper bound
    model = mip([1, 1], [[1, -1]], [0], [np.inf], col_hi=[np.inf, 1])
    out = get_solver(solver).open(model).solve(time_limit=None, gap=0.0)
    assert out.status is SolveStatus.UNBOUNDED_OR_INFEASIBLE
    assert out.x is None and out.objective is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_time_limit_with_incumbent(solver: str) -> None:
    out = get_solver(solver).open(multi_knapsack()).solve(time_limit=1.0, gap=0.0)
    assert out.status is SolveStatus.FEASIBLE
    assert out.x is not None and out.objective is not None
    # the gap is reported honestly: it is the distance to the bound, and not zero
    assert out.bound is not None and out.bound > out.objective
    assert out.gap == pytest.approx((out.bound - out.objective) / out.objective)
    assert out.gap > 0


@pytest.mark.parametrize("solver", SOLVERS)
def test_time_limit_without_incumbent(solver: str) -> None:
    out = get_solver(solver).open(market_split()).solve(time_limit=1.0, gap=0.0)
    assert out.status is SolveStatus.NO_SOLUTION
    assert out.x is None and out.objective is None and out.gap is None


@pytest.mark.parametrize("solver", SOLVERS)
def test_gap_stop(solver: str) -> None:
    # a 5 % tolerance stops the search early: optimal within the tolerance, gap reported
    out = get_solver(solver).open(multi_knapsack()).solve(time_limit=60.0, gap=0.05)
    assert out.status is SolveStatus.OPTIMAL
    assert out.bound is not None and out.bound >= out.objective
    assert out.gap is not None and out.gap <= 0.05 + 1e-9


def test_highs_mapping_reads_solution_not_pulp_words() -> None:
    """PuLP 3.3 calls a time-limited HiGHS solve "Optimal" (pulp/apis/highs_api.py);
    we look at whether HiGHS holds a primal solution."""
    assert status_from_highs("kTimeLimit", True, True) is SolveStatus.FEASIBLE
    assert status_from_highs("kTimeLimit", False, True) is SolveStatus.NO_SOLUTION
    assert status_from_highs("kInterrupt", True, True) is SolveStatus.FEASIBLE
    assert status_from_highs("kUnboundedOrInfeasible", False, False) is SolveStatus.UNBOUNDED_OR_INFEASIBLE
    # with every column bounded nothing can be unbounded
    assert status_from_highs("kUnboundedOrInfeasible", False, True) is SolveStatus.INFEASIBLE
    assert status_from_highs("kOptimal", False, True) is SolveStatus.NO_SOLUTION
    assert status_from_highs("kSolveError", False, True) is SolveStatus.NO_SOLUTION


def test_cbc_mapping_reads_its_own_words() -> None:
    """CBC's words as seen in its logs and solution files (PuLP 3.3.2's bundled CBC)."""
    assert status_from_cbc("Result - Stopped on time limit", "Stopped on time - objective value 13566.0",
                           True) is SolveStatus.FEASIBLE
    assert status_from_cbc("Result - Stopped on time limit",
                           "Stopped on time (no integer solution - continuous used) - objective value 0.0",
                           True) is SolveStatus.NO_SOLUTION
    assert status_from_cbc("Problem is infeasible - 0.00 seconds", "Infeasible - objective value 1.0",
                           True) is SolveStatus.INFEASIBLE
    assert status_from_cbc("Pre-processing says infeasible or unbounded",
                           "Integer infeasible - objective value 0.5", True) is SolveStatus.INFEASIBLE
    assert status_from_cbc("Pre-processing says infeasible or unbounded",
                           "Integer infeasible - objective value 0.5", False) is SolveStatus.UNBOUNDED_OR_INFEASIBLE
    assert status_from_cbc("Problem is unbounded", "Unbounded - objective value 0.0",
                           False) is SolveStatus.UNBOUNDED_OR_INFEASIBLE
    assert status_from_cbc("Result - Optimal solution found", "Optimal - objective value 4.0",
                           True) is SolveStatus.OPTIMAL


def test_relative_gap_is_highs_definition() -> None:
    assert relative_gap(100.0, 101.0) == pytest.approx(0.01)
    assert relative_gap(-100.0, -99.0) == pytest.approx(0.01)
    assert relative_gap(5.0, 5.0) == 0.0
    assert relative_gap(None, 1.0) is None
    assert relative_gap(1.0, float("inf")) is None
