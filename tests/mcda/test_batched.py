"""Batched scores equal per-sample pymcdm and per-sample mcda.methods.rank to 1e-9."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from mcda.batched import batch_scorer, check_value_domain, topsis_batch
from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.methods.topsis import topsis_closeness
from tests.mcda.rank_strategies import distinct_columns, names, problems

TOL = 1e-9


def weight_batch(seed: int, n: int, s: int) -> np.ndarray:
    """Positive weight vectors summing to 1 (Dirichlet(1)), one per row."""
    return np.random.default_rng(seed).dirichlet(np.ones(n), size=s)


def _quiet(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


@settings(max_examples=80, deadline=None)
@given(problems(low=0.5, high=100.0), st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_topsis_equals_pymcdm_vector_and_rank(problem, seed, s):
    """pymcdm is given its vector normalisation explicitly (its default is min-max)."""
    matrix, _ = problem
    assume(distinct_columns(matrix))
    w = weight_batch(seed, matrix.shape[1], s)
    batched = batch_scorer(matrix, "topsis").scores(w)
    for k in range(s):
        theirs = _quiet(pm.TOPSIS(pn.vector_normalization), matrix.values, w[k], matrix.types)
        np.testing.assert_allclose(batched[k], theirs, rtol=0, atol=TOL)
        np.testing.assert_allclose(batched[k], rank(matrix, w[k]).scores, rtol=0, atol=TOL)


@settings(max_examples=60, deadline=None)
@given(problems(low=-50.0, high=50.0), st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_wsm_equals_pymcdm_minmax_and_rank(problem, seed, s):
    matrix, _ = problem
    assume(distinct_columns(matrix))
    w = weight_batch(seed, matrix.shape[1], s)
    batched = batch_scorer(matrix, "wsm").scores(w)
    for k in range(s):
        theirs = _quiet(pm.WSM(pn.minmax_normalization), matrix.values, w[k], matrix.types)
        np.testing.assert_allclose(batched[k], theirs, rtol=0, atol=TOL)
        np.testing.assert_allclose(batched[k], rank(matrix, w[k], "wsm").scores, rtol=0, atol=TOL)


@settings(max_examples=60, deadline=None)
@given(problems(low=0.01, high=1000.0), st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_wpm_equals_pymcdm_linear_and_rank(problem, seed, s):
    """pymcdm's linear normalisation is x/max and min/x, the form our WPM uses."""
    matrix, _ = problem
    w = weight_batch(seed, matrix.shape[1], s)
    batched = batch_scorer(matrix, "wpm").scores(w)
    for k in range(s):
        theirs = _quiet(pm.WPM(pn.linear_normalization), matrix.values, w[k], matrix.types)
        np.testing.assert_allclose(batched[k], theirs, rtol=TOL, atol=0)
        np.testing.assert_allclose(batched[k], rank(matrix, w[k], "wpm").scores, rtol=TOL, atol=0)


@pytest.mark.parametrize(
    "method, options",
    [
        ("topsis", {"normalization": "minmax"}),
        ("topsis", {"normalization": "max"}),
        ("topsis", {"normalization": "sum"}),
        ("wsm", {"normalization": "max"}),
        ("wsm", {"normalization": "sum"}),
        ("promethee_ii", {}),
        ("promethee_ii", {"preference_function": "v-shape", "p": {"C1": 20.0, "C2": 20.0, "C3": 20.0}}),
        ("spotis", {}),
        ("ahp", {}),
        ("vikor", {}),
        ("copras", {}),
    ],
)
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_every_method_and_option_equals_rank(method, options, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 100.0, size=(6, 3)).round(4)
    matrix = DecisionMatrix.from_rows(names("P", 6), names("C", 3), x, [1, -1, 1])
    w = weight_batch(seed, 3, 4)
    batched = batch_scorer(matrix, method, **options).scores(w)
    for k in range(4):
        np.testing.assert_allclose(batched[k], rank(matrix, w[k], method, **options).scores, rtol=0, atol=TOL)


@pytest.mark.parametrize("method", ["topsis", "wsm", "wpm", "vikor", "spotis"])
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_per_sample_values_equal_rank_on_each_sample(method, seed):
    """The vectorised renormalisation of a stack of matrices equals ranking each one."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(1.0, 50.0, size=(5, 3))
    matrix = DecisionMatrix.from_rows(names("P", 5), names("C", 3), base, [1, 1, -1])
    stack = base * rng.uniform(0.8, 1.2, size=(4, 5, 3))
    w = weight_batch(seed, 3, 4)
    batched = batch_scorer(matrix, method).scores(w, stack)
    for k in range(4):
        sample = DecisionMatrix.from_rows(names("P", 5), names("C", 3), stack[k], [1, 1, -1])
        np.testing.assert_allclose(batched[k], rank(sample, w[k], method).scores, rtol=0, atol=TOL)


@settings(max_examples=60, deadline=None)
@given(problems(low=-50.0, high=50.0), st.integers(0, 2**32 - 1))
def test_weighted_ideal_is_weights_times_normalised_ideal(problem, seed):
    """The identity the TOPSIS batch rests on: for w >= 0, max_i(w r_ij) = w max_i r_ij, so
    distances from w (r - r*) equal distances from the weighted matrix's own ideal."""
    matrix, _ = problem
    w = weight_batch(seed, matrix.shape[1], 1)[0]
    r = rank(matrix, w).details["normalised"]
    _, d_plus, d_minus, ideal, anti = topsis_closeness(r, w, matrix.types)
    best = np.where(matrix.types > 0, r.max(axis=0), r.min(axis=0))
    worst = np.where(matrix.types > 0, r.min(axis=0), r.max(axis=0))
    np.testing.assert_allclose(ideal, w * best, rtol=0, atol=1e-15)
    np.testing.assert_allclose(anti, w * worst, rtol=0, atol=1e-15)
    np.testing.assert_allclose(np.sqrt(((r - best) ** 2) @ (w * w)), d_plus, rtol=0, atol=1e-12)
    np.testing.assert_allclose(np.sqrt(((r - worst) ** 2) @ (w * w)), d_minus, rtol=0, atol=1e-12)


def test_degenerate_topsis_gives_one_half_as_rank_does():
    """A criterion with all weight but equal values separates nobody: closeness 0.5 (topsis.py)."""
    matrix = DecisionMatrix.from_rows(["a", "b"], ["x", "y"], [[1.0, 2.0], [1.0, 3.0]], [1, 1])
    w = np.array([[1.0, 0.0], [0.5, 0.5]])
    got = batch_scorer(matrix, "topsis").scores(w)
    assert got[0].tolist() == [0.5, 0.5] == rank(matrix, w[0]).scores.tolist()
    assert got[1].tolist() == pytest.approx(rank(matrix, w[1]).scores.tolist(), abs=TOL)


def test_topsis_batch_accepts_a_stack_of_normalised_matrices():
    rng = np.random.default_rng(7)
    r = rng.random((3, 4, 2))
    w = weight_batch(1, 2, 3)
    types = np.array([1, -1])
    stacked = topsis_batch(r, w, types)
    for k in range(3):
        np.testing.assert_allclose(stacked[k], topsis_closeness(r[k], w[k], types)[0], rtol=0, atol=1e-15)


def test_unknown_method_and_option_are_named():
    matrix = DecisionMatrix.from_rows(["a", "b"], ["x"], [[1.0], [2.0]], [1])
    with pytest.raises(McdaInputError, match=r"method 'electre' is unknown; valid methods are \['topsis'"):
        batch_scorer(matrix, "electre")
    with pytest.raises(McdaInputError, match=r"wsm: option 'v' is unknown; this method's options are \['normalization'\]"):
        batch_scorer(matrix, "wsm", v=0.5)


def test_value_ranges_outside_the_method_domain_are_refused():
    matrix = DecisionMatrix.from_rows(["a", "b"], ["x"], [[1.0], [2.0]], [1])
    scorer = batch_scorer(matrix, "wpm")
    with pytest.raises(McdaInputError, match=r"value ranges: at their lower bounds, wpm needs strictly positive.*'a' has -1.0"):
        check_value_domain(scorer, np.array([[-1.0], [2.0]]), np.array([[1.0], [2.0]]))
    check_value_domain(batch_scorer(matrix, "topsis"), np.array([[-1.0], [2.0]]), np.array([[1.0], [2.0]]))
