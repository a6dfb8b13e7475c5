"""WPM: weighted product of the values, cost criteria with negative exponents.

Bridgman, P. W. (1922). Dimensional Analysis. Yale University Press; Miller, D. W. &
Starr, M. K. (1969). Executive Decisions and Operations Research. Prentice-Hall.
Project K beats L when prod_j (a_Kj / a_Lj)^(w_j t_j) > 1, t_j = +1 benefit, -1 cost.

We score P_i = prod_j r_ij^w_j with r = x/max (benefit) and min/x (cost). This is
the product prod_j x_ij^(w_j t_j) times a constant common to all projects, so the
ranking and every pairwise ratio are Bridgman's, while the score lands in (0, 1]
(1 = best on every criterion). It is computed in logarithms so that many criteria
cannot underflow. Why not pymcdm 1.4.0's WPM: it applies the chosen normalisation
and then x^w, and with normalisations that map cost criteria to 1 - x/max (its
'max', 'vector') the worst project on a cost criterion gets 0 and the product
breaks; our form needs no choice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import POSITIVE, check_domain, max_normalization


def wpm_log_scores(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """ln P_i = sum_j w_j ln r_ij for a strictly positive, benefit-oriented r."""
    return np.log(normalised) @ weights


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    check_domain(matrix.values, matrix.types, POSITIVE, matrix.alternatives, matrix.criteria, "wpm")
    normalised = max_normalization(matrix.values, matrix.types)
    log_scores = wpm_log_scores(normalised, weights)
    return MethodOutput(
        scores=np.exp(log_scores),
        details={"normalised": normalised, "log_score": log_scores},
        parameters={
            "form": "prod_j r_ij^w_j, r = x/max (benefit), min/x (cost); ranks as prod_j x_ij^(w_j t_j)",
        },
    )


INFO = MethodInfo(
    name="wpm",
    title="WPM (Weighted Product Model)",
    reference="Bridgman (1922), Dimensional Analysis; Miller & Starr (1969), Executive Decisions and OR",
    higher_is_better=True,
    preference="weighted product of value ratios to the best, in (0, 1]; higher is better",
    options={},
    domain=POSITIVE,
    run=_run,
)
