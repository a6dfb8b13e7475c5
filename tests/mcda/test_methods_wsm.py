"""WSM against the additive formula, a published WASPAS example, pymcdm and pyrepo-mcda."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from tests.mcda.rank_published import CHAKRABORTY, CHAKRABORTY_T, CHAKRABORTY_W
from tests.mcda.rank_strategies import distinct_columns, names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def wsm_minmax_by_hand(x, w, types):
    """A_i = sum_j w_j r_ij, r = (x - min)/(max - min) for benefit, (max - x)/(max - min) for cost."""
    n = len(w)
    lo = [min(r[j] for r in x) for j in range(n)]
    hi = [max(r[j] for r in x) for j in range(n)]
    return [sum(w[j] * ((row[j] - lo[j]) if types[j] > 0 else (hi[j] - row[j])) / (hi[j] - lo[j]) for j in range(n))
            for row in x]


def test_small_example_against_the_formula():
    x = [[7.0, 9.0, -9.0], [8.0, 7.0, 8.0], [9.0, 6.0, 0.0], [6.0, 7.0, 8.5]]
    w, t = [0.5, 0.3, 0.2], [1, -1, 1]
    result = rank(dm(x, t), w, "wsm")
    assert np.allclose(result.scores, wsm_minmax_by_hand(x, w, t), rtol=0, atol=1e-15)
    assert result.parameters["normalization"] == "minmax" and result.higher_is_better


def test_chakraborty_2015_waspas_lambda_1():
    """Chakraborty, Zavadskas & Antucheviciene (2015), Applications of WASPAS method as a
    multi-criteria decision-making tool, Economic Computation and Economic Cybernetics
    Studies and Research 49(1), 5-22, Example 2: ten alternatives, three cost and one
    benefit criterion, linear normalisation x/max and min/x. WASPAS with lambda = 1 is
    WSM; scores printed to four decimals (as transcribed in scikit-criteria's test
    ``test_WASPAS_chakraborty2015applications``), matched to one unit of the last digit."""
    result = rank(dm(CHAKRABORTY, CHAKRABORTY_T), CHAKRABORTY_W, "wsm", normalization="max")
    printed = [0.8590, 0.8194, 0.8430, 0.9420, 0.8645, 0.8315, 0.8552, 0.8983, 0.9067, 0.8784]
    assert np.allclose(result.scores, printed, rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


PYMCDM_NORM = {"minmax": pn.minmax_normalization, "sum": pn.sum_normalization, "max": pn.linear_normalization}


@pytest.mark.parametrize("normalization", sorted(PYMCDM_NORM))
@settings(max_examples=40, deadline=None)
@given(problem=problems(low=0.5, high=100.0))
def test_equals_pymcdm(normalization, problem):
    """pymcdm's 'max' maps cost to 1 - x/max; its linear_normalization is the x/max, min/x we use."""
    matrix, w = problem
    ours = rank(matrix, w, "wsm", normalization=normalization).scores
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pm.WSM(PYMCDM_NORM[normalization])(matrix.values, w, matrix.types)
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(problems(low=-100.0, high=100.0))
def test_agrees_with_pyrepo_saw(problem):
    from pyrepo_mcda import normalizations as pyn
    from pyrepo_mcda.mcda_methods import SAW

    matrix, w = problem
    assume(distinct_columns(matrix))
    theirs = SAW(normalization_method=pyn.minmax_normalization)(matrix.values, w, matrix.types)
    assert np.allclose(rank(matrix, w, "wsm").scores, theirs, rtol=0, atol=1e-12)


def test_sum_and_max_need_ratio_data():
    matrix = dm([[1.0, -2.0], [2.0, 3.0]], [1, 1])
    with pytest.raises(McdaInputError, match=r"wsm with sum normalization needs values >= 0 on benefit criteria and > 0 on cost criteria; project 'A1' has -2.0 on benefit criterion 'C2'"):
        rank(matrix, [0.5, 0.5], "wsm", normalization="sum")
    assert np.all(np.isfinite(rank(matrix, [0.5, 0.5], "wsm").scores))  # minmax takes any sign
