"""Portfolio and frontier sections of a report, read from the portfolio part of a run's dict
(``RunResult.to_dict()["portfolio"]``, written by :mod:`api.pipeline.portfolio_serialize`).

Spend per direction, per period and per project is summed here from the chosen items, so the
charts always add up to the items the report lists. The stored portfolio does not carry the
total budget; it comes from the scenario when the report has it (else the frontier is drawn
without the current budget marked).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from api.report.model import FrontierView, ItemLine, PortfolioView

NO_PERIODS = ("total",)
"""The optimizer's one period when a scenario gives none."""


def _opt(x: Any) -> float | None:
    return None if x is None else float(x)


def _periods(d: Mapping[str, Any]) -> tuple[str, ...]:
    periods = tuple(str(p) for p in d.get("periods") or ())
    return () if periods == NO_PERIODS else periods


def _items(d: Mapping[str, Any], periods: Sequence[str]) -> tuple[ItemLine, ...]:
    explained = {x["id"]: x for x in d.get("explanations") or ()}
    out = []
    for i in d.get("items", ()):
        costs = i.get("cost")
        by_period = {q: float(c) for q, c in zip(periods, costs)} if periods and isinstance(costs, list) else {}
        total = i.get("total_cost")
        if total is None:
            total = sum(costs) if isinstance(costs, list) else costs
        why = explained.get(i["id"], {})
        reasons = why.get("reasons") or why.get("binding") or ()  # a chosen item has no reasons, maybe binding rules
        out.append(
            ItemLine(
                id=str(i["id"]),
                project=None if i.get("project") is None else str(i["project"]),
                measure=str(i["measure"]),
                direction=str(i["direction"]),
                selected=bool(i["selected"]),
                cost=float(total or 0.0),
                cost_by_period=by_period,
                value=float(i.get("value") or 0.0),
                note="; ".join(str(r) for r in reasons),
            )
        )
    return tuple(out)


def _conflicts(d: Mapping[str, Any]) -> tuple[str, ...]:
    inf = d.get("infeasibility")
    if not inf or inf.get("feasible"):
        return ()
    lines = [str(c) for c in inf.get("conflicts") or ()]
    lines += [str(x["message"]) for x in inf.get("relaxations") or () if x.get("message")]
    return tuple(lines) or ((str(inf["summary"]),) if inf.get("summary") else ())


def portfolio_view(d: Mapping[str, Any], budget: float | None = None) -> PortfolioView:
    """The chosen portfolio, its solver status and its spend.

    ``budget`` is the scenario's total budget (money_unit), when known.
    """
    sol = d.get("solution") or {}
    periods = _periods(d)
    items = _items(d, periods)
    chosen = [i for i in items if i.selected]
    directions = tuple(sorted({i.direction for i in items}, key=lambda x: (len(x), x)))
    by_period: dict[str, dict[str, float]] = {q: {x: 0.0 for x in directions} for q in periods}
    for i in chosen:
        for q, amount in i.cost_by_period.items():
            by_period[q][i.direction] += amount
    by_project: dict[str, float] = {}
    for i in chosen:
        if i.project is not None:
            by_project[i.project] = by_project.get(i.project, 0.0) + i.cost
    status = str(sol.get("status", "no_solution"))
    return PortfolioView(
        status=status,
        proven_optimal=bool(sol.get("proven_optimal", status == "optimal")),
        value=_opt(sol.get("objective")),
        budget=_opt(budget),
        spent=sum(i.cost for i in chosen) if chosen else None,
        gap=_opt(sol.get("gap")),
        periods=periods,
        directions=directions,
        items=items,
        spend_by_direction={x: sum(i.cost for i in chosen if i.direction == x) for x in directions},
        spend_by_period_direction=by_period if chosen and periods else {},
        spend_by_project=by_project,
        conflicts=_conflicts(d),
        explanations=tuple(
            (str(x["id"]), str(x["forced"]["message"])) for x in d.get("explanations") or () if x.get("forced")
        ),
    )


def frontier_view(d: Mapping[str, Any], budget: float | None = None) -> FrontierView | None:
    """Best value against budget, the scenario's budget marked; None when not computed."""
    points = d.get("frontier")
    if not points:
        return None
    points = sorted(points, key=lambda p: float(p["budget"]))
    has = budget is not None and (d.get("solution") or {}).get("objective") is not None
    return FrontierView(
        budgets=tuple(float(p["budget"]) for p in points),
        values=tuple(_opt(p.get("value")) for p in points),
        current_budget=_opt(budget),
        current_value=_opt(d["solution"]["objective"]) if has else None,
        marginal=tuple(_opt(p.get("marginal_value")) for p in points),
    )


def portfolio_warnings(d: Mapping[str, Any]) -> list[str]:
    """The solver's warnings and the pipeline's notes about the portfolio."""
    sol = d.get("solution") or {}
    return [str(w) for w in sol.get("warnings") or ()] + [str(n) for n in d.get("notes") or ()]
