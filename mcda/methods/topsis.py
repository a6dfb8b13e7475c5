"""TOPSIS: closeness to the ideal and distance from the anti-ideal solution.

Hwang, C.-L. & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
Applications. Springer, pp. 128-134.

We compute TOPSIS ourselves rather than through pymcdm 1.4.0, whose ``TOPSIS()``
defaults to min-max normalisation while Hwang & Yoon normalise by the vector norm;
the plain array core below is also what a batched (SMAA) version mirrors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import ANY, check_domain, get_normalization

NORMALIZATION_CHOICES = ("vector", "minmax", "max", "sum")

#: Closeness given when an alternative is at distance 0 from both the ideal and the
#: anti-ideal, i.e. no criterion with positive weight separates any two projects.
#: 0.5 says "as close to the ideal as to the anti-ideal"; every project then ties.
DEGENERATE_CLOSENESS = 0.5


def topsis_closeness(
    normalised: np.ndarray, weights: np.ndarray, types: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Relative closeness C* = S- / (S+ + S-) (Hwang & Yoon 1981, steps 2-6).

    Parameters
    ----------
    normalised : (m, n) normalised matrix r_ij
    weights : (n,) weights summing to 1
    types : (n,) +1 benefit / -1 cost, for the direction of `normalised`

    Returns
    -------
    closeness : (m,) in [0, 1], higher is better
    d_plus, d_minus : (m,) Euclidean distances S+ and S- to the ideal and anti-ideal
    ideal, anti_ideal : (n,) weighted ideal A* and anti-ideal A- solutions
    """
    v = normalised * weights
    best = np.where(types > 0, v.max(axis=0), v.min(axis=0))
    worst = np.where(types > 0, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(np.sum((v - best) ** 2, axis=1))
    d_minus = np.sqrt(np.sum((v - worst) ** 2, axis=1))
    total = d_plus + d_minus
    closeness = np.where(total > 0, d_minus / np.where(total > 0, total, 1.0), DEGENERATE_CLOSENESS)
    return closeness, d_plus, d_minus, best, worst


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    norm = get_normalization(options.get("normalization", "vector"), NORMALIZATION_CHOICES, "topsis")
    check_domain(matrix.values, matrix.types, norm.domain, matrix.alternatives, matrix.criteria,
                 f"topsis with {norm.name} normalization")
    normalised = norm.func(matrix.values, matrix.types)
    types = np.ones_like(matrix.types) if norm.oriented else matrix.types
    closeness, d_plus, d_minus, best, worst = topsis_closeness(normalised, weights, types)
    out = MethodOutput(
        scores=closeness,
        details={"normalised": normalised, "ideal": best, "anti_ideal": worst, "d_plus": d_plus, "d_minus": d_minus},
        parameters={
            "normalization": norm.name,
            "normalization_formula": norm.formula,
            "distance": "euclidean",
            "ideal": "best weighted normalised value per criterion among the projects",
        },
    )
    negative = [c for c, col in zip(matrix.criteria, matrix.values.T) if np.any(col < 0)]
    if norm.name == "vector" and negative:
        # x/||x|| treats 0 as "none" (a ratio scale). With negative values a project that
        # improves can lose rank: values (1, -1) -> (2, -1) shrink its normalised lead
        # (see tests/mcda/test_rank_properties.py).
        out.warnings.append(
            f"Criteria {negative} have negative values; vector normalisation assumes a ratio scale "
            "(0 = none), and with negative values an improvement can lower a project's rank. "
            "Use normalization='minmax' or shift those criteria to positive values."
        )
    if np.all(d_plus + d_minus == 0) and matrix.shape[0] > 1:
        out.warnings.append(
            "No criterion with a positive weight separates the projects, so every closeness is set to "
            f"{DEGENERATE_CLOSENESS} and all projects tie."
        )
    return out


INFO = MethodInfo(
    name="topsis",
    title="TOPSIS (Technique for Order Preference by Similarity to Ideal Solution)",
    reference="Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer, pp. 128-134",
    higher_is_better=True,
    preference="closeness coefficient C* = S-/(S+ + S-) in [0, 1]; higher is better",
    options={
        "normalization": "'vector' (default, Hwang & Yoon 1981), 'minmax', 'max' (x/max, min/x) or 'sum'",
    },
    domain=ANY,
    run=_run,
)
