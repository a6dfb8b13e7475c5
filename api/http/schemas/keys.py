"""API keys: bodies and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from api.http.schemas.base import RequestModel, ResponseModel

Role = Literal["viewer", "planner", "admin"]

_EXAMPLE = {
    "id": "9a8b7c6d5e4f40a1b2c3d4e5f6a7b8c9",
    "name": "budget office, planner 1",
    "role": "planner",
    "prefix": "cmk_Xy3Zq9",
    "created_at": "2026-01-15T09:30:00Z",
    "revoked_at": None,
}


class KeyCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "budget office, planner 1", "role": "planner"}]})

    name: str = Field(min_length=1, max_length=120, description="Who or what uses the key.")
    role: Role = Field(description="viewer reads; planner also computes and writes; admin also manages keys.")


class KeyOut(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    id: str
    name: str
    role: Role
    prefix: str = Field(description="The first characters of the key, to tell keys apart.")
    created_at: datetime
    revoked_at: datetime | None = None


class KeyCreated(KeyOut):
    """A new key. ``key`` is shown this once: only its hash is stored."""

    model_config = ConfigDict(json_schema_extra={"examples": [{**_EXAMPLE, "key": "cmk_Xy3Zq9...(43 characters)"}]})

    key: str
