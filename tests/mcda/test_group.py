"""Group AHP: AIJ, AIP and the consensus indicator (mcda.group)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda.errors import McdaInputError
from mcda.group import ExpertJudgments, consensus_indicator, group_priorities
from mcda.pairwise import PairwiseMatrix, ahp_priorities
from tests.mcda.strategies import labels_for, reciprocal_matrices

GROUPS = ["business", "science", "education", "government", "finance", "civil society"]


def _expert(name, labels, a, weight=1.0, group=None):
    return ExpertJudgments(name=name, matrix=PairwiseMatrix.from_array(labels, a), weight=weight, group=group)


@given(reciprocal_matrices(min_n=2, max_n=8), st.integers(1, 5), st.sampled_from(["eigenvector", "geometric_mean"]),
       st.sampled_from(["aij", "aip"]))
@settings(max_examples=80, deadline=None)
def test_identical_experts_equal_the_single_expert_and_full_consensus(a, k, method, aggregation):
    labels = labels_for(a.shape[0])
    single = ahp_priorities(PairwiseMatrix.from_array(labels, a), method=method)
    experts = [_expert(f"e{i}", labels, a, weight=1.0 + i, group=GROUPS[i % 6]) for i in range(k)]
    g = group_priorities(experts, aggregation=aggregation, method=method)
    np.testing.assert_allclose(g.weights, single.weights, rtol=1e-9, atol=1e-12)
    assert g.consensus == pytest.approx(1.0, abs=1e-12)
    assert len(g.individual) == k
    if aggregation == "aij":
        assert g.aggregated.cr == pytest.approx(single.cr, rel=1e-9, abs=1e-12)
    else:
        assert g.aggregated is None


@given(st.lists(reciprocal_matrices(min_n=4, max_n=4), min_size=2, max_size=5))
@settings(max_examples=80, deadline=None)
def test_consensus_below_one_when_priorities_differ(mats):
    labels = labels_for(4)
    experts = [_expert(f"e{i}", labels, a) for i, a in enumerate(mats)]
    g = group_priorities(experts)
    vectors = np.array([r.weights for _, r in g.individual])
    differ = np.abs(vectors - vectors[0]).max() > 1e-6
    assert 0.0 <= g.consensus <= 1.0
    if differ:
        assert g.consensus < 1.0
    else:
        assert g.consensus == pytest.approx(1.0, abs=1e-9)


def test_consensus_is_zero_for_the_largest_disagreement():
    """Goepel (2013): S* = 0 when n experts each put a different item 9 times above all others,
    so their pooled priorities are uniform (maximal gamma entropy) and each is as
    concentrated as the 1–9 scale allows (minimal alpha entropy)."""
    n = 5
    p = np.full((n, n), 1.0)
    np.fill_diagonal(p, 9.0)
    p /= p.sum(axis=1, keepdims=True)
    assert consensus_indicator(p) == pytest.approx(0.0, abs=1e-12)


def test_consensus_matches_goepels_entropy_formula():
    """Two experts, three items; S* computed step by step from Goepel's (2013) definitions."""
    p = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3]])

    def h(v):
        return -sum(x * math.log(x) for x in v)

    h_alpha = (h(p[0]) + h(p[1])) / 2
    h_gamma = h(p.mean(axis=0))
    d_beta = math.exp(h_gamma - h_alpha)
    d_alpha_min = math.exp(h([9 / 11, 1 / 11, 1 / 11]))
    floor = d_alpha_min / 3
    expected = (1 / d_beta - floor) / (1 - floor)
    assert consensus_indicator(p) == pytest.approx(expected, rel=1e-12)
    # Expert weights shift the means: an expert with all the weight leaves nothing to disagree with.
    assert consensus_indicator(p, np.array([1.0, 1e-12])) == pytest.approx(1.0, abs=1e-9)


@given(st.lists(reciprocal_matrices(min_n=5, max_n=5), min_size=2, max_size=4), st.data())
@settings(max_examples=60, deadline=None)
def test_geometric_mean_aij_equals_aip(mats, data):
    """Barzilai & Golany (1994): with row-geometric-mean priorities, aggregating judgments
    and aggregating priorities by the (weighted) geometric mean give the same weights."""
    labels = labels_for(5)
    weights = [data.draw(st.floats(0.1, 10)) for _ in mats]
    experts = [_expert(f"e{i}", labels, a, weight=w) for i, (a, w) in enumerate(zip(mats, weights))]
    aij = group_priorities(experts, aggregation="aij", method="geometric_mean")
    aip = group_priorities(experts, aggregation="aip", method="geometric_mean")
    np.testing.assert_allclose(aij.weights, aip.weights, rtol=1e-9)


@given(st.lists(reciprocal_matrices(min_n=4, max_n=4), min_size=2, max_size=4), st.floats(0.01, 100))
@settings(max_examples=40, deadline=None)
def test_expert_weights_only_matter_relatively(mats, scale):
    labels = labels_for(4)
    base = [_expert(f"e{i}", labels, a, weight=1 + i) for i, a in enumerate(mats)]
    scaled = [_expert(f"e{i}", labels, a, weight=(1 + i) * scale) for i, a in enumerate(mats)]
    for aggregation in ("aij", "aip"):
        g1 = group_priorities(base, aggregation=aggregation)
        g2 = group_priorities(scaled, aggregation=aggregation)
        np.testing.assert_allclose(g1.weights, g2.weights, rtol=1e-9)
        assert g1.consensus == pytest.approx(g2.consensus, rel=1e-9)


def test_aij_uses_only_experts_who_gave_the_judgment():
    """Pair (a, c) judged only by expert 1 (value 4): the aggregate takes 4, not a mean with 'missing'.
    Pair (a, b): experts give 2 and 8 with weights 1 and 3 → (2^1 · 8^3)^(1/4) = 2^(10/4)."""
    labels = ["a", "b", "c"]
    e1 = ExpertJudgments("e1", PairwiseMatrix.from_judgments(labels, [("a", "b", 2), ("a", "c", 4), ("b", "c", 2)]), 1.0)
    e2 = ExpertJudgments("e2", PairwiseMatrix.from_judgments(labels, [("a", "b", 8), ("b", "c", 2)]), 3.0)
    g = group_priorities([e1, e2])
    pooled = g.aggregated.matrix
    assert pooled[0, 2] == pytest.approx(4.0)
    assert pooled[0, 1] == pytest.approx(2 ** 2.5)
    assert pooled[1, 0] == pytest.approx(2 ** -2.5)
    assert g.aggregated.missing == ()
    assert [name for name, _ in g.individual] == ["e1", "e2"]
    assert g.individual[1][1].completion == "harker"


def test_expert_with_partial_disconnected_judgments_still_enters_aij():
    labels = ["a", "b", "c", "d"]
    full = ExpertJudgments("full", PairwiseMatrix.from_judgments(labels, [("a", "b", 2), ("b", "c", 2), ("c", "d", 2)]))
    part = ExpertJudgments("part", PairwiseMatrix.from_judgments(labels, [("a", "b", 3), ("c", "d", 3)]))
    g = group_priorities([full, part])
    assert [name for name, _ in g.individual] == ["full"]
    assert any("'part'" in w and "do not link all items" in w for w in g.warnings)
    assert g.aggregated.matrix[0, 1] == pytest.approx(math.sqrt(6))
    with pytest.raises(McdaInputError, match="do not connect all items"):
        group_priorities([full, part], aggregation="aip")


def test_pooled_judgments_must_connect_items():
    labels = ["a", "b", "c", "d"]
    e1 = ExpertJudgments("e1", PairwiseMatrix.from_judgments(labels, [("a", "b", 3)]))
    e2 = ExpertJudgments("e2", PairwiseMatrix.from_judgments(labels, [("c", "d", 3)]))
    with pytest.raises(McdaInputError, match=r"experts' pooled judgments: .*group 1: 'a', 'b'; group 2: 'c', 'd'"):
        group_priorities([e1, e2])


def test_experts_may_list_items_in_another_order():
    a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    e1 = _expert("e1", ["x", "y", "z"], a)
    perm = [2, 0, 1]
    e2 = _expert("e2", ["z", "x", "y"], a[np.ix_(perm, perm)])
    g = group_priorities([e1, e2])
    assert g.labels == ("x", "y", "z")
    assert g.consensus == pytest.approx(1.0)


def test_group_consensus_and_cr_warnings_per_stakeholder_group():
    labels = labels_for(3)
    consistent = np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    other = np.array([[1, 1 / 4, 1 / 2], [4, 1, 2], [2, 0.5, 1]])
    inconsistent = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    experts = [
        _expert("Иванов", labels, consistent, group="business"),
        _expert("Petrova", labels, consistent, group="business"),
        _expert("Sidorov", labels, other, group="science"),
        _expert("Kuznetsova", labels, inconsistent, group="science"),
    ]
    g = group_priorities(experts)
    by_group = dict(g.group_consensus)
    assert by_group["business"] == pytest.approx(1.0)
    assert by_group["science"] < 1.0
    assert any("'Kuznetsova' (science) is inconsistent: CR =" in w for w in g.warnings)
    assert all(res.cr >= 0 for _, res in g.individual)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda l, a: [], "no experts given"),
        (lambda l, a: [_expert("x", l, a), _expert("x", l, a)], r"experts\[1\]: expert name 'x' is also used by experts\[0\]"),
        (lambda l, a: [_expert("x", l, a, weight=0)], r"weight 0 must be a positive finite number"),
        (lambda l, a: [_expert("x", l, a, weight=-1.0)], r"weight -1.0 must be a positive"),
        (lambda l, a: [_expert("x", l, a), _expert("y", ["a", "b", "q"], a)], r"experts\[1\] \('y'\): judges items .*unknown to experts\[0\]: \['q'\]"),
    ],
)
def test_group_errors(make, message):
    labels = ["a", "b", "c"]
    a = np.array([[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]])
    with pytest.raises(McdaInputError, match=message):
        group_priorities(make(labels, a))


def test_unknown_aggregation_lists_valid_ones():
    e = _expert("x", ["a", "b"], np.array([[1, 2], [0.5, 1]]))
    with pytest.raises(McdaInputError, match=r"unknown aggregation 'mean'; valid ones are 'aij', 'aip'"):
        group_priorities([e], aggregation="mean")


def test_single_expert_consensus_is_one_with_a_note():
    e = _expert("x", ["a", "b"], np.array([[1, 2], [0.5, 1]]))
    g = group_priorities([e])
    assert g.consensus == 1.0 and any("at least two experts" in w for w in g.warnings)
