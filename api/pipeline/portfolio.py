"""The portfolio half of the pipeline: scenario + evaluation -> the optimizer's problem (items
with costs and values, rules named as the scenario names them), its checked solution, and the
explanations (infeasibility, efficient frontier, forced items).

Item value = the project's value score × the measure's effect on that project, unless the
scenario gives the value directly. The value score is the score of ``portfolio.score_method``
(default: the first ranking method) when that score is non-negative with higher = better
(TOPSIS closeness, AHP priority, WSM, WPM, COPRAS); otherwise (VIKOR Q, SPOTIS distance,
PROMETHEE net flow) it is rescaled linearly to [0, 1] with the best project at 1, and the
result says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from api.pipeline.evaluate import Evaluation
from api.scenario.schema import Measure, Scenario
from optimizer.frontier import efficient_frontier
from optimizer.explain import explain_items
from optimizer.infeasibility import explain_infeasibility
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    DirectionSpend,
    Eligibility,
    ExclusiveGroup,
    Forbidden,
    Item,
    Mandatory,
    MaxItemsPerProject,
    MinSupportedProjects,
    PeriodBudget,
    PortfolioProblem,
    ProjectShareCap,
    RegionShareCap,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import PortfolioSolution, solve

DIRECTION_NAMES = {
    "en": {"1": "institutional development", "2": "competitiveness", "3": "favourable conditions"},
    "ru": {"1": "институциональное развитие", "2": "конкурентоспособность", "3": "благоприятные условия"},
}


@dataclass(frozen=True)
class ValueScores:
    """The per-project scores item values are built from."""

    method: str
    scores: dict[str, float]
    rescaled: bool
    note: str


def value_scores(e: Evaluation, method: str | None) -> ValueScores:
    """Scores in which a larger number is a better project, >= 0 (see the module docstring)."""
    name = method or e.primary
    r = e.rankings.results[name]
    raw = np.asarray(r.scores, dtype=float)
    if r.higher_is_better and raw.min() >= 0:
        return ValueScores(name, dict(zip(r.alternatives, map(float, raw))), False, f"{name} scores ({r.preference})")
    best, worst = (raw.max(), raw.min()) if r.higher_is_better else (raw.min(), raw.max())
    span = best - worst
    scaled = np.ones_like(raw) if span == 0 else (raw - worst) / span
    note = f"{name} scores rescaled linearly to [0, 1] (best project 1, worst 0), because {r.preference}"
    return ValueScores(name, dict(zip(r.alternatives, map(float, scaled))), True, note)


def _costs(cost: float | dict[str, float], periods: Sequence[str]) -> tuple[float, ...]:
    if isinstance(cost, dict):
        return tuple(float(cost.get(p, 0.0)) for p in periods)
    return (float(cost),)


def _direction_label(direction: str, lang: str) -> str:
    name = DIRECTION_NAMES.get(lang, DIRECTION_NAMES["en"]).get(direction)
    return f"direction {direction} ({name})" if name else f"direction {direction}"


def item_id(project: str | None, measure: str) -> str:
    """``project/measure``, or the measure id for a region-wide measure."""
    return measure if project is None else f"{project}/{measure}"


def build_problem(s: Scenario, e: Evaluation) -> tuple[PortfolioProblem, ValueScores, list[str]]:
    """The optimizer's problem for a validated, evaluated scenario, and notes for the reader."""
    pf = s.portfolio
    assert pf is not None
    notes: list[str] = []
    scores = value_scores(e, pf.score_method)
    if scores.rescaled:
        notes.append(f"Item values use {scores.note}.")
    periods = tuple(pf.periods or ["total"])
    projects = s.projects or []
    region_of = {p.id: p.region for p in projects}
    direct = pf.values or {}
    items: list[Item] = []
    for m in pf.measures:
        if m.scope == "region":
            items.append(Item(id=m.id, measure=m.id, direction=m.direction, cost=_costs(m.cost, periods), value=float(m.value or 0.0)))
            continue
        for p in m.projects or [x.id for x in projects]:
            items.append(
                Item(
                    id=item_id(p, m.id),
                    measure=m.id,
                    direction=m.direction,
                    cost=_costs((m.costs or {}).get(p, m.cost), periods),
                    value=_item_value(m, p, scores.scores[p], direct),
                    project=p,
                    region=region_of.get(p),
                )
            )
    return PortfolioProblem(items=tuple(items), rules=_rules(s, scores, e), periods=periods, money_unit=s.money_unit), scores, notes


def _item_value(m: Measure, project: str, score: float, direct: dict[str, dict[str, float]]) -> float:
    if m.id in direct.get(project, {}):
        return float(direct[project][m.id])
    if m.effects and project in m.effects:
        return score * float(m.effects[project])
    if m.effect is not None:
        return score * float(m.effect)
    return float(m.value or 0.0)


def _rules(s: Scenario, scores: ValueScores, e: Evaluation) -> Rules:
    pf = s.portfolio
    assert pf is not None
    r = pf.rules
    lang = s.language
    spend: dict[str, dict[str, Any]] = {}
    for key, b in (r.direction_shares or {}).items():
        spend.setdefault(key, {}).update(min_share=b.min, max_share=b.max)
    for key, b in (r.direction_amounts or {}).items():
        spend.setdefault(key, {}).update(min_amount=b.min, max_amount=b.max)
    direction_spend = tuple(
        DirectionSpend(direction=key, name=f"spend on {_direction_label(key, lang)} (rules.direction_{'shares' if 'min_share' in v or 'max_share' in v else 'amounts'}.{key})", **v)
        for key, v in spend.items()
        if any(x is not None for x in v.values())
    )
    balanced = None
    if r.balanced_package:
        dirs = None if r.balanced_package is True else tuple(r.balanced_package)
        which = "every direction" if dirs is None else "each of directions " + ", ".join(dirs)
        balanced = BalancedPackage(directions=dirs, name=f"balanced package: a supported project gets a measure of {which} (rules.balanced_package)")
    eligibility = None
    if r.eligible is not None:
        eligibility = _eligibility(r.eligible.top_n, r.eligible.min_score, scores, e)
    return Rules(
        total_budget=TotalBudget(pf.budget, name="total budget (portfolio.budget)") if pf.budget is not None else None,
        period_budgets=tuple(
            PeriodBudget(period=k, amount=v, name=f"budget for {k} (portfolio.budget_per_period.{k})")
            for k, v in (pf.budget_per_period or {}).items()
        ),
        direction_spend=direction_spend,
        balanced=balanced,
        max_items_per_project=MaxItemsPerProject(r.max_measures_per_project, name=f"at most {r.max_measures_per_project} measures per project (rules.max_measures_per_project)") if r.max_measures_per_project else None,
        eligibility=eligibility,
        project_share_cap=ProjectShareCap(r.max_project_share, name=f"one project may take at most {r.max_project_share:.0%} of the budget (rules.max_project_share)") if r.max_project_share else None,
        region_share_cap=RegionShareCap(r.max_region_share, name=f"one region may take at most {r.max_region_share:.0%} of the budget (rules.max_region_share)") if r.max_region_share else None,
        mandatory=Mandatory(frozenset(r.mandatory), name="mandatory measures (rules.mandatory)") if r.mandatory else None,
        forbidden=Forbidden(frozenset(r.forbidden), name="forbidden measures (rules.forbidden)") if r.forbidden else None,
        dependencies=tuple(
            Dependency(d.item, d.requires, name=f"{d.item} only with {d.requires} (rules.dependencies[{i}])")
            for i, d in enumerate(r.dependencies)
        ),
        exclusive_groups=tuple(
            ExclusiveGroup(tuple(g), name=f"at most one of {', '.join(g)} (rules.exclusive[{i}])") for i, g in enumerate(r.exclusive)
        ),
        min_supported_projects=MinSupportedProjects(r.min_supported_projects, name=f"at least {r.min_supported_projects} supported projects (rules.min_supported_projects)") if r.min_supported_projects else None,
    )


def _eligibility(top_n: int | None, min_score: float | None, scores: ValueScores, e: Evaluation) -> Eligibility:
    ranking = e.rankings.results[scores.method]
    rank_of = dict(zip(ranking.alternatives, map(int, ranking.ranks)))
    eligible, reasons = set(), {}
    parts = []
    if top_n is not None:
        parts.append(f"top {top_n} by {scores.method}")
    if min_score is not None:
        parts.append(f"value score ≥ {min_score:g}")
    for project, score in scores.scores.items():
        why = []
        if top_n is not None and rank_of[project] > top_n:
            why.append(f"ranked {rank_of[project]} by {scores.method}, only the top {top_n} may receive support")
        if min_score is not None and score < min_score:
            why.append(f"value score {score:.3f} is below the threshold {min_score:g}")
        if why:
            reasons[project] = "; ".join(why)
        else:
            eligible.add(project)
    return Eligibility(frozenset(eligible), reasons, name=f"eligible projects: {' and '.join(parts)} (rules.eligible)")


@dataclass(frozen=True)
class PortfolioOutcome:
    """The portfolio of a run: problem, checked solution and explanations."""

    scenario: Scenario
    problem: PortfolioProblem
    scores: ValueScores
    solution: PortfolioSolution
    infeasibility: Any | None
    frontier: Any | None
    explanations: Any | None
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        from api.pipeline.portfolio_serialize import portfolio_dict

        return portfolio_dict(self)

    def tables(self) -> dict[str, pd.DataFrame]:
        from api.pipeline.portfolio_serialize import portfolio_tables

        return portfolio_tables(self)


def optimise_portfolio(e: Evaluation) -> PortfolioOutcome:
    """Build, solve and explain the scenario's portfolio (HiGHS by default, CBC on request)."""
    s = e.scenario
    pf = s.portfolio
    assert pf is not None
    problem, scores, notes = build_problem(s, e)
    options = pf.solver
    solution = solve(problem, solver=options.name, time_limit=options.time_limit, gap=options.gap, strategy=options.strategy)
    infeasibility = None
    if not solution.status.has_solution:
        infeasibility = explain_infeasibility(problem, time_limit=options.time_limit)
    frontier = None
    if pf.frontier is not None and pf.budget is not None and solution.status.has_solution:
        levels = np.linspace(pf.frontier.low * pf.budget, pf.frontier.high * pf.budget, pf.frontier.levels)
        frontier = efficient_frontier(problem, levels.tolist(), solver=options.name, time_limit=options.time_limit, gap=options.gap)
    explanations = None
    if solution.status.has_solution:
        explanations = explain_items(problem, solution, force=tuple(pf.explain), solver=options.name, time_limit=options.time_limit, gap=options.gap)
    return PortfolioOutcome(s, problem, scores, solution, infeasibility, frontier, explanations, tuple(notes))
