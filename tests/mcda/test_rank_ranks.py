"""ranks_from_scores: standard competition ranking with a relative tie tolerance."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from mcda.errors import McdaInputError
from mcda.ranks import TIE_RULE, ranks_from_scores


def test_competition_ranking_1_2_2_4():
    assert ranks_from_scores([0.9, 0.5, 0.5, 0.1], higher_is_better=True).tolist() == [1, 2, 2, 4]
    assert ranks_from_scores([0.9, 0.5, 0.5, 0.1], higher_is_better=False).tolist() == [4, 2, 2, 1]
    assert "1-2-2-4" in TIE_RULE


def test_last_bit_differences_tie_but_real_differences_do_not():
    a = 0.6135422876
    assert ranks_from_scores([a, a * (1 + 1e-15), 0.2], higher_is_better=True).tolist() == [1, 1, 3]
    assert ranks_from_scores([a, a * (1 + 1e-6), 0.2], higher_is_better=True).tolist() == [2, 1, 3]


def test_scores_near_zero_use_the_scale_of_the_vector():
    # PROMETHEE net flows of equal projects can come out as +-1e-17 instead of 0.
    assert ranks_from_scores([1e-17, -1e-17, 0.5], higher_is_better=True).tolist() == [2, 2, 1]


def test_all_zero_scores_tie():
    assert ranks_from_scores([0.0, 0.0], higher_is_better=False).tolist() == [1, 1]


def test_non_finite_scores_rejected():
    with pytest.raises(McdaInputError, match="finite"):
        ranks_from_scores([0.1, float("nan")], higher_is_better=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-5, 5).map(float), min_size=1, max_size=12), st.booleans())
def test_matches_scipy_min_ranking_and_is_a_valid_competition_ranking(scores, higher):
    ranks = ranks_from_scores(scores, higher_is_better=higher)
    key = -np.array(scores) if higher else np.array(scores)
    assert ranks.tolist() == rankdata(key, method="min").astype(int).tolist()
    # Validity: a rank r means exactly r - 1 projects are strictly better.
    for r, k in zip(ranks, key):
        assert r == 1 + int(np.sum(key < k))
