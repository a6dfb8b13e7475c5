"""A whole scenario evaluated, as `cluster-mcda run` does (stateless)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.http import limits
from api.http.compute import compute, time_limit
from api.http.deps import ExecutorDep, Planner, SettingsDep
from api.http.problems import responses
from api.http.scenario_input import scenario_data
from api.http.schemas.compute import EvaluateRequest, EvaluationResponse

router = APIRouter(prefix="/v1", tags=["compute"], responses=responses(401, 403, 413, 422, 500, 503, 504))


@router.post("/evaluate", response_model=EvaluationResponse, response_model_exclude_unset=True, summary="Evaluate a whole scenario")
async def evaluate(body: EvaluateRequest, who: Planner, settings: SettingsDep, executor: ExecutorDep) -> Any:
    """Criteria weights with their consistency, judged criteria, rankings by every method with
    their agreement, and the portfolio when the scenario has one: the JSON `cluster-mcda run`
    writes. Every problem of the scenario is reported at once (422)."""
    limits.raise_if(limits.scenario_errors(body.scenario, settings))
    limit = time_limit(body.time_limit, settings)
    payload = {"kind": "evaluate", "scenario": scenario_data(body.scenario), "methods": body.methods}
    return await compute(executor, payload, limit)
