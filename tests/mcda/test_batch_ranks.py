"""Batched ranks equal mcda.ranks.ranks_from_scores row by row, ties and signs included."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mcda.batch_ranks import competition_ranks, sorted_order, tally_ranks
from mcda.ranks import ranks_from_scores


@st.composite
def score_rows(draw, max_s: int = 8, max_m: int = 12):
    """Score matrices rich in exact ties, near ties (inside and just outside the 1e-9
    tolerance), negative values and signed zeros."""
    s = draw(st.integers(1, max_s))
    m = draw(st.integers(1, max_m))
    base = draw(arrays(np.float64, (s, m), elements=st.sampled_from([-2.0, -1.0, -0.0, 0.0, 0.5, 1.0, 3.0])))
    noise = draw(arrays(np.float64, (s, m), elements=st.sampled_from([0.0, 1e-13, -1e-13, 5e-10, 2e-9, 1e-6, 0.25])))
    scale = draw(st.sampled_from([1e-6, 1.0, 1e6]))
    return (base + noise) * scale


def fractional_counts(scores: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Acceptability counts by brute force: a tied group at ranks r..r+g-1 shares them."""
    s, m = scores.shape
    out = np.zeros((m, m))
    for row in scores:
        r = ranks_from_scores(row, higher_is_better=higher_is_better)
        for start in np.unique(r):
            members = np.flatnonzero(r == start)
            out[np.ix_(members, np.arange(start - 1, start - 1 + members.size))] += 1.0 / members.size
    return out


@settings(max_examples=200, deadline=None)
@given(score_rows(), st.booleans())
def test_competition_ranks_equal_ranks_from_scores(scores, higher_is_better):
    got = competition_ranks(scores, higher_is_better=higher_is_better)
    for k, row in enumerate(scores):
        assert got[k].tolist() == ranks_from_scores(row, higher_is_better=higher_is_better).tolist()


@settings(max_examples=200, deadline=None)
@given(score_rows(), st.booleans())
def test_order_lists_projects_by_rank_and_flags_ties(scores, higher_is_better):
    order, tied = sorted_order(scores, higher_is_better=higher_is_better)
    for k, row in enumerate(scores):
        ranks = ranks_from_scores(row, higher_is_better=higher_is_better)
        assert sorted(order[k].tolist()) == list(range(row.size))
        assert np.all(np.diff(ranks[order[k]]) >= 0), "positions follow the ranks"
        assert tied[k] == (np.unique(ranks).size < row.size)


@settings(max_examples=200, deadline=None)
@given(score_rows(), st.booleans())
def test_tally_equals_brute_force_and_every_rank_is_filled_once(scores, higher_is_better):
    tally = tally_ranks(scores, higher_is_better=higher_is_better)
    s, m = scores.shape
    np.testing.assert_allclose(tally.counts, fractional_counts(scores, higher_is_better), rtol=0, atol=1e-12)
    np.testing.assert_allclose(tally.counts.sum(axis=0), s, rtol=0, atol=1e-12)
    np.testing.assert_allclose(tally.counts.sum(axis=1), s, rtol=0, atol=1e-12)
    first = np.zeros(m)
    np.add.at(first, tally.first.projects, tally.first.shares)
    np.testing.assert_allclose(first, tally.counts[:, 0], rtol=0, atol=1e-12)


def test_large_random_rows_use_the_fast_path_and_agree_with_argsort():
    """Without ties the packed-key sort must give exactly numpy's order."""
    scores = np.random.default_rng(0).random((300, 1000))
    order, tied = sorted_order(scores, higher_is_better=True)
    assert not tied.any()
    np.testing.assert_array_equal(order, np.argsort(-scores, axis=1))
