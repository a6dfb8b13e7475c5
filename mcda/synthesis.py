"""AHP synthesis: global priorities of alternatives from their local priorities under each
leaf criterion and the global weights of the leaves.

Two modes (Saaty 1994, "How to make a decision", §Ideal and distributive modes; Millet &
Saaty 2000):

``distributive``
    each criterion's local priorities are normalised to sum 1; the global priorities then sum
    to 1. Use when the alternatives share a fixed resource (dominance depends on how many
    alternatives there are).
``ideal``
    each criterion's local priorities are divided by the largest, so the best alternative on a
    criterion gets that criterion's full weight. Adding or removing an alternative that is not
    the best on any criterion leaves the others' scores, hence their order, unchanged.

Global priority of alternative i = sum_j w_j * l_ij with w the global leaf weights (the product
of local weights along the path in the criteria tree), so the hierarchy is already folded in.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from mcda.errors import McdaInputError

Synthesis = Literal["distributive", "ideal"]
SYNTHESES: tuple[str, ...] = ("distributive", "ideal")


def normalise_local(local: np.ndarray, mode: str, criteria: tuple[str, ...] | None = None) -> np.ndarray:
    """Local priorities (m alternatives × n criteria, >= 0, larger is better) in the given mode."""
    if mode not in SYNTHESES:
        raise McdaInputError(f"synthesis: unknown mode {mode!r}; valid: {', '.join(SYNTHESES)}")
    local = np.asarray(local, dtype=float)
    if local.ndim != 2:
        raise McdaInputError(f"local priorities must be a 2-D array (alternatives × criteria), got shape {local.shape}")
    if not np.all(np.isfinite(local)) or np.any(local < 0):
        raise McdaInputError("local priorities must be finite and >= 0")
    scale = local.sum(axis=0) if mode == "distributive" else local.max(axis=0)
    empty = np.flatnonzero(scale <= 0)
    if empty.size:
        name = criteria[empty[0]] if criteria else f"#{empty[0]}"
        raise McdaInputError(f"criterion {name!r} gives every alternative priority 0; it cannot be synthesised")
    return local / scale


def synthesise(local: np.ndarray, weights: np.ndarray, mode: str, criteria: tuple[str, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Global priorities (higher is better) and the normalised local priorities used.

    Parameters
    ----------
    local : (m, n) local priorities, >= 0, larger is better.
    weights : (n,) global leaf weights, >= 0, summing to 1.
    mode : "distributive" (global priorities sum to 1) or "ideal" (best possible score is 1).
    """
    normalised = normalise_local(local, mode, criteria)
    return normalised @ np.asarray(weights, dtype=float), normalised
