"""Brute force for small portfolio problems, written apart from optimizer.model and
optimizer.verify: every subset of items is checked against every rule at once."""

from __future__ import annotations

import numpy as np

from optimizer.problem import PortfolioProblem

TOL = 1e-9


def all_subsets(n: int) -> np.ndarray:
    """Every 0/1 selection of ``n`` items, one per row (2**n rows)."""
    codes = np.arange(2**n, dtype=np.int64)[:, None]
    return ((codes >> np.arange(n, dtype=np.int64)) & 1).astype(bool)


def feasible_subsets(problem: PortfolioProblem, subsets: np.ndarray) -> np.ndarray:
    """True for each row of ``subsets`` that keeps every rule."""
    items = problem.items
    rules = problem.rules
    S = subsets
    ok = np.ones(S.shape[0], dtype=bool)
    cost_t = np.array([it.cost for it in items], dtype=float)  # items x periods
    total_cost = cost_t.sum(axis=1)
    spend = S @ total_cost
    idx = {it.id: k for k, it in enumerate(items)}

    def col(ids) -> np.ndarray:
        return np.array([idx[i] for i in ids], dtype=np.int64)

    if rules.total_budget is not None:
        ok &= spend <= rules.total_budget.amount + TOL
    for b in rules.period_budgets:
        t = problem.periods.index(b.period)
        ok &= S @ cost_t[:, t] <= b.amount + TOL
    for d in rules.direction_spend:
        in_d = np.array([it.direction == d.direction for it in items])
        s_d = S @ (total_cost * in_d)
        if d.min_share is not None:
            ok &= s_d >= d.min_share * spend - TOL
        if d.max_share is not None:
            ok &= s_d <= d.max_share * spend + TOL
        if d.min_amount is not None:
            ok &= s_d >= d.min_amount - TOL
        if d.max_amount is not None:
            ok &= s_d <= d.max_amount + TOL
    projects = sorted({it.project for it in items if it.project is not None})
    supported = {}
    for p in projects:
        members = np.array([it.project == p for it in items])
        supported[p] = S[:, members].any(axis=1)
        if rules.max_items_per_project is not None:
            ok &= S[:, members].sum(axis=1) <= rules.max_items_per_project.limit
        if rules.balanced is not None:
            needed = rules.balanced.directions or sorted({it.direction for it in items})
            for d in needed:
                in_pd = members & np.array([it.direction == d for it in items])
                ok &= ~supported[p] | S[:, in_pd].any(axis=1)
        if rules.project_share_cap is not None:
            ok &= S @ (total_cost * members) <= rules.project_share_cap.max_share * problem.cap_budget + TOL
    if rules.region_share_cap is not None:
        for r in {it.region for it in items if it.region is not None}:
            members = np.array([it.region == r for it in items])
            ok &= S @ (total_cost * members) <= rules.region_share_cap.max_share * problem.cap_budget + TOL
    if rules.eligibility is not None:
        bad = np.array([it.project is not None and it.project not in rules.eligibility.eligible for it in items])
        ok &= ~S[:, bad].any(axis=1)
    if rules.mandatory is not None and rules.mandatory.items:
        ok &= S[:, col(rules.mandatory.items)].all(axis=1)
    if rules.forbidden is not None and rules.forbidden.items:
        ok &= ~S[:, col(rules.forbidden.items)].any(axis=1)
    for dep in rules.dependencies:
        ok &= ~S[:, idx[dep.item]] | S[:, idx[dep.requires]]
    for group in rules.exclusive_groups:
        ok &= S[:, col(group.items)].sum(axis=1) <= 1
    if rules.min_supported_projects is not None:
        count = sum(supported[p].astype(int) for p in projects) if projects else np.zeros(S.shape[0], dtype=int)
        ok &= count >= rules.min_supported_projects.count
    return ok


def brute_optimum(problem: PortfolioProblem) -> tuple[float | None, np.ndarray]:
    """Best total value over all feasible subsets (None if none), and the feasibility mask."""
    S = all_subsets(len(problem.items))
    ok = feasible_subsets(problem, S)
    if not ok.any():
        return None, ok
    values = S[ok] @ np.array([it.value for it in problem.items], dtype=float)
    return float(values.max()), ok
