"""WPM against Bridgman's product, a published WASPAS example, pymcdm and scikit-criteria."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from pymcdm import methods as pm
from pymcdm import normalizations as pn

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from tests.mcda.rank_published import CHAKRABORTY, CHAKRABORTY_T, CHAKRABORTY_W
from tests.mcda.rank_strategies import names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def test_pairwise_ratios_are_bridgmans():
    """Miller & Starr (1969): R(A_K/A_L) = prod_j (a_Kj / a_Lj)^(w_j t_j), t = -1 on cost."""
    x = [[25.0, 20.0, 15.0, 30.0], [10.0, 30.0, 20.0, 30.0], [30.0, 10.0, 30.0, 10.0]]
    w, t = [0.20, 0.15, 0.40, 0.25], [1, 1, -1, 1]
    scores = rank(dm(x, t), w, "wpm").scores
    for k in range(3):
        for l in range(3):
            ratio = math.prod((x[k][j] / x[l][j]) ** (w[j] * t[j]) for j in range(4))
            assert scores[k] / scores[l] == pytest.approx(ratio, rel=1e-13)
    by_hand = [math.prod((x[i][j] / max(r[j] for r in x)) ** w[j] if t[j] > 0
                         else (min(r[j] for r in x) / x[i][j]) ** w[j] for j in range(4)) for i in range(3)]
    assert np.allclose(scores, by_hand, rtol=1e-14)


def test_chakraborty_2015_waspas_lambda_0():
    """Chakraborty, Zavadskas & Antucheviciene (2015), Economic Computation and Economic
    Cybernetics Studies and Research 49(1), 5-22, Example 2; WASPAS with lambda = 0 is
    the WPM of the linearly normalised matrix; scores to four decimals (as transcribed
    in scikit-criteria's test ``test_WASPAS_chakraborty2015applications``)."""
    result = rank(dm(CHAKRABORTY, CHAKRABORTY_T), CHAKRABORTY_W, "wpm")
    printed = [0.8578, 0.8144, 0.8408, 0.9413, 0.8632, 0.8241, 0.8454, 0.8915, 0.8987, 0.8697]
    assert np.allclose(result.scores, printed, rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [6, 10, 8, 1, 5, 9, 7, 3, 2, 4]


@settings(max_examples=60, deadline=None)
@given(problems(low=0.01, high=1000.0))
def test_equals_pymcdm_with_linear_normalisation(problem):
    matrix, w = problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pm.WPM(pn.linear_normalization)(matrix.values, w, matrix.types)
    assert np.allclose(rank(matrix, w, "wpm").scores, theirs, rtol=1e-12, atol=0)


@settings(max_examples=60, deadline=None)
@given(problems(low=0.01, high=1000.0))
def test_agrees_with_scikit_criteria_up_to_a_common_factor(problem):
    """skcriteria scores sum_j w_j log10 x_ij after inverting cost criteria (1/x); ours is
    that product divided by a constant, so the log-score differences must match."""
    import skcriteria
    from skcriteria.agg.simple import WeightedProductModel
    from skcriteria.preprocessing.invert_objectives import InvertMinimize

    matrix, w = problem
    sk = skcriteria.mkdm(matrix=matrix.values, objectives=[max if t > 0 else min for t in matrix.types], weights=w)
    theirs = WeightedProductModel().evaluate(InvertMinimize().transform(sk)).e_.score
    ours = rank(matrix, w, "wpm").details["log_score"] / math.log(10)
    assert np.allclose(ours - ours[0], theirs - theirs[0], rtol=0, atol=1e-10)


@pytest.mark.parametrize("bad", [0.0, -3.0])
def test_needs_strictly_positive_values(bad):
    with pytest.raises(McdaInputError, match=rf"wpm needs strictly positive values \(> 0\) on every criterion; project 'A2' has {bad} on benefit criterion 'C1'"):
        rank(dm([[1.0, 2.0], [bad, 3.0]], [1, -1]), [0.5, 0.5], "wpm")
