"""The portfolio problem as a mixed-integer program in array form.

The model is built in bulk with numpy (one block of rows per rule) and kept as a
row-wise sparse matrix, so a solver can take it in one call. Column ``i < n`` is
item ``i``'s funding decision ``x_i`` in {0, 1}; further columns are per-project
"supported" indicators and, in the elastic model, slacks. Names never enter the
model: items are found by index, rules by ``RowBlock``.

Formulation notes (why, not what; figures from a 500-project x 13-measure
synthetic instance with k = 5 and three dependencies per project):

- Balanced packages use both ``x_i <= y_p`` per item and a cover row per
  direction ``sum x - y_p >= 0``; with a per-project limit ``k`` the limit row is
  ``sum x <= k y_p``. The per-item links give a tighter LP bound than the
  aggregated row alone (root LP 1.0 % above the optimum against 2.0 %).
- In a cover row, an item whose prerequisite (a Dependency) is in the same
  project and direction is left out: whenever it is funded its prerequisite is
  too, so the row stays valid, and the LP can no longer meet the rule with half
  of a dependent pair (root LP 3.0 % -> 1.0 % above the optimum). The elastic
  model keeps the plain rows, because there a dependency may be relaxed.
- ``y_p`` is continuous in [0, 1]: with binary items the rows that hold it make
  it 0 or 1 anyway (``y_p >= x_i``, and ``y_p <=`` a cover sum or the item sum),
  so the solver branches on items only.
- Direction shares stay single dense rows ``sum_d c x - share * sum c x >= 0``:
  spend columns per direction (sparse share rows, dense definitions) made HiGHS
  slower (33 s against 14 s at 500 projects).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from optimizer.problem import PortfolioProblem

__all__ = ["MipArrays", "PortfolioModel", "RowBlock", "build_model"]


def _ro(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class MipArrays:
    """A mixed-integer program ``max/min c.x`` s.t. ``row_lower <= A x <= row_upper``.

    ``A`` is row-wise sparse: row ``r`` holds ``row_index[row_start[r]:row_start[r+1]]``
    with ``row_value`` alike. Infinite bounds are ``±numpy.inf``. All arrays are
    read-only.
    """

    objective: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integrality: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    row_start: np.ndarray
    row_index: np.ndarray
    row_value: np.ndarray
    maximize: bool = True

    def __post_init__(self) -> None:
        conv = {
            "objective": float, "col_lower": float, "col_upper": float, "integrality": bool,
            "row_lower": float, "row_upper": float, "row_start": np.int64, "row_index": np.int64,
            "row_value": float,
        }
        for attr, dtype in conv.items():
            array = np.array(getattr(self, attr), dtype=dtype)
            object.__setattr__(self, attr, _ro(array))
        n, m = self.n_cols, self.n_rows
        for attr in ("col_lower", "col_upper", "integrality"):
            if getattr(self, attr).shape != (n,):
                raise ValueError(f"MipArrays.{attr} has shape {getattr(self, attr).shape}, expected ({n},)")
        if self.row_upper.shape != (m,) or self.row_start.shape != (m + 1,):
            raise ValueError("MipArrays: row_upper needs one entry per row and row_start one more")
        if self.row_index.shape != self.row_value.shape or self.row_start[-1] != self.row_index.size:
            raise ValueError("MipArrays: row_index and row_value must match row_start")

    @property
    def n_cols(self) -> int:
        """Number of columns."""
        return int(self.objective.size)

    @property
    def n_rows(self) -> int:
        """Number of rows."""
        return int(self.row_lower.size)

    @property
    def all_bounded(self) -> bool:
        """Every column has finite bounds (so no unbounded ray can exist)."""
        return bool(np.isfinite(self.col_lower).all() and np.isfinite(self.col_upper).all())

    def row_activity(self, x: np.ndarray) -> np.ndarray:
        """``A x`` for a column vector ``x``."""
        per_entry = self.row_value * np.asarray(x, dtype=float)[self.row_index]
        row_of_entry = np.repeat(np.arange(self.n_rows), np.diff(self.row_start))
        return np.bincount(row_of_entry, weights=per_entry, minlength=self.n_rows)


@dataclass(frozen=True)
class RowBlock:
    """A run of rows that all come from one rule.

    Attributes
    ----------
    kind : str
        Rule kind, e.g. "total_budget", "direction_min_share", "dependency".
    rule : object
        The rule object from ``problem.rules`` (for names and amounts).
    name : str
        The rule's human name, as the scenario gave it.
    start, stop : int
        Row range ``[start, stop)``.
    subjects : tuple of str
        What each row is about (project, direction, period, region, item id, or
        the rule name), one per row.
    unit : str
        "money" when the row's slack is money, "items" or "projects" for counts.
    relaxable : bool
        True for rules a planner could relax; False for the defining rows of the
        model (links between items and project indicators).
    budget_factor : float or None
        When set, the row's upper bound is this factor times the total budget
        (the budget row itself and the project and region caps).
    scale : float
        Natural size of the rule (its amount, or the budget for shares; 1 for
        counts): the elastic model weighs a slack by ``1 / scale``.
    """

    kind: str
    rule: object
    name: str
    start: int
    stop: int
    subjects: tuple[str, ...]
    unit: str
    relaxable: bool
    budget_factor: float | None = None
    scale: float = 1.0
    row_rules: tuple[object, ...] | None = None

    @property
    def rows(self) -> range:
        """The block's row indices."""
        return range(self.start, self.stop)

    def rule_of(self, offset: int) -> object:
        """The rule behind row ``start + offset`` (blocks of many dependencies or
        exclusive groups hold one rule per row)."""
        return self.row_rules[offset] if self.row_rules is not None else self.rule

    def name_of(self, offset: int) -> str:
        """The name of the rule behind row ``start + offset``."""
        return str(getattr(self.rule_of(offset), "name", self.name))


@dataclass(frozen=True)
class PortfolioModel:
    """A problem's MIP plus the map from rows back to rules.

    Attributes
    ----------
    problem : PortfolioProblem
    mip : MipArrays
    blocks : tuple of RowBlock
    n_items : int
        Columns ``0 .. n_items-1`` are the items, in ``problem.items`` order.
    project_cols : numpy.ndarray
        Column of each project's "supported" indicator, -1 if none.
    slack_cols : numpy.ndarray
        In the elastic model, the slack column of each row (-1 for rows that are
        not relaxable); empty otherwise.
    elastic : bool
    build_seconds : float
        Wall time spent building the arrays.
    """

    problem: PortfolioProblem
    mip: MipArrays
    blocks: tuple[RowBlock, ...]
    n_items: int
    project_cols: np.ndarray
    slack_cols: np.ndarray
    elastic: bool
    build_seconds: float = field(default=0.0, compare=False)

    def block(self, kind: str) -> tuple[RowBlock, ...]:
        """All blocks of one kind."""
        return tuple(b for b in self.blocks if b.kind == kind)


class _Rows:
    """Collects row blocks as (row, col, value) triplets, then packs them."""

    def __init__(self) -> None:
        self.rows: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.blocks: list[RowBlock] = []
        self.n = 0

    def add(
        self,
        kind: str,
        rule: object,
        name: str,
        row: np.ndarray,
        col: np.ndarray,
        val: np.ndarray,
        lower: np.ndarray | float,
        upper: np.ndarray | float,
        subjects: tuple[str, ...],
        unit: str,
        relaxable: bool = True,
        budget_factor: float | None = None,
        scale: float = 1.0,
        row_rules: tuple[object, ...] | None = None,
    ) -> None:
        count = len(subjects)
        if count == 0:
            return
        self.rows.append(np.asarray(row, dtype=np.int64) + self.n)
        self.cols.append(np.asarray(col, dtype=np.int64))
        self.vals.append(np.asarray(val, dtype=float))
        self.lower.append(np.broadcast_to(np.asarray(lower, dtype=float), (count,)))
        self.upper.append(np.broadcast_to(np.asarray(upper, dtype=float), (count,)))
        self.blocks.append(
            RowBlock(kind, rule, name, self.n, self.n + count, subjects, unit, relaxable, budget_factor,
                     float(scale) if scale > 0 else 1.0, row_rules)
        )
        self.n += count

    def pack(self) -> tuple[np.ndarray, ...]:
        if not self.blocks:
            empty_i = np.zeros(0, dtype=np.int64)
            return np.zeros(0), np.zeros(0), np.zeros(1, dtype=np.int64), empty_i, np.zeros(0)
        row = np.concatenate(self.rows)
        col = np.concatenate(self.cols)
        val = np.concatenate(self.vals)
        keep = val != 0.0
        row, col, val = row[keep], col[keep], val[keep]
        order = np.argsort(row, kind="stable")
        counts = np.bincount(row, minlength=self.n)
        start = np.zeros(self.n + 1, dtype=np.int64)
        np.cumsum(counts, out=start[1:])
        return (np.concatenate(self.lower), np.concatenate(self.upper), start, col[order], val[order])


def _lifted_cover(problem: PortfolioProblem) -> np.ndarray:
    """True for items a balanced-package cover row may leave out.

    An item may be left out when a prerequisite in its own project and direction
    stays in (so funding it funds a covering item too). Items are visited in
    order and a prerequisite must still be kept when it is relied on, which keeps
    one member of any dependency cycle.
    """
    dropped = np.zeros(len(problem.items), dtype=bool)
    proj, dirn = problem.project_index, problem.direction_index
    requires: dict[int, list[int]] = {}
    for dep in problem.rules.dependencies:
        b, a = problem.index[dep.item], problem.index[dep.requires]
        if proj[b] >= 0 and proj[a] == proj[b] and dirn[a] == dirn[b]:
            requires.setdefault(b, []).append(a)
    for b in sorted(requires):
        if any(not dropped[a] for a in requires[b]):
            dropped[b] = True
    return dropped


def build_model(problem: PortfolioProblem, *, elastic: bool = False) -> PortfolioModel:
    """Build the MIP of ``problem``.

    Parameters
    ----------
    problem : PortfolioProblem
    elastic : bool
        False: maximise total value subject to every rule (mandatory, forbidden
        and ineligible items become column bounds).
        True: every relaxable rule row gets a non-negative slack column (rules on
        single items become rows so they can be relaxed too) and the objective
        minimises the total slack, each weighed by ``1 / RowBlock.scale``; the
        model is then always feasible.

    Returns
    -------
    PortfolioModel
    """
    started = time.perf_counter()
    rules = problem.rules
    n = len(problem.items)
    cost = problem.total_costs
    proj = problem.project_index
    n_proj = len(problem.projects)
    in_project = np.flatnonzero(proj >= 0)
    eligible = problem.eligible_items
    budget_scale = problem.cap_budget or float(cost.sum()) or 1.0

    need_y = rules.balanced is not None or rules.min_supported_projects is not None
    project_has_items = np.bincount(proj[in_project], minlength=n_proj) > 0
    project_cols = np.full(n_proj, -1, dtype=np.int64)
    if need_y:
        project_cols[project_has_items] = n + np.arange(int(project_has_items.sum()))
    n_cols = n + int((project_cols >= 0).sum())

    col_lower = np.zeros(n_cols)
    col_upper = np.ones(n_cols)
    integrality = np.zeros(n_cols, dtype=bool)
    integrality[:n] = True

    mandatory = np.zeros(n, dtype=bool)
    forbidden = np.zeros(n, dtype=bool)
    if rules.mandatory is not None:
        mandatory[[problem.index[i] for i in rules.mandatory.items]] = True
    if rules.forbidden is not None:
        forbidden[[problem.index[i] for i in rules.forbidden.items]] = True
    blocked = forbidden | ~eligible
    if not elastic:
        col_upper[:n][blocked] = 0.0
        # a mandatory item that is also blocked keeps bounds [0, 0] and gets a row
        # x_i >= 1 below: crossed bounds (lower 1 > upper 0) make CBC fail outright
        col_lower[:n][mandatory & ~blocked] = 1.0
        if need_y:
            ok_project = np.ones(n_proj, dtype=bool)
            if rules.eligibility is not None:
                ok_project = np.array([p in rules.eligibility.eligible for p in problem.projects], dtype=bool)
            has = project_cols >= 0
            col_upper[project_cols[has]] = np.where(ok_project[has], 1.0, 0.0)

    rows = _Rows()
    all_items = np.arange(n)

    # ---- budgets
    if rules.total_budget is not None:
        rule = rules.total_budget
        rows.add("total_budget", rule, rule.name, np.zeros(n, dtype=np.int64), all_items, cost,
                 -np.inf, rule.amount, ("total",), "money", budget_factor=1.0, scale=rule.amount)
    for rule in rules.period_budgets:
        t = problem.periods.index(rule.period)
        rows.add("period_budget", rule, rule.name, np.zeros(n, dtype=np.int64), all_items,
                 problem.cost_matrix[:, t], -np.inf, rule.amount, (rule.period,), "money", scale=rule.amount)

    # ---- spend per direction
    for rule in rules.direction_spend:
        in_dir = (problem.direction_index == problem.directions.index(rule.direction)).astype(float)
        zero = np.zeros(n, dtype=np.int64)
        label = (rule.direction,)
        if rule.min_share is not None:
            rows.add("direction_min_share", rule, rule.name, zero, all_items, cost * (in_dir - rule.min_share),
                     0.0, np.inf, label, "money", scale=budget_scale)
        if rule.max_share is not None:
            rows.add("direction_max_share", rule, rule.name, zero, all_items, cost * (in_dir - rule.max_share),
                     -np.inf, 0.0, label, "money", scale=budget_scale)
        members = np.flatnonzero(in_dir)
        zero_m = np.zeros(members.size, dtype=np.int64)
        if rule.min_amount is not None:
            rows.add("direction_min_amount", rule, rule.name, zero_m, members, cost[members],
                     rule.min_amount, np.inf, label, "money", scale=rule.min_amount)
        if rule.max_amount is not None:
            rows.add("direction_max_amount", rule, rule.name, zero_m, members, cost[members],
                     -np.inf, rule.max_amount, label, "money", scale=rule.max_amount)

    # ---- balanced packages: links x_i <= y_p, then one cover row per (project, direction)
    item_proj = proj[in_project]
    if need_y:
        y_of_item = project_cols[item_proj]
        link_rows = np.repeat(np.arange(in_project.size), 2)
        link_cols = np.column_stack([in_project, y_of_item]).ravel()
        link_vals = np.tile([1.0, -1.0], in_project.size)
        if rules.balanced is not None:
            rows.add("project_link", rules.balanced, rules.balanced.name, link_rows, link_cols, link_vals,
                     -np.inf, 0.0, tuple(problem.items[i].id for i in in_project), "items", relaxable=False)
    if rules.balanced is not None:
        rule = rules.balanced
        dropped = _lifted_cover(problem) if not elastic else np.zeros(n, dtype=bool)
        needed = [problem.directions.index(d) for d in problem.balanced_directions]
        supported = np.flatnonzero(project_cols >= 0)
        # row r covers project supported[r // D] and direction needed[r % D]
        n_dir = len(needed)
        dpos = np.full(len(problem.directions), -1, dtype=np.int64)
        dpos[needed] = np.arange(n_dir)
        take_arr = in_project[~dropped[in_project] & (dpos[problem.direction_index[in_project]] >= 0)]
        pos_of_project = np.full(n_proj, -1, dtype=np.int64)
        pos_of_project[supported] = np.arange(supported.size)
        item_rows = pos_of_project[proj[take_arr]] * n_dir + dpos[problem.direction_index[take_arr]]
        y_rows = np.arange(supported.size * n_dir)
        y_cols = np.repeat(project_cols[supported], n_dir)
        subjects = tuple(
            f"{problem.projects[p]} / {problem.direction_label(problem.directions[d])}"
            for p in supported for d in needed
        )
        rows.add("balanced", rule, rule.name, np.concatenate([item_rows, y_rows]),
                 np.concatenate([take_arr, y_cols]),
                 np.concatenate([np.ones(take_arr.size), -np.ones(y_rows.size)]),
                 0.0, np.inf, subjects, "items")

    # ---- at most k items per project
    if rules.max_items_per_project is not None:
        rule = rules.max_items_per_project
        k = float(rule.limit)
        present = np.flatnonzero(project_has_items)
        pos = np.full(n_proj, -1, dtype=np.int64)
        pos[present] = np.arange(present.size)
        item_rows = pos[item_proj]
        subjects = tuple(problem.projects[p] for p in present)
        if rules.balanced is not None:
            # sum x <= k y_p: same integer set, tighter LP when y_p is fractional
            rows.add("max_items", rule, rule.name,
                     np.concatenate([item_rows, np.arange(present.size)]),
                     np.concatenate([in_project, project_cols[present]]),
                     np.concatenate([np.ones(in_project.size), np.full(present.size, -k)]),
                     -np.inf, 0.0, subjects, "items", scale=k)
        else:
            rows.add("max_items", rule, rule.name, item_rows, in_project, np.ones(in_project.size),
                     -np.inf, k, subjects, "items", scale=k)

    # ---- caps on the share of the budget per project and per region
    cap_budget = problem.cap_budget
    if rules.project_share_cap is not None and cap_budget is not None:
        rule = rules.project_share_cap
        present = np.flatnonzero(project_has_items)
        pos = np.full(n_proj, -1, dtype=np.int64)
        pos[present] = np.arange(present.size)
        rows.add("project_cap", rule, rule.name, pos[item_proj], in_project, cost[in_project],
                 -np.inf, rule.max_share * cap_budget, tuple(problem.projects[p] for p in present), "money",
                 budget_factor=rule.max_share, scale=max(rule.max_share * cap_budget, 1e-9))
    if rules.region_share_cap is not None and cap_budget is not None:
        rule = rules.region_share_cap
        reg = problem.region_index
        with_region = np.flatnonzero(reg >= 0)
        _, row = np.unique(reg[with_region], return_inverse=True)
        present = np.unique(reg[with_region])
        rows.add("region_cap", rule, rule.name, row, with_region, cost[with_region],
                 -np.inf, rule.max_share * cap_budget, tuple(problem.regions[r] for r in present), "money",
                 budget_factor=rule.max_share, scale=max(rule.max_share * cap_budget, 1e-9))

    # ---- dependencies and exclusive groups
    # (one block each, built in bulk: a scenario may hold thousands of them)
    deps = rules.dependencies
    if deps:
        index = problem.index
        pairs = np.array([(index[d.item], index[d.requires]) for d in deps], dtype=np.int64)
        rows.add("dependency", deps[0], "dependencies", np.repeat(np.arange(len(deps)), 2), pairs.ravel(),
                 np.tile([1.0, -1.0], len(deps)), -np.inf, 0.0, tuple(d.item for d in deps), "items",
                 row_rules=deps)
    groups = rules.exclusive_groups
    if groups:
        index = problem.index
        sizes = np.array([len(g.items) for g in groups], dtype=np.int64)
        members = np.array([index[i] for g in groups for i in g.items], dtype=np.int64)
        rows.add("exclusive", groups[0], "exclusive groups", np.repeat(np.arange(len(groups)), sizes), members,
                 np.ones(members.size), -np.inf, 1.0, tuple(g.name for g in groups), "items", row_rules=groups)

    # ---- minimum number of supported projects
    if rules.min_supported_projects is not None:
        rule = rules.min_supported_projects
        supported = np.flatnonzero(project_cols >= 0)
        if rules.balanced is None or elastic:
            # y_p <= sum of the project's items, so y_p counts only funded projects
            # (the cover rows imply it under balanced packages, unless relaxed)
            pos = np.full(n_proj, -1, dtype=np.int64)
            pos[supported] = np.arange(supported.size)
            rows.add("supported_link", rule, rule.name,
                     np.concatenate([pos[item_proj], np.arange(supported.size)]),
                     np.concatenate([in_project, project_cols[supported]]),
                     np.concatenate([-np.ones(in_project.size), np.ones(supported.size)]),
                     -np.inf, 0.0, tuple(problem.projects[p] for p in supported), "projects", relaxable=False)
        rows.add("min_projects", rule, rule.name, np.zeros(supported.size, dtype=np.int64),
                 project_cols[supported], np.ones(supported.size), float(rule.count), np.inf,
                 (rule.name,), "projects", scale=max(rule.count, 1))

    # ---- mandatory items that another rule blocks: an honest infeasible row
    if not elastic and rules.mandatory is not None:
        members = np.flatnonzero(mandatory & blocked)
        rows.add("mandatory", rules.mandatory, rules.mandatory.name, np.arange(members.size), members,
                 np.ones(members.size), 1.0, np.inf, tuple(problem.items[i].id for i in members), "items")

    # ---- rules on single items become rows in the elastic model
    if elastic:
        for mask, kind, rule, lo, hi in (
            (mandatory, "mandatory", rules.mandatory, 1.0, np.inf),
            (forbidden, "forbidden", rules.forbidden, -np.inf, 0.0),
            (~eligible, "ineligible", rules.eligibility, -np.inf, 0.0),
        ):
            members = np.flatnonzero(mask)
            if members.size and rule is not None:
                rows.add(kind, rule, rule.name, np.arange(members.size), members, np.ones(members.size),
                         lo, hi, tuple(problem.items[i].id for i in members), "items")

    row_lower, row_upper, row_start, row_index, row_value = rows.pack()
    objective = np.zeros(n_cols)
    slack_cols = np.zeros(0, dtype=np.int64)
    if not elastic:
        objective[:n] = problem.values
    else:
        slack_cols = np.full(rows.n, -1, dtype=np.int64)
        weights: list[np.ndarray] = []
        signs: list[np.ndarray] = []
        relax_rows: list[np.ndarray] = []
        for blk in rows.blocks:
            if not blk.relaxable:
                continue
            r = np.arange(blk.start, blk.stop)
            relax_rows.append(r)
            # a ">=" row takes +s, a "<=" row -s
            signs.append(np.where(np.isfinite(row_lower[r]), 1.0, -1.0))
            weights.append(np.full(r.size, 1.0 / blk.scale))
        if relax_rows:
            r_all = np.concatenate(relax_rows)
            s_cols = n_cols + np.arange(r_all.size)
            slack_cols[r_all] = s_cols
            n_cols += r_all.size
            objective = np.concatenate([objective, -np.concatenate(weights)])
            col_lower = np.concatenate([col_lower, np.zeros(r_all.size)])
            col_upper = np.concatenate([col_upper, np.full(r_all.size, np.inf)])
            integrality = np.concatenate([integrality, np.zeros(r_all.size, dtype=bool)])
            row_start, row_index, row_value = _append_entries(
                row_start, row_index, row_value, r_all, s_cols, np.concatenate(signs)
            )

    mip = MipArrays(objective, col_lower, col_upper, integrality, row_lower, row_upper,
                    row_start, row_index, row_value, maximize=True)
    return PortfolioModel(problem, mip, tuple(rows.blocks), n, _ro(project_cols), _ro(slack_cols),
                          elastic, time.perf_counter() - started)


def _append_entries(
    start: np.ndarray, index: np.ndarray, value: np.ndarray,
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Add one entry per listed row to a row-wise matrix."""
    n_rows = start.size - 1
    old_rows = np.repeat(np.arange(n_rows), np.diff(start))
    all_rows = np.concatenate([old_rows, rows])
    all_cols = np.concatenate([index, cols])
    all_vals = np.concatenate([value, vals])
    order = np.argsort(all_rows, kind="stable")
    counts = np.bincount(all_rows, minlength=n_rows)
    new_start = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(counts, out=new_start[1:])
    return new_start, all_cols[order], all_vals[order]
