"""COPRAS: complex proportional assessment.

Zavadskas, E. K., Kaklauskas, A. & Sarka, V. (1994). The new method of multicriteria
complex proportional assessment of projects. Technological and Economic Development
of Economy 1(3), 131-139:

    d_ij = w_j x_ij / sum_i x_ij,   S+_i = sum over benefit j,  S-_i = sum over cost j,
    Q_i  = S+_i + (min S- * sum_j S-_j) / (S-_i * sum_j (min S- / S-_j)),
    N_i  = Q_i / max Q  (utility degree; the paper prints it as a percentage).

Computed here, not with pymcdm 1.4.0, whose COPRAS writes the second term as
(min S- * S-_i)/(S-_i * (min S- / S-_i)), which simplifies to S-_i: it ADDS the
weighted cost instead of rewarding low cost. pymcdm also refuses problems without
a cost criterion; with none, Q_i = S+_i here (the second term is absent).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import RATIO, check_domain


def copras_utility(
    values: np.ndarray, weights: np.ndarray, types: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Utility degree N (m,) in (0, 1], significance Q, S+ and S- (Zavadskas et al. 1994).

    Needs x >= 0 on benefit criteria and x > 0 on cost criteria. An all-zero
    benefit column contributes 0. If the cost criteria carry no weight the
    problem has no effective cost side and Q = S+. If every Q is 0 (nothing to
    tell the projects apart) all get N = 1.
    """
    col_sum = values.sum(axis=0)
    d = weights * values / np.where(col_sum > 0, col_sum, 1.0)
    benefit = types > 0
    s_plus = d[:, benefit].sum(axis=1)
    s_minus = d[:, ~benefit].sum(axis=1)
    if np.all(s_minus > 0):
        s_min = s_minus.min()
        q = s_plus + (s_min * s_minus.sum()) / (s_minus * np.sum(s_min / s_minus))
    else:
        q = s_plus.copy()
    q_max = q.max()
    utility = q / q_max if q_max > 0 else np.ones_like(q)
    return utility, q, s_plus, s_minus


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    check_domain(matrix.values, matrix.types, RATIO, matrix.alternatives, matrix.criteria, "copras")
    utility, q, s_plus, s_minus = copras_utility(matrix.values, weights, matrix.types)
    return MethodOutput(
        scores=utility,
        details={"utility_degree": utility, "Q": q, "S_plus": s_plus, "S_minus": s_minus},
        parameters={
            "normalization": "sum: w x / sum(x), benefit and cost alike (Zavadskas et al. 1994)",
            "score": "utility degree N = Q / max Q (fraction, not percent)",
        },
    )


INFO = MethodInfo(
    name="copras",
    title="COPRAS (COmplex PRoportional ASsessment)",
    reference="Zavadskas, Kaklauskas & Sarka (1994), Technological and Economic Development of Economy 1(3)",
    higher_is_better=True,
    preference="utility degree N = Q/max Q in (0, 1]; higher is better",
    options={},
    domain=RATIO,
    run=_run,
)
