"""The solver's optimum equals brute-force enumeration, and its portfolio keeps every
rule when checked by an enumeration written apart from the model (tests/optimizer/brute.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.problem import items_of
from optimizer.portfolio import solve
from optimizer.status import SolveStatus
from optimizer.verify import check_selection

from .brute import all_subsets, brute_optimum, feasible_subsets
from .strategies import problems

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _check_against_brute_force(problem, solver: str) -> None:  # noqa: ANN001
    best, _ = brute_optimum(problem)
    sol = solve(problem, solver=solver, gap=0.0)
    if best is None:
        assert sol.status is SolveStatus.INFEASIBLE, sol.solver_detail
        assert sol.selected is None and sol.objective is None and sol.spend is None and sol.gap is None
        return
    assert sol.status is SolveStatus.OPTIMAL, sol.solver_detail
    assert sol.objective == pytest.approx(best, abs=1e-6)
    mask = items_of(problem, sol.selected)
    assert feasible_subsets(problem, mask[None, :])[0]
    assert check_selection(problem, mask) == ()
    assert sol.best_bound is not None and sol.best_bound >= sol.objective - 1e-9


@settings(max_examples=150, **SETTINGS)
@given(problems(max_items=12))
def test_highs_matches_brute_force(problem) -> None:  # noqa: ANN001
    _check_against_brute_force(problem, "highs")


@settings(max_examples=60, **SETTINGS)
@given(problems(max_items=12))
def test_cbc_matches_brute_force(problem) -> None:  # noqa: ANN001
    _check_against_brute_force(problem, "cbc")


@settings(max_examples=20, **SETTINGS)
@given(problems(max_items=16).filter(lambda p: len(p.items) >= 13))
def test_highs_matches_brute_force_at_16_items(problem) -> None:  # noqa: ANN001
    _check_against_brute_force(problem, "highs")


@settings(max_examples=100, **SETTINGS)
@given(problems(max_items=10), st.integers(0, 2**32 - 1))
def test_verify_agrees_with_brute_force_on_any_selection(problem, seed) -> None:  # noqa: ANN001
    """check_selection finds a violation exactly when enumeration says the subset breaks a rule."""
    subsets = all_subsets(len(problem.items))
    rng = np.random.default_rng(seed)
    sample = subsets[rng.choice(len(subsets), size=min(40, len(subsets)), replace=False)]
    ok = feasible_subsets(problem, sample)
    for mask, expected in zip(sample, ok):
        assert (check_selection(problem, mask) == ()) == bool(expected)
