"""PROMETHEE II against Brans & Vincke's definitions, pymcdm and pyrepo-mcda."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pymcdm import methods as pm

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.methods.promethee import (
    GAUSSIAN, LEVEL, LINEAR, PREFERENCE_FUNCTIONS, U_SHAPE, USUAL, V_SHAPE, preference_degree,
    promethee_ii_flows,
)
from tests.mcda.rank_strategies import names, problems


def dm(rows, types):
    rows = np.asarray(rows, dtype=float)
    return DecisionMatrix.from_rows(names("A", len(rows)), names("C", rows.shape[1]), rows, types)


def generalised_criterion(kind, d, p=0.0, q=0.0, s=0.0):
    """Brans & Vincke (1985), Fig. 1-6, written out case by case."""
    if kind == "usual":
        return 1.0 if d > 0 else 0.0
    if kind == "u-shape":
        return 1.0 if d > q else 0.0
    if kind == "v-shape":
        return 0.0 if d <= 0 else (d / p if d <= p else 1.0)
    if kind == "level":
        return 0.0 if d <= q else (0.5 if d <= p else 1.0)
    if kind == "linear":
        return 0.0 if d <= q else ((d - q) / (p - q) if d <= p else 1.0)
    if kind == "gaussian":
        return 0.0 if d <= 0 else 1.0 - math.exp(-d * d / (2 * s * s))
    raise AssertionError(kind)


def promethee_by_hand(x, w, types, kinds, p, q, s):
    """pi(a,b) = sum_j w_j P_j(a,b); phi+ = sum_b pi(a,b)/(n-1); phi- = sum_b pi(b,a)/(n-1)."""
    n_alt = len(x)
    pi = [[sum(w[j] * generalised_criterion(kinds[j], types[j] * (x[a][j] - x[b][j]), p[j], q[j], s[j])
               for j in range(len(w))) for b in range(n_alt)] for a in range(n_alt)]
    plus = [sum(pi[a][b] for b in range(n_alt) if b != a) / (n_alt - 1) for a in range(n_alt)]
    minus = [sum(pi[b][a] for b in range(n_alt) if b != a) / (n_alt - 1) for a in range(n_alt)]
    return plus, minus, [pl - mi for pl, mi in zip(plus, minus)]


def test_small_example_with_every_generalised_criterion():
    x = [[80, 90, 600, 5.4, 8, 5], [65, 58, 200, 9.7, 1, 1], [83, 60, 400, 7.2, 4, 7], [40, 80, 1000, 7.5, 7, 10],
         [52, 72, 600, 2.0, 3, 8]]
    t = [-1, -1, -1, -1, 1, 1]
    w = [0.2, 0.1, 0.15, 0.25, 0.1, 0.2]
    kinds = ["usual", "u-shape", "v-shape", "level", "linear", "gaussian"]
    p = [0, 0, 500, 1.0, 4, 0]
    q = [0, 10, 0, 0.5, 1, 0]
    s = [0, 0, 0, 0, 0, 3.0]
    crit = names("C", 6)
    result = rank(
        dm(x, t), w, "promethee_ii",
        preference_function=dict(zip(crit, kinds)),
        p={"C3": 500, "C4": 1.0, "C5": 4}, q={"C2": 10, "C4": 0.5, "C5": 1}, s={"C6": 3.0},
    )
    plus, minus, net = promethee_by_hand(x, w, t, kinds, p, q, s)
    assert np.allclose(result.details["phi_plus"], plus) and np.allclose(result.details["phi_minus"], minus)
    assert np.allclose(result.scores, net, rtol=0, atol=1e-14)
    assert result.higher_is_better and abs(result.scores.sum()) < 1e-12  # net flows sum to 0
    kinds_, p_, q_, s_ = (np.array([PREFERENCE_FUNCTIONS[k][0] for k in kinds]), np.array(p, float),
                          np.array(q, float), np.array(s, float))
    core = promethee_ii_flows(np.array(x, float), np.array(w), np.array(t), kinds_, p_, q_, s_)
    assert np.allclose(core[2], net)
    assert result.parameters["preference_functions"]["C4"] == {
        "function": "level", "formula": "P = 0 if d <= q, 1/2 if q < d <= p, 1 if d > p", "q": 0.5, "p": 1.0}


@pytest.mark.parametrize(
    "kind, code, p, q, s",
    [("usual", USUAL, 0, 0, 0), ("u-shape", U_SHAPE, 0, 1.5, 0), ("v-shape", V_SHAPE, 2.0, 0, 0),
     ("level", LEVEL, 3.0, 1.0, 0), ("linear", LINEAR, 3.0, 1.0, 0), ("gaussian", GAUSSIAN, 0, 0, 1.3)],
)
def test_each_preference_function_matches_its_definition(kind, code, p, q, s):
    d = np.array([-2.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 10.0])
    expected = [generalised_criterion(kind, float(v), p, q, s) for v in d]
    assert np.allclose(preference_degree(d, code, p, q, s), expected, rtol=0, atol=1e-15)


# pymcdm's names for the same generalised criteria (it has no Gaussian).
PYMCDM_NAMES = {"usual": "usual", "u-shape": "ushape", "v-shape": "vshape", "level": "level", "linear": "vshape_2"}


@settings(max_examples=60, deadline=None)
@given(problems(low=-20, high=20, integers=True), st.sampled_from(sorted(PYMCDM_NAMES)))
def test_equals_pymcdm_with_a_fresh_object_per_call(problem, kind):
    matrix, w = problem
    n = len(matrix.criteria)
    p, q = np.full(n, 4.0), np.full(n, 1.0)
    _, needs, _ = PREFERENCE_FUNCTIONS[kind]
    options = {k: dict(zip(matrix.criteria, {"p": p, "q": q}[k])) for k in needs}
    ours = rank(matrix, w, "promethee_ii", preference_function=kind, **options).scores
    kwargs = {k: {"p": p, "q": q}[k] for k in needs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pm.PROMETHEE_II(PYMCDM_NAMES[kind], **kwargs)(matrix.values, w, matrix.types)
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)


def test_pymcdm_object_with_thresholds_breaks_on_second_call():
    """Why we do not call pymcdm: its preference functions live in a one-shot generator."""
    x, w, t = np.array([[4, 3, 2], [3, 2, 4], [5, 1, 3]], float), np.array([0.5, 0.3, 0.2]), np.ones(3)
    body = pm.PROMETHEE_II("vshape", p=[1.5, 1.5, 1.5])
    first = body(x, w, t, validation=False)
    assert np.allclose(first, rank(dm(x, [1, 1, 1]), w, "promethee_ii", preference_function="v-shape",
                                   p={"C1": 1.5, "C2": 1.5, "C3": 1.5}).scores)
    with pytest.raises(Exception):
        body(x, w, t, validation=False)


PYREPO = {"usual": "_usual_function", "u-shape": "_ushape_function", "v-shape": "_vshape_function",
          "level": "_level_function", "linear": "_linear_function", "gaussian": "_gaussian_function"}


@settings(max_examples=40, deadline=None)
@given(problems(low=-20, high=20), st.sampled_from(sorted(PYREPO)))
def test_agrees_with_pyrepo(problem, kind):
    from pyrepo_mcda.mcda_methods import PROMETHEE_II

    matrix, w = problem
    n = len(matrix.criteria)
    p, q = np.full(n, 5.0), np.full(n, 2.0)
    body = PROMETHEE_II()
    funcs = [getattr(body, PYREPO[kind])] * n
    theirs = body(matrix.values, w, matrix.types, preference_functions=funcs, p=p, q=q)
    needs = {"usual": (), "u-shape": ("q",), "v-shape": ("p",), "level": ("q", "p"), "linear": ("q", "p"),
             "gaussian": ("s",)}[kind]
    thresholds = {"p": p, "q": q, "s": (p + q) / 2}  # pyrepo's Gaussian uses s = (p + q)/2
    options = {k: dict(zip(matrix.criteria, thresholds[k])) for k in needs}
    ours = rank(matrix, w, "promethee_ii", preference_function=kind, **options).scores
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"preference_function": "linear"}, r"the 'linear' preference function of criterion 'C1' needs option p"),
        ({"preference_function": "vshape"}, r"criterion 'C1' has preference function 'vshape'; valid ones are \['usual', 'u-shape'"),
        ({"preference_function": "level", "q": {"C1": 2, "C2": 2}, "p": {"C1": 1, "C2": 3}}, r"criterion 'C1' has q = 2.0 and p = 1.0; the 'level' function needs q < p"),
        ({"p": {"C1": 1.0}}, r"option p is given for criterion 'C1', but its 'usual' preference function does not use it"),
        ({"preference_function": {"C9": "usual"}}, r"names criterion 'C9', which is not in the data; the data's criteria are \['C1', 'C2'\]"),
        ({"preference_function": "gaussian", "s": {"C1": 0, "C2": 1}}, r"Gaussian parameter s = 0.0; s must be > 0"),
        ({"threshold": 1}, r"promethee_ii: option 'threshold' is unknown; this method's options are \['preference_function', 'p', 'q', 's'\]"),
    ],
)
def test_option_errors_name_the_criterion_and_the_rule(options, message):
    with pytest.raises(McdaInputError, match=message):
        rank(dm([[1, 2], [2, 1]], [1, 1]), [0.5, 0.5], "promethee_ii", **options)
