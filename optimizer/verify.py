"""Independent re-check of a selection against every rule of the problem.

Nothing here reads the MIP: spend, counts and links are recomputed from the
items and rules, so a modelling error cannot hide behind itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from optimizer.errors import SolutionCheckError
from optimizer.problem import PortfolioProblem
from optimizer.spend import spend_of

__all__ = ["INTEGRALITY_TOLERANCE", "Violation", "check_selection", "selection_from_values", "verify_selection"]

INTEGRALITY_TOLERANCE = 1e-5
"""A solver value within this of 0 or 1 counts as that integer (HiGHS and CBC
both work to 1e-6)."""


@dataclass(frozen=True)
class Violation:
    """One rule a selection breaks.

    Attributes
    ----------
    kind : str
        Rule kind, as in ``RowBlock.kind``.
    rule : str
        The rule's name, as the scenario gave it.
    subject : str or None
        Project, direction, period, region or item concerned.
    excess : float
        By how much it is broken, in ``unit``.
    unit : str
        The money unit, "items" or "projects".
    message : str
        A plain sentence.
    """

    kind: str
    rule: str
    subject: str | None
    excess: float
    unit: str
    message: str


def _tol(bound: float) -> float:
    return 1e-6 * max(1.0, abs(bound))


def selection_from_values(values: np.ndarray, n_items: int) -> np.ndarray:
    """The 0/1 selection of the first ``n_items`` solver values.

    Raises
    ------
    SolutionCheckError
        If any value is missing or further than ``INTEGRALITY_TOLERANCE`` from 0
        and 1 (the item positions are named).
    """
    x = np.asarray(values, dtype=float)[:n_items]
    bad = ~np.isfinite(x) | (np.minimum(np.abs(x), np.abs(x - 1.0)) > INTEGRALITY_TOLERANCE)
    if bad.any():
        where = np.flatnonzero(bad)[:5].tolist()
        raise SolutionCheckError(
            f"the solver returned non-integral or missing item values at positions {where} "
            f"(values {x[where].tolist()}); refusing to report this portfolio"
        )
    return x > 0.5


def check_selection(problem: PortfolioProblem, selected: np.ndarray) -> tuple[Violation, ...]:
    """Every rule ``selected`` (bool per item) breaks; empty when it keeps them all."""
    mask = np.asarray(selected, dtype=bool)
    if mask.shape != (len(problem.items),):
        raise ValueError(f"selected has shape {mask.shape}, expected ({len(problem.items)},)")
    rules = problem.rules
    spend = spend_of(problem, mask)
    money = problem.money
    unit = problem.money_unit
    found: list[Violation] = []

    def add(kind: str, rule: str, subject: str | None, excess: float, unit_: str, message: str) -> None:
        found.append(Violation(kind, rule, subject, float(excess), unit_, message))

    if rules.total_budget is not None:
        b = rules.total_budget
        if spend.total > b.amount + _tol(b.amount):
            add("total_budget", b.name, None, spend.total - b.amount, unit,
                f"{b.name}: spend {money(spend.total)} exceeds {money(b.amount)}")
    for b in rules.period_budgets:
        got = spend.by_period[b.period]
        if got > b.amount + _tol(b.amount):
            add("period_budget", b.name, b.period, got - b.amount, unit,
                f"{b.name}: spend in {b.period} is {money(got)}, above {money(b.amount)}")

    for d in rules.direction_spend:
        got = spend.by_direction[d.direction]
        label = problem.direction_label(d.direction)
        if d.min_share is not None and got < d.min_share * spend.total - _tol(spend.total):
            add("direction_min_share", d.name, d.direction, d.min_share * spend.total - got, unit,
                f"{d.name}: {label} gets {got / spend.total:.2%} of spend, below {d.min_share:.2%}")
        if d.max_share is not None and got > d.max_share * spend.total + _tol(spend.total):
            add("direction_max_share", d.name, d.direction, got - d.max_share * spend.total, unit,
                f"{d.name}: {label} gets {got / spend.total:.2%} of spend, above {d.max_share:.2%}")
        if d.min_amount is not None and got < d.min_amount - _tol(d.min_amount):
            add("direction_min_amount", d.name, d.direction, d.min_amount - got, unit,
                f"{d.name}: {label} gets {money(got)}, below {money(d.min_amount)}")
        if d.max_amount is not None and got > d.max_amount + _tol(d.max_amount):
            add("direction_max_amount", d.name, d.direction, got - d.max_amount, unit,
                f"{d.name}: {label} gets {money(got)}, above {money(d.max_amount)}")

    proj = problem.project_index
    n_proj = len(problem.projects)
    in_proj = proj >= 0
    count = np.bincount(proj[in_proj & mask], minlength=n_proj)
    supported = count > 0

    if rules.balanced is not None:
        for d in problem.balanced_directions:
            k = problem.directions.index(d)
            has_d = np.bincount(proj[in_proj & mask & (problem.direction_index == k)], minlength=n_proj) > 0
            for p in np.flatnonzero(supported & ~has_d):
                add("balanced", rules.balanced.name, problem.projects[p], 1.0, "items",
                    f"{rules.balanced.name}: project {problem.projects[p]} is supported but gets no measure "
                    f"from {problem.direction_label(d)}")

    if rules.max_items_per_project is not None:
        k = rules.max_items_per_project.limit
        for p in np.flatnonzero(count > k):
            add("max_items", rules.max_items_per_project.name, problem.projects[p], float(count[p] - k), "items",
                f"{rules.max_items_per_project.name}: project {problem.projects[p]} gets {count[p]} measures")

    if rules.eligibility is not None:
        for i in np.flatnonzero(mask & ~problem.eligible_items):
            item = problem.items[i]
            add("ineligible", rules.eligibility.name, item.id, 1.0, "items",
                f"{rules.eligibility.name}: {item.id} supports project {item.project}, which is not eligible")

    cap = problem.cap_budget
    if rules.project_share_cap is not None and cap is not None:
        limit = rules.project_share_cap.max_share * cap
        for p, got in spend.by_project.items():
            if got > limit + _tol(limit):
                add("project_cap", rules.project_share_cap.name, p, got - limit, unit,
                    f"{rules.project_share_cap.name}: project {p} takes {money(got)}, above {money(limit)}")
    if rules.region_share_cap is not None and cap is not None:
        limit = rules.region_share_cap.max_share * cap
        for r, got in spend.by_region.items():
            if got > limit + _tol(limit):
                add("region_cap", rules.region_share_cap.name, r, got - limit, unit,
                    f"{rules.region_share_cap.name}: region {r} takes {money(got)}, above {money(limit)}")

    if rules.mandatory is not None:
        for item_id in sorted(rules.mandatory.items):
            if not mask[problem.index[item_id]]:
                add("mandatory", rules.mandatory.name, item_id, 1.0, "items",
                    f"{rules.mandatory.name}: {item_id} is not funded")
    if rules.forbidden is not None:
        for item_id in sorted(rules.forbidden.items):
            if mask[problem.index[item_id]]:
                add("forbidden", rules.forbidden.name, item_id, 1.0, "items",
                    f"{rules.forbidden.name}: {item_id} is funded")
    for dep in rules.dependencies:
        if mask[problem.index[dep.item]] and not mask[problem.index[dep.requires]]:
            add("dependency", dep.name, dep.item, 1.0, "items",
                f"{dep.name}: {dep.item} is funded without {dep.requires}")
    for group in rules.exclusive_groups:
        chosen = [i for i in group.items if mask[problem.index[i]]]
        if len(chosen) > 1:
            add("exclusive", group.name, group.name, float(len(chosen) - 1), "items",
                f"{group.name}: {', '.join(chosen)} are all funded")
    if rules.min_supported_projects is not None:
        need = rules.min_supported_projects.count
        got = int(supported.sum())
        if got < need:
            add("min_projects", rules.min_supported_projects.name, None, float(need - got), "projects",
                f"{rules.min_supported_projects.name}: only {got} projects are supported")
    return tuple(found)


def verify_selection(problem: PortfolioProblem, values: np.ndarray) -> np.ndarray:
    """The selection in ``values`` (solver output, items first), checked.

    Raises
    ------
    SolutionCheckError
        If the values are not integral or the selection breaks any rule; the
        message lists every broken rule.
    """
    mask = selection_from_values(values, len(problem.items))
    broken = check_selection(problem, mask)
    if broken:
        lines = "; ".join(v.message for v in broken)
        raise SolutionCheckError(f"the solver's portfolio breaks {len(broken)} rule(s): {lines}")
    mask.setflags(write=False)
    return mask
