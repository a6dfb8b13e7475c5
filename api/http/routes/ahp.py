"""AHP weights from pairwise judgments (stateless)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.http import limits
from api.http.compute import QUICK, compute, time_limit
from api.http.deps import ExecutorDep, Planner, SettingsDep
from api.http.problems import responses
from api.http.schemas.compute import AhpWeightsRequest, AhpWeightsResponse

router = APIRouter(prefix="/v1/ahp", tags=["compute"], responses=responses(401, 403, 413, 422, 500, 503, 504))


@router.post("/weights", response_model=AhpWeightsResponse, summary="AHP weights from judgments")
async def ahp_weights(body: AhpWeightsRequest, who: Planner, settings: SettingsDep, executor: ExecutorDep) -> Any:
    """Priorities of the labels, λmax, CI and CR with the worst judgments named and the value
    each should move to; for several experts also each expert's consistency, the aggregate's,
    and the consensus. Incomplete judgments are completed (Harker, or LLSM for the geometric
    mean) when they connect every label."""
    errors = []
    if len(body.labels) > settings.max_projects:
        errors.append(limits.over("labels", "labels", len(body.labels), settings.max_projects))
    if body.experts is not None and len(body.experts) > settings.max_experts:
        errors.append(limits.over("experts", "experts", len(body.experts), settings.max_experts))
    limits.raise_if(errors)
    limit = time_limit(body.time_limit, settings)
    return await compute(executor, {"kind": "ahp", "labels": list(body.labels), "comparisons": body.comparisons()}, limit, QUICK)
