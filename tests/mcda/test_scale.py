"""Reading judgments on Saaty's 1–9 scale (mcda.scale)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda.errors import McdaInputError
from mcda.scale import (
    RUSSIAN_SAATY_LABELS,
    SAATY_LABELS,
    SCALE_VALUES,
    nearest_scale_value,
    parse_judgment,
)


def test_labels_cover_the_nine_values_of_saatys_scale():
    """Saaty (2008), Int. J. Services Sciences 1(1), Table 1: 1 equal … 9 extreme."""
    assert sorted(SAATY_LABELS.values()) == list(range(1, 10))
    assert sorted(RUSSIAN_SAATY_LABELS.values()) == list(range(1, 10))
    assert SAATY_LABELS["moderate"] == 3
    assert SAATY_LABELS["strong"] == 5
    assert SAATY_LABELS["very strong"] == 7
    assert SAATY_LABELS["extreme"] == 9


@pytest.mark.parametrize(
    "text, expected",
    [
        ("equal", 1), ("Equal", 1), ("  EQUAL  ", 1),
        ("equal to moderate", 2), ("equal-to-moderate", 2), ("weak or slight", 2),
        ("moderate", 3), ("moderate importance", 3),
        ("moderate plus", 4), ("moderate-plus", 4), ("Moderate+", 4),
        ("strong", 5), ("strong importance", 5), ("essential", 5),
        ("strong plus", 6), ("strong_plus", 6),
        ("very strong", 7), ("Very-Strong", 7), ("very strong importance", 7),
        ("very, very strong", 8), ("very very strong", 8), ("Very-very strong", 8),
        ("extreme", 9), ("Extreme importance", 9), ("absolute", 9),
    ],
)
def test_english_labels_and_variants(text, expected):
    assert parse_judgment(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("равная", 1), ("Равная важность", 1),
        ("от равной до умеренной", 2), ("слабая", 2),
        ("умеренная", 3), ("УМЕРЕННАЯ", 3), ("умеренное превосходство", 3),
        ("умеренная плюс", 4), ("умеренная+", 4), ("от умеренной до сильной", 4),
        ("сильная", 5), ("существенная", 5), ("сильное превосходство", 5),
        ("сильная плюс", 6), ("от сильной до очень сильной", 6),
        ("очень сильная", 7), ("очень-сильная", 7), ("значительное превосходство", 7),
        ("очень, очень сильная", 8), ("очень очень сильная", 8),
        ("абсолютная", 9), ("экстремальная", 9), ("Абсолютная важность", 9),
    ],
)
def test_russian_labels_and_variants(text, expected):
    assert parse_judgment(text) == expected


def test_phrase_with_two_meanings_in_russian_sources_is_refused():
    """«очень сильное превосходство» is 9 in the 1993 Russian edition of Saaty, 7 by translation."""
    with pytest.raises(McdaInputError, match="ambiguous.*1993.*7.*9"):
        parse_judgment("очень сильное превосходство", where="w[0]")


@pytest.mark.parametrize(
    "text, expected",
    [("3", 3.0), ("1/5", 0.2), (" 1 / 5 ", 0.2), ("0.2", 0.2), ("0,25", 0.25), ("2.5", 2.5), ("1/9", 1 / 9)],
)
def test_numeric_strings(text, expected):
    assert parse_judgment(text) == pytest.approx(expected, rel=1e-12)


def test_numbers_fractions_and_numpy_scalars():
    assert parse_judgment(3) == 3.0
    assert parse_judgment(0.5) == 0.5
    assert parse_judgment(Fraction(1, 7)) == pytest.approx(1 / 7)
    assert parse_judgment(np.float32(4.0)) == 4.0
    assert parse_judgment(np.int64(9)) == 9.0
    # 0.11 is 1/9 rounded to two decimals: accepted within the 1% slack.
    assert parse_judgment(0.11) == 0.11


@pytest.mark.parametrize("bad", [10, 0.1, 9.5, "12", "1/10", 0, -3, "-2"])
def test_out_of_scale_values_name_where_value_and_range(bad):
    with pytest.raises(McdaInputError, match=r"criteria\[2\].*(outside Saaty's scale \[1/9, 9\]|not positive|not a judgment)"):
        parse_judgment(bad, where="criteria[2]")


def test_out_of_scale_message_lists_valid_labels():
    with pytest.raises(McdaInputError, match=r"'equal' \(1\).*'extreme' \(9\).*«равная» \(1\)"):
        parse_judgment(15, where="x")


@pytest.mark.parametrize("bad", [math.nan, math.inf, True, None, "", "very important", "сильно", [3]])
def test_non_judgments_are_refused(bad):
    with pytest.raises(McdaInputError, match=r"^j: "):
        parse_judgment(bad, where="j")


def test_unknown_label_lists_what_is_valid():
    with pytest.raises(McdaInputError, match=r"'very important' is not a judgment.*from 1/9 to 9.*'moderate' \(3\)"):
        parse_judgment("very important", where="j")


def test_fraction_with_zero_denominator():
    with pytest.raises(McdaInputError, match="divides by zero"):
        parse_judgment("3/0")


def test_scale_values_are_the_17_values():
    assert len(SCALE_VALUES) == 17
    assert SCALE_VALUES[0] == pytest.approx(1 / 9)
    assert SCALE_VALUES[-1] == 9.0
    assert 1.0 in SCALE_VALUES


@given(st.floats(1 / 50, 50, allow_nan=False))
@settings(max_examples=200, deadline=None)
def test_nearest_scale_value_is_nearest_on_log_scale(x):
    s = nearest_scale_value(x)
    assert s in SCALE_VALUES
    best = min(abs(math.log(v) - math.log(x)) for v in SCALE_VALUES)
    assert abs(math.log(s) - math.log(x)) == pytest.approx(best, abs=1e-12)
    # Ratio symmetry: 1/x maps to 1/s unless x sits exactly halfway between two values.
    halfway = any(
        math.isclose(abs(math.log(x) - math.log(v)), best, rel_tol=1e-9) for v in SCALE_VALUES if v != s
    )
    if not halfway:
        assert nearest_scale_value(1 / x) == pytest.approx(1 / s)
