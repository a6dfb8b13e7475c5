"""Criteria trees: local weights per node, global weights as products along the path.

A criterion may be split into sub-criteria to any depth. Each parent holds the local
weights of its children (from AHP judgments, e.g. ``AHPResult.weights_by_label``, from
direct weights, or equal when none are given); the global weight of a node is the product
of the local weights on the path from the root (Saaty 1980, ch. 3, hierarchic
composition), so the global weights of the children of any node add up to that node's
global weight and those of the leaves add up to 1.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from mcda.errors import McdaInputError

#: Local weights whose sum is this close to 1 are rescaled silently (rounding noise).
SUM_TOLERANCE = 1e-6


@dataclass(frozen=True, eq=False)
class CriteriaNode:
    """A criterion (or the goal, at the root) and its sub-criteria.

    Attributes
    ----------
    id
        Unique name in the whole tree (any script).
    children
        Sub-criteria; empty for a leaf (a criterion measured or judged directly).
    local_weights
        Weight of each child id within this node (non-negative; normalised to sum 1 if
        they do not, with a warning); ``None`` for equal weights. Must be ``None`` on a
        leaf.
    """

    id: str
    children: tuple[CriteriaNode, ...] = ()
    local_weights: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise McdaInputError(f"criteria node id {self.id!r} must be a non-empty string")
        kids = tuple(self.children) if not isinstance(self.children, CriteriaNode) else (self.children,)
        for k, child in enumerate(kids):
            if not isinstance(child, CriteriaNode):
                raise McdaInputError(
                    f"criteria node {self.id!r}: children[{k}] is {type(child).__name__}, "
                    f"expected CriteriaNode"
                )
        object.__setattr__(self, "children", kids)
        if self.local_weights is not None:
            if not isinstance(self.local_weights, Mapping):
                raise McdaInputError(
                    f"criteria node {self.id!r}: local_weights must map child ids to weights, "
                    f"got {type(self.local_weights).__name__}"
                )
            object.__setattr__(self, "local_weights", MappingProxyType(dict(self.local_weights)))

    @property
    def is_leaf(self) -> bool:
        """True for a node without sub-criteria."""
        return not self.children


@dataclass(frozen=True, eq=False)
class GlobalWeights:
    """Global weights of every node of a criteria tree.

    Attributes
    ----------
    nodes
        Global weight of every node id (root = 1), in tree order (depth first).
    local
        Local weight of every node within its parent (root = 1), after normalisation.
    parents
        Parent id of every node (``None`` for the root).
    leaves
        Leaf ids in tree order (depth first, children in the order given).
    leaf_weights
        Read-only global weights of ``leaves``; non-negative, sum 1.
    warnings
        Plain-English notes (e.g. local weights normalised).
    """

    nodes: Mapping[str, float]
    local: Mapping[str, float]
    parents: Mapping[str, str | None]
    leaves: tuple[str, ...]
    leaf_weights: np.ndarray
    warnings: tuple[str, ...] = field(default=())

    def path(self, node_id: str) -> tuple[str, ...]:
        """Ids from the root down to ``node_id``."""
        if node_id not in self.parents:
            raise McdaInputError(f"path: unknown criteria node {node_id!r}")
        out = [node_id]
        while (parent := self.parents[out[-1]]) is not None:
            out.append(parent)
        return tuple(reversed(out))


def _local_weights(node: CriteriaNode, warnings: list[str]) -> dict[str, float]:
    ids = [c.id for c in node.children]
    if node.local_weights is None:
        return {i: 1.0 / len(ids) for i in ids}
    given = dict(node.local_weights)
    unknown = [k for k in given if k not in ids]
    lacking = [i for i in ids if i not in given]
    if unknown or lacking:
        parts = []
        if unknown:
            parts.append(f"weights for {unknown!r}, which are not its children")
        if lacking:
            parts.append(f"no weight for its children {lacking!r}")
        raise McdaInputError(
            f"criteria node {node.id!r}: local_weights give {' and '.join(parts)}; they must "
            f"cover exactly the children {ids!r} (or be omitted for equal weights)"
        )
    out: dict[str, float] = {}
    for child_id in ids:
        w = given[child_id]
        if isinstance(w, bool) or not isinstance(w, (int, float, np.integer, np.floating)):
            raise McdaInputError(
                f"criteria node {node.id!r}: local weight of {child_id!r} is {w!r}, not a number"
            )
        w = float(w)
        if not math.isfinite(w) or w < 0:
            raise McdaInputError(
                f"criteria node {node.id!r}: local weight of {child_id!r} is {w!r}; local "
                f"weights must be finite and non-negative"
            )
        out[child_id] = w
    total = sum(out.values())
    if total <= 0:
        raise McdaInputError(
            f"criteria node {node.id!r}: all local weights are 0; at least one child needs a "
            f"positive weight"
        )
    if abs(total - 1.0) > SUM_TOLERANCE:
        warnings.append(
            f"Local weights under {node.id!r} sum to {total:.6g}, not 1; they were normalised "
            f"(divided by {total:.6g})."
        )
    return {k: v / total for k, v in out.items()}


def global_weights(root: CriteriaNode) -> GlobalWeights:
    """Global weight of every node: the product of local weights along its path.

    Parameters
    ----------
    root
        The goal; its children are the top-level criteria.

    Returns
    -------
    GlobalWeights
        Every node's global and local weight, and the leaves' global weights (sum 1)
        in tree order.

    Raises
    ------
    McdaInputError
        Duplicate ids (naming both paths), local weights on a leaf or not covering
        exactly the children, negative or non-finite weights, all-zero weights.
    """
    if not isinstance(root, CriteriaNode):
        raise McdaInputError(f"root: expected a CriteriaNode, got {type(root).__name__}")
    warnings: list[str] = []
    nodes: dict[str, float] = {}
    local: dict[str, float] = {}
    parents: dict[str, str | None] = {}
    leaves: list[str] = []
    paths: dict[str, str] = {}

    # Depth-first, children in the order given; an explicit stack avoids recursion limits.
    stack: list[tuple[CriteriaNode, str | None, float, float, str]] = [(root, None, 1.0, 1.0, root.id)]
    while stack:
        node, parent, glob, loc, path = stack.pop()
        if node.id in paths:
            raise McdaInputError(
                f"criteria node id {node.id!r} is used twice ({paths[node.id]} and {path}); "
                f"ids must be unique in the tree"
            )
        paths[node.id] = path
        nodes[node.id] = glob
        local[node.id] = loc
        parents[node.id] = parent
        if node.is_leaf:
            if node.local_weights is not None and len(node.local_weights) > 0:
                raise McdaInputError(
                    f"criteria node {node.id!r} has local_weights {dict(node.local_weights)!r} "
                    f"but no children; weights belong to the node whose children they weigh"
                )
            leaves.append(node.id)
            continue
        lw = _local_weights(node, warnings)
        for child in reversed(node.children):
            stack.append((child, node.id, glob * lw[child.id], lw[child.id], f"{path} > {child.id}"))

    leaf_weights = np.array([nodes[i] for i in leaves], dtype=float)
    leaf_weights.setflags(write=False)
    return GlobalWeights(
        nodes=MappingProxyType(nodes),
        local=MappingProxyType(local),
        parents=MappingProxyType(parents),
        leaves=tuple(leaves),
        leaf_weights=leaf_weights,
        warnings=tuple(warnings),
    )
