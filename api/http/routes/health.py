"""Is the service up? (No key needed.)"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict

from api.http.problems import responses

router = APIRouter(prefix="/v1", tags=["service"], responses=responses(500))


class Health(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ok"}]})

    status: Literal["ok"]


@router.get("/health", response_model=Health, summary="Service is up")
def health() -> Health:
    return Health(status="ok")
