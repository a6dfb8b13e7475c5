"""WSM: weighted sum of normalised values (simple additive weighting).

Fishburn, P. C. (1967). Additive utilities with incomplete product sets. Operations
Research 15, 537-542; as SAW in Hwang & Yoon (1981), pp. 99-103.

Default normalisation: min-max. Each criterion then spans [0, 1] from the worst to
the best project, so a weight is the value of moving from the worst to the best
observed level of its criterion (swing weights of the additive value model; Belton &
Stewart 2002, ch. 5); it accepts zero and negative data and treats benefit and cost
criteria symmetrically. 'max' (x/max, min/x; Hwang & Yoon's linear scale) and 'sum'
are options for ratio-scale, positive data. (pymcdm's WSM defaults to 'sum'.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import ANY, check_domain, get_normalization

NORMALIZATION_CHOICES = ("minmax", "max", "sum")


def wsm_scores(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """A_i = sum_j w_j r_ij for a benefit-oriented normalised matrix r; higher is better."""
    return normalised @ weights


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    norm = get_normalization(options.get("normalization", "minmax"), NORMALIZATION_CHOICES, "wsm")
    check_domain(matrix.values, matrix.types, norm.domain, matrix.alternatives, matrix.criteria,
                 f"wsm with {norm.name} normalization")
    normalised = norm.func(matrix.values, matrix.types)
    return MethodOutput(
        scores=wsm_scores(normalised, weights),
        details={"normalised": normalised},
        parameters={"normalization": norm.name, "normalization_formula": norm.formula},
    )


INFO = MethodInfo(
    name="wsm",
    title="WSM (Weighted Sum Model, simple additive weighting)",
    reference="Fishburn (1967), Operations Research 15, 537-542; Hwang & Yoon (1981), pp. 99-103",
    higher_is_better=True,
    preference="weighted sum of normalised values; with minmax in [0, 1]; higher is better",
    options={"normalization": "'minmax' (default), 'max' (x/max, min/x) or 'sum'"},
    domain=ANY,
    run=_run,
)
