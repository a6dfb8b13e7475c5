"""A budget-constrained portfolio of support measures (stateless)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from api.http import limits
from api.http.compute import compute, time_limit
from api.http.deps import ExecutorDep, Planner, SettingsDep
from api.http.problems import responses
from api.http.schemas.compute import PortfolioRequest, PortfolioResponse

router = APIRouter(prefix="/v1", tags=["compute"], responses=responses(401, 403, 413, 422, 500, 503, 504))


@router.post("/portfolio", response_model=PortfolioResponse, summary="Optimise a portfolio")
async def portfolio(body: PortfolioRequest, who: Planner, settings: SettingsDep, executor: ExecutorDep) -> Any:
    """The items to fund that maximise total value under every rule, solved in a worker process
    (HiGHS by default, CBC on request) and checked against every rule before it is returned.
    The status says whether it is proven optimal; a solve stopped by its time limit reports its
    gap; an infeasible problem has status infeasible and no selection."""
    if len(body.items) > settings.max_items:
        limits.raise_if([limits.over("items", "items", len(body.items), settings.max_items)])
    limit = time_limit(body.time_limit, settings)
    payload = {"kind": "portfolio", **body.model_dump(mode="json", exclude={"time_limit"})}
    return await compute(executor, payload, limit)
