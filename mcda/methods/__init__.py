"""Ranking methods by name, and the one entry point that validates and runs them.

Every method is computed here in plain numpy from its original paper (see each
module for the source and for why pymcdm 1.4.0 is not called at run time); tests
compare each against its formula written out, against pymcdm where pymcdm is
right, and against scikit-criteria / pyrepo-mcda.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any

import numpy as np

from mcda.agreement import agreement
from mcda.decision_matrix import DecisionMatrix
from mcda.errors import McdaInputError
from mcda.methods import ahp, copras, promethee, spotis, topsis, vikor, wpm, wsm
from mcda.methods.base import MethodInfo, MethodOutput
from mcda.methods.result import MultiRanking, RankingResult
from mcda.ranks import TIE_RULE, ranks_from_scores
from mcda.weights import resolve_weights

__all__ = ["METHODS", "MethodInfo", "MultiRanking", "RankingResult", "rank", "rank_many"]

METHODS: Mapping[str, MethodInfo] = MappingProxyType(
    {info.name: info for info in (
        topsis.INFO, vikor.INFO, promethee.INFO, wsm.INFO, wpm.INFO, copras.INFO, spotis.INFO, ahp.INFO
    )}
)


def _get_method(method: object) -> MethodInfo:
    if not isinstance(method, str) or method not in METHODS:
        raise McdaInputError(f"method {method!r} is unknown; valid methods are {list(METHODS)}")
    return METHODS[method]


def _readonly(value: Any) -> np.ndarray:
    arr = np.array(value)  # a copy, so the caller's arrays stay writable
    arr.setflags(write=False)
    return arr


def _freeze(value: Any) -> Any:
    """Nested dicts -> read-only mappings, lists -> tuples, so a result cannot be edited."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    return value


def _data_warnings(matrix: DecisionMatrix) -> list[str]:
    m = matrix.shape[0]
    if m == 1:
        return [f"Only one project ({matrix.alternatives[0]!r}): it ranks 1st by definition."]
    notes = []
    if np.all(matrix.values == matrix.values[:1]):
        return ["All projects have identical values on every criterion, so they all tie at rank 1."]
    for j, c in enumerate(matrix.criteria):
        col = matrix.values[:, j]
        if np.all(col == col[0]):
            notes.append(
                f"Criterion {c!r} has the same value ({col[0]:g}) for every project, so it does not "
                "discriminate between them."
            )
    return notes


def _floating_notes(info: MethodInfo, kinds: list[str]) -> list[str]:
    if not kinds:
        return []
    return [
        f"numpy reported floating-point problems ({', '.join(sorted(set(kinds)))}) inside {info.name}; "
        "the scores were checked and are finite, but please report this data set."
    ]


def _run_one(
    matrix: DecisionMatrix, w: np.ndarray, weight_notes: tuple[str, ...], info: MethodInfo,
    options: Mapping[str, Any], data_notes: list[str],
) -> RankingResult:
    if not isinstance(options, Mapping):
        raise McdaInputError(f"{info.name}: options must be a mapping option -> value, got {options!r}")
    unknown = [k for k in options if k not in info.options]
    if unknown:
        valid = list(info.options) or "none"
        raise McdaInputError(f"{info.name}: option {unknown[0]!r} is unknown; this method's options are {valid}")
    floating: list[str] = []
    # numpy's error state is per context (thread-safe), unlike warnings.catch_warnings;
    # underflow to 0 is harmless here (WPM scores, Gaussian preferences).
    with np.errstate(all="call", under="ignore", call=lambda kind, flag: floating.append(kind)):
        out: MethodOutput = info.run(matrix, w, options)
    scores = np.asarray(out.scores, dtype=np.float64)
    if scores.shape != (matrix.shape[0],) or not np.all(np.isfinite(scores)):
        # A NaN here is a bug in the method's edge-case handling, never an answer.
        raise RuntimeError(f"{info.name} produced invalid scores {scores!r}; this is a bug, please report it")
    ranks = ranks_from_scores(scores, higher_is_better=info.higher_is_better)
    return RankingResult(
        method=info.name,
        alternatives=matrix.alternatives,
        scores=_readonly(scores),
        higher_is_better=info.higher_is_better,
        preference=info.preference,
        ranks=ranks,
        tie_rule=TIE_RULE,
        parameters=_freeze({"weights": dict(zip(matrix.criteria, map(float, w))), **out.parameters}),
        details=MappingProxyType({k: _readonly(v) for k, v in out.details.items()}),
        warnings=tuple(dict.fromkeys([*weight_notes, *data_notes, *out.warnings, *_floating_notes(info, floating)])),
    )


def rank(
    matrix: DecisionMatrix,
    weights: Mapping[str, float] | Sequence[float] | np.ndarray,
    method: str = "topsis",
    **options: Any,
) -> RankingResult:
    """Rank the projects of `matrix` by one method.

    Parameters
    ----------
    matrix : DecisionMatrix
    weights : mapping criterion -> weight, or a sequence in criteria order
        Non-negative; rescaled to sum 1 (with a warning) when they do not.
    method : str
        A key of `METHODS`: "topsis" (default), "vikor", "promethee_ii", "wsm",
        "wpm", "copras", "spotis", "ahp".
    **options
        That method's options (`METHODS[method].options` lists them).

    Returns
    -------
    RankingResult
        Ranks 1 = best whatever the score direction; finite scores.

    Raises
    ------
    McdaInputError
        Unknown method or option, bad option value, bad weights, or data outside the
        method's domain (e.g. zero or negative values for wpm), naming the culprit.
    """
    if not isinstance(matrix, DecisionMatrix):
        raise McdaInputError(f"matrix must be a DecisionMatrix, got {type(matrix).__name__}")
    info = _get_method(method)
    w, notes = resolve_weights(weights, matrix.criteria)
    return _run_one(matrix, w, notes, info, options, _data_warnings(matrix))


def rank_many(
    matrix: DecisionMatrix,
    weights: Mapping[str, float] | Sequence[float] | np.ndarray,
    methods: Sequence[str],
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> MultiRanking:
    """Rank by several methods and report how far their rankings agree.

    `options` maps a method name to that method's options. The agreement holds
    Spearman's rho and the WS coefficient for every pair, in `methods` order.
    """
    if not isinstance(matrix, DecisionMatrix):
        raise McdaInputError(f"matrix must be a DecisionMatrix, got {type(matrix).__name__}")
    if isinstance(methods, str) or not isinstance(methods, Sequence) or not methods:
        raise McdaInputError(f"methods must be a non-empty list of method names from {list(METHODS)}, got {methods!r}")
    infos = [_get_method(m) for m in methods]
    dupes = [m for i, m in enumerate(methods) if m in methods[:i]]
    if dupes:
        raise McdaInputError(f"methods lists {dupes[0]!r} twice; list each method once")
    options = {} if options is None else options
    if not isinstance(options, Mapping):
        raise McdaInputError(f"options must be a mapping method -> options, got {options!r}")
    stray = [k for k in options if k not in methods]
    if stray:
        raise McdaInputError(f"options are given for {stray[0]!r}, which is not among the methods {list(methods)}")
    w, notes = resolve_weights(weights, matrix.criteria)
    data_notes = _data_warnings(matrix)
    results = {info.name: _run_one(matrix, w, notes, info, options.get(info.name, {}), data_notes) for info in infos}
    agree = agreement(list(results), [r.ranks for r in results.values()])
    return MultiRanking(results=MappingProxyType(results), agreement=agree)
