"""COPRAS against Zavadskas et al.'s formula, a published example and two peers; pymcdm's error."""

import numpy as np
import pytest
from hypothesis import given, settings
from pymcdm import methods as pm

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from tests.mcda.rank_strategies import names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def copras_by_hand(x, w, types):
    """Zavadskas, Kaklauskas & Sarka (1994): d_ij = w_j x_ij / sum_i x_ij;
    Q_i = S+_i + (min S- * sum S-) / (S-_i * sum_j (min S- / S-_j)); N_i = Q_i / max Q."""
    m, n = len(x), len(w)
    d = [[w[j] * x[i][j] / sum(x[k][j] for k in range(m)) for j in range(n)] for i in range(m)]
    sp = [sum(d[i][j] for j in range(n) if types[j] > 0) for i in range(m)]
    sm = [sum(d[i][j] for j in range(n) if types[j] < 0) for i in range(m)]
    if any(t < 0 for t in types):
        q = [sp[i] + min(sm) * sum(sm) / (sm[i] * sum(min(sm) / s for s in sm)) for i in range(m)]
    else:
        q = sp
    return [qi / max(q) for qi in q], q, sp, sm


def test_small_example_against_the_formula():
    x = [[7.0, 9.0, 9.0, 4.0], [8.0, 7.0, 8.0, 6.0], [9.0, 6.0, 8.0, 2.0], [6.0, 7.0, 8.5, 3.0]]
    w, t = [0.4, 0.3, 0.2, 0.1], [1, -1, 1, -1]
    n_, q, sp, sm = copras_by_hand(x, w, t)
    result = rank(dm(x, t), w, "copras")
    assert np.allclose(result.scores, n_, rtol=0, atol=1e-15)
    assert np.allclose(result.details["Q"], q) and np.allclose(result.details["S_minus"], sm)


def test_without_cost_criteria_q_is_s_plus():
    x = [[7.0, 9.0], [8.0, 7.0], [9.0, 0.0]]
    result = rank(dm(x, [1, 1]), [0.6, 0.4], "copras")
    assert np.allclose(result.scores, copras_by_hand(x, [0.6, 0.4], [1, 1])[0])
    with pytest.raises(ValueError, match="requires at least one cost"):
        pm.COPRAS()(np.array(x), np.array([0.6, 0.4]), np.array([1, 1]), validation=False)


def test_uysal_inan_2022_research_assistants():
    """Uysal & Inan (2022), Performance evaluation of research assistants by COPRAS
    method, International Journal of Social Science and Economic Research: five
    assistants, seven criteria (lesson completion duration is the cost criterion),
    equal weights; utility degrees 100, 78.8501, 63.3837, 98.6506, 86.8878 % (as
    transcribed in scikit-criteria's test ``test_COPRAS_Uysal2022assistants``)."""
    x = [[3.57, 4.00, 4.00, 83.75, 3, 9, 1], [3.07, 3.95, 4.00, 83.00, 3, 1, 3], [3.23, 3.54, 3.46, 66.00, 4, 0, 2],
         [3.42, 3.96, 4.00, 70.00, 5, 5, 7], [2.56, 3.37, 3.79, 82.00, 4, 4, 5]]
    result = rank(dm(x, [1, 1, 1, 1, -1, 1, 1]), [1 / 7] * 7, "copras")
    assert np.allclose(result.scores * 100, [100.0, 78.8501, 63.3837, 98.6506, 86.8878], rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [1, 4, 5, 2, 3]


def test_pymcdm_adds_the_cost_sum_instead_of_rewarding_low_cost():
    """pymcdm 1.4.0: Q = Sp + (min(Sm) * Sm) / (Sm * (min(Sm) / Sm)) == Sp + Sm."""
    x = np.array([[7.0, 9.0, 9.0, 4.0], [8.0, 7.0, 8.0, 6.0], [9.0, 6.0, 8.0, 2.0], [6.0, 7.0, 8.5, 3.0]])
    w, t = np.array([0.4, 0.3, 0.2, 0.1]), np.array([1, -1, 1, -1])
    ours = rank(dm(x, t), w, "copras")
    wrong = ours.details["S_plus"] + ours.details["S_minus"]
    assert np.allclose(pm.COPRAS()(x, w, t, validation=False), wrong / wrong.max())
    assert not np.allclose(ours.scores, wrong / wrong.max(), atol=1e-3)


@settings(max_examples=60, deadline=None)
@given(problems(low=0.01, high=1000.0, types="with_cost"))
def test_agrees_with_scikit_criteria_and_pyrepo(problem):
    import skcriteria
    from pyrepo_mcda import normalizations as pyn
    from pyrepo_mcda.mcda_methods import COPRAS as PyrepoCOPRAS
    from skcriteria.agg.copras import COPRAS
    from skcriteria.preprocessing.scalers import scale_by_sum

    matrix, w = problem
    ours = rank(matrix, w, "copras").scores
    sk = skcriteria.mkdm(matrix=scale_by_sum(matrix.values, axis=0),
                         objectives=[max if t > 0 else min for t in matrix.types], weights=w)
    assert np.allclose(ours * 100, COPRAS().evaluate(sk).e_.score, rtol=1e-12)
    assert np.allclose(ours, PyrepoCOPRAS(pyn.sum_normalization)(matrix.values, w, matrix.types), rtol=1e-12)


def test_needs_positive_cost_values_and_non_negative_benefit_values():
    with pytest.raises(McdaInputError, match=r"copras needs values >= 0 on benefit criteria and > 0 on cost criteria; project 'A2' has 0.0 on cost criterion 'C2'"):
        rank(dm([[1.0, 2.0], [0.0, 0.0]], [1, -1]), [0.5, 0.5], "copras")
    assert rank(dm([[1.0, 2.0], [0.0, 1.0]], [1, -1]), [0.5, 0.5], "copras").ranks.tolist() == [1, 2]
