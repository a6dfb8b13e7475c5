"""The Lagrangian strategy: packages, bound and portfolios against brute force.

The bound must hold for *every* choice of multipliers (Geoffrion 1974,
"Lagrangean relaxation for integer programming", Math. Prog. Study 2), so it is
checked at random multipliers as well as at the minimiser's; the minimiser must
reach at least the LP relaxation's bound (Geoffrion's Theorem 1: the dual equals
the LP over the convex hulls of the blocks, which lies inside the LP relaxation).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from optimizer.decomposition import (
    NotDecomposable,
    best_greedy,
    decompose,
    enumerate_packages,
    greedy_rule,
)
from optimizer.lagrangian import DualState, lagrangian_bound, lagrangian_search
from optimizer.model import build_model
from optimizer.portfolio import solve
from optimizer.problem import (
    BalancedPackage,
    Dependency,
    DirectionSpend,
    ExclusiveGroup,
    Forbidden,
    Item,
    Mandatory,
    MaxItemsPerProject,
    PortfolioProblem,
    Rules,
    TotalBudget,
)
from optimizer.restricted import restrict
from optimizer.solvers import get_solver
from optimizer.status import SolveStatus
from optimizer.verify import check_selection, verify_selection

from .brute import brute_optimum, feasible_subsets
from .strategies import problems

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ----------------------------------------------------------------- packages
@st.composite
def greedy_cases(draw: st.DrawFn):  # noqa: ANN201
    m = draw(st.integers(1, 9))
    directions = np.array(draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)))
    required = draw(st.one_of(st.none(), st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True)))
    k = draw(st.integers(1, m + 1))
    blocked = np.array(draw(st.lists(st.booleans(), min_size=m, max_size=m)))
    reduced = np.array(draw(st.lists(st.integers(-20, 20), min_size=m, max_size=m)), dtype=float) / 4
    y_red = draw(st.integers(-10, 10)) / 4
    return directions, None if required is None else tuple(required), k, blocked, reduced, y_red


@settings(max_examples=200, **SETTINGS)
@given(greedy_cases())
def test_greedy_package_equals_enumeration(case) -> None:  # noqa: ANN001
    """With only a balanced-package rule, a limit k and blocked items, the greedy
    package earns exactly the best enumerated package's reduced profit, and is one
    of the enumerated (feasible) packages."""
    directions, required, k, blocked, reduced, y_red = case
    m = directions.size
    packages = enumerate_packages(directions, required, k, (), (), np.zeros(m, dtype=bool), blocked, False)
    scores = packages.astype(float) @ reduced + y_red * packages.any(axis=1)
    chosen, score = best_greedy(np.where(blocked, -np.inf, reduced)[None, :], np.array([y_red]),
                                greedy_rule(directions, required, blocked), min(k, m))
    assert score[0] == pytest.approx(scores.max(), abs=1e-9)
    assert (packages == chosen[0]).all(axis=1).any()
    assert chosen[0].astype(float) @ reduced + y_red * chosen[0].any() == pytest.approx(score[0], abs=1e-9)


def test_enumeration_keeps_every_local_rule() -> None:
    """13 measures in three directions, k = 5, three dependencies and two exclusive
    pairs (the benchmark's project shape): every enumerated package keeps each rule,
    and every subset that keeps them all is enumerated."""
    directions = np.array([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2])
    deps = ((1, 0), (7, 2), (11, 10))
    groups = ((6, 8), (9, 12))
    packages = enumerate_packages(directions, (0, 1, 2), 5, deps, groups, np.zeros(13, dtype=bool),
                                  np.zeros(13, dtype=bool), False)
    codes = np.arange(2**13)
    subsets = ((codes[:, None] >> np.arange(13)) & 1).astype(bool)
    ok = subsets.sum(axis=1) <= 5
    nonempty = subsets.any(axis=1)
    for d in range(3):
        ok &= ~nonempty | subsets[:, directions == d].any(axis=1)
    for b, a in deps:
        ok &= ~subsets[:, b] | subsets[:, a]
    for g in groups:
        ok &= subsets[:, list(g)].sum(axis=1) <= 1
    assert {tuple(r) for r in packages} == {tuple(r) for r in subsets[ok]}


# ----------------------------------------------------------------- bound and portfolio vs brute force
def _decompose_or_none(problem: PortfolioProblem):  # noqa: ANN202
    try:
        return decompose(build_model(problem))
    except NotDecomposable as exc:
        return exc


@settings(max_examples=120, **SETTINGS)
@given(problems(max_items=12), st.integers(0, 2**32 - 1))
def test_bound_holds_at_any_multipliers(problem, seed) -> None:  # noqa: ANN001
    """L(lam) >= the brute-force optimum for random multipliers and for the
    minimiser's; an L below every selection's value (the infeasibility proof)
    happens only when brute force finds no portfolio."""
    best, _ = brute_optimum(problem)
    decomp = _decompose_or_none(problem)
    if isinstance(decomp, NotDecomposable):
        # only local infeasibility or too many packages are refused
        assert "infeasible" in str(decomp) or "packages" in str(decomp)
        if "infeasible" in str(decomp):
            assert best is None
        return
    state = DualState(decomp)
    rng = np.random.default_rng(seed)
    R = decomp.n_rows
    for _ in range(5):
        point = state.evaluate(rng.exponential(1.0, R) * rng.integers(0, 2, R),
                               rng.exponential(1.0, R) * rng.integers(0, 2, R))
        if best is not None:
            assert point.value >= best - 1e-9
    state.run(deadline=None, rel_tol=1e-9, max_iter=200)
    if state.infeasible:
        assert best is None
    elif best is not None:
        assert state.bound >= best - 1e-9


@settings(max_examples=60, **SETTINGS)
@given(problems(max_items=12))
def test_dual_reaches_the_lp_relaxation_bound(problem) -> None:  # noqa: ANN001
    """The minimised Lagrangian bound is at most the LP relaxation's optimum (plus
    the minimiser's tolerance): the convex hull of the packages lies inside the LP."""
    decomp = _decompose_or_none(problem)
    if isinstance(decomp, NotDecomposable):
        return
    model = decomp.model
    session = get_solver("highs").open(model.mip)
    lp = session.solve_relaxation(time_limit=None)
    if not lp.status.has_solution:
        return
    bound = lagrangian_bound(decomp, max_iter=300, rel_tol=1e-9)
    assert bound <= lp.objective + 1e-5 * max(1.0, abs(lp.objective))


@settings(max_examples=60, **SETTINGS)
@given(problems(max_items=14))
def test_search_portfolio_keeps_every_rule(problem) -> None:  # noqa: ANN001
    """The search's portfolio is feasible by brute force's own check, worth at most
    the optimum, and the bound it reports is at least the optimum."""
    best, _ = brute_optimum(problem)
    decomp = _decompose_or_none(problem)
    if isinstance(decomp, NotDecomposable):
        return
    found = lagrangian_search(decomp, get_solver("highs"), gap=0.0, deadline=None)
    if found.infeasible:
        assert best is None and found.x is None
        return
    if found.x is not None:
        mask = verify_selection(problem, found.x)
        assert feasible_subsets(problem, mask[None, :])[0]
        assert best is not None and found.objective <= best + 1e-9
        assert found.objective == pytest.approx(float(problem.values @ mask), abs=1e-9)
    if best is not None:
        assert found.bound >= best - 1e-9


@settings(max_examples=80, **SETTINGS)
@given(problems(max_items=12))
def test_lagrangian_strategy_matches_brute_force(problem) -> None:  # noqa: ANN001
    """At gap 0 the strategy ends at the optimum (through the full MIP when the
    Lagrangian gap stays open), with the right status and an honest bound."""
    best, _ = brute_optimum(problem)
    sol = solve(problem, strategy="lagrangian", gap=0.0)
    if best is None:
        assert sol.status is SolveStatus.INFEASIBLE, sol.solver_detail
        assert sol.objective is None and sol.selected is None and sol.best_bound is None
        return
    assert sol.status is SolveStatus.OPTIMAL, sol.solver_detail
    assert sol.objective == pytest.approx(best, abs=1e-6)
    assert sol.best_bound >= sol.objective - 1e-9
    assert sol.bound_source in ("solver", "lagrangian")
    mask = np.zeros(len(problem.items), dtype=bool)
    mask[[problem.index[i] for i in sol.selected]] = True
    assert check_selection(problem, mask) == ()


# ----------------------------------------------------------------- restricted MIP
@settings(max_examples=60, **SETTINGS)
@given(problems(max_items=10), st.integers(0, 2**32 - 1))
def test_restricted_rows_agree_with_the_full_model(problem, seed) -> None:  # noqa: ANN001
    """For random fixings and random completions, the restricted MIP's rows hold
    exactly when the full model's rows hold."""
    mip = build_model(problem).mip
    rng = np.random.default_rng(seed)
    fixed = np.flatnonzero(rng.random(mip.n_cols) < 0.5)
    values = rng.integers(0, 2, fixed.size).astype(float)
    sub = restrict(mip, fixed, values)
    for _ in range(10):
        x_free = rng.integers(0, 2, sub.free_cols.size).astype(float)
        x = sub.complete(x_free)
        act = mip.row_activity(x)
        full_ok = bool(((act >= mip.row_lower - 1e-9) & (act <= mip.row_upper + 1e-9)).all())
        sub_act = sub.mip.row_activity(x_free)
        sub_ok = bool(((sub_act >= sub.mip.row_lower - 1e-9) & (sub_act <= sub.mip.row_upper + 1e-9)).all())
        assert full_ok == (sub_ok and sub.consistent)
        assert sub.offset + sub.mip.objective @ x_free == pytest.approx(mip.objective @ x)


# ----------------------------------------------------------------- a mid-size instance
def _benchmark_like(projects: int, seed: int = 11) -> PortfolioProblem:
    """13 measures per project with the benchmark's rules (budget, direction shares,
    balanced packages, k = 5, dependencies, exclusive pairs), a forbidden item and
    a mandatory one so that several project shapes occur."""
    rng = np.random.default_rng(seed)
    measures = ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5")
    base = rng.uniform(0.5, 5.0, len(measures))
    effect = rng.uniform(0.2, 1.0, len(measures))
    items, deps, groups = [], [], []
    for p in range(projects):
        size, score = rng.lognormal(0, 0.5), rng.uniform(0.05, 1)
        for j, m in enumerate(measures):
            items.append(Item(f"P{p} {m}", m, m[0], (round(size * base[j] * rng.uniform(0.8, 1.2), 3),),
                              round(score * effect[j] * rng.uniform(0.8, 1.2), 4), project=f"P{p}",
                              region=f"R{p % 7}"))
        deps += [Dependency(f"P{p} 1.2", f"P{p} 1.1"), Dependency(f"P{p} 2.4", f"P{p} 1.3"),
                 Dependency(f"P{p} 3.4", f"P{p} 3.3")]
        groups += [ExclusiveGroup((f"P{p} 2.3", f"P{p} 3.1")), ExclusiveGroup((f"P{p} 3.2", f"P{p} 3.5"))]
    budget = 0.15 * sum(it.cost[0] for it in items)
    rules = Rules(total_budget=TotalBudget(budget), balanced=BalancedPackage(),
                  max_items_per_project=MaxItemsPerProject(5), dependencies=tuple(deps),
                  exclusive_groups=tuple(groups),
                  forbidden=Forbidden(frozenset({f"P{projects // 2} 2.1"})),
                  mandatory=Mandatory(frozenset({f"P{projects - 1} 3.3"})),
                  direction_spend=tuple(DirectionSpend(d, min_share=0.2, max_share=0.5) for d in "123"))
    return PortfolioProblem(tuple(items), rules)


def test_mid_size_lagrangian_matches_the_mip_within_the_gap() -> None:
    """300 projects x 13 measures: the Lagrangian strategy's value is within the gap
    of the MIP's, each bound is above the other's value, and its portfolio keeps
    every rule (checked by verify_selection inside solve)."""
    problem = _benchmark_like(300)
    gap = 1e-3
    lag = solve(problem, strategy="lagrangian", gap=gap)
    mip = solve(problem, strategy="mip", gap=1e-4)
    assert lag.strategy == "lagrangian" and mip.strategy == "mip"
    assert lag.status is SolveStatus.OPTIMAL and mip.status is SolveStatus.OPTIMAL
    assert lag.bound_source == "lagrangian" and lag.phases["lagrangian_dual"] > 0
    assert lag.objective * (1 + gap) >= mip.objective
    assert mip.objective * (1 + 1e-4) >= lag.objective
    assert lag.best_bound >= mip.objective and mip.best_bound >= lag.objective
    assert lag.gap == pytest.approx((lag.best_bound - lag.objective) / lag.objective)


# ----------------------------------------------------------------- statuses and choice of strategy
def test_coupling_infeasibility_is_reported_as_infeasible() -> None:
    """Direction 1 must get 10 000 while the budget is 50: the Lagrangian proves it
    (or the full MIP does) and nothing is returned."""
    problem = _benchmark_like(30)
    broken = PortfolioProblem(problem.items, Rules(total_budget=TotalBudget(50.0),
                                                   direction_spend=(DirectionSpend("1", min_amount=10_000.0),)))
    sol = solve(broken, strategy="lagrangian")
    assert sol.status is SolveStatus.INFEASIBLE
    assert (sol.objective, sol.best_bound, sol.gap, sol.selected, sol.bound_source) == (None,) * 5


def test_locally_infeasible_problem_falls_back_to_the_mip_with_a_warning() -> None:
    problem = _benchmark_like(10)
    rules = Rules(mandatory=Mandatory(frozenset({"P1 1.1"})), forbidden=Forbidden(frozenset({"P1 1.1"})))
    sol = solve(PortfolioProblem(problem.items, rules), strategy="lagrangian")
    assert sol.status is SolveStatus.INFEASIBLE and sol.strategy == "mip"
    assert any("solved as one MIP" in w for w in sol.warnings)


def test_time_limited_lagrangian_solve_reports_an_honest_gap() -> None:
    """A 0.3 s limit on 1,500 projects: whatever comes back has a bound at least its
    value and the gap between them; FEASIBLE carries the warning."""
    problem = _benchmark_like(1500, seed=3)
    sol = solve(problem, strategy="lagrangian", time_limit=0.3, gap=0.0)
    assert sol.status in (SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION)
    if sol.status is SolveStatus.FEASIBLE:
        assert sol.best_bound is not None and sol.best_bound >= sol.objective
        assert sol.gap == pytest.approx((sol.best_bound - sol.objective) / sol.objective)
        assert any("not optimal" in w for w in sol.warnings)


def test_auto_picks_by_size_and_solver() -> None:
    """"auto": the MIP below AUTO_MIN_PROJECTS projects or with another solver than
    HiGHS, the Lagrangian strategy from there on; the reason is recorded."""
    from optimizer.portfolio import AUTO_MIN_PROJECTS

    small = solve(_benchmark_like(AUTO_MIN_PROJECTS - 1), gap=1e-3)
    assert small.strategy == "mip" and "fewer than" in small.options["strategy"]
    big = _benchmark_like(AUTO_MIN_PROJECTS)
    assert solve(big, gap=1e-3).strategy == "lagrangian"
    with_cbc = solve(big, solver="cbc", gap=1e-2, time_limit=5)
    assert with_cbc.strategy == "mip" and "HiGHS only" in with_cbc.options["strategy"]


def test_unknown_strategy_lists_the_valid_ones() -> None:
    from optimizer.errors import PortfolioInputError

    with pytest.raises(PortfolioInputError, match=r"strategy must be one of auto, mip, lagrangian, got 'dual'"):
        solve(_benchmark_like(2), strategy="dual")


def test_cross_project_rules_become_coupling_rows() -> None:
    """A dependency across two projects and an exclusive group across projects are
    coupling rows; the same rules inside one project are not."""
    problem = _benchmark_like(4)
    rules = Rules(total_budget=TotalBudget(1e6), dependencies=(Dependency("P0 1.1", "P1 1.1"),
                                                              Dependency("P2 1.2", "P2 1.1")),
                  exclusive_groups=(ExclusiveGroup(("P0 2.1", "P3 2.1")), ExclusiveGroup(("P2 2.1", "P2 2.2"))))
    decomp = decompose(build_model(PortfolioProblem(problem.items, rules)))
    kinds = [blk.kind for blk in decomp.model.blocks for r in blk.rows if r in set(decomp.rows.tolist())]
    assert sorted(kinds) == ["dependency", "exclusive", "total_budget"]
    assert math.isfinite(lagrangian_bound(decomp))


def test_cbc_runs_the_restricted_mips_too() -> None:
    """With CBC the strategy solves its restricted MIPs (and any full MIP) with CBC,
    and ends within the gap of HiGHS's optimum."""
    problem = _benchmark_like(60, seed=5)
    gap = 1e-3
    with_cbc = solve(problem, solver="cbc", strategy="lagrangian", gap=gap)
    ref = solve(problem, solver="highs", strategy="mip", gap=0.0)
    assert with_cbc.solver == "cbc" and with_cbc.strategy in ("lagrangian",)
    assert with_cbc.status is SolveStatus.OPTIMAL and ref.status is SolveStatus.OPTIMAL
    assert with_cbc.objective <= ref.objective + 1e-9
    assert with_cbc.objective * (1 + gap) >= ref.objective
    assert with_cbc.best_bound >= ref.objective - 1e-9
