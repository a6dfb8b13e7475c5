"""Column normalisations of a decision matrix, looked up by name.

Each is a plain array function ``(values (m, n), types (n,)) -> normalised (m, n)``.
"Oriented" normalisations turn every criterion into higher-is-better (cost
criteria are inverted); the one non-oriented normalisation (vector) keeps each
criterion's direction, and the method using it must read `types`.

A criterion whose values are all equal cannot be normalised by dividing by its
range; it gets one constant value (stated per normalisation), which cannot change
any ranking of the methods here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from mcda.errors import McdaInputError

# Value domains a normalisation or method needs.
ANY = "any finite values"
RATIO = "values >= 0 on benefit criteria and > 0 on cost criteria"
POSITIVE = "strictly positive values (> 0) on every criterion"


@dataclass(frozen=True)
class Normalization:
    """A named column normalisation.

    Attributes
    ----------
    name : str
    formula : str
        Formula for benefit and cost criteria, in words a report can print.
    oriented : bool
        True when the output is higher-is-better on every criterion.
    domain : str
        One of ANY, RATIO, POSITIVE.
    func : callable
        ``(values, types) -> normalised``; assumes the domain was checked.
    """

    name: str
    formula: str
    oriented: bool
    domain: str
    func: Callable[[np.ndarray, np.ndarray], np.ndarray]


def _constant_columns(x: np.ndarray) -> np.ndarray:
    return np.all(x == x[:1], axis=0)


def vector_normalization(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    """r_ij = x_ij / sqrt(sum_i x_ij^2) (Hwang & Yoon 1981, p. 131); direction kept.

    An all-zero column gives 0. Cost criteria are NOT inverted (unlike pymcdm's
    ``vector_normalization``, which returns 1 - r for them): TOPSIS picks its ideal
    by criterion type instead.
    """
    norms = np.sqrt(np.sum(x * x, axis=0))
    safe = np.where(norms > 0, norms, 1.0)
    return x / safe


def minmax_normalization(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Benefit (x - min)/(max - min); cost (max - x)/(max - min); constant column -> 1."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    safe = np.where(span > 0, span, 1.0)
    r = np.where(types > 0, (x - lo) / safe, (hi - x) / safe)
    return np.where(span > 0, r, 1.0)


def max_normalization(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Linear scale transformation: benefit x/max, cost min/x; constant column -> 1.

    Hwang & Yoon (1981, p. 130); used by WASPAS (Zavadskas et al. 2012). Needs RATIO data.
    """
    lo, hi = x.min(axis=0), x.max(axis=0)
    const = _constant_columns(x)
    safe_hi = np.where(hi > 0, hi, 1.0)
    safe_x = np.where(x > 0, x, 1.0)
    r = np.where(types > 0, x / safe_hi, lo / safe_x)
    return np.where(const, 1.0, r)


def sum_normalization(x: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Benefit x/sum(x); cost (1/x)/sum(1/x); constant column -> 1/m. Needs RATIO data."""
    m = x.shape[0]
    const = _constant_columns(x)
    safe_x = np.where(x > 0, x, 1.0)
    inv = 1.0 / safe_x
    col_sum = x.sum(axis=0)
    safe_sum = np.where(col_sum > 0, col_sum, 1.0)
    r = np.where(types > 0, x / safe_sum, inv / inv.sum(axis=0))
    return np.where(const, 1.0 / m, r)


NORMALIZATIONS: Mapping[str, Normalization] = MappingProxyType(
    {
        "vector": Normalization(
            "vector", "x / sqrt(sum of x^2) for every criterion (direction kept)", False, ANY, vector_normalization
        ),
        "minmax": Normalization(
            "minmax", "(x - min)/(max - min) for benefit, (max - x)/(max - min) for cost", True, ANY,
            minmax_normalization,
        ),
        "max": Normalization("max", "x/max for benefit, min/x for cost", True, RATIO, max_normalization),
        "sum": Normalization("sum", "x/sum(x) for benefit, (1/x)/sum(1/x) for cost", True, RATIO, sum_normalization),
    }
)


def get_normalization(name: object, allowed: tuple[str, ...], who: str) -> Normalization:
    """Look up a normalisation; an unknown or disallowed name lists the valid ones."""
    if not isinstance(name, str) or name not in allowed:
        raise McdaInputError(f"{who}: normalization {name!r} is not available; valid choices are {list(allowed)}")
    return NORMALIZATIONS[name]


def check_domain(
    values: np.ndarray,
    types: np.ndarray,
    domain: str,
    alternatives: tuple[str, ...],
    criteria: tuple[str, ...],
    who: str,
) -> None:
    """Raise McdaInputError naming the first project and criterion outside `domain`."""
    if domain == ANY:
        return
    if domain == POSITIVE:
        bad = values <= 0
    elif domain == RATIO:
        bad = np.where(types > 0, values < 0, values <= 0)
    else:  # pragma: no cover - programming error
        raise ValueError(f"unknown domain {domain!r}")
    if np.any(bad):
        i, j = map(int, np.argwhere(bad)[0])
        kind = "benefit" if types[j] > 0 else "cost"
        raise McdaInputError(
            f"{who} needs {domain}; project {alternatives[i]!r} has {float(values[i, j])!r} on {kind} criterion "
            f"{criteria[j]!r}. Rescale or shift that criterion, or use a method that accepts any values "
            "(topsis, vikor, promethee_ii, spotis, or wsm with minmax normalization)"
        )
