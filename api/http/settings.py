"""Service settings, read from the environment (prefix ``CLUSTER_MCDA_``) and overridable in
tests through the app factory."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLUSTER_MCDA_", extra="ignore")

    data_dir: Path = Field(default=Path("cluster-mcda-data"), description="Folder of the SQLite database.")
    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "CLUSTER_MCDA_DATABASE_URL"),
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db; default a SQLite file in data_dir.",
    )
    busy_timeout_ms: int = Field(default=30_000, ge=0, description="How long a SQLite writer waits for the lock.")

    workers: int = Field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)), ge=1, le=64)
    """Worker processes that run evaluations and solves."""
    max_queued: int = Field(default=1000, ge=1, description="Jobs waiting for a worker before the server answers 503.")
    default_time_limit: float = Field(default=120.0, gt=0, description="Seconds a job may take when the request sets none.")
    max_time_limit: float = Field(default=3600.0, gt=0, description="Largest time limit a request may ask for, in seconds.")

    max_body_bytes: int = Field(default=4 * 1024 * 1024, ge=1024, description="Larger request bodies get 413.")
    max_projects: int = Field(default=2000, ge=1)
    max_criteria: int = Field(default=200, ge=1, description="Criteria of a tree (all nodes) or columns of a matrix.")
    max_items: int = Field(default=100_000, ge=1, description="Portfolio items (measure × project pairs).")
    max_experts: int = Field(default=200, ge=1)

    def url(self) -> str:
        from api.storage.database import sqlite_url

        return self.database_url or sqlite_url(self.data_dir)


@lru_cache
def get_settings() -> Settings:
    return Settings()
