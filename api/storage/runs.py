"""Stored runs. A run is written whole in one transaction when created (its full input), and
its outcome in one transaction when it ends. Every change is conditional on the run not being
finished, so a finished run can never be changed again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from api.storage.models import FINISHED, Run, utcnow

OPEN = ("queued", "running")


def create(
    session: Session,
    *,
    workspace_id: str,
    scenario_id: str,
    scenario_version: int,
    input: dict[str, Any],
    versions: dict[str, str],
    time_limit: float,
    created_by: str | None,
) -> Run:
    run = Run(
        workspace_id=workspace_id,
        scenario_id=scenario_id,
        scenario_version=scenario_version,
        status="queued",
        input=input,
        versions=versions,
        time_limit=time_limit,
        created_at=utcnow(),
        created_by=created_by,
    )
    session.add(run)
    session.flush()
    return run


def get(session: Session, workspace_id: str, run_id: str) -> Run | None:
    return session.scalar(select(Run).where(Run.id == run_id, Run.workspace_id == workspace_id))


def list_for_scenario(session: Session, workspace_id: str, scenario_id: str, limit: int, offset: int) -> tuple[list[Run], int]:
    where = (Run.workspace_id == workspace_id, Run.scenario_id == scenario_id)
    total = session.scalar(select(func.count()).select_from(Run).where(*where)) or 0
    rows = session.scalars(select(Run).where(*where).order_by(Run.created_at.desc(), Run.id).limit(limit).offset(offset))
    return list(rows), total


def mark_running(session: Session, run_id: str, when: datetime | None = None) -> bool:
    done = session.execute(
        update(Run).where(Run.id == run_id, Run.status == "queued").values(status="running", started_at=when or utcnow())
    )
    return done.rowcount == 1  # type: ignore[attr-defined]


def finish(
    session: Session,
    run_id: str,
    status: str,
    *,
    result: dict[str, Any] | None = None,
    error: dict[str, Any] | None = None,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
) -> bool:
    """Record the outcome; False when the run had already finished (then nothing changes)."""
    if status not in FINISHED:
        raise ValueError(f"a run finishes as one of {', '.join(FINISHED)}; got {status!r}")
    values: dict[str, Any] = {"status": status, "result": result, "error": error, "finished_at": finished_at or utcnow()}
    if started_at is not None:
        values["started_at"] = func.coalesce(Run.started_at, started_at)
    done = session.execute(update(Run).where(Run.id == run_id, Run.status.in_(OPEN)).values(**values))
    return done.rowcount == 1  # type: ignore[attr-defined]


def fail_interrupted(session: Session) -> list[str]:
    """Mark runs left queued or running by a server that stopped as failed; returns their ids.

    Called once at start-up, when no run of this server can be in progress.
    """
    ids = list(session.scalars(select(Run.id).where(Run.status.in_(OPEN))))
    if ids:
        session.execute(
            update(Run)
            .where(Run.id.in_(ids), Run.status.in_(OPEN))
            .values(
                status="failed",
                finished_at=utcnow(),
                error={"title": "Interrupted", "detail": "the server stopped before this run finished; create a new run"},
            )
        )
    return ids
