"""Robust portfolios against brute force on small random problems (every subset, every rule)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from optimizer.errors import PortfolioInputError
from optimizer.problem import Item, PortfolioProblem, Rules, TotalBudget
from optimizer.robust import (
    expected_value_portfolio,
    sample_optima,
    value_samples,
    with_values,
    worst_case_portfolio,
)
from tests.optimizer.brute import all_subsets, feasible_subsets
from tests.optimizer.strategies import problems


def brute(problem: PortfolioProblem) -> np.ndarray:
    """Every feasible selection, one per row."""
    subsets = all_subsets(len(problem.items))
    return subsets[feasible_subsets(problem, subsets)]


def sampled_values(data, n: int) -> np.ndarray:
    s = data.draw(st.integers(1, 6))
    seed = data.draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).integers(0, 30, size=(s, n)).astype(float)


@settings(max_examples=60, deadline=None)
@given(problems(max_items=10), st.data())
def test_each_sample_optimum_is_the_brute_force_optimum(problem, data):
    feasible = brute(problem)
    assume(feasible.shape[0] > 0)
    values = sampled_values(data, len(problem.items))
    result = sample_optima(value_samples(problem, values), gap=0.0)
    best = (feasible @ values.T).max(axis=0)
    np.testing.assert_allclose(result.objective, best, rtol=1e-9, atol=1e-9)
    assert feasible_subsets(problem, result.selected).all(), "every sample's portfolio keeps every rule"
    np.testing.assert_allclose(result.core_index, result.selected.mean(axis=0))
    assert set(result.core) | set(result.borderline) | set(result.exterior) == set(result.items)


@settings(max_examples=60, deadline=None)
@given(problems(max_items=10), st.data())
def test_expected_and_worst_case_choices_equal_brute_force(problem, data):
    feasible = brute(problem)
    assume(feasible.shape[0] > 0)
    values = sampled_values(data, len(problem.items))
    per_subset = feasible @ values.T  # feasible subsets x samples
    expected = expected_value_portfolio(problem, values, gap=0.0)
    worst = worst_case_portfolio(problem, values, gap=0.0)
    assert expected.expected_value == pytest.approx(per_subset.mean(axis=1).max(), abs=1e-9)
    assert worst.worst_value == pytest.approx(per_subset.min(axis=1).max(), abs=1e-9)
    for choice in (expected, worst):
        mask = np.array([it.id in set(choice.selected) for it in problem.items])
        assert feasible_subsets(problem, mask[None])[0]
        np.testing.assert_allclose(choice.values, values @ mask)
    assert worst.worst_value >= expected.worst_value - 1e-9
    assert expected.expected_value >= worst.expected_value - 1e-9


@settings(max_examples=40, deadline=None)
@given(problems(max_items=8))
def test_infeasible_rules_are_a_status_for_the_choices_and_an_error_for_the_samples(problem):
    assume(brute(problem).shape[0] == 0)
    values = np.ones((2, len(problem.items)))
    assert worst_case_portfolio(problem, values).selected is None
    assert expected_value_portfolio(problem, values).status.value == "infeasible"
    with pytest.raises(PortfolioInputError, match=r"sample 0: the portfolio rules admit no solution \(infeasible"):
        sample_optima(value_samples(problem, values))


def test_core_borderline_exterior_on_a_knapsack_by_hand():
    """Budget 10; a (cost 6) and b (cost 6) compete, c (cost 4) always fits, d (cost 11)
    never does: c is core, d exterior, a and b borderline when their values swap."""
    items = tuple(Item(k, "1.1", "1", (cost,), 1.0, project=k) for k, cost in zip("abcd", (6.0, 6.0, 4.0, 11.0)))
    problem = PortfolioProblem(items, Rules(total_budget=TotalBudget(10.0)))
    values = np.array([[5.0, 3.0, 1.0, 9.0], [3.5, 5.0, 1.0, 9.0], [6.0, 4.0, 1.0, 9.0]])
    result = sample_optima(value_samples(problem, values))
    assert result.core == ("c",) and result.exterior == ("d",) and result.borderline == ("a", "b")
    assert result.core_index.tolist() == pytest.approx([2 / 3, 1 / 3, 1.0, 0.0])
    worst = worst_case_portfolio(problem, values)
    # {a, c} is worth 6, 4.5, 7 and {b, c} 4, 6, 5 across the samples: maximin takes {a, c}
    assert set(worst.selected) == {"a", "c"} and worst.worst_value == 4.5


def test_bad_inputs_are_named():
    items = (Item("a", "1.1", "1", (1.0,), 1.0), Item("b", "1.1", "1", (1.0,), 1.0))
    problem = PortfolioProblem(items)
    with pytest.raises(PortfolioInputError, match=r"values must be an array \(samples, 2 items\), got shape \(3,\)"):
        worst_case_portfolio(problem, np.ones(3))
    with pytest.raises(PortfolioInputError, match=r"values: sample 1, item 'b' is nan"):
        expected_value_portfolio(problem, np.array([[1.0, 1.0], [1.0, np.nan]]))
    with pytest.raises(PortfolioInputError, match=r"3 samples given; at most 2 are solved one by one"):
        sample_optima(value_samples(problem, np.ones((3, 2))), max_samples=2)
    other = PortfolioProblem((Item("b", "1.1", "1", (1.0,), 1.0), Item("a", "1.1", "1", (1.0,), 1.0)))
    with pytest.raises(PortfolioInputError, match=r"sample 1: its items differ from sample 0's"):
        sample_optima([problem, other])
    assert with_values(problem, [2.0, 3.0]).values.tolist() == [2.0, 3.0]
