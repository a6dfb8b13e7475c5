"""VIKOR against Opricovic & Tzeng's formulas and examples, pymcdm and scikit-criteria."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from pymcdm import methods as pm

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from tests.mcda.rank_strategies import distinct_columns, names, problems


def dm(rows, types, criteria=None):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), criteria or names("C", rows.shape[1]), rows, types)


def vikor_by_hand(x, w, types, v=0.5):
    """Opricovic & Tzeng (2004), eqs. (1)-(3), loops only; no degenerate columns assumed."""
    m, n = len(x), len(x[0])
    f_best = [max(r[j] for r in x) if types[j] > 0 else min(r[j] for r in x) for j in range(n)]
    f_worst = [min(r[j] for r in x) if types[j] > 0 else max(r[j] for r in x) for j in range(n)]
    terms = [[w[j] * (f_best[j] - x[i][j]) / (f_best[j] - f_worst[j]) for j in range(n)] for i in range(m)]
    s = [sum(t) for t in terms]
    r = [max(t) for t in terms]
    q = [v * (s[i] - min(s)) / (max(s) - min(s)) + (1 - v) * (r[i] - min(r)) / (max(r) - min(r)) for i in range(m)]
    return s, r, q


def test_small_example_against_the_formula():
    x = [[7.0, 9.0, 9.0], [8.0, 7.0, 8.0], [9.0, 6.0, 8.0], [6.0, 7.0, 8.5]]
    w, t = [0.5, 0.3, 0.2], [1, -1, 1]
    s, r, q = vikor_by_hand(x, w, t, v=0.4)
    result = rank(dm(x, t), w, "vikor", v=0.4)
    assert np.allclose(result.details["S"], s) and np.allclose(result.details["R"], r)
    assert np.allclose(result.scores, q, rtol=0, atol=1e-14)
    assert not result.higher_is_better and result.parameters["v"] == 0.4


def test_opricovic_tzeng_2004_example():
    """Opricovic & Tzeng (2004), EJOR 156(2), 445-455, numerical example: three
    alternatives on risk (cost) and altitude (benefit), equal weights; S = (0.5,
    0.375, 0.5), R = (0.5, 0.25, 0.5), Q = (1, 0, 1), A2 the compromise solution with
    both conditions met (values as transcribed in scikit-criteria's test
    ``test_VIKOR_opricovic2004compromise``)."""
    result = rank(dm([[1, 3000], [2, 3750], [5, 4500]], [-1, 1]), [0.5, 0.5], "vikor")
    d = result.details
    assert np.allclose(d["S"], [0.5, 0.375, 0.5]) and np.allclose(d["R"], [0.5, 0.25, 0.5])
    assert np.allclose(result.scores, [1, 0, 1])
    assert result.ranks.tolist() == [2, 1, 2]
    assert d["compromise_set"].tolist() == [False, True, False]
    assert bool(d["acceptable_advantage"]) and bool(d["acceptable_stability"])


HYDRO = [
    [4184.3, 2914.0, 407.2, 251.0, 195, 244, 15, 2.41],
    [5211.9, 3630.0, 501.7, 308.3, 282, 346, 21, 1.41],
    [5021.3, 3920.5, 504.0, 278.6, 12, 56, 3, 4.42],
    [5566.1, 3957.9, 559.5, 335.3, 167, 268, 16, 3.36],
    [5060.5, 3293.5, 514.1, 284.2, 69, 90, 7, 4.04],
    [4317.9, 2925.9, 432.8, 239.3, 12, 55, 3, 4.36],
]
HYDRO_T = [1, -1, 1, 1, -1, -1, -1, 1]


@pytest.mark.parametrize(
    "weights, s, r, q, ranks, compromise, advantage",
    [
        ([1] * 8, [0.692, 0.7, 0.29, 0.423, 0.28, 0.346], [0.125, 0.125, 0.121, 0.125, 0.067, 0.125],
         [0.991, 1.0, 0.473, 0.670, 0.0, 0.578], [5, 6, 2, 4, 1, 3], [4], True),
        ([2, 2, 2, 2, 1, 1, 1, 1], [0.701, 0.6, 0.386, 0.365, 0.317, 0.459], [0.167, 0.114, 0.161, 0.167, 0.089, 0.167],
         [1.0, 0.533, 0.552, 0.563, 0.0, 0.686], [6, 2, 3, 4, 1, 5], [4], True),
        ([1, 1, 1, 1, 2, 2, 2, 2], [0.683, 0.8, 0.193, 0.48, 0.243, 0.232], [0.113, 0.167, 0.08, 0.122, 0.044, 0.083],
         [0.684, 1.0, 0.147, 0.554, 0.041, 0.191], [5, 6, 2, 4, 1, 3], [2, 4, 5], False),
        ([1, 1, 1, 1, 3.2, 3.2, 3.2, 3.2], [0.678, 0.857, 0.138, 0.513, 0.222, 0.167],
         [0.129, 0.190, 0.057, 0.139, 0.042, 0.060], [0.668, 1.0, 0.051, 0.588, 0.058, 0.078], [5, 6, 1, 4, 2, 3],
         [2, 4, 5], False),
    ],
)
def test_opricovic_tzeng_2007_hydropower(weights, s, r, q, ranks, compromise, advantage):
    """Opricovic & Tzeng (2007), Extended VIKOR method in comparison with outranking
    methods, EJOR 178(2), 514-529: six reservoir systems, eight criteria, four weight
    sets; S, R, Q printed to three decimals (as transcribed in scikit-criteria's test
    ``test_VIKOR_opricovic2007extended``). The weights are rescaled (with a warning)."""
    result = rank(dm(HYDRO, HYDRO_T), weights, "vikor")
    d = result.details
    assert np.allclose(d["S"], s, rtol=0, atol=1e-3)
    assert np.allclose(d["R"], r, rtol=0, atol=1e-3)
    assert np.allclose(result.scores, q, rtol=0, atol=1e-3)
    assert result.ranks.tolist() == ranks
    assert np.flatnonzero(d["compromise_set"]).tolist() == compromise
    assert bool(d["acceptable_advantage"]) is advantage and bool(d["acceptable_stability"])
    assert any("summed to" in w for w in result.warnings)
    if not advantage:
        assert any("C1 (acceptable advantage" in w for w in result.warnings)


@settings(max_examples=80, deadline=None)
@given(problems(min_m=3, low=-100.0, high=100.0))
def test_equals_pymcdm_where_pymcdm_is_defined(problem):
    matrix, w = problem
    assume(distinct_columns(matrix))
    result = rank(matrix, w, "vikor")
    assume(np.ptp(result.details["S"]) > 1e-9 and np.ptp(result.details["R"]) > 1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pm.VIKOR()(matrix.values, w, matrix.types)
    assert np.allclose(result.scores, theirs, rtol=0, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(problems(min_m=3, low=-100.0, high=100.0))
def test_agrees_with_scikit_criteria_including_compromise(problem):
    import skcriteria
    from skcriteria.agg.vikor import VIKOR

    matrix, w = problem
    assume(distinct_columns(matrix))
    result = rank(matrix, w, "vikor")
    d = result.details
    assume(np.ptp(d["S"]) > 1e-9 and np.ptp(d["R"]) > 1e-9)
    # Stay away from ties and from Q gaps equal to DQ, where rounding decides.
    q_sorted = np.sort(d["Q"])
    assume(np.all(np.diff(q_sorted) > 1e-9) and np.all(np.abs(d["Q"] - q_sorted[0] - d["DQ"]) > 1e-9))
    assume(len(set(np.round(d["S"], 12))) == len(d["S"]) and len(set(np.round(d["R"], 12))) == len(d["R"]))
    sk = skcriteria.mkdm(matrix=matrix.values, objectives=[max if t > 0 else min for t in matrix.types], weights=w)
    ext = VIKOR(use_compromise_set=False).evaluate(sk).e_
    assert np.allclose(d["S"], ext.s_k) and np.allclose(d["R"], ext.r_k) and np.allclose(d["Q"], ext.q_k)
    assert bool(d["acceptable_advantage"]) == ext.acceptable_advantage
    assert bool(d["acceptable_stability"]) == ext.acceptable_stability
    assert np.flatnonzero(d["compromise_set"]).tolist() == sorted(ext.compromise_set.tolist())


def test_equal_criterion_does_not_discriminate_and_pymcdm_raises():
    x = [[1.0, 5.0, 3.0], [2.0, 5.0, 1.0], [3.0, 5.0, 2.0]]
    with_const = rank(dm(x, [1, 1, -1]), [0.3, 0.3, 0.4], "vikor")
    without = rank(dm([[r[0], r[2]] for r in x], [1, -1]), [0.3, 0.4], "vikor")
    assert np.allclose(with_const.scores, without.scores)
    assert any("'C2' has the same value (5)" in w for w in with_const.warnings)
    with pytest.raises(ValueError, match="contains equal values"):
        pm.VIKOR()(np.array(x), np.array([0.3, 0.3, 0.4]), np.array([1, 1, -1]), validation=False)


def test_equal_group_utility_gives_finite_q_and_a_warning():
    # S = 0.5 for both, R differs: pymcdm divides 0 by 0 here.
    result = rank(dm([[0.0, 10.0], [10.0, 0.0], [5.0, 5.0]], [1, 1]), [0.5, 0.5], "vikor")
    assert np.all(np.isfinite(result.scores))
    assert np.allclose(result.details["S"], 0.5) and result.ranks.tolist() == [2, 2, 1]
    assert any("same group utility S" in w for w in result.warnings)


@pytest.mark.parametrize("bad", [-0.1, 1.5, "half", True])
def test_v_must_be_in_unit_interval(bad):
    with pytest.raises(McdaInputError, match=r"vikor: option v = .*; v must be a number in \[0, 1\]"):
        rank(dm([[1, 2], [2, 1]], [1, 1]), [0.5, 0.5], "vikor", v=bad)
