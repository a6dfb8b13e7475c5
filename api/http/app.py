"""The FastAPI application factory."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.http import problems
from api.http.body import BodyGuard
from api.http.executor import Executor
from api.http.routes import all_routers
from api.http.settings import Settings, get_settings
from api.http.worker import JobFunction
from api.storage import runs
from api.storage.database import Database
from api.storage.migrate import upgrade

log = logging.getLogger("cluster_mcda.http")

DESCRIPTION = """\
Multi-criteria decision support for regional cluster policy, for planners and their tools.

* **Compute** (stateless): AHP weights from judgments, rankings of a decision matrix, a
  budget-constrained portfolio of support measures, and the evaluation of a whole scenario.
* **Stored**: scenarios (every update is a new version) and runs of them, with the exact
  inputs, the result, and the engine and solver versions; compare two runs.

Every request but `/v1/health` needs an API key in the `X-API-Key` header. Roles: *viewer*
reads, *planner* also computes and writes, *admin* also manages the workspace's keys. Errors
are RFC 9457 problem details (`application/problem+json`) with an `errors` list naming each
field path.
"""


def create_app(settings: Settings | None = None, job: JobFunction | None = None) -> FastAPI:
    """The service.

    Parameters
    ----------
    settings
        Default: from the environment (:func:`get_settings`).
    job
        What worker processes compute; default :func:`api.http.jobs.run_job`, the engine's
        pipeline. Tests inject a stand-in; it must be a module-level function.
    """
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database.from_url(settings.url(), busy_timeout_ms=settings.busy_timeout_ms)
        upgrade(db)
        with db.write() as session:
            interrupted = runs.fail_interrupted(session)
        if interrupted:
            log.warning("%d run(s) left open by a stopped server were marked failed", len(interrupted))
        if job is None:
            from api.http.jobs import run_job

            job_function: JobFunction = run_job
        else:
            job_function = job
        executor = Executor(job_function, workers=settings.workers, max_queued=settings.max_queued)
        executor.start()
        app.state.db, app.state.executor = db, executor
        try:
            yield
        finally:
            executor.shutdown()
            db.dispose()

    app = FastAPI(
        title="cluster-mcda",
        version="1",
        description=DESCRIPTION,
        lifespan=lifespan,
        responses=problems.responses(500),
    )
    app.state.settings = settings
    problems.install(app)
    for router in all_routers():
        app.include_router(router)
    app.add_middleware(BodyGuard, max_bytes=settings.max_body_bytes)
    _problem_media_only(app)
    return app


def _problem_media_only(app: FastAPI) -> None:
    """Error responses are documented as ``application/problem+json`` only (FastAPI would
    also list ``application/json`` for them)."""
    generate = app.openapi

    def openapi() -> dict:  # type: ignore[type-arg]
        if app.openapi_schema is None:
            schema = generate()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if status[:1] in "45" and problems.MEDIA_TYPE in content:
                            content.pop("application/json", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
