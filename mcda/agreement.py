"""Agreement between rankings: Spearman's rho and the WS similarity coefficient."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcda.errors import McdaInputError


def _pair(r1: object, r2: object) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(r1, dtype=np.float64)
    b = np.asarray(r2, dtype=np.float64)
    if a.ndim != 1 or a.shape != b.shape or a.size == 0:
        raise McdaInputError(
            f"rankings must be two non-empty 1-D sequences of equal length, got shapes {a.shape} and {b.shape}"
        )
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise McdaInputError("rankings must contain finite ranks only")
    return a, b


def _mean_ranks(a: np.ndarray) -> np.ndarray:
    """Ranks 1..n in ascending order, tied values sharing their mean rank (1, 2.5, 2.5, 4)."""
    _, inverse, counts = np.unique(a, return_inverse=True, return_counts=True)
    start = np.cumsum(counts) - counts  # 0-based first position of each distinct value
    return (start + (counts + 1) / 2.0)[inverse]


def spearman(r1: Sequence[float] | np.ndarray, r2: Sequence[float] | np.ndarray) -> float:
    """Spearman's rank correlation rho in [-1, 1] between two rankings of the same projects.

    rho is Pearson's correlation of the two rank vectors after ties are given
    their mean rank (Spearman 1904; the tie correction of Kendall 1948): with
    competition ranks 1-2-2-4 the tied pair counts as 2.5, 2.5. Without ties this
    equals 1 - 6 sum d^2 / (n (n^2 - 1)). Symmetric.

    Defined where the formula is not: one project, or both rankings all tied, gives
    1.0 (nothing to disagree on); exactly one ranking all tied gives 0.0 (no
    association).
    """
    a, b = _pair(r1, r2)
    a, b = _mean_ranks(a), _mean_ranks(b)
    da, db = a - a.mean(), b - b.mean()
    sa, sb = float(np.sqrt(np.sum(da * da))), float(np.sqrt(np.sum(db * db)))
    if sa == 0 and sb == 0:
        return 1.0
    if sa == 0 or sb == 0:
        return 0.0
    return float(np.clip(np.sum(da * db) / (sa * sb), -1.0, 1.0))


def ws_coefficient(reference: Sequence[float] | np.ndarray, other: Sequence[float] | np.ndarray) -> float:
    """WS rank similarity coefficient of Salabun & Urbaniak (2020), in [0, 1] for rankings without ties.

    WS = 1 - sum_i 2^(-R_xi) |R_xi - R_yi| / max(|R_xi - 1|, |R_xi - N|),
    x the reference ranking, y the other one (ranks 1 = best). Differences near the
    top of the REFERENCE ranking weigh most, so WS is asymmetric:
    ws(x, y) != ws(y, x) in general. One project gives 1.0.

    Salabun, W. & Urbaniak, K. (2020). A new coefficient of rankings similarity in
    decision-making problems. ICCS 2020, LNCS 12138, Springer, pp. 632-645.
    """
    x, y = _pair(reference, other)
    n = x.size
    if n == 1:
        return 1.0
    denom = np.maximum(np.abs(x - 1.0), np.abs(x - n))
    return float(1.0 - np.sum(2.0 ** (-x) * np.abs(x - y) / denom))


@dataclass(frozen=True, eq=False)
class Agreement:
    """Pairwise agreement of k rankings of the same projects.

    Attributes
    ----------
    methods : tuple of str, length k
    spearman : (k, k) symmetric, diagonal 1
    ws : (k, k); ``ws[i, j]`` takes ``methods[i]`` as the reference ranking and
        ``methods[j]`` as the other one (WS is asymmetric); diagonal 1
    """

    methods: tuple[str, ...]
    spearman: np.ndarray
    ws: np.ndarray


def agreement(methods: Sequence[str], rankings: Sequence[np.ndarray]) -> Agreement:
    """Spearman and WS matrices for the rankings of `methods` (same order)."""
    names = tuple(methods)
    if len(names) != len(rankings):
        raise McdaInputError(f"agreement: {len(names)} method names but {len(rankings)} rankings")
    k = len(names)
    rho = np.eye(k)
    ws = np.eye(k)
    for i in range(k):
        for j in range(k):
            if i != j:
                ws[i, j] = ws_coefficient(rankings[i], rankings[j])
                if j > i:
                    rho[i, j] = rho[j, i] = spearman(rankings[i], rankings[j])
    rho.setflags(write=False)
    ws.setflags(write=False)
    return Agreement(methods=names, spearman=rho, ws=ws)
