"""The robustness half of the pipeline: how sure the ranking is, and which weight would change it.

From an evaluated scenario it runs the one-at-a-time weight sensitivity, SMAA-2 (rank
acceptability, central weights, confidence, pairwise winning), the rank-reversal check and the
robust portfolio (:mod:`api.pipeline.robust_portfolio`), for one ranking method, with the settings of the scenario's ``robustness`` section (every one has a
default; the CLI may override samples, seed and method). The CLI, the HTTP service and reports
call :func:`analyse_robustness`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from api.pipeline.evaluate import Evaluation, evaluate, method_options
from api.pipeline.run import with_methods
from api.scenario.checks import leaves_of
from api.scenario.problems import InvalidScenario, Path, Problem
from api.scenario.schema import Robustness, Scenario
from mcda.errors import McdaInputError
from mcda.rank_reversal import RankReversalResult, rank_reversal_check
from mcda.sensitivity import SensitivityResult, weight_sensitivity
from mcda.smaa import SmaaResult, smaa
from mcda.weight_sampling import sample_weights, weight_model

#: Above this many projects the reversal list keeps only pairs with a top-k project.
ALL_REVERSALS_LIMIT = 50
#: Above this many projects the rank-reversal check (3 reruns per project, ~3 s at 200) is skipped.
RANK_REVERSAL_LIMIT = 200


@dataclass(frozen=True)
class RobustnessSettings:
    """The settings actually used (scenario section, CLI overrides and defaults merged)."""

    method: str
    samples: int
    seed: int
    weights: str
    concentration: float | None
    criteria_order: tuple[str, ...]
    relative_range: float | None
    value_ranges: int
    top_k: int
    rank_reversal: bool
    portfolio_samples: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "samples": self.samples,
            "seed": self.seed,
            "weights": self.weights,
            "concentration": self.concentration,
            "criteria_order": list(self.criteria_order),
            "relative_range": self.relative_range,
            "value_ranges_given": self.value_ranges,
            "top_k": self.top_k,
            "rank_reversal": self.rank_reversal,
            "portfolio_samples": self.portfolio_samples,
        }


@dataclass(frozen=True)
class RobustnessResult:
    """What one robustness analysis of a scenario produced."""

    evaluation: Evaluation
    settings: RobustnessSettings
    sensitivity: SensitivityResult
    smaa: SmaaResult
    rank_reversal: RankReversalResult | None
    portfolio: Any | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (no NaN or infinity)."""
        e, sens, sm = self.evaluation, self.sensitivity, self.smaa
        names = list(sm.alternatives)
        criteria = list(sm.criteria)
        data: dict[str, Any] = {
            "scenario": e.scenario.name,
            "method": self.settings.method,
            "settings": self.settings.as_dict(),
            "base_ranking": {a: int(r) for a, r in zip(sens.alternatives, sens.base_ranks)},
            "sensitivity": {
                "crossing_method": sens.crossing_method,
                "tolerance": sens.tolerance,
                "top_k": sens.k,
                "first": list(sens.first),
                "top": list(sens.top),
                "most_sensitive": _most_sensitive(sens),
                "criteria": [
                    {
                        "criterion": c.criterion,
                        "weight": c.weight,
                        "first_place": list(c.first_place),
                        "top_k": list(c.top_k),
                        "ranking": None if c.ranking is None else list(c.ranking),
                        "margin": _finite(c.margin()),
                    }
                    for c in sens.criteria_results
                ],
                "reversals": [
                    {
                        "criterion": r.criterion,
                        "weight": r.weight,
                        "rises": r.rises,
                        "falls": r.falls,
                        "base_ranks": list(r.base_ranks),
                    }
                    for r in sens.reversals
                ],
                "warnings": list(sens.warnings),
            },
            "smaa": {
                "samples": sm.samples,
                "seed": sm.seed,
                "weight_model": sm.weight_model,
                "uncertain_values": sm.uncertain_cells,
                "max_error_95": sm.max_error_95,
                "acceptability": {a: [float(v) for v in row] for a, row in zip(names, sm.acceptability)},
                "central_weights": {
                    a: ({c: float(v) for c, v in zip(criteria, row)} if row.sum() > 0 else None)
                    for a, row in zip(names, sm.central_weights)
                },
                "confidence": {a: float(v) for a, v in zip(names, sm.confidence)},
                "expected_rank": {a: float(v) for a, v in zip(names, sm.expected_rank)},
                "holistic": {a: float(v) for a, v in zip(names, sm.holistic)},
                "pairwise_winning": None
                if sm.pairwise_winning is None
                else {a: {b: float(v) for b, v in zip(names, row)} for a, row in zip(names, sm.pairwise_winning)},
                "parameters": {k: (dict(v) if hasattr(v, "items") else v) for k, v in sm.parameters.items()},
                "warnings": list(sm.warnings),
            },
            "rank_reversal": None if self.rank_reversal is None else _rank_reversal(self.rank_reversal),
            "warnings": list(self.warnings),
        }
        if self.portfolio is not None:
            data["robust_portfolio"] = self.portfolio.to_dict()
        return data

    def tables(self) -> dict[str, pd.DataFrame]:
        """Named tables for CSV / Excel."""
        sens, sm = self.sensitivity, self.smaa
        project_names = {p.id: p.name or p.id for p in self.evaluation.scenario.projects or []}
        intervals = pd.DataFrame(
            [
                {
                    "criterion": c.criterion,
                    "weight": c.weight,
                    "first_place_low": c.first_place[0],
                    "first_place_high": c.first_place[1],
                    f"top_{sens.k}_low": c.top_k[0],
                    f"top_{sens.k}_high": c.top_k[1],
                    "ranking_low": None if c.ranking is None else c.ranking[0],
                    "ranking_high": None if c.ranking is None else c.ranking[1],
                    "margin": _finite(c.margin()),
                }
                for c in sens.criteria_results
            ]
        )
        reversals = pd.DataFrame(
            [
                {
                    "criterion": r.criterion,
                    "weight": r.weight,
                    "given_weight": float(sens.weights[sens.criteria.index(r.criterion)]),
                    "rises": r.rises,
                    "falls": r.falls,
                    "rises_rank": r.base_ranks[0],
                    "falls_rank": r.base_ranks[1],
                }
                for r in sens.reversals
            ],
            columns=["criterion", "weight", "given_weight", "rises", "falls", "rises_rank", "falls_rank"],
        )
        m = len(sm.alternatives)
        acc = pd.DataFrame(sm.acceptability, columns=[f"rank_{r}" for r in range(1, m + 1)])
        acc.insert(0, "project", list(sm.alternatives))
        acc.insert(1, "name", [project_names.get(a, a) for a in sm.alternatives])
        acc.insert(2, "base_rank", [int(r) for r in sens.base_ranks])
        acc["expected_rank"] = sm.expected_rank
        acc["holistic"] = sm.holistic
        acc["confidence"] = sm.confidence
        acc = acc.sort_values(["base_rank", "expected_rank"], kind="stable")
        central = pd.DataFrame(sm.central_weights, columns=list(sm.criteria))
        central.insert(0, "project", list(sm.alternatives))
        central.insert(1, "first_place_share", sm.acceptability[:, 0])
        frames = {"sensitivity_intervals": intervals, "rank_reversals": reversals, "rank_acceptability": acc, "central_weights": central}
        if sm.pairwise_winning is not None:
            pair = pd.DataFrame(sm.pairwise_winning, columns=list(sm.alternatives))
            pair.insert(0, "project", list(sm.alternatives))
            frames["pairwise_winning"] = pair
        if self.rank_reversal is not None:
            frames["rank_reversal_check"] = pd.DataFrame(
                [
                    {
                        "change": p.kind,
                        "project": p.project,
                        "added": p.added or "",
                        "added_rank": p.added_rank,
                        "order_changed": p.order_changed,
                        "first_changed": p.first_changed,
                        "swapped": "; ".join(f"{a} > {b}" for a, b in p.swapped),
                    }
                    for p in self.rank_reversal.perturbations
                ],
                columns=["change", "project", "added", "added_rank", "order_changed", "first_changed", "swapped"],
            )
        if self.portfolio is not None:
            frames.update(self.portfolio.tables())
        return frames


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _most_sensitive(sens: SensitivityResult) -> dict[str, Any] | None:
    c = sens.most_sensitive()
    if c is None:
        return None
    lo, hi = c.first_place
    to = lo if c.weight - lo <= hi - c.weight and lo > 0 else hi
    return {"criterion": c.criterion, "weight": c.weight, "changes_first_place_at": to, "margin": c.margin()}


def _rank_reversal(r: RankReversalResult) -> dict[str, Any]:
    return {
        "counts": {kind: r.count(kind) for kind in ("remove", "copy", "dominated")},
        "perturbations": [
            {
                "kind": p.kind,
                "project": p.project,
                "added": p.added,
                "added_rank": p.added_rank,
                "order_changed": p.order_changed,
                "first_changed": p.first_changed,
                "swapped": [list(s) for s in p.swapped],
            }
            for p in r.perturbations
        ],
        "warnings": list(r.warnings),
    }


def _settings(
    scenario: Scenario, method: str | None, samples: int | None, seed: int | None, portfolio_samples: int | None
) -> RobustnessSettings:
    rb = scenario.robustness or Robustness()
    chosen = method or rb.method or scenario.ranking.methods[0]
    return RobustnessSettings(
        method=chosen,
        samples=int(samples if samples is not None else rb.samples),
        seed=int(seed if seed is not None else rb.seed),
        weights=rb.weights,
        concentration=rb.concentration if rb.weights == "around_given" else None,
        criteria_order=tuple(rb.criteria_order or ()),
        relative_range=rb.relative_range,
        value_ranges=sum(len(v) for v in (rb.value_ranges or {}).values()),
        top_k=rb.top_k,
        rank_reversal=rb.rank_reversal,
        portfolio_samples=min(
            int(portfolio_samples if portfolio_samples is not None else rb.portfolio_samples),
            int(samples if samples is not None else rb.samples),
        )
        if scenario.portfolio is not None
        else 0,
    )


def value_bounds(e: Evaluation) -> tuple[np.ndarray, np.ndarray] | None:
    """(low, high) arrays (projects x leaf criteria) from the robustness section, or None."""
    rb = e.scenario.robustness
    if rb is None or (rb.relative_range is None and not rb.value_ranges):
        return None
    x = e.matrix.values
    low, high = x.copy(), x.copy()
    leaves = {c.id: c for c in leaves_of(e.scenario.criteria)}
    if rb.relative_range is not None:
        for j, cid in enumerate(e.matrix.criteria):
            if leaves[cid].evaluation == "measured":
                spread = rb.relative_range * np.abs(x[:, j])
                low[:, j] -= spread
                high[:, j] += spread
    for pid, row in (rb.value_ranges or {}).items():
        i = e.matrix.alternatives.index(pid)
        for cid, r in row.items():
            j = e.matrix.criteria.index(cid)
            low[i, j], high[i, j] = r.low, r.high
    return low, high


def _guard(path: Path, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except McdaInputError as exc:
        raise InvalidScenario([Problem(path, str(exc))]) from None


def analyse_robustness(
    scenario: Scenario,
    *,
    method: str | None = None,
    samples: int | None = None,
    seed: int | None = None,
    portfolio_samples: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> RobustnessResult:
    """Weight sensitivity, SMAA-2, the rank-reversal check and (when the scenario has a portfolio)
    the robust portfolio of a validated scenario. The robust portfolio uses the first
    `portfolio_samples` SMAA draws (weights and, with value ranges, performance values).

    Parameters
    ----------
    scenario : a validated Scenario
    method, samples, seed, portfolio_samples : override the scenario's ``robustness`` settings
    progress : called as progress(stage, done, total): stage "SMAA samples" while samples are
        ranked, "portfolio samples" while the portfolio is solved per sample

    Raises
    ------
    InvalidScenario
        When the data or settings cannot be analysed, naming the scenario path.
    """
    st = _settings(scenario, method, samples, seed, portfolio_samples)
    if not 0 <= st.portfolio_samples <= 2000:
        raise InvalidScenario([Problem(("robustness", "portfolio_samples"), "must be between 0 and 2,000", st.portfolio_samples, True)])
    if not 100 <= st.samples <= 1_000_000:
        raise InvalidScenario([Problem(("robustness", "samples"), "must be between 100 and 1,000,000", st.samples, True)])
    if st.seed < 0:
        raise InvalidScenario([Problem(("robustness", "seed"), "must be a whole number >= 0", st.seed, True)])
    e = evaluate(with_methods(scenario, [st.method]))
    matrix = e.matrix
    w = np.array([e.leaf_weights[c] for c in matrix.criteria])
    options = method_options(e.scenario, st.method)
    where: Path = ("robustness",)
    sens = _guard(where, lambda: weight_sensitivity(
        matrix, w, st.method, top_k=st.top_k, options=options,
        scope="all" if matrix.shape[0] <= ALL_REVERSALS_LIMIT else "top_k",
    ))
    if st.weights == "uniform":
        model = _guard(where + ("criteria_order",), lambda: weight_model(matrix.criteria, "uniform", order=st.criteria_order))
    else:
        model = _guard(where + ("criteria_order",), lambda: weight_model(
            matrix.criteria, "dirichlet", center=w, concentration=st.concentration, order=st.criteria_order
        ))
    if model.order and model.kind == "dirichlet":
        # Rejection sampling can find the order contradicts the weights; say so at its path.
        _guard(where + ("criteria_order",), lambda: sample_weights(model, 1000, np.random.default_rng(st.seed)))
    bounds = value_bounds(e)
    low, high = bounds if bounds is not None else (None, None)
    sm = _guard(where, lambda: smaa(
        matrix, st.method, weights=model, samples=st.samples, seed=st.seed, low=low, high=high,
        options=options, keep=st.portfolio_samples,
        progress=None if progress is None else (lambda done, total: progress("SMAA samples", done, total)),
    ))
    notes: list[str] = []
    rr = None
    if st.rank_reversal:
        if matrix.shape[0] <= RANK_REVERSAL_LIMIT:
            rr = _guard(where, lambda: rank_reversal_check(matrix, w, st.method, options=options))
        else:
            notes.append(f"The rank-reversal check was skipped: {matrix.shape[0]} projects (limit {RANK_REVERSAL_LIMIT}).")
    if st.weights == "around_given" and st.criteria_order:
        given = [e.leaf_weights[c] for c in st.criteria_order]
        if any(a < b for a, b in zip(given, given[1:])):
            notes.append(
                "The given weights do not follow robustness.criteria_order; samples around them were kept only "
                "where they respect the order, so their mean differs from the given weights."
            )
    known = set(e.primary_ranking.warnings)
    warnings = [
        *e.warnings,
        *(f"sensitivity: {w_}" for w_ in sens.warnings if w_ not in known),
        *(f"smaa: {w_}" for w_ in sm.warnings),
    ]
    if rr is not None:
        warnings.extend(f"rank reversal: {w_}" for w_ in rr.warnings)
    portfolio = None
    if st.portfolio_samples and sm.kept_scores is not None:
        from api.pipeline.robust_portfolio import robust_portfolio

        made = robust_portfolio(
            e, st.method, sm.kept_scores,
            progress=None if progress is None else (lambda done, total: progress("portfolio samples", done, total)),
        )
        if isinstance(made, str):
            notes.append(made)
        else:
            portfolio = made
            notes.extend(f"robust portfolio: {n}" for n in made.notes)
    warnings.extend(notes)
    return RobustnessResult(e, st, sens, sm, rr, portfolio, tuple(dict.fromkeys(warnings)))
