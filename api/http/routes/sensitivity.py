"""How sure the ranking and the portfolio are (stateless): weight sensitivity intervals, SMAA-2
rank acceptability, the rank-reversal check and the robust portfolio."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.http import limits
from api.http.compute import compute, time_limit
from api.http.deps import ExecutorDep, Planner, SettingsDep
from api.http.problems import responses
from api.http.scenario_input import scenario_data
from api.http.schemas.sensitivity import SensitivityRequest, SensitivityResponse

router = APIRouter(prefix="/v1", tags=["compute"], responses=responses(401, 403, 413, 422, 500, 503, 504))


@router.post("/sensitivity", response_model=SensitivityResponse, response_model_exclude_unset=True, summary="Robustness of a scenario's ranking and portfolio")
async def sensitivity(body: SensitivityRequest, who: Planner, settings: SettingsDep, executor: ExecutorDep) -> Any:
    """For each criterion the weight interval over which first place and the top group hold,
    and the weights at which ranks reverse; SMAA-2 rank acceptability, central weights and
    confidence factors; whether removing or adding a project reorders the others; and, with
    `portfolio_samples`, how often each measure enters the optimal portfolio. Seeded, so the
    same request gives the same answer."""
    limits.raise_if(limits.scenario_errors(body.scenario, settings))
    limit = time_limit(body.time_limit, settings)
    payload = {
        "kind": "sensitivity",
        "scenario": scenario_data(body.scenario),
        "method": body.method,
        "samples": body.samples,
        "seed": body.seed,
        "portfolio_samples": body.portfolio_samples,
    }
    return await compute(executor, payload, limit)
