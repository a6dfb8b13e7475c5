"""Benchmark: portfolio solve time against the same model built directly in highspy.

For each size (projects x 13 measures) it builds one synthetic instance with the
rules of issue 3 (total budget, direction shares, balanced packages, at most k
measures per project, dependencies, exclusive groups) and prints:

- direct highspy: the same formulation built straight from numpy arrays and
  solved with the same options (the floor for the modelling layer);
- ours, MIP no start: ``solve(..., strategy="mip", warm_start=False)``, the
  like-for-like comparison with direct highspy;
- ours, MIP LP start: ``solve(..., strategy="mip")``, the whole model after the
  LP-guided start (the default before the Lagrangian strategy);
- ours, Lagrangian: ``solve(..., strategy="lagrangian")`` (what "auto", the
  default, picks from ``AUTO_MIN_PROJECTS`` projects on): build = model and
  decomposition, hand-over = the restricted MIPs', solve = dual and restricted
  MIPs; its bound is the Lagrangian dual's;
- PuLP: building the same model as a PuLP problem and handing it to HiGHS
  through PuLP's adapter (no solve), to show what that path would add;
- CBC through PuLP with a time limit;

with ratios against direct highspy; medians over ``--repeat`` runs (the
Lagrangian strategy is repeated at every size, the others up to ``--repeat-max``).
Every run is in a forked child, one after the other.

Usage: python benchmarks/portfolio_solve.py [--sizes 50,500,5000,20000] [--gap 0.001]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.problem import (  # noqa: E402
    BalancedPackage,
    Dependency,
    DirectionSpend,
    ExclusiveGroup,
    Item,
    MaxItemsPerProject,
    PortfolioProblem,
    Rules,
    TotalBudget,
)
from optimizer.portfolio import AUTO_MIN_PROJECTS, solve  # noqa: E402
from optimizer.solvers import HIGHS_OPTIONS, HighsBackend  # noqa: E402

MEASURES = ("1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5")
DIRECTION = tuple(m.split(".")[0] for m in MEASURES)
# (dependent, prerequisite) within a project: consulting after innovation
# stimulation, joint education after labour-market forecasting, help for small
# firms after start-up programmes (illustrative, after the policy brief)
DEPENDS = (("1.2", "1.1"), ("2.4", "1.3"), ("3.4", "3.3"))
# two tax-relief measures; two R&D financing lines
EXCLUSIVE = (("2.3", "3.1"), ("3.2", "3.5"))
K_PER_PROJECT = 5
SHARE_MIN, SHARE_MAX = 0.2, 0.5
BUDGET_FRACTION = 0.15


@dataclass(frozen=True)
class Instance:
    """Raw arrays of one synthetic instance (item k = project k // 13, measure k % 13)."""

    projects: int
    cost: np.ndarray
    value: np.ndarray
    region: np.ndarray
    budget: float


def make_instance(projects: int, seed: int = 0) -> Instance:
    """Costs in M RUB: measure base cost x project size; value: score x effect."""
    rng = np.random.default_rng(seed)
    m = len(MEASURES)
    base = rng.uniform(0.5, 5.0, m)
    size = rng.lognormal(0.0, 0.5, projects)
    cost = np.round(np.outer(size, base) * rng.uniform(0.8, 1.2, (projects, m)), 3).ravel()
    score = rng.uniform(0.05, 1.0, projects)
    effect = rng.uniform(0.2, 1.0, m)
    value = np.round(score[:, None] * effect[None, :] * rng.uniform(0.8, 1.2, (projects, m)), 4).ravel()
    region = rng.integers(0, 85, projects)
    return Instance(projects, cost, value, region, round(BUDGET_FRACTION * float(cost.sum()), 3))


def to_problem(inst: Instance) -> PortfolioProblem:
    """The instance as our problem objects (what the scenario layer would build)."""
    items = []
    for p in range(inst.projects):
        for j, measure in enumerate(MEASURES):
            k = p * len(MEASURES) + j
            items.append(Item(f"P{p}:{measure}", measure, DIRECTION[j], (float(inst.cost[k]),),
                              float(inst.value[k]), project=f"P{p}", region=f"R{inst.region[p]}"))
    deps = tuple(Dependency(f"P{p}:{b}", f"P{p}:{a}") for p in range(inst.projects) for b, a in DEPENDS)
    groups = tuple(ExclusiveGroup((f"P{p}:{a}", f"P{p}:{b}")) for p in range(inst.projects) for a, b in EXCLUSIVE)
    rules = Rules(
        total_budget=TotalBudget(inst.budget),
        direction_spend=tuple(DirectionSpend(d, min_share=SHARE_MIN, max_share=SHARE_MAX) for d in ("1", "2", "3")),
        balanced=BalancedPackage(),
        max_items_per_project=MaxItemsPerProject(K_PER_PROJECT),
        dependencies=deps,
        exclusive_groups=groups,
    )
    return PortfolioProblem(tuple(items), rules, periods=("total",), money_unit="M RUB")


def direct_highspy(inst: Instance, gap: float, time_limit: float | None) -> dict[str, float]:
    """The same formulation as ``optimizer.model`` built straight from arrays."""
    import highspy

    started = time.perf_counter()
    m = len(MEASURES)
    P = inst.projects
    n = P * m
    base = np.arange(P) * m
    ycol = n + np.arange(P)
    dirs = np.array([int(d) - 1 for d in DIRECTION])
    item_dir = np.tile(dirs, P)
    # COO triplets in the row order optimizer.model produces, then one sort
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []
    n_rows = 0

    def block(row: np.ndarray, col: np.ndarray, val: np.ndarray, count: int, lo: float, hi: float) -> None:
        nonlocal n_rows
        parts.append((row + n_rows, col, val))
        lows.append(np.full(count, lo))
        highs.append(np.full(count, hi))
        n_rows += count

    everything = np.arange(n)
    zeros = np.zeros(n, dtype=np.int64)
    block(zeros, everything, inst.cost, 1, -np.inf, inst.budget)
    for d in range(3):
        share = (item_dir == d).astype(float)
        block(zeros, everything, inst.cost * (share - SHARE_MIN), 1, 0.0, np.inf)
        block(zeros, everything, inst.cost * (share - SHARE_MAX), 1, -np.inf, 0.0)
    # x_i - y_p <= 0, one row per item
    block(np.repeat(np.arange(n), 2), np.column_stack([everything, np.repeat(ycol, m)]).ravel(),
          np.tile([1.0, -1.0], n), n, -np.inf, 0.0)
    # cover rows (project-major), leaving out items whose prerequisite shares project and direction
    idx = {c: j for j, c in enumerate(MEASURES)}
    lifted = {idx[b] for b, a in DEPENDS if DIRECTION[idx[b]] == DIRECTION[idx[a]]}
    keep = np.array([j not in lifted for j in range(m)])
    take = everything[np.tile(keep, P)]
    block(np.concatenate([(take // m) * 3 + item_dir[take], np.arange(3 * P)]),
          np.concatenate([take, np.repeat(ycol, 3)]),
          np.concatenate([np.ones(take.size), -np.ones(3 * P)]), 3 * P, 0.0, np.inf)
    # sum x - k y <= 0
    block(np.concatenate([everything // m, np.arange(P)]), np.concatenate([everything, ycol]),
          np.concatenate([np.ones(n), np.full(P, -float(K_PER_PROJECT))]), P, -np.inf, 0.0)
    # dependencies then exclusive groups, project-major like the rule lists
    nd = len(DEPENDS)
    dep_rows = np.arange(P * nd)
    dep_b = (base[:, None] + np.array([idx[b] for b, _ in DEPENDS])).ravel()
    dep_a = (base[:, None] + np.array([idx[a] for _, a in DEPENDS])).ravel()
    block(np.repeat(dep_rows, 2), np.column_stack([dep_b, dep_a]).ravel(), np.tile([1.0, -1.0], P * nd),
          P * nd, -np.inf, 0.0)
    ne = len(EXCLUSIVE)
    ex_a = (base[:, None] + np.array([idx[a] for a, _ in EXCLUSIVE])).ravel()
    ex_b = (base[:, None] + np.array([idx[b] for _, b in EXCLUSIVE])).ravel()
    block(np.repeat(np.arange(P * ne), 2), np.column_stack([ex_a, ex_b]).ravel(), np.ones(2 * P * ne),
          P * ne, -np.inf, 1.0)
    row = np.concatenate([p[0] for p in parts])
    col = np.concatenate([p[1] for p in parts])
    val = np.concatenate([p[2] for p in parts])
    nz = val != 0.0
    row, col, val = row[nz], col[nz], val[nz]
    order = np.argsort(row, kind="stable")
    index = col[order].astype(np.int32)
    value = val[order]
    start = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_rows))[:-1]]).astype(np.int32)
    lower = np.concatenate(lows)
    upper = np.concatenate(highs)
    n_cols = n + P
    cost_vec = np.concatenate([inst.value, np.zeros(P)])
    integrality = np.concatenate([np.ones(n, dtype=np.int32), np.zeros(P, dtype=np.int32)])
    built = time.perf_counter()

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key, val in HIGHS_OPTIONS.items():
        h.setOptionValue(key, val)
    h.setOptionValue("mip_rel_gap", gap)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    inf = highspy.kHighsInf
    h.passModel(n_cols, lower.size, index.size, int(highspy.MatrixFormat.kRowwise),
                int(highspy.ObjSense.kMaximize), 0.0, cost_vec, np.zeros(n_cols), np.ones(n_cols),
                np.where(np.isfinite(lower), lower, -inf), np.where(np.isfinite(upper), upper, inf),
                start, index, value, integrality)
    handed = time.perf_counter()
    # the same guard as optimizer.solvers: HiGHS may overrun its limit inside a
    # phase that does not check it, so wait at most limit + grace for it
    best: dict[str, float] = {}

    def improving(event) -> None:  # noqa: ANN001
        best["objective"] = float(event.data_out.objective_function_value)
        best["bound"] = float(event.data_out.mip_dual_bound)

    h.cbMipImprovingSolution.subscribe(improving)
    thread = threading.Thread(target=h.run, daemon=True)
    thread.start()
    thread.join(None if time_limit is None else time_limit + max(2.0, 0.05 * time_limit))
    solved = time.perf_counter()
    common = {"build": built - started, "handover": handed - built, "solve": solved - handed,
              "total": solved - started, "rows": float(lower.size), "nnz": float(index.size)}
    if thread.is_alive():
        _ABANDONED.append((thread, h))
        obj = best.get("objective", float("nan"))
        bound = best.get("bound", float("nan"))
        return {**common, "objective": obj, "gap": abs(bound - obj) / max(abs(obj), 1e-9),
                "status": "overran its limit (incumbent)"}
    info = h.getInfo()
    has = int(info.primal_solution_status) == 2
    return {**common, "gap": float(info.mip_gap) if has else float("nan"),
            "objective": float(info.objective_function_value) if has else float("nan"),
            "status": h.getModelStatus().name}


_ABANDONED: list = []


def ours(problem: PortfolioProblem, solver: str, gap: float, time_limit: float | None,
         warm_start: bool | None = None, strategy: str = "mip") -> dict[str, object]:
    started = time.perf_counter()
    sol = solve(problem, solver=solver, gap=gap, time_limit=time_limit, warm_start=warm_start, strategy=strategy)
    total = time.perf_counter() - started
    phases = ", ".join(f"{k} {v:.1f}s" for k, v in sol.phases.items())
    source = f"; bound: {sol.bound_source}" if sol.bound_source else ""
    return {
        "build": sol.build_seconds, "handover": sol.handover_seconds, "solve": sol.solve_seconds,
        "total": total, "gap": sol.gap if sol.gap is not None else float("nan"),
        "objective": sol.objective if sol.objective is not None else float("nan"),
        "status": f"{sol.status.value} ({phases}{source})",
    }


def pulp_path(problem: PortfolioProblem) -> dict[str, float]:
    """PuLP model build and PuLP's HiGHS hand-over (addCol/addRow loop), no solve."""
    import pulp

    from optimizer.model import build_model
    from optimizer.solvers import _PulpModel

    model = build_model(problem)
    started = time.perf_counter()
    pm = _PulpModel(model.mip)
    built = time.perf_counter()
    solver = pulp.HiGHS(msg=False, **HIGHS_OPTIONS)
    solver.createAndConfigureSolver(pm.lp)
    solver.buildSolverModel(pm.lp)
    handed = time.perf_counter()
    return {"build": model.build_seconds + built - started, "handover": handed - built, "status": "no solve"}


def isolated(fn: Callable[[], dict], wait: float) -> dict:
    """Run ``fn`` in a forked child and return its result.

    A HiGHS run abandoned after its time limit keeps its thread busy until it
    reaches a time check; in a child process it dies with the child, so it cannot
    slow the next measurement down.
    """
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(fn())
        except Exception as exc:  # noqa: BLE001 - reported in the table
            send.send({"error": f"{type(exc).__name__}: {exc}"})
        finally:
            os._exit(0)  # noqa: SLF001 - do not wait for abandoned solver threads

    proc = ctx.Process(target=child)
    started = time.perf_counter()
    proc.start()
    if receive.poll(wait):
        result = receive.recv()
    else:
        result = {"error": f"no result after {wait:.0f} s"}
    proc.kill()
    proc.join()
    if "error" in result:
        nan = float("nan")
        return {"build": nan, "handover": nan, "solve": nan, "total": time.perf_counter() - started,
                "gap": nan, "objective": nan, "status": result["error"], "rows": nan, "nnz": nan}
    return result


def median_of(runs: list[dict[str, object]], key: str) -> float:
    values = [float(r[key]) for r in runs]  # type: ignore[arg-type]
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,500,5000,20000", help="project counts, comma-separated")
    parser.add_argument("--gap", type=float, default=0.001, help="relative gap (default 0.001 = 0.1 %%)")
    parser.add_argument("--repeat", type=int, default=3, help="repeats (median shown) for sizes up to --repeat-max")
    parser.add_argument("--repeat-max", type=int, default=50, help="largest size that is repeated")
    parser.add_argument("--time-limit", type=float, default=120.0, help="time limit for ours, seconds")
    parser.add_argument("--direct-limit", type=float, default=45.0,
                        help="time limit for plain HiGHS (direct and ours without start) above 500 projects")
    parser.add_argument("--cbc-limit", type=float, default=30.0, help="CBC time limit, seconds")
    parser.add_argument("--pulp-max", type=int, default=5000, help="largest size for the PuLP path")
    parser.add_argument("--lp-start-max", type=int, default=20000,
                        help="largest size for the MIP strategy with its LP-guided start")
    parser.add_argument("--cbc-max", type=int, default=5000,
                        help="largest size for CBC (at 20,000 PuLP's model and MPS file alone outlast the limit)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    # HiGHS prints its banner when a process builds its first instance; build it here
    # (silently) so that the forked runs inherit a process that already has one
    HighsBackend().available()

    print(f"gap {args.gap:.2%}; HiGHS options {dict(HIGHS_OPTIONS)}; limits: ours {args.time_limit:g} s, "
          f"plain HiGHS {args.direct_limit:g} s above 500 projects, CBC {args.cbc_limit:g} s; "
          f"medians of {args.repeat} runs up to {args.repeat_max} projects (Lagrangian: at every size); "
          f"strategy 'auto' picks the Lagrangian one from {AUTO_MIN_PROJECTS} projects on")
    print(f"{'projects':>8} {'items':>7} {'path':<22} {'build s':>8} {'hand s':>8} {'solve s':>8} "
          f"{'total s':>8} {'gap':>8} {'objective':>12} {'x direct':>8}  status")
    for size in sizes:
        inst = make_instance(size)
        t0 = time.perf_counter()
        problem = to_problem(inst)
        # the problem's derived arrays are part of building the problem objects
        _ = (problem.cost_matrix, problem.total_costs, problem.values, problem.direction_index,
             problem.project_index, problem.region_index, problem.eligible_items)
        objects = time.perf_counter() - t0
        repeat = args.repeat if size <= args.repeat_max else 1
        plain_limit = args.time_limit if size <= 500 else args.direct_limit
        wait = 60.0 + 1.5 * max(args.time_limit, plain_limit, args.cbc_limit)
        direct = [isolated(lambda: direct_highspy(inst, args.gap, plain_limit), wait) for _ in range(repeat)]
        d_total = median_of(direct, "total")

        def line(path: str, runs: list[dict]) -> None:
            tot = median_of(runs, "total")
            print(f"{size:>8} {size * 13:>7} {path:<22} {median_of(runs, 'build'):>8.3f} "
                  f"{median_of(runs, 'handover'):>8.3f} {median_of(runs, 'solve'):>8.2f} {tot:>8.2f} "
                  f"{median_of(runs, 'gap'):>8.3%} {median_of(runs, 'objective'):>12.4f} "
                  f"{tot / d_total:>8.2f}  {runs[-1].get('status', '')}")
            sys.stdout.flush()

        line("direct highspy", direct)
        plain = [isolated(lambda: ours(problem, "highs", args.gap, plain_limit, warm_start=False), wait)
                 for _ in range(repeat)]
        line("ours, MIP no start", plain)
        if size <= args.lp_start_max:
            mine = [isolated(lambda: ours(problem, "highs", args.gap, args.time_limit), wait)
                    for _ in range(repeat)]
            line("ours, MIP LP start", mine)
        lagr = [isolated(lambda: ours(problem, "highs", args.gap, args.time_limit, strategy="lagrangian"), wait)
                for _ in range(args.repeat)]
        line("ours, Lagrangian", lagr)
        layer = (median_of(plain, "build") + median_of(plain, "handover")) / max(
            median_of(direct, "build") + median_of(direct, "handover"), 1e-9)
        if size <= args.pulp_max:
            pl = isolated(lambda: pulp_path(problem), wait)
            print(f"{size:>8} {size * 13:>7} {'PuLP build+hand-over':<22} {pl['build']:>8.3f} {pl['handover']:>8.3f} "
                  f"{'-':>8} {'-':>8} {'-':>8} {'-':>12} {'-':>8}  no solve; "
                  f"{(pl['build'] + pl['handover']) / max(median_of(plain, 'build') + median_of(plain, 'handover'), 1e-9):.0f}x ours")
        if size <= args.cbc_max:
            cbc = [isolated(lambda: ours(problem, "cbc", args.gap, args.cbc_limit), wait)]
            line("CBC via PuLP", cbc)
        lagr_total = median_of(lagr, "total")
        print(f"{'':>8} {'':>7} Lagrangian/direct {lagr_total / d_total:.2f}x (direct: {direct[-1]['status']}); "
              f"Lagrangian total {lagr_total:.2f} s, gap {median_of(lagr, 'gap'):.4%}")
        print(f"{'':>8} {'':>7} build+hand-over ours/direct {layer:.1f}x; problem objects {objects:.2f} s "
              f"(scenario layer, not counted); model {int(direct[0]['rows'])} rows, {int(direct[0]['nnz'])} nonzeros")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
