"""Consistency ratio, random indices and the judgments that drive inconsistency."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mcda.consistency import (
    RANDOM_INDEX,
    consistency_ratio,
    inconsistency_terms,
    random_index,
)
from mcda.eigenvector import _geometric_start, power_iteration, principal_eigenpair
from mcda.errors import McdaInputError
from mcda.pairwise import PairwiseMatrix, ahp_priorities
from mcda.scale import SCALE_VALUES
from tests.mcda.strategies import connected_masks, labels_for, reciprocal_matrices


def test_saaty_random_index_reproduces_published_crs():
    """Saaty (1990), EJOR 48: 9–26: CR = CI/RI printed as 0.169 for n = 8 (CI 0.238) and
    0.117 for n = 3 (CI 0.068) pins RI(8) = 1.41 and RI(3) = 0.58 to within rounding."""
    assert 0.238 / random_index(8) == pytest.approx(0.169, abs=0.0006)
    assert 0.068 / random_index(3) == pytest.approx(0.117, abs=0.0006)


def test_random_index_tables_grow_with_n_and_start_at_zero():
    for name, table in RANDOM_INDEX.items():
        assert table[1] == 0.0 and table[2] == 0.0
        values = [table[n] for n in range(3, 11)]
        assert values == sorted(values), name  # both tables increase up to n = 10
        assert all(0.45 < v < 1.6 for v in values)


def test_alonso_lamata_extrapolation_continues_the_table():
    """Alonso & Lamata (2006): beyond n = 15 their fitted line, which at 15 is within 0.002 of the table."""
    assert (1.7699 * 15 - 4.3513) / 14 == pytest.approx(RANDOM_INDEX["alonso_lamata"][15], abs=0.002)
    assert random_index(16, "alonso_lamata") == pytest.approx((1.7699 * 16 - 4.3513) / 15)
    assert random_index(30, "alonso_lamata") > random_index(16, "alonso_lamata")


def test_random_index_beyond_saaty_table_is_an_error():
    with pytest.raises(McdaInputError, match=r"up to 15 items, not 20; group the items"):
        random_index(20, "saaty")


def test_n_two_or_less_has_cr_zero():
    a = np.array([[1.0, 7.0], [1 / 7, 1.0]])
    assert consistency_ratio(a) == (2.0, 0.0, 0.0, 0.0)


def test_weights_argument_gives_saatys_estimate():
    """With the principal eigenvector, mean((A w)/w) equals the Perron root."""
    a = np.array([[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]])
    w, lam = principal_eigenpair(a)
    assert consistency_ratio(a, w)[0] == pytest.approx(lam, rel=1e-12)
    gm = np.exp(np.log(a).mean(axis=1))
    gm /= gm.sum()
    assert consistency_ratio(a, gm)[0] == pytest.approx(lam, rel=1e-9)  # n = 3: GM is the eigenvector


@given(reciprocal_matrices(min_n=2, max_n=12))
@settings(max_examples=150, deadline=None)
def test_polished_dense_solution_matches_plain_power_iteration(a):
    """The two paths of mcda.eigenvector agree, and the result is an eigenpair."""
    w, lam = principal_eigenpair(a)
    w2, lam2, converged = power_iteration(a, _geometric_start(a))
    assert converged
    np.testing.assert_allclose(w, w2, rtol=1e-8, atol=1e-12)
    assert lam == pytest.approx(lam2, rel=1e-10)
    np.testing.assert_allclose(a @ w, lam * w, rtol=1e-9)
    assert lam == pytest.approx(np.max(np.linalg.eigvals(a).real), rel=1e-10)


@given(reciprocal_matrices(min_n=3, max_n=12))
@settings(max_examples=150, deadline=None)
def test_lambda_minus_n_decomposes_over_judgments(a):
    """λmax − n = (1/n) Σ_{i<j} (ε_ij + 1/ε_ij − 2), ε_ij = a_ij w_j / w_i (Saaty 2003)."""
    w, lam = principal_eigenpair(a)
    terms = inconsistency_terms(a, w)
    assert np.all(terms >= 0)
    assert terms.sum() / a.shape[0] == pytest.approx(lam - a.shape[0], rel=1e-8, abs=1e-10)


@given(reciprocal_matrices(min_n=3, max_n=9))
@settings(max_examples=150, deadline=None)
def test_moving_the_top_worst_judgment_to_its_consistent_value_lowers_cr(a):
    n = a.shape[0]
    labels = labels_for(n)
    r = ahp_priorities(PairwiseMatrix.from_array(labels, a), cr_threshold=1e-9)
    assume(r.worst_judgments)
    top = r.worst_judgments[0]
    i, j = labels.index(top.row), labels.index(top.col)
    changed = a.copy()
    changed[i, j], changed[j, i] = top.consistent_value, 1.0 / top.consistent_value
    assert consistency_ratio(changed)[3] < r.cr
    # Advice is internally coherent.
    contributions = [adv.contribution for adv in r.worst_judgments]
    assert contributions == sorted(contributions, reverse=True)
    assert all(0 < c <= 1 for c in contributions)
    assert top.given >= 1.0 and top.given == pytest.approx(a[i, j])
    assert top.consistent_value == pytest.approx(r.weights[i] / r.weights[j], rel=1e-9)
    assert top.suggested in SCALE_VALUES
    suggested = a.copy()
    suggested[i, j], suggested[j, i] = top.suggested, 1.0 / top.suggested
    assert top.cr_if_changed == pytest.approx(consistency_ratio(suggested)[3], rel=1e-9, abs=1e-12)


@given(reciprocal_matrices(min_n=4, max_n=8), st.data())
@settings(max_examples=80, deadline=None)
def test_worst_judgments_of_incomplete_matrix_are_given_judgments(a, data):
    n = a.shape[0]
    mask = data.draw(connected_masks(n))
    values = np.where(mask, a, np.nan)
    labels = labels_for(n)
    m = PairwiseMatrix.from_array(labels, values)
    r = ahp_priorities(m, cr_threshold=1e-9)
    for adv in r.worst_judgments:
        assert np.isfinite(m.value(adv.row, adv.col))
        # cr_if_changed redoes the completion with the changed judgment.
        changed = np.array(m.values)
        i, j = labels.index(adv.row), labels.index(adv.col)
        changed[i, j], changed[j, i] = adv.suggested, 1 / adv.suggested
        again = ahp_priorities(PairwiseMatrix.from_array(labels, changed))
        assert adv.cr_if_changed == pytest.approx(again.cr, rel=1e-9, abs=1e-12)


def test_house_example_top_judgment():
    """Saaty (1990) house criteria: the judgment furthest from consistency, found by hand from
    the *printed* priorities (.173 .054 .188 .018 .031 .036 .167 .333) as the largest
    ε + 1/ε − 2, is the one we advise on first; moving it brings CR under 0.10."""
    from tests.mcda.test_pairwise import HOUSE_CRITERIA, HOUSE_MATRIX

    printed = np.array([0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333])
    a = np.array(HOUSE_MATRIX, dtype=float)
    eps = a * printed[None, :] / printed[:, None]
    by_hand = np.triu(eps + 1 / eps - 2, k=1)
    i, j = np.unravel_index(np.argmax(by_hand), by_hand.shape)
    if a[i, j] < 1:
        i, j = j, i
    r = ahp_priorities(PairwiseMatrix.from_array(HOUSE_CRITERIA, HOUSE_MATRIX))
    top = r.worst_judgments[0]
    assert (top.row, top.col, top.given) == (HOUSE_CRITERIA[i], HOUSE_CRITERIA[j], a[i, j])
    assert top.cr_if_changed < 0.10 < r.cr


def test_consistency_ratio_refuses_incomplete_matrix():
    a = np.array([[1, 2, np.nan], [0.5, 1, 3], [np.nan, 1 / 3, 1]])
    with pytest.raises(McdaInputError, match=r"missing \(NaN\).*complete an incomplete matrix first"):
        consistency_ratio(a)
