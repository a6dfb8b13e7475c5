"""Runs: status moves only forward, and a finished run never changes again."""

from __future__ import annotations

import pytest

from api.storage import runs, scenarios
from api.storage.database import Database, sqlite_url
from api.storage.keys import get_or_create_workspace
from api.storage.migrate import upgrade


@pytest.fixture
def setup(tmp_path):
    db = Database.from_url(sqlite_url(tmp_path))
    upgrade(db)
    with db.write() as session:
        ws = get_or_create_workspace(session, "w").id
        other = get_or_create_workspace(session, "other").id
        scenario, _ = scenarios.create(session, ws, "s", {"name": "s"}, None)
    yield db, ws, other, scenario.id
    db.dispose()


def _run(db, ws, sid):
    with db.write() as session:
        return runs.create(session, workspace_id=ws, scenario_id=sid, scenario_version=1, input={"scenario": {"name": "s"}},
                           versions={"cluster-mcda": "0"}, time_limit=5.0, created_by=None).id


def test_a_finished_run_cannot_be_changed(setup):
    db, ws, _other, sid = setup
    rid = _run(db, ws, sid)
    with db.write() as session:
        assert runs.mark_running(session, rid)
        assert runs.finish(session, rid, "done", result={"rank": 1})
    for status in ("failed", "cancelled", "done"):
        with db.write() as session:
            assert not runs.finish(session, rid, status, result={"rank": 2}, error={"title": "x"})
            assert not runs.mark_running(session, rid)
    with db.read() as session:
        run = runs.get(session, ws, rid)
    assert (run.status, run.result, run.error) == ("done", {"rank": 1}, None)


def test_only_a_queued_run_starts(setup):
    db, ws, _other, sid = setup
    rid = _run(db, ws, sid)
    with db.write() as session:
        assert runs.mark_running(session, rid)
        assert not runs.mark_running(session, rid)


def test_finishing_needs_a_final_status(setup):
    db, ws, _other, sid = setup
    rid = _run(db, ws, sid)
    with db.write() as session, pytest.raises(ValueError, match="finishes as one of done, failed, cancelled; got 'running'"):
        runs.finish(session, rid, "running")


def test_runs_left_open_by_a_stopped_server_are_failed_at_start_up(setup):
    db, ws, _other, sid = setup
    queued, running, done = _run(db, ws, sid), _run(db, ws, sid), _run(db, ws, sid)
    with db.write() as session:
        runs.mark_running(session, running)
        runs.mark_running(session, done)
        runs.finish(session, done, "done", result={"ok": True})
    with db.write() as session:
        assert sorted(runs.fail_interrupted(session)) == sorted([queued, running])
    with db.read() as session:
        assert runs.get(session, ws, queued).status == "failed"
        assert "server stopped" in runs.get(session, ws, running).error["detail"]
        assert runs.get(session, ws, done).result == {"ok": True}


def test_another_workspace_sees_nothing(setup):
    db, ws, other, sid = setup
    rid = _run(db, ws, sid)
    with db.read() as session:
        assert runs.get(session, other, rid) is None
        assert runs.list_for_scenario(session, other, sid, 10, 0) == ([], 0)
        assert scenarios.get(session, other, sid) is None
        assert scenarios.get_version(session, other, sid) is None
    with db.write() as session:
        assert scenarios.add_version(session, other, sid, "x", {}, None) is None
        assert not scenarios.delete(session, other, sid)
    with db.read() as session:
        assert scenarios.get(session, ws, sid).latest_version == 1
