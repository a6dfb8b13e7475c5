"""What worker processes compute: the engine's one pipeline, nothing of its own.

Imported by each worker when it starts (the executor sends :func:`run_job` by name), so the
numerical libraries are loaded once per worker, not once per job. Every kind of job goes
through the functions the CLI uses: :func:`api.pipeline.run.run_scenario` for scenarios and
rankings (a decision matrix is a one-level scenario with direct weights), and
:func:`api.pipeline.evaluate.judge` for AHP weights.
"""

from __future__ import annotations

import re
from typing import Any

from api.pipeline.evaluate import judge
from api.pipeline.portfolio_serialize import infeasibility_dict, solution_dict
from api.pipeline.run import run_scenario
from api.pipeline.serialize import judgment_outcome
from api.scenario.checks import check_comparisons
from api.scenario.load import validate_data
from api.scenario.problems import InvalidScenario, Problem
from api.scenario.schema import Comparisons


def within(prefix: tuple[str | int, ...], exc: InvalidScenario) -> InvalidScenario:
    """The same problems with paths from the top of the request body."""
    return InvalidScenario([Problem(prefix + p.path, p.message, p.value, p.has_value) for p in exc.problems])


def evaluate(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        loaded = validate_data(payload["scenario"], "<request>")
        return run_scenario(loaded.scenario, methods=payload.get("methods")).to_dict()
    except InvalidScenario as exc:
        raise within(("scenario",), exc) from None


def ahp(payload: dict[str, Any]) -> dict[str, Any]:
    labels = list(payload["labels"])
    comparisons = Comparisons.model_validate(payload["comparisons"])
    problems = check_comparisons(comparisons, labels, (), "labels")
    if problems:
        raise InvalidScenario(problems)
    return judgment_outcome(judge(comparisons, labels, (), "labels"))


def matrix_scenario(p: dict[str, Any]) -> dict[str, Any]:
    """A decision matrix as the one-level scenario the pipeline ranks."""
    ids = [c["id"] for c in p["criteria"]]
    scenario: dict[str, Any] = {
        "name": "decision matrix",
        "criteria": [{"id": c["id"], "type": c.get("type", "benefit")} for c in p["criteria"]],
        "projects": [{"id": pid, "values": dict(zip(ids, row))} for pid, row in zip(p["projects"], p["values"])],
        "ranking": {"methods": p.get("methods") or ["topsis"], "options": p.get("options") or {}},
    }
    if p.get("weights") is not None:
        scenario["weights"] = {"method": "direct", "values": p["weights"]}
    return scenario


def _request_path(path: str, p: dict[str, Any]) -> str:
    """A problem's scenario path in the rankings request's own terms."""
    ids = [c["id"] for c in p["criteria"]]
    m = re.fullmatch(r"projects\[(\d+)\]\.values\.(.+)", path)
    if m and m.group(2) in ids:
        return f"values[{m.group(1)}][{ids.index(m.group(2))}]"
    for old, new in (("ranking.methods", "methods"), ("ranking.options", "options"), ("ranking", "options"), ("weights.values", "weights"), ("weights", "weights")):
        if path == old or path.startswith(old + ".") or path.startswith(old + "["):
            return new + path[len(old):]
    return path


def rankings(payload: dict[str, Any]) -> dict[str, Any]:
    try:
        loaded = validate_data(matrix_scenario(payload), "<request>")
        result = run_scenario(loaded.scenario).to_dict()
    except InvalidScenario as exc:
        raise InvalidScenario(
            [Problem((_request_path(p.as_dict()["path"], payload),), p.message, p.value, p.has_value) for p in exc.problems]
        ) from None
    return {"rankings": result["rankings"], "agreement": result["agreement"], "warnings": result["warnings"]}


def _portfolio_problem(p: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The request as the optimizer's problem (its own domain objects; it validates them)."""
    from optimizer import problem as op

    periods = tuple(p.get("periods") or ("total",))
    items = [
        op.Item(
            id=i["id"], measure=i["measure"], direction=i["direction"],
            cost=tuple(i["cost"]) if isinstance(i["cost"], list) else (i["cost"],) * len(periods) if len(periods) == 1 else i["cost"],
            value=i["value"], project=i.get("project"), region=i.get("region"),
        )
        for i in p["items"]
    ]
    r = p.get("rules") or {}
    balanced = r.get("balanced_package", False)
    rules = op.Rules(
        total_budget=op.TotalBudget(r["budget"]) if r.get("budget") is not None else None,
        period_budgets=tuple(op.PeriodBudget(k, v) for k, v in (r.get("budget_per_period") or {}).items()),
        direction_spend=tuple(op.DirectionSpend(d, **{k: v for k, v in b.items() if v is not None}) for d, b in (r.get("directions") or {}).items()),
        balanced=op.BalancedPackage(tuple(balanced)) if isinstance(balanced, list) else op.BalancedPackage() if balanced else None,
        max_items_per_project=op.MaxItemsPerProject(r["max_measures_per_project"]) if r.get("max_measures_per_project") else None,
        eligibility=op.Eligibility(frozenset(r["eligible_projects"])) if r.get("eligible_projects") is not None else None,
        project_share_cap=op.ProjectShareCap(r["max_project_share"]) if r.get("max_project_share") else None,
        region_share_cap=op.RegionShareCap(r["max_region_share"]) if r.get("max_region_share") else None,
        mandatory=op.Mandatory(frozenset(r["mandatory"])) if r.get("mandatory") else None,
        forbidden=op.Forbidden(frozenset(r["forbidden"])) if r.get("forbidden") else None,
        dependencies=tuple(op.Dependency(d["item"], d["requires"]) for d in r.get("dependencies") or ()),
        exclusive_groups=tuple(op.ExclusiveGroup(tuple(g)) for g in r.get("exclusive") or ()),
        min_supported_projects=op.MinSupportedProjects(r["min_supported_projects"]) if r.get("min_supported_projects") is not None else None,
    )
    return op.PortfolioProblem(items=tuple(items), rules=rules, periods=periods, money_unit=p.get("money_unit") or "million roubles")


def portfolio(payload: dict[str, Any]) -> dict[str, Any]:
    """Items, rules and solver options -> the optimizer's checked solution."""
    from optimizer.errors import PortfolioInputError
    from optimizer.portfolio import solve

    solver = payload.get("solver") or {}
    try:
        problem = _portfolio_problem(payload)
        s = solve(
            problem,
            solver=solver.get("name", "highs"),
            time_limit=solver.get("time_limit"),
            gap=solver.get("gap"),
            strategy=solver.get("strategy", "auto"),
        )
    except PortfolioInputError as exc:
        raise InvalidScenario([Problem((), str(exc))]) from None
    infeasibility = None
    if s.status.value == "infeasible":
        from optimizer.infeasibility import explain_infeasibility

        infeasibility = infeasibility_dict(
            explain_infeasibility(problem, solver=solver.get("name", "highs"), time_limit=solver.get("time_limit"))
        )
    # The solution in the shape run results use for it (api.pipeline.portfolio_serialize).
    return {
        **solution_dict(s),
        "has_solution": s.status.has_solution,
        "money_unit": problem.money_unit,
        "periods": list(problem.periods),
        "infeasibility": infeasibility,
    }


def sensitivity(payload: dict[str, Any]) -> dict[str, Any]:
    from api.pipeline.robustness import analyse_robustness

    try:
        loaded = validate_data(payload["scenario"], "<request>")
        result = analyse_robustness(
            loaded.scenario,
            method=payload.get("method"),
            samples=payload.get("samples"),
            seed=payload.get("seed"),
            portfolio_samples=payload.get("portfolio_samples"),
        )
    except InvalidScenario as exc:
        raise within(("scenario",), exc) from None
    return result.to_dict()


KINDS = {"evaluate": evaluate, "ahp": ahp, "rankings": rankings, "portfolio": portfolio, "sensitivity": sensitivity}


def run_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Compute one job; ``payload["kind"]`` names it (a key of :data:`KINDS`).

    Raises
    ------
    InvalidScenario
        When the input cannot be computed; the worker reports its problems as a 422.
    """
    kind = payload.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}; known: {', '.join(KINDS)}")
    return KINDS[kind](payload)
