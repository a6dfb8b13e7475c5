"""Bases shared by the request and response models."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class RequestModel(BaseModel):
    """A request body: unknown fields are errors (a client cannot set server-owned fields such
    as owner, status or result) and numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(ResponseModel, Generic[T]):
    """One page of a list, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "total": 0, "limit": 50, "offset": 0}]})

    items: list[T]
    total: int = Field(ge=0, description="How many there are in all.")
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)
