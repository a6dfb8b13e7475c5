"""TOPSIS against Hwang & Yoon's formulas, published examples, pymcdm and peers."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.methods.topsis import topsis_closeness
from tests.mcda.rank_strategies import distinct_columns, names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def topsis_by_hand(x, w, types):
    """Hwang & Yoon (1981), pp. 131-132, one step per line, loops only."""
    m, n = len(x), len(x[0])
    r = [[x[i][j] / math.sqrt(sum(x[k][j] ** 2 for k in range(m))) for j in range(n)] for i in range(m)]
    v = [[w[j] * r[i][j] for j in range(n)] for i in range(m)]
    col = [[v[i][j] for i in range(m)] for j in range(n)]
    a_star = [max(col[j]) if types[j] > 0 else min(col[j]) for j in range(n)]
    a_minus = [min(col[j]) if types[j] > 0 else max(col[j]) for j in range(n)]
    s_star = [math.sqrt(sum((v[i][j] - a_star[j]) ** 2 for j in range(n))) for i in range(m)]
    s_minus = [math.sqrt(sum((v[i][j] - a_minus[j]) ** 2 for j in range(n))) for i in range(m)]
    return [s_minus[i] / (s_star[i] + s_minus[i]) for i in range(m)], s_star, s_minus


def test_small_example_against_the_formula():
    x = [[7.0, 9.0, 9.0], [8.0, 7.0, 8.0], [9.0, 6.0, 8.0], [6.0, 7.0, 8.0]]
    w, t = [0.5, 0.3, 0.2], [1, -1, 1]
    expected, s_star, s_minus = topsis_by_hand(x, w, t)
    result = rank(dm(x, t), w)
    assert np.allclose(result.scores, expected, rtol=0, atol=1e-14)
    assert np.allclose(result.details["d_plus"], s_star) and np.allclose(result.details["d_minus"], s_minus)
    assert result.higher_is_better and result.parameters["normalization"] == "vector"


FIGHTER = [
    [2.0, 1500, 20000, 5.5, 5, 9],
    [2.5, 2700, 18000, 6.5, 3, 5],
    [1.8, 2000, 21000, 4.5, 7, 7],
    [2.2, 1800, 20000, 5.0, 5, 5],
]
FIGHTER_W = [0.2, 0.1, 0.1, 0.1, 0.2, 0.3]
FIGHTER_T = [1, 1, 1, -1, 1, 1]


def test_hwang_yoon_1981_fighter_aircraft():
    """Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer, pp. 133-134.

    Four fighter aircraft on max speed, ferry range, max payload, acquisition cost
    (the cost criterion), reliability and manoeuvrability (ratings on the 1-9 interval
    scale), weights (0.2, 0.1, 0.1, 0.1, 0.2, 0.3). Printed: S* = 0.0545, 0.1197,
    0.0580, 0.1009; S- = 0.0983, 0.0439, 0.0920, 0.0458; C* = 0.643, 0.268, 0.613,
    0.312; order A1 > A3 > A4 > A2. The book rounds intermediates to four decimals
    (its C* follow from the rounded S), so we match the last printed digit to within
    one unit: 1e-4 for S, 1e-3 for C*.
    """
    result = rank(dm(FIGHTER, FIGHTER_T), FIGHTER_W)
    assert np.allclose(result.details["d_plus"], [0.0545, 0.1197, 0.0580, 0.1009], rtol=0, atol=1e-4)
    assert np.allclose(result.details["d_minus"], [0.0983, 0.0439, 0.0920, 0.0458], rtol=0, atol=1e-4)
    assert np.allclose(result.scores, [0.643, 0.268, 0.613, 0.312], rtol=0, atol=1e-3)
    assert result.ranks.tolist() == [1, 4, 2, 3]


def test_tzeng_huang_2011():
    """Tzeng & Huang (2011), Multiple Attribute Decision Making: Methods and Applications,
    CRC Press, TOPSIS example: four alternatives, three benefit criteria, weights
    (0.3, 0.4, 0.3), vector normalisation; C* = 0.5037, 0.6581, 0.7482, 0.3340
    (values as transcribed in scikit-criteria's test ``test_TOPSIS_tzeng2011multiple``).
    """
    result = rank(dm([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], [1, 1, 1]), [0.3, 0.4, 0.3])
    assert np.allclose(result.scores, [0.5037, 0.6581, 0.7482, 0.3340], rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [3, 2, 1, 4]


def test_pymcdm_default_is_minmax_not_hwang_yoon():
    """The trap in STYLE.md: pymcdm's TOPSIS() gives other numbers than the classic method."""
    x = np.array(FIGHTER, dtype=float)
    default = pm.TOPSIS()(x, np.array(FIGHTER_W), np.array(FIGHTER_T))
    assert not np.allclose(default, rank(dm(FIGHTER, FIGHTER_T), FIGHTER_W).scores, atol=1e-3)
    assert np.allclose(default, rank(dm(FIGHTER, FIGHTER_T), FIGHTER_W, normalization="minmax").scores)


@settings(max_examples=80, deadline=None)
@given(problems(low=0.5, high=100.0))
def test_equals_pymcdm_with_vector_normalisation(problem):
    """pymcdm maps cost columns to 1 - r; TOPSIS distances are invariant to that
    (|w(1 - r_i) - max w(1 - r)| = |w r_i - min w r|), so the scores must agree."""
    matrix, w = problem
    assume(distinct_columns(matrix))
    ours = rank(matrix, w).scores
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pm.TOPSIS(pn.vector_normalization)(matrix.values, w, matrix.types)
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(problems(low=-100.0, high=100.0))
def test_agrees_with_scikit_criteria(problem):
    import skcriteria
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    matrix, w = problem
    assume(distinct_columns(matrix))
    sk = skcriteria.mkdm(matrix=matrix.values, objectives=[max if t > 0 else min for t in matrix.types], weights=w)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = TOPSIS().evaluate(VectorScaler(target="matrix").transform(sk))
    assert np.allclose(rank(matrix, w).scores, result.e_.similarity, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(problems(low=0.5, high=100.0))
def test_agrees_with_pyrepo(problem):
    from pyrepo_mcda import normalizations as pyn
    from pyrepo_mcda.mcda_methods import TOPSIS

    matrix, w = problem
    assume(distinct_columns(matrix))
    theirs = TOPSIS(normalization_method=pyn.vector_normalization)(matrix.values, w, matrix.types)
    assert np.allclose(rank(matrix, w).scores, theirs, rtol=0, atol=1e-12)


def test_core_is_a_plain_array_function():
    x = np.array([[1.0, 2.0], [3.0, 1.0]])
    c, dp, dm_, ideal, anti = topsis_closeness(x, np.array([0.5, 0.5]), np.array([1, -1]))
    assert ideal.tolist() == [1.5, 0.5] and anti.tolist() == [0.5, 1.0]
    assert np.allclose(c, dm_ / (dp + dm_))


def test_other_normalisations_and_their_domain():
    matrix = dm([[1.0, 0.0], [2.0, 3.0]], [1, -1])
    with pytest.raises(McdaInputError, match=r"topsis with max normalization needs values >= 0 on benefit criteria and > 0 on cost criteria; project 'A1' has 0.0 on cost criterion 'C2'"):
        rank(matrix, [0.5, 0.5], normalization="max")
    with pytest.raises(McdaInputError, match=r"normalization 'l2' is not available; valid choices are \['vector', 'minmax', 'max', 'sum'\]"):
        rank(matrix, [0.5, 0.5], normalization="l2")
    assert rank(matrix, [0.5, 0.5], normalization="minmax").parameters["normalization"] == "minmax"
