"""Entropy and CRITIC weights against their formulas, pymcdm and pyrepo-mcda; equal weights."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from pymcdm import weights as pw

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.objective_weights import critic_weights, entropy_weights, equal_weights
from tests.mcda.rank_strategies import distinct_columns, names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def entropy_by_hand(x):
    """Shannon (1948) / Zeleny (1982): e_j = -(1/ln m) sum p ln p (0 ln 0 = 0), w = (1-e)/sum(1-e)."""
    m, n = len(x), len(x[0])
    d = []
    for j in range(n):
        total = sum(r[j] for r in x)
        p = [r[j] / total for r in x]
        e = -sum(pi * math.log(pi) for pi in p if pi > 0) / math.log(m)
        d.append(1 - e)
    return [dj / sum(d) for dj in d]


def critic_by_hand(x, types):
    """Diakoulaki, Mavrotas & Papayannakis (1995): r = (x - worst)/(best - worst),
    C_j = sigma_j sum_k (1 - rho_jk), w = C / sum C."""
    m, n = len(x), len(x[0])
    cols = []
    for j in range(n):
        col = [r[j] for r in x]
        best, worst = (max(col), min(col)) if types[j] > 0 else (min(col), max(col))
        cols.append([(v - worst) / (best - worst) for v in col])
    mean = [sum(c) / m for c in cols]
    sd = [math.sqrt(sum((v - mu) ** 2 for v in c) / m) for c, mu in zip(cols, mean)]

    def rho(a, b):
        return sum((cols[a][i] - mean[a]) * (cols[b][i] - mean[b]) for i in range(m)) / (m * sd[a] * sd[b])

    c = [sd[j] * sum(1 - rho(j, k) for k in range(n)) for j in range(n)]
    return [cj / sum(c) for cj in c]


X = [[7.0, 9.0, 9.0, 4.0], [8.0, 7.0, 8.0, 6.0], [9.0, 6.0, 8.0, 2.0], [6.0, 7.0, 8.5, 3.0], [5.0, 8.0, 7.0, 5.0]]


def test_entropy_small_example_against_the_formula_and_pymcdm():
    w = entropy_weights(dm(X, [1, -1, 1, -1]))
    assert np.allclose(w, entropy_by_hand(X), rtol=0, atol=1e-15)
    assert np.allclose(w, pw.entropy_weights(np.array(X)))
    assert not w.flags.writeable and w.sum() == pytest.approx(1)


def test_entropy_with_zeros_uses_0_ln_0_equal_0_where_pymcdm_raises():
    x = [[0.0, 3.0], [1.0, 5.0], [1.0, 4.0]]
    assert np.allclose(entropy_weights(dm(x, [1, 1])), entropy_by_hand(x))
    with pytest.raises(ValueError, match="sum_normalization requires all positive values"):
        pw.entropy_weights(np.array(x))


@settings(max_examples=80, deadline=None)
@given(problems(low=0.0, high=100.0))
def test_entropy_agrees_with_pyrepo_and_pymcdm(problem):
    from pyrepo_mcda.weighting_methods import entropy_weighting

    matrix, _ = problem
    assume(distinct_columns(matrix))
    ours = entropy_weights(matrix)
    assert np.allclose(ours, entropy_weighting(matrix.values), rtol=0, atol=1e-10)
    if np.all(matrix.values > 0):
        assert np.allclose(ours, pw.entropy_weights(matrix.values), rtol=0, atol=1e-10)


def test_entropy_equal_criterion_gets_zero_weight_and_errors():
    w = entropy_weights(dm([[1.0, 4.0], [3.0, 4.0]], [1, 1]))
    assert w.tolist() == [1.0, 0.0]
    with pytest.raises(McdaInputError, match=r"entropy weights need values >= 0; project 'A2' has -1.0 on criterion 'C1'"):
        entropy_weights(dm([[1.0, 2.0], [-1.0, 3.0]], [1, 1]))
    with pytest.raises(McdaInputError, match="at least two projects"):
        entropy_weights(dm([[1.0, 2.0]], [1, 1]))
    with pytest.raises(McdaInputError, match="no criterion varies"):
        entropy_weights(dm([[1.0, 2.0], [1.0, 2.0]], [1, 1]))


def test_critic_small_example_against_the_formula():
    w = critic_weights(dm(X, [1, -1, 1, -1]))
    assert np.allclose(w, critic_by_hand(X, [1, -1, 1, -1]), rtol=0, atol=1e-14)


def test_critic_equals_pymcdm_for_benefit_criteria_and_differs_when_types_are_mixed():
    """pymcdm (and pyrepo) scale every criterion as a benefit; Diakoulaki et al. orient cost
    criteria, which flips the sign of their correlations with the others."""
    assert np.allclose(critic_weights(dm(X, [1, 1, 1, 1])), pw.critic_weights(np.array(X)))
    assert not np.allclose(critic_weights(dm(X, [1, -1, 1, -1])), pw.critic_weights(np.array(X)), atol=1e-3)


@settings(max_examples=80, deadline=None)
@given(problems(min_m=3, low=-50.0, high=50.0, types="benefit"))
def test_critic_agrees_with_pymcdm_and_pyrepo_on_benefit_criteria(problem):
    from pyrepo_mcda.weighting_methods import critic_weighting

    matrix, _ = problem
    assume(distinct_columns(matrix) and len(matrix.criteria) > 1)
    try:
        ours = critic_weights(matrix)
    except McdaInputError:  # all criteria perfectly correlated: undefined, peers give noise
        assume(False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pw.critic_weights(matrix.values)
    assume(np.all(np.isfinite(theirs)))
    assert np.allclose(ours, theirs, rtol=0, atol=1e-10)
    assert np.allclose(ours, critic_weighting(matrix.values), rtol=0, atol=1e-10)


def test_critic_equal_criterion_gets_zero_and_leaves_the_others_unchanged():
    with_const = np.column_stack([X, np.full(5, 2.0)])
    w = critic_weights(dm(with_const, [1, -1, 1, -1, 1]))
    assert w[-1] == 0 and np.allclose(w[:-1], critic_weights(dm(X, [1, -1, 1, -1])))


def test_critic_edge_cases():
    assert critic_weights(dm([[1.0, 5.0], [2.0, 5.0]], [1, 1])).tolist() == [1.0, 0.0]
    with pytest.raises(McdaInputError, match="perfectly correlated"):
        critic_weights(dm([[1.0, 5.0], [2.0, 7.0]], [1, 1]))
    with pytest.raises(McdaInputError, match="at least two projects"):
        critic_weights(dm([[1.0, 5.0]], [1, 1]))


def test_equal_weights():
    assert equal_weights(4).tolist() == [0.25] * 4
    with pytest.raises(McdaInputError, match=r"equal_weights: n = 0; the number of criteria must be an integer >= 1"):
        equal_weights(0)
