"""The principal (Perron) eigenpair of a nonnegative irreducible matrix.

Saaty (1980, §2.1; 2003, EJOR 145) defines AHP priorities as the normalised principal
right eigenvector and λmax as its eigenvalue. For a positive reciprocal matrix, and for
Harker's nonnegative matrix of an incomplete one (positive diagonal, connected comparison
graph, hence primitive), Perron–Frobenius guarantees a simple real dominant eigenvalue
with a strictly positive eigenvector.

We take LAPACK's general eigensolver (``numpy.linalg.eig``; the eigenpair of largest real
part, which is the Perron pair) as the starting point and polish it by power iteration,
w ← A w / Σ(A w), until no component of the sum-normalised vector moves by more than
``TOLERANCE``: one or two steps from LAPACK's answer, and the fixed point is then positive
by construction. λmax is read off the fixed point: with Σw = 1, λ = Σ_i (A w)_i. Should the
dense solver fail, plain power iteration from the row geometric mean (Saaty's own
procedure) is used; it converges at the rate |λ₂/λ₁|, a few dozen steps on AHP matrices.
Both paths are checked against each other in the tests.
"""

from __future__ import annotations

import numpy as np

#: Stop when max_i |w_i(k+1) − w_i(k)| of the sum-normalised vector falls below this.
TOLERANCE = 1e-13
#: Power-iteration steps allowed (polishing and fallback alike).
MAX_ITERATIONS = 10_000


def _geometric_start(matrix: np.ndarray) -> np.ndarray:
    positive = matrix > 0
    logs = np.where(positive, np.log(np.where(positive, matrix, 1.0)), 0.0)
    start = np.exp(logs.mean(axis=1))
    return start / start.sum()


def _dense_start(matrix: np.ndarray) -> np.ndarray | None:
    try:
        values, vectors = np.linalg.eig(matrix)
    except np.linalg.LinAlgError:
        return None
    k = int(np.argmax(values.real))
    vec = np.abs(vectors[:, k].real)
    total = vec.sum()
    if not np.isfinite(total) or total <= 0 or (vec <= 0).any():
        return None
    return vec / total


def power_iteration(matrix: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, float, bool]:
    """Power iteration from ``start``: (vector summing to 1, λ, converged?)."""
    a = np.asarray(matrix, dtype=float)
    w = np.asarray(start, dtype=float)
    w = w / w.sum()
    for _ in range(MAX_ITERATIONS):
        nxt = a @ w
        nxt = nxt / nxt.sum()
        if np.max(np.abs(nxt - w)) < TOLERANCE:
            return nxt, float((a @ nxt).sum()), True
        w = nxt
    return w, float((a @ w).sum()), False


def principal_eigenpair(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Principal right eigenvector (positive, sums to 1) and Perron eigenvalue.

    Parameters
    ----------
    matrix
        Square, nonnegative, irreducible with a positive diagonal (every positive
        reciprocal matrix, and Harker's matrix of a connected incomplete one).

    Returns
    -------
    (weights, lambda_max)
        ``weights`` strictly positive and summing to 1; ``lambda_max`` the Perron root
        (= n for a consistent n×n reciprocal matrix, > n otherwise).
    """
    a = np.asarray(matrix, dtype=float)
    if a.shape[0] == 1:
        return np.ones(1), float(a[0, 0])
    start = _dense_start(a)
    if start is None:
        start = _geometric_start(a)
    w, lam, _ = power_iteration(a, start)
    return w, lam
