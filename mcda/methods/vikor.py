"""VIKOR: compromise ranking by group utility S, individual regret R and index Q.

Opricovic, S. & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: A
comparative analysis of VIKOR and TOPSIS. European Journal of Operational Research
156(2), 445-455 (formulas 1-4 and the compromise conditions C1, C2).

Computed here, not through pymcdm 1.4.0: its VIKOR raises on a criterion whose
values are all equal and divides by zero when all S (or all R) are equal, and it
does not report the compromise conditions.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import ANY
from mcda.ranks import TIE_RTOL, ranks_from_scores


def vikor_indices(
    values: np.ndarray, weights: np.ndarray, types: np.ndarray, v: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """S, R and Q of Opricovic & Tzeng (2004), eqs. (1)-(3); all lower is better.

    S_i = sum_j w_j (f*_j - f_ij)/(f*_j - f-_j), R_i = max_j of the same terms,
    Q_i = v (S_i - S*)/(S- - S*) + (1 - v)(R_i - R*)/(R- - R*),
    with f* the best and f- the worst value of criterion j (by its type).

    Zero denominators get a defined meaning instead of NaN: a criterion with
    f* = f- contributes 0 (it does not separate the projects), and when all S (or
    all R) are equal (to a relative 1e-9, the tie tolerance of the ranks) that term
    of Q is 0 for everybody.
    """
    best = np.where(types > 0, values.max(axis=0), values.min(axis=0))
    worst = np.where(types > 0, values.min(axis=0), values.max(axis=0))
    span = best - worst  # signed: positive for benefit, negative for cost
    safe = np.where(span != 0, span, 1.0)
    # Ratio first, then weight: the best and worst project get exactly 0 and w_j.
    terms = np.where(span != 0, weights * ((best - values) / safe), 0.0)
    s = terms.sum(axis=1)
    r = terms.max(axis=1)
    q = v * _scaled(s) + (1.0 - v) * _scaled(r)
    return s, r, q


def _flat(x: np.ndarray) -> bool:
    """All equal up to rounding. Equal S or R computed along different paths can differ
    in the last bit; scaling that noise to [0, 1] would let it decide the ranking."""
    return bool(np.ptp(x) <= TIE_RTOL * np.max(np.abs(x)))


def _scaled(x: np.ndarray) -> np.ndarray:
    if _flat(x):
        return np.zeros_like(x)
    lo, hi = x.min(), x.max()
    return (x - lo) / (hi - lo)


def vikor_compromise(s: np.ndarray, r: np.ndarray, q: np.ndarray) -> tuple[np.ndarray, bool, bool, float]:
    """Compromise set and conditions of Opricovic & Tzeng (2004), section 2.

    C1 "acceptable advantage": Q(a'') - Q(a') >= DQ with DQ = 1/(m - 1), a' and a''
    the first and second by Q. C2 "acceptable stability": a' is also best by S or R.
    Both hold: {a'}. Only C2 fails: {a', a''}. C1 fails: every a with
    Q(a) - Q(a') < DQ. Ties in Q count as separate positions (a tie for first
    fails C1). With one project, DQ is undefined and the set is that project.

    Returns
    -------
    in_set : (m,) bool mask of the compromise set
    acceptable_advantage, acceptable_stability : bool
    dq : float (0.0 when m == 1)
    """
    m = q.size
    if m == 1:
        return np.ones(1, dtype=bool), True, True, 0.0
    dq = 1.0 / (m - 1)
    q_rank = ranks_from_scores(q, higher_is_better=False)
    first = q_rank == 1
    q_first = q[first].min()
    order = np.argsort(q, kind="stable")
    q_second = q[order[1]]
    advantage = bool(q_second - q_first >= dq * (1 - 1e-12))
    s_best = ranks_from_scores(s, higher_is_better=False) == 1
    r_best = ranks_from_scores(r, higher_is_better=False) == 1
    stability = bool(np.all((s_best | r_best)[first]))
    if not advantage:
        in_set = q - q_first < dq * (1 - 1e-12)
    elif not stability:
        in_set = q_rank <= q_rank[order[1]]
    else:
        in_set = first.copy()
    return in_set, advantage, stability, dq


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    v = options.get("v", 0.5)
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not 0.0 <= float(v) <= 1.0:
        raise McdaInputError(f"vikor: option v = {v!r}; v must be a number in [0, 1] (weight of group utility S)")
    v = float(v)
    s, r, q = vikor_indices(matrix.values, weights, matrix.types, v)
    in_set, advantage, stability, dq = vikor_compromise(s, r, q)
    out = MethodOutput(
        scores=q,
        details={
            "S": s,
            "R": r,
            "Q": q,
            "compromise_set": in_set,
            "acceptable_advantage": np.array(advantage),
            "acceptable_stability": np.array(stability),
            "DQ": np.array(dq),
        },
        parameters={
            "v": v,
            "DQ": dq,
            "normalization": "(f* - f)/(f* - f-) per criterion, f* best and f- worst observed value",
            "compromise_conditions": "Opricovic & Tzeng (2004): C1 acceptable advantage, C2 acceptable stability",
        },
    )
    m = matrix.shape[0]
    names = [a for a, inside in zip(matrix.alternatives, in_set) if inside]
    if m > 1:
        if not advantage:
            out.warnings.append(
                f"VIKOR condition C1 (acceptable advantage, DQ = {dq:.4g}) fails: the compromise set is {names}."
            )
        elif not stability:
            out.warnings.append(
                f"VIKOR condition C2 (acceptable stability) fails: the best by Q is not best by S or R; "
                f"the compromise set is {names}."
            )
        if _flat(s) and not _flat(r):
            out.warnings.append("All projects have the same group utility S, so Q is set by the regret R alone.")
        if _flat(r) and not _flat(s):
            out.warnings.append("All projects have the same regret R, so Q is set by the group utility S alone.")
    return out


INFO = MethodInfo(
    name="vikor",
    title="VIKOR (VIseKriterijumska Optimizacija I Kompromisno Resenje)",
    reference="Opricovic & Tzeng (2004), European Journal of Operational Research 156(2), 445-455",
    higher_is_better=False,
    preference="compromise index Q in [0, 1]; lower is better (S and R, also lower is better, in details)",
    options={"v": "weight of the strategy of maximum group utility, in [0, 1]; default 0.5 (consensus)"},
    domain=ANY,
    run=_run,
)
