"""Lagrangian relaxation of the coupling rows: a bound, and portfolios from it.

Bound. Price the coupling rows (``optimizer.decomposition``) with multipliers
``lam_up >= 0`` on their upper sides and ``lam_low >= 0`` on their lower sides.
For any such prices

    L(lam) = sum_r (lam_up_r * upper_r - lam_low_r * lower_r)
             + sum over blocks of max over the block's packages of (c - A^T u) x,
    u = lam_up - lam_low,

is an upper bound on the best total value (every feasible portfolio keeps the
coupling rows, so the priced terms are >= 0 on it, and each block's term is at
least what that portfolio's package earns). ``L`` is convex and piecewise linear;
its minimum equals the LP bound over the convex hulls of the blocks' package sets
(Geoffrion 1974, "Lagrangean relaxation for integer programming", Math. Prog.
Study 2, Theorem 1), which is never weaker than the model's LP relaxation.
It is minimised with a trust-region bundle method (cutting planes in an
infinity-norm box around the best point so far; Linderoth & Wright 2003,
"Decomposition algorithms for stochastic programming on a computational grid",
Comput. Optim. Appl. 24, section 3). Every reported bound is a value of ``L``
at a point that was evaluated, plus an allowance for rounding.

Infeasibility. No 0/1 selection is worth less than the sum of the negative item
values; an ``L`` below that proves that no portfolio keeps every rule (the
priced rows are a certificate, as a Farkas ray is for an LP).

Portfolios. The cutting-plane master's duals weigh the Lagrangian solutions
into a point of the convex-hull relaxation (Dantzig-Wolfe). Projects whose
package is the same in every solution with weight are fixed to it; the others,
the projects whose package changed most often while the dual converged (1 % of
the projects, at least 20), and all region-wide items are handed with the
coupling rows to the MIP solver as a small restricted MIP
(``optimizer.restricted``). Its portfolio keeps every rule of the full model
(only columns were fixed) and is checked again by the caller. When the gap is
not reached, the dual is tightened once and the free part doubled (fixing the
rest to the incumbent, so a round can only improve it) while it stays under
``_MAX_FREE_SHARE`` of the projects; past that the caller hands the whole model
to the solver with the incumbent as its start (``optimizer.portfolio``).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from optimizer.decomposition import Decomposition, best_packages
from optimizer.restricted import restrict
from optimizer.solvers import SolverBackend, _highspy

__all__ = ["DualState", "LagrangianResult", "lagrangian_bound", "lagrangian_search"]

ROUNDING = 1e-9
"""Relative allowance added to every evaluated L for floating-point rounding
(errors of the sums are ~1e-13 relative; this keeps the bound provably above)."""

_SERIOUS = 0.1   # fraction of the predicted decrease a step must achieve to move the centre
_MAX_CUTS = 400
_MAX_ROUNDS = 4
_MAX_FREE_SHARE = 0.3


@dataclass
class _Point:
    mu_up: np.ndarray
    mu_low: np.ndarray
    value: float
    cut_activity: np.ndarray
    cut_value: float
    codes: list[np.ndarray]


@dataclass
class DualState:
    """A Lagrangian dual being minimised; can be resumed.

    Multipliers are kept scaled: ``lam = scale * mu`` with ``scale_r`` = the
    largest item value over the largest coefficient of row ``r``, so that a unit
    of ``mu`` moves reduced profits by about one item's value in every row.
    """

    decomp: Decomposition
    scale: np.ndarray = field(init=False)
    has_up: np.ndarray = field(init=False)
    has_low: np.ndarray = field(init=False)
    best: _Point | None = field(init=False, default=None)
    centre: _Point | None = field(init=False, default=None)
    delta: float = field(init=False, default=1.0)
    cuts: list[_Point] = field(init=False, default_factory=list)
    weights: np.ndarray = field(init=False)
    iterations: int = field(init=False, default=0)
    converged: bool = field(init=False, default=False)
    infeasible: bool = field(init=False, default=False)
    floor: float = field(init=False, default=-math.inf)
    seconds: float = field(init=False, default=0.0)
    flips: list[np.ndarray] = field(init=False, default_factory=list)
    _null_worse: int = field(init=False, default=0)
    _master: object = field(init=False, default=None)
    _last_codes: list[np.ndarray] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        d = self.decomp
        c = d.model.mip.objective
        vmax = float(np.abs(c).max()) or 1.0
        amax = np.zeros(d.n_rows)
        np.maximum.at(amax, d.entry_row, np.abs(d.entry_value))
        self.scale = np.where(amax > 0, vmax / np.where(amax > 0, amax, 1.0), 1.0)
        self.has_up = np.isfinite(d.row_upper)
        self.has_low = np.isfinite(d.row_lower)
        self.weights = np.zeros(0)
        self.flips = [np.zeros(g.projects.size) for g in d.groups]
        # no 0/1 point is worth less than its negative values together: an L
        # below that proves that no portfolio keeps every rule
        item_values = c[: d.model.n_items]
        self.floor = float(math.fsum(np.minimum(item_values, 0.0)) - ROUNDING * (np.abs(item_values).sum() + 1.0))

    # -------------------------------------------------------------- evaluation
    def evaluate(self, mu_up: np.ndarray, mu_low: np.ndarray) -> _Point:
        """``L`` at scaled multipliers, with the Lagrangian solution's cut data."""
        d = self.decomp
        mip = d.model.mip
        mu_up = np.where(self.has_up, np.maximum(mu_up, 0.0), 0.0)
        mu_low = np.where(self.has_low, np.maximum(mu_low, 0.0), 0.0)
        lam_up, lam_low = self.scale * mu_up, self.scale * mu_low
        u = lam_up - lam_low
        c = mip.objective
        reduced = c - d.price(u)
        upper = np.where(self.has_up, d.row_upper, 0.0)
        lower = np.where(self.has_low, d.row_lower, 0.0)
        const_terms = np.concatenate([lam_up * upper, -lam_low * lower])
        x = np.zeros(mip.n_cols)
        total = math.fsum(const_terms)
        size = float(np.abs(const_terms).sum())
        codes = []
        for g in d.groups:
            chosen, score, code = best_packages(g, reduced)
            x[g.item_cols] = chosen
            has_y = g.y_cols >= 0
            x[g.y_cols[has_y]] = chosen[has_y].any(axis=1)
            total += math.fsum(score)
            codes.append(code)
        r_single = reduced[d.single_cols]
        xs = np.where(r_single > 0, d.single_upper, d.single_lower)
        x[d.single_cols] = xs
        total += math.fsum(r_single * xs)
        # rounding allowance: relative to the magnitudes that were summed
        magnitude = np.abs(c) + np.bincount(d.entry_col, weights=np.abs(d.entry_value * u[d.entry_row]),
                                            minlength=mip.n_cols)
        size += float(magnitude @ x)
        value = total + ROUNDING * (size + 1.0)
        return _Point(mu_up, mu_low, value, d.activity(x), float(c @ x), codes)

    # -------------------------------------------------------------- master LP
    def _open_master(self) -> None:
        highspy = _highspy()
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        R = self.decomp.n_rows
        inf = highspy.kHighsInf
        cost = np.concatenate([[1.0], self.scale * np.where(self.has_up, self.decomp.row_upper, 0.0),
                               -self.scale * np.where(self.has_low, self.decomp.row_lower, 0.0)])
        lower = np.concatenate([[-inf], np.zeros(2 * R)])
        upper = np.concatenate([[inf], np.where(self.has_up, inf, 0.0), np.where(self.has_low, inf, 0.0)])
        h.addCols(cost.size, cost, lower, upper, 0, np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32),
                  np.zeros(0))
        self._master = h

    def _add_cut(self, point: _Point) -> None:
        highspy = _highspy()
        h = self._master
        coef = np.concatenate([[1.0], self.scale * point.cut_activity, -self.scale * point.cut_activity])
        nz = np.flatnonzero(coef)
        h.addRow(point.cut_value, highspy.kHighsInf, nz.size, nz.astype(np.int32), coef[nz])  # type: ignore[attr-defined]
        self.cuts.append(point)

    def _solve_master(self) -> tuple[np.ndarray, np.ndarray, float, bool] | None:
        h = self._master
        centre = self.centre
        assert centre is not None
        R = self.decomp.n_rows
        lo_up = np.maximum(centre.mu_up - self.delta, 0.0)
        hi_up = np.where(self.has_up, centre.mu_up + self.delta, 0.0)
        lo_low = np.maximum(centre.mu_low - self.delta, 0.0)
        hi_low = np.where(self.has_low, centre.mu_low + self.delta, 0.0)
        cols = np.arange(1, 2 * R + 1, dtype=np.int32)
        h.changeColsBounds(cols.size, cols, np.concatenate([lo_up, lo_low]), np.concatenate([hi_up, hi_low]))  # type: ignore[attr-defined]
        h.run()  # type: ignore[attr-defined]
        if h.getModelStatus().name != "kOptimal":  # type: ignore[attr-defined]
            return None
        sol = h.getSolution()  # type: ignore[attr-defined]
        z = np.asarray(sol.col_value)
        mu_up, mu_low = z[1:R + 1], z[R + 1:]
        duals = np.abs(np.asarray(sol.row_dual))
        total = duals.sum()
        self.weights = duals / total if total > 0 else np.zeros(duals.size)
        model_value = float(h.getInfo().objective_function_value)  # type: ignore[attr-defined]
        step = max(float(np.abs(mu_up - centre.mu_up).max(initial=0.0)),
                   float(np.abs(mu_low - centre.mu_low).max(initial=0.0)))
        return mu_up, mu_low, model_value, step >= self.delta * (1 - 1e-9)

    # -------------------------------------------------------------- iterations
    def _record(self, point: _Point) -> None:
        if self._last_codes is not None:
            for g, (old, new) in enumerate(zip(self._last_codes, point.codes)):
                self.flips[g] = 0.9 * self.flips[g] + (old != new)
        self._last_codes = point.codes
        if self.best is None or point.value < self.best.value:
            self.best = point
        if point.value < self.floor:
            self.infeasible = True

    def run(self, *, deadline: float | None, rel_tol: float, max_iter: int,
            stop_below: float | None = None) -> None:
        """Iterate until converged (predicted decrease <= ``rel_tol`` * |L|), the
        deadline, ``max_iter`` more iterations, or ``L <= stop_below``."""
        started = time.perf_counter()
        if self.centre is None:
            R = self.decomp.n_rows
            point = self.evaluate(np.zeros(R), np.zeros(R))
            self._open_master()
            self._add_cut(point)
            self._record(point)
            self.centre = point
            self.iterations += 1
        for _ in range(max_iter):
            if self.infeasible or deadline is not None and time.perf_counter() > deadline:
                break
            if stop_below is not None and self.best is not None and self.best.value <= stop_below:
                break
            trial = self._solve_master()
            if trial is None:
                break
            mu_up, mu_low, model_value, on_box = trial
            centre = self.centre
            assert centre is not None
            predicted = centre.value - model_value
            if predicted <= rel_tol * max(abs(centre.value), 1e-9):
                if not on_box:
                    self.converged = True
                    break
                self.delta *= 4.0
                continue
            point = self.evaluate(mu_up, mu_low)
            self.iterations += 1
            self._add_cut(point)
            self._record(point)
            decrease = centre.value - point.value
            if decrease >= _SERIOUS * predicted:
                self.centre = point
                self._null_worse = 0
                if on_box and decrease >= 0.5 * predicted:
                    self.delta *= 2.0
            elif decrease < 0:
                self._null_worse += 1
                if self._null_worse >= 3:
                    self.delta *= 0.5
                    self._null_worse = 0
            if len(self.cuts) >= _MAX_CUTS:
                break
        self.seconds += time.perf_counter() - started

    @property
    def bound(self) -> float | None:
        """Best (smallest) L evaluated so far: a valid upper bound."""
        return None if self.best is None else self.best.value

    # -------------------------------------------------------------- primal side
    def reference(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per group: the package codes of the heaviest weighted cut, and which
        projects' packages differ between weighted cuts."""
        weights = self.weights
        if weights.size != len(self.cuts) or not (weights > 0).any():
            active = [len(self.cuts) - 1]
        else:
            active = list(np.flatnonzero(weights > 1e-6))
            active.sort(key=lambda k: -weights[k])
        codes, unstable = [], []
        for g in range(len(self.decomp.groups)):
            stack = np.stack([self.cuts[k].codes[g] for k in active])
            codes.append(stack[0])
            unstable.append((stack != stack[0]).any(axis=0))
        return codes, unstable


def lagrangian_bound(decomp: Decomposition, *, max_iter: int = 300, rel_tol: float = 1e-7) -> float:
    """The best Lagrangian bound found for ``decomp`` (an upper bound on the best
    total value; for tests and reports)."""
    state = DualState(decomp)
    state.run(deadline=None, rel_tol=rel_tol, max_iter=max_iter)
    assert state.bound is not None
    return state.bound


@dataclass(frozen=True)
class LagrangianResult:
    """What the Lagrangian search produced.

    Attributes
    ----------
    x : numpy.ndarray or None
        Best full-model point found (feasible for the model), or None.
    objective : float or None
    bound : float or None
        Best Lagrangian bound (valid upper bound on the best total value).
    iterations : int
        Evaluations of L.
    free_projects : int
        Projects left free in the last restricted MIP.
    dual_seconds, restricted_seconds, handover_seconds : float
    detail : str
    infeasible : bool
        True when some L fell below the value of every 0/1 selection: a proof
        that no portfolio keeps every rule.
    """

    x: np.ndarray | None
    objective: float | None
    bound: float | None
    iterations: int
    free_projects: int
    dual_seconds: float
    restricted_seconds: float
    handover_seconds: float
    detail: str
    infeasible: bool = False


def _bits(codes: np.ndarray, width: int) -> np.ndarray:
    return ((codes[:, None] >> np.arange(width, dtype=np.int64)) & 1).astype(float)


def lagrangian_search(
    decomp: Decomposition,
    backend: SolverBackend,
    *,
    gap: float,
    deadline: float | None,
    restricted_options: dict[str, object] | None = None,
    first_free: int = 0,
) -> LagrangianResult:
    """Minimise the Lagrangian dual and build portfolios from it until the gap
    between them is within ``gap`` (relative), or the deadline.

    Parameters
    ----------
    decomp : Decomposition
    backend : SolverBackend
        Solves the restricted MIPs.
    gap : float
        Relative gap to reach, a fraction.
    deadline : float or None
        ``time.perf_counter()`` value to stop by.
    restricted_options : dict or None
        Solver options for the restricted MIPs.
    first_free : int
        Projects to free in the first restricted MIP on top of the unstable ones
        (0: a default of 1 % of the projects, at least 20).
    """
    model = decomp.model
    mip = model.mip
    state = DualState(decomp)
    n_projects = decomp.n_projects
    started = time.perf_counter()

    def left() -> float | None:
        return None if deadline is None else deadline - time.perf_counter()

    # ---- phase 1: the dual, to a precision well inside the gap
    dual_deadline = None if deadline is None else started + 0.4 * (deadline - started)
    state.run(deadline=dual_deadline, rel_tol=min(max(gap / 100, 1e-8), 1e-5), max_iter=250)

    best_x: np.ndarray | None = None
    best_obj: float | None = None
    restricted_seconds = 0.0
    handover = 0.0
    extra = first_free or max(20, n_projects // 100)
    free_count = 0
    rounds = 0
    refined = False
    detail = ""
    while rounds < _MAX_ROUNDS and not state.infeasible:
        rounds += 1
        bound = state.bound
        assert bound is not None
        codes, unstable = state.reference()
        # choose free projects: unstable ones, then the most volatile others
        free_masks = [u.copy() for u in unstable]
        n_unstable = int(sum(u.sum() for u in unstable))
        want = n_unstable + extra
        volatility = np.concatenate(state.flips) if state.flips else np.zeros(0)
        taken = np.concatenate(free_masks) if free_masks else np.zeros(0, dtype=bool)
        order = np.argsort(-(volatility + 1e-3 * np.random.default_rng(rounds).random(volatility.size)))
        order = order[~taken[order]][: max(0, want - n_unstable)]
        flat = taken.copy()
        flat[order] = True
        offs = 0
        for g, grp in enumerate(decomp.groups):
            free_masks[g] = flat[offs:offs + grp.projects.size]
            offs += grp.projects.size
        free_count = int(flat.sum())

        # fix the other projects: to the Lagrangian packages at first, then to the
        # incumbent's (so the incumbent stays feasible and a round can only improve it)
        fixed_cols, fixed_vals = [], []
        for g, grp in enumerate(decomp.groups):
            keep = ~free_masks[g]
            if not keep.any():
                continue
            if best_x is None:
                bits = _bits(codes[g][keep], grp.width)
            else:
                bits = best_x[grp.item_cols[keep]]
            fixed_cols.append(grp.item_cols[keep].ravel())
            fixed_vals.append(bits.ravel())
            has_y = grp.y_cols[keep] >= 0
            fixed_cols.append(grp.y_cols[keep][has_y])
            fixed_vals.append((bits[has_y] > 0.5).any(axis=1).astype(float))
        # region-wide items (few, and tied to everything by the coupling rows) stay free
        cols = np.concatenate(fixed_cols) if fixed_cols else np.zeros(0, dtype=np.int64)
        vals = np.concatenate(fixed_vals) if fixed_vals else np.zeros(0)
        sub = restrict(mip, cols.astype(np.int64), vals)

        remaining = left()
        if remaining is not None and remaining < 0.05:
            break
        if sub.consistent:
            t0 = time.perf_counter()
            target = gap * abs(bound) / (1 + gap)
            options = dict(restricted_options or {})
            if backend.name == "highs":
                options.setdefault("presolve", "on")
                options["mip_abs_gap"] = max(0.25 * target, 1e-9)
            session = backend.open(sub.mip, options=options)
            handover += session.handover_seconds
            if best_x is not None:
                session.set_start(best_x[sub.free_cols])
            limit = None if remaining is None else max(0.5 * remaining, 0.05)
            out = session.solve(time_limit=limit, gap=0.0 if backend.name == "highs" else gap / 4)
            restricted_seconds += time.perf_counter() - t0
            if out.status.has_solution and out.x is not None:
                x = sub.complete(np.asarray(out.x))
                obj = float(mip.objective @ x)
                if best_obj is None or obj > best_obj:
                    best_x, best_obj = x, obj
            detail = f"restricted MIP over {free_count} of {n_projects} projects: {out.detail}"
        else:
            detail = f"fixing all but {free_count} projects already breaks a coupling rule"
        if best_obj is not None and bound - best_obj <= gap * abs(best_obj) + 1e-9:
            break
        remaining = left()
        if remaining is not None and remaining < 0.1:
            break
        if free_count >= n_projects:
            break
        # the bound may be what is missing: tighten the dual once
        if not refined:
            refined = True
            state.converged = False
            dl = None if deadline is None else time.perf_counter() + 0.3 * (deadline - time.perf_counter())
            state.run(deadline=dl, rel_tol=max(gap / 1000, 1e-9), max_iter=100,
                      stop_below=best_obj + gap * abs(best_obj) if best_obj is not None else None)
            if best_obj is not None and state.bound - best_obj <= gap * abs(best_obj) + 1e-9:
                break
        # else free more projects while the restricted MIP stays a fraction of the
        # model; past that, the full MIP (with its cuts) is the better way to close it
        extra = max(2 * extra, 2 * free_count)
        if free_count + extra > _MAX_FREE_SHARE * n_projects and free_count > 0:
            break
    if state.infeasible:
        detail = (f"the Lagrangian bound {state.bound:.6g} is below the value of any selection "
                  f"({state.floor:.6g}): no portfolio keeps every rule")
    return LagrangianResult(best_x, best_obj, state.bound, state.iterations, free_count, state.seconds,
                            restricted_seconds, handover, detail, state.infeasible)
