"""Request and answer of the robustness analysis (weight sensitivity, SMAA-2, rank reversal,
robust portfolio)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from api.http.schemas.base import RequestModel
from api.http.schemas.compute import SCENARIO, TimeLimit, _Open
from api.scenario.schema import MethodName, Scenario


class SensitivityRequest(RequestModel):
    """A whole scenario and, optionally, settings that override its `robustness` section."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"scenario": SCENARIO, "samples": 2000, "seed": 7, "portfolio_samples": 20}]})

    scenario: Scenario
    method: MethodName | None = Field(default=None, description="Ranking method analysed; default the scenario's.")
    samples: int | None = Field(default=None, ge=100, le=200_000, description="SMAA samples (default: the scenario's, 10,000).")
    seed: int | None = Field(default=None, ge=0, le=2**32 - 1, description="Seed; the same seed gives the same result.")
    portfolio_samples: int | None = Field(
        default=None, ge=0, le=500, description="Weight samples under which the portfolio is re-optimised (0: none)."
    )
    time_limit: float | None = TimeLimit


class SensitivityResponse(_Open):
    """``RobustnessResult.to_dict()``: the JSON `cluster-mcda sensitivity` writes."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"method": "topsis", "samples": 2000, "seed": 7, "sensitivity": {}, "smaa": {}, "warnings": []}]}
    )
