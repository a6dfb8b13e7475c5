"""Scores of one decision problem under many weight vectors (and value samples) in one batch.

Used by SMAA and the weight sensitivity analysis; per sample the scores equal those of
:func:`mcda.methods.rank` with the same weights.

* TOPSIS (Hwang & Yoon 1981): with the normalised matrix r fixed and weights w >= 0, the
  weighted ideal is w * r* (max of w r_ij over i is w times the max of r_ij), so
  S+_i^2 = sum_j w_j^2 (r_ij - r*_j)^2: for all samples at once this is W**2 @ ((r - r*)**2).T,
  one matrix product per side, exact (not an approximation).
* Linear methods: the score is a fixed table times the weights, so all samples are W @ T.T.
  WSM (T = normalised matrix), WPM (T = log of x/max, min/x; score = exp), PROMETHEE II
  (T = single-criterion net flows, Brans & Mareschal 2005), SPOTIS (T = distances to the ideal
  point, lower is better), AHP (T = synthesised local priorities).
* Values that vary per sample (SMAA's performance uncertainty): TOPSIS, WSM and WPM renormalise
  every sample's matrix in one vectorised step; other methods are run once per sample.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import METHODS
from mcda.methods import topsis as _topsis
from mcda.methods import wsm as _wsm
from mcda.normalization import get_normalization, max_normalization

#: Methods whose scores with fixed data are (a function of) a table times the weights.
LINEAR_TABLES: Mapping[str, str] = {
    "wsm": "normalised",
    "wpm": "normalised",
    "promethee_ii": "unicriterion_net_flows",
    "spotis": "distances",
    "ahp": "local_priorities",
}

#: Methods that renormalise sampled values in one vectorised step.
VECTORISED_VALUES = ("topsis", "wsm", "wpm")


def _product(weights: np.ndarray, table: np.ndarray) -> np.ndarray:
    """weights (s, n) @ table.T (n, m), by numpy's own loop rather than BLAS.

    With n ~ 15 the product is memory-bound, and numpy's einsum loop is as fast as BLAS here;
    but OpenBLAS's worker threads keep spinning after each call and, on a machine with few
    cores, take the core the following sort needs (measured 3x slower end to end on 2 cores).
    """
    return np.einsum("sn,nm->sm", weights, np.ascontiguousarray(table.T))


def topsis_squared_distances(
    normalised: np.ndarray, weights: np.ndarray, types: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Squared distances to the weighted ideal and anti-ideal for many weight vectors.

    Parameters
    ----------
    normalised : (m, n), or (s, m, n) with one matrix per sample
    weights : (s, n), every entry >= 0 (then ideal(w * r) = w * ideal(r) exactly)
    types : (n,) +1 where a larger normalised value is better, -1 where smaller is

    Returns
    -------
    d_plus_sq, d_minus_sq : (s, m)
    """
    w2 = weights * weights
    if normalised.ndim == 2:
        hi, lo = normalised.max(axis=0), normalised.min(axis=0)
        best = np.where(types > 0, hi, lo)
        worst = np.where(types > 0, lo, hi)
        # (m, n) tables once, then one matrix product per side for every sample.
        return _product(w2, (normalised - best) ** 2), _product(w2, (normalised - worst) ** 2)
    hi, lo = normalised.max(axis=1, keepdims=True), normalised.min(axis=1, keepdims=True)
    best = np.where(types > 0, hi, lo)
    worst = np.where(types > 0, lo, hi)
    return (
        np.einsum("smn,sn->sm", (normalised - best) ** 2, w2),
        np.einsum("smn,sn->sm", (normalised - worst) ** 2, w2),
    )


def topsis_batch(normalised: np.ndarray, weights: np.ndarray, types: np.ndarray) -> np.ndarray:
    """TOPSIS closeness C* = S- / (S+ + S-) for every weight vector: (s, m), higher is better.

    Same conventions as :func:`mcda.methods.topsis.topsis_closeness` (0.5 where S+ = S- = 0).
    """
    dp2, dm2 = topsis_squared_distances(normalised, weights, types)
    dp = np.sqrt(dp2, out=dp2)
    dm = np.sqrt(dm2, out=dm2)
    total = dp + dm
    if not np.all(total):
        zero = total == 0
        total[zero] = 1.0
        out = np.divide(dm, total, out=dm)
        out[zero] = _topsis.DEGENERATE_CLOSENESS
        return out
    return np.divide(dm, total, out=dm)


def linear_batch(table: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """sum_j w_sj T_ij for every sample s: (s, m). `table` is (m, n) or (s, m, n)."""
    if table.ndim == 2:
        return _product(weights, table)
    return np.einsum("smn,sn->sm", table, weights)


def wsm_batch(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """WSM scores (s, m) for a benefit-oriented normalised matrix; higher is better."""
    return linear_batch(normalised, weights)


def wpm_log_batch(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """WPM log-scores ln P (s, m) for a strictly positive, benefit-oriented matrix."""
    return linear_batch(np.log(normalised), weights)


def _normalise_stack(func: Callable[[np.ndarray, np.ndarray], np.ndarray], values: np.ndarray, types: np.ndarray) -> np.ndarray:
    # The normalisations of mcda.normalization reduce over axis 0 only, so a stack laid out
    # (m, s, n) normalises each sample's matrix on its own; tests check it equals rank() per sample.
    return np.ascontiguousarray(func(values.transpose(1, 0, 2), types).transpose(1, 0, 2))


@dataclass(frozen=True, eq=False)
class BatchScorer:
    """A method bound to one decision problem, scoring many weight vectors at once.

    Build with :func:`batch_scorer`. Attributes
    ----------
    method : str
    matrix : DecisionMatrix
    options : mapping, the method's options
    higher_is_better : bool, direction of the scores
    form : str
        "topsis" (squared distances by matrix products), "linear" (table @ weights),
        "log-linear" (exp of table @ weights), or "per-sample" (the method run once per sample).
    table : (m, n) read-only array for "linear"/"log-linear" (the log table for WPM), else None
    normalised : (m, n) read-only normalised matrix for "topsis", else None
    ideal_types : (n,) read-only, for "topsis": +1 where a larger normalised value is better
        (every criterion after an orienting normalisation), else None
    """

    method: str
    matrix: DecisionMatrix
    options: Mapping[str, Any]
    higher_is_better: bool
    form: str
    table: np.ndarray | None
    normalised: np.ndarray | None = field(repr=False, default=None)
    ideal_types: np.ndarray | None = field(repr=False, default=None)
    _normalise: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = field(repr=False, default=None)

    def scores(self, weights: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
        """Scores (s, m) in the method's own direction.

        Parameters
        ----------
        weights : (s, n) rows >= 0 summing to 1 (not re-checked: this is the inner loop)
        values : optional (s, m, n) performance values per sample, in the domain the method
            needs; None uses the matrix's values.
        """
        w = np.asarray(weights, dtype=np.float64)
        if values is None:
            if self.form == "topsis":
                assert self.normalised is not None and self.ideal_types is not None
                return topsis_batch(self.normalised, w, self.ideal_types)
            if self.form == "linear":
                assert self.table is not None
                return linear_batch(self.table, w)
            if self.form == "log-linear":
                assert self.table is not None
                return np.exp(linear_batch(self.table, w))
            return self._loop(w, None)
        x = np.asarray(values, dtype=np.float64)
        if self.method in VECTORISED_VALUES:
            assert self._normalise is not None
            r = _normalise_stack(self._normalise, x, self.matrix.types)
            if self.method == "topsis":
                assert self.ideal_types is not None
                return topsis_batch(r, w, self.ideal_types)
            if self.method == "wsm":
                return wsm_batch(r, w)
            return np.exp(wpm_log_batch(r, w))
        return self._loop(w, x)

    def _loop(self, w: np.ndarray, x: np.ndarray | None) -> np.ndarray:
        info = METHODS[self.method]
        m = self.matrix.shape[0]
        out = np.empty((w.shape[0], m))
        matrix = self.matrix
        for s in range(w.shape[0]):
            if x is not None:
                matrix = DecisionMatrix(self.matrix.alternatives, self.matrix.criteria, x[s], self.matrix.types)
            out[s] = info.run(matrix, w[s], self.options).scores
        return out


def batch_scorer(matrix: DecisionMatrix, method: str = "topsis", **options: Any) -> BatchScorer:
    """Validate `method` and its options on `matrix` once, for batched scoring.

    Raises
    ------
    McdaInputError
        Unknown method or option, or data outside the method's domain (as :func:`rank` would).
    """
    if not isinstance(matrix, DecisionMatrix):
        raise McdaInputError(f"matrix must be a DecisionMatrix, got {type(matrix).__name__}")
    if not isinstance(method, str) or method not in METHODS:
        raise McdaInputError(f"method {method!r} is unknown; valid methods are {list(METHODS)}")
    info = METHODS[method]
    unknown = [k for k in options if k not in info.options]
    if unknown:
        raise McdaInputError(f"{method}: option {unknown[0]!r} is unknown; this method's options are {list(info.options) or 'none'}")
    n = matrix.shape[1]
    # One run with equal weights validates options and data exactly as rank() does and yields
    # the weight-free tables of the linear methods.
    probe = info.run(matrix, np.full(n, 1.0 / n), options)
    frozen = MappingProxyType(dict(options))
    if method == "topsis":
        norm = get_normalization(options.get("normalization", "vector"), _topsis.NORMALIZATION_CHOICES, "topsis")
        types = np.ones_like(matrix.types) if norm.oriented else matrix.types.copy()
        normalised = np.array(probe.details["normalised"])
        normalised.setflags(write=False)
        types.setflags(write=False)
        return BatchScorer(method, matrix, frozen, True, "topsis", None, normalised, types, norm.func)
    if method in LINEAR_TABLES:
        table = np.array(probe.details[LINEAR_TABLES[method]], dtype=np.float64)
        form = "linear"
        normalise = None
        if method == "wpm":
            table = np.log(table)
            form = "log-linear"
            normalise = max_normalization
        elif method == "wsm":
            normalise = get_normalization(options.get("normalization", "minmax"), _wsm.NORMALIZATION_CHOICES, "wsm").func
        table.setflags(write=False)
        return BatchScorer(method, matrix, frozen, info.higher_is_better, form, table, _normalise=normalise)
    return BatchScorer(method, matrix, frozen, info.higher_is_better, "per-sample", None)


def check_value_domain(scorer: BatchScorer, low: np.ndarray, high: np.ndarray) -> None:
    """Raise McdaInputError when the method cannot take values anywhere in [low, high].

    Every method's domain is a condition per cell on an interval (> 0, >= 0, any), so it holds
    on the whole box exactly when it holds at both corners; running the method there checks it
    with the method's own message.
    """
    m = scorer.matrix
    info = METHODS[scorer.method]
    w = np.full(m.shape[1], 1.0 / m.shape[1])
    for label, bound in (("lower", low), ("upper", high)):
        try:
            info.run(DecisionMatrix(m.alternatives, m.criteria, bound, m.types), w, scorer.options)
        except McdaInputError as exc:
            raise McdaInputError(f"value ranges: at their {label} bounds, {exc}") from None
