"""SPOTIS against Dezert et al.'s formula and example, pymcdm, scikit-criteria and pyrepo-mcda."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from pymcdm import methods as pm

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from tests.mcda.rank_strategies import distinct_columns, names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def spotis_by_hand(x, w, types, bounds):
    """Dezert et al. (2020): d_i = sum_j w_j |x_ij - S*_j| / |S_max_j - S_min_j|, S* the better bound."""
    ideal = [b[1] if t > 0 else b[0] for b, t in zip(bounds, types)]
    return [sum(w[j] * abs(row[j] - ideal[j]) / abs(bounds[j][1] - bounds[j][0]) for j in range(len(w)))
            for row in x]


def test_small_example_against_the_formula():
    x = [[10.5, -3.1, 1.7], [-4.7, 0.0, 3.4], [8.1, 0.3, 1.3], [3.2, 7.3, -5.3]]
    w, t = [0.2, 0.3, 0.5], [1, -1, 1]
    bounds = [(-5.0, 12.0), (-6.0, 10.0), (-8.0, 5.0)]
    result = rank(dm(x, t), w, "spotis", bounds=dict(zip(names("C", 3), bounds)))
    assert np.allclose(result.scores, spotis_by_hand(x, w, t, bounds), rtol=0, atol=1e-15)
    assert result.ranks.tolist() == [1, 3, 2, 4] and not result.higher_is_better
    assert result.parameters["rank_reversal_free"] is True
    data_bounds = [(min(r[j] for r in x), max(r[j] for r in x)) for j in range(3)]
    default = rank(dm(x, t), w, "spotis")
    assert np.allclose(default.scores, spotis_by_hand(x, w, t, data_bounds))
    assert default.parameters["rank_reversal_free"] is False


def test_dezert_2020_example_b():
    """Dezert, Tchamova, Han & Tacnet (2020), The SPOTIS rank reversal free method for
    multi-criteria decision-making support, FUSION 2020, IEEE: four alternatives, five
    criteria with fixed bounds; scores 0.4779, 0.5781, 0.5558, 0.5801 (as transcribed
    in scikit-criteria's test ``test_reference_example_b``), to one unit of the last digit."""
    x = [[15000, 4.3, 99, 42, 737], [15290, 5.0, 116, 42, 892], [15350, 5.0, 114, 45, 952],
         [15490, 5.3, 123, 45, 1120]]
    bounds = {"C1": (14000, 16000), "C2": (3, 8), "C3": (80, 140), "C4": (35, 60), "C5": (650, 1300)}
    result = rank(dm(x, [-1, -1, -1, 1, 1]), [0.2941, 0.2353, 0.2353, 0.0588, 0.1765], "spotis", bounds=bounds)
    assert np.allclose(result.scores, [0.4779, 0.5781, 0.5558, 0.5801], rtol=0, atol=1e-4)
    assert result.ranks.tolist() == [1, 3, 2, 4]


@settings(max_examples=60, deadline=None)
@given(problems(low=-100.0, high=100.0))
def test_equals_pymcdm_and_peers_with_data_bounds(problem):
    import skcriteria
    from pyrepo_mcda.mcda_methods import SPOTIS as PyrepoSPOTIS
    from skcriteria.agg.spotis import SPOTIS as SkSPOTIS

    matrix, w = problem
    assume(distinct_columns(matrix))  # pymcdm rejects min == max bounds
    ours = rank(matrix, w, "spotis").scores
    bounds = pm.SPOTIS.make_bounds(matrix.values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert np.allclose(ours, pm.SPOTIS(bounds)(matrix.values, w, matrix.types), rtol=0, atol=1e-12)
    sk = skcriteria.mkdm(matrix=matrix.values, objectives=[max if t > 0 else min for t in matrix.types], weights=w)
    assert np.allclose(ours, SkSPOTIS().evaluate(sk).e_.score, rtol=0, atol=1e-12)
    assert np.allclose(ours, PyrepoSPOTIS()(matrix.values, w, matrix.types, bounds.T), rtol=0, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(problems(min_m=3, low=-100.0, high=100.0))
def test_fixed_bounds_make_scores_independent_of_other_projects(problem):
    """Dezert et al.'s point: with bounds fixed a priori, removing a project changes no other score."""
    matrix, w = problem
    bounds = {c: (-100.0, 100.0) for c in matrix.criteria}
    full = rank(matrix, w, "spotis", bounds=bounds).scores
    smaller = DecisionMatrix.from_rows(matrix.alternatives[1:], matrix.criteria, matrix.values[1:], matrix.types)
    assert np.allclose(rank(smaller, w, "spotis", bounds=bounds).scores, full[1:], rtol=0, atol=1e-15)


def test_equal_criterion_with_data_bounds_is_fine_where_pymcdm_fails():
    x = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    result = rank(dm(x, [1, 1]), [0.5, 0.5], "spotis")
    assert np.allclose(result.scores, [0.5, 0.25, 0.0])
    with pytest.raises(ValueError, match="Bounds should contain min and max"):
        pm.SPOTIS(pm.SPOTIS.make_bounds(x))


@pytest.mark.parametrize(
    "bounds, message",
    [
        ({"C1": (0, 2)}, r"spotis: project 'A3' has 3.0 on criterion 'C1', outside its bounds \(0.0, 2.0\)"),
        ({"C1": (5, 5)}, r"bounds of criterion 'C1' are \(5.0, 5.0\); min must be < max"),
        ({"C9": (0, 1)}, r"option bounds names criterion 'C9', which is not in the data"),
        ({"C1": (0,)}, r"bounds of criterion 'C1' are \(0,\); give two finite numbers"),
    ],
)
def test_bound_errors(bounds, message):
    with pytest.raises(McdaInputError, match=message):
        rank(dm([[1.0, 5.0], [2.0, 4.0], [3.0, 6.0]], [1, 1]), [0.5, 0.5], "spotis", bounds=bounds)
