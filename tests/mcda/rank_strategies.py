"""Hypothesis strategies shared by the ranking tests (decision problems of modest size)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mcda.decision_matrix import DecisionMatrix


def names(prefix: str, k: int) -> list[str]:
    return [f"{prefix}{i + 1}" for i in range(k)]


@st.composite
def problems(
    draw,
    *,
    min_m: int = 2,
    max_m: int = 7,
    max_n: int = 5,
    low: float = -50.0,
    high: float = 50.0,
    integers: bool = False,
    types: str = "mixed",
):
    """(DecisionMatrix, weights summing to 1). `types`: 'mixed', 'benefit' or 'with_cost'."""
    m = draw(st.integers(min_m, max_m))
    n = draw(st.integers(1, max_n))
    if integers:
        elems = st.integers(int(low), int(high)).map(float)
    else:
        # Rounded to 6 decimals: realistic data, no subnormals whose squares underflow.
        elems = st.floats(low, high, allow_nan=False, allow_infinity=False).map(lambda v: round(v, 6))
    values = draw(arrays(np.float64, (m, n), elements=elems))
    if types == "benefit":
        t = [1] * n
    else:
        t = draw(st.lists(st.sampled_from([1, -1]), min_size=n, max_size=n))
        if types == "with_cost" and -1 not in t:
            t[draw(st.integers(0, n - 1))] = -1
    w = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n, max_size=n)))
    w = w / w.sum()
    return DecisionMatrix.from_rows(names("P", m), names("C", n), values, t), w


def distinct_columns(matrix: DecisionMatrix) -> bool:
    """True when every criterion has at least two different values."""
    v = matrix.values
    return bool(np.all(v.max(axis=0) > v.min(axis=0)))
