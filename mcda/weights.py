"""Criteria weights given by the user, checked and aligned with the data's criteria."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import numpy as np

from mcda.decision_matrix import normalize_name
from mcda.errors import McdaInputError

# Weights typed by hand (e.g. 0.1 + 0.2 + 0.7) rarely sum to exactly 1 in floating
# point; we only warn when the sum is off by more than rounding.
SUM_TOLERANCE = 1e-9


def _number(value: object, criterion: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise McdaInputError(f"weights: criterion {criterion!r} has weight {value!r}; a number >= 0 is needed")
    f = float(value)
    if not math.isfinite(f) or f < 0:
        raise McdaInputError(f"weights: criterion {criterion!r} has weight {f!r}; weights must be finite and >= 0")
    return f


def resolve_weights(
    weights: Mapping[str, float] | Sequence[float] | np.ndarray,
    criteria: Sequence[str],
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Check weights and align them with `criteria`.

    Parameters
    ----------
    weights : mapping criterion -> weight, or a sequence in `criteria` order
        Non-negative finite numbers, not all zero. Names are compared after Unicode
        NFC normalisation and stripping blanks, as in `DecisionMatrix`.
    criteria : sequence of str
        The data's criteria, in column order.

    Returns
    -------
    weights : ndarray, shape (n,)
        Read-only, aligned with `criteria`, summing to 1.
    warnings : tuple of str
        Plain sentences: the weights were rescaled (with their sum), or a criterion
        has weight 0 and so cannot affect any ranking.

    Raises
    ------
    McdaInputError
        A weight negative, NaN, infinite or not a number; all weights zero; a named
        criterion missing from the data; a data criterion without a weight; a
        sequence of the wrong length.
    """
    names = [normalize_name(c, "criterion") for c in criteria]
    if isinstance(weights, Mapping):
        given: dict[str, object] = {}
        for key, value in weights.items():
            given[normalize_name(key, "weights: criterion")] = value
        unknown = [k for k in given if k not in names]
        if unknown:
            raise McdaInputError(
                f"weights: criterion {unknown[0]!r} is not in the data; the data's criteria are {names}"
            )
        missing = [c for c in names if c not in given]
        if missing:
            raise McdaInputError(
                f"weights: criterion {missing[0]!r} of the data has no weight; give a weight (0 is allowed) "
                f"for every criterion of {names}"
            )
        raw = [_number(given[c], c) for c in names]
    elif isinstance(weights, Sequence | np.ndarray) and not isinstance(weights, str):
        seq = list(np.asarray(weights, dtype=object).ravel()) if isinstance(weights, np.ndarray) else list(weights)
        if len(seq) != len(names):
            raise McdaInputError(
                f"weights has {len(seq)} entries but the data has {len(names)} criteria {names}; "
                "give one weight per criterion, or a mapping criterion -> weight"
            )
        raw = [_number(v, c) for v, c in zip(seq, names)]
    else:
        raise McdaInputError(
            f"weights must be a mapping criterion -> weight or a sequence of numbers, got {weights!r}"
        )

    w = np.array(raw, dtype=np.float64)
    total = float(w.sum())
    if total <= 0:
        raise McdaInputError(f"weights are all zero for criteria {names}; at least one weight must be positive")
    notes: list[str] = []
    if abs(total - 1.0) > SUM_TOLERANCE:
        notes.append(f"The weights summed to {total:.6g}, not 1; each was divided by that sum.")
    w = w / total
    for name, value in zip(names, w):
        if value == 0:
            notes.append(f"Criterion {name!r} has weight 0, so it cannot affect the ranking.")
    w.setflags(write=False)
    return w, tuple(notes)
