"""Random criteria weights for stochastic acceptability analysis (SMAA).

Two models, each optionally restricted to an ordinal ranking of (some of) the criteria:

``uniform``
    uniform on the simplex {w >= 0, sum w = 1}: the SMAA model of "no weight information"
    (Lahdelma & Salminen 2001, EJOR 130(1), eq. 8). Drawn as Dirichlet(1, ..., 1), i.e.
    normalised standard exponentials (Devroye 1986, Non-Uniform Random Variate Generation,
    ch. V.2), which is the same distribution as the sorted-uniform-gaps method of Tervonen &
    Lahdelma (2007), EJOR 178(2), 500-513.
``dirichlet``
    Dirichlet(kappa * w0) around given weights w0: mean w0, Var w_j = w0_j (1 - w0_j) / (kappa + 1),
    so the concentration kappa sets how firmly the decision maker holds to w0. A criterion
    whose given weight is 0 stays at 0.

Ordinal ranking ``w[o_1] >= w[o_2] >= ... >= w[o_k]``: under ``uniform`` each draw's values at
those criteria are sorted into that order, which is exactly uniform on the constrained region
because the uniform simplex is symmetric in its coordinates (Lahdelma & Salminen 1998, EJOR
106(1), sec. 3.2). Under ``dirichlet`` the draws are not symmetric, so draws that break the order
are rejected; if fewer than 1 in 1000 draws pass, the request is refused as contradictory.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mcda.decision_matrix import normalize_name
from mcda.errors import McdaInputError

WEIGHT_MODELS = ("uniform", "dirichlet")

#: Rejection sampling gives up when fewer than this share of draws respects the order.
MIN_ACCEPTANCE = 1e-3


@dataclass(frozen=True, eq=False)
class WeightModel:
    """How SMAA draws criteria weights.

    Attributes
    ----------
    kind : "uniform" or "dirichlet"
    criteria : tuple of str
        Criterion names, in column order.
    center : (n,) read-only array summing to 1, or None for ``uniform``
    concentration : float or None
        kappa of Dirichlet(kappa * center); None for ``uniform``.
    order : tuple of int
        Column indices from most to least important (empty: no ordinal information).
    """

    kind: str
    criteria: tuple[str, ...]
    center: np.ndarray | None
    concentration: float | None
    order: tuple[int, ...]

    def describe(self) -> str:
        """One sentence a report can print."""
        if self.kind == "uniform":
            text = "weights uniform on the simplex (no weight information)"
        else:
            text = (
                f"weights Dirichlet around the given weights with concentration {self.concentration:g} "
                "(mean = the given weights)"
            )
        if self.order:
            text += "; ordinal ranking " + " >= ".join(self.criteria[j] for j in self.order)
        return text


def weight_model(
    criteria: Sequence[str],
    kind: str = "uniform",
    *,
    center: Sequence[float] | np.ndarray | None = None,
    concentration: float | None = None,
    order: Sequence[str] | None = None,
) -> WeightModel:
    """Validate a weight model.

    Parameters
    ----------
    criteria : criterion names in column order
    kind : "uniform" or "dirichlet"
    center : (n,) given weights, >= 0, not all 0 (rescaled to sum 1); required for "dirichlet"
    concentration : float > 0; required for "dirichlet"
    order : criterion names from most to least important (a subset is allowed)
    """
    names = tuple(normalize_name(c, "criterion") for c in criteria)
    n = len(names)
    if kind not in WEIGHT_MODELS:
        raise McdaInputError(f"weight model kind {kind!r} is unknown; valid kinds are {list(WEIGHT_MODELS)}")
    c_arr = None
    kappa = None
    if kind == "dirichlet":
        if center is None:
            raise McdaInputError("weight model 'dirichlet' needs center: the given weights it is drawn around")
        c_arr = np.asarray(center, dtype=np.float64).ravel()
        if c_arr.size != n:
            raise McdaInputError(f"center has {c_arr.size} weights but there are {n} criteria {list(names)}")
        bad = np.flatnonzero(~np.isfinite(c_arr) | (c_arr < 0))
        if bad.size:
            raise McdaInputError(
                f"center: criterion {names[bad[0]]!r} has weight {c_arr[bad[0]]!r}; weights must be finite and >= 0"
            )
        if c_arr.sum() <= 0:
            raise McdaInputError("center: all weights are zero; at least one must be positive")
        c_arr = c_arr / c_arr.sum()
        c_arr.setflags(write=False)
        if isinstance(concentration, bool) or not isinstance(concentration, numbers.Real):
            raise McdaInputError(f"concentration must be a number > 0 for weight model 'dirichlet', got {concentration!r}")
        kappa = float(concentration)
        if not np.isfinite(kappa) or kappa <= 0:
            raise McdaInputError(f"concentration must be a finite number > 0, got {concentration!r}")
    elif center is not None or concentration is not None:
        raise McdaInputError("weight model 'uniform' takes no center or concentration; use kind='dirichlet'")
    idx: list[int] = []
    for raw in order or ():
        name = normalize_name(raw, "order: criterion")
        if name not in names:
            raise McdaInputError(f"order names criterion {name!r}, which is not among the criteria {list(names)}")
        j = names.index(name)
        if j in idx:
            raise McdaInputError(f"order lists criterion {name!r} twice; list each criterion once")
        idx.append(j)
    if len(idx) == 1:
        idx = []  # one criterion alone constrains nothing
    return WeightModel(kind, names, c_arr, kappa, tuple(idx))


def sample_weights(model: WeightModel, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Draw `samples` weight vectors (samples, n), each >= 0 and summing to 1.

    The draws consume `rng` row by row, so the same seed gives the same weights.
    """
    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral) or samples < 1:
        raise McdaInputError(f"samples must be a whole number >= 1, got {samples!r}")
    n = len(model.criteria)
    if model.kind == "uniform":
        w = rng.dirichlet(np.ones(n), size=int(samples))
        if model.order:
            cols = list(model.order)
            w[:, cols] = -np.sort(-w[:, cols], axis=1)
        return w
    assert model.center is not None and model.concentration is not None
    active = np.flatnonzero(model.center > 0)
    alpha = model.concentration * model.center[active]
    out = np.zeros((int(samples), n))
    if active.size == 1:
        out[:, active[0]] = 1.0
        return _check_order(model, out)
    if not model.order:
        out[:, active] = rng.dirichlet(alpha, size=int(samples))
        return out
    got = 0
    drawn = 0
    batch = max(1024, int(samples))
    while got < samples:
        draw = np.zeros((batch, n))
        draw[:, active] = rng.dirichlet(alpha, size=batch)
        drawn += batch
        ok = _respects(draw, model.order)
        take = draw[ok][: samples - got]
        out[got : got + take.shape[0]] = take
        got += take.shape[0]
        if got < samples and got < MIN_ACCEPTANCE * drawn:
            names = " >= ".join(model.criteria[j] for j in model.order)
            raise McdaInputError(
                f"the ordinal ranking {names} is almost never met by weights drawn around the given weights "
                f"{_fmt(model)} with concentration {model.concentration:g} ({got} of {drawn} draws); "
                "make the given weights respect the ranking, lower the concentration, or use kind='uniform'"
            )
    return out


def _respects(w: np.ndarray, order: tuple[int, ...]) -> np.ndarray:
    cols = w[:, list(order)]
    return np.all(cols[:, :-1] >= cols[:, 1:], axis=1)


def _check_order(model: WeightModel, w: np.ndarray) -> np.ndarray:
    if model.order and not np.all(_respects(w[:1], model.order)):
        names = " >= ".join(model.criteria[j] for j in model.order)
        raise McdaInputError(
            f"the ordinal ranking {names} cannot hold: only one criterion has a positive given weight {_fmt(model)}"
        )
    return w


def _fmt(model: WeightModel) -> str:
    assert model.center is not None
    return "{" + ", ".join(f"{c}: {v:.3g}" for c, v in zip(model.criteria, model.center)) + "}"
