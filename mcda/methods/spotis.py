"""SPOTIS: weighted normalised distance to the ideal solution point of fixed bounds.

Dezert, J., Tchamova, A., Han, D. & Tacnet, J.-M. (2020). The SPOTIS rank reversal
free method for multi-criteria decision-making support. 23rd International
Conference on Information Fusion (FUSION), IEEE, pp. 1-8:

    d_ij = |x_ij - S*_j| / (S_max_j - S_min_j),   d_i = sum_j w_j d_ij,   lower is better,

with the ideal S*_j the upper bound of a benefit and the lower bound of a cost
criterion. SPOTIS is free of rank reversal only when the bounds are fixed
independently of the projects; by default we take them from the data (so they
move when projects are added), and the `bounds` option fixes them.

Computed here: pymcdm 1.4.0's SPOTIS rejects bounds with min == max, i.e. any
criterion whose values are all equal when bounds come from the data.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix, normalize_name
from mcda.errors import McdaInputError
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import ANY


def spotis_distances(
    values: np.ndarray, weights: np.ndarray, types: np.ndarray, bounds: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Scores d_i in [0, 1] (lower is better), distances d_ij (m, n) and the ideal point (n,).

    bounds : (n, 2) rows [min, max]. A criterion with min == max has distance 0.
    """
    lo, hi = bounds[:, 0], bounds[:, 1]
    ideal = np.where(types > 0, hi, lo)
    span = hi - lo
    dist = np.where(span > 0, np.abs(values - ideal) / np.where(span > 0, span, 1.0), 0.0)
    return dist @ weights, dist, ideal


def parse_bounds(matrix: DecisionMatrix, raw: object) -> tuple[np.ndarray, list[str]]:
    """Bounds (n, 2): given ones where supplied, the data's min and max elsewhere."""
    bounds = np.column_stack([matrix.values.min(axis=0), matrix.values.max(axis=0)])
    given: list[str] = []
    if raw is None:
        return bounds, given
    if not isinstance(raw, Mapping):
        raise McdaInputError(f"spotis: option bounds must be a mapping criterion -> (min, max), got {raw!r}")
    for key, pair in raw.items():
        c = normalize_name(key, "spotis: option bounds: criterion")
        if c not in matrix.criteria:
            raise McdaInputError(
                f"spotis: option bounds names criterion {c!r}, which is not in the data; "
                f"the data's criteria are {list(matrix.criteria)}"
            )
        j = matrix.criteria.index(c)
        ok = (
            isinstance(pair, (tuple, list, np.ndarray)) and len(pair) == 2
            and all(isinstance(b, numbers.Real) and not isinstance(b, bool) and np.isfinite(float(b)) for b in pair)
        )
        if not ok:
            raise McdaInputError(f"spotis: bounds of criterion {c!r} are {pair!r}; give two finite numbers (min, max)")
        lo, hi = float(pair[0]), float(pair[1])
        if not lo < hi:
            raise McdaInputError(f"spotis: bounds of criterion {c!r} are ({lo!r}, {hi!r}); min must be < max")
        col = matrix.values[:, j]
        outside = np.flatnonzero((col < lo) | (col > hi))
        if outside.size:
            i = int(outside[0])
            raise McdaInputError(
                f"spotis: project {matrix.alternatives[i]!r} has {float(col[i])!r} on criterion {c!r}, outside its "
                f"bounds ({lo!r}, {hi!r}); bounds must contain every value"
            )
        bounds[j] = (lo, hi)
        given.append(c)
    return bounds, given


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    bounds, given = parse_bounds(matrix, options.get("bounds"))
    scores, dist, ideal = spotis_distances(matrix.values, weights, matrix.types, bounds)
    fixed = len(given) == len(matrix.criteria)
    return MethodOutput(
        scores=scores,
        details={"distances": dist, "ideal_point": ideal, "bounds": bounds},
        parameters={
            "bounds": {c: (float(b[0]), float(b[1])) for c, b in zip(matrix.criteria, bounds)},
            "bounds_given_for": tuple(given),
            "bounds_source": "given where listed, else the data's min and max",
            # Dezert et al.'s rank-reversal freedom holds only for bounds fixed independently of the projects.
            "rank_reversal_free": fixed,
        },
    )


INFO = MethodInfo(
    name="spotis",
    title="SPOTIS (Stable Preference Ordering Towards Ideal Solution)",
    reference="Dezert, Tchamova, Han & Tacnet (2020), 23rd Int. Conf. on Information Fusion (FUSION), IEEE",
    higher_is_better=False,
    preference="weighted normalised distance to the ideal solution point, in [0, 1]; lower is better",
    options={"bounds": "mapping criterion -> (min, max); default: the data's min and max per criterion"},
    domain=ANY,
    run=_run,
)
