"""Access control: a key in the X-API-Key header; roles viewer < planner < admin on every
endpoint; and a key never reads or changes another workspace's objects (404, not 403)."""

from __future__ import annotations

import pytest

from api.http.schemas.examples import SCENARIO
from tests.api.http_fixtures import ROLES, running_app, wait_until
from tests.api.http_standins import fake_pipeline

# Every operation of the API and the least role it needs (None: no key needed).
# test_every_operation_is_in_the_table keeps this complete as endpoints are added.
OPERATIONS = {
    ("GET", "/v1/health"): None,
    ("POST", "/v1/keys"): "admin",
    ("GET", "/v1/keys"): "admin",
    ("DELETE", "/v1/keys/{key_id}"): "admin",
    ("POST", "/v1/scenarios"): "planner",
    ("GET", "/v1/scenarios"): "viewer",
    ("GET", "/v1/scenarios/{scenario_id}"): "viewer",
    ("PUT", "/v1/scenarios/{scenario_id}"): "planner",
    ("DELETE", "/v1/scenarios/{scenario_id}"): "planner",
    ("GET", "/v1/scenarios/{scenario_id}/versions"): "viewer",
    ("GET", "/v1/scenarios/{scenario_id}/versions/{version}"): "viewer",
    ("GET", "/v1/scenarios/{scenario_id}/runs"): "viewer",
    ("POST", "/v1/runs"): "planner",
    ("GET", "/v1/runs/{run_id}"): "viewer",
    ("POST", "/v1/runs/{run_id}/cancel"): "planner",
    ("GET", "/v1/runs/{run_id}/compare/{other_id}"): "viewer",
    ("POST", "/v1/ahp/weights"): "planner",
    ("POST", "/v1/rankings"): "planner",
    ("POST", "/v1/portfolio"): "planner",
    ("POST", "/v1/evaluate"): "planner",
    ("POST", "/v1/sensitivity"): "planner",
    ("GET", "/v1/runs/{run_id}/report"): "viewer",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Workspace a holds a scenario with two finished runs; workspace b holds nothing."""
    with running_app(tmp_path_factory.mktemp("access"), job=fake_pipeline) as (client, keys):
        planner = keys.headers("planner")
        sid = client.post("/v1/scenarios", json={"scenario": SCENARIO}, headers=planner).json()["id"]
        runs = [client.post("/v1/runs", json={"scenario_id": sid}, headers=planner).json()["id"] for _ in range(2)]
        for rid in runs:
            assert wait_until(lambda rid=rid: client.get(f"/v1/runs/{rid}", headers=planner).json()["status"] == "done")
        key_id = client.get("/v1/keys", headers=keys.headers("admin")).json()[0]["id"]
        ids = {"scenario_id": sid, "run_id": runs[0], "other_id": runs[1], "version": 1, "key_id": key_id}
        yield client, keys, ids


def _url(path: str, ids: dict) -> str:
    return path.format(**ids)


def test_every_operation_is_in_the_table(world):
    client, _keys, _ids = world
    documented = {(m.upper(), p) for p, ops in client.app.openapi()["paths"].items() for m in ops}
    assert documented == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), [op for op, role in OPERATIONS.items() if role])
def test_no_key_or_a_wrong_key_gets_401(world, method, path):
    client, _keys, ids = world
    for headers in ({}, {"X-API-Key": "cmk_not-a-key"}, {"X-API-Key": ""}):
        r = client.request(method, _url(path, ids), headers=headers, json={})
        assert r.status_code == 401, (method, path, r.text)
        assert r.json()["type"].endswith("unauthenticated")


@pytest.mark.parametrize(("method", "path", "needed"), [(*op, role) for op, role in OPERATIONS.items() if role])
def test_each_role_gets_exactly_its_rights(world, method, path, needed):
    """Roles below the one needed get 403; the others get past access control (the empty body
    may then be refused with 422, which is not what is tested here). Writes that would change
    the shared data are only checked for refusal."""
    client, keys, ids = world
    for role in ROLES:
        allowed = ROLES.index(role) >= ROLES.index(needed)
        if allowed and method in ("PUT", "DELETE") or (allowed and path.endswith("/cancel")):
            continue
        r = client.request(method, _url(path, ids), headers=keys.headers(role), json={})
        if allowed:
            assert r.status_code not in (401, 403), (role, method, path, r.text)
        else:
            assert r.status_code == 403, (role, method, path, r.text)
            assert f"needs the {needed} role" in r.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [op for op, role in OPERATIONS.items() if role and "{" in op[1]],
)
def test_another_workspace_gets_404_for_everything_of_ours(world, method, path):
    client, keys, ids = world
    body = {"scenario": SCENARIO} if method == "PUT" else {}
    r = client.request(method, _url(path, ids), headers=keys.headers("admin", "b"), json=body)
    assert r.status_code == 404, (method, path, r.text)
    assert r.json()["detail"].endswith("in your workspace")


def test_another_workspace_cannot_run_our_scenario_or_list_it(world):
    client, keys, ids = world
    other = keys.headers("admin", "b")
    r = client.post("/v1/runs", json={"scenario_id": ids["scenario_id"]}, headers=other)
    assert r.status_code == 404
    assert client.get("/v1/scenarios", headers=other).json()["total"] == 0
    assert ids["key_id"] not in {k["id"] for k in client.get("/v1/keys", headers=other).json()}


def test_our_objects_are_untouched_by_the_other_workspace(world):
    client, keys, ids = world
    ours = keys.headers("viewer")
    scenario = client.get(f"/v1/scenarios/{ids['scenario_id']}", headers=ours).json()
    assert scenario["latest_version"] == 1
    assert client.get(f"/v1/runs/{ids['run_id']}", headers=ours).json()["status"] == "done"
    keys_listed = client.get("/v1/keys", headers=keys.headers("admin")).json()
    assert all(k["revoked_at"] is None for k in keys_listed)


def test_admin_creates_keys_that_work_and_revokes_them(world):
    client, keys, _ids = world
    admin = keys.headers("admin")
    r = client.post("/v1/keys", json={"name": "tool", "role": "viewer"}, headers=admin)
    assert r.status_code == 201
    created = r.json()
    assert created["key"].startswith(created["prefix"])
    tool = {"X-API-Key": created["key"]}
    assert client.get("/v1/scenarios", headers=tool).status_code == 200
    assert client.post("/v1/scenarios", json={"scenario": SCENARIO}, headers=tool).status_code == 403
    listed = {k["id"]: k for k in client.get("/v1/keys", headers=admin).json()}
    assert "key" not in listed[created["id"]]  # the secret is never shown again
    assert client.delete(f"/v1/keys/{created['id']}", headers=admin).json()["revoked_at"] is not None
    assert client.get("/v1/scenarios", headers=tool).status_code == 401
