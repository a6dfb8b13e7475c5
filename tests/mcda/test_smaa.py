"""SMAA-2: acceptability sums, dominance, reproducibility, weight models, a peer and analytic cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.ranks import ranks_from_scores
from mcda.smaa import smaa
from mcda.weight_sampling import sample_weights, weight_model
from tests.mcda.rank_strategies import names

METHODS = ["topsis", "wsm", "wpm", "vikor", "promethee_ii", "copras", "spotis", "ahp"]


@st.composite
def positive_problems(draw, max_m: int = 6, max_n: int = 4):
    m = draw(st.integers(2, max_m))
    n = draw(st.integers(1, max_n))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    x = rng.uniform(1.0, 20.0, size=(m, n)).round(3)
    types = [int(t) for t in rng.choice([1, -1], size=n)]
    return DecisionMatrix.from_rows(names("P", m), names("C", n), x, types), seed


@settings(max_examples=40, deadline=None)
@given(positive_problems(), st.sampled_from(METHODS), st.booleans(), st.booleans())
def test_acceptability_rows_and_columns_sum_to_one(problem, method, uniform, ranged):
    matrix, seed = problem
    n = matrix.shape[1]
    model = weight_model(matrix.criteria) if uniform else weight_model(
        matrix.criteria, "dirichlet", center=np.full(n, 1 / n), concentration=20.0
    )
    low, high = (matrix.values * 0.9, matrix.values * 1.1) if ranged else (None, None)
    r = smaa(matrix, method, weights=model, samples=200, seed=seed, low=low, high=high)
    np.testing.assert_allclose(r.acceptability.sum(axis=0), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.acceptability.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    first = r.acceptability[:, 0] > 0
    np.testing.assert_allclose(r.central_weights[first].sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert np.all(r.central_weights[~first] == 0) and np.all(r.confidence[~first] == 0)
    assert np.all((r.confidence >= 0) & (r.confidence <= 1))
    pair = r.pairwise_winning
    off = ~np.eye(matrix.shape[0], dtype=bool)
    np.testing.assert_allclose((pair + pair.T)[off], 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.expected_rank, r.acceptability @ np.arange(1, matrix.shape[0] + 1), rtol=0, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(positive_problems(max_m=5), st.sampled_from(METHODS), st.floats(0.5, 0.95))
def test_a_dominated_project_is_never_first(problem, method, shrink):
    """A project strictly worse than another on every criterion cannot rank first for any
    positive weights: every method here respects strict dominance."""
    matrix, seed = problem
    x = np.array(matrix.values)
    worse = np.where(matrix.types > 0, x[0] * shrink, x[0] / shrink)
    dominated = DecisionMatrix.from_rows((*matrix.alternatives, "shadow"), matrix.criteria, np.vstack([x, worse]), matrix.types)
    r = smaa(dominated, method, samples=300, seed=seed)
    assert r.acceptability[-1, 0] == 0.0
    assert r.pairwise_winning[-1, 0] == 0.0 and r.pairwise_winning[0, -1] == 1.0


@pytest.mark.parametrize("method", ["topsis", "vikor"])
def test_same_seed_same_result_and_chunking_does_not_matter(method):
    rng = np.random.default_rng(11)
    matrix = DecisionMatrix.from_rows(names("P", 7), names("C", 3), rng.uniform(1, 9, (7, 3)), [1, -1, 1])
    kwargs = dict(samples=500, low=matrix.values * 0.8, high=matrix.values * 1.2)
    a = smaa(matrix, method, seed=42, **kwargs)
    b = smaa(matrix, method, seed=42, chunk_size=37, **kwargs)
    for field in ("acceptability", "confidence", "pairwise_winning"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    # sums of weights over chunks differ only in summation order
    np.testing.assert_allclose(a.central_weights, b.central_weights, rtol=0, atol=1e-14)
    c = smaa(matrix, method, seed=43, **kwargs)
    assert not np.array_equal(a.acceptability, c.acceptability)


def test_fresh_entropy_is_recorded_and_reproduces_the_run():
    matrix = DecisionMatrix.from_rows(names("P", 4), names("C", 2), [[1, 4], [2, 3], [3, 2], [4, 1]], [1, 1])
    first = smaa(matrix, "wsm", samples=300, seed=None)
    again = smaa(matrix, "wsm", samples=300, seed=first.seed)
    np.testing.assert_array_equal(first.acceptability, again.acceptability)


@settings(max_examples=25, deadline=None)
@given(positive_problems(), st.sampled_from(METHODS), st.integers(0, 2**32 - 1))
def test_given_weight_samples_match_ranking_each_sample(problem, method, seed):
    """Brute force: rank every weight vector with mcda.methods.rank and share ties."""
    matrix, _ = problem
    m, n = matrix.shape
    w = np.random.default_rng(seed).dirichlet(np.ones(n), size=40)
    r = smaa(matrix, method, weights=w)
    counts = np.zeros((m, m))
    wins = np.zeros((m, m))
    for row in w:
        ranks = ranks_from_scores(rank(matrix, row, method).scores, higher_is_better=rank(matrix, row, method).higher_is_better)
        for start in np.unique(ranks):
            members = np.flatnonzero(ranks == start)
            counts[np.ix_(members, np.arange(start - 1, start - 1 + members.size))] += 1 / members.size
        wins += (ranks[:, None] < ranks[None, :]) + 0.5 * (ranks[:, None] == ranks[None, :])
    np.fill_diagonal(wins, 0)
    np.testing.assert_allclose(r.acceptability, counts / 40, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r.pairwise_winning, wins / 40, rtol=0, atol=1e-12)


@settings(max_examples=20, deadline=None)
@given(positive_problems(max_m=7, max_n=4), st.integers(0, 2**32 - 1))
def test_vikor_acceptability_and_central_weights_equal_pyrepo_mcda(problem, seed):
    """Peer: pyrepo-mcda's VIKOR_SMAA (Wątróbski et al.) on the same weight samples."""
    pyrepo = pytest.importorskip("pyrepo_mcda.mcda_methods")
    matrix, _ = problem
    w = np.random.default_rng(seed).dirichlet(np.ones(matrix.shape[1]), size=60)
    # pyrepo breaks ties by order of appearance, we share them: compare data without tied Q.
    for row in w:
        q = rank(matrix, row, "vikor").scores
        assume(np.unique(q.round(12)).size == q.size)
    ours = smaa(matrix, "vikor", weights=w)
    acc, central, _ = pyrepo.VIKOR_SMAA()(np.array(matrix.values), w, np.array(matrix.types))
    np.testing.assert_allclose(ours.acceptability, acc, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.central_weights, central, rtol=0, atol=1e-12)


def test_two_projects_two_criteria_against_the_analytic_answer():
    """A = (1, 0), B = (0, 1) after min-max normalisation; with w uniform on the simplex A
    wins iff w1 > 1/2, so b1(A) = 1/2 and A's central weights are E[w | w1 > 1/2] = (3/4, 1/4)
    (w1 is uniform on [0, 1] for n = 2, Lahdelma & Salminen 2001, sec. 2)."""
    matrix = DecisionMatrix.from_rows(["A", "B"], ["c1", "c2"], [[10.0, 0.0], [0.0, 10.0]], [1, 1])
    r = smaa(matrix, "wsm", samples=20_000, seed=5)
    tol = 2 * r.max_error_95
    assert r.acceptability[0, 0] == pytest.approx(0.5, abs=tol)
    np.testing.assert_allclose(r.central_weights[0], [0.75, 0.25], atol=tol)
    np.testing.assert_allclose(r.central_weights[1], [0.25, 0.75], atol=tol)
    assert r.confidence.tolist() == [1.0, 1.0], "at its central weights each project wins"


def test_uniform_ordered_weights_have_the_expected_order_statistics():
    """Uniform on {w1 >= w2 >= w3} = sorted uniform spacings, whose means are
    E[w_(k)] = (1/n) sum_{i=k..n} 1/i (the broken-stick expectation; David & Nagaraja 2003,
    Order Statistics, 3rd ed., sec. 6.4): 11/18, 5/18, 2/18."""
    model = weight_model(["a", "b", "c"], order=["a", "b", "c"])
    w = sample_weights(model, 40_000, np.random.default_rng(1))
    assert np.all(w[:, 0] >= w[:, 1]) and np.all(w[:, 1] >= w[:, 2])
    np.testing.assert_allclose(w.mean(axis=0), [11 / 18, 5 / 18, 2 / 18], atol=0.005)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, rtol=0, atol=1e-12)


def test_dirichlet_weights_have_the_given_mean_and_spread():
    center = np.array([0.5, 0.3, 0.2, 0.0])
    model = weight_model(list("abcd"), "dirichlet", center=center, concentration=50.0)
    w = sample_weights(model, 40_000, np.random.default_rng(2))
    np.testing.assert_allclose(w.mean(axis=0), center, atol=0.003)
    np.testing.assert_allclose(w.var(axis=0), center * (1 - center) / 51, rtol=0.05)
    assert np.all(w[:, 3] == 0), "a criterion with given weight 0 stays at 0"


def test_dirichlet_with_an_order_keeps_only_ordered_draws():
    model = weight_model(list("abc"), "dirichlet", center=[0.4, 0.35, 0.25], concentration=30.0, order=["a", "b"])
    w = sample_weights(model, 2000, np.random.default_rng(3))
    assert w.shape == (2000, 3) and np.all(w[:, 0] >= w[:, 1])


def test_an_order_the_given_weights_contradict_is_refused():
    model = weight_model(list("abc"), "dirichlet", center=[0.05, 0.9, 0.05], concentration=1e5, order=["a", "b"])
    with pytest.raises(McdaInputError, match=r"ordinal ranking a >= b is almost never met .* concentration 100000 \(0 of 1024 draws\)"):
        sample_weights(model, 1000, np.random.default_rng(0))


def test_degenerate_ranges_equal_fixed_values():
    matrix = DecisionMatrix.from_rows(names("P", 4), names("C", 3), np.arange(1, 13).reshape(4, 3) % 5 + 1.0, [1, -1, 1])
    fixed = smaa(matrix, "topsis", samples=300, seed=9)
    same = smaa(matrix, "topsis", samples=300, seed=9, low=matrix.values, high=matrix.values)
    np.testing.assert_array_equal(fixed.acceptability, same.acceptability)
    assert same.uncertain_cells == 0


def test_bad_inputs_are_named():
    matrix = DecisionMatrix.from_rows(["a", "b"], ["x", "y"], [[1.0, 2.0], [2.0, 1.0]], [1, 1])
    with pytest.raises(McdaInputError, match=r"range of project 'a' on criterion 'x' is \[1.5, 2\], above its value 1"):
        smaa(matrix, low=[[1.5, 2.0], [2.0, 1.0]], high=[[2.0, 2.0], [2.0, 1.0]])
    with pytest.raises(McdaInputError, match=r"samples must be a whole number in \[1, 1000000\], got 0"):
        smaa(matrix, samples=0)
    with pytest.raises(McdaInputError, match=r"weight sample 1 is \[0.7, 0.7\]; every weight vector needs"):
        smaa(matrix, weights=np.array([[0.5, 0.5], [0.7, 0.7]]))
    with pytest.raises(McdaInputError, match=r"order names criterion 'z', which is not among the criteria \['x', 'y'\]"):
        weight_model(["x", "y"], order=["z"])
    with pytest.raises(McdaInputError, match=r"value ranges: at their lower bounds, wpm needs strictly positive"):
        smaa(matrix, "wpm", low=[[0.0, 2.0], [2.0, 1.0]])


def test_progress_is_reported_per_batch_up_to_the_total():
    matrix = DecisionMatrix.from_rows(names("P", 3), names("C", 2), [[1, 2], [2, 1], [3, 3]], [1, -1])
    seen: list[tuple[int, int]] = []
    smaa(matrix, samples=250, chunk_size=100, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(100, 250), (200, 250), (250, 250)]


def test_robustness_modules_stay_pure():
    """mcda/ never imports pydantic, the web stack, api or optimizer (STYLE.md, point 1)."""
    import subprocess
    import sys

    code = (
        "import sys, mcda.smaa, mcda.sensitivity, mcda.batched, mcda.batch_ranks, mcda.rank_reversal, "
        "mcda.weight_sampling; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('pydantic', 'fastapi', 'api', 'optimizer', 'pulp')]; "
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_kept_samples_are_the_first_draws_scored_as_rank_scores_them():
    rng = np.random.default_rng(4)
    matrix = DecisionMatrix.from_rows(names("P", 5), names("C", 3), rng.uniform(1, 9, (5, 3)), [1, -1, 1])
    r = smaa(matrix, "topsis", samples=300, seed=2, keep=120, chunk_size=50)
    assert r.kept_weights.shape == (120, 3) and r.kept_scores.shape == (120, 5)
    for k in (0, 49, 50, 119):
        np.testing.assert_allclose(r.kept_scores[k], rank(matrix, r.kept_weights[k]).scores, rtol=0, atol=1e-12)
    again = smaa(matrix, "topsis", samples=300, seed=2, keep=120)
    np.testing.assert_array_equal(r.kept_weights, again.kept_weights)
