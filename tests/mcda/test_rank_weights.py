"""resolve_weights: alignment by name, normalisation with a warning, errors that name the culprit."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda.errors import McdaInputError
from mcda.weights import resolve_weights

CRITERIA = ["export", "jobs", "risk"]


def test_mapping_is_aligned_with_data_order():
    w, notes = resolve_weights({"risk": 0.5, "export": 0.2, "jobs": 0.3}, CRITERIA)
    assert w.tolist() == [0.2, 0.3, 0.5]
    assert notes == ()
    assert not w.flags.writeable


def test_sum_not_one_is_normalised_and_said_with_the_sum():
    w, notes = resolve_weights([2, 3, 5], CRITERIA)
    assert np.allclose(w, [0.2, 0.3, 0.5])
    assert len(notes) == 1 and "summed to 10" in notes[0] and "divided" in notes[0]


def test_rounding_noise_does_not_warn():
    _, notes = resolve_weights([0.1, 0.2, 0.7], CRITERIA)
    assert notes == ()


def test_criterion_missing_from_data_is_named_with_the_data_criteria():
    with pytest.raises(McdaInputError, match=r"criterion 'innovation' is not in the data; the data's criteria are \['export', 'jobs', 'risk'\]"):
        resolve_weights({"export": 1, "jobs": 1, "risk": 1, "innovation": 1}, CRITERIA)


def test_data_criterion_without_weight_is_named():
    with pytest.raises(McdaInputError, match=r"criterion 'risk' of the data has no weight"):
        resolve_weights({"export": 1, "jobs": 1}, CRITERIA)


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), "0.3", True])
def test_bad_weight_values(bad):
    with pytest.raises(McdaInputError, match=r"criterion 'jobs' has weight"):
        resolve_weights([0.3, bad, 0.4], CRITERIA)


def test_all_zero_is_an_error():
    with pytest.raises(McdaInputError, match="all zero"):
        resolve_weights([0, 0, 0], CRITERIA)


def test_wrong_length():
    with pytest.raises(McdaInputError, match=r"weights has 2 entries but the data has 3 criteria"):
        resolve_weights([0.5, 0.5], CRITERIA)


def test_zero_weight_is_allowed_and_reported():
    w, notes = resolve_weights([0.5, 0.5, 0], CRITERIA)
    assert w[2] == 0 and any("'risk' has weight 0" in n for n in notes)


def test_names_match_after_unicode_normalisation():
    w, _ = resolve_weights({"И\u0306": 1.0}, ["Й"])
    assert w.tolist() == [1.0]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=8).filter(lambda v: sum(v) > 0))
def test_weights_are_non_negative_and_sum_to_one(raw):
    w, _ = resolve_weights(raw, [f"c{i}" for i in range(len(raw))])
    assert np.all(w >= 0) and abs(w.sum() - 1) < 1e-12
