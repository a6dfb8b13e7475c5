"""Running a job for a request and turning how it ended into an answer."""

from __future__ import annotations

from typing import Any

from api.http.executor import Executor, Outcome, QueueFull
from api.http.problems import ApiProblem
from api.http.settings import Settings


def time_limit(requested: float | None, settings: Settings) -> float:
    """The time limit of a job in seconds: the request's, else the server default."""
    if requested is None:
        return settings.default_time_limit
    if requested > settings.max_time_limit:
        raise ApiProblem(
            422,
            "1 problem in the request",
            kind="invalid-input",
            title="Invalid input",
            errors=[{"path": "time_limit", "message": f"at most {settings.max_time_limit:g} s on this server", "value": requested}],
        )
    return requested


def busy() -> ApiProblem:
    return ApiProblem(503, "every worker is busy and the queue is full; try again shortly", kind="busy", headers={"Retry-After": "5"})


def answer(outcome: Outcome, limit: float) -> dict[str, Any]:
    """The result of a finished job, or the problem that explains why there is none."""
    if outcome.status == "done":
        assert outcome.result is not None
        return outcome.result
    if outcome.status == "invalid":
        errors = outcome.errors or []
        raise ApiProblem(422, f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the request", kind="invalid-input", title="Invalid input", errors=errors)
    if outcome.status == "timeout":
        raise ApiProblem(
            504,
            f"the computation took longer than its time limit of {limit:g} s and was stopped; raise time_limit, "
            "or give the solver a time limit of its own (portfolio.solver.time_limit) to get its best solution so far",
            kind="time-limit",
            title="Time limit reached",
        )
    if outcome.status in ("cancelled", "interrupted"):
        raise ApiProblem(503, "the computation was stopped because the server is shutting down", kind="busy")
    raise ApiProblem(500, "the computation failed because of an internal error; it was logged", kind="internal")


QUICK = 0
"""Priority of jobs that take milliseconds (AHP weights, rankings)."""
SCENARIO = 1
"""Priority of jobs that may take seconds (whole scenarios, portfolios)."""


async def compute(executor: Executor, payload: dict[str, Any], limit: float, priority: int = SCENARIO) -> dict[str, Any]:
    try:
        outcome = await executor.call(payload, limit, priority)
    except QueueFull:
        raise busy() from None
    return answer(outcome, limit)
