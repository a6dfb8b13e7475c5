"""The principal (Perron) eigenpair of a nonnegative irreducible matrix, by power iteration.

Saaty (1980, §2.1; 2003, EJOR 145) defines AHP priorities as the normalised principal
right eigenvector and λmax as its eigenvalue. For a positive reciprocal matrix, and for
Harker's nonnegative matrix of an incomplete one (positive diagonal, connected comparison
graph, hence primitive), Perron–Frobenius guarantees a simple real dominant eigenvalue
with a strictly positive eigenvector, so the power method converges to it from any
positive start. We start from the row geometric mean, which is already close, stop when
no component of the sum-normalised vector moves by more than ``TOLERANCE``, and then read
λmax off the fixed point: with Σw = 1, λ = Σ_i (A w)_i.

Should the iteration not settle within ``MAX_ITERATIONS`` (it would take a sub-dominant
eigenvalue of nearly the same modulus, which we have not met on reciprocal matrices), we
fall back to LAPACK's general eigensolver (``numpy.linalg.eig``) and take the eigenpair of
largest real part; both paths are checked against each other in the tests.
"""

from __future__ import annotations

import numpy as np

#: Stop when max_i |w_i(k+1) − w_i(k)| of the sum-normalised vector falls below this.
TOLERANCE = 1e-13
#: Iterations allowed before falling back to the dense eigensolver.
MAX_ITERATIONS = 10_000


def _geometric_start(matrix: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        logs = np.where(matrix > 0, np.log(np.where(matrix > 0, matrix, 1.0)), 0.0)
    start = np.exp(logs.mean(axis=1))
    return start / start.sum()


def _dense_fallback(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vec = np.abs(vectors[:, k].real)
    vec = vec / vec.sum()
    return vec, float(values[k].real)


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
    n = a.shape[0]
    if n == 1:
        return np.ones(1), float(a[0, 0])
    w = _geometric_start(a)
    for _ in range(MAX_ITERATIONS):
        nxt = a @ w
        total = nxt.sum()
        nxt = nxt / total
        if np.max(np.abs(nxt - w)) < TOLERANCE:
            w = nxt
            break
        w = nxt
    else:
        return _dense_fallback(a)
    lam = float((a @ w).sum())
    return w, lam
