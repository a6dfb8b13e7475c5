"""Pairwise matrices and AHP priorities (mcda.pairwise): published examples, peers, properties."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mcda.errors import McdaInputError
from mcda.pairwise import AHPResult, PairwiseMatrix, ahp_priorities
from tests.mcda.strategies import consistent_weights, labels_for, reciprocal_matrices

# --------------------------------------------------------------------------------------
# Published examples
# --------------------------------------------------------------------------------------

# Saaty (1990), "How to make a decision: the analytic hierarchy process", EJOR 48: 9–26,
# house-buying example. Criteria: size of house, transportation, neighbourhood, age of
# house, yard space, modern facilities, general condition, financing.
HOUSE_CRITERIA = ["size", "transport", "neighbourhood", "age", "yard", "modern", "condition", "financing"]
HOUSE_MATRIX = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
# Printed to three decimals: a value v printed as p satisfies |v - p| <= 0.0005.
HALF_UNIT = 0.0005 + 1e-12


def test_saaty_1990_house_criteria_eigenvector_lambda_ci_cr():
    """Saaty (1990), EJOR 48: 9–26, house example, criteria matrix (Table 2 there).

    Printed: priorities .173 .054 .188 .018 .031 .036 .167 .333; λmax = 9.669,
    C.I. = 0.238, C.R. = 0.169 (random index 1.41 for n = 8), i.e. not acceptable.
    """
    m = PairwiseMatrix.from_array(HOUSE_CRITERIA, HOUSE_MATRIX)
    r = ahp_priorities(m)
    printed = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert np.abs(r.weights - printed).max() <= HALF_UNIT
    assert abs(r.lambda_max - 9.669) <= HALF_UNIT
    assert abs(r.ci - 0.238) <= HALF_UNIT
    assert r.ri == 1.41
    assert abs(r.cr - 0.169) <= HALF_UNIT
    assert not r.acceptable
    assert len(r.worst_judgments) == 3


def test_saaty_1990_size_of_house_alternatives():
    """Saaty (1990), EJOR 48: 9–26, house example, houses A, B, C on "size of house" (Table 3).

    Printed: .754 .181 .065; λmax = 3.136, C.I. = 0.068, C.R. = 0.117.
    """
    m = PairwiseMatrix.from_array(["A", "B", "C"], [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]])
    r = ahp_priorities(m)
    assert np.abs(r.weights - [0.754, 0.181, 0.065]).max() <= HALF_UNIT
    assert abs(r.lambda_max - 3.136) <= HALF_UNIT
    assert abs(r.ci - 0.068) <= HALF_UNIT
    assert abs(r.cr - 0.117) <= HALF_UNIT


def test_saaty_1990_size_of_house_geometric_mean():
    """Geometric mean on the same published 3×3 matrix (Saaty 1990, EJOR 48, Table 3).

    For n = 3 the row geometric mean equals the principal eigenvector (Crawford &
    Williams 1985, J. Math. Psychology 29: 387–405), so Saaty's printed priorities
    .754 .181 .065 and CR 0.117 are also the geometric-mean results.
    """
    m = PairwiseMatrix.from_array(["A", "B", "C"], [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]])
    r = ahp_priorities(m, method="geometric_mean")
    assert r.method == "geometric_mean"
    assert np.abs(r.weights - [0.754, 0.181, 0.065]).max() <= HALF_UNIT
    assert abs(r.cr - 0.117) <= HALF_UNIT


def test_saaty_2008_drinks_from_verbal_and_numeric_judgments():
    """Saaty (2008), "Decision making with the analytic hierarchy process", Int. J. Services
    Sciences 1(1): 83–98, Table 2 "Which drink is consumed more in the U.S.?".

    Printed eigenvector: coffee .177, wine .019, tea .042, beer .116, sodas .190,
    milk .129, water .327. Judgments are given as (row, column, value) triples, some as
    verbal labels of the scale to exercise the parser.
    """
    drinks = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
    upper = {
        ("coffee", "wine"): "extreme", ("coffee", "tea"): "strong", ("coffee", "beer"): 2,
        ("coffee", "sodas"): "equal", ("coffee", "milk"): 1, ("coffee", "water"): "1/2",
        ("wine", "tea"): "1/3", ("wine", "beer"): "1/9", ("wine", "sodas"): "1/9",
        ("wine", "milk"): "1/9", ("wine", "water"): "1/9",
        ("tea", "beer"): "1/3", ("tea", "sodas"): "1/4", ("tea", "milk"): "1/3", ("tea", "water"): "1/9",
        ("beer", "sodas"): "1/2", ("beer", "milk"): 1, ("beer", "water"): "1/3",
        ("sodas", "milk"): 2, ("sodas", "water"): "1/2",
        ("milk", "water"): "1/3",
    }
    m = PairwiseMatrix.from_judgments(drinks, [(a, b, v) for (a, b), v in upper.items()])
    assert m.is_complete
    r = ahp_priorities(m)
    printed = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    assert np.abs(r.weights - printed).max() <= HALF_UNIT


# --------------------------------------------------------------------------------------
# Peers: pymcdm (eigenvector, matrix path only: never its interactive input() path),
# ahpy (power method with its own rounding), pyrepo-mcda (geometric mean).
# --------------------------------------------------------------------------------------


@given(reciprocal_matrices(min_n=3, max_n=9, discrete=True))
@settings(max_examples=60, deadline=None)
def test_eigenvector_agrees_with_pymcdm(a):
    from pymcdm.weights.subjective import AHP

    n = a.shape[0]
    peer = AHP(matrix=a)
    peer_w = peer()
    ours = ahp_priorities(PairwiseMatrix.from_array(labels_for(n), a))
    np.testing.assert_allclose(ours.weights, peer_w, rtol=0, atol=1e-10)
    # pymcdm uses another random index table (Tummala & Ling 1998): compare CI, not CR.
    peer_ci = peer.get_cr() * AHP.RI_M[n - 1]
    assert ours.ci == pytest.approx(peer_ci, abs=1e-9)


@given(reciprocal_matrices(min_n=3, max_n=9))
@settings(max_examples=40, deadline=None)
def test_eigenvector_agrees_with_ahpy(a):
    import ahpy

    n = a.shape[0]
    labels = labels_for(n)
    comparisons = {(labels[i], labels[j]): a[i, j] for i in range(n) for j in range(i + 1, n)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer = ahpy.Compare("peer", comparisons, precision=12, random_index="saaty")
    peer_w = np.array([peer.local_weights[label] for label in labels])
    # ahpy squares the matrix repeatedly (A², A⁴, …) and overflows to NaN on extreme
    # matrices (e.g. a row of 1/9); those are ahpy's failures, not comparable cases.
    assume(np.isfinite(peer_w).all())
    ours = ahp_priorities(PairwiseMatrix.from_array(labels, a))
    np.testing.assert_allclose(ours.weights, peer_w, rtol=0, atol=1e-9)


@given(reciprocal_matrices(min_n=3, max_n=9))
@settings(max_examples=60, deadline=None)
def test_geometric_mean_agrees_with_pyrepo_mcda(a):
    # pyrepo-mcda is a test-only peer; it must be listed in the [test] extras to run in CI.
    AHP = pytest.importorskip("pyrepo_mcda.mcda_methods").AHP

    peer_w = AHP()._geometric_mean(a)
    ours = ahp_priorities(PairwiseMatrix.from_array(labels_for(a.shape[0]), a), method="geometric_mean")
    np.testing.assert_allclose(ours.weights, peer_w, rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------


@given(reciprocal_matrices(min_n=1, max_n=12), st.sampled_from(["eigenvector", "geometric_mean"]))
@settings(max_examples=150, deadline=None)
def test_weights_positive_sum_to_one_and_figures_finite(a, method):
    r = ahp_priorities(PairwiseMatrix.from_array(labels_for(a.shape[0]), a), method=method)
    assert np.all(r.weights > 0)
    assert r.weights.sum() == pytest.approx(1.0, abs=1e-12)
    for x in (r.lambda_max, r.ci, r.ri, r.cr):
        assert np.isfinite(x)
    assert r.lambda_max >= a.shape[0] - 1e-9  # Perron root of a reciprocal matrix is >= n
    assert r.acceptable == (r.cr <= r.cr_threshold)
    assert (len(r.worst_judgments) > 0) == (not r.acceptable)


@given(consistent_weights(min_n=2, max_n=9), st.sampled_from(["eigenvector", "geometric_mean"]))
@settings(max_examples=150, deadline=None)
def test_consistent_matrix_has_zero_cr_and_recovers_weights(w, method):
    a = w[:, None] / w[None, :]
    r = ahp_priorities(PairwiseMatrix.from_array(labels_for(len(w)), a), method=method)
    assert r.cr == pytest.approx(0.0, abs=1e-9)
    assert r.lambda_max == pytest.approx(len(w), abs=1e-9)
    np.testing.assert_allclose(r.weights, w, rtol=1e-9, atol=1e-12)
    assert r.acceptable and r.worst_judgments == ()


@given(reciprocal_matrices(min_n=2, max_n=9), st.data(), st.sampled_from(["eigenvector", "geometric_mean"]))
@settings(max_examples=100, deadline=None)
def test_permuting_items_permutes_weights(a, data, method):
    n = a.shape[0]
    labels = labels_for(n)
    perm = data.draw(st.permutations(list(range(n))))
    m = PairwiseMatrix.from_array(labels, a)
    base = ahp_priorities(m, method=method)
    moved = ahp_priorities(m.reordered([labels[k] for k in perm]), method=method)
    np.testing.assert_allclose(moved.weights, base.weights[perm], rtol=1e-9, atol=1e-12)
    assert moved.cr == pytest.approx(base.cr, rel=1e-9, abs=1e-12)


@given(reciprocal_matrices(min_n=3, max_n=8, discrete=True))
@settings(max_examples=60, deadline=None)
def test_from_array_accepts_two_decimal_reciprocals(a):
    """Spreadsheets often hold 0.33 for 1/3 or 0.13 for 1/8; the result is unchanged."""
    n = a.shape[0]
    rounded = a.copy()
    small = rounded < 1
    rounded[small] = np.round(rounded[small], 2)
    exact = ahp_priorities(PairwiseMatrix.from_array(labels_for(n), a))
    read = ahp_priorities(PairwiseMatrix.from_array(labels_for(n), rounded))
    np.testing.assert_allclose(read.weights, exact.weights, atol=1e-12)


# --------------------------------------------------------------------------------------
# Construction and errors
# --------------------------------------------------------------------------------------


def test_from_judgments_fills_reciprocals_and_leaves_gaps():
    m = PairwiseMatrix.from_judgments(["a", "b", "c"], [("a", "b", 3), ("c", "b", "1/5")])
    assert m.value("a", "b") == 3 and m.value("b", "a") == pytest.approx(1 / 3)
    assert m.value("b", "c") == pytest.approx(5.0)
    assert np.isnan(m.value("a", "c"))
    assert m.missing_pairs == (("a", "c"),)
    assert not m.is_complete
    assert not m.values.flags.writeable


def test_from_judgments_accepts_repeated_consistent_pair():
    m = PairwiseMatrix.from_judgments(["a", "b"], [("a", "b", 4), ("b", "a", 0.25), ("a", "b", "4")])
    assert m.value("a", "b") == 4


def test_contradicting_duplicate_names_both_judgments():
    with pytest.raises(McdaInputError, match=r"weights\[2\]: 'b' vs 'a' = 3 contradicts weights\[0\]"):
        PairwiseMatrix.from_judgments(["a", "b", "c"], [("a", "b", 3), ("a", "c", 2), ("b", "a", 3)], where="weights")


def test_unknown_item_is_named_with_the_known_ones():
    with pytest.raises(McdaInputError, match=r"criteria\[1\]: unknown item 'экспорт'; known items are 'инновации', 'наука'"):
        PairwiseMatrix.from_judgments(
            ["инновации", "наука"], [("инновации", "наука", 2), ("экспорт", "наука", 3)], where="criteria"
        )


def test_self_comparison_is_refused():
    with pytest.raises(McdaInputError, match=r"j\[0\]: item 'a' is compared with itself"):
        PairwiseMatrix.from_judgments(["a", "b"], [("a", "a", 1)], where="j")


def test_out_of_scale_judgment_names_pair_and_value():
    with pytest.raises(McdaInputError, match=r"j\[0\] \('a' vs 'b'\): 12 is outside Saaty's scale"):
        PairwiseMatrix.from_judgments(["a", "b"], [("a", "b", 12)], where="j")


def test_malformed_judgment_shows_the_expected_form():
    with pytest.raises(McdaInputError, match=r"j\[0\]: \('a', 'b'\) is not a judgment; write \(item, item, value\)"):
        PairwiseMatrix.from_judgments(["a", "b"], [("a", "b")], where="j")


def test_non_reciprocal_matrix_names_the_pair():
    with pytest.raises(McdaInputError, match=r"m\[0, 1\] and \[1, 0\] \('a' vs 'b'\): 3 and 0.5 are not reciprocal"):
        PairwiseMatrix.from_array(["a", "b"], [[1, 3], [0.5, 1]], where="m")


def test_diagonal_must_be_one():
    with pytest.raises(McdaInputError, match=r"m\[1, 1\] \('b' vs itself\): the diagonal must be 1"):
        PairwiseMatrix.from_array(["a", "b"], [[1, 2], [0.5, 2]], where="m")


@pytest.mark.parametrize("bad, what", [(0.0, "not positive"), (-2.0, "not positive"), (20.0, "outside Saaty's scale")])
def test_bad_entries_in_array(bad, what):
    with pytest.raises(McdaInputError, match=rf"m\[0, 1\] \('a' vs 'b'\): .* is {what}"):
        PairwiseMatrix.from_array(["a", "b"], [[1, bad], [np.nan, 1]], where="m")


def test_shape_must_match_labels():
    with pytest.raises(McdaInputError, match=r"shape \(2, 2\) but there are 3 items"):
        PairwiseMatrix.from_array(["a", "b", "c"], [[1, 2], [0.5, 1]])


def test_upper_triangle_with_missing_lower_is_read():
    m = PairwiseMatrix.from_array(["a", "b", "c"], [[1, 2, None], [np.nan, 1, 4], [np.nan, np.nan, 1]])
    assert m.value("b", "a") == 0.5 and m.value("c", "b") == 0.25
    assert m.missing_pairs == (("a", "c"),)


@pytest.mark.parametrize("labels, message", [([], "no items"), (["a", "a"], "appears twice"), (["a", " "], "non-empty")])
def test_bad_labels(labels, message):
    with pytest.raises(McdaInputError, match=message):
        PairwiseMatrix.from_judgments(labels, [])


def test_unknown_method_lists_valid_ones():
    m = PairwiseMatrix.from_array(["a", "b"], [[1, 2], [0.5, 1]])
    with pytest.raises(McdaInputError, match=r"unknown prioritisation method 'topsis'; valid methods are 'eigenvector', 'geometric_mean'"):
        ahp_priorities(m, method="topsis")
    with pytest.raises(McdaInputError, match=r"unknown random index table 'x'; valid tables are 'saaty', 'alonso_lamata'"):
        ahp_priorities(m, ri_table="x")
    with pytest.raises(McdaInputError, match=r"cr_threshold: 10 is not a ratio between 0 and 1"):
        ahp_priorities(m, cr_threshold=10)
    with pytest.raises(McdaInputError, match=r"unknown completion method 'mean'"):
        ahp_priorities(m, completion="mean")


def test_too_many_items_for_saatys_table():
    n = 16
    m = PairwiseMatrix.from_array([f"p{i}" for i in range(n)], np.ones((n, n)))
    with pytest.raises(McdaInputError, match=r"'saaty' random index covers matrices of up to 15 items, not 16.*alonso_lamata"):
        ahp_priorities(m)
    r = ahp_priorities(m, ri_table="alonso_lamata")
    assert r.cr == 0.0 and any("extrapolated" in w for w in r.warnings)
    assert any("7 ± 2" in w for w in r.warnings)


def test_single_item_and_two_items():
    one = ahp_priorities(PairwiseMatrix.from_judgments(["only"], []))
    assert list(one.weights) == [1.0] and one.cr == 0.0 and one.acceptable
    two = ahp_priorities(PairwiseMatrix.from_judgments(["a", "b"], [("a", "b", 3)]))
    np.testing.assert_allclose(two.weights, [0.75, 0.25])
    assert two.cr == 0.0 and two.lambda_max == 2.0


def test_result_is_read_only_and_keyed_by_label():
    r = ahp_priorities(PairwiseMatrix.from_judgments(["a", "b"], [("a", "b", 3)]))
    assert isinstance(r, AHPResult)
    with pytest.raises(ValueError):
        r.weights[0] = 0.5
    with pytest.raises(ValueError):
        r.matrix[0, 0] = 2.0
    assert dict(r.weights_by_label) == pytest.approx({"a": 0.75, "b": 0.25})


def test_inconsistent_result_warns_and_names_worst_judgment():
    """The house criteria of Saaty (1990) have CR 0.169 > 0.10: a warning names the judgments."""
    r = ahp_priorities(PairwiseMatrix.from_array(HOUSE_CRITERIA, HOUSE_MATRIX))
    top = r.worst_judgments[0]
    assert any("CR = 0.169 exceeds the threshold 0.1" in w and f"{top.row!r} vs {top.col!r}" in w for w in r.warnings)


def test_advice_says_when_the_scale_cannot_do_better():
    """a:b = 3 where 2.93 would be consistent: 3 is already the nearest scale value."""
    m = PairwiseMatrix.from_judgments(["a", "b", "c"], [("a", "b", 3), ("a", "c", 2.8), ("b", "c", 1)])
    r = ahp_priorities(m, cr_threshold=1e-6)
    ab = next(adv for adv in r.worst_judgments if (adv.row, adv.col) == ("a", "b"))
    assert ab.suggested == ab.given == 3.0
    assert ab.cr_if_changed == pytest.approx(r.cr)
    assert any("'a' vs 'b' = 3 (consistent 2.93; already the nearest scale value" in w for w in r.warnings)


def test_from_array_reads_text_cells_and_blanks():
    """YAML and CSV hand over "1/3" as text and empty cells as blanks."""
    m = PairwiseMatrix.from_array(["a", "b", "c"], [["1", "3", ""], ["1/3", 1, "strong"], [None, "1/5", "1"]])
    assert m.value("a", "b") == 3 and m.value("b", "c") == 5 and m.value("c", "b") == pytest.approx(0.2)
    assert m.missing_pairs == (("a", "c"),)
    with pytest.raises(McdaInputError, match=r"m\[0, 1\] \('a' vs 'b'\): 'lots' is not a judgment"):
        PairwiseMatrix.from_array(["a", "b"], [[1, "lots"], [None, 1]], where="m")
