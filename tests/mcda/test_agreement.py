"""Spearman's rho and the WS coefficient against their formulas, pymcdm and scipy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm import correlations as pc
from scipy.stats import spearmanr

from mcda.agreement import agreement, spearman, ws_coefficient
from mcda.errors import McdaInputError

permutations = st.integers(2, 12).flatmap(lambda n: st.permutations(list(range(1, n + 1))))


def test_spearman_hand_example():
    """1 - 6 sum d^2 / (n (n^2 - 1)) with d = (0, 1, -1, 0, 0): 1 - 12/120 = 0.9."""
    assert spearman([1, 2, 3, 4, 5], [1, 3, 2, 4, 5]) == pytest.approx(0.9, abs=1e-15)
    assert spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_ws_hand_examples():
    """Salabun & Urbaniak (2020): WS = 1 - sum 2^-x_i |x_i - y_i| / max(|x_i - 1|, |x_i - N|).
    Swapping places 1 and 2 of five: 1 - (1/2 * 1/4 + 1/4 * 1/3) = 0.791666...; swapping
    places 4 and 5: 1 - (1/16 * 1/3 + 1/32 * 1/4) = 0.971354...: errors at the top weigh more."""
    assert ws_coefficient([1, 2, 3, 4, 5], [2, 1, 3, 4, 5]) == pytest.approx(1 - (1 / 8 + 1 / 12), abs=1e-15)
    assert ws_coefficient([1, 2, 3, 4, 5], [1, 2, 3, 5, 4]) == pytest.approx(1 - (1 / 48 + 1 / 128), abs=1e-15)


def test_ws_is_asymmetric():
    x, y = [1, 2, 3, 4], [1, 3, 4, 2]
    assert ws_coefficient(x, y) == pytest.approx(1 - (1 / 8 + 1 / 16 + 1 / 24))
    assert ws_coefficient(y, x) == pytest.approx(1 - (1 / 16 + 1 / 48 + 1 / 4))


@settings(max_examples=150, deadline=None)
@given(permutations, st.randoms(use_true_random=False))
def test_equal_to_pymcdm_and_the_closed_forms_without_ties(x, rnd):
    y = list(x)
    rnd.shuffle(y)
    a, b = np.array(x, float), np.array(y, float)
    n = len(x)
    closed = 1 - 6 * np.sum((a - b) ** 2) / (n * (n * n - 1))
    assert spearman(a, b) == pytest.approx(closed, abs=1e-12)
    assert spearman(a, b) == pytest.approx(pc.spearman(a, b), abs=1e-12)
    assert ws_coefficient(a, b) == pytest.approx(pc.ws(a, b), abs=1e-12)
    assert 0.0 <= ws_coefficient(a, b) <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=3, max_size=10), st.data())
def test_spearman_with_ties_equals_scipy(x, data):
    y = data.draw(st.lists(st.integers(1, 4), min_size=len(x), max_size=len(x)))
    if len(set(x)) > 1 and len(set(y)) > 1:
        assert spearman(x, y) == pytest.approx(spearmanr(x, y).statistic, abs=1e-12)


def test_defined_values_where_the_formulas_are_not():
    assert spearman([1], [1]) == 1.0 and ws_coefficient([1], [1]) == 1.0
    assert spearman([1, 1, 1], [1, 1, 1]) == 1.0
    assert spearman([1, 1, 1], [1, 2, 3]) == 0.0


def test_bad_input():
    with pytest.raises(McdaInputError, match="equal length"):
        spearman([1, 2], [1, 2, 3])


def test_agreement_matrices():
    ranks = [np.array([1, 2, 3, 4]), np.array([2, 1, 3, 4]), np.array([4, 3, 2, 1])]
    agree = agreement(["a", "b", "c"], ranks)
    assert agree.spearman[0, 2] == pytest.approx(-1.0) and agree.spearman[2, 0] == pytest.approx(-1.0)
    assert agree.ws[0, 1] == pytest.approx(ws_coefficient(ranks[0], ranks[1]))
    assert agree.ws[1, 0] == pytest.approx(ws_coefficient(ranks[1], ranks[0]))
    assert np.all(np.diag(agree.ws) == 1)
