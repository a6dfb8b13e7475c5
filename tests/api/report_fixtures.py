"""Runs of the bundled scenarios for the report tests, computed once per test session."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from api.pipeline.run import RunResult, run_scenario
from api.scenario.load import load_scenario, validate_data
from api.scenario.schema import Scenario

ROOT = Path(__file__).parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@lru_cache(maxsize=None)
def scenario(name: str) -> Scenario:
    return load_scenario(ROOT / "scenarios" / f"{name}.yaml").scenario


# TRANSITIONAL: until the portfolio lands on main, runs skip it.
import importlib.util

HAS_PORTFOLIO = importlib.util.find_spec("api.pipeline.portfolio") is not None


@lru_cache(maxsize=None)
def run(name: str) -> RunResult:
    return run_scenario(scenario(name), portfolio=HAS_PORTFOLIO)


def stored(name: str) -> dict[str, Any]:
    """The run as the HTTP service stores it: RunResult.to_dict() through JSON text."""
    return json.loads(json.dumps(run(name).to_dict(), ensure_ascii=False, allow_nan=False))


def scenario_data(text: str) -> Scenario:
    import yaml

    return validate_data(yaml.safe_load(text), "<test>").scenario


def portfolio_input(name: str) -> dict[str, Any]:
    """A portfolio part of a run's dict in the form the report reads (see
    api/report/portfolio_data.py), built from the scenario's own measures: the measures 1.1,
    2.1 and 3.2 for the three best projects and every region-wide measure, with the scenario's
    costs and value = score x effect. Input for rendering, not an optimum."""
    s = scenario(name)
    d = stored(name)
    scores = d["rankings"][d["primary_method"]]["scores"]
    ranks = d["rankings"][d["primary_method"]]["ranks"]
    top = sorted(ranks, key=ranks.get)[:3]
    periods = list(s.portfolio.periods or [])
    items = []
    for m in s.portfolio.measures:
        targets = [None] if m.scope == "region" else list(m.projects or d["decision_matrix"]["projects"])
        for project in targets:
            cost = (m.costs or {}).get(project, m.cost) if project else m.cost
            by_period = {str(k): float(v) for k, v in cost.items()} if isinstance(cost, dict) else {}
            effect = (m.effects or {}).get(project, m.effect) if project else None
            value = m.value if project is None else scores[project] * (effect or 0)
            items.append(
                {
                    "id": m.id if project is None else f"{project}/{m.id}",
                    "project": project,
                    "measure": m.id,
                    "direction": m.direction,
                    "selected": project is None or (project in top and m.id in ("1.1", "2.1", "3.2")),
                    "cost": sum(by_period.values()) if by_period else float(cost),
                    "cost_by_period": by_period,
                    "value": float(value or 0),
                    "reasons": ["illustrative"],
                }
            )
    chosen = [i for i in items if i["selected"]]
    total = sum(i["cost"] for i in chosen)
    value = sum(i["value"] for i in chosen)
    budget = s.portfolio.budget
    levels = [budget * f for f in (0.25, 0.5, 0.75, 1.0, 1.25, 1.5)]
    return {
        "status": "optimal",
        "objective": value,
        "gap": 0.0,
        "budget": budget,
        "periods": periods,
        "items": items,
        "frontier": {
            "points": [
                {"budget": b, "objective": None if b < total * 0.3 else value * min(1.0, b / budget), "marginal_value": value / budget}
                for b in levels
            ]
        },
        "forced": [{"item": chosen[0]["id"], "message": "illustrative"}],
    }
