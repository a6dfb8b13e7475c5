"""A portfolio outcome as JSON-ready data and as tables (CSV, Excel)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from api.pipeline.portfolio import PortfolioOutcome


def solution_dict(solution) -> dict[str, Any]:
    """A checked solution (status, value, bound, gap, timings, selection, spend) as JSON data."""
    spend = solution.spend
    return {
        "status": solution.status.value,
        "proven_optimal": solution.status.value == "optimal",
        "objective": solution.objective,
        "best_bound": solution.best_bound,
        "gap": solution.gap,
        "gap_tolerance": solution.gap_tolerance,
        "time_limit": solution.time_limit,
        "solver": solution.solver,
        "solver_version": solution.solver_version,
        "solver_detail": solution.solver_detail,
        "strategy": solution.strategy,
        "bound_source": solution.bound_source,
        "seconds": {
            "build": solution.build_seconds,
            "handover": solution.handover_seconds,
            "solve": solution.solve_seconds,
        },
        "selected": list(solution.selected) if solution.selected is not None else None,
        "spend": None
        if spend is None
        else {
            "total": spend.total,
            "by_period": dict(spend.by_period),
            "by_direction": dict(spend.by_direction),
            "by_project": dict(spend.by_project),
            "by_region": dict(spend.by_region),
            "region_wide": spend.region_wide,
            "supported_projects": list(spend.supported_projects),
            "n_items": spend.n_items,
        },
        "warnings": list(solution.warnings),
    }


def infeasibility_dict(r) -> dict[str, Any]:
    """Why no portfolio meets every rule: conflicts, the rules that must give way and by how much."""
    return {
        "feasible": r.feasible,
        "summary": r.summary(),
        "conflicts": list(r.conflicts),
        "rules_in_conflict": list(r.rules_in_conflict),
        "relaxations": [
            {"rule": x.rule, "kind": x.kind, "subject": x.subject, "amount": x.amount, "unit": x.unit, "message": x.message}
            for x in r.relaxations
        ],
        "elastic_status": r.elastic_status.value,
    }


def portfolio_dict(o: PortfolioOutcome) -> dict[str, Any]:
    p = o.problem
    selected = set(o.solution.selected or ())
    out: dict[str, Any] = {
        "money_unit": p.money_unit,
        "currency": o.scenario.currency,
        "periods": list(p.periods),
        "value_scores": {"method": o.scores.method, "rescaled": o.scores.rescaled, "note": o.scores.note, "scores": o.scores.scores},
        "items": [
            {
                "id": it.id,
                "measure": it.measure,
                "project": it.project,
                "region": it.region,
                "direction": it.direction,
                "cost": list(it.cost),
                "total_cost": it.total_cost,
                "value": it.value,
                "selected": it.id in selected,
            }
            for it in p.items
        ],
        "solution": solution_dict(o.solution),
        "notes": list(o.notes),
    }
    if o.infeasibility is not None:
        out["infeasibility"] = infeasibility_dict(o.infeasibility)
    if o.frontier is not None:
        out["frontier"] = [
            {
                "budget": pt.budget,
                "value": pt.value,
                "status": pt.status.value,
                "gap": pt.solution.gap,
                "marginal_value": pt.marginal_value,
                "spend": pt.solution.spend.total if pt.solution.spend is not None else None,
            }
            for pt in o.frontier.points
        ]
    if o.explanations is not None:
        out["explanations"] = [
            {
                "id": x.id,
                "selected": x.selected,
                "value": x.value,
                "cost": x.cost,
                "value_per_cost": x.value_per_cost,
                "binding": list(x.binding),
                "reasons": list(x.reasons),
                "forced": None
                if x.forced is None
                else {
                    "forced_in": x.forced.forced_in,
                    "status": x.forced.status.value,
                    "value": x.forced.value,
                    "value_lost": x.forced.value_lost,
                    "message": x.forced.message,
                },
            }
            for x in o.explanations
        ]
    return out


def portfolio_tables(o: PortfolioOutcome) -> dict[str, pd.DataFrame]:
    """Items (with selection), spend per direction / project / period, frontier."""
    data = portfolio_dict(o)
    unit = o.problem.money_unit
    items = pd.DataFrame(
        [
            {
                "item": it["id"],
                "project": it["project"] or "(region-wide)",
                "measure": it["measure"],
                "direction": it["direction"],
                f"cost, {unit}": it["total_cost"],
                "value": it["value"],
                "selected": it["selected"],
            }
            for it in data["items"]
        ]
    )
    frames = {"portfolio_items": items}
    spend = data["solution"]["spend"]
    if spend is not None:
        frames["spend_by_direction"] = pd.DataFrame({"direction": list(spend["by_direction"]), f"spend, {unit}": list(spend["by_direction"].values())})
        frames["spend_by_project"] = pd.DataFrame({"project": list(spend["by_project"]), f"spend, {unit}": list(spend["by_project"].values())})
        frames["spend_by_period"] = pd.DataFrame({"period": list(spend["by_period"]), f"spend, {unit}": list(spend["by_period"].values())})
    if "frontier" in data:
        frames["frontier"] = pd.DataFrame(data["frontier"]).rename(columns={"budget": f"budget, {unit}", "spend": f"spend, {unit}"})
    return frames
