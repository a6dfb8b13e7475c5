"""DecisionMatrix: validation at the door, immutability, names in any script."""

import numpy as np
import pandas as pd
import pytest

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError


def make(**kw):
    args = dict(alternatives=["A", "B"], criteria=["x", "y"], rows=[[1, 2], [3, 4]], types=[1, -1])
    args.update(kw)
    return DecisionMatrix.from_rows(**args)


def test_types_accept_numbers_and_words():
    dm = make(types=["benefit", "Cost"])
    assert dm.types.tolist() == [1, -1]
    assert make(types=[1, -1]).types.tolist() == [1, -1]


@pytest.mark.parametrize("bad", [0, 2, "max", True, None, 1.5])
def test_bad_type_names_criterion_and_valid_choices(bad):
    with pytest.raises(McdaInputError, match=r"criterion 'y' has type .*valid types are 1 or 'benefit'"):
        make(types=[1, bad])


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_non_finite_value_names_alternative_criterion_and_value(bad):
    with pytest.raises(McdaInputError, match=r"alternative 'B', criterion 'x' has (nan|inf|-inf)"):
        make(rows=[[1, 2], [bad, 4]])


def test_non_numeric_value_is_named():
    with pytest.raises(McdaInputError, match=r"alternative 'A', criterion 'y' has '2'"):
        make(rows=[[1, "2"], [3, 4]])


def test_ragged_row_is_named():
    with pytest.raises(McdaInputError, match=r"alternative 'B' has 1 values but there are 2 criteria"):
        make(rows=[[1, 2], [3]])


def test_row_count_must_match_alternatives():
    with pytest.raises(McdaInputError, match=r"values has 1 rows but there are 2 alternatives"):
        make(rows=[[1, 2]])


def test_types_length_must_match_criteria():
    with pytest.raises(McdaInputError, match=r"types has 1 entries but there are 2 criteria"):
        make(types=[1])


@pytest.mark.parametrize("field", ["alternatives", "criteria"])
def test_duplicate_names_rejected(field):
    with pytest.raises(McdaInputError, match=r"appears twice \(positions 1 and 2\)"):
        make(**{field: ["Same", "Same "]})


@pytest.mark.parametrize("bad", ["", "   ", 3])
def test_empty_or_non_text_names_rejected(bad):
    with pytest.raises(McdaInputError, match=r"alternative must be a (non-empty|text) name"):
        make(alternatives=["A", bad])


def test_cyrillic_names_and_unicode_normalisation():
    decomposed = "Кластер Й".replace("Й", "И\u0306")  # И + combining breve
    dm = make(alternatives=["Ростсельмаш", decomposed], criteria=["экспорт", "риск"])
    assert dm.alternatives == ("Ростсельмаш", "Кластер Й")
    assert dm.criteria == ("экспорт", "риск")
    with pytest.raises(McdaInputError, match="appears twice"):
        make(alternatives=["Кластер Й", decomposed])


def test_values_are_a_read_only_copy():
    rows = np.array([[1.0, 2.0], [3.0, 4.0]])
    dm = make(rows=rows)
    rows[0, 0] = 99.0
    assert dm.values[0, 0] == 1.0
    with pytest.raises(ValueError):
        dm.values[0, 0] = 5.0
    with pytest.raises(ValueError):
        dm.types[0] = -1


def test_frame_round_trip():
    dm = make(alternatives=["Томск", "Кострома"])
    frame = dm.to_frame()
    assert list(frame.index) == ["Томск", "Кострома"]
    assert frame.attrs["types"] == {"x": 1, "y": -1}
    frame.iloc[0, 0] = -7.0  # a copy: the matrix does not change
    assert dm.values[0, 0] == 1.0
    again = DecisionMatrix.from_frame(pd.DataFrame(dm.values, index=dm.alternatives, columns=dm.criteria), [1, -1])
    assert np.array_equal(again.values, dm.values)


def test_at_least_one_alternative_and_criterion():
    with pytest.raises(McdaInputError, match="at least one alternative"):
        DecisionMatrix.from_rows([], ["x"], [], [1])
