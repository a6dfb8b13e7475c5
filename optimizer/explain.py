"""Why each item is in the portfolio or out of it.

For every item: selected or not, value per unit of cost, and the rules that
bind it, meaning the rules that changing this item alone (funding it, or
dropping it) would break. Computed from the problem and the selection, not from
the solver. For a few chosen items, the portfolio is re-solved with the item
forced the other way, and the value lost is reported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from optimizer.errors import PortfolioInputError
from optimizer.model import build_model
from optimizer.problem import Forbidden, Mandatory, PortfolioProblem, items_of
from optimizer.portfolio import PortfolioSolution, check_options, solution_from_outcome
from optimizer.solvers import get_solver
from optimizer.spend import spend_of
from optimizer.status import SolveStatus

__all__ = ["ForcedChange", "ItemExplanation", "explain_items"]


@dataclass(frozen=True)
class ForcedChange:
    """The portfolio re-solved with one item forced the other way.

    Attributes
    ----------
    forced_in : bool
        True when the item was forced into the portfolio, False when out.
    status : SolveStatus
    value : float or None
        Best total value with the item forced.
    value_lost : float or None
        Total value of the original portfolio minus ``value`` (>= 0 up to the
        solvers' gaps); None when forcing leaves no portfolio.
    message : str
    """

    forced_in: bool
    status: SolveStatus
    value: float | None
    value_lost: float | None
    message: str


@dataclass(frozen=True)
class ItemExplanation:
    """One item's place in the portfolio.

    Attributes
    ----------
    id : str
    selected : bool
    value : float
    cost : float
        Over all periods, money units.
    value_per_cost : float or None
        Value per unit of money; None for a free item.
    binding : tuple of str
        Names of the rules that changing this item alone would break.
    reasons : tuple of str
        One sentence per binding rule.
    forced : ForcedChange or None
        Only for the items asked for in ``force``.
    """

    id: str
    selected: bool
    value: float
    cost: float
    value_per_cost: float | None
    binding: tuple[str, ...]
    reasons: tuple[str, ...]
    forced: ForcedChange | None = None


def _binding(problem: PortfolioProblem, mask: np.ndarray) -> list[list[tuple[str, str]]]:
    """Per item, the (rule name, sentence) pairs that flipping it alone would break."""
    rules = problem.rules
    n = len(problem.items)
    money = problem.money
    out: list[list[tuple[str, str]]] = [[] for _ in range(n)]
    spend = spend_of(problem, mask)
    cost = problem.total_costs
    total = spend.total
    sel, off = mask, ~mask
    signed = np.where(sel, -cost, cost)  # change in total spend when the item flips
    new_total = total + signed

    def mark(where: np.ndarray, name: str, text: str | None = None, texts: list[str] | None = None) -> None:
        for k, i in enumerate(np.flatnonzero(where)):
            out[i].append((name, texts[k] if texts is not None else (text or name)))

    if rules.mandatory is not None:
        m = items_of(problem, sorted(rules.mandatory.items)) & sel
        mark(m, rules.mandatory.name, f"it is in '{rules.mandatory.name}'")
    if rules.forbidden is not None:
        f = items_of(problem, sorted(rules.forbidden.items)) & off
        mark(f, rules.forbidden.name, f"it is in '{rules.forbidden.name}'")
    if rules.eligibility is not None:
        bad = off & ~problem.eligible_items
        texts = []
        for i in np.flatnonzero(bad):
            project = problem.items[i].project or ""
            why = rules.eligibility.reasons.get(project, "")
            texts.append(f"project {project} is not among '{rules.eligibility.name}'" + (f": {why}" if why else ""))
        mark(bad, rules.eligibility.name, texts=texts)
    if rules.total_budget is not None:
        b = rules.total_budget
        over = off & (new_total > b.amount * (1 + 1e-9) + 1e-9)
        mark(over, b.name, f"funding it would bring spend to more than the {b.name} of {money(b.amount)} "
                           f"(now {money(total)} spent)")
    for b in rules.period_budgets:
        t = problem.periods.index(b.period)
        used = spend.by_period[b.period]
        over = off & (used + problem.cost_matrix[:, t] > b.amount * (1 + 1e-9) + 1e-9)
        mark(over, b.name, f"funding it would exceed the {b.name} of {money(b.amount)} ({money(used)} used)")

    for d in rules.direction_spend:
        in_d = problem.direction_index == problem.directions.index(d.direction)
        s_d = spend.by_direction[d.direction]
        new_d = s_d + np.where(in_d, signed, 0.0)
        safe_total = np.where(new_total > 0, new_total, 1.0)
        share = np.where(new_total > 0, new_d / safe_total, 0.0)
        label = problem.direction_label(d.direction)
        if d.min_share is not None:
            mark((share < d.min_share - 1e-9) & (new_total > 0), d.name,
                 f"the share of {label} would fall below {d.min_share:.1%}")
        if d.max_share is not None:
            mark((share > d.max_share + 1e-9), d.name, f"the share of {label} would rise above {d.max_share:.1%}")
        if d.min_amount is not None:
            mark(in_d & sel & (new_d < d.min_amount - 1e-9), d.name,
                 f"spend on {label} would fall below {money(d.min_amount)}")
        if d.max_amount is not None:
            mark(in_d & off & (new_d > d.max_amount + 1e-9), d.name,
                 f"spend on {label} would rise above {money(d.max_amount)}")

    proj = problem.project_index
    n_proj = len(problem.projects)
    in_proj = proj >= 0
    # a trailing 0 so that region-wide items (project -1) read 0
    count = np.append(np.bincount(proj[in_proj & sel], minlength=n_proj), 0)
    count_of = count[proj]
    if rules.max_items_per_project is not None:
        k = rules.max_items_per_project.limit
        mark(off & in_proj & (count_of >= k), rules.max_items_per_project.name,
             f"its project already has {k} measures")
    if rules.balanced is not None:
        name = rules.balanced.name
        needed = [problem.directions.index(d) for d in problem.balanced_directions]
        per_dir = {d: np.append(np.bincount(proj[in_proj & sel & (problem.direction_index == d)],
                                            minlength=n_proj), 0) for d in needed}
        # dropping the only measure of a needed direction from a project that keeps others
        for d in needed:
            only = sel & in_proj & (problem.direction_index == d)
            only &= per_dir[d][proj] == 1
            only &= count_of > 1
            mark(only, name, f"it is its project's only measure from {problem.direction_label(problem.directions[d])}")
        # one measure alone covers every needed direction only if there is just one
        covers = (problem.direction_index == needed[0]) if len(needed) == 1 else np.zeros(n, dtype=bool)
        mark(off & in_proj & (count_of == 0) & ~covers, name,
             "its project has no other measures, and one alone is not a balanced package")
    cap = problem.cap_budget
    if rules.project_share_cap is not None and cap is not None:
        limit = rules.project_share_cap.max_share * cap
        p_spend = np.array([spend.by_project[p] for p in problem.projects] + [0.0])
        mark(off & in_proj & (p_spend[proj] + cost > limit * (1 + 1e-9) + 1e-9), rules.project_share_cap.name,
             f"its project would take more than {money(limit)}")
    if rules.region_share_cap is not None and cap is not None:
        limit = rules.region_share_cap.max_share * cap
        reg = problem.region_index
        r_spend = np.array([spend.by_region[r] for r in problem.regions] + [0.0])
        mark(off & (reg >= 0) & (r_spend[reg] + cost > limit * (1 + 1e-9) + 1e-9), rules.region_share_cap.name,
             f"its region would take more than {money(limit)}")
    for dep in rules.dependencies:
        b, a = problem.index[dep.item], problem.index[dep.requires]
        if off[b] and off[a]:
            out[b].append((dep.name, f"it needs {dep.requires}, which is not funded"))
        if sel[a] and sel[b]:
            out[a].append((dep.name, f"{dep.item} is funded and needs it"))
    for group in rules.exclusive_groups:
        members = [problem.index[i] for i in group.items]
        chosen = [i for i in members if sel[i]]
        if chosen:
            for i in members:
                if off[i]:
                    out[i].append((group.name, f"{problem.items[chosen[0]].id} is funded and excludes it"))
    if rules.min_supported_projects is not None:
        need = rules.min_supported_projects.count
        if len(spend.supported_projects) <= need:
            mark(sel & in_proj & (count_of == 1), rules.min_supported_projects.name,
                 f"dropping it leaves fewer than {need} supported projects")
    return out


def explain_items(
    problem: PortfolioProblem,
    solution: PortfolioSolution,
    force: Sequence[str] = (),
    *,
    solver: str = "highs",
    time_limit: float | None = None,
    gap: float | None = None,
) -> tuple[ItemExplanation, ...]:
    """Explain every item of ``problem`` against ``solution``.

    Parameters
    ----------
    problem : PortfolioProblem
    solution : PortfolioSolution
        A solve of ``problem`` that holds a portfolio.
    force : sequence of str
        Item ids to re-solve with the item forced the other way (one solve each).
    solver, time_limit, gap
        For the forced solves; ``time_limit`` applies to each.

    Returns
    -------
    tuple of ItemExplanation
        One per item, in problem order.
    """
    if solution.selected is None or solution.objective is None:
        raise PortfolioInputError(
            f"explain_items needs a solution with a portfolio, got status {solution.status.value!r}"
        )
    backend = get_solver(solver)
    tolerance = check_options(time_limit, gap)
    mask = items_of(problem, solution.selected)
    force = tuple(dict.fromkeys(force))
    items_of(problem, force)  # unknown ids raise here, before any solve
    binding = _binding(problem, mask)

    forced: dict[str, ForcedChange] = {}
    if force:
        model = build_model(problem)
        session = backend.open(model.mip, options=None)
        rules = problem.rules
        for item_id in force:
            i = problem.index[item_id]
            going_in = not bool(mask[i])
            verb = "into" if going_in else "out of"
            blocked_by = None
            if going_in and rules.forbidden is not None and item_id in rules.forbidden.items:
                blocked_by = rules.forbidden.name
            elif going_in and not problem.eligible_items[i] and rules.eligibility is not None:
                blocked_by = rules.eligibility.name
            elif not going_in and rules.mandatory is not None and item_id in rules.mandatory.items:
                blocked_by = rules.mandatory.name
            if blocked_by is not None:
                # forcing it would overrule a rule on this very item: not a trade-off to price
                msg = f"{item_id} cannot be forced {verb} the portfolio: '{blocked_by}' decides it"
                forced[item_id] = ForcedChange(going_in, SolveStatus.INFEASIBLE, None, None, msg)
                continue
            lo0, hi0 = session.col_lower[i], session.col_upper[i]
            session.set_col_bounds(np.array([i]), np.array([1.0 if going_in else 0.0]),
                                   np.array([1.0 if going_in else 0.0]))
            raw = session.solve(time_limit=time_limit, gap=tolerance)
            session.set_col_bounds(np.array([i]), np.array([lo0]), np.array([hi0]))
            if going_in:
                items = (rules.mandatory.items if rules.mandatory is not None else frozenset()) | {item_id}
                name = rules.mandatory.name if rules.mandatory is not None else ""
                changed = dataclasses.replace(rules, mandatory=Mandatory(items, name=name))
            else:
                items = (rules.forbidden.items if rules.forbidden is not None else frozenset()) | {item_id}
                name = rules.forbidden.name if rules.forbidden is not None else ""
                changed = dataclasses.replace(rules, forbidden=Forbidden(items, name=name))
            sol = solution_from_outcome(
                dataclasses.replace(problem, rules=changed), raw, build_seconds=0.0, backend=backend,
                options=backend.effective_options(None), gap_tolerance=tolerance, time_limit=time_limit,
                handover_seconds=0.0,
            )
            if sol.objective is None:
                msg = (f"{item_id} cannot be forced {verb} the portfolio: the rules then have no solution "
                       f"({sol.status.value})")
                forced[item_id] = ForcedChange(going_in, sol.status, None, None, msg)
            else:
                lost = solution.objective - sol.objective
                msg = (f"forcing {item_id} {verb} the portfolio gives a total value of {sol.objective:.6g}, "
                       f"{lost:.6g} less than now")
                if sol.status is SolveStatus.FEASIBLE:
                    msg += f" (a limit stopped the solver; the gap is {sol.gap:.2%})" if sol.gap is not None else ""
                forced[item_id] = ForcedChange(going_in, sol.status, sol.objective, lost, msg)

    result = []
    for i, item in enumerate(problem.items):
        cost = float(problem.total_costs[i])
        pairs = binding[i]
        result.append(ItemExplanation(
            id=item.id, selected=bool(mask[i]), value=float(item.value), cost=cost,
            value_per_cost=(item.value / cost) if cost > 0 else None,
            binding=tuple(dict.fromkeys(name for name, _ in pairs)),
            reasons=tuple(text for _, text in pairs),
            forced=forced.get(item.id),
        ))
    return tuple(result)
