"""Stored scenarios: each update adds a version; a deleted scenario is hidden, not erased.

Every function takes the caller's workspace and never returns another workspace's rows, so the
HTTP layer answers 404 for both "does not exist" and "not yours".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.storage.models import Scenario, ScenarioVersion, utcnow


def create(session: Session, workspace_id: str, name: str, data: dict[str, Any], created_by: str | None) -> tuple[Scenario, ScenarioVersion]:
    now = utcnow()
    scenario = Scenario(workspace_id=workspace_id, name=name, latest_version=1, created_at=now, updated_at=now)
    session.add(scenario)
    session.flush()
    version = ScenarioVersion(scenario_id=scenario.id, version=1, name=name, data=data, created_at=now, created_by=created_by)
    session.add(version)
    session.flush()
    return scenario, version


def get(session: Session, workspace_id: str, scenario_id: str, *, for_update: bool = False) -> Scenario | None:
    query = select(Scenario).where(Scenario.id == scenario_id, Scenario.workspace_id == workspace_id, Scenario.deleted_at.is_(None))
    # PostgreSQL: lock the row so concurrent updates number their versions one after the other
    # (SQLite has no row locks; its immediate write transactions already serialise writers).
    return session.scalar(query.with_for_update() if for_update else query)


def get_version(session: Session, workspace_id: str, scenario_id: str, version: int | None = None) -> ScenarioVersion | None:
    """One version (the latest when ``version`` is None) of a live scenario of the workspace."""
    scenario = get(session, workspace_id, scenario_id)
    if scenario is None:
        return None
    return session.get(ScenarioVersion, (scenario_id, scenario.latest_version if version is None else version))


def list_(session: Session, workspace_id: str, limit: int, offset: int) -> tuple[list[Scenario], int]:
    live = (Scenario.workspace_id == workspace_id, Scenario.deleted_at.is_(None))
    total = session.scalar(select(func.count()).select_from(Scenario).where(*live)) or 0
    rows = session.scalars(select(Scenario).where(*live).order_by(Scenario.created_at.desc(), Scenario.id).limit(limit).offset(offset))
    return list(rows), total


def list_versions(session: Session, scenario_id: str) -> list[ScenarioVersion]:
    return list(session.scalars(select(ScenarioVersion).where(ScenarioVersion.scenario_id == scenario_id).order_by(ScenarioVersion.version)))


def add_version(
    session: Session, workspace_id: str, scenario_id: str, name: str, data: dict[str, Any], created_by: str | None
) -> tuple[Scenario, ScenarioVersion] | None:
    """Store ``data`` as the next version; None when the scenario is not the workspace's.

    Call inside a write session: concurrent updates queue (SQLite: immediate transaction;
    PostgreSQL: row lock), so they get consecutive versions rather than one failing on the key.
    """
    scenario = get(session, workspace_id, scenario_id, for_update=True)
    if scenario is None:
        return None
    now = utcnow()
    scenario.latest_version += 1
    scenario.name = name
    scenario.updated_at = now
    version = ScenarioVersion(
        scenario_id=scenario.id, version=scenario.latest_version, name=name, data=data, created_at=now, created_by=created_by
    )
    session.add(version)
    session.flush()
    return scenario, version


def delete(session: Session, workspace_id: str, scenario_id: str) -> bool:
    scenario = get(session, workspace_id, scenario_id)
    if scenario is None:
        return False
    scenario.deleted_at = utcnow()
    session.flush()
    return True
