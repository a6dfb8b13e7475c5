"""Weights derived from the data alone: entropy, CRITIC, and equal weights."""

from __future__ import annotations

import numbers

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError


def _readonly(w: np.ndarray) -> np.ndarray:
    w = np.array(w, dtype=np.float64)
    w.setflags(write=False)
    return w


def equal_weights(n: int) -> np.ndarray:
    """n weights of 1/n (read-only)."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise McdaInputError(f"equal_weights: n = {n!r}; the number of criteria must be an integer >= 1")
    return _readonly(np.full(int(n), 1.0 / int(n)))


def entropy_weights(matrix: DecisionMatrix) -> np.ndarray:
    """Shannon-entropy weights, in criteria order, summing to 1 (read-only).

    p_ij = x_ij / sum_i x_ij, e_j = -(1/ln m) sum_i p_ij ln p_ij with 0 ln 0 = 0
    (Shannon 1948), diversity d_j = 1 - e_j, w_j = d_j / sum d (Zeleny 1982;
    Hwang & Yoon 1981, pp. 52-54). Criterion types do not matter: entropy measures
    how unevenly a criterion spreads over the projects. A criterion with equal
    values (or all zeros) gets weight 0.

    pymcdm 1.4.0's ``entropy_weights`` raises on any zero value (its sum
    normalisation demands x > 0), and its unreachable zero branch would set the
    entropy to 0 (maximum weight) instead of using 0 ln 0 = 0.

    Raises
    ------
    McdaInputError
        A negative value (naming project and criterion), fewer than two projects,
        or no criterion varying across projects (entropy weights undefined).
    """
    x = matrix.values
    m, n = x.shape
    if m < 2:
        raise McdaInputError("entropy weights need at least two projects; with one, use equal weights")
    if np.any(x < 0):
        i, j = map(int, np.argwhere(x < 0)[0])
        raise McdaInputError(
            f"entropy weights need values >= 0; project {matrix.alternatives[i]!r} has {float(x[i, j])!r} on criterion "
            f"{matrix.criteria[j]!r}"
        )
    col_sum = x.sum(axis=0)
    p = np.where(col_sum > 0, x / np.where(col_sum > 0, col_sum, 1.0), 1.0 / m)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    d = np.clip(1.0 - e, 0.0, None)
    # An equal column has e = 1 in exact arithmetic; rounding must not give it weight.
    d[np.all(x == x[:1], axis=0)] = 0.0
    if d.sum() <= 0:
        raise McdaInputError(
            "entropy weights are undefined: no criterion varies across the projects; use equal weights"
        )
    return _readonly(d / d.sum())


def critic_weights(matrix: DecisionMatrix) -> np.ndarray:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995), summing to 1 (read-only).

    Each criterion is scaled to r = (x - worst)/(best - worst) by its type, then
    C_j = sigma_j * sum_k (1 - rho_jk), sigma_j the standard deviation of r_j and
    rho_jk Pearson's correlation; w_j = C_j / sum C. The choice of population or
    sample deviation cancels in the ratio.

    The type matters: inverting a cost criterion flips the sign of its correlations.
    pymcdm 1.4.0's ``critic_weights`` ignores types (treats all as benefit), so it
    differs whenever cost and benefit criteria are mixed.

    A criterion with equal values carries no information: it gets weight 0 and is
    left out of the others' sums (so adding it changes no other weight). If only
    one criterion varies it gets weight 1.

    Raises
    ------
    McdaInputError
        Fewer than two projects, no varying criterion, or all C_j = 0 (every pair of
        varying criteria perfectly correlated, e.g. two projects only).
    """
    x = matrix.values
    m, n = x.shape
    if m < 2:
        raise McdaInputError("CRITIC weights need at least two projects; with one, use equal weights")
    varying = ~np.all(x == x[:1], axis=0)
    if not np.any(varying):
        raise McdaInputError("CRITIC weights are undefined: no criterion varies across the projects; use equal weights")
    if varying.sum() == 1:
        return _readonly(varying.astype(np.float64))
    xv = x[:, varying]
    types = matrix.types[varying]
    lo, hi = xv.min(axis=0), xv.max(axis=0)
    r = np.where(types > 0, (xv - lo) / (hi - lo), (hi - xv) / (hi - lo))
    sigma = r.std(axis=0)
    conflict = 1.0 - np.clip(np.corrcoef(r, rowvar=False), -1.0, 1.0)
    # Perfect correlation computed in floating point leaves 1 - rho ~ 1e-16, which would
    # otherwise turn "undefined" into arbitrary weights.
    conflict[conflict < 1e-12] = 0.0
    c_varying = sigma * np.sum(conflict, axis=0)
    c = np.zeros(n)
    c[varying] = np.clip(c_varying, 0.0, None)
    if c.sum() <= 0:
        raise McdaInputError(
            "CRITIC weights are undefined: every pair of varying criteria is perfectly correlated "
            "(for example with only two projects); use equal or entropy weights"
        )
    return _readonly(c / c.sum())
