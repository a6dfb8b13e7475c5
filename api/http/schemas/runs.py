"""Runs: bodies and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import ConfigDict, Field

from api.http.problems import FieldError
from api.http.schemas.base import RequestModel, ResponseModel
from api.scenario.schema import MethodName

RunStatus = Literal["queued", "running", "done", "failed", "cancelled"]

_ID = "5b1e0c2d3f4a4b6c8d9e0f1a2b3c4d5e"
_SCENARIO_ID = "3f2a9c0d1e8b4a7f9c6d5e4b3a2f1e0d"


class RunCreate(RequestModel):
    """Run a stored scenario (its latest version unless ``scenario_version`` is given)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"scenario_id": _SCENARIO_ID, "scenario_version": 1, "time_limit": 60}]})

    scenario_id: str = Field(min_length=1, max_length=64)
    scenario_version: int | None = Field(default=None, ge=1, description="Default: the latest version.")
    methods: list[MethodName] | None = Field(
        default=None, min_length=1, description="Ranking methods replacing the scenario's own (as `cluster-mcda run --method`)."
    )
    time_limit: float | None = Field(
        default=None, ge=1, le=86400, description="Seconds after which the run is stopped and marked failed; default and maximum are server settings."
    )


class RunError(ResponseModel):
    """Why a run failed."""

    title: str
    detail: str
    errors: list[FieldError] = Field(default_factory=list)


class Timings(ResponseModel):
    queued_seconds: float | None = Field(default=None, description="From creation to start.")
    run_seconds: float | None = Field(default=None, description="From start to end.")


_SUMMARY_EXAMPLE: dict[str, Any] = {
    "id": _ID,
    "scenario_id": _SCENARIO_ID,
    "scenario_version": 1,
    "status": "done",
    "time_limit": 60.0,
    "created_at": "2026-01-15T09:30:00Z",
    "started_at": "2026-01-15T09:30:00.05Z",
    "finished_at": "2026-01-15T09:30:01.2Z",
    "timings": {"queued_seconds": 0.05, "run_seconds": 1.15},
}


class RunSummary(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SUMMARY_EXAMPLE]})

    id: str
    scenario_id: str
    scenario_version: int
    status: RunStatus
    time_limit: float = Field(description="Seconds.")
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    timings: Timings


class RunOut(RunSummary):
    """A run with everything it was computed from and what it produced. A finished run never
    changes."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_SUMMARY_EXAMPLE,
                    "input": {"scenario": {"name": "..."}, "methods": None},
                    "versions": {"cluster-mcda": "0.1.0", "pulp": "3.3.2", "highspy": "1.16.0"},
                    "result": {"scenario": "...", "rankings": {}, "warnings": []},
                    "error": None,
                }
            ]
        }
    )

    input: dict[str, Any] = Field(description="The scenario data and run options the run was computed from.")
    versions: dict[str, str] = Field(description="Versions of the engine and solvers that computed it.")
    result: dict[str, Any] | None = Field(default=None, description="As `cluster-mcda run` writes it; set when status is done.")
    error: RunError | None = Field(default=None, description="Set when status is failed.")


class RankChange(ResponseModel):
    project: str
    rank_base: int
    rank_other: int
    change: int = Field(description="rank_base − rank_other: positive when the project moved up in the other run.")
    score_base: float
    score_other: float


class MethodComparison(ResponseModel):
    method: str
    changes: list[RankChange] = Field(description="Every project in both runs, in the other run's rank order.")
    moved: int = Field(ge=0, description="Projects whose rank differs.")
    only_in_base: list[str]
    only_in_other: list[str]


class WeightChange(ResponseModel):
    criterion: str
    base: float | None
    other: float | None


class PortfolioComparison(ResponseModel):
    status_base: str | None
    status_other: str | None
    selected_only_in_base: list[str] = Field(description="Items funded in the base run but not in the other.")
    selected_only_in_other: list[str]
    selected_in_both: list[str]
    objective_base: float | None
    objective_other: float | None
    spend_base: float | None
    spend_other: float | None


class RunComparison(ResponseModel):
    """What changed from the base run to the other run."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "base": _ID,
                    "other": "6c2f1d3e4a5b4c7d9e0f1a2b3c4d5e6f",
                    "rankings": [
                        {
                            "method": "topsis",
                            "changes": [
                                {"project": "leningrad_gas", "rank_base": 2, "rank_other": 1, "change": 1, "score_base": 0.55, "score_other": 0.61},
                                {"project": "tomsk_education", "rank_base": 1, "rank_other": 2, "change": -1, "score_base": 0.58, "score_other": 0.52},
                            ],
                            "moved": 2,
                            "only_in_base": [],
                            "only_in_other": [],
                        }
                    ],
                    "methods_only_in_base": [],
                    "methods_only_in_other": [],
                    "weights": [{"criterion": "export_potential", "base": 0.3, "other": 0.4}],
                    "portfolio": None,
                }
            ]
        }
    )

    base: str
    other: str
    rankings: list[MethodComparison]
    methods_only_in_base: list[str]
    methods_only_in_other: list[str]
    weights: list[WeightChange] = Field(description="Global weights of leaf criteria that differ between the runs.")
    portfolio: PortfolioComparison | None = Field(description="Null when neither run has a portfolio.")
