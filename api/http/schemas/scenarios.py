"""Stored scenarios: bodies and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from api.http.schemas.base import RequestModel, ResponseModel
from api.http.schemas.examples import SCENARIO
from api.scenario.schema import Scenario

_WHEN = "2026-01-15T09:30:00Z"


class ScenarioWrite(RequestModel):
    """A scenario to store (create) or to store as the next version (update)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"scenario": SCENARIO}]})

    scenario: Scenario = Field(description="The scenario, in the format of scenario files (see `cluster-mcda schema`).")


class ScenarioSummary(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"id": "3f2a9c0d1e8b4a7f9c6d5e4b3a2f1e0d", "name": SCENARIO["name"], "latest_version": 2, "created_at": _WHEN, "updated_at": _WHEN}]
        }
    )

    id: str
    name: str
    latest_version: int = Field(ge=1)
    created_at: datetime
    updated_at: datetime


class ScenarioVersionSummary(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"version": 1, "name": SCENARIO["name"], "created_at": _WHEN}]})

    version: int = Field(ge=1)
    name: str
    created_at: datetime


class ScenarioOut(ResponseModel):
    """One version of a stored scenario, with its data."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "3f2a9c0d1e8b4a7f9c6d5e4b3a2f1e0d",
                    "name": SCENARIO["name"],
                    "version": 1,
                    "latest_version": 1,
                    "created_at": _WHEN,
                    "updated_at": _WHEN,
                    "version_created_at": _WHEN,
                    "scenario": SCENARIO,
                }
            ]
        }
    )

    id: str
    name: str
    version: int = Field(ge=1, description="The version shown.")
    latest_version: int = Field(ge=1)
    created_at: datetime
    updated_at: datetime
    version_created_at: datetime
    scenario: dict[str, Any] = Field(description="The scenario data of this version, as stored.")
