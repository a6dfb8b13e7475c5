"""Priorities from incomplete pairwise comparison matrices (missing judgments = NaN).

Two standard methods, both unique exactly when the comparison graph (items as vertices,
given judgments as edges) is connected (Harker 1987; Bozóki, Fülöp & Rónyai 2010,
Theorems 2 and 4):

* **Harker's method** (Harker 1987, "Incomplete pairwise comparisons in the analytic
  hierarchy process", Mathematical Modelling 9(11): 837–848): put 0 for each missing
  entry and 1 + mᵢ on the diagonal, mᵢ the number of missing judgments in row i; the
  weights are the principal eigenvector of that matrix. Equivalently, they are the
  principal eigenvector of the matrix completed with a_ij = w_i/w_j for the missing
  entries (row i of C w = λ w reads Σ_given a_ij w_j + mᵢ w_i + w_i = λ w_i), so
  eigenvector priorities and λmax of the completed matrix agree with Harker's.
* **Logarithmic least squares (LLSM)** (Kwiesielewicz 1996, "The logarithmic least
  squares and the generalised pseudoinverse in estimating ratios", EJOR 93: 611–619;
  Bozóki, Fülöp & Rónyai 2010, "On optimal completion of incomplete pairwise comparison
  matrices", Math. Comput. Modelling 52: 318–333, §4): minimise
  Σ_given (ln a_ij − ln w_i + ln w_j)²; the normal equations are L y = r with L the
  Laplacian of the comparison graph and r_i = Σ_given ln a_ij. For a complete matrix this
  is the row geometric mean (Crawford & Williams 1985), and the row geometric mean of the
  LLSM-completed matrix returns the LLSM weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mcda.eigenvector import principal_eigenpair
from mcda.errors import McdaInputError


def _given(values: np.ndarray) -> np.ndarray:
    given = np.isfinite(values)
    np.fill_diagonal(given, False)
    return given


def connected_components(values: np.ndarray) -> list[list[int]]:
    """Index groups of the comparison graph (items linked by a given judgment)."""
    given = _given(np.asarray(values, dtype=float))
    n = given.shape[0]
    seen = [False] * n
    groups: list[list[int]] = []
    for start in range(n):
        if seen[start]:
            continue
        stack, group = [start], []
        seen[start] = True
        while stack:
            i = stack.pop()
            group.append(i)
            for j in np.flatnonzero(given[i] | given[:, i]):
                if not seen[j]:
                    seen[j] = True
                    stack.append(int(j))
        groups.append(sorted(group))
    return groups


def check_connected(labels: Sequence[str], values: np.ndarray, *, where: str = "judgments") -> None:
    """Raise unless every item is linked to every other through given judgments.

    Raises
    ------
    McdaInputError
        Naming each group of items that is compared only within itself, and one
        judgment per extra group that would join it to the first.
    """
    groups = connected_components(values)
    if len(groups) <= 1:
        return
    named = [[labels[i] for i in g] for g in groups]
    listing = "; ".join(f"group {k + 1}: {', '.join(map(repr, g))}" for k, g in enumerate(named))
    bridges = ", ".join(f"{named[0][0]!r} vs {g[0]!r}" for g in named[1:])
    raise McdaInputError(
        f"{where}: the judgments do not connect all items, so their relative weights cannot "
        f"be derived; the items fall into {len(groups)} groups never compared with each "
        f"other ({listing}); add at least one judgment between the groups, e.g. {bridges}"
    )


def harker_weights(values: np.ndarray) -> np.ndarray:
    """Harker's (1987) eigenvector priorities of an incomplete reciprocal matrix.

    Parameters
    ----------
    values
        n×n, NaN for missing judgments; the comparison graph must be connected.

    Returns
    -------
    numpy.ndarray
        Positive weights summing to 1.
    """
    a = np.asarray(values, dtype=float)
    given = _given(a)
    harker = np.where(given, a, 0.0)
    missing_per_row = (~given).sum(axis=1) - 1  # the diagonal is not a missing judgment
    np.fill_diagonal(harker, 1.0 + missing_per_row)
    weights, _ = principal_eigenpair(harker)
    return weights


def llsm_weights(values: np.ndarray) -> np.ndarray:
    """Logarithmic least squares priorities of a (possibly incomplete) reciprocal matrix.

    Parameters
    ----------
    values
        n×n, NaN for missing judgments; the comparison graph must be connected.

    Returns
    -------
    numpy.ndarray
        Positive weights summing to 1; the row geometric mean when nothing is missing.
    """
    a = np.asarray(values, dtype=float)
    n = a.shape[0]
    given = _given(a)
    logs = np.where(given, np.log(np.where(given, a, 1.0)), 0.0)
    laplacian = np.diag(given.sum(axis=1).astype(float)) - given.astype(float)
    rhs = logs.sum(axis=1)
    # L is singular (constant vectors); adding the all-ones projector fixes the free
    # constant at Σ y = 0 without changing the solution of a connected graph.
    y = np.linalg.solve(laplacian + np.ones((n, n)) / n, rhs)
    w = np.exp(y - y.max())
    return w / w.sum()


def complete_matrix(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Fill each missing judgment a_ij with the ratio w_i / w_j of the given weights.

    Returns a new positive reciprocal matrix; given judgments are left untouched.
    """
    a = np.array(values, dtype=float, copy=True)
    w = np.asarray(weights, dtype=float)
    ratios = w[:, None] / w[None, :]
    missing = ~np.isfinite(a)
    a[missing] = ratios[missing]
    np.fill_diagonal(a, 1.0)
    return a
