"""Weight sensitivity: every bound checked just inside and just outside, reversals flip their pair."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.sensitivity import vary_weight, weight_sensitivity
from tests.mcda.rank_strategies import names

EXACT = ["topsis", "wsm", "wpm", "promethee_ii", "spotis", "ahp"]
BRACKETED = ["vikor", "copras"]
EPS = 1e-6


@st.composite
def problems(draw, max_m: int = 6, max_n: int = 4):
    m = draw(st.integers(2, max_m))
    n = draw(st.integers(2, max_n))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.uniform(1.0, 20.0, size=(m, n)).round(3)
    types = [int(t) for t in rng.choice([1, -1], size=n)]
    w = rng.uniform(0.05, 1.0, size=n)
    return DecisionMatrix.from_rows(names("P", m), names("C", n), x, types), w / w.sum()


def states(ranks: np.ndarray, k: int) -> dict[str, object]:
    """What each interval promises to keep: the first place, the top-k with their ranks, all ranks."""
    return {
        "first_place": frozenset(np.flatnonzero(ranks == 1).tolist()),
        "top_k": frozenset((i, int(r)) for i, r in enumerate(ranks) if r <= k),
        "ranking": tuple(ranks.tolist()),
    }


def check_bounds(matrix, method, result) -> int:
    """Evaluate rank() just inside and just outside every bound; returns how many were checked."""
    base = states(np.asarray(result.base_ranks), result.k)
    crossings = {c: [r.weight for r in result.reversals if r.criterion == c] for c in result.criteria}
    checked = 0
    for j, c in enumerate(result.criteria_results):
        for part in ("first_place", "top_k", "ranking"):
            interval = getattr(c, part)
            if interval is None:
                continue
            for bound, inward in ((interval[0], +1), (interval[1], -1)):
                if bound - EPS <= 0.0 or bound + EPS >= 1.0 or abs(bound - c.weight) < 10 * EPS:
                    continue  # no outside to test, or a tie at the given weights
                # another crossing within a few EPS would make "just outside" ambiguous
                if sum(abs(t - bound) < 10 * EPS for t in crossings[c.criterion]) > 1:
                    continue
                inside = rank(matrix, vary_weight(result.weights, j, bound + inward * EPS), method).ranks
                outside = rank(matrix, vary_weight(result.weights, j, bound - inward * EPS), method).ranks
                assert states(inside, result.k)[part] == base[part], (part, c, "inside")
                assert states(outside, result.k)[part] != base[part], (part, c, "outside")
                checked += 1
    return checked


@settings(max_examples=60, deadline=None)
@given(problems(), st.sampled_from(EXACT), st.integers(1, 3))
def test_exact_bounds_hold_inside_and_break_outside(problem, method, k):
    matrix, w = problem
    result = weight_sensitivity(matrix, w, method, top_k=k)
    assert result.tolerance <= 1e-12
    check_bounds(matrix, method, result)


@settings(max_examples=12, deadline=None)
@given(problems(max_m=5, max_n=3), st.sampled_from(BRACKETED))
def test_bracketed_bounds_hold_inside_and_break_outside(problem, method):
    matrix, w = problem
    result = weight_sensitivity(matrix, w, method, top_k=2, grid=101)
    assert "bisection" in result.crossing_method
    check_bounds(matrix, method, result)


@settings(max_examples=40, deadline=None)
@given(problems(), st.sampled_from(EXACT + BRACKETED))
def test_each_reversal_swaps_its_pair_at_the_stated_weight(problem, method):
    matrix, w = problem
    grid = {"grid": 101} if method in BRACKETED else {}
    result = weight_sensitivity(matrix, w, method, **grid)
    idx = {a: i for i, a in enumerate(matrix.alternatives)}
    by_criterion = {c: [r.weight for r in result.reversals if r.criterion == c] for c in result.criteria}
    for r in result.reversals[:12]:
        j = result.criteria.index(r.criterion)
        if r.weight - 10 * EPS < 0 or r.weight + 10 * EPS > 1:
            continue
        if sum(abs(t - r.weight) < 10 * EPS for t in by_criterion[r.criterion]) > 1:
            continue
        before = rank(matrix, vary_weight(result.weights, j, r.weight - EPS), method).ranks
        after = rank(matrix, vary_weight(result.weights, j, r.weight + EPS), method).ranks
        up, down = idx[r.rises], idx[r.falls]
        assert before[up] >= before[down] and after[up] < after[down], r


def test_wsm_two_projects_crossing_is_at_one_half():
    """Normalised A = (1, 0), B = (0, 1): WSM scores w1 and w2 = 1 - w1 cross at w1 = 1/2."""
    matrix = DecisionMatrix.from_rows(["A", "B"], ["c1", "c2"], [[5.0, 1.0], [1.0, 5.0]], [1, 1])
    result = weight_sensitivity(matrix, [0.7, 0.3], "wsm")
    c1, c2 = result.criteria_results
    assert result.first == ("A",)
    assert c1.first_place == (0.5, 1.0) and c2.first_place == (0.0, 0.5)
    assert [(r.weight, r.rises, r.falls) for r in result.reversals] == [(0.5, "A", "B"), (0.5, "B", "A")]
    assert result.most_sensitive().criterion == "c1" and c1.margin() == pytest.approx(0.2)


def test_topsis_symmetric_projects_cross_at_one_half():
    """Two mirror-image projects on two benefit criteria: by symmetry their closeness is equal
    exactly when the weights are equal, so the crossing is at 1/2 (to the refinement tolerance)."""
    matrix = DecisionMatrix.from_rows(["A", "B", "C"], ["c1", "c2"], [[9.0, 2.0], [2.0, 9.0], [1.0, 1.0]], [1, 1])
    result = weight_sensitivity(matrix, [0.6, 0.4], "topsis")
    crossing = [r for r in result.reversals if {r.rises, r.falls} == {"A", "B"} and r.criterion == "c1"]
    assert len(crossing) == 1 and crossing[0].weight == pytest.approx(0.5, abs=1e-12)
    assert crossing[0].rises == "A"


def test_a_tie_at_the_given_weights_closes_the_interval():
    matrix = DecisionMatrix.from_rows(["A", "B"], ["c1", "c2"], [[5.0, 1.0], [1.0, 5.0]], [1, 1])
    result = weight_sensitivity(matrix, [0.5, 0.5], "wsm")
    assert set(result.first) == {"A", "B"}
    assert result.criteria_results[0].first_place == (0.5, 0.5)
    assert result.criteria_results[0].margin() == 0.0


def test_identical_projects_never_reverse():
    matrix = DecisionMatrix.from_rows(["A", "A2", "B"], ["c1", "c2"], [[5.0, 1.0], [5.0, 1.0], [1.0, 3.0]], [1, 1])
    result = weight_sensitivity(matrix, [0.5, 0.5], "topsis")
    assert not [r for r in result.reversals if {r.rises, r.falls} == {"A", "A2"}]


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=6).filter(lambda v: sum(v) > 0), st.data())
def test_vary_weight_sets_one_weight_and_keeps_the_others_proportional(raw, data):
    w = np.array(raw) / sum(raw)
    j = data.draw(st.integers(0, w.size - 1))
    t = data.draw(st.floats(0.0, 1.0))
    v = vary_weight(w, j, t)
    assert v[j] == pytest.approx(t) and v.sum() == pytest.approx(1.0)
    rest = np.delete(w, j)
    if rest.sum() > 0:
        np.testing.assert_allclose(np.delete(v, j), (1 - t) * rest / rest.sum(), atol=1e-12)


def test_bad_arguments_are_named():
    matrix = DecisionMatrix.from_rows(["A", "B"], ["c1", "c2"], [[5.0, 1.0], [1.0, 5.0]], [1, 1])
    with pytest.raises(McdaInputError, match=r"top_k must be a whole number >= 1, got 0"):
        weight_sensitivity(matrix, [0.5, 0.5], top_k=0)
    with pytest.raises(McdaInputError, match=r"scope must be 'all' or 'top_k', got 'some'"):
        weight_sensitivity(matrix, [0.5, 0.5], scope="some")
    with pytest.raises(McdaInputError, match=r"method 'electre' is unknown"):
        weight_sensitivity(matrix, [0.5, 0.5], "electre")
