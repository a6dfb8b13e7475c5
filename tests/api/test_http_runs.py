"""Runs of stored scenarios: stored whole with their inputs and versions, polled to an end
status, cancelled for real, never changed once finished, compared."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from api.http.schemas.examples import SCENARIO
from tests.api.http_fixtures import process_gone, running_app, wait_until
from tests.api.http_standins import fake_pipeline

FINISHED = {"done", "failed", "cancelled"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("runs"), job=fake_pipeline, max_time_limit=600) as pair:
        yield pair


def store(client, keys, scenario):
    r = client.post("/v1/scenarios", json={"scenario": scenario}, headers=keys.headers("planner"))
    assert r.status_code == 201, r.text
    return r.json()["id"]


def finished(client, keys, run_id, timeout=20.0):
    h = keys.headers("viewer")
    assert wait_until(lambda: client.get(f"/v1/runs/{run_id}", headers=h).json()["status"] in FINISHED, timeout)
    return client.get(f"/v1/runs/{run_id}", headers=h).json()


def start(client, keys, **body):
    r = client.post("/v1/runs", json=body, headers=keys.headers("planner"))
    assert r.status_code == 202, r.text
    return r


def test_a_run_stores_its_input_result_versions_and_timings(app):
    client, keys = app
    sid = store(client, keys, SCENARIO)
    r = start(client, keys, scenario_id=sid)
    assert r.json()["status"] in ("queued", "running", "done")
    assert r.headers["location"] == f"/v1/runs/{r.json()['id']}"
    run = finished(client, keys, r.json()["id"])
    assert run["status"] == "done"
    stored = client.get(f"/v1/scenarios/{sid}", headers=keys.headers("viewer")).json()["scenario"]
    assert run["input"] == {"scenario": stored, "methods": None}
    assert run["result"]["rankings"]["topsis"]["ranks"] == {"leningrad_gas": 1, "tomsk_education": 2, "kostroma_jewellery": 3}
    assert {"cluster-mcda", "pulp", "highspy", "pymcdm"} <= set(run["versions"])
    assert run["created_at"] <= run["started_at"] <= run["finished_at"]
    assert run["timings"]["run_seconds"] >= 0 and run["timings"]["queued_seconds"] >= 0
    listed = client.get(f"/v1/scenarios/{sid}/runs", headers=keys.headers("viewer")).json()
    assert [item["id"] for item in listed["items"]] == [run["id"]]


def test_a_run_uses_the_version_asked_for_and_keeps_it(app):
    client, keys = app
    sid = store(client, keys, SCENARIO)
    changed = copy.deepcopy(SCENARIO)
    changed["projects"][2]["values"]["innovation_novelty"] = 100
    client.put(f"/v1/scenarios/{sid}", json={"scenario": changed}, headers=keys.headers("planner"))
    old = finished(client, keys, start(client, keys, scenario_id=sid, scenario_version=1).json()["id"])
    new = finished(client, keys, start(client, keys, scenario_id=sid).json()["id"])
    assert (old["scenario_version"], new["scenario_version"]) == (1, 2)
    assert old["input"]["scenario"]["projects"][2]["values"]["innovation_novelty"] == 4
    assert new["result"]["rankings"]["topsis"]["ranks"]["kostroma_jewellery"] == 1

    comparison = client.get(f"/v1/runs/{old['id']}/compare/{new['id']}", headers=keys.headers("viewer")).json()
    topsis = {m["method"]: m for m in comparison["rankings"]}["topsis"]
    changes = {c["project"]: c for c in topsis["changes"]}
    assert changes["kostroma_jewellery"]["change"] == 2 and changes["leningrad_gas"]["change"] == -1
    assert topsis["moved"] == 3
    assert [c["project"] for c in topsis["changes"]] == ["kostroma_jewellery", "leningrad_gas", "tomsk_education"]


def test_a_missing_version_or_scenario_is_404(app):
    client, keys = app
    sid = store(client, keys, SCENARIO)
    assert client.post("/v1/runs", json={"scenario_id": sid, "scenario_version": 7}, headers=keys.headers("planner")).status_code == 404
    assert client.post("/v1/runs", json={"scenario_id": "nope"}, headers=keys.headers("planner")).status_code == 404


def test_a_time_limit_over_the_servers_maximum_is_refused(app):
    client, keys = app
    sid = store(client, keys, SCENARIO)
    r = client.post("/v1/runs", json={"scenario_id": sid, "time_limit": 601}, headers=keys.headers("planner"))
    assert r.status_code == 422 and r.json()["errors"][0]["path"] == "time_limit"


@pytest.mark.parametrize(
    ("name", "title", "leaked"),
    [("invalid", "Invalid scenario", None), ("crash", "Internal error", "secret")],
)
def test_a_failed_run_says_why_without_internals(app, name, title, leaked):
    client, keys = app
    run = finished(client, keys, start(client, keys, scenario_id=store(client, keys, {**SCENARIO, "name": name})).json()["id"])
    assert run["status"] == "failed" and run["result"] is None
    assert run["error"]["title"] == title
    if leaked:
        assert leaked not in str(run["error"])
    else:
        assert run["error"]["errors"][0]["path"] == "scenario.projects"


def _slow(client, keys, tmp_path: Path, **body):
    record = tmp_path / "record"
    sid = store(client, keys, {**SCENARIO, "name": "slow", "description": str(record)})
    run = start(client, keys, scenario_id=sid, **body).json()
    assert wait_until(record.exists, 20)
    child, temp_file, temp_dir = record.read_text().split()
    return run["id"], int(child), Path(temp_dir)


def test_cancelling_a_running_run_stops_it_and_leaves_nothing_behind(app, tmp_path):
    client, keys = app
    run_id, child, temp_dir = _slow(client, keys, tmp_path)
    assert client.get(f"/v1/runs/{run_id}", headers=keys.headers("viewer")).json()["status"] == "running"
    assert temp_dir.exists() and not process_gone(child)
    r = client.post(f"/v1/runs/{run_id}/cancel", headers=keys.headers("planner"))
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert wait_until(lambda: process_gone(child), 5), "the child process of the job survived"
    assert not temp_dir.exists()
    # finished: cancelling again is a conflict and changes nothing
    again = client.post(f"/v1/runs/{run_id}/cancel", headers=keys.headers("planner"))
    assert again.status_code == 409
    assert client.get(f"/v1/runs/{run_id}", headers=keys.headers("viewer")).json() == r.json()


def test_a_run_over_its_time_limit_is_stopped_and_failed(app, tmp_path):
    client, keys = app
    run_id, child, temp_dir = _slow(client, keys, tmp_path, time_limit=1.5)
    run = finished(client, keys, run_id)
    assert run["status"] == "failed" and run["error"]["title"] == "Time limit reached"
    assert wait_until(lambda: process_gone(child), 5) and not temp_dir.exists()


def test_a_queued_run_cancelled_never_starts(app, tmp_path):
    client, keys = app
    blocker, _child, _dir = _slow(client, keys, tmp_path)  # the only worker is now busy
    sid = store(client, keys, SCENARIO)
    queued = start(client, keys, scenario_id=sid).json()["id"]
    r = client.post(f"/v1/runs/{queued}/cancel", headers=keys.headers("planner"))
    assert r.json()["status"] == "cancelled" and r.json()["started_at"] is None
    client.post(f"/v1/runs/{blocker}/cancel", headers=keys.headers("planner"))


def test_only_finished_runs_can_be_compared(app, tmp_path):
    client, keys = app
    done = finished(client, keys, start(client, keys, scenario_id=store(client, keys, SCENARIO)).json()["id"])
    running, _child, _dir = _slow(client, keys, tmp_path)
    r = client.get(f"/v1/runs/{done['id']}/compare/{running}", headers=keys.headers("viewer"))
    assert r.status_code == 409 and "is running" in r.json()["detail"]
    client.post(f"/v1/runs/{running}/cancel", headers=keys.headers("planner"))


def test_runs_stay_readable_after_their_scenario_is_deleted(app):
    client, keys = app
    sid = store(client, keys, SCENARIO)
    run = finished(client, keys, start(client, keys, scenario_id=sid).json()["id"])
    client.delete(f"/v1/scenarios/{sid}", headers=keys.headers("planner"))
    assert client.get(f"/v1/runs/{run['id']}", headers=keys.headers("viewer")).json() == run
    assert client.get(f"/v1/scenarios/{sid}/runs", headers=keys.headers("viewer")).status_code == 404


def test_a_run_refused_for_a_full_queue_is_not_kept(tmp_path):
    with running_app(tmp_path / "db", job=fake_pipeline, max_queued=1) as (client, keys):
        blocker, _child, _dir = _slow(client, keys, tmp_path)
        sid = store(client, keys, SCENARIO)
        waiting = start(client, keys, scenario_id=sid).json()["id"]
        r = client.post("/v1/runs", json={"scenario_id": sid}, headers=keys.headers("planner"))
        assert r.status_code == 503 and r.headers["retry-after"] == "5"
        listed = client.get(f"/v1/scenarios/{sid}/runs", headers=keys.headers("viewer")).json()
        assert [run["id"] for run in listed["items"]] == [waiting]
        for run_id in (waiting, blocker):
            client.post(f"/v1/runs/{run_id}/cancel", headers=keys.headers("planner"))


def test_runs_open_when_the_server_stops_end_as_interrupted(tmp_path):
    with running_app(tmp_path / "db", job=fake_pipeline) as (client, keys):
        running, child, _dir = _slow(client, keys, tmp_path)
        queued = start(client, keys, scenario_id=store(client, keys, SCENARIO)).json()["id"]
    # the server has stopped (lifespan ended); a new one on the same data reads the runs
    with running_app(tmp_path / "db", job=fake_pipeline) as (client, keys2):
        db = client.app.state.db
        from api.storage.models import Run

        with db.read() as session:
            for run_id in (running, queued):
                run = session.get(Run, run_id)
                assert run.status == "failed" and run.error["title"] == "Interrupted"
    assert process_gone(child)
