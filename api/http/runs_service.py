"""Starting a stored run on the executor and recording how it ends, whole, in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.http.executor import Executor, Job, Outcome
from api.storage import runs as repo
from api.storage.database import Database


def job_payload(run_input: dict[str, Any]) -> dict[str, Any]:
    """What a worker computes for a run: the stored input, nothing else."""
    return {"kind": "evaluate", "scenario": run_input["scenario"], "methods": run_input.get("methods")}


def stored_outcome(outcome: Outcome, time_limit: float) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None]:
    """(status, result, error) to store for how a job ended."""
    if outcome.status == "done":
        return "done", outcome.result, None
    if outcome.status == "cancelled":
        return "cancelled", None, None
    if outcome.status == "invalid":
        errors = outcome.errors or []
        return "failed", None, {"title": "Invalid scenario", "detail": f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found while computing", "errors": errors}
    if outcome.status == "interrupted":
        return "failed", None, {"title": "Interrupted", "detail": "the server stopped before this run finished; create a new run", "errors": []}
    if outcome.status == "timeout":
        return "failed", None, {"title": "Time limit reached", "detail": f"the run took longer than its time limit of {time_limit:g} s and was stopped", "errors": []}
    return "failed", None, {"title": "Internal error", "detail": "the run failed because of an internal error; it was logged", "errors": []}


def start(executor: Executor, db: Database, run_id: str, run_input: dict[str, Any], time_limit: float) -> Job:
    """Queue the run; the executor marks it running and stores its outcome.

    Raises
    ------
    QueueFull
        When the queue is full (the caller decides what happens to the stored run).
    """

    def on_start(when: datetime) -> None:
        with db.write() as session:
            repo.mark_running(session, run_id, when)

    def on_finish(outcome: Outcome) -> None:
        status, result, error = stored_outcome(outcome, time_limit)
        with db.write() as session:
            repo.finish(session, run_id, status, result=result, error=error, started_at=outcome.started_at, finished_at=outcome.finished_at)

    # Stored runs come after interactive requests: their client polls and is not waiting on a socket.
    return executor.submit(Job(job_payload(run_input), time_limit, priority=2, key=run_id, on_start=on_start, on_finish=on_finish))
