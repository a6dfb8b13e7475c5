"""Stored scenarios: create, read, list, update (as a new version), delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.http.deps import DatabaseDep, Planner, SettingsDep, Viewer
from api.http.problems import not_found, responses
from api.http.scenario_input import checked
from api.http.schemas.base import Page
from api.http.schemas.scenarios import ScenarioOut, ScenarioSummary, ScenarioVersionSummary, ScenarioWrite
from api.storage import scenarios as repo
from api.storage.models import Scenario, ScenarioVersion

router = APIRouter(prefix="/v1/scenarios", tags=["scenarios"], responses=responses(401, 403, 404, 413, 422, 500))

ScenarioId = Annotated[str, Path(max_length=64, description="Scenario id.")]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def _out(s: Scenario, v: ScenarioVersion) -> ScenarioOut:
    return ScenarioOut(
        id=s.id,
        name=v.name,
        version=v.version,
        latest_version=s.latest_version,
        created_at=s.created_at,
        updated_at=s.updated_at,
        version_created_at=v.created_at,
        scenario=v.data,
    )


@router.post("", status_code=201, response_model=ScenarioOut, summary="Store a scenario")
def create_scenario(body: ScenarioWrite, who: Planner, db: DatabaseDep, settings: SettingsDep, response: Response) -> ScenarioOut:
    """Checks the scenario as `cluster-mcda validate` does (every problem at once) and stores it
    as version 1."""
    data = checked(body.scenario, settings)
    with db.write() as session:
        scenario, version = repo.create(session, who.workspace_id, body.scenario.name, data, who.key_id)
    response.headers["Location"] = f"/v1/scenarios/{scenario.id}"
    return _out(scenario, version)


@router.get("", response_model=Page[ScenarioSummary], summary="List scenarios")
def list_scenarios(who: Viewer, db: DatabaseDep, limit: Limit = 50, offset: Offset = 0) -> Page[ScenarioSummary]:
    with db.read() as session:
        rows, total = repo.list_(session, who.workspace_id, limit, offset)
        return Page[ScenarioSummary](items=[ScenarioSummary.model_validate(r) for r in rows], total=total, limit=limit, offset=offset)


@router.get("/{scenario_id}", response_model=ScenarioOut, summary="Read the latest version")
def read_scenario(scenario_id: ScenarioId, who: Viewer, db: DatabaseDep) -> ScenarioOut:
    with db.read() as session:
        scenario = repo.get(session, who.workspace_id, scenario_id)
        version = repo.get_version(session, who.workspace_id, scenario_id)
        if scenario is None or version is None:
            raise not_found("scenario", scenario_id)
        return _out(scenario, version)


@router.put("/{scenario_id}", response_model=ScenarioOut, summary="Update: store a new version")
def update_scenario(scenario_id: ScenarioId, body: ScenarioWrite, who: Planner, db: DatabaseDep, settings: SettingsDep) -> ScenarioOut:
    """Earlier versions stay as they were, and so do the runs made from them."""
    data = checked(body.scenario, settings)
    with db.write() as session:
        found = repo.add_version(session, who.workspace_id, scenario_id, body.scenario.name, data, who.key_id)
        if found is None:
            raise not_found("scenario", scenario_id)
        return _out(*found)


@router.delete("/{scenario_id}", status_code=204, response_class=Response, summary="Delete a scenario")
def delete_scenario(scenario_id: ScenarioId, who: Planner, db: DatabaseDep) -> Response:
    """The scenario disappears from lists and reads; its runs stay readable by id, so a
    decision can still be traced to the inputs it was made from."""
    with db.write() as session:
        if not repo.delete(session, who.workspace_id, scenario_id):
            raise not_found("scenario", scenario_id)
    return Response(status_code=204)


@router.get("/{scenario_id}/versions", response_model=list[ScenarioVersionSummary], summary="List versions")
def list_versions(scenario_id: ScenarioId, who: Viewer, db: DatabaseDep) -> list[ScenarioVersionSummary]:
    with db.read() as session:
        if repo.get(session, who.workspace_id, scenario_id) is None:
            raise not_found("scenario", scenario_id)
        return [ScenarioVersionSummary.model_validate(v) for v in repo.list_versions(session, scenario_id)]


@router.get("/{scenario_id}/versions/{version}", response_model=ScenarioOut, summary="Read one version")
def read_version(
    scenario_id: ScenarioId, version: Annotated[int, Path(ge=1, le=2_000_000_000)], who: Viewer, db: DatabaseDep
) -> ScenarioOut:
    with db.read() as session:
        scenario = repo.get(session, who.workspace_id, scenario_id)
        found = repo.get_version(session, who.workspace_id, scenario_id, version)
        if scenario is None:
            raise not_found("scenario", scenario_id)
        if found is None:
            raise not_found(f"version {version} of scenario", scenario_id)
        return _out(scenario, found)
