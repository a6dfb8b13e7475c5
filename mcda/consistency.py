"""Saaty's consistency ratio and the judgments that drive inconsistency.

CI = (λmax − n) / (n − 1) and CR = CI / RI(n), RI the mean CI of random reciprocal
matrices on the 1–9 scale (Saaty 1980, §1.4; Saaty 1990, EJOR 48: 9–26). For n ≤ 2 every
reciprocal matrix is consistent (λmax = n), RI is 0, and CR is defined as 0.

Random index tables (``RANDOM_INDEX``):

* ``"saaty"``: n = 1…10 as in Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill,
  and Saaty (1990, EJOR 48: 9–26): 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49
  (the 0.58 and 1.41 entries are confirmed by reproducing the CRs printed in Saaty 1990,
  Tables 2–3, in our tests); n = 11…15 from the extended 1980 table as it is commonly
  reprinted (e.g. Karlsson & Ryan 1997, IEEE Software 14(5)): 1.51, 1.48, 1.56, 1.57, 1.59. The
  n ≥ 11 entries differ between reprints (some give 1.54 and 1.58 at n = 12 and 14) and
  Saaty's later simulations (2005) give another table (0.52, 0.89, 1.11, …); we keep the
  1980 table, the one most CRs in the literature are computed with. Beyond n = 15 the
  table has no value and we raise an error rather than extrapolate.
* ``"alonso_lamata"``: Alonso & Lamata (2006), "Consistency in the analytic hierarchy
  process: a new approach", Int. J. Uncertainty, Fuzziness and Knowledge-Based Systems
  14(4): 445–459, random indices from 100 000 matrices per n, n = 3…15: 0.5245, 0.8815,
  1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838.
  For n > 15 we use their fitted line for the mean random λmax, λ̄max = 2.7699 n − 4.3513,
  i.e. RI(n) = (1.7699 n − 4.3513)/(n − 1) (an extrapolation, stated in the result).

Which judgments drive the inconsistency: with w the principal eigenvector and
ε_ij = a_ij w_j / w_i, summing the rows of A w = λ w gives

    λmax − n = (1/n) Σ_{i<j} (ε_ij + 1/ε_ij − 2)

(Saaty 2003, EJOR 145: 85–91; Harker 1987), every term ≥ 0 and 0 exactly when a_ij equals
the consistent ratio w_i/w_j. The share of pair (i, j) in that sum is its contribution.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from mcda.eigenvector import principal_eigenpair
from mcda.errors import McdaInputError
from mcda.scale import nearest_scale_value

_SAATY_1980 = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45,
    10: 1.49, 11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}
_ALONSO_LAMATA_2006 = {
    1: 0.0, 2: 0.0, 3: 0.5245, 4: 0.8815, 5: 1.1086, 6: 1.2479, 7: 1.3417, 8: 1.4056,
    9: 1.4499, 10: 1.4854, 11: 1.5141, 12: 1.5365, 13: 1.5551, 14: 1.5713, 15: 1.5838,
}

#: Random index tables by name; see the module docstring for their sources.
RANDOM_INDEX: Mapping[str, Mapping[int, float]] = MappingProxyType(
    {
        "saaty": MappingProxyType(_SAATY_1980),
        "alonso_lamata": MappingProxyType(_ALONSO_LAMATA_2006),
    }
)

#: One line per table, for results and reports.
RANDOM_INDEX_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "saaty": "Saaty (1980) random index, n <= 15",
        "alonso_lamata": (
            "Alonso & Lamata (2006) random index, n <= 15; "
            "their fitted line (1.7699 n - 4.3513)/(n - 1) beyond"
        ),
    }
)


def check_ri_table(ri_table: str) -> None:
    """Raise unless ``ri_table`` names a known random index table."""
    if ri_table not in RANDOM_INDEX:
        raise McdaInputError(
            f"ri_table: unknown random index table {ri_table!r}; valid tables are "
            f"{', '.join(map(repr, RANDOM_INDEX))}"
        )


def random_index(n: int, ri_table: str = "saaty") -> float:
    """Random index RI(n) of the named table (0 for n ≤ 2).

    Raises
    ------
    McdaInputError
        For an unknown table, or n beyond what the table covers (the Saaty table ends at
        15; the error suggests the Alonso–Lamata table or splitting the items).
    """
    check_ri_table(ri_table)
    table = RANDOM_INDEX[ri_table]
    if n in table:
        return table[n]
    if ri_table == "alonso_lamata" and n > 15:
        return (1.7699 * n - 4.3513) / (n - 1)
    raise McdaInputError(
        f"ri_table: the {ri_table!r} random index covers matrices of up to "
        f"{max(table)} items, not {n}; group the items under parent criteria (a hierarchy), "
        f"use ratings instead of pairwise comparison, or choose ri_table='alonso_lamata'"
    )


def consistency_ratio(
    matrix: np.ndarray, weights: np.ndarray | None = None, *, ri_table: str = "saaty"
) -> tuple[float, float, float, float]:
    """λmax, CI, RI and CR of a complete positive reciprocal matrix.

    Parameters
    ----------
    matrix
        n×n positive reciprocal matrix (complete: complete an incomplete one first).
    weights
        ``None`` (default): λmax is the Perron root of ``matrix``, Saaty's definition;
        this is what ``ahp_priorities`` reports for both prioritisation methods, so the
        CR judges the judgments, not the method. If given, λmax is Saaty's estimate
        mean_i (A w)_i / w_i, which equals the Perron root when ``weights`` is the
        principal eigenvector and approximates it otherwise.
    ri_table
        ``"saaty"`` or ``"alonso_lamata"``.

    Returns
    -------
    (lambda_max, ci, ri, cr)
        CI and CR are 0 for n ≤ 2, and clipped at 0 from below (λmax < n only by
        round-off); CR ≤ 0.10 is Saaty's usual acceptance threshold.
    """
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1]:
        raise McdaInputError(f"consistency_ratio: expected a square matrix, got shape {a.shape}")
    if not (np.isfinite(a).all() and (a > 0).all()):
        raise McdaInputError(
            "consistency_ratio: the matrix has missing (NaN) or non-positive entries; complete "
            "an incomplete matrix first (mcda.incomplete.complete_matrix)"
        )
    n = a.shape[0]
    ri = random_index(n, ri_table)
    if weights is None:
        _, lam = principal_eigenpair(a)
    else:
        w = np.asarray(weights, dtype=float)
        lam = float(np.mean((a @ w) / w))
    if n <= 2:
        return float(n), 0.0, ri, 0.0
    ci = max(0.0, (lam - n) / (n - 1))
    return float(lam), float(ci), float(ri), float(ci / ri)


def inconsistency_terms(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Upper-triangular terms ε_ij + 1/ε_ij − 2 (i < j) of λmax − n, zero elsewhere.

    ``weights`` must be the principal eigenvector of ``matrix`` for the terms to add up
    to n (λmax − n); each is ≥ 0 and 0 iff a_ij = w_i / w_j.
    """
    a = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    eps = a * w[None, :] / w[:, None]
    terms = eps + 1.0 / eps - 2.0
    return np.triu(np.maximum(terms, 0.0), k=1)


@dataclass(frozen=True)
class JudgmentAdvice:
    """One judgment that drives the inconsistency, and where it should move.

    Attributes
    ----------
    row, col
        The items compared: the judgment reads "``row`` is ``given`` times as preferred
        as ``col``".
    given
        The judgment as given (> 1 favours ``row``).
    consistent_value
        w_row / w_col from the principal eigenvector: the value that would remove this
        judgment's share of the inconsistency.
    suggested
        The value of Saaty's scale (1/9 … 9) nearest to ``consistent_value`` on a log
        scale: what to ask the expert to consider.
    contribution
        Share (0 … 1) of λmax − n that this judgment accounts for.
    cr_if_changed
        CR of the matrix with only this judgment (and its reciprocal) moved to
        ``suggested``, all else, including the completion of missing judgments, redone.
    """

    row: str
    col: str
    given: float
    consistent_value: float
    suggested: float
    contribution: float
    cr_if_changed: float


def worst_judgments(
    labels: Sequence[str],
    values: np.ndarray,
    completed: np.ndarray,
    *,
    cr_of: Callable[[np.ndarray], float],
    top: int = 3,
) -> tuple[JudgmentAdvice, ...]:
    """The given judgments that contribute most to the inconsistency, most first.

    Parameters
    ----------
    labels
        Item names, in matrix order.
    values
        The judgments as given, NaN where missing (only given judgments are advised on).
    completed
        The complete matrix the CR refers to (``values`` itself when nothing is missing).
    cr_of
        Computes the CR of a judgment matrix in the same way as the caller did
        (completion included), used for ``cr_if_changed``.
    top
        How many judgments to return at most; pairs with no contribution are left out.
    """
    a = np.asarray(completed, dtype=float)
    given = np.isfinite(np.asarray(values, dtype=float))
    w, _ = principal_eigenpair(a)
    terms = inconsistency_terms(a, w)
    total = float(terms.sum())
    if total <= 0.0 or not math.isfinite(total):
        return ()
    order = np.argsort(-terms, axis=None, kind="stable")
    advice: list[JudgmentAdvice] = []
    for flat in order:
        i, j = divmod(int(flat), a.shape[0])
        if i >= j or not given[i, j]:
            continue
        share = float(terms[i, j] / total)
        if share <= 1e-12:
            break
        # Report each judgment in the direction that reads as a preference (value ≥ 1).
        r, c = (i, j) if a[i, j] >= 1.0 else (j, i)
        consistent = float(w[r] / w[c])
        suggested = nearest_scale_value(consistent)
        changed = np.array(values, dtype=float, copy=True)
        changed[r, c] = suggested
        changed[c, r] = 1.0 / suggested
        advice.append(
            JudgmentAdvice(
                row=labels[r],
                col=labels[c],
                given=float(a[r, c]),
                consistent_value=consistent,
                suggested=suggested,
                contribution=share,
                cr_if_changed=float(cr_of(changed)),
            )
        )
        if len(advice) >= top:
            break
    return tuple(advice)
