"""PROMETHEE II: net outranking flows from pairwise preference functions.

Brans, J.-P. & Vincke, Ph. (1985). A preference ranking organisation method (The
PROMETHEE method for multiple criteria decision-making). Management Science 31(6),
647-656; Brans, Vincke & Mareschal (1986), EJOR 24, 228-238 (the six generalised
criteria and the flows phi+ and phi- normalised by n - 1).

Computed here rather than through pymcdm 1.4.0: its PROMETHEE_I/II keep the
per-criterion preference functions in a generator when p or q are given, so a
second call on the same object finds it exhausted and fails (numpy AxisError); it
divides by n - 1 and so fails for a single project; and it lacks the Gaussian
criterion.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from mcda.decision_matrix import DecisionMatrix, normalize_name
from mcda.errors import McdaInputError
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.normalization import ANY

# Generalised criteria of Brans & Vincke (1985), types I-VI, and the thresholds each uses.
USUAL, U_SHAPE, V_SHAPE, LEVEL, LINEAR, GAUSSIAN = range(6)
PREFERENCE_FUNCTIONS: Mapping[str, tuple[int, tuple[str, ...], str]] = MappingProxyType(
    {
        "usual": (USUAL, (), "P = 1 if d > 0 else 0"),
        "u-shape": (U_SHAPE, ("q",), "P = 1 if d > q else 0"),
        "v-shape": (V_SHAPE, ("p",), "P = d/p for 0 < d <= p, 1 if d > p"),
        "level": (LEVEL, ("q", "p"), "P = 0 if d <= q, 1/2 if q < d <= p, 1 if d > p"),
        "linear": (LINEAR, ("q", "p"), "P = (d - q)/(p - q) for q < d <= p, 1 if d > p, else 0"),
        "gaussian": (GAUSSIAN, ("s",), "P = 1 - exp(-d^2 / (2 s^2)) for d > 0, else 0"),
    }
)


def preference_degree(d: np.ndarray, kind: int, p: float, q: float, s: float) -> np.ndarray:
    """P(d) in [0, 1] for a difference d = g(a) - g(b) oriented so that d > 0 favours a."""
    if kind == USUAL:
        return (d > 0).astype(np.float64)
    if kind == U_SHAPE:
        return (d > q).astype(np.float64)
    if kind == V_SHAPE:
        return np.clip(d / p, 0.0, 1.0)
    if kind == LEVEL:
        return np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
    if kind == LINEAR:
        return np.clip((d - q) / (p - q), 0.0, 1.0)
    if kind == GAUSSIAN:
        return np.where(d > 0, -np.expm1(-(d * d) / (2.0 * s * s)), 0.0)
    raise ValueError(f"unknown preference function code {kind}")  # pragma: no cover


def unicriterion_net_flows(
    values: np.ndarray, types: np.ndarray, kinds: np.ndarray, p: np.ndarray, q: np.ndarray, s: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Single-criterion positive and negative flows, each (m, n), divided by m - 1.

    The aggregated flows are these times the weights: phi+ = F+ @ w, phi- = F- @ w,
    because pi(a, b) = sum_j w_j P_j(a, b) is linear in w (Brans & Mareschal 2005).
    With one project the flows are 0.
    """
    m, n = values.shape
    f_plus = np.zeros((m, n))
    f_minus = np.zeros((m, n))
    if m < 2:
        return f_plus, f_minus
    for j in range(n):
        col = values[:, j] * types[j]
        d = col[:, None] - col[None, :]
        pref = preference_degree(d, int(kinds[j]), float(p[j]), float(q[j]), float(s[j]))
        f_plus[:, j] = pref.sum(axis=1) / (m - 1)
        f_minus[:, j] = pref.sum(axis=0) / (m - 1)
    return f_plus, f_minus


def promethee_ii_flows(
    values: np.ndarray, weights: np.ndarray, types: np.ndarray,
    kinds: np.ndarray, p: np.ndarray, q: np.ndarray, s: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """phi+, phi- and net flow phi = phi+ - phi- (each (m,)); net in [-1, 1], higher is better."""
    f_plus, f_minus = unicriterion_net_flows(values, types, kinds, p, q, s)
    phi_plus = f_plus @ weights
    phi_minus = f_minus @ weights
    return phi_plus, phi_minus, phi_plus - phi_minus


def _per_criterion(option: str, raw: object, criteria: tuple[str, ...]) -> dict[str, object]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise McdaInputError(
            f"promethee_ii: option {option} must be a mapping criterion -> value, got {raw!r}"
        )
    out: dict[str, object] = {}
    for key, value in raw.items():
        name = normalize_name(key, f"promethee_ii: option {option}: criterion")
        if name not in criteria:
            raise McdaInputError(
                f"promethee_ii: option {option} names criterion {name!r}, which is not in the data; "
                f"the data's criteria are {list(criteria)}"
            )
        out[name] = value
    return out


def _threshold(option: str, criterion: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(float(value)):
        raise McdaInputError(
            f"promethee_ii: option {option} for criterion {criterion!r} is {value!r}; a finite number is needed"
        )
    return float(value)


def parse_preference_options(
    criteria: tuple[str, ...], options: Mapping[str, Any]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, dict[str, object]]]:
    """Validate preference_function / p / q / s and return per-criterion arrays and a description."""
    raw_pf = options.get("preference_function", "usual")
    if isinstance(raw_pf, str):
        pf = {c: raw_pf for c in criteria}
    else:
        pf = {c: "usual" for c in criteria}
        pf.update(_per_criterion("preference_function", raw_pf, criteria))
    thresholds = {k: _per_criterion(k, options.get(k), criteria) for k in ("p", "q", "s")}
    kinds = np.zeros(len(criteria), dtype=np.int64)
    arrays = {k: np.zeros(len(criteria)) for k in ("p", "q", "s")}
    described: dict[str, dict[str, object]] = {}
    for j, c in enumerate(criteria):
        name = pf[c]
        key = name.strip().lower() if isinstance(name, str) else name
        if key not in PREFERENCE_FUNCTIONS:
            raise McdaInputError(
                f"promethee_ii: criterion {c!r} has preference function {name!r}; valid ones are "
                f"{list(PREFERENCE_FUNCTIONS)}"
            )
        code, needs, formula = PREFERENCE_FUNCTIONS[key]
        kinds[j] = code
        entry: dict[str, object] = {"function": key, "formula": formula}
        for k in ("p", "q", "s"):
            given = c in thresholds[k]
            if k in needs and not given:
                raise McdaInputError(
                    f"promethee_ii: the {key!r} preference function of criterion {c!r} needs option {k} "
                    f"(in the criterion's units); it uses {list(needs)}"
                )
            if given and k not in needs:
                raise McdaInputError(
                    f"promethee_ii: option {k} is given for criterion {c!r}, but its {key!r} preference "
                    f"function does not use it (it uses {list(needs) or 'no threshold'})"
                )
            if given:
                arrays[k][j] = _threshold(k, c, thresholds[k][c])
                entry[k] = float(arrays[k][j])
        qv, pv, sv = float(arrays["q"][j]), float(arrays["p"][j]), float(arrays["s"][j])
        if "q" in needs and qv < 0:
            raise McdaInputError(f"promethee_ii: criterion {c!r} has indifference threshold q = {qv!r}; q must be >= 0")
        if "p" in needs and pv <= 0:
            raise McdaInputError(f"promethee_ii: criterion {c!r} has preference threshold p = {pv!r}; p must be > 0")
        if "p" in needs and "q" in needs and not qv < pv:
            raise McdaInputError(
                f"promethee_ii: criterion {c!r} has q = {qv!r} and p = {pv!r}; the {key!r} function needs q < p"
            )
        if "s" in needs and sv <= 0:
            raise McdaInputError(f"promethee_ii: criterion {c!r} has Gaussian parameter s = {sv!r}; s must be > 0")
        described[c] = entry
    return kinds, arrays["p"], arrays["q"], arrays["s"], described


def _run(matrix: DecisionMatrix, weights: np.ndarray, options: Mapping[str, Any]) -> MethodOutput:
    kinds, p, q, s, described = parse_preference_options(matrix.criteria, options)
    f_plus, f_minus = unicriterion_net_flows(matrix.values, matrix.types, kinds, p, q, s)
    phi_plus, phi_minus = f_plus @ weights, f_minus @ weights
    net = phi_plus - phi_minus
    return MethodOutput(
        scores=net,
        details={
            "phi_plus": phi_plus,
            "phi_minus": phi_minus,
            "net_flow": net,
            "unicriterion_net_flows": f_plus - f_minus,
        },
        parameters={
            "preference_functions": described,
            "flow_normalisation": "sums divided by n - 1 (Brans, Vincke & Mareschal 1986); 0 for one project",
        },
    )


INFO = MethodInfo(
    name="promethee_ii",
    title="PROMETHEE II (Preference Ranking Organisation METHod for Enrichment Evaluations)",
    reference="Brans & Vincke (1985), Management Science 31(6), 647-656; Brans, Vincke & Mareschal (1986)",
    higher_is_better=True,
    preference="net outranking flow phi = phi+ - phi- in [-1, 1]; higher is better",
    options={
        "preference_function": "one name for all criteria or a mapping criterion -> name; names: "
        + ", ".join(PREFERENCE_FUNCTIONS) + "; default 'usual'",
        "p": "mapping criterion -> preference threshold (criterion units), for v-shape, level, linear",
        "q": "mapping criterion -> indifference threshold (criterion units), for u-shape, level, linear",
        "s": "mapping criterion -> Gaussian parameter (criterion units), for gaussian",
    },
    domain=ANY,
    run=_run,
)
