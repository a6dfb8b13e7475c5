"""Rankings of a decision matrix by any supported method (stateless)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.http import limits
from api.http.compute import QUICK, compute, time_limit
from api.http.deps import ExecutorDep, Planner, SettingsDep
from api.http.problems import ApiProblem, responses
from api.http.schemas.compute import RankingsRequest, RankingsResponse

router = APIRouter(prefix="/v1", tags=["compute"], responses=responses(401, 403, 413, 422, 500, 503, 504))


def _shape_errors(body: RankingsRequest) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    n, m = len(body.criteria), len(body.projects)
    if len(body.values) != m:
        errors.append({"path": "values", "message": f"one row per project: {m} projects, {len(body.values)} rows", "value": len(body.values)})
    for i, row in enumerate(body.values):
        if len(row) != n:
            errors.append({"path": f"values[{i}]", "message": f"one value per criterion: {n} criteria, {len(row)} values", "value": len(row)})
    ids = [c.id for c in body.criteria]
    for key in body.weights or {}:
        if key not in ids:
            errors.append({"path": f"weights.{key}", "message": f"not a criterion; criteria: {', '.join(ids)}", "value": key})
    return errors


@router.post("/rankings", response_model=RankingsResponse, summary="Rank a decision matrix")
async def rankings(body: RankingsRequest, who: Planner, settings: SettingsDep, executor: ExecutorDep) -> Any:
    """Scores and ranks (1 = best for every method) by each method asked for, each with its
    preference direction, tie rule, parameters and warnings, and the rank agreement between
    methods (Spearman's rho and WS)."""
    errors = []
    if len(body.projects) > settings.max_projects:
        errors.append(limits.over("projects", "projects", len(body.projects), settings.max_projects))
    if len(body.criteria) > settings.max_criteria:
        errors.append(limits.over("criteria", "criteria", len(body.criteria), settings.max_criteria))
    limits.raise_if(errors)
    shape = _shape_errors(body)
    if shape:
        raise ApiProblem(422, f"{len(shape)} problem{'s' if len(shape) != 1 else ''} in the request", kind="invalid-input", title="Invalid input", errors=shape)
    limit = time_limit(body.time_limit, settings)
    payload = {"kind": "rankings", **body.model_dump(mode="json", exclude={"time_limit"})}
    return await compute(executor, payload, limit, QUICK)
