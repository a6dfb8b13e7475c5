"""One-at-a-time weight sensitivity: how far one criterion's weight can move before the
ranking changes, and the weight at which each rank reversal happens.

Criterion j's weight moves to t in [0, 1] and the others keep their proportions:
w(t) = (1 - t) u + t e_j with u = the other weights rescaled to sum 1 (Triantaphyllou &
Sanchez 1997, Decision Sciences 28(1), 151-194, study the same one-parameter changes; Butler,
Jia & Dyer 1997, EJOR 103(3), 531-546, call it proportional rescaling). If j held all the weight
(u undefined), the others share 1 - t equally.

Crossing points, i.e. the t at which two projects' scores are equal:

* exact, linear: WSM, PROMETHEE II, SPOTIS and AHP scores are a fixed table times the weights,
  so a_i + b_i t; WPM's log-score is too (exp is monotone). t* = (a_l - a_i) / (b_i - b_l).
* exact, closed form: TOPSIS with its normalised matrix fixed has S+^2 = (1 - t)^2 p + t^2 q
  (the weighted ideal is w * r*, see :mod:`mcda.batched`), likewise S-^2. C_i = C_l exactly
  when S-_i^2 S+_l^2 = S-_l^2 S+_i^2, which divided by (1 - t)^4 is a quadratic in
  z = (t / (1 - t))^2; its simple roots z >= 0 give t = sqrt(z) / (1 + sqrt(z)). Each root is
  then refined by bisection on the closeness difference itself to 1e-12.
* bracketed: VIKOR and COPRAS scores are not of either form; scores are evaluated on a grid of
  t (201 points by default) and each sign change of a score difference is bisected to `tol`
  (1e-10). Two crossings of the same pair inside one grid step can be missed.

Intervals: a crossing changes the order of its two projects, so the first place (the top-k,
the whole ranking) stays as at the given weights exactly until the nearest crossing that
involves a project ranked first (in the top k; any project). A pair tied at the given weights
but not identical crosses there, so the interval closes at the given weight on that side.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from mcda.batched import BatchScorer, batch_scorer
from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import rank
from mcda.ranks import TIE_RTOL

#: Crossings this close to the given weight count as at it (a tie at the given weights).
AT_BASE = 1e-12

#: Largest number of projects for which every pair is examined with the bracketing search
#: (grid x pairs evaluations); above it only pairs with a top-k project are.
GRID_ALL_PAIRS_LIMIT = 60

EXACT_ALL_PAIRS_LIMIT = 3000


@dataclass(frozen=True)
class CriterionSensitivity:
    """How far one criterion's weight may move (the others rescaled proportionally).

    Each interval (low, high) is a range of this criterion's weight, containing the given
    weight, over which the named part of the ranking is as at the given weights. ``None``
    when it was not computed (too many projects for every pair).
    """

    criterion: str
    weight: float
    first_place: tuple[float, float]
    top_k: tuple[float, float]
    ranking: tuple[float, float] | None

    def margin(self) -> float:
        """Smallest change of this weight that alters first place (inf if none does)."""
        lo, hi = self.first_place
        return min(self.weight - lo if lo > 0 else np.inf, hi - self.weight if hi < 1 else np.inf)


@dataclass(frozen=True)
class RankReversal:
    """Two projects swap order when one criterion's weight passes `weight`.

    Attributes
    ----------
    criterion : str
    weight : float, in [0, 1], the criterion's weight at which the two scores are equal
    rises : str, the project that moves ahead as the weight increases past `weight`
    falls : str, the project it overtakes
    base_ranks : (rank of rises, rank of falls) at the given weights
    """

    criterion: str
    weight: float
    rises: str
    falls: str
    base_ranks: tuple[int, int]


@dataclass(frozen=True, eq=False)
class SensitivityResult:
    """One-at-a-time weight sensitivity of a ranking.

    Attributes
    ----------
    method : str
    alternatives, criteria : tuple of str
    weights : (n,) read-only, the given weights (summing to 1)
    base_ranks : (m,) read-only ranks at the given weights (1 = best)
    k : int, size of the top group tracked
    first : tuple of str, the project(s) ranked first
    top : tuple of str, the top-k in rank order
    criteria_results : one CriterionSensitivity per criterion, in column order
    reversals : tuple of RankReversal, by criterion and by distance from the given weight
    crossing_method : str, how crossing points were found
    tolerance : float, accuracy of the crossing weights
    warnings : tuple of str
    """

    method: str
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]
    weights: np.ndarray
    base_ranks: np.ndarray
    k: int
    first: tuple[str, ...]
    top: tuple[str, ...]
    criteria_results: tuple[CriterionSensitivity, ...]
    reversals: tuple[RankReversal, ...]
    crossing_method: str
    tolerance: float
    warnings: tuple[str, ...]

    def most_sensitive(self) -> CriterionSensitivity | None:
        """The criterion whose smallest weight change alters first place (None if none does)."""
        finite = [c for c in self.criteria_results if np.isfinite(c.margin())]
        return min(finite, key=lambda c: c.margin()) if finite else None


def vary_weight(weights: np.ndarray, j: int, t: float) -> np.ndarray:
    """The weights with criterion j set to t in [0, 1] and the others rescaled proportionally.

    When j held all the weight the others share 1 - t equally.
    """
    w = np.asarray(weights, dtype=np.float64)
    return (1.0 - t) * _rest(w, j) + t * np.eye(w.size)[j]


def _rest(w: np.ndarray, j: int) -> np.ndarray:
    u = w.copy()
    u[j] = 0.0
    total = u.sum()
    if total > 0:
        return u / total
    u = np.full(w.size, 1.0 / max(1, w.size - 1))
    u[j] = 0.0
    return u


# ---- crossings -------------------------------------------------------------------------


def _linear_crossings(table: np.ndarray, u: np.ndarray, j: int, sign: float, pi: np.ndarray, pl: np.ndarray):
    """t in [0, 1] where a_i + b_i t = a_l + b_l t, and whether i rises there."""
    a = sign * (table @ u)
    b = sign * table[:, j] - a
    db = b[pi] - b[pl]
    da = a[pl] - a[pi]
    scale = np.maximum(np.abs(a[pi]) + np.abs(b[pi]), np.abs(a[pl]) + np.abs(b[pl]))
    ok = np.abs(db) > 1e-14 * np.where(scale > 0, scale, 1.0)
    t = np.full(pi.size, np.nan)
    t[ok] = da[ok] / db[ok]
    keep = ok & (t >= 0) & (t <= 1)
    return t[keep], db[keep] > 0, pi[keep], pl[keep], np.ones(int(keep.sum()), dtype=bool)


def _topsis_parts(scorer: BatchScorer, u: np.ndarray, j: int) -> tuple[np.ndarray, ...]:
    r = scorer.normalised
    types = scorer.ideal_types
    assert r is not None and types is not None
    hi, lo = r.max(axis=0), r.min(axis=0)
    plus = (r - np.where(types > 0, hi, lo)) ** 2
    minus = (r - np.where(types > 0, lo, hi)) ** 2
    u2 = u * u
    return plus @ u2, plus[:, j], minus @ u2, minus[:, j]


def _closeness(p_plus, q_plus, p_minus, q_minus, t):
    dp = np.sqrt((1 - t) ** 2 * p_plus + t * t * q_plus)
    dm = np.sqrt((1 - t) ** 2 * p_minus + t * t * q_minus)
    total = dp + dm
    return np.where(total > 0, dm / np.where(total > 0, total, 1.0), 0.5)


def _topsis_crossings(scorer: BatchScorer, u: np.ndarray, j: int, pi: np.ndarray, pl: np.ndarray):
    pp, qp, pm, qm = _topsis_parts(scorer, u, j)
    # g(z) = c0 + c1 z + c2 z^2 > 0  <=>  C_i > C_l, with z = (t / (1 - t))^2.
    c0 = pm[pi] * pp[pl] - pm[pl] * pp[pi]
    c1 = pm[pi] * qp[pl] + qm[pi] * pp[pl] - pm[pl] * qp[pi] - qm[pl] * pp[pi]
    c2 = qm[pi] * qp[pl] - qm[pl] * qp[pi]
    size = np.abs(pm[pi] * pp[pl]) + np.abs(pm[pl] * pp[pi]) + np.abs(qm[pi] * qp[pl]) + np.abs(qm[pl] * qp[pi])
    size = size + np.abs(pm[pi] * qp[pl]) + np.abs(qm[pi] * pp[pl]) + np.abs(pm[pl] * qp[pi]) + np.abs(qm[pl] * pp[pi])
    eps = 1e-13 * np.where(size > 0, size, 1.0)
    roots, owners = [], []
    quad = np.abs(c2) > eps
    disc = c1 * c1 - 4 * c2 * c0
    two = quad & (disc > eps * eps)
    sq = np.sqrt(np.where(two, disc, 0.0))
    q = -0.5 * (c1 + np.where(c1 >= 0, sq, -sq))
    with np.errstate(divide="ignore", invalid="ignore"):
        for z in (q / c2, c0 / q):
            roots.append(np.where(two, z, np.nan))
            owners.append(np.arange(pi.size))
        lin = ~quad & (np.abs(c1) > eps)
        roots.append(np.where(lin, -c0 / c1, np.nan))
        owners.append(np.arange(pi.size))
    z = np.concatenate(roots)
    own = np.concatenate(owners)
    keep = np.isfinite(z) & (z >= 0)
    z, own = z[keep], own[keep]
    t = np.sqrt(z) / (1 + np.sqrt(z))
    slope = c1[own] + 2 * c2[own] * z  # dg/dz at the root: > 0 means i rises past it
    t = _refine_topsis(t, pp, qp, pm, qm, pi[own], pl[own])
    keep = (slope != 0) & (t >= 0) & (t <= 1)
    return t[keep], slope[keep] > 0, pi[own][keep], pl[own][keep], np.ones(int(keep.sum()), dtype=bool)


def _refine_topsis(t, pp, qp, pm, qm, i, l, width: float = 1e-7, tol: float = 1e-12):
    """Bisection on C_i - C_l inside [t - width, t + width] where it changes sign there."""
    lo, hi = np.clip(t - width, 0, 1), np.clip(t + width, 0, 1)

    def diff(x):
        return _closeness(pp[i], qp[i], pm[i], qm[i], x) - _closeness(pp[l], qp[l], pm[l], qm[l], x)

    f_lo, f_hi = diff(lo), diff(hi)
    ok = f_lo * f_hi < 0
    if not np.any(ok):
        return t
    lo, hi, f_lo = lo.copy(), hi.copy(), f_lo.copy()
    for _ in range(int(np.ceil(np.log2(2 * width / tol)))):
        mid = 0.5 * (lo + hi)
        f_mid = diff(mid)
        left = f_lo * f_mid <= 0
        hi = np.where(ok & left, mid, hi)
        lo = np.where(ok & ~left, mid, lo)
        f_lo = np.where(ok & ~left, f_mid, f_lo)
    return np.where(ok, 0.5 * (lo + hi), t)


def _grid_crossings(scorer: BatchScorer, w: np.ndarray, j: int, pi: np.ndarray, pl: np.ndarray, grid: int, tol: float):
    """Changes of the order of each pair, found on a grid of weights and bisected to `tol`.

    Each change of sign of key_i - key_l (a tie within the rank tolerance counts as sign 0) is
    an event; VIKOR's Q can tie two projects over a whole range, so a swap can be two events
    (start and end of the tie). Returns t, whether i is ahead after t, i, l, and whether the
    event completes a swap (ahead -> behind, possibly through a tie).
    """
    sign = 1.0 if scorer.higher_is_better else -1.0
    ts = np.unique(np.concatenate([np.linspace(0.0, 1.0, grid), [w[j]]]))

    def signs(x: np.ndarray, i: np.ndarray, l: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        keys = sign * scorer.scores(np.array([vary_weight(w, j, t) for t in x]))
        if rows is None:
            d = keys[:, i] - keys[:, l]
        else:
            d = keys[rows, i] - keys[rows, l]
        band = TIE_RTOL * np.max(np.abs(keys), axis=1)
        band = band[:, None] if rows is None else band
        return np.where(d > band, 1, np.where(d < -band, -1, 0))

    s = signs(ts, pi, pl)  # (T, pairs)
    g, p = np.nonzero(s[1:] != s[:-1])
    if g.size == 0:
        return np.zeros(0), np.zeros(0, dtype=bool), pi[:0], pl[:0], np.zeros(0, dtype=bool)
    lo, hi = ts[g], ts[g + 1]
    before = s[g, p]
    after = s[g + 1, p]
    # The last strict order before each event, to tell a completed swap from a tie starting.
    last = np.zeros_like(s)
    last[0] = s[0]
    for row in range(1, s.shape[0]):
        last[row] = np.where(s[row] != 0, s[row], last[row - 1])
    previous = last[g, p]
    i, l = pi[p], pl[p]
    rows = np.arange(g.size)
    while np.max(hi - lo) > tol:
        mid = 0.5 * (lo + hi)
        same = signs(mid, i, l, rows) == before
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    strict = (after != 0) & (previous == -after)
    return 0.5 * (lo + hi), after > 0, i, l, strict


# ---- the analysis ----------------------------------------------------------------------


def _interval(t: np.ndarray, involved: np.ndarray, w0: float) -> tuple[float, float]:
    cand = t[involved]
    at = np.abs(cand - w0) <= AT_BASE
    if np.any(at):
        return (w0, w0)
    above, below = cand[cand > w0], cand[cand < w0]
    return (float(below.max()) if below.size else 0.0, float(above.min()) if above.size else 1.0)


def weight_sensitivity(
    matrix: DecisionMatrix,
    weights: Mapping[str, float] | Sequence[float] | np.ndarray,
    method: str = "topsis",
    *,
    top_k: int = 3,
    scope: str = "all",
    options: Mapping[str, Any] | None = None,
    grid: int = 201,
    tol: float = 1e-10,
) -> SensitivityResult:
    """One-at-a-time sensitivity of the ranking by `method` to each criterion's weight.

    Parameters
    ----------
    matrix : DecisionMatrix
    weights : the given weights (mapping or sequence; rescaled to sum 1 as in :func:`rank`)
    method : a key of :data:`mcda.methods.METHODS`
    top_k : size of the top group whose order is tracked (clipped to the number of projects)
    scope : "all" lists reversals of every pair of projects; "top_k" only those involving a
        project in the top k at the given weights
    options : the method's options
    grid, tol : grid points and bisection tolerance (in weight units) for the methods whose
        crossings are bracketed (VIKOR, COPRAS)

    Returns
    -------
    SensitivityResult
    """
    base = rank(matrix, weights, method, **dict(options or {}))
    w = np.array(list(base.parameters["weights"].values()), dtype=np.float64)  # type: ignore[union-attr]
    m, n = matrix.shape
    if isinstance(top_k, bool) or not isinstance(top_k, numbers.Integral) or top_k < 1:
        raise McdaInputError(f"top_k must be a whole number >= 1, got {top_k!r}")
    if scope not in ("all", "top_k"):
        raise McdaInputError(f"scope must be 'all' or 'top_k', got {scope!r}")
    if isinstance(grid, bool) or not isinstance(grid, numbers.Integral) or grid < 3:
        raise McdaInputError(f"grid must be a whole number >= 3, got {grid!r}")
    if not isinstance(tol, numbers.Real) or not 0 < tol < 1e-2:
        raise McdaInputError(f"tol must be a number in (0, 0.01), got {tol!r}")
    k = min(int(top_k), m)
    notes = list(base.warnings)
    scorer = batch_scorer(matrix, method, **dict(options or {}))
    ranks = np.asarray(base.ranks)
    in_top = ranks <= k
    is_first = ranks == 1
    exact = scorer.form in ("linear", "log-linear", "topsis")
    all_pairs = m <= (EXACT_ALL_PAIRS_LIMIT if exact else GRID_ALL_PAIRS_LIMIT)
    pi, pl = np.triu_indices(m, 1)
    if not all_pairs:
        keep = in_top[pi] | in_top[pl]
        pi, pl = pi[keep], pl[keep]
        notes.append(
            f"With {m} projects only pairs involving a top-{k} project were examined, so the interval of the "
            "whole ranking is not given."
        )
    if scorer.form == "topsis":
        how = ("exact: TOPSIS closeness crossings are roots of a quadratic in (t/(1-t))^2, "
               "refined by bisection on the closeness difference to 1e-12")
        accuracy = 1e-12
    elif exact:
        how = "exact: scores (log-scores for WPM) are linear in the weight"
        accuracy = 0.0
    else:
        how = f"bracketed on a grid of {grid} weights, then bisection to {tol:g}"
        accuracy = float(tol)
    sign = 1.0 if scorer.higher_is_better else -1.0
    results = []
    reversals: list[RankReversal] = []
    for j, criterion in enumerate(matrix.criteria):
        if n == 1:
            results.append(CriterionSensitivity(criterion, 1.0, (1.0, 1.0), (1.0, 1.0), (1.0, 1.0)))
            continue
        u = _rest(w, j)
        if w[j] >= 1.0:
            notes.append(f"Criterion {criterion!r} holds all the weight; as it decreases the others share the rest equally.")
        if scorer.form in ("linear", "log-linear"):
            assert scorer.table is not None
            t, i_rises, ci, cl, strict = _linear_crossings(scorer.table, u, j, sign, pi, pl)
        elif scorer.form == "topsis":
            t, i_rises, ci, cl, strict = _topsis_crossings(scorer, u, j, pi, pl)
        else:
            t, i_rises, ci, cl, strict = _grid_crossings(scorer, w, j, pi, pl, int(grid), float(tol))
        first = _interval(t, is_first[ci] | is_first[cl], w[j])
        top = _interval(t, in_top[ci] | in_top[cl], w[j])
        whole = _interval(t, np.ones(t.size, dtype=bool), w[j]) if all_pairs else None
        results.append(CriterionSensitivity(criterion, float(w[j]), first, top, whole))
        listed = strict & (True if scope == "all" else (in_top[ci] | in_top[cl]))
        order = np.argsort(np.abs(t - w[j]), kind="stable")
        for q in order[listed[order]]:
            up, down = (ci[q], cl[q]) if i_rises[q] else (cl[q], ci[q])
            reversals.append(
                RankReversal(
                    criterion, float(t[q]), matrix.alternatives[up], matrix.alternatives[down],
                    (int(ranks[up]), int(ranks[down])),
                )
            )
    w_ro = w.copy()
    w_ro.setflags(write=False)
    top_order = tuple(base.order()[:k])
    return SensitivityResult(
        method=method,
        alternatives=matrix.alternatives,
        criteria=matrix.criteria,
        weights=w_ro,
        base_ranks=ranks,
        k=k,
        first=tuple(a for a, f in zip(matrix.alternatives, is_first) if f),
        top=top_order,
        criteria_results=tuple(results),
        reversals=tuple(reversals),
        crossing_method=how,
        tolerance=accuracy,
        warnings=tuple(dict.fromkeys(notes)),
    )
