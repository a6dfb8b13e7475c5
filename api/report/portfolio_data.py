"""Portfolio and frontier sections of a report, read from the portfolio part of a run's dict
(``RunResult.to_dict()["portfolio"]``).

What the report reads (every other key is ignored):

``status``        the engine's solver status (optimal, feasible, infeasible, ...)
``objective``     total value of the chosen portfolio, or null
``gap``           relative gap (0 when proven optimal), or null
``budget``        total budget in money_unit, or null
``periods``       period labels, in order
``items``         one entry per candidate item: ``id``, ``project`` (null: region-wide),
                  ``measure``, ``direction``, ``selected``, ``cost`` (total), ``cost_by_period``
                  (period -> cost), ``value``, and optionally ``reasons`` (why it is or is not
                  chosen, plain sentences)
``frontier``      optional: ``points``, each ``budget``, ``objective`` (null where no portfolio
                  meets the rules) and ``marginal_value``
``conflicts``     optional: when infeasible, the rules that conflict, in plain sentences
``forced``        optional: ``item`` and ``message`` for each item forced in or out

Spend per direction, per period and per project is summed here from the selected items, so the
charts always add up to the items shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.report.model import FrontierView, ItemLine, PortfolioView


def _opt(x: Any) -> float | None:
    return None if x is None else float(x)


def _items(d: Mapping[str, Any]) -> tuple[ItemLine, ...]:
    out = []
    for i in d.get("items", ()):
        by_period = {str(k): float(v) for k, v in (i.get("cost_by_period") or {}).items()}
        cost = float(i["cost"]) if i.get("cost") is not None else sum(by_period.values())
        out.append(
            ItemLine(
                id=str(i["id"]),
                project=None if i.get("project") is None else str(i["project"]),
                measure=str(i["measure"]),
                direction=str(i["direction"]),
                selected=bool(i["selected"]),
                cost=cost,
                cost_by_period=by_period,
                value=float(i.get("value") or 0.0),
                note="; ".join(str(r) for r in i.get("reasons") or ()),
            )
        )
    return tuple(out)


def portfolio_view(d: Mapping[str, Any]) -> PortfolioView:
    """The chosen portfolio, its status and its spend, from the stored portfolio dict."""
    items = _items(d)
    chosen = [i for i in items if i.selected]
    directions = tuple(sorted({i.direction for i in items}, key=lambda x: (len(x), x)))
    periods = tuple(str(p) for p in d.get("periods") or ()) or tuple(dict.fromkeys(q for i in items for q in i.cost_by_period))
    by_period: dict[str, dict[str, float]] = {q: {x: 0.0 for x in directions} for q in periods}
    for i in chosen:
        for q, amount in i.cost_by_period.items():
            by_period.setdefault(q, {x: 0.0 for x in directions})[i.direction] += amount
    by_direction = {x: sum(i.cost for i in chosen if i.direction == x) for x in directions}
    by_project: dict[str, float] = {}
    for i in chosen:
        if i.project is not None:
            by_project[i.project] = by_project.get(i.project, 0.0) + i.cost
    status = str(d.get("status", "no_solution"))
    gap = _opt(d.get("gap"))
    return PortfolioView(
        status=status,
        proven_optimal=status == "optimal",
        value=_opt(d.get("objective")),
        budget=_opt(d.get("budget")),
        spent=sum(i.cost for i in chosen) if chosen else None,
        gap=gap,
        periods=periods,
        directions=directions,
        items=items,
        spend_by_direction=by_direction,
        spend_by_period_direction=by_period if any(i.cost_by_period for i in chosen) else {},
        spend_by_project=by_project,
        conflicts=tuple(str(c) for c in d.get("conflicts") or ()),
        explanations=tuple((str(f["item"]), str(f["message"])) for f in d.get("forced") or ()),
    )


def frontier_view(d: Mapping[str, Any]) -> FrontierView | None:
    """Value against budget, with the scenario's budget marked; None when not computed."""
    f = d.get("frontier")
    if not f or not f.get("points"):
        return None
    points = sorted(f["points"], key=lambda p: float(p["budget"]))
    budget = _opt(d.get("budget"))
    return FrontierView(
        budgets=tuple(float(p["budget"]) for p in points),
        values=tuple(_opt(p.get("objective")) for p in points),
        current_budget=budget,
        current_value=_opt(d.get("objective")) if budget is not None else None,
        marginal=tuple(_opt(p.get("marginal_value")) for p in points),
    )
