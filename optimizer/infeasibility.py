"""Why no portfolio satisfies the rules, in the scenario's names and units.

Two parts. First, direct facts that need no solver ("the mandatory measures
alone cost 412 M RUB, the total budget is 350 M RUB"). Second, an elastic model:
every relaxable rule row gets a non-negative slack and the solver minimises the
total slack, each weighed by the rule's natural size (so raising a 350 M RUB
budget by 62 M RUB costs 0.18, dropping a mandatory item costs 1). The items stay
binary, so conflicts that only integrality creates are found too; HiGHS's IIS
would cover only the LP relaxation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from optimizer.model import PortfolioModel, RowBlock, build_model
from optimizer.problem import PortfolioProblem
from optimizer.solvers import get_solver
from optimizer.portfolio import check_options
from optimizer.status import SolveStatus

__all__ = ["InfeasibilityReport", "Relaxation", "direct_conflicts", "explain_infeasibility"]


@dataclass(frozen=True)
class Relaxation:
    """One rule that has to give way, and by how much.

    Attributes
    ----------
    kind : str
        Rule kind, as in ``RowBlock.kind``.
    rule : str
        The rule's name, as the scenario gave it.
    subject : str or None
        Project, direction, period, region or item concerned.
    amount : float
        How far the rule must move, in ``unit`` (always > 0).
    unit : str
        The money unit, "items", "projects" or "percentage points".
    message : str
        What to change, in a plain sentence.
    """

    kind: str
    rule: str
    subject: str | None
    amount: float
    unit: str
    message: str


@dataclass(frozen=True)
class InfeasibilityReport:
    """Result of ``explain_infeasibility``.

    Attributes
    ----------
    feasible : bool
        True when the elastic model needs no relaxation (the rules can all hold).
    conflicts : tuple of str
        Facts found without a solver, each a sentence.
    relaxations : tuple of Relaxation
        A least (weighted) set of changes that makes the rules hold together;
        empty when the elastic solve found none or failed.
    elastic_status : SolveStatus
        Status of the elastic solve (OPTIMAL unless a limit stopped it).
    solve_seconds : float
    """

    feasible: bool
    conflicts: tuple[str, ...]
    relaxations: tuple[Relaxation, ...]
    elastic_status: SolveStatus
    solve_seconds: float

    @property
    def rules_in_conflict(self) -> tuple[str, ...]:
        """Names of the rules that must give way, without repeats."""
        return tuple(dict.fromkeys(r.rule for r in self.relaxations))

    def summary(self) -> str:
        """All conflicts and relaxations as one paragraph."""
        if self.feasible:
            return "Every rule can hold at once; nothing needs to be relaxed."
        parts = list(self.conflicts)
        if self.relaxations:
            parts.append("The smallest change that makes the rules hold together: "
                         + "; ".join(r.message for r in self.relaxations) + ".")
        elif self.elastic_status is not SolveStatus.OPTIMAL:
            parts.append(f"The search for the smallest change stopped early ({self.elastic_status.value}).")
        return " ".join(parts)


def direct_conflicts(problem: PortfolioProblem) -> tuple[str, ...]:
    """Conflicts visible from the rules alone, as sentences (may be empty)."""
    rules = problem.rules
    money = problem.money
    out: list[str] = []
    mandatory = sorted(rules.mandatory.items) if rules.mandatory is not None else []
    mname = rules.mandatory.name if rules.mandatory is not None else "mandatory measures"
    must = np.zeros(len(problem.items), dtype=bool)
    for item_id in mandatory:
        must[problem.index[item_id]] = True
    if rules.forbidden is not None:
        for item_id in mandatory:
            if item_id in rules.forbidden.items:
                out.append(f"{item_id} is in both '{mname}' and '{rules.forbidden.name}'.")
    if rules.eligibility is not None:
        for i in np.flatnonzero(must & ~problem.eligible_items):
            item = problem.items[i]
            why = rules.eligibility.reasons.get(item.project or "", "")
            out.append(f"{item.id} is in '{mname}' but project {item.project} is not among "
                       f"'{rules.eligibility.name}'" + (f" ({why})." if why else "."))
    cost_must = problem.cost_matrix[must].sum(axis=0) if must.any() else np.zeros(len(problem.periods))
    if rules.total_budget is not None and cost_must.sum() > rules.total_budget.amount * (1 + 1e-9):
        out.append(f"The {mname} alone cost {money(float(cost_must.sum()))}, "
                   f"the {rules.total_budget.name} is {money(rules.total_budget.amount)}.")
    for budget in rules.period_budgets:
        got = float(cost_must[problem.periods.index(budget.period)])
        if got > budget.amount * (1 + 1e-9):
            out.append(f"The {mname} alone cost {money(got)} in {budget.period}, "
                       f"the {budget.name} is {money(budget.amount)}.")
    for group in rules.exclusive_groups:
        both = [i for i in group.items if must[problem.index[i]]]
        if len(both) > 1:
            out.append(f"{' and '.join(both)} are all in '{mname}' but '{group.name}' allows only one.")
    for dep in rules.dependencies:
        if must[problem.index[dep.item]]:
            if rules.forbidden is not None and dep.requires in rules.forbidden.items:
                out.append(f"{dep.item} is in '{mname}' and needs {dep.requires} ('{dep.name}'), "
                           f"which is in '{rules.forbidden.name}'.")
            elif not problem.eligible_items[problem.index[dep.requires]]:
                out.append(f"{dep.item} is in '{mname}' and needs {dep.requires} ('{dep.name}'), "
                           "whose project is not eligible.")
    if rules.max_items_per_project is not None:
        k = rules.max_items_per_project.limit
        counts = np.bincount(problem.project_index[must & (problem.project_index >= 0)],
                             minlength=len(problem.projects))
        for p in np.flatnonzero(counts > k):
            out.append(f"Project {problem.projects[p]} has {counts[p]} {mname}, "
                       f"'{rules.max_items_per_project.name}' allows {k}.")
    for d in rules.direction_spend:
        in_d = problem.direction_index == problem.directions.index(d.direction)
        got = float(problem.total_costs[must & in_d].sum())
        if d.max_amount is not None and got > d.max_amount * (1 + 1e-9):
            out.append(f"The {mname} of {problem.direction_label(d.direction)} alone cost {money(got)}, "
                       f"'{d.name}' allows at most {money(d.max_amount)}.")
    min_shares = sum(d.min_share or 0.0 for d in rules.direction_spend)
    if min_shares > 1 + 1e-9:
        out.append(f"The minimum shares of spend per direction add up to {min_shares:.0%}, more than 100 %.")
    if rules.direction_spend and all(d.max_share is not None for d in rules.direction_spend):
        covered = {d.direction for d in rules.direction_spend}
        if covered == set(problem.directions):
            max_shares = sum(d.max_share or 0.0 for d in rules.direction_spend)
            if max_shares < 1 - 1e-9 and (must.any() or rules.min_supported_projects is not None):
                out.append(f"The maximum shares of spend per direction add up to only {max_shares:.0%}: "
                           "any spend breaks one of them.")
    if rules.total_budget is not None:
        floor = sum(d.min_amount or 0.0 for d in rules.direction_spend)
        if floor > rules.total_budget.amount * (1 + 1e-9):
            out.append(f"The minimum amounts per direction add up to {money(floor)}, "
                       f"the {rules.total_budget.name} is {money(rules.total_budget.amount)}.")
    if rules.min_supported_projects is not None:
        possible = set(problem.projects)
        if rules.eligibility is not None:
            possible &= set(rules.eligibility.eligible)
        need = rules.min_supported_projects.count
        if need > len(possible):
            out.append(f"'{rules.min_supported_projects.name}' asks for {need} projects, "
                       f"only {len(possible)} can receive support.")
    return tuple(out)


def _message(problem: PortfolioProblem, blk: RowBlock, offset: int, slack: float,
             x: np.ndarray) -> Relaxation:
    """Turn one row's slack into a sentence in the scenario's terms."""
    money = problem.money
    unit = problem.money_unit
    rule: Any = blk.rule_of(offset)
    name = blk.name_of(offset)
    subject = blk.subjects[offset]
    kind = blk.kind
    cost = problem.total_costs
    chosen = x[: len(problem.items)] > 0.5
    spend_total = float(cost[chosen].sum())
    if kind == "total_budget":
        return Relaxation(kind, name, None, slack, unit,
                          f"raise the {name} from {money(rule.amount)} to {money(rule.amount + slack)}")
    if kind == "period_budget":
        return Relaxation(kind, name, subject, slack, unit,
                          f"raise the {name} from {money(rule.amount)} to {money(rule.amount + slack)}")
    if kind in ("direction_min_share", "direction_max_share"):
        in_d = problem.direction_index == problem.directions.index(rule.direction)
        got = float(cost[chosen & in_d].sum())
        share = got / spend_total if spend_total > 0 else 0.0
        target = rule.min_share if kind == "direction_min_share" else rule.max_share
        verb = "lower the minimum" if kind == "direction_min_share" else "raise the maximum"
        points = abs(target - share) * 100
        return Relaxation(kind, name, subject, points, "percentage points",
                          f"{verb} share of {problem.direction_label(rule.direction)} ('{name}') "
                          f"from {target:.1%} to {share:.1%}")
    if kind == "direction_min_amount":
        return Relaxation(kind, name, subject, slack, unit,
                          f"lower the minimum spend on {problem.direction_label(rule.direction)} ('{name}') "
                          f"from {money(rule.min_amount)} to {money(max(rule.min_amount - slack, 0.0))}")
    if kind == "direction_max_amount":
        return Relaxation(kind, name, subject, slack, unit,
                          f"raise the maximum spend on {problem.direction_label(rule.direction)} ('{name}') "
                          f"from {money(rule.max_amount)} to {money(rule.max_amount + slack)}")
    if kind == "max_items":
        extra = math.ceil(slack - 1e-6)
        return Relaxation(kind, name, subject, float(extra), "items",
                          f"let project {subject} have {rule.limit + extra} measures instead of "
                          f"{rule.limit} ('{name}')")
    if kind in ("project_cap", "region_cap"):
        limit = blk.budget_factor * (problem.cap_budget or 0.0) if blk.budget_factor is not None else 0.0
        what = "project" if kind == "project_cap" else "region"
        return Relaxation(kind, name, subject, slack, unit,
                          f"let {what} {subject} take {money(limit + slack)} instead of at most {money(limit)} "
                          f"('{name}')")
    if kind == "balanced":
        return Relaxation(kind, name, subject, 1.0, "items",
                          f"waive '{name}' for {subject}")
    if kind == "dependency":
        return Relaxation(kind, name, subject, 1.0, "items",
                          f"fund {rule.item} without {rule.requires} ('{name}')")
    if kind == "exclusive":
        extra = math.ceil(slack - 1e-6)
        return Relaxation(kind, name, subject, float(extra), "items",
                          f"allow {extra + 1} of {', '.join(rule.items)} ('{name}')")
    if kind == "min_projects":
        fewer = math.ceil(slack - 1e-6)
        return Relaxation(kind, name, None, float(fewer), "projects",
                          f"lower the minimum number of supported projects from {rule.count} to "
                          f"{max(rule.count - fewer, 0)} ('{name}')")
    if kind == "mandatory":
        return Relaxation(kind, name, subject, 1.0, "items", f"drop {subject} from '{name}'")
    if kind == "forbidden":
        return Relaxation(kind, name, subject, 1.0, "items", f"allow {subject} ('{name}')")
    if kind == "ineligible":
        item = problem.items[problem.index[subject]]
        return Relaxation(kind, name, subject, 1.0, "items",
                          f"let project {item.project} receive {subject} although it is not among '{name}'")
    return Relaxation(kind, name, subject, slack, blk.unit, f"relax '{name}' for {subject} by {slack:g}")


def _relaxations(model: PortfolioModel, x: np.ndarray) -> tuple[Relaxation, ...]:
    out: list[Relaxation] = []
    for blk in model.blocks:
        if not blk.relaxable:
            continue
        for offset, row in enumerate(blk.rows):
            col = int(model.slack_cols[row])
            slack = float(x[col]) if col >= 0 else 0.0
            if slack > 1e-6 * max(1.0, blk.scale):
                out.append(_message(model.problem, blk, offset, slack, x))
    return tuple(out)


def explain_infeasibility(
    problem: PortfolioProblem, *, solver: str = "highs", time_limit: float | None = None,
) -> InfeasibilityReport:
    """Name the rules that conflict and by how much.

    Parameters
    ----------
    problem : PortfolioProblem
    solver : str
        Solver for the elastic model ("highs" or "cbc").
    time_limit : float or None
        Seconds for the elastic solve; None for no limit.

    Returns
    -------
    InfeasibilityReport
        ``feasible`` is True when no relaxation is needed.
    """
    backend = get_solver(solver)
    check_options(time_limit, None)
    conflicts = direct_conflicts(problem)
    model = build_model(problem, elastic=True)
    session = backend.open(model.mip)
    raw = session.solve(time_limit=time_limit, gap=0.0)
    if not raw.status.has_solution or raw.x is None:
        return InfeasibilityReport(False, conflicts, (), raw.status, raw.solve_seconds)
    relaxations = _relaxations(model, raw.x)
    feasible = not relaxations and not conflicts
    return InfeasibilityReport(feasible, conflicts, relaxations, raw.status, raw.solve_seconds)
