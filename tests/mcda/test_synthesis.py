"""AHP synthesis (distributive and ideal) and the value functions of measured criteria."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mcda.errors import McdaInputError
from mcda.synthesis import normalise_local, synthesise
from mcda.value_functions import apply_value_function

# Printed local priorities and criteria weights of the "choosing a leader" example
# (Wikipedia, "Analytic hierarchy process - leader example", figures of the final hierarchy):
# criteria experience, education, charisma, age; candidates Tom, Dick, Harry.
LEADER_WEIGHTS = np.array([0.547, 0.127, 0.270, 0.056])
LEADER_LOCAL = np.array(
    [
        [0.217, 0.188, 0.743, 0.265],  # Tom
        [0.717, 0.081, 0.194, 0.672],  # Dick
        [0.066, 0.731, 0.063, 0.063],  # Harry
    ]
)


def test_distributive_synthesis_reproduces_leader_example() -> None:
    """Global priorities Tom .358, Dick .493, Harry .149 (Wikipedia leader example). The inputs
    here are the printed, rounded local priorities, so agreement is to 1e-3; the exact
    reproduction from the judgments is in tests/api/test_full_ahp.py."""
    scores, _ = synthesise(LEADER_LOCAL, LEADER_WEIGHTS, "distributive")
    assert scores == pytest.approx([0.358, 0.493, 0.149], abs=1e-3)


def test_ideal_synthesis_divides_each_criterion_by_its_best() -> None:
    """Ideal mode written out: sum_j w_j * l_ij / max_i l_ij (Saaty 1994, ideal mode)."""
    scores, local = synthesise(LEADER_LOCAL, LEADER_WEIGHTS, "ideal")
    by_hand = [
        sum(LEADER_WEIGHTS[j] * LEADER_LOCAL[i, j] / max(LEADER_LOCAL[:, j]) for j in range(4)) for i in range(3)
    ]
    assert scores == pytest.approx(by_hand, abs=1e-12)
    assert local.max(axis=0) == pytest.approx(np.ones(4))
    # the ideal candidate on every criterion would score the sum of the weights
    assert np.max(scores) <= LEADER_WEIGHTS.sum() + 1e-12


local_matrices = st.integers(2, 6).flatmap(
    lambda m: st.integers(1, 5).flatmap(
        lambda n: st.tuples(
            arrays(float, (m, n), elements=st.floats(0.01, 100)),
            arrays(float, (n,), elements=st.floats(0.01, 1)),
        )
    )
)


@settings(max_examples=100, deadline=None)
@given(local_matrices)
def test_distributive_scores_sum_to_one(data) -> None:
    local, w = data
    w = w / w.sum()
    scores, normalised = synthesise(local, w, "distributive")
    assert scores.sum() == pytest.approx(1.0)
    assert normalised.sum(axis=0) == pytest.approx(np.ones(local.shape[1]))


@settings(max_examples=100, deadline=None)
@given(local_matrices, st.floats(0.0, 0.99))
def test_ideal_mode_keeps_order_when_a_worse_alternative_is_added(data, shrink) -> None:
    """Ideal synthesis: an added alternative no better than the best on any criterion leaves
    the others' scores (hence order) unchanged (Saaty 1994; Millet & Saaty 2000)."""
    local, w = data
    w = w / w.sum()
    before, _ = synthesise(local, w, "ideal")
    worse = local.min(axis=0) * shrink
    after, _ = synthesise(np.vstack([local, worse]), w, "ideal")
    assert after[:-1] == pytest.approx(before, rel=1e-12, abs=1e-15)


def test_unknown_mode_and_bad_priorities_are_refused() -> None:
    with pytest.raises(McdaInputError, match="unknown mode 'best'; valid: distributive, ideal"):
        normalise_local(LEADER_LOCAL, "best")
    with pytest.raises(McdaInputError, match="finite and >= 0"):
        normalise_local(-LEADER_LOCAL, "ideal")
    with pytest.raises(McdaInputError, match="criterion 'c2' gives every alternative priority 0"):
        normalise_local(np.array([[1.0, 0.0], [2.0, 0.0]]), "ideal", ("c1", "c2"))


@pytest.mark.parametrize(
    ("kind", "benefit", "expected"),
    [
        ("ratio", True, [2 / 8, 4 / 8, 1.0]),
        ("ratio", False, [1.0, 2 / 4, 2 / 8]),
        ("linear", True, [0.0, 2 / 6, 1.0]),
        ("linear", False, [1.0, 4 / 6, 0.0]),
        ("sum", True, [2 / 14, 4 / 14, 8 / 14]),
        ("sum", False, [(1 / 2) / 0.875, (1 / 4) / 0.875, (1 / 8) / 0.875]),
    ],
)
def test_value_functions_by_hand(kind: str, benefit: bool, expected: list[float]) -> None:
    x = np.array([2.0, 4.0, 8.0])
    assert apply_value_function(x, kind, benefit=benefit) == pytest.approx(expected)


@settings(max_examples=100, deadline=None)
@given(arrays(float, st.integers(2, 8), elements=st.floats(0.1, 1e4)), st.sampled_from(["ratio", "linear", "sum"]))
def test_value_functions_order_alternatives_by_the_criterion(x, kind) -> None:
    """More is better on a benefit criterion and worse on a cost one; values stay in [0, 1]."""
    up = apply_value_function(x, kind, benefit=True)
    down = apply_value_function(x, kind, benefit=False)
    assert np.all((up >= 0) & (up <= 1 + 1e-12)) and np.all((down >= 0) & (down <= 1 + 1e-12))
    i, j = int(np.argmax(x)), int(np.argmin(x))
    if x[i] > x[j]:
        assert up[i] > up[j] and down[i] < down[j]


def test_constant_criterion_does_not_discriminate() -> None:
    for kind in ("ratio", "linear", "sum"):
        assert apply_value_function(np.array([3.0, 3.0]), kind, benefit=False).tolist() == [1.0, 1.0]


def test_ratio_value_function_needs_positive_cost_values() -> None:
    with pytest.raises(McdaInputError, match="'ratio' value function of cost criterion 'risk' needs values > 0; 'b' has 0"):
        apply_value_function(np.array([2.0, 0.0]), "ratio", benefit=False, criterion="risk", alternatives=("a", "b"))
