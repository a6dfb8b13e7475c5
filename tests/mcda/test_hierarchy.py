"""Criteria trees and global weights (mcda.hierarchy)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcda.errors import McdaInputError
from mcda.hierarchy import CriteriaNode, global_weights
from mcda.pairwise import PairwiseMatrix, ahp_priorities

N = CriteriaNode


def _cluster_tree() -> CriteriaNode:
    """Depth 3 below the goal: goal > innovation > novelty > {technology, markets}."""
    return N(
        "цель",
        (
            N(
                "innovation",
                (
                    N("novelty", (N("technology"), N("markets")), {"technology": 0.75, "markets": 0.25}),
                    N("diffusion"),
                ),
                {"novelty": 0.6, "diffusion": 0.4},
            ),
            N("export potential"),
            N("risk", (N("investment risk"), N("social risk"))),  # equal weights
        ),
        {"innovation": 0.5, "export potential": 0.3, "risk": 0.2},
    )


def test_depth_three_tree_global_weights_are_path_products():
    g = global_weights(_cluster_tree())
    assert g.leaves == ("technology", "markets", "diffusion", "export potential", "investment risk", "social risk")
    expected = [0.5 * 0.6 * 0.75, 0.5 * 0.6 * 0.25, 0.5 * 0.4, 0.3, 0.2 * 0.5, 0.2 * 0.5]
    np.testing.assert_allclose(g.leaf_weights, expected, rtol=1e-15)
    assert g.leaf_weights.sum() == pytest.approx(1.0)
    assert g.nodes["цель"] == 1.0
    assert g.nodes["novelty"] == pytest.approx(0.3)
    assert g.local["markets"] == 0.25
    assert g.path("markets") == ("цель", "innovation", "novelty", "markets")
    assert g.parents["цель"] is None
    assert g.warnings == ()
    assert not g.leaf_weights.flags.writeable


def test_local_weights_from_ahp_judgments():
    """A node's local weights may come straight from an AHP result."""
    ahp = ahp_priorities(PairwiseMatrix.from_judgments(["a", "b"], [("a", "b", "strong")]))
    g = global_weights(N("goal", (N("a"), N("b")), ahp.weights_by_label))
    np.testing.assert_allclose(g.leaf_weights, [5 / 6, 1 / 6])


def test_weights_not_summing_to_one_are_normalised_with_a_warning():
    g = global_weights(N("goal", (N("a"), N("b")), {"a": 3, "b": 1}))
    np.testing.assert_allclose(g.leaf_weights, [0.75, 0.25])
    assert g.warnings == ("Local weights under 'goal' sum to 4, not 1; they were normalised (divided by 4).",)


def test_rounding_noise_is_not_warned_about():
    g = global_weights(N("goal", (N("a"), N("b"), N("c")), {"a": 0.1, "b": 0.2, "c": 0.7}))
    assert g.warnings == ()


@pytest.mark.parametrize(
    "tree, message",
    [
        (N("g", (N("a"), N("a"))), r"id 'a' is used twice \(g > a and g > a\)"),
        (N("g", (N("a", (N("x"),)), N("b", (N("x"),)))), r"id 'x' is used twice \(g > a > x and g > b > x\)"),
        (N("g", (N("a"), N("b")), {"a": 1.0}), r"'g': local_weights give no weight for its children \['b'\]"),
        (N("g", (N("a"), N("b")), {"a": 0.5, "b": 0.3, "c": 0.2}), r"weights for \['c'\], which are not its children"),
        (N("g", (N("a"), N("b")), {"a": 1.2, "b": -0.2}), r"local weight of 'b' is -0.2; local weights must be finite and non-negative"),
        (N("g", (N("a"), N("b")), {"a": 0, "b": 0}), r"all local weights are 0"),
        (N("g", (N("a"), N("b")), {"a": math.nan, "b": 1}), r"local weight of 'a' is nan"),
        (N("g", (N("a", (), {"x": 1.0}),)), r"'a' has local_weights .* but no children"),
    ],
)
def test_tree_errors(tree, message):
    with pytest.raises(McdaInputError, match=message):
        global_weights(tree)


def test_node_construction_errors():
    with pytest.raises(McdaInputError, match="non-empty string"):
        N("")
    with pytest.raises(McdaInputError, match=r"children\[0\] is str, expected CriteriaNode"):
        N("g", ("a",))


@st.composite
def trees(draw, depth=0, counter=None):
    counter = counter if counter is not None else [0]
    counter[0] += 1
    node_id = f"n{counter[0]}"
    if depth >= 4 or (depth > 0 and draw(st.booleans())):
        return N(node_id)
    k = draw(st.integers(1, 4))
    children = tuple(draw(trees(depth=depth + 1, counter=counter)) for _ in range(k))
    if draw(st.booleans()):
        weights = {c.id: draw(st.floats(0.01, 10)) for c in children}
        return N(node_id, children, weights)
    return N(node_id, children)


@given(trees())
@settings(max_examples=150, deadline=None)
def test_global_weight_is_product_of_local_weights_along_the_path(tree):
    g = global_weights(tree)
    assert g.leaf_weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(g.leaf_weights >= 0)
    for node_id, glob in g.nodes.items():
        product = math.prod(g.local[k] for k in g.path(node_id))
        assert glob == pytest.approx(product, rel=1e-12)
    # The children of every inner node share out exactly its global weight.
    children: dict[str, float] = {}
    for node_id, parent in g.parents.items():
        if parent is not None:
            children[parent] = children.get(parent, 0.0) + g.nodes[node_id]
    for parent, total in children.items():
        assert total == pytest.approx(g.nodes[parent], rel=1e-12)
