"""Runs of stored scenarios: create (queued for a worker), read, list by scenario, cancel,
compare two."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from api.http.compare import compare
from api.http.compute import busy, time_limit
from api.http.deps import DatabaseDep, ExecutorDep, Planner, SettingsDep, Viewer
from api.http.executor import QueueFull
from api.http.problems import ApiProblem, not_found, responses
from api.http.runs_service import start
from api.http.schemas.base import Page
from api.http.schemas.runs import RunComparison, RunCreate, RunOut, RunSummary
from api.http.versions import versions
from api.storage import runs as repo
from api.storage import scenarios as scenario_repo
from api.storage.models import FINISHED, Run

router = APIRouter(prefix="/v1", tags=["runs"], responses=responses(401, 403, 404, 409, 413, 422, 500, 503))

RunId = Annotated[str, Path(max_length=64, description="Run id.")]
ScenarioId = Annotated[str, Path(max_length=64, description="Scenario id.")]

_CANCEL_WAIT = 15.0
"""Seconds a cancel request waits for the worker to be stopped (it takes well under one)."""


def _timings(run: Run) -> dict[str, float | None]:
    queued = (run.started_at - run.created_at).total_seconds() if run.started_at else None
    ran = (run.finished_at - run.started_at).total_seconds() if run.finished_at and run.started_at else None
    return {"queued_seconds": queued, "run_seconds": ran}


def summary(run: Run) -> RunSummary:
    return RunSummary(
        id=run.id,
        scenario_id=run.scenario_id,
        scenario_version=run.scenario_version,
        status=run.status,  # type: ignore[arg-type]
        time_limit=run.time_limit,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
        timings=_timings(run),  # type: ignore[arg-type]
    )


def full(run: Run) -> RunOut:
    return RunOut(**summary(run).model_dump(), input=run.input, versions=run.versions, result=run.result, error=run.error)


@router.post("/runs", status_code=202, response_model=RunOut, summary="Run a stored scenario")
def create_run(body: RunCreate, who: Planner, db: DatabaseDep, settings: SettingsDep, executor: ExecutorDep, response: Response) -> RunOut:
    """Stores the run with its full input (queued) and hands it to a worker. Poll
    `GET /v1/runs/{id}` until its status is done, failed or cancelled."""
    limit = time_limit(body.time_limit, settings)
    with db.write() as session:
        version = scenario_repo.get_version(session, who.workspace_id, body.scenario_id, body.scenario_version)
        if version is None:
            what = "scenario" if body.scenario_version is None else f"version {body.scenario_version} of scenario"
            raise not_found(what, body.scenario_id)
        run = repo.create(
            session,
            workspace_id=who.workspace_id,
            scenario_id=body.scenario_id,
            scenario_version=version.version,
            input={"scenario": version.data, "methods": body.methods},
            versions=versions(),
            time_limit=limit,
            created_by=who.key_id,
        )
    try:
        start(executor, db, run.id, run.input, limit)
    except QueueFull:
        # Not acknowledged, so not kept: the client is told to try again.
        with db.write() as session:
            session.delete(session.get(Run, run.id))
        raise busy() from None
    response.headers["Location"] = f"/v1/runs/{run.id}"
    return full(run)


@router.get("/runs/{run_id}", response_model=RunOut, summary="Read a run")
def read_run(run_id: RunId, who: Viewer, db: DatabaseDep) -> RunOut:
    with db.read() as session:
        run = repo.get(session, who.workspace_id, run_id)
        if run is None:
            raise not_found("run", run_id)
        return full(run)


@router.get("/scenarios/{scenario_id}/runs", response_model=Page[RunSummary], summary="List the runs of a scenario")
def list_runs(
    scenario_id: ScenarioId,
    who: Viewer,
    db: DatabaseDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Page[RunSummary]:
    with db.read() as session:
        if scenario_repo.get(session, who.workspace_id, scenario_id) is None:
            raise not_found("scenario", scenario_id)
        rows, total = repo.list_for_scenario(session, who.workspace_id, scenario_id, limit, offset)
        return Page[RunSummary](items=[summary(r) for r in rows], total=total, limit=limit, offset=offset)


@router.post("/runs/{run_id}/cancel", response_model=RunOut, summary="Cancel a run")
def cancel_run(run_id: RunId, who: Planner, db: DatabaseDep, executor: ExecutorDep) -> RunOut:
    """Stops the run: a queued run never starts; a running one has its worker process (and any
    solver process it started) killed and its temporary files deleted. 409 if it had already
    finished."""
    with db.read() as session:
        run = repo.get(session, who.workspace_id, run_id)
    if run is None:
        raise not_found("run", run_id)
    if run.status in FINISHED:
        raise ApiProblem(409, f"the run has already finished ({run.status}); a finished run never changes", kind="run-finished")
    job = executor.cancel(run_id)
    if job is not None:
        job.future.result(timeout=_CANCEL_WAIT)
    else:
        # Not in this server's executor (it finished a moment ago, or a stopped server left
        # it open): close it here unless it has finished meanwhile.
        with db.write() as session:
            repo.finish(session, run_id, "cancelled")
    with db.read() as session:
        run = repo.get(session, who.workspace_id, run_id)
        assert run is not None
        return full(run)


@router.get("/runs/{run_id}/compare/{other_id}", response_model=RunComparison, summary="Compare two runs")
def compare_runs(run_id: RunId, other_id: RunId, who: Viewer, db: DatabaseDep) -> RunComparison:
    """Rank changes per method (for the methods both runs have), changed criterion weights, and
    the portfolio difference, from the first run (base) to the second (other). Both must be done."""
    with db.read() as session:
        base = repo.get(session, who.workspace_id, run_id)
        other = repo.get(session, who.workspace_id, other_id)
    if base is None:
        raise not_found("run", run_id)
    if other is None:
        raise not_found("run", other_id)
    for run in (base, other):
        if run.status != "done" or run.result is None:
            raise ApiProblem(409, f"run {run.id!r} is {run.status}; only runs that are done can be compared", kind="run-not-done")
    return RunComparison.model_validate(compare(base.id, base.result, other.id, other.result))  # type: ignore[arg-type]


_MEDIA = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@router.get(
    "/runs/{run_id}/report",
    summary="Report of a finished run (HTML or Excel)",
    response_class=Response,
    responses={200: {"content": {_MEDIA["html"]: {}, _MEDIA["xlsx"]: {}}, "description": "The report file."}},
)
def run_report(
    run_id: RunId,
    who: Viewer,
    db: DatabaseDep,
    format: Annotated[Literal["html", "xlsx"], Query(description="html: one self-contained page; xlsx: the workbook.")] = "html",
    lang: Annotated[Literal["en", "ru"] | None, Query(description="Language; default the scenario's.")] = None,
) -> Response:
    """The decision maker's report of a stored run, rendered from exactly what the run stored
    (its input and result; nothing is recomputed): a self-contained HTML page that opens
    offline, or an Excel workbook. 409 while the run has no result."""
    from api.report.excel import render_xlsx
    from api.report.html import render_html

    with db.read() as session:
        run = repo.get(session, who.workspace_id, run_id)
        if run is None:
            raise not_found("run", run_id)
        status, result, scenario = run.status, run.result, (run.input or {}).get("scenario")
    if status != "done" or result is None:
        raise ApiProblem(409, f"run {run_id!r} is {status}: only a finished run with a result has a report", kind="conflict")
    if format == "html":
        body = render_html(result, lang, scenario=scenario).encode("utf-8")
        filename = f"run-{run_id}.html"
    else:
        body = render_xlsx(result, lang, scenario=scenario)
        filename = f"run-{run_id}.xlsx"
    return Response(body, media_type=_MEDIA[format], headers={"Content-Disposition": f'attachment; filename="{filename}"'})
