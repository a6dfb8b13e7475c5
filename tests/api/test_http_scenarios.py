"""Stored scenarios: create, read, list, update as a new version, delete; every problem of a
scenario reported at once with its path; size limits."""

from __future__ import annotations

import copy

import pytest

from api.http.schemas.examples import SCENARIO
from tests.api.http_fixtures import running_app
from tests.api.http_standins import fake_pipeline


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("scenarios"), job=fake_pipeline, max_projects=5, max_criteria=4) as pair:
        yield pair


def _with(**changes):
    s = copy.deepcopy(SCENARIO)
    s.update(changes)
    return s


def test_create_read_update_list_delete(app):
    client, keys = app
    h = keys.headers("planner")
    r = client.post("/v1/scenarios", json={"scenario": SCENARIO}, headers=h)
    assert r.status_code == 201
    created = r.json()
    sid = created["id"]
    assert r.headers["location"] == f"/v1/scenarios/{sid}"
    assert (created["version"], created["latest_version"], created["scenario"]["name"]) == (1, 1, SCENARIO["name"])

    renamed = _with(name="Three pilot clusters, revised")
    r = client.put(f"/v1/scenarios/{sid}", json={"scenario": renamed}, headers=h)
    assert r.status_code == 200 and (r.json()["version"], r.json()["name"]) == (2, renamed["name"])

    latest = client.get(f"/v1/scenarios/{sid}", headers=keys.headers("viewer")).json()
    assert latest["version"] == 2 and latest["scenario"]["name"] == renamed["name"]
    first = client.get(f"/v1/scenarios/{sid}/versions/1", headers=keys.headers("viewer")).json()
    assert first["scenario"]["name"] == SCENARIO["name"] and first["latest_version"] == 2
    versions = client.get(f"/v1/scenarios/{sid}/versions", headers=keys.headers("viewer")).json()
    assert [v["version"] for v in versions] == [1, 2]
    assert client.get(f"/v1/scenarios/{sid}/versions/3", headers=h).status_code == 404

    listed = client.get("/v1/scenarios", headers=h).json()
    assert sid in {s["id"] for s in listed["items"]}

    assert client.delete(f"/v1/scenarios/{sid}", headers=h).status_code == 204
    assert client.get(f"/v1/scenarios/{sid}", headers=h).status_code == 404
    assert client.put(f"/v1/scenarios/{sid}", json={"scenario": SCENARIO}, headers=h).status_code == 404
    assert client.delete(f"/v1/scenarios/{sid}", headers=h).status_code == 404
    assert sid not in {s["id"] for s in client.get("/v1/scenarios?limit=200", headers=h).json()["items"]}


def test_the_stored_data_validates_to_the_same_scenario(app):
    """What is stored (and later run) is the scenario the client sent, field for field."""
    from api.scenario.schema import Scenario

    client, keys = app
    stored = client.post("/v1/scenarios", json={"scenario": SCENARIO}, headers=keys.headers("planner")).json()["scenario"]
    assert Scenario.model_validate(stored) == Scenario.model_validate(SCENARIO)


def test_every_problem_is_reported_at_once_with_its_path(app):
    client, keys = app
    bad = copy.deepcopy(SCENARIO)
    bad["weights"]["values"]["no_such_criterion"] = 0.1
    bad["projects"][1]["values"]["export_potential"] = "lots"
    bad["ranking"] = {"methods": ["topsis", "magic"]}
    r = client.post("/v1/scenarios", json={"scenario": bad}, headers=keys.headers("planner"))
    assert r.status_code == 422
    paths = {e["path"] for e in r.json()["errors"]}
    assert "scenario.ranking.methods[1]" in paths
    bad["ranking"] = {"methods": ["topsis"]}
    r = client.post("/v1/scenarios", json={"scenario": bad}, headers=keys.headers("planner"))
    paths = {e["path"] for e in r.json()["errors"]}
    assert {"scenario.weights.values.no_such_criterion", "scenario.projects[1].values.export_potential"} <= paths


def test_clients_cannot_set_server_owned_fields(app):
    client, keys = app
    r = client.post("/v1/scenarios", json={"scenario": SCENARIO, "id": "mine", "workspace_id": "x", "latest_version": 9}, headers=keys.headers("planner"))
    assert r.status_code == 422
    assert {e["path"] for e in r.json()["errors"]} == {"id", "workspace_id", "latest_version"}


def test_non_finite_values_in_a_scenario_are_refused(app):
    client, keys = app
    body = '{"scenario": {"name": "x", "criteria": [{"id": "a"}], "projects": [{"id": "p", "values": {"a": Infinity}}]}}'
    r = client.post("/v1/scenarios", content=body, headers={**keys.headers("planner"), "content-type": "application/json"})
    assert r.status_code == 422 and "finite" in r.json()["errors"][0]["message"]


def test_size_limits_give_422_naming_the_limit(app):
    client, keys = app
    projects = [{"id": f"p{i}", "values": {c["id"]: 1 for c in SCENARIO["criteria"]}} for i in range(6)]
    criteria = [{"id": f"c{i}"} for i in range(5)]
    r = client.post("/v1/scenarios", json={"scenario": _with(projects=projects, criteria=criteria, weights=None)}, headers=keys.headers("planner"))
    assert r.status_code == 422
    errors = {e["path"]: e for e in r.json()["errors"]}
    assert set(errors) == {"scenario.projects", "scenario.criteria"}
    assert "at most 5" in errors["scenario.projects"]["message"] and errors["scenario.projects"]["value"] == 6


def test_project_files_cannot_be_read_through_the_api(app):
    client, keys = app
    s = _with(projects=None, projects_file={"path": "/etc/passwd"})
    r = client.post("/v1/scenarios", json={"scenario": s}, headers=keys.headers("planner"))
    assert r.status_code == 422
    assert any("give projects inline" in e["message"] for e in r.json()["errors"])


def test_lists_page(app):
    client, keys = app
    h = keys.headers("planner")
    for i in range(3):
        client.post("/v1/scenarios", json={"scenario": _with(name=f"page {i}")}, headers=h)
    total = client.get("/v1/scenarios", headers=h).json()["total"]
    page = client.get("/v1/scenarios?limit=2&offset=1", headers=h).json()
    assert (page["limit"], page["offset"], page["total"], len(page["items"])) == (2, 1, total, 2)
    everything = client.get(f"/v1/scenarios?limit={total}", headers=h).json()["items"]
    assert [s["id"] for s in page["items"]] == [s["id"] for s in everything[1:3]]
