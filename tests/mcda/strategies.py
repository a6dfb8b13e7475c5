"""Hypothesis strategies shared by the AHP tests: reciprocal and consistent matrices."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

SAATY_VALUES = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
LOG9 = float(np.log(9.0))


def labels_for(n: int) -> list[str]:
    # Mixed scripts on purpose: item names are opaque strings.
    pool = ["инновации", "export", "jobs", "наука", "risk", "diffusion", "партнёры", "global", "market",
            "resources", "social", "x11", "x12", "x13", "x14"]
    return pool[:n]


@st.composite
def reciprocal_matrices(draw, min_n: int = 3, max_n: int = 9, discrete: bool | None = None):
    """A complete positive reciprocal matrix on Saaty's range, as a numpy array."""
    n = draw(st.integers(min_n, max_n))
    use_discrete = draw(st.booleans()) if discrete is None else discrete
    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            if use_discrete:
                v = draw(st.sampled_from(SAATY_VALUES))
            else:
                v = float(np.exp(draw(st.floats(-LOG9, LOG9, allow_nan=False))))
            a[i, j] = v
            a[j, i] = 1.0 / v
    return a


@st.composite
def consistent_weights(draw, min_n: int = 2, max_n: int = 9):
    """Positive weights summing to 1 whose ratios all lie within [1/9, 9]."""
    n = draw(st.integers(min_n, max_n))
    logs = np.array([draw(st.floats(0.0, LOG9 * 0.999, allow_nan=False)) for _ in range(n)])
    w = np.exp(logs)
    return w / w.sum()


@st.composite
def connected_masks(draw, n: int):
    """Symmetric boolean mask of given judgments whose graph is connected (spanning tree + extras)."""
    order = draw(st.permutations(list(range(n))))
    given = np.zeros((n, n), dtype=bool)
    for k in range(1, n):
        parent = order[draw(st.integers(0, k - 1))]
        given[order[k], parent] = given[parent, order[k]] = True
    for i in range(n):
        for j in range(i + 1, n):
            if not given[i, j] and draw(st.booleans()):
                given[i, j] = given[j, i] = True
    np.fill_diagonal(given, True)
    return given
