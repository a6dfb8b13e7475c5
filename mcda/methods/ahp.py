"""AHP as a ranking method: global priority of each alternative = sum over the leaf criteria
of global weight × local priority (Saaty 1980; synthesis modes: Saaty 1994, Millet & Saaty 2000).

Columns of the decision matrix enter in one of two ways:

* judged criteria (named in ``judged``): the column already holds local priorities derived
  from judgments — pairwise comparisons of the alternatives, or rating-scale values. Those say
  how much of the criterion an alternative has; for a cost criterion the priority used is the
  reciprocal (having twice the risk is half as preferred), the AHP's own ratio-scale inversion.
* measured criteria: a value function (``mcda.value_functions``) turns the measurements into
  local priorities; ``ratio`` by default.

Then the ``synthesis`` mode normalises each criterion's local priorities (distributive: to sum
1; ideal: best = 1) and the weighted sum gives the global priorities; higher is better.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import RATIO, check_domain
from mcda.synthesis import SYNTHESES, synthesise
from mcda.value_functions import VALUE_FUNCTIONS, apply_value_function


def local_priorities(
    matrix: DecisionMatrix, value_functions: Mapping[str, str], judged: frozenset[str], default: str = "ratio"
) -> np.ndarray:
    """(m, n) local priorities, >= 0, larger is better, one column per criterion."""
    columns = []
    for j, criterion in enumerate(matrix.criteria):
        x = matrix.values[:, j]
        benefit = bool(matrix.types[j] > 0)
        if criterion in judged:
            bad = np.flatnonzero(x <= 0)
            if bad.size:
                raise McdaInputError(
                    f"ahp: judged criterion {criterion!r} needs priorities > 0; "
                    f"{matrix.alternatives[bad[0]]!r} has {x[bad[0]]:g}"
                )
            columns.append(x if benefit else 1.0 / x)
        else:
            kind = value_functions.get(criterion, default)
            columns.append(apply_value_function(x, kind, benefit=benefit, criterion=criterion, alternatives=matrix.alternatives))
    return np.column_stack(columns) if columns else np.zeros((matrix.shape[0], 0))


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    synthesis = options.get("synthesis", "ideal")
    if synthesis not in SYNTHESES:
        raise McdaInputError(f"ahp: synthesis {synthesis!r} is unknown; valid: {', '.join(SYNTHESES)}")
    value_functions = dict(options.get("value_functions") or {})
    default = options.get("value_function", "ratio")
    for criterion, kind in [*value_functions.items(), ("(default)", default)]:
        if kind not in VALUE_FUNCTIONS:
            raise McdaInputError(f"ahp: value function {kind!r} for {criterion!r} is unknown; valid: {', '.join(VALUE_FUNCTIONS)}")
    stray = [c for c in value_functions if c not in matrix.criteria]
    judged = frozenset(options.get("judged") or ())
    stray += [c for c in judged if c not in matrix.criteria]
    if stray:
        raise McdaInputError(f"ahp: criterion {stray[0]!r} is not in the data; criteria are {list(matrix.criteria)}")
    ratio_scale = [j for j, c in enumerate(matrix.criteria) if c in judged or value_functions.get(c, default) != "linear"]
    if ratio_scale:
        try:
            check_domain(
                matrix.values[:, ratio_scale], matrix.types[ratio_scale], RATIO, matrix.alternatives,
                tuple(matrix.criteria[j] for j in ratio_scale), "ahp",
            )
        except McdaInputError as exc:
            raise McdaInputError(f"{exc}; or give that measured criterion the 'linear' value function") from None
    local = local_priorities(matrix, value_functions, judged, default)
    scores, normalised = synthesise(local, weights, synthesis, matrix.criteria)
    return MethodOutput(
        scores=scores,
        details={"local_priorities": normalised},
        parameters={
            "synthesis": synthesis,
            "value_functions": {c: value_functions.get(c, default) for c in matrix.criteria if c not in judged},
            "judged": sorted(judged),
        },
    )


INFO = MethodInfo(
    name="ahp",
    title="AHP (Analytic Hierarchy Process), complete: synthesis of local priorities",
    reference="Saaty (1980) The Analytic Hierarchy Process; ideal/distributive modes: Saaty (1994), Millet & Saaty (2000)",
    higher_is_better=True,
    preference="global priority; distributive: sums to 1, ideal: best possible is 1; higher is better",
    options={
        "synthesis": "'ideal' (default) or 'distributive'",
        "value_functions": "criterion -> 'ratio' | 'linear' | 'sum' for measured criteria",
        "value_function": "default value function of measured criteria: 'ratio' (default)",
        "judged": "criteria whose values are already local priorities from judgments or ratings",
    },
    domain=RATIO,
    run=_run,
)
