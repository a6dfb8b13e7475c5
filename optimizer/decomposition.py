"""The portfolio model split into per-project blocks and the rows that couple them.

Most rules bind one project's items only (balanced package, at most k measures,
dependencies and exclusive groups inside a project, mandatory and forbidden
items, eligibility, the cap per project). A few rows tie projects together (the
budgets, the spend per direction, the caps per region, the minimum number of
supported projects, and dependencies or exclusive groups that span projects or
region-wide items). Given prices on the coupling rows, each project then picks
its best *package* (a feasible subset of its items) on its own; this module
describes the blocks, their feasible packages, and how to find the best one.

Projects whose local rules have the same shape (the same directions in the same
order, the same dependencies and groups by position, the same blocked and
mandatory positions) share one table of packages, so a price change costs one
matrix product per shape. With only a balanced-package rule and a limit k the
best package is found greedily (``best_greedy``), without a table.

Columns are those of ``optimizer.model``: item ``i`` is column ``i``; a project's
"supported" indicator ``y_p`` is ``model.project_cols[p]`` and equals 1 exactly
when its package is not empty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from optimizer.model import PortfolioModel

__all__ = [
    "COUPLING_KINDS",
    "LOCAL_KINDS",
    "Decomposition",
    "NotDecomposable",
    "PackageGroup",
    "best_greedy",
    "best_packages",
    "decompose",
    "enumerate_packages",
    "greedy_rule",
]

COUPLING_KINDS = frozenset({
    "total_budget", "period_budget", "direction_min_share", "direction_max_share",
    "direction_min_amount", "direction_max_amount", "region_cap", "min_projects",
})
"""Row kinds of ``optimizer.model`` that always tie projects together."""

LOCAL_KINDS = frozenset({
    "project_link", "balanced", "max_items", "project_cap", "supported_link", "mandatory",
})
"""Row kinds that bind one project (or one region-wide item) only; dependencies and
exclusive groups are local when all their items are in one project."""

MAX_CANDIDATES = 300_000
"""Subsets of one project's items we are willing to enumerate (2**18 and a bit)."""

MAX_PACKAGES = 20_000
"""Feasible packages per project shape beyond which the decomposition is refused
(each price change costs projects x packages operations)."""

_CHUNK = 4096  # projects per matrix product (keeps the score matrix ~ 15 MB)
_MAX_WIDTH = 62  # items per project: a package is a bit code in an int64


class NotDecomposable(Exception):
    """The model has a rule the decomposition does not handle; the message says which."""


@dataclass(frozen=True)
class PackageGroup:
    """Projects that share one shape of local rules, and that shape's packages.

    Attributes
    ----------
    projects : numpy.ndarray
        Project positions (in ``problem.projects``), shape (P,).
    item_cols : numpy.ndarray
        Item columns of each project in problem order, shape (P, m).
    y_cols : numpy.ndarray
        Column of each project's "supported" indicator, -1 when the model has none.
    packages : numpy.ndarray or None
        Feasible packages as rows of 0/1 over the m positions, shape (K, m); None
        when ``greedy`` is set.
    codes : numpy.ndarray or None
        Each package as a bit code (bit j = position j), shape (K,).
    allowed : numpy.ndarray or None
        Per-project feasibility of each package (the cap per project depends on
        the project's costs), shape (P, K); None when every package suits every project.
    greedy : tuple or None
        ``(required, k)`` when the best package is found greedily: ``required``
        is a (D, m) boolean matrix (one row per direction a supported project
        must cover; one row of all positions when only "some item" is needed)
        and ``k`` the item limit. Blocked positions are False in every row.
    blocked : numpy.ndarray
        Positions that can never be funded (forbidden, ineligible), shape (m,).
    """

    projects: np.ndarray
    item_cols: np.ndarray
    y_cols: np.ndarray
    packages: np.ndarray | None
    codes: np.ndarray | None
    allowed: np.ndarray | None
    greedy: tuple[np.ndarray, int] | None
    blocked: np.ndarray

    @property
    def width(self) -> int:
        """Items per project in this group."""
        return int(self.item_cols.shape[1])


@dataclass(frozen=True)
class Decomposition:
    """Blocks and coupling rows of one model.

    Attributes
    ----------
    model : PortfolioModel
    groups : tuple of PackageGroup
    single_cols : numpy.ndarray
        Region-wide item columns (each a block of its own).
    single_lower, single_upper : numpy.ndarray
        Their bounds (0/1).
    rows : numpy.ndarray
        Model rows that couple blocks, shape (R,).
    row_lower, row_upper : numpy.ndarray
        Their bounds (±inf where open).
    entry_row, entry_col, entry_value : numpy.ndarray
        The coupling rows' nonzeros: row position in ``rows`` (not the model row),
        column, coefficient.
    """

    model: PortfolioModel
    groups: tuple[PackageGroup, ...]
    single_cols: np.ndarray
    single_lower: np.ndarray
    single_upper: np.ndarray
    rows: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    entry_row: np.ndarray
    entry_col: np.ndarray
    entry_value: np.ndarray

    @property
    def n_rows(self) -> int:
        """Number of coupling rows."""
        return int(self.rows.size)

    @property
    def n_projects(self) -> int:
        """Number of projects over all groups."""
        return int(sum(g.projects.size for g in self.groups))

    def activity(self, x: np.ndarray) -> np.ndarray:
        """Coupling row activities ``A x`` for a column vector ``x``."""
        return np.bincount(self.entry_row, weights=self.entry_value * x[self.entry_col], minlength=self.n_rows)

    def price(self, u: np.ndarray) -> np.ndarray:
        """``A^T u``: what the coupling rows charge each column at prices ``u``."""
        return np.bincount(self.entry_col, weights=self.entry_value * u[self.entry_row],
                           minlength=self.model.mip.n_cols)


# ------------------------------------------------------------------ packages
def _subsets(m: int, k: int) -> np.ndarray:
    """Every subset of ``m`` positions with at most ``k`` members, as (K, m) booleans."""
    if m <= 20:
        codes = np.arange(2**m, dtype=np.int64)
        bits = ((codes[:, None] >> np.arange(m, dtype=np.int64)) & 1).astype(bool)
        return bits[bits.sum(axis=1) <= k]
    import itertools

    rows = [np.zeros(m, dtype=bool)]
    for size in range(1, k + 1):
        for combo in itertools.combinations(range(m), size):
            row = np.zeros(m, dtype=bool)
            row[list(combo)] = True
            rows.append(row)
    return np.array(rows, dtype=bool).reshape(-1, m)


def _candidates(m: int, k: int) -> int:
    return sum(math.comb(m, j) for j in range(min(k, m) + 1))


def enumerate_packages(
    directions: np.ndarray,
    required: tuple[int, ...] | None,
    k: int | None,
    dependencies: tuple[tuple[int, int], ...],
    groups: tuple[tuple[int, ...], ...],
    mandatory: np.ndarray,
    blocked: np.ndarray,
    y_blocked: bool,
) -> np.ndarray:
    """Every package of one project shape that keeps its local rules.

    Parameters
    ----------
    directions : numpy.ndarray
        Direction code of each position, shape (m,).
    required : tuple of int or None
        Directions a supported project must cover (balanced package); None without the rule.
    k : int or None
        At most this many items; None without the rule.
    dependencies : tuple of (int, int)
        ``(b, a)``: position b only with position a.
    groups : tuple of tuple of int
        At most one position of each group.
    mandatory, blocked : numpy.ndarray
        Positions that must be / can never be funded, shape (m,).
    y_blocked : bool
        The project may not be supported at all.

    Returns
    -------
    numpy.ndarray
        Feasible packages as rows of booleans, shape (K, m); K may be 0.

    Raises
    ------
    NotDecomposable
        When there are too many subsets to enumerate.
    """
    m = int(directions.size)
    limit = m if k is None else min(k, m)
    if _candidates(m, limit) > MAX_CANDIDATES:
        raise NotDecomposable(
            f"a project has {m} items and up to {limit} may be funded: "
            f"{_candidates(m, limit):,} packages to enumerate, more than {MAX_CANDIDATES:,}"
        )
    S = _subsets(m, limit)
    ok = ~S[:, blocked].any(axis=1) & S[:, mandatory].all(axis=1)
    nonempty = S.any(axis=1)
    if y_blocked:
        ok &= ~nonempty
    if required is not None:
        for d in required:
            ok &= ~nonempty | S[:, directions == d].any(axis=1)
    for b, a in dependencies:
        ok &= ~S[:, b] | S[:, a]
    for group in groups:
        ok &= S[:, list(group)].sum(axis=1) <= 1
    return S[ok]


def greedy_rule(directions: np.ndarray, required: tuple[int, ...] | None, blocked: np.ndarray) -> np.ndarray:
    """The ``required`` matrix of ``best_greedy`` for one project shape.

    One row per direction a supported project must cover (its unblocked
    positions); without a balanced-package rule one row of all unblocked
    positions, since a supported project has at least one item.
    """
    m = int(directions.size)
    if required is None:
        return (~blocked)[None, :].copy()
    return np.array([(directions == d) & ~blocked for d in required], dtype=bool).reshape(-1, m)


def best_greedy(
    reduced: np.ndarray, y_reduced: np.ndarray, required: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Best package per project under a balanced-package rule and an item limit.

    For each required direction the project's best item of that direction is
    taken (even at a loss), then the best remaining items with positive reduced
    profit up to ``k`` in all; the package is kept if it beats the empty one.
    Exchange argument: any feasible package holds one item per required
    direction and swapping it for that direction's best item loses nothing, and
    the rest is a plain "best k - D" choice.

    Parameters
    ----------
    reduced : numpy.ndarray
        Reduced profit per project and position, shape (P, m); -inf where blocked.
    y_reduced : numpy.ndarray
        Reduced profit of being supported, per project, shape (P,).
    required : numpy.ndarray
        (D, m) booleans, one row per direction to cover (see ``PackageGroup.greedy``).
    k : int
        At most this many items.

    Returns
    -------
    chosen : numpy.ndarray
        (P, m) booleans.
    score : numpy.ndarray
        The chosen packages' reduced profit (0 for the empty package), shape (P,).
    """
    P, m = reduced.shape
    D = required.shape[0]
    chosen = np.zeros((P, m), dtype=bool)
    if D > k or not required.any(axis=1).all():
        return chosen, np.zeros(P)
    rows = np.arange(P)
    forced_score = np.zeros(P)
    for d in range(D):
        masked = np.where(required[d][None, :], reduced, -np.inf)
        pick = masked.argmax(axis=1)
        chosen[rows, pick] = True
        forced_score += masked[rows, pick]
    rest = np.where(chosen, -np.inf, reduced)
    extra = k - D
    score = forced_score + y_reduced
    if extra > 0:
        order = np.argsort(-rest, axis=1, kind="stable")[:, :extra]
        top = np.take_along_axis(rest, order, axis=1)
        take = top > 0
        score = score + np.where(take, top, 0.0).sum(axis=1)
        extra_chosen = np.zeros((P, m), dtype=bool)
        np.put_along_axis(extra_chosen, order, take, axis=1)
        chosen |= extra_chosen
    feasible = np.isfinite(forced_score)
    keep = feasible & (score > 0)
    chosen &= keep[:, None]
    return chosen, np.where(keep, score, 0.0)


def best_packages(group: PackageGroup, reduced: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each project's best package at the reduced profits of every column.

    Parameters
    ----------
    group : PackageGroup
    reduced : numpy.ndarray
        Reduced profit of every model column, shape (n_cols,).

    Returns
    -------
    chosen : numpy.ndarray
        (P, m) booleans.
    score : numpy.ndarray
        Reduced profit of each chosen package, shape (P,); -inf for a project
        with no feasible package.
    codes : numpy.ndarray
        The chosen packages as bit codes, shape (P,).
    """
    R = reduced[group.item_cols]
    y_red = np.where(group.y_cols >= 0, reduced[np.maximum(group.y_cols, 0)], 0.0)
    weights = np.int64(1) << np.arange(group.width, dtype=np.int64)
    if group.greedy is not None:
        required, k = group.greedy
        R = np.where(group.blocked[None, :], -np.inf, R)
        chosen, score = best_greedy(R, y_red, required, k)
        return chosen, score, chosen.astype(np.int64) @ weights
    packages = group.packages
    assert packages is not None and group.codes is not None
    P = R.shape[0]
    M = packages.T.astype(float)
    nonempty = packages.any(axis=1).astype(float)
    best = np.empty(P, dtype=np.int64)
    score = np.empty(P)
    for lo in range(0, P, _CHUNK):
        hi = min(lo + _CHUNK, P)
        s = R[lo:hi] @ M + y_red[lo:hi, None] * nonempty[None, :]
        if group.allowed is not None:
            s = np.where(group.allowed[lo:hi], s, -np.inf)
        b = s.argmax(axis=1)
        best[lo:hi] = b
        score[lo:hi] = s[np.arange(hi - lo), b]
    return packages[best], score, group.codes[best]


# ------------------------------------------------------------------ decompose
def decompose(model: PortfolioModel) -> Decomposition:
    """Split ``model`` (not elastic) into project blocks and coupling rows.

    Raises
    ------
    NotDecomposable
        For an elastic model, a row kind the decomposition does not know, a
        project with too many packages, or a block with no feasible package (an
        infeasible problem: the MIP path says so in the planner's words).
    """
    if model.elastic:
        raise NotDecomposable("the elastic model is not decomposed")
    problem = model.problem
    mip = model.mip
    rules = problem.rules
    n = model.n_items
    proj = problem.project_index
    n_proj = len(problem.projects)
    block_of = np.full(mip.n_cols, -1, dtype=np.int64)
    block_of[:n] = np.where(proj >= 0, proj, n_proj + np.arange(n))
    has_y = model.project_cols >= 0
    block_of[model.project_cols[has_y]] = np.flatnonzero(has_y)
    if (block_of < 0).any():
        raise NotDecomposable("the model has columns that belong to no project or item")

    # ---- classify rows
    row_of_entry = np.repeat(np.arange(mip.n_rows), np.diff(mip.row_start))
    coupling = np.zeros(mip.n_rows, dtype=bool)
    local_dep: list[tuple[int, int]] = []
    local_group: list[tuple[int, ...]] = []
    forced_rows: list[int] = []
    starts = mip.row_start
    for blk in model.blocks:
        if blk.kind in COUPLING_KINDS:
            coupling[blk.start:blk.stop] = True
        elif blk.kind in ("dependency", "exclusive"):
            a, b = int(starts[blk.start]), int(starts[blk.stop])
            owners = block_of[mip.row_index[a:b]]
            offsets = starts[blk.start:blk.stop] - a
            low = np.minimum.reduceat(owners, offsets)
            high = np.maximum.reduceat(owners, offsets)
            spans = (low != high) | (low >= n_proj)
            coupling[blk.start:blk.stop] = spans
            for r in (blk.start + np.flatnonzero(~spans)).tolist():
                cols = mip.row_index[starts[r]:starts[r + 1]].tolist()
                vals = mip.row_value[starts[r]:starts[r + 1]].tolist()
                if blk.kind == "dependency":  # x_item - x_requires <= 0
                    local_dep.append((cols[vals.index(1.0)], cols[vals.index(-1.0)]))
                else:
                    local_group.append(tuple(cols))
        elif blk.kind == "mandatory":
            forced_rows.extend(blk.rows)
        elif blk.kind not in LOCAL_KINDS:
            raise NotDecomposable(f"rows of kind {blk.kind!r} are not handled by the decomposition")

    col_lower = np.array(mip.col_lower)
    col_upper = np.array(mip.col_upper)
    for r in forced_rows:  # a mandatory item another rule blocks: lower 1 on top of upper 0
        for c in mip.row_index[mip.row_start[r]:mip.row_start[r + 1]]:
            col_lower[c] = 1.0
    if (col_lower > col_upper).any():
        raise NotDecomposable("a mandatory item is also blocked (the problem is infeasible)")

    # ---- singles: region-wide items
    singles = np.flatnonzero(proj < 0)

    # ---- project shapes
    members = [[] for _ in range(n_proj)]  # type: list[list[int]]
    for i in np.flatnonzero(proj >= 0).tolist():
        members[proj[i]].append(i)
    deps_of: dict[int, list[tuple[int, int]]] = {}
    for b, a in local_dep:
        deps_of.setdefault(int(proj[b]), []).append((b, a))
    groups_of: dict[int, list[tuple[int, ...]]] = {}
    for g in local_group:
        groups_of.setdefault(int(proj[g[0]]), []).append(g)
    required = None
    if rules.balanced is not None:
        required = tuple(problem.directions.index(d) for d in problem.balanced_directions)
    k = rules.max_items_per_project.limit if rules.max_items_per_project is not None else None
    has_cap = any(b.kind == "project_cap" for b in model.blocks)
    cap_limit = None
    if has_cap:
        blk = model.block("project_cap")[0]
        cap_limit = float(mip.row_upper[blk.start])
    dirn = problem.direction_index

    shapes: dict[tuple, list[int]] = {}
    for p in range(n_proj):
        cols = members[p]
        pos = {c: j for j, c in enumerate(cols)}
        ycol = int(model.project_cols[p])
        key = (
            tuple(int(dirn[c]) for c in cols),
            tuple(sorted((pos[b], pos[a]) for b, a in deps_of.get(p, ()))),
            tuple(sorted(tuple(sorted(pos[i] for i in g)) for g in groups_of.get(p, ()))),
            tuple(j for j, c in enumerate(cols) if col_lower[c] > 0.5),
            tuple(j for j, c in enumerate(cols) if col_upper[c] < 0.5),
            bool(ycol >= 0 and col_upper[ycol] < 0.5),
        )
        shapes.setdefault(key, []).append(p)

    out_groups = []
    for (dirs, deps, grps, mand, blocked_pos, y_blocked), projects in shapes.items():
        m = len(dirs)
        if m > _MAX_WIDTH:
            raise NotDecomposable(f"a project has {m} items; packages are coded in {_MAX_WIDTH} bits")
        directions = np.array(dirs, dtype=np.int64)
        mandatory = np.zeros(m, dtype=bool)
        mandatory[list(mand)] = True
        blocked = np.zeros(m, dtype=bool)
        blocked[list(blocked_pos)] = True
        if y_blocked:
            blocked[:] = True
        p_arr = np.array(projects, dtype=np.int64)
        item_cols = np.array([members[p] for p in projects], dtype=np.int64).reshape(len(projects), m)
        y_cols = model.project_cols[p_arr]
        limit = m if k is None else min(k, m)
        if not deps and not grps and not mand and not has_cap:
            req = greedy_rule(directions, required, blocked)
            out_groups.append(PackageGroup(p_arr, item_cols, y_cols, None, None, None, (req, limit), blocked))
            continue
        packages = enumerate_packages(directions, required, k, deps, grps, mandatory, blocked, y_blocked)
        if packages.shape[0] == 0:
            raise NotDecomposable("a project has no package that keeps its own rules (the problem is infeasible)")
        if packages.shape[0] > MAX_PACKAGES:
            raise NotDecomposable(
                f"a project has {packages.shape[0]:,} feasible packages, more than {MAX_PACKAGES:,}"
            )
        codes = packages.astype(np.int64) @ (np.int64(1) << np.arange(m, dtype=np.int64))
        allowed = None
        if has_cap and cap_limit is not None:
            cost = problem.total_costs[item_cols]
            spend = cost @ packages.T.astype(float)
            allowed = spend <= cap_limit + 1e-9 * max(1.0, abs(cap_limit))
            if not allowed.any(axis=1).all():
                raise NotDecomposable("a project has no package within the cap per project (infeasible)")
        out_groups.append(PackageGroup(p_arr, item_cols, y_cols, packages, codes, allowed, None, blocked))

    # ---- coupling rows, as entries
    rows = np.flatnonzero(coupling)
    pos = np.full(mip.n_rows, -1, dtype=np.int64)
    pos[rows] = np.arange(rows.size)
    take = coupling[row_of_entry]
    return Decomposition(
        model=model,
        groups=tuple(out_groups),
        single_cols=singles,
        single_lower=col_lower[singles],
        single_upper=col_upper[singles],
        rows=rows,
        row_lower=np.array(mip.row_lower[rows]),
        row_upper=np.array(mip.row_upper[rows]),
        entry_row=pos[row_of_entry[take]],
        entry_col=np.array(mip.row_index[take]),
        entry_value=np.array(mip.row_value[take]),
    )
