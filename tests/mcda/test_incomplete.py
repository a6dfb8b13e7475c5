"""Incomplete pairwise matrices: connectivity, Harker's method, LLSM (mcda.incomplete)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda.eigenvector import principal_eigenpair
from mcda.errors import McdaInputError
from mcda.incomplete import check_connected, complete_matrix, harker_weights, llsm_weights
from mcda.pairwise import PairwiseMatrix, ahp_priorities
from tests.mcda.strategies import connected_masks, consistent_weights, labels_for, reciprocal_matrices


def test_disconnected_judgments_name_the_groups_and_a_bridge():
    m = PairwiseMatrix.from_judgments(
        ["экспорт", "инновации", "рабочие места", "риск", "наука"],
        [("экспорт", "инновации", 3), ("рабочие места", "риск", 2), ("риск", "наука", "1/3")],
    )
    with pytest.raises(
        McdaInputError,
        match=(
            r"do not connect all items.*2 groups never compared.*"
            r"group 1: 'экспорт', 'инновации'; group 2: 'рабочие места', 'риск', 'наука'.*"
            r"add at least one judgment between the groups, e.g. 'экспорт' vs 'рабочие места'"
        ),
    ):
        ahp_priorities(m)


def test_isolated_item_is_its_own_group():
    values = np.array([[1, 2, np.nan], [0.5, 1, np.nan], [np.nan, np.nan, 1]])
    with pytest.raises(McdaInputError, match=r"group 2: 'c'"):
        check_connected(["a", "b", "c"], values)


def test_chain_of_three_is_completed_consistently():
    """a = 2 b and b = 3 c with a vs c missing: both methods give a:b:c = 6:3:1 (Harker 1987)."""
    m = PairwiseMatrix.from_judgments(["a", "b", "c"], [("a", "b", 2), ("b", "c", 3)])
    for method, completion in (("eigenvector", "harker"), ("geometric_mean", "llsm")):
        r = ahp_priorities(m, method=method)
        np.testing.assert_allclose(r.weights, np.array([6, 3, 1]) / 10, rtol=1e-12)
        assert r.completion == completion
        assert r.missing == (("a", "c"),)
        assert r.matrix[0, 2] == pytest.approx(6.0)
        assert r.cr == pytest.approx(0.0, abs=1e-12)
        assert any("missing and were completed" in w for w in r.warnings)


@given(consistent_weights(min_n=3, max_n=9), st.data(), st.sampled_from(["eigenvector", "geometric_mean"]),
       st.sampled_from([None, "harker", "llsm"]))
@settings(max_examples=150, deadline=None)
def test_incomplete_consistent_matrix_recovers_weights(w, data, method, completion):
    n = len(w)
    mask = data.draw(connected_masks(n))
    values = np.where(mask, w[:, None] / w[None, :], np.nan)
    r = ahp_priorities(PairwiseMatrix.from_array(labels_for(n), values), method=method, completion=completion)
    np.testing.assert_allclose(r.weights, w, rtol=1e-9, atol=1e-12)
    assert r.cr == pytest.approx(0.0, abs=1e-9)


@given(reciprocal_matrices(min_n=3, max_n=9), st.data())
@settings(max_examples=120, deadline=None)
def test_harker_weights_are_the_eigenvector_of_their_completion(a, data):
    """Harker (1987): the eigenvector of the 0-and-(1 + m_i) matrix is the principal
    eigenvector of the matrix completed with w_i / w_j."""
    n = a.shape[0]
    values = np.where(data.draw(connected_masks(n)), a, np.nan)
    w = harker_weights(values)
    completed = complete_matrix(values, w)
    w2, _ = principal_eigenpair(completed)
    np.testing.assert_allclose(w2, w, rtol=1e-9, atol=1e-12)
    given_mask = np.isfinite(values)
    np.testing.assert_array_equal(completed[given_mask], values[given_mask])


@given(reciprocal_matrices(min_n=3, max_n=9), st.data())
@settings(max_examples=120, deadline=None)
def test_llsm_weights_are_the_row_geometric_mean_of_their_completion(a, data):
    """Bozóki, Fülöp & Rónyai (2010), §4: LLSM weights; for a complete matrix the row GM."""
    n = a.shape[0]
    values = np.where(data.draw(connected_masks(n)), a, np.nan)
    w = llsm_weights(values)
    completed = complete_matrix(values, w)
    gm = np.exp(np.log(completed).mean(axis=1))
    np.testing.assert_allclose(gm / gm.sum(), w, rtol=1e-9, atol=1e-12)
    full_gm = np.exp(np.log(a).mean(axis=1))
    np.testing.assert_allclose(llsm_weights(a), full_gm / full_gm.sum(), rtol=1e-10)


@given(reciprocal_matrices(min_n=3, max_n=9), st.data())
@settings(max_examples=80, deadline=None)
def test_llsm_minimises_the_log_squared_error(a, data):
    """No small perturbation of the LLSM weights lowers Σ_given (ln a_ij − ln w_i + ln w_j)²."""
    n = a.shape[0]
    values = np.where(data.draw(connected_masks(n)), a, np.nan)
    given_mask = np.isfinite(values) & ~np.eye(n, dtype=bool)

    def loss(w):
        r = np.log(np.where(given_mask, values, 1.0)) - np.log(w)[:, None] + np.log(w)[None, :]
        return float((r[given_mask] ** 2).sum())

    w = llsm_weights(values)
    base = loss(w)
    rng = np.random.default_rng(0)
    for _ in range(10):
        assert loss(w * np.exp(rng.normal(scale=1e-3, size=n))) >= base - 1e-12
