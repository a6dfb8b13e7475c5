"""Value functions that turn a measured criterion into AHP local priorities.

In a complete AHP ranking, a criterion measured in its own unit (jobs, %, roubles) must become
a priority of each alternative before it can be synthesised with judged criteria. Three
standard choices, all returning non-negative values where larger is better:

``ratio``
    benefit ``x / max(x)``, cost ``min(x) / x`` (Saaty 1986, "absolute measurement": the value is
    proportional to the measurement, so ratios between alternatives are kept). Needs x >= 0 for
    benefit and x > 0 for cost. Adding an alternative that is not the best changes nothing, so
    with ideal synthesis it cannot reverse the order of the others.
``linear``
    benefit ``(x - min) / (max - min)``, cost ``(max - x) / (max - min)``; the worst alternative
    gets 0. Works for any finite data, but the scale depends on the worst alternative present.
``sum``
    benefit ``x / sum(x)``, cost ``(1/x) / sum(1/x)`` (the distributive mode's normalisation).

A criterion whose values are all equal does not discriminate: every function gives all ones.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from mcda.errors import McdaInputError

ValueFunction = Literal["ratio", "linear", "sum"]
VALUE_FUNCTIONS: tuple[str, ...] = ("ratio", "linear", "sum")


def apply_value_function(
    x: np.ndarray, kind: str, *, benefit: bool, criterion: str = "criterion", alternatives: tuple[str, ...] | None = None
) -> np.ndarray:
    """Local values (>= 0, larger is better) of one measured criterion.

    Parameters
    ----------
    x : (m,) finite measurements of the alternatives.
    kind : "ratio", "linear" or "sum" (see the module docstring).
    benefit : True if more is better, False for a cost criterion.
    criterion, alternatives : names used in error messages.
    """
    if kind not in VALUE_FUNCTIONS:
        raise McdaInputError(f"value function for {criterion!r}: unknown {kind!r}; valid: {', '.join(VALUE_FUNCTIONS)}")
    x = np.asarray(x, dtype=float)
    if np.ptp(x) == 0:
        return np.ones_like(x)
    if kind == "linear":
        span = x.max() - x.min()
        return (x - x.min()) / span if benefit else (x.max() - x) / span
    bad = np.flatnonzero(x <= 0) if not benefit else np.flatnonzero(x < 0)
    if bad.size:
        who = alternatives[bad[0]] if alternatives else f"alternative #{bad[0]}"
        need = "> 0" if not benefit else ">= 0"
        raise McdaInputError(
            f"the {kind!r} value function of {'cost' if not benefit else 'benefit'} criterion {criterion!r} "
            f"needs values {need}; {who!r} has {x[bad[0]]:g}. Use value_function 'linear' for such data."
        )
    if benefit:
        if kind == "ratio":
            return x / x.max()
        return x / x.sum()
    inverse = 1.0 / x
    return inverse / inverse.max() if kind == "ratio" else inverse / inverse.sum()
